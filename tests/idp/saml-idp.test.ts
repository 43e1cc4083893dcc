// The mock IdPs' SAML signing certificates: made in a worker thread once a run whose plan signs has started it
// (so selfsigned's loading and the key pair overlap the run's start-up), one per IdP host, and what they sign
// is accepted by the reference's assertion consumer. And the run starts that worker only for such a plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { SamlIdp, certificatesMadeInWorker, prewarmSigning } from '../../support/idp/saml-idp.ts';
import { mayRunSigning } from '../../support/cli/run.ts';
import type { Target } from '../../support/targets/target.ts';
import { admin, startServer } from '../reference-server/helpers.ts';

test('with the worker started, each IdP host gets a certificate of its own made there, and the SP accepts what it signs', async (t) => {
  assert.equal(certificatesMadeInWorker(), undefined, 'no worker before prewarmSigning()');
  assert.equal(prewarmSigning(), true);
  const okta = await SamlIdp.create('https://okta-aws.idp.example.com/saml');
  const onelogin = await SamlIdp.create('https://onelogin-aws.idp.example.com/saml');
  const again = await SamlIdp.create('https://onelogin-aws.idp.example.com/other');
  assert.equal(certificatesMadeInWorker(), 2, 'both certificates came from the worker, and one host reuses its own');
  assert.equal(again.cert.certificatePem, onelogin.cert.certificatePem);
  const [a, b] = [new X509Certificate(okta.cert.certificatePem), new X509Certificate(onelogin.cert.certificatePem)];
  assert.match(a.subject, /CN=okta-aws\.idp\.example\.com/);
  assert.match(b.subject, /CN=onelogin-aws\.idp\.example\.com/);
  assert.notEqual(a.publicKey.export({ type: 'spki', format: 'pem' }), b.publicKey.export({ type: 'spki', format: 'pem' }), 'each host has its own key');

  const server = await startServer();
  t.after(() => server.close());
  const tenant = (await admin(server, '/tenants', { method: 'POST' })).body;
  assert.equal((await admin(server, `/tenants/${tenant.id}/saml`, { method: 'PUT', body: { certificate: onelogin.cert.certificatePem, attributesForAccessControl: true } })).status, 200);
  const post = (samlResponse: string) => fetch(`${server.url}/${tenant.id}/saml/acs`, { method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ SAMLResponse: samlResponse }) });
  const accepted = await post(onelogin.response('ada@example.com', { CostCenter: 'blue' }));
  assert.equal(accepted.status, 200);
  assert.deepEqual((await accepted.json() as { sessionTags: unknown }).sessionTags, { CostCenter: 'blue' });
  assert.equal((await post(okta.response('ada@example.com', { CostCenter: 'blue' }))).status, 403, 'signed with a key the tenant does not trust');
});

test('a run starts the certificate worker only when its plan may sign, serially, with an admin API', () => {
  const target = (admin: boolean) => ({ description: { capabilities: { admin } } }) as unknown as Target;
  const serial = { parallel: 0 };
  // the plan's tags as planTags makes them for the aws profile (the rfc profile's scenarios left out by tag)
  const aws = (tags: string) => `(${tags}) and not @sp:rfc`;
  assert.equal(mayRunSigning(serial, aws('not @console'), target(true)), true);
  assert.equal(mayRunSigning(serial, aws('@req:ABAC-01'), target(true)), true);
  assert.equal(mayRunSigning(serial, aws('not @console and not @abac'), target(true)), false);
  assert.equal(mayRunSigning(serial, aws('@console'), target(true)), false);
  assert.equal(mayRunSigning(serial, '(not @console) and not @sp:aws', target(true)), false, 'the ABAC scenarios are @sp:aws');
  assert.equal(mayRunSigning(serial, aws('not @console'), target(false)), false, 'without the admin API they are skipped');
  assert.equal(mayRunSigning({ parallel: 2 }, aws('not @console'), target(true)), false, 'workers run the scenarios');
  assert.equal(mayRunSigning({ ...serial, features: ['features/rfc'] }, aws('not @console'), target(true)), false);
});

// A run whose signing scenarios all failed before they signed (an SP that refused the IdP's connection test, say)
// asked the worker for nothing: the process must still end once its work is done, not wait on the worker.
test('a started worker that was asked for nothing keeps no process alive', () => {
  const script = `import(${JSON.stringify(new URL('../../support/idp/saml-idp.ts', import.meta.url).href)}).then((m) => { if (!m.prewarmSigning()) process.exit(3); setTimeout(() => {}, 300); })`;
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { timeout: 30_000, encoding: 'utf8' });
  assert.equal(run.signal, null, `the process did not end by itself within 30 s: ${run.stderr}`);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(Date.now() - started < 30_000);
});

test('fault session-tags-ignored: a signed assertion is accepted but its AccessControl attributes become no tags', async (t) => {
  const idp = await SamlIdp.create('https://onelogin-aws.idp.example.com/saml');
  for (const [faults, tags] of [[['session-tags-ignored'], {}], [[], { CostCenter: 'blue' }]] as const) {
    const server = await startServer({ faults: [...faults] });
    t.after(() => server.close());
    const tenant = (await admin(server, '/tenants', { method: 'POST' })).body;
    await admin(server, `/tenants/${tenant.id}/saml`, { method: 'PUT', body: { certificate: idp.cert.certificatePem, attributesForAccessControl: true } });
    const reply = await fetch(`${server.url}/${tenant.id}/saml/acs`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLResponse: idp.response('ada@example.com', { CostCenter: 'blue' }) }) });
    assert.equal(reply.status, 200);
    assert.deepEqual((await reply.json() as { sessionTags: unknown }).sessionTags, tags);
  }
});
