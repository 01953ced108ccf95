/* benchsite "Your speed": a page read at the reader's own tokens per second per user.
 *
 * A page's tables are read at speeds the build chose (SPEC §3's matched targets, §12's tiers);
 * a reader who needs 40 tok/s/user types 40 and gets the page's figures at 40:
 *   - on a hub or comparison (and its embed), a column of the matched table, each side read off
 *     its frontier (#table-frontiers, src/render/views.rs);
 *   - on a ranking, a table of the accelerators ranked at 40 by SPEC §12's rules: each one's
 *     candidate of the highest throughput there (ties as the build settles them: the candidates
 *     come in that order, #ranking-candidates), cheapest first (src/render/pages/rankings.rs).
 * Values are read with the Steffen spline the build reads with (static/spline.js), from the same
 * frontier knots, so at one of the build's own speeds they print what it printed. Nothing is
 * extrapolated: a side or accelerator not measured that slow or that fast has no value there.
 * Cost and tok/s/MW are left to static/reader.js, which computes them from the throughput
 * (`data-t`) at the prices in force, marks the better ones and orders ranking rows, so these
 * figures follow the reader's prices like the rest. The speed lives in the URL (`?at=40`,
 * through reader.js) and comes back from it, so a copied link or an embed shows the same, and
 * it follows the reader from page to page in the tab, as their prices do (sessionStorage; a
 * link's own speed wins, "Clear" forgets it, an embed neither reads nor keeps it).
 * Loaded after reader.js and spline.js.
 */
(function () {
  'use strict';

  var reader = window.benchsiteReader;
  var spline = window.benchsiteSpline;
  if (!reader || !spline) return;

  var MAX = 100000; // tok/s/user: no model streams faster; refuses a slip of the keyboard

  /* A speed above zero and at most MAX from text, or null: "40", "40.5", "40,5". */
  function speed(text) {
    var t = String(text === undefined || text === null ? '' : text).trim();
    if (/^\d+,\d{1,2}$/.test(t)) t = t.replace(',', '.');
    if (!/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(t)) return null;
    var v = parseFloat(t);
    return v > 0 && v <= MAX ? v : null;
  }

  /* The tables' formats (src/render/views.rs `Metric::format`): one decimal with separators,
     and about-whole for concurrency; a speed as headings print it (`compact`: 40, 40.5). */
  function oneDecimal(v) {
    return (Math.round(v * 10) / 10).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }
  function about(v) { return '~' + Math.round(v).toLocaleString('en-US'); }
  function label(x) { return oneDecimal(x).replace(/,/g, '').replace(/\.0$/, ''); }

  /* A frontier ([[interactivity, throughput, concurrency], …]) as functions of interactivity,
     each null outside the frontier's range. */
  function reading(knots) {
    var xs = knots.map(function (k) { return k[0]; });
    return {
      lo: xs[0],
      hi: xs[xs.length - 1],
      throughput: spline.steffen(xs, knots.map(function (k) { return k[1]; })),
      concurrency: spline.steffen(xs, knots.map(function (k) { return k[2]; }))
    };
  }

  /* The JSON of script element `id`, or null. */
  function embedded(id) {
    var el = document.getElementById(id);
    try { return el ? JSON.parse(el.textContent) : null; } catch (e) { return null; }
  }

  /* ---- A column of the matched table ---- */

  /* `show(x)` adds the column at `x`, in order among the targets (after any it equals), and
     says whether any side has a value there; `clear()` removes it. */
  function matchedColumn(table, data) {
    var sides = data.map(function (side) {
      var r = reading(side.knots);
      r.hw = side.hw;
      return r;
    });

    function clear() {
      [].forEach.call(table.querySelectorAll('.yours'), function (el) { el.remove(); });
      table.style.setProperty('--targets', String(table.tHead.rows[0].cells.length - 1));
    }

    /* Writes a cell's value: `text`, in bold or not, or a dash for null (no value there). */
    function fill(span, text, bold) {
      ['data-m', 'data-hw', 'data-t'].forEach(function (a) { span.removeAttribute(a); });
      reader.show(span, text === null ? '\u2013' : text, bold && text !== null);
    }

    function heading(x) {
      var th = document.createElement('th');
      th.scope = 'col';
      th.className = 'yours';
      th.setAttribute('data-x', String(x));
      th.appendChild(document.createTextNode(label(x) + ' tok/s/user '));
      var tag = document.createElement('span');
      tag.className = 'yours-tag';
      tag.textContent = '(yours)';
      th.appendChild(tag);
      return th;
    }

    function show(x) {
      var head = table.tHead.rows[0];
      var at = 1;
      while (at < head.cells.length && parseFloat(head.cells[at].getAttribute('data-x')) <= x) at++;
      head.insertBefore(heading(x), head.cells[at] || null);
      var throughput = sides.map(function (s) { return s.throughput(x); });
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
      reader.refresh();
      return throughput.some(function (t) { return t !== null; });
    }

    return { clear: clear, show: show, sides: sides, shown: 'The table has a column at ' };
  }

  /* ---- A ranking at the reader's speed ---- */

  /* `show(x)` fills #speed-result with a copy of the empty ranking table in #speed-ranking,
     a row per accelerator with a value at `x`, and names the others in #speed-elsewhere;
     it says whether any accelerator has a value there. `clear()` empties both. */
  function rankedTier(template, data) {
    var result = document.getElementById('speed-result');
    var note = document.getElementById('speed-elsewhere');
    var candidates = data.map(function (c) {
      var r = reading(c.knots);
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
      if (!rows.length) return false;
      var copy = template.content.cloneNode(true);
      var caption = copy.querySelector('caption');
      caption.textContent = caption.textContent.trim() + ' at ' + label(x) + ' tok/s/user (your speed)';
      copy.querySelector('[role=region]').setAttribute('aria-label', caption.textContent);
      var body = copy.querySelector('tbody');
      var top = reader.best(rows.map(function (r) { return r.t; }), false, oneDecimal);
      rows.forEach(function (r, i) { body.appendChild(row(r, i === top)); });
      result.appendChild(copy);
      reader.refresh(); // cost and tok/s/MW at the prices in force, cheapest first, ranks
      var ranked = rows.map(function (r) { return r.c.hw; });
      var others = [];
      candidates.forEach(function (c) {
        if (ranked.indexOf(c.hw) < 0 && others.indexOf(c.name) < 0) others.push(c.name);
      });
      if (others.length) {
        note.textContent = 'Not in this table, measured only at other speeds: ' + others.join(', ') + '.';
        note.hidden = false;
      }
      return true;
    }

    return { clear: clear, show: show, sides: candidates, shown: 'Ranked below at ' };
  }

  var table = document.querySelector('table.matched');
  var frontiers = table && embedded('table-frontiers');
  var template = document.getElementById('speed-ranking');
  var ranked = template && embedded('ranking-candidates');
  var view = frontiers ? matchedColumn(table, frontiers) : ranked ? rankedTier(template, ranked) : null;
  if (!view) return;

  /* Where anything was measured: what the status gives for a speed nothing reaches. */
  var measured = view.sides.filter(function (s) { return s.lo !== undefined; });
  var LO = Math.min.apply(null, measured.map(function (s) { return s.lo; }));
  var HI = Math.max.apply(null, measured.map(function (s) { return s.hi; }));

  /* ---- The field (an embed has none: it shows a link's speed) ---- */

  var input = document.getElementById('speed-input');
  var error = document.getElementById('speed-error');
  var status = document.getElementById('speed-status');

  function say(text) {
    if (status) status.textContent = text;
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

  /* Shows the page at the speed in `text` (empty: none), records it in the URL and keeps it. */
  function apply(text) {
    view.clear();
    var t = String(text || '').trim();
    if (!t) { refuse(null); reader.set('at', null); keep(null); say(''); return; }
    var x = speed(t);
    if (x === null) {
      refuse('Enter a speed above zero, in tokens per second per user, such as 40.');
      return;
    }
    refuse(null);
    reader.set('at', String(x));
    keep(x);
    if (view.show(x)) {
      say(view.shown + label(x) + ' tok/s/user.');
    } else {
      say('Nothing here was measured at ' + label(x) + ' tok/s/user: measured from ' +
        label(LO) + ' to ' + label(HI) + '.');
    }
  }

  if (input) {
    document.getElementById('speed-form').addEventListener('submit', function (e) { e.preventDefault(); });
    input.addEventListener('input', function () { apply(input.value); });
    document.getElementById('speed-clear').addEventListener('click', function () {
      input.value = '';
      apply('');
      input.focus();
    });
  }

  var start = speed(reader.param('at'));
  if (start === null && input) start = speed(kept());
  if (start !== null) {
    if (input) input.value = String(start);
    apply(String(start));
  }
})();
