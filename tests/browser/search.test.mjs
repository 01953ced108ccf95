// Search in headless Chromium (issue 14, SPEC §14), on the demo site's Pagefind index:
// the queries readers type find the pages they mean, a filter narrows the results, the header
// box works from the keyboard ("/", type, ↓, Enter reaches the picked page), axe finds nothing with
// results open, and no request leaves the site. Run: `cargo test --release --test browser`.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';

import {
  assertClean,
  axeViolations,
  horizontalOverflow,
  missingPrerequisites,
  openPage,
  screenshot,
  startSuite,
  stopSuite,
} from './harness.mjs';

const missing = missingPrerequisites({ axe: true });
const skip = missing.length ? `missing: ${missing.join(', ')}` : false;

let site;
let server;
let browser;

/// Opens /search/?q=… and returns the result links' paths in order, once results are shown.
async function searchPage(query) {
  const opened = await openPage(browser, server.url(`/search/?q=${encodeURIComponent(query)}`));
  await opened.page.waitForSelector('pagefind-results a[href]', { timeout: 15_000 });
  return opened;
}

/// The result links' root-relative paths, in the order the page lists them.
function resultPaths(page) {
  return page.$$eval('pagefind-results a[href]', (links) =>
    links.map((a) => new URL(a.href).pathname).filter((p, i, all) => all.indexOf(p) === i),
  );
}

describe('search in headless Chromium', { skip }, () => {
  before(async () => {
    ({ site, server, browser } = await startSuite());
  });
  after(() => stopSuite({ site, server, browser }));

  it('"GB200 MTP" lists the GB200 speculative-decoding comparison first', async () => {
    const { page, problems, close } = await searchPage('GB200 MTP');
    try {
      const paths = await resultPaths(page);
      assert.match(paths[0], /^\/compare-spec-decode\/dsr1-gb200-[a-z0-9-]*mtp-vs-none\//, paths.join('\n'));
      const title = await page.$eval('pagefind-results a[href]', (a) => a.textContent);
      assert.match(title, /GB200 NVL72 FP4: MTP vs Off/);
      assert.match(title, /DeepSeek R1/);
      await screenshot(page, 'search-gb200-mtp-1280');
      assertClean(problems, 'search for GB200 MTP');
    } finally {
      await close();
    }
  });

  // Words readers type for pages whose text does not say them: the navigation's name for the
  // editors' page, and an accelerator with what its rankings rank it by.
  for (const [query, first, all] of [
    ['methodology', /^\/methodology\/$/, /^\/methodology\/$/],
    ['cheapest B200', /^\/rankings\/[a-z0-9-]+\/[0-9k-]+\/$/, /^\/rankings\//],
    ['cheapest H100', /^\/rankings\/gpt-oss-120b\/[0-9k-]+\/$/, /^\/rankings\/gpt-oss-120b\//],
  ]) {
    it(`"${query}" finds the pages it means`, async () => {
      const { page, problems, close } = await searchPage(query);
      try {
        const paths = await resultPaths(page);
        assert.match(paths[0], first, paths.join('\n'));
        assert.ok(paths.every((p) => all.test(p)), paths.join('\n'));
        assertClean(problems, `search for ${query}`);
      } finally {
        await close();
      }
    });
  }

  // The search page's own examples name a hub's accelerator, precision and sequence, which the
  // comparisons at that combination name as often: the hubs come first.
  for (const [query, hubs] of [
    ['MI355X FP8 8k/1k', ['/dsr1/mi355x/fp8/8k-1k/']],
    ['MI355X FP8 1k/8k', ['/dsr1/mi355x/fp8/1k-8k/']],
    ['GB200 FP4 1k/1k', ['/dsr1/gb200/fp4/1k-1k/', '/gpt-oss-120b/gb200/fp4/1k-1k/']],
  ]) {
    it(`"${query}" lists its hubs first`, async () => {
      const { page, problems, close } = await searchPage(query);
      try {
        const paths = await resultPaths(page);
        assert.deepEqual(paths.slice(0, hubs.length).sort(), hubs, paths.join('\n'));
        assert.ok(paths.length > hubs.length, `comparisons are found too: ${paths.join('\n')}`);
        assertClean(problems, `search for ${query}`);
      } finally {
        await close();
      }
    });
  }

  it('"MI300X" lists the MI300X pages before the comparisons that include it, each quoting its description', async () => {
    const { page, problems, close } = await searchPage('MI300X');
    try {
      const paths = await resultPaths(page);
      const own = paths.filter((p) => /^\/[^/]+\/mi300x\//.test(p));
      assert.ok(own.length > 0 && paths.some((p) => p.startsWith('/compare/')), paths.join('\n'));
      assert.deepEqual(paths.slice(0, own.length), own, paths.join('\n'));
      // The excerpt quotes the title and then the page's description, not the lists of names
      // the index weights (templates/search-document.html puts those last).
      const excerpt = await page.$eval('pagefind-results .pf-result-excerpt', (e) => e.textContent.trim());
      assert.match(excerpt, /^MI300X FP8, DeepSeek R1, \d+k\/\d+k\. DeepSeek R1 on MI300X FP8 at /, excerpt);
      // The result's heading is the page's title as the page writes it.
      const title = await page.$eval('pagefind-results .pf-result-title', (e) => e.textContent.trim());
      assert.match(title, /^MI300X FP8 · DeepSeek R1 · \d+k\/\d+k$/, title);
      assertClean(problems, 'search for MI300X');
    } finally {
      await close();
    }
  });

  it('"deepseek 8k": no excerpt starts at a lone separator of the title', async () => {
    const { page, problems, close } = await searchPage('deepseek 8k');
    try {
      await page.waitForFunction(() => document.querySelectorAll('pagefind-results .pf-result-excerpt').length > 3);
      const excerpts = await page.$$eval('pagefind-results .pf-result-excerpt', (all) =>
        all.map((e) => e.textContent.trim()));
      const stray = excerpts.filter((e) => /^[^\p{L}\p{N}]/u.test(e));
      assert.deepEqual(stray, [], `excerpts starting at punctuation:\n${stray.join('\n')}`);
      assertClean(problems, 'search for deepseek 8k');
    } finally {
      await close();
    }
  });

  it('a filter narrows the results to its value', async () => {
    const { page, problems, close } = await searchPage('DeepSeek R1');
    try {
      // The page shows the first few results of however many there are, so the summary's
      // total ("99 results for …") is what a filter lowers, not the number of links shown.
      const links = () => page.$$eval('pagefind-results a[href]', (a) => a.map((l) => l.href));
      await page.waitForFunction(() => document.querySelectorAll('pagefind-results a[href]').length > 5);
      const total = await page.$eval('pagefind-summary', (s) => Number.parseInt(s.textContent, 10));
      assert.ok(total > 5, `the summary counts the results: ${total}`);
      const shownBefore = await links();
      const dropdown = page.locator('pagefind-filter-dropdown[filter="hardware"]');
      await dropdown.locator('button').first().click();
      await dropdown.getByRole('option', { name: /^B200/ }).first().click();
      // A lower total, and the list drawn again with other results.
      await page.waitForFunction(
        ([before, shown]) => {
          const summary = document.querySelector('pagefind-summary')?.textContent ?? '';
          const now = [...document.querySelectorAll('pagefind-results a[href]')].map((a) => a.href);
          const filtered = Number.parseInt(summary, 10);
          return filtered > 0 && filtered < before && now.length > 0 && now.join() !== shown.join();
        },
        [total, shownBefore],
        { timeout: 10_000 },
      );
      const paths = await resultPaths(page);
      assert.ok(paths.length > 0, 'the filter left some results');
      for (const p of paths) {
        const info = JSON.parse(fs.readFileSync(`${site.publicDir}${p}index.json`, 'utf8'));
        const hardware = [info.hardware, ...(info.sides ?? []).map((s) => s.hardware)].flat();
        assert.ok(hardware.includes('b200'), `${p} is not about B200 (${hardware.join(', ')})`);
      }
      assertClean(problems, 'filtered search');
    } finally {
      await close();
    }
  });

  it('from any page: "/" focuses the box, typing shows results, ↓ and Enter open one', async () => {
    const { page, problems, close } = await openPage(browser, server.url('/dsr1/'));
    try {
      await page.keyboard.press('/');
      await page.waitForSelector('pagefind-searchbox input');
      await page.waitForFunction(() => document.activeElement?.closest('pagefind-searchbox'));
      await page.keyboard.type('GB200 MTP');
      await page.waitForSelector('pagefind-searchbox a[role="option"][href]', { timeout: 15_000 });
      const selected = () =>
        page.$eval('pagefind-searchbox a[role="option"][aria-selected="true"]', (a) => new URL(a.href).pathname);
      assert.match(await selected(), /^\/compare-spec-decode\/dsr1-gb200-/, 'the best result is picked first');
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], `axe with results open:\n${violations.join('\n')}`);
      await screenshot(page, 'search-box-open-1280');
      const before = await selected();
      await page.keyboard.press('ArrowDown');
      const target = await selected();
      assert.notEqual(target, before, '↓ picks the next result');
      await Promise.all([page.waitForURL((url) => url.pathname === target), page.keyboard.press('Enter')]);
      assert.equal(new URL(page.url()).pathname, target);
      assertClean(problems, 'keyboard search');
    } finally {
      await close();
    }
  });

  it('typing at once after "/" loses no keystroke while the box swaps in', async () => {
    for (let round = 0; round < 3; round += 1) {
      const { page, problems, close } = await openPage(browser, server.url('/dsr1/'));
      try {
        // Where the focus is each time the header's fields change: never on the page itself,
        // where a keystroke would be lost.
        await page.evaluate(() => {
          window.__focusOnSwap = [];
          new MutationObserver(() => {
            const active = document.activeElement;
            window.__focusOnSwap.push(active === document.body || !active ? 'page' : active.tagName);
          }).observe(document.querySelector('form.site-search'), { childList: true, subtree: true });
        });
        await page.keyboard.press('/');
        await page.keyboard.type('H100 vs MI355X');
        await page.waitForSelector('pagefind-searchbox a[role="option"][href]', { timeout: 15_000 });
        const value = await page.$eval('pagefind-searchbox input', (input) => input.value);
        assert.equal(value, 'H100 vs MI355X', `round ${round}: what was typed`);
        const focus = await page.evaluate(() => window.__focusOnSwap);
        assert.ok(focus.length > 0 && !focus.includes('page'), `round ${round}: focus on swap ${focus}`);
        assertClean(problems, 'typing through the swap');
      } finally {
        await close();
      }
    }
  });

  it('the search page has one search field, which "/" focuses', async () => {
    const { page, problems, close } = await openPage(browser, server.url('/search/?q=B200'));
    try {
      await page.waitForSelector('pagefind-results a[href]', { timeout: 15_000 });
      assert.equal(await page.isVisible('form.site-search'), false, "the header's box is hidden here");
      assert.equal(await page.isVisible('#search-none'), false, 'no help for finding nothing beside results');
      const fields = await page.$$eval('input', (inputs) =>
        inputs.filter((i) => i.offsetParent !== null && /search|text/.test(i.type)).length);
      assert.equal(fields, 1, 'one visible search field');
      await page.click('h1');
      await page.keyboard.press('/');
      await page.waitForFunction(() => document.activeElement?.closest('pagefind-input'));
      assert.equal(await page.$eval('pagefind-input input', (i) => i.value), 'B200', 'the query is kept');
      assert.equal(await page.$('pagefind-searchbox'), null, "the header's box is not made");
      assertClean(problems, 'the search page and "/"');
    } finally {
      await close();
    }
  });

  it('the search page passes axe and fits with results and filters shown, at 375 px too', async () => {
    for (const width of [1280, 375]) {
      const opened = await openPage(browser, server.url('/search/?q=B200'), { width });
      try {
        await opened.page.waitForSelector('pagefind-results a[href]', { timeout: 15_000 });
        const violations = await axeViolations(opened.page);
        assert.deepEqual(violations, [], `axe at ${width} px:\n${violations.join('\n')}`);
        await screenshot(opened.page, `search-page-${width}`);
        const overflow = await horizontalOverflow(opened.page);
        assert.deepEqual(overflow.culprits, [], `the search page scrolls sideways at ${width} px`);
        // The five filters share lines (at most three on a phone), so results start in view.
        const rows = await opened.page.$$eval('.search-filters pagefind-filter-dropdown', (els) =>
          new Set(els.map((e) => Math.round(e.getBoundingClientRect().top))).size);
        assert.ok(rows <= (width < 400 ? 3 : 1), `the filters take ${rows} lines at ${width} px`);
        // A result's excerpt runs past its first line (Pagefind's own stylesheet cuts it to one,
        // which on a phone holds little more than the title it repeats), to three at most.
        const lines = await opened.page.$eval('pagefind-results .pf-result-excerpt', (e) =>
          e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight));
        assert.ok(lines > 1.5 && lines < 3.5, `the first excerpt takes ${lines.toFixed(2)} lines at ${width} px`);
        assertClean(opened.problems, `search page at ${width} px`);
      } finally {
        await opened.close();
      }
    }
  });

  it('while results load, their placeholders have no image box, as the results have none', async () => {
    const opened = await openPage(browser, server.url('/'));
    const held = [];
    try {
      // The results' fragments held back: the placeholders stay until they are let through.
      await opened.context.route(/\/pagefind\/.*fragment\//, (route) => void held.push(route));
      await opened.goto(server.url('/search/?q=B200'));
      await opened.page.waitForSelector('pagefind-results .pf-skeleton-title', { timeout: 15_000 });
      const boxes = await opened.page.$$eval('pagefind-results .pf-skeleton-image', (els) =>
        els.map((e) => getComputedStyle(e).display));
      assert.ok(boxes.length > 0, 'Pagefind draws an image box in its placeholders');
      assert.deepEqual([...new Set(boxes)], ['none']);
      await opened.context.unroute(/\/pagefind\/.*fragment\//);
      await Promise.all(held.map((route) => route.continue()));
      await opened.page.waitForSelector('pagefind-results a[href]', { timeout: 15_000 });
      assert.equal(await opened.page.$('pagefind-results img'), null, 'no result has an image');
      assertClean(opened.problems, 'search page');
    } finally {
      await opened.close();
    }
  });

  it('a search that finds nothing offers the models, rankings and home page instead, and goes when one does', async () => {
    const { page, problems, close } = await openPage(browser, server.url('/search/?q=zzqxv'));
    try {
      await page.waitForSelector('#search-none:not([hidden])', { timeout: 15_000 });
      assert.match(await page.textContent('pagefind-summary'), /No results for zzqxv/);
      const links = await page.$$eval('#search-none a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
      // The demo's two models, each with its page, then the rankings and the home page.
      assert.deepEqual(links, [
        ['DeepSeek R1', '/dsr1/'],
        ['gpt-oss 120B', '/gpt-oss-120b/'],
        ['Rankings', '/rankings/'],
        ['Every benchmark, from the home page', '/'],
      ]);
      for (const [, href] of links) assert.equal((await fetch(server.url(href))).status, 200, href);
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], `axe:\n${violations.join('\n')}`);
      await page.fill('pagefind-input input', 'B200');
      await page.waitForSelector('pagefind-results a[href]', { timeout: 15_000 });
      assert.equal(await page.isVisible('#search-none'), false, 'hidden once results show');
      // Nothing found again, then the query cleared: the help goes with it.
      await page.fill('pagefind-input input', 'zzqxv');
      await page.waitForSelector('#search-none:not([hidden])', { timeout: 15_000 });
      await page.fill('pagefind-input input', '');
      await page.waitForSelector('#search-none', { state: 'hidden', timeout: 15_000 });
      assertClean(problems, 'a search that finds nothing');
    } finally {
      await close();
    }
  });

  it('screen readers are told the help is there, once each time it appears', async () => {
    const { page, problems, close } = await openPage(browser, server.url('/search/'));
    try {
      await page.waitForSelector('pagefind-input input', { timeout: 15_000 });
      const sentence = await page.getAttribute('#search-none', 'data-announce');
      assert.ok(sentence, 'the template gives the sentence');
      // Every text Pagefind's live regions take, in order.
      await page.evaluate(() => {
        window.__said = [];
        new MutationObserver(() => {
          for (const region of document.querySelectorAll('[data-pagefind-announcer] [aria-live]')) {
            const text = region.textContent.trim();
            if (text && region.dataset.lastSaid !== text) window.__said.push(text);
            region.dataset.lastSaid = text;
          }
        }).observe(document.body, { childList: true, subtree: true, characterData: true });
      });
      const times = async () => (await page.evaluate(() => window.__said)).filter((t) => t === sentence).length;
      const nothing = async (query) => {
        await page.fill('pagefind-input input', query);
        await page.waitForSelector('#search-none:not([hidden])', { timeout: 15_000 });
      };
      await nothing('zzqxv');
      await page.waitForFunction((s) => window.__said.includes(s), sentence, { timeout: 5_000 });
      assert.ok((await page.evaluate(() => window.__said)).some((t) => /No results for/.test(t)), 'Pagefind still says it');
      // Still nothing with another query: the help stays, and is not said again.
      await nothing('zzqxvw');
      await page.waitForTimeout(500);
      assert.equal(await times(), 1);
      await page.fill('pagefind-input input', 'B200');
      await page.waitForSelector('#search-none', { state: 'hidden', timeout: 15_000 });
      assert.equal(await times(), 1, 'not said with results');
      await nothing('zzqxv');
      await page.waitForFunction((s) => window.__said.filter((t) => t === s).length === 2, sentence, { timeout: 5_000 });
      assertClean(problems, 'the help announced');
    } finally {
      await close();
    }
  });

  it('a hostile query in the address is searched for as text, never run or shown as markup', async () => {
    const query = '"><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const { page, problems, close } = await openPage(browser, server.url(`/search/?q=${encodeURIComponent(query)}`));
    try {
      await page.waitForFunction(() => document.querySelector('pagefind-input input')?.value, null, { timeout: 15_000 });
      await page.waitForTimeout(500);
      const state = await page.evaluate(() => ({
        pwned: window.__pwned ?? null,
        injected: document.querySelectorAll('img[src="x"], pagefind-results script, pagefind-summary script').length,
        value: document.querySelector('pagefind-input input').value,
      }));
      assert.deepEqual(state, { pwned: null, injected: 0, value: query });
      assertClean(problems, 'hostile search query');
    } finally {
      await close();
    }
  });

  it('without JavaScript the header box is a form that opens the search page', async () => {
    const { page, close } = await openPage(browser, server.url('/'), { javaScriptEnabled: false });
    try {
      const form = await page.$eval('form.site-search', (f) => ({
        action: new URL(f.action).pathname,
        method: f.method,
        name: f.querySelector('input').name,
        label: f.querySelector('label').textContent.trim(),
      }));
      assert.deepEqual(form, { action: '/search/', method: 'get', name: 'q', label: 'Search the site' });
    } finally {
      await close();
    }
  });
});
