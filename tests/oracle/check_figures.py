#!/usr/bin/env python3
"""Independent oracle for the numbers a benchsite build publishes.

Written from SPEC.md alone (§2 inputs, §3 metrics, §4 pages and index.json, §12 rankings,
§13 runs/history/spread), without reading the generator's source. It re-derives, from the raw
result files and the catalogs, every figure in each hub and comparison page's `index.json`
under SITE_DIR/public/ (the `embed/` tree is ignored) and compares them:

  * the set of hub and comparison pages (§4: a page exists where both sides have data; a hub
    for every model/hardware/precision/sequence with data, one side per series);
  * each side's `points` (multiset of interactivity, throughput, concurrency, framework,
    hardware, precision, spec_decoding, disagg) and their spread fields (§13: runs,
    throughput_min/max, interactivity_min/max);
  * each side's `frontier` (§3 sweep);
  * `overlap` (§3; null when the sides do not overlap; for hubs the union range of §4);
  * the `rows`' interactivity targets and every value in them (throughput and concurrency by a
    Steffen / d3 curveMonotoneX spline, cost per million tokens at the page's cost provider,
    tok/s/MW from power_kw), null where a side does not reach a target;
  * `history` (§13): one entry per run holding a record a side selects, its label and date, and
    its rows recomputed on that run's snapshot at the page's current targets; the last entry's
    rows equal `rows`;
  * bonus: ranking pages (§12) — tiers, rows, order, values, candidates' frontiers.

It then checks the figures a reader sees in each page's `index.html`, against its own
recomputed values (never against index.json), parsing with html.parser only:

  * hub and comparison pages (§4 "the matched table"): a `table.matched` exactly when there are
    targets; its column headings are the targets ("40 tok/s/user"); its rows are, in order,
    Throughput (tok/s/GPU) one decimal, Cost ($/M tok) `$` and three decimals, tok/s/MW an
    integer with thousands separators, Concurrency `~N`; each cell lists every side in the
    order of index.json's `sides` (name and value; a dash where a hub series does not reach
    the target); the better value (higher throughput, lower cost, higher tok/s/MW) is bold;
  * ranking pages (§12): one `table.ranking` per tier that has rows, under a heading naming
    the tier; columns rank, accelerator (catalog name, linked to the candidate's hub),
    precision (upper-case), engine (the series label, as the hub page labels that series),
    tok/s/GPU, $/M tok, tok/s/MW, concurrency `~N`, formatted as in §4 and, by analogy with
    §4 (§12 says nothing of bold), the tier's better values in bold.

Readings of the SPEC where it is silent (see FORMATS, expected_bold, target_texts): values are
rounded half away from zero on their exact binary value; "," is the thousands separator,
required for tok/s/MW and allowed elsewhere; a value is bold only when it is strictly better,
as displayed, than every other value beside it (a tie as shown, or a lone value, is not bold);
a fractional target is shown with one to three decimals. A text mismatch that is only the
other rounding of a half-way value is flagged "[differs only by half-way rounding]".

Floats are compared with a relative tolerance of 1e-9.
Usage: python3 check_figures.py SITE_DIR      (exit 0 when no discrepancy, 1 otherwise)
"""

import json
import math
import re
import sys
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path

import yaml

REL_TOL = 1e-9
QUARTILES = (0.25, 0.5, 0.75)
PRECISION_ORDER = ["fp4", "nvfp4", "mxfp4", "int4", "fp4fp8", "fp8", "int8", "fp16", "bf16"]
FILTER_FIELDS = ("model", "hardware", "precision", "framework", "spec_decoding", "disagg",
                 "isl", "osl")
DEFAULT_TIERS = [20, 40, 60, 80, 100, 150]


# ----------------------------------------------------------------------------- reporting

class Report:
    """Collects discrepancies and counts the values compared."""

    def __init__(self):
        self.values = 0
        self.pages = 0
        self.problems = []
        self.max_rel = 0.0
        self.html_pages = 0
        self.html_values = 0

    def fail(self, page, field, expected, published):
        self.problems.append(f"{page}  {field}: expected {expected!r}, published {published!r}")

    def num(self, page, field, expected, published):
        """Compare two numbers (or None) with the relative tolerance."""
        self.values += 1
        if expected is None or published is None:
            if expected is not published:
                self.fail(page, field, expected, published)
            return
        if not isinstance(published, (int, float)) or isinstance(published, bool) or not \
                math.isclose(expected, published, rel_tol=REL_TOL, abs_tol=1e-12):
            self.fail(page, field, expected, published)
        elif expected != published:
            rel = abs(expected - published) / max(abs(expected), abs(published))
            self.max_rel = max(self.max_rel, rel)

    def eq(self, page, field, expected, published):
        """Compare two non-float values exactly."""
        self.values += 1
        if expected != published:
            self.fail(page, field, expected, published)

    def shown(self, page, field, expected, published, accepted=None, note=""):
        """Compare a text a reader sees with `expected` (or any of `accepted`)."""
        self.values += 1
        self.html_values += 1
        if published not in (accepted or [expected]):
            self.fail(page, field + note, expected, published)


# ----------------------------------------------------------------------------- inputs (§2)

def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def path_key(path):
    """Sorted path order: component by component."""
    return tuple(path.parts)


def resolve_hardware(name, hardware):
    """§2: an id or alias; else the longest id followed by '-' or '_' in the name."""
    low = str(name).lower()
    for h in hardware:
        if low == h["id"] or low in [str(a).lower() for a in h.get("aliases") or []]:
            return h["id"]
    best = None
    for h in hardware:
        hid = h["id"]
        for i in range(len(low)):
            if low.startswith(hid, i) and i + len(hid) < len(low) and low[i + len(hid)] in "-_":
                if best is None or len(hid) > len(best):
                    best = hid
    if best is None:
        raise ValueError(f"unknown hardware {name!r}")
    return best


def resolve_model(rec, models):
    """§2: `infmax_model_prefix` first, then the model path's last segment, case-insensitive."""
    candidates = []
    if rec.get("infmax_model_prefix"):
        candidates.append(str(rec["infmax_model_prefix"]))
    if rec.get("model"):
        candidates.append(str(rec["model"]).rstrip("/").split("/")[-1])
    for cand in candidates:
        for m in models:
            if cand.lower() in [str(k).lower() for k in m.get("keys") or []]:
                return m["id"]
    raise ValueError(f"unknown model {candidates!r}")


def norm_par(value):
    """Parallelism values: "false", false and null are the same (so are "true" and true)."""
    if value is None or value is False or (isinstance(value, str) and value.lower() == "false"):
        return ("bool", False)
    if value is True or (isinstance(value, str) and value.lower() == "true"):
        return ("bool", True)
    if isinstance(value, (int, float)):
        return ("num", float(value))
    return ("str", str(value))


def is_par_field(key):
    return key in ("tp", "ep", "dp_attention", "num_prefill_gpu", "num_decode_gpu") or \
        key.startswith("prefill_") or key.startswith("decode_")


def parallelism_key(rec):
    pairs = [(k, norm_par(v)) for k, v in rec.items() if is_par_field(k)]
    return tuple(sorted(p for p in pairs if p[1] != ("bool", False)))


def interactivity(rec):
    if rec.get("median_intvty") is not None:
        return float(rec["median_intvty"])
    return 1.0 / float(rec["median_tpot"])


def as_bool(v):
    if isinstance(v, str):
        return v.strip().lower() == "true"
    return bool(v)


def normalize(rec, hardware, models, run, index):
    """A record reduced to the fields the oracle uses, plus its newest-wins order key."""
    spec = rec.get("spec_decoding")
    r = {
        "model": resolve_model(rec, models),
        "hardware": resolve_hardware(rec["hw"], hardware),
        "framework": str(rec["framework"]),
        "precision": str(rec["precision"]).lower(),
        "spec_decoding": "none" if spec in (None, "") else str(spec),
        "disagg": as_bool(rec.get("disagg", False)),
        "isl": int(rec["isl"]),
        "osl": int(rec["osl"]),
        "conc": float(rec["conc"]),
        "throughput": float(rec["tput_per_gpu"]),
        "interactivity": interactivity(rec),
        "image": rec.get("image"),
        "run": run["label"],
    }
    r["config"] = (r["model"], r["hardware"], r["framework"], r["precision"], r["spec_decoding"],
                   r["disagg"], r["isl"], r["osl"], parallelism_key(rec), r["conc"])
    date = rec.get("date") or run["date"]
    # Newest wins: undated < dated; later date; then later file; then later record.
    r["order"] = (date is not None, str(date) if date is not None else "", run["path_key"], index)
    return r


def load_runs(site, hardware, models):
    """§13: one run per result file, ordered by date (undated first), then path."""
    root = site / "data" / "results"
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix in (".json", ".yaml")
             and p.name != "run.yaml"]
    runs = []
    for path in files:
        data = load_yaml(path)
        meta = {}
        if isinstance(data, dict):
            meta = data.get("run") or {}
            data = data.get("results") or []
        elif (path.parent / "run.yaml").exists():
            meta = load_yaml(path.parent / "run.yaml") or {}
        rel = path.relative_to(root)
        label = meta.get("title") or (path.parent.name if len(rel.parts) > 1 else path.name)
        date = meta.get("date")
        run = {"label": str(label), "date": str(date) if date is not None else None,
               "path_key": path_key(rel)}
        run["records"] = [normalize(rec, hardware, models, run, i)
                          for i, rec in enumerate(data or [])]
        runs.append(run)
    runs.sort(key=lambda r: (r["date"] is not None, r["date"] or "", r["path_key"]))
    return runs


def snapshots(runs):
    """Snapshot k = newest-wins over runs 1..k, for every k; also per-config spread."""
    current, spread, result = {}, {}, []
    for run in runs:
        for rec in run["records"]:
            best = current.get(rec["config"])
            if best is None or rec["order"] > best["order"]:
                current[rec["config"]] = rec
        per_run = {}
        for rec in run["records"]:  # within one run the later record wins
            per_run[rec["config"]] = rec
        for cfg, rec in per_run.items():
            spread.setdefault(cfg, []).append(rec)
        result.append(dict(current))
    return result, spread


# ----------------------------------------------------------------------------- metrics (§3)

def frontier(points):
    """Pareto frontier over (interactivity up, throughput up): strictly increasing x,
    strictly decreasing y."""
    pts = sorted(points, key=lambda p: (p["interactivity"], -p["throughput"]))
    dedup = []
    for p in pts:  # equal interactivity: keep the highest throughput
        if dedup and dedup[-1]["interactivity"] == p["interactivity"]:
            continue
        dedup.append(p)
    kept = []
    for p in dedup:
        while kept and kept[-1]["throughput"] <= p["throughput"]:
            kept.pop()
        kept.append(p)
    return kept


def sign(v):
    return -1.0 if v < 0 else (1.0 if v > 0 else 0.0)


def steffen_tangents(xs, ys):
    n = len(xs)
    h = [xs[i + 1] - xs[i] for i in range(n - 1)]
    s = [(ys[i + 1] - ys[i]) / h[i] for i in range(n - 1)]
    m = [0.0] * n
    for i in range(1, n - 1):
        p = (s[i - 1] * h[i] + s[i] * h[i - 1]) / (h[i - 1] + h[i])
        m[i] = (sign(s[i - 1]) + sign(s[i])) * min(abs(s[i - 1]), abs(s[i]), 0.5 * abs(p))
    m[0] = (3 * s[0] - m[1]) / 2
    m[n - 1] = (3 * s[n - 2] - m[n - 2]) / 2
    return m


def interpolate(xs, ys, x):
    """Value at x of the monotone spline through (xs, ys); None outside [xs[0], xs[-1]]."""
    n = len(xs)
    if n == 0 or x < xs[0] or x > xs[-1]:
        return None
    if n == 1:
        return ys[0] if x == xs[0] else None
    i = 0
    while i < n - 2 and x > xs[i + 1]:
        i += 1
    h = xs[i + 1] - xs[i]
    t = (x - xs[i]) / h
    if n == 2:  # a straight line, as d3 draws it
        return ys[0] + (ys[1] - ys[0]) * t
    m = steffen_tangents(xs, ys)
    t2, t3 = t * t, t * t * t
    return ((2 * t3 - 3 * t2 + 1) * ys[i] + (t3 - 2 * t2 + t) * h * m[i]
            + (-2 * t3 + 3 * t2) * ys[i + 1] + (t3 - t2) * h * m[i + 1])


def value_at(front, x, hw, provider):
    """A row value (dict) at interactivity x, or None where the frontier does not reach x."""
    xs = [p["interactivity"] for p in front]
    t = interpolate(xs, [p["throughput"] for p in front], x)
    if t is None:
        return None
    c = interpolate(xs, [p["conc"] for p in front], x)
    return {"throughput": t,
            "cost_per_mtok": hw["cost_per_gpu_hour"][provider] / (t * 3600) * 1e6,
            "tok_s_mw": t * 1000 / hw["power_kw"],
            "concurrency": c}


def round_half_up(v):
    return math.floor(v + 0.5)


def targets(lo, hi):
    """§3 matched targets for a range [lo, hi] (None when hi < lo)."""
    if hi < lo:
        return []
    if hi == lo:
        return [lo]
    out = []
    for q in QUARTILES:
        t = min(max(float(round_half_up(lo + (hi - lo) * q)), lo), hi)
        if t not in out:
            out.append(t)
    return out


# ----------------------------------------------------------------------------- pages (§4)

def matches(rec, flt):
    return all(rec[k] == flt[k] for k in FILTER_FIELDS if k in flt)


def select(snapshot, flt):
    return [r for r in snapshot.values() if matches(r, flt)]


def side_hardware(page, flt, catalog):
    hid = flt.get("hardware") or (page.get("hardware") or [None])[0]
    return catalog[hid]


def page_ranges(fronts, family):
    """(lo, hi) for the page's targets, or None: comparisons intersect, hubs take the union."""
    ranges = [(f[0]["interactivity"], f[-1]["interactivity"]) for f in fronts if f]
    if not ranges:
        return None
    if family == "hub":
        return min(r[0] for r in ranges), max(r[1] for r in ranges)
    if len(ranges) < len(fronts):
        return None
    lo, hi = max(r[0] for r in ranges), min(r[1] for r in ranges)
    return (lo, hi) if hi >= lo else None


def compute_rows(fronts, hws, xs, provider):
    return [{"interactivity": x,
             "values": [value_at(f, x, hw, provider) if f else None
                        for f, hw in zip(fronts, hws)]}
            for x in xs]


def check_rows(rep, page, field, expected, published):
    if not isinstance(published, list) or len(expected) != len(published):
        rep.fail(page, field + " (count)", len(expected),
                 len(published) if isinstance(published, list) else published)
        return
    for i, (e, p) in enumerate(zip(expected, published)):
        rep.num(page, f"{field}[{i}].interactivity", e["interactivity"], p.get("interactivity"))
        pv = p.get("values") or []
        if len(pv) != len(e["values"]):
            rep.fail(page, f"{field}[{i}].values (count)", len(e["values"]), len(pv))
            continue
        for j, (ev, v) in enumerate(zip(e["values"], pv)):
            if ev is None or v is None:
                rep.eq(page, f"{field}[{i}].values[{j}]", ev, v)
                continue
            for key in ("throughput", "cost_per_mtok", "tok_s_mw", "concurrency"):
                rep.num(page, f"{field}[{i}].values[{j}].{key}", ev[key], v.get(key))


def point_key(p):
    return (p["framework"], p["hardware"], p["precision"], p["spec_decoding"], p["disagg"],
            round(p["concurrency"], 6), round(p["interactivity"], 6), round(p["throughput"], 6))


def expected_point(rec, spread):
    runs = spread[rec["config"]]
    return {"interactivity": rec["interactivity"], "throughput": rec["throughput"],
            "concurrency": rec["conc"], "framework": rec["framework"],
            "hardware": rec["hardware"], "precision": rec["precision"],
            "spec_decoding": rec["spec_decoding"], "disagg": rec["disagg"],
            "runs": len(runs),
            "throughput_min": min(r["throughput"] for r in runs),
            "throughput_max": max(r["throughput"] for r in runs),
            "interactivity_min": min(r["interactivity"] for r in runs),
            "interactivity_max": max(r["interactivity"] for r in runs)}


def check_points(rep, page, field, recs, spread, published):
    expected = sorted((expected_point(r, spread) for r in recs), key=point_key)
    got = sorted(published, key=point_key)
    if len(expected) != len(got):
        rep.fail(page, field + " (count)", len(expected), len(got))
        ek = {point_key(p) for p in expected}
        gk = {point_key(p) for p in got}
        for k in sorted(ek - gk)[:3]:
            rep.fail(page, field + " missing", k, None)
        for k in sorted(gk - ek)[:3]:
            rep.fail(page, field + " unexpected", None, k)
        return
    for i, (e, p) in enumerate(zip(expected, got)):
        for key in ("framework", "hardware", "precision", "spec_decoding", "disagg", "runs"):
            rep.eq(page, f"{field}[{i}].{key}", e[key], p.get(key))
        for key in ("interactivity", "throughput", "concurrency", "throughput_min",
                    "throughput_max", "interactivity_min", "interactivity_max"):
            rep.num(page, f"{field}[{i}].{key}", e[key], p.get(key))


def check_frontier(rep, page, field, front, published):
    if len(front) != len(published):
        rep.fail(page, field + " (count)", len(front), len(published))
        return
    for i, (e, p) in enumerate(zip(front, published)):
        rep.num(page, f"{field}[{i}].interactivity", e["interactivity"], p.get("interactivity"))
        rep.num(page, f"{field}[{i}].throughput", e["throughput"], p.get("throughput"))
        rep.num(page, f"{field}[{i}].concurrency", e["conc"], p.get("concurrency"))


def check_history(rep, page, doc, runs, snaps, hws, xs, provider, rows):
    filters = [s["filter"] for s in doc["sides"]]
    expected = []
    for run, snap in zip(runs, snaps):
        if not any(matches(r, f) for r in run["records"] for f in filters):
            continue
        fronts = [frontier(select(snap, f)) for f in filters]
        expected.append((run, compute_rows(fronts, hws, xs, provider)))
    published = doc.get("history")
    if not isinstance(published, list):
        rep.fail(page, "history", "a list", published)
        return
    if published:
        check_rows(rep, page, "history[-1].rows (equal to rows)", doc.get("rows") or [],
                   published[-1].get("rows"))
    if len(expected) != len(published):
        rep.fail(page, "history (entries)", [r["label"] for r, _ in expected],
                 [h.get("run") for h in published])
        return
    for k, ((run, erows), h) in enumerate(zip(expected, published)):
        rep.eq(page, f"history[{k}].run", run["label"], h.get("run"))
        rep.eq(page, f"history[{k}].date", run["date"], h.get("date"))
        check_rows(rep, page, f"history[{k}].rows", erows, h.get("rows"))


def check_page(rep, doc, ctx):
    """Checks a hub or comparison's index.json; returns its expected rows for the HTML."""
    page = doc.get("path", "?")
    provider = doc.get("cost_provider")
    rep.eq(page, "cost_provider", ctx["default_cost"], provider)
    snap, spread = ctx["snaps"][-1], ctx["spread"]
    fronts, hws = [], []
    for i, side in enumerate(doc["sides"]):
        flt = side["filter"]
        recs = select(snap, flt)
        front = frontier(recs)
        fronts.append(front)
        hws.append(side_hardware(doc, flt, ctx["hardware"]))
        check_points(rep, page, f"sides[{i}].points", recs, spread, side.get("points", []))
        check_frontier(rep, page, f"sides[{i}].frontier", front, side.get("frontier", []))
    rng = page_ranges(fronts, doc["family"])
    if rng is None:
        rep.eq(page, "overlap", None, doc.get("overlap"))
        xs = []
    else:
        ov = doc.get("overlap") or {}
        rep.num(page, "overlap.lo", rng[0], ov.get("lo"))
        rep.num(page, "overlap.hi", rng[1], ov.get("hi"))
        xs = targets(*rng)
    rows = compute_rows(fronts, hws, xs, provider)
    check_rows(rep, page, "rows", rows, doc.get("rows"))
    check_history(rep, page, doc, ctx["runs"], ctx["snaps"], hws, xs, provider, rows)
    return rows


# ----------------------------------------------------------------------------- page set (§4)

def seq_slug(isl, osl):
    def part(n):
        return f"{n // 1024}k" if n % 1024 == 0 else str(n)
    return f"{part(isl)}-{part(osl)}"


def precision_rank(p):
    return (PRECISION_ORDER.index(p), "") if p in PRECISION_ORDER else (len(PRECISION_ORDER), p)


def expected_pages(snap):
    """Paths of the hub and comparison pages §4 calls for, with data on both sides."""
    recs = list(snap.values())
    pages = set()
    by = {}
    for r in recs:
        by.setdefault((r["model"], r["hardware"], r["precision"], r["isl"], r["osl"]), []).append(r)
    for (m, h, p, i, o), rs in by.items():
        seq = seq_slug(i, o)
        pages.add(f"/{m}/{h}/{p}/{seq}/")
        methods = {r["spec_decoding"] for r in rs}
        if "none" in methods:
            for meth in sorted(methods - {"none"}):
                pages.add(f"/compare-spec-decode/{m}-{h}-{p}-{meth}-vs-none/{seq}/")
        fws = sorted({r["framework"] for r in rs})
        for a in range(len(fws)):
            for b in range(a + 1, len(fws)):
                pages.add(f"/compare-framework/{m}-{h}-{p}-{fws[a]}-vs-{fws[b]}/{seq}/")
        if len({r["disagg"] for r in rs}) == 2:
            pages.add(f"/compare-disagg/{m}-{h}-{p}/{seq}/")
    combos = {}
    for r in recs:
        combos.setdefault((r["model"], r["isl"], r["osl"]), {}).setdefault(
            r["hardware"], set()).add(r["precision"])
    for (m, i, o), hwmap in combos.items():
        seq = seq_slug(i, o)
        hs = sorted(hwmap)
        for a in range(len(hs)):
            for b in range(a + 1, len(hs)):
                pages.add(f"/compare/{m}-{hs[a]}-vs-{hs[b]}/{seq}/")
        for h, precs in hwmap.items():
            ps = sorted(precs, key=precision_rank)
            for a in range(len(ps)):
                for b in range(a + 1, len(ps)):
                    pages.add(f"/compare-precision/{m}-{h}-{ps[a]}-vs-{ps[b]}/{seq}/")
    return pages


def check_hub_series(rep, doc, snap):
    """A hub has one side per series (framework x spec decoding x disagg) of its combination."""
    flt0 = doc["sides"][0]["filter"]
    combo = {k: flt0[k] for k in ("model", "hardware", "precision", "isl", "osl")}
    expected = sorted({(r["framework"], r["spec_decoding"], r["disagg"])
                       for r in select(snap, combo)})
    got = sorted((s["filter"].get("framework"), s["filter"].get("spec_decoding"),
                  s["filter"].get("disagg")) for s in doc["sides"])
    rep.eq(doc["path"], "sides (series)", expected, got)


# ----------------------------------------------------------------------------- rankings (§12)

def candidate_sort_key(c):
    """Tie-break among a hardware's candidates: precision order, then the rest alphabetically."""
    return (precision_rank(c["precision"]), c["framework"], c["spec_decoding"], str(c["disagg"]))


def ranking_candidates(doc, snap):
    """§12 candidates: one per series (hardware, precision, framework, spec, disagg)."""
    series = {}
    for r in snap.values():
        if r["model"] == doc["model"] and r["isl"] == doc["isl"] and r["osl"] == doc["osl"]:
            key = (r["hardware"], r["precision"], r["framework"], r["spec_decoding"], r["disagg"])
            series.setdefault(key, []).append(r)
    return [{"hardware": k[0], "precision": k[1], "framework": k[2], "spec_decoding": k[3],
             "disagg": k[4], "front": frontier(v)} for k, v in series.items()]


def tier_rows(cands, x, ctx, provider):
    """A tier's rows, cheapest first: [(candidate, value)], one per hardware that reaches x."""
    best = {}
    for c in sorted(cands, key=candidate_sort_key):
        hw = ctx["hardware"][c["hardware"]]
        v = value_at(c["front"], float(x), hw, provider)
        if v is None:
            continue
        cur = best.get(c["hardware"])
        if cur is None or v["throughput"] > cur[1]["throughput"]:
            best[c["hardware"]] = (c, v)
    return sorted(best.values(), key=lambda cv: (cv[1]["cost_per_mtok"], cv[0]["hardware"]))


def candidate_key(c):
    return (c["hardware"], c["precision"], c["framework"], c["spec_decoding"], c["disagg"])


def hub_href(doc, c):
    return f"/{doc['model']}/{c['hardware']}/{c['precision']}/{seq_slug(doc['isl'], doc['osl'])}/"


def check_ranking(rep, doc, ctx):
    """Checks a ranking's index.json; returns its expected tiers [(x, rows)] for the HTML."""
    page = doc.get("path", "?")
    provider = ctx["default_cost"]
    rep.eq(page, "cost_provider", provider, doc.get("cost_provider"))
    cands = ranking_candidates(doc, ctx["snaps"][-1])
    pub = {candidate_key(c): c for c in doc.get("candidates", [])}
    rep.eq(page, "candidates (set)", sorted(candidate_key(c) for c in cands), sorted(pub))
    for c in cands:
        if candidate_key(c) in pub:
            check_frontier(rep, page, f"candidates[{candidate_key(c)}].frontier", c["front"],
                           pub[candidate_key(c)].get("frontier", []))
    tiers = [(x, tier_rows(cands, x, ctx, provider)) for x in ctx["tiers"]]
    ptiers = doc.get("tiers", [])
    rep.eq(page, "tiers", [float(x) for x, _ in tiers],
           [float(t.get("interactivity")) for t in ptiers])
    for ti, ((x, rows), pt) in enumerate(zip(tiers, ptiers)):
        prow = pt.get("rows", [])
        if len(rows) != len(prow):
            rep.fail(page, f"tiers[{ti}].rows (count)", len(rows), len(prow))
            continue
        for ri, ((c, v), p) in enumerate(zip(rows, prow)):
            f = f"tiers[{ti}].rows[{ri}]"
            rep.eq(page, f + ".rank", ri + 1, p.get("rank"))
            for key in ("hardware", "precision", "framework", "spec_decoding", "disagg"):
                rep.eq(page, f"{f}.{key}", c[key], p.get(key))
            rep.eq(page, f + ".href", hub_href(doc, c), p.get("href"))
            for key in ("throughput", "cost_per_mtok", "tok_s_mw", "concurrency"):
                rep.num(page, f"{f}.{key}", v[key], p.get(key))
    return tiers


# ----------------------------------------------------------------------------- HTML: parsing

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}
# An opening tag that implicitly ends an open element (minified HTML may omit end tags):
# tag -> (the elements it ends, the elements that bound the search).
IMPLIED_END = {
    "li": ({"li"}, {"ul", "ol"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "thead": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tbody": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
}


class Node:
    """An element: tag, attributes and children (Nodes and text strings)."""
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag, attrs):
        self.tag, self.attrs, self.children = tag, dict(attrs), []

    def has_class(self, name):
        return name in (self.attrs.get("class") or "").split()


class TreeBuilder(HTMLParser):
    """A small, forgiving DOM builder on html.parser (character references decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [])
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        if tag in IMPLIED_END:
            ends, bounds = IMPLIED_END[tag]
            cut = None
            for i in range(len(self.stack) - 1, 0, -1):
                if self.stack[i].tag in bounds:
                    break
                if self.stack[i].tag in ends:
                    cut = i
            if cut is not None:
                del self.stack[cut:]
        node = Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(path):
    builder = TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    return builder.root


def elements(node):
    """Every element under node, in document order."""
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        todo.extend(c for c in reversed(n.children) if isinstance(c, Node))


def find_all(node, tag, cls=None):
    return [n for n in elements(node) if n.tag == tag and (cls is None or n.has_class(cls))]


def children(node, tag):
    return [c for c in node.children if isinstance(c, Node) and c.tag == tag]


def raw_text(node, skip=None):
    """The text under node, leaving out the subtrees for which skip(element) is true."""
    if isinstance(node, str):
        return node
    if skip is not None and skip(node):
        return ""
    return "".join(raw_text(c, skip) for c in node.children)


def norm(text):
    """Whitespace normalised: soft hyphens and zero-width spaces dropped; every run of
    whitespace (str.isspace: spaces, NBSP U+00A0, thin space U+2009, narrow NBSP U+202F, …)
    becomes one space; ends stripped."""
    return " ".join(text.replace("\u00ad", "").replace("\u200b", "").split())


def text(node, skip=None):
    return norm(raw_text(node, skip))


def is_bold(node, skip=None):
    return any(n.tag in ("strong", "b") and not (skip and skip(n)) for n in elements(node))


# ----------------------------------------------------------------------------- HTML: figures

# How a table shows a value (§4 "the matched table": throughput one decimal, cost three
# decimals, tok/s/MW integer with thousands separators, concurrency `~N`):
#   metric -> (decimals, prefix, thousands separators required).
# A value is rounded half away from zero on its exact binary value (decimal.ROUND_HALF_UP).
# Reading of the SPEC: the separator is "," (a space of any kind between digit groups is read
# as one); it is required for tok/s/MW only, and optional (but then correctly placed) for the
# other rows, which the SPEC formats without mentioning separators.
FORMATS = {"throughput": (1, "", False), "cost_per_mtok": (3, "$", False),
           "tok_s_mw": (0, "", True), "concurrency": (0, "~", False)}
# §4: "the better value in bold — higher throughput, lower cost, higher tok/s/MW"
# (concurrency is never bold).
BETTER = {"throughput": max, "cost_per_mtok": min, "tok_s_mw": max}
MATCHED_ROWS = [("throughput", "Throughput (tok/s/GPU)"), ("cost_per_mtok", "Cost ($/M tok)"),
                ("tok_s_mw", "tok/s/MW"), ("concurrency", "Concurrency")]
# §4 hubs: "a dash where a series does not reach a target": any of these dashes.
DASHES = {"-", "\u2012", "\u2013", "\u2014"}
RANKING_HEADINGS = ["rank", "accelerator", "precision", "engine", "tok/s/gpu", "$/m tok",
                    "tok/s/mw", "concurrency"]


def rounded(v, decimals):
    """v rounded half away from zero to `decimals` places, as a Decimal."""
    return Decimal(v).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def spell(d, decimals, prefix, grouped):
    return prefix + (f"{d:,.{decimals}f}" if grouped else f"{d:.{decimals}f}")


def accepted_texts(metric, d):
    """(the canonical text, every accepted text) of the rounded value d of a metric."""
    decimals, prefix, required = FORMATS[metric]
    canonical = spell(d, decimals, prefix, True)
    return canonical, {canonical} if required else {canonical, spell(d, decimals, prefix, False)}


def canonical_value(t):
    """A cell's normalised text with digit groups joined by "," and no space after $ or ~."""
    t = re.sub(r"(?<=\d) (?=\d{3}(?!\d))", ",", t)
    return re.sub(r"^([$~]) ", r"\1", t)


def halfway_note(metric, v, published):
    """A note when the published text is v rounded the other way from a half-way point."""
    decimals = FORMATS[metric][0]
    scaled = Decimal(v).scaleb(decimals)
    if abs(scaled - scaled.to_integral_value(ROUND_FLOOR) - Decimal("0.5")) > Decimal("1e-6"):
        return ""
    down = scaled.to_integral_value(ROUND_FLOOR)
    for other in (down, down + 1):
        d = other.scaleb(-decimals).quantize(Decimal(1).scaleb(-decimals))
        if published in accepted_texts(metric, d)[1]:
            return " [differs only by half-way rounding]"
    return ""


def check_value(rep, page, field, metric, v, published):
    """One value as shown: its text (a dash for None)."""
    if v is None:
        rep.shown(page, field, "\u2013", published, accepted=DASHES)
        return
    canonical, accepted = accepted_texts(metric, rounded(v, FORMATS[metric][0]))
    rep.shown(page, field, canonical, published, accepted, halfway_note(metric, v, published))


def expected_bold(metric, values):
    """Indexes of the values shown in bold. Reading of §4's "the better value in bold": a
    value is bold when it is strictly better, as displayed (rounded), than every other
    value shown beside it; a tie for the best shown value, or a lone value, is not bold."""
    if metric not in BETTER:
        return set()
    decimals = FORMATS[metric][0]
    shown = [(i, rounded(v, decimals)) for i, v in enumerate(values) if v is not None]
    if len(shown) < 2:
        return set()
    best = BETTER[metric](d for _, d in shown)
    winners = [i for i, d in shown if d == best]
    return set(winners) if len(winners) == 1 else set()


def target_texts(x):
    """Accepted texts of a target heading. A whole target is an integer ("40 tok/s/user",
    as in the SPEC's reference table); a fractional one (a clamped target, §3) is the target
    rounded half away from zero to 1, 2 or 3 decimals (the SPEC does not say how many)."""
    if x == int(x):
        return {f"{int(x)} tok/s/user", f"{int(x):,} tok/s/user"}
    return {f"{rounded(x, k)} tok/s/user" for k in (1, 2, 3)}


# ----------------------------------------------------------------------------- HTML: pages

def html_path(site, page_path):
    return site / "public" / page_path.strip("/") / "index.html"


def head_texts(table):
    """The texts of the column headings (<th> in <thead>)."""
    return [text(th) for thead in find_all(table, "thead") for th in find_all(thead, "th")]


def side_cells(td):
    """A cell's per-side entries: [(side name, value text, bold)], in document order.
    A side entry is an <li> holding <span class="side-name"> and the value, which is a
    number (possibly wrapped in <strong>), `$` + number, `~` + number, or a dash."""
    def is_name(n):
        return n.has_class("side-name") or n.has_class("swatch")

    out = []
    for li in find_all(td, "li"):
        names = [n for n in elements(li) if n.has_class("side-name")]
        out.append((text(names[0]) if names else None, canonical_value(text(li, is_name)),
                    is_bold(li, is_name)))
    return out


def check_matched_html(rep, site, doc, rows):
    """§4: the matched table of a hub or comparison page, against the oracle's own rows."""
    page = doc["path"]
    path = html_path(site, page)
    if not path.exists():
        rep.fail(page, "index.html", "page exists", "missing")
        return
    rep.html_pages += 1
    tables = find_all(parse_html(path), "table", "matched")
    if not rows:
        rep.shown(page, "html matched table (count)", 0, len(tables))
        return
    if len(tables) != 1:
        rep.fail(page, "html matched table (count)", 1, len(tables))
        return
    table = tables[0]
    headings = head_texts(table)[1:]  # the first is the metric column's
    xs = [r["interactivity"] for r in rows]
    if len(headings) != len(xs):
        rep.fail(page, "html column headings", [min(target_texts(x)) for x in xs], headings)
        return
    for x, h in zip(xs, headings):
        rep.shown(page, f"html column heading for target {x!r}", min(target_texts(x)), h,
                  target_texts(x))
    rep.shown(page, "html column headings (distinct)", len(headings), len(set(headings)))
    body = [tr for tb in find_all(table, "tbody") for tr in children(tb, "tr")]
    names = [text(children(tr, "th")[0]) if children(tr, "th") else "" for tr in body]
    rep.shown(page, "html row headings", [name for _, name in MATCHED_ROWS], names)
    if len(body) != len(MATCHED_ROWS):
        return
    labels = [s.get("label") for s in doc["sides"]]
    for (metric, name), tr in zip(MATCHED_ROWS, body):
        tds = children(tr, "td")
        if len(tds) != len(rows):
            rep.fail(page, f"html {name} (cells)", len(rows), len(tds))
            continue
        for row, heading, td in zip(rows, headings, tds):
            values = [v[metric] if v else None for v in row["values"]]
            check_cell(rep, page, f"html {name} @ {heading}", metric, labels, values,
                       side_cells(td))


def check_cell(rep, page, where, metric, labels, values, cells):
    """One table cell: every side's name, value text and boldness."""
    if len(cells) != len(values):
        rep.fail(page, where + " (sides)", labels, [c[0] for c in cells])
        return
    bold = expected_bold(metric, values)
    for i, (label, v, (name, shown, b)) in enumerate(zip(labels, values, cells)):
        rep.shown(page, f"{where} side {i} name", label, name)
        check_value(rep, page, f"{where} [{label}]", metric, v, shown)
        rep.shown(page, f"{where} [{label}] bold", i in bold, b)


def tier_tables(root):
    """[(tier heading text, table)] for each ranking table, with the <h2> before it."""
    out, heading = [], ""
    for n in elements(root):
        if n.tag == "h2":
            heading = text(n)
        elif n.tag == "table" and n.has_class("ranking"):
            out.append((heading, n))
    return out


def tier_of(heading):
    m = re.search(r"([\d][\d,.]*) tok/s/user", heading)
    return float(m.group(1).replace(",", "")) if m else None


def check_ranking_html(rep, site, doc, tiers, ctx, labels):
    """§12: one table per tier that has rows, with its rows' cells as the oracle ranks them."""
    page = doc["path"]
    path = html_path(site, page)
    if not path.exists():
        rep.fail(page, "index.html", "page exists", "missing")
        return
    rep.html_pages += 1
    expected = [(x, rows) for x, rows in tiers if rows]
    found = tier_tables(parse_html(path))
    rep.shown(page, "html ranking tables (tiers)", [float(x) for x, _ in expected],
              [tier_of(h) for h, _ in found])
    if len(found) != len(expected):
        return
    for (x, rows), (_, table) in zip(expected, found):
        where = f"html tier {x}"
        heads = [h.lower() for h in head_texts(table)]
        rep.shown(page, where + " headings", RANKING_HEADINGS, heads)
        trs = [tr for tb in find_all(table, "tbody") for tr in children(tb, "tr")]
        if len(trs) != len(rows):
            rep.fail(page, where + " rows (count)", len(rows), len(trs))
            continue
        bold = {m: expected_bold(m, [v[m] for _, v in rows]) for m in BETTER}
        for ri, ((c, v), tr) in enumerate(zip(rows, trs)):
            cells = [n for n in tr.children if isinstance(n, Node) and n.tag in ("td", "th")]
            check_ranking_row(rep, page, f"{where} row {ri + 1}", doc, ctx, labels, ri, c, v,
                              cells, bold)


def check_ranking_row(rep, page, where, doc, ctx, labels, ri, c, v, cells, bold):
    """Columns (§12): rank, accelerator (a link to the hub), precision, engine (the series
    label, as the hub names the series), tok/s/GPU, $/M tok, tok/s/MW, concurrency ~N."""
    if len(cells) != len(RANKING_HEADINGS):
        rep.fail(page, where + " (cells)", len(RANKING_HEADINGS), len(cells))
        return
    rep.shown(page, where + " rank", str(ri + 1), text(cells[0]))
    links = find_all(cells[1], "a")
    href = hub_href(doc, c)
    rep.shown(page, where + " accelerator", ctx["hardware"][c["hardware"]].get("name"),
              text(links[0]) if links else None)
    rep.shown(page, where + " accelerator link", href,
              links[0].attrs.get("href") if links else None)
    rep.shown(page, where + " precision", c["precision"].upper(), text(cells[2]))
    label = labels.get((href, c["framework"], c["spec_decoding"], c["disagg"]))
    rep.shown(page, where + " engine (hub's series label)", label, text(cells[3]))
    for metric, cell in zip(("throughput", "cost_per_mtok", "tok_s_mw", "concurrency"),
                            cells[4:]):
        check_value(rep, page, f"{where} {metric}", metric, v[metric],
                    canonical_value(text(cell)))
        if metric in BETTER:
            rep.shown(page, f"{where} {metric} bold", ri in bold[metric], is_bold(cell))


def hub_labels(docs):
    """(hub path, framework, spec_decoding, disagg) -> the hub's label of that series."""
    out = {}
    for doc in docs:
        if doc.get("family") == "hub":
            for s in doc["sides"]:
                f = s["filter"]
                out[(doc["path"], f.get("framework"), f.get("spec_decoding"),
                     f.get("disagg"))] = s.get("label")
    return out


# ----------------------------------------------------------------------------- main

def load_context(site):
    conf = load_yaml(site / "site.yaml") or {}
    hardware = load_yaml(site / "data" / "hardware.yaml")
    models = load_yaml(site / "data" / "models.yaml")
    runs = load_runs(site, hardware, models)
    snaps, spread = snapshots(runs)
    return {"default_cost": conf.get("default_cost", "hyperscaler"),
            "tiers": conf.get("ranking_tiers", DEFAULT_TIERS),
            "hardware": {h["id"]: h for h in hardware},
            "runs": runs, "snaps": snaps, "spread": spread}


def page_docs(public):
    for path in sorted(public.rglob("index.json")):
        rel = path.relative_to(public)
        if rel.parts[0] == "embed":
            continue
        with open(path, encoding="utf-8") as f:
            yield json.load(f)


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    site = Path(argv[1])
    ctx = load_context(site)
    rep = Report()
    seen = set()
    docs = list(page_docs(site / "public"))
    labels = hub_labels(docs)
    for doc in docs:
        rep.pages += 1
        if doc.get("family") == "rankings":
            tiers = check_ranking(rep, doc, ctx)
            check_ranking_html(rep, site, doc, tiers, ctx, labels)
            continue
        seen.add(doc["path"])
        if doc.get("family") == "hub":
            check_hub_series(rep, doc, ctx["snaps"][-1])
        rows = check_page(rep, doc, ctx)
        check_matched_html(rep, site, doc, rows)
    expected = expected_pages(ctx["snaps"][-1])
    for p in sorted(expected - seen):
        rep.fail(p, "index.json", "page exists", "missing")
    for p in sorted(seen - expected):
        rep.fail(p, "index.json", "no such page", "published")
    for line in rep.problems:
        print(line)
    print(f"pages checked: {rep.pages} index.json + {rep.html_pages} index.html, "
          f"values checked: {rep.values} (of which {rep.html_values} shown in HTML tables), "
          f"discrepancies: {len(rep.problems)} (largest relative difference within tolerance: "
          f"{rep.max_rel:.1e})")
    return 1 if rep.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
