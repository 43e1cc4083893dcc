// Runs the suite's CLI against a real third-party SCIM server (tests/third-party/servers/<name>.ts).
// The server runs in a child process of its own (the CLI is another process and must reach it over
// 127.0.0.1); it is stopped, by its pid, when the run is over, whatever happened.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, reasonsOf, runCli, type CliRun } from '../suite/helpers.js';
import type { ConformanceReport } from '../../support/report/types.js';

export const SERVERS_DIR = join(ROOT, 'tests/third-party/servers');
/** Launchers of servers too heavy for every `npm ci` (installed apart, under .tmp/third-party/): not in npm test. */
export const OPT_IN_DIR = join(ROOT, 'tests/third-party/opt-in');
export const SEED = 99;

const launchersIn = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.includes('.check.')).map((f) => f.slice(0, -3)).sort();

/** The launchers in tests/third-party/servers/, by name (file name without .ts): the servers npm test runs. */
export function serverNames(): string[] {
  return launchersIn(SERVERS_DIR);
}

/** The opt-in launchers in tests/third-party/opt-in/. */
export function optInServerNames(): string[] {
  return launchersIn(OPT_IN_DIR);
}

const launcherOf = (name: string): string => [join(SERVERS_DIR, `${name}.ts`), join(OPT_IN_DIR, `${name}.ts`)].find(existsSync) ?? join(SERVERS_DIR, `${name}.ts`);

export const baselinePath = (name: string) => join(ROOT, 'fixtures/expectations', `${name}.yaml`);
export const verdictsPath = (name: string) => join(ROOT, 'fixtures/third-party', `${name}.verdicts.json`);

export interface RunningServer { name: string; scimBase: string; token: string; child: ChildProcess; stop(): Promise<void> }

/** Starts `node --import tsx tests/third-party/servers/<name>.ts` and waits for its two lines. */
export async function startServer(name: string, timeoutMs = 30_000): Promise<RunningServer> {
  const file = launcherOf(name);
  if (!existsSync(file)) throw new Error(`no launcher ${file} (known: ${[...serverNames(), ...optInServerNames()].join(', ')})`);
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = ''; let err = '';
  child.stderr!.on('data', (d) => { err += d; });
  const started = await new Promise<{ scimBase: string; token: string }>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${out}${err}`)); }, timeoutMs);
    child.stdout!.on('data', (d) => {
      out += d;
      const base = /listening on (http:\/\/127\.0\.0\.1:\d+\S*)/.exec(out)?.[1];
      const token = /^token: (\S+)$/m.exec(out)?.[1];
      if (base && token) { clearTimeout(timer); resolve({ scimBase: base, token }); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited ${code} before listening:\n${out}${err}`)); });
  });
  const exited = new Promise<void>((resolve) => { if (child.exitCode !== null) resolve(); else child.once('exit', () => resolve()); });
  return {
    name, ...started, child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited; clearTimeout(t);
      }
    },
  };
}

export interface ThirdPartyRun extends CliRun { server: string; scimBase: string }

/**
 * Starts the server, runs the catalogue against it under the rfc profile with a pinned seed, and stops it.
 * `baseline: true` uses fixtures/expectations/<name>.yaml; a string is taken as a baseline path.
 */
export async function runAgainst(name: string, options: { baseline?: boolean | string; reportDir?: string; extraArgs?: string[]; timeoutMs?: number } = {}): Promise<ThirdPartyRun> {
  const server = await startServer(name);
  try {
    const args = ['run', '--target', `url:${server.scimBase}`, `--token=${server.token}`, '--rate', '0', '--sp-profile', 'rfc',
      '--seed', String(SEED), '--quiet', ...(options.extraArgs ?? [])];
    const baseline = options.baseline === true ? baselinePath(name) : options.baseline || undefined;
    if (baseline) args.push('--baseline', baseline);
    // an opt-in server is opt-in for its weight: jackson's run takes about 2 minutes on this machine's 2 cores
    const run = await runCli(args, { reportDir: options.reportDir, timeoutMs: options.timeoutMs ?? (optInServerNames().includes(name) ? 240_000 : 120_000) });
    return { ...run, server: name, scimBase: server.scimBase };
  } finally {
    await server.stop();
  }
}

/** The stable part of a report: requirement × variant → result, sorted. Durations, ids and URLs are left out. */
export function verdictsOf(report: ConformanceReport): Record<string, string> {
  const rows: [string, string][] = [];
  for (const r of report.requirements) {
    if (!r.variants.length) rows.push([`${r.id} -`, r.verdict]);
    for (const v of r.variants) rows.push([`${r.id} ${v.sp}/${v.idp ?? '-'}`, v.result]);
  }
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(rows);
}

/** The committed file's shape: a header that says how to regenerate it, then the verdicts. */
export interface VerdictsFile { target: string; spProfile: 'rfc'; seed: number; regenerate: string; verdicts: Record<string, string> }

export function verdictsFile(name: string, report: ConformanceReport): VerdictsFile {
  return { target: name, spProfile: 'rfc', seed: SEED, regenerate: 'node --import tsx scripts/third-party-baseline.ts', verdicts: verdictsOf(report) };
}

export const REGENERATE = 'node --import tsx scripts/third-party-baseline.ts';

function diff(committed: Record<string, string>, now: Record<string, string>): string[] {
  const keys = [...new Set([...Object.keys(committed), ...Object.keys(now)])].sort();
  return keys.filter((k) => committed[k] !== now[k]).map((k) => `  ${k}: committed ${committed[k] ?? '(absent)'} -> now ${now[k] ?? '(absent)'}`);
}

/** A run with the server's baseline exits 0 (every known deviation XFAIL), and every verdict is the committed one. */
export function expectCommittedVerdicts(name: string, run: ThirdPartyRun): void {
  const committed = (JSON.parse(readFileSync(verdictsPath(name), 'utf8')) as VerdictsFile).verdicts;
  assert.ok(run.report, `no conformance.json (exit ${run.code}):\n${run.stderr.slice(-3000)}`);
  const now = verdictsOf(run.report);
  const moved = diff(committed, now);
  const red = run.report.requirements.filter((r) => r.variants.some((v) => v.result === 'FAIL' || v.result === 'XPASS')).map((r) => r.id);
  assert.equal(run.code, 0, `against ${name} the run exited ${run.code}, expected 0 (every known deviation XFAIL):\n${reasonsOf(run.report, red)}\n${run.stderr.slice(-1500)}`);
  assert.ok(moved.length === 0, `${moved.length} verdict(s) against ${name} changed (if intended: ${REGENERATE} ${name}):\n${moved.join('\n')}\n${reasonsOf(run.report, [...new Set(moved.map((m) => m.trim().split(' ')[0]))])}`);
}
