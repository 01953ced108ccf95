/* benchsite "Your speed": the matched table read at the reader's own tokens per second per user.
 *
 * The table's columns are the page's targets (SPEC §3); a reader who needs 40 tok/s/user types
 * 40 and gets a column at 40, read off each side's frontier with the same Steffen spline
 * (static/chart.js, `window.benchsiteSpline`) the targets were read with, from the frontier
 * knots src/render/views.rs embeds (#table-frontiers). A side measured neither that slow nor
 * that fast gets a dash, as in the other columns: the spline never extrapolates. Cost and
 * tok/s/MW are left to static/reader.js, which computes them from the throughput (`data-t`)
 * at the prices in force, so the column follows the reader's prices like the rest.
 * The speed lives in the URL (`?at=40`, through reader.js) and comes back from it, so a
 * copied link or an embed shows the same column. Loaded after reader.js and chart.js.
 */
(function () {
  'use strict';

  var reader = window.benchsiteReader;
  var spline = window.benchsiteSpline;
  var table = document.querySelector('table.matched');
  var source = document.getElementById('table-frontiers');
  if (!reader || !spline || !table || !source) return;

  var data;
  try { data = JSON.parse(source.textContent); } catch (e) { return; }
  /* Each side's throughput and concurrency as functions of interactivity (null outside). */
  var sides = data.map(function (side) {
    var knots = side.knots;
    var xs = knots.map(function (k) { return k[0]; });
    return {
      hw: side.hw,
      lo: xs[0],
      hi: xs[xs.length - 1],
      throughput: spline.steffen(xs, knots.map(function (k) { return k[1]; })),
      concurrency: spline.steffen(xs, knots.map(function (k) { return k[2]; }))
    };
  });
  /* Where any side was measured: the hint's range, and what the field accepts beyond it. */
  var measured = sides.filter(function (s) { return s.lo !== undefined; });
  var LO = Math.min.apply(null, measured.map(function (s) { return s.lo; }));
  var HI = Math.max.apply(null, measured.map(function (s) { return s.hi; }));
  var MAX = 100000; // tok/s/user: no model streams faster; refuses a slip of the keyboard

  /* A speed above zero and at most MAX from text, or null: "40", "40.5", "40,5". */
  function speed(text) {
    var t = String(text === undefined || text === null ? '' : text).trim();
    if (/^\d+,\d{1,2}$/.test(t)) t = t.replace(',', '.');
    if (!/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(t)) return null;
    var v = parseFloat(t);
    return v > 0 && v <= MAX ? v : null;
  }

  /* The table's formats (src/render/views.rs `Metric::format`): one decimal with separators,
     and about-whole for concurrency. */
  function oneDecimal(v) {
    return (Math.round(v * 10) / 10).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }
  function about(v) { return '~' + Math.round(v).toLocaleString('en-US'); }
  function label(x) {
    var t = oneDecimal(x).replace(/,/g, '');
    return t.replace(/\.0$/, '');
  }

  /* ---- The column ---- */

  function drop() {
    [].forEach.call(table.querySelectorAll('.yours'), function (el) { el.remove(); });
    table.style.setProperty('--targets', String(table.tHead.rows[0].cells.length - 1));
  }

  /* Writes a cell's value: `text`, in bold or not, or a dash for null (no value there). */
  function fill(span, text, bold) {
    ['data-m', 'data-hw', 'data-t'].forEach(function (a) { span.removeAttribute(a); });
    reader.show(span, text === null ? '\u2013' : text, bold && text !== null);
  }

  /* Adds the column at `x`, in order among the targets (after any it equals). */
  function add(x) {
    var head = table.tHead.rows[0];
    var at = 1;
    while (at < head.cells.length && parseFloat(head.cells[at].getAttribute('data-x')) <= x) at++;
    var th = document.createElement('th');
    th.scope = 'col';
    th.className = 'yours';
    th.setAttribute('data-x', String(x));
    th.appendChild(document.createTextNode(label(x) + ' tok/s/user '));
    var tag = document.createElement('span');
    tag.className = 'yours-tag';
    tag.textContent = '(yours)';
    th.appendChild(tag);
    head.insertBefore(th, head.cells[at] || null);
    var throughput = sides.map(function (s) { return s.throughput(x); });
    var concurrency = sides.map(function (s) { return s.concurrency(x); });
    var best = reader.best(throughput, false, oneDecimal);
    [].forEach.call(table.tBodies[0].rows, function (row) {
      var metric = row.getAttribute('data-metric');
      var td = row.cells[1].cloneNode(true);
      td.className = 'yours';
      [].forEach.call(td.querySelectorAll('.value'), function (span, i) {
        var t = throughput[i];
        if (metric === 'throughput') fill(span, t === null ? null : oneDecimal(t), i === best);
        else if (metric === 'concurrency') fill(span, t === null ? null : about(concurrency[i]), false);
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
    reader.refresh(); // cost and tok/s/MW at the prices in force, the better one in bold
    return throughput.some(function (t) { return t !== null; });
  }

  /* ---- The field (hubs and comparisons; an embed shows a link's column without it) ---- */

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

  /* Shows the column for `text` (empty: none) and records it in the URL. */
  function show(text) {
    drop();
    var t = String(text || '').trim();
    if (!t) { refuse(null); reader.set('at', null); say(''); return; }
    var x = speed(t);
    if (x === null) {
      refuse('Enter a speed above zero, in tokens per second per user, such as 40.');
      return;
    }
    refuse(null);
    reader.set('at', String(x));
    if (add(x)) {
      say('The table has a column at ' + label(x) + ' tok/s/user.');
    } else {
      say('Nothing here was measured at ' + label(x) + ' tok/s/user: measured from ' +
        label(LO) + ' to ' + label(HI) + '.');
    }
  }

  if (input) {
    var form = document.getElementById('speed-form');
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    input.addEventListener('input', function () { show(input.value); });
    document.getElementById('speed-clear').addEventListener('click', function () {
      input.value = '';
      show('');
      input.focus();
    });
  }

  var fromLink = speed(reader.param('at'));
  if (fromLink !== null) {
    if (input) input.value = String(fromLink);
    show(String(fromLink));
  }
})();
