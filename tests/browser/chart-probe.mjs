// Reading the page's ECharts chart from a test: start it, wait for it, and describe what it shows, through
// `echarts.getInstanceByDom(document.getElementById('chart'))` (the chart's public contract).

/// The `<select id="chart-x">` and `<select id="chart-y">` values the chart offers (SPEC §6).
export const X_KEYS = ['interactivity', 'e2el', 'ttft'];
export const Y_KEYS = [
  'throughput',
  'input',
  'output',
  'cost_hyperscaler',
  'cost_neocloud',
  'cost_rental_3yr',
  'tok_s_mw',
  'j_per_tok',
];

/// Counts the requests for ECharts made in `context`, and fails them when `block`, or holds
/// them unanswered when `stall` until `requests.release()`: the test reads and resets
/// `requests.count`.
export async function watchECharts(context, { block = false, stall = false } = {}) {
  // `requests.block` and `requests.stall` may be changed later: they apply to the next request.
  const held = [];
  const requests = {
    count: 0,
    block,
    stall,
    release: () => Promise.all(held.splice(0).map((route) => route.continue())),
  };
  await context.route(/\/echarts\.min\.[^/]*\.js$/, (route) => {
    requests.count += 1;
    if (requests.stall) return void held.push(route);
    return requests.block ? route.abort('blockedbyclient') : route.continue();
  });
  return requests;
}

/// Reaches for the chart as a reader does (the pointer over the chart's box, at its top-left
/// corner, away from the plot: no tooltip opens), which loads ECharts (static/reader.js), and
/// waits until the chart exists and shows at least one series.
export async function waitForChart(page, timeout = 20_000) {
  await page.hover('figure.chart', { position: { x: 2, y: 2 } });
  await page.waitForFunction(
    () => {
      const el = document.getElementById('chart');
      if (!el || !window.echarts) return false;
      const chart = window.echarts.getInstanceByDom(el);
      return Boolean(chart) && (chart.getOption()?.series?.length ?? 0) > 0;
    },
    null,
    { timeout },
  );
}

/// The tick labels of the chart as the page first draws it (src/render/plot/), before ECharts:
/// `{x: [...], y: [...]}`.
export async function drawnTicks(page) {
  return page.evaluate(() => ({
    x: [...document.querySelectorAll('#chart-plot .plot-x')].map((e) => e.textContent),
    y: [...document.querySelectorAll('#chart-plot .plot-y')].map((e) => e.textContent),
  }));
}

/// The tick labels of the live chart, as ECharts chose them: `{x: [...], y: [...]}`.
export async function liveTicks(page) {
  return page.evaluate(() => {
    const chart = window.echarts.getInstanceByDom(document.getElementById('chart'));
    const labels = (kind) => {
      const { scale } = chart.getModel().getComponent(kind, 0).axis;
      return scale.getTicks().map((tick) => scale.getLabel(tick));
    };
    return { x: labels('xAxis'), y: labels('yAxis') };
  });
}

/// The tick labels the live chart shows, as drawn (the ones ECharts hid left out), each with its
/// box in the chart's pixels: `{x: [{text, left, right, top, bottom}, ...], y: [...]}`. The box
/// is the text's width by its font size: ECharts' own box for a label is far shorter (4.4 px for
/// 12 px text in headless Chromium), so its overlap check lets labels be drawn over each other.
export async function shownTicks(page) {
  return page.evaluate(() => {
    const chart = window.echarts.getInstanceByDom(document.getElementById('chart'));
    const labels = (kind) => {
      const model = chart.getModel().getComponent(kind, 0);
      const shown = [];
      chart.getViewOfComponentModel(model).group.traverse((el) => {
        if (el.type !== 'text' || el.ignore || el.invisible || el.style.text === model.get('name')) return;
        const rect = el.getBoundingRect().clone();
        rect.applyTransform(el.getComputedTransform());
        const [cy, half] = [rect.y + rect.height / 2, (el.style.fontSize || 12) / 2];
        shown.push({ text: el.style.text, left: rect.x, right: rect.x + rect.width, top: cy - half, bottom: cy + half });
      });
      return shown;
    };
    return { x: labels('xAxis'), y: labels('yAxis') };
  });
}

/// What is wrong with the labels the live chart shows (`shownTicks`), as `wheelZoomProblems`
/// judges them: an axis without any, a label that is not a nice tick, one drawn over another.
export function tickProblems(ticks, log = {}) {
  const value = (label) => Number(label.text.replace(/,/g, ''));
  const notNice = (labels, onLog) => {
    const vs = labels.map(value).sort((a, b) => a - b);
    if (!vs.length) return ['no label at all'];
    if (onLog) {
      const odd = vs.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) > 1e-9);
      const decade = (v) => Math.floor(Math.log10(v));
      const inside = odd.length === 2 && vs.length === 2 && decade(vs[0]) === decade(vs[1]);
      return inside ? [] : odd;
    }
    const gaps = vs.slice(1).map((v, i) => v - vs[i]).sort((a, b) => a - b);
    const step = gaps[Math.floor(gaps.length / 2)];
    return gaps.length ? vs.filter((v) => Math.abs(v / step - Math.round(v / step)) > 1e-6) : [];
  };
  const overlaps = (labels) =>
    labels.flatMap((a, i) =>
      labels.slice(i + 1)
        .filter((b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
          Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5)
        .map((b) => `${a.text} over ${b.text}`),
    );
  return [...notNice(ticks.x, log.x), ...notNice(ticks.y, log.y), ...overlaps(ticks.x), ...overlaps(ticks.y)];
}

/// Zooms the live chart with the mouse wheel, `steps` notches in at a point inside its plot
/// (`at`: fractions of the plot's width and height), and after each notch checks the labels it
/// shows (`shownTicks`): some on each axis, each a nice tick, and none drawn over another.
/// Nice: on a log axis (`log.x`, `log.y`) a power of ten, unless the window holds none (zoomed
/// inside one), where the two ends are the only labels; on a linear one, a multiple of the
/// step between the labels (the median gap: an end labelled with the zoom window's own value,
/// 22.47 before 40, 60, …, is neither). Returns what was wrong, one line per notch that showed
/// it (none: []).
export async function wheelZoomProblems(page, { steps = 6, log = {}, at = [0.45, 0.4] } = {}) {
  await page.locator('#chart').scrollIntoViewIfNeeded();
  const point = await page.evaluate(([fx, fy]) => {
    const chart = window.echarts.getInstanceByDom(document.getElementById('chart'));
    const rect = chart.getModel().getComponent('grid').coordinateSystem.getRect();
    const box = document.getElementById('chart').getBoundingClientRect();
    return { x: box.left + rect.x + rect.width * fx, y: box.top + rect.y + rect.height * fy };
  }, at);
  await page.mouse.move(point.x, point.y);
  const problems = [];
  let was = JSON.stringify((await chartState(page)).dataZoom);
  for (let step = 1; step <= steps; step++) {
    await page.mouse.wheel(0, -120);
    const zoomed = await waitForState(page, (s) => JSON.stringify(s.dataZoom) !== was, `zoom step ${step}`);
    was = JSON.stringify(zoomed.dataZoom);
    const ticks = await shownTicks(page);
    const text = (labels) => labels.map((l) => l.text).join(' ');
    const bad = tickProblems(ticks, log);
    if (bad.length) problems.push(`zoom step ${step}: x ${text(ticks.x)} | y ${text(ticks.y)}: ${bad.join(', ')}`);
  }
  return problems;
}

/// Where the drawing's plot area lies in its box (src/render/plot/), before ECharts: `{left, top,
/// right, bottom}` in CSS pixels from the box's edges.
export async function drawnPlotArea(page) {
  return page.evaluate(() => {
    const box = document.getElementById('chart-plot').getBoundingClientRect();
    const area = document.querySelector('#chart-plot .plot-area').getBoundingClientRect();
    return {
      left: area.left - box.left,
      top: area.top - box.top,
      right: box.right - area.right,
      bottom: box.bottom - area.bottom,
    };
  });
}

/// Where the live chart's grid lies in its box, as ECharts laid it out: `{left, top, right,
/// bottom}` in CSS pixels from the box's edges.
export async function liveGrid(page) {
  return page.evaluate(() => {
    const el = document.getElementById('chart');
    const chart = window.echarts.getInstanceByDom(el);
    const rect = chart.getModel().getComponent('grid', 0).coordinateSystem.getRect();
    return {
      left: rect.x,
      top: rect.y,
      right: el.clientWidth - rect.x - rect.width,
      bottom: el.clientHeight - rect.y - rect.height,
    };
  });
}

/// The sides on which two `{left, top, right, bottom}` boxes differ by more than a pixel.
export function sidesApart(a, b) {
  return Object.keys(a).filter((side) => Math.abs(a[side] - b[side]) > 1);
}

/// Reaches for the chart (`waitForChart`) and returns how the live chart differs from the
/// drawing it replaced, as strings (empty: not at all): its ticks and its plot area.
export async function liveChartMoves(page, timeout) {
  const drawn = await drawnTicks(page);
  const area = await drawnPlotArea(page);
  await waitForChart(page, timeout);
  const moves = [];
  const live = await liveTicks(page);
  if (JSON.stringify(drawn) !== JSON.stringify(live)) {
    moves.push(`drawn ticks ${JSON.stringify(drawn)}, live ${JSON.stringify(live)}`);
  }
  const grid = await liveGrid(page);
  if (sidesApart(area, grid).length) {
    moves.push(`plot area ${JSON.stringify(area)}, live grid ${JSON.stringify(grid)}`);
  }
  return moves;
}

/// What the chart shows now:
///   { width, height, xAxis: {name, type}, yAxis: {name, type}, dataZoom: [{type, start, end}],
///     legend: {selected}, toolbox: [[feature names]] or null,
///     series: [{name, type, count, xs, ys}] }
/// `xs`/`ys` are the plotted coordinates as ECharts resolved them (inline data or dataset +
/// encode alike), so a test can tell whether a control changed the data.
export async function chartState(page) {
  return page.evaluate(() => {
    const chart = window.echarts.getInstanceByDom(document.getElementById('chart'));
    const option = chart.getOption();
    const model = chart.getModel();
    const axis = (list) => {
      const a = Array.isArray(list) ? list[0] : list;
      return a ? { name: a.name ?? null, type: a.type ?? null } : null;
    };
    const series = option.series.map((s, i) => {
      const data = model.getSeriesByIndex(i)?.getData();
      const xs = [];
      const ys = [];
      if (data) {
        const xDim = data.mapDimension('x');
        const yDim = data.mapDimension('y');
        for (let j = 0; j < data.count(); j++) {
          xs.push(data.get(xDim, j));
          ys.push(data.get(yDim, j));
        }
      }
      return { name: s.name, type: s.type, count: xs.length, xs, ys };
    });
    return {
      width: chart.getWidth(),
      height: chart.getHeight(),
      xAxis: axis(option.xAxis),
      yAxis: axis(option.yAxis),
      dataZoom: (option.dataZoom || []).map((z) => ({ type: z.type, start: z.start, end: z.end })),
      legend: option.legend?.[0] ? {
        selected: option.legend[0].selected || {},
        names: (option.legend[0].data || []).map((n) => (n !== null && typeof n === 'object' ? n.name : n)),
      } : null,
      // A component ECharts has registered comes back from getOption() as a list of models; one
      // it has not (a trimmed build without it) as the raw option object it was given.
      toolbox: Array.isArray(option.toolbox) ? option.toolbox.map((t) => Object.keys(t.feature || {})) : null,
      series,
    };
  });
}

/// The page's `<script type="application/json" id="chart-options">`, parsed (null if absent).
export async function chartOptions(page) {
  const text = await page.evaluate(
    () => document.getElementById('chart-options')?.textContent ?? null,
  );
  return text === null ? null : JSON.parse(text);
}

/// Waits until `predicate(state)` holds for `chartState(page)`, polling; returns that state.
/// On timeout throws with `what` and the last state seen.
export async function waitForState(page, predicate, what, timeout = 5_000) {
  const until = Date.now() + timeout;
  let state;
  for (;;) {
    state = await chartState(page);
    if (predicate(state)) return state;
    if (Date.now() > until) {
      throw new Error(`timed out waiting for ${what}; chart now: ${summarize(state)}`);
    }
    await page.waitForTimeout(50);
  }
}

/// A short, readable description of a chart state for assertion messages.
export function summarize(state) {
  const series = state.series.map((s) => `${s.name} [${s.type}, ${s.count}]`).join('; ');
  return `x=${JSON.stringify(state.xAxis)} y=${JSON.stringify(state.yAxis)} series: ${series}`;
}

/// The scatter series (measured points) and line series (frontiers) of a state.
export const scatters = (state) => state.series.filter((s) => s.type === 'scatter');
export const lines = (state) => state.series.filter((s) => s.type === 'line');

/// Clicks "Save PNG" and reads the download back in the page: its file name, its width
/// against the live chart's (drawn at twice its CSS pixels), where in it the chart's drawing
/// (ECharts' own export without legend and slider) is placed, the text in its header (the rows
/// above the chart, where dark pixels are the page's heading and address), and its longest band
/// of blank rows.
export async function savedPng(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 10_000 }),
    page.click('#chart-png'),
  ]);
  const file = await download.path();
  const bytes = (await import('node:fs')).readFileSync(file);
  const url = `data:image/png;base64,${bytes.toString('base64')}`;
  const read = await page.evaluate(async (src) => {
    const drawn = async (source) => {
      const img = new Image();
      await new Promise((ok, fail) => { img.onload = ok; img.onerror = fail; img.src = source; });
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [img.width, img.height];
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const row = (y) => ctx.getImageData(0, y, img.width, 1).data;
      // Pixels darker than `limit` (sum of R, G and B) in rows y0..y1 (clamped to the picture).
      const count = (y0, y1, limit) => {
        [y0, y1] = [Math.max(0, y0), Math.min(img.height, y1)];
        if (y1 <= y0) return 0;
        const px = ctx.getImageData(0, y0, img.width, y1 - y0).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] < limit) n++;
        return n;
      };
      // Pixels within 16 of `hex`'s colour on each channel in rows y0..y1.
      const near = (y0, y1, hex) => {
        const want = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
        const px = ctx.getImageData(0, y0, img.width, y1 - y0).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4) {
          if (want.every((c, k) => Math.abs(px[i + k] - c) <= 16)) n++;
        }
        return n;
      };
      // Runs of rows above `foot` that hold dark pixels, as the number of those pixels.
      const lines = (foot) => {
        const runs = [];
        let run = 0;
        for (let y = 0; y < foot; y++) {
          const n = count(y, y + 1, 300);
          if (n) run += n;
          if ((!n || y === foot - 1) && run) [runs[runs.length], run] = [run, 0];
        }
        return runs;
      };
      // The rows holding anything drawn (pixels off white): the first, and the tallest band
      // of rows without any from there to the foot.
      const ink = () => {
        let first = -1, band = 0, blank = 0;
        for (let y = 0; y < img.height; y++) {
          if (count(y, y + 1, 3 * 245)) {
            if (first < 0) first = y;
            blank = 0;
          } else if (first >= 0) band = Math.max(band, ++blank);
        }
        return { first, band };
      };
      return { width: img.width, height: img.height, row, count, near, lines, ink };
    };
    const saved = await drawn(src);
    const el = document.getElementById('chart');
    const chart = window.echarts.getInstanceByDom(el);
    const box = el.getBoundingClientRect();
    // The chart as ECharts exports it without legend and slider, and where its first drawn
    // row is in the saved picture: there, row for row, the saved picture holds it.
    const bare = await drawn(chart.getDataURL({
      type: 'png', pixelRatio: 2, backgroundColor: '#ffffff', excludeComponents: ['dataZoom', 'legend'],
    }));
    const first = bare.ink().first;
    const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
    let at = -1;
    for (let y = 0; y < saved.height && at < 0; y++) {
      if (same(saved.row(y), bare.row(first)) && same(saved.row(y + 1), bare.row(first + 1))) at = y;
    }
    const offset = at - first; // a row y of the chart is the saved picture's row y + offset
    // The zoom slider's band (ECharts draws it `bottom` px above the chart's foot, 30 px
    // high unless told otherwise), in the chart as ECharts exports it whole and in the saved
    // picture (where it may be cut off).
    const slider = chart.getOption().dataZoom.find((z) => z.type === 'slider');
    const height = Number.isFinite(slider.height) ? slider.height : 30;
    const foot = 2 * box.height;
    const band = [foot - 2 * (slider.bottom + height), foot - 2 * slider.bottom];
    const whole = await drawn(chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' }));
    const ink = 3 * 245;
    // Each legend entry's colour (its first series', a ring's border), whether the reader hid
    // it, and how much of that colour the header holds.
    const option = chart.getOption();
    const selected = option.legend[0].selected || {};
    const legend = option.legend[0].data.map((name) => {
      const style = option.series.find((x) => x.name === name).itemStyle;
      return [style.color === 'transparent' ? style.borderColor : style.color, selected[name] !== false];
    });
    const head = at; // the header: the rows above the chart's first drawn row
    return {
      width: saved.width, height: saved.height, chart: [2 * box.width, 2 * box.height], head,
      found: at >= 0,
      // The header's lines of text (runs of rows with dark pixels), with the pixels of each.
      lines: saved.lines(head),
      // What is drawn in the slider's band: with the slider, and in the saved picture.
      sliderBand: [whole.count(band[0], band[1], ink), saved.count(offset + band[0], offset + band[1], ink)],
      // The tallest band of blank rows below the picture's first drawn row.
      blank: saved.ink().band,
      legend: legend.map(([hex, shown]) => [hex, shown, saved.near(0, head, hex)]),
    };
  }, url);
  return { name: download.suggestedFilename(), bytes, ...read };
}

/// What is wrong with a picture from [`savedPng`]: not a PNG, not the chart at twice its size
/// below a header of at least two lines of text and the legend (every entry's colour in it),
/// the zoom slider drawn in it, or a blank band (where the legend and the slider would be).
/// Empty when nothing is.
export function pngProblems(png) {
  const problems = [];
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (signature.some((b, i) => png.bytes[i] !== b)) problems.push('not a PNG');
  if (Math.abs(png.width - png.chart[0]) > 2) problems.push(`${png.width} wide, the chart ${png.chart[0]}`);
  if (!png.found) problems.push('the chart\'s drawing is not found in the picture');
  if (png.head < 60 * png.lines.length / 2 || png.head > 100 * png.lines.length / 2) {
    problems.push(`a header of ${png.head} px for ${png.lines.length} lines`);
  }
  if (png.lines.length < 2 || !png.lines.every((n) => n > 200)) {
    problems.push(`not two or more lines of text in the header: ${png.lines}`);
  }
  // No band of blank rows is taller than 40 (an em and a half here): the bands ECharts keeps
  // for the legend and the slider, both left out of the picture, are cut. An em is kept below
  // the chart; the gaps ECharts leaves around the axes' names are about 30 rows.
  if (png.blank > 40) problems.push(`a blank band of ${png.blank} rows`);
  // The slider's band is drawn on when ECharts exports the whole chart, blank in the PNG.
  const [withSlider, saved] = png.sliderBand;
  if (withSlider < 1000) problems.push(`the slider draws only ${withSlider} pixels in its band`);
  if (saved > withSlider / 50) problems.push(`the slider's band holds ${saved} drawn pixels`);
  // A shown entry's colour is in the header (a dotted line's marker holds about 60 pixels of
  // it, a square's over 300), a hidden one's is not. Greys are left out of both checks: the
  // anti-aliased edges of the header's text hold hundreds of pixels near them.
  const grey = (hex) => {
    const c = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    return Math.max(...c) - Math.min(...c) < 40;
  };
  const coloured = png.legend.filter(([hex]) => !grey(hex));
  const missing = coloured.filter(([, shown, n]) => shown && n < 30).map(([hex]) => hex);
  const stray = coloured.filter(([, shown, n]) => !shown && n >= 30).map(([hex]) => hex);
  if (missing.length || stray.length) {
    problems.push(`legend colours missing from the header: ${missing}; hidden ones in it: ${stray} ` +
      `(${JSON.stringify(png.legend)})`);
  }
  return problems;
}

/// The series checkboxes (partials/series_toggles.html): each box's series, whether it is
/// ticked, and whether it shows.
export function seriesBoxes(page) {
  return page.$$eval('#chart-series input', (inputs) => inputs.map((input) => ({
    name: input.value,
    checked: input.checked,
    shown: input.offsetParent !== null,
  })));
}

/// Hides series `name` with its checkbox from the keyboard (focused, then Space), which must
/// hide its legend entry; then shows it again from the legend, as a click on the entry does,
/// which must tick the box again.
export async function toggleByKeyboard(page, name) {
  await page.evaluate((n) => [...document.querySelectorAll('#chart-series input')].find((i) => i.value === n).focus(), name);
  await page.keyboard.press('Space');
  await waitForState(page, (s) => s.legend?.selected?.[name] === false, `${name} hidden by its box`);
  await page.evaluate((n) => window.echarts.getInstanceByDom(document.getElementById('chart'))
    .dispatchAction({ type: 'legendToggleSelect', name: n }), name);
  await waitForState(page, (s) => s.legend?.selected?.[name] !== false, `${name} shown from the legend`);
  const box = (await seriesBoxes(page)).find((b) => b.name === name);
  if (!box?.checked || !box.shown) throw new Error(`the box of ${name} did not follow the legend: ${JSON.stringify(box)}`);
}
