#!/usr/bin/env node
// Builds the trimmed ECharts the chart loads (SPEC §15 "Weight") from the pinned npm packages:
// scripts/echarts-entry.js (only the components static/chart.js and src/chart.rs use) bundled
// by esbuild into one minified IIFE that defines the global `echarts`, as the full
// dist/echarts.min.js does.
//
//   npm ci                               # the pinned echarts, zrender and esbuild
//   node scripts/build-echarts.mjs       # writes vendor/echarts.min.js, .sha256 and README.md
//   node scripts/build-echarts.mjs --check   # rebuilds in memory; exit 1 if vendor/ differs
//   node scripts/build-echarts.mjs --out DIR # writes the same three files into DIR instead
//
// The build is reproducible: the same package versions give the same bytes (no timestamps, no
// absolute paths, no source map), which tests/browser/echarts-bundle.test.mjs checks by
// rebuilding. The versions are checked against package.json before anything is built.
//
// The bundle lives in vendor/, not static/: everything in static/ is copied into every built
// site, and the default build still loads the full bundle from the CDN (SPEC §6).

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ENTRY = path.join('scripts', 'echarts-entry.js');
export const VENDOR = path.join(REPO, 'vendor');
export const BUNDLE = path.join(VENDOR, 'echarts.min.js');
export const CHECKSUM = `${BUNDLE}.sha256`;
export const README = path.join(VENDOR, 'README.md');

const require = createRequire(path.join(REPO, 'package.json'));

/// The version of an installed package, read from its own package.json.
function installed(name) {
  return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

/// The pinned versions (package.json for echarts and esbuild, package-lock.json for zrender,
/// which echarts depends on), checked against node_modules. Throws on any difference, since a
/// bundle built from other versions is not the one recorded.
export function pinnedVersions() {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8'));
  const want = {
    echarts: pkg.devDependencies?.echarts,
    zrender: lock.packages?.['node_modules/zrender']?.version,
    esbuild: pkg.devDependencies?.esbuild,
  };
  const wrong = [];
  for (const [name, version] of Object.entries(want)) {
    if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) wrong.push(`${name} is not pinned to an exact version (${version})`);
    let have;
    try {
      have = installed(name);
    } catch {
      have = 'not installed';
    }
    if (have !== version) wrong.push(`${name} ${have} in node_modules, ${version} pinned (run \`npm ci\`)`);
  }
  if (wrong.length) throw new Error(`cannot build ECharts reproducibly:\n  ${wrong.join('\n  ')}`);
  return want;
}

/// The bundle's bytes, built in memory.
export async function buildBundle() {
  const versions = pinnedVersions();
  const esbuild = require('esbuild');
  const banner = [
    `/*! Apache ECharts ${versions.echarts} (with ZRender ${versions.zrender}), Apache License 2.0.`,
    ' * Copyright 2017-2026 The Apache Software Foundation. This product includes software developed',
    ' * at The Apache Software Foundation (https://www.apache.org/).',
    ` * Trimmed build for benchsite, made by scripts/build-echarts.mjs with esbuild ${versions.esbuild}`,
    ` * from ${ENTRY.split(path.sep).join('/')}; do not edit. */`,
  ].join('\n');
  const result = await esbuild.build({
    absWorkingDir: REPO,
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    globalName: 'echarts',
    platform: 'browser',
    target: 'es2017',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    banner: { js: banner },
    define: { 'process.env.NODE_ENV': '"production"' },
    sourcemap: false,
    write: false,
    logLevel: 'silent',
  });
  if (result.errors.length || result.warnings.length) {
    const messages = await esbuild.formatMessages([...result.errors, ...result.warnings], { kind: 'error' });
    throw new Error(messages.join('\n'));
  }
  return Buffer.from(result.outputFiles[0].contents);
}

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/// The checksum file's text, in `sha256sum` format: `sha256sum -c vendor/echarts.min.js.sha256`
/// (from vendor/) verifies it.
export const checksumLine = (bytes) => `${sha256(bytes)}  echarts.min.js\n`;

function readme(bytes) {
  const { echarts, zrender, esbuild } = pinnedVersions();
  return `# vendor/

\`echarts.min.js\` is a trimmed build of Apache ECharts ${echarts} (ZRender ${zrender}, Apache License
2.0; see the notice at the top of the file) holding only the chart types and components the chart
uses (\`scripts/echarts-entry.js\`). Made by \`node scripts/build-echarts.mjs\` with esbuild
${esbuild} from the packages pinned in package-lock.json (\`npm ci\` first); do not edit it.

- size: ${bytes.length} bytes (the full \`dist/echarts.min.js\` is 1,121,883)
- SHA-256: \`${sha256(bytes)}\` (also in \`echarts.min.js.sha256\`)

\`tests/browser/echarts-bundle.test.mjs\` rebuilds it and fails if the bytes or the recorded
checksums differ; the browser tests draw every chart with it. \`benchsite\` builds it into its
binary (\`include_bytes!\` in \`src/input/assets.rs\`) and self-hosts it unless site.yaml says
\`echarts: cdn\`; rebuild benchsite after regenerating it.
`;
}

async function main(args) {
  const bytes = await buildBundle();
  if (args.includes('--check')) {
    const problems = [];
    const committed = fs.existsSync(BUNDLE) ? fs.readFileSync(BUNDLE) : null;
    if (!committed || !committed.equals(bytes)) problems.push(`${BUNDLE} is not what the build makes`);
    if (!fs.existsSync(CHECKSUM) || fs.readFileSync(CHECKSUM, 'utf8') !== checksumLine(bytes)) {
      problems.push(`${CHECKSUM} does not record ${sha256(bytes)}`);
    }
    if (!fs.existsSync(README) || fs.readFileSync(README, 'utf8') !== readme(bytes)) {
      problems.push(`${README} is out of date`);
    }
    if (problems.length) {
      console.error(`${problems.join('\n')}\nrun: node scripts/build-echarts.mjs`);
      process.exit(1);
    }
    console.log(`vendor/echarts.min.js is up to date (${bytes.length} bytes, sha256 ${sha256(bytes)})`);
    return;
  }
  const out = args.includes('--out') ? path.resolve(args[args.indexOf('--out') + 1] ?? '') : VENDOR;
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'echarts.min.js'), bytes);
  fs.writeFileSync(path.join(out, 'echarts.min.js.sha256'), checksumLine(bytes));
  fs.writeFileSync(path.join(out, 'README.md'), readme(bytes));
  console.log(`wrote ${path.join(out, 'echarts.min.js')}: ${bytes.length} bytes, sha256 ${sha256(bytes)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
