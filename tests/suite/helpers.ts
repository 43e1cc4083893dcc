// Runs the real CLI in a child process (cucumber's support code loads once per process) and reads
// back what a user would: the exit code, the terminal output and conformance.json.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceReport, Result } from '../../support/report/types.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin/scim-conformance.js');

/**
 * A report folder for a test's run, removed when the test file's process ends: a whole-catalogue run leaves about
 * 17 MB, and npm test makes some 150 of them, which filled this machine's disk over a few sessions.
 * SCIM_CONFORMANCE_KEEP_TEST_REPORTS=1 keeps them to look at.
 */
const made: string[] = [];
export function reportFolder(prefix = 'scim-conformance-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
process.on('exit', () => {
  if (process.env.SCIM_CONFORMANCE_KEEP_TEST_REPORTS) return;
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** `seconds`: a batch run's own time, as the batch printed it. */
export interface CliRun { code: number; stdout: string; stderr: string; reportDir: string; report?: ConformanceReport; seconds?: number }

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; reportDir?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const reportDir = options.reportDir ?? reportFolder();
  const full = args[0] === 'run' && !args.includes('--report-dir') ? [...args, '--report-dir', reportDir] : args;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...full], { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = ''; let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`scim-conformance ${full.join(' ')} did not finish in time\n${stderr}`)); }, options.timeoutMs ?? 300_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const path = join(reportDir, 'conformance.json');
      const report = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as ConformanceReport : undefined;
      resolve({ code: code ?? -1, stdout, stderr, reportDir, report });
    });
  });
}

/**
 * Many runs in one `scim-conformance batch` child (one start-up, warm code: the mutant and variant tables).
 * Returns a function that waits for the run at an index, read back as runCli reads a run alone. The child starts
 * at the first wait; a run that gives no result for timeoutMs stops the batch, and every run not yet done fails.
 */
export function inOneProcess(runs: string[][], options: { timeoutMs?: number } = {}): (index: number) => Promise<CliRun> {
  const dirs = runs.map(() => reportFolder());
  const settled: { resolve: (r: CliRun) => void; reject: (e: Error) => void; promise: Promise<CliRun> }[] = runs.map(() => {
    let resolve!: (r: CliRun) => void; let reject!: (e: Error) => void;
    const promise = new Promise<CliRun>((res, rej) => { resolve = res; reject = rej; });
    promise.catch(() => undefined);
    return { resolve, reject, promise };
  });
  let started = false;
  const start = () => {
    started = true;
    const file = join(reportFolder('scim-conformance-batch-'), 'runs.ndjson');
    writeFileSync(file, runs.map((args, i) => JSON.stringify([...args, '--report-dir', dirs[i]])).join('\n'));
    const child = spawn(process.execPath, [BIN, 'batch', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = ''; let stderr = ''; let next = 0;
    let timer: NodeJS.Timeout;
    const watch = () => { clearTimeout(timer); timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000); };
    watch();
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdout.on('data', (d) => {
      stdout += d;
      let nl: number;
      while ((nl = stdout.indexOf('\n')) >= 0) {
        const line = stdout.slice(0, nl); stdout = stdout.slice(nl + 1);
        if (!line.startsWith('{"batch"')) continue;
        const { exit, seconds } = JSON.parse(line).batch as { exit: number; seconds?: number };
        const path = join(dirs[next], 'conformance.json');
        const report = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as ConformanceReport : undefined;
        // stderr is one stream for the batch: each run is given what came since the run before it
        settled[next].resolve({ code: exit, stdout: '', stderr, reportDir: dirs[next], report, ...(seconds !== undefined ? { seconds } : {}) });
        stderr = ''; next++; watch();
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      for (const s of settled.slice(next)) s.reject(new Error(`the batch stopped (${signal ?? `exit ${code}`}) before this run gave a result\n${stderr}`));
    });
  };
  return (index) => { if (!started) start(); return settled[index].promise; };
}

/** Ids whose verdict (worst variant) is one of the given results, SP-judged rows only unless asked. */
export function idsWith(report: ConformanceReport, results: Result[], judges: ConformanceReport['requirements'][number]['judges'][] = ['SP', 'IdP']): string[] {
  return report.requirements.filter((r) => results.includes(r.verdict) && judges.includes(r.judges)).map((r) => r.id).sort();
}

/**
 * The worked reproductions (features/reproductions/) a lawful variant truly breaks, as it breaks its IdP rows
 * (VARIANTS[v].breaks): Entra's recorded member removal is PATCHes, which a no-patch SP refuses.
 */
export const REPRODUCTIONS_BROKEN: Partial<Record<string, string[]>> = {
  'no-patch': ['reproduction features/reproductions/worked-examples.feature:7'],
};

const WORKED_EXAMPLES = ['reproduction features/reproductions/worked-examples.feature:7', 'reproduction features/reproductions/worked-examples.feature:13'];
/** Each IdP's create row: where the SP refuses what every IdP sends in a create, each is red and the IdP's other rows BLOCKED by it. */
const IDP_CREATE_ROWS = ['ENTRA-CYCLE-01', 'OKTA-CREATE-01', 'OL-PROV-01'];

/**
 * What lawful variants break only together: an SP that refuses what its /Schemas does not declare
 * (undeclared-attributes-refused) and declares less than the IdPs send refuses each IdP's create, truly (Okta's
 * locale, Entra's title, OneLogin's name…), so each IdP's create row is red, and so are the worked reproductions
 * where the recorded users carry a displayName or a name.
 */
export const BROKEN_TOGETHER: { variants: string[]; breaks: string[] }[] = [
  { variants: ['undeclared-attributes-refused', 'core-attributes-only'], breaks: IDP_CREATE_ROWS },
  { variants: ['undeclared-attributes-refused', 'no-display-name'], breaks: [...IDP_CREATE_ROWS, ...WORKED_EXAMPLES] },
  { variants: ['undeclared-attributes-refused', 'no-name-or-active'], breaks: [...IDP_CREATE_ROWS, ...WORKED_EXAMPLES] },
];

/** What a set of lawful variants may turn red: each one's breaks, the reproductions it truly breaks, and what some break together. */
export function lawfulBreaks(variants: string[], breaksOf: (variant: string) => readonly string[]): string[] {
  const together = BROKEN_TOGETHER.filter((t) => t.variants.every((v) => variants.includes(v))).flatMap((t) => t.breaks);
  return [...new Set([...variants.flatMap((v) => [...breaksOf(v), ...(REPRODUCTIONS_BROKEN[v] ?? [])]), ...together])].sort();
}

/**
 * Lawful choices beside which a fault cannot show, since the variant takes away what the fault corrupts: an SP that
 * serves no PATCH applies none halfway. Where a set meets the two, `sweep:variants --with-faults` notes the fault's
 * rows that pass rather than naming them as hidden. Each entry is a meeting a `--with-faults --pairs` sweep named, read.
 */
export const UNREACHABLE_BESIDE: { faults: string[]; variants: string[]; why: string }[] = [
  // the faults that corrupt PATCH alone
  { faults: ['patch-not-atomic', 'refused-patch-touches-meta', 'read-only-patch-501', 'unhandled-patch-501', 'user-patch-500', 'group-patch-500',
    'remove-without-path-ignored', 'op-case-sensitive', 'extension-paths-ignored', 'member-add-ignored', 'legacy-member-remove-all',
    'pathless-dotted-keys-ignored', 'pathless-id-refused', 'member-filter-path-refused', 'manager-string-refused'],
  variants: ['no-patch'], why: 'the SP serves no PATCH (501) to apply halfway, or to answer otherwise' },
  { faults: ['display-name-of-names'], variants: ['no-display-name'], why: 'users have no displayName, and /Schemas declares none' },
  { faults: ['sw-ignored'], variants: ['eq-and-filters-only', 'name-filters-only'], why: 'the SP refuses `sw` (400), so it cannot ignore it' },
  { faults: ['filter-left-to-right', 'boolean-ordering-answered'], variants: ['eq-and-filters-only', 'name-filters-only'], why: 'the SP refuses `or` and ordering filters (400)' },
  { faults: ['boolean-ordering-answered'], variants: ['no-name-or-active'], why: 'users keep no `active`, the boolean the check orders' },
  { faults: ['string-booleans-kept', 'reactivation-ignored'], variants: ['no-name-or-active'], why: 'users keep no `active`, which the fault mishandles' },
  { faults: ['start-index-zero-based'], variants: ['cursor-paging-only', 'cursor-paging-uncounted'], why: 'the SP pages by cursor and reads no startIndex (RFC 9865)' },
  // the faults that corrupt groups alone
  { faults: ['legacy-member-remove-all', 'delete-emptied-groups', 'group-patch-500', 'group-create-with-members-500', 'member-limits-ignored',
    'deleted-user-stays-member', 'rename-drops-memberships', 'aws-group-members-listed', 'member-filter-blind', 'member-add-ignored',
    'group-members-not-listed', 'member-filter-path-refused', 'excluded-members-refused', 'same-group-id-after-recreate'],
  variants: ['users-only', 'users-only-501'], why: 'the SP serves no groups' },
  { faults: ['version-unlike-etag', 'etag-not-sent'], variants: ['no-optional-features'], why: 'the SP advertises no ETags' },
  { faults: ['declared-attributes-dropped'], variants: ['core-attributes-only'], why: 'its /Schemas no longer declares the title and nickName the fault drops' },
  { faults: ['extension-paths-ignored', 'manager-string-refused'], variants: ['core-attributes-only'], why: 'the SP serves no enterprise extension, whose attributes the fault mishandles' },
];

/** Why a fault cannot show beside these lawful variants, or undefined when it can. */
export function unreachableBeside(fault: string, variants: string[]): string | undefined {
  const u = UNREACHABLE_BESIDE.find((x) => x.faults.includes(fault) && x.variants.some((v) => variants.includes(v)));
  return u && `beside ${u.variants.filter((v) => variants.includes(v)).join(', ')} ${u.why}`;
}

/** How a reproduction (a scenario with no catalogue id) is named beside the rows' ids: `reproduction <feature:line>`. */
const reproductionId = (r: { location: string }): string => `reproduction ${r.location}`;

/** The red rows' ids, and `reproduction <feature:line>` for each reproduction (no catalogue id) that failed or warned. */
export function failing(report: ConformanceReport): string[] {
  const reproductions = (report.reproductions ?? []).filter((r) => r.result === 'FAIL' || r.result === 'WARN').map(reproductionId);
  return [...idsWith(report, ['FAIL', 'WARN', 'XPASS']), ...reproductions].sort();
}

/** The verdict of a row, or the result of a reproduction named as failing() names it; undefined when neither is there. */
export function resultOf(report: ConformanceReport, id: string): string | undefined {
  return report.requirements.find((r) => r.id === id)?.verdict ?? report.reproductions?.find((r) => reproductionId(r) === id)?.result;
}

export function verdictMap(report: ConformanceReport): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of report.requirements) for (const v of r.variants) out[`${r.id} ${v.sp}/${v.idp ?? '-'}`] = v.result;
  return out;
}

export function reasonsOf(report: ConformanceReport, ids: string[]): string {
  return [...report.requirements.filter((r) => ids.includes(r.id))
    .map((r) => `${r.id}: ${r.variants.map((v) => `${v.idp ?? v.sp} ${v.result} ${v.reason ?? ''}`).join(' | ')}`),
  ...(report.reproductions ?? []).filter((r) => ids.includes(reproductionId(r))).map((r) => `${reproductionId(r)}: ${r.result} ${r.reason ?? ''}`)].join('\n');
}

/** `scim-conformance serve` in a child process on a free port, with a known admin token and any extra flags. */
export async function startServe(adminToken: string, extra: string[] = []): Promise<{ origin: string; stop: () => void; admin: (method: string, path: string, body?: unknown) => Promise<any> }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--admin-token', adminToken, ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited ${code}:\n${out}`)); });
  });
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${origin}/admin${path}`, { method, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body) });
    return res.json();
  };
  return { origin, stop: () => child.kill('SIGTERM'), admin };
}
