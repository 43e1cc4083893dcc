// Option specs of the CLI's commands, in one place: parsing, `--help` text and the config file all read them.
// Another module's flags (the HTTP transport's --rate, --concurrency, auth and TLS) are merged into `run`
// with one line in runOptionSpecs().
import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseYaml } from '../catalog/yaml-data.js';
import { UsageError } from '../targets/target.js';
import { TRANSPORT_OPTIONS } from './transport-flags.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Placeholder of the value in --help, e.g. "N". */
  arg?: string;
  help: string;
  /** The environment variable that stands in for it. */
  env?: string;
  /** Secret: may come from the config file, but the environment is better (README). */
  secret?: boolean;
}
export type OptionSpecs = Record<string, OptionSpec>;

/** The options every command that talks to a target shares (run, doctor, cleanup). */
export const TARGET_OPTIONS: OptionSpecs = {
  target: { type: 'string', arg: 'embedded|url:<base>|container:<image>', help: 'the SP to certify (default embedded: the reference in-process)', env: 'SCIM_BASE_URL' },
  token: { type: 'string', arg: 'T', help: 'bearer token of a url: target', env: 'SCIM_TOKEN', secret: true },
  'second-token': { type: 'string', arg: 'T2', help: 'a second valid token (the rotation checks)', env: 'SCIM_SECOND_TOKEN', secret: true },
  'admin-url': { type: 'string', arg: 'U', help: 'the reference admin API of the target, when it serves one', env: 'SCIM_ADMIN_URL' },
  'admin-token': { type: 'string', arg: 'A', help: 'its admin token', env: 'SCIM_ADMIN_TOKEN', secret: true },
  'sp-profile': { type: 'string', arg: 'aws|rfc|both', help: 'which SP behaviour is expected (both: aws then rfc, one merged report)' },
  'timeout-ms': { type: 'string', arg: 'MS', help: 'per HTTP request (default 10000)' },
  'settle-ms': { type: 'string', arg: 'MS', help: 'how long a list or filter may take to show a write the scenario made (default 2000; 0: at once)' },
  'container-port': { type: 'string', arg: 'P', help: 'the port the SP image listens on' },
  'container-env': { type: 'string', multiple: true, arg: 'K=V', help: 'environment of the SP image (repeatable)' },
  'container-scim-path': { type: 'string', arg: '/scim/v2', help: 'the SCIM base path of an SP image without the admin API' },
  config: { type: 'string', arg: 'FILE', help: 'read options from FILE (default ./scim-conformance.config.yaml when present)' },
  help: { type: 'boolean', short: 'h', help: 'this help' },
};

export const RUN_OWN_OPTIONS: OptionSpecs = {
  tags: { type: 'string', arg: 'EXPR', help: "a cucumber tag expression, e.g. '@req:AP-TOKEN-03' or 'not @console'" },
  req: { type: 'string', arg: 'ID[,ID…]', help: 'only these catalogue ids (shorthand for --tags "@req:ID or …")' },
  'rerun-failed': { type: 'string', arg: 'conformance.json', help: 'rerun the ids that were FAIL, WARN, BLOCKED or XPASS in that report' },
  parallel: { type: 'string', arg: 'N', help: 'cucumber workers (0 = serial)' },
  'report-dir': { type: 'string', arg: 'DIR', help: 'where the reports go (default reports)' },
  seed: { type: 'string', arg: 'N', help: "the data seed (printed by every run): pin it to replay a run's data" },
  baseline: { type: 'string', arg: 'FILE', help: 'known deviations of this target (XFAIL/XPASS)' },
  faults: { type: 'string', arg: 'a,b', help: 'deliberate breakages of the embedded reference (suite self-test)' },
  variants: { type: 'string', arg: 'a,b', help: 'conformant variants of the embedded reference' },
  quiet: { type: 'boolean', help: 'print nothing but errors' },
  features: { type: 'string', multiple: true, arg: 'FILE|DIR', help: 'run these .feature files instead of features/ (a reproduction fuzz-sync wrote, say; repeatable)' },
};

/** Flags that other modules add to `run` (and doctor/cleanup where they concern the connection). Merged here, once. */
const EXTRA_TARGET_OPTIONS: OptionSpecs[] = [];
export function addTargetOptions(specs: OptionSpecs): void { EXTRA_TARGET_OPTIONS.push(specs); }

export function targetOptionSpecs(): OptionSpecs { return Object.assign({}, TARGET_OPTIONS, TRANSPORT_OPTIONS, ...EXTRA_TARGET_OPTIONS); }
export function runOptionSpecs(): OptionSpecs { return { ...targetOptionSpecs(), ...RUN_OWN_OPTIONS }; }

export const CONFIG_FILE = 'scim-conformance.config.yaml';

/**
 * The config file as argv: keys are flag names (`sp-profile: rfc`, `container-env: [K=V]`); a flag given on
 * the command line overrides the file's value. --config FILE, else ./scim-conformance.config.yaml.
 */
export function configArgs(argv: string[], specs: OptionSpecs, cwd = process.cwd()): string[] {
  let file: string | undefined;
  const i = argv.findIndex((a) => a === '--config' || a.startsWith('--config='));
  if (i >= 0) {
    file = argv[i].includes('=') ? argv[i].slice('--config='.length) : argv[i + 1];
    if (!file) throw new UsageError('--config needs a file name.');
    file = resolve(cwd, file);
    if (!existsSync(file)) throw new UsageError(`--config ${file}: no such file.`);
  } else if (existsSync(resolve(cwd, CONFIG_FILE))) file = resolve(cwd, CONFIG_FILE);
  if (!file) return [];
  let doc: unknown;
  try { doc = parseYaml(readFileSync(file, 'utf8')); } catch (e) { throw new UsageError(`${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`); }
  if (doc === null || doc === undefined) return [];
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`${file} must be a map of flag names to values (e.g. "sp-profile: rfc").`);
  const given = new Set(argv.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')[0]));
  const out: string[] = [];
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const spec = specs[key];
    if (!spec || key === 'config' || key === 'help') throw new UsageError(`${file}: "${key}" is not an option of this command (the keys are the flag names, e.g. sp-profile).`);
    if (given.has(key)) continue;
    if (spec.type === 'boolean') { if (value === true) out.push(`--${key}`); continue; }
    const values = Array.isArray(value) ? value : [value];
    if (!spec.multiple && values.length !== 1) throw new UsageError(`${file}: "${key}" takes one value.`);
    if (spec.multiple && !Array.isArray(value) && typeof value === 'object' && value) {
      for (const [k, v] of Object.entries(value)) out.push(`--${key}`, `${k}=${String(v)}`);
      continue;
    }
    for (const v of values) out.push(`--${key}`, String(v));
  }
  return out;
}

/** parseArgs over the config file's values and then the command line, with the one-sentence UsageError. */
export function parseWithConfig(argv: string[], specs: OptionSpecs, command: string, cwd?: string): Record<string, string | boolean | string[] | undefined> {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  return parseFlags([...configArgs(argv, specs, cwd), ...argv], specs, command);
}

/** parseArgs over the command's specs alone (no config file), with the one-sentence UsageError. */
export function parseFlags(args: string[], specs: OptionSpecs, command: string): Record<string, string | boolean | string[] | undefined> {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, s] of Object.entries(specs)) options[name] = { type: s.type, ...(s.multiple ? { multiple: true } : {}), ...(s.short ? { short: s.short } : {}) };
  try {
    return parseArgs({ args, strict: true, allowPositionals: false, options }).values as Record<string, string | boolean | string[] | undefined>;
  } catch (error) {
    throw usageError(error, command);
  }
}

/**
 * parseArgs's complaint in one sentence. A value that starts with "-" (a token can: the reference's are base64url)
 * is taken for an option unless written after "=", and parseArgs says so only on its third line.
 */
export function usageError(error: unknown, command?: string): UsageError {
  const message = (error as Error).message;
  const option = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message)?.[1];
  const hint = option ? `: a value that starts with "-" is written ${option}=<value>` : '';
  return new UsageError(`${message.split('\n')[0].replace(/\.$/, '')}${hint} (scim-conformance ${command ? `${command} ` : ''}--help lists the options).`);
}

/** `--help` text of a command from its specs. */
export function helpText(command: string, synopsis: string, specs: OptionSpecs, notes: string[] = []): string {
  const rows = Object.entries(specs).map(([name, s]) => [`  --${name}${s.arg ? ` ${s.arg}` : ''}${s.short ? `, -${s.short}` : ''}`, `${s.help}${s.env ? ` (or ${s.env})` : ''}`]);
  const width = Math.min(46, Math.max(...rows.map(([a]) => a.length)) + 2);
  return [`scim-conformance ${command}: ${synopsis}`, '', `usage: scim-conformance ${command} [options]`, '',
    ...rows.map(([a, b]) => (a.length >= width ? `${a}\n${' '.repeat(width)}${b}` : `${a.padEnd(width)}${b}`)), ...(notes.length ? ['', ...notes] : [])].join('\n');
}
