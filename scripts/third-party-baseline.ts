// Regenerates, for each real third-party SCIM server in tests/third-party/servers/ (or one named, also from opt-in/):
//   fixtures/expectations/<name>.yaml          its baseline: one entry per FAIL/WARN variant, the reason
//                                             carrying the evidence (request and the SP's answer) read
//                                             from the failing scenario's transcript in messages.ndjson;
//   fixtures/third-party/<name>.verdicts.json  every requirement × variant → result of a run WITH that
//                                             baseline (what tests/third-party/third-party.test.ts pins).
//
//   node --import tsx scripts/third-party-baseline.ts [name…] [--keep-reports DIR]
//
// Two runs per server: one without a baseline (the raw FAIL/WARN and their transcripts), one with the new
// baseline (it must exit 0: every deviation XFAIL, nothing XPASS; else the script says so and exits 1,
// which usually means the server or the suite is not deterministic for that row).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { stringify } from 'yaml';
import { readNdjson } from '../support/report/messages.js';
import { indexRun, type AttemptRecord, type CaseRecord } from '../support/report/analyse.js';
import type { Exchange } from '../support/scim/exchange.js';
import type { ConformanceReport, RequirementVerdict, VariantVerdict } from '../support/report/types.js';
import { ROOT } from '../tests/suite/helpers.js';
import { baselinePath, optInServerNames, runAgainst, serverNames, verdictsFile, verdictsPath, SEED } from '../tests/third-party/run-against.js';

const MAX_REASON = 300;
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Host, port and ids change per run: make the evidence stable so a regenerated baseline diffs cleanly. */
function stabilise(s: string, scimBase: string): string {
  return s.split(scimBase).join('')
    .replace(/https?:\/\/127\.0\.0\.1:\d+/g, '')
    .replace(/\/(Users|Groups)\/(?!\.search)[^/?\s"'),]+/g, '/$1/<id>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\b/g, '<time>')
    // each run's names carry its own id (namePrefix), in the case a scenario spelled them
    .replace(/(?<![a-z])scimc-[a-z0-9]{6}-/gi, (p) => (p.startsWith('SCIMC') ? 'SCIMC-<RUN>-' : 'scimc-<run>-'));
}

function pathOf(url: string, scimBase: string): string {
  let p = url.startsWith(scimBase) ? url.slice(scimBase.length) : url.replace(/^https?:\/\/[^/]+/, '');
  try { p = decodeURI(p); } catch { /* keep as sent */ }
  return p || '/';
}

/** The part of an answer that matters: an error's status/scimType/detail, a list's counts, else the JSON. */
function answerOf(x: Exchange, failure = ''): string {
  if (!x.response) return x.failure ? `no answer: ${x.failure}` : 'no answer';
  const { status, body, rawBody, headers } = x.response;
  const ct = headers?.['content-type'] ?? headers?.['Content-Type'];
  let part: string;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    const schemas = Array.isArray(b.schemas) ? (b.schemas as string[]).join(' ') : '';
    if (schemas.includes(':Error') || (b.detail !== undefined && b.status !== undefined)) {
      part = JSON.stringify({ ...(b.scimType !== undefined ? { scimType: b.scimType } : {}), detail: b.detail });
    } else if (schemas.includes(':ListResponse')) {
      const res = Array.isArray(b.Resources) ? b.Resources as Record<string, unknown>[] : [];
      part = `ListResponse totalResults=${b.totalResults} itemsPerPage=${b.itemsPerPage} startIndex=${b.startIndex} Resources=[${res.map((r) => r.userName ?? r.displayName ?? r.id).join(',')}]`;
    } else {
      const { meta: _m, schemas: _s, ...rest } = b;
      part = JSON.stringify(rest);
    }
  } else if (body !== undefined) part = JSON.stringify(body);
  else part = rawBody ? `"${rawBody}"` : '(no body)';
  const header = (name: string) => { const k = Object.keys(headers ?? {}).find((h) => h.toLowerCase() === name.toLowerCase()); return k ? headers[k] : undefined; };
  const shown: string[] = [];
  if (/location/i.test(failure)) shown.push(`Location: ${header('location') ?? '(absent)'}`);
  if (/content-type/i.test(failure) || (ct && !/json/.test(ct))) shown.push(`Content-Type: ${ct ?? '(absent)'}`);
  return `${status}${shown.length ? ` [${shown.join('; ')}]` : ''} ${part}`;
}

/** The failed step of the attempt, or the first should-level finding when the scenario passed with one. */
function failureOf(a: AttemptRecord): string | undefined {
  const step = a.steps.find((s) => s.status === 'FAILED' || s.status === 'UNDEFINED' || s.status === 'AMBIGUOUS' || s.status === 'PENDING');
  if (step) return `${step.keyword} ${step.text}: ${step.message ?? step.status}`;
  return a.findings[0];
}

/**
 * Which exchange is the evidence: the one the failure message names ("(METHOD /path)"), else the last
 * refused or broken exchange before cleanup, else the last exchange before cleanup.
 */
function evidenceExchange(a: AttemptRecord, failure: string, scimBase: string): Exchange | undefined {
  const xs = a.transcript.filter((x) => !x.cleanup);
  const named = [...failure.matchAll(/\b(GET|POST|PUT|PATCH|DELETE) (\/[^\s),]*)/g)];
  for (const m of named.reverse()) {
    const want = m[2].replace(/…$/, '');
    const hit = [...xs].reverse().find((x) => x.request.method === m[1] && (pathOf(x.request.url, scimBase).startsWith(decodeSafe(want)) || x.request.url.includes(want)));
    if (hit) return hit;
  }
  // a method named as a word ("a PATCH with …", "PUT answered …"): the last exchange with that method
  const methods = [...failure.matchAll(/\b(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
  for (const method of methods.reverse()) {
    const hit = [...xs].reverse().find((x) => x.request.method === method);
    if (hit) return hit;
  }
  return [...xs].reverse().find((x) => !x.response || x.failure || x.response.status >= 400) ?? xs.at(-1);
}
function decodeSafe(s: string): string { try { return decodeURI(s); } catch { return s; } }

interface Evidence { scenario: string; location: string; failure: string; request?: string; answer?: string; suiteError?: string }

/** A step that died of a JavaScript error (not an ExpectationFailed) is the suite's own bug, never the SP's. */
const SUITE_ERRORS = /^(TypeError|ReferenceError|SyntaxError|RangeError)$/;
function suiteErrorOf(a: AttemptRecord): string | undefined {
  const step = a.steps.find((s) => s.status === 'FAILED' && s.exceptionType && SUITE_ERRORS.test(s.exceptionType));
  if (step) return `${step.exceptionType}: ${step.message ?? ''}`;
  const odd = a.steps.find((s) => s.status === 'UNDEFINED' || s.status === 'AMBIGUOUS' || s.status === 'PENDING');
  return odd ? `${odd.status} step "${odd.text}"` : undefined;
}

function evidenceFor(v: VariantVerdict, cases: Map<string, CaseRecord>, scimBase: string): Evidence | undefined {
  for (const loc of v.locations ?? []) {
    const c = cases.get(loc);
    if (!c) continue;
    const attempt = [...c.attempts].reverse().find((a) => a.status !== 'PASSED' || a.findings.length) ?? c.attempts.at(-1);
    if (!attempt) continue;
    const failure = failureOf(attempt);
    if (!failure) continue;
    const x = evidenceExchange(attempt, failure, scimBase);
    const suiteError = suiteErrorOf(attempt);
    return { scenario: c.pickle.name, location: loc, failure, ...(suiteError ? { suiteError } : {}),
      ...(x ? { request: `${x.request.method} ${pathOf(x.request.url, scimBase)}`, answer: answerOf(x, failure) } : {}) };
  }
  return undefined;
}

/** What the suite observed, in one line; the request and the SP's answer go into the entry's evidence. */
function reasonFor(r: RequirementVerdict, v: VariantVerdict, e: Evidence | undefined, scimBase: string): string {
  const head = `${e?.suiteError ? 'SUITE ERROR, not the SP: ' : ''}${v.result} (${r.level}${r.judges === 'IdP' ? ', IdP-judged' : ''})`;
  const observed = stabilise(oneLine(v.reason ?? e?.failure ?? 'no reason recorded'), scimBase);
  return clip(`${head}: ${observed}${e?.request ? '' : ` (no exchange recorded: ${e?.location ?? 'no scenario'})`}`, MAX_REASON);
}

function baselineYaml(name: string, report: ConformanceReport, reportDir: string): { text: string; count: number } {
  const scimBase = report.run.target.scimBase;
  const cases = new Map(indexRun(readNdjson(join(reportDir, 'messages.ndjson'))).cases.map((c) => [c.key, c]));
  const entries: Record<string, unknown>[] = [];
  for (const r of report.requirements) {
    for (const v of r.variants) {
      if (v.result !== 'FAIL' && v.result !== 'WARN') continue;
      const e = evidenceFor(v, cases, scimBase);
      if (e?.suiteError) console.error(`${name}: ${r.id} ${v.idp ?? v.sp} failed on a suite error, not on the SP: ${oneLine(e.suiteError).slice(0, 200)}`);
      entries.push({ id: r.id, ...(v.idp ? { idp: v.idp } : {}), sp: v.sp, reason: reasonFor(r, v, e, scimBase),
        ...(e?.request ? { evidence: { request: clip(stabilise(oneLine(e.request), scimBase), 120), answer: clip(stabilise(oneLine(e.answer ?? ''), scimBase), 300), scenario: e.scenario } } : {}) });
    }
  }
  const header = [
    `# Known deviations of ${name} (tests/third-party/${optInServerNames().includes(name) ? 'opt-in' : 'servers'}/${name}.ts) under the rfc profile, seed ${SEED}.`,
    '# Written by `node --import tsx scripts/third-party-baseline.ts`: do not edit by hand, regenerate.',
    '# Each reason: result (level): what the suite observed. Each evidence: the request and the SP\'s answer,',
    '# taken from the failing scenario\'s transcript (host, port, UUIDs and times stripped).',
    '# Format: fixtures/expectations/README.md',
    '',
  ].join('\n');
  return { text: header + stringify({ target: name, entries }, { lineWidth: 0 }), count: entries.length };
}

async function regenerate(name: string, keep?: string): Promise<boolean> {
  const dir = keep ? join(keep, name) : mkdtempSync(join(tmpdir(), `third-party-${name}-`));
  const rawDir = join(dir, 'raw'); const withDir = join(dir, 'with-baseline');
  mkdirSync(rawDir, { recursive: true }); mkdirSync(withDir, { recursive: true });
  try {
    const raw = await runAgainst(name, { reportDir: rawDir });
    if (!raw.report || raw.code > 1) {
      console.error(`${name}: the run without a baseline ended with exit ${raw.code} and ${raw.report ? 'a' : 'no'} report\n${raw.stderr.slice(-2000)}`);
      return false;
    }
    const { text, count } = baselineYaml(name, raw.report, rawDir);
    const yamlFile = baselinePath(name);
    writeFileSync(yamlFile, text);
    const checked = await runAgainst(name, { baseline: true, reportDir: withDir });
    if (!checked.report) { console.error(`${name}: the run with the baseline wrote no report (exit ${checked.code})\n${checked.stderr.slice(-2000)}`); return false; }
    const file = verdictsPath(name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(verdictsFile(name, checked.report), null, 2)}\n`);
    const counts: Record<string, number> = {};
    for (const res of Object.values(verdictsFile(name, checked.report).verdicts)) counts[res] = (counts[res] ?? 0) + 1;
    console.log(`${name}: ${count} baseline entries -> ${relative(ROOT, yamlFile)}; verdicts -> ${relative(ROOT, file)} ${JSON.stringify(counts)}`);
    if (checked.code !== 0) {
      console.error(`${name}: with its new baseline the run still exits ${checked.code} (a FAIL that was not there before, or an XPASS): the run is not reproducible for these rows:`);
      for (const r of checked.report.requirements) for (const v of r.variants) if (v.result === 'FAIL' || v.result === 'XPASS') console.error(`  ${r.id} ${v.idp ?? v.sp} ${v.result}: ${v.reason ?? ''}`);
      return false;
    }
    return true;
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const k = args.indexOf('--keep-reports');
  const keep = k >= 0 ? args.splice(k, 2)[1] : undefined;
  const known = [...serverNames(), ...optInServerNames()];
  const names = args.length ? args : serverNames();
  for (const n of names) if (!known.includes(n)) { console.error(`unknown server "${n}" (known: ${known.join(', ')})`); process.exit(2); }
  let ok = true;
  for (const n of names) ok = (await regenerate(n, keep)) && ok;
  process.exit(ok ? 0 : 1);
}

await main();
