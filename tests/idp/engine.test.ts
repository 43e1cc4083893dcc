// The interpreter's lifecycle behaviours against the capture server: the console's URL check, 429 +
// Retry-After, Okta tasks, Entra escrow, quarantine and hard delete, OneLogin approvals, redaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en } from '@faker-js/faker';
import { PROFILES } from '../../fixtures/idp-profiles/index.ts';
import { ProvisioningEngine } from '../../support/idp/engine.ts';
import { Redactor } from '../../support/scim/exchange.ts';
import { sendRaw } from '../../support/scim/raw-transport.ts';
import type { DialectId } from '../../support/idp/profile.ts';
import { startCaptureServer, type CaptureServer } from './capture-server.ts';
import { engineFor, UNIT_TOKEN, withServer } from './golden-script.ts';
import { INJECTED_HEADER } from '../../support/idp/throttle-proxy.ts';

const TOKEN = UNIT_TOKEN;


test('raw transport sends the path, query string and header order exactly', () => withServer(async (s) => {
  await sendRaw({ method: 'PUT', url: `${s.base}/Users/u9?`, headers: [['Z-Last', '1'], ['A-First', '2']], body: '{}' },
    { redactor: new Redactor(), actor: 't', timeoutMs: 2000 });
  await sendRaw({ method: 'GET', url: `${s.base}/Users?filter=userName+eq+%22a%40b%22&`, headers: [] }, { redactor: new Redactor(), actor: 't', timeoutMs: 2000 });
  assert.equal(s.captured[0].path, '/scim/v2/Users/u9?');
  assert.deepEqual(s.captured[0].headers.map(([k]) => k), ['Host', 'Z-Last', 'A-First', 'Content-Length', 'Connection']);
  assert.equal(s.captured[1].path, '/scim/v2/Users?filter=userName+eq+%22a%40b%22&');
}));

test('Okta refuses a Base URL ending in "/" without sending anything', () => withServer(async (s) => {
  const e = engineFor('okta-aws');
  const form = e.configure(`${s.base}/`, TOKEN);
  assert.equal(form.ok, false);
  assert.match(form.message ?? '', /Does not match required pattern/);
  assert.equal(s.captured.length, 0);
  assert.equal(e.configure(s.base, TOKEN).ok, true);
  assert.equal((await e.testConnection()).ok, true);
}));

test('a failed connection test gives the SP\'s answer and the request apart from what the console shows', () => withServer(async (s) => {
  const e = engineFor('entra-legacy');
  e.configure(s.base, TOKEN);
  s.script.push({ status: 400, match: (c) => c.method === 'GET', body: { detail: 'Invalid filter' } });
  const test = await e.testConnection();
  assert.equal(test.ok, false);
  // Entra's console names the credentials whatever failed: the SP's own answer is what a reader needs first
  assert.match(test.message, /^You appear to have entered invalid credentials/);
  assert.match(test.answer ?? '', /^the SP answered 400 Bad Request: Invalid filter to GET \/Users\?filter=userName\+eq\+%22[0-9a-f-]+%22$/);
}));

test('429 with Retry-After: the request is retried after the wait, the IdP clock moves', () => withServer(async (s) => {
  const e = engineFor('okta-oin');
  e.configure(s.base, TOKEN);
  s.script.push({ status: 429, headers: { 'retry-after': '30' }, body: { detail: 'slow down' } });
  const before = e.clock.now.getTime();
  e.directory.assignedUsers.add('ada');
  await e.changed(['ada']);
  assert.ok(e.spId('ada'), 'ada was created after the retry');
  assert.equal(s.captured[0].path, s.captured[1].path, 'the throttled lookup was sent again');
  assert.ok(e.clock.now.getTime() - before >= 30_000);
  assert.ok(e.logLines.some((l) => l.level === 'warning' && /30 seconds/.test(l.message)));
}));

test('429 with Retry-After as an HTTP-date: the IdP waits until that time, not one second', () => withServer(async (s) => {
  const e = engineFor('okta-oin');
  e.configure(s.base, TOKEN);
  s.script.push({ status: 429, headers: { 'retry-after': new Date(Date.now() + 30_000).toUTCString() }, body: { detail: 'slow down' } });
  const before = e.clock.now.getTime();
  e.directory.assignedUsers.add('ada');
  await e.changed(['ada']);
  assert.ok(e.spId('ada'), 'ada was created after the retry');
  assert.ok(e.clock.now.getTime() - before >= 29_000, `the IdP clock moved ${e.clock.now.getTime() - before} ms`);
}));

test('a Retry-After the SP sent is waited out in real time; one the harness\'s throttle proxy made up, on the IdP clock only', () => withServer(async (s) => {
  for (const injected of [false, true]) {
    const e = engineFor('okta-oin', {}); // the default: an SP's Retry-After is waited in full
    e.configure(s.base, TOKEN);
    s.script.push({ status: 429, headers: { 'retry-after': '1', ...(injected ? { [INJECTED_HEADER]: 'throttle-proxy' } : {}) }, body: { detail: 'slow down' } });
    const started = performance.now();
    e.directory.assignedUsers.add('ada');
    await e.changed(['ada']);
    const waited = performance.now() - started;
    assert.ok(e.spId('ada'), 'ada was created after the retry');
    assert.ok(e.exchangeClock[1]! - e.exchangeClock[0]! >= 1000, 'the retry is a Retry-After later on the IdP clock');
    if (injected) assert.ok(waited < 900, `an injected 429 kept the run waiting ${waited.toFixed(0)} ms`);
    else assert.ok(waited >= 950, `the SP asked for 1 s and the retry came after ${waited.toFixed(0)} ms`);
    e.directory.assignedUsers.delete('ada');
  }
}));

test('Okta: a 400 on create is logged in Okta\'s words and becomes a task; retrying the task provisions the user', () => withServer(async (s) => {
  const e = engineFor('okta-aws');
  e.configure(s.base, TOKEN);
  s.script.push({ status: 400, match: (c) => c.method === 'POST', body: { schema: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: 'Request is unparsable, syntactically incorrect, or violates schema.', status: '400' } });
  e.directory.assignedUsers.add('ada');
  await e.changed(['ada']);
  assert.equal(e.spId('ada'), undefined);
  const line = e.logLines.find((l) => l.level === 'error')!;
  assert.equal(line.message, 'Automatic profile push of Ada Lovelace to app AWS Single Sign-on failed: Error while trying to push profile update for ada.lovelace@example.com: Bad Request. Errors reported by remote server: Request is unparsable, syntactically incorrect, or violates schema.');
  assert.equal(e.tasks.length, 1);
  await e.retryTasks();
  assert.ok(e.spId('ada'));
  assert.equal(e.tasks.length, 0);
}));

test('a 201 with a Location and no body: Okta logs "Create new user returned empty user" and holds no id; Entra reads the id from the Location', () => withServer(async (s) => {
  const emptyCreate = { status: 201, match: (c: { method: string }) => c.method === 'POST', headers: { location: `${s.base}/Users/u-77` } };
  const okta = engineFor('okta-oin');
  okta.configure(s.base, TOKEN);
  s.script.push(emptyCreate);
  okta.directory.assignedUsers.add('ada');
  await okta.changed(['ada']);
  assert.equal(okta.spId('ada'), undefined, 'Okta needs the user in the answer\'s body');
  assert.match(okta.logLines.find((l) => l.level === 'error')?.message ?? '', /Create new user returned empty user/);
  assert.equal(okta.outcomesOf('user', 'ada', ['createUser'])[0]?.ok, false);
  const entra = engineFor('entra-legacy');
  entra.configure(s.base, TOKEN);
  s.script.push(emptyCreate);
  entra.directory.assignedUsers.add('ada');
  await entra.setProvisioning(true);
  assert.equal(entra.spId('ada'), 'u-77');
}));

test('Entra: a failed export is escrowed to a later cycle; most calls failing is a quarantine', () => withServer(async (s) => {
  const e = engineFor('entra-legacy');
  e.configure(s.base, TOKEN);
  e.directory.assignedUsers.add('ada');
  s.script.push({ status: 500, match: (c) => c.method === 'POST', body: { detail: 'boom' } });
  await e.setProvisioning(true);
  assert.equal(e.spId('ada'), undefined);
  assert.ok(e.logLines.some((l) => /Status: Failure \| Status reason: \{"detail":"boom"\}/.test(l.message)));
  await e.nextCycle();
  assert.ok(e.spId('ada'), 'retried in the next cycle');
  e.configure(s.base, 'wrong-token-123456');
  for (let i = 0; i < 4; i++) s.script.push({ status: 401, body: { detail: 'bad token' } });
  e.directory.addUser({ ...e.directory.user('ada'), key: 'bob', userName: 'bob@example.com', objectId: 'b' });
  e.directory.assignedUsers.add('bob');
  await e.nextCycle();
  assert.equal(e.quarantined, true);
  assert.equal(e.nextCycleAt!.getTime() - e.clock.now.getTime(), 86_400_000);
}));

test('Entra: soft delete disables at once, DELETE only 30 days later', () => withServer(async (s) => {
  const e = engineFor('entra-aadoptscim062020');
  e.configure(s.base, TOKEN);
  e.directory.assignedUsers.add('ada');
  await e.setProvisioning(true);
  e.directory.user('ada').deletedAt = e.clock.iso();
  await e.nextCycle();
  const disable = s.captured.filter((c) => c.method === 'PATCH').slice(-1)[0];
  assert.deepEqual(JSON.parse(disable.body!).Operations, [{ op: 'replace', path: 'active', value: false }]);
  await e.advance('P29D');
  assert.equal(s.captured.filter((c) => c.method === 'DELETE').length, 0);
  assert.ok(s.captured.length < 20, 'long jumps do not replay a thousand idle cycles');
  await e.advance('P1D');
  assert.equal(s.captured.filter((c) => c.method === 'DELETE').length, 1);
}));

test('OneLogin: with admin approval required, a create waits as pending until approved', () => withServer(async (s) => {
  const e = engineFor('onelogin-core');
  e.approval.create = true;
  e.configure(s.base, TOKEN);
  e.directory.assignedUsers.add('ada');
  await e.changed(['ada']);
  assert.equal(s.captured.length, 0);
  assert.deepEqual(e.pending, [{ key: 'ada', action: 'create' }]);
  await e.approvePending();
  assert.ok(e.spId('ada'));
}));

test('the token never appears in an exchange or a log line', () => withServer(async (s) => {
  const e = engineFor('okta-oin');
  e.configure(s.base, TOKEN);
  await e.testConnection();
  e.directory.assignedUsers.add('ada');
  await e.changed(['ada']);
  assert.ok(!JSON.stringify(e.exchanges).includes(TOKEN));
  assert.ok(!JSON.stringify(e.logLines).includes(TOKEN));
  assert.ok(s.captured.every((c) => c.headers.some(([k, v]) => k === 'Authorization' && v === `Bearer ${TOKEN}`)));
}));
