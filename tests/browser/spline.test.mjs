// The frontier curve static/chart.js draws (SPEC §3, §6): Steffen's monotone spline of
// static/spline.js, the one the tables read, sampled into a polyline. No browser: spline.js runs
// in a vm context, where it exports its functions to node. tests/spline_js.rs compares the
// same function with the Rust spline number by number; these are the script's own checks.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, it } from 'node:test';

import { REPO } from './harness.mjs';

const sandbox = { module: { exports: {} } };
vm.runInNewContext(fs.readFileSync(path.join(REPO, 'static', 'spline.js'), 'utf8'), sandbox);
const { steffen, sampleSpline, SAMPLES } = sandbox.module.exports;

const near = (a, b) => Math.abs(a - b) < 1e-12;
/// Arrays made in the vm context belong to another realm, which deepStrictEqual tells apart.
const plain = (value) => JSON.parse(JSON.stringify(value));

describe("spline.js's frontier spline", () => {
  it('gives the hand-worked values of src/metrics/spline.rs', () => {
    // Knots x = [0, 1, 3, 4], y = [0, 2, 5, 5.1]; worked in spline.rs's tests.
    const f = steffen([0, 1, 3, 4], [0, 2, 5, 5.1]);
    assert.ok(near(f(0.5), 1.03125), String(f(0.5)));
    assert.ok(near(f(2), 469 / 120), String(f(2)));
    assert.ok(near(f(3.5), 5.06875), String(f(3.5)));
    // A flat secant zeroes the tangent: [1, 2] is flat at 2.
    const g = steffen([0, 1, 2], [4, 2, 2]);
    assert.ok(near(g(0.5), 2.625) && near(g(1.5), 2), `${g(0.5)} ${g(1.5)}`);
    // Two knots: a straight line.
    assert.ok(near(steffen([10, 20], [100, 50])(12), 90));
  });

  it('never extrapolates, and refuses knots that are not a function of x', () => {
    const f = steffen([1, 2, 3], [3, 2, 1]);
    for (const x of [0.999, 3.001, NaN, Infinity]) assert.equal(f(x), null, `at ${x}`);
    assert.equal(steffen([7], [3])(7), 3);
    assert.equal(steffen([7], [3])(7.000001), null);
    assert.equal(steffen([1, 1], [1, 2])(1), null);
    assert.equal(steffen([], [])(0), null);
  });

  it(`draws every knot and ${SAMPLES - 1} samples per interval, without overshoot`, () => {
    const knots = [[5, 9000], [5.5, 8800], [20, 6000], [21, 2500], [90, 2400], [300, 10]];
    const drawn = plain(sampleSpline(knots));
    assert.equal(drawn.length, (knots.length - 1) * SAMPLES + 1);
    knots.forEach((k, i) => assert.deepEqual(drawn[i * SAMPLES], k, `knot ${i}`));
    for (let i = 1; i < drawn.length; i++) {
      assert.ok(drawn[i][0] > drawn[i - 1][0], `x not increasing at ${i}`);
      // A decreasing frontier is drawn decreasing: no S-bend, no shoulder above a knot.
      assert.ok(drawn[i][1] <= drawn[i - 1][1], `rises at ${i}: ${drawn[i - 1]} → ${drawn[i]}`);
    }
    assert.deepEqual(plain(sampleSpline([[1, 2]])), [[1, 2]]);
    assert.deepEqual(plain(sampleSpline([])), []);
  });
});
