// The stylesheet and script inlined into conformance.html. The script is plain ES2017 kept in a string (no
// template literals inside, so nothing here is interpolated); it renders evidence on demand from the one
// JSON block the page embeds, and only ever writes text nodes (textContent), never HTML.

export const CSS = String.raw`
:root { --fail:#b3261e; --xpass:#8e24aa; --warn:#a15c00; --blocked:#7a5c3e; --xfail:#5f6b7a; --unsup:#3f6fa8; --pass:#1e7b34; --muted:#6b7280; --line:#d8dce3; --bg:#fff; --soft:#f5f6f8; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1b1f24; background: var(--bg); }
header.top { padding: 16px 24px 8px; border-bottom: 1px solid var(--line); }
h1 { font-size: 20px; margin: 0 0 4px; }
.run { color: var(--muted); margin: 0; font-size: 13px; }
.run code { font-size: 12px; }
.run.warn { color: var(--warn); font-weight: 600; }
main { padding: 12px 24px 40px; }
.headlines { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0 14px; padding: 0; list-style: none; }
.headline { border: 1px solid var(--line); border-left: 6px solid var(--muted); border-radius: 6px; padding: 8px 12px; min-width: 210px; background: var(--soft); text-align: left; font: inherit; color: inherit; }
button.headline { cursor: pointer; }
.headline .t { font-weight: 600; display: block; }
.headline .v { font-weight: 700; }
.headline .s { display: block; font-size: 13px; }
.headline table { border-collapse: collapse; font-size: 12px; margin-top: 4px; }
.headline td, .headline th { padding: 0 6px 0 0; text-align: right; font-weight: normal; color: var(--muted); }
.headline th:first-child { text-align: left; }
.h-FAIL { border-left-color: var(--fail); } .h-FAIL .v { color: var(--fail); }
.h-WARN { border-left-color: var(--warn); } .h-WARN .v { color: var(--warn); }
.h-PASS { border-left-color: var(--pass); } .h-PASS .v { color: var(--pass); }
.h-UNSUPPORTED { border-left-color: var(--unsup); } .h-UNSUPPORTED .v { color: var(--unsup); }
.h-BLOCKED { border-left-color: var(--blocked); } .h-BLOCKED .v { color: var(--blocked); }
.note { background: #fff7e0; border: 1px solid #f0d48a; padding: 6px 10px; border-radius: 4px; }
.filters { display: flex; flex-wrap: wrap; gap: 14px; align-items: center; padding: 8px 0 10px; position: sticky; top: 0; background: var(--bg); z-index: 2; border-bottom: 1px solid var(--line); }
.filters label { display: inline-flex; gap: 6px; align-items: center; }
.filters select, .filters button { font: inherit; }
#shown { color: var(--muted); }
.matrix { border-collapse: separate; border-spacing: 0; width: 100%; margin-top: 8px; }
.matrix th, .matrix td { border-bottom: 1px solid var(--line); padding: 4px 6px; vertical-align: top; }
.matrix thead th { position: sticky; top: 44px; background: var(--bg); text-align: left; font-size: 13px; z-index: 1; border-bottom: 2px solid var(--line); }
.matrix tr.section th { background: var(--soft); text-align: left; font-size: 14px; padding-top: 10px; }
.matrix th.req { text-align: left; font-weight: normal; min-width: 260px; max-width: 440px; }
.req .id { font-weight: 700; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
.req .meta { font-size: 11px; color: var(--muted); margin-left: 4px; text-transform: uppercase; letter-spacing: .02em; }
.req .beh { font-size: 12px; color: #3b4350; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.req .srcs { font-size: 11px; margin-top: 2px; }
.req .src { font-size: 11px; margin-right: 8px; }
td.none { color: #c0c5cc; text-align: center; }
button.cell { display: block; width: 100%; min-width: 110px; max-width: 240px; text-align: left; font: inherit; border: 1px solid var(--line); border-left-width: 5px; border-radius: 4px; padding: 3px 6px; background: #fff; cursor: pointer; color: inherit; }
#ev-title:focus { outline: none; }
button.cell:focus-visible, button.headline:focus-visible { outline: 3px solid #1a73e8; outline-offset: 1px; }
button.cell:hover { background: var(--soft); }
.cell .res { font-weight: 700; font-size: 12px; letter-spacing: .02em; }
.cell .why { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; font-size: 11.5px; color: #3b4350; }
.r-FAIL { border-left-color: var(--fail) !important; } .r-FAIL .res, h2.r-FAIL .res { color: var(--fail); }
.r-XPASS { border-left-color: var(--xpass) !important; } .r-XPASS .res, h2.r-XPASS .res { color: var(--xpass); }
.r-WARN { border-left-color: var(--warn) !important; } .r-WARN .res, h2.r-WARN .res { color: var(--warn); }
.r-XFAIL { border-left-color: var(--xfail) !important; } .r-XFAIL .res { color: var(--xfail); }
.r-UNSUPPORTED { border-left-color: var(--unsup) !important; } .r-UNSUPPORTED .res { color: var(--unsup); }
.r-BLOCKED { border-left-color: var(--blocked) !important; } .r-BLOCKED .res { color: var(--blocked); }
.r-PASS { border-left-color: var(--pass) !important; } .r-PASS .res { color: var(--pass); }
.r-NOT-RUN, .r-NOT-APPLICABLE { border-left-color: #d5d9de !important; color: var(--muted); }
dialog#evidence { width: min(1100px, 96vw); max-height: 92vh; padding: 0; border: 1px solid var(--line); border-radius: 8px; }
dialog#evidence::backdrop { background: rgba(20,24,31,.45); }
.ev-bar { position: sticky; top: 0; display: flex; justify-content: flex-end; padding: 6px 10px; background: var(--soft); border-bottom: 1px solid var(--line); }
#ev-body { padding: 4px 18px 18px; }
.ev h2 { font-size: 18px; margin: 10px 0 4px; }
.ev h3 { font-size: 15px; margin: 16px 0 4px; }
.ev h4 { font-size: 13px; margin: 12px 0 4px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.ev .reason { border-left: 5px solid var(--muted); background: var(--soft); padding: 8px 12px; font-size: 15px; margin: 8px 0; }
.ev .reason.r-FAIL { background: #fdecea; } .ev .reason.r-WARN { background: #fff4e0; } .ev .reason.r-XPASS { background: #f6e8f8; }
.ev .loc { color: var(--muted); font-size: 12px; font-family: ui-monospace, Menlo, monospace; }
.steps { list-style: none; padding: 0; margin: 0; font-size: 13px; }
.steps li { padding: 2px 0 2px 6px; border-left: 3px solid transparent; }
.steps .kw { font-weight: 600; }
.steps .st { display: inline-block; min-width: 62px; font-size: 11px; font-weight: 700; }
.steps .ms { color: var(--muted); font-size: 11px; margin-left: 6px; }
.steps li.s-FAILED, .steps li.s-UNDEFINED, .steps li.s-AMBIGUOUS, .steps li.s-PENDING { border-left-color: var(--fail); background: #fdecea; }
.steps li.s-FAILED .st { color: var(--fail); } .steps li.s-PASSED .st { color: var(--pass); } .steps li.s-SKIPPED .st { color: var(--muted); }
.steps li.hook { color: var(--muted); }
pre { white-space: pre-wrap; word-break: break-word; background: #f7f8fa; border: 1px solid #e6e8ec; border-radius: 4px; padding: 6px 8px; margin: 4px 0; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; max-height: 480px; overflow: auto; }
details.exchange { border: 1px solid var(--line); border-radius: 4px; margin: 4px 0; }
details.exchange > summary { cursor: pointer; padding: 4px 8px; font: 12.5px ui-monospace, Menlo, monospace; }
details.exchange.err > summary { color: var(--fail); }
details.exchange.cleanup > summary { color: var(--muted); }
details.exchange.decisive { border-color: var(--fail); }
.http { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; padding: 0 8px 6px; }
.http h5 { margin: 4px 0 0; font-size: 11px; color: var(--muted); text-transform: uppercase; }
table.log { border-collapse: collapse; font: 12px ui-monospace, Menlo, monospace; width: 100%; }
table.log td { border-bottom: 1px solid #eef0f3; padding: 2px 6px; vertical-align: top; }
.muted { color: var(--muted); }
#print-failures { display: none; }
@media (max-width: 800px) { .http { grid-template-columns: 1fr; } }
@media print {
  body { font-size: 10.5pt; }
  .filters, .ev-bar, dialog, .noprint { display: none !important; }
  .matrix thead th { position: static; }
  .matrix tr[hidden], .matrix tbody[hidden] { display: table-row !important; }
  button.cell { border-width: 1px 1px 1px 4px; max-width: none; }
  .cell .why, .req .beh { -webkit-line-clamp: unset; display: block; }
  tr { break-inside: avoid; }
  #print-failures { display: block; break-before: page; }
  #print-failures .ev { break-inside: auto; border-top: 2px solid #000; padding-top: 6px; margin-top: 12px; }
  pre { max-height: none; overflow: visible; }
  details.exchange > summary { list-style: none; }
  a { color: inherit; }
}
`;

export const SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var dlg = document.getElementById('evidence');
  var evBody = document.getElementById('ev-body');
  var matrix = document.getElementById('matrix');
  var opener = null;
  var BAD = { FAIL: 1, XPASS: 1, WARN: 1 };

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === 'text') e.textContent = String(v); else if (k === 'class') e.className = v; else e.setAttribute(k, String(v));
    });
    (kids || []).forEach(function (c) {
      if (c === undefined || c === null || c === false) return;
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }
  function headersText(h) { return Object.keys(h || {}).map(function (k) { return k + ': ' + h[k]; }).join('\n'); }
  function bodyText(body, raw) {
    if (raw !== undefined && raw !== null) return String(raw);
    if (body === undefined || body === null) return '';
    return typeof body === 'string' ? body : JSON.stringify(body, null, 2);
  }
  function pathOf(url) { return String(url).replace(/^[a-z]+:\/\/[^\/]+/i, ''); }
  function ms(n) { return n >= 1000 ? (n / 1000).toFixed(2) + ' s' : Math.round(n) + ' ms'; }

  function requestText(x) {
    var t = x.request.method + ' ' + x.request.url + '\n' + headersText(x.request.headers);
    var b = bodyText(x.request.body, x.request.rawBody);
    return b ? t + '\n\n' + b : t;
  }
  function responseText(x) {
    if (!x.response) return x.failure ? 'no usable answer: ' + x.failure : 'no answer';
    var t = 'HTTP ' + x.response.status + '\n' + headersText(x.response.headers);
    var b = bodyText(x.response.body, x.response.rawBody);
    return b ? t + '\n\n' + b : t;
  }
  function renderExchange(x, i, open, decisive) {
    var hops = x.redirected || [];
    var status = (x.response ? String(x.response.status) : 'no answer') + (hops.length ? ' (after ' + hops.map(function (h) { return h.status; }).join(', ') + ')' : '');
    var summary = '#' + (i + 1) + '  ' + x.request.method + ' ' + pathOf(x.request.url) + '  \u2192 ' + status +
      '  \u00b7 ' + ms(x.ms || 0) + '  \u00b7 ' + (x.actor || '') + (x.cleanup ? '  (cleanup)' : '') + (x.diagnostic ? '  (diagnostic)' : '') + (decisive ? '  \u2190 the exchange that decided it' : '');
    var cls = 'exchange' + (x.cleanup ? ' cleanup' : '') + ((!x.response || x.response.status >= 400 || x.failure) ? ' err' : '') + (decisive ? ' decisive' : '');
    var d = el('details', { class: cls }, [el('summary', { text: summary })]);
    if (open) d.open = true;
    d.appendChild(el('div', { class: 'http' }, [
      el('div', null, [el('h5', { text: 'Request \u00b7 ' + (x.at || '') }), el('pre', { text: requestText(x) })]),
      el('div', null, [el('h5', { text: 'Response' }), el('pre', { text: responseText(x) })])
    ]));
    if (hops.length) d.appendChild(el('p', { class: 'note', text: 'Redirected: ' + hops.map(function (h) { return h.status + ' to ' + h.location; }).join(', then ') +
      '; the request was sent again there with its method, body and credential, and the response above is the last one\'s' }));
    if (x.diagnostic) d.appendChild(el('p', { class: 'note', text: 'Not sent by the IdP: the suite asked this to find whose refusal the request before was: ' + x.diagnostic }));
    if (x.byteOrderMark) d.appendChild(el('p', { class: 'note', text: 'The answer began with a byte order mark (U+FEFF), shown and read without it (RFC 8259 \u00a78.1)' }));
    if (x.failure) d.appendChild(el('p', { class: 'failure', text: 'Failure: ' + x.failure }));
    return d;
  }
  function decisiveIndex(attempt) {
    if (!attempt || !attempt.ex) return -1;
    for (var i = attempt.ex.length - 1; i >= 0; i--) if (!attempt.ex[i].cleanup) return i;
    return -1;
  }
  function failed(s) { return s === 'FAILED' || s === 'UNDEFINED' || s === 'AMBIGUOUS' || s === 'PENDING'; }

  function renderAttempt(a, total, expandAll, bad) {
    var box = el('div', { class: 'attempt' });
    if (total > 1) box.appendChild(el('h4', { text: 'Attempt ' + a.n + ' of ' + total + ' \u00b7 ' + a.status }));
    if (a.unsupported) box.appendChild(el('p', { class: 'note', text: 'Unsupported: ' + a.unsupported }));
    if (a.owner) box.appendChild(el('p', { class: 'note', text: 'The failed step exercised ' + a.owner + '\'s behaviour.' }));
    if (a.findings && a.findings.length) box.appendChild(el('p', { class: 'note', text: 'Should-level findings: ' + a.findings.join('; ') }));
    var ol = el('ol', { class: 'steps' });
    a.steps.forEach(function (s) {
      var li = el('li', { class: 's-' + s.s + (s.h ? ' hook' : '') }, [
        el('span', { class: 'st', text: s.s.toLowerCase() }), ' ', el('span', { class: 'kw', text: s.k + ' ' }), s.t,
        s.ms ? el('span', { class: 'ms', text: ms(s.ms) }) : null]);
      if (s.arg) li.appendChild(el('pre', { text: s.arg }));
      if (s.m && (failed(s.s) || s.s === 'SKIPPED')) li.appendChild(el('pre', { class: 'msg', text: s.m }));
      ol.appendChild(li);
    });
    box.appendChild(el('h4', { text: 'Steps' }));
    box.appendChild(ol);
    if (a.notes && a.notes.length) box.appendChild(el('p', { class: 'muted', text: a.notes.join(' \u00b7 ') }));
    if (a.log && a.log.length) {
      box.appendChild(el('h4', { text: 'Mock IdP log (' + a.log.length + ')' }));
      var t = el('table', { class: 'log' });
      a.log.forEach(function (l) { t.appendChild(el('tr', null, [el('td', { text: l.at }), el('td', { text: l.vendor }), el('td', { text: l.level }), el('td', { text: l.message })])); });
      box.appendChild(t);
    }
    if (a.ex && a.ex.length) {
      var dec = bad ? decisiveIndex(a) : -1;
      box.appendChild(el('h4', { text: 'HTTP transcript (' + a.ex.length + ' exchange' + (a.ex.length === 1 ? '' : 's') + ', secrets redacted)' }));
      a.ex.forEach(function (x, i) { box.appendChild(renderExchange(x, i, expandAll || i === dec, i === dec)); });
    } else {
      box.appendChild(el('p', { class: 'muted', text: 'No HTTP exchange was recorded.' }));
    }
    return box;
  }

  function bugReport(c, r) {
    var lines = ['[' + c.result + '] ' + c.id + ' (' + c.variant + ') \u00b7 ' + r.level + ' \u00b7 judged: ' + r.judges,
      'Expected: ' + r.behaviour, 'Observed: ' + (c.reason || c.result)];
    c.cases.forEach(function (ci) {
      var k = data.cases[ci]; var a = k.attempts[k.attempts.length - 1];
      lines.push('', 'Scenario: ' + k.name + ' (' + k.loc + ')');
      a.steps.forEach(function (s) { if (!s.h || failed(s.s)) lines.push('  ' + s.s.toLowerCase() + '  ' + s.k + ' ' + s.t + (s.m && failed(s.s) ? '\n      ' + s.m.split('\n')[0] : '')); });
      var d = decisiveIndex(a);
      if (d >= 0 && BAD[c.result]) lines.push('', requestText(a.ex[d]), '', responseText(a.ex[d]));
    });
    return lines.join('\n');
  }

  function renderEvidence(index, forPrint) {
    var c = data.cells[index]; var r = data.reqs[c.id];
    var bad = !!BAD[c.result];
    var art = el('article', { class: 'ev' });
    art.appendChild(el('h2', { id: forPrint ? null : 'ev-title', tabindex: forPrint ? null : '-1', class: 'r-' + c.result }, [
      el('span', { class: 'res', text: c.label }), ' \u00b7 ' + c.id + ' \u00b7 ' + c.variant]));
    art.appendChild(el('p', { class: 'muted', text: r.section + ' \u00b7 ' + r.level + ' \u00b7 judged by ' + (r.judges === 'SP' ? 'the SP' : r.judges === 'client' ? 'certify-client, on the client' : 'the mock IdP (does not decide the exit code)') }));
    art.appendChild(el('p', { class: 'beh', text: r.behaviour }));
    if (r.revised) art.appendChild(el('p', { class: 'muted revised', text: 'This row was revised in scim-conformance\u2019s copy of the catalogue on ' + r.revised.date + ': ' + r.revised.why }));
    if (r.links.length) {
      var p = el('p', { class: 'muted' }, [r.links.length > 1 ? 'Sources: ' : 'Source: ']);
      r.links.forEach(function (l, i) { if (i) p.appendChild(document.createTextNode(' \u00b7 ')); p.appendChild(l.href ? el('a', { href: l.href, title: l.title || null, target: '_blank', rel: 'noopener', text: l.label }) : el('span', { text: l.label })); });
      art.appendChild(p);
    }
    art.appendChild(el('div', { class: 'reason r-' + c.result }, [el('strong', { text: c.label + ': ' }), c.reason || (c.result === 'PASS' ? 'every scenario passed' : '')]));
    if (!c.cases.length && c.names.length) art.appendChild(el('p', { class: 'muted', text: 'Scenarios: ' + c.names.join('; ') }));
    if (bad && c.cases.length && !forPrint) {
      var text = bugReport(c, r);
      var btn = el('button', { type: 'button', class: 'noprint', text: 'Copy as a bug report' });
      btn.addEventListener('click', function () {
        var done = function () { btn.textContent = 'Copied'; };
        if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, function () { pre.hidden = false; });
        else pre.hidden = false;
      });
      var pre = el('pre', { class: 'bugreport', hidden: 'hidden', text: text });
      art.appendChild(btn); art.appendChild(pre);
    }
    c.cases.forEach(function (ci) {
      var k = data.cases[ci];
      var sec = el('section', { class: 'case' }, [el('h3', { text: 'Scenario: ' + k.name }),
        el('p', { class: 'loc', text: k.loc + ' \u00b7 ' + k.status + (k.attempts.length > 1 ? ' \u00b7 ' + k.attempts.length + ' attempts' : '') + ' \u00b7 ' + ms(k.ms) })]);
      for (var i = k.attempts.length - 1; i >= 0; i--) sec.appendChild(renderAttempt(k.attempts[i], k.attempts.length, forPrint, bad));
      art.appendChild(sec);
    });
    return art;
  }

  function openCell(index, from) {
    opener = from || null;
    evBody.textContent = '';
    evBody.appendChild(renderEvidence(index, false));
    if (!dlg.open) dlg.showModal();
    var h = document.getElementById('ev-title');
    if (h) h.focus();
    var key = data.cells[index].key;
    if (history.replaceState) history.replaceState(null, '', '#' + encodeURIComponent(key));
  }
  function closed() {
    if (history.replaceState) history.replaceState(null, '', location.pathname + location.search);
    // the close event is queued: give focus back only if it is still lost, never take it from where the user moved it
    var active = document.activeElement;
    if (opener && document.body.contains(opener) && (!active || active === document.body || dlg.contains(active))) opener.focus();
  }
  dlg.addEventListener('close', closed);
  dlg.addEventListener('click', function (e) { if (e.target === dlg) dlg.close(); });
  document.getElementById('ev-close').addEventListener('click', function () { dlg.close(); });
  matrix.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('button.cell');
    if (b) openCell(Number(b.getAttribute('data-cell')), b);
  });

  // filters
  var fFail = document.getElementById('f-fail'), fArea = document.getElementById('f-area'), fIdp = document.getElementById('f-idp');
  var colStyle = document.getElementById('col-style'), shown = document.getElementById('shown');
  function has(list, v) { return (' ' + (list || '') + ' ').indexOf(' ' + v + ' ') >= 0; }
  function applyFilters() {
    var onlyBad = fFail.checked, area = fArea.value, col = fIdp.value;
    colStyle.textContent = col === '' ? '' : '#matrix [data-col]:not([data-col="' + col + '"]) { display: none; }';
    // reproductions (rows with no catalogue id) are counted apart from the requirements
    var n = 0, total = 0, rn = 0, rtotal = 0;
    Array.prototype.forEach.call(matrix.tBodies, function (tb) {
      var any = false, secOk = !area || tb.getAttribute('data-section') === area;
      Array.prototype.forEach.call(tb.querySelectorAll('tr.req'), function (tr) {
        var repro = tr.hasAttribute('data-repro');
        if (repro) rtotal++; else total++;
        var ok = secOk && (col === '' || has(tr.getAttribute('data-cols'), col)) &&
          (!onlyBad || (col === '' ? tr.getAttribute('data-badcols') !== '' : has(tr.getAttribute('data-badcols'), col)));
        tr.hidden = !ok;
        if (ok) { any = true; if (repro) rn++; else n++; }
      });
      tb.hidden = !any;
    });
    var told = function (k, all, what) { return k === all ? 'all ' + all + ' ' + what : k + ' of ' + all + ' ' + what; };
    shown.textContent = 'showing ' + told(n, total, 'requirements') + (rtotal ? ' and ' + told(rn, rtotal, 'reproductions') : '');
  }
  [fFail, fArea, fIdp].forEach(function (f) { f.addEventListener('change', applyFilters); });
  Array.prototype.forEach.call(document.querySelectorAll('button.headline[data-col]'), function (b) {
    b.addEventListener('click', function () { fIdp.value = b.getAttribute('data-col'); applyFilters(); fIdp.focus(); });
  });
  document.getElementById('f-reset').addEventListener('click', function () { fFail.checked = false; fArea.value = ''; fIdp.value = ''; applyFilters(); });

  // arrow keys move between cells
  function visibleRows() { return Array.prototype.filter.call(matrix.querySelectorAll('tr.req'), function (tr) { return !tr.hidden && !tr.parentNode.hidden; }); }
  function visible(b) { return b.offsetParent !== null; }
  matrix.addEventListener('keydown', function (e) {
    var b = e.target.closest && e.target.closest('button.cell');
    if (!b || ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].indexOf(e.key) < 0) return;
    var td = b.parentNode, tr = td.parentNode, target = null;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      var row = Array.prototype.filter.call(tr.querySelectorAll('button.cell'), visible);
      target = row[row.indexOf(b) + (e.key === 'ArrowRight' ? 1 : -1)];
    } else {
      var rows = visibleRows(), step = e.key === 'ArrowDown' ? 1 : -1, col = td.getAttribute('data-col');
      for (var j = rows.indexOf(tr) + step; j >= 0 && j < rows.length && !target; j += step) target = rows[j].querySelector('td[data-col="' + col + '"] button.cell');
    }
    if (target) { e.preventDefault(); target.focus(); }
  });

  // print: the matrix, then every failure with its evidence expanded
  var printed = false;
  function renderPrint() {
    if (printed) return;
    printed = true;
    var host = document.getElementById('print-failures');
    host.appendChild(el('h2', { text: 'Failures with their evidence' }));
    var any = false;
    data.cells.forEach(function (c, i) { if (BAD[c.result]) { any = true; host.appendChild(renderEvidence(i, true)); } });
    if (!any) host.appendChild(el('p', { text: 'No failures, warnings or unexpected passes.' }));
  }
  window.addEventListener('beforeprint', renderPrint);
  if (window.matchMedia) { var mq = window.matchMedia('print'); if (mq.addEventListener) mq.addEventListener('change', function (e) { if (e.matches) renderPrint(); }); }
  document.getElementById('f-print').addEventListener('click', function () { renderPrint(); window.print(); });
  window.scimReport = { openCell: openCell, renderPrint: renderPrint, applyFilters: applyFilters };

  applyFilters();
  if (location.hash.length > 1) {
    var want = decodeURIComponent(location.hash.slice(1));
    for (var i = 0; i < data.cells.length; i++) if (data.cells[i].key === want) {
      openCell(i, matrix.querySelector('button[data-cell="' + i + '"]'));
      break;
    }
  }
})();
`;
