// The same catalogue against the reference reached three ways: by URL (serve in another process)
// and as a container image started with testcontainers on a real engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runCli, failing, reasonsOf, startServe } from './helpers.js';

test('url: the catalogue passes against `serve` reached by URL with its admin API', async () => {
  const server = await startServe('admin-secret-for-url-test');
  try {
    const tenant = await server.admin('POST', '/tenants', { profile: 'aws' });
    const enabled = await server.admin('POST', `/tenants/${tenant.id}/provisioning`);
    const run = await runCli(['run', '--target', `url:${enabled.scimEndpoint}`, '--admin-url', `${server.origin}/admin`, '--quiet', '--seed', '99', '--rate', '0'],
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
  // the HTTP plan: what is proven here is the testcontainers path, not the reference's console in a browser
  const run = await runCli(['run', '--target', 'container:scim-conformance/reference:local', '--quiet', '--seed', '5', '--tags', 'not @console']);
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
