/* benchsite "Your speed": a page read at the reader's own tokens per second per user.
 *
 * A page's tables are read at speeds the build chose (SPEC §3's matched targets, §12's tiers);
 * a reader who needs 40 tok/s/user types 40 and gets the page's figures at 40:
 *   - on a hub or comparison (and its embed), a column of the matched table, each side read off
 *     its frontier (#table-frontiers, src/render/table.rs);
 *   - on a ranking, a table of the accelerators ranked at 40 by SPEC §12's rules: each one's
 *     candidate of the highest throughput there (ties as the build settles them: the candidates
 *     come in that order, #ranking-candidates), cheapest first (src/render/pages/rankings.rs).
 * Values are read with the Steffen spline the build reads with (static/spline.js), from the same
 * frontier knots, so at one of the build's own speeds they print what it printed. Nothing is
 * extrapolated: a side or accelerator not measured that slow or that fast has no value there,
 * except that a range's end typed as the page prints it (37.3 for 37.32) reads that end.
 * Cost and tok/s/MW are left to static/reader.js, which computes them from the throughput
 * (`data-t`) at the prices in force, marks the better ones and orders ranking rows, so these
 * figures follow the reader's prices like the rest. The speed lives in the URL (`?at=40`,
 * through reader.js) and comes back from it, so a copied link or an embed shows the same, and
 * it follows the reader from page to page in the tab, as their prices do (sessionStorage; a
 * link's own speed wins, "Clear" forgets it, an embed neither reads nor keeps it). The chart
 * marks it with a dashed line, drawn or live.
 * Loaded after reader.js and spline.js, and after chart.js or ranking.js, which listen for the
 * line it sends at its start (templates/partials/head.html).
 */
(function () {
  'use strict';

  var reader = window.benchsiteReader;
  var spline = window.benchsiteSpline;
  if (!reader || !spline) return;

  /* A speed from text, as the price form reads numbers ("40", "40.5", "40,5"), from 0.1 to
     100,000 tok/s/user; or null. */
  function speed(text) { return reader.positive(text, 'speed'); }

  /* The tables' formats (src/render/table.rs `Metric::format`): one decimal with separators,
     and about-whole for concurrency. The reader's speed as they gave it (40, 40.5, 40.03;
     read from their text, so no float noise): 40.03 printed as 40 would name the tier 40, a
     speed it is not; thousands grouped ("1,000"), as the messages write "100,000". */
  function oneDecimal(v) {
    return (Math.round(v * 10) / 10).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }
  function about(v) { return '~' + Math.round(v).toLocaleString('en-US'); }
  function label(x) { return x.toLocaleString('en-US', { maximumFractionDigits: 20 }); }

  /* `v` with `d` decimals, rounded half up (src/render/wording.rs `with_digits`). */
  function fixed(v, d) {
    var scale = Math.pow(10, d);
    return (Math.round(v * scale) / scale).toFixed(d);
  }

  /* Ranges of tok/s/user as a ranking's note prints them beside speed `x`: "37.3–125.9 and
     140.0–150.2", with the fewest decimals (one to three) at which no end prints as `x`
     itself or as one of the page's `tiers` the ranges leave out, a range of one point once
     (src/render/pages/rankings.rs `ranges_text`). */
  function rangesText(ranges, x, tiers) {
    var ends = [].concat.apply([], ranges);
    var apart = tiers.concat([x]).filter(function (t) {
      return ranges.every(function (r) { return t < r[0] || t > r[1]; });
    });
    var d = [1, 2, 3].filter(function (n) {
      return ends.every(function (v) {
        return apart.every(function (t) { return fixed(v, n) !== fixed(t, n); });
      });
    })[0] || 3;
    var each = ranges.map(function (r) {
      var lo = fixed(r[0], d), hi = fixed(r[1], d);
      return lo === hi ? lo : lo + '\u2013' + hi;
    });
    return each.length > 1 ? each.slice(0, -1).join(', ') + ' and ' + each[each.length - 1] : each.join('');
  }

  /* Whether `end` prints as speed `x` at x's decimals (at least one, as the page prints
     speeds): 37.32 as 37.3, 20.034 as 20.03, not 37.32 as 37.25. */
  function printsAs(end, x) {
    var s = String(x), dot = s.indexOf('.');
    var d = Math.max(1, dot < 0 ? 0 : s.length - dot - 1);
    return fixed(end, d) === fixed(x, d);
  }

  /* A frontier ([[interactivity, throughput, concurrency], …]) as functions of interactivity,
     each null outside the frontier's range (SPEC §3 never extrapolates), but for its ends as
     the page prints them: the hint and the notes give them to a tenth (37.3 for a frontier
     from 37.32), or with the decimals that tell them from the page's own speeds, and an end
     typed as printed reads the end. Not at one of those speeds (`own(x)`: a target or a
     tier), where the figures are the build's, by its rule. */
  function reading(knots, own) {
    var xs = knots.map(function (k) { return k[0]; });
    var first = xs[0], last = xs[xs.length - 1];
    function within(f) {
      return function (x) {
        if (own(x)) return f(x);
        if (x < first && printsAs(first, x)) return f(first);
        if (x > last && printsAs(last, x)) return f(last);
        return f(x);
      };
    }
    return {
      throughput: within(spline.steffen(xs, knots.map(function (k) { return k[1]; }))),
      concurrency: within(spline.steffen(xs, knots.map(function (k) { return k[2]; })))
    };
  }

  /* The JSON of script element `id`, or null. */
  function embedded(id) {
    var el = document.getElementById(id);
    try { return el ? JSON.parse(el.textContent) : null; } catch (e) { return null; }
  }

  /* ---- A column of the matched table ---- */

  /* `show(x)` adds the column at `x`, in order among the targets (after any it equals), and
     returns how many sides have a value there (none: no column); `clear()` removes it. */
  function matchedColumn(table, data) {
    var columns = [].slice.call(table.tHead.rows[0].cells, 1);
    var targets = columns.map(function (th) { return parseFloat(th.getAttribute('data-x')); });
    var isTarget = function (x) { return targets.indexOf(x) >= 0; };
    var sides = data.map(function (side) {
      var r = reading(side.knots, isTarget);
      r.hw = side.hw;
      return r;
    });

    function clear() {
      [].forEach.call(table.querySelectorAll('.yours'), function (el) { el.remove(); });
      table.classList.remove('with-yours');
      table.style.setProperty('--targets', String(table.tHead.rows[0].cells.length - 1));
    }

    /* Writes a cell's value: `text`, in bold or not, or a dash for null (no value there). */
    function fill(span, text, bold) {
      ['data-m', 'data-hw', 'data-t'].forEach(function (a) { span.removeAttribute(a); });
      reader.show(span, text === null ? '\u2013' : text, bold && text !== null);
    }

    /* The column's heading: at `x`, as the reader gave it (`typed`). */
    function heading(x, typed) {
      var th = document.createElement('th');
      th.scope = 'col';
      th.className = 'yours';
      th.setAttribute('data-x', String(x));
      th.appendChild(document.createTextNode(label(typed) + ' tok/s/user '));
      var tag = document.createElement('span');
      tag.className = 'yours-tag';
      tag.textContent = '(yours)';
      th.appendChild(tag);
      return th;
    }

    var added = null; // the column's heading, once shown

    /* The target a typed speed names: itself, or else the one whose column is headed by it as
       printed (37.3 for the target 37.32), so that the two columns show the same figures. */
    function named(typed) {
      var printed = columns.map(function (th) { return parseFloat(th.textContent.replace(/,/g, '')); });
      var i = targets.indexOf(typed);
      if (i < 0) i = printed.indexOf(typed);
      return i < 0 ? typed : targets[i];
    }

    function show(typed) {
      var head = table.tHead.rows[0];
      var x = named(typed);
      var throughput = sides.map(function (s) { return s.throughput(x); });
      // No column of dashes alone: the status says why nothing has a value there.
      if (throughput.every(function (t) { return t === null; })) return 0;
      var at = 1;
      while (at < head.cells.length && parseFloat(head.cells[at].getAttribute('data-x')) <= x) at++;
      added = head.insertBefore(heading(x, typed), head.cells[at] || null);
      var best = reader.best(throughput, false, oneDecimal);
      [].forEach.call(table.tBodies[0].rows, function (row) {
        var metric = row.getAttribute('data-metric');
        var td = row.cells[1].cloneNode(true);
        td.className = 'yours';
        [].forEach.call(td.querySelectorAll('.value'), function (span, i) {
          var t = throughput[i];
          if (metric === 'throughput') fill(span, t === null ? null : oneDecimal(t), i === best);
          else if (metric === 'concurrency') fill(span, t === null ? null : about(sides[i].concurrency(x)), false);
          else {
            // Cost and tok/s/MW: reader.js writes them from the throughput at the prices in force.
            fill(span, t === null ? null : '', false);
            if (t === null) return;
            span.setAttribute('data-m', metric);
            span.setAttribute('data-hw', sides[i].hw);
            span.setAttribute('data-t', String(t));
          }
        });
        row.insertBefore(td, row.cells[at] || null);
      });
      table.style.setProperty('--targets', String(head.cells.length - 1));
      table.classList.add('with-yours');
      reader.refresh(table);
      return throughput.filter(function (t) { return t !== null; }).length;
    }

    /* On a phone the column may be past the table's right edge: scrolls the table (only the
       table: the page stays where the reader has it) to bring the column into view. */
    function reveal() {
      var region = added && added.closest('.table-scroll');
      if (!region || !added.isConnected) return;
      var box = region.getBoundingClientRect(), th = added.getBoundingClientRect();
      if (th.right > box.right) region.scrollLeft += th.right - box.right;
      else if (th.left < box.left) region.scrollLeft -= box.left - th.left;
    }

    return {
      clear: clear, show: show, reveal: reveal, total: sides.length,
      shown: 'The table has a column at ', partly: ' A dash marks a side not measured that far.'
    };
  }

  /* ---- A ranking at the reader's speed ---- */

  /* `show(x)` fills #speed-result with a copy of the empty ranking table in #speed-ranking,
     a row per accelerator with a value at `x`, and names the others in #speed-elsewhere as a
     tier's note does; it returns how many accelerators have a value there. `clear()` empties
     both. */
  function rankedTier(template, data) {
    var result = document.getElementById('speed-result');
    var note = document.getElementById('speed-elsewhere');
    var tiers = data.tiers || [];
    var isTier = function (x) { return tiers.indexOf(x) >= 0; };
    var candidates = data.candidates.map(function (c) {
      var r = reading(c.knots, isTier);
      ['hw', 'name', 'precision', 'engine', 'href'].forEach(function (k) { r[k] = c[k]; });
      return r;
    });

    function clear() {
      while (result.firstChild) result.removeChild(result.firstChild);
      note.hidden = true;
      note.textContent = '';
    }

    /* Each accelerator's candidate of the highest throughput at `x` (the first, on a tie),
       in the order the accelerators first come. */
    function best(x) {
      var byHw = {}, order = [];
      candidates.forEach(function (c) {
        var t = c.throughput(x);
        if (t === null) return;
        if (!byHw[c.hw]) order.push(c.hw);
        if (!byHw[c.hw] || t > byHw[c.hw].t) byHw[c.hw] = { c: c, t: t, concurrency: c.concurrency(x) };
      });
      return order.map(function (hw) { return byHw[hw]; });
    }

    function cell(tag, text, attrs) {
      var el = document.createElement(tag);
      if (text !== null) el.textContent = text;
      Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
      return el;
    }

    /* A row as partials/ranking_table.html writes one; rank, cost and tok/s/MW are reader.js's. */
    function row(r, bold) {
      var c = r.c;
      var tr = cell('tr', null, { 'data-hw': c.hw, 'data-t': String(r.t) });
      tr.appendChild(cell('td', '', { 'data-m': 'rank' }));
      var th = cell('th', null, { scope: 'row' });
      th.appendChild(cell('a', c.name, { href: c.href }));
      th.appendChild(document.createTextNode(' '));
      th.appendChild(cell('span', c.precision + ' \u00b7 ' + c.engine, { class: 'ranking-detail' }));
      tr.appendChild(th);
      tr.appendChild(cell('td', c.precision));
      tr.appendChild(cell('td', c.engine));
      var t = cell('td', null);
      reader.show(t, oneDecimal(r.t), bold);
      tr.appendChild(t);
      tr.appendChild(cell('td', '', { 'data-m': 'cost' }));
      tr.appendChild(cell('td', '', { 'data-m': 'power' }));
      tr.appendChild(cell('td', about(r.concurrency)));
      return tr;
    }

    function show(x) {
      var rows = best(x);
      if (!rows.length) return 0;
      var copy = template.content.cloneNode(true);
      var caption = copy.querySelector('caption');
      caption.textContent = caption.textContent.trim() + ' at ' + label(x) + ' tok/s/user (your speed)';
      copy.querySelector('[role=region]').setAttribute('aria-label', caption.textContent);
      var body = copy.querySelector('tbody');
      var top = reader.best(rows.map(function (r) { return r.t; }), false, oneDecimal);
      rows.forEach(function (r, i) { body.appendChild(row(r, i === top)); });
      result.appendChild(copy);
      reader.refresh(result); // cost and tok/s/MW at the prices in force, cheapest first, ranks
      var ranked = rows.map(function (r) { return r.c.hw; });
      var others = data.measured.filter(function (m) { return ranked.indexOf(m.hw) < 0; });
      if (others.length) {
        note.textContent = 'Not in this table, measured only at other speeds: ' + others.map(function (m) {
          return m.name + ' (' + rangesText(m.ranges, x, tiers) + ' tok/s/user)';
        }).join(', ') + '.';
        note.hidden = false;
      }
      return rows.length;
    }

    // The accelerators left out are named in the note beneath.
    return { clear: clear, show: show, reveal: function () {}, total: 0, shown: 'Ranked below at ', partly: '' };
  }

  var table = document.querySelector('table.matched');
  var frontiers = table && embedded('table-frontiers');
  var template = document.getElementById('speed-ranking');
  var ranked = template && embedded('ranking-candidates');
  var view = frontiers ? matchedColumn(table, frontiers) : ranked ? rankedTier(template, ranked) : null;
  if (!view) return;

  /* ---- The speed on the chart ---- */

  /* Marks speed `x` on the page's chart, or nothing for null: a dashed line across the drawing
     (#chart-plot, whose plot area names its x axis' ends in `data-x`, src/render/plot/),
     and the same line on the live chart: the event `benchsite:speed` carries it as an ECharts
     series holding a markLine (or null), which static/chart.js and static/ranking.js draw
     (chart.js only while its x axis is interactivity; both keep the last one for when the
     chart goes live). The label sits right of the line, or left of it where it would run
     past the plot's right edge. */
  function mark(x) {
    var text = x === null ? '' : label(x) + ' (yours)';
    var area = document.querySelector('#chart-plot .plot-area[data-x]');
    var old = area && area.querySelector('.plot-yours');
    if (old) old.remove();
    var ends = area ? area.getAttribute('data-x').split(' ').map(parseFloat) : [];
    var at = x === null ? NaN : 100 * (x - ends[0]) / (ends[1] - ends[0]);
    var before = at > 75; // where the drawing is not laid out (the chart is live) to measure
    if (at >= 0 && at <= 100) {
      var line = document.createElement('div');
      line.className = 'plot-yours';
      line.style.left = at.toFixed(2) + '%';
      var tag = document.createElement('span');
      tag.textContent = text;
      line.appendChild(tag);
      area.appendChild(line);
      if (area.offsetWidth) before = tag.getBoundingClientRect().right > area.getBoundingClientRect().right;
      line.classList.toggle('plot-yours-before', before);
    }
    var series = x === null ? null : {
      id: 'yours', type: 'line', data: [], silent: true,
      markLine: {
        silent: true, symbol: 'none', animation: false, data: [{ xAxis: x }],
        lineStyle: { color: '#24292f', type: 'dashed', width: 1 },
        label: {
          formatter: text, position: 'end', distance: [0, -2], color: '#24292f',
          align: before ? 'right' : 'left', verticalAlign: 'top',
          padding: before ? [0, 5, 0, 0] : [0, 0, 0, 5], backgroundColor: 'rgba(255,255,255,0.85)'
        }
      }
    };
    document.dispatchEvent(new CustomEvent('benchsite:speed', { detail: series }));
  }

  /* ---- The field (an embed has none: it shows a link's speed) ---- */

  var form = document.getElementById('speed-form');
  var input = document.getElementById('speed-input');
  var error = document.getElementById('speed-error');
  var status = document.getElementById('speed-status');
  // Where anything was measured, as the hint prints it (src/render/table.rs `measured`).
  var from = form ? form.getAttribute('data-from') : '';
  var to = form ? form.getAttribute('data-to') : '';

  /* Says `text` in the status line once typing pauses (reader.statusLine). */
  var say = reader.statusLine(status, 400);

  /* A number as the build wrote it ("1234.50"), its decimals kept and its thousands grouped
     ("1,234.50"), as `label` prints the reader's speed beside it. */
  function grouped(text) {
    var parts = String(text).split('.');
    parts[0] = parts[0].replace(/\B(?=(\d{3})+$)/g, ',');
    return parts.join('.');
  }

  /* Why nothing has a value at `x`: slower or faster than everything, or in a gap. */
  function nothingAt(x) {
    var at = label(x) + ' tok/s/user';
    if (x < parseFloat(from)) return 'Nothing here was measured as slow as ' + at + ': values start at ' + grouped(from) + '.';
    if (x > parseFloat(to)) return 'Nothing here was measured as fast as ' + at + ': values end at ' + grouped(to) + '.';
    return 'Nothing here was measured at ' + at + ', which falls between the measured ranges.';
  }

  function refuse(message) {
    if (!input) return;
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'speed-hint speed-error');
    } else {
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', 'speed-hint');
    }
    if (error) {
      error.textContent = message || '';
      error.hidden = !message;
    }
  }

  /* The speed kept for this tab, as text, or null. */
  var KEPT = 'benchsite.speed';
  function kept() {
    try { return window.sessionStorage.getItem(KEPT); } catch (e) { return null; }
  }
  function keep(x) {
    if (!input) return; // an embed shows on other sites: it keeps nothing
    try {
      if (x === null) window.sessionStorage.removeItem(KEPT);
      else window.sessionStorage.setItem(KEPT, String(x));
    } catch (e) { /* storage off: the speed stays on the page */ }
  }

  /* Shows the page at the speed in `text`, records it in the URL and keeps it; empty or
     refused text shows, records and keeps none. `from`: where a speed the reader did not type
     here comes from: 'carried' from a page read before in the tab, which the status then
     says, so that it does not seem to come from nowhere; or a 'link', whose refused speed
     leaves the one kept in the tab alone. */
  function apply(text, from) {
    view.clear();
    var t = String(text || '').trim();
    var x = speed(t);
    var refusal = t && x === null ? 'Enter a speed from 0.1 to 100,000 tokens per second per user, such as 40.' : '';
    refuse(refusal);
    reader.set('at', x === null ? null : String(x));
    if (x !== null || from !== 'link') keep(x);
    // The status reads a refusal out too, once the reader pauses: the message under the
    // field is read only with the field.
    if (x === null) { mark(null); say(refusal); return; }
    var found = view.show(x);
    view.reveal();
    mark(found ? x : null); // no line where nothing has a value: the status says why
    say((!found ? nothingAt(x) : view.shown + label(x) + ' tok/s/user.' + (found < view.total ? view.partly : '')) +
      (from === 'carried' ? CARRIED : ''));
  }
  var CARRIED = ' Your speed from the page before, kept in this tab until you clear it.';

  if (input) {
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    input.addEventListener('input', function () { apply(input.value); });
    document.getElementById('speed-clear').addEventListener('click', function () {
      input.value = '';
      apply('');
      input.focus();
    });
  }

  /* A link's own speed wins; one it gives that is no speed (`?at=abc`) is shown in the field
     and refused there, as if typed, rather than passed over for the speed kept in the tab
     (which stays kept). */
  var given = reader.param('at');
  var start = given ? String(given).trim() : '';
  var carried = !start && !!input;
  if (carried) start = kept() || '';
  var x = speed(start);
  if (x !== null) start = String(x);
  else if (carried || !input) start = ''; // storage is no link, an embed has no field: no refusal
  if (start) {
    if (input) input.value = start;
    apply(start, carried ? 'carried' : 'link');
  }
})();
