// "Your speed" in headless Chromium: a reader types the tok/s/user they need and the matched
// table gains a column at that speed, or a ranking gains a table ranked at it (static/speed.js).
// Both are checked against numbers the page did not compute in the browser: at one of the
// page's own targets the column must print exactly what Rust printed in that target's column
// (the spline and the formats agree), and at one of a ranking's tiers the table must be the
// build's table of that tier, row for row; between two targets each side's throughput lies
// between its neighbours' (the frontier falls as interactivity rises, and the spline keeps it
// monotone). Beyond a side's frontier the column has a dash; beyond every side the reader is
// told the measured range. The speed lives in the URL (`?at=`), comes back from it, and
// follows the reader's prices.
// Run: `cargo test --release --test browser`, or
// `BENCHSITE_BIN=target/release/benchsite node --test tests/browser/speed.test.mjs`.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertClean, missingPrerequisites, openPage, screenshot, startSuite, stopSuite } from './harness.mjs';

const missing = missingPrerequisites();
const skip = missing.length ? `missing: ${missing.join(', ')}` : false;

const COMPARISON = '/compare/dsr1-b200-vs-h200/8k-1k/';
const HUB = '/dsr1/b200/fp4/8k-1k/';
const RANKING = '/rankings/dsr1/8k-1k/';

let site;
let server;
let browser;

async function pageData(path) {
  return (await fetch(server.url(`${path}index.json`))).json();
}

/// The matched table as printed: headings, and per metric row `[column][side]` of {text, bold}.
async function table(page) {
  return page.$eval('table.matched', (t) => ({
    headings: [...t.tHead.rows[0].cells].slice(1).map((c) => ({ text: c.textContent.trim(), yours: c.classList.contains('yours') })),
    rows: Object.fromEntries([...t.tBodies[0].rows].map((r) => [
      r.getAttribute('data-metric'),
      [...r.cells].slice(1).map((td) => [...td.querySelectorAll('.value')].map((v) => ({
        text: v.textContent.trim(), bold: !!v.querySelector('strong'),
      }))),
    ])),
    targets: getComputedStyle(t).getPropertyValue('--targets').trim(),
  }));
}

/// The rows of a ranking table as printed: every cell's text, the bold ones, the link.
async function rankingRows(page, selector) {
  return page.$eval(selector, (t) => [...t.tBodies[0].rows].map((r) => ({
    cells: [...r.cells].map((c) => c.textContent.trim()),
    bold: [...r.cells].map((c) => !!c.querySelector('strong')),
    href: r.querySelector('a').getAttribute('href'),
  })));
}

/// Types a speed as a reader does.
async function typeSpeed(page, text) {
  await page.fill('#speed-input', '');
  await page.type('#speed-input', text);
}

/// The throughput a cell prints, as a number.
const number = (text) => Number(text.replace(/[,~$]/g, ''));

describe('"Your speed" in headless Chromium', { skip }, () => {
  before(async () => {
    ({ site, server, browser } = await startSuite());
  });
  after(() => stopSuite({ site, server, browser }));

  it('at each of the page\'s own targets, the added column prints exactly what the build printed there', async () => {
    for (const path of [COMPARISON, HUB]) {
      const data = await pageData(path);
      const targets = data.rows.map((r) => r.interactivity);
      assert.ok(targets.length >= 2, `${path}: a table with targets`);
      const { page, problems, close } = await openPage(browser, server.url(path));
      try {
        for (const [i, x] of targets.entries()) {
          await typeSpeed(page, String(x));
          const t = await table(page);
          const yours = t.headings.findIndex((h) => h.yours);
          assert.equal(yours, i + 1, `${path} at ${x}: the column follows the target it equals`);
          assert.equal(t.headings.length, targets.length + 1);
          assert.equal(t.targets, String(targets.length + 1), 'the stacked layout counts the new column');
          for (const [metric, columns] of Object.entries(t.rows)) {
            assert.deepEqual(columns[yours], columns[i], `${path} at ${x}: ${metric}`);
          }
        }
        assertClean(problems, path);
      } finally {
        await close();
      }
    }
  });

  it('between two targets each side\'s throughput lies between its values at those targets, and the URL keeps the speed', async () => {
    const data = await pageData(COMPARISON);
    const [a, b] = data.rows.map((r) => r.interactivity);
    const x = (a + b) / 2;
    const { page, problems, close } = await openPage(browser, server.url(COMPARISON));
    try {
      await typeSpeed(page, String(x));
      const t = await table(page);
      assert.equal(t.headings[1].text, `${x} tok/s/user (yours)`);
      const at = (col, side) => number(t.rows.throughput[col][side].text);
      for (const side of [0, 1]) {
        assert.ok(at(0, side) > at(1, side) && at(1, side) > at(2, side), `side ${side}: ${at(0, side)} > ${at(1, side)} > ${at(2, side)}`);
      }
      // Cost is SPEC §3's formula on the column's own throughput (published prices).
      const price = (await page.evaluate(() => JSON.parse(document.getElementById('price-data').textContent)))
        .hardware.b200.price[data.cost_provider];
      const cost = number(t.rows.cost[1][0].text);
      assert.ok(Math.abs(cost - price / (at(1, 0) * 3600) * 1e6) < 0.0006, `cost ${cost}`);
      assert.equal(new URL(page.url()).searchParams.get('at'), String(x));
      // A link with the speed opens the same column.
      await page.goto(page.url());
      await page.waitForSelector('th.yours');
      assert.deepEqual(await table(page), t);
      assert.equal(await page.inputValue('#speed-input'), String(x));
      await page.click('#speed-clear');
      assert.equal((await table(page)).headings.length, data.rows.length);
      assert.equal(new URL(page.url()).searchParams.get('at'), null);
      assertClean(problems, COMPARISON);
    } finally {
      await close();
    }
  });

  it('a side not measured that far gets a dash; beyond every side the reader is told the range; nonsense is refused', async () => {
    const data = await pageData(COMPARISON);
    const ranges = data.sides.map((s) => [s.frontier[0].interactivity, s.frontier.at(-1).interactivity]);
    // Faster than the slower side's frontier reaches, within the faster one's.
    const [short, long] = ranges[0][1] < ranges[1][1] ? [0, 1] : [1, 0];
    assert.ok(ranges[long][1] - ranges[short][1] > 2, 'the demo pair ends at different speeds');
    const x = Math.round(ranges[short][1] + 1);
    const { page, problems, close } = await openPage(browser, server.url(COMPARISON));
    try {
      await typeSpeed(page, String(x));
      let t = await table(page);
      const yours = t.headings.findIndex((h) => h.yours);
      for (const metric of ['throughput', 'cost', 'power', 'concurrency']) {
        assert.equal(t.rows[metric][yours][short].text, '–', `${metric}: a dash for the side not measured at ${x}`);
        assert.notEqual(t.rows[metric][yours][long].text, '–', `${metric}: a value for the other`);
      }
      // One value alone is nobody's "better".
      assert.equal(t.rows.throughput[yours][long].bold, false);

      await typeSpeed(page, '5000');
      t = await table(page);
      assert.ok(t.rows.throughput[t.headings.findIndex((h) => h.yours)].every((c) => c.text === '–'));
      assert.match(await page.textContent('#speed-status'), /Nothing here was measured at 5000 tok\/s\/user: measured from [\d.]+ to [\d.]+\./);

      for (const bad of ['abc', '-5', '0', '1e3']) {
        await typeSpeed(page, bad);
        assert.equal(await page.getAttribute('#speed-input', 'aria-invalid'), 'true', `${bad} refused`);
        assert.equal(await page.isVisible('#speed-error'), true);
        assert.equal((await table(page)).headings.some((h) => h.yours), false, `${bad}: no column`);
      }
      await typeSpeed(page, '40,5');
      assert.equal(await page.getAttribute('#speed-input', 'aria-invalid'), null, 'a decimal comma is taken');
      assert.equal((await table(page)).headings.find((h) => h.yours).text, '40.5 tok/s/user (yours)');
      assertClean(problems, COMPARISON);
    } finally {
      await close();
    }
  });

  it('the column follows the reader\'s prices, and an embed opened with ?at= shows it', async () => {
    const data = await pageData(COMPARISON);
    const x = (data.rows[0].interactivity + data.rows[1].interactivity) / 2;
    const { page, problems, close } = await openPage(browser, server.url(`${COMPARISON}?at=${x}`));
    try {
      await page.waitForSelector('th.yours');
      const before = number((await table(page)).rows.cost[1][0].text);
      const published = Number(await page.inputValue('#price-b200'));
      await page.fill('#price-b200', String(published * 2));
      const after = number((await table(page)).rows.cost[1][0].text);
      assert.ok(Math.abs(after - 2 * before) <= 0.0011, `cost doubles with the price: ${before} → ${after}`);
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await page.locator('#speed-form').scrollIntoViewIfNeeded();
        await screenshot(page, `speed-${width}`);
      }
      assertClean(problems, COMPARISON);
    } finally {
      await close();
    }
    const embed = `/embed${COMPARISON}?at=${x}`;
    const opened = await openPage(browser, server.url(embed));
    try {
      await opened.page.waitForSelector('th.yours');
      assert.equal(await opened.page.$('#speed-input'), null, 'no field in an embed');
      assertClean(opened.problems, embed);
    } finally {
      await opened.close();
    }
  });

  it('on a ranking, each tier typed as a speed gives the build\'s own table of that tier, and its note\'s accelerators', async () => {
    const data = await pageData(RANKING);
    assert.ok(data.tiers.filter((t) => t.rows.length > 1).length >= 3, 'a ranking with several tiers');
    const { page, problems, close } = await openPage(browser, server.url(RANKING));
    try {
      for (const tier of data.tiers.filter((t) => t.rows.length)) {
        const x = tier.interactivity;
        await typeSpeed(page, String(x));
        const slug = String(x).replace('.', '-');
        const built = await rankingRows(page, `section[aria-labelledby="at-${slug}"] table.ranking`);
        const yours = await rankingRows(page, '#speed-result table.ranking');
        assert.deepEqual(yours, built, `at ${x}`);
        assert.equal(await page.textContent('#speed-result caption'), `${await page.textContent(`#at-${slug} ~ div caption`)} (your speed)`);
        const note = await page.$(`section[aria-labelledby="at-${slug}"] .tier-elsewhere`);
        const builtNote = note ? await note.textContent() : '';
        const ours = (await page.isVisible('#speed-elsewhere')) ? await page.textContent('#speed-elsewhere') : '';
        const names = ours.replace(/^Not in this table, measured only at other speeds: /, '').replace(/\.$/, '').split(', ').filter(Boolean);
        assert.equal(names.length, (builtNote.match(/ \(/g) || []).length, `at ${x}: ${ours} | ${builtNote}`);
        for (const name of names) assert.ok(builtNote.includes(`${name} (`), `at ${x}: ${name} in ${builtNote}`);
      }
      // Between tiers, ordered by the reader's prices: the cheapest row's accelerator made dear
      // enough drops, and the table stays ordered by cost.
      const x = (data.tiers[1].interactivity + data.tiers[2].interactivity) / 2;
      await typeSpeed(page, String(x));
      const first = (await rankingRows(page, '#speed-result table.ranking'))[0];
      const id = first.href.split('/')[2];
      await page.click('#price-fields > summary');
      await page.fill(`#price-${id}`, '999');
      const after = await rankingRows(page, '#speed-result table.ranking');
      const costs = after.map((r) => number(r.cells[5]));
      assert.deepEqual(costs, [...costs].sort((a, b) => a - b), 'cheapest first at your prices');
      assert.notEqual(after[0].href, first.href, `${id} is no longer the cheapest`);
      assert.deepEqual(after.map((r) => r.cells[0]), after.map((_, i) => String(i + 1)), 'ranks renumbered');
      await typeSpeed(page, '5000');
      assert.equal(await page.$('#speed-result table'), null, 'no table where nothing was measured');
      assert.match(await page.textContent('#speed-status'), /Nothing here was measured at 5000 tok\/s\/user/);
      assertClean(problems, RANKING);
    } finally {
      await close();
    }
  });

  it('the speed follows the reader to the next page in the tab until cleared; a link\'s own speed wins', async () => {
    const { page, problems, close } = await openPage(browser, server.url(RANKING));
    try {
      await typeSpeed(page, '50');
      const href = await page.getAttribute('#speed-result table.ranking tbody tr a', 'href');
      await Promise.all([page.waitForURL(`**${href}**`), page.click('#speed-result table.ranking tbody tr a')]);
      await page.waitForSelector('th.yours');
      assert.equal((await table(page)).headings.find((h) => h.yours).text, '50 tok/s/user (yours)');
      assert.equal(await page.inputValue('#speed-input'), '50');
      assert.equal(new URL(page.url()).searchParams.get('at'), '50', 'the address says so, for Copy link');
      await page.goto(server.url(`${COMPARISON}?at=33`));
      await page.waitForSelector('th.yours');
      assert.equal(await page.inputValue('#speed-input'), '33', 'the link\'s speed');
      await page.click('#speed-clear');
      await page.goto(server.url(HUB));
      await page.waitForFunction(() => window.benchsiteReader !== undefined);
      assert.equal(await page.$('th.yours'), null, 'cleared: no column on the next page');
      assert.equal(await page.inputValue('#speed-input'), '');
      assertClean(problems, RANKING);
    } finally {
      await close();
    }
  });
});
