// The ECharts build the chart loads (SPEC §15 "Weight"): ECharts' documented custom-build entry
// points with only what static/chart.js and src/chart.rs use registered. Bundled by
// scripts/build-echarts.mjs into vendor/echarts.min.js, where it is the global `echarts` (the
// same API as the full dist/echarts.min.js for everything the chart calls: init, use,
// getInstanceByDom, dispose, version). Left out on purpose (SPEC §15 "Weight"): the toolbox
// (35 KB; the page's own buttons reset the zoom and save the PNG) and the aria component (3 KB;
// the chart element's own aria-label names it, and the tables are its text alternative).
// Adding an option of a kind not listed here (a title, a markPoint, a bar series, a visualMap,
// ...) needs its component added below and the bundle rebuilt: `node scripts/build-echarts.mjs`.

import { use } from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import {
  DatasetComponent, // option.dataset: the points, embedded once
  DataZoomInsideComponent, // dataZoom type 'inside' (wheel and drag)
  DataZoomSliderComponent, // dataZoom type 'slider' under the x axis
  GridComponent, // the cartesian grid with value and log axes
  LegendScrollComponent, // legend type 'scroll' (brings the plain legend with it)
  MarkLineComponent, // series markLine: the reader's own speed (static/speed.js)
  TooltipComponent, // per-point tooltips
} from 'echarts/components';
import { LegacyGridContainLabel } from 'echarts/features'; // grid.containLabel, legacy in ECharts 6
import { CanvasRenderer } from 'echarts/renderers';

use([
  LineChart,
  ScatterChart,
  DatasetComponent,
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  GridComponent,
  LegendScrollComponent,
  MarkLineComponent,
  TooltipComponent,
  LegacyGridContainLabel,
  CanvasRenderer,
]);

// Only the API the pages and the tests call, so that esbuild drops the rest of echarts/core's
// exports (13 KB): graphic, format, registerMap, ...
export { init, getInstanceByDom, dispose, use, version } from 'echarts/core';
