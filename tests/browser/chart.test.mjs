// The chart in headless Chromium (issue 4, SPEC §6): the demo site built with ECharts self-hosted,
// served on 127.0.0.1, and on a hub page and a comparison page every control checked against what
// the ECharts instance then shows. Screenshots of both pages at 375 px and 1280 px go to
// target/screenshots/. Run: `npm test`, or `cargo test --release --test browser`.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  assertClean,
  describeProblems,
  ECHARTS_JS,
  horizontalOverflow,
  missingPrerequisites,
  openPage,
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
  scatters,
  summarize,
  waitForChart,
  waitForState,
} from './chart-probe.mjs';

const missing = missingPrerequisites();
const skip = missing.length ? `missing: ${missing.join(', ')}` : false;

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
const finite = (values) => values.filter((v) => typeof v === 'number' && Number.isFinite(v));

/// Every check of one page's chart, in order, on one browser page at 1280 px; each check
/// leaves the controls as it found them.
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

    it('the tooltip names the series, framework, concurrency and both coordinates', async () => {
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
      assert.match(text, /Concurrency/i);
      assert.match(text, /tok\/s\/user/);
      assert.match(text, /tok\/s\/GPU/);
      const framework = side.points[0]?.framework;
      assert.ok(!framework || text.toLowerCase().includes(framework.toLowerCase()), `tooltip lacks ${framework}: ${text}`);
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

    it('"Save PNG" downloads a PNG of the chart', async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 10_000 }),
        page.click('#chart-png'),
      ]);
      assert.match(download.suggestedFilename(), /\.png$/);
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      const file = path.join(SCREENSHOTS, `${kind}-chart-download.png`);
      await download.saveAs(file);
      const bytes = fs.readFileSync(file);
      assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
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
      // The table stays pinned to the page's precision.
      await page.uncheck('#chart-precisions');
      await waitForState(page, (s) => s.series.length === initial.series.length, 'the sides only');
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

  it('every hub and comparison page renders its chart without errors', async () => {
    const WORKERS = Number(process.env.BROWSER_WORKERS) || 2;
    const failures = [];
    const queue = [...chosen.chartPages];
    const worker = async () => {
      // One browser page per worker, reused: fingerprinted assets come from its cache.
      const { page, problems, goto, close } = await openPage(browser, server.url('/'));
      for (let info = queue.shift(); info; info = queue.shift()) {
        try {
          await goto(server.url(info.path));
          await waitForChart(page, 15_000);
          const state = await chartState(page);
          if (scatters(state).length !== info.sides.length || lines(state).length !== info.sides.length) {
            failures.push(`${info.path}: ${info.sides.length} sides but ${summarize(state)}`);
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
});
