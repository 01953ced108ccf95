/* benchsite's frontier spline (SPEC §3): the monotone cubic Hermite spline of Steffen (1990),
 * computed exactly as src/compute/metrics/spline.rs does (and d3's curveMonotoneX draws), so
 * every number a script reads off a frontier, and every line it draws through one, is the curve
 * behind the tables' interpolated numbers. Used by static/chart.js (the frontier lines) and
 * static/speed.js ("Your speed"), through `window.benchsiteSpline`; loaded before them.
 * tests/spline_js.rs and tests/browser/spline.test.mjs run it in node against the Rust spline.
 */
(function () {
  'use strict';

  /* A line is drawn as a polyline through SAMPLES points per interval (ECharts' own `smooth`
     bends differently). */
  var SAMPLES = 64;

  /* d3's sign: zero counts as positive. */
  function sign(v) { return v < 0 ? -1 : 1; }

  /* Tangents at every knot. Two knots get the secant at both ends (a straight line). */
  function tangents(xs, ys) {
    var n = xs.length, s = [], m = [], i;
    for (i = 1; i < n; i++) s.push((ys[i] - ys[i - 1]) / (xs[i] - xs[i - 1]));
    if (n < 3) {
      for (i = 0; i < n; i++) m.push(s.length ? s[0] : 0);
      return m;
    }
    m[0] = 0;
    for (i = 1; i < n - 1; i++) {
      var h0 = xs[i] - xs[i - 1], h1 = xs[i + 1] - xs[i];
      // Steffen's interior tangent (d3's slope3; `|| 0` maps NaN to 0).
      var p = (s[i - 1] * h1 + s[i] * h0) / (h0 + h1);
      m[i] = (sign(s[i - 1]) + sign(s[i])) * Math.min(Math.min(Math.abs(s[i - 1]), Math.abs(s[i])), 0.5 * Math.abs(p)) || 0;
    }
    m[0] = (3 * s[0] - m[1]) / 2;
    m[n - 1] = (3 * s[n - 2] - m[n - 2]) / 2;
    return m;
  }

  /* The cubic Hermite segment between knots i and i + 1, at x. */
  function hermite(xs, ys, m, i, x) {
    var h = xs[i + 1] - xs[i];
    var t = (x - xs[i]) / h;
    var t2 = t * t, t3 = t * t * t;
    return (2 * t3 - 3 * t2 + 1) * ys[i] + (t3 - 2 * t2 + t) * h * m[i] +
      (-2 * t3 + 3 * t2) * ys[i + 1] + (t3 - t2) * h * m[i + 1];
  }

  /* The spline through knots with strictly increasing xs, as a function of x: the value at x,
     or null outside [xs[0], xs[n-1]] (it never extrapolates) or for bad knots. A knot's own x
     gives the knot's own y exactly. */
  function steffen(xs, ys) {
    var n = xs.length;
    var ok = n === ys.length && xs.every(function (x, i) { return i === 0 || xs[i - 1] < x; });
    var m = ok ? tangents(xs, ys) : [];
    return function (x) {
      if (!ok || !n || !(x >= xs[0] && x <= xs[n - 1])) return null;
      var lo = 0, hi = n; // the first knot right of x, by bisection
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (xs[mid] <= x) lo = mid + 1; else hi = mid;
      }
      return xs[lo - 1] === x ? ys[lo - 1] : hermite(xs, ys, m, lo - 1, x);
    };
  }

  /* The polyline that draws the spline through `points` ([x, y] with strictly increasing x):
     every knot, and `perInterval - 1` evenly spaced samples inside each interval. */
  function sampleSpline(points, perInterval) {
    var xs = points.map(function (p) { return p[0]; });
    var ys = points.map(function (p) { return p[1]; });
    var at = steffen(xs, ys);
    var k = perInterval || SAMPLES, out = [];
    if (points.length && at(xs[0]) === null) return points.slice(); // not a function of x
    points.forEach(function (p, i) {
      out.push([p[0], p[1]]);
      if (i === points.length - 1) return;
      for (var j = 1; j < k; j++) {
        var x = xs[i] + (xs[i + 1] - xs[i]) * j / k;
        out.push([x, at(x)]);
      }
    });
    return out;
  }

  var api = { steffen: steffen, sampleSpline: sampleSpline, SAMPLES: SAMPLES };
  // For node (tests/spline_js.rs, tests/browser/spline.test.mjs), which runs this file in a vm
  // context that defines `module`; a browser does not define it here.
  if (typeof module === 'object' && module && module.exports) module.exports = api;
  if (typeof window !== 'undefined') window.benchsiteSpline = api;
})();
