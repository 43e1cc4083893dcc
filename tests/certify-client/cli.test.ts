// certify-client driven from a separate process as a client would: one request for each kind AWS refuses or
// treats differently, one good request of each operation, then Ctrl-C. The report fails exactly the ids of
// the refused kinds, the good requests pass, the token is in no report file, and the exit code says which.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goodUser, idsWith, PATCH_OP, scim, startCertifyClientProcess } from './helpers.ts';

const ADMIN_TOKEN = 'certify-client-admin-token-1';

/** One good request of each operation: create, read, list, filter, replace, patch, delete, groups, membership. */
async function goodClient(base: string, token: string): Promise<void> {
  const ok = async (p: Promise<{ status: number; body: any }>, want: number, what: string) => {
    const r = await p;
    assert.equal(r.status, want, `${what}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  await ok(scim(`${base}/ServiceProviderConfig`, token), 200, 'discovery');
  const ada = await ok(scim(`${base}/Users`, token, 'POST', goodUser('ada')), 201, 'create user');
  const bob = await ok(scim(`${base}/Users`, token, 'POST', goodUser('bob')), 201, 'create user');
  await ok(scim(`${base}/Users/${ada.id}`, token), 200, 'read user');
  await ok(scim(`${base}/Users?filter=${encodeURIComponent('userName eq "ada@example.com"')}`, token), 200, 'filter users');
  await ok(scim(`${base}/Users?cursor&count=1`, token), 200, 'page users with a cursor');
  await ok(scim(`${base}/Users/${ada.id}`, token, 'PUT', { ...goodUser('ada'), title: 'Analyst' }), 200, 'replace user');
  await ok(scim(`${base}/Users/${ada.id}`, token, 'PATCH', { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] }), 200, 'patch user');
  const eng = await ok(scim(`${base}/Groups`, token, 'POST', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering' }), 201, 'create group');
  await ok(scim(`${base}/Groups/${eng.id}`, token, 'PATCH', { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: ada.id }, { value: bob.id }] }] }), 204, 'add members');
  await ok(scim(`${base}/Groups/${eng.id}`, token), 200, 'read group');
  await ok(scim(`${base}/Groups?filter=${encodeURIComponent(`id eq "${eng.id}" and members eq "${ada.id}"`)}`, token), 200, 'read membership');
  await ok(scim(`${base}/Groups/${eng.id}`, token, 'PATCH', { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${bob.id}"]` }] }), 204, 'remove a member');
  await ok(scim(`${base}/Users/${bob.id}`, token, 'DELETE'), 204, 'delete user');
}

test('a client that sends what AWS refuses fails exactly those ids; its good requests pass; exit 1', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'certify-client-'));
  const run = await startCertifyClientProcess(['--admin-token', ADMIN_TOKEN], dir);
  t.after(() => { if (run.child.exitCode === null) run.child.kill('SIGKILL'); });
  const { endpoint: base, token } = run;
  await goodClient(base, token);
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${run.adminUrl}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    return res.status === 204 ? {} : await res.json() as any;
  };
  const tenantId = new URL(base).pathname.split('/')[1]!;
  const group = (await scim(`${base}/Groups`, token, 'POST', { displayName: 'Operations' })).body;
  const user = (await scim(`${base}/Users`, token, 'POST', goodUser('cyd'))).body;

  // one request for each kind AWS refuses, each with the id it must fail
  const refused: [string, string, Promise<{ status: number }>][] = [
    ['AP-USER-03', 'two emails', scim(`${base}/Users`, token, 'POST', { ...goodUser('two'), emails: [{ value: 'two@example.com', primary: true }, { value: 'two@example.org' }] })],
    ['AP-USER-01', 'no name.givenName', scim(`${base}/Users`, token, 'POST', { ...goodUser('nameless'), name: { familyName: 'Example' } })],
    ['AWS-CHARS-01', 'an empty string', scim(`${base}/Users`, token, 'POST', { ...goodUser('empty'), title: '' })],
    ['AWS-CHARS-01', 'a refused character', scim(`${base}/Users`, token, 'POST', { ...goodUser('angle'), displayName: 'Angle <Bracket>' })],
    ['AWS-FILTER-01', 'a co filter', scim(`${base}/Users?filter=${encodeURIComponent('userName co "ada"')}`, token)],
    ['AWS-OPS-01', 'Group PUT', scim(`${base}/Groups/${group.id}`, token, 'PUT', { displayName: 'Operations' })],
    ['AWS-OPS-01', '/Bulk', scim(`${base}/Bulk`, token, 'POST', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] })],
    ['AWS-OPS-01', '/.search', scim(`${base}/.search`, token, 'POST', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] })],
    ['AWS-OPS-01', '/Me', scim(`${base}/Me`, token)],
    ['AWS-GROUP-02', '101 membership changes', scim(`${base}/Groups/${group.id}`, token, 'PATCH', { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: Array.from({ length: 101 }, (_, i) => ({ value: `u-${i}` })) }] })],
    ['AWS-GROUP-02', 'remove all members', scim(`${base}/Groups/${group.id}`, token, 'PATCH', { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'members' }] })],
    ['AWS-PATCH-01', 'two ops on active', scim(`${base}/Users/${user.id}`, token, 'PATCH', { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }, { op: 'replace', path: 'active', value: true }] })],
    ['CLIENT-ATTR-01', 'a password', scim(`${base}/Users`, token, 'POST', { ...goodUser('secretive'), password: 'Hunter2-Hunter2' })],
    ['AP-ENABLE-02', 'the base URL with its trailing slash', scim(`${base}//Users`, token)],
    ['AWS-TENANT-01', 'another tenant', scim(base.replace(tenantId, 'not-this-tenant'), token)],
    // AWS accepts it but answers differently: startIndex is ignored
    ['AWS-PAGE-01', 'startIndex paging', scim(`${base}/Users?startIndex=2&count=1`, token)],
  ];
  for (const [id, what, p] of refused) {
    const r = await p;
    if (id !== 'AWS-PAGE-01') assert.ok(r.status >= 400, `${what} (${id}) is refused, got ${r.status}`);
  }
  // a deleted token, then an expired one (the tenant's clock a year on): the last requests of the run
  const second = await admin('POST', `/tenants/${tenantId}/tokens`);
  await admin('DELETE', `/tenants/${tenantId}/tokens/${second.id}`, { confirm: 'DELETE' });
  assert.equal((await scim(`${base}/Users`, second.token)).status, 401);
  await admin('POST', '/clock', { advance: 'P1Y1D', tenant: tenantId });
  assert.equal((await scim(`${base}/Users`, token)).status, 401);

  const { code, report, files, stdout } = await run.stop();
  assert.equal(code, 1, stdout);
  const expectedFails = [...new Set([...refused.map(([id]) => id), 'AP-TOKEN-02', 'AP-TOKEN-05'])].sort();
  assert.deepEqual(idsWith(report, 'FAIL'), expectedFails);
  assert.deepEqual(idsWith(report, 'WARN'), [], 'no conduct warning: one request after each 401, nothing re-sent');
  // the good requests are the pass evidence of rows no refusal touched
  for (const id of ['CLIENT-VALID-01', 'AWS-GROUP-01', 'RFC-AUTH-01', 'AP-ENABLE-01', 'CLIENT-AUTH-01']) {
    assert.equal(report.requirements.find((r) => r.id === id)?.verdict, 'PASS', id);
  }
  // each refused kind is the evidence of its own id, with AWS's answer and a fix
  for (const [id, what] of refused) {
    const v = report.requirements.find((r) => r.id === id)!.variants[0]!;
    assert.deepEqual([v.sp, v.client], ['aws', true], `${id}: the variant names the client`);
    assert.match(v.reason ?? '', /Fix: /, `${id} (${what}) carries a one-line fix`);
  }
  assert.match(files['conformance.html']!, /Request is unparsable, syntactically incorrect, or violates schema\./, 'AWS\'s exact answer is in the evidence');
  assert.match(files['junit.xml']!, /AP-USER-03 \[aws\/client\]/);
  for (const [name, text] of Object.entries(files)) {
    for (const secret of [token, second.token, ADMIN_TOKEN]) assert.ok(!text.includes(secret), `${name} holds a token`);
  }
});

test('a clean client gets exit 0 and no failure', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'certify-client-clean-'));
  const run = await startCertifyClientProcess([], dir);
  t.after(() => { if (run.child.exitCode === null) run.child.kill('SIGKILL'); });
  await goodClient(run.endpoint, run.token);
  const { code, report, stdout } = await run.stop();
  assert.equal(code, 0, stdout);
  assert.deepEqual([...idsWith(report, 'FAIL'), ...idsWith(report, 'WARN')], []);
  assert.ok(idsWith(report, 'PASS').length >= 15, `most rows have pass evidence: ${idsWith(report, 'PASS').join(' ')}`);
  assert.match(stdout, /Client verdict \(aws rules\): PASS/);
});

test('bad usage is one sentence and exit 2', () => {
  const bin = fileURLToPath(new URL('../../bin/scim-conformance.js', import.meta.url));
  const r = spawnSync(process.execPath, [bin, 'certify-client', '--profile', 'okta'], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim(), '--profile takes aws or rfc, not "okta".');
});
