// scim-conformance run: open the target once, run the catalogue's features against it with cucumber,
// then turn the messages into verdicts and reports. The exit code comes from the verdicts.
import { parseArgs } from 'node:util';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { Writable } from 'node:stream';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import type { SpProfile, Target } from '../targets/target.js';
import { UsageError } from '../targets/target.js';
import { secretsToEnvironment } from '../targets/secrets.js';
import type { RunParameters } from '../screenplay/context.js';
import { loadCatalog } from '../catalog/catalog.js';
import { FAULTS, type FaultName, type VariantName } from '../reference-server/scim/types.js';
import { VARIANTS } from '../reference-server/scim/variants.js';
import { Progress } from './progress.js';
import { describeServed, discoverServed } from '../targets/capabilities.js';
import { EXIT } from './exit-codes.js';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version as string;

export interface RunOptions {
  target: string;
  token?: string; secondToken?: string; adminUrl?: string; adminToken?: string;
  spProfile: SpProfile;
  tags?: string;
  parallel: number;
  reportDir: string;
  seed: number;
  timeoutMs: number;
  baseline?: string;
  containerPort?: number; containerEnv: Record<string, string>; containerScimPath?: string;
  /** Deliberate breakages of the embedded reference, to prove the suite catches them. */
  faults: FaultName[];
  /** Lenient but RFC-conformant behaviours of the embedded reference. */
  variants?: VariantName[];
  quiet: boolean;
}

export function parseRunOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): RunOptions {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: {
      target: { type: 'string' }, token: { type: 'string' }, 'second-token': { type: 'string' },
      'admin-url': { type: 'string' }, 'admin-token': { type: 'string' }, 'sp-profile': { type: 'string' },
      tags: { type: 'string' }, parallel: { type: 'string' }, 'report-dir': { type: 'string' }, seed: { type: 'string' },
      'timeout-ms': { type: 'string' }, baseline: { type: 'string' }, 'container-port': { type: 'string' },
      'container-env': { type: 'string', multiple: true }, 'container-scim-path': { type: 'string' },
      faults: { type: 'string' }, variants: { type: 'string' }, quiet: { type: 'boolean' },
    } }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (scim-conformance --help lists the options).`);
  }
  const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, not "${raw}".`);
    return n;
  };
  const spProfile = (values['sp-profile'] ?? 'aws') as SpProfile;
  if (spProfile !== 'aws' && spProfile !== 'rfc') throw new UsageError(`--sp-profile is aws or rfc, not "${values['sp-profile']}".`);
  const target = values.target ?? (env.SCIM_BASE_URL ? `url:${env.SCIM_BASE_URL}` : 'embedded');
  if (!/^(embedded|url:.+|container:.+)$/.test(target)) throw new UsageError(`--target is embedded, url:<scim base url> or container:<image>, not "${target}".`);
  const faults = (values.faults ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of faults) if (!(f in FAULTS)) throw new UsageError(`--faults: "${f}" is not a fault of the reference (known: ${Object.keys(FAULTS).join(', ')}).`);
  const token = values.token ?? env.SCIM_TOKEN;
  if (target.startsWith('url:') && !token) throw new UsageError('A url: target needs a bearer token: give --token or set SCIM_TOKEN.');
  const adminUrl = values['admin-url'] ?? env.SCIM_ADMIN_URL; const adminToken = values['admin-token'] ?? env.SCIM_ADMIN_TOKEN;
  if (Boolean(adminUrl) !== Boolean(adminToken)) throw new UsageError('--admin-url and --admin-token go together (or SCIM_ADMIN_URL and SCIM_ADMIN_TOKEN).');
  if (faults.length && target !== 'embedded') throw new UsageError('--faults only breaks the embedded reference; it cannot change another target.');
  const variants = (values.variants ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  for (const v of variants) if (!(v in VARIANTS)) throw new UsageError(`--variants: "${v}" is not a variant of the reference (known: ${Object.keys(VARIANTS).join(', ')}).`);
  if (variants.length && target !== 'embedded') throw new UsageError('--variants only changes the embedded reference; it cannot change another target.');
  const containerEnv: Record<string, string> = {};
  for (const pair of values['container-env'] ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError(`--container-env takes K=V, not "${pair}".`);
    containerEnv[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return {
    target,
    token, secondToken: values['second-token'] ?? env.SCIM_SECOND_TOKEN, adminUrl, adminToken,
    spProfile, tags: values.tags,
    parallel: int('parallel', values.parallel, 0, 0, 16),
    reportDir: resolve(values['report-dir'] ?? 'reports'),
    seed: int('seed', values.seed, randomInt(1, 2 ** 31 - 1), 0, 2 ** 31 - 1),
    timeoutMs: int('timeout-ms', values['timeout-ms'], 10_000, 100, 600_000),
    baseline: values.baseline && resolve(values.baseline),
    containerPort: values['container-port'] === undefined ? undefined : int('container-port', values['container-port'], 8080, 1, 65535),
    containerEnv, containerScimPath: values['container-scim-path'], faults: faults as FaultName[], variants: variants as VariantName[], quiet: values.quiet ?? false,
  };
}

export async function openTarget(options: RunOptions): Promise<Target> {
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

export async function runMain(argv: string[]): Promise<number> {
  const options = parseRunOptions(argv);
  const startedAt = new Date().toISOString();
  const catalog = loadCatalog();
  let baseline;
  const report = await import('../report/index.js');
  if (options.baseline) baseline = report.loadBaseline(options.baseline, catalog);
  const log = (line: string) => { if (!options.quiet) process.stderr.write(`${line}\n`); };
  log(`scim-conformance ${VERSION}: opening the ${options.target} target (SP profile ${options.spProfile}, seed ${options.seed})`);
  const target = await openTarget(options);
  try {
    // what the SP really serves, once per run: scenarios choose their strategy from it, never probe themselves
    target.description.capabilities.served = await discoverServed(target.description.scimBase, target.secrets.token, options.timeoutMs);
    log(`capabilities: ${describeServed(target.description.capabilities)}`);
    mkdirSync(options.reportDir, { recursive: true });
    const ndjsonPath = join(options.reportDir, 'messages.ndjson');
    const runId = Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0');
    const parameters: RunParameters = { target: target.description, spProfile: options.spProfile, seed: options.seed, runId, timeoutMs: options.timeoutMs };
    const tags = planTags(options, target);
    secretsToEnvironment(target.secrets);
    const { runConfiguration } = await loadConfiguration({
      file: 'cucumber.js',
      provided: {
        tags, parallel: options.parallel, worldParameters: parameters as any,
        format: [['message', ndjsonPath], ['html', join(options.reportDir, 'cucumber.html')], ['junit', join(options.reportDir, 'cucumber-junit.xml')]],
        formatOptions: { junit: { suiteName: 'scim-conformance (scenarios)' } },
      },
    }, { cwd: PACKAGE_ROOT });
    const progress = new Progress(!options.quiet && process.stderr.isTTY === true);
    const silent = new Writable({ write(_c, _e, done) { done(); } });
    await runCucumber(runConfiguration, { cwd: PACKAGE_ROOT, stdout: silent, env: process.env }, (envelope) => {
      progress.onMessage(envelope);
    });
    progress.stop();
    const run = { version: VERSION, seed: options.seed, runId, spProfile: options.spProfile, startedAt, finishedAt: new Date().toISOString(),
      target: { id: target.description.id, kind: target.description.kind, scimBase: target.description.scimBase }, tags };
    const result = await report.writeRunReports({ reportDir: options.reportDir, ndjsonPaths: [ndjsonPath], catalog, run, baseline,
      secrets: [target.secrets.token, target.secrets.secondToken, target.secrets.adminToken] });
    if (!options.quiet) process.stdout.write(`${result.summary}\nReplay this run's data with --seed ${options.seed}.\n`);
    return result.exitCode;
  } finally {
    await target[Symbol.asyncDispose]();
  }
}

export { EXIT };
