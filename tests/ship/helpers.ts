// What the shipping tests share: running a command as a user would, the container engine rule (a skip
// with its reason, an error under CI), and the reference image started with testcontainers as the SP.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const REFERENCE_IMAGE = 'scim-conformance/reference:local';
export const SUITE_IMAGE = 'scim-conformance/suite:local';

export interface Ran { code: number; stdout: string; stderr: string }

/** A command in a child process, without the test runner's tsx: what ships must start on its own. */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string }): Promise<Ran> {
  const env = { ...process.env, ...options.env };
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = ''; let stderr = '';
    child.stdout!.on('data', (d) => { stdout += d; });
    child.stderr!.on('data', (d) => { stderr += d; });
    if (options.input !== undefined) child.stdin!.end(options.input);
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${command} ${args.join(' ')} did not finish in time\n${stderr.slice(-2000)}`)); }, options.timeoutMs ?? 120_000);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code: code ?? -1, stdout, stderr }); });
  });
}

export const engineRunning = () => spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;
export const imageBuilt = (image: string) => spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }).status === 0;

/**
 * The project's rule for tests that need a container engine: skip with the reason where there is none,
 * but under CI (where .ci/run starts the engine and builds the images) run, so the test fails loudly.
 */
export function engineSkip(images: string[]): string | false {
  if (process.env.CI) return false;
  if (!engineRunning()) return 'no container engine here (CI starts one: .ci/run)';
  const missing = images.filter((i) => !imageBuilt(i));
  return missing.length ? `${missing.join(' and ')} not built here (CI builds them: scripts/build-image.sh, scripts/build-suite-image.sh)` : false;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address() as { port: number }; srv.close(() => resolve(port)); });
  });
}

export interface ReferenceSp {
  origin: string;
  adminToken: string;
  /** A new tenant with provisioning enabled: its SCIM base (no trailing slash) and first token; faults need allowFaults. */
  tenant(profile?: 'aws' | 'rfc', faults?: string[]): Promise<{ scimBase: string; token: string }>;
  stop(): Promise<void>;
}

/** The reference image as the SP under test, on the host network, started and stopped with testcontainers. */
export async function startReferenceImage(options: { allowFaults?: boolean } = {}): Promise<ReferenceSp> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
  const { GenericContainer, Wait } = await import('testcontainers');
  const port = await freePort();
  const adminToken = `ship-admin-${port}`;
  let container = new GenericContainer(REFERENCE_IMAGE).withNetworkMode('host').withEnvironment({ PORT: String(port), SCIM_ADMIN_TOKEN: adminToken });
  // the image's own command, plus the flag that lets a test break a tenant on purpose
  if (options.allowFaults) container = container.withCommand(['node', '/app/reference-server.mjs', 'serve', '--host', '127.0.0.1', '--allow-faults']);
  const started = await container
    .withWaitStrategy(Wait.forLogMessage(/listening on/i)).withStartupTimeout(30_000).start();
  const origin = `http://127.0.0.1:${port}`;
  const admin = async (path: string, body?: unknown) => {
    const res = await fetch(`${origin}/admin${path}`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`POST /admin${path} answered ${res.status}: ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  return {
    origin, adminToken,
    async tenant(profile = 'aws', faults = []) {
      const t = await admin('/tenants', { profile });
      if (faults.length) await admin(`/tenants/${t.id}/faults`, { faults });
      const enabled = await admin(`/tenants/${t.id}/provisioning`);
      return { scimBase: String(enabled.scimEndpoint).replace(/\/+$/, ''), token: enabled.accessToken.token as string };
    },
    async stop() { await started.stop({ timeout: 1_000 }).catch(() => undefined); },
  };
}
