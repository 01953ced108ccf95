/* benchsite reader tools (SPEC §15): your prices, shareable state, "Copy link", the embed
 * snippet, and what the chart scripts share (loading ECharts, the labels at a zoomed axis'
 * ends, saving a PNG). Loaded before chart.js and ranking.js, which use `window.benchsiteReader`.
 *
 * Prices: the page embeds the published $/GPU-hour of every provider and the all-in kW of
 * each accelerator it shows (#price-data, src/render/reader.rs); every repriceable figure
 * carries its accelerator and throughput (`data-hw`, `data-t`) and its metric (`data-m`), so
 * cost = price / (3600 × throughput) × 1e6 and tok/s/MW = throughput × 1000 / kW are SPEC §3's
 * formulas applied to the tables' own numbers. The prose is never touched.
 *
 * State: chart settings and prices live in the URL query (history.replaceState). Only known
 * keys are read and every value is checked before use (a number, or one of a fixed list, such
 * as the names of the chart's series), so
 * an unknown or malformed parameter is ignored and nothing from the URL is ever inserted as
 * HTML.
 */
(function () {
  'use strict';

  var NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
  /* The most a field takes, by kind: far above any accelerator's price or draw (they rent
     for a few dollars an hour and draw one to two kW all-in), or any model's tok/s/user
     (speed.js), so that a slip of the keyboard (999999) is refused rather than turned into
     figures nobody could pay or reach. A speed is at least 0.1 tok/s/user, the tables'
     precision: smaller ones would print as 0. */
  var MAX = { price: 1000, kw: 100, speed: 100000 };
  var MIN = { speed: 0.1 };

  /* A number above zero (at least the minimum of `kind`, if it has one) and at most its
     limit from text, or null; `kind` is 'price', 'kw' or 'speed'. Typed as a reader writes
     it: "$2.50", "2,50" with a decimal comma (one or two digits after it), "1,000" with a
     thousands separator (three). */
  function positive(text, kind) {
    var t = String(text === undefined || text === null ? '' : text).trim().replace(/^\$\s*/, '');
    if (/^\d+,\d{1,2}$/.test(t)) t = t.replace(',', '.');
    else if (/^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?$/.test(t)) t = t.replace(/,/g, '');
    if (!NUMBER.test(t)) return null;
    var v = parseFloat(t);
    return v > 0 && v >= (MIN[kind] || 0) && v <= MAX[kind] ? v : null;
  }

  /* The known query keys and their raw values; anything else in the URL is ignored. `hide`,
     the series a shared link hides, comes once per name, since a name (an accelerator's, from
     the catalog) may hold any character: its values are listed, and checked against the
     page's series (`hiddenByLink`). */
  var KEY = /^(?:x|y|log|frontier|prec|at|cost|(?:price|kw)\.[a-z0-9][a-z0-9_-]{0,40})$/;
  function readQuery(search) {
    var out = { hide: [] };
    var params;
    try { params = new URLSearchParams(search); } catch (e) { return out; }
    params.forEach(function (value, key) {
      if (key === 'hide') out.hide.push(value);
      else if (KEY.test(key) && value.length <= 64) out[key] = value;
    });
    return out;
  }

  var query = readQuery(location.search);
  var data = null;
  var source = document.getElementById('price-data');
  try { data = source ? JSON.parse(source.textContent) : null; } catch (e) { data = null; }
  var hardware = data && data.hardware ? data.hardware : {};
  var ids = Object.keys(hardware).sort();

  /* Whether `name` is a cost provider the page has prices for. */
  function isProvider(name) {
    return !!data && ids.length > 0 && typeof name === 'string' &&
      Object.prototype.hasOwnProperty.call(hardware[ids[0]].price, name);
  }

  /* The prices in force: a provider, and the reader's own $/GPU-hour and kW where typed. */
  var prices = { provider: data ? data.default : 'hyperscaler', price: {}, kw: {} };

  /* Sets the prices in force from `from`: {cost, price: {id: text}, kw: {id: text}}; whether
     any of them was taken (an unknown provider or a refused number is not). */
  function take(from) {
    var taken = false;
    if (data && data.default && isProvider(from.cost)) { prices.provider = from.cost; taken = true; }
    ids.forEach(function (id) {
      var p = positive(from.price[id], 'price');
      var k = positive(from.kw[id], 'kw');
      if (p !== null) { prices.price[id] = p; taken = true; }
      if (k !== null) { prices.kw[id] = k; taken = true; }
    });
    return taken;
  }

  /* Whether the address carries prices of its own that could be taken. */
  var fromQuery = { cost: query.cost, price: {}, kw: {} };
  ids.forEach(function (id) {
    fromQuery.price[id] = query['price.' + id];
    fromQuery.kw[id] = query['kw.' + id];
  });
  var priced = take(fromQuery);

  /* ---- Your prices from page to page ----
     The prices a reader picks or types follow them through the site in this tab
     (sessionStorage): a page whose address carries no prices takes those kept for the
     accelerators it shows, and each change is kept, beside the prices typed on other pages
     for other accelerators. An address with prices (a shared link) wins; "Published
     prices" forgets them all. An embed (no price form: it shows on other sites) neither
     reads nor keeps them. */
  var KEPT = 'benchsite.prices';
  var keeps = !!data && !!document.getElementById('prices-form');

  /* What the tab keeps, {cost, price: {id: $}, kw: {id: kW}}, or null. */
  function kept() {
    var k = null;
    try { k = JSON.parse(window.sessionStorage.getItem(KEPT)); } catch (e) { return null; }
    if (!k || typeof k !== 'object') return null;
    return { cost: k.cost, price: entries(k.price, 'price'), kw: entries(k.kw, 'kw') };
  }

  /* The valid `{id: number}` entries of `o`, numbers of `kind`. */
  function entries(o, kind) {
    var out = {};
    if (!o || typeof o !== 'object') return out;
    Object.keys(o).forEach(function (id) {
      var v = positive(o[id], kind);
      if (v !== null && /^[a-z0-9][a-z0-9_-]{0,40}$/.test(id)) out[id] = v;
    });
    return out;
  }

  /* Keeps the prices in force, with those kept for accelerators this page does not show. */
  function keep() {
    if (!keeps) return;
    var before = kept() || { cost: undefined, price: {}, kw: {} };
    var all = { cost: prices.provider, price: before.price, kw: before.kw };
    ids.forEach(function (id) {
      delete all.price[id];
      delete all.kw[id];
      if (prices.price[id] !== undefined) all.price[id] = prices.price[id];
      if (prices.kw[id] !== undefined) all.kw[id] = prices.kw[id];
    });
    var none = all.cost === data.default && !Object.keys(all.price).length && !Object.keys(all.kw).length;
    try {
      if (none) window.sessionStorage.removeItem(KEPT);
      else window.sessionStorage.setItem(KEPT, JSON.stringify(all));
    } catch (e) { /* storage off: prices stay on the page */ }
  }

  function forget() {
    try { window.sessionStorage.removeItem(KEPT); } catch (e) { /* nothing kept */ }
  }

  var restored = keeps && !priced && kept();
  if (restored) take(restored);

  var chartState = {}; // x, y, log, frontier, prec as chart.js last set them; hide (the series
  // toggles: a list of names); at (speed.js)
  var listeners = [];

  function published(id) { return hardware[id] ? hardware[id].price[prices.provider] : undefined; }
  function priceOf(id) { return prices.price[id] !== undefined ? prices.price[id] : published(id); }
  function kwOf(id) { return prices.kw[id] !== undefined ? prices.kw[id] : (hardware[id] || {}).kw; }

  /* Whether any cost differs from what the page printed (a provider or a $/GPU-hour). */
  function customCost() {
    return !!data && (prices.provider !== data.default || Object.keys(prices.price).length > 0);
  }

  /* Whether any figure differs from what the page printed (costs, or tok/s/MW by a kW). */
  function custom() {
    return customCost() || (!!data && Object.keys(prices.kw).length > 0);
  }

  /* SPEC §3, from a throughput: USD per million tokens and tokens per second per MW. */
  function cost(id, t) { return priceOf(id) / (t * 3600) * 1e6; }
  function perMw(id, t) { return t * 1000 / kwOf(id); }

  /* ---- URL ---- */

  function queryString() {
    var params = new URLSearchParams();
    ['x', 'y', 'log', 'frontier', 'prec', 'hide', 'at'].forEach(function (k) {
      [].concat(chartState[k] || []).forEach(function (v) { params.append(k, v); });
    });
    if (data && prices.provider !== data.default) params.set('cost', prices.provider);
    ids.forEach(function (id) {
      if (prices.price[id] !== undefined) params.set('price.' + id, String(prices.price[id]));
    });
    ids.forEach(function (id) {
      if (prices.kw[id] !== undefined) params.set('kw.' + id, String(prices.kw[id]));
    });
    var text = params.toString();
    return text ? '?' + text : '';
  }

  /* An embed's links back to its page (`data-keep-query`) carry the settings. */
  function carry(qs) {
    document.querySelectorAll('a[data-keep-query]').forEach(function (a) {
      a.setAttribute('href', a.getAttribute('href').split('?')[0] + qs);
    });
  }

  function save() {
    keep();
    var qs = queryString();
    try { history.replaceState(history.state, '', location.pathname + qs + location.hash); } catch (e) { /* file: URLs */ }
    carry(qs);
    var code = document.getElementById('embed-code');
    if (code && code.dataset.src) {
      code.value = code.defaultValue.split(code.dataset.src + '"').join(code.dataset.src + qs.replace(/&/g, '&amp;') + '"');
    }
  }

  /* ---- Tables ---- */

  /* A cost as the tables print it (src/render/wording.rs `cost_figure`): three decimals, and
     below $0.10 one more per leading zero, up to six, so it keeps three significant digits
     ("$0.0107" beside "$0.0110", not "$0.011" twice). The cut is made after rounding. */
  function costDecimals(v) {
    for (var d = 3; d < 6; d++) {
      var scale = Math.pow(10, d);
      if (v === 0 || Math.round(Math.abs(v) * scale) / scale >= Math.pow(10, 2 - d)) return d;
    }
    return 6;
  }
  function money(v) {
    var d = costDecimals(v), scale = Math.pow(10, d);
    return '$' + (Math.round(v * scale) / scale).toFixed(d);
  }
  function whole(v) { return Math.round(v).toLocaleString('en-US'); }

  /* The figure an element shows, at the prices in force, or null where it has none. */
  function figureOf(el) {
    var holder = el.closest('[data-t]');
    var t = holder ? parseFloat(holder.getAttribute('data-t')) : NaN;
    var id = holder ? holder.getAttribute('data-hw') : '';
    if (!(t > 0) || !hardware[id]) return null;
    return el.getAttribute('data-m') === 'cost' ? cost(id, t) : perMw(id, t);
  }

  /* Writes `text` into a cell, keeping (or dropping) its bold. */
  function show(el, text, bold) {
    while (el.firstChild) el.removeChild(el.firstChild);
    if (bold) {
      var strong = document.createElement('strong');
      strong.textContent = text;
      el.appendChild(strong);
    } else {
      el.textContent = text;
    }
  }

  /* The best among two or more values (lower cost, higher tok/s/MW) as printed by `text`, as Rust
     marks it: one that prints like another ($0.165 beside $0.165) is a tie, and no one is bold. */
  function bestIndex(values, lower, text) {
    var present = values.map(function (v, i) { return [i, v]; }).filter(function (p) { return p[1] !== null; });
    if (present.length < 2) return -1;
    var sign = lower ? -1 : 1;
    var best = present.reduce(function (a, b) { return sign * b[1] > sign * a[1] ? b : a; });
    var strict = present.every(function (p) {
      return p[0] === best[0] || (sign * p[1] < sign * best[1] && text(p[1]) !== text(best[1]));
    });
    return strict ? best[0] : -1;
  }

  function repriceGroup(group, metric) {
    var els = [].slice.call(group.querySelectorAll('[data-m="' + metric + '"]'));
    var values = els.map(figureOf);
    var text = metric === 'cost' ? money : whole;
    var best = bestIndex(values, metric === 'cost', text);
    els.forEach(function (el, i) {
      if (values[i] !== null) show(el, text(values[i]), i === best);
    });
  }

  /* Every cost and tok/s/MW figure in `root` (the page if none) at the prices in force. */
  function repriceTables(root) {
    root = root || document;
    [].forEach.call(root.querySelectorAll('[data-m="cost"], [data-m="power"]'), function (el) {
      if (el.closest('[data-best]')) return;
      var v = figureOf(el);
      if (v !== null) show(el, el.getAttribute('data-m') === 'cost' ? money(v) : whole(v), false);
    });
    [].forEach.call(root.querySelectorAll('[data-best]'), function (group) {
      repriceGroup(group, 'cost');
      repriceGroup(group, 'power');
    });
    [].forEach.call(root.querySelectorAll('table.ranking tbody'), reorder);
  }

  /* A ranking tier: rows by cost ascending, ties by accelerator id (SPEC §12), ranks renumbered. */
  function reorder(body) {
    var rows = [].slice.call(body.rows).map(function (row) {
      var cell = row.querySelector('[data-m="cost"]');
      return { row: row, cost: cell ? figureOf(cell) : null, hw: row.getAttribute('data-hw') || '' };
    });
    if (rows.some(function (r) { return r.cost === null; })) return;
    rows.sort(function (a, b) { return a.cost - b.cost || (a.hw < b.hw ? -1 : a.hw > b.hw ? 1 : 0); });
    rows.forEach(function (r, i) {
      body.appendChild(r.row);
      var rank = r.row.querySelector('[data-m="rank"]');
      if (rank) rank.textContent = String(i + 1);
    });
  }

  /* ---- The form ---- */

  function field(kind, id) { return document.getElementById(kind + '-' + id); }

  function fillFields() {
    var provider = document.getElementById('price-provider');
    if (provider) provider.value = prices.provider;
    ids.forEach(function (id) {
      var p = field('price', id), k = field('kw', id);
      if (p) { p.value = String(priceOf(id)); p.placeholder = String(published(id)); mark(p, null); }
      if (k) { k.value = String(kwOf(id)); k.placeholder = String(hardware[id].kw); mark(k, null); }
    });
  }

  /* The figure in force for a field: the reader's, or the provider's (for power, the
     catalogue's). */
  function inForce(input) {
    var id = input.getAttribute('data-hw');
    return String(input.getAttribute('data-kind') === 'kw' ? kwOf(id) : priceOf(id));
  }

  /* A polite status line (role=status) that says each news `delay` ms after the last call:
     emptied at once, so that the same news twice is read twice and nothing stale stands
     while the reader types; only the last of quick calls is read ("… at 40", not "… at 4"
     and then "… at 40"). Does nothing without its element. */
  function statusLine(element, delay) {
    var timer;
    return function (text) {
      if (!element) return;
      clearTimeout(timer);
      element.textContent = '';
      timer = setTimeout(function () { element.textContent = text; }, delay);
    };
  }

  /* Reads a field's refusal out (#prices-status) once the reader pauses, naming the
     accelerator (the reader may have moved on to another field): the message under the
     field is read only with the field. Cleared only when the field it speaks of is taken,
     so a refusal is never lost to a good value typed next door. */
  var priceStatus = statusLine(document.getElementById('prices-status'), 400);
  var sayingFor = null;
  function say(input, message) {
    if (!message && sayingFor !== input) return;
    sayingFor = message ? input : null;
    var row = input.closest('fieldset');
    var legend = row && row.querySelector('legend');
    priceStatus(message && legend ? legend.textContent + ': ' + message : message || '');
  }

  /* Shows or clears a field's refusal. */
  function mark(input, message) {
    var error = document.getElementById(input.id + '-error');
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', input.id + '-error');
    } else {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    }
    if (error) {
      error.textContent = message || '';
      error.hidden = !message;
    }
    say(input, message);
  }

  function onField(input) {
    var id = input.getAttribute('data-hw');
    var kind = input.getAttribute('data-kind');
    var store = kind === 'kw' ? prices.kw : prices.price;
    // An emptied field hands its accelerator back to the provider's figure (its placeholder);
    // the field shows that figure again when the reader leaves it (the form's 'change').
    if (!input.value.trim() && hardware[id]) {
      mark(input, null);
      delete store[id];
      apply();
      return;
    }
    var v = positive(input.value, kind);
    if (v === null || !hardware[id]) {
      mark(input, kind === 'kw' ? 'Enter a power above zero and at most 100, in kW, such as 1.8.'
        : 'Enter a price above zero and at most 1000, in dollars per GPU-hour, such as 2.50.');
      return;
    }
    mark(input, null);
    var base = kind === 'kw' ? hardware[id].kw : published(id);
    if (v === base) delete store[id]; else store[id] = v;
    apply();
  }

  function wireForm() {
    var form = document.getElementById('prices-form');
    if (!form) return;
    if (!data) { document.getElementById('prices').hidden = true; return; }
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    form.addEventListener('input', function (e) {
      if (e.target.matches('input[data-hw]')) onField(e.target);
    });
    form.addEventListener('change', function (e) {
      if (e.target.matches('input[data-hw]') && !e.target.value.trim()) e.target.value = inForce(e.target);
    });
    // A provider prices the accelerators whose price the reader has not typed: a price typed
    // is the reader's own (a contract, a quote) whichever list the others come from.
    // "Published prices" clears it.
    document.getElementById('price-provider').addEventListener('change', function (e) {
      if (!isProvider(e.target.value)) return;
      prices.provider = e.target.value;
      fillFields();
      apply();
    });
    document.getElementById('prices-reset').addEventListener('click', function () {
      forget();
      prices = { provider: data.default, price: {}, kw: {} };
      fillFields();
      apply();
    });
    fillFields();
    // Fields folded away (a ranking's many accelerators) unfold when a link set any of them.
    var fold = document.getElementById('price-fields');
    if (fold && Object.keys(prices.price).length + Object.keys(prices.kw).length > 0) fold.open = true;
  }

  /* ---- Copy link, embed code ---- */

  var announce = statusLine(document.getElementById('share-status'), 30);

  /* Copies `text`: the async clipboard where allowed, else a selected textarea and execCommand. */
  function copy(text, done) {
    var fallback = function () {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(area);
      done(ok);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }

  function wireShare() {
    var share = document.getElementById('share');
    if (!share) return;
    document.getElementById('copy-link').addEventListener('click', function () {
      copy(location.href, function (ok) {
        announce(ok ? 'Link copied' : 'Could not copy: the link is in the address bar.');
      });
    });
    var embed = document.getElementById('embed-copy');
    if (embed) {
      embed.addEventListener('click', function () {
        var code = document.getElementById('embed-code');
        code.select();
        copy(code.value, function (ok) {
          announce(ok ? 'Embed code copied' : 'Could not copy: select the code and copy it.');
        });
      });
    }
  }

  /* An embed page in an <iframe> posts its height as it changes; the snippet's script
     (src/render/reader.rs) sizes the frame to it. */
  function reportHeight() {
    if (window.parent === window || !document.body.classList.contains('embed') || !window.ResizeObserver) return;
    var root = document.documentElement, last = 0;
    new ResizeObserver(function () {
      var h = Math.ceil(root.getBoundingClientRect().height);
      if (h !== last) window.parent.postMessage({ benchsiteEmbedHeight: (last = h) }, '*');
    }).observe(root);
  }

  /* ---- The interactive chart, on demand ---- */

  /* The page shows its chart drawn without script (#chart-plot, src/render/plot/); ECharts
     (over half a megabyte) loads only when the reader reaches for the chart: moves the mouse
     over it, presses or taps it, or focuses anything in it (a control included), or when
     `now` says the restored settings need it. Scrolling past the chart is not reaching for
     it: a page scrolled under a resting mouse or a swipe starting on the chart sends no
     pointermove from a mouse and no click. Then `start()` runs, once, with the drawing
     swapped for the live chart in the same box. If the library cannot be loaded, the drawing
     stays, #chart-unavailable says so, and the controls, which could not change it, hide;
     its button (#chart-retry) loads the library again, on the reader's word only (a failing
     network is not asked again on every move of the mouse). A load that neither arrives nor
     fails within PATIENCE counts as failed, so a stalled request does not leave the reader
     waiting on nothing; should it arrive later, the live chart still takes over.
     Returns `whenLive(fn)`, for the chart scripts' own calls: it starts the chart if need be
     and runs `fn` (a button's action) once it is live; a later action replaces one still
     waiting. */
  var PATIENCE = 15000; // ms; ECharts is a few hundred KB: 15 s is a slow mobile link

  function liveChart(start, now) {
    var holder = document.getElementById('chart');
    var figure = holder && holder.closest('figure');
    var phase = 'idle';
    var waiting = null; // the action to run once the chart is live
    var script = null; // the library's <script>, once asked for
    var timer = null; // ends PATIENCE after the current request
    var retry = document.getElementById('chart-retry');
    var retried = false; // the reader pressed it
    function show(id, on) {
      var el = document.getElementById(id);
      if (el) el.hidden = !on;
    }
    function finish(ok) {
      if (phase === 'live') return;
      clearTimeout(timer);
      var ready = ok && typeof window.echarts !== 'undefined';
      phase = ready ? 'live' : 'failed';
      var then = waiting;
      waiting = null;
      if (!ready) {
        show('chart-unavailable', true);
        show('chart-controls', false);
        return;
      }
      show('chart-unavailable', false);
      show('chart-controls', true);
      show('chart-plot', false);
      show('chart-hint', true);
      holder.hidden = false;
      start();
      // The button the reader pressed is gone: the chart's first control takes the focus.
      var first = retried && document.querySelector('#chart-controls select, #chart-controls input, #chart-controls button');
      if (first) first.focus();
      if (then) then();
    }
    function go() {
      if (phase !== 'idle' || !holder) return;
      phase = 'loading';
      if (typeof window.echarts !== 'undefined') { finish(true); return; }
      if (script) script.remove();
      script = document.createElement('script');
      script.src = holder.getAttribute('data-library');
      var sri = holder.getAttribute('data-integrity');
      if (sri) { script.integrity = sri; script.crossOrigin = 'anonymous'; }
      var mine = script;
      var current = function () { return script === mine && phase === 'loading'; };
      script.onload = function () { finish(true); }; // even late: the library is here
      script.onerror = function () { if (current()) finish(false); };
      timer = setTimeout(function () { if (current()) finish(false); }, PATIENCE);
      document.head.appendChild(script);
    }
    function whenLive(fn) {
      if (phase === 'live') { if (fn) fn(); return; }
      if (fn) waiting = fn;
      go();
    }
    if (retry) {
      retry.addEventListener('click', function () {
        if (phase !== 'failed') return;
        retried = true;
        phase = 'idle';
        go();
      });
    }
    function byMouse(e) { if (e.pointerType !== 'touch') go(); }
    if (figure) {
      figure.addEventListener('pointermove', byMouse, { passive: true });
      figure.addEventListener('pointerdown', byMouse, { passive: true });
      figure.addEventListener('click', go);
      figure.addEventListener('focusin', go);
    }
    if (now) go();
    return whenLive;
  }

  /* The labels at the ends of `chart`'s first `dim` axis ('x' or 'y'), for its zoom, as an
     `axisLabel` to set on that axis (`relabel`). ECharts labels both ends of a value axis: unzoomed they are the ends
     of the nice extent it chose, nice ticks themselves (0, 2,500, or 10 and 10,000 on a log
     axis), and keep ECharts' default; but an end the zoom has moved (off 0 % or 100 %) is the
     window's own value, which it labels as well (22.47, 2,051), odd among the nice ticks and,
     next to one, drawn over it. Such an end goes unlabelled, unless no nice tick is in view (a
     log axis zoomed inside one power of ten): then the ends are all the scale there is. */
  function zoomEnds(chart, dim) {
    var zoom = (chart.getOption().dataZoom || []).filter(function (z) {
      return [].concat(z[dim + 'AxisIndex']).indexOf(0) >= 0;
    })[0];
    var scale = chart.getModel().getComponent(dim + 'Axis', 0).axis.scale;
    var ends = scale.getExtent();
    var inside = scale.getTicks().filter(function (t) { return t.value > ends[0] && t.value < ends[1]; });
    var bare = !inside.length;
    return {
      showMinLabel: zoom && zoom.start > 0 && !bare ? false : null,
      showMaxLabel: zoom && zoom.end < 100 && !bare ? false : null
    };
  }

  /* Sets the labels at the ends of `chart`'s axes for its zoom and its scales as they now are
     (`zoomEnds`): on every zoom, and after a change of axis, scale or data. */
  function relabel(chart) {
    chart.setOption({
      xAxis: [{ axisLabel: zoomEnds(chart, 'x') }],
      yAxis: [{ axisLabel: zoomEnds(chart, 'y') }]
    });
  }

  /* `pieces` of text joined into lines no wider than `width` in `ctx`'s font, a piece broken
     where it alone is wider: a long title or address is wrapped, never squeezed. */
  function wrapped(ctx, pieces, width) {
    var lines = [''];
    var fits = function (text) { return ctx.measureText(text).width <= width; };
    pieces.forEach(function (piece) {
      if (lines[lines.length - 1] && !fits(lines[lines.length - 1] + piece)) lines.push('');
      Array.from(piece).forEach(function (ch) {
        var last = lines.length - 1;
        if (lines[last] && !fits(lines[last] + ch)) lines.push(ch);
        else lines[last] += ch;
      });
    });
    return lines;
  }

  /* The legend of a chart's `option`: its entries' names, once each in its order (the series'
     where it lists none), and which the reader hid (`selected[name] === false`). */
  function legendOf(option) {
    var legend = (option.legend || [])[0] || {};
    var names = (legend.data || option.series || []).map(function (n) {
      return n !== null && typeof n === 'object' ? n.name : n;
    });
    return {
      names: names.filter(function (name, i) { return name != null && names.indexOf(name) === i; }),
      selected: legend.selected || {}
    };
  }

  /* The series checkboxes (partials/series_toggles.html), one per legend entry: the way to
     hide a series from the keyboard, and a target big enough to tap, which the legend ECharts
     draws on its canvas is neither. Ticking or unticking a box does what a click on its entry
     does, the chart going live first (`whenLive`): what the reader asked of each box is kept
     until the chart has done it, however many boxes changed while it loaded. Once the chart
     script has the live chart, it calls the returned `follow(chart)` after each redraw (the
     first call applies what was asked meanwhile): every box then ticks as its entry is shown,
     and hides while the legend has no such entry (another precision while they are off, the
     rings off the default axes); a click on the legend moves its box too.
     The series hidden go into the URL (a `hide` per name), so that a shared link hides them
     too: a link's view is restored box by box as the chart goes live, which such a link asks
     for at once (`hidesSeries`). */
  function seriesToggles(whenLive) {
    var boxes = [].slice.call(document.querySelectorAll('#chart-series input'));
    var live = null;
    var asked = {}; // series name → shown, as the reader last set its box
    var linked = hiddenByLink();
    if (linked.length) {
      chartState.hide = linked; // kept in the URL while the chart loads (or fails to)
      // The sender's view, box by box, in legend order: rings that went with a hidden side
      // come back where the link shows them.
      boxes.forEach(function (box) { asked[box.value] = linked.indexOf(box.value) < 0; });
    }
    function sync() {
      var legend = legendOf(live.getOption());
      boxes.forEach(function (box) {
        box.checked = legend.selected[box.value] !== false;
        box.parentNode.hidden = legend.names.indexOf(box.value) < 0;
      });
      api.set('hide', legend.names.filter(function (name) { return legend.selected[name] === false; }));
    }
    // The legend read afresh for each: hiding a side also hides the rings it crosses
    // (chart.js), and each toggle moves the boxes (`sync`).
    function apply() {
      Object.keys(asked).forEach(function (name) {
        var shown = legendOf(live.getOption()).selected[name] !== false;
        if (shown !== asked[name]) live.dispatchAction({ type: 'legendToggleSelect', name: name });
      });
      asked = {};
      sync();
    }
    boxes.forEach(function (box) {
      // Not as the browser may have restored it: as the chart starts, whole or as the link has it.
      box.checked = linked.indexOf(box.value) < 0;
      box.addEventListener('change', function () {
        asked[box.value] = box.checked;
        whenLive(apply);
      });
    });
    return function follow(chart) {
      if (chart === live) return sync();
      live = chart;
      ['legendselectchanged', 'legendselected', 'legendunselected'].forEach(function (e) { chart.on(e, sync); });
      apply();
    };
  }

  /* The series a shared link hides, those the page has a box for
     (partials/series_toggles.html); any other name is ignored. */
  function hiddenByLink() {
    var names = [].map.call(document.querySelectorAll('#chart-series input'), function (box) { return box.value; });
    return query.hide.filter(function (name, i) {
      return names.indexOf(name) >= 0 && query.hide.indexOf(name) === i;
    });
  }

  /* The chart's legend for the PNG's header: each series the reader has not hidden, in the
     legend's order, with the colour and marker of its first series (a line for a line; a ring
     for a series drawn as rings, filled transparent with a coloured border). */
  function legendEntries(chart) {
    var option = chart.getOption();
    var legend = legendOf(option);
    return legend.names
      .filter(function (name) { return legend.selected[name] !== false; })
      .map(function (name) {
        var s = option.series.filter(function (x) { return x.name === name; })[0] || {};
        var style = s.itemStyle || {};
        var ring = style.color === 'transparent' && style.borderColor;
        return {
          name: String(name),
          color: ring || style.color || (s.lineStyle && s.lineStyle.color) || '#57606a',
          symbol: s.type === 'line' ? 'line' : ring ? 'emptyCircle' : String(s.symbol || 'rect'),
          dash: (s.lineStyle && s.lineStyle.type) || 'solid'
        };
      });
  }

  /* Draws a legend `entry`'s marker `size` across, its top left at (x, y): ECharts' `circle`
     or `emptyCircle`, an SVG `path://` in a 10 × 10 box (the site's markers), a line for a
     line series (dashed or dotted as it is drawn), else a square. */
  function drawMarker(ctx, entry, x, y, size) {
    var symbol = entry.symbol;
    ctx.save();
    ctx.fillStyle = ctx.strokeStyle = entry.color;
    if (symbol.indexOf('path://') === 0) {
      ctx.translate(x, y);
      ctx.scale(size / 10, size / 10);
      ctx.fill(new Path2D(symbol.slice(7)));
    } else if (symbol === 'circle' || symbol === 'emptyCircle') {
      ctx.beginPath();
      ctx.arc(x + size / 2, y + size / 2, size * 0.4, 0, 2 * Math.PI);
      ctx.lineWidth = size / 5;
      if (symbol === 'circle') ctx.fill(); else ctx.stroke();
    } else if (symbol === 'line') {
      var dashes = { dashed: [0.4, 0.2], dotted: [0.12, 0.12] }[entry.dash] || [];
      ctx.setLineDash(dashes.map(function (d) { return d * size; }));
      ctx.lineWidth = size * 0.3;
      ctx.beginPath();
      ctx.moveTo(x, y + size / 2);
      ctx.lineTo(x + size, y + size / 2);
      ctx.stroke();
    } else {
      ctx.fillRect(x, y, size, size);
    }
    ctx.restore();
  }

  /* Legend `entries` in lines no wider than `width` in `ctx`'s font: a marker and a name each,
     an em apart. */
  function legendLines(ctx, entries, em, width) {
    var lines = [], used = 0;
    entries.forEach(function (entry) {
      entry.width = 1.3 * em + ctx.measureText(entry.name).width;
      if (!lines.length || used + entry.width > width) {
        lines.push([]);
        used = 0;
      }
      lines[lines.length - 1].push(entry);
      used += entry.width + em;
    });
    return lines;
  }

  /* The rows of `picture` that hold anything but white, as [first, last + 1]. */
  function inkRows(picture) {
    var canvas = document.createElement('canvas');
    canvas.width = picture.width;
    canvas.height = picture.height;
    var ctx = canvas.getContext('2d');
    ctx.drawImage(picture, 0, 0);
    var px = ctx.getImageData(0, 0, picture.width, picture.height).data;
    var first = -1, last = -1;
    for (var i = 0; i < px.length; i += 4) {
      if (px[i] + px[i + 1] + px[i + 2] < 3 * 250) {
        last = Math.floor(i / 4 / picture.width);
        if (first < 0) first = last;
      }
    }
    return first < 0 ? [0, picture.height] : [first, last + 1];
  }

  /* Downloads `chart` as a PNG named after the page (compare-dsr1-b200-vs-h200-1k-1k.png; an
     embed's after its full page), headed by the page's title (what it shows, for which model
     and sequence, on which site) and its address (which holds the axes, prices and speed;
     broken before a `?` or `&` where it is too long for one line): a picture passed on says
     what it shows and where it came from. Below them, the legend, whole: ECharts' own
     scrolls a page at a time where the chart is narrow, which a picture cannot. The zoom
     slider, a control, is left out, and the chart is cut to what it draws (half an em of
     white kept above, an em below): the bands ECharts keeps for its legend and the slider
     would be blank in the picture. */
  function savePng(chart) {
    var ratio = 2;
    var picture = new Image();
    // An embed's picture names its full page (the link back carries the settings), which a
    // reader of the picture can open, not the frame made for other sites.
    var back = document.querySelector('a[data-keep-query]');
    var address = new URL(back ? back.href : window.location.href);
    picture.onload = function () {
      var em = 13 * ratio, pad = em, head = 0.6 * em;
      var ink = inkRows(picture);
      var top = Math.max(0, ink[0] - Math.round(em / 2));
      var drawn = Math.min(picture.height, ink[1] + em) - top;
      var canvas = document.createElement('canvas');
      var ctx = canvas.getContext('2d');
      var header = [
        { font: 'bold ' + Math.round(1.15 * em) + 'px system-ui, sans-serif', color: '#24292f',
          step: 1.4 * em, pieces: document.title.match(/\S+\s*/g) || [] },
        { font: em + 'px system-ui, sans-serif', color: '#57606a',
          step: 1.2 * em, pieces: address.href.split(/(?=[?&])/) }
      ];
      header.forEach(function (part) {
        ctx.font = part.font;
        part.lines = wrapped(ctx, part.pieces, picture.width - 2 * pad);
        head += part.lines.length * part.step;
      });
      var legendFont = em + 'px system-ui, sans-serif';
      ctx.font = legendFont;
      var legend = legendLines(ctx, legendEntries(chart), em, picture.width - 2 * pad);
      head += legend.length * 1.5 * em;
      head = Math.round(head); // the chart on whole pixels, not blurred across them
      canvas.width = picture.width;
      canvas.height = drawn + head;
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      var y = 0;
      header.forEach(function (part) {
        ctx.font = part.font;
        ctx.fillStyle = part.color;
        part.lines.forEach(function (line) {
          y += part.step;
          ctx.fillText(line, pad, y);
        });
      });
      ctx.font = legendFont;
      legend.forEach(function (line) {
        y += 1.5 * em;
        var x = pad;
        line.forEach(function (entry) {
          drawMarker(ctx, entry, x, y - 0.8 * em, 0.9 * em);
          ctx.fillStyle = '#24292f';
          ctx.fillText(entry.name, x + 1.3 * em, y);
          x += entry.width + em;
        });
      });
      ctx.drawImage(picture, 0, top, picture.width, drawn, 0, head, picture.width, drawn);
      var link = document.createElement('a');
      link.href = canvas.toDataURL('image/png');
      var name = address.pathname.split('/').filter(Boolean).join('-');
      link.download = (name || 'chart') + '.png';
      link.click();
    };
    picture.src = chart.getDataURL({
      type: 'png', pixelRatio: ratio, backgroundColor: '#ffffff',
      excludeComponents: ['dataZoom', 'legend']
    });
  }

  /* ---- Putting it together ---- */

  /* The note under the form: shown while the figures are not the published ones, naming them
     "Your prices", or "Neocloud prices" where the reader only picked a published provider. */
  function showNote() {
    var note = document.getElementById('prices-note');
    if (note) note.hidden = !custom();
    var whose = document.getElementById('prices-whose');
    var picked = document.getElementById('price-provider');
    if (!whose || !picked || !picked.selectedOptions[0]) return;
    var own = Object.keys(prices.price).length + Object.keys(prices.kw).length > 0;
    whose.textContent = own ? 'Your prices' : picked.selectedOptions[0].textContent + ' prices';
  }

  function apply() {
    repriceTables();
    showNote();
    save();
    listeners.forEach(function (fn) { fn(api.prices); });
  }

  var api = window.benchsiteReader = {
    /* A cost as the tables print it, and its decimals (chart and ranking tooltips). */
    money: money,
    costDecimals: costDecimals,
    /* See statusLine above: "Your speed" says its news through one. */
    statusLine: statusLine,
    /* The raw value of a known query key (chart.js checks it against its own choices). */
    param: function (key) { return Object.prototype.hasOwnProperty.call(query, key) ? query[key] : undefined; },
    /* Records a chart setting (or the table's speed, `at`) for the URL; `value` null, '' or
       an empty list drops it. */
    set: function (key, value) {
      var list = Array.isArray(value);
      if (list ? value.length : value) chartState[key] = list ? value.slice() : String(value);
      else delete chartState[key];
      save();
    },
    prices: {
      custom: custom,
      customCost: customCost,
      provider: function () { return prices.provider; },
      /* Provider `key` (by default the one in force) as the form names it ("Neocloud"), or
         the key itself. */
      providerName: function (key) {
        var id = isProvider(key) ? key : prices.provider;
        var option = document.querySelector('#price-provider option[value="' + id + '"]');
        return option ? option.textContent.trim() : id;
      },
      /* Whether the reader typed a $/GPU-hour of their own (not only picked a provider). */
      ownPrices: function () { return Object.keys(prices.price).length > 0; },
      defaultProvider: function () { return data ? data.default : null; },
      has: function (id) { return !!hardware[id]; },
      price: priceOf,
      publishedPrice: function (id) { return hardware[id] ? hardware[id].price[data.default] : undefined; },
      kw: kwOf,
      publishedKw: function (id) { return (hardware[id] || {}).kw; },
      kwChanged: function (id) { return prices.kw[id] !== undefined; },
    },
    /* `fn(prices)` runs whenever the prices in force change. */
    onPrices: function (fn) { listeners.push(fn); },
    /* Rewrites every cost and tok/s/MW figure in an element (after speed.js adds a column or
       a table) at the prices in force, the better of each cell in bold, ranking rows in order. */
    refresh: function (root) { repriceTables(root); },
    /* A number a reader typed, as the price form reads it (`positive` above). */
    positive: positive,
    /* The index of the strictly best of `values` (null: none there) as `text` prints them,
       lower or higher being better; -1 for none or a tie. */
    best: bestIndex,
    /* Writes `text` into a cell, in bold or not. */
    show: show,
    liveChart: liveChart,
    seriesToggles: seriesToggles,
    /* Whether the page's link hides series: the chart is then needed live at once. */
    hidesSeries: function () { return hiddenByLink().length > 0; },
    /* The legend of a chart's option: `names` of its entries, and which are hidden
       (`selected[name] === false`). */
    legendOf: legendOf,
    relabel: relabel,
    savePng: savePng,
  };

  // Prices from the URL apply at once; the URL itself is rewritten only when something
  // changes (chart.js records the chart's settings as it restores them).
  wireForm();
  wireShare();
  reportHeight();
  carry(queryString()); // the prices now; chart.js adds its settings as it restores them
  if (custom()) {
    repriceTables();
    showNote();
  }
  // Kept prices go into the address at once, so that "Copy link" shares what the page shows;
  // a link's prices are kept, to follow the reader on.
  if (restored && custom()) save();
  else if (priced) keep();
})();
