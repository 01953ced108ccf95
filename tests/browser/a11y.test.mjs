// Accessibility in headless Chromium (issue 6, item 2): axe-core reports no violation on the
// home page, a model page, a hub page, a comparison page of every family, a family index, the
// methodology page and the 404 page, with the chart rendered, and on a comparison page as a
// reader without JavaScript gets it. Tables have captions and header cells, the chart has an
// accessible name and its points are in tables, and the chart's controls work from the
// keyboard. The reader tools (issue 15) too: the price form with a refused field, the share
// controls with the embed code open, and an embed page. Run: `npm test`, or
// `cargo test --release --test browser`.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  assertClean,
  axeViolations,
  missingPrerequisites,
  openPage,
  REPO,
  startSuite,
  stopSuite,
} from './harness.mjs';
import { chartState, waitForChart, waitForState } from './chart-probe.mjs';

const missing = missingPrerequisites({ axe: true });
const skip = missing.length ? `missing: ${missing.join(', ')}` : false;

/// Pages named in the issue; a family's comparison is any page of that family (the preferred
/// one when the data still has it).
const FIXED = ['/', '/dsr1/', '/compare-spec-decode/', '/methodology/', '/404.html', '/rankings/', '/rankings/dsr1/8k-1k/', '/changes/'];
const PREFERRED_HUB = '/dsr1/gb200/fp4/8k-1k/';
const PREFERRED_COMPARISON = '/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/8k-1k/';
const FAMILIES = ['chip', 'precision', 'framework', 'spec-decode', 'disagg'];

/// The pages to check: `{ path, info }`, `info` being the page's index.json for data pages.
function choosePages(pages) {
  const byPath = new Map(pages.map((p) => [p.path, p]));
  const chosen = FIXED.map((p) => ({ path: p, info: null }));
  const hub = byPath.get(PREFERRED_HUB) ?? pages.find((p) => p.family === 'hub');
  assert.ok(hub, 'the demo site has no hub page');
  chosen.push({ path: hub.path, info: hub });
  for (const family of FAMILIES) {
    const preferred = byPath.get(PREFERRED_COMPARISON);
    const page =
      preferred?.family === family ? preferred : pages.find((p) => p.family === family);
    assert.ok(page, `the demo site has no ${family} comparison page`);
    chosen.push({ path: page.path, info: page });
  }
  // A comparison whose sides do not overlap has no matched table: its lead and the points
  // tables are all a reader gets.
  const disjoint = pages.find((p) => p.family !== 'hub' && !p.overlap);
  if (disjoint) chosen.push({ path: disjoint.path, info: disjoint });
  return chosen;
}

/// What is wrong with a page's "Since the previous run" box (the page has two runs of history
/// or more): it must be a labelled section, and its trend chart an image with a name and its
/// values listed run by run.
async function sinceProblems(page, pagePath, info) {
  const since = await page.evaluate(() => {
    const section = document.querySelector('section.since');
    if (!section) return null;
    const svg = section.querySelector('svg');
    return {
      labelledBy: document.getElementById(section.getAttribute('aria-labelledby'))?.textContent,
      role: svg?.getAttribute('role'),
      label: svg?.getAttribute('aria-label'),
      values: section.querySelectorAll('figure ul li').length,
      width: svg ? svg.getBoundingClientRect().width : 0,
      room: section.clientWidth,
      screen: window.innerWidth,
    };
  });
  if (!since) return [`${pagePath}: ${info.history.length} runs of history but no "Since the previous run" box`];
  const problems = [];
  if (since.labelledBy !== 'Since the previous run') problems.push(`${pagePath}: the box is not labelled by its heading`);
  if (info.rows.length && (since.role !== 'img' || !since.label?.trim() || since.values !== info.history.length)) {
    problems.push(`${pagePath}: the trend chart is not a named image with its values listed: ${JSON.stringify(since)}`);
  }
  // Drawn 320 units across: on a laptop shown half again as large (its 10 px labels 15 px),
  // and never wider than its box.
  if (info.rows.length && ((since.screen >= 1000 && since.width < 470) || since.width > since.room)) {
    problems.push(`${pagePath}: the trend chart is ${since.width} px wide in a box of ${since.room} px`);
  }
  return problems;
}

/// Every table's caption and header cells, and the chart's role and name.
async function structure(page) {
  return page.evaluate(() => ({
    tables: [...document.querySelectorAll('table')].map((t) => ({
      caption: t.caption?.textContent.trim() ?? '',
      headers: t.querySelectorAll('thead th[scope="col"]').length,
      plainHeaders: t.querySelectorAll('thead th').length,
      columns: t.rows[0]?.cells.length ?? 0,
      // Data rows, in every body (a measured-points table has one per serving setup, each
      // headed by a row naming the setup for its rows: scope=rowgroup).
      rows: [...t.tBodies].reduce((n, b) => n + b.querySelectorAll('tr:not(.setup)').length, 0),
      unheadedGroups: [...t.tBodies].filter((b) => b.querySelector('tr.setup') && !b.querySelector('tr.setup > th[scope="rowgroup"]')).length,
      prose: Boolean(t.closest('.prose')),
    })),
    chart: (() => {
      const el = document.getElementById('chart');
      return el && { role: el.getAttribute('role'), label: el.getAttribute('aria-label') };
    })(),
  }));
}

let site;
let server;
let browser;
let chosen;

describe('accessibility in headless Chromium', { skip }, () => {
  before(async () => {
    ({ site, server, browser } = await startSuite());
    chosen = choosePages(site.pages());
    assert.ok(
      chosen.some((c) => (c.info?.history?.length ?? 0) >= 2),
      'no checked page has two runs of history, so none shows "Since the previous run"',
    );
  });
  after(() => stopSuite({ site, server, browser }));

  it('axe reports no violations, and tables and the chart are labelled, on every kind of page', async () => {
    const failures = [];
    // One browser page reused for every URL (its HTTP cache keeps the assets).
    const { page, problems, goto, close } = await openPage(browser, server.url('/robots.txt'));
    try {
      for (const { path: pagePath, info } of chosen) {
        await goto(server.url(pagePath));
        const hasChart = Boolean(await page.$('#chart'));
        if (hasChart) await waitForChart(page);
        const found = await axeViolations(page);
        if (found.length) failures.push(`${pagePath}: axe found ${found.length}:\n  ${found.join('\n  ')}`);

        const { tables, chart } = await structure(page);
        for (const [i, t] of tables.entries()) {
          const what = `${pagePath}: table ${i + 1} (${t.caption || 'no caption'})`;
          if (t.prose) {
            // Editors' Markdown tables: a header row is required by the syntax; Markdown has
            // no way to write a caption or a scope.
            if (t.plainHeaders !== t.columns) failures.push(`${what}: no header cell per column`);
            continue;
          }
          if (!t.caption) failures.push(`${what} has no caption`);
          if (t.unheadedGroups) failures.push(`${what}: ${t.unheadedGroups} setup rows without a rowgroup header`);
          if (t.headers !== t.columns) {
            failures.push(`${what}: ${t.headers} of ${t.columns} columns have a <th scope=col>`);
          }
        }
        if (info) {
          // The chart is an image with a name, and every side's measured points are a table.
          assert.ok(hasChart, `${pagePath} has no chart`);
          assert.equal(chart.role, 'img', `${pagePath}: the chart's role`);
          assert.ok(chart.label?.trim(), `${pagePath}: the chart has no accessible name`);
          for (const side of info.sides) {
            assert.ok(chart.label.includes(side.label), `${pagePath}: the chart's name lacks ${side.label}`);
            const table = tables.find((t) => !t.prose && t.caption === side.label);
            if (!table) failures.push(`${pagePath}: no table of ${side.label}'s measured points`);
            else if (table.rows !== side.points.length) {
              failures.push(`${pagePath}: ${side.label}'s table has ${table.rows} rows for ${side.points.length} points`);
            }
          }
        }
        if ((info?.history?.length ?? 0) >= 2) failures.push(...(await sinceProblems(page, pagePath, info)));
        assertClean(problems, pagePath);
      }
    } finally {
      await close();
    }
    assert.deepEqual(failures, [], `\n${failures.join('\n')}`);
  });

  it('axe reports no violations on the reader tools (a refused price, the embed code) and on embed pages', async () => {
    const failures = [];
    const { page, problems, goto, close } = await openPage(browser, server.url('/robots.txt'));
    try {
      for (const pagePath of [PREFERRED_COMPARISON, '/rankings/dsr1/8k-1k/']) {
        await goto(server.url(pagePath));
        await waitForChart(page);
        assert.equal(await page.isVisible('#prices'), true, `${pagePath}: the price form shows`);
        const field = await page.$eval('#prices-form input[data-kind="price"]', (el) => el.id);
        // A ranking folds its fields away; unfold them as a reader would.
        if (!(await page.isVisible(`#${field}`))) await page.click('#price-fields > summary');
        await page.fill(`#${field}`, '-1');
        assert.equal(await page.getAttribute(`#${field}`, 'aria-invalid'), 'true');
        // The message is the field's description, so a screen reader reads it with the field.
        const description = await page.evaluate((id) => {
          const el = document.getElementById(id);
          return document.getElementById(el.getAttribute('aria-describedby'))?.textContent;
        }, field);
        assert.match(description ?? '', /above zero/);
        const open = await page.$('.embed-control summary');
        if (open) await open.click();
        await page.click('#copy-link');
        const found = await axeViolations(page);
        if (found.length) failures.push(`${pagePath} (reader tools): axe found ${found.length}:\n  ${found.join('\n  ')}`);
        assertClean(problems, pagePath);
      }
      for (const pagePath of [`/embed${PREFERRED_HUB}`, `/embed${PREFERRED_COMPARISON}`]) {
        await goto(server.url(pagePath));
        await waitForChart(page);
        const found = await axeViolations(page);
        if (found.length) failures.push(`${pagePath}: axe found ${found.length}:\n  ${found.join('\n  ')}`);
        assertClean(problems, pagePath);
      }
    } finally {
      await close();
    }
    assert.deepEqual(failures, [], `\n${failures.join('\n')}`);
  });

  it('axe reports no violations on a comparison page without JavaScript', async () => {
    const info = chosen.find((c) => c.info && c.info.family !== 'hub').info;
    const url = server.url(info.path);
    // The page as a browser with JavaScript off builds it: the chart's default view drawn in
    // Rust, at full height, without the live chart's box, and without what only a script
    // could make work (the chart's controls, the price form, the share buttons: hidden by the
    // page's <noscript> style).
    const noJs = await openPage(browser, url, { javaScriptEnabled: false });
    let html;
    try {
      const state = await noJs.page.evaluate(() => ({
        drawing: document.getElementById('chart-plot')?.getBoundingClientRect().height > 300,
        shown: ['chart-controls', 'prices', 'share'].filter((id) => {
          const el = document.getElementById(id);
          return !el || getComputedStyle(el).display !== 'none';
        }),
        chartHeight: document.getElementById('chart')?.getBoundingClientRect().height,
      }));
      assert.deepEqual(state, { drawing: true, shown: [], chartHeight: 0 }, 'the no-JavaScript state');
      html = await noJs.page.evaluate(() => document.documentElement.outerHTML);
      assertClean(noJs.problems, `${info.path} without JavaScript`);
    } finally {
      await noJs.close();
    }
    // axe needs timers, which do not run with JavaScript off; so it checks the same page in a
    // context where the page's own scripts never load, after making sure the DOM is the same.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await context.route('**/*', (route) =>
        route.request().resourceType() === 'script' ? route.abort('blockedbyclient') : route.continue(),
      );
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      assert.equal(
        await page.evaluate(() => document.documentElement.outerHTML),
        html,
        'the page without its scripts differs from the page with JavaScript off',
      );
      const found = await axeViolations(page);
      assert.deepEqual(found, [], `${info.path} without JavaScript:\n  ${found.join('\n  ')}`);
    } finally {
      await context.close();
    }
  });

  it('Tab reaches the chart controls, and they work from the keyboard', async () => {
    const hub = chosen.find((c) => c.info?.family === 'hub');
    const { page, problems, close } = await openPage(browser, server.url(hub.path));
    try {
      await waitForChart(page);
      const initial = await chartState(page);
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement;
          // A series checkbox has no id: its name and value say which it is.
          const series = el?.name === 'series' ? `series=${el.value}` : '';
          return el && el !== document.body ? el.id || series || `${el.tagName.toLowerCase()}.${el.className}` : null;
        });
      // Tab from the top of the page until the first control has focus.
      const visited = [];
      for (let i = 0; i < 300 && visited.at(-1) !== 'chart-x'; i++) {
        await page.keyboard.press('Tab');
        visited.push(await focused());
      }
      assert.equal(visited.at(-1), 'chart-x', `Tab never reached #chart-x: ${visited.slice(0, 30).join(', ')}`);
      // Every control shown follows, in order, the series checkboxes last.
      const controls = await page.$$eval('#chart-controls :is(select, input, button)', (els) =>
        els.filter((el) => !el.disabled && el.offsetParent !== null)
          .map((el) => el.id || `${el.name}=${el.value}`),
      );
      assert.ok(controls.filter((c) => c.startsWith('series=')).length >= 1, controls.join(', '));
      for (const id of controls.slice(1)) {
        await page.keyboard.press('Tab');
        assert.equal(await focused(), id, 'the next control after Tab');
      }
      // Focus is visible on a control.
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, 'none', 'a focused control shows no outline');

      // Arrow keys on the focused y select change the metric.
      await page.focus('#chart-y');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.$eval('#chart-y', (el) => el.value), 'input');
      const moved = await waitForState(page, (s) => s.yAxis.name !== initial.yAxis.name, 'a new y metric');
      assert.match(moved.yAxis.name, /input/i);
      await page.keyboard.press('ArrowUp');
      await waitForState(page, (s) => s.yAxis.name === initial.yAxis.name, 'throughput again');
      // ... and on the x select the axis.
      await page.focus('#chart-x');
      await page.keyboard.press('ArrowDown');
      await waitForState(page, (s) => s.xAxis.name !== initial.xAxis.name, 'a new x axis');
      await page.keyboard.press('ArrowUp');
      await waitForState(page, (s) => s.xAxis.name === initial.xAxis.name, 'the first x axis');
      // Space toggles a checkbox.
      await page.focus('#chart-log');
      await page.keyboard.press('Space');
      await waitForState(page, (s) => s.yAxis.type === 'log', 'a log y axis');
      await page.keyboard.press('Space');
      await waitForState(page, (s) => s.yAxis.type === 'value', 'a linear y axis');
      // Enter presses a button: reset the zoom.
      await page.evaluate(() =>
        window.echarts
          .getInstanceByDom(document.getElementById('chart'))
          .dispatchAction({ type: 'dataZoom', start: 20, end: 60 }),
      );
      await waitForState(page, (s) => s.dataZoom.some((z) => z.start === 20), 'a zoom');
      await page.focus('#chart-reset');
      await page.keyboard.press('Enter');
      await waitForState(page, (s) => s.dataZoom.every((z) => z.start === 0 && z.end === 100), 'the zoom reset');
      // A scrolling table can be reached and scrolled from the keyboard.
      const scrollers = await page.$$eval('.table-scroll', (els) =>
        els.map((el) => ({ tabIndex: el.tabIndex, name: el.getAttribute('aria-labelledby') })),
      );
      assert.ok(scrollers.every((s) => s.tabIndex === 0 && s.name), JSON.stringify(scrollers));
      assertClean(problems, hub.path);
    } finally {
      await close();
    }
  });

  it('axe reports no violations at 375 px, where the tables scroll', async () => {
    // Every fixed page too: a table of contents' links, stacked, must be tall enough to tap.
    const paths = [chosen.find((c) => c.info?.family === 'hub').path, PREFERRED_COMPARISON, ...FIXED];
    const { page, problems, goto, close } = await openPage(browser, server.url('/robots.txt'), {
      width: 375,
      height: 800,
    });
    try {
      const failures = [];
      for (const pagePath of paths) {
        const file = pagePath.endsWith('.html') ? pagePath : path.join(pagePath, 'index.html');
        if (!fs.existsSync(path.join(site.publicDir, file))) continue;
        await goto(server.url(pagePath));
        if (await page.$('#chart')) await waitForChart(page);
        const found = await axeViolations(page);
        if (found.length) failures.push(`${pagePath}:\n  ${found.join('\n  ')}`);
        assertClean(problems, `${pagePath} at 375 px`);
      }
      assert.deepEqual(failures, [], `\n${failures.join('\n')}`);
    } finally {
      await close();
    }
  });

  it('the header\'s links are targets at least 24 px tall (WCAG 2.2 target size), at 375 and 1280 px', async () => {
    for (const width of [375, 1280]) {
      const { page, problems, close } = await openPage(browser, server.url('/'), { width, height: 800 });
      try {
        const heights = await page.$$eval('.site-header nav a', (links) =>
          links.map((a) => [a.textContent.trim(), a.getBoundingClientRect().height]));
        assert.ok(heights.length >= 4, `the header has its links at ${width} px: ${JSON.stringify(heights)}`);
        const small = heights.filter(([, h]) => h < 24);
        assert.deepEqual(small, [], `links under 24 px tall at ${width} px`);
        assertClean(problems, `/ at ${width} px`);
      } finally {
        await close();
      }
    }
  });
});
