/* benchsite chart glue.
 *
 * Starts ECharts from the JSON that src/render/chart.rs embeds in #chart-options, once the
 * reader reaches for the chart (until then the page shows the default view drawn in Rust,
 * #chart-plot; static/reader.js loads ECharts), and wires the controls. The JSON holds every
 * measured point once, in datasets whose rows carry every figure a control can plot (computed
 * in Rust); this script only picks which two columns to show, filters rows, and draws each
 * series' Pareto frontier for the axes on screen, as the Steffen spline the tables read. The
 * settings go into the page's URL and come back from it, and the cost and power metrics
 * follow the reader's own prices, through static/reader.js.
 * No framework, no build step.
 */
(function () {
  'use strict';

  /* The frontier curve, drawn as the Steffen spline the tables read (static/spline.js). */
  var spline = window.benchsiteSpline;
  var sampleSpline = spline && spline.sampleSpline;
  var SAMPLES = spline && spline.SAMPLES;

  var holder = document.getElementById('chart');
  var source = document.getElementById('chart-options');
  var reader = window.benchsiteReader; // static/reader.js: the URL's settings, prices, ECharts
  if (!holder || !source || !reader || !spline) return;

  var spec = JSON.parse(source.textContent);
  var datasets = spec.option.dataset;
  var dims = (datasets.length ? datasets[0].dimensions : []).map(function (d) {
    return typeof d === 'string' ? d : d.name;
  });
  var col = function (name) { return dims.indexOf(name); };
  var YOURS = 'cost_yours';
  var yoursAxis = { key: YOURS, name: 'Cost (your prices, $/M tok)', better: 'lower', digits: 3, inverse: true };
  var DEFAULT = { x: 'interactivity', y: 'throughput', log: false, frontierOnly: false, precisions: false };
  var state = restore(Object.assign({}, DEFAULT));
  // A lone axis may be written as an object rather than a one-element list.
  var baseX = [].concat(spec.option.xAxis)[0];
  var baseY = [].concat(spec.option.yAxis)[0];
  var published = datasets.map(function (d) { return d.source.map(function (r) { return r.slice(); }); });
  reprice();
  var chart = null; // ECharts, once the reader reaches for the chart (reader.liveChart)
  var follow = reader.seriesToggles(function (fn) { whenLive(fn); });
  var yours = null; // the line at the reader's own speed, a series from static/speed.js, or null

  /* Starts ECharts in #chart, which reader.js has just shown in place of the drawing. */
  function start() {
    chart = echarts.init(holder, null, { renderer: 'canvas' });
    // Confined to the chart, and long lines (image names, spreads) wrap rather than run off a
    // phone's screen.
    spec.option.tooltip = {
      trigger: 'item', confine: true, formatter: tooltip,
      extraCssText: 'max-width: min(28rem, 85vw); white-space: normal; overflow-wrap: anywhere;'
    };
    chart.setOption(spec.option);
    chart.on('legendselectchanged', ringsFollowSides);
    // A zoom moves the axes' ends: their labels follow (reader.relabel).
    chart.on('datazoom', function () { reader.relabel(chart); });
    render();
    chart.resize();
    window.addEventListener('resize', function () { chart.resize(); });
  }

  /* Shows the current settings: the live chart redraws; the drawing, which shows only the
     default view, gives way to it. */
  function show() {
    if (chart) render(); else whenLive();
  }

  /* What an axis selector offers: the embedded choices, and "your prices" while they apply. */
  function choices(kind) {
    var custom = kind === 'y' && reader.prices.custom();
    return custom ? spec.axes.y.concat([yoursAxis]) : spec.axes[kind];
  }

  function axis(kind, key) {
    return choices(kind).filter(function (a) { return a.key === key; })[0];
  }

  /* "Your prices" on the chart: a cost column at the prices in force (the y choice YOURS), and
     tok/s/MW and J/token at the reader's kW where typed, by SPEC §3's formulas from each
     point's throughput; every other figure stays as published (kept in `published`). */
  function reprice() {
    if (dims.indexOf(YOURS) < 0) {
      dims.push(YOURS);
      datasets.forEach(function (d) { d.dimensions = d.dimensions.concat([YOURS]); });
    }
    var p = reader.prices, ti = col('throughput'), yi = col(YOURS), mi = col('tok_s_mw'), ji = col('j_per_tok');
    spec.series.forEach(function (meta) {
      var hw = meta.hw, own = p.kwChanged(hw);
      datasets[meta.dataset].source.forEach(function (row, r) {
        var t = row[ti], before = published[meta.dataset][r];
        var ok = p.has(hw) && isNumber(t) && t > 0;
        row[yi] = ok ? p.price(hw) / (t * 3600) * 1e6 : null;
        row[mi] = ok && own ? t * 1000 / p.kw(hw) : before[mi];
        row[ji] = ok && own ? p.kw(hw) * 1000 / t : before[ji];
      });
    });
  }

  /* New prices: reprice, and a cost metric on screen becomes "your prices" (or, back at the
     published prices, the page's provider). */
  function onPrices(p) {
    reprice();
    if (/^cost_/.test(state.y) && (p.custom() || state.y === YOURS)) {
      state.y = p.custom() ? YOURS : 'cost_' + p.defaultProvider();
    }
    fillSelect(document.getElementById('chart-y'), choices('y'), state.y);
    if (chart) render();
    remember();
  }

  /* The settings a shared link carries (SPEC §15), each checked against the choices on offer;
     anything else keeps the default. "Your prices" as a y metric exists only while the
     reader's prices differ from the published ones. */
  function restore(s) {
    var x = reader.param('x'), y = reader.param('y');
    if (spec.axes.x.some(function (a) { return a.key === x; })) s.x = x;
    if (spec.axes.y.some(function (a) { return a.key === y; }) || (y === YOURS && reader.prices.custom())) s.y = y;
    s.log = reader.param('log') === '1';
    s.frontierOnly = reader.param('frontier') === '1';
    s.precisions = reader.param('prec') === '1' && !!document.getElementById('chart-precisions');
    return s;
  }

  /* Records the settings in the URL; defaults are left out. */
  function remember() {
    reader.set('x', state.x === 'interactivity' ? '' : state.x);
    reader.set('y', state.y === 'throughput' ? '' : state.y);
    reader.set('log', state.log ? '1' : '');
    reader.set('frontier', state.frontierOnly ? '1' : '');
    reader.set('prec', state.precisions ? '1' : '');
  }

  function isNumber(v) { return typeof v === 'number' && isFinite(v); }

  /* The non-dominated rows for the shown axes, sorted by x. Each axis says whether higher or
     lower is better; flipping the "lower" ones makes this the same sweep as SPEC §3: sort by
     x, keep the best y at equal x, and drop every kept point a later point matches or beats. */
  function frontier(rows, xi, yi, xBetter, yBetter) {
    var sx = xBetter === 'higher' ? 1 : -1;
    var sy = yBetter === 'higher' ? 1 : -1;
    var sorted = rows.slice().sort(function (a, b) {
      return sx * a[xi] - sx * b[xi] || sy * b[yi] - sy * a[yi];
    });
    var kept = [];
    sorted.forEach(function (row) {
      if (kept.length && sx * kept[kept.length - 1][xi] === sx * row[xi]) return;
      while (kept.length && sy * kept[kept.length - 1][yi] <= sy * row[yi]) kept.pop();
      kept.push(row);
    });
    return kept.sort(function (a, b) { return a[xi] - b[xi]; });
  }

  function seriesFor(meta) {
    var xi = col(state.x), yi = col(state.y);
    var rows = datasets[meta.dataset].source.filter(function (r) {
      return isNumber(r[xi]) && isNumber(r[yi]) && (!state.log || r[yi] > 0);
    });
    var front = frontier(rows, xi, yi, axis('x', state.x).better, axis('y', state.y).better);
    return [
      // The marker is the side's swatch shape (src/render/marker.rs).
      { id: 'points-' + meta.dataset, name: meta.label, type: 'scatter', symbol: meta.symbol, symbolSize: 8,
        dimensions: dims, encode: { x: state.x, y: state.y }, data: state.frontierOnly ? front : rows,
        itemStyle: { color: meta.color } },
      { id: 'frontier-' + meta.dataset, name: meta.label, type: 'line', smooth: false,
        showSymbol: false, z: 1, tooltip: { show: false },
        data: curve(front, xi, yi),
        lineStyle: { color: meta.color, width: 2, type: meta.kind === 'side' ? 'solid' : 'dashed' },
        itemStyle: { color: meta.color } }
    ];
  }

  /* The frontier's curve for the axes on screen: the spline through its points. Cost and
     J/token are a constant (price or power per GPU) over throughput per GPU, and the tables
     read them from the interpolated throughput (SPEC §3), so their curve is that constant
     over the throughput spline: a spline through the cost points parts from it between
     points, by up to 4%. The constant is each knot's (cost × throughput), carried linearly
     across an interval, so that every knot is drawn at its own plotted value (the two differ
     only by the dataset's rounding). */
  function curve(front, xi, yi) {
    var at = function (c) { return front.map(function (r) { return [r[xi], r[c]]; }); };
    if (!axis('y', state.y).inverse) return sampleSpline(at(yi));
    var ti = col('throughput');
    var xs = front.map(function (r) { return r[xi]; });
    var ks = front.map(function (r) { return r[yi] * r[ti]; });
    // The frontier's xs increase strictly, so the line is every knot and SAMPLES - 1 samples
    // after each but the last: knot i is point i × SAMPLES.
    return sampleSpline(at(ti)).map(function (p, j) {
      var i = Math.floor(j / SAMPLES);
      if (j % SAMPLES === 0) return [p[0], front[i][yi]];
      var k = ks[i] + (ks[i + 1] - ks[i]) * (p[0] - xs[i]) / (xs[i + 1] - xs[i]);
      return [p[0], k / p[1]];
    });
  }

  /* The accessible name follows the axes on screen (the chart element is role="img"; its
     text alternative is the tables). */
  function describe() {
    var label = (spec.aria || '').replace('{y}', axis('y', state.y).name).replace('{x}', axis('x', state.x).name);
    holder.setAttribute('aria-label', label);
  }

  function render() {
    var shown = spec.series.filter(function (m) { return m.kind === 'side' || state.precisions; });
    var series = [];
    shown.forEach(function (m) { series = series.concat(seriesFor(m)); });
    // The reader's own speed (static/speed.js) is an interactivity: shown on that axis only.
    if (yours && state.x === 'interactivity') series.push(yours);
    var lead = leadRings();
    if (lead) series.push(lead);
    chart.setOption({
      legend: { data: shown.map(function (m) { return m.label; }).concat(lead ? [lead.name] : []) },
      xAxis: [Object.assign({}, baseX, { name: axis('x', state.x).name })],
      yAxis: [Object.assign({}, baseY, { name: axis('y', state.y).name, type: state.log ? 'log' : 'value' })],
      series: series
    }, { replaceMerge: ['series'] });
    reader.relabel(chart); // the labels at the axes' ends, as the new axes have them
    describe();
    follow(chart); // the series checkboxes, as the legend now stands
  }

  /* Where a comparison's lead in tok/s/GPU changes hands (`spec.lead`, computed in Rust):
     points of the default axes, so ringed only while those are on screen; or null. */
  function leadRings() {
    if (!spec.lead || state.x !== DEFAULT.x || state.y !== DEFAULT.y) return null;
    return { id: 'lead', name: spec.lead.label, type: 'scatter', data: spec.lead.points, encode: { x: 0, y: 1 },
      // A ring that leaves the crossing it marks in view (emptyCircle is filled white).
      symbol: 'circle', symbolSize: 14, z: 5,
      itemStyle: { color: 'transparent', borderColor: '#24292f', borderWidth: 2 } };
  }

  /* A ring marks where two sides cross: hidden while either side is hidden from the legend,
     shown again with both; other series' toggles leave it as the reader set it. Off the
     default axes the rings have no legend entry, but the choice made there is kept by name
     for when they return. */
  function ringsFollowSides(e) {
    var sides = spec.series.filter(function (m) { return m.kind === 'side'; }).map(function (m) { return m.label; });
    if (!spec.lead || sides.indexOf(e.name) < 0) return;
    var both = sides.every(function (label) { return e.selected[label] !== false; });
    if (e.selected[spec.lead.label] !== both) {
      chart.dispatchAction({ type: both ? 'legendSelect' : 'legendUnSelect', name: spec.lead.label });
    }
  }

  /* A text column of a row: rows hold each text's place in the page's table (`spec.texts`),
     which holds each text once. */
  function text(row, name) {
    var t = spec.texts[row[col(name)]];
    return typeof t === 'string' ? t : '';
  }

  /* Tooltip text; every string from the data is escaped, since ECharts renders HTML here. */
  function tooltip(p) {
    var row = Array.isArray(p.data) ? p.data : [];
    var line = function (label, value) { return escapeHtml(label) + ': ' + escapeHtml(value); };
    var x = axis('x', state.x), y = axis('y', state.y);
    if (p.seriesId === 'lead') {
      return ['<strong>' + escapeHtml(p.seriesName) + '</strong>', line(x.name, format(row[0], x.digits)),
        line(y.name, format(row[1], y.digits) + ' on both sides')].join('<br>');
    }
    var parts = ['<strong>' + escapeHtml(p.seriesName) + '</strong>',
      [text(row, 'precision'), text(row, 'framework'), text(row, 'parallelism')].map(escapeHtml).join(' · '),
      line('Concurrency', format(row[col('conc')], 0)),
      line(x.name, format(row[col(state.x)], x.digits)),
      line(y.name, format(row[col(state.y)], y.digits))];
    [['image', 'Image'], ['date', 'Date'], ['run_url', 'Run'], ['spread', 'Spread']].forEach(function (f) {
      if (text(row, f[0])) parts.push(line(f[1], text(row, f[0])));
    });
    return parts.join('<br>');
  }

  /* A value as the tables show it: `digits` decimals (the axis choice's), thousands grouped;
     a figure of three decimals (cost, J/token) gets more below 0.1, as the tables print costs,
     so it keeps three significant digits. */
  function format(v, digits) {
    if (!isNumber(v)) return '–';
    var d = digits === 3 ? reader.costDecimals(v) : digits;
    var scale = Math.pow(10, d);
    // Rounded as the tables and reader.js round (v × 10^d), not on the exact binary value as
    // toLocaleString would: the reader's own costs are computed here, unrounded.
    var shown = Math.round(v * scale) / scale;
    return shown.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  }

  function escapeHtml(value) {
    return String(value === undefined || value === null ? '' : value)
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  /* The page lists the published choices (partials/chart.html); the script lists them again,
     with "your prices" where the reader's prices are in force, and marks the current one. */
  function fillSelect(select, choices, current) {
    while (select.firstChild) select.removeChild(select.firstChild);
    choices.forEach(function (c) {
      var option = document.createElement('option');
      option.value = c.key;
      option.textContent = c.name;
      option.selected = c.key === current;
      select.appendChild(option);
    });
  }

  function wire(id, event, apply) {
    var el = document.getElementById(id);
    if (el) el.addEventListener(event, function () { apply(el); show(); remember(); });
  }

  /* Sets a checkbox to a restored setting. */
  function check(id, on) {
    var el = document.getElementById(id);
    if (el) el.checked = on;
  }

  fillSelect(document.getElementById('chart-x'), choices('x'), state.x);
  fillSelect(document.getElementById('chart-y'), choices('y'), state.y);
  check('chart-log', state.log);
  check('chart-frontier-only', state.frontierOnly);
  check('chart-precisions', state.precisions);
  wire('chart-x', 'change', function (el) { state.x = el.value; });
  wire('chart-y', 'change', function (el) { state.y = el.value; });
  wire('chart-log', 'change', function (el) { state.log = el.checked; });
  wire('chart-frontier-only', 'change', function (el) { state.frontierOnly = el.checked; });
  wire('chart-precisions', 'change', function (el) { state.precisions = el.checked; });
  document.getElementById('chart-reset').addEventListener('click', function () {
    if (chart) chart.dispatchAction({ type: 'dataZoom', start: 0, end: 100 });
  });
  document.getElementById('chart-png').addEventListener('click', function () {
    whenLive(function () { reader.savePng(chart); });
  });
  remember();
  reader.onPrices(onPrices);
  document.addEventListener('benchsite:speed', function (e) {
    yours = e.detail;
    if (chart) render();
  });
  // A link with settings other than the default view needs the live chart at once.
  var whenLive = reader.liveChart(start, reader.hidesSeries() ||
    Object.keys(DEFAULT).some(function (k) { return state[k] !== DEFAULT[k]; }));
})();
