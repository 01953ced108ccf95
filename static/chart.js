/* benchsite chart glue.
 *
 * Starts ECharts from the JSON that src/chart.rs embeds in #chart-options and wires the
 * controls. The JSON holds every measured point once, in datasets whose rows carry every
 * figure a control can plot (computed in Rust); this script only picks which two columns to
 * show, filters rows, and draws each series' Pareto frontier for the axes on screen.
 * No framework, no build step.
 */
(function () {
  'use strict';

  var holder = document.getElementById('chart');
  var source = document.getElementById('chart-options');
  if (!holder || !source || typeof echarts === 'undefined') return;

  var spec = JSON.parse(source.textContent);
  var datasets = spec.option.dataset;
  var dims = (datasets.length ? datasets[0].dimensions : []).map(function (d) {
    return typeof d === 'string' ? d : d.name;
  });
  var col = function (name) { return dims.indexOf(name); };
  var state = { x: 'interactivity', y: 'throughput', log: false, frontierOnly: false, precisions: false };

  // The fallback text is for readers without JavaScript; the canvas needs the full height.
  var fallback = document.getElementById('chart-fallback');
  if (fallback) fallback.hidden = true;
  holder.classList.add('is-live');
  // A lone axis may be written as an object rather than a one-element list.
  var baseX = [].concat(spec.option.xAxis)[0];
  var baseY = [].concat(spec.option.yAxis)[0];
  var chart = echarts.init(holder, null, { renderer: 'canvas' });
  spec.option.tooltip = { trigger: 'item', confine: true, formatter: tooltip };
  chart.setOption(spec.option);

  function axis(kind, key) {
    return spec.axes[kind].filter(function (a) { return a.key === key; })[0];
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
    var symbol = meta.kind === 'side' ? 'circle' : 'diamond';
    return [
      { id: 'points-' + meta.dataset, name: meta.label, type: 'scatter', symbol: symbol, symbolSize: 8,
        dimensions: dims, encode: { x: state.x, y: state.y }, data: state.frontierOnly ? front : rows,
        itemStyle: { color: meta.color } },
      { id: 'frontier-' + meta.dataset, name: meta.label, type: 'line', smooth: true, smoothMonotone: 'x',
        showSymbol: false, z: 1, tooltip: { show: false },
        data: front.map(function (r) { return [r[xi], r[yi]]; }),
        lineStyle: { color: meta.color, width: 2, type: meta.kind === 'side' ? 'solid' : 'dashed' },
        itemStyle: { color: meta.color } }
    ];
  }

  /* The accessible name follows the axes on screen. */
  function describe() {
    var label = (spec.aria || '').replace('{y}', axis('y', state.y).name).replace('{x}', axis('x', state.x).name);
    holder.setAttribute('aria-label', label);
    return { enabled: true, label: { description: label } };
  }

  function render() {
    var shown = spec.series.filter(function (m) { return m.kind === 'side' || state.precisions; });
    var series = [];
    shown.forEach(function (m) { series = series.concat(seriesFor(m)); });
    chart.setOption({
      legend: { data: shown.map(function (m) { return m.label; }) },
      xAxis: [Object.assign({}, baseX, { name: axis('x', state.x).name })],
      yAxis: [Object.assign({}, baseY, { name: axis('y', state.y).name, type: state.log ? 'log' : 'value' })],
      series: series,
      aria: describe()
    }, { replaceMerge: ['series'] });
  }

  /* Tooltip text; every string from the data is escaped, since ECharts renders HTML here. */
  function tooltip(p) {
    var row = Array.isArray(p.data) ? p.data : [];
    var line = function (label, value) { return escapeHtml(label) + ': ' + escapeHtml(value); };
    var parts = ['<strong>' + escapeHtml(p.seriesName) + '</strong>',
      escapeHtml(row[col('framework')]) + ' · ' + escapeHtml(row[col('parallelism')]),
      line('Concurrency', row[col('conc')]),
      line(axis('x', state.x).name, format(row[col(state.x)])),
      line(axis('y', state.y).name, format(row[col(state.y)]))];
    if (row[col('image')]) parts.push(line('Image', row[col('image')]));
    if (row[col('date')]) parts.push(line('Date', row[col('date')]));
    if (row[col('run_url')]) parts.push(line('Run', row[col('run_url')]));
    return parts.join('<br>');
  }

  function format(v) {
    if (!isNumber(v)) return '–';
    return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : String(+v.toPrecision(4));
  }

  function escapeHtml(value) {
    return String(value === undefined || value === null ? '' : value)
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  function fillSelect(select, choices, current) {
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
    if (el) el.addEventListener(event, function () { apply(el); render(); });
  }

  var controls = document.getElementById('chart-controls');
  fillSelect(document.getElementById('chart-x'), spec.axes.x, state.x);
  fillSelect(document.getElementById('chart-y'), spec.axes.y, state.y);
  wire('chart-x', 'change', function (el) { state.x = el.value; });
  wire('chart-y', 'change', function (el) { state.y = el.value; });
  wire('chart-log', 'change', function (el) { state.log = el.checked; });
  wire('chart-frontier-only', 'change', function (el) { state.frontierOnly = el.checked; });
  wire('chart-precisions', 'change', function (el) { state.precisions = el.checked; });
  document.getElementById('chart-reset').addEventListener('click', function () {
    chart.dispatchAction({ type: 'dataZoom', start: 0, end: 100 });
  });
  document.getElementById('chart-png').addEventListener('click', function () {
    var link = document.createElement('a');
    link.href = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    link.download = 'chart.png';
    link.click();
  });
  controls.hidden = false;
  render();
  chart.resize();

  window.addEventListener('resize', function () { chart.resize(); });
})();
