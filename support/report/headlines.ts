// The three verdicts of a run (AWS fidelity, RFC conformance, IdP readiness per dialect) with their counts.
import type { Level } from '../catalog/catalog.js';
import { dialectLabel, SP_SECTIONS } from './labels.js';
import type { ConformanceReport, Result } from './types.js';

export type HeadlineVerdict = 'PASS' | 'FAIL' | 'WARN' | 'BLOCKED' | 'UNSUPPORTED' | 'NOT-RUN' | 'NOT-ASSESSED';
export type Counts = Record<Result, number>;

export interface Headline {
  key: string;
  kind: 'sp' | 'idp' | 'harness' | 'client';
  title: string;
  /** The IdP dialect of an IdP-readiness headline. */
  idp?: string;
  verdict: HeadlineVerdict;
  counts: Counts;
  byLevel: Record<Level, Counts>;
  /** "3 failures, 1 warning, 40 passed" or why it was not assessed. */
  sentence: string;
}

export function emptyCounts(): Counts {
  return { PASS: 0, FAIL: 0, WARN: 0, BLOCKED: 0, UNSUPPORTED: 0, XFAIL: 0, XPASS: 0, 'NOT-APPLICABLE': 0, 'NOT-RUN': 0 };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function countSentence(c: Counts): string {
  const parts = [
    c.FAIL && plural(c.FAIL, 'failure'), c.XPASS && plural(c.XPASS, 'unexpected pass', 'unexpected passes'),
    c.WARN && plural(c.WARN, 'warning'), c.PASS && `${c.PASS} passed`, c.XFAIL && plural(c.XFAIL, 'known deviation'), c.BLOCKED && `${c.BLOCKED} blocked`,
    c.UNSUPPORTED && `${c.UNSUPPORTED} unsupported`, c['NOT-RUN'] && `${c['NOT-RUN']} not run`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'nothing to judge';
}

function verdictOf(c: Counts): HeadlineVerdict {
  if (c.FAIL || c.XPASS) return 'FAIL';
  if (c.WARN) return 'WARN';
  // a check another row's deviation kept from running is no pass
  if (c.BLOCKED) return 'BLOCKED';
  if (c.PASS || c.XFAIL) return 'PASS';
  if (c.UNSUPPORTED) return 'UNSUPPORTED';
  return 'NOT-RUN';
}

function headline(key: string, kind: Headline['kind'], title: string, rows: { level: Level; result: Result }[], idp?: string): Headline {
  const counts = emptyCounts();
  const byLevel = { must: emptyCounts(), should: emptyCounts(), may: emptyCounts() };
  for (const r of rows) { counts[r.result]++; byLevel[r.level][r.result]++; }
  return { key, kind, title, ...(idp ? { idp } : {}), verdict: verdictOf(counts), counts, byLevel, sentence: countSentence(counts) };
}

/** Dialects in the order they first appear in the report (catalogue order). */
export function dialectsOf(report: ConformanceReport): string[] {
  const seen = new Set<string>();
  for (const r of report.requirements) for (const v of r.variants) if (v.idp) seen.add(v.idp);
  return [...seen].sort();
}

export function headlines(report: ConformanceReport): Headline[] {
  const cells = report.requirements.flatMap((r) => r.variants.map((v) => ({ r, v, level: r.level, result: v.result })))
    .filter((x) => x.result !== 'NOT-APPLICABLE');
  // a certify-client report judges one client, nothing else
  if (report.run.client) return [headline('client', 'client', `Client verdict (${report.run.spProfile} rules)`, cells)];
  const sp = cells.filter((x) => x.r.judges === 'SP' && SP_SECTIONS.has(x.r.section));
  const out: Headline[] = [];
  // a merged `--sp-profile both` report holds both profiles' variants: each headline counts its own
  const profiles = report.run.spProfiles ?? [report.run.spProfile];
  for (const [profile, title] of [['aws', 'AWS fidelity'], ['rfc', 'RFC conformance']] as const) {
    if (profiles.includes(profile)) out.push(headline(profile, 'sp', title, sp.filter((x) => x.v.sp === profile)));
    else out.push({ ...headline(profile, 'sp', title, []), verdict: 'NOT-ASSESSED', sentence: `not assessed: this run used the ${report.run.spProfile} profile` });
  }
  // a row judged on the mock IdP that blocks an SP row of its dialect failed on the SP's answer to that IdP (a refusal
  // it owns: OL-GROUP-01 where an SP refuses OneLogin's membership PATCH), so it counts toward that IdP's readiness,
  // not among the harness's own checks
  const blocking = new Set(cells.filter((x) => x.r.judges === 'SP' && x.result === 'BLOCKED' && x.v.blockedBy).map((x) => `${x.v.blockedBy}|${x.v.idp ?? ''}`));
  const blocksAnSpRow = (x: (typeof cells)[number]): boolean => x.r.judges === 'IdP' && blocking.has(`${x.r.id}|${x.v.idp ?? ''}`);
  for (const d of dialectsOf(report)) {
    out.push(headline(`idp:${d}`, 'idp', dialectLabel(d), cells.filter((x) => (x.r.judges === 'SP' || blocksAnSpRow(x)) && x.v.idp === d), d));
  }
  const harness = cells.filter((x) => x.r.judges === 'IdP' && !blocksAnSpRow(x));
  if (harness.some((x) => x.result !== 'NOT-RUN')) out.push(headline('harness', 'harness', 'Mock IdP checks (judge the harness, not the SP)', harness));
  return out;
}
