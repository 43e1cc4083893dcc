// Shards → one message stream whose report is the single run's. Each shard's ids get a prefix (s0:, s1:…)
// so nothing can collide; meta, sources and Gherkin documents are kept once (a document's node ids are
// mapped onto the first shard's copy); a pickle is kept once per location, from the shard that ran it.
import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../targets/target.js';
import { join } from 'node:path';
import { readNdjson, toMillis, type Envelope, type Pickle } from './messages.js';
import type { ConformanceReport, RequirementVerdict, RunInfo } from './types.js';
import { worst } from './verdicts.js';

export const MESSAGES_FILE = 'messages.ndjson';
export const RUN_FILE = 'run.json';

/** A UsageError, so the CLI answers it with its one sentence and exit 2. */
export class MergeError extends UsageError {
  constructor(message: string) { super(message); this.name = 'MergeError'; }
}

function prefixIds<T>(value: T, p: string): T {
  if (Array.isArray(value)) return value.map((v) => prefixIds(v, p)) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string' && (k === 'id' || k.endsWith('Id'))) out[k] = p + v;
    else if (Array.isArray(v) && k.endsWith('Ids')) out[k] = v.map((x) => (typeof x === 'string' ? p + x : x));
    else if (k === 'body' || k === 'data') out[k] = v;
    else out[k] = v && typeof v === 'object' ? prefixIds(v, p) : v;
  }
  return out as T;
}

function nodeIds(doc: unknown): string[] {
  const ids: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) { n.forEach(walk); return; }
    if (!n || typeof n !== 'object') return;
    for (const [k, v] of Object.entries(n)) {
      if (k === 'id' && typeof v === 'string') ids.push(v);
      else if (v && typeof v === 'object') walk(v);
    }
  };
  walk(doc);
  return ids;
}

const pickleKey = (p: Pickle) => `${p.uri}:${p.location?.line ?? 0}:${p.location ? '' : p.name}`;

export function mergeEnvelopes(shards: Envelope[][]): Envelope[] {
  const defs: Envelope[] = [];
  const execution: Envelope[] = [];
  let meta: Envelope | undefined;
  let started: { timestamp: { seconds: number; nanos: number }; id?: string } | undefined;
  let finished: { timestamp: { seconds: number; nanos: number }; success: boolean; message?: string } | undefined;
  const sources = new Set<string>();
  const docs = new Map<string, string[]>();          // uri → node ids of the kept copy
  const pickleOut = new Map<string, { env: Envelope; ran: boolean }[]>();
  const runStartedId = 'merged-run';

  shards.forEach((raw, i) => {
    const p = `s${i}:`;
    const shard = raw.map((e) => prefixIds(e, p));
    const ranPickles = new Set(shard.filter((e) => e.testCase).map((e) => e.testCase!.pickleId));
    const idMap = new Map<string, string>();
    for (const e of shard) {
      if (e.meta) { meta = meta ?? e; continue; }
      if (e.source) { if (!sources.has(e.source.uri)) { sources.add(e.source.uri); defs.push(e); } continue; }
      if (e.gherkinDocument) {
        const uri = e.gherkinDocument.uri ?? '';
        const ids = nodeIds(e.gherkinDocument.feature);
        const kept = docs.get(uri);
        if (!kept) { docs.set(uri, ids); defs.push(e); continue; }
        if (kept.length !== ids.length) throw new MergeError(`${uri} differs between shards: merge only shards of the same checkout`);
        ids.forEach((id, k) => idMap.set(id, kept[k]));
        continue;
      }
      if (e.pickle) {
        const m = (id: string) => idMap.get(id) ?? id;
        const pk = e.pickle;
        const pickle: Pickle = { ...pk, astNodeIds: pk.astNodeIds.map(m), tags: pk.tags.map((t) => ({ ...t, astNodeId: m(t.astNodeId) })),
          steps: pk.steps.map((s) => ({ ...s, astNodeIds: s.astNodeIds.map(m) })) };
        const key = pickleKey(pickle);
        pickleOut.set(key, [...(pickleOut.get(key) ?? []), { env: { pickle }, ran: ranPickles.has(pk.id) }]);
        continue;
      }
      if (e.testRunStarted) {
        if (!started || toMillis(e.testRunStarted.timestamp) < toMillis(started.timestamp)) started = { timestamp: e.testRunStarted.timestamp, id: runStartedId };
        continue;
      }
      if (e.testRunFinished) {
        const f = e.testRunFinished;
        finished = !finished ? { timestamp: f.timestamp, success: f.success, ...(f.message ? { message: f.message } : {}) }
          : { timestamp: toMillis(f.timestamp) > toMillis(finished.timestamp) ? f.timestamp : finished.timestamp, success: finished.success && f.success,
            ...(finished.message || f.message ? { message: [finished.message, f.message].filter(Boolean).join('\n') } : {}) };
        continue;
      }
      if (e.stepDefinition || e.hook || e.parameterType || e.undefinedParameterType || e.parseError) { defs.push(e); continue; }
      // execution: point every reference to a test run at the merged one
      execution.push(rewriteRunStarted(e, runStartedId));
    }
  });

  const pickles: Envelope[] = [];
  for (const copies of pickleOut.values()) {
    const ran = copies.filter((c) => c.ran);
    pickles.push(...(ran.length ? ran : [copies[0]]).map((c) => c.env));
  }
  const out: Envelope[] = [];
  if (meta) out.push(meta);
  // sources and documents first (in shard order), then pickles, then the other definitions
  out.push(...defs.filter((e) => e.source || e.gherkinDocument), ...pickles, ...defs.filter((e) => !e.source && !e.gherkinDocument));
  if (started) out.push({ testRunStarted: started });
  out.push(...execution);
  if (finished) out.push({ testRunFinished: { ...finished, testRunStartedId: runStartedId } });
  return out;
}

function rewriteRunStarted(e: Envelope, id: string): Envelope {
  const [key] = Object.keys(e);
  const body = e[key] as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && 'testRunStartedId' in body) return { [key]: { ...body, testRunStartedId: id } } as Envelope;
  return e;
}

/** Merges the RunInfo of shards: same SP profile and target required; earliest start, latest finish. */
export function mergeRunInfo(runs: RunInfo[]): RunInfo {
  const [first] = runs;
  for (const r of runs) {
    if (r.spProfile !== first.spProfile) throw new MergeError(`shards ran with different SP profiles (${first.spProfile} and ${r.spProfile}); merge only shards of one run`);
    if (r.target.id !== first.target.id) throw new MergeError(`shards ran against different targets (${first.target.id} and ${r.target.id}); merge only shards of one run`);
  }
  const finishes = runs.map((r) => r.finishedAt).filter((x): x is string => !!x).sort();
  const tags = runs.map((r) => r.tags).filter((t): t is string => !!t);
  return {
    ...first,
    runId: runs.length > 1 ? `merged:${runs.map((r) => r.runId).join('+')}` : first.runId,
    startedAt: runs.map((r) => r.startedAt).sort()[0],
    ...(finishes.length ? { finishedAt: finishes[finishes.length - 1] } : {}),
    ...(tags.length === runs.length && runs.length > 1 ? { tags: tags.map((t) => `(${t})`).join(' or ') } : tags.length === 1 && runs.length === 1 ? { tags: tags[0] } : {}),
  };
}

export interface MergedRun { envelopes: Envelope[]; run?: RunInfo; dirs: string[] }

/**
 * Reads each shard folder's messages.ndjson (and run.json, when every shard has one) into one stream.
 * A folder without messages.ndjson is an error naming it.
 */
export function mergeRunDirs(dirs: string[]): MergedRun {
  if (!dirs.length) throw new MergeError('report merge needs at least one shard folder');
  const streams: Envelope[][] = [];
  const runs: RunInfo[] = [];
  for (const d of dirs) {
    const m = join(d, MESSAGES_FILE);
    if (!existsSync(m)) throw new MergeError(`${d} has no ${MESSAGES_FILE}: pass the --report-dir folders of the shard runs`);
    streams.push(readNdjson(m));
    const r = join(d, RUN_FILE);
    if (existsSync(r)) {
      try { runs.push(JSON.parse(readFileSync(r, 'utf8')) as RunInfo); } catch { throw new MergeError(`${r} is not valid JSON`); }
    }
  }
  return { envelopes: mergeEnvelopes(streams), ...(runs.length === dirs.length ? { run: mergeRunInfo(runs) } : {}), dirs };
}

/**
 * Reports of the same target under different SP profiles (`--sp-profile both`) → one report whose variants
 * are both profiles' verdicts (each variant keeps its `sp`). A profile's NOT-APPLICABLE variant is dropped
 * where another profile judged the row; `verdict` is the worst of what is left. The run lists both profiles.
 */
export function mergeProfileReports(reports: ConformanceReport[]): ConformanceReport {
  if (!reports.length) throw new MergeError('nothing to merge');
  const profiles = [...new Set(reports.map((r) => r.run.spProfile))];
  if (profiles.length !== reports.length) throw new MergeError(`each report must come from a different SP profile (got ${reports.map((r) => r.run.spProfile).join(', ')})`);
  const [first] = reports;
  const requirements: RequirementVerdict[] = first.requirements.map((req) => {
    const all = reports.flatMap((r) => r.requirements.find((x) => x.id === req.id)?.variants ?? []);
    const applicable = all.filter((v) => v.result !== 'NOT-APPLICABLE');
    const variants = applicable.length ? applicable : all;
    return { ...req, variants, verdict: worst(variants.map((v) => v.result)) };
  });
  const finishes = reports.map((r) => r.run.finishedAt).filter((x): x is string => !!x).sort();
  const run: RunInfo = { ...first.run, spProfiles: profiles, runId: reports.map((r) => r.run.runId).join('+'),
    startedAt: reports.map((r) => r.run.startedAt).sort()[0], ...(finishes.length ? { finishedAt: finishes[finishes.length - 1] } : {}),
    ...(reports.some((r) => r.run.interrupted) ? { interrupted: true } : {}) };
  const cleanups = reports.map((r) => r.cleanup).filter((c): c is NonNullable<typeof c> => !!c);
  const cleanup = cleanups.length ? { namePrefix: cleanups.map((c) => c.namePrefix).join(' '), created: sum(cleanups.map((c) => c.created)),
    leftAfterScenarios: sum(cleanups.map((c) => c.leftAfterScenarios)), sweptAtEnd: sum(cleanups.map((c) => c.sweptAtEnd)), notDeleted: cleanups.flatMap((c) => c.notDeleted),
    ...(cleanups.some((c) => c.stillServed?.length) ? { stillServed: cleanups.flatMap((c) => c.stillServed ?? []) } : {}) } : undefined;
  const reproductions = reports.flatMap((r) => r.reproductions ?? []);
  return { schemaVersion: 1, run, requirements, ...(cleanup ? { cleanup } : {}), ...(reproductions.length ? { reproductions } : {}) };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
