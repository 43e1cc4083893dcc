// certify-client as a client meets it: a separate process whose two printed lines are the endpoint and the
// token, then plain HTTP from the test, then Ctrl-C (SIGINT) and the report it leaves behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceReport } from '../../support/report/types.ts';

const BIN = fileURLToPath(new URL('../../bin/scim-conformance.js', import.meta.url));

export interface RunningCertifyClient {
  endpoint: string;
  token: string;
  adminUrl?: string;
  child: ChildProcess;
  /** SIGINT, then the exit code, the output and the report. */
  stop(): Promise<{ code: number | null; stdout: string; stderr: string; report: ConformanceReport; files: Record<string, string> }>;
}

export async function startCertifyClientProcess(args: string[], reportDir: string): Promise<RunningCertifyClient> {
  const child = spawn(process.execPath, [BIN, 'certify-client', '--report-dir', reportDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  child.stderr!.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const ready = await new Promise<{ endpoint: string; token: string; adminUrl?: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`certify-client printed no endpoint and token in 20 s:\n${stdout}\n${stderr}`)), 20_000);
    const look = () => {
      const endpoint = /^SCIM endpoint: (\S+)$/m.exec(stdout)?.[1];
      const token = /^Access token: (\S+)$/m.exec(stdout)?.[1];
      const wantsAdmin = args.includes('--admin-token');
      const adminUrl = /^Admin API: (\S+)$/m.exec(stdout)?.[1];
      if (endpoint && token && (!wantsAdmin || adminUrl)) { clearTimeout(timer); resolve({ endpoint, token, ...(adminUrl ? { adminUrl } : {}) }); }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`certify-client exited (${code}) before it was ready:\n${stdout}\n${stderr}`)); });
  });
  return {
    ...ready, child,
    async stop() {
      child.kill('SIGINT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(killer);
      if (code === null) throw new Error(`certify-client did not stop within 20 s of SIGINT:\n${stdout}\n${stderr}`);
      const files: Record<string, string> = {};
      for (const name of readdirSync(reportDir)) files[name] = readFileSync(join(reportDir, name), 'utf8');
      return { code, stdout, stderr, report: JSON.parse(files['conformance.json'] ?? 'null') as ConformanceReport, files };
    },
  };
}

/** A SCIM request over real HTTP; the answer's status and JSON body. */
export async function scim(url: string, token: string, method = 'GET', body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}) }, signal: AbortSignal.timeout(10_000),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** A user AWS accepts: every name, one primary email. */
export function goodUser(name: string): Record<string, unknown> {
  return {
    schemas: [USER_SCHEMA], userName: `${name}@example.com`, name: { givenName: name, familyName: 'Example' }, displayName: `${name} Example`,
    emails: [{ value: `${name}@example.com`, type: 'work', primary: true }], active: true,
  };
}

/** Ids whose one variant has this result. */
export const idsWith = (report: ConformanceReport, result: string): string[] =>
  report.requirements.filter((r) => r.variants.some((v) => v.result === result)).map((r) => r.id).sort();
