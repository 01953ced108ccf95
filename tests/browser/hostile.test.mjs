// Hostile input stays inert (issue 6, item 3): the demo site rebuilt with script-injection
// payloads in every string that reaches a page (see hostile-site.mjs), every kind of page opened
// in headless Chromium with the chart's tooltips shown, and nothing ran: no `window.__pwned`, no
// dialog, no page error, no injected element or handler; the chart's JSON still parses and the
// payloads read as literal text. Hostile query strings (markup, `javascript:` URLs) on data,
// ranking and embed pages are ignored: nothing runs or is inserted. Hostile slugs (framework, precision, ids) fail the build with an
// error naming the field. Run: `npm test`, or `cargo test --release --test browser`.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  benchsiteBin,
  describeProblems,
  missingPrerequisites,
  openPage,
  REPO,
  startSuite,
  stopSuite,
} from './harness.mjs';
import { waitForChart } from './chart-probe.mjs';
import {
  CONTENT,
  EVALUATED,
  FLAG,
  HOSTILE_DATE,
  HOSTILE_RUN_URL,
  PAYLOAD,
  PAYLOADS,
  VISIBLE,
  poison,
  yamlString,
} from './hostile-site.mjs';

const missing = missingPrerequisites();
const skip = missing.length ? `missing: ${missing.join(', ')}` : false;

const COMPARISON_WITH_NOTES = '/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/8k-1k/';
const HUB_WITH_NOTES = '/dsr1/gb200/fp4/8k-1k/';

/// The pages to open, each with the selectors whose text must show the payload literally
/// (`shows`) and whether it has a chart. Data pages come from the built site: the hub and one
/// comparison of each family, plus one whose sides do not overlap (another lead sentence).
function choosePages(pages) {
  const byPath = new Map(pages.map((p) => [p.path, p]));
  const notes = ['.commentary h3', '.commentary .byline', '.commentary code', '.commentary pre'];
  const chosen = [
    { path: '/', shows: ['.card h3', '.card .vendor', ...notes] },
    { path: '/dsr1/', shows: ['title', 'h1', '.card h3', '.subject-list a', ...notes] },
    { path: '/compare-spec-decode/', shows: ['h2', '.subject-list a', ...notes] },
    { path: '/compare/', shows: ['h2', '.subject-list a'] },
    { path: '/methodology/', shows: ['title', 'h1', '.byline', '.toc a', 'article code', 'article pre'] },
    { path: '/hostile/', shows: ['title', 'h1', '.byline', '.toc a', 'article code', 'article pre'] },
    { path: '/404.html', shows: [] },
  ];
  const dataPage = (info, extra = []) => ({
    path: info.path,
    info,
    chart: true,
    shows: ['title', 'h1', '.eyebrow', 'table caption', ...extra],
  });
  const hub = byPath.get(HUB_WITH_NOTES) ?? pages.find((p) => p.family === 'hub');
  chosen.push(dataPage(hub, hub.path === HUB_WITH_NOTES ? notes : []));
  // A ranking page names accelerators, models and engines in its tables, prose and chart.
  const ranking = pages.find((p) => p.family === 'rankings');
  chosen.push({ path: ranking.path, shows: ['title', 'h1', 'table caption', '.narrative'] });
  const families = [...new Set(pages.map((p) => p.family))]
    .filter((f) => f !== 'hub' && f !== 'rankings')
    .sort();
  assert.ok(families.length >= 5, `comparison families in the hostile site: ${families}`);
  for (const family of families) {
    const preferred = byPath.get(COMPARISON_WITH_NOTES);
    const info = preferred?.family === family ? preferred : pages.find((p) => p.family === family);
    // Notes where the editors' commentary is; the narrative where it names the sides (the
    // sides of an accelerator comparison are hardware names).
    const extra = ['.lead'];
    if (info.path === COMPARISON_WITH_NOTES) extra.push(...notes);
    if (family === 'chip') extra.push('.narrative');
    chosen.push(dataPage(info, extra));
  }
  const disjoint = pages.find((p) => p.family !== 'hub' && !p.overlap);
  if (disjoint) chosen.push(dataPage(disjoint, ['.lead']));
  return chosen;
}

/// Runs in the page: everything that would show a payload ran or got in.
function inspect({ shows, payload, visible }) {
  const problems = [];
  // Scripts the site writes: ECharts, the reader tools, the spline, the chart glue, "Your
  // speed" and the search box (same-origin, fingerprinted), the chart's JSON, the published
  // prices, the frontiers "Your speed" reads, the JSON-LD. Anything else was injected.
  for (const s of document.querySelectorAll('script')) {
    const src = s.getAttribute('src');
    const ok = src
      ? /^\/(echarts\.min|reader|spline|chart|ranking|speed|search)\.[0-9a-f]+\.js$/.test(src)
      : (s.type === 'application/json' && ['chart-options', 'price-data', 'table-frontiers', 'ranking-candidates'].includes(s.id)) ||
        s.type === 'application/ld+json';
    if (!ok) problems.push(`injected script: ${s.outerHTML.slice(0, 120)}`);
  }
  const counts = {
    'script[src]': document.querySelectorAll('script[src]').length,
    '#chart-options': document.querySelectorAll('script#chart-options').length,
    '#price-data': document.querySelectorAll('script#price-data').length,
    '#table-frontiers': document.querySelectorAll('script#table-frontiers').length,
    'application/ld+json': document.querySelectorAll('script[type="application/ld+json"]').length,
  };
  if (counts['script[src]'] > 6 || counts['#chart-options'] > 1 || counts['#price-data'] > 1 ||
      counts['#table-frontiers'] > 1 || counts['application/ld+json'] > 1) {
    problems.push(`unexpected scripts: ${JSON.stringify(counts)}`);
  }
  // No element the payloads would add, no event-handler attribute, no javascript: URL.
  for (const sel of ['img[src="x"]', 'svg', 'iframe', 'object', 'embed', 'base', 'meta[http-equiv]']) {
    for (const el of document.querySelectorAll(sel)) {
      // The build's own trend chart ("Since the previous run"): in the box's figure, holding
      // only what src/render/trend.rs draws.
      const trend =
        el.matches('section.since > figure.trend > svg.trend-chart') &&
        [...el.querySelectorAll('*')].every((c) => ['title', 'text', 'g', 'path', 'circle'].includes(c.localName));
      // The chart's default view (src/render/plot/): paths only, in the drawing's plot area.
      // Its legend's line keys (a ranking's), and the same beside the series checkboxes
      // (partials/series_toggles.html): one path each.
      const drawing =
        el.matches('#chart-plot > .plot-body > .plot-area > svg, #chart-plot > .plot-legend > li > svg.plot-key-line, #chart-series > label > .key > svg.plot-key-line') &&
        [...el.querySelectorAll('*')].every((c) => c.localName === 'path');
      if (!el.closest('#chart') && !trend && !drawing) problems.push(`injected ${sel}: ${el.outerHTML.slice(0, 120)}`);
    }
  }
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) problems.push(`handler ${attr.name} on <${el.tagName.toLowerCase()}>`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr.name.toLowerCase()) &&
          /^\s*javascript:/i.test(attr.value.replace(/[\u0000-\u001f]/g, ''))) {
        problems.push(`javascript: URL in ${attr.name} of <${el.tagName.toLowerCase()}>`);
      }
    }
  }
  // The chart's JSON and the JSON-LD parse, and keep the payload exactly (line separators
  // included).
  const options = document.getElementById('chart-options');
  let chartJson = null;
  if (options) {
    try {
      chartJson = JSON.parse(options.textContent);
      // The strings keep every character (the records' image, date and run URL carry the
      // payload on every page), and the line separators travel escaped.
      if (!JSON.stringify(chartJson).includes(JSON.stringify(payload).slice(1, -1))) {
        problems.push('the chart JSON does not hold the payload exactly');
      }
      if (/[\u2028\u2029]/.test(options.textContent)) {
        problems.push('the chart JSON holds a raw U+2028/U+2029');
      }
    } catch (e) {
      problems.push(`the chart JSON does not parse: ${e.message}`);
    }
  }
  for (const ld of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      JSON.parse(ld.textContent);
    } catch (e) {
      problems.push(`the JSON-LD does not parse: ${e.message}`);
    }
  }
  // The payload reads as text where the page shows the hostile strings.
  const texts = {};
  for (const sel of shows) {
    const els = sel === 'title' ? [document.querySelector('title')] : [...document.querySelectorAll(sel)];
    texts[sel] = els.filter(Boolean).map((el) => el.textContent).join('\n');
    if (!texts[sel].includes(visible)) problems.push(`${sel} does not show the payload as text: ${texts[sel].slice(0, 200)}`);
  }
  return {
    pwned: typeof window.__pwned !== 'undefined',
    problems,
    chartLabels: chartJson?.series ? chartJson.series.map((s) => s.label) : [],
    bodyText: document.body.textContent,
    html: document.documentElement.outerHTML,
  };
}

/// Shows the chart's tooltip by moving the mouse over the first point of each side, and
/// returns each tooltip's text and HTML (ECharts renders a tooltip's formatter output as HTML).
async function hoverPoints(page, sides) {
  const tips = [];
  for (let seriesIndex = 0; seriesIndex < sides; seriesIndex++) {
    const spot = await page.evaluate((index) => {
      const el = document.getElementById('chart');
      el.scrollIntoView({ block: 'center' });
      const chart = window.echarts.getInstanceByDom(el);
      // The side's points are the series static/chart.js names `points-<index>`.
      const series = chart.getModel().getSeries().find((s) => s.id === `points-${index}`);
      const data = series?.getData();
      if (!data || data.count() === 0) return null;
      const [x, y] = data.getItemLayout(0);
      const box = el.getBoundingClientRect();
      return { x: box.left + x, y: box.top + y };
    }, seriesIndex);
    assert.ok(spot, `no point to hover in series points-${seriesIndex}`);
    await page.mouse.move(0, 0);
    await page.mouse.move(spot.x, spot.y, { steps: 4 });
    const tip = await page
      .waitForFunction(() => {
        const div = [...document.querySelectorAll('#chart div')].find(
          (d) => d.style.position === 'absolute' && d.style.display !== 'none' && d.textContent.trim(),
        );
        return div ? { text: div.textContent, html: div.innerHTML, elements: [...div.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()) } : null;
      }, null, { timeout: 5_000 })
      .then((handle) => handle.jsonValue());
    tips.push(tip);
  }
  await page.mouse.move(0, 0);
  return tips;
}

let site;
let server;
let browser;
let chosen;

describe('hostile input stays inert in headless Chromium', { skip }, () => {
  before(async () => {
    ({ site, server, browser } = await startSuite({ prepare: poison }));
    chosen = choosePages(site.pages());
  });
  after(() => stopSuite({ site, server, browser }));

  it('the hostile site builds with every content file in place', () => {
    for (const info of Object.values(CONTENT)) {
      const file = path.join(site.publicDir, info.page, 'index.html');
      assert.ok(fs.existsSync(file), `no page at ${info.page}`);
      assert.ok(fs.readFileSync(file, 'utf8').includes('Editor'), `${info.page} lacks its editor's note`);
    }
  });

  it('no payload runs, and each shows as text, on every kind of page', async () => {
    const failures = [];
    const { page, problems, goto, close } = await openPage(browser, server.url('/robots.txt'));
    try {
      for (const { path: pagePath, info, chart, shows } of chosen) {
        const fail = (message) => failures.push(`${pagePath}: ${message}`);
        await goto(server.url(pagePath));
        let tips = [];
        if (chart) {
          await waitForChart(page);
          tips = await hoverPoints(page, info.sides.length);
          for (const tip of tips) {
            // The series name, image, date and run URL are all hostile.
            if (!tip.text.includes(VISIBLE)) fail(`the tooltip does not show the payload as text: ${tip.text.slice(0, 200)}`);
            if (!tip.text.includes(HOSTILE_DATE.slice(0, 30))) fail(`the tooltip lacks the date: ${tip.text.slice(0, 300)}`);
            if (!tip.text.includes(HOSTILE_RUN_URL.slice(0, 40))) fail('the tooltip lacks the run URL as text');
            const extra = tip.elements.filter((t) => !['strong', 'br', 'span', 'div'].includes(t));
            if (extra.length) fail(`the tooltip holds elements ${extra.join(', ')}: ${tip.html.slice(0, 300)}`);
          }
        }
        // "Your speed" builds its column or ranking table from the same hostile names: a speed
        // where the page has values (the hint's first end).
        const form = await page.$('#speed-form');
        const from = form && (await form.getAttribute('data-from'));
        if (from) {
          await page.fill('#speed-input', from);
          if (!(await page.$('th.yours, #speed-result table'))) fail(`"Your speed" at ${from} shows nothing`);
        }
        const report = await page.evaluate(inspect, { shows, payload: PAYLOAD, visible: VISIBLE });
        for (const p of report.problems) fail(p);
        if (report.pwned) fail('window.__pwned is set: a payload ran');
        if (chart) {
          for (const side of info.sides) {
            if (!report.chartLabels.includes(side.label)) fail(`the chart JSON lacks the side ${side.label.slice(0, 40)}`);
          }
        }
        // Template syntax stays literal: `{{ "tpl" ~ "eval" }}` never becomes "tpleval", and
        // `{{ 7*7 }}` is shown as written wherever a name is.
        if (report.html.toLowerCase().includes(EVALUATED)) fail('template syntax was evaluated');
        if (shows.length && !report.bodyText.includes(PAYLOADS.template.split(' {% raw')[0])) {
          fail('`{{ 7*7 }}` does not appear literally');
        }
        // Links made from javascript: URLs were neutralised: clicking one leaves the flag unset.
        const link = await page.$('.prose a[href="#"]');
        if (link && !report.pwned) {
          await link.click();
          if (await page.evaluate(() => typeof window.__pwned !== 'undefined')) fail('a Markdown link ran');
        }
        // No page error, console error, failed request or dialog.
        const text = describeProblems(problems);
        if (text) fail(text);
      }
    } finally {
      await close();
    }
    assert.deepEqual(failures, [], `\n${failures.join('\n')}`);
  });
});

/// Hostile query strings (SPEC §15 "Shareable state"): every key the pages read, and unknown
/// ones, set to markup and `javascript:` URLs.
const HOSTILE_QUERY = [
  ['x', `<img src=x onerror="${FLAG}">`],
  ['y', `javascript:${FLAG}`],
  ['log', `"><svg onload=${FLAG}>`],
  ['frontier', '1<script>x</script>'],
  ['cost', `</textarea><script>${FLAG}</script>`],
  ['price.b200', `<img src=x onerror="${FLAG}">`],
  ['kw.b200', `javascript:${FLAG}`],
  ['price.gb200', '2"><img src=x onerror=alert(1)>'],
  ['at', `40<img src=x onerror="${FLAG}">`],
  [`<img src=x onerror="${FLAG}">`, '1'],
  ['javascript:alert(1)', 'javascript:alert(1)'],
]
  .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
  .join('&');

describe('hostile query strings stay inert in headless Chromium', { skip }, () => {
  let plain;
  before(async () => {
    plain = await startSuite();
  });
  after(() => stopSuite(plain));

  it('no value from the URL runs, shows as markup, or reaches the rewritten URL or the embed code', async () => {
    const failures = [];
    const pages = ['/dsr1/gb200/fp4/8k-1k/', '/compare/dsr1-b200-vs-h200/8k-1k/', '/rankings/dsr1/8k-1k/',
      '/embed/dsr1/gb200/fp4/8k-1k/'];
    const { page, problems, goto, close } = await openPage(plain.browser, plain.server.url('/robots.txt'));
    try {
      for (const pagePath of pages) {
        const fail = (message) => failures.push(`${pagePath}: ${message}`);
        await goto(plain.server.url(`${pagePath}?${HOSTILE_QUERY}`));
        await waitForChart(page);
        // A change makes the page rewrite its URL and embed code from its own state.
        await page.click('#chart-log');
        const report = await page.evaluate(inspect, { shows: [], payload: '', visible: '' });
        for (const p of report.problems.filter((p) => !p.startsWith('the chart JSON does not hold'))) fail(p);
        if (report.pwned) fail('window.__pwned is set: a value from the URL ran');
        const url = decodeURIComponent(page.url());
        if (/<|javascript:|onerror/i.test(url.split('?')[1] ?? '')) fail(`the rewritten URL keeps a hostile value: ${url}`);
        const { code, built } = await page.$eval('#embed-code', (el) => ({ code: el.value, built: el.defaultValue }))
          .catch(() => ({ code: '', built: '' }));
        // The frame, then the snippet's own script (src/render/reader.rs, RESIZE) as the build
        // wrote it: the script may hold `<`, the frame nothing the URL put there.
        if (code && !code.includes('</iframe>')) fail(`the embed code has no whole frame: ${code}`);
        const end = code.indexOf('</iframe>') + '</iframe>'.length;
        const script = (text) => text.slice(text.indexOf('</iframe>') + '</iframe>'.length);
        if (code && (script(code) !== script(built) || !script(built).startsWith('\n<script>addEventListener("message",'))) {
          fail(`the embed code's script is not the build's: ${code}`);
        }
        if (/<img|<svg|onerror|javascript:|<script/i.test(code.slice(0, end))) fail(`the embed code holds a hostile value: ${code}`);
        const text = describeProblems(problems);
        if (text) fail(text);
      }
    } finally {
      await close();
    }
    assert.deepEqual(failures, [], `\n${failures.join('\n')}`);
  });
});

/// A valid result record, as in tests/common/mod.rs (GOOD_RECORD).
const GOOD_RECORD = {
  hw: 'b200',
  infmax_model_prefix: 'dsr1',
  model: 'deepseek-ai/DeepSeek-R1',
  framework: 'sglang',
  precision: 'fp8',
  spec_decoding: 'none',
  disagg: false,
  isl: 1024,
  osl: 1024,
  conc: 64,
  tp: 8,
  ep: 1,
  dp_attention: false,
  tput_per_gpu: 1500.5,
  input_tput_per_gpu: 750.0,
  output_tput_per_gpu: 750.5,
  median_intvty: 40.0,
  median_ttft: 0.5,
  p99_ttft: 1.5,
  median_e2el: 26.0,
};

/// Builds the demo site's catalogs and templates with one result record, after `change(root)`;
/// returns the run and the site folder (removed by the caller).
function buildOne(record, change = () => {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'benchsite-slug-'));
  for (const part of ['site.yaml', 'data/models.yaml', 'data/hardware.yaml', 'templates', 'static']) {
    fs.cpSync(path.join(REPO, part), path.join(root, part), { recursive: true });
  }
  fs.mkdirSync(path.join(root, 'data/results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'data/results/hostile.json'), JSON.stringify([record], null, 2));
  change(root);
  const run = spawnSync(benchsiteBin(), ['build', '--root', root], { cwd: root, encoding: 'utf8' });
  return { run, root };
}

// Needs only the binary, not the browser.
describe('hostile slugs are rejected by the build', () => {
  const replaceLine = (file, from, to) => (root) => {
    const full = path.join(root, file);
    const text = fs.readFileSync(full, 'utf8');
    assert.ok(text.includes(from), `${file} has no ${from}`);
    fs.writeFileSync(full, text.replace(from, to));
  };
  const cases = [
    { field: 'framework', file: 'data/results/hostile.json', record: { framework: PAYLOADS.script } },
    { field: 'precision', file: 'data/results/hostile.json', record: { precision: PAYLOADS.img } },
    { field: 'framework', file: 'data/results/hostile.json', record: { framework: '../../escape' } },
    { field: 'precision', file: 'data/results/hostile.json', record: { precision: 'fp8/../../escape' } },
    { field: 'spec_decoding', file: 'data/results/hostile.json', record: { spec_decoding: '{{ 7*7 }}' } },
    { field: 'date', file: 'data/results/hostile.json', record: { date: `<script>${FLAG}</script>` } },
    {
      field: 'id',
      file: 'data/models.yaml',
      value: '../dsr1',
      change: replaceLine('data/models.yaml', '- id: dsr1\n', `- id: ${yamlString('../dsr1')}\n`),
    },
    {
      field: 'id',
      file: 'data/hardware.yaml',
      value: '../b200',
      change: replaceLine('data/hardware.yaml', '- id: b200\n', `- id: ${yamlString('../b200')}\n`),
    },
  ];
  for (const c of cases) {
    const value = c.value ?? Object.values(c.record)[0];
    it(`${c.file} field \`${c.field}\` = ${JSON.stringify(value)}: exit 1, naming the field`, () => {
      const { run, root } = buildOne({ ...GOOD_RECORD, ...c.record }, c.change);
      try {
        assert.equal(run.status, 1, `exit ${run.status}\n${run.stdout}${run.stderr}`);
        assert.ok(run.stderr.includes(`field \`${c.field}\``), run.stderr);
        assert.ok(run.stderr.includes(c.file), run.stderr);
        assert.ok(run.stderr.includes(JSON.stringify(value)), `the error does not quote the value:\n${run.stderr}`);
        assert.ok(!fs.existsSync(path.join(root, 'public')), 'a failed build wrote public/');
        assert.ok(!fs.existsSync(path.join(root, '..', 'escape')), 'a path escaped the site');
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
