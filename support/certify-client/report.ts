// Findings → the project's report: conformance.json, junit.xml and conformance.html through support/report,
// each row with one variant `{ sp, client: true }`. A cell's evidence is its exchanges: the client's request,
// the reference's answer (AWS's exact words under the aws profile), the reference's reason and a one-line fix.
import { loadCatalog, type Catalog } from '../catalog/catalog.js';
import type { CaseRecord, RunIndex } from '../report/analyse.js';
import { exitCodeFor, worst } from '../report/verdicts.js';
import { writeReports } from '../report/write.js';
import { sweepReportDir } from '../report/redact.js';
import type { ConformanceReport, RequirementVerdict, Result, RunInfo } from '../report/types.js';
import type { SpProfile } from '../targets/target.js';
import { judge, notJudgedReason, type Finding } from './judge.js';
import type { Recorded } from './recorder.js';
import { FIX, REPORTED_ROWS } from './rows.js';

/** Evidence exchanges kept per cell: the failing ones first, then a few that passed. */
const MAX_EVIDENCE = 5;

export interface ClientReportInput {
  records: readonly Recorded[];
  profile: SpProfile;
  run: Omit<RunInfo, 'spProfile' | 'client'>;
  catalog?: Catalog;
}

export interface ClientReport { report: ConformanceReport; index: RunIndex; findings: Finding[]; exitCode: 0 | 1 | 3 }

export function buildClientReport(input: ClientReportInput): ClientReport {
  const catalog = input.catalog ?? loadCatalog();
  const findings = judge(input.records, input.profile, catalog);
  const bySeq = new Map(input.records.map((r) => [r.seq, r]));
  const cases: CaseRecord[] = [];
  const requirements: RequirementVerdict[] = [];
  const shown = new Set([...REPORTED_ROWS, ...findings.map((f) => f.id)]);
  for (const row of catalog.requirements) {
    if (!shown.has(row.id)) continue;
    const base = { id: row.id, section: row.section, level: row.level, profile: row.profile, judges: row.judges };
    if (row.profile !== 'all' && row.profile !== input.profile) {
      requirements.push({ ...base, verdict: 'NOT-APPLICABLE', variants: [{ sp: input.profile, client: true, result: 'NOT-APPLICABLE', reason: `applies to the ${row.profile} profile only`, scenarios: [] }] });
      continue;
    }
    const mine = findings.filter((f) => f.id === row.id);
    const results = mine.map((f) => f.result as Result);
    const result: Result = mine.length ? worst(results) : 'NOT-RUN';
    const bad = mine.filter((f) => f.result === result && result !== 'PASS');
    const fix = FIX[row.id];
    const reason = !mine.length ? notJudgedReason(row.id)
      : result === 'PASS' ? `${mine.length} exchange${mine.length === 1 ? '' : 's'} showed it respected`
      : `${bad[0]!.reason}${bad.length > 1 ? ` (and ${bad.length - 1} more)` : ''}${fix ? `. Fix: ${fix}` : ''}`;
    const evidence = [...bad, ...mine.filter((f) => f.result === 'PASS')].slice(0, MAX_EVIDENCE);
    const locations: string[] = [];
    for (const f of evidence) {
      const key = `${row.id}#${f.seqs.join('+')}`;
      if (locations.includes(key)) continue;
      locations.push(key);
      cases.push(evidenceCase(key, f, f.seqs.map((s) => bySeq.get(s)!).filter(Boolean), f.result === 'PASS' ? undefined : fix));
    }
    requirements.push({ ...base, verdict: result, variants: [{ sp: input.profile, client: true, result, reason, scenarios: evidence.map((f) => f.reason), locations }] });
  }
  const userAgents = [...new Set(input.records.map(userAgentOf).filter((ua): ua is string => !!ua))];
  const report: ConformanceReport = {
    schemaVersion: 1,
    run: { ...input.run, spProfile: input.profile, client: { userAgents, requests: input.records.length } },
    requirements,
  };
  return { report, index: { cases }, findings, exitCode: exitCodeFor(report) };
}

function userAgentOf(r: Recorded): string | undefined {
  const headers = r.exchange.request.headers;
  const name = Object.keys(headers).find((k) => k.toLowerCase() === 'user-agent');
  return name ? headers[name] : undefined;
}

/** One cell's evidence as the HTML's case: the exchanges, and steps that read request → answer → fix. */
function evidenceCase(key: string, f: Finding, records: Recorded[], fix: string | undefined): CaseRecord {
  const steps = records.flatMap((r) => [
    { kind: 'step' as const, keyword: 'Request ', text: `#${r.seq} ${r.method} ${r.path}`, status: 'PASSED' as const, ms: 0 },
    { kind: 'step' as const, keyword: 'Answer ', text: `${r.status}${r.rule ? ` (the reference applied ${r.rule})` : ''}${r.reason ? `: ${r.reason}` : ''}`,
      status: (r.status >= 400 ? 'FAILED' : 'PASSED') as 'FAILED' | 'PASSED', ms: 0 },
  ]);
  if (fix) steps.push({ kind: 'step', keyword: 'Fix ', text: fix, status: 'PASSED', ms: 0 });
  const failed = f.result !== 'PASS';
  return {
    key, uri: 'certify-client', line: records[0]?.seq ?? 0, tags: [], reqs: [f.id], idps: [], sps: [],
    pickle: { id: key, uri: 'certify-client', name: f.reason, steps: [], tags: [], astNodeIds: [] },
    attempts: [{
      testCaseStartedId: key, attempt: 0, finished: true, status: failed ? 'FAILED' : 'PASSED', startedAt: records[0]?.at ?? 0, ms: 0,
      steps, transcript: records.map((r) => r.exchange), idpLog: [], findings: f.result === 'WARN' ? [f.reason] : [], asides: [], notes: [], settleSpentMs: [],
    }],
  };
}

/** Writes conformance.json, junit.xml and conformance.html into dir, the token kept out of each. */
export function writeClientReport(dir: string, built: ClientReport, secrets: string[], catalog?: Catalog): void {
  writeReports(dir, built.report, [], { catalog, secrets, index: built.index });
  sweepReportDir(dir, secrets);
}
