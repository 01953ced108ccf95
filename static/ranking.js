/* The ranking chart: ECharts started from the options embedded in #chart-options (built in
   Rust, src/render/ranking_chart.rs), with a log-scale toggle, zoom reset and PNG export.
   Without ECharts the fallback text stays and points to the tables. With static/reader.js the
   log scale goes into the page's URL, and each accelerator's line follows the reader's price
   for it: cost is proportional to the price per GPU-hour (SPEC §3), so the lowest cost over an
   accelerator's configurations scales by the same factor. */
(function () {
  'use strict';
  var holder = document.getElementById('chart');
  var source = document.getElementById('chart-options');
  if (!holder || !source || typeof echarts === 'undefined') return;
  var doc = JSON.parse(source.textContent);
  if (doc.kind !== 'ranking') return;
  var reader = window.benchsiteReader;
  var hardware = doc.hardware || [];
  var published = doc.option.series.map(function (s) { return s.data; });
  holder.classList.add('is-live');
  var chart = echarts.init(holder, null, { renderer: 'canvas' });
  chart.setOption(doc.option);
  document.getElementById('chart-fallback').hidden = true;
  var controls = document.getElementById('chart-controls');
  controls.hidden = false;
  var log = document.getElementById('chart-log');

  function setLog(on) {
    chart.setOption({ yAxis: { type: on ? 'log' : 'value' } });
    if (reader) reader.set('log', on ? '1' : '');
  }

  var costAxis = [].concat(doc.option.yAxis)[0].name;

  /* Each line at the prices in force: published cost × your price / published price. */
  function reprice(p) {
    chart.setOption({
      yAxis: { name: p.custom() ? 'Cost (your prices, $/M tok)' : costAxis },
      series: published.map(function (data, i) {
        var id = hardware[i];
        var factor = p.has(id) ? p.price(id) / p.publishedPrice(id) : 1;
        return { data: data.map(function (pt) { return [pt[0], pt[1] === null ? null : pt[1] * factor]; }) };
      }),
    });
  }

  log.addEventListener('change', function (e) { setLog(e.target.checked); });
  if (reader) {
    log.checked = reader.param('log') === '1';
    setLog(log.checked);
    if (reader.prices.custom()) reprice(reader.prices);
    reader.onPrices(reprice);
  }
  document.getElementById('chart-reset').addEventListener('click', function () {
    chart.dispatchAction({ type: 'dataZoom', start: 0, end: 100 });
  });
  document.getElementById('chart-png').addEventListener('click', function () {
    var link = document.createElement('a');
    link.href = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    link.download = 'ranking.png';
    link.click();
  });
  window.addEventListener('resize', function () { chart.resize(); });
})();
