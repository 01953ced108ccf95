// The chart in headless Chromium (issue 4, SPEC §6): the demo site built with ECharts self-hosted,
// served on 127.0.0.1, and on a hub page and a comparison page every control checked against what
// the ECharts instance then shows. Screenshots of both pages at 375 px and 1280 px go to
// target/screenshots/. Run: `npm test`, or `cargo test --release --test browser`.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { after, before, describe, it } from 'node:test';

import {
  assertClean,
  axeViolations,
  describeProblems,
  ECHARTS_JS,
  horizontalOverflow,
  missingPrerequisites,
  openPage,
  REPO,
  screenshot,
  SCREENSHOTS,
  startSuite,
  stopSuite,
} from './harness.mjs';
import {
  X_KEYS,
  Y_KEYS,
  chartOptions,
  chartState,
  lines,
  liveChartMoves,
  liveTicks,
  scatters,
  shownTicks,
  summarize,
  waitForChart,
  pngProblems,
  savedPng,
  seriesBoxes,
  tickProblems,
  toggleByKeyboard,
  waitForState,
  watchECharts,
  wheelZoomProblems,
} from './chart-probe.mjs';

const missing = missingPrerequisites({ axe: true });
const skip = missing.length ? `missing: ${missing.join(', ')}` : false;

/// Puts the chart back on its default axes (linear, interactivity × throughput), whose names
/// `initial` (the chart's first state) has, and waits until it shows them.
async function defaultAxes(page, initial) {
  await page.uncheck('#chart-log');
  await page.selectOption('#chart-x', 'interactivity');
  await page.selectOption('#chart-y', 'throughput');
  await waitForState(
    page,
    (s) => s.yAxis.type === 'value' && s.xAxis.name === initial.xAxis.name && s.yAxis.name === initial.yAxis.name,
    'the default axes',
  );
}

/// Preferred pages (the examples); any page of the same kind serves if they are gone.
const PREFERRED_HUB = '/dsr1/gb200/fp4/8k-1k/';
const PREFERRED_COMPARISON = '/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/8k-1k/';

/// Hub pages and comparison pages (every page whose index.json lists `sides`), and which hub
/// pages have another precision of the same model, hardware and sequence in the built site.
function choosePages(pages) {
  const chartPages = pages.filter((p) => Array.isArray(p.sides) && p.sides.length > 0);
  const hubs = chartPages.filter((p) => p.family === 'hub');
  const comparisons = chartPages.filter((p) => p.family !== 'hub');
  const key = (p) => [p.model, [].concat(p.hardware).join('+'), p.isl, p.osl].join('|');
  const precisions = new Map();
  for (const hub of hubs) {
    const set = precisions.get(key(hub)) ?? new Set();
    set.add([].concat(hub.precision).join('+'));
    precisions.set(key(hub), set);
  }
  const hasOther = (p) => precisions.get(key(p)).size > 1;
  const hub = hubs.find((p) => p.path === PREFERRED_HUB && hasOther(p)) ?? hubs.find(hasOther);
  const comparison =
    comparisons.find((p) => p.path === PREFERRED_COMPARISON) ??
    comparisons.find((p) => p.sides.length >= 2);
  const loneHub = hubs.find((p) => !hasOther(p));
  return { chartPages, hub, comparison, loneHub };
}

const sideNames = (info) => info.sides.map((s) => s.label);

/// static/spline.js, run in node: `steffen(xs, ys)` and SAMPLES, how many points chart.js draws
/// per frontier interval.
const SPLINE = (() => {
  const sandbox = { module: { exports: {} } };
  vm.runInNewContext(fs.readFileSync(path.join(REPO, 'static', 'spline.js'), 'utf8'), sandbox);
  return sandbox.module.exports;
})();
const SAMPLES = SPLINE.SAMPLES;

/// Preferred page where the lead changes hands once (by index.json's `leader`).
const PREFERRED_LEAD = '/compare-disagg/dsr1-mi355x-fp8/1k-1k/';

/// The frontier of SPEC §3 by its definition, not by a sweep: a point stays unless another is
/// strictly better on x and at least as good on y, or as good on x and better on y (one of equal
/// points stays). `sx`/`sy` are +1 where higher is better, -1 where lower is. Sorted by x.
function paretoFrontier(points, sx, sy) {
  const kept = points.filter(
    ([x, y]) =>
      !points.some(([qx, qy]) => (sx * qx > sx * x && sy * qy >= sy * y) || (qx === x && sy * qy > sy * y)),
  );
  const unique = new Map(kept.map((p) => [p[0], p]));
  return [...unique.values()].sort((a, b) => a[0] - b[0]);
}

/// The drawn polyline's value at x (linear between its points), or null outside it.
function lineAt(line, x) {
  for (let i = 1; i < line.xs.length; i++) {
    if (line.xs[i - 1] <= x && x <= line.xs[i]) {
      const t = (x - line.xs[i - 1]) / (line.xs[i] - line.xs[i - 1]);
      return line.ys[i - 1] + t * (line.ys[i] - line.ys[i - 1]);
    }
  }
  return line.xs.length === 1 && line.xs[0] === x ? line.ys[0] : null;
}

/// Problems with one drawn frontier line, as strings (empty: none): its knots (every SAMPLES-th
/// point) are exactly the Pareto frontier of the side's plotted points; between two knots it is
/// monotone and stays between them (no S-bend, no shoulder); no plotted point lies beyond it.
function curveProblems(line, scatter, sx, sy, what) {
  const problems = [];
  const knots = paretoFrontier(scatter.xs.map((x, i) => [x, scatter.ys[i]]), sx, sy);
  const n = line.xs.length;
  if (knots.length <= 1 ? n !== knots.length : n !== (knots.length - 1) * SAMPLES + 1) {
    return [`${what}: ${n} drawn points for ${knots.length} frontier points`];
  }
  const tol = (a, b) => 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  knots.forEach(([x, y], k) => {
    const [dx, dy] = [line.xs[k * SAMPLES], line.ys[k * SAMPLES]];
    if (dx !== x || dy !== y) problems.push(`${what}: knot ${k} drawn at (${dx}, ${dy}), not (${x}, ${y})`);
  });
  for (let k = 0; k + 1 < knots.length; k++) {
    const [lo, hi] = [Math.min(knots[k][1], knots[k + 1][1]), Math.max(knots[k][1], knots[k + 1][1])];
    const up = knots[k + 1][1] >= knots[k][1];
    for (let i = k * SAMPLES + 1; i <= (k + 1) * SAMPLES; i++) {
      const [x0, y0, x1, y1] = [line.xs[i - 1], line.ys[i - 1], line.xs[i], line.ys[i]];
      if (!(x1 > x0)) problems.push(`${what}: x not increasing at point ${i}`);
      if (up ? y1 < y0 - tol(y0, y1) : y1 > y0 + tol(y0, y1)) {
        problems.push(`${what}: bends back between knots ${k} and ${k + 1} (${y0} → ${y1})`);
      }
      if (y1 < lo - tol(lo, y1) || y1 > hi + tol(hi, y1)) {
        problems.push(`${what}: leaves [${lo}, ${hi}] between knots ${k} and ${k + 1}: ${y1}`);
      }
    }
  }
  scatter.xs.forEach((x, i) => {
    const y = lineAt(line, x);
    if (y !== null && sy * scatter.ys[i] > sy * y + tol(y, scatter.ys[i])) {
      problems.push(`${what}: point (${x}, ${scatter.ys[i]}) lies beyond the frontier (${y})`);
    }
  });
  return problems.slice(0, 5);
}
const finite = (values) => values.filter((v) => typeof v === 'number' && Number.isFinite(v));

/// Every check of one page's chart, in order, on one browser page at 1280 px; each check
/// leaves the controls as it found them.
/// How each table on `page` sits in its scrolling box: whether it fits, whether it scrolls with
/// edge shadows, whether it is stacked (on a phone, each row's name above its values) or else
/// its row names are sticky, and whether the caption stays whole inside the box at both ends
/// of the scroll.
function tableLayout(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.table-scroll')].map((box) => {
      const style = getComputedStyle(box);
      const frame = box.getBoundingClientRect();
      const last = box.querySelector('thead th:last-child').getBoundingClientRect();
      const caption = box.querySelector('caption');
      const inView = () => {
        const r = caption.getBoundingClientRect();
        return r.left >= frame.left - 1 && r.right <= frame.right + 1;
      };
      const captionAtStart = inView();
      box.scrollLeft = box.scrollWidth;
      const captionAtEnd = inView();
      box.scrollLeft = 0;
      const names = [...box.querySelectorAll('table.matched tbody th, table.matched thead th:first-child, table.since-table tbody th')];
      // A "Since the previous run" table shows its first change beside each series' name.
      const firstChange = box.querySelector('table.since-table tbody td');
      return {
        firstChangeInView: !firstChange || firstChange.getBoundingClientRect().right <= frame.right + 1,
        caption: caption.textContent.trim(),
        fits: box.scrollWidth <= box.clientWidth + 1 && last.right <= frame.right + 1,
        scrolls: ['auto', 'scroll'].includes(style.overflowX),
        affordance: (style.backgroundImage.match(/gradient/g) || []).length >= 4,
        stickyNames: names.every((th) => getComputedStyle(th).position === 'sticky'),
        stacked: getComputedStyle(box.querySelector('tbody tr')).display === 'grid',
        captionInView: captionAtStart && captionAtEnd,
      };
    }),
  );
}

/// For each sticky row name of the first matched table (scrolled to its end) after the first,
/// how light the lightest pixel of its top pixel row is (the smallest of its channels): the
/// row line must be drawn all along (with collapsed borders the sticky cells painted over
/// parts of it), so each value must be well below white (255).
async function rowLinesUnderStickyNames(page) {
  const boxes = await page.evaluate(() => {
    const box = document.querySelector('.table-scroll:has(table.matched)');
    box.scrollIntoView({ block: 'center' });
    box.scrollLeft = box.scrollWidth;
    return [...box.querySelectorAll('table.matched tbody tr + tr th')].map((th) => {
      const r = th.getBoundingClientRect();
      return { x: r.left + 4, y: r.top, width: r.width - 8 };
    });
  });
  const lightest = [];
  for (const { x, y, width } of boxes) {
    const png = await page.screenshot({ clip: { x, y, width, height: 1 } });
    lightest.push(
      await page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const canvas = Object.assign(document.createElement('canvas'), { width: img.width, height: 1 });
        const ctx = canvas.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const data = ctx.getImageData(0, 0, img.width, 1).data;
        let most = 0;
        for (let i = 0; i < data.length; i += 4) most = Math.max(most, Math.min(data[i], data[i + 1], data[i + 2]));
        return most;
      }, `data:image/png;base64,${png.toString('base64')}`),
    );
  }
  await page.evaluate(() => {
    document.querySelector('.table-scroll:has(table.matched)').scrollLeft = 0;
  });
  return lightest;
}

function chartChecks(kind, getInfo, { precisionToggleRequired }) {
  describe(`${kind} page`, () => {
    let info;
    let opened;
    let page;
    let initial;

    before(async () => {
      info = getInfo();
      assert.ok(info, `the built site has no ${kind} page to test`);
      opened = await openPage(browser, server.url(info.path), { width: 1280 });
      page = opened.page;
      await waitForChart(page);
      initial = await chartState(page);
    });
    after(async () => {
      await opened?.close();
    });

    it('renders a scatter and a frontier line per side, named after the sides', () => {
      const names = sideNames(info);
      assert.equal(initial.series.length, 2 * names.length, summarize(initial));
      assert.deepEqual(scatters(initial).map((s) => s.name), names, summarize(initial));
      // The frontier line is named after its side (so one legend entry hides both) or
      // "<side> frontier".
      for (const [i, line] of lines(initial).entries()) {
        assert.ok([names[i], `${names[i]} frontier`].includes(line.name), summarize(initial));
      }
      for (const [i, side] of info.sides.entries()) {
        assert.equal(scatters(initial)[i].count, side.points.length, `points of ${side.label}`);
        assert.ok(lines(initial)[i].count >= 1, `frontier of ${side.label} is empty`);
      }
      assert.equal(initial.xAxis.type, 'value');
      assert.match(initial.xAxis.name, /tok\/s\/user/);
      assert.equal(initial.yAxis.type, 'value');
      assert.match(initial.yAxis.name, /tok\/s\/GPU/);
    });

    it('has an accessible name and embeds its options as JSON', async () => {
      const a11y = await page.evaluate(() => {
        const el = document.getElementById('chart');
        return {
          role: el.getAttribute('role'),
          label: el.getAttribute('aria-label'),
          inFigure: Boolean(el.closest('figure.chart')),
          echartsFromSite: [...document.scripts].some((s) => /\/echarts\.min\.[0-9a-f]+\.js$/.test(s.src)),
        };
      });
      assert.equal(a11y.role, 'img');
      assert.ok(a11y.label && a11y.label.trim().length > 0, 'the chart has no aria-label');
      assert.ok(a11y.inFigure, '#chart is not inside figure.chart');
      assert.ok(a11y.echartsFromSite, 'ECharts is not loaded from the site (self-hosted copy)');
      // ... and it is the file the suite self-hosts (the trimmed build in vendor/ by default),
      // so every check here runs on that build.
      const served = await page.evaluate(async () => {
        const src = [...document.scripts].find((s) => /\/echarts\.min\.[0-9a-f]+\.js$/.test(s.src)).src;
        return (await (await fetch(src)).arrayBuffer()).byteLength;
      });
      assert.equal(served, fs.statSync(ECHARTS_JS).size, `the page's ECharts is not ${ECHARTS_JS}`);
      const options = await chartOptions(page);
      assert.ok(options && options.option, '#chart-options holds no option');
      assert.deepEqual(
        options.series.filter((s) => s.kind === 'side').map((s) => s.label),
        sideNames(info),
      );
      for (const s of options.series) {
        assert.ok(['side', 'precision'].includes(s.kind), `series kind ${s.kind}`);
        assert.ok(options.option.dataset[s.dataset], `series ${s.label}: no dataset ${s.dataset}`);
      }
      assert.deepEqual(options.axes.x.map((a) => a.key), X_KEYS);
      assert.deepEqual(options.axes.y.map((a) => a.key), Y_KEYS);
    });

    it('offers every x axis and y metric, each with its unit in the axis name', async () => {
      const values = (id) =>
        page.$$eval(`#${id} option`, (options) => options.map((o) => o.value));
      assert.deepEqual(await values('chart-x'), X_KEYS);
      assert.deepEqual(await values('chart-y'), Y_KEYS);
      const seen = new Map();
      for (const key of Y_KEYS) {
        await page.selectOption('#chart-y', key);
        const state = await waitForState(
          page,
          (s) => !seen.size || ![...seen.values()].includes(s.yAxis.name),
          `a new y axis name for ${key}`,
        );
        assert.match(state.yAxis.name, /\(.+\)/, `y axis name for ${key} has no unit`);
        assert.equal(state.series.length, initial.series.length);
        seen.set(key, state.yAxis.name);
      }
      assert.match(seen.get('tok_s_mw'), /MW/);
      assert.match(seen.get('j_per_tok'), /J\//);
      for (const key of X_KEYS.slice(1)) {
        await page.selectOption('#chart-x', key);
        const state = await waitForState(
          page,
          (s) => s.xAxis.name !== initial.xAxis.name,
          `a new x axis name for ${key}`,
        );
        assert.match(state.xAxis.name, /\(s\)/, `x axis ${key} is not in seconds`);
        const xs = finite(scatters(state).flatMap((s) => s.xs));
        assert.ok(xs.length > 0, `no point has a value for x=${key}`);
      }
      await page.selectOption('#chart-x', 'interactivity');
      await page.selectOption('#chart-y', 'throughput');
      await waitForState(page, (s) => s.yAxis.name === initial.yAxis.name, 'the default axes');
    });

    it('switching the y metric to cost changes the axis name and the data', async () => {
      await page.selectOption('#chart-y', 'cost_hyperscaler');
      const cost = await waitForState(
        page,
        (s) => s.yAxis.name !== initial.yAxis.name,
        'the y axis to change',
      );
      assert.match(cost.yAxis.name, /\$\/M tok/);
      const before = scatters(initial).flatMap((s) => s.ys);
      const now = scatters(cost).flatMap((s) => s.ys);
      assert.notDeepEqual(now, before, 'the plotted y values did not change');
      assert.ok(finite(now).length > 0 && finite(now).every((v) => v > 0), 'costs are not positive');
      // ... and they are the embedded points' cost column.
      const options = await chartOptions(page);
      for (const [i, meta] of options.series.filter((m) => m.kind === 'side').entries()) {
        const dataset = options.option.dataset[meta.dataset];
        const dims = dataset.dimensions.map((d) => (typeof d === 'string' ? d : d.name));
        const [xi, yi] = [dims.indexOf('interactivity'), dims.indexOf('cost_hyperscaler')];
        const expected = dataset.source
          .filter((row) => Number.isFinite(row[xi]) && Number.isFinite(row[yi]))
          .map((row) => row[yi]);
        const sorted = (list) => [...list].sort((a, b) => a - b);
        assert.deepEqual(sorted(scatters(cost)[i].ys), sorted(expected), `cost points of ${meta.label}`);
      }
      // The frontier lines follow the metric too (the lower frontier for cost).
      assert.notDeepEqual(lines(cost).map((s) => s.ys), lines(initial).map((s) => s.ys));
      await page.selectOption('#chart-y', 'throughput');
      await waitForState(page, (s) => s.yAxis.name === initial.yAxis.name, 'throughput again');
    });

    it('draws each frontier as the spline the table reads, through every frontier point', () => {
      // At the default axes the knots are the frontier in index.json (Rust's; the chart's data
      // carry 6 significant digits), ...
      const near = (a, b) => Math.abs(a - b) <= 1e-5 * Math.abs(b);
      for (const [i, side] of info.sides.entries()) {
        const line = lines(initial)[i];
        const knots = side.frontier.map((p) => [p.interactivity, p.throughput]);
        const drawnKnots = line.xs
          .map((x, j) => [x, line.ys[j]])
          .filter((_, j) => j % SAMPLES === 0);
        assert.ok(
          drawnKnots.length === knots.length &&
            knots.every(([x, y], k) => near(drawnKnots[k][0], x) && near(drawnKnots[k][1], y)),
          `the frontier of ${side.label} is drawn through ${JSON.stringify(drawnKnots)}, ` +
            `not ${JSON.stringify(knots)}`,
        );
        assert.deepEqual(curveProblems(line, scatters(initial)[i], 1, 1, side.label), []);
      }
      // ... and every number the table prints sits on the drawn line (ECharts' own `smooth`
      // missed them by 1% and more). The line is sampled, so between samples it is a chord.
      let read = 0;
      for (const row of info.rows) {
        row.values.forEach((values, i) => {
          if (!values) return;
          const drawn = lineAt(lines(initial)[i], row.interactivity);
          assert.ok(drawn !== null, `${info.sides[i].label}: no line at ${row.interactivity} tok/s/user`);
          const off = Math.abs(drawn - values.throughput) / values.throughput;
          assert.ok(
            off < 2e-4,
            `${info.sides[i].label} at ${row.interactivity} tok/s/user: the table reads ` +
              `${values.throughput}, the line is at ${drawn} (${(off * 100).toFixed(3)} % off)`,
          );
          read += 1;
        });
      }
      assert.ok(read > 0, 'the table reads no value off any frontier');
    });

    it('draws the cost frontier through the costs the table reads (from the interpolated throughput)', async () => {
      // SPEC §3: a target's cost is the price over the interpolated throughput. A spline
      // through the cost points instead parts from it between points, by up to 4% on the demo.
      const y = `cost_${info.cost_provider}`;
      await page.selectOption('#chart-y', y);
      const name = (await chartOptions(page)).axes.y.find((a) => a.key === y).name;
      const cost = await waitForState(page, (s) => s.yAxis.name === name, `the y metric ${y}`);
      let read = 0;
      for (const row of info.rows) {
        row.values.forEach((values, i) => {
          if (!values) return;
          const drawn = lineAt(lines(cost)[i], row.interactivity);
          const off = Math.abs(drawn - values.cost_per_mtok) / values.cost_per_mtok;
          assert.ok(
            off < 2e-4,
            `${info.sides[i].label} at ${row.interactivity} tok/s/user: the table reads ` +
              `$${values.cost_per_mtok}, the line is at $${drawn} (${(off * 100).toFixed(3)} % off)`,
          );
          read += 1;
        });
      }
      assert.ok(read > 0, 'the table reads no cost off any frontier');
      await page.selectOption('#chart-y', 'throughput');
      await waitForState(page, (s) => s.yAxis.name === initial.yAxis.name, 'throughput again');
    });

    it('draws the frontier for every x axis and y metric (lower for cost and J/token), and on a log axis', async () => {
      const options = await chartOptions(page);
      const better = (kind, key) => (options.axes[kind].find((a) => a.key === key).better === 'higher' ? 1 : -1);
      const name = (kind, key) => options.axes[kind].find((a) => a.key === key).name;
      const problems = [];
      const check = (state, x, y) =>
        lines(state).forEach((line, i) =>
          problems.push(...curveProblems(line, scatters(state)[i], better('x', x), better('y', y), `${info.sides[i].label} ${x}×${y}`)),
        );
      for (const x of X_KEYS) {
        for (const y of Y_KEYS) {
          await page.selectOption('#chart-x', x);
          await page.selectOption('#chart-y', y);
          const state = await waitForState(
            page,
            (s) => s.xAxis.name === name('x', x) && s.yAxis.name === name('y', y),
            `the axes ${x} × ${y}`,
          );
          check(state, x, y);
        }
      }
      await page.check('#chart-log');
      for (const y of ['throughput', 'cost_hyperscaler']) {
        await page.selectOption('#chart-y', y);
        const state = await waitForState(page, (s) => s.yAxis.type === 'log' && s.yAxis.name === name('y', y), `log ${y}`);
        check(state, X_KEYS[X_KEYS.length - 1], y);
      }
      await defaultAxes(page, initial);
      assert.deepEqual(problems, []);
    });

    it('has no ECharts toolbox or aria (page buttons and its own aria-label instead)', async () => {
      // SPEC §15 "Weight": the trimmed build leaves both out; "Reset zoom" and "Save PNG" are
      // the page's buttons (tested below), and chart.js names the chart for the axes shown.
      assert.equal(initial.toolbox, null, 'the option asks for a toolbox');
      // (getOption() always reports the theme's aria defaults, so the embedded option is read.)
      const embedded = await chartOptions(page);
      assert.equal(embedded.option.aria, undefined, 'the option asks for ECharts aria');
      assert.equal(embedded.option.toolbox, undefined, 'the option asks for a toolbox');
      assert.equal(await page.isVisible('#chart-reset'), true);
      assert.equal(await page.isVisible('#chart-png'), true);
      const label = await page.getAttribute('#chart', 'aria-label');
      assert.ok(label.includes(initial.yAxis.name) && label.includes(initial.xAxis.name), label);
    });

    it('lays the grid out as src/chart.rs asks (containLabel: top 64 px, right 24 px, labels inside)', async () => {
      // ECharts 6 honours grid.containLabel only with its LegacyGridContainLabel feature;
      // without it the plot area moves (its own outerBounds layout) and these margins change.
      const { rect, width } = await page.evaluate(() => {
        const chart = echarts.getInstanceByDom(document.getElementById('chart'));
        return { rect: chart.getModel().getComponent('grid').coordinateSystem.getRect(), width: chart.getWidth() };
      });
      const where = JSON.stringify({ ...rect, chartWidth: width });
      assert.equal(rect.y, 64, where);
      assert.ok(Math.abs(width - (rect.x + rect.width) - 24) < 0.5, where);
      assert.ok(rect.x > 16 + 20, `the plot starts ${rect.x} px from the left: the labels do not fit`);
    });

    it('log scale switches the y axis type', async () => {
      await page.check('#chart-log');
      await waitForState(page, (s) => s.yAxis.type === 'log', 'a log y axis');
      await page.uncheck('#chart-log');
      await waitForState(page, (s) => s.yAxis.type === 'value', 'a linear y axis');
    });

    it('"frontier points only" hides every point off the frontier', async () => {
      await page.check('#chart-frontier-only');
      const state = await waitForState(
        page,
        (s) => scatters(s).some((x, i) => x.count !== scatters(initial)[i].count) ||
          info.sides.every((side) => side.points.length === side.frontier.length),
        'fewer points',
      );
      for (const [i, side] of info.sides.entries()) {
        // At the default axes the frontier is the one index.json lists.
        assert.equal(scatters(state)[i].count, side.frontier.length, `frontier of ${side.label}`);
      }
      assert.deepEqual(lines(state).map((s) => s.ys), lines(initial).map((s) => s.ys));
      await page.uncheck('#chart-frontier-only');
      await waitForState(
        page,
        (s) => scatters(s).every((x, i) => x.count === scatters(initial)[i].count),
        'every point again',
      );
    });

    it('the tooltip names the series, precision, framework, concurrency and both coordinates', async () => {
      const text = await page.evaluate(() => {
        const chart = echarts.getInstanceByDom(document.getElementById('chart'));
        chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 });
        return new Promise((resolve) =>
          setTimeout(() => {
            const tip = [...document.querySelectorAll('#chart div')].find(
              (d) => d.style.position === 'absolute' && d.textContent.trim(),
            );
            const content = tip ? tip.innerText : '';
            chart.dispatchAction({ type: 'hideTip' });
            resolve(content);
          }, 300),
        );
      });
      const side = info.sides[0];
      assert.ok(text.includes(side.label), `tooltip lacks the series name: ${text}`);
      // A measured concurrency, thousands grouped as the tables print it.
      const conc = (text.match(/Concurrency: ([\d,]+)/) || [])[1];
      assert.ok(
        side.points.some((p) => p.concurrency.toLocaleString('en-US') === conc),
        `tooltip concurrency ${conc} is none of the side's: ${text}`,
      );
      assert.match(text, /tok\/s\/user/);
      assert.match(text, /tok\/s\/GPU/);
      // The engine as the page names it (src/render/labels.rs), never its slug when they differ.
      const NAMES = {
        vllm: 'vLLM', sglang: 'SGLang', trt: 'TensorRT-LLM', 'dynamo-trt': 'Dynamo TRT-LLM',
        'dynamo-sglang': 'Dynamo SGLang', 'sglang-disagg': 'SGLang Disagg', atom: 'ATOM',
      };
      const names = side.points.map((p) => NAMES[p.framework] ?? p.framework);
      assert.ok(names.some((n) => text.includes(n)), `tooltip lacks the engine (${names}): ${text}`);
      // Its precision too (a chip-vs-chip side mixes FP4 and FP8), upper case as the page writes it.
      const precisions = side.points.map((p) => p.precision.toUpperCase());
      assert.ok(precisions.some((p) => new RegExp(`^${p} · `, 'm').test(text)), `tooltip lacks the precision (${precisions}): ${text}`);
      for (const slug of Object.keys(NAMES)) {
        assert.ok(!new RegExp(`(^|[\\s·])${slug}( ·|$)`, 'm').test(text), `tooltip shows the slug ${slug}: ${text}`);
      }
      // Both coordinates with the tables' decimals: one for tok/s/user and tok/s/GPU.
      assert.match(text, /Interactivity \(tok\/s\/user\): [\d,]+\.\d$/m);
      assert.match(text, /Throughput \(tok\/s\/GPU\): [\d,]+\.\d$/m);
    });

    it('zooms inside and with a slider; reset restores the full range', async () => {
      const types = initial.dataZoom.map((z) => z.type);
      assert.ok(types.includes('inside') && types.includes('slider'), `dataZoom: ${types}`);
      await page.evaluate(() =>
        echarts
          .getInstanceByDom(document.getElementById('chart'))
          .dispatchAction({ type: 'dataZoom', start: 20, end: 60 }),
      );
      await waitForState(page, (s) => s.dataZoom.some((z) => z.start === 20), 'a zoom to 20–60 %');
      await page.click('#chart-reset');
      await waitForState(
        page,
        (s) => s.dataZoom.every((z) => z.start === 0 && z.end === 100),
        'the zoom reset to 0–100 %',
      );
    });

    it('zoomed with the wheel, the axes show only nice ticks, none over another; unzoomed, the labels they had', async () => {
      const options = await chartOptions(page);
      const name = (kind, key) => options.axes[kind].find((a) => a.key === key).name;
      const texts = (ticks) => ({ x: ticks.x.map((l) => l.text), y: ticks.y.map((l) => l.text) });
      const problems = [];
      const views = [[false, 'interactivity', 'throughput'], [true, 'interactivity', 'throughput'], [false, 'e2el', 'cost_hyperscaler']];
      for (const [log, x, y] of views) {
        await page.selectOption('#chart-x', x);
        await page.selectOption('#chart-y', y);
        await page.setChecked('#chart-log', log);
        const axes = `${x} × ${y}${log ? ' (log)' : ''}`;
        await waitForState(
          page,
          (s) => s.yAxis.type === (log ? 'log' : 'value') && s.xAxis.name === name('x', x) && s.yAxis.name === name('y', y),
          axes,
        );
        // Unzoomed, every tick ECharts chose is labelled, the ends of its nice extent too.
        const unzoomed = texts(await shownTicks(page));
        assert.deepEqual(unzoomed, await liveTicks(page), `${axes}: the unzoomed labels`);
        // On the log axis, deep enough to be inside one power of ten.
        const steps = log ? 14 : 6;
        problems.push(...(await wheelZoomProblems(page, { steps, log: { y: log } })).map((p) => `${axes}, ${p}`));
        // Still zoomed, the other scale: its labels follow at once, without another zoom.
        await page.setChecked('#chart-log', !log);
        await waitForState(page, (s) => s.yAxis.type === (log ? 'value' : 'log'), `${axes}: the other scale`);
        problems.push(...tickProblems(await shownTicks(page), { y: !log }).map((p) => `${axes}, zoomed, then ${log ? 'linear' : 'log'}: ${p}`));
        await page.setChecked('#chart-log', log);
        await waitForState(page, (s) => s.yAxis.type === (log ? 'log' : 'value'), `${axes}: its scale again`);
        await page.click('#chart-reset');
        await waitForState(page, (s) => s.dataZoom.every((z) => z.start === 0 && z.end === 100), 'the zoom reset');
        assert.deepEqual(texts(await shownTicks(page)), unzoomed, `${axes}: the labels after a reset`);
      }
      await defaultAxes(page, initial);
      assert.deepEqual(problems, []);
    });

    it('a legend click hides a series', async () => {
      const name = sideNames(info)[0];
      // Click the first legend entry: ECharts draws it top-left; find it through its model.
      const box = await page.evaluate((legendName) => {
        const el = document.getElementById('chart');
        const chart = echarts.getInstanceByDom(el);
        const view = chart.getViewOfComponentModel?.(chart.getModel().getComponent('legend'));
        let rect = null;
        view?.group.traverse((node) => {
          if (!rect && node.type === 'text' && node.style?.text === legendName) {
            rect = node.getBoundingRect().clone();
            rect.applyTransform(node.getComputedTransform());
          }
        });
        const page = el.getBoundingClientRect();
        return rect && { x: page.left + rect.x + rect.width / 2, y: page.top + rect.y + rect.height / 2 };
      }, name);
      if (box) {
        await page.mouse.click(box.x, box.y);
      } else {
        // No access to the legend's drawing: toggle it the way a click does.
        await page.evaluate((legendName) =>
          echarts.getInstanceByDom(document.getElementById('chart'))
            .dispatchAction({ type: 'legendToggleSelect', name: legendName }), name);
      }
      await waitForState(page, (s) => s.legend?.selected?.[name] === false, `${name} hidden`);
      await page.evaluate((legendName) =>
        echarts.getInstanceByDom(document.getElementById('chart'))
          .dispatchAction({ type: 'legendSelect', name: legendName }), name);
      await waitForState(page, (s) => s.legend?.selected?.[name] !== false, `${name} shown again`);
    });

    it('a checkbox per legend entry hides and shows its series from the keyboard, in step with the legend', async () => {
      const state = await chartState(page);
      const boxes = await seriesBoxes(page);
      assert.deepEqual(boxes.filter((b) => b.shown).map((b) => b.name), state.legend.names, 'a box per legend entry, in its order');
      assert.ok(boxes.every((b) => b.checked), JSON.stringify(boxes));
      for (const name of sideNames(info)) await toggleByKeyboard(page, name);
      // Named by its series, for a screen reader, in a group named "Show".
      const name = sideNames(info)[0];
      assert.equal(await page.getByRole('group', { name: 'Show' }).getByRole('checkbox', { name, exact: true }).count(), 1);
    });

    it('"Save PNG" downloads a PNG of the chart named after the page, headed by its title and address', async () => {
      const png = await savedPng(page);
      assert.equal(png.name, `${info.path.split('/').filter(Boolean).join('-')}.png`);
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      fs.writeFileSync(path.join(SCREENSHOTS, `${kind}-chart-download.png`), png.bytes);
      // The chart at twice its size, below a header of the title, the address and the
      // legend, without the slider.
      assert.deepEqual(pngProblems(png), []);
      assert.equal(png.lines.length, 3, 'the title, the address and the legend, a line each');
      // In a phone's window the address no longer fits a line: it wraps, not squeezed; the
      // legend, which ECharts pages through there, is whole.
      const wide = await chartState(page);
      await page.setViewportSize({ width: 375, height: 800 });
      await waitForState(page, (s) => s.width < wide.width, 'a narrower chart');
      const narrow = await savedPng(page);
      fs.writeFileSync(path.join(SCREENSHOTS, `${kind}-chart-download-375.png`), narrow.bytes);
      assert.deepEqual(pngProblems(narrow), []);
      assert.ok(narrow.lines.length >= 4, `${narrow.lines.length} lines of header at 375 px`);
      await page.setViewportSize({ width: 1280, height: 900 });
      await waitForState(page, (s) => s.width === wide.width, 'the chart wide again');
    });

    it(`the "other precisions" toggle adds series${precisionToggleRequired ? '' : ' (when present)'}`, async (t) => {
      const toggle = await page.$('#chart-precisions');
      if (!toggle && !precisionToggleRequired) {
        t.skip('no #chart-precisions on this page');
        return;
      }
      assert.ok(toggle, `#chart-precisions is missing on ${info.path}, which has another precision`);
      await page.check('#chart-precisions');
      const more = await waitForState(
        page,
        (s) => s.series.length > initial.series.length,
        'more series',
      );
      const added = more.series.slice(initial.series.length);
      assert.ok(added.some((s) => s.type === 'scatter' && s.count > 0), summarize(more));
      for (const s of added) assert.ok(!sideNames(info).includes(s.name), `added ${s.name} again`);
      // Their checkboxes show with them, and one hides its series from the keyboard.
      const shownBoxes = async () => (await seriesBoxes(page)).filter((b) => b.shown).map((b) => b.name);
      assert.deepEqual(await shownBoxes(), (await chartState(page)).legend.names);
      await toggleByKeyboard(page, added[0].name);
      // The table stays pinned to the page's precision.
      await page.uncheck('#chart-precisions');
      const sides = await waitForState(page, (s) => s.series.length === initial.series.length, 'the sides only');
      assert.deepEqual(await shownBoxes(), sides.legend.names, 'the other precisions\' boxes hidden again');
    });

    it('resizes with the window', async () => {
      const wide = await chartState(page);
      await page.setViewportSize({ width: 375, height: 800 });
      const narrow = await waitForState(page, (s) => s.width < wide.width, 'a narrower chart');
      assert.ok(narrow.width <= 375, `chart is ${narrow.width} px wide in a 375 px window`);
      await page.setViewportSize({ width: 1280, height: 900 });
      await waitForState(page, (s) => s.width === wide.width, 'the chart wide again');
    });

    it('logged no console errors, page errors or failed requests', () => {
      assertClean(opened.problems, info.path);
    });

    for (const width of [375, 1280]) {
      it(`screenshot at ${width} px: target/screenshots/${kind}-${width}.png`, async () => {
        const shot = await openPage(browser, server.url(info.path), { width, height: 900 });
        try {
          let rendered = null;
          try {
            await waitForChart(shot.page);
          } catch (e) {
            rendered = e;
          }
          const file = await screenshot(shot.page, `${kind}-${width}`);
          if (rendered) throw new Error(`no chart rendered (screenshot: ${file}): ${rendered.message}`);
          const overflow = await horizontalOverflow(shot.page);
          assert.ok(
            overflow.scrollWidth <= overflow.viewport,
            `the page scrolls sideways: ${overflow.scrollWidth} px wide in a ${overflow.viewport} px ` +
              `viewport, because of: ${overflow.culprits.join('; ') || 'unknown'}`,
          );
          const chartWidth = await shot.page.evaluate(
            () => document.getElementById('chart').getBoundingClientRect().width,
          );
          assert.ok(chartWidth <= width && chartWidth > width / 2, `chart ${chartWidth} px wide`);
          // Tables fit (issue 15): at 1280 px every table shows its last column without
          // scrolling; narrower, the tables of a column per target stack and fit, and any
          // other may scroll inside its box, with edge shadows showing there is more, its row
          // names kept in view, and the caption whole inside the box at either end of the
          // scroll.
          const tables = await tableLayout(shot.page);
          assert.ok(tables.length > 0, 'no tables');
          for (const t of tables) {
            if (width >= 1280) assert.ok(t.fits && !t.stacked, `${t.caption}: cut off at ${width} px`);
            else assert.ok(t.fits || (t.scrolls && t.affordance), `${t.caption}: clipped at ${width} px`);
            if (t.stacked) assert.ok(t.fits, `${t.caption}: stacked, yet wider than ${width} px`);
            else assert.ok(t.stickyNames, `${t.caption}: row names scroll away`);
            assert.ok(t.firstChangeInView, `${t.caption}: no change in view beside the names at ${width} px`);
            assert.ok(t.captionInView, `${t.caption}: the caption is cut off at ${width} px`);
          }
          const rowLines = await rowLinesUnderStickyNames(shot.page);
          assert.ok(rowLines.length > 0, 'no row names after the first');
          assert.ok(rowLines.every((v) => v < 240), `row lines missing under the row names: ${rowLines}`);
          assertClean(shot.problems, `${info.path} at ${width} px`);
        } finally {
          await shot.close();
        }
      });
    }
  });
}

let site;
let server;
let browser;
let chosen;

describe('chart in headless Chromium', { skip }, () => {
  before(async () => {
    ({ site, server, browser } = await startSuite());
    chosen = choosePages(site.pages());
  });
  after(() => stopSuite({ site, server, browser }));

  chartChecks('hub', () => chosen.hub, { precisionToggleRequired: true });
  chartChecks('comparison', () => chosen.comparison, { precisionToggleRequired: false });

  it('a cost below $0.10 in a tooltip keeps three significant digits, as the points table prints it', async () => {
    const url = '/gpt-oss-120b/b200/fp4/8k-1k/';
    const { page, problems, close } = await openPage(browser, server.url(url), { width: 1280 });
    try {
      await waitForChart(page);
      await page.selectOption('#chart-y', 'cost_hyperscaler');
      const tips = await page.evaluate(async () => {
        const chart = echarts.getInstanceByDom(document.getElementById('chart'));
        const texts = [];
        for (const dataIndex of [0, 1, 2]) {
          chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex });
          await new Promise((resolve) => setTimeout(resolve, 300));
          const tip = [...document.querySelectorAll('#chart div')].find(
            (d) => d.style.position === 'absolute' && d.textContent.trim(),
          );
          texts.push(tip ? tip.innerText : '');
        }
        chart.dispatchAction({ type: 'hideTip' });
        return texts;
      });
      const cells = await page.$$eval('table.points td[data-m="cost"]', (tds) => tds.map((td) => td.textContent.trim()));
      for (const text of tips) {
        const cost = (text.match(/^Cost \(hyperscaler, \$\/M tok\): (.+)$/m) || [])[1];
        assert.match(cost ?? '', /^0\.0+[1-9]\d\d$/, `three significant digits below $0.10: ${text}`);
        assert.ok(cells.includes(`$${cost}`), `the points table prints $${cost} too (${cells})`);
      }
      assertClean(problems, url);
    } finally {
      await close();
    }
  });

  it('every table fits its column at 1280 px on every page with data (SPEC §15)', async () => {
    const pages = site.pages();
    assert.ok(pages.length > 100, `only ${pages.length} pages with data`);
    const { page, goto, problems, close } = await openPage(browser, server.url('/'), { width: 1280, height: 900 });
    try {
      const cut = [];
      for (const info of pages) {
        await goto(server.url(info.path));
        assertClean(problems, info.path);
        for (const t of await tableLayout(page)) if (!t.fits) cut.push(`${info.path}: ${t.caption}`);
      }
      assert.deepEqual(cut, [], `${cut.length} tables are wider than their column`);
    } finally {
      await close();
    }
  });

  it('at 375 px every measured-points table shows its concurrency, interactivity and throughput whole, the rest a scroll away, and its setup headings and "Concurrency" whole', async () => {
    const { page, goto, problems, close } = await openPage(browser, server.url('/'), { width: 375 });
    try {
      const cut = [];
      let checked = 0;
      for (const info of site.pages()) {
        await goto(server.url(info.path));
        assertClean(problems, info.path);
        const tables = await page.$$eval('table.points', (tables) =>
          tables.map((table) => {
            const frame = table.closest('.table-scroll').getBoundingClientRect();
            const cells = [...table.querySelectorAll('tbody tr:not(.setup) td:nth-child(3)')];
            const right = (els) => Math.max(...els.map((e) => e.getBoundingClientRect().right));
            // The first heading, "Concurrency", on one line (it broke over three, hyphenated).
            const head = document.createRange();
            head.selectNodeContents(table.querySelector('thead th'));
            return {
              frame: frame.right,
              third: right(cells),
              headLines: new Set([...head.getClientRects()].map((r) => Math.round(r.top))).size,
              // A heading spans the whole table; its text must wrap within the box.
              setup: right(
                [...table.querySelectorAll('tr.setup th')].map((th) => {
                  const text = document.createRange();
                  text.selectNodeContents(th);
                  return text;
                }),
              ),
            };
          }),
        );
        checked += tables.length;
        for (const [i, t] of tables.entries()) {
          if (t.third > t.frame) cut.push(`${info.path} table ${i + 1}: throughput ends at ${t.third} px, the box at ${t.frame} px`);
          if (t.setup > t.frame) cut.push(`${info.path} table ${i + 1}: a setup heading ends at ${t.setup} px, the box at ${t.frame} px`);
          if (t.headLines !== 1) cut.push(`${info.path} table ${i + 1}: "Concurrency" takes ${t.headLines} lines`);
        }
      }
      assert.ok(checked > 200, `only ${checked} measured-points tables`);
      assert.deepEqual(cut, [], `${cut.length} tables cut their figures or headings`);
    } finally {
      await close();
    }
  });

  it('a family index lines its sequences up: at one x on every row at 1280 px, under the name on every row at 375 px', async () => {
    const { page, goto, problems, close } = await openPage(browser, server.url('/compare/'), { width: 1280 });
    try {
      const rows = () =>
        page.$$eval('.subject-list > li', (items) =>
          items.map((li) => {
            const name = li.querySelector(':scope > a').getBoundingClientRect();
            const chip = li.querySelector('.chips a').getBoundingClientRect();
            return { chipLeft: Math.round(chip.left), below: chip.top >= name.bottom };
          }),
        );
      const wide = await rows();
      assert.ok(wide.length > 5, `${wide.length} rows`);
      assert.equal(new Set(wide.map((r) => r.chipLeft)).size, 1, `first chips at ${wide.map((r) => r.chipLeft)}`);
      await page.setViewportSize({ width: 375, height: 800 });
      await goto(server.url('/compare/'));
      assert.ok((await rows()).every((r) => r.below), 'every row puts its sequences under its name');
      assertClean(problems, '/compare/');
    } finally {
      await close();
    }
  });

  it('a hub page without another precision has no working precision toggle', async (t) => {
    if (!chosen.loneHub) return t.skip('every hub page has another precision');
    const { page, problems, close } = await openPage(browser, server.url(chosen.loneHub.path));
    try {
      await waitForChart(page);
      const before = await chartState(page);
      const toggle = await page.$('#chart-precisions');
      if (toggle && (await toggle.isEnabled())) {
        await toggle.check();
        await page.waitForTimeout(200);
        const after = await chartState(page);
        assert.equal(after.series.length, before.series.length, 'the toggle added series');
      }
      assertClean(problems, chosen.loneHub.path);
    } finally {
      await close();
    }
  });

  it('when ECharts cannot load, the drawn chart stays and the box says so without the zoom hint or the controls, until the reader asks again; the eyebrow keeps 8k/1k lower-case', async () => {
    const { page, context, goto, close } = await openPage(browser, server.url('/'));
    try {
      const requests = await watchECharts(context, { block: true });
      await goto(server.url(chosen.hub.path));
      assert.equal(requests.count, 0, 'ECharts is not requested before the reader reaches for the chart');
      await page.hover('figure.chart', { position: { x: 2, y: 2 } });
      await page.waitForSelector('#chart-unavailable:not([hidden])');
      const state = await page.evaluate(() => ({
        unavailable: !document.getElementById('chart-unavailable').hidden,
        drawing: !document.getElementById('chart-plot').hidden,
        hint: !document.getElementById('chart-hint').hidden,
        controls: !document.getElementById('chart-controls').hidden,
        text: document.getElementById('chart-unavailable').innerText,
        caption: document.querySelector('.chart figcaption').innerText,
        eyebrow: document.querySelector('.eyebrow').innerText,
      }));
      assert.deepEqual(
        { unavailable: state.unavailable, drawing: state.drawing, hint: state.hint, controls: state.controls },
        { unavailable: true, drawing: true, hint: false, controls: false },
        JSON.stringify(state),
      );
      assert.match(state.text, /chart library could not be loaded/);
      assert.doesNotMatch(state.caption, /zoom/);
      // innerText applies CSS text-transform: the sequence must read as written.
      assert.match(state.eyebrow, /\dk\/\dk/, state.eyebrow);
      assert.doesNotMatch(state.eyebrow, /\dK/, state.eyebrow);

      assert.deepEqual(await axeViolations(page), [], 'axe, with the chart unavailable');

      // Moving over the chart again does not ask again; the button does, and the live chart
      // then takes the drawing's place, with its controls, and the first control focused.
      await page.mouse.move(10, 10);
      await page.hover('figure.chart', { position: { x: 4, y: 4 } });
      await page.waitForTimeout(200);
      assert.equal(requests.count, 1, 'one request until the reader asks again');
      await page.click('#chart-retry');
      for (let waited = 0; requests.count < 2 && waited < 5000; waited += 50) await page.waitForTimeout(50);
      assert.equal(requests.count, 2, 'the button asks again');
      await page.waitForTimeout(200);
      assert.ok(await page.isVisible('#chart-unavailable'), 'failing again, it says so again');
      requests.block = false;
      await page.focus('#chart-retry');
      await page.keyboard.press('Enter');
      await waitForChart(page);
      const live = await page.evaluate(() => ({
        unavailable: !document.getElementById('chart-unavailable').hidden,
        drawing: !document.getElementById('chart-plot').hidden,
        controls: !document.getElementById('chart-controls').hidden,
        focused: document.activeElement?.closest('#chart-controls') !== null,
      }));
      assert.deepEqual(live, { unavailable: false, drawing: false, controls: true, focused: true });
      assert.equal(requests.count, 3);
    } finally {
      await close();
    }
  });

  it('when ECharts neither arrives nor fails, the box says so after a while and offers to try again; a late arrival still brings the chart', async () => {
    const { page, context, goto, close } = await openPage(browser, server.url('/'));
    try {
      const requests = await watchECharts(context, { stall: true });
      await page.clock.install();
      await goto(server.url(chosen.hub.path));
      await page.hover('figure.chart', { position: { x: 2, y: 2 } });
      for (let waited = 0; requests.count < 1 && waited < 5000; waited += 50) await page.waitForTimeout(50);
      assert.equal(requests.count, 1);
      // Waiting, the reader is not told yet that it failed...
      await page.clock.runFor(14_000);
      assert.equal(await page.isVisible('#chart-unavailable'), false, 'told before 15 s');
      // ...and after 15 s is, with the button, while the request still hangs.
      await page.clock.runFor(1_500);
      await page.waitForSelector('#chart-unavailable:not([hidden])', { timeout: 2000 });
      assert.equal(await page.isVisible('#chart-controls'), false);
      assert.equal(await page.isVisible('#chart-plot'), true);
      // Trying again while the first request still hangs: Chromium waits on that same request
      // rather than send another. It then arrives, late, and the live chart takes over.
      await page.click('#chart-retry');
      await page.waitForTimeout(300);
      assert.ok(requests.count <= 2, `${requests.count} requests`);
      await requests.release();
      await page.waitForFunction(() => !document.getElementById('chart').hidden && window.echarts, null, { timeout: 20_000 });
      const live = await page.evaluate(() => ({
        unavailable: !document.getElementById('chart-unavailable').hidden,
        drawing: !document.getElementById('chart-plot').hidden,
        controls: !document.getElementById('chart-controls').hidden,
      }));
      assert.deepEqual(live, { unavailable: false, drawing: false, controls: true });
      // A timer left from the abandoned requests does not undo the live chart.
      await page.clock.runFor(20_000);
      assert.equal(await page.isVisible('#chart-unavailable'), false, 'a stale timer hid the chart');
      assert.equal(await page.isVisible('#chart-controls'), true);
    } finally {
      await close();
    }
  });

  it('loads ECharts when the reader reaches for the chart, at once for a shared view, and keeps a setting chosen while it loads; hidden series go into the link', async () => {
    const { page, context, goto, close } = await openPage(browser, server.url('/'));
    try {
      const requests = await watchECharts(context);
      const live = () => page.evaluate(() => Boolean(window.echarts) && !document.getElementById('chart').hidden);
      // The default view: drawn, and nothing asks for ECharts while the reader only reads,
      // even when the page scrolls the chart under a resting mouse.
      await goto(server.url(chosen.hub.path));
      const box = await page.locator('#chart-plot').boundingBox();
      await page.mouse.move(box.x + box.width / 2, 300);
      for (let step = 0; step < 12; step++) {
        await page.mouse.wheel(0, 120);
        await page.waitForTimeout(60);
      }
      await page.waitForTimeout(300);
      assert.equal(requests.count, 0, 'ECharts requested without the reader reaching for the chart');
      assert.equal(await page.isVisible('#chart-plot'), true);
      // Keyboard focus on a control is reaching for it.
      await page.focus('#chart-log');
      await waitForChart(page);
      assert.equal(await page.isVisible('#chart-plot'), false, 'the live chart took the drawing\'s place');
      assert.equal(requests.count, 1);

      // A shared link with another x axis needs the live chart: it starts with no gesture.
      requests.count = 0;
      await goto(server.url(`${chosen.hub.path}?x=e2el`));
      await page.waitForFunction(() => window.echarts && window.echarts.getInstanceByDom(document.getElementById('chart')));
      assert.equal(requests.count, 1, 'ECharts loaded at once for a shared view');
      assert.match((await chartState(page)).xAxis.name, /end-to-end latency/);

      // A choice made before ECharts arrived is what the live chart shows.
      await goto(server.url(chosen.hub.path));
      assert.equal(await live(), false);
      await page.selectOption('#chart-x', 'ttft');
      await page.waitForFunction(() => window.echarts && window.echarts.getInstanceByDom(document.getElementById('chart')));
      await waitForState(page, (st) => /time to first token/.test(st.xAxis.name), 'the chosen x axis');
      assert.match(page.url(), /[?&]x=ttft/);

      // So are the series unticked before ECharts arrived (focusing a box asked for it).
      await goto(server.url(chosen.hub.path));
      requests.stall = true;
      const sides = sideNames(chosen.hub).slice(0, 2);
      assert.equal(sides.length, 2, 'a hub of two sides');
      await page.focus('#chart-series input');
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      assert.equal(await live(), false, 'unticked before the chart was live');
      requests.stall = false;
      await requests.release();
      await page.waitForFunction(() => window.echarts && window.echarts.getInstanceByDom(document.getElementById('chart')));
      await waitForState(page, (st) => sides.every((s) => st.legend?.selected?.[s] === false), 'both sides unticked while loading, hidden');
      assert.deepEqual((await seriesBoxes(page)).slice(0, 2).map((b) => b.checked), [false, false]);

      // The hidden series are in the link (a `hide` per name), which Copy link shares: opened,
      // it asks for the live chart at once; while that loads, the link keeps them and their
      // boxes are unticked; live, the chart shows them hidden.
      const hides = () => new URL(page.url()).searchParams.getAll('hide');
      assert.deepEqual(hides(), sides, page.url());
      requests.count = 0;
      requests.stall = true;
      // (Not `goto`, which waits for the load event: the held script holds it back. The
      // page's deferred scripts have run by DOMContentLoaded.)
      await page.goto(page.url(), { waitUntil: 'domcontentloaded' });
      assert.deepEqual(hides(), sides, 'the link keeps them while the chart loads');
      assert.deepEqual((await seriesBoxes(page)).slice(0, 2).map((b) => b.checked), [false, false]);
      requests.stall = false;
      await requests.release();
      await page.waitForFunction(() => window.echarts && window.echarts.getInstanceByDom(document.getElementById('chart')));
      assert.equal(requests.count, 1, 'ECharts loaded at once for a link that hides series');
      await waitForState(page, (st) => sides.every((s) => st.legend?.selected?.[s] === false), 'the link\'s series hidden');
      assert.deepEqual((await seriesBoxes(page)).slice(0, 2).map((b) => b.checked), [false, false]);
      // Ticked again, a series leaves the link; a name the page lacks is dropped from it.
      await page.check(`#chart-series input[value="${sides[0]}"]`);
      await waitForState(page, (st) => st.legend?.selected?.[sides[0]] !== false, 'the first side shown again');
      assert.deepEqual(hides(), [sides[1]]);
      await goto(server.url(`${chosen.hub.path}?hide=No%20such%2C%20series&hide=${encodeURIComponent(sides[1])}`));
      await waitForState(page, (st) => st.legend?.selected?.[sides[1]] === false, 'the known name hidden');
      assert.deepEqual(hides(), [sides[1]]);
    } finally {
      await close();
    }
  });

  it('every hub and comparison page renders its chart without errors, with the ticks and plot area it was drawn with', async () => {
    const WORKERS = Number(process.env.BROWSER_WORKERS) || 2;
    const failures = [];
    const queue = [...chosen.chartPages];
    const worker = async () => {
      // One browser page per worker, reused: fingerprinted assets come from its cache.
      const { page, problems, goto, close } = await openPage(browser, server.url('/'));
      for (let info = queue.shift(); info; info = queue.shift()) {
        try {
          await goto(server.url(info.path));
          // The live chart takes the drawing's place without moving its axes (src/render/plot/
          // chooses ticks as ECharts does) or its plot area (style.css places it where
          // ECharts puts its grid).
          const moves = await liveChartMoves(page, 15_000);
          failures.push(...moves.map((m) => `${info.path}: ${m}`));
          const state = await chartState(page);
          // A scatter and a line per side, and one scatter more ringing each change of lead.
          const lead = (await chartOptions(page)).lead;
          const rings = scatters(state).filter((s) => s.name === lead?.label);
          const ringed = Math.max(0, (info.leader ?? []).length - 1);
          const sides = info.sides.length;
          if (scatters(state).length !== sides + rings.length || lines(state).length !== sides || (rings[0]?.count ?? 0) !== ringed) {
            failures.push(`${info.path}: ${sides} sides, ${ringed} changes of lead, but ${summarize(state)}`);
          }
          const text = describeProblems(problems);
          if (text) failures.push(`${info.path}:\n${text}`);
        } catch (e) {
          failures.push(`${info.path}: ${e.message.split('\n')[0]}`);
        }
      }
      await close();
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    assert.ok(chosen.chartPages.length > 0, 'no hub or comparison pages');
    assert.deepEqual(failures, [], `${failures.length} of ${chosen.chartPages.length} pages failed`);
  });

  it('at 375 px the longest legend stays on one line, scrolled sideways (with edge shadows) as ECharts scrolls it, so going live does not move the plot', async () => {
    const legendLength = (info) => sideNames(info).join('    ').length;
    const longest = chosen.chartPages.reduce((a, b) => (legendLength(b) > legendLength(a) ? b : a));
    const { page, problems, close } = await openPage(browser, server.url(longest.path), { width: 375 });
    try {
      const legend = await page.$eval('#chart-plot .plot-legend', (ul) => ({
        names: [...ul.children].map((li) => li.textContent),
        lines: new Set([...ul.children].map((li) => li.getBoundingClientRect().top)).size,
        overflows: ul.scrollWidth > ul.clientWidth,
        shadows: (getComputedStyle(ul).backgroundImage.match(/gradient/g) || []).length,
      }));
      assert.deepEqual(legend.names, sideNames(longest), 'the drawn legend names every series');
      assert.ok(legend.shadows >= 4, 'edge shadows show the legend scrolls, as tables do');
      assert.equal(legend.lines, 1, 'the drawn legend is one line');
      assert.ok(legend.overflows, `${longest.path}'s legend fits 375 px: the check needs a longer one`);
      assert.deepEqual(await liveChartMoves(page), [], 'the live chart keeps the drawing\'s ticks and plot area');
      assertClean(problems, longest.path);
    } finally {
      await close();
    }
  });
  it('rings mark where the lead changes hands, on the drawing and on the live chart at the default axes only', async () => {
    const comparisons = chosen.chartPages.filter((p) => p.family !== 'hub');
    const changes = (p) => Math.max(0, (p.leader ?? []).length - 1);
    const info = comparisons.find((p) => p.path === PREFERRED_LEAD && changes(p) > 0) ?? comparisons.find((p) => changes(p) > 0);
    const plain = comparisons.find((p) => p.overlap && changes(p) === 0);
    assert.ok(info && plain, 'the demo has comparisons with and without a change of lead');
    // Each side's throughput spline from index.json, and where the sign of A − B flips, found
    // here by scanning and bisection: independent of src/compute/metrics/lead.rs.
    const [a, b] = info.sides.map((s) => SPLINE.steffen(s.frontier.map((p) => p.interactivity), s.frontier.map((p) => p.throughput)));
    const gap = (x) => a(x) - b(x);
    const { lo, hi } = info.overlap;
    const flips = [];
    const N = 4000;
    for (let i = 1; i <= N; i++) {
      let [l, r] = [lo + ((hi - lo) * (i - 1)) / N, Math.min(hi, lo + ((hi - lo) * i) / N)];
      if (Math.sign(gap(l)) * Math.sign(gap(r)) >= 0) continue;
      for (let k = 0; k < 80; k++) {
        const m = (l + r) / 2;
        if (Math.sign(gap(m)) === Math.sign(gap(l))) l = m; else r = m;
      }
      flips.push((l + r) / 2);
    }
    const { page, problems, goto, close } = await openPage(browser, server.url(info.path));
    try {
      const options = await chartOptions(page);
      const rings = options.lead.points;
      assert.equal(rings.length, changes(info), 'a ring per change of lead');
      for (const [x, y] of rings) {
        // Every ring is one of the crossings, at the throughput both sides have there.
        assert.ok(flips.some((f) => Math.abs(f - x) < 1e-6 * hi), `ring at ${x} is not a crossing (${flips})`);
        assert.ok(Math.abs(a(x) - y) < 1e-6 * y && Math.abs(b(x) - y) < 1e-6 * y, `ring at ${x}: ${y} against ${a(x)}, ${b(x)}`);
      }
      for (const [i, s] of info.leader.entries()) {
        // Each stretch's leader is ahead at its middle, unless the two are within 1% there.
        const mid = (s.from + s.to) / 2;
        const [mine, other] = s.side === 0 ? [a(mid), b(mid)] : [b(mid), a(mid)];
        assert.ok(other < mine * 1.01, `stretch ${i} (${s.from}–${s.to}) is not side ${s.side}'s at ${mid}`);
      }
      // The drawing: a ring per change, placed by value along its x axis, and a legend entry.
      const drawn = await page.evaluate(() => {
        const area = document.querySelector('#chart-plot .plot-area');
        return {
          ends: area.getAttribute('data-x').split(' ').map(Number),
          lefts: [...area.querySelectorAll('.plot-rings i')].map((i) => parseFloat(i.style.left)),
          legend: [...document.querySelectorAll('#chart-plot .plot-legend li')].map((li) => li.textContent),
          caption: document.querySelector('.chart figcaption').textContent,
          narrative: document.querySelector('.narrative').textContent,
        };
      });
      const [x0, x1] = drawn.ends;
      assert.deepEqual(drawn.lefts, rings.map(([x]) => Math.round((10000 * (x - x0)) / (x1 - x0)) / 100));
      assert.deepEqual(drawn.legend, [...sideNames(info), options.lead.label]);
      // The caption says where, for readers who cannot see the rings (in ascending order).
      const printed = rings.map(([x]) => (Math.round(x * 10) / 10).toString());
      assert.match(drawn.caption, /Rings mark where the lead in tok\/s\/GPU changes hands: at about /);
      for (const x of printed) assert.ok(drawn.caption.includes(x), `${x} in ${drawn.caption}`);
      assert.match(drawn.narrative, /lead changes hands|depends on the speed/);
      // The live chart: the rings as a series of their own while the axes are the default ones.
      await waitForChart(page);
      const ringed = (st) => st.series.find((s) => s.name === options.lead.label);
      const state = await waitForState(page, (st) => ringed(st), 'the rings');
      assert.deepEqual(ringed(state).xs, rings.map((r) => r[0]));
      assert.deepEqual(ringed(state).ys, rings.map((r) => r[1]));
      // Rings, not discs: the crossing each marks stays in view.
      const style = await page.evaluate(() => window.echarts.getInstanceByDom(document.getElementById('chart'))
        .getOption().series.find((s) => s.id === 'lead').itemStyle);
      assert.deepEqual([style.color, style.borderWidth], ['transparent', 2]);
      // Hiding a side from the legend hides the rings; showing it again brings them back.
      const toggle = (name) => page.evaluate((n) => window.echarts.getInstanceByDom(document.getElementById('chart'))
        .dispatchAction({ type: 'legendToggleSelect', name: n }), name);
      const ringsShown = (st) => st.legend?.selected?.[options.lead.label] !== false;
      const ringsBox = async () => (await seriesBoxes(page)).find((b) => b.name === options.lead.label);
      assert.deepEqual(await ringsBox(), { name: options.lead.label, checked: true, shown: true });
      await toggle(sideNames(info)[1]);
      await waitForState(page, (st) => !ringsShown(st), 'the rings hidden with a side');
      assert.equal((await ringsBox()).checked, false, 'the rings\' box follows them');
      await toggle(sideNames(info)[1]);
      await waitForState(page, (st) => ringsShown(st), 'the rings back with both sides');
      assert.equal((await ringsBox()).checked, true);
      // A link shows the rings as its sender left them: here a side hidden, which took the
      // rings with it, and the rings shown again by hand.
      const side = sideNames(info)[1];
      await toggle(side);
      await waitForState(page, (st) => !ringsShown(st), 'the rings hidden with the side');
      await toggle(options.lead.label);
      await waitForState(page, (st) => ringsShown(st), 'the rings shown again by hand');
      assert.deepEqual(new URL(page.url()).searchParams.getAll('hide'), [side]);
      await goto(page.url());
      await waitForChart(page);
      await waitForState(page, (st) => st.legend?.selected?.[side] === false && ringsShown(st), 'the side hidden and the rings shown, as sent');
      await toggle(side);
      await waitForState(page, (st) => st.legend?.selected?.[side] !== false && ringsShown(st), 'both sides and the rings');
      // A side hidden on another axis: no rings when the default axes return, until it shows.
      await page.selectOption('#chart-y', 'cost_hyperscaler');
      await toggle(sideNames(info)[0]);
      await page.selectOption('#chart-y', 'throughput');
      await waitForState(page, (st) => ringed(st) && !ringsShown(st), 'the rings hidden with a side hidden elsewhere');
      await toggle(sideNames(info)[0]);
      await waitForState(page, (st) => ringsShown(st), 'the rings back with the side');
      // Saved as a PNG, the legend in its header holds the rings' entry too.
      assert.deepEqual(pngProblems(await savedPng(page)), []);
      await page.selectOption('#chart-y', 'cost_hyperscaler');
      await waitForState(page, (st) => /Cost/.test(st.yAxis.name) && !ringed(st), 'no rings on the cost axis');
      await page.selectOption('#chart-y', 'throughput');
      await waitForState(page, (st) => ringed(st), 'the rings back');
      // With the other precisions shown, their boxes come before the rings', as in the legend.
      if (await page.$('#chart-precisions')) {
        await page.check('#chart-precisions');
        const more = await waitForState(page, (st) => st.legend.names.length > sideNames(info).length + 1, 'the other precisions');
        assert.deepEqual((await seriesBoxes(page)).filter((b) => b.shown).map((b) => b.name), more.legend.names);
        await page.uncheck('#chart-precisions');
      }
      await page.selectOption('#chart-x', X_KEYS.find((k) => k !== 'interactivity'));
      await waitForState(page, (st) => !/Interactivity/.test(st.xAxis.name) && !ringed(st), 'no rings on another x axis');
      assert.equal((await ringsBox()).shown, false, 'no box for rings not drawn');
      assertClean(problems, info.path);
    } finally {
      await close();
    }

    const other = await openPage(browser, server.url(plain.path));
    try {
      const none = await other.page.evaluate(() => ({
        rings: document.querySelectorAll('#chart-plot .plot-rings i').length,
        caption: document.querySelector('.chart figcaption').textContent,
        lead: JSON.parse(document.getElementById('chart-options').textContent).lead ?? null,
      }));
      assert.deepEqual([none.rings, none.lead], [0, null], plain.path);
      assert.doesNotMatch(none.caption, /Rings/);
    } finally {
      await other.close();
    }
  });
});
