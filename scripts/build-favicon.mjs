#!/usr/bin/env node
// Renders static/favicon.svg at 16, 32 and 48 px in headless Chromium and writes them as
// static/favicon.ico, the icon for browsers and feed readers that cannot read SVG. Run it after
// changing the SVG:
//
//   npm ci                          # playwright-core
//   node scripts/build-favicon.mjs  # CHROMIUM=/path/to/chromium if not /usr/bin/chromium
//
// An ICO file here is a 6-byte header, one 16-byte entry per image and the images themselves,
// each a whole PNG file (allowed since Windows Vista, read by every current browser).

import fs from 'node:fs';
import { chromium } from 'playwright-core';

const SIZES = [16, 32, 48];
const svg = fs.readFileSync(new URL('../static/favicon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const pngs = [];
for (const size of SIZES) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" style="display:block" `);
  await page.setContent(`<body style="margin:0">${sized}</body>`);
  pngs.push(await page.screenshot({ omitBackground: true }));
  await page.close();
}
await browser.close();

const header = Buffer.alloc(6 + 16 * SIZES.length);
header.writeUInt16LE(0, 0); // reserved
header.writeUInt16LE(1, 2); // type: icon
header.writeUInt16LE(SIZES.length, 4);
let offset = header.length;
SIZES.forEach((size, i) => {
  const entry = 6 + 16 * i;
  header.writeUInt8(size, entry); // width (0 would mean 256)
  header.writeUInt8(size, entry + 1); // height
  header.writeUInt8(0, entry + 2); // no palette
  header.writeUInt8(0, entry + 3); // reserved
  header.writeUInt16LE(1, entry + 4); // colour planes
  header.writeUInt16LE(32, entry + 6); // bits per pixel
  header.writeUInt32LE(pngs[i].length, entry + 8);
  header.writeUInt32LE(offset, entry + 12);
  offset += pngs[i].length;
});
const out = new URL('../static/favicon.ico', import.meta.url);
fs.writeFileSync(out, Buffer.concat([header, ...pngs]));
console.log(`wrote ${out.pathname} (${offset} bytes)`);
