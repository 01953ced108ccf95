// Lighthouse 12 (issue 15, SPEC §15): the desktop preset on a hub and a comparison page of the
// demo site, served on 127.0.0.1 as tests/browser/harness.mjs serves it (no compression, as a
// worst case), in Debian's Chromium. Performance at least 95; accessibility, best practices and
// SEO 100. The scores of every run are printed, so a log records them.
//
// Needs the npm package `lighthouse` (pinned in package.json; `npm ci`). Without it the suite is
// skipped with a message, except under CI=true, where it fails.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { CHROMIUM, CHROMIUM_ARGS, REPO, buildSite, missingPrerequisites, serveSite } from './harness.mjs';

const THRESHOLDS = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };
const PAGES = {
  hub: '/dsr1/gb200/fp4/8k-1k/',
  comparison: '/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/8k-1k/',
};

const missing = missingPrerequisites();
if (!fs.existsSync(path.join(REPO, 'node_modules', 'lighthouse', 'package.json'))) {
  missing.push('node_modules/lighthouse (run `npm ci`)');
}
if (missing.length && process.env.CI === 'true') {
  throw new Error(`Lighthouse tests cannot run under CI=true: missing ${missing.join(', ')}`);
}
const skip = missing.length ? `missing: ${missing.join(', ')}` : false;

describe('Lighthouse 12, desktop preset', { skip }, () => {
  let site;
  let server;
  let chrome;
  let lighthouse;
  let desktop;

  before(async () => {
    site = buildSite();
    server = await serveSite(site.publicDir);
    ({ default: lighthouse } = await import('lighthouse'));
    ({ default: desktop } = await import('lighthouse/core/config/desktop-config.js'));
    const { launch } = await import('chrome-launcher');
    chrome = await launch({
      chromePath: CHROMIUM,
      chromeFlags: CHROMIUM_ARGS.map((f) => (f === '--headless' ? '--headless=new' : f)),
      logLevel: 'silent',
    });
  });
  after(async () => {
    await chrome?.kill();
    await server?.close();
    site?.cleanup();
  });

  for (const [kind, pathname] of Object.entries(PAGES)) {
    it(`${kind} page ${pathname}: ${Object.entries(THRESHOLDS).map(([k, v]) => `${k} ≥ ${v}`).join(', ')}`, async () => {
      const result = await lighthouse(
        server.url(pathname),
        { port: chrome.port, output: 'json', logLevel: 'error' },
        desktop,
      );
      const { categories, audits } = result.lhr;
      const scores = Object.fromEntries(
        Object.keys(THRESHOLDS).map((k) => [k, Math.round((categories[k]?.score ?? 0) * 100)]),
      );
      const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift']
        .map((id) => `${id} ${audits[id]?.displayValue ?? '?'}`)
        .join(', ');
      console.log(`# lighthouse ${kind}: ${JSON.stringify(scores)}; ${metrics}`);
      const failing = (k) =>
        categories[k].auditRefs
          .map((ref) => audits[ref.id])
          .filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
          .map((a) => `${a.id} (${a.displayValue ?? a.score})`);
      for (const [k, min] of Object.entries(THRESHOLDS)) {
        assert.ok(scores[k] >= min, `${kind} ${k} ${scores[k]} < ${min}: ${failing(k).join('; ')}`);
      }
    });
  }
});
