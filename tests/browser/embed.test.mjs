// Embeds in headless Chromium (issue 15, SPEC §15): `/embed/<path>/` of a hub and of a
// comparison, opened on its own and inside an <iframe> of another page, draws the chart and the
// matched table with no site chrome, and its link back opens the full page in the top window.
// Settings from the URL apply in the embed as on the full page.
// Run: `cargo test --release --test browser`, or
// `BENCHSITE_BIN=target/release/benchsite node --test tests/browser/embed.test.mjs`.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertClean, missingPrerequisites, openPage, screenshot, startSuite, stopSuite } from './harness.mjs';
import { chartState, pngProblems, savedPng, waitForChart, waitForState } from './chart-probe.mjs';

const missing = missingPrerequisites();
const skip = missing.length ? `missing: ${missing.join(', ')}` : false;

const PAGES = ['/dsr1/b200/fp4/8k-1k/', '/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/8k-1k/'];

let site;
let server;
let browser;

describe('embed pages in headless Chromium', { skip }, () => {
  before(async () => {
    ({ site, server, browser } = await startSuite());
  });
  after(() => stopSuite({ site, server, browser }));

  for (const full of PAGES) {
    it(`${full}: the embed draws the chart and the matched table, without site chrome`, async () => {
      const { page, problems, close } = await openPage(browser, server.url(`/embed${full}`), { width: 800, height: 900 });
      try {
        await waitForChart(page);
        const state = await chartState(page);
        const data = await (await fetch(server.url(`${full}index.json`))).json();
        assert.equal(state.series.filter((s) => s.type === 'scatter').length, data.sides.length, 'a scatter per side');
        const shown = await page.evaluate(() => ({
          chrome: ['header', 'nav', 'footer', '.site-header', '.breadcrumbs'].filter((s) => document.querySelector(s)),
          tables: [...document.querySelectorAll('table')].map((t) => t.className),
          columns: document.querySelectorAll('table.matched thead th').length,
          robots: document.querySelector('meta[name=robots]')?.content,
          canonical: document.querySelector('link[rel=canonical]')?.href,
        }));
        assert.deepEqual(shown.chrome, [], 'no header, navigation, breadcrumbs or footer');
        assert.deepEqual(shown.tables, ['matched' + (data.family === 'hub' ? ' compact' : '') + ' stacks']);
        assert.equal(shown.columns, data.rows.length + 1, 'a column per target');
        assert.equal(shown.robots, 'noindex');
        assert.ok(shown.canonical.endsWith(full), shown.canonical);
        // The full page's <iframe> snippet is tall enough for this embed in an 800 px column.
        const fullHtml = await (await fetch(server.url(full))).text();
        const frame = Number(/&lt;iframe [^<]*?height=&quot;(\d+)&quot;/.exec(fullHtml)?.[1]);
        const tall = await page.evaluate(() => document.documentElement.scrollHeight);
        assert.ok(tall <= frame, `the embed is ${tall} px tall, the snippet's frame ${frame} px`);
        await screenshot(page, `embed-${data.family}-800`);
        assertClean(problems, `/embed${full}`);
      } finally {
        await close();
      }
    });
  }

  it('at 375 px the matched table stacks and fits whole, on the page and in its embed; at 1280 px it is a plain table', async () => {
    const pages = ['/compare/dsr1-gb200-vs-mi355x/1k-1k/', '/dsr1/gb200/fp4/1k-1k/', PAGES[1]];
    const { page, problems, goto, close } = await openPage(browser, server.url(pages[0]), { width: 375 });
    const layout = () => page.$eval('table.matched', (table) => {
      const box = table.closest('.table-scroll');
      const legend = table.closest('section, main').querySelector('.legend');
      const name = table.querySelector('.side-name');
      const rows = [...table.querySelectorAll('tbody tr')].map((tr) => {
        const [th, ...tds] = tr.children;
        return { name: th.getBoundingClientRect(), values: tds.map((td) => td.getBoundingClientRect()) };
      });
      const heads = [...table.querySelectorAll('thead th')].slice(1).map((th) => th.getBoundingClientRect().left);
      return {
        overflow: box.scrollWidth - box.clientWidth,
        legend: legend && legend.getBoundingClientRect().height > 0,
        nameShown: name.getBoundingClientRect().width > 1,
        // Each metric's name above its values, which sit in the columns of the targets.
        stacked: rows.every((r) => r.values.every((v) => v.top >= r.name.bottom - 1)),
        aligned: rows.every((r) => r.values.every((v, i) => Math.abs(v.left - heads[i]) < 1)),
        beside: rows.every((r) => r.values.every((v) => v.left >= r.name.right - 1)),
      };
    });
    // The matched table as Chromium's accessibility tree holds it: its row and column headers
    // and its cells with their accessible names (which must still name the sides).
    const tree = async () => {
      const cdp = await page.context().newCDPSession(page);
      const { nodes } = await cdp.send('Accessibility.getFullAXTree');
      await cdp.detach();
      const byId = new Map(nodes.map((n) => [n.nodeId, n]));
      const caption = await page.textContent('table.matched caption');
      const table = nodes.find((n) => n.role?.value === 'table' && n.name?.value === caption.trim());
      const found = { rowheader: [], columnheader: [], cell: [] };
      const walk = (n) => {
        if (found[n.role?.value]) found[n.role.value].push(n.name?.value ?? '');
        for (const id of n.childIds ?? []) if (byId.has(id)) walk(byId.get(id));
      };
      if (table) walk(table);
      return found;
    };
    try {
      let narrowTree;
      for (const path of [...pages, `/embed${pages[0]}`]) {
        await goto(server.url(path));
        const narrow = await layout();
        assert.ok(narrow.overflow <= 0, `${path}: the table scrolls by ${narrow.overflow} px at 375 px`);
        assert.ok(narrow.stacked && narrow.aligned, `${path}: ${JSON.stringify(narrow)}`);
        assert.equal(narrow.legend, true, `${path}: a legend names the sides`);
        assert.equal(narrow.nameShown, false, `${path}: the cells show swatches, not names`);
        if (path === pages[0]) narrowTree = await tree();
        assertClean(problems, path);
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      await goto(server.url(pages[0]));
      const wide = await layout();
      assert.ok(wide.beside && wide.nameShown && !wide.legend, `at 1280 px: ${JSON.stringify(wide)}`);
      // Stacked, the table keeps its semantics: the same headers and cells as at 1280 px,
      // each cell still naming the sides ("GB200 NVL72 8,881.6 MI355X 1,157.1").
      const at1280 = await tree();
      assert.equal(at1280.rowheader.length, 4, JSON.stringify(at1280));
      assert.deepEqual(narrowTree, at1280);
      assert.ok(at1280.cell.every((name) => /GB200 NVL72/.test(name) && /MI355X/.test(name)), JSON.stringify(at1280.cell));
      await screenshot(page, 'matched-table-chip-1280');
    } finally {
      await close();
    }
  });

  it('inside an <iframe>, the link back opens the full page in the top window', async () => {
    const { page, problems, close } = await openPage(browser, server.url('/robots.txt'));
    try {
      const full = PAGES[0];
      await page.setContent(
        `<!DOCTYPE html><title>host</title><iframe src="/embed${full}?log=1" title="chart" width="800" height="900"></iframe>`,
        { waitUntil: 'load' },
      );
      const frame = page.frames().find((f) => f.url().includes('/embed/'));
      assert.ok(frame, 'the embed loads in the frame');
      await frame.waitForFunction(() => {
        const el = document.getElementById('chart');
        return el && window.echarts?.getInstanceByDom(el);
      });
      // The settings of the link apply in the embed.
      assert.equal(await frame.isChecked('#chart-log'), true);
      const type = await frame.evaluate(() => {
        const chart = echarts.getInstanceByDom(document.getElementById('chart'));
        return [].concat(chart.getOption().yAxis)[0].type;
      });
      assert.equal(type, 'log');
      // ... and the link back carries them, so the full page shows the same view.
      await Promise.all([page.waitForURL(server.url(`${full}?log=1`)), frame.click('.embed-title a')]);
      assert.equal(page.url(), server.url(`${full}?log=1`), 'the top window shows the full page');
      await waitForChart(page);
      assert.equal(await page.isChecked('#chart-log'), true);
      assertClean(problems, 'host page');
    } finally {
      await close();
    }
  });

  it('an embed whose link sets prices says so, and its links back keep them', async () => {
    const full = PAGES[1];
    const data = await (await fetch(server.url(`${full}index.json`))).json();
    const published = async (page) => page.$$eval('table.matched [data-m=cost]', (cells) => cells.map((c) => c.textContent.trim()));
    const { page, problems, goto, close } = await openPage(browser, server.url(`/embed${full}`));
    try {
      assert.equal(await page.isHidden('#prices-note'), true, 'no note at the published prices');
      const before = await published(page);
      assert.ok(before.length > 0, 'the table has cost cells');
      // Twice the published GB200 price: every cost doubles, and the note says why.
      const gb200 = data.sides[0].points[0].hardware;
      const price = JSON.parse(await page.$eval('#price-data', (s) => s.textContent)).hardware[gb200].price.hyperscaler;
      const query = `?price.${gb200}=${price * 2}`;
      // Unknown keys and malformed values are dropped on the way to the full page.
      await goto(server.url(`/embed${full}${query}&evil=%3Cx%3E&kw.${gb200}=abc`));
      assert.equal(await page.isVisible('#prices-note'), true, 'the note shows');
      assert.match(await page.textContent('#prices-note'), /set in this embed's link, not the published hyperscaler prices/);
      const after = await published(page);
      const dollars = (t) => Number(t.replace(/[$,]/g, ''));
      after.forEach((t, i) => {
        const ratio = dollars(t) / dollars(before[i]);
        assert.ok(Math.abs(ratio - 2) < 0.03, `cell ${i}: ${before[i]} became ${t}`);
      });
      const links = await page.$$eval('a[data-keep-query]', (as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, [`${full}${query}`, `${full}${query}`], 'the title and the source line');
      // A picture saved here names the full page, which a reader of it can open, not the embed.
      await waitForChart(page);
      const png = await savedPng(page);
      assert.equal(png.name, `${full.split('/').filter(Boolean).join('-')}.png`);
      assert.deepEqual(pngProblems(png), []);
      assertClean(problems, `/embed${full}${query}`);
    } finally {
      await close();
    }
  });

  for (const width of [375, 1280]) {
    it(`at ${width} px, the pasted snippet sizes its frame to the embed, the link back in view`, async () => {
      const full = PAGES[0];
      const { page, problems, close } = await openPage(browser, server.url(full), { width, height: 900 });
      try {
        // The snippet as a reader copies it, its frame pointed at this server.
        const code = await page.inputValue('#embed-code');
        const src = code.match(/src="([^"]+)"/)[1];
        const host = code.replace(src, server.url(new URL(src).pathname)).replace(' loading="lazy"', '');
        await page.goto(server.url('/robots.txt'));
        await page.setContent(`<!DOCTYPE html><title>host</title><body style="margin:16px">${host}<p>After.</p></body>`, { waitUntil: 'load' });
        const frame = page.frames().find((f) => f.url().includes('/embed/'));
        assert.ok(frame, 'the embed loads in the frame');
        await frame.waitForSelector('.embed-source a');
        // The frame grows from the snippet's fixed height to the embed page's own.
        await page.waitForFunction(() => {
          const f = document.querySelector('iframe');
          const inner = f.contentDocument?.documentElement;
          return inner && Math.abs(f.getBoundingClientRect().height - inner.getBoundingClientRect().height) <= 1;
        }, null, { timeout: 10000 });
        const fit = await frame.evaluate(() => ({
          scrolls: document.documentElement.scrollHeight > innerHeight + 1,
          linkBottom: document.querySelector('.embed-source a').getBoundingClientRect().bottom,
          height: innerHeight,
        }));
        assert.equal(fit.scrolls, false, `the embed scrolls inside its ${fit.height} px frame`);
        assert.ok(fit.linkBottom <= fit.height, `the link back ends at ${fit.linkBottom} px, below the ${fit.height} px frame`);
        // A height posted by anything but the frame's own page (here the host itself) is ignored.
        const sized = await page.evaluate(() => document.querySelector('iframe').style.height);
        await page.evaluate(() => window.postMessage({ benchsiteEmbedHeight: 5 }, '*'));
        await page.waitForTimeout(200);
        assert.equal(await page.evaluate(() => document.querySelector('iframe').style.height), sized);
        await screenshot(page, `embed-host-${width}`);
        assertClean(problems, 'host page');
      } finally {
        await close();
      }
    });
  }

  it('the full page\'s embed snippet names the embed page, which exists', async () => {
    const { page, problems, close } = await openPage(browser, server.url(PAGES[1]));
    try {
      await waitForChart(page);
      const code = await page.inputValue('#embed-code');
      const src = code.match(/src="([^"]+)"/)[1];
      const path = new URL(src).pathname;
      assert.equal(path, `/embed${PAGES[1]}`);
      const res = await fetch(server.url(path));
      assert.equal(res.status, 200);
      await waitForState(page, (s) => s.series.length > 0, 'chart');
      assertClean(problems, PAGES[1]);
    } finally {
      await close();
    }
  });
});
