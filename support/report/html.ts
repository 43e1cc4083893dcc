// conformance.html: one self-contained file. The matrix is rendered here (so it reads and prints without
// script); the evidence (steps, mock IdP log, transcript) travels once as JSON and is rendered on demand.
import { sourceLinks, type Catalog } from '../catalog/catalog.js';
import type { Exchange } from '../scim/exchange.js';
import type { AttemptRecord, RunIndex } from './analyse.js';
import { dialectsOf, headlines, type Headline } from './headlines.js';
import { CSS, SCRIPT } from './html-assets.js';
import { describeTraffic } from './traffic.js';
import { junitName } from './junit.js';
import { ATTENTION, dialectLabel, RESULT_LABEL } from './labels.js';
import { redactExchange, type Redactor } from './redact.js';
import type { ConformanceReport, Result } from './types.js';
import { RESULT_ORDER } from './verdicts.js';

export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/g;
const SCRIPT_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };
/**
 * JSON that is safe inside <script type="application/json">: no "</script>", no "<!--", no line separators.
 * One pass over the evidence (megabytes on a full run), not one per character.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(SCRIPT_UNSAFE, (c) => SCRIPT_ESCAPES[c]!);
}

const BODY_MAX = 64 * 1024;
function clipBody(v: unknown): unknown {
  if (v === undefined) return undefined;
  const text = typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  return text.length > BODY_MAX ? `${text.slice(0, BODY_MAX)}\n… (${text.length - BODY_MAX} more characters not shown)` : v;
}

function exchangeData(r: Redactor | undefined, x: Exchange): Exchange {
  const e = r ? redactExchange(r, x) : x;
  return { ...e, request: { ...e.request, body: clipBody(e.request.body), rawBody: clipBody(e.request.rawBody) as string | undefined },
    response: e.response && { ...e.response, body: clipBody(e.response.body), rawBody: clipBody(e.response.rawBody) as string | undefined } };
}

function attemptData(r: Redactor, a: AttemptRecord, exchangesRedacted: boolean) {
  return {
    n: a.attempt + 1, status: a.finished ? a.status : 'UNFINISHED', ms: a.ms,
    unsupported: a.unsupported && r.text(a.unsupported),
    owner: a.owner?.split('|').join(' or '),
    findings: a.findings.map((f) => r.text(f)),
    steps: a.steps.map((s) => ({ k: s.keyword, t: r.text(s.text), s: s.status, ms: Math.round(s.ms), ...(s.kind === 'hook' ? { h: 1 } : {}),
      ...(s.message ? { m: r.text(s.message) } : {}), ...(s.argument ? { arg: r.text(s.argument) } : {}) })),
    log: a.idpLog.map((l) => ({ at: String(l.at ?? ''), vendor: String(l.vendor ?? ''), level: String(l.level ?? ''), message: r.text(String(l.message ?? '')) })),
    ex: a.transcript.map((x) => exchangeData(exchangesRedacted ? undefined : r, x)),
    notes: a.notes.map((n) => r.text(n)),
  };
}

function safeHref(href: string): string | undefined {
  return /^https?:\/\//i.test(href) ? href : undefined;
}

function headlineHtml(h: Headline, col?: number): string {
  const levels = (['must', 'should', 'may'] as const).filter((l) => Object.values(h.byLevel[l]).some((n) => n > 0));
  const table = levels.length && h.verdict !== 'NOT-ASSESSED'
    ? `<table aria-label="counts by level"><tr><th></th><th>pass</th><th>fail</th><th>warn</th><th>blocked</th><th>unsupp.</th><th>xfail</th><th>xpass</th><th>not run</th></tr>${levels.map((l) => {
      const c = h.byLevel[l];
      return `<tr><th>${l}</th><td>${c.PASS}</td><td>${c.FAIL}</td><td>${c.WARN}</td><td>${c.BLOCKED}</td><td>${c.UNSUPPORTED}</td><td>${c.XFAIL}</td><td>${c.XPASS}</td><td>${c['NOT-RUN']}</td></tr>`;
    }).join('')}</table>`
    : '';
  const title = h.kind === 'idp' ? `${esc(h.title)} <span class="muted">IdP readiness</span>` : esc(h.title);
  const verdict = h.verdict === 'NOT-ASSESSED' ? '' : `<span class="v">${esc(h.verdict)}</span> · `;
  const inner = `<span class="t">${title}</span><span class="s">${verdict}${esc(h.sentence)}</span>${table}`;
  const cls = `headline h-${h.verdict}`;
  return col !== undefined
    ? `<li><button type="button" class="${cls}" data-col="${col}" data-headline="${esc(h.key)}" title="Show only this IdP's column">${inner}</button></li>`
    : `<li><div class="${cls}" data-headline="${esc(h.key)}">${inner}</div></li>`;
}

/** The matrix's section of reproductions, after the catalogue's areas. */
const REPRODUCTIONS = 'Reproductions';

/** One cell of the matrix: a button that opens the evidence of data.cells[i]. */
function cellHtml(i: number, col: number, what: string, result: Result, reason: string): string {
  const title = `${what}: ${RESULT_LABEL[result]}${reason ? ` — ${reason}` : ''}`;
  return `<td data-col="${col}"><button type="button" class="cell r-${result}" data-cell="${i}" data-result="${result}" title="${esc(title)}"><span class="res">${esc(RESULT_LABEL[result])}</span>${reason && result !== 'PASS' ? `<span class="why">${esc(reason)}</span>` : ''}</button></td>`;
}

/**
 * `exchangesRedacted`: the index was built from a message stream redactEnvelopes already scrubbed with these
 * secrets (writeRunReports does), so its transcripts are not deep-copied through the Redactor once more.
 */
export function renderHtml(report: ConformanceReport, index: RunIndex, catalog: Catalog, redactor: Redactor, { exchangesRedacted = false } = {}): string {
  const trafficLine = report.run.traffic && describeTraffic(report.run.traffic);
  const run = report.run;
  const dialects = dialectsOf(report);
  const columns = run.client ? [{ idp: '', label: 'The client' }] : [{ idp: '', label: 'SP only' }, ...dialects.map((d) => ({ idp: d, label: dialectLabel(d) }))];
  const colOf = new Map(columns.map((c, i) => [c.idp, i]));
  const caseByKey = new Map(index.cases.map((c) => [c.key, c]));

  // evidence, once
  const cases: unknown[] = [];
  const caseIndex = new Map<string, number>();
  const caseRef = (key: string): number | undefined => {
    if (caseIndex.has(key)) return caseIndex.get(key);
    const c = caseByKey.get(key);
    if (!c || !c.attempts.length) return undefined;
    const last = c.attempts[c.attempts.length - 1];
    cases.push({ name: redactor.text(c.pickle.name), loc: c.key, status: last.finished ? last.status : 'UNFINISHED',
      ms: Math.round(c.attempts.reduce((s, a) => s + a.ms, 0)), attempts: c.attempts.map((a) => attemptData(redactor, a, exchangesRedacted)) });
    caseIndex.set(key, cases.length - 1);
    return cases.length - 1;
  };

  const cells: unknown[] = [];
  const reqs: Record<string, unknown> = {};
  const rowsBySection = new Map<string, string[]>();
  for (const r of report.requirements) {
    const req = catalog.byId.get(r.id);
    const links = req ? sourceLinks(req).map((l) => ({ label: l.label, href: safeHref(l.href), title: l.title })) : [];
    reqs[r.id] = { section: r.section, level: r.level, judges: r.judges, behaviour: req?.behaviour ?? '', links, ...(req?.revised ? { revised: req.revised } : {}) };
    const byCol = new Map<number, string>();
    const cols: number[] = [];
    const bad: number[] = [];
    for (const v of r.variants) {
      const col = colOf.get(v.idp ?? '') ?? 0;
      const i = cells.length;
      const refs = (v.locations ?? []).map(caseRef).filter((n): n is number => n !== undefined);
      const reason = v.reason ? redactor.text(v.reason) : '';
      const variant = `${v.sp}${v.idp ? ` / ${dialectLabel(v.idp)}` : ''}${v.client ? ' / client' : ''}`;
      cells.push({ id: r.id, key: junitName(r, v), variant, result: v.result, label: RESULT_LABEL[v.result], reason, cases: refs,
        names: v.scenarios.map((n) => redactor.text(n)) });
      cols.push(col);
      if (ATTENTION.has(v.result)) bad.push(col);
      byCol.set(col, cellHtml(i, col, `${r.id} · ${variant}`, v.result, reason));
    }
    const beh = req?.behaviour ?? '';
    const shortBeh = beh.length > 160 ? `${beh.slice(0, 159)}…` : beh;
    const src = links.length
      ? `<div class="srcs"><span class="muted">sources:</span> ${links.map((l) => (l.href ? `<a class="src" href="${esc(l.href)}" title="${esc(l.title)}" target="_blank" rel="noopener">${esc(l.label)}</a>` : `<span class="src">${esc(l.label)}</span>`)).join('')}</div>`
      : '';
    const row = `<tr class="req" id="req-${esc(r.id)}" data-id="${esc(r.id)}" data-verdict="${r.verdict}" data-cols="${[...new Set(cols)].join(' ')}" data-badcols="${[...new Set(bad)].join(' ')}">`
      + `<th scope="row" class="req"><span class="id">${esc(r.id)}</span><span class="meta">${r.level}${r.judges === 'IdP' ? ' · judges IdP' : r.judges === 'client' ? ' · judges the client' : ''}${r.profile !== 'all' ? ` · ${r.profile} only` : ''}</span>`
      + `<div class="beh" title="${esc(beh)}">${esc(shortBeh)}</div>${src}</th>`
      + columns.map((_, c) => byCol.get(c) ?? `<td data-col="${c}" class="none"><span aria-label="no variant">–</span></td>`).join('')
      + '</tr>';
    rowsBySection.set(r.section, [...(rowsBySection.get(r.section) ?? []), row]);
  }

  // the scenarios outside the catalogue (reproductions): a row each, in the first column, with the same evidence
  const reproductionRows = (report.reproductions ?? []).map((r) => {
    const id = `reproduction ${r.location}`;
    const name = redactor.text(r.name);
    reqs[id] = { section: REPRODUCTIONS, level: 'reproduction', judges: 'SP', links: [],
      behaviour: `${name}: a scenario with no catalogue id, judged on its own; its failure fails the run.` };
    const i = cells.length;
    const reason = r.reason ? redactor.text(r.reason) : '';
    const refs = [caseRef(r.location)].filter((n): n is number => n !== undefined);
    cells.push({ id, key: `reproduction ${r.location} [${r.sp}]`, variant: r.sp, result: r.result, label: RESULT_LABEL[r.result], reason, cases: refs, names: [name] });
    return `<tr class="req" data-repro data-id="${esc(id)}" data-verdict="${r.result}" data-cols="0" data-badcols="${ATTENTION.has(r.result) ? '0' : ''}">`
      + `<th scope="row" class="req"><span class="id">reproduction</span><span class="meta">${esc(r.sp)}</span><div class="beh">${esc(name)}</div><div class="srcs"><span class="muted">at</span> <code>${esc(r.location)}</code></div></th>`
      + cellHtml(i, 0, `${name} · ${r.sp}`, r.result, reason)
      + columns.slice(1).map((_, c) => `<td data-col="${c + 1}" class="none"><span aria-label="no variant">–</span></td>`).join('')
      + '</tr>';
  });
  if (reproductionRows.length) rowsBySection.set(REPRODUCTIONS, reproductionRows);
  const reproductionCounts = RESULT_ORDER.map((res) => [res, (report.reproductions ?? []).filter((r) => r.result === res).length] as const)
    .filter(([, n]) => n).map(([res, n]) => `${n} ${esc(RESULT_LABEL[res])}`).join(', ');

  const sectionTitle = (code: string) => (code === REPRODUCTIONS ? 'scenarios with no catalogue id' : catalog.sections.find((s) => s.code === code)?.title ?? '');
  const tbodies = [...rowsBySection].map(([code, rows]) =>
    `<tbody data-section="${esc(code)}"><tr class="section"><th colspan="${columns.length + 1}" scope="rowgroup">${esc(code)} — ${esc(sectionTitle(code))}</th></tr>${rows.join('')}</tbody>`).join('\n');

  const hl = headlines(report);
  const headlineItems = hl.map((h) => headlineHtml(h, h.idp ? colOf.get(h.idp) : undefined)).join('');
  const applicable = report.requirements.flatMap((r) => r.variants).filter((v) => v.result !== 'NOT-APPLICABLE');
  const onlyUnsupported = applicable.length > 0 && applicable.every((v) => v.result === 'UNSUPPORTED' || v.result === 'NOT-RUN') && applicable.some((v) => v.result === 'UNSUPPORTED');
  const counts = new Map<Result, number>(RESULT_ORDER.map((r) => [r, 0]));
  for (const v of applicable) counts.set(v.result, (counts.get(v.result) ?? 0) + 1);
  for (const [r, n] of counts) if (!n) counts.delete(r);

  const data = { run: { target: run.target.id, spProfile: run.spProfile }, reqs, cells, cases };
  const title = run.client ? `SCIM client certification: ${run.target.id} (${run.spProfile} rules)` : `SCIM conformance: ${run.target.id} (${run.spProfile})`;
  const runLine = [`target <code>${esc(redactor.text(run.target.id))}</code> (${esc(run.target.kind)}) <code>${esc(redactor.text(run.target.scimBase))}</code>`,
    `SP profile <strong>${esc(run.spProfile)}</strong>`, `seed ${esc(run.seed)}`, `started ${esc(run.startedAt)}`,
    run.finishedAt ? `finished ${esc(run.finishedAt)}` : '', run.tags ? `tags <code>${esc(run.tags)}</code>` : '', `scim-conformance ${esc(run.version)}`]
    .filter(Boolean).join(' · ');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${CSS}</style>
<style id="col-style"></style>
</head>
<body>
<header class="top">
<h1>${esc(title)}</h1>
<p class="run">${runLine}</p>
${trafficLine ? `<p class="run${report.run.traffic?.tlsUnverified ? ' warn' : ''}" role="status">${esc(trafficLine)}</p>` : ''}
</header>
<main>
<h2 class="noprint" style="font-size:15px;margin:10px 0 0">Verdicts</h2>
<ul class="headlines">${headlineItems}</ul>
${onlyUnsupported ? '<p class="note" role="status">Everything that ran was UNSUPPORTED: the target lacks what these scenarios need, so this run says nothing about conformance.</p>' : ''}
<p class="muted">${applicable.length} checks (requirement × variant) apply to this run: ${[...counts].map(([r, n]) => `${n} ${esc(RESULT_LABEL[r])}`).join(', ')}.${reproductionRows.length ? ` ${reproductionRows.length} reproduction${reproductionRows.length === 1 ? '' : 's'} (no catalogue id) ran: ${reproductionCounts}; they are the matrix's last rows.` : ''} A cell opens its evidence; arrow keys move between cells, Esc closes.</p>
<form class="filters" role="search" aria-label="Filter the matrix" onsubmit="return false">
<label><input type="checkbox" id="f-fail"> Failures only (FAIL, WARN, XPASS)</label>
<label>Area <select id="f-area"><option value="">all areas</option>${catalog.sections.filter((s) => rowsBySection.has(s.code)).map((s) => `<option value="${esc(s.code)}">${esc(s.code)}</option>`).join('')}</select></label>
<label>IdP <select id="f-idp"><option value="">all columns</option>${columns.map((c, i) => `<option value="${i}">${esc(c.label)}</option>`).join('')}</select></label>
<button type="button" id="f-reset">Reset</button>
<button type="button" id="f-print">Print</button>
<span id="shown" role="status" aria-live="polite"></span>
</form>
<table class="matrix" id="matrix">
<caption class="muted" style="text-align:left">${run.client ? 'Requirements (rows, grouped by area): what the client sent, judged by the reference\'s own decisions' : 'Requirements (rows, grouped by area) × variants (SP only, then one column per IdP dialect in this run)'}</caption>
<thead><tr><th scope="col">Requirement</th>${columns.map((c, i) => `<th scope="col" data-col="${i}">${esc(c.label)}</th>`).join('')}</tr></thead>
${tbodies}
</table>
<section id="print-failures" aria-hidden="true"></section>
</main>
<dialog id="evidence" aria-labelledby="ev-title">
<div class="ev-bar"><button type="button" id="ev-close">Close (Esc)</button></div>
<div id="ev-body"></div>
</dialog>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
