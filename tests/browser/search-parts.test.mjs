// A search index written in parts (src/search.rs; `build --search-part-size`) searches as one, in
// headless Chromium: the demo site built with parts of 40 documents (four parts) finds exactly as
// many pages for each query as the same site built with one part, from the search page and from
// the header's box; a part missing from the server (a stale list, an upload under way) is left
// out instead of breaking search. Run: `cargo test --release --test browser`, or
// `BENCHSITE_BIN=target/release/benchsite node --test tests/browser/search-parts.test.mjs`.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { assertClean, buildSite, launchBrowser, missingPrerequisites, openPage, serveSite } from './harness.mjs';

const missing = missingPrerequisites();
const skip = missing.length ? `missing: ${missing.join(', ')}` : false;

const QUERIES = ['B200', 'DeepSeek R1', 'MTP', 'FP8 8k/1k', 'cheapest'];

let whole;
let parted;
let browser;

/// The number of results /search/?q=… reports ("12 results for …") on the site behind `server`.
async function resultCount(server, query) {
  const { page, problems, close } = await openPage(browser, server.url(`/search/?q=${encodeURIComponent(query)}`));
  try {
    await page.waitForSelector('pagefind-results a[href]', { timeout: 15_000 });
    const summary = page.locator('pagefind-summary');
    await page.waitForFunction(() => /\d+ results? for/.test(document.querySelector('pagefind-summary')?.textContent ?? ''));
    const text = await summary.textContent();
    assertClean(problems, `search for ${query}`);
    return Number(text.match(/(\d+) results? for/)[1]);
  } finally {
    await close();
  }
}

describe('a search index in parts, in headless Chromium', { skip }, () => {
  before(async () => {
    const one = buildSite();
    const four = buildSite({ args: ['--search-part-size', '40'] });
    whole = { site: one, server: await serveSite(one.publicDir) };
    parted = { site: four, server: await serveSite(four.publicDir) };
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    for (const built of [whole, parted]) {
      await built?.server.close();
      built?.site.cleanup();
    }
  });

  it('the parted build lists its parts, each a Pagefind bundle', () => {
    const dir = path.join(parted.site.publicDir, 'pagefind');
    const list = JSON.parse(fs.readFileSync(path.join(dir, 'benchsite-parts.json'), 'utf8'));
    assert.deepEqual(list.merge, ['part-2/', 'part-3/', 'part-4/']);
    for (const part of ['', ...list.merge]) {
      assert.ok(fs.existsSync(path.join(dir, part, 'pagefind-entry.json')), `${part || '/pagefind/'} is a bundle`);
      // Pagefind runs from the first part's scripts and wasm and reads only the others' index.
      for (const file of ['pagefind.js', 'pagefind-worker.js', 'wasm.en.pagefind']) {
        assert.equal(fs.existsSync(path.join(dir, part, file)), part === '', `${part}${file}`);
      }
    }
    const single = JSON.parse(fs.readFileSync(path.join(whole.site.publicDir, 'pagefind', 'benchsite-parts.json'), 'utf8'));
    assert.deepEqual(single.merge, []);
  });

  for (const query of QUERIES) {
    it(`"${query}" finds as many pages in four parts as in one`, async () => {
      const expected = await resultCount(whole.server, query);
      assert.ok(expected > 1, `"${query}" finds ${expected} pages on the one-part site`);
      assert.equal(await resultCount(parted.server, query), expected);
    });
  }

  it('the header box of the parted site finds pages from every part', async () => {
    const { page, problems, close } = await openPage(browser, parted.server.url('/'));
    try {
      const parts = new Set();
      page.on('request', (request) => {
        const match = new URL(request.url()).pathname.match(/^\/pagefind\/(part-\d+\/)?pagefind-entry\.json$/);
        if (match) parts.add(match[1] ?? 'part-1/');
      });
      await page.keyboard.press('/');
      await page.waitForSelector('pagefind-searchbox input');
      await page.keyboard.type('DeepSeek');
      await page.waitForSelector('pagefind-searchbox a[role="option"][href]', { timeout: 15_000 });
      assert.deepEqual([...parts].sort(), ['part-1/', 'part-2/', 'part-3/', 'part-4/']);
      assertClean(problems, 'header search on the parted site');
    } finally {
      await close();
    }
  });

  // Last: it removes a part from the served site.
  it('a listed part that is missing is left out; the other parts still answer', async () => {
    const complete = await resultCount(parted.server, 'DeepSeek');
    fs.rmSync(path.join(parted.site.publicDir, 'pagefind', 'part-3'), { recursive: true });
    const opened = await openPage(browser, parted.server.url('/search/?q=DeepSeek'));
    try {
      await opened.page.waitForSelector('pagefind-results a[href]', { timeout: 15_000 });
      await opened.page.waitForFunction(() => /\d+ results? for/.test(document.querySelector('pagefind-summary')?.textContent ?? ''));
      const text = await opened.page.locator('pagefind-summary').textContent();
      const count = Number(text.match(/(\d+) results? for/)[1]);
      assert.ok(count > 0 && count < complete, `${count} results without part 3, ${complete} with it`);
      // The browser reports the missing part's 404 (request and console); nothing else fails.
      const { failedRequests, consoleErrors, ...rest } = opened.problems;
      const others = (list) => list.filter((r) => !r.includes('/pagefind/part-3/pagefind-entry.json'));
      assert.deepEqual([...others(failedRequests), ...others(consoleErrors)], []);
      assert.ok(failedRequests.length > 0, 'the missing part was asked for');
      assertClean(rest, 'search with a part missing');
    } finally {
      await opened.close();
    }
  });
});
