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

Floats are compared with a relative tolerance of 1e-9.
Usage: python3 check_figures.py SITE_DIR      (exit 0 when no discrepancy, 1 otherwise)
"""

import json
import math
import sys
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


def check_ranking(rep, doc, ctx):
    page = doc.get("path", "?")
    provider = ctx["default_cost"]
    rep.eq(page, "cost_provider", provider, doc.get("cost_provider"))
    snap = ctx["snaps"][-1]
    series = {}
    for r in snap.values():
        if r["model"] == doc["model"] and r["isl"] == doc["isl"] and r["osl"] == doc["osl"]:
            key = (r["hardware"], r["precision"], r["framework"], r["spec_decoding"], r["disagg"])
            series.setdefault(key, []).append(r)
    cands = [{"hardware": k[0], "precision": k[1], "framework": k[2], "spec_decoding": k[3],
              "disagg": k[4], "front": frontier(v)} for k, v in series.items()]
    ckey = lambda c: (c["hardware"], c["precision"], c["framework"], c["spec_decoding"],
                      c["disagg"])
    pub = {ckey(c): c for c in doc.get("candidates", [])}
    rep.eq(page, "candidates (set)", sorted(ckey(c) for c in cands), sorted(pub))
    for c in cands:
        if ckey(c) in pub:
            check_frontier(rep, page, f"candidates[{ckey(c)}].frontier", c["front"],
                           pub[ckey(c)].get("frontier", []))
    tiers = ctx["tiers"]
    ptiers = doc.get("tiers", [])
    rep.eq(page, "tiers", [float(t) for t in tiers],
           [float(t.get("interactivity")) for t in ptiers])
    for ti, (x, pt) in enumerate(zip(tiers, ptiers)):
        best = {}
        for c in sorted(cands, key=candidate_sort_key):
            hw = ctx["hardware"][c["hardware"]]
            v = value_at(c["front"], float(x), hw, provider)
            if v is None:
                continue
            cur = best.get(c["hardware"])
            if cur is None or v["throughput"] > cur[1]["throughput"]:
                best[c["hardware"]] = (c, v)
        rows = sorted(best.values(), key=lambda cv: (cv[1]["cost_per_mtok"], cv[0]["hardware"]))
        prow = pt.get("rows", [])
        if len(rows) != len(prow):
            rep.fail(page, f"tiers[{ti}].rows (count)", len(rows), len(prow))
            continue
        for ri, ((c, v), p) in enumerate(zip(rows, prow)):
            f = f"tiers[{ti}].rows[{ri}]"
            rep.eq(page, f + ".rank", ri + 1, p.get("rank"))
            for key in ("hardware", "precision", "framework", "spec_decoding", "disagg"):
                rep.eq(page, f"{f}.{key}", c[key], p.get(key))
            rep.eq(page, f + ".href", f"/{doc['model']}/{c['hardware']}/{c['precision']}/"
                   f"{seq_slug(doc['isl'], doc['osl'])}/", p.get("href"))
            for key in ("throughput", "cost_per_mtok", "tok_s_mw", "concurrency"):
                rep.num(page, f"{f}.{key}", v[key], p.get(key))


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
    for doc in page_docs(site / "public"):
        rep.pages += 1
        if doc.get("family") == "rankings":
            check_ranking(rep, doc, ctx)
            continue
        seen.add(doc["path"])
        if doc.get("family") == "hub":
            check_hub_series(rep, doc, ctx["snaps"][-1])
        check_page(rep, doc, ctx)
    expected = expected_pages(ctx["snaps"][-1])
    for p in sorted(expected - seen):
        rep.fail(p, "index.json", "page exists", "missing")
    for p in sorted(seen - expected):
        rep.fail(p, "index.json", "no such page", "published")
    for line in rep.problems:
        print(line)
    print(f"pages checked: {rep.pages}, values checked: {rep.values}, "
          f"discrepancies: {len(rep.problems)} (largest relative difference within tolerance: "
          f"{rep.max_rel:.1e})")
    return 1 if rep.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
