/* The ranking chart: ECharts started from the options embedded in #chart-options (built in
   Rust, src/render/ranking_chart.rs), with a log-scale toggle, zoom reset and PNG export.
   Without ECharts the fallback text stays and points to the tables. */
(function () {
  'use strict';
  var holder = document.getElementById('chart');
  var source = document.getElementById('chart-options');
  if (!holder || !source || typeof echarts === 'undefined') return;
  var doc = JSON.parse(source.textContent);
  if (doc.kind !== 'ranking') return;
  holder.classList.add('is-live');
  var chart = echarts.init(holder, null, { renderer: 'canvas' });
  chart.setOption(doc.option);
  document.getElementById('chart-fallback').hidden = true;
  var controls = document.getElementById('chart-controls');
  controls.hidden = false;
  document.getElementById('chart-log').addEventListener('change', function (e) {
    chart.setOption({ yAxis: { type: e.target.checked ? 'log' : 'value' } });
  });
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
