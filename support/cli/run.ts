// scim-conformance run: open the target once, run the catalogue's features against it with cucumber,
// then turn the messages into verdicts and reports. The exit code comes from the verdicts.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { Writable } from 'node:stream';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadConfiguration, runCucumber, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import type { SpProfile, Target } from '../targets/target.js';
import { TargetUnreachable, UsageError } from '../targets/target.js';
import { probeTarget } from '../targets/probe.js';
import { secretsToEnvironment } from '../targets/secrets.js';
import type { RunParameters } from '../screenplay/context.js';
import { loadCatalog, retiredNote } from '../catalog/catalog.js';
import { FAULTS, type FaultName, type VariantName } from '../reference-server/scim/types.js';
import { VARIANTS } from '../reference-server/scim/variants.js';
import { Progress } from './progress.js';
import { RERUN_PLUGIN, type RerunOptions } from './rerun-reproductions.js';
import { describeServed, discoverServed, lateWritesAdvice, measuredLags } from '../targets/capabilities.js';
import { EXIT } from './exit-codes.js';
import { applyTransport, transportFromFlags, type RunTransport } from './transport-flags.js';
import { LEDGER_FILE, ReportFolderBusy, STOP_FILE, holdReportFolder, namePrefix, newRunId } from './ledger.js';
import { sweepRun } from './sweep.js';
import { helpText, parseWithConfig, runOptionSpecs } from './options.js';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version as string;

export interface RunOptions {
  target: string;
  token?: string; secondToken?: string; adminUrl?: string; adminToken?: string;
  /** Pacing, auth scheme, extra headers and TLS for every request to the target (support/scim/transport.ts). */
  transport: RunTransport;
  spProfile: SpProfile;
  /** `--sp-profile both`: aws then rfc, merged into one report. */
  spProfiles: SpProfile[];
  tags?: string;
  parallel: number;
  reportDir: string;
  seed: number;
  timeoutMs: number;
  /** How long a list or filter may take to show the scenario's own writes (support/screenplay/settle.ts). */
  settleMs: number;
  baseline?: string;
  containerPort?: number; containerEnv: Record<string, string>; containerScimPath?: string;
  /** Deliberate breakages of the embedded reference, to prove the suite catches them. */
  faults: FaultName[];
  /** Lenient but RFC-conformant behaviours of the embedded reference. */
  variants?: VariantName[];
  quiet: boolean;
  /** `--features`: these .feature files or folders instead of the plan's features/ (a fuzz-sync reproduction, say). */
  features?: string[];
  /** `--rerun-failed`: the failed reproductions of that report, by `uri:line` (rerun-reproductions.ts). */
  rerunReproductions?: string[];
  /** Every parsed value, by flag name: flags other modules add (transport) are read from here. */
  raw: Record<string, string | boolean | string[] | undefined>;
}

export const RUN_SYNOPSIS = 'run the catalogue against a target and write the reports';
export function runHelp(): string {
  return helpText('run', RUN_SYNOPSIS, runOptionSpecs(), [
    'Options may also come from scim-conformance.config.yaml (or --config FILE): keys are the flag names; flags override it.',
    'Secrets are better in the environment (SCIM_TOKEN, SCIM_SECOND_TOKEN, SCIM_ADMIN_TOKEN) than in a file or on the command line.',
    'Exit codes: 0 every must-level rule passed · 1 a must-level rule failed · 2 bad usage · 3 target unreachable, or down mid-run (no must-level rule failed, some scenarios unjudged) · 4 suite bug · 130 interrupted.',
  ]);
}

/** Long enough for a list index that follows its store closely; short, since a real deviation waits it out on its failing reads. */
const DEFAULT_SETTLE_MS = 2000;

/** How long the capability probe looks for its new user in a list: twice the settle time, to say by how much a lag exceeds it. */
export const lagLimit = (settleMs: number): number => Math.max(1000, 2 * settleMs);

const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, not "${raw}".`);
  return n;
};

/** The target and credential options (run, doctor, cleanup). */
export function parseTargetOptions(values: Record<string, any>, env: NodeJS.ProcessEnv = process.env) {
  const target = (values.target as string | undefined) ?? (env.SCIM_BASE_URL ? `url:${env.SCIM_BASE_URL}` : 'embedded');
  if (!/^(embedded|url:.+|container:.+)$/.test(target)) throw new UsageError(`--target is embedded, url:<scim base url> or container:<image>, not "${target}".`);
  // the connection: pacing, the auth scheme (a token file, Basic or OAuth stand in for --token), headers, TLS
  const transport = transportFromFlags(values, env, { target, parallel: int('parallel', values.parallel, 0, 0, 16), token: values.token ?? env.SCIM_TOKEN });
  const token = values.token ?? env.SCIM_TOKEN ?? transport.token;
  if (target.startsWith('url:') && !token) throw new UsageError('A url: target needs credentials: give --token (or SCIM_TOKEN), --token-file, --basic-user or --oauth-token-url.');
  const adminUrl = values['admin-url'] ?? env.SCIM_ADMIN_URL; const adminToken = values['admin-token'] ?? env.SCIM_ADMIN_TOKEN;
  if (Boolean(adminUrl) !== Boolean(adminToken)) throw new UsageError('--admin-url and --admin-token go together (or SCIM_ADMIN_URL and SCIM_ADMIN_TOKEN).');
  const containerEnv: Record<string, string> = {};
  for (const pair of (values['container-env'] as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError(`--container-env takes K=V, not "${pair}".`);
    containerEnv[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return {
    target, token, transport, secondToken: values['second-token'] ?? env.SCIM_SECOND_TOKEN, adminUrl, adminToken,
    timeoutMs: int('timeout-ms', values['timeout-ms'], 10_000, 100, 600_000),
    settleMs: int('settle-ms', values['settle-ms'], DEFAULT_SETTLE_MS, 0, 600_000),
    containerPort: values['container-port'] === undefined ? undefined : int('container-port', values['container-port'], 8080, 1, 65535),
    containerEnv, containerScimPath: values['container-scim-path'] as string | undefined,
  };
}

/**
 * `--req A,B` and `--rerun-failed file`: a tag expression over catalogue ids, and the failed reproductions to run
 * again (by the report's `uri:line`; the expression then lets @reproduction through, and rerun-reproductions.ts keeps
 * only those). Unknown ids are bad usage.
 */
export function requirementSelection(values: Record<string, any>, catalog = loadCatalog()): { tags?: string; reproductions: string[] } {
  const ids: string[] = [];
  const reproductions: string[] = [];
  if (values.req !== undefined) {
    const given = String(values.req).split(',').map((x) => x.trim()).filter(Boolean);
    if (!given.length) throw new UsageError('--req takes catalogue ids, e.g. --req RFC-CREATE-01,AP-TOKEN-02.');
    const unknown = given.filter((id) => !catalog.byId.has(id));
    const retired = unknown.map((id) => catalog.retiredById.get(id)).find((r) => r !== undefined);
    if (retired) throw new UsageError(`--req: ${retiredNote(retired)}.`);
    if (unknown.length) throw new UsageError(`--req: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the catalogue (scim-conformance list shows the ids).`);
    ids.push(...given);
  }
  if (values['rerun-failed'] !== undefined) {
    const file = resolve(String(values['rerun-failed']));
    let report: any;
    try { report = JSON.parse(readFileSync(file, 'utf8')); } catch (e) {
      throw new UsageError(`--rerun-failed ${file} cannot be read as a conformance.json (${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0]}).`);
    }
    if (report?.schemaVersion !== 1 || !Array.isArray(report.requirements)) throw new UsageError(`--rerun-failed ${file} is not a conformance.json (schemaVersion 1).`);
    type Judged = { result?: string; failedInStepOf?: string; blockedBy?: string; blockedByRowNotRun?: true };
    const rows = report.requirements as { id: string; variants?: (Judged & { result: string })[]; verdict?: string }[];
    const failedRows = rows.filter((r) => [r.verdict, ...(r.variants ?? []).map((v) => v.result)].some((x) => x && RERUN_RESULTS.has(x)));
    // a row that failed in a step another row owns, which passed then, was judged on that pass: it runs again too, or
    // the rerun could not say it (a row not run blocks what fails in its steps); so does the row that blocked one and
    // was not in that run, whose verdict decides it
    const ownersOf = (v: Judged) => [v.failedInStepOf, v.blockedByRowNotRun ? v.blockedBy : undefined];
    const owners = [...failedRows.flatMap((r) => (r.variants ?? []).flatMap(ownersOf)),
      ...((report.reproductions ?? []) as Judged[]).filter((r) => r.result && RERUN_RESULTS.has(r.result)).flatMap(ownersOf)];
    const again = [...failedRows.map((r) => r.id), ...owners.filter((id): id is string => typeof id === 'string')].filter((id) => catalog.byId.has(id));
    // a reproduction has no id to select it by: its location (uri:line) is, and rerun-reproductions.ts reads it
    const failed = ((report.reproductions ?? []) as { location?: unknown; result?: string }[])
      .filter((r) => r.result && RERUN_RESULTS.has(r.result) && typeof r.location === 'string' && /:\d+$/.test(r.location)).map((r) => r.location as string);
    if (!again.length && !failed.length) throw new NothingToRerun(`Nothing to rerun: ${file} has no FAIL, WARN, BLOCKED or XPASS row, and no failed reproduction.`);
    ids.push(...again);
    reproductions.push(...new Set(failed));
  }
  const terms = [...new Set(ids)].map((id) => `@req:${id}`);
  if (reproductions.length) terms.push('@reproduction');
  return { ...(terms.length ? { tags: terms.join(' or ') } : {}), reproductions };
}

/**
 * The feature files of reproductions to run again that the run would not load (a user's own, given with --features
 * to the run that failed them): added to `features`, beside the plan's features/ when no --features is given.
 */
function withReproductionFiles(features: string[] | undefined, reproductions: string[]): string[] | undefined {
  const loading = features ?? [join(PACKAGE_ROOT, 'features')];
  const loaded = (file: string) => loading.some((f) => file === f || file.startsWith(`${f.replace(/\/+$/, '')}/`));
  const missing = [...new Set(reproductions.map((r) => resolve(PACKAGE_ROOT, r.replace(/:\d+$/, ''))))].filter((file) => !loaded(file));
  if (!missing.length) return features;
  for (const file of missing) if (!existsSync(file)) throw new UsageError(`--rerun-failed: the reproduction's feature ${file} is gone.`);
  return [...loading, ...missing];
}

export const RERUN_RESULTS = new Set(['FAIL', 'WARN', 'BLOCKED', 'XPASS']);
export class NothingToRerun extends Error {}

export function parseRunOptions(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): RunOptions {
  const values = parseWithConfig(argv, runOptionSpecs(), 'run', cwd) as Record<string, any>;
  const profileFlag = (values['sp-profile'] ?? 'aws') as string;
  if (!['aws', 'rfc', 'both'].includes(profileFlag)) throw new UsageError(`--sp-profile is aws or rfc, not "${values['sp-profile']}".`);
  const spProfiles: SpProfile[] = profileFlag === 'both' ? ['aws', 'rfc'] : [profileFlag as SpProfile];
  const t = parseTargetOptions(values, env);
  const { faults, variants } = parseReferenceChanges(values, t.target);
  const selection = requirementSelection(values);
  const byIds = selection.tags;
  const features = withReproductionFiles(values.features ? featurePaths(values.features as string[]) : undefined, selection.reproductions);
  const tags = [values.tags && `(${values.tags})`, byIds && `(${byIds})`].filter(Boolean).join(' and ') || undefined;
  return {
    ...t,
    spProfile: spProfiles[0], spProfiles, tags: values.tags && !byIds ? values.tags : tags,
    parallel: int('parallel', values.parallel, 0, 0, 16),
    reportDir: resolve(values['report-dir'] ?? 'reports'),
    seed: int('seed', values.seed, randomInt(1, 2 ** 31 - 1), 0, 2 ** 31 - 1),
    baseline: values.baseline && resolve(values.baseline),
    faults, variants, quiet: values.quiet ?? false, raw: values,
    ...(features ? { features } : {}),
    ...(selection.reproductions.length ? { rerunReproductions: selection.reproductions } : {}),
  };
}

/**
 * What the SP really serves, once per run (run and fuzz-sync): scenarios choose their strategy from it, never
 * probe themselves. The probe's user carries the run's prefix; the capabilities and any list- or read-lag warning are logged.
 */
export async function probeServed(target: Target, options: Pick<RunOptions, 'timeoutMs' | 'settleMs'>, prefix: string, log: (line: string) => void): Promise<void> {
  const served = await discoverServed(target.description.scimBase, target.secrets.token, options.timeoutMs, prefix, lagLimit(options.settleMs));
  // a probe request that brought the SP down would leave every capability "not served", and every scenario unjudged
  try {
    await probeTarget(target.description.scimBase, target.secrets.token, options.timeoutMs, target.description.id);
  } catch (error) {
    if (!(error instanceof TargetUnreachable)) throw error;
    throw new TargetUnreachable(`${error.message} It answered when the run began, so one of the capability probe's requests (the optional filter forms, sortBy, /Users/.search, a throw-away user and group) brought it down: its own log will say which.`);
  }
  target.description.capabilities.served = served;
  log(`capabilities: ${describeServed(target.description.capabilities)}`);
  for (const { warning } of measuredLags(served, options.settleMs)) if (warning) log(`warning: ${warning}`);
}

/** `--faults` and `--variants`: names the embedded reference knows, and only for the embedded reference. */
export function parseReferenceChanges(values: { faults?: unknown; variants?: unknown }, target: string): { faults: FaultName[]; variants: VariantName[] } {
  const names = (raw: unknown) => String(raw ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  const faults = names(values.faults);
  for (const f of faults) if (!(f in FAULTS)) throw new UsageError(`--faults: "${f}" is not a fault of the reference (known: ${Object.keys(FAULTS).join(', ')}).`);
  if (faults.length && target !== 'embedded') throw new UsageError('--faults only breaks the embedded reference; it cannot change another target.');
  const variants = names(values.variants);
  for (const v of variants) if (!(v in VARIANTS)) throw new UsageError(`--variants: "${v}" is not a variant of the reference (known: ${Object.keys(VARIANTS).join(', ')}).`);
  if (variants.length && target !== 'embedded') throw new UsageError('--variants only changes the embedded reference; it cannot change another target.');
  return { faults: faults as FaultName[], variants: variants as VariantName[] };
}

/** `--features a.feature dir/`: absolute paths that exist (cucumber takes files and folders alike). */
function featurePaths(given: string[]): string[] {
  return given.map((f) => {
    const path = resolve(f);
    if (!existsSync(path)) throw new UsageError(`--features ${f}: no such file or folder.`);
    return path;
  });
}

export async function openTarget(options: RunOptions): Promise<Target> {
  // every request to the target, the probes' included, goes through the one HTTP layer
  for (const warning of options.transport.warnings) process.stderr.write(`${warning}\n`);
  applyTransport(options.transport);
  if (options.target === 'embedded') {
    return (await import('../targets/embedded.js')).openEmbedded({ spProfile: options.spProfile, timeoutMs: options.timeoutMs, faults: options.faults, variants: options.variants });
  }
  if (options.target.startsWith('url:')) {
    return (await import('../targets/url.js')).openUrl({ base: options.target.slice(4), token: options.token, secondToken: options.secondToken,
      adminUrl: options.adminUrl, adminToken: options.adminToken, timeoutMs: options.timeoutMs });
  }
  return (await import('../targets/container.js')).openContainer({ image: options.target.slice('container:'.length), port: options.containerPort,
    env: options.containerEnv, scimPath: options.containerScimPath, token: options.token, secondToken: options.secondToken,
    spProfile: options.spProfile, timeoutMs: options.timeoutMs });
}

/** The plan's tag expression: the user's, narrowed to the SP profile and to what only the reference can prove. */
export function planTags(options: RunOptions, target: Target): string {
  const other = options.spProfile === 'aws' ? 'rfc' : 'aws';
  const parts = [`not @sp:${other}`];
  if (!target.description.capabilities.admin) parts.push('not @reference-only');
  if (options.tags) parts.unshift(`(${options.tags})`);
  return parts.join(' and ');
}

/**
 * The tag sets of the scenarios in a folder of features, read from their tag lines alone (a Feature's, Rule's,
 * Scenario's and Examples' tags carry down), so that a run can tell cheaply, before cucumber parses anything,
 * whether its plan may hold one of them. Empty when the folder cannot be read.
 */
export function scenarioTagSets(dir: string): string[][] {
  const sets: string[][] = [];
  let files: string[];
  try { files = readdirSync(dir).filter((f) => f.endsWith('.feature')); } catch { return sets; }
  for (const file of files) {
    let pending: string[] = [];
    let feature: string[] = [];
    let rule: string[] = [];
    let outline: string[] | undefined;
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const text = line.trim();
      if (text.startsWith('@')) { pending.push(...(text.match(/@[^\s#]+/g) ?? [])); continue; }
      const keyword = /^(Feature|Rule|Scenario Outline|Scenario Template|Scenario|Example|Examples|Scenarios):/.exec(text)?.[1];
      if (!keyword) continue;
      if (keyword === 'Feature') feature = pending;
      else if (keyword === 'Rule') { rule = pending; outline = undefined; }
      else if (keyword === 'Scenario Outline' || keyword === 'Scenario Template') outline = pending;
      else if (keyword === 'Examples' || keyword === 'Scenarios') { if (outline) sets.push([...feature, ...rule, ...outline, ...pending]); }
      else { outline = undefined; sets.push([...feature, ...rule, ...pending]); }
      pending = [];
    }
  }
  return sets;
}

/** Whether the plan's tags select any scenario of the folder (planTags leaves the other profile's out by tag). */
function planMayHold(tags: string, dir: string): boolean {
  const expression = parseTagExpression(tags);
  return scenarioTagSets(join(PACKAGE_ROOT, 'features', dir)).some((set) => expression.evaluate(set));
}

/**
 * Whether this run's plan may hold @console scenarios run in this process (serial): then Chromium starts
 * while cucumber loads, not when the first console scenario asks for it (a second of the plan's wall time).
 * Judged on the tags the console scenarios carry: every one is @sp:aws, so an rfc run starts no browser.
 */
export function mayRunConsole(options: Pick<RunOptions, 'parallel' | 'features'>, tags: string, target: Target): boolean {
  // console scenarios need the reference's admin API (@needs:admin): without it they are skipped, no browser needed
  if (options.parallel > 1 || !target.description.capabilities.admin) return false;
  if (options.features && !options.features.some((f) => /console/.test(f))) return false;
  return planMayHold(tags, 'console');
}

/**
 * Whether this run's plan may sign SAML assertions (the features under features/abac) in this process: then the
 * mock IdPs' certificate worker starts while cucumber loads (about 0.3 s of the plan's wall time otherwise).
 * Judged on the tags those features carry; a plan this misses still signs, only later.
 */
export function mayRunSigning(options: Pick<RunOptions, 'parallel' | 'features'>, tags: string, target: Target): boolean {
  if (options.parallel > 1 || !target.description.capabilities.admin) return false;
  if (options.features && !options.features.some((f) => /abac/.test(f))) return false;
  return planMayHold(tags, 'abac');
}

/** Ctrl-C: the first SIGINT stops the run gracefully (partial reports, cleanup, exit 130); a second one stops waiting for scenarios. */
export class Interrupt {
  fired = false;
  forced = false;
  stopFile?: string;
  private wake: (() => void)[] = [];
  private readonly onSignal = () => {
    if (this.fired) { this.forced = true; this.flush(); return; }
    this.fired = true;
    process.stderr.write('\nInterrupted: finishing the scenario in flight, then writing the partial reports and cleaning up (Ctrl-C again to stop waiting).\n');
    if (this.stopFile) try { writeFileSync(this.stopFile, new Date().toISOString()); } catch { /* the report folder is gone */ }
    this.flush();
  };
  constructor() { process.on('SIGINT', this.onSignal); }
  private flush() { for (const w of this.wake.splice(0)) w(); }
  /** Resolves on the first SIGINT (or at once, when it already came). */
  next(): Promise<void> { return this.fired ? Promise.resolve() : new Promise((r) => this.wake.push(r)); }
  /** Resolves on a second SIGINT. */
  forcedPromise(): Promise<void> { return this.forced ? Promise.resolve() : new Promise((r) => { const check = () => (this.forced ? r() : this.wake.push(check)); this.wake.push(check); }); }
  dispose(): void { process.off('SIGINT', this.onSignal); }
}

/** How long an interrupted run waits for the scenario in flight before it writes what it has. */
const INTERRUPT_GRACE_MS = 20_000;

export interface OnceResult { exitCode: number; report: import('../report/types.js').ConformanceReport; ndjsonPath: string; interrupted: boolean }

export async function runMain(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { process.stdout.write(`${runHelp()}\n`); return EXIT.ok; }
  let options: RunOptions;
  try { options = parseRunOptions(argv); } catch (error) {
    if (error instanceof NothingToRerun) { process.stdout.write(`${error.message}\n`); return EXIT.ok; }
    throw error;
  }
  mkdirSync(options.reportDir, { recursive: true });
  let release: () => void;
  try { release = holdReportFolder(options.reportDir); } catch (error) {
    if (!(error instanceof ReportFolderBusy)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT.usage;
  }
  const interrupt = new Interrupt();
  try {
    if (options.spProfiles.length === 1) {
      const once = await runOnce(options, options.reportDir, interrupt, true);
      return once.interrupted ? EXIT.interrupted : once.exitCode;
    }
    // --sp-profile both: each profile in its own folder, then one report holding both profiles' verdicts. The two
    // runs share this process: the second is handed the step definitions the first loaded (loadedSupport)
    const results: OnceResult[] = [];
    for (const spProfile of options.spProfiles) {
      if (interrupt.fired) break;
      results.push(await runOnce({ ...options, spProfile, quiet: true }, join(options.reportDir, spProfile), interrupt, false));
    }
    if (!results.length) return interrupt.fired ? EXIT.interrupted : EXIT.internal;
    const report = await import('../report/index.js');
    const { mergeProfileReports, mergeEnvelopes } = await import('../report/merge.js');
    const { readNdjson } = await import('../report/messages.js');
    const merged = mergeProfileReports(results.map((r) => r.report));
    const envelopes = mergeEnvelopes(results.map((r) => readNdjson(r.ndjsonPath)));
    report.writeReports(options.reportDir, merged, envelopes, { catalog: loadCatalog() });
    writeFileSync(join(options.reportDir, 'run.json'), `${JSON.stringify(merged.run, null, 2)}\n`);
    const { summarize, useColour } = await import('../report/summary.js');
    const { exitCodeFor } = await import('../report/verdicts.js');
    if (!options.quiet) process.stdout.write(`${summarize(merged, { reportDir: options.reportDir, colour: useColour() })}\nEach profile's own reports: ${options.spProfiles.map((p) => join(options.reportDir, p)).join(', ')}. Replay this run's data with --seed ${options.seed}.\n`);
    return interrupt.fired ? EXIT.interrupted : exitCodeFor(merged);
  } finally {
    interrupt.dispose();
    release();
  }
}

// ES modules are imported once a process, so the step definitions register once: a later run in the same
// process (`batch`) is handed the library the first run loaded, and skips cucumber's load of the support code.
let loadedSupport: ISupportCodeLibrary | undefined;

/** One profile's run: open the target, run cucumber, sweep what is left, write the reports. */
async function runOnce(options: RunOptions, reportDir: string, interrupt: Interrupt, print: boolean): Promise<OnceResult> {
  const startedAt = new Date().toISOString();
  const catalog = loadCatalog();
  let baseline;
  const report = await import('../report/index.js');
  if (options.baseline) baseline = report.loadBaseline(options.baseline, catalog);
  const log = (line: string) => { if (!options.quiet) process.stderr.write(`${line}\n`); };
  log(`scim-conformance ${VERSION}: opening the ${options.target} target (SP profile ${options.spProfile}, seed ${options.seed})`);
  const target = await openTarget(options);
  log(`transport: ${options.transport.description}`);
  let browserPrewarmed = false;
  try {
    mkdirSync(reportDir, { recursive: true });
    const ndjsonPath = join(reportDir, 'messages.ndjson');
    const ledgerPath = join(reportDir, LEDGER_FILE);
    const stopFile = join(reportDir, STOP_FILE);
    rmSync(stopFile, { force: true });
    writeFileSync(ledgerPath, '');
    interrupt.stopFile = stopFile;
    if (interrupt.fired) writeFileSync(stopFile, new Date().toISOString());
    const runId = newRunId();
    const prefix = namePrefix(runId);
    log(`names this run creates start with ${prefix} (scim-conformance cleanup --prefix ${prefix.replace(/-$/, '')} removes what a killed run left)`);
    await probeServed(target, options, prefix, log);
    const advice = options.parallel < 2 ? lateWritesAdvice(target.description.capabilities.served!) : undefined;
    if (advice) log(`note: ${advice}`);
    const parameters: RunParameters = { target: target.description, spProfile: options.spProfile, seed: options.seed, runId, timeoutMs: options.timeoutMs,
      settleMs: options.settleMs, ledger: ledgerPath, stopFile };
    const tags = planTags(options, target);
    secretsToEnvironment(target.secrets);
    browserPrewarmed = mayRunConsole(options, tags, target);
    if (browserPrewarmed) void import('../browser/chromium.js').then((b) => b.prewarmSharedBrowser());
    if (mayRunSigning(options, tags, target)) void import('../idp/saml-idp.js').then((s) => s.prewarmSigning());
    const { runConfiguration } = await loadConfiguration({
      file: 'cucumber.mjs',
      provided: {
        tags, parallel: options.parallel, worldParameters: parameters as any, ...(options.features ? { paths: options.features } : {}),
        ...(options.rerunReproductions ? { plugin: [RERUN_PLUGIN], pluginOptions: { rerunReproductions: options.rerunReproductions } satisfies RerunOptions } : {}),
        format: [['message', ndjsonPath], ['html', join(reportDir, 'cucumber.html')], ['junit', join(reportDir, 'cucumber-junit.xml')]],
        formatOptions: { junit: { suiteName: 'scim-conformance (scenarios)' } },
      },
    }, { cwd: PACKAGE_ROOT });
    const progress = new Progress(!options.quiet && process.stderr.isTTY === true && !process.env.NO_COLOR);
    const silent = new Writable({ write(_c, _e, done) { done(); } });
    const cucumber = runCucumber({ ...runConfiguration, ...(loadedSupport ? { support: loadedSupport } : {}) },
      { cwd: PACKAGE_ROOT, stdout: silent, env: process.env }, (envelope) => { progress.onMessage(envelope); });
    cucumber.then((result) => { loadedSupport ??= result.support; }, () => undefined);
    // Ctrl-C: scenarios see the stop file, the one in flight ends, the rest are skipped; give them a grace period
    await Promise.race([cucumber, interrupt.next().then(() => Promise.race([cucumber.catch(() => undefined),
      new Promise((r) => setTimeout(r, INTERRUPT_GRACE_MS).unref()), interrupt.forcedPromise()]))]);
    progress.stop();
    const interrupted = interrupt.fired;
    if (interrupted) await new Promise((r) => setTimeout(r, 200)); // let the message file's last writes land
    const cleanup = await sweepRun({ ledgerPath, scimBase: target.description.scimBase, token: target.secrets.token, adminBase: target.description.adminBase,
      adminToken: target.secrets.adminToken, prefix, timeoutMs: options.timeoutMs, settleMs: options.settleMs,
      ...(target.description.capabilities.served?.filters['userName sw'] === false ? { userNameSw: false } : {}) });
    const run = { version: VERSION, seed: options.seed, runId, spProfile: options.spProfile, startedAt, finishedAt: new Date().toISOString(),
      target: { id: target.description.id, kind: target.description.kind, scimBase: target.description.scimBase }, tags, namePrefix: prefix,
      ...(interrupted ? { interrupted: true } : {}) };
    const result = await report.writeRunReports({ reportDir, ndjsonPaths: [ndjsonPath], catalog, run, baseline, cleanup, interrupted,
      secrets: [target.secrets.token, target.secrets.secondToken, target.secrets.adminToken, ...options.transport.secrets] });
    rmSync(stopFile, { force: true });
    if (print && !options.quiet) {
      const { summarize, useColour } = await import('../report/summary.js');
      process.stdout.write(`${summarize(result.report, { reportDir, colour: useColour() })}\nReplay this run's data with --seed ${options.seed}.\n`);
    }
    return { exitCode: result.exitCode, report: result.report, ndjsonPath, interrupted };
  } finally {
    // the browser prewarmed for console scenarios, if cucumber's last hook did not close it (no scenario ran)
    if (browserPrewarmed) await import('../browser/chromium.js').then((b) => b.closeSharedBrowser());
    await target[Symbol.asyncDispose]();
  }
}

export { EXIT };
