// The hostile copy of the demo site for hostile.test.mjs (issue 6, item 3): every string that
// reaches a page carries script-injection payloads. `poison(root)` rewrites a copy made by
// `buildSite({ prepare: poison })`: the catalogs' display names, every result record's image,
// date and run URL, and editors' Markdown (a standalone page, and commentary on the home page, a
// model page, a family index, a hub page and a comparison).
//
// Every payload that ran would set the same flag, `window.__pwned`; the test asserts it stays
// undefined and that each payload shows up as literal text instead.

import fs from 'node:fs';
import path from 'node:path';

/// What every payload would run.
export const FLAG = 'window.__pwned=1';

/// The payload variants. Each is one way out of a context a string can land in.
export const PAYLOADS = {
  // Out of a <script> element (the chart's JSON, the JSON-LD) and into a new one.
  script: `</script><script>${FLAG}</script>`,
  // Out of a double-quoted attribute (aria-label, meta content, title) into an element.
  img: `"><img src=x onerror="${FLAG}">`,
  // The same from a single-quoted or unquoted attribute.
  svg: `'><svg onload=${FLAG}>`,
  // Out of the elements whose text is not parsed as markup (<title>, <textarea>).
  rcdata: `</title></textarea><script>${FLAG}</script>`,
  // An HTML comment opener followed by <script> turns a script element's `</script>` into
  // plain text ("script data double escaped" state), so the element swallows the page.
  comment: '<!--<script>',
  // Template syntax: must appear literally. `{% raw %}` without its end is a template error
  // if anything renders the string as a template.
  template: '{{ 7*7 }} {{ "tpl" ~ "eval" }} {% raw %}',
  // JavaScript line terminators that are legal raw in JSON strings.
  separators: 'a\u2028b\u2029c',
};

/// All variants in one string, as every hostile field carries them.
export const PAYLOAD = Object.values(PAYLOADS).join(' ');

/// What a template engine would make of `{{ "tpl" ~ "eval" }}`: never on a page.
export const EVALUATED = 'tpleval';

/// A `javascript:` URL that would set the flag when followed.
export const JS_URL = `javascript:${FLAG}`;

/// The literal text the test looks for wherever a payload is shown.
export const VISIBLE = '</script><script>window.__pwned=1</script>';

/// A record date: the validator accepts only ISO 8601 (a payload after the date is rejected,
/// see the slug-rejection suite), so the hostile site uses a plain date-time.
export const HOSTILE_DATE = '2026-01-01T00:00:00Z';
/// A run address carrying the payload. A web address, since any other (`javascript:`) is
/// refused at the build (tests/bad_input.rs), so the payload reaches the tooltips, exports and
/// links that show it.
export const HOSTILE_RUN_URL = `https://runs.example/${PAYLOAD}`;

/// A YAML double-quoted scalar holding `text` exactly (JSON's escapes are YAML's, and the line
/// separators are escaped so YAML cannot fold them).
export function yamlString(text) {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/// `text` as a JSON string with the line separators escaped (a file that stays one record per
/// line for a reader; JSON.parse gives back the raw characters either way).
const jsonText = (value) =>
  JSON.stringify(value, null, 2).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/// Appends the payload to every `key: value` line of a YAML catalog whose key is in `keys`.
function poisonCatalog(file, keys) {
  const text = fs.readFileSync(file, 'utf8');
  const pattern = new RegExp(`^(\\s*-?\\s*)(${keys.join('|')}): (.+)$`, 'gm');
  const poisoned = text.replace(pattern, (_, indent, key, value) => {
    const plain = value.replace(/^["']|["']$/g, '');
    return `${indent}${key}: ${yamlString(`${plain} ${PAYLOAD}`)}`;
  });
  if (poisoned === text) throw new Error(`no ${keys.join('/')} line in ${file}`);
  fs.writeFileSync(file, poisoned);
}

/// Every result file (JSON arrays of records): the payload in each record's image, date and
/// run URL. Framework, precision and the other slugs stay valid (hostile slugs are rejected;
/// hostile.test.mjs checks that separately).
function poisonResults(dir) {
  let records = 0;
  const walk = (folder) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) {
        const list = JSON.parse(fs.readFileSync(full, 'utf8'));
        if (!Array.isArray(list)) throw new Error(`${full} is not a list of records`);
        for (const record of list) {
          record.image = `${record.image ?? 'image'} ${PAYLOAD}`;
          record.date = HOSTILE_DATE;
          record.run_url = HOSTILE_RUN_URL;
          records += 1;
        }
        fs.writeFileSync(full, jsonText(list));
      }
    }
  };
  walk(dir);
  if (records === 0) throw new Error(`no result records under ${dir}`);
}

/// A Markdown body with every payload in prose, headings, links, images, code and raw HTML.
function hostileMarkdown(where) {
  return `
Editors' notes on ${where}: ${PAYLOAD}

<script>${FLAG}</script>

<img src=x onerror="${FLAG}">

Inline <img src=x onerror="${FLAG}"> and <svg onload=${FLAG}></svg> HTML.

A [link](${JS_URL}), an [encoded one](javascript&#58;${FLAG}), an autolink <${JS_URL}>,
a [reference][bad] and an image ![chart](${JS_URL}).

[bad]: ${JS_URL}

## First ${PAYLOAD}

\`${PAYLOAD}\`

## Second {#custom-id}

\`\`\`
${PAYLOAD}
\`\`\`

## Third ${PAYLOADS.img}

> ${PAYLOAD}

## Fourth ${PAYLOADS.template}

| ${PAYLOADS.script} | b |
| --- | --- |
| ${PAYLOADS.img} | ${PAYLOADS.template} |

A footnote.[^1]

[^1]: ${PAYLOAD}
`;
}

/// Front matter with the payload in every free-text field (the date must be a real date).
function frontMatter({ title, description }) {
  const lines = ['---'];
  if (title) lines.push(`title: ${yamlString(`${title} ${PAYLOAD}`)}`);
  if (description) lines.push(`description: ${yamlString(`${description} ${PAYLOAD}`)}`);
  lines.push(`author: ${yamlString(`Editor ${PAYLOAD}`)}`, 'date: 2026-01-02', '---');
  return lines.join('\n');
}

/// The content files the hostile site adds or replaces, by path under content/, with what
/// kind of page each lands on.
export const CONTENT = {
  'methodology.md': { page: '/methodology/', title: 'Methodology', description: 'How' },
  'hostile.md': { page: '/hostile/', title: 'Hostile page', description: 'A standalone page' },
  'index.md': { page: '/', title: 'Home notes' },
  'dsr1.md': { page: '/dsr1/', title: 'Model notes' },
  'compare-spec-decode.md': { page: '/compare-spec-decode/', title: 'Family notes' },
  'dsr1/gb200/fp4/8k-1k.md': { page: '/dsr1/gb200/fp4/8k-1k/', title: 'Hub notes' },
  'compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none.md': {
    page: '/compare-spec-decode/dsr1-gb200-fp4-mtp-vs-none/8k-1k/',
    title: 'Comparison notes',
  },
};

/// Rewrites the site copy at `root` into the hostile site.
export function poison(root) {
  poisonCatalog(path.join(root, 'data/models.yaml'), ['name']);
  poisonCatalog(path.join(root, 'data/hardware.yaml'), ['name', 'vendor', 'architecture']);
  poisonResults(path.join(root, 'data/results'));
  for (const [file, info] of Object.entries(CONTENT)) {
    const full = path.join(root, 'content', file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, `${frontMatter(info)}\n${hostileMarkdown(info.page)}`);
  }
}
