// The suite's image, scim-conformance/suite, run as the README says (host network, reports mounted at
// /reports) against the reference image as the SP: both started with testcontainers on a real engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFERENCE_IMAGE, SUITE_IMAGE, engineRunning, imageBuilt, engineSkip, startReferenceImage } from './helpers.js';

// a few HTTP rows, and one console scenario that needs the image's own Chromium (CI=true inside: a missing
// browser is then an error, never a skip)
const PLAN = ['RFC-CREATE-01', 'AWS-FILTER-01', 'AP-ENABLE-01'];

test('the suite image runs against the reference image and writes its reports into the mounted folder', { skip: engineSkip([REFERENCE_IMAGE, SUITE_IMAGE]), timeout: 180_000 }, async (t) => {
  assert.ok(engineRunning(), 'CI runs a container engine (.ci/run starts dockerd)');
  assert.ok(imageBuilt(REFERENCE_IMAGE) && imageBuilt(SUITE_IMAGE), 'CI builds both images (scripts/build-image.sh, scripts/build-suite-image.sh)');
  const reports = mkdtempSync(join(tmpdir(), 'scimc-image-reports-'));
  t.after(() => rmSync(reports, { recursive: true, force: true }));
  const sp = await startReferenceImage();
  t.after(() => sp.stop());
  const tenant = await sp.tenant('aws');

  const { GenericContainer, Wait } = await import('testcontainers');
  const suite = await new GenericContainer(SUITE_IMAGE).withNetworkMode('host')
    .withBindMounts([{ source: reports, target: '/reports' }])
    .withEnvironment({ SCIM_TOKEN: tenant.token, SCIM_ADMIN_TOKEN: sp.adminToken, CI: 'true' })
    .withCommand(['run', '--target', `url:${tenant.scimBase}`, '--admin-url', `${sp.origin}/admin`, '--rate', '0', '--seed', '14',
      '--req', PLAN.join(','), '--report-dir', '/reports'])
    .withWaitStrategy(Wait.forOneShotStartup()).withStartupTimeout(150_000)
    .start();
  // the run has ended (one-shot): what it printed and how it exited, read from the engine
  const printed = spawnSync('docker', ['logs', suite.getId()], { encoding: 'utf8' });
  const logs = `${printed.stdout}${printed.stderr}`;
  const exitCode = spawnSync('docker', ['inspect', '--format', '{{.State.ExitCode}}', suite.getId()], { encoding: 'utf8' }).stdout.trim();
  await suite.stop({ timeout: 1_000 }).catch(() => undefined);
  assert.equal(exitCode, '0', logs.slice(-3000));

  for (const file of ['conformance.json', 'conformance.html', 'junit.xml', 'cucumber-junit.xml']) assert.ok(existsSync(join(reports, file)), `${file} is in the mounted folder\n${logs.slice(-3000)}`);
  const report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8'));
  assert.equal(report.run.target.kind, 'url');
  const verdicts = Object.fromEntries(report.requirements.filter((r: any) => PLAN.includes(r.id)).map((r: any) => [r.id, r.verdict]));
  assert.deepEqual(verdicts, Object.fromEntries(PLAN.map((id) => [id, 'PASS'])), logs.slice(-3000));
  const inBrowser = report.requirements.find((r: any) => r.id === 'AP-ENABLE-01').variants.flatMap((v: any) => v.scenarios);
  assert.ok(inBrowser.some((s: string) => /Settings, Enable/.test(s)), `the console scenario ran in the image's Chromium: ${inBrowser.join('; ')}`);
  assert.match(logs, /OK \(exit 0\)/, 'the run printed its summary');
  assert.doesNotMatch(readFileSync(join(reports, 'messages.ndjson'), 'utf8'), new RegExp(tenant.token), 'the token is redacted in what the image wrote');
});
