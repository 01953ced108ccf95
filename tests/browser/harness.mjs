// Shared helpers for the browser tests: build a copy of the demo site with the trimmed ECharts
// (vendor/echarts.min.js) self-hosted,
// serve it on 127.0.0.1, drive Debian's headless Chromium through playwright-core, and collect
// everything that went wrong on a page (console errors, page errors, failed or external requests).
//
// Every browser check is a `*.test.mjs` file beside this one (node --test runs each file in its
// own process; helpers without `.test` in the name are not run): `buildSite()` once per file,
// `serveSite()` on its output, a browser from `launchBrowser()`/`withBrowser()`, `openPage()` per
// page, ending with `assertClean()`. The checks so far:
//   chart.test.mjs    the chart and its controls on a hub and a comparison page (chart-probe.mjs
//                     reads the ECharts instance)
//   a11y.test.mjs     axe-core on every kind of page, with and without JavaScript; keyboard use
//   hostile.test.mjs  a copy poisoned by hostile-site.mjs: no payload runs, all show as text
//   echarts-bundle.test.mjs  vendor/echarts.min.js is what scripts/build-echarts.mjs builds
//   spline.test.mjs   the frontier curve chart.js draws (its Steffen spline, sampled); no browser
//   reader-tools.test.mjs  your prices, shareable URL state, Copy link, the embed snippet
//   embed.test.mjs    /embed/<path>/ pages, alone and in an iframe
//   weight.test.mjs   the bytes of script a page loads
//   search.test.mjs   search: the results readers expect, filters, the header box, axe
//   search-parts.test.mjs  a search index in parts finds what one index finds
//
// Environment:
//   BENCHSITE_BIN  the benchsite binary (tests/browser.rs passes cargo's CARGO_BIN_EXE_benchsite);
//                  default: target/release/benchsite, built with `cargo build --release` if absent
//   CHROMIUM       the browser executable (default /usr/bin/chromium)
//   ECHARTS_JS     the ECharts file the sites self-host (default: vendor/echarts.min.js)
//   BENCHSITE_SOURCE  the site folder to copy and build (default: the repository's demo site)
//   KEEP_SITE=1    keep the temporary site folders (their paths are printed) for a look afterwards

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/// The ECharts the test sites self-host: the trimmed build in vendor/ (scripts/build-echarts.mjs,
/// checked by echarts-bundle.test.mjs), so every chart check also proves that build draws
/// everything. ECHARTS_JS=node_modules/echarts/dist/echarts.min.js runs them on the full bundle.
export const ECHARTS_JS = path.resolve(REPO, process.env.ECHARTS_JS || path.join('vendor', 'echarts.min.js'));
export const SCREENSHOTS = path.join(REPO, 'target', 'screenshots');

/// The arguments Chromium runs with: headless, no sandbox (CI runs as root), nothing that would
/// reach the network on its own. playwright-core adds a fresh temporary profile (--user-data-dir)
/// for every launch and removes it on close.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/// What the browser tests need and is not there, as human-readable strings (empty: all present).
/// `axe: true` also needs axe-core.
export function missingPrerequisites({ axe = false } = {}) {
  const missing = [];
  if (axe && !fs.existsSync(AXE_JS)) missing.push('node_modules/axe-core (run `npm ci`)');
  if (!fs.existsSync(path.join(REPO, 'node_modules', 'playwright-core', 'package.json'))) {
    missing.push('node_modules/playwright-core (run `npm ci`)');
  }
  if (!fs.existsSync(ECHARTS_JS)) missing.push(`${ECHARTS_JS} (run \`node scripts/build-echarts.mjs\`)`);
  if (!fs.existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (apt-get install -y chromium)`);
  return missing;
}

/// The benchsite binary to build sites with.
export function benchsiteBin() {
  if (process.env.BENCHSITE_BIN) return path.resolve(REPO, process.env.BENCHSITE_BIN);
  const bin = path.join(REPO, 'target', 'release', 'benchsite');
  const built = spawnSync('cargo', ['build', '--release', '--bin', 'benchsite'], {
    cwd: REPO,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (built.status !== 0) throw new Error('cargo build --release failed');
  return bin;
}

/// The parts of a site folder that a build reads.
const SITE_PARTS = ['site.yaml', 'data', 'templates', 'static', 'content'];

/// Copies the site at `source` (default: $BENCHSITE_SOURCE or the repository's demo site) into
/// a fresh temporary folder, makes it self-host ECharts (ECHARTS_JS), lets `prepare(root)`
/// change the copy (hostile data, extra pages, ...), and builds it with the release binary,
/// passing `args` to `build` as well.
///
/// Returns `{ root, publicDir, output, pages(), cleanup() }`; `output` is the build's stdout.
/// Throws with the build's stderr if the build fails.
export function buildSite({
  source = process.env.BENCHSITE_SOURCE || REPO,
  selfHostEcharts = true,
  prepare,
  args = [],
} = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'benchsite-browser-'));
  for (const part of SITE_PARTS) {
    const from = path.join(source, part);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(root, part), { recursive: true });
  }
  if (selfHostEcharts) {
    // The library is copied next to site.yaml and named by a relative path, so it resolves the
    // same whether benchsite reads it relative to --root or to the working folder (both are
    // `root` below). Any `echarts:` line already in the copy is replaced.
    fs.copyFileSync(ECHARTS_JS, path.join(root, 'echarts.min.js'));
    const yamlPath = path.join(root, 'site.yaml');
    const yaml = fs.readFileSync(yamlPath, 'utf8').replace(/^echarts:.*\n?/m, '');
    fs.writeFileSync(yamlPath, `${yaml.replace(/\n*$/, '\n')}echarts: echarts.min.js\n`);
  }
  if (prepare) prepare(root);

  const bin = benchsiteBin();
  const run = spawnSync(bin, ['build', '--root', root, ...args], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) {
    if (!process.env.KEEP_SITE) fs.rmSync(root, { recursive: true, force: true });
    throw new Error(
      `${bin} build --root ${root} failed (${run.error ?? `exit ${run.status ?? run.signal}`})\n` +
        `${run.stdout ?? ''}${run.stderr ?? ''}`,
    );
  }
  const publicDir = path.join(root, 'public');
  if (process.env.KEEP_SITE) process.stderr.write(`# site kept in ${root}\n`);
  return {
    root,
    publicDir,
    output: run.stdout,
    pages: () => sitePages(publicDir),
    cleanup() {
      if (!process.env.KEEP_SITE) fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/// Every page of a built site that has an `index.json` beside its `index.html`, parsed: the
/// page's data (`path`, `family`, `model`, `hardware`, `precision`, `isl`, `osl`, `sides`, ...).
export function sitePages(publicDir) {
  const pages = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'index.json' && fs.existsSync(path.join(dir, 'index.html'))) {
        pages.push(JSON.parse(fs.readFileSync(full, 'utf8')));
      }
    }
  };
  walk(publicDir);
  return pages.sort((a, b) => String(a.path).localeCompare(String(b.path)));
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/// Serves `dir` on 127.0.0.1 at a free port, like a static host: `x/` is `x/index.html`, `x`
/// (a folder) redirects to `x/`, a missing file is a 404 with the site's `404.html`. Nothing
/// outside `dir` is reachable. Every request is logged in `log` as `{ method, path, status }`.
///
/// Returns `{ origin, url(pathname), log, close() }`.
export async function serveSite(dir) {
  const base = path.resolve(dir);
  const log = [];
  const server = http.createServer((req, res) => {
    const send = (status, headers, body) => {
      log.push({ method: req.method, path: req.url, status });
      res.writeHead(status, { 'cache-control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, { 'content-type': 'text/plain', allow: 'GET, HEAD' }, 'method not allowed');
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(400, { 'content-type': 'text/plain' }, 'bad request');
    }
    let file = path.resolve(base, `.${pathname}`);
    if (file !== base && !file.startsWith(base + path.sep)) {
      return send(403, { 'content-type': 'text/plain' }, 'forbidden');
    }
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      if (!pathname.endsWith('/')) return send(301, { location: `${pathname}/` }, '');
      file = path.join(file, 'index.html');
      stat = fs.statSync(file, { throwIfNoEntry: false });
    }
    if (!stat?.isFile()) {
      const notFound = path.join(base, '404.html');
      const body = fs.existsSync(notFound) ? fs.readFileSync(notFound) : 'not found';
      return send(404, { 'content-type': 'text/html; charset=utf-8' }, body);
    }
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    // Fingerprinted assets (`style.3f9a1c2e.css`) never change, as a CDN would serve them.
    const cache = /\.[0-9a-f]{8,}\.[a-z0-9]+$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-store';
    send(200, { 'content-type': type, 'content-length': stat.size, 'cache-control': cache }, fs.readFileSync(file));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    log,
    url: (pathname = '/') => new URL(pathname, origin).href,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/// Launches Debian's Chromium headless through playwright-core. Close it with `browser.close()`.
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/// What a browser suite runs against: the built site (`prepare` may poison it first), served on
/// 127.0.0.1, and a headless Chromium. Start it in `before`, stop it in `after`.
export async function startSuite({ prepare } = {}) {
  const site = buildSite({ prepare });
  const server = await serveSite(site.publicDir);
  const browser = await launchBrowser();
  return { site, server, browser };
}

/// Closes what `startSuite` opened; safe on a partly started suite.
export async function stopSuite({ site, server, browser } = {}) {
  await browser?.close();
  await server?.close();
  site?.cleanup();
}

/// Launches headless Chromium, runs `fn(browser)`, and always closes the browser.
export async function withBrowser(fn) {
  const browser = await launchBrowser();
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/// Opens `url` in a new browser context of the given viewport and waits for the load event.
/// Requests to anything but the page's own origin are blocked and recorded (a self-hosted site
/// must not need the network). Everything that goes wrong is collected in `problems`:
///   consoleErrors  console.error messages and browser-logged errors (e.g. failed resources)
///   pageErrors     uncaught exceptions and unhandled rejections
///   failedRequests requests that failed or answered with a status of 400 or more
///   external       requests to another origin (blocked)
///   dialogs        alert/confirm/prompt dialogs the page opened (each is dismissed)
/// `javaScriptEnabled: false` opens the page as a reader without JavaScript sees it; the test
/// can still `page.evaluate` in it, but timers never fire there (so axe-core cannot run).
/// Returns `{ page, context, problems, goto(url), close() }`; `goto` empties `problems` and opens
/// another page in the same context (and so with the same HTTP cache).
export async function openPage(
  browser,
  url,
  { width = 1280, height = 900, colorScheme, javaScriptEnabled = true } = {},
) {
  const origin = new URL(url).origin;
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 1,
    colorScheme,
    javaScriptEnabled,
    acceptDownloads: true,
  });
  const problems = { consoleErrors: [], pageErrors: [], failedRequests: [], external: [], dialogs: [] };
  await context.route('**/*', (route) => {
    const requestUrl = route.request().url();
    if (requestUrl.startsWith('data:') || requestUrl.startsWith('blob:')) return route.continue();
    if (new URL(requestUrl).origin === origin) return route.continue();
    problems.external.push(requestUrl);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const where = msg.location()?.url ? ` (${msg.location().url}:${msg.location().lineNumber})` : '';
      problems.consoleErrors.push(`${msg.text()}${where}`);
    }
  });
  page.on('pageerror', (err) => problems.pageErrors.push(err.stack || String(err)));
  page.on('dialog', (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('requestfailed', (req) => {
    // Chromium fetches the favicon after `load`; going on to the next page aborts that fetch.
    const faviconAborted = /\/favicon\.(?:svg|ico)$/.test(req.url()) && req.failure()?.errorText === 'net::ERR_ABORTED';
    if (!problems.external.includes(req.url()) && !faviconAborted) {
      problems.failedRequests.push(`${req.url()}: ${req.failure()?.errorText}`);
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.failedRequests.push(`${res.url()}: HTTP ${res.status()}`);
  });
  const goto = async (target) => {
    for (const list of Object.values(problems)) list.length = 0;
    const response = await page.goto(target, { waitUntil: 'load', timeout: 30_000 });
    if (!response || !response.ok()) {
      problems.failedRequests.push(`${target}: HTTP ${response ? response.status() : 'no response'}`);
    }
  };
  await goto(url);
  return { page, context, problems, goto, close: () => context.close() };
}

/// A readable list of everything in `problems` (empty string: nothing went wrong).
export function describeProblems(problems) {
  return Object.entries(problems)
    .filter(([, list]) => list.length > 0)
    .map(([kind, list]) => `${kind}:\n${list.map((item) => `  - ${item}`).join('\n')}`)
    .join('\n');
}

/// Throws, listing them, if `problems` holds anything.
export function assertClean(problems, what = 'page') {
  const text = describeProblems(problems);
  if (text) throw new Error(`${what} was not clean:\n${text}`);
}

/// Saves a full-page screenshot as target/screenshots/<name>.png and returns its path.
export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/// Whether the page scrolls sideways at its current viewport, and which elements make it:
/// `{ scrollWidth, viewport, culprits: ['SPAN.side-name (right edge 648 px, position absolute)'] }`.
/// An element counts when it reaches past the viewport and no scrolling or clipping ancestor
/// holds it (absolutely positioned elements escape an `overflow` ancestor that is not positioned).
export async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.right <= viewport + 0.5 || box.width === 0) continue;
      // Walk the containing-block chain: only a clipping ancestor on it contains the element.
      let held = false;
      let absolute = getComputedStyle(el).position === 'absolute';
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (absolute && style.position === 'static') continue;
        if (style.overflowX !== 'visible') {
          held = true;
          break;
        }
        absolute = style.position === 'absolute' || (absolute && style.position === 'static');
      }
      if (held) continue;
      const name = `${el.tagName}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`;
      culprits.push(`${name} (right edge ${Math.round(box.right)} px, position ${getComputedStyle(el).position})`);
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      viewport,
      culprits: [...new Set(culprits)].slice(0, 10),
    };
  });
}

/// axe-core, from npm (`npm ci`).
export const AXE_JS = path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js');

/// axe-core's violations on the page as it is now, one readable line per failing node.
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ path: AXE_JS });
  }
  const violations = await page.evaluate(async () => {
    // Target size (WCAG 2.2 AA) is off in axe's defaults: a phone reader taps these links.
    const result = await window.axe.run(document, {
      resultTypes: ['violations'],
      rules: { 'target-size': { enabled: true } },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  });
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n}`).join('\n')}`,
  );
}
