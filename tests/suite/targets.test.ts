// The same catalogue against the reference reached three ways: by URL (serve in another process)
// and as a container image started with testcontainers on a real engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { runCli, failing, reasonsOf, BIN, ROOT } from './helpers.js';

async function serve(): Promise<{ origin: string; stop: () => void }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--admin-token', 'admin-secret-for-url-test'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}:\n${out}`)));
  });
  return { origin, stop: () => child.kill('SIGTERM') };
}

async function admin(origin: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${origin}/admin${path}`, { method, headers: { authorization: 'Bearer admin-secret-for-url-test', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  return res.json() as Promise<any>;
}

test('url: the catalogue passes against `serve` reached by URL with its admin API', async () => {
  const server = await serve();
  try {
    const tenant = await admin(server.origin, 'POST', '/tenants', { profile: 'aws' });
    const enabled = await admin(server.origin, 'POST', `/tenants/${tenant.id}/provisioning`);
    const run = await runCli(['run', '--target', `url:${enabled.scimEndpoint}`, '--admin-url', `${server.origin}/admin`, '--quiet', '--seed', '99'],
      { env: { SCIM_TOKEN: enabled.accessToken.token, SCIM_ADMIN_TOKEN: 'admin-secret-for-url-test' } });
    assert.ok(run.report, run.stderr);
    assert.deepEqual(failing(run.report), [], reasonsOf(run.report, failing(run.report)));
    assert.equal(run.code, 0, run.stderr.slice(-2000));
    assert.equal(run.report.run.target.kind, 'url');
  } finally {
    server.stop();
  }
});

const engine = spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;
const image = spawnSync('docker', ['image', 'inspect', 'scim-conformance/reference:local'], { stdio: 'ignore' }).status === 0;

test('container: the catalogue passes against the reference image started with testcontainers', { skip: !process.env.CI && !(engine && image) && 'no container engine or no reference image here (CI builds both)' }, async () => {
  assert.ok(engine, 'CI runs a container engine (.ci/run starts dockerd)');
  assert.ok(image, 'CI builds scim-conformance/reference:local (scripts/build-image.sh)');
  const run = await runCli(['run', '--target', 'container:scim-conformance/reference:local', '--quiet', '--seed', '5']);
  assert.ok(run.report, run.stderr);
  assert.deepEqual(failing(run.report), [], reasonsOf(run.report, failing(run.report)));
  assert.equal(run.code, 0, run.stderr.slice(-2000));
  assert.equal(run.report.run.target.kind, 'container');
  const left = spawnSync('docker', ['ps', '-q', '--filter', 'ancestor=scim-conformance/reference:local'], { encoding: 'utf8' }).stdout.trim();
  assert.equal(left, '', 'the container is stopped after the run');
});

test('container: with no engine, one sentence says what is missing and how to start one, and nothing runs', { skip: engine && 'a container engine is running here' }, async () => {
  const run = await runCli(['run', '--target', 'container:scim-conformance/reference:local', '--quiet']);
  assert.equal(run.code, 3);
  assert.match(run.stderr, /No container engine answers on this machine: install and start one/);
  assert.equal(run.report, undefined, 'nothing ran');
});
