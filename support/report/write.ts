// The files of a report folder and the one call the runner makes after cucumber finishes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { loadCatalog, type Catalog } from '../catalog/catalog.js';
import { indexRun, type RunIndex } from './analyse.js';
import { loadBaseline, type Baseline } from './baseline.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { mergeEnvelopes, RUN_FILE } from './merge.js';
import { parseNdjson, type Envelope } from './messages.js';
import { redactEnvelopes, reportRedactor, sweepReportDir } from './redact.js';
import { summarize } from './summary.js';
import { trafficStats } from './traffic.js';
import type { CleanupInfo, ConformanceReport, RunInfo } from './types.js';
import { INTERRUPTED_MEDIA_TYPE } from '../cli/ledger.js';
import { buildReport, exitCodeFor } from './verdicts.js';

export const CONFORMANCE_JSON = 'conformance.json';
export const JUNIT_XML = 'junit.xml';
export const CONFORMANCE_HTML = 'conformance.html';

export interface WriteOptions {
  catalog?: Catalog;
  /** The run's secret values (tokens): removed from everything written, on top of the Bearer/Authorization patterns. */
  secrets?: Iterable<string | undefined>;
  /** The evidence already indexed (certify-client builds it from recorded exchanges, with no message stream). */
  index?: RunIndex;
  /** The index was built from envelopes redactEnvelopes scrubbed with these secrets: the HTML need not copy its transcripts again. */
  exchangesRedacted?: boolean;
}

/** Writes conformance.json, junit.xml and conformance.html into dir. */
export function writeReports(dir: string, report: ConformanceReport, envelopes: Envelope[], opts: WriteOptions = {}): void {
  const catalog = opts.catalog ?? loadCatalog();
  const redactor = reportRedactor(opts.secrets ?? []);
  mkdirSync(dir, { recursive: true });
  const safe = redactor.json(report) as ConformanceReport;
  writeFileSync(join(dir, CONFORMANCE_JSON), `${JSON.stringify(safe, null, 2)}\n`);
  writeFileSync(join(dir, JUNIT_XML), renderJunit(safe, catalog));
  writeFileSync(join(dir, CONFORMANCE_HTML), renderHtml(safe, opts.index ?? indexRun(envelopes), catalog, redactor, { exchangesRedacted: opts.exchangesRedacted === true && opts.index !== undefined }));
}

export interface RunReportsOptions {
  reportDir: string;
  /** One message NDJSON per run; several are merged as shards. */
  ndjsonPaths: string[];
  catalog?: Catalog;
  run: RunInfo;
  /** A loaded baseline, or the path given to --baseline (a BaselineError says what is wrong with it: exit 2). */
  baseline?: Baseline | string;
  secrets?: Iterable<string | undefined>;
  /**
   * Rewrite NDJSON files that live inside reportDir with their attachments and messages scrubbed (default
   * true). Other text files in reportDir (cucumber's HTML and JUnit) are swept for the secret values either way.
   */
  redactMessages?: boolean;
  /** What the run created and could not delete: written as conformance.json `cleanup` and in the summary. */
  cleanup?: CleanupInfo;
  /** The run was interrupted: scenarios that did not finish (or were kept from starting) are NOT-RUN. */
  interrupted?: boolean;
}

export interface RunReportsResult { report: ConformanceReport; exitCode: 0 | 1 | 3; summary: string }

export async function writeRunReports(o: RunReportsOptions): Promise<RunReportsResult> {
  const catalog = o.catalog ?? loadCatalog();
  const baseline = typeof o.baseline === 'string' ? loadBaseline(o.baseline, catalog) : o.baseline;
  const secrets = [...(o.secrets ?? [])];
  const redactor = reportRedactor(secrets);
  // each stream is scrubbed once, here: the verdicts, the HTML's evidence and the rewritten NDJSON all read the copy
  const texts = o.ndjsonPaths.map((p) => readFileSync(p, 'utf8'));
  const read = texts.map((text, i) => parseNdjson(text, o.ndjsonPaths[i]));
  const streams = read.map((envelopes) => redactEnvelopes(envelopes, redactor));
  const merged = streams.length === 1 ? streams[0] : mergeEnvelopes(streams);
  const envelopes = o.interrupted ? withoutInterrupted(merged) : merged;
  const index = indexRun(envelopes);
  // what leaves this function (the returned report, the summary on the terminal) is redacted too
  const built = buildReport(index, catalog, o.run, baseline);
  if (o.interrupted) {
    for (const r of built.requirements) for (const v of r.variants) if (v.result === 'NOT-RUN') v.reason = 'not run: the run was interrupted (Ctrl-C) before this was judged';
  }
  if (o.cleanup) built.cleanup = o.cleanup;
  // 429s met (waited out or handed back) and requests sent without certificate checks, from the transcripts
  built.run.traffic = trafficStats(index);
  const report = redactor.json(built) as ConformanceReport;
  mkdirSync(o.reportDir, { recursive: true });
  writeReports(o.reportDir, report, envelopes, { catalog, secrets, index, exchangesRedacted: true });
  writeFileSync(join(o.reportDir, RUN_FILE), `${JSON.stringify(o.run, null, 2)}\n`);
  if (o.redactMessages !== false) {
    o.ndjsonPaths.forEach((p, i) => {
      if (!isInside(p, o.reportDir)) return;
      // a stream the scrub left as it was (the usual case: transcripts arrive redacted), every line whole, stays
      if (streams[i].every((e, j) => e === read[i][j]) && wholeLines(texts[i]) === read[i].length) return;
      writeFileSync(p, streams[i].map((e) => JSON.stringify(e)).join('\n') + '\n');
    });
  }
  sweepReportDir(o.reportDir, secrets);
  return { report, exitCode: exitCodeFor(report), summary: summarize(report, { reportDir: o.reportDir }) };
}

/** Lines ended by a newline, when none is blank; -1 otherwise (a torn or untidy stream, to be written again). */
function wholeLines(text: string): number {
  let lines = 0;
  for (let at = 0, nl = text.indexOf('\n'); nl !== -1; at = nl + 1, nl = text.indexOf('\n', at)) {
    if (nl === at) return -1;
    lines++;
  }
  return text.endsWith('\n') || text === '' ? lines : -1;
}

function isInside(file: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(file));
  return !!rel && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * An interrupted run's stream without the attempts the interruption cut short: those that never finished, and
 * those marked by the hooks (kept from starting, or stopped half-way). They read as NOT-RUN, never as verdicts.
 */
export function withoutInterrupted(envelopes: Envelope[]): Envelope[] {
  const finished = new Set(envelopes.filter((e) => e.testCaseFinished).map((e) => e.testCaseFinished!.testCaseStartedId));
  const marked = new Set(envelopes.filter((e) => e.attachment?.mediaType === INTERRUPTED_MEDIA_TYPE && e.attachment.testCaseStartedId)
    .map((e) => e.attachment!.testCaseStartedId!));
  const drop = (id: string | undefined) => id !== undefined && (marked.has(id) || !finished.has(id));
  return envelopes.filter((e) => {
    if (e.testCaseStarted) return !drop(e.testCaseStarted.id);
    const ref = (e.testStepStarted ?? e.testStepFinished ?? e.testCaseFinished ?? e.attachment) as { testCaseStartedId?: string } | undefined;
    return !(ref && ref.testCaseStartedId !== undefined && drop(ref.testCaseStartedId));
  });
}
