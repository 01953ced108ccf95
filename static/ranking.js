/* The ranking chart: ECharts started from the options embedded in #chart-options (built in
   Rust, src/render/ranking_chart.rs), with a log-scale toggle, a checkbox per line
   (static/reader.js, seriesToggles), zoom reset and PNG export.
   Until the reader reaches for the chart, the page shows its default view drawn in Rust
   (#chart-plot); static/reader.js then loads ECharts and this script starts it. The log scale
   goes into the page's URL, and each accelerator's line follows the reader's price for it:
   cost is proportional to the price per GPU-hour (SPEC §3), so the lowest cost over an
   accelerator's configurations scales by the same factor. */
(function () {
  'use strict';
  var holder = document.getElementById('chart');
  var source = document.getElementById('chart-options');
  var reader = window.benchsiteReader;
  if (!holder || !source || !reader) return;
  var doc = JSON.parse(source.textContent);
  if (doc.kind !== 'ranking') return;
  var hardware = doc.hardware || [];
  var published = doc.option.series.map(function (s) { return s.data; });
  var shown = published; // the lines at the prices in force
  var baseY = [].concat(doc.option.yAxis)[0];
  var log = document.getElementById('chart-log');
  var chart = null; // ECharts, once the reader reaches for the chart
  var follow = reader.seriesToggles(function (fn) { whenLive(fn); });
  var yours = null; // the line at the reader's own speed, a series from static/speed.js, or null
  var marked = false; // whether the chart has had one

  /* The whole y axis each time: ECharts makes a new axis when its type changes, and one given
     only a type loses the rest (its name's alignment, gap and scale). */
  function yAxis(p) {
    return Object.assign({}, baseY, {
      type: log.checked ? 'log' : 'value',
      name: p.customCost() ? 'Cost (' + priced(p) + ', $/M tok)' : baseY.name,
    });
  }

  /* Whose prices the lines are at: the reader's own, or another provider's published ones. */
  function priced(p) {
    return p.ownPrices() ? 'your prices' : p.providerName().toLowerCase();
  }

  function setLog(on) {
    if (chart) {
      chart.setOption({ yAxis: yAxis(reader.prices) });
      reader.relabel(chart); // the ends' labels as the new scale has them
    }
    reader.set('log', on ? '1' : '');
  }

  /* Each line at the prices in force: published cost × your price / published price. */
  function reprice(p) {
    if (!chart) { if (p.customCost()) whenLive(); return; } // the drawing shows the published costs
    shown = published.map(function (data, i) {
      var id = hardware[i];
      var factor = p.has(id) ? p.price(id) / p.publishedPrice(id) : 1;
      return data.map(function (pt) { return [pt[0], pt[1] === null ? null : pt[1] * factor]; });
    });
    chart.setOption({
      yAxis: yAxis(p),
      series: shown.map(function (data) { return { data: data }; }),
    });
    reader.relabel(chart);
    describe(p);
  }

  /* The accessible name names whose prices the lines are at, as the y axis does: the built
     one names the page's published provider ("(hyperscaler)"). */
  var LABEL = holder.getAttribute('aria-label') || '';
  function describe(p) {
    var built = '(' + p.providerName(p.defaultProvider()).toLowerCase() + ')';
    holder.setAttribute('aria-label', p.customCost() ? LABEL.replace(built, '(' + priced(p) + ')') : LABEL);
  }

  /* Each line's cost at interactivity `x`, read off its straight segments as drawn; null where
     the line has a gap or does not reach. */
  function costAt(data, x) {
    for (var i = 1; i < data.length; i++) {
      var a = data[i - 1], b = data[i];
      if (a[0] <= x && x <= b[0]) {
        if (a[1] === null || b[1] === null) return null;
        return b[0] === a[0] ? a[1] : a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]);
      }
    }
    return null;
  }

  function escapeHtml(value) {
    return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  /* The tooltip: every accelerator shown that reaches the interactivity under the pointer,
     cheapest first, printed as the tables print costs (the lines are sampled at different points,
     so ECharts' own axis tooltip named only the line with a sample nearest the pointer). A
     line the reader hid is left out. */
  function tooltip(params) {
    var x = [].concat(params)[0].axisValue;
    var selected = reader.legendOf(chart.getOption()).selected;
    var rows = doc.option.series.map(function (s, i) {
      return { name: s.name, color: s.lineStyle.color, cost: costAt(shown[i], x) };
    }).filter(function (r) { return r.cost !== null && selected[r.name] !== false; });
    rows.sort(function (a, b) { return a.cost - b.cost; });
    var swatch = function (c) {
      return '<span style="display:inline-block;width:.6em;height:.6em;border-radius:50%;margin-right:.4em;background:' + escapeHtml(c) + '"></span>';
    };
    return ['<strong>' + x.toFixed(1) + ' tok/s/user</strong>'].concat(rows.map(function (r) {
      return swatch(r.color) + escapeHtml(r.name) + ': ' + reader.money(r.cost) + ' per M tok';
    })).join('<br>');
  }

  /* Starts ECharts in #chart, which reader.js has just shown in place of the drawing. */
  function start() {
    chart = echarts.init(holder, null, { renderer: 'canvas' });
    doc.option.tooltip = Object.assign({}, doc.option.tooltip, { confine: true, formatter: tooltip });
    chart.setOption(doc.option);
    // A zoom moves the axes' ends: no label at an end it moved, where ECharts would print the
    // window's own odd value (reader.relabel).
    chart.on('datazoom', function () { reader.relabel(chart); });
    setLog(log.checked);
    reprice(reader.prices);
    markSpeed();
    follow(chart); // the series checkboxes, as the legend stands
    window.addEventListener('resize', function () { chart.resize(); });
  }

  /* The reader's own speed as a line across the chart (static/speed.js says where and how):
     a series after the accelerators' lines, added with the first speed and emptied when it
     goes. */
  function markSpeed() {
    if (!chart || !(yours || marked)) return;
    chart.setOption({ series: [yours || { id: 'yours', markLine: { data: [] } }] });
    marked = true;
  }

  log.checked = reader.param('log') === '1';
  document.addEventListener('benchsite:speed', function (e) {
    yours = e.detail;
    markSpeed();
  });
  log.addEventListener('change', function () { whenLive(function () { setLog(log.checked); }); });
  reader.onPrices(reprice);
  document.getElementById('chart-reset').addEventListener('click', function () {
    if (chart) chart.dispatchAction({ type: 'dataZoom', start: 0, end: 100 });
  });
  document.getElementById('chart-png').addEventListener('click', function () {
    whenLive(function () { reader.savePng(chart); });
  });
  // The drawing shows published prices on a linear axis: anything else needs the live chart.
  var whenLive = reader.liveChart(start, log.checked || reader.prices.customCost() || reader.hidesSeries());
})();
