// Reader tools in headless Chromium (issue 15, SPEC §15): "your prices" reprice the matched
// table, the measured points, the chart and the ranking order by SPEC §3's formulas; invalid
// input is refused in the field and changes nothing; the chart settings and prices live in the
// URL, come back from it, and survive "Copy link"; unknown or malformed parameters are ignored.
// Expected numbers are computed here from each page's own index.json.
// Run: `cargo test --release --test browser`, or
// `BENCHSITE_BIN=target/release/benchsite node --test tests/browser/reader-tools.test.mjs`.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertClean, missingPrerequisites, openPage, startSuite, stopSuite } from './harness.mjs';
import { chartState, waitForChart, waitForState } from './chart-probe.mjs';

const missing = missingPrerequisites();
const skip = missing.length ? `missing: ${missing.join(', ')}` : false;

/// A chip-vs-chip comparison (two accelerators, so one price moves one side only), a hub and a
/// ranking of the demo data.
const COMPARISON = '/compare/dsr1-b200-vs-h200/8k-1k/';
const HUB = '/dsr1/b200/fp4/8k-1k/';
const RANKING = '/rankings/dsr1/8k-1k/';

/// The table formats of SPEC §4 (src/render/table.rs `Metric::format`): costs with three
/// decimals, and below $0.10 with three significant digits (the README's departure).
const money = (v) => {
  const three = Number(v.toPrecision(3)); // three significant digits decide the decimals
  const d = three < 0.1 ? 2 - Math.floor(Math.log10(three)) : 3;
  return `$${(Math.round(v * 10 ** d) / 10 ** d).toFixed(d)}`;
};
const whole = (v) => Math.round(v).toLocaleString('en-US');

let site;
let server;
let browser;

async function pageData(path) {
  return (await fetch(server.url(`${path}index.json`))).json();
}

/// The matched table's cells of one metric row, `[target][side]` as printed.
async function matchedRow(page, name) {
  return page.$$eval('table.matched tbody tr', (rows, wanted) => {
    const row = rows.find((r) => r.querySelector('th').textContent.trim().startsWith(wanted));
    return [...row.querySelectorAll('td')].map((td) =>
      [...td.querySelectorAll('.value')].map((v) => ({ text: v.textContent.trim(), bold: !!v.querySelector('strong') })),
    );
  }, name);
}

/// Unfolds the price fields, as a reader would, by a click on their summary, if they are
/// folded (as on a ranking of many accelerators).
async function reveal(page, selector) {
  if (!(await page.isVisible(selector))) await page.click('#price-fields > summary');
}

/// Types `text` into a field as a reader would (select all, type).
async function type(page, selector, text) {
  await reveal(page, selector);
  await page.fill(selector, '');
  await page.type(selector, text);
}

describe('reader tools in headless Chromium', { skip }, () => {
  before(async () => {
    ({ site, server, browser } = await startSuite());
  });
  after(() => stopSuite({ site, server, browser }));

  it('without JavaScript the price form and share controls stay hidden and the table is as built', async () => {
    const { page, close } = await openPage(browser, server.url(COMPARISON), { javaScriptEnabled: false });
    try {
      assert.equal(await page.isVisible('#prices'), false, 'price form hidden');
      assert.equal(await page.isVisible('#share'), false, 'share controls hidden');
      const data = await pageData(COMPARISON);
      const cost = await matchedRow(page, 'Cost');
      assert.equal(cost[0][0].text, money(data.rows[0].values[0].cost_per_mtok));
    } finally {
      await close();
    }
  });

  it('nothing moves while the page and its scripts load: no layout shift at 375 and 1280 px on a hub, a comparison and a ranking', async () => {
    const shifts = [];
    for (const width of [375, 1280]) {
      for (const path of [HUB, COMPARISON, RANKING]) {
        const { page, problems, goto, close } = await openPage(browser, server.url('/robots.txt'), { width });
        try {
          await page.addInitScript(() => {
            window.shifts = [];
            new PerformanceObserver((list) => {
              for (const e of list.getEntries()) {
                const moved = e.sources.map((s) => s.node?.id || s.node?.className || s.node?.nodeName);
                window.shifts.push(`${e.value.toFixed(4)} (${moved.join(', ')})`);
              }
            }).observe({ type: 'layout-shift', buffered: true });
          });
          await goto(server.url(path));
          // The scripts are deferred: they have run by `load`; give them a few frames more.
          await page.waitForTimeout(500);
          assert.equal(await page.isVisible('#prices'), true, `${path}: the price form shows`);
          for (const shift of await page.evaluate(() => window.shifts)) shifts.push(`${path} at ${width} px: ${shift}`);
          assertClean(problems, path);
        } finally {
          await close();
        }
      }
    }
    assert.deepEqual(shifts, []);
  });

  it('a price changes cost cells by exactly new/old, tok/s/MW follows kW, and the prose keeps its prices', async () => {
    const { page, problems, close } = await openPage(browser, server.url(COMPARISON));
    try {
      await waitForChart(page);
      const data = await pageData(COMPARISON);
      assert.equal(data.sides[0].filter.hardware, 'b200');
      assert.equal(await page.isVisible('#prices'), true, 'the form shows with JavaScript');
      const prose = await page.$eval('.narrative', (el) => el.textContent);
      const oldPrice = Number(await page.inputValue('#price-b200'));
      const newPrice = 7.5;
      await type(page, '#price-b200', String(newPrice));
      const cost = await matchedRow(page, 'Cost');
      data.rows.forEach((row, i) => {
        const [a, b] = row.values;
        const expected = (a.cost_per_mtok * newPrice) / oldPrice;
        assert.equal(cost[i][0].text, money(expected), `B200 at ${row.interactivity}`);
        assert.equal(cost[i][1].text, money(b.cost_per_mtok), `H200 unchanged at ${row.interactivity}`);
        const cheaper = expected < b.cost_per_mtok ? 0 : 1;
        assert.ok(cost[i][cheaper].bold && !cost[i][1 - cheaper].bold, `the cheaper side is bold at ${row.interactivity}`);
      });
      // A measured point of B200 follows too: its cost is price / (3600 × throughput) × 1e6.
      const point = await page.$eval('tr[data-hw="b200"]', (tr) => ({
        t: Number(tr.dataset.t),
        cost: tr.querySelector('[data-m="cost"]').textContent.trim(),
      }));
      assert.equal(point.cost, money((newPrice / (3600 * point.t)) * 1e6));
      // Power: tok/s/MW = throughput × 1000 / kW.
      await type(page, '#kw-h200', '3.5');
      const power = await matchedRow(page, 'tok/s/MW');
      data.rows.forEach((row, i) => {
        assert.equal(power[i][1].text, whole((row.values[1].throughput * 1000) / 3.5));
        assert.equal(power[i][0].text, whole(row.values[0].tok_s_mw));
      });
      assert.equal(await page.$eval('.narrative', (el) => el.textContent), prose, 'the prose is unchanged');
      assert.equal(await page.isVisible('#prices-note'), true, 'a note says the prose keeps the published prices');
      assert.match(await page.textContent('#prices-note'), /published hyperscaler prices/);
      // The chart offers published providers' costs too: the note names the one that follows.
      assert.match(await page.textContent('#prices-note'), /the tables follow them, and so do the chart's “Cost \(your prices, \$\/M tok\)”, tok\/s\/MW and J\/token,/);
      // The chart's cost metric switches to "your prices" and plots the new costs.
      await page.selectOption('#chart-y', 'cost_yours');
      const state = await waitForState(page, (s) => /your prices/.test(s.yAxis.name), 'y axis: your prices');
      const b200 = state.series.find((s) => s.type === 'scatter' && s.name === 'B200');
      const chart = await page.evaluate(() => JSON.parse(document.getElementById('chart-options').textContent));
      const dims = chart.option.dataset[0].dimensions;
      const ti = dims.indexOf('throughput');
      const expectedYs = chart.option.dataset[0].source.map((r) => (newPrice / (3600 * r[ti])) * 1e6).sort((x, y) => x - y);
      const ys = [...b200.ys].sort((x, y) => x - y);
      ys.forEach((y, i) => assert.ok(Math.abs(y - expectedYs[i]) / expectedYs[i] < 1e-9, `point ${i}: ${y} vs ${expectedYs[i]}`));
      // "Published prices" puts everything back.
      await page.click('#prices-reset');
      const reset = await matchedRow(page, 'Cost');
      assert.equal(reset[0][0].text, money(data.rows[0].values[0].cost_per_mtok));
      assert.equal(await page.isVisible('#prices-note'), false);
      assertClean(problems, COMPARISON);
    } finally {
      await close();
    }
  });

  it('a cost repriced below $0.10 keeps three significant digits, as the built tables print it', async () => {
    const { page, problems, close } = await openPage(browser, server.url(COMPARISON));
    try {
      await waitForChart(page);
      const data = await pageData(COMPARISON);
      const [a, b] = data.rows[0].values;
      // B200's price set so that its cost at the first target is $0.01071 and H200's so that
      // its cost there is $0.01097: three decimals would print both "$0.011".
      for (const [id, side, wanted] of [['b200', a, 0.01071], ['h200', b, 0.01097]]) {
        const oldPrice = Number(await page.inputValue(`#price-${id}`));
        await type(page, `#price-${id}`, String((oldPrice * wanted) / side.cost_per_mtok));
      }
      const cost = await matchedRow(page, 'Cost');
      assert.deepEqual(cost[0].map((c) => c.text), ['$0.0107', '$0.0110']);
      assert.deepEqual(cost[0].map((c) => c.bold), [true, false], 'the cheaper side is bold');
      assertClean(problems, COMPARISON);
    } finally {
      await close();
    }
  });

  it('a price that makes two costs print alike leaves neither bold, as the built tables do', async () => {
    const { page, problems, close } = await openPage(browser, server.url(COMPARISON));
    try {
      await waitForChart(page);
      const data = await pageData(COMPARISON);
      const [a, b] = data.rows[0].values;
      // B200's price set so that its cost at the first target is H200's less a hair: cheaper, but
      // printed alike.
      const oldPrice = Number(await page.inputValue('#price-b200'));
      const wanted = b.cost_per_mtok * (1 - 1e-6);
      assert.equal(money(wanted), money(b.cost_per_mtok), 'the two costs print alike');
      await type(page, '#price-b200', String((oldPrice * wanted) / a.cost_per_mtok));
      const cost = await matchedRow(page, 'Cost');
      assert.equal(cost[0][0].text, cost[0][1].text);
      assert.deepEqual(cost[0].map((c) => c.bold), [false, false], 'a tie as printed: neither bold');
      assertClean(problems, COMPARISON);
    } finally {
      await close();
    }
  });

  it('picking a cost provider reprices the tables with that provider', async () => {
    const { page, problems, close } = await openPage(browser, server.url(HUB));
    try {
      await waitForChart(page);
      const data = await pageData(HUB);
      const prices = await page.evaluate(() => JSON.parse(document.getElementById('price-data').textContent));
      await page.selectOption('#price-provider', 'neocloud');
      const factor = prices.hardware.b200.price.neocloud / prices.hardware.b200.price.hyperscaler;
      const cost = await matchedRow(page, 'Cost');
      data.rows.forEach((row, i) => {
        row.values.forEach((v, s) => {
          const expected = v ? money(v.cost_per_mtok * factor) : '–';
          assert.equal(cost[i][s].text, expected, `series ${s} at ${row.interactivity}`);
        });
      });
      assert.equal(await page.inputValue('#price-b200'), String(prices.hardware.b200.price.neocloud));
      assert.match(page.url(), /[?&]cost=neocloud(&|$)/);
      assertClean(problems, HUB);
    } finally {
      await close();
    }
  });

  it('a price typed stays when the provider changes, and the others follow the provider, here and on the next page', async () => {
    const { page, problems, goto, close } = await openPage(browser, server.url(RANKING));
    try {
      // First a price on the ranking for an accelerator the comparison does not show.
      await page.waitForTimeout(300);
      const other = await page.$$eval('input[data-kind="price"]', (inputs) =>
        inputs.map((i) => i.dataset.hw).find((hw) => hw !== 'b200' && hw !== 'h200'));
      assert.ok(other, 'the ranking has a third accelerator');
      await type(page, `#price-${other}`, '4.56');
      await goto(server.url(COMPARISON));
      await waitForChart(page);
      const data = await pageData(COMPARISON);
      assert.equal(data.sides[1].filter.hardware, 'h200');
      const prices = await page.evaluate(() => JSON.parse(document.getElementById('price-data').textContent));
      const h200 = prices.hardware.h200.price;
      assert.notEqual(h200.neocloud, h200.hyperscaler, 'the demo prices differ by provider');
      const oldB200 = Number(await page.inputValue('#price-b200'));
      await type(page, '#price-b200', '3.21');
      await page.selectOption('#price-provider', 'neocloud');
      assert.equal(await page.inputValue('#price-b200'), '3.21', 'the typed price stays');
      assert.equal(await page.inputValue('#price-h200'), String(h200.neocloud), 'the other follows the provider');
      const check = async () => {
        const cost = await matchedRow(page, 'Cost');
        data.rows.forEach((row, i) => {
          const [a, b] = row.values;
          assert.equal(cost[i][0].text, money((a.cost_per_mtok * 3.21) / oldB200), `B200 at ${row.interactivity}`);
          assert.equal(cost[i][1].text, money((b.cost_per_mtok * h200.neocloud) / h200.hyperscaler), `H200 at ${row.interactivity}`);
        });
      };
      await check();
      const query = new URL(page.url()).searchParams;
      assert.equal(query.get('cost'), 'neocloud');
      assert.equal(query.get('price.b200'), '3.21');
      // The next page in the tab has both: the provider, and the price typed under the other.
      await goto(server.url(COMPARISON.replace('8k-1k', '1k-1k')));
      assert.equal(await page.inputValue('#price-provider'), 'neocloud');
      assert.equal(await page.inputValue('#price-b200'), '3.21');
      await goto(server.url(COMPARISON));
      await check();
      // The price typed on the ranking was kept through the provider change made here.
      await goto(server.url(RANKING));
      await page.waitForTimeout(300);
      assert.equal(await page.inputValue('#price-provider'), 'neocloud');
      assert.equal(await page.inputValue(`#price-${other}`), '4.56');
      assert.equal(await page.inputValue('#price-b200'), '3.21');
      await goto(server.url(COMPARISON));
      // "Published prices" clears the typed one too.
      await page.click('#prices-reset');
      assert.equal(await page.inputValue('#price-b200'), String(oldB200));
      assertClean(problems, COMPARISON);
    } finally {
      await close();
    }
  });

  it('refuses zero, negative, text and absurdly large input with a message, and changes nothing; takes $2.50, 2,50 and 1,000', async () => {
    const { page, problems, close } = await openPage(browser, server.url(COMPARISON));
    try {
      await waitForChart(page);
      const before = await matchedRow(page, 'Cost');
      const url = page.url();
      // The message must not push the next field aside (it did, by 70 px at 375 px).
      const kwBox = () => page.$eval('#kw-b200', (el) => el.getBoundingClientRect().left);
      const kwLeft = await kwBox();
      for (const bad of ['0', '-2', 'abc', '1e3', '2,5,0', '$-2', '0,125', '000,500', '<b>x</b>', '1000.5', '1,000.5', '999999']) {
        // fill() sets the whole text at once (typing "1e3" would pass through a valid "1").
        await page.fill('#price-b200', bad);
        const field = await page.$eval('#price-b200', (el) => ({
          invalid: el.getAttribute('aria-invalid'),
          describedby: el.getAttribute('aria-describedby'),
        }));
        assert.equal(field.invalid, 'true', `"${bad}" is marked invalid`);
        const message = await page.$eval(`#${field.describedby}`, (el) => ({ text: el.textContent, hidden: el.hidden }));
        assert.match(message.text, /above zero/, `"${bad}" has a message`);
        assert.equal(message.hidden, false, `"${bad}": the message is visible`);
        assert.equal(await kwBox(), kwLeft, `"${bad}": the message moved the kW field`);
        assert.deepEqual(await matchedRow(page, 'Cost'), before, `"${bad}" changes no cell`);
        assert.equal(page.url(), url, `"${bad}" changes no URL`);
      }
      // At 375 px the message runs under both fields, as wide as the two: in the price
      // field's width it took five lines.
      await page.setViewportSize({ width: 375, height: 800 });
      await page.fill('#price-b200', 'abc');
      const spread = await page.evaluate(() => {
        const box = (id) => document.getElementById(id).getBoundingClientRect();
        const [message, price, kw] = [box('price-b200-error'), box('price-b200'), box('kw-b200')];
        const text = document.createRange();
        text.selectNodeContents(document.getElementById('price-b200-error'));
        const lines = new Set([...text.getClientRects()].map((r) => Math.round(r.top))).size;
        return { left: message.left - price.left, right: kw.right - message.right, lines };
      });
      assert.ok(Math.abs(spread.left) < 1 && spread.right < 1, `the message under both fields: ${JSON.stringify(spread)}`);
      assert.ok(spread.lines <= 3, `${spread.lines} lines`);
      await page.setViewportSize({ width: 1280, height: 900 });
      // The limits are $1,000 per GPU-hour and 100 kW per GPU, both included.
      await page.fill('#kw-b200', '100.5');
      assert.equal(await page.getAttribute('#kw-b200', 'aria-invalid'), 'true', '100.5 kW is refused');
      assert.match(await page.textContent('#kw-b200-error'), /at most 100, in kW/);
      await page.fill('#kw-b200', '100');
      assert.equal(await page.getAttribute('#kw-b200', 'aria-invalid'), null, '100 kW is taken');
      await page.fill('#price-b200', '1000');
      assert.equal(await page.getAttribute('#price-b200', 'aria-invalid'), null, '$1,000 is taken');
      // As readers write prices: a dollar sign, a decimal comma, a thousands separator.
      await page.fill('#price-b200', '2.5');
      const twoFifty = await matchedRow(page, 'Cost');
      for (const same of ['$2.50', '$ 2.5', '2,50', '2,5']) {
        await page.fill('#price-b200', same);
        assert.equal(await page.getAttribute('#price-b200', 'aria-invalid'), null, `"${same}" is taken`);
        assert.deepEqual(await matchedRow(page, 'Cost'), twoFifty, `"${same}" is $2.50`);
      }
      await page.fill('#price-b200', '1,000');
      assert.equal(await page.getAttribute('#price-b200', 'aria-invalid'), null, '"1,000" is taken');
      await type(page, '#price-b200', '3');
      assert.equal(await page.getAttribute('#price-b200', 'aria-invalid'), null, 'a valid price clears the mark');
      assert.equal(await page.isVisible('#price-b200-error'), false);
      // A refusal is read out by the form's polite status once typing pauses, naming the
      // accelerator, and cleared when that field is taken; a good value in another field
      // does not clear it (nor cancel it before it is read).
      const status = (text) => page.waitForFunction((t) => t.test(document.getElementById('prices-status').textContent), text);
      await status(/^$/);
      assert.deepEqual(await page.$eval('#prices-status', (el) => [el.getAttribute('role'), el.getAttribute('aria-live')]), ['status', 'polite']);
      await page.fill('#kw-b200', '0');
      await page.fill('#price-h200', '3');
      await status(/^B200: Enter a power above zero/);
      await page.fill('#price-h200', '4');
      await page.waitForTimeout(600);
      await status(/^B200: Enter a power above zero/);
      await page.fill('#kw-b200', '1.5');
      await status(/^$/);
      assertClean(problems, COMPARISON);
    } finally {
      await close();
    }
  });

  it('an emptied field hands its accelerator back to the provider, keeps the other typed prices, and shows the provider\'s figure when left', async () => {
    const { page, problems, close } = await openPage(browser, server.url(COMPARISON));
    try {
      await waitForChart(page);
      const published = await matchedRow(page, 'Cost');
      const prices = await page.evaluate(() => JSON.parse(document.getElementById('price-data').textContent));
      const [b200, h200] = ['b200', 'h200'].map((id) => prices.hardware[id].price.hyperscaler);
      assert.notEqual(b200, h200, 'two different prices, so the checks below can tell them apart');
      assert.equal(await page.getAttribute('#price-b200', 'placeholder'), String(b200), 'the placeholder is the provider\'s price');
      await type(page, '#price-b200', '9');
      await type(page, '#price-h200', '8');
      const typed = await matchedRow(page, 'Cost');
      assert.notDeepEqual(typed.map((c) => c[0]), published.map((c) => c[0]), 'B200 repriced');
      // Emptied: B200's cells are the published ones again, H200's keep the price typed.
      await page.fill('#price-b200', '');
      assert.equal(await page.getAttribute('#price-b200', 'aria-invalid'), null, 'empty is not an error');
      const back = await matchedRow(page, 'Cost');
      assert.deepEqual(back.map((c) => c[0]), published.map((c) => c[0]), 'B200 at the provider\'s price');
      assert.deepEqual(back.map((c) => c[1]), typed.map((c) => c[1]), 'H200 keeps $8');
      const query = new URL(page.url()).searchParams;
      assert.deepEqual([query.get('price.b200'), query.get('price.h200')], [null, '8']);
      assert.equal(await page.inputValue('#price-b200'), '', 'the field stays empty while the reader is in it');
      // Leaving the field shows the figure in force; the same for power.
      await page.focus('#price-h200');
      assert.equal(await page.inputValue('#price-b200'), String(b200));
      await page.fill('#kw-h200', '3');
      await page.fill('#kw-h200', '');
      await page.focus('#price-b200');
      assert.equal(await page.inputValue('#kw-h200'), String(prices.hardware.h200.kw));
      assert.equal(new URL(page.url()).searchParams.get('kw.h200'), null);
      assertClean(problems, COMPARISON);
    } finally {
      await close();
    }
  });

  it('ranking rows follow custom prices: reordered by the new cost, ranks renumbered', async () => {
    const { page, problems, close } = await openPage(browser, server.url(RANKING));
    try {
      await waitForChart(page);
      const ranking = await pageData(RANKING);
      const tier = ranking.tiers.filter((t) => t.rows.length > 1).sort((a, b) => b.rows.length - a.rows.length)[0];
      const tiers = ranking.tiers.filter((t) => t.rows.length > 0);
      const index = tiers.indexOf(tier);
      // Make the cheapest accelerator of the fullest tier ten times as expensive.
      const first = tier.rows[0].hardware;
      const price = Number(await page.inputValue(`#price-${first}`));
      await type(page, `#price-${first}`, String(price * 10));
      const expected = tier.rows
        .map((r) => ({ hw: r.hardware, cost: r.hardware === first ? r.cost_per_mtok * 10 : r.cost_per_mtok }))
        .sort((a, b) => a.cost - b.cost || (a.hw < b.hw ? -1 : 1));
      const shown = await page.$$eval('table.ranking', (tables, i) =>
        [...tables[i].querySelectorAll('tbody tr')].map((tr) => ({
          rank: tr.querySelector('[data-m="rank"]').textContent.trim(),
          hw: tr.dataset.hw,
          cost: tr.querySelector('[data-m="cost"]').textContent.trim(),
        })), index);
      assert.deepEqual(shown.map((r) => r.hw), expected.map((r) => r.hw), 'rows ordered by the new cost');
      assert.deepEqual(shown.map((r) => r.rank), expected.map((_, i) => String(i + 1)), 'ranks renumbered');
      assert.deepEqual(shown.map((r) => r.cost), expected.map((r) => money(r.cost)));
      assert.notEqual(shown[0].hw, first, 'the former leader is no longer first');
      // The chart's line for that accelerator is ten times higher.
      const { option, yName } = await page.evaluate(() => {
        const c = echarts.getInstanceByDom(document.getElementById('chart'));
        return { option: c.getOption().series.map((s) => s.data), yName: c.getOption().yAxis[0].name };
      });
      assert.match(yName, /your prices/);
      const doc = await page.evaluate(() => JSON.parse(document.getElementById('chart-options').textContent));
      const line = doc.hardware.indexOf(first);
      const before = doc.option.series[line].data.find((p) => p[1] !== null);
      const after = option[line].find((p) => p[0] === before[0]);
      assert.ok(Math.abs(after[1] / before[1] - 10) < 1e-9, `line scaled by 10: ${after[1]} / ${before[1]}`);
      assert.match(await page.textContent('#prices-note'), /: the tables and the chart follow them,/);
      // A published provider's prices are named as that provider's, not as the reader's own.
      await page.click('#prices-reset');
      await page.selectOption('#price-provider', 'neocloud');
      const yAxisName = () => page.evaluate(() => echarts.getInstanceByDom(document.getElementById('chart')).getOption().yAxis[0].name);
      await page.waitForFunction(() => /neocloud/.test(echarts.getInstanceByDom(document.getElementById('chart')).getOption().yAxis[0].name));
      assert.equal(await yAxisName(), 'Cost (neocloud, $/M tok)');
      assert.match(await page.textContent('#prices-note'), /^Neocloud prices are in use: /);
      // A price typed on top makes them the reader's own again.
      await type(page, `#price-${first}`, '9');
      assert.match(await page.textContent('#prices-note'), /^Your prices are in use: /);
      await page.click('#prices-reset');
      await page.selectOption('#price-provider', 'neocloud');
      // The chart's accessible name says so too (built naming the published hyperscaler).
      const name = await page.getAttribute('#chart', 'aria-label');
      assert.match(name, /lowest cost per million tokens \(neocloud\) against interactivity/);
      await page.click('#prices-reset');
      await page.waitForFunction(() => /\(hyperscaler\) against/.test(document.getElementById('chart').getAttribute('aria-label')));
      assertClean(problems, RANKING);
    } finally {
      await close();
    }
  });

  it('a ranking folds its many price fields away, so that at 375 px its first table follows the prose; a link with prices unfolds them', async () => {
    const { page, problems, goto, close } = await openPage(browser, server.url(RANKING), { width: 375 });
    try {
      await page.waitForTimeout(300);
      const fields = await page.$$eval('#price-fields fieldset', (f) => f.length);
      assert.ok(fields > 2, `the demo ranking prices ${fields} accelerators`);
      assert.equal(await page.isVisible('#price-fields > summary'), true);
      assert.equal(await page.isVisible('#price-b200'), false, 'folded on first paint');
      // The folded form is one line; unfolded, its rows take more than the screen's height.
      const top = () => page.$eval('table.ranking', (t) => t.getBoundingClientRect().top + scrollY);
      const folded = await top();
      await reveal(page, '#price-b200');
      assert.ok((await top()) - folded > 400, `unfolding moves the table by ${(await top()) - folded} px`);
      // The hub and the comparison (one and two accelerators) show their fields unfolded.
      for (const path of [HUB, COMPARISON]) {
        await goto(server.url(path));
        assert.equal(await page.isVisible('#price-b200'), true, `${path}: fields unfolded`);
      }
      await goto(server.url(`${RANKING}?price.h200=2.25`));
      await page.waitForTimeout(300);
      assert.equal(await page.isVisible('#price-h200'), true, 'a link with prices unfolds the fields');
      assert.equal(await page.inputValue('#price-h200'), '2.25');
      assertClean(problems, RANKING);
    } finally {
      await close();
    }
  });

  it('settings and prices go into the URL and a new page opened with it restores them', async () => {
    const first = await openPage(browser, server.url(COMPARISON));
    let url;
    try {
      await waitForChart(first.page);
      await first.page.selectOption('#chart-x', 'e2el');
      await first.page.check('#chart-log');
      await first.page.check('#chart-frontier-only');
      await type(first.page, '#price-h200', '2.25');
      await type(first.page, '#kw-b200', '1.5');
      await first.page.selectOption('#chart-y', 'cost_yours');
      url = first.page.url();
      const query = new URL(url).searchParams;
      assert.equal(query.get('x'), 'e2el');
      assert.equal(query.get('y'), 'cost_yours');
      assert.equal(query.get('log'), '1');
      assert.equal(query.get('frontier'), '1');
      assert.equal(query.get('price.h200'), '2.25');
      assert.equal(query.get('kw.b200'), '1.5');
      assertClean(first.problems, COMPARISON);
    } finally {
      await first.close();
    }
    const second = await openPage(browser, url);
    try {
      const { page } = second;
      const state = await waitForState(page, (s) => /your prices/.test(s.yAxis.name), 'restored y axis');
      assert.equal(state.yAxis.type, 'log');
      assert.match(state.xAxis.name, /end-to-end latency/);
      assert.equal(await page.inputValue('#chart-x'), 'e2el');
      assert.equal(await page.inputValue('#chart-y'), 'cost_yours');
      assert.equal(await page.isChecked('#chart-log'), true);
      assert.equal(await page.isChecked('#chart-frontier-only'), true);
      assert.equal(await page.inputValue('#price-h200'), '2.25');
      assert.equal(await page.inputValue('#kw-b200'), '1.5');
      const data = await pageData(COMPARISON);
      const cost = await matchedRow(page, 'Cost');
      const h200 = data.rows[0].values[1];
      assert.equal(cost[0][1].text, money((2.25 / (3600 * h200.throughput)) * 1e6));
      assert.equal(page.url(), url, 'the URL stays as opened');
      assertClean(second.problems, 'restored page');
    } finally {
      await second.close();
    }
  });

  it('your prices follow the reader to the next pages in the tab; a link with prices wins, "Published prices" forgets them, and an embed ignores them', async () => {
    const { page, problems, goto, close } = await openPage(browser, server.url(RANKING));
    /// The cost of the page's first measured point of B200, as printed and at `price`.
    const b200Point = async (price) => {
      const point = await page.$eval('tr[data-hw="b200"]', (tr) => ({
        t: Number(tr.dataset.t),
        cost: tr.querySelector('[data-m="cost"]').textContent.trim(),
      }));
      return [point.cost, money((price / (3600 * point.t)) * 1e6)];
    };
    try {
      await page.waitForTimeout(300);
      const published = { b200: Number(await page.inputValue('#price-b200')), h200: Number(await page.inputValue('#price-h200')) };
      await type(page, '#price-b200', '7.5');
      await type(page, '#price-h200', '2.25');
      // Follow the ranking's own link to a B200 hub, as a reader does: the link carries nothing.
      const link = await page.$eval('table.ranking a[href^="/dsr1/b200/"]', (a) => a.getAttribute('href'));
      assert.equal(link.includes('?'), false);
      await Promise.all([page.waitForURL((u) => u.pathname === link), page.click(`table.ranking a[href="${link}"]`)]);
      await page.waitForTimeout(300);
      assert.equal(await page.inputValue('#price-b200'), '7.5', 'the hub takes the price typed on the ranking');
      let [shown, expected] = await b200Point(7.5);
      assert.equal(shown, expected);
      assert.equal(new URL(page.url()).searchParams.get('price.b200'), '7.5', '"Copy link" shares what the page shows');
      assert.equal(await page.isVisible('#prices-note'), true);
      // A page of both accelerators takes both.
      await goto(server.url(COMPARISON));
      assert.equal(await page.inputValue('#price-b200'), '7.5');
      assert.equal(await page.inputValue('#price-h200'), '2.25');
      const data = await pageData(COMPARISON);
      const cost = await matchedRow(page, 'Cost');
      assert.equal(cost[0][1].text, money((data.rows[0].values[1].cost_per_mtok * 2.25) / published.h200));
      // An embed, shown on other sites, keeps the published prices.
      await goto(server.url(`/embed${COMPARISON}`));
      await page.waitForTimeout(300);
      assert.equal((await matchedRow(page, 'Cost'))[0][0].text, money(data.rows[0].values[0].cost_per_mtok));
      // A link with prices of its own wins, whole: H200 at the published price here.
      await goto(server.url(`${COMPARISON}?price.b200=3`));
      assert.equal(await page.inputValue('#price-b200'), '3');
      assert.equal(await page.inputValue('#price-h200'), String(published.h200));
      // ... and its prices are the ones that follow on.
      await goto(server.url(HUB));
      [shown, expected] = await b200Point(3);
      assert.equal(shown, expected);
      // "Published prices" forgets them everywhere.
      await page.click('#prices-reset');
      [shown, expected] = await b200Point(published.b200);
      assert.equal(shown, expected);
      await goto(server.url(RANKING));
      await page.waitForTimeout(300);
      assert.equal(await page.isVisible('#prices-note'), false, 'the published prices again');
      assert.equal(new URL(page.url()).search, '');
      assertClean(problems, 'pages visited');
    } finally {
      await close();
    }
  });

  it('prices in a link or kept in the tab obey the fields\' limits; a link whose prices are all refused does not override the kept ones', async () => {
    const { page, problems, goto, close } = await openPage(browser, server.url(COMPARISON));
    const fields = async () => [await page.inputValue('#price-b200'), await page.inputValue('#kw-b200')];
    try {
      await page.evaluate(() => window.sessionStorage.clear());
      await goto(server.url(COMPARISON));
      const published = await fields();
      // At the limits: taken (and kept, as a link's prices are).
      await goto(server.url(`${COMPARISON}?price.b200=1000&kw.b200=100`));
      assert.deepEqual(await fields(), ['1000', '100']);
      // Above them: refused, so the link carries no prices, and the kept ones apply.
      await goto(server.url(`${COMPARISON}?price.b200=1000.5&kw.b200=100.5`));
      assert.deepEqual(await fields(), ['1000', '100'], 'the kept prices, not the refused ones');
      // Kept prices above the limits (written by hand) are refused too.
      await page.evaluate(() => window.sessionStorage.setItem('benchsite.prices',
        JSON.stringify({ cost: 'hyperscaler', price: { b200: 5000 }, kw: { b200: 500 } })));
      await goto(server.url(COMPARISON));
      assert.deepEqual(await fields(), published, 'published prices in place of refused kept ones');
      assertClean(problems, COMPARISON);
    } finally {
      await close();
    }
  });

  it('"Copy link" copies the URL with its settings and announces it', async () => {
    const { page, context, problems, close } = await openPage(browser, server.url(COMPARISON));
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
      await waitForChart(page);
      await page.check('#chart-log');
      await page.click('#copy-link');
      await page.waitForFunction(() => document.getElementById('share-status').textContent === 'Link copied');
      assert.equal(await page.getAttribute('#share-status', 'aria-live'), 'polite');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, page.url());
      assert.match(copied, /[?&]log=1/);
      // Without the async clipboard the fallback copies too.
      await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
      await page.evaluate(() => { document.getElementById('share-status').textContent = ''; });
      await page.click('#copy-link');
      await page.waitForFunction(() => /copied|Could not copy/.test(document.getElementById('share-status').textContent));
      assertClean(problems, COMPARISON);
    } finally {
      await close();
    }
  });

  it('ignores unknown and malformed parameters without an error', async () => {
    const query = '?x=nope&y=cost_yours&log=yes&frontier=2&prec=1&cost=free&price.b200=-1&price.h200=abc' +
      '&kw.b200=0&price.zz9=5&utm_source=x&x=&%E0%A4%A=1&price.b200=1e400';
    const { page, problems, close } = await openPage(browser, server.url(`${COMPARISON}${query}`));
    try {
      const state = await waitForChart(page).then(() => chartState(page));
      assert.match(state.xAxis.name, /Interactivity/);
      assert.match(state.yAxis.name, /Throughput/);
      assert.equal(state.yAxis.type, 'value');
      assert.equal(await page.inputValue('#price-provider'), 'hyperscaler');
      assert.equal(await page.isVisible('#prices-note'), false, 'no custom prices from a bad URL');
      const data = await pageData(COMPARISON);
      const cost = await matchedRow(page, 'Cost');
      assert.equal(cost[0][0].text, money(data.rows[0].values[0].cost_per_mtok));
      assertClean(problems, 'page with malformed parameters');
    } finally {
      await close();
    }
  });

  it('the embed control shows an <iframe> snippet that follows the settings', async () => {
    const { page, problems, close } = await openPage(browser, server.url(HUB));
    try {
      await waitForChart(page);
      await page.click('.embed-control summary');
      const code = await page.inputValue('#embed-code');
      assert.match(code, /^<iframe src="https?:\/\/[^"]+\/embed\/dsr1\/b200\/fp4\/8k-1k\/" title="[^"]+"/);
      assert.equal(await page.getAttribute('#embed-code', 'readonly'), '');
      await page.check('#chart-log');
      assert.match(await page.inputValue('#embed-code'), /\/embed\/dsr1\/b200\/fp4\/8k-1k\/\?log=1"/);
      assertClean(problems, HUB);
    } finally {
      await close();
    }
  });
});
