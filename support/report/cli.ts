// `scim-conformance report …`: merge shard folders into one report, or write a starting baseline.
//   report merge <dir>… [--report-dir out] [--baseline file] [--sp-profile aws|rfc]
//   report --baseline-from reports/conformance.json [--out file]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../catalog/catalog.js';
import { BaselineError, baselineFrom, loadBaseline } from './baseline.js';
import { MergeError, MESSAGES_FILE, mergeRunDirs, RUN_FILE } from './merge.js';
import { redactEnvelopes, reportRedactor, sweepReportDir } from './redact.js';
import { summarize } from './summary.js';
import type { ConformanceReport, RunInfo } from './types.js';
import { buildReport, exitCodeFor } from './verdicts.js';
import { writeReports } from './write.js';

export interface ReportIo { out: (s: string) => void; err: (s: string) => void }
const defaultIo: ReportIo = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

const USAGE = 'usage: scim-conformance report merge <dir>… [--report-dir out] [--baseline file] | report --baseline-from reports/conformance.json [--out file]';

interface Parsed { positional: string[]; flags: Map<string, string> }
function parse(argv: string[], known: Set<string>): Parsed | string {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) { positional.push(a); continue; }
    const [name, inline] = a.split(/=(.*)/s, 2);
    if (!known.has(name)) return `unknown option ${name} (${USAGE})`;
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) return `${name} needs a value`;
    flags.set(name, value);
  }
  return { positional, flags };
}

export async function reportMain(argv: string[], io: ReportIo = defaultIo): Promise<number> {
  const args = argv[0] === 'report' ? argv.slice(1) : argv;
  try {
    if (args[0] === 'merge') return merge(args.slice(1), io);
    if (args.some((a) => a === '--baseline-from' || a.startsWith('--baseline-from='))) return fromReport(args, io);
    io.err(args.length ? `unknown report command "${args[0]}" (${USAGE})` : USAGE);
    return 2;
  } catch (e) {
    if (e instanceof BaselineError || e instanceof MergeError) { io.err(e.message); return 2; }
    throw e;
  }
}

function merge(argv: string[], io: ReportIo): number {
  const p = parse(argv, new Set(['--report-dir', '--baseline', '--sp-profile']));
  if (typeof p === 'string') { io.err(p); return 2; }
  if (!p.positional.length) { io.err(`report merge needs the shard folders to merge (${USAGE})`); return 2; }
  const missing = p.positional.find((d) => !existsSync(d));
  if (missing) { io.err(`shard folder ${missing} does not exist`); return 2; }
  const profile = p.flags.get('--sp-profile');
  if (profile && profile !== 'aws' && profile !== 'rfc') { io.err(`--sp-profile must be aws or rfc, not ${profile}`); return 2; }
  const catalog = loadCatalog();
  const baseline = p.flags.has('--baseline') ? loadBaseline(p.flags.get('--baseline')!, catalog) : undefined;
  const merged = mergeRunDirs(p.positional);
  let run: RunInfo | undefined = merged.run;
  if (!run && !profile) { io.err(`the shard folders lack ${RUN_FILE}: say which profile they ran with --sp-profile aws|rfc`); return 2; }
  if (!run) {
    run = { version: 'unknown', seed: 0, runId: 'merged', target: { id: 'unknown', kind: 'unknown', scimBase: '' }, spProfile: profile as 'aws' | 'rfc', startedAt: new Date().toISOString() };
  } else if (profile && profile !== run.spProfile) {
    io.err(`--sp-profile ${profile} contradicts the shards' ${RUN_FILE} (${run.spProfile})`); return 2;
  }
  const dir = p.flags.get('--report-dir') ?? 'reports';
  const report = buildReport(merged.envelopes, catalog, run, baseline);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MESSAGES_FILE), redactEnvelopes(merged.envelopes, reportRedactor()).map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeFileSync(join(dir, RUN_FILE), `${JSON.stringify(run, null, 2)}\n`);
  writeReports(dir, report, merged.envelopes, { catalog });
  sweepReportDir(dir, []);
  io.out(summarize(report, { reportDir: dir }));
  return exitCodeFor(report);
}

function fromReport(argv: string[], io: ReportIo): number {
  const p = parse(argv, new Set(['--baseline-from', '--out']));
  if (typeof p === 'string') { io.err(p); return 2; }
  if (p.positional.length) { io.err(`unexpected argument ${p.positional[0]} (${USAGE})`); return 2; }
  const from = p.flags.get('--baseline-from')!;
  let report: ConformanceReport;
  try { report = JSON.parse(readFileSync(from, 'utf8')) as ConformanceReport; } catch (e) {
    io.err(`${from} cannot be read as a conformance.json: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`); return 2;
  }
  if (report?.schemaVersion !== 1 || !Array.isArray(report.requirements)) { io.err(`${from} is not a conformance.json (schemaVersion 1)`); return 2; }
  const yaml = baselineFrom(report);
  const out = p.flags.get('--out');
  if (out) { writeFileSync(out, yaml); io.err(`wrote ${out}`); } else io.out(yaml.trimEnd());
  return 0;
}
