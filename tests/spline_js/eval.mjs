// The script side of tests/spline_js.rs: evaluates static/spline.js's Steffen spline on the
// frontiers the Rust test wrote, so the two implementations can be compared number by number.
//
//   node tests/spline_js/eval.mjs static/spline.js cases.json out.json
//
// cases.json: [{ "xs": [..], "ys": [..], "at": [..] }, ...]
// out.json:   [{ "at": [value or null, ..], "drawn": [[x, y], ..] }, ...] where `drawn` is the
//             polyline the chart draws for those knots (sampleSpline).
// spline.js runs in a vm context with `module`, where it exports its spline functions.

import fs from 'node:fs';
import vm from 'node:vm';

const [splineJs, casesFile, outFile] = process.argv.slice(2);
const sandbox = { module: { exports: {} } };
vm.runInNewContext(fs.readFileSync(splineJs, 'utf8'), sandbox, { filename: splineJs });
const { steffen, sampleSpline } = sandbox.module.exports;
if (typeof steffen !== 'function' || typeof sampleSpline !== 'function') {
  throw new Error(`${splineJs} does not export steffen and sampleSpline to node`);
}

const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
const out = cases.map(({ xs, ys, at }) => {
  const f = steffen(xs, ys);
  return {
    at: at.map((x) => f(x)),
    drawn: sampleSpline(xs.map((x, i) => [x, ys[i]])),
  };
});
fs.writeFileSync(outFile, JSON.stringify(out));
