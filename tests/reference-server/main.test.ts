import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseServeArgs } from '../../support/reference-server/main.ts';

const main = fileURLToPath(new URL('../../support/reference-server/main.ts', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

test('serve: flags parse; bad flags are one sentence and exit code 2', async () => {
  assert.deepEqual(parseServeArgs(['serve', '--port', '0', '--profile=rfc', '--allow-faults', '--faults', 'ignore-count,patch-not-atomic']).options,
    { port: 0, host: '127.0.0.1', defaultProfile: 'rfc', allowFaults: true, faults: ['ignore-count', 'patch-not-atomic'] });
  for (const bad of [['--bogus'], ['--port', 'x'], ['--profile', 'ldap'], ['--faults', 'nope'], ['--port']]) {
    const r = run(bad);
    assert.equal(await r.exited, 2, bad.join(' '));
    const lines = r.err().trim().split('\n');
    assert.equal(lines.length, 1, r.err());
  }
});

const engine = existsSync(fileURLToPath(new URL('../../support/reference-server/scim/service.ts', import.meta.url)));

test('serve: listens, prints the admin API and console, generates an admin token, exits 0 on SIGTERM', { skip: engine ? false : 'the SCIM engine (scim/service.ts) is not there yet' }, async () => {
  const r = run(['serve', '--port', '0'], { SCIM_ADMIN_TOKEN: '' });
  const deadline = Date.now() + 20_000;
  while (!/admin token \(generated, shown once\): (\S+)/.test(r.out()) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
  const out = r.out();
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
  assert.ok(url, out + r.err());
  assert.match(out, /admin API: http:\/\/127\.0\.0\.1:\d+\/admin/);
  assert.match(out, /console: +http:\/\/127\.0\.0\.1:\d+\/console/);
  const token = /admin token \(generated, shown once\): (\S+)/.exec(out)![1];
  const res = await fetch(`${url}/admin/tenants`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  assert.equal((await fetch(`${url}/healthz`)).status, 200);
  r.child.kill('SIGTERM');
  assert.equal(await r.exited, 0);
});
