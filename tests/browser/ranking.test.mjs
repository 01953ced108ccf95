// The ranking chart in headless Chromium (issue 12, SPEC §12): on a ranking page of the demo
// site, one line per accelerator, drawn from the lowest cost the tables read, with the log-scale
// toggle, zoom reset, legend and PNG export working and nothing logged. Screenshots at 375 and
// 1280 px go to target/screenshots/. Run: `cargo test --release --test browser`.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertClean, missingPrerequisites, openPage, screenshot, startSuite, stopSuite } from './harness.mjs';
import {
  chartOptions,
  chartState,
  drawnTicks,
  liveChartMoves,
  liveTicks,
  shownTicks,
  waitForChart,
  pngProblems,
  savedPng,
  seriesBoxes,
  toggleByKeyboard,
  waitForState,
  watchECharts,
  wheelZoomProblems,
} from './chart-probe.mjs';

const missing = missingPrerequisites();
const skip = missing.length ? `missing: ${missing.join(', ')}` : false;
const RANKING = '/rankings/dsr1/8k-1k/';

let site;
let server;
let browser;

/// The tooltip's text with the pointer at interactivity `x`, above the x axis.
function tooltipAt(page, x) {
  return page.evaluate((at) => {
    const chart = echarts.getInstanceByDom(document.getElementById('chart'));
    const [px, py] = chart.convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, [at, 0]);
    chart.dispatchAction({ type: 'showTip', x: px, y: py - 40 });
    return new Promise((resolve) => setTimeout(() => {
      const tip = [...document.querySelectorAll('#chart div')].find(
        (d) => d.style.position === 'absolute' && d.textContent.includes('tok/s/user'));
      resolve(tip ? tip.innerText : '');
    }, 300));
  }, x);
}

describe('ranking chart in headless Chromium', { skip }, () => {
  before(async () => {
    ({ site, server, browser } = await startSuite());
  });
  after(() => stopSuite({ site, server, browser }));

  it('draws one line per accelerator through the costs the tables print', async () => {
    const { page, problems, close } = await openPage(browser, server.url(RANKING));
    try {
      const drawn = await drawnTicks(page);
      assert.ok(drawn.x.length > 1 && drawn.y.length > 1, 'the drawing has ticks');
      assert.deepEqual(await liveChartMoves(page), [], 'the live chart keeps the drawing\'s ticks and plot area');
      const state = await chartState(page);
      const ranking = JSON.parse(
        await (await fetch(server.url(`${RANKING}index.json`))).text(),
      );
      const hardware = new Set(ranking.candidates.map((c) => c.hardware));
      assert.equal(state.series.length, hardware.size, 'one line per accelerator');
      assert.ok(state.series.every((s) => s.type === 'line' && s.count > 10), 'lines with data');
      assert.match(state.yAxis.name, /Cost \(hyperscaler, \$\/M tok\)/);
      // At each tier, each accelerator's row cost lies on its line (the line holds the same
      // splines' values, the tiers among its samples; 6 significant digits are embedded).
      const tables = await page.$$eval('table.ranking', (ts) =>
        ts.map((t) => [...t.querySelectorAll('tbody th a')].map((a) => a.textContent.trim())),
      );
      const reached = ranking.tiers.filter((t) => t.rows.length > 0);
      assert.equal(tables.length, reached.length, 'one table per tier reached');
      const option = await chartOptions(page);
      reached.forEach((tier, i) => {
        tier.rows.forEach((row, j) => {
          const line = option.option.series.find((s) => s.name === tables[i][j]);
          assert.ok(line, `a line for ${tables[i][j]}`);
          const point = line.data.find((p) => p[0] === tier.interactivity);
          assert.ok(point, `${tables[i][j]}'s line has a point at ${tier.interactivity}`);
          const rel = Math.abs(point[1] - row.cost_per_mtok) / row.cost_per_mtok;
          assert.ok(rel < 1e-5, `${tables[i][j]} at ${tier.interactivity}: ${point[1]} vs ${row.cost_per_mtok}`);
        });
      });
      assertClean(problems, RANKING);
    } finally {
      await close();
    }
  });

  it('the tooltip lists every accelerator that reaches the pointer, cheapest first, in dollars', async () => {
    const { page, problems, close } = await openPage(browser, server.url(RANKING));
    try {
      await waitForChart(page);
      const ranking = JSON.parse(await (await fetch(server.url(`${RANKING}index.json`))).text());
      const tier = ranking.tiers.filter((t) => t.rows.length > 1)[0];
      const text = await tooltipAt(page, tier.interactivity);
      const lines = text.split('\n').slice(1);
      const names = (await page.$$eval('table.ranking', (ts) => ts.map((t) =>
        [...t.querySelectorAll('tbody th a')].map((a) => a.textContent.trim()))))[ranking.tiers.indexOf(tier)];
      assert.match(text.split('\n')[0], /^[\d.]+ tok\/s\/user$/, text);
      assert.deepEqual(lines.map((l) => l.split(':')[0]).sort(), [...names].sort(), text);
      const costs = lines.map((l) => Number(l.match(/\$([\d.]+)/)[1]));
      // As the tables print costs: three decimals, three significant digits below $0.10.
      assert.ok(lines.every((l) => /: \$(\d+\.\d{3}|0\.0+[1-9]\d\d) per M tok$/.test(l)), text);
      assert.deepEqual(costs, [...costs].sort((a, b) => a - b), `cheapest first: ${text}`);
      assertClean(problems, RANKING);
    } finally {
      await close();
    }
  });

  it('a checkbox per line hides it from the keyboard, and the tooltip then leaves it out', async () => {
    const { page, problems, close } = await openPage(browser, server.url(RANKING));
    try {
      await waitForChart(page);
      const names = (await chartState(page)).legend.names;
      assert.ok(names.length > 1, `${names.length} lines`);
      assert.deepEqual(await seriesBoxes(page), names.map((name) => ({ name, checked: true, shown: true })));
      for (const name of names) await toggleByKeyboard(page, name);
      // Hidden, a line is not in the tooltip, which lists every line reaching the pointer:
      // here at a tier's speed that it reaches, with another (see the test above).
      const ranking = JSON.parse(await (await fetch(server.url(`${RANKING}index.json`))).text());
      const id = (await chartOptions(page)).hardware[0]; // the first line's accelerator
      const tier = ranking.tiers.find((t) => t.rows.length > 1 && t.rows.some((r) => r.hardware === id));
      assert.ok(tier, `a tier ranks ${names[0]} with another`);
      const tip = () => tooltipAt(page, tier.interactivity);
      assert.match(await tip(), new RegExp(`^${names[0]}:`, 'm'));
      await page.evaluate((n) => [...document.querySelectorAll('#chart-series input')].find((i) => i.value === n).focus(), names[0]);
      await page.keyboard.press('Space');
      await waitForState(page, (s) => s.legend.selected[names[0]] === false, `${names[0]} hidden`);
      const without = await tip();
      assert.match(without, /tok\/s\/user/, 'a tooltip');
      assert.doesNotMatch(without, new RegExp(`^${names[0]}:`, 'm'));
      assertClean(problems, RANKING);
    } finally {
      await close();
    }
  });

  it('log scale, legend, zoom reset and PNG export work', async () => {
    const { page, problems, close } = await openPage(browser, server.url(RANKING));
    try {
      await waitForChart(page);
      assert.equal(await page.isVisible('#chart-controls'), true, 'controls are shown');
      assert.equal(await page.isVisible('#chart-plot'), false, 'the drawing gave way to the live chart');
      // The axis keeps its look through a change of scale (ECharts makes a new axis when
      // the type changes: given only the type, the name lost its alignment and was cut off).
      const style = () =>
        page.evaluate(() => {
          const [y] = window.echarts.getInstanceByDom(document.getElementById('chart')).getOption().yAxis;
          return { name: y.name, align: y.nameTextStyle?.align, gap: y.nameGap, scale: y.scale };
        });
      const drawn = await style();
      assert.equal(drawn.align, 'left', JSON.stringify(drawn));
      await page.check('#chart-log');
      await waitForState(page, (s) => s.yAxis.type === 'log');
      assert.deepEqual(await style(), drawn, 'on a log scale');
      await page.uncheck('#chart-log');
      await waitForState(page, (s) => s.yAxis.type === 'value');
      assert.deepEqual(await style(), drawn, 'back on a linear scale');
      const first = (await chartState(page)).series[0].name;
      await page.evaluate((name) => {
        window.echarts.getInstanceByDom(document.getElementById('chart'))
          .dispatchAction({ type: 'legendToggleSelect', name });
      }, first);
      await waitForState(page, (s) => s.legend.selected[first] === false);
      await page.evaluate(() => {
        window.echarts.getInstanceByDom(document.getElementById('chart'))
          .dispatchAction({ type: 'dataZoom', start: 20, end: 60 });
      });
      await waitForState(page, (s) => s.dataZoom.some((z) => z.start === 20));
      await page.click('#chart-reset');
      await waitForState(page, (s) => s.dataZoom.every((z) => z.start === 0 && z.end === 100));
      const png = await savedPng(page);
      assert.equal(png.name, `${RANKING.split('/').filter(Boolean).join('-')}.png`);
      assert.deepEqual(pngProblems(png), []);
      assertClean(problems, RANKING);
    } finally {
      await close();
    }
  });

  it('zoomed with the wheel, the axes show only nice ticks, none over another; unzoomed, the labels they had', async () => {
    const { page, problems, close } = await openPage(browser, server.url(RANKING));
    try {
      await waitForChart(page);
      const texts = (ticks) => ({ x: ticks.x.map((l) => l.text), y: ticks.y.map((l) => l.text) });
      const found = [];
      for (const log of [false, true]) {
        await page.setChecked('#chart-log', log);
        const scale = log ? 'log' : 'linear';
        await waitForState(page, (s) => s.yAxis.type === (log ? 'log' : 'value'), `a ${scale} scale`);
        // Unzoomed, every tick ECharts chose is labelled, the ends of its nice extent too.
        const unzoomed = texts(await shownTicks(page));
        assert.deepEqual(unzoomed, await liveTicks(page), `${scale}: the unzoomed labels`);
        found.push(...(await wheelZoomProblems(page, { log: { y: log } })).map((p) => `${scale}, ${p}`));
        await page.click('#chart-reset');
        await waitForState(page, (s) => s.dataZoom.every((z) => z.start === 0 && z.end === 100), 'the zoom reset');
        assert.deepEqual(texts(await shownTicks(page)), unzoomed, `${scale}: the labels after a reset`);
      }
      assert.deepEqual(found, []);
      assertClean(problems, RANKING);
    } finally {
      await close();
    }
  });

  it('a shared link loads ECharts at once for a log scale, a price or a hidden line, not for a kW (the drawing shows costs)', async () => {
    const { page, context, goto, close } = await openPage(browser, server.url('/'));
    try {
      const requests = await watchECharts(context);
      const expect = async (query, loads) => {
        requests.count = 0;
        // Each as a link opened in a new tab: no prices kept from the one before.
        await page.evaluate(() => sessionStorage.clear());
        await goto(server.url(`${RANKING}${query}`));
        if (loads) await page.waitForFunction(() => window.echarts && window.echarts.getInstanceByDom(document.getElementById('chart')));
        else await page.waitForTimeout(500);
        assert.equal(requests.count, loads ? 1 : 0, `${query}: ECharts requested ${requests.count} times`);
        assert.equal(await page.isVisible('#chart-plot'), !loads, `${query}: the drawing shown`);
      };
      await expect('?kw.b200=2', false);
      await expect('?price.b200=2.5', true);
      await expect('?log=1', true);
      await expect('', false);
      // A line hidden by the link: at once, and hidden; a name the chart lacks asks nothing.
      const first = (await page.$$eval('#chart-series input', (inputs) => inputs.map((i) => i.value)))[0];
      await expect(`?hide=${encodeURIComponent(first)}`, true);
      await waitForState(page, (s) => s.legend.selected[first] === false, `${first} hidden by the link`);
      await expect('?hide=No%20such%20line', false);
    } finally {
      await close();
    }
  });

  it('a phone or tablet sees every ranking row\'s four figures without scrolling the table; a desktop, the precision and engine columns', async () => {
    // gpt-oss 1k/1k has the widest row: "43,035.7 $0.0143 20,493,202 ~2,552", bold.
    const widest = '/rankings/gpt-oss-120b/1k-1k/';
    for (const [url, width] of [[RANKING, 320], [widest, 320], [RANKING, 375], [widest, 375], ['/', 375], [RANKING, 768], [RANKING, 1280], ['/', 1280]]) {
      const { page, problems, close } = await openPage(browser, server.url(url), { width });
      try {
        const seen = await page.$$eval('table.ranking', (tables) => tables.map((t) => {
          const box = t.closest('.table-scroll').getBoundingClientRect();
          const inside = (el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.left >= box.left - 0.5 && r.right <= box.right + 0.5;
          };
          const rows = [...t.querySelectorAll('tbody tr')];
          return {
            costs: rows.every((tr) => inside(tr.querySelector('[data-m="cost"]'))),
            // tok/s/GPU, $/M tok, tok/s/MW and concurrency: on a phone each row stacks its
            // figures under the name, rather than scroll the last two out of view.
            figures: rows.every((tr) => [...tr.children].slice(4).every(inside)),
            details: rows.map((tr) => tr.querySelector('.ranking-detail').getBoundingClientRect().height > 0),
            columns: rows.map((tr) => tr.children[2].getBoundingClientRect().width > 0),
          };
        }));
        assert.ok(seen.length > 0, `${url}: ranking tables`);
        const phone = width < 1000; // the table's box narrower than 50rem (static/style.css)
        for (const table of seen) {
          assert.ok(table.costs, `${url} at ${width}px: every $/M tok cell in view`);
          assert.ok(table.figures, `${url} at ${width}px: every row's four figures in view`);
          assert.ok(table.details.every((d) => d === phone), `${url} at ${width}px: detail under the name ${phone ? 'shown' : 'hidden'}`);
          assert.ok(table.columns.every((c) => c === !phone), `${url} at ${width}px: precision column ${phone ? 'hidden' : 'shown'}`);
        }
        assertClean(problems, url);
      } finally {
        await close();
      }
    }
  });

  it('screenshots at 375 and 1280 px, no horizontal page overflow', async () => {
    for (const width of [375, 1280]) {
      const { page, problems, close } = await openPage(browser, server.url(RANKING), { width });
      try {
        await waitForChart(page);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at ${width}px`);
        await screenshot(page, `ranking-${width}`);
        const home = await openPage(browser, server.url('/'), { width });
        await screenshot(home.page, `home-${width}`);
        await home.close();
        assertClean(problems, RANKING);
      } finally {
        await close();
      }
    }
  });
});
