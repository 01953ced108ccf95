#!/usr/bin/env python3
"""Independent oracle for the numbers a benchsite build publishes.

Written from SPEC.md alone (§2 inputs, §3 metrics, §4 pages and index.json, §12 rankings,
§13 runs/history/spread), without reading the generator's source. It re-derives, from the raw
result files and the catalogs, every figure in each hub and comparison page's `index.json`
under SITE_DIR/public/ (the `embed/` copies hold no index.json) and compares them:

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
  * a comparison's `leader` (README: which side serves more tok/s/GPU where, as stretches
    [{from, to, side}] tiling the overlap; see lead_stretches: a stretch changes hands where
    the splines cross, a run in which no side is 1% ahead joins the run before it, or the
    first such the run after) and `cheaper` (the same race for cost per million tokens: each
    side's throughput divided by its accelerator's price per GPU-hour at `default_cost`, i.e.
    tokens per dollar; see cheaper_stretches), each from, to and side; where both sides run on
    the same accelerator (every family but chip), `cheaper` equal to `leader` exactly; both
    empty on hubs;
  * bonus: ranking pages (§12) — tiers, rows, order, values, candidates' frontiers;
  * a ranking's `cheapest` (which accelerator costs least per million tokens where two or more
    are compared, as stretches [from, to]; see check_cheapest): in order, inside the compared
    speeds, the named accelerator never 1% dearer than another and somewhere 1% cheaper than
    all, neighbours meeting at a crossing or a candidate's range end, and every point where
    one accelerator is more than 1.5% cheaper than the rest covered by a stretch naming it.

It then checks the figures a reader sees in each page's `index.html`, against its own
recomputed values (never against index.json), parsing with html.parser only:

  * hub and comparison pages (§4 "the matched table"): a `table.matched` exactly when there are
    targets; its column headings are the targets ("40 tok/s/user"); its rows are, in order,
    Throughput (tok/s/GPU) one decimal, Cost ($/M tok) `$` and three decimals (below $0.10
    three significant digits, the README's departure), tok/s/MW an
    integer with thousands separators, Concurrency `~N`; each cell lists every side in the
    order of index.json's `sides` (name and value; a dash where a hub series does not reach
    the target); the better value (higher throughput, lower cost, higher tok/s/MW) is bold;
    the same of each page's embed (§15, `/embed/<path>/`), and its description;
  * ranking pages (§12): one `table.ranking` per tier that has rows, under a heading naming
    the tier; columns rank, accelerator (catalog name, linked to the candidate's hub),
    precision (upper-case), engine (the series label, as the hub page labels that series),
    tok/s/GPU, $/M tok, tok/s/MW, concurrency `~N`, formatted as in §4 and, by analogy with
    §4 (§12 says nothing of bold), the tier's better values in bold; and the Summary's first
    paragraph, which states `cheapest` (check_cheapest_html): as stretches have no unique ends,
    it is read against index.json's once check_cheapest has found them right, and against the
    oracle's own compared speeds: its first sentence, the accelerators in stretch order, its
    speeds with one decimal ("121.0"), or more where two would print alike, "Only X was measured below lo / above hi"
    exactly when one accelerator alone was; no such paragraph where `cheapest` is empty.

And the figures each comparison page states in words (§4's lead sentence, §5 "Narrative" and
"Wording", the description meta where it restates figures), against its own rows, on every
comparison page and on the page at its path without `<seq>/` (§4: the same comparison at its
default sequence, whose canonical link names the sequence page it is checked against):

  * one narrative paragraph per target, in target order, each stating its target; the last
    closing with the pinned-workload note;
  * every percentage and multiple by §5's rule ("essentially tied" below 1.01, "N% more
    tok/s/GPU" below 2, "r× the tok/s/GPU" from 2; "N% cheaper per token"; "(X costs r× as
    much)"; "does the work of r"), the same rule by analogy for tok/s per MW; every tie phrase;
    and which side is named faster, greener, cheaper or pricier, and which is the other;
  * every `$` amount: a side's cost at the target, "$0.43" below $10 and "$12.3" from $10 (§5);
    every other integer: a side's throughput, tok/s/MW or concurrency there; where a label or
    a "vs" pair ties a figure to a side, that side's;
  * the lead and description: the first target, then each side (in `sides` order) delivering its
    throughput at its cost (a cut description: what is left of it);
  * sides that do not overlap (§3): both frontier ranges as printed, which must not meet;
  * where the lead changes hands, a paragraph after the targets' (check_lead_paragraph); and on
    sides on two accelerators whose `cheaper` has two or more stretches, a last paragraph
    "At <provider> GPU-hour prices, the cheaper of the two per million tokens ..."
    (check_cheaper_paragraph): present exactly there and last (a paragraph opening so is a
    discrepancy anywhere else), its form by its number of changes (one, two, three or more),
    its figures exactly the changes of the cheaper side (one decimal, no ".0") in order, the
    cheaper sides named in order, the provider as the prices form labels it, lower-cased.
  Money follows §5 with benchsite's two documented departures (README, "Numbers in words"),
  each checked as strictly as §5's own format (see DEPARTURES; the second is required where one
  text states both sides' amounts). Any other money text is a discrepancy. See the "HTML: prose" section for the readings.

And the changes of lead, run by run (check_lead_feeds), from its own recomputed histories:
between a comparison's consecutive history entries, at a target, the lead changed hands where
both sides have a throughput in both and one side is 1% ahead before, the other 1% ahead after
(never on hubs). In each run's section of /changes/ (the site's first run aside) every such
page is listed, its phrases first after "Title: " ("<side> now ahead of <other> at <targets>
tok/s/user", one per side now ahead, targets ascending and compact), no other page or phrase
says a side is now ahead, and the summary (paragraph and run index) says "the lead changed
hands on N page(s)" exactly where N > 0; /feed.xml's entry for the run states the same phrases
per page, and its title's summary the same count.

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
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

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
        self.prose_pages = 0
        self.prose_values = 0
        self.feed_values = 0

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

    def fed(self, page, field, expected, published, ok, note=""):
        """A change of lead as /changes/ or the Atom feed states it, found right (ok) or not."""
        self.values += 1
        self.feed_values += 1
        if not ok:
            self.fail(page, field + note, expected, published)

    def said(self, page, field, expected, published, ok, note=""):
        """A figure or phrase stated in prose, found right (ok) or not."""
        self.values += 1
        self.prose_values += 1
        if not ok:
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
    r["parallelism"] = parallelism_key(rec)
    r["config"] = (r["model"], r["hardware"], r["framework"], r["precision"], r["spec_decoding"],
                   r["disagg"], r["isl"], r["osl"], r["parallelism"], r["conc"])
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


def interpolate(xs, ys, x, m=None):
    """Value at x of the monotone spline through (xs, ys); None outside [xs[0], xs[-1]].
    `m`: the knots' tangents, where the caller reads one spline many times."""
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
    m = m or steffen_tangents(xs, ys)
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


TIE_RATIO = 1.01  # §5: below this ratio two throughputs are "essentially tied"
LEAD_GRID = 4000  # samples of the overlap where the lead is looked for


def throughput_spline(front, weight=1.0):
    """x -> the frontier's spline throughput at x times `weight` (None outside its range)."""
    xs = [p["interactivity"] for p in front]
    ys = [p["throughput"] for p in front]
    m = steffen_tangents(xs, ys) if len(xs) > 2 else None
    if weight == 1.0:
        return lambda x: interpolate(xs, ys, x, m)
    return lambda x: interpolate(xs, ys, x, m) * weight


def lead_stretches(fronts, rng, weights=(1.0, 1.0)):
    """Which side is ahead where across a comparison's overlap: [(side, from, to)], found on an
    even grid with each sign change bisected; a run no side leads by TIE_RATIO at any grid
    point joins the run before it (the first, the run after); same-side neighbours merge.
    A side's figure is its spline throughput times its weight: ones for `leader` (tok/s/GPU),
    1 / price per GPU-hour for `cheaper` (tokens per dollar). Weights are scaled so the larger
    is exactly 1, so equal weights give exactly the throughput race."""
    if len(fronts) != 2 or not all(fronts) or rng is None or not rng[1] > rng[0]:
        return []
    lo, hi = rng
    top = max(weights)
    a, b = (throughput_spline(f, w / top) for f, w in zip(fronts, weights))
    runs = []  # [side, from, to, peak]
    last_x = lo
    for k in range(LEAD_GRID + 1):
        x = min(hi, lo + (hi - lo) * k / LEAD_GRID)
        ta, tb = a(x), b(x)
        if ta == tb:
            continue
        side, ratio = (0 if ta > tb else 1), max(ta, tb) / min(ta, tb)
        if runs and runs[-1][0] == side:
            runs[-1][3] = max(runs[-1][3], ratio)
        elif runs:
            l, r = last_x, x
            for _ in range(100):
                mid = (l + r) / 2
                if (a(mid) > b(mid)) == (side == 1):
                    l = mid
                else:
                    r = mid
            runs[-1][2] = (l + r) / 2
            runs.append([side, (l + r) / 2, hi, ratio])
        else:
            runs.append([side, lo, hi, ratio])
        last_x = x
    kept, tied_from = [], None
    for side, frm, to, peak in runs:
        if peak < TIE_RATIO:
            if kept:
                kept[-1][2] = to
            elif tied_from is None:
                tied_from = frm
        elif kept and kept[-1][0] == side:
            kept[-1][2] = to
        else:
            kept.append([side, frm if tied_from is None else tied_from, to])
            tied_from = None
    return [tuple(k) for k in kept]


def price_weights(hws, provider):
    """Each side's weight for the cost race: 1 / its accelerator's price per GPU-hour."""
    return tuple(1.0 / hw["cost_per_gpu_hour"][provider] for hw in hws)


def cheaper_stretches(fronts, rng, hws, provider):
    """Which side costs less per million tokens where (the tokens-per-dollar race)."""
    if len(hws) != 2:
        return []
    return lead_stretches(fronts, rng, price_weights(hws, provider))


def check_lead(rep, page, expected, published, key="leader"):
    """index.json's `leader` (or `cheaper`) against lead_stretches (or cheaper_stretches)."""
    published = published if isinstance(published, list) else []
    rep.eq(page, f"{key} (count)", len(expected), len(published))
    for i, ((side, frm, to), p) in enumerate(zip(expected, published)):
        p = p if isinstance(p, dict) else {}
        rep.eq(page, f"{key}[{i}].side", side, p.get("side"))
        rep.num(page, f"{key}[{i}].from", frm, p.get("from"))
        rep.num(page, f"{key}[{i}].to", to, p.get("to"))


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


def history_rows(doc, runs, snaps, hws, xs, provider):
    """§13: (run, rows) for each run holding a record a side selects, oldest first, the rows
    recomputed on that run's snapshot at the page's current targets."""
    filters = [s["filter"] for s in doc["sides"]]
    expected = []
    for run, snap in zip(runs, snaps):
        if not any(matches(r, f) for r in run["records"] for f in filters):
            continue
        fronts = [frontier(select(snap, f)) for f in filters]
        expected.append((run, compute_rows(fronts, hws, xs, provider)))
    return expected


def check_history(rep, page, doc, runs, snaps, hws, xs, provider, rows):
    """The page's `history` against history_rows; returns the oracle's own (run, rows)."""
    expected = history_rows(doc, runs, snaps, hws, xs, provider)
    published = doc.get("history")
    if not isinstance(published, list):
        rep.fail(page, "history", "a list", published)
        return expected
    if published:
        check_rows(rep, page, "history[-1].rows (equal to rows)", doc.get("rows") or [],
                   published[-1].get("rows"))
    if len(expected) != len(published):
        rep.fail(page, "history (entries)", [r["label"] for r, _ in expected],
                 [h.get("run") for h in published])
        return expected
    for k, ((run, erows), h) in enumerate(zip(expected, published)):
        rep.eq(page, f"history[{k}].run", run["label"], h.get("run"))
        rep.eq(page, f"history[{k}].date", run["date"], h.get("date"))
        check_rows(rep, page, f"history[{k}].rows", erows, h.get("rows"))
    return expected


def check_page(rep, doc, ctx):
    """Checks a hub or comparison's index.json; returns its expected rows and the sides'
    frontiers, for the HTML."""
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
    comparison = doc["family"] != "hub"
    check_lead(rep, page, lead_stretches(fronts, rng) if comparison else [], doc.get("leader"))
    check_lead(rep, page, cheaper_stretches(fronts, rng, hws, ctx["default_cost"])
               if comparison else [], doc.get("cheaper"), key="cheaper")
    if comparison and len(hws) == 2 and hws[0]["id"] == hws[1]["id"]:
        # One accelerator: the cheaper per token is the one serving more, to the last digit.
        rep.eq(page, "cheaper (equal to leader: one accelerator)", doc.get("leader"),
               doc.get("cheaper"))
    ctx["histories"][page] = check_history(rep, page, doc, ctx["runs"], ctx["snaps"], hws, xs,
                                           provider, rows)
    return rows, fronts


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
    """Checks a ranking's index.json (and its `cheapest`); returns its expected tiers
    [(x, rows)] and what check_cheapest found, for the HTML."""
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
    return tiers, check_cheapest(rep, doc, cands, ctx)


# ----------------------------------------------------------------------------- cheapest (§12)

# A ranking's `cheapest` (index.json) and the paragraph opening its Summary: which accelerator
# costs least per million tokens (default_cost) across the speeds it is compared at. An
# accelerator's cost at x is its price over the highest throughput of its candidates reaching
# x (each candidate's Steffen spline on its frontier range, never extrapolated). "Compared
# speeds": where two or more accelerators reach x (closed ranges; a single point is dropped).
# The stretches are not unique (a stretch may end anywhere in a near-tie), so the oracle checks
# what makes them right rather than recomputing their ends: in order and apart, inside the
# compared speeds; within each the named accelerator is never 1% (or more) dearer than another
# and somewhere it is 1% (or more) cheaper than every other; where two meet they name two
# accelerators, whose costs are equal there or where a candidate's range ends; and every point
# of the compared speeds where one accelerator beats the runner-up by more than 1.5% (a margin
# for sampling) lies in a stretch naming it. Sampled on CHEAP_GRID points of the ranking's
# whole range, STRETCH_GRID more in each stretch, and each stretch's ends moved in by 1e-7 of
# its width.
CHEAP_RATIO = 1.01        # "the cheapest": no other is 1% cheaper; "ahead": 1% cheaper than all
CHEAP_SAMPLING = 1.015    # beyond this the cheapest must be named by a stretch
CHEAP_GRID = 4000
STRETCH_GRID = 400
CHEAP_SLACK = 1e-9        # rounding slack on the ratios
CROSS_TOL = 1e-6          # costs equal where stretches meet at a crossing


def accelerator_costs(curves, x, ctx, provider):
    """{hardware: cost per million tokens at x} for every accelerator with a candidate reaching
    x (its best throughput there)."""
    best = {}
    for hid, _, _, spline in curves:
        t = spline(x)
        if t is not None and t > best.get(hid, 0.0):
            best[hid] = t
    return {hid: ctx["hardware"][hid]["cost_per_gpu_hour"][provider] / (t * 3600) * 1e6
            for hid, t in best.items()}


def compared_speeds(curves):
    """[(lo, hi)]: where two or more accelerators have a candidate reaching x."""
    ends = sorted({e for _, lo, hi, _ in curves for e in (lo, hi)})
    out = []
    for a, b in zip(ends, ends[1:]):
        mid = (a + b) / 2
        if len({hid for hid, lo, hi, _ in curves if lo <= mid <= hi}) < 2:
            continue
        if out and out[-1][1] == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def inside(x, lo, hi):
    return lo - CHEAP_SLACK * abs(lo) <= x <= hi + CHEAP_SLACK * abs(hi)


def check_cheapest(rep, doc, cands, ctx):
    """index.json's `cheapest` (see above); returns what the Summary paragraph is checked
    against: the published stretches (once checked here), the compared speeds and the
    accelerators measured below and above them."""
    page = doc.get("path", "?")
    provider = ctx["default_cost"]
    curves = [(c["hardware"], c["front"][0]["interactivity"], c["front"][-1]["interactivity"],
               throughput_spline(c["front"])) for c in cands if c["front"]]
    compared = compared_speeds(curves)
    pub = doc.get("cheapest")
    rep.eq(page, "cheapest (a list)", True, isinstance(pub, list))
    pub = pub if isinstance(pub, list) else []
    stretches = []
    for i, s in enumerate(pub):
        s = s if isinstance(s, dict) else {}
        frm, to, hid = s.get("from"), s.get("to"), s.get("hardware")
        ok = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (frm, to))
        rep.eq(page, f"cheapest[{i}] (from < to, numbers)", True, ok and frm < to)
        rep.eq(page, f"cheapest[{i}].hardware (a compared accelerator)", True,
               hid in {h for h, _, _, _ in curves})
        if ok and frm < to and hid in ctx["hardware"]:
            stretches.append((hid, float(frm), float(to)))
    if len(stretches) != len(pub):
        return {"stretches": None, "compared": compared, "curves": curves}
    rep.eq(page, "cheapest (empty exactly when no speed is compared)", not compared,
           not stretches)
    for i, (hid, frm, to) in enumerate(stretches):
        rep.eq(page, f"cheapest[{i}] [{frm:g}, {to:g}] inside the compared speeds",
               True, any(inside(frm, lo, hi) and inside(to, lo, hi) for lo, hi in compared))
    for i, ((h0, _, to0), (h1, frm1, _)) in enumerate(zip(stretches, stretches[1:])):
        f = f"cheapest[{i}..{i + 1}]"
        rep.eq(page, f + " in order, apart", True, to0 <= frm1 * (1 + CHEAP_SLACK))
        if not math.isclose(to0, frm1, rel_tol=CHEAP_SLACK):
            continue
        rep.eq(page, f + " meet: different accelerators", True, h0 != h1)
        m = frm1
        costs = accelerator_costs(curves, m, ctx, provider)
        crossing = h0 in costs and h1 in costs and math.isclose(costs[h0], costs[h1],
                                                                rel_tol=CROSS_TOL)
        joins = any(math.isclose(m, e, rel_tol=CHEAP_SLACK) for _, lo, hi, _ in curves
                    for e in (lo, hi))
        rep.eq(page, f"{f} meet at {m!r}: a crossing ({h0} {costs.get(h0)!r}, {h1} "
                     f"{costs.get(h1)!r}) or an end of a candidate's range", True,
               crossing or joins)
    ends = [e for _, lo, hi, _ in curves for e in (lo, hi)]
    lo_all, hi_all = (min(ends), max(ends)) if ends else (0.0, 0.0)
    grid = [lo_all + (hi_all - lo_all) * k / CHEAP_GRID for k in range(CHEAP_GRID + 1)]
    for i, (hid, frm, to) in enumerate(stretches):
        f = f"cheapest[{i}] {hid} [{frm:g}, {to:g}]"
        nudge = (to - frm) * 1e-7
        xs = sorted({frm + nudge, to - nudge}
                    | {frm + (to - frm) * k / STRETCH_GRID for k in range(1, STRETCH_GRID)}
                    | {x for x in grid if frm < x < to})
        worst, lead = None, 0.0  # (ratio of its cost to the cheapest other's, x); best lead
        for x in xs:
            costs = accelerator_costs(curves, x, ctx, provider)
            if hid not in costs:
                rep.eq(page, f"{f} reaches {x!r}", True, False)
                break
            others = [c for o, c in costs.items() if o != hid]
            if not others:
                lead = math.inf
                continue
            r = costs[hid] / min(others)
            if worst is None or r > worst[0]:
                o = min((c, o) for o, c in costs.items() if o != hid)[1]
                worst = (r, x, f"{hid} {costs[hid]!r}, {o} {costs[o]!r}")
            lead = max(lead, min(others) / costs[hid])
        else:
            if worst is not None:
                r, x, said = worst
                rep.eq(page, f"{f} never 1% dearer than another (worst at x={x!r}: {said})",
                       True, r < CHEAP_RATIO * (1 + CHEAP_SLACK))
            rep.eq(page, f"{f} somewhere 1% cheaper than every other (best lead {lead!r})",
                   True, lead >= CHEAP_RATIO * (1 - CHEAP_SLACK))
    missed = []
    for x in grid:
        if not any(lo <= x <= hi for lo, hi in compared):
            continue
        costs = sorted((c, h) for h, c in accelerator_costs(curves, x, ctx, provider).items())
        if len(costs) < 2 or costs[1][0] <= costs[0][0] * CHEAP_SAMPLING:
            continue
        rep.values += 1
        if not any(h == costs[0][1] and frm <= x <= to for h, frm, to in stretches):
            missed.append((x, costs[0], costs[1]))
    if missed:
        x, (c0, h0), (c1, h1) = missed[0]
        rep.fail(page, f"cheapest covers where one accelerator is >1.5% cheaper than the rest "
                       f"({len(missed)} grid points missed, first x={x!r}: {h0} {c0!r}, "
                       f"{h1} {c1!r})", "a stretch naming it", None)
    return {"stretches": stretches, "compared": compared, "curves": curves}


CHEAP_WORDS = re.compile(r"\bcheapest (?:accelerator )?per million tokens\b|"
                         r"\bOnly \S.*? was measured (?:below|above)\b")


def hardware_marks(t, ctx):
    """t with each catalog name (longest first) replaced by ‹id›, and the ids in text order."""
    hws = sorted(ctx["hardware"].values(), key=lambda h: -len(str(h.get("name") or h["id"])))
    for h in hws:
        t = re.sub(rf"(?<![\w‹]){re.escape(str(h.get('name') or h['id']))}(?![\w›])",
                   f"\u2039{h['id']}\u203a", t)
    return t, re.findall(r"\u2039([^\u203a]+)\u203a", t)


def cheapest_clauses(stretches, lo, hi, c):
    """The first sentence's clauses after "changes with the speed:": (id, words); speeds
    printed by c."""
    out = []
    for i, (hid, frm, to) in enumerate(stretches):
        meets = i > 0 and math.isclose(stretches[i - 1][2], frm, rel_tol=CHEAP_SLACK)
        last = i == len(stretches) - 1
        if meets and last and math.isclose(to, hi, rel_tol=CHEAP_SLACK):
            out.append((hid, f"above {c(frm)}"))
        elif meets or (i == 0 and math.isclose(frm, lo, rel_tol=CHEAP_SLACK)):
            out.append((hid, f"up to {c(to)}"))
        else:
            out.append((hid, f"from {c(frm)} to {c(to)}"))
    return out


def cheapest_ties(stretches, compared):
    """[(from, to)]: the parts of the compared speeds no stretch holds (ties)."""
    ties = []
    for lo_c, hi_c in compared:
        at = lo_c
        for _, a, b in stretches:
            if a > at and a <= hi_c and b >= lo_c:
                ties.append((max(at, lo_c), a))
            if lo_c <= b <= hi_c:
                at = max(at, b)
        if at < hi_c:
            ties.append((at, hi_c))
    return [(a, b) for a, b in ties if b - a > 1e-9 * max(1.0, b)]


def speed_printer(speeds):
    """How the paragraph prints speeds: the fewest decimals, one to three, at which no two
    different speeds print alike (three if even they do not), trailing zeros kept."""
    def at(d):
        return lambda v: f"{rounded(v, d):.{d}f}"
    distinct = sorted(set(speeds))
    for d in (1, 2, 3):
        shown = [at(d)(v) for v in distinct]
        if len(set(shown)) == len(shown):
            return at(d)
    return at(3)


WITHIN = " (to within 1%)"


def check_cheapest_html(rep, root, doc, cheap, ctx):
    """The Summary's first paragraph (§12 prose), against the stretches check_cheapest has
    checked and the oracle's own compared speeds: the first sentence (one accelerator named:
    its ranges; several: the list), its accelerators in stretch order and every figure as
    printed (speed_printer); the ties, each with the two cheapest named; any other figure an
    end of a stretch or of the compared speeds; "Only X was measured below lo / above hi"
    exactly when one accelerator alone has a candidate starting below lo (ending above hi),
    naming it. No such paragraph where no two accelerators were measured at one speed."""
    page = doc["path"]
    stretches, compared = cheap["stretches"], cheap["compared"]
    if stretches is None:
        return
    secs = [s for s in find_all(root, "section", "narrative")
            if s.attrs.get("aria-label") == "Summary"]
    paras = [p for s in secs[:1] for p in find_all(s, "p")]
    first = text(paras[0]) if paras else ""
    where = "cheapest \u00b6"
    for p in paras[0 if not compared else 1:]:
        t = text(p)
        rep.said(page, f"{where} (only the first paragraph, none with nothing compared)",
                 None, t, not CHEAP_WORDS.search(t))
    if not compared:
        return
    model = ctx["model_names"].get(doc["model"], doc["model"])
    seq = seq_slug(doc["isl"], doc["osl"]).replace("-", "/")
    lo, hi = compared[0][0], compared[-1][1]
    names = {h: str(ctx["hardware"][h].get("name") or h) for h in ctx["hardware"]}
    ties = cheapest_ties(stretches, compared)
    c = speed_printer([lo, hi] + [v for _, a, b in stretches for v in (a, b)] +
                      [v for t in ties for v in t])
    named = {h for h, _, _ in stretches}
    opening = f"On {model} ({seq}),"
    if not stretches:
        sentence = (f"{opening} no accelerator is the cheapest per million tokens by 1% or more "
                    f"at any speed where two were measured.")
        figures = []
    elif len(named) == 1 and len(stretches) == 1 and \
            math.isclose(stretches[0][1], lo, rel_tol=CHEAP_SLACK) and \
            math.isclose(stretches[0][2], hi, rel_tol=CHEAP_SLACK):
        sentence = (f"{opening} {names[stretches[0][0]]} is the cheapest per million "
                    f"tokens{WITHIN} at every speed from {c(lo)} to {c(hi)} tok/s/user.")
        figures = [c(lo), c(hi)]
    elif len(named) == 1:
        ranges = [f"from {c(a)} to {c(b)}" for _, a, b in stretches]
        listed = ranges[0] if len(ranges) == 1 else ", ".join(ranges[:-1]) + " and " + ranges[-1]
        sentence = (f"{opening} {names[stretches[0][0]]} is the cheapest per million "
                    f"tokens{WITHIN} {listed} tok/s/user.")
        figures = [v for _, a, b in stretches for v in (c(a), c(b))]
    else:
        clauses = cheapest_clauses(stretches, lo, hi, c)
        said = [f"{names[h]} {w}" for h, w in clauses]
        listed = ", ".join(said[:-1]) + " and " + said[-1]
        sentence = (f"{opening} the cheapest accelerator per million tokens{WITHIN} from "
                    f"{c(lo)} to {c(hi)} tok/s/user changes with the speed: {listed}.")
        figures = [c(lo), c(hi)] + [tok["text"] for _, w in clauses
                                    for tok in prose_figures(w)]
    head = first[:len(sentence)]
    rest = first[len(sentence):]
    rep.said(page, where + " first sentence", sentence, head, head == sentence)
    # The same, piece by piece, so that a wrong figure or name is reported as such.
    m = re.search(r"\. (?=[A-Z])", first)
    one = re.sub(rf"^On {re.escape(model)} \({re.escape(seq)}\),", "",
                 first[:m.start() + 1] if m else first).replace(WITHIN, "")
    one, marked = hardware_marks(one, ctx)
    want = [h for h, _, _ in stretches] if len(named) > 1 else sorted(named)
    rep.said(page, where + " accelerators in stretch order", [names[h] for h in want],
             [names.get(h, h) for h in marked], marked == want)
    stated = [tok["text"] for tok in prose_figures(one)] if stretches else []
    for k, fig in enumerate(figures):
        got = stated[k] if k < len(stated) else None
        rep.said(page, f"{where} figure {k + 1}", fig, got, got == fig)
    if len(stated) > len(figures):
        rep.said(page, where + " figures (count)", len(figures), len(stated), False)
    # After the first sentence: the ties, the "Only … was measured" claims, any other figure.
    rest, _ = hardware_marks(rest, ctx)
    h = r"\u2039([^\u203a]+)\u203a"
    claims = {"below": [], "above": []}
    rx = (rf"Only {h} was measured (below|above) ({NUM}) tok/s/user"
          rf"(?:(?:,)? and only {h} above ({NUM})| and above ({NUM}))?")
    for mm in re.finditer(rx, rest):
        claims[mm.group(2)].append((mm.group(1), mm.group(3)))
        if mm.group(4):
            claims["above"].append((mm.group(4), mm.group(5)))
        elif mm.group(6):
            claims["above"].append((mm.group(1), mm.group(6)))
    for side, end, beyond in (("below", lo, lambda a, b: a < end * (1 - CHEAP_SLACK)),
                              ("above", hi, lambda a, b: b > end * (1 + CHEAP_SLACK))):
        alone = sorted({hid for hid, a, b, _ in cheap["curves"] if beyond(a, b)})
        want = [(alone[0], c(end))] if len(alone) == 1 else []
        rep.said(page, f"{where} only one accelerator measured {side} {c(end)} "
                       f"(those measured {side}: {[names[x] for x in alone]})",
                 [(names[x], e) for x, e in want],
                 [(names.get(x, x), e) for x, e in claims[side]], claims[side] == want)
    # Each tie stated, with the two cheapest at its middle (the oracle's own costs), and the
    # two within 1% (1.5% for sampling) at every point looked at.
    provider = ctx["default_cost"]
    trx = rf"\b[Ff]rom ({NUM}) to ({NUM}) tok/s/user,? {h} and {h} cost within 1% of each other"
    stated_ties = [mm.group(1, 2, 3, 4) for mm in re.finditer(trx, rest)]
    want_ties = []
    for a, b in ties:
        costs = accelerator_costs(cheap["curves"], (a + b) / 2, ctx, provider)
        two = sorted(costs, key=lambda hid: (costs[hid], hid))[:2]
        want_ties.append((c(a), c(b), *two))
        for k in range(1, 200):
            x = a + (b - a) * k / 200
            cs = sorted(accelerator_costs(cheap["curves"], x, ctx, provider).values())
            if not (len(cs) >= 2 and cs[1] < cs[0] * 1.015):
                rep.fail(page, f"{where} tie from {c(a)} to {c(b)} at {x:.4f}",
                         "the two cheapest within 1%", cs[:2])
                break
    rep.said(page, where + " ties, each with the two cheapest", want_ties, stated_ties,
             stated_ties == want_ties)
    known = {c(v) for r in compared for v in r} | \
        {c(v) for _, a, b in stretches for v in (a, b)} | {c(v) for t in ties for v in t}
    for tok in prose_figures(re.sub(rx, "", rest).replace("within 1% of each other", "")):
        rep.said(page, f"{where} \u00ab{tok['text']}\u00bb", "an end of a stretch or of the "
                 "compared speeds", tok["text"], tok["text"] in known)


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
    """Every element under node, in document order. Not the content of a <template>, which a
    browser does not show (an empty table a script fills, e.g. "Your speed" on rankings)."""
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        if n.tag != "template":
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


def decimals_of(metric, v):
    """The decimals a table prints v of a metric with: FORMATS', except that a cost below
    $0.10 keeps three significant digits (the README's departure from §4's three decimals, so
    that $0.0107 and $0.0110 do not both read "$0.011"), judged on the rounded amount and at
    most six decimals."""
    decimals = FORMATS[metric][0]
    if metric != "cost_per_mtok" or v == 0:
        return decimals
    while decimals < 6 and abs(rounded(v, decimals)) < Decimal(1).scaleb(2 - decimals):
        decimals += 1
    return decimals


def rounded(v, decimals):
    """v rounded half away from zero to `decimals` places, as a Decimal."""
    return Decimal(v).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def spell(d, decimals, prefix, grouped):
    return prefix + (f"{d:,.{decimals}f}" if grouped else f"{d:.{decimals}f}")


def accepted_texts(metric, d):
    """(the canonical text, every accepted text) of the rounded value d of a metric."""
    decimals, (_, prefix, required) = decimals_of(metric, d), FORMATS[metric]
    canonical = spell(d, decimals, prefix, True)
    return canonical, {canonical} if required else {canonical, spell(d, decimals, prefix, False)}


def canonical_value(t):
    """A cell's normalised text with digit groups joined by "," and no space after $ or ~."""
    t = re.sub(r"(?<=\d) (?=\d{3}(?!\d))", ",", t)
    return re.sub(r"^([$~]) ", r"\1", t)


def halfway_note(metric, v, published):
    """A note when the published text is v rounded the other way from a half-way point."""
    decimals = decimals_of(metric, v)
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
    canonical, accepted = accepted_texts(metric, rounded(v, decimals_of(metric, v)))
    rep.shown(page, field, canonical, published, accepted, halfway_note(metric, v, published))


def expected_bold(metric, values):
    """Indexes of the values shown in bold. Reading of §4's "the better value in bold": a
    value is bold when it is strictly better, as displayed (rounded), than every other
    value shown beside it; a tie for the best shown value, or a lone value, is not bold."""
    if metric not in BETTER:
        return set()
    shown = [(i, rounded(v, decimals_of(metric, v))) for i, v in enumerate(values) if v is not None]
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


def load_html(rep, site, page):
    """The parsed index.html of a page (counted), or None (a discrepancy) when it is missing."""
    path = html_path(site, page)
    if not path.exists():
        rep.fail(page, "index.html", "page exists", "missing")
        return None
    rep.html_pages += 1
    return parse_html(path)


def check_matched_html(rep, root, doc, rows):
    """§4: the matched table of a hub or comparison page, against the oracle's own rows."""
    page = doc["path"]
    tables = find_all(root, "table", "matched")
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


def check_ranking_html(rep, root, doc, tiers, ctx, labels):
    """§12: one table per tier that has rows, with its rows' cells as the oracle ranks them."""
    page = doc["path"]
    expected = [(x, rows) for x, rows in tiers if rows]
    found = tier_tables(root)
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


# ----------------------------------------------------------------------------- HTML: prose

# The figures a comparison page states in words, in its lead sentence (§4), its narrative
# paragraphs (§5 "Narrative" and "Wording") and its description meta, against the oracle's own
# rows. Each text is scanned for figures (a number, `$` + number, number + `%` or `×`), and each
# figure is classified by the words around it (the sentence shapes of templates/narrative/ and
# partials/lead.html) and checked:
#   * a target ("40 tok/s/user", "users at 40 tok/s"): paragraph i states target i (§5);
#   * "N% more tok/s/GPU", "r× the tok/s/GPU", "essentially tied": §5's rule for r = higher /
#     lower; "each A GPU does the work of r B GPUs": r with two decimals; by analogy the same rule
#     for tok/s per MW ("N% more tok/s per MW", "r× the tok/s per MW");
#   * "N% cheaper per token" (N = round((1 − c/p) × 100)), "(X costs r× as much)" (r = p/c,
#     two decimals);
#   * "essentially the same" (cost or energy, by the sentence it is in): a reading by analogy
#     with "essentially tied": the ratio is below 1.01;
#   * which side is named: the side named before a comparison in its clause is the faster,
#     greener or cheaper one (the pricier before "costs r× as much"); the side after "than" /
#     "of" / "the work of r" the other one;
#   * `$` amounts: a side's cost at the target, "$0.43" below $10 and "$12.3" from $10 (§5),
#     with benchsite's two documented departures (DEPARTURES): three decimals below $0.10, and
#     where a text states both sides' amounts and they would read alike, the fewest more
#     decimals that tell them apart — required, not just allowed: two different prices must
#     not read alike in one text. Any other number of decimals is a discrepancy;
#   * other integers: a side's throughput, tok/s/MW or concurrency at the target, rounded
#     ("integer" in §5; "," separators optional);
#   * a figure next to a side's label ("B200 produces 135,328", "SGLang at $0.25", "$0.50 on
#     B200", "20 aggregated", the lead's "A delivers 573 tok/s/GPU at $0.72") is that side's; in
#     "A vs B" / "A against B" the first is the faster (cheaper, for money) side's, as the
#     comparison it follows says.
# Ratios are exact ratios of the two binary values; everything is rounded half away from zero,
# and a text that is only the other rounding of a half-way value is tagged as such. Side labels
# match case-insensitively (disaggregation pages write them in lower case). Where the sides do
# not overlap (§3), the narrative gives both frontier ranges: each end must be the exact end
# rounded half away from zero at the printed number of decimals, all four ends at the same
# decimals: the fewest, one to three, at which the nearer ends differ (a reading of §3's "giving
# both ranges": one decimal, as tok/s/user is written elsewhere, unless that would make the
# ranges look as if they met); so the printed ranges never meet. The model's display name and
# the sequence are masked before scanning.

INT_METRICS = ("throughput", "tok_s_mw", "concurrency")
HIGHER_BETTER = ("throughput", "tok_s_mw")
TIE_BELOW = Decimal("1.01")   # §5: r below 1.01 is "essentially tied"
MANY_FROM = Decimal(2)        # §5: from 2 on, "r× the tok/s/GPU"
TIMES = "\u00d7"
# A figure: optional `$`, digits (grouped by "," or not), optional decimals, optional % or ×.
FIG_RE = re.compile(r"(?<![\w.,/$])(\$)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\w|[.,]\d)"
                    r"([%\u00d7])?")
NUM = r"\d[\d,]*(?:\.\d+)?"
# The words after a percentage or a multiple: (words, metric, kind).
PHRASES = [("% more tok/s/GPU", "throughput", "pct"),
           (TIMES + " the tok/s/GPU", "throughput", "mult"),
           ("% more tok/s per MW", "tok_s_mw", "pct"),
           (TIMES + " the tok/s per MW", "tok_s_mw", "mult"),
           ("% cheaper per token", "cost_per_mtok", "pct"),
           (TIMES + " as much", "cost_per_mtok", "mult")]
UNITS = {"throughput": "tok/s/GPU", "tok_s_mw": "tok/s per MW"}
TIE_RE = re.compile(r"essentially tied|essentially nothing|a wash|essentially the same")
PINNED = "Numbers reflect this page's pinned "   # §5: ends the last paragraph
MORE_DECIMALS = "[more decimals than \u00a75's money format and its documented departures allow"


def exact_ratio(a, b):
    """higher / lower of two binary values, to 40 digits."""
    with localcontext() as c:
        c.prec = 40
        return Decimal(max(a, b)) / Decimal(min(a, b))


def other_rounding(v, decimals):
    """v rounded down from a half-way point (half away from zero rounds it up), else None."""
    scaled = Decimal(v).scaleb(decimals)
    floor = scaled.to_integral_value(ROUND_FLOOR)
    if abs(scaled - floor - Decimal("0.5")) > Decimal("1e-6"):
        return None
    return floor.scaleb(-decimals)


def spellings(fmt, v, decimals):
    """[fmt of v rounded half away from zero, fmt of its other rounding if v is half-way]."""
    out = [fmt(f"{rounded(v, decimals):,}")]
    alt = other_rounding(v, decimals)
    return out + [fmt(f"{alt:,}")] if alt is not None else out


def wordings(metric, kind, r):
    """§5's wording for ratio r = higher / lower (and its half-way alternative, if any)."""
    if metric == "cost_per_mtok":
        if kind == "pct":
            return spellings(lambda n: f"{n}% cheaper per token", (1 - 1 / r) * 100, 0)
        return spellings(lambda n: f"{n}{TIMES} as much", r, 2)
    if kind == "work":
        return spellings(str, r, 2)
    if r < TIE_BELOW:
        return ["essentially tied"]
    if r < MANY_FROM:
        return spellings(lambda n: f"{n}% more {UNITS[metric]}", (r - 1) * 100, 0)
    return spellings(lambda n: f"{n}{TIMES} the {UNITS[metric]}", r, 2)


# benchsite's documented departures from §5's money format (README, "Numbers in words"). The
# oracle accepts exactly these, nothing looser:
#   1. below $0.10 an amount keeps three decimals ("$0.093", not "$0.09", which would keep one
#      significant digit and make two different prices read alike); the thresholds apply to
#      the rounded amount ($0.0996 reads "$0.10", $9.996 "$10.0");
#   2. an amount printed beside another that would read alike gets the fewest more decimals
#      (up to three) that tell the two apart ("$0.350 vs $0.346", not "$0.35 vs $0.35").
DEPARTURES = ("three decimals below $0.10", "more decimals where two amounts read alike")


def money_decimals(v):
    """The decimals of §5's money format with departure 1, chosen on the rounded amount."""
    if abs(rounded(v, 3)) < Decimal("0.1"):
        return 3
    return 2 if abs(rounded(v, 2)) < 10 else 1


def money_text(v, decimals=None):
    """§5: money in prose is "$0.43" below $10 and "$12.3" from $10 (departure 1 below $0.10)."""
    d = money_decimals(v) if decimals is None else decimals
    return f"${rounded(v, d):,.{d}f}"


def money_texts(v, other):
    """Every text §5 and the departures allow for amount v printed beside amount `other`: its
    own, and where the two read alike (departure 2), the first of up to three more decimals at
    which they differ."""
    texts = [money_text(v)]
    d = money_decimals(v)
    if v != other and money_text(v) == money_text(other):
        apart = next((e for e in range(d + 1, d + 4)
                      if money_text(v, e) != money_text(other, e)), None)
        if apart is not None:
            texts.append(money_text(v, apart))
    return texts


# --- scanning

def prose_figures(t):
    """Every figure in t: dicts with start, end, text, value (Decimal), decimals, kind (target,
    pct, mult, work, money, int, unknown), metric and words (for pct and mult)."""
    out = []
    for m in FIG_RE.finditer(t):
        tok = {"start": m.start(), "end": m.end(), "text": m.group(0), "metric": None,
               "value": Decimal(m.group(2).replace(",", "") + (m.group(3) or "")),
               "decimals": len(m.group(3) or ".") - 1, "words": ""}
        tok["kind"] = figure_kind(t, m, tok)
        out.append(tok)
    return out


def figure_kind(t, m, tok):
    before, after = t[:m.start()], t[m.end():]
    if m.group(4):
        for words, metric, kind in PHRASES:
            if (m.group(4) + after).startswith(words):
                tok["metric"], tok["words"] = metric, words[1:]
                return kind
        return "unknown"
    if m.group(1):
        return "money"
    if after.startswith(" tok/s/user") or (before.endswith(" at ")
                                            and re.match(r" tok/s(?![/\w])", after)):
        return "target"
    if before.endswith("does the work of "):
        tok["metric"] = "throughput"
        return "work"
    return "unknown" if m.group(3) else "int"


def label_re(mu):
    return "|".join(re.escape(lb) for lb in sorted(mu["labels"], key=len, reverse=True))


def side_index(name, mu):
    return [lb.lower() for lb in mu["labels"]].index(name.lower())


def bound_side(t, tok, mu):
    """The side whose label is attached to a money or integer figure, or None."""
    lab, before, after = mu["lab"], t[:tok["start"]], t[tok["end"]:]
    verbs = "at|costs|produces|reaches|yields|into|delivers"
    m = (re.search(rf"(?<![\w-])({lab})(?: serving)?(?: (?:{verbs}))? $", before, re.I)
         or re.search(rf"(?<![\w-])({lab})(?: serving)?(?: delivers)? \$?{NUM}(?: tok/s/GPU)? at $",
                      before, re.I)
         or re.match(rf" (?:(?:on|with|for|under|at) )?({lab})(?![\w-])", after, re.I))
    return side_index(m.group(1), mu) if m else None


def pair_roles(t, toks):
    """{index: "better" | "worse"} for the figures of "A vs B" / "A against B"."""
    roles = {}
    for i in range(len(toks) - 1):
        a, b = toks[i], toks[i + 1]
        if a["kind"] == b["kind"] and a["kind"] in ("int", "money") and \
                re.fullmatch(r" (?:vs|against) ", t[a["end"]:b["start"]]):
            roles[i], roles[i + 1] = "better", "worse"
    return roles


def role_side(role, metric, mu):
    """The side that is better (faster, greener, cheaper) or worse at metric; None if equal."""
    a, b = (v[metric] for v in mu["vals"])
    if a == b:
        return None
    best = (0 if a > b else 1) if metric in HIGHER_BETTER else (0 if a < b else 1)
    return best if role == "better" else 1 - best


def clause_subject(t, pos, mu):
    """The side last named before pos in its clause (after the last ". ", "; ", ": " or "(")."""
    start = max(t.rfind(d, 0, pos) for d in (". ", "; ", ": ", "("))
    names = re.findall(rf"(?<![\w-])({mu['lab']})(?![\w-])", t[start + 1:pos], re.I)
    return side_index(names[-1], mu) if names else None


def excerpt(t, tok):
    return "\u00ab" + t[max(0, tok["start"] - 28):tok["end"] + 22].strip() + "\u00bb"


# --- checks of one text

def check_statement(rep, page, where, t, mu):
    """Every figure and tie phrase of one text (a paragraph, the lead, the description)."""
    toks = prose_figures(t)
    roles = pair_roles(t, toks)
    check_targets(rep, page, where, toks, mu["x"])
    for i, tok in enumerate(toks):
        field = f"{where} {excerpt(t, tok)}"
        if tok["kind"] in ("pct", "mult", "work"):
            check_phrase(rep, page, field, t, tok, mu)
        elif tok["kind"] == "money":
            check_money(rep, page, field, tok, bound_side(t, tok, mu), roles.get(i), mu)
        elif tok["kind"] == "int":
            check_int(rep, page, field, tok, int_metrics(t, tok), bound_side(t, tok, mu),
                      roles.get(i), mu)
        elif tok["kind"] == "unknown":
            rep.said(page, field, "a figure SPEC §5 describes", tok["text"], False)
    check_ties(rep, page, where, t, mu)
    check_amounts_apart(rep, page, where, t, toks, roles, mu)
    return toks


def check_amounts_apart(rep, page, where, t, toks, roles, mu):
    """Departure 2, required: where one text states both sides' costs and they differ, the two
    amounts as printed must differ too."""
    printed = {}
    for i, tok in enumerate(toks):
        if tok["kind"] != "money":
            continue
        side = bound_side(t, tok, mu)
        if side is None and roles.get(i):
            side = role_side(roles[i], "cost_per_mtok", mu)
        if side is not None:
            printed.setdefault(side, tok["text"])
    costs = [v["cost_per_mtok"] for v in mu["vals"]]
    if len(printed) == 2 and costs[0] != costs[1]:
        rep.said(page, f"{where} both costs", "two different texts",
                 f"{printed[0]} and {printed[1]}", printed[0] != printed[1])


def check_targets(rep, page, where, toks, x):
    """§5: paragraph i is about target i (shown as the table's heading shows it)."""
    accepted = target_texts(x)
    shown = [tok["text"] + " tok/s/user" for tok in toks if tok["kind"] == "target"]
    if not shown:
        rep.said(page, where + " target", min(accepted), None, False)
    for s in shown:
        rep.said(page, where + " target", min(accepted), s, s in accepted)


def check_phrase(rep, page, field, t, tok, mu):
    """A percentage or multiple: §5's wording for the two sides' values, and the sides named."""
    metric = tok["metric"]
    a, b = (v[metric] for v in mu["vals"])
    expected = wordings(metric, tok["kind"], exact_ratio(a, b))
    published = tok["text"] + tok["words"]
    note = " [differs only by half-way rounding]" if published in expected[1:] else ""
    rep.said(page, field, expected[0], published, published == expected[0], note)
    if a != b:
        check_phrase_sides(rep, page, field, t, tok, mu, 0 if a > b else 1)


def check_phrase_sides(rep, page, field, t, tok, mu, higher):
    """The side named before the phrase (in its clause) and the one after "than" / "of"."""
    labels, is_cost = mu["labels"], tok["metric"] == "cost_per_mtok"
    # "X is N% cheaper": X the cheaper; "(X costs r× as much)": X the pricier.
    subject = (higher if tok["kind"] == "mult" else 1 - higher) if is_cost else higher
    named = clause_subject(t, tok["start"], mu)
    if named is not None:
        rep.said(page, field + " side named before", labels[subject], labels[named],
                 named == subject)
    after = t[tok["end"] + len(tok["words"]):]
    pattern = r" ({})(?![\w-]) GPUs" if tok["kind"] == "work" else r" (?:than|of) ({})(?![\w-])"
    m = None if is_cost else re.match(pattern.format(mu["lab"]), after, re.I)
    if m:
        named = side_index(m.group(1), mu)
        rep.said(page, field + " side named after", labels[1 - subject], labels[named],
                 named == 1 - subject)


def check_money(rep, page, field, tok, side, role, mu):
    """A `$` amount: a side's cost at the target, formatted per §5."""
    costs = [v["cost_per_mtok"] for v in mu["vals"]]
    if side is None and role:
        side = role_side(role, "cost_per_mtok", mu)
    if side is None:
        got = max(float(tok["value"]), 1e-300)
        side = min((0, 1), key=lambda j: abs(math.log(got / costs[j])))
    v, other = costs[side], costs[1 - side]
    allowed = [t.replace(",", "") for t in money_texts(v, other)]
    published = tok["text"]
    rep.said(page, f"{field} [{mu['labels'][side]}]", " or ".join(allowed), published,
             published.replace(",", "") in allowed,
             money_note(v, other, tok, mu["labels"][1 - side]))


def money_note(v, other, tok, other_label):
    """Why a money text differs: more decimals of the right value, the other side's amount,
    or the other rounding of a half-way value."""
    d = tok["decimals"]
    if d > money_decimals(v) and tok["value"] == rounded(v, d):
        return f" {MORE_DECIMALS}]"
    if tok["text"] == money_text(other):
        return f" [that is {other_label}'s amount]"
    d = money_decimals(v)
    alt = other_rounding(v, d)
    return " [differs only by half-way rounding]" if alt is not None and tok["value"] == alt else ""


def int_metrics(t, tok):
    """What an integer can be, by its unit: "N tok/s/GPU" throughput, "N tok/s" (per MW)
    tok/s/MW, "N requests" or "N concurrent requests" concurrency; without a unit any of them."""
    after = t[tok["end"]:]
    if after.startswith(" tok/s/GPU"):
        return ("throughput",)
    if re.match(r" tok/s(?![/\w])", after):
        return ("tok_s_mw",)
    if after.startswith((" requests", " concurrent requests")):
        return ("concurrency",)
    return INT_METRICS


def check_int(rep, page, field, tok, metrics, side, role, mu):
    """An integer: a side's throughput, tok/s/MW or concurrency at the target, rounded."""
    cands = [(j, m, v[m]) for j, v in enumerate(mu["vals"]) for m in metrics
             if (side is None or j == side) and (role is None or (
                 m in HIGHER_BETTER and role_side(role, m, mu) in (None, j)))]
    n = tok["value"]
    if any(rounded(v, 0) == n for _, _, v in cands):
        rep.said(page, field, tok["text"], tok["text"], True)
        return
    if not cands:
        rep.said(page, field, "no integer here", tok["text"], False)
        return
    j, m, v = min(cands, key=lambda c: abs(math.log(max(float(n), 1e-300) / c[2])))
    note = " [differs only by half-way rounding]" if other_rounding(v, 0) == n else ""
    rep.said(page, f"{field} [{mu['labels'][j]} {m}]", f"{rounded(v, 0):,}", tok["text"],
             False, note)


def tie_metric(t, pos, phrase):
    """The metric a tie phrase is about: "essentially the same" is cost in a sentence about
    money or cost, tok/s/MW in one about megawatts; every other tie phrase is throughput."""
    if phrase != "essentially the same":
        return "throughput"
    start, end = t.rfind(". ", 0, pos), t.find(". ", pos)
    sentence = t[start + 1:end if end >= 0 else len(t)]
    if "$" in sentence or "cost" in sentence:
        return "cost_per_mtok"
    return "tok_s_mw" if "megawatt" in sentence or " MW" in sentence else "throughput"


def check_ties(rep, page, where, t, mu):
    """A tie phrase holds only when the ratio is below 1.01 (§5; for cost and energy by
    analogy)."""
    for m in TIE_RE.finditer(t):
        metric = tie_metric(t, m.start(), m.group(0))
        r = exact_ratio(*(v[metric] for v in mu["vals"]))
        expected = m.group(0) if r < TIE_BELOW else wordings(metric, "pct", r)[0]
        rep.said(page, f"{where} \u00ab{m.group(0)}\u00bb ({metric} ratio {float(r):.4f})",
                 expected, m.group(0), r < TIE_BELOW)


# --- the page's texts

def masked(t, mu):
    for name in mu["masks"]:
        t = t.replace(name, "\u2039\u203a")
    return t


def check_lead_like(rep, page, where, t, mu, cut=False):
    """The lead (§4) or the description: the first target, then each side, in the order of
    `sides`, delivering its throughput at its cost (figures checked by check_statement)."""
    toks = check_statement(rep, page, where, t, mu)
    if not toks:
        return
    found = [side_index(m.group(1), mu) for m in re.finditer(
        rf"(?<![\w-])({mu['lab']})(?: serving)?(?: delivers)? {NUM}(?: tok/s/GPU)? at \$", t,
        re.I)]
    ok = found == [0, 1] or (cut and found == [0, 1][:len(found)])
    rep.said(page, where + " sides stated (throughput at cost)", mu["labels"],
             [mu["labels"][j] for j in found], ok)


def description(root):
    metas = [m for m in find_all(root, "meta") if m.attrs.get("name") == "description"]
    return norm(metas[0].attrs.get("content") or "") if metas else None


def uncut(t):
    """(t without a trailing ellipsis and the possibly cut figure before it, whether cut)."""
    if not t.endswith(("\u2026", "...")):
        return t, False
    return re.sub(r"\$?[\d,.]*$", "", t.rstrip("\u2026.").rstrip()), True


def prose_context(doc, rows, fronts, ctx):
    """What the prose checks need: the sides' labels and ranges, the words masked before
    scanning (`mu`), the same at each target (`at`), and the sequence as the page writes it."""
    labels = [s.get("label") or "" for s in doc["sides"]]
    seq = seq_slug(doc["isl"], doc["osl"]).replace("-", "/")
    mu = {"labels": labels, "masks": [ctx["model_names"].get(doc["model"], doc["model"]), seq],
          "ranges": [(f[0]["interactivity"], f[-1]["interactivity"]) for f in fronts],
          "x": None, "vals": None,
          "lead": lead_stretches(fronts, page_ranges(fronts, doc["family"])) if rows else [],
          "cheaper": [], "family": doc["family"],
          "provider": PROVIDER_LABELS.get(ctx["default_cost"], ctx["default_cost"]).lower()}
    hws = [side_hardware(doc, s["filter"], ctx["hardware"]) for s in doc["sides"]]
    if rows and len(hws) == 2 and hws[0]["id"] != hws[1]["id"]:
        # Sides on two accelerators: the cheaper per token may change where the faster does not.
        mu["cheaper"] = cheaper_stretches(fronts, page_ranges(fronts, doc["family"]), hws,
                                          ctx["default_cost"])
    mu["lab"] = label_re(mu)
    at = [dict(mu, x=r["interactivity"], vals=r["values"]) for r in rows]
    return mu, at, seq


def check_prose(rep, root, page, doc, rows, fronts, ctx):
    """The lead, the narrative and the description of a comparison page (§4, §5)."""
    mu, at, seq = prose_context(doc, rows, fronts, ctx)
    rep.prose_pages += 1
    leads = [masked(text(p), mu) for p in find_all(root, "p", "lead")]
    rep.said(page, "lead (count)", 1, len(leads), len(leads) == 1)
    if leads:
        check_stated(rep, page, "lead", leads[0], False, mu, at)
    check_description(rep, page, root, mu, at)
    check_narrative(rep, page, root, mu, at, seq)


def check_description(rep, page, root, mu, at):
    """The meta description, where it restates figures (it may be cut at 155 characters)."""
    meta, cut = uncut(masked(description(root) or "", mu))
    if prose_figures(meta):
        check_stated(rep, page, "description", meta, cut, mu, at)


def check_stated(rep, page, where, t, cut, mu, at):
    """A lead-like text: the first target's figures, or, without targets, both ranges."""
    if at:
        check_lead_like(rep, page, where, t, at[0], cut)
    else:
        check_disjoint(rep, page, where, t, mu, required=False)


def check_narrative(rep, page, root, mu, at, seq):
    """§5: one paragraph per target, in target order; the last ends with the pinned note.
    Without targets (no overlap), one paragraph giving both ranges. Then the paragraph on a
    change of lead (check_lead_paragraph), if any, and last, on sides on two accelerators whose
    cheaper per token changes, the paragraph saying where (check_cheaper_paragraph); a paragraph
    opening like that one is found wherever it is, and is a discrepancy anywhere else."""
    paras = [text(p) for s in find_all(root, "section", "narrative") for p in find_all(s, "p")]
    want_cheaper = len(mu["cheaper"]) > 1
    expected = (len(at) or 1) + (len(mu["lead"]) > 1) + want_cheaper
    rep.said(page, "narrative paragraphs (count)", expected, len(paras), len(paras) == expected)
    cheaper_at = [i for i, p in enumerate(paras) if CHEAPER_OPENING.match(p)]
    rep.said(page, "cheaper paragraph (on two accelerators where the cheaper changes; last)",
             [expected - 1] if want_cheaper else [], cheaper_at,
             cheaper_at == ([len(paras) - 1] if want_cheaper else []))
    k = 0  # the place of a paragraph among the others
    for i, p in enumerate(paras):
        where = f"narrative \u00b6{i + 1}"
        t = masked(strip_pinned(rep, page, where, p, i == len(paras) - 1, seq), mu)
        if i in cheaper_at:
            if want_cheaper:
                check_cheaper_paragraph(rep, page, where, t, mu)
            continue
        if not at:
            check_disjoint(rep, page, where, t, mu, required=True)
        elif k < len(at):
            check_statement(rep, page, f"{where} @ {at[k]['x']:g}", t, at[k])
        else:
            check_lead_paragraph(rep, page, where, t, mu, mu["family"] != "chip")
        k += 1


def compact(v):
    """A speed as headings and prose print it: one decimal, half up, without a trailing .0."""
    return f"{rounded(v, 1)}".removesuffix(".0")


def compact_each(xs):
    """Speeds listed in one sentence: compact, unless one of them keeps its tenth; then every
    one shows a tenth ("148.0, 179.9")."""
    words = [compact(x) for x in xs]
    return [f"{rounded(x, 1):.1f}" for x in xs] if any("." in w for w in words) else words


def check_lead_paragraph(rep, page, where, t, mu, same_hardware):
    """Where the lead changes hands: every figure is a change of lead or an end of the overlap
    as printed, the changes are stated in order, the leaders are named in order (the first
    two stretches', or with more than two changes the first's and the last's), and on one
    accelerator the paragraph says what that means for cost."""
    lead = mu["lead"]
    changes = compact_each([frm for _, frm, _ in lead[1:]])
    ends = [f"{rounded(v, 1):.1f}" for v in (lead[0][1], lead[-1][2])]
    bare, places = name_places(t, mu["labels"])
    stated = [tok["text"] for tok in prose_figures(bare)]
    for s in stated:
        rep.said(page, f"{where} \u00ab{s}\u00bb", " or ".join(ends + changes), s,
                 s in ends + changes)
    firsts = [s for s in dict.fromkeys(stated) if s in changes]
    rep.said(page, where + " changes stated in order", changes, firsts, firsts == changes)
    named = [side for side, _, _ in (lead[:2] if len(lead) <= 3 else [lead[0], lead[-1]])]
    order = [places.get(side, -1) for side in dict.fromkeys(named)]
    rep.said(page, where + " leaders named in order", [mu["labels"][s] for s in named], order,
             -1 not in order and order == sorted(order))
    said = "Both run on the same accelerator" in t
    rep.said(page, where + " cost follows throughput (one accelerator)", same_hardware, said,
             said == same_hardware)


PROVIDER_LABELS = {"hyperscaler": "Hyperscaler", "neocloud": "Neocloud",
                   "rental_3yr": "3-year rental"}   # as the "Your prices" form names them
CHEAPER_OPENING = re.compile(r"At ([\w -]+) GPU-hour prices, the cheaper of the two")
CHEAPER_FORMS = {  # the paragraph by its number of changes, names masked (side_mark)
    1: re.compile(r"At (?P<cost>[\w -]+) GPU-hour prices, the cheaper of the two per million "
                  r"tokens changes at about (?P<x>[^ ]+) tok/s/user: below it "
                  r"(?P<a>\u2039\w\u203a) costs less, above it (?P<b>\u2039\w\u203a) does\.\s*"),
    2: re.compile(r"At (?P<cost>[\w -]+) GPU-hour prices, the cheaper of the two per million "
                  r"tokens depends on the speed: (?P<a>\u2039\w\u203a) up to about (?P<x>[^ ]+) "
                  r"tok/s/user, (?P<b>\u2039\w\u203a) from there to (?P<y>[^ ]+) and "
                  r"(?P<c>\u2039\w\u203a) above that\.\s*"),
    3: re.compile(r"At (?P<cost>[\w -]+) GPU-hour prices, the cheaper of the two per million "
                  r"tokens changes at about (?P<xs>.+?) tok/s/user: (?P<a>\u2039\w\u203a) costs "
                  r"less below the first of these speeds(?:, (?P<b>\u2039\w\u203a) above the last"
                  r"| and above the last)\.\s*"),
}


def check_cheaper_paragraph(rep, page, where, t, mu):
    """Where the cheaper per million tokens changes (sides on two accelerators, `cheaper`
    stretches): its form by the number of changes (one; two; three or more), the provider as
    the prices form labels it in lower case, its figures exactly the changes (compact) in
    order, and the sides named in order: below / above the change (one change), the three
    stretches' (two), the first's and the last's (three or more; "and above the last" when
    they are the same side)."""
    cheap = mu["cheaper"]
    changes = compact_each([frm for _, frm, _ in cheap[1:]])
    n = min(len(changes), 3)
    bare, _ = name_places(t, mu["labels"])
    form = next((k for k, rx in CHEAPER_FORMS.items() if rx.fullmatch(bare)), None)
    rep.said(page, where + " cheaper paragraph form (by its number of changes)", n, form,
             form == n)
    stated = [tok["text"] for tok in prose_figures(bare)]
    rep.said(page, where + " cheaper paragraph: the changes in order", changes, stated,
             stated == changes)
    for s in stated:
        rep.said(page, f"{where} \u00ab{s}\u00bb tok/s/user (a change of the cheaper side)",
                 " or ".join(changes), s, s in changes)
    if form is None:
        return
    m = CHEAPER_FORMS[form].fullmatch(bare)
    rep.said(page, where + " cheaper paragraph: prices named", mu["provider"], m.group("cost"),
             m.group("cost") == mu["provider"])
    sides = [side for side, _, _ in cheap]
    if n == 1:
        named = sides[:2]
    elif n == 2:
        named = sides[:3]
    else:
        named = [sides[0]] + ([sides[-1]] if sides[-1] != sides[0] else [])
    groups = [g for g in ("a", "b", "c") if g in CHEAPER_FORMS[form].groupindex]
    got = [m.group(g) for g in groups if m.group(g) is not None]
    want = [side_mark(s) for s in named]
    rep.said(page, where + " cheaper paragraph: the cheaper sides in order",
             [mu["labels"][s] for s in named],
             [mu["labels"][ord(g[1]) - ord("a")] for g in got], got == want)


def side_mark(side):
    """What stands for side `side`'s name in masked text: a letter, not a figure."""
    return f"\u2039{chr(ord('a') + side)}\u203a"


def name_places(t, labels):
    """t with each side's name (any case, longest first, so "SGLang Disagg" is not read as
    "SGLang") masked, and where each side is first named."""
    places = {}
    for side in sorted(range(len(labels)), key=lambda i: -len(labels[i])):
        t = re.sub(rf"\b{re.escape(labels[side])}\b", side_mark(side), t, flags=re.I)
    for side in range(len(labels)):
        i = t.find(side_mark(side))
        if i >= 0:
            places[side] = i
    return t, places


def strip_pinned(rep, page, where, t, last, seq):
    """The paragraph without §5's pinned-workload note, which must close the last one."""
    i = t.find(PINNED)
    if last:
        ok = i >= 0 and t[i + len(PINNED):].startswith(seq + " ")
        rep.said(page, where + " ends with the pinned-workload note",
                 f"{PINNED}{seq} \u00b7 \u2026", t[i:] if i >= 0 else None, ok)
    elif i >= 0:
        rep.said(page, where + " pinned-workload note (last paragraph only)", None, t[i:], False)
    return t[:i] if i >= 0 else t


def check_disjoint(rep, page, where, t, mu, required):
    """§3: sides that do not overlap: each side's frontier range as printed, ranges that do not
    meet as printed, and no other figure."""
    rx = (rf"(?<![\w-])({mu['lab']})(?: was measured from| reaches| from)? "
          rf"({NUM})(?: to |[\u2013\u2014-])({NUM})")
    shown = {}
    for m in re.finditer(rx, t, re.I):
        j = side_index(m.group(1), mu)
        shown[j] = [check_range_end(rep, page, f"{where} {mu['labels'][j]} range {end}", v, pub)
                    for end, v, pub in zip(("from", "to"), mu["ranges"][j], m.group(2, 3))]
    if required or shown:
        rep.said(page, where + " ranges stated", mu["labels"],
                 [mu["labels"][j] for j in sorted(shown)], sorted(shown) == [0, 1])
    if len(shown) == 2:
        (a0, a1), (b0, b1) = shown[0], shown[1]
        want = apart_decimals(mu["ranges"][0], mu["ranges"][1])
        used = sorted({max(0, -d.as_tuple().exponent) for d in (a0, a1, b0, b1)})
        rep.said(page, where + " range decimals (the fewest, 1 to 3, that keep them apart)",
                 [want], used, used == [want])
        rep.said(page, where + " printed ranges (the sides do not overlap)",
                 "ranges that do not meet", f"{a0}\u2013{a1} and {b0}\u2013{b1}",
                 a1 < b0 or b1 < a0)
    for tok in prose_figures(re.sub(rx, "", t, flags=re.I)):
        rep.said(page, f"{where} \u00ab{tok['text']}\u00bb", "no figure but the ranges",
                 tok["text"], False)


def apart_decimals(a, b):
    """The fewest decimals, one to three, at which the nearer ends of disjoint ranges a and b
    (each (lo, hi)) round differently."""
    below, above = (a, b) if a[1] < b[0] else (b, a)
    return next((d for d in (1, 2, 3) if rounded(below[1], d) != rounded(above[0], d)), 3)


def check_range_end(rep, page, field, v, published):
    """A range end: the exact value rounded half away from zero at the printed decimals."""
    d = Decimal(published.replace(",", ""))
    decimals = max(0, -d.as_tuple().exponent)
    note = " [differs only by half-way rounding]" if other_rounding(v, decimals) == d else ""
    rep.said(page, field, f"{rounded(v, decimals)}", published, rounded(v, decimals) == d, note)
    return d


def check_default_page(rep, site, doc, rows, fronts, ctx):
    """§4: a comparison's path without `<seq>/` is the same comparison at its default sequence,
    with a canonical link to that page: its prose is checked against that page's rows."""
    parent = doc["path"].rstrip("/").rsplit("/", 1)[0] + "/"
    path = html_path(site, parent)
    if not path.exists():
        return
    m = re.search(r"<link\b[^>]*\brel=\"?canonical\b[^>]*>", path.read_text(encoding="utf-8"))
    href = re.search(r"\bhref=\"?([^\" >]+)", m.group(0)) if m else None
    if href and urlparse(href.group(1)).path == doc["path"]:
        rep.html_pages += 1
        check_prose(rep, parse_html(path), parent, doc, rows, fronts, ctx)


# ----------------------------------------------------------------------------- feed: changes of lead

# A change of hands between two consecutive history entries (previous, last) of a comparison, at
# a target (rows matched by position): both sides have a throughput in both entries, one side is
# ahead by a ratio of at least LEAD_RATIO in the previous entry and the other in the last (a tie,
# below the ratio, in either entry is no change). Hubs never change hands. It is stated in the
# run's section of /changes/ (and the run's entry of /feed.xml) right after the page's title, one
# phrase per side now ahead: "<side> now ahead of <other> at <targets> tok/s/user", the targets
# ascending and compact ("53", "37.6"; "53 and 65"; "53, 65 and 78"); and counted in the run's
# summary, "the lead changed hands on N page(s)" (none where N is 0).
LEAD_RATIO = 1.01
LEAD_WORDS = " now ahead of "
CHANGES_RUNS = 50   # /changes/ holds the newest 50 runs at most
ATOM = "{http://www.w3.org/2005/Atom}"


def run_heading(run, runs):
    """How /changes/ and the feed name a run: "<label> (<date>)"; "<label> (undated)" for a run
    without a date where another run of `runs` (every run) has one, else "<label>"."""
    if run["date"]:
        return f"{run['label']} ({run['date']})"
    return f"{run['label']} (undated)" if any(r["date"] for r in runs) else run["label"]


def speeds_listed(xs):
    """Targets as the feed lists them: compact, "a", "a and b", "a, b and c"."""
    c = compact_each(xs)
    return c[0] if len(c) == 1 else ", ".join(c[:-1]) + " and " + c[-1]


def lead_taken(prev, last):
    """{side: [targets where it took the lead]} between two history entries' rows, and whether a
    throughput ratio there lies within 1e-9 of LEAD_RATIO (where rounding could tip it)."""
    taken, edge = {}, False
    for p, q in zip(prev, last):
        before = [v["throughput"] if v else None for v in p["values"]]
        after = [v["throughput"] if v else None for v in q["values"]]
        if len(before) != 2 or None in before + after:
            continue
        for a, b in ((0, 1), (1, 0)):
            edge = edge or any(math.isclose(t[a], LEAD_RATIO * t[b], rel_tol=1e-9)
                               for t in (before, after))
            if before[b] >= LEAD_RATIO * before[a] and after[a] >= LEAD_RATIO * after[b]:
                taken.setdefault(a, []).append(q["interactivity"])
    return {s: sorted(xs) for s, xs in taken.items()}, edge


def expected_lead_changes(docs, ctx):
    """From the oracle's own histories (check_page): run heading -> {comparison path: its lead
    phrases, in side order}, and the (heading, path) pairs with a ratio at the edge."""
    out, edges = {}, set()
    for doc in docs:
        if doc.get("family") in ("hub", "rankings"):
            continue
        hist = ctx["histories"].get(doc["path"]) or []
        labels = [s.get("label") or "" for s in doc["sides"]]
        for (_, prev), (run, last) in zip(hist, hist[1:]):
            taken, edge = lead_taken(prev, last)
            if edge:
                edges.add((run_heading(run, ctx["runs"]), doc["path"]))
            if taken:
                out.setdefault(run_heading(run, ctx["runs"]), {})[doc["path"]] = [
                    f"{labels[s]}{LEAD_WORDS}{labels[1 - s]} at {speeds_listed(xs)} tok/s/user"
                    for s, xs in sorted(taken.items())]
    return out, edges


def lead_summary(summary):
    """The clause of a run's summary ("a, b; c.") that speaks of the lead: the last, after a
    semicolon, or the whole summary; a lead clause anywhere else is reported as found."""
    s = summary.strip().rstrip(".")
    s = s[:1].lower() + s[1:]
    head, _, last = s.rpartition("; ")
    found = [last] if "lead" in last else []
    if "lead" in head or ", the lead" in last:
        found.append("(a lead clause out of place) " + s)
    return found


def lead_summary_expected(n):
    return [f"the lead changed hands on {n:,} page{'' if n == 1 else 's'}"] if n else []


def listed_pages(node):
    """{page path: the text after "Title: ", split at "; "} for each <li> under node."""
    items = {}
    for li in find_all(node, "li"):
        links = find_all(li, "a")
        if not links:
            continue
        title, t = text(links[0]), text(li)
        rest = t[len(title):] if t.startswith(title) else t
        items[urlparse(links[0].attrs.get("href") or "").path] = \
            (rest[2:] if rest.startswith(": ") else rest).split("; ")
    return items


def check_listed_lead(rep, page, where, parts, want, note):
    """A listed page's phrases: its lead phrases (want) first, in either side order, and no
    other phrase saying a side is now ahead."""
    k = len(want)
    head = parts[:k]
    if want:
        rep.fed(page, where + ": the lead changes first", want, head, sorted(head) == sorted(want),
                note)
    stray = [p for p in parts[k:] if LEAD_WORDS.strip() in p]
    rep.fed(page, where + ": no other change of lead", [], stray, not stray, note)


def check_changes_leads(rep, site, docs, ctx, expected, edges):
    """/changes/: in each run's section (the site's first run aside), each page whose lead
    changed hands in that run listed, its phrases first; no such phrase on any other page (hubs
    included); the summary (section paragraph and run index) counting those pages."""
    root = load_html(rep, site, "/changes/")
    if root is None:
        return
    nav = {}  # section id -> its summary in the run index ("<label> (<date>): <summary>")
    for li in (li for n in find_all(root, "nav", "run-index") for li in find_all(n, "li")):
        links = find_all(li, "a")
        href = (links[0].attrs.get("href") or "") if links else ""
        if href.startswith("#"):
            t = text(li)
            nav[href[1:]] = t.split("): ", 1)[1] if "): " in t else t
    first = run_heading(ctx["runs"][0], ctx["runs"]) if ctx["runs"] else None
    seen = set()
    for sec in find_all(root, "section", "run-changes"):
        h2 = find_all(sec, "h2")
        heading = text(h2[0]) if h2 else ""
        if heading in seen:
            rep.fail("/changes/", f"section {heading!r}", "one section per run", "repeated")
        seen.add(heading)
        if heading == first:
            continue
        want = expected.get(heading, {})
        paras = children(sec, "p")
        summary = text(paras[0]) if paras else ""
        rep.fed("/changes/", f"{heading}: summary (lead)", lead_summary_expected(len(want)),
                lead_summary(summary), lead_summary(summary) == lead_summary_expected(len(want)))
        sid = sec.attrs.get("id")
        rep.fed("/changes/", f"{heading}: run index (lead)", lead_summary_expected(len(want)),
                lead_summary(nav[sid]) if sid in nav else None,
                sid in nav and lead_summary(nav[sid]) == lead_summary_expected(len(want)))
        items = listed_pages(sec)
        for path in sorted(set(want) | set(items)):
            note = " [a throughput ratio within 1e-9 of 1.01]" if (heading, path) in edges else ""
            if path in want:
                rep.fed(path, f"/changes/ {heading}: listed (the lead changed hands)", True,
                        path in items, path in items, note)
            if path in items:
                check_listed_lead(rep, path, f"/changes/ {heading}", items[path],
                                  want.get(path, []), note)
    newest = {run_heading(r, ctx["runs"]) for r in ctx["runs"][-CHANGES_RUNS:]}
    for heading in sorted(set(expected) - seen):
        if heading in newest:
            rep.fail("/changes/", f"section {heading!r}", "a section (the lead changed hands)",
                     "missing")


def check_feed_leads(rep, site, ctx, expected, edges):
    """/feed.xml: each run's entry (the first run aside) states the same changes of lead as its
    /changes/ section ought to, as (page path, phrase) pairs, and its title's summary counts
    them."""
    import xml.etree.ElementTree as ET
    path = site / "public" / "feed.xml"
    if not path.exists():
        rep.fail("/feed.xml", "feed", "exists", "missing")
        return
    headings = {run_heading(r, ctx["runs"]): r for r in ctx["runs"]}
    first = run_heading(ctx["runs"][0], ctx["runs"]) if ctx["runs"] else None
    seen = set()
    for entry in ET.parse(path).getroot().findall(ATOM + "entry"):
        title = entry.findtext(ATOM + "title") or ""
        heading = next((h for h in headings if title.startswith(h + ": ")), None)
        if heading is None:
            rep.fail("/feed.xml", f"entry {title!r}", "titled \"<label> (<date>): <summary>\"",
                     title)
            continue
        seen.add(heading)
        if heading == first:
            continue
        want = expected.get(heading, {})
        got = lead_summary(title[len(heading) + 2:])
        rep.fed("/feed.xml", f"{heading}: title summary (lead)", lead_summary_expected(len(want)),
                got, got == lead_summary_expected(len(want)))
        builder = TreeBuilder()
        builder.feed(entry.findtext(ATOM + "content") or "")
        builder.close()
        said = {p: sorted(part for part in parts if LEAD_WORDS.strip() in part)
                for p, parts in listed_pages(builder.root).items()}
        for page in sorted(set(want) | {p for p, phrases in said.items() if phrases}):
            note = " [a throughput ratio within 1e-9 of 1.01]" if (heading, page) in edges else ""
            meant, got = sorted(want.get(page, [])), said.get(page, [])
            rep.fed(page, f"/feed.xml {heading}: the changes of lead", meant, got, got == meant,
                    note)
    newest = {run_heading(r, ctx["runs"]) for r in ctx["runs"][-CHANGES_RUNS:]}
    for heading in sorted(set(expected) - seen):
        if heading in newest:
            rep.fail("/feed.xml", f"entry {heading!r}", "an entry (the lead changed hands)",
                     "missing")


def check_lead_feeds(rep, site, docs, ctx):
    """Changes of lead, run by run, in /changes/ and /feed.xml (after every page's history has
    been recomputed by check_page)."""
    expected, edges = expected_lead_changes(docs, ctx)
    check_changes_leads(rep, site, docs, ctx, expected, edges)
    check_feed_leads(rep, site, ctx, expected, edges)


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
            "model_names": {m["id"]: str(m.get("name") or m["id"]) for m in models},
            "runs": runs, "snaps": snaps, "spread": spread,
            "histories": {}}  # page path -> the oracle's (run, rows) history, by check_page


def page_docs(public):
    for path in sorted(public.rglob("index.json")):
        rel = path.relative_to(public)
        if rel.parts[0] == "embed":
            continue
        with open(path, encoding="utf-8") as f:
            yield json.load(f)


def check_page_html(rep, site, doc, rows, fronts, ctx):
    """A hub or comparison's index.html: its matched table; a comparison's prose too, also on
    the page at its path without `<seq>/` when that is this sequence (its canonical link).
    And the table of its embed (§15: `/embed/<path>/`, the chart and the matched table)."""
    embed = {**doc, "path": "/embed" + doc["path"]}
    embed_root = load_html(rep, site, embed["path"])
    if embed_root is not None:
        check_matched_html(rep, embed_root, embed, rows)
        if doc.get("family") != "hub":
            mu, at, _ = prose_context(doc, rows, fronts, ctx)
            check_description(rep, embed["path"], embed_root, mu, at)
    root = load_html(rep, site, doc["path"])
    if root is None:
        return
    check_matched_html(rep, root, doc, rows)
    if doc.get("family") != "hub":
        check_dips_html(rep, root, doc, rows, ctx["snaps"][-1], ctx["hub_labels"])
        check_blended_prose(rep, root, doc, rows, fronts)
        check_prose(rep, root, doc["path"], doc, rows, fronts, ctx)
        check_default_page(rep, site, doc, rows, fronts, ctx)


DIP_RATIO = 1.01  # §5's "essentially tied": a configuration this much above its side is named


def expected_dips(doc, rows, snap):
    """Per side of a comparison: the targets where one configuration of the side (hardware,
    precision, engine, speculative decoding, disaggregation), read on its own frontier, beats
    the side's table figure by DIP_RATIO or more, as (x, that throughput, the side's, the
    configuration's key); [] for a side without any."""
    found = []
    for i, side in enumerate(doc["sides"]):
        groups = {}
        for r in select(snap, side["filter"]):
            groups.setdefault(config_key(r), []).append(r)
        dips = []
        for row in rows if len(groups) > 1 else []:
            own = row["values"][i]
            if own is None:
                continue
            x = row["interactivity"]
            alone = []
            for key, recs in groups.items():
                f = frontier(recs)
                t = interpolate([p["interactivity"] for p in f], [p["throughput"] for p in f], x)
                if t is not None:
                    alone.append((t, key))
            if not alone:
                continue
            best, key = max(alone, key=lambda a: a[0])
            if best / own["throughput"] >= DIP_RATIO:
                dips.append((x, best, own["throughput"], key))
        found.append(dips)
    return found


def said_list(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def expected_dip_note(doc, i, dips, labels):
    """The note on side i's dips, as the page must word it, and its link."""
    x, best, own, key = max(dips, key=lambda d: d[1] / d[2])
    hw, prec, fw, spec, disagg = key
    hub = f"/{doc['model']}/{hw}/{prec}/{seq_slug(doc['isl'], doc['osl'])}/"
    one = labels.get((hub, fw, spec, disagg), "?")
    if len(doc["precision"]) > 1:
        one = f"{prec.upper()} {one}"
    side = doc["sides"][i]["label"] + (" serving" if doc["family"] == "disagg" else "")
    r = best / own
    table = f"the table's {rounded(own, 1):,}"
    versus = (f"{int(rounded((r - 1) * 100, 0))}% more tok/s/GPU than {table}" if r < 2
              else f"{rounded(r, 2)}× the tok/s/GPU of {table}")
    xs = said_list(compact_each([d[0] for d in dips]))
    if len(dips) == 1:
        opening = f"one of its own configurations at {compact(x)} tok/s/user, where {one} alone"
    elif all(d[3] == key for d in dips):
        opening = f"one of its own configurations, {one}, at {xs} tok/s/user; at {compact(x)} it alone"
    else:
        opening = (f"one or another of its own configurations at {xs} tok/s/user; most at "
                   f"{compact(x)}, where {one} alone")
    note = (f"{side}'s figures fall below {opening} delivers {rounded(best, 1):,} tok/s/GPU, "
            f"{versus}: a side's frontier runs through the measured points of all its "
            "configurations, and between points of two of them it can pass below one's own curve.")
    at = str(rounded(x, 2)).rstrip("0").rstrip(".")
    return note, f"{hub}?at={at}"


def check_dips_html(rep, root, doc, rows, snap, labels):
    """The notes where a side's frontier falls below one of its configurations: one per side
    that does, in side order, each worded as expected_dip_note has it, its link to the hub of
    the configuration it names, at that speed, opening in the whole window."""
    page = doc["path"]
    items = [li for ul in find_all(root, "ul", "caveats") for li in children(ul, "li")]
    items = [li for li in items if "figures fall below" in text(li)]
    expected = [(i, d) for i, d in enumerate(expected_dips(doc, rows, snap)) if d]
    rep.eq(page, "configuration notes (count)", len(expected), len(items))
    for (i, dips), li in zip(expected, items):
        note, href = expected_dip_note(doc, i, dips, labels)
        rep.said(page, "configuration note", note, text(li), text(li) == note)
        links = [(a.attrs.get("href"), a.attrs.get("target")) for a in find_all(li, "a")]
        rep.said(page, "configuration note's link", [(href, "_top")], links,
                 links == [(href, "_top")])


def config_key(r):
    return (r["hardware"], r["precision"], r["framework"], r["spec_decoding"], r["disagg"])


def blended(front, x):
    """Whether the frontier reads x strictly between two neighbouring points of different
    deployments (configuration, parallelism and GPUs): its concurrency there is neither's
    load."""
    deployment = lambda r: config_key(r) + (r["parallelism"],)
    for p, q in zip(front, front[1:]):
        if p["interactivity"] < x < q["interactivity"]:
            return deployment(p) != deployment(q)
    return False


def check_blended_prose(rep, root, doc, rows, fronts):
    """A target's paragraph (the first paragraphs, one per target, in order) states the sides'
    requests in flight only where neither side's frontier reads it between two configurations'
    points."""
    page = doc["path"]
    paras = [text(p) for s in find_all(root, "section", "narrative") for p in find_all(s, "p")]
    for row, para in zip(rows, paras):
        x = row["interactivity"]
        mixed = any(blended(f, x) for f in fronts)
        states = "requests" in para
        rep.said(page, f"concurrency stated at {x} (only where no frontier blends configurations)",
                 "not stated" if mixed else "either", para, not (mixed and states))


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    site = Path(argv[1])
    ctx = load_context(site)
    rep = Report()
    seen = set()
    docs = list(page_docs(site / "public"))
    labels = ctx["hub_labels"] = hub_labels(docs)
    for doc in docs:
        rep.pages += 1
        if doc.get("family") == "rankings":
            tiers, cheap = check_ranking(rep, doc, ctx)
            root = load_html(rep, site, doc["path"])
            if root is not None:
                check_cheapest_html(rep, root, doc, cheap, ctx)
                check_ranking_html(rep, root, doc, tiers, ctx, labels)
            continue
        seen.add(doc["path"])
        if doc.get("family") == "hub":
            check_hub_series(rep, doc, ctx["snaps"][-1])
        rows, fronts = check_page(rep, doc, ctx)
        check_page_html(rep, site, doc, rows, fronts, ctx)
    check_lead_feeds(rep, site, docs, ctx)
    expected = expected_pages(ctx["snaps"][-1])
    for p in sorted(expected - seen):
        rep.fail(p, "index.json", "page exists", "missing")
    for p in sorted(seen - expected):
        rep.fail(p, "index.json", "no such page", "published")
    for line in sorted(rep.problems, key=lambda p: MORE_DECIMALS in p):  # those last
        print(line)
    decimals = sum(MORE_DECIMALS in p for p in rep.problems)
    print(f"pages checked: {rep.pages} index.json + {rep.html_pages} index.html, "
          f"values checked: {rep.values} (of which {rep.html_values} shown in HTML tables, "
          f"{rep.prose_values} figures and phrases in the prose of {rep.prose_pages} comparison "
          f"pages and the rankings' cheapest paragraphs, {rep.feed_values} changes of lead and "
          f"their counts in /changes/ and the feed), discrepancies: {len(rep.problems)} (of which {decimals} money amounts with "
          f"more decimals than \u00a75 and its documented departures allow; largest relative difference within tolerance: "
          f"{rep.max_rel:.1e})")
    return 1 if rep.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
