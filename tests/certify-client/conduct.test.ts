// What the recorder judges from the order of a client's requests and from the reference's answers: back-off
// after 429, look-up after 409, stopping after 401, following the cursor, and reading membership with the
// filter rather than from a group. Real HTTP against the reference in this process (startCertifyClient).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCertifyClient } from '../../support/certify-client/main.ts';
import type { Finding } from '../../support/certify-client/judge.ts';
import { goodUser, PATCH_OP, scim } from './helpers.ts';

const session = (extra: { throttle?: number } = {}) =>
  startCertifyClient({ port: 0, profile: 'aws', reportDir: mkdtempSync(join(tmpdir(), 'certify-conduct-')), ...extra });
const of = (findings: Finding[], id: string) => findings.filter((f) => f.id === id).map((f) => f.result);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('429: a client that comes back at once is WARN; one that waits Retry-After passes', async () => {
  const hasty = await session({ throttle: 1 });
  let saw429 = false;
  for (let i = 0; i < 8; i++) if ((await scim(`${hasty.endpoint}/Users`, hasty.token)).status === 429) saw429 = true;
  assert.ok(saw429, 'the throttle answered 429');
  const a = await hasty.finish();
  assert.ok(of(a.findings, 'CLIENT-RETRY-01').includes('WARN'));
  assert.equal(a.report.requirements.find((r) => r.id === 'CLIENT-RETRY-01')?.verdict, 'WARN');
  assert.equal(a.exitCode, 0, 'a should-level finding does not fail the run');

  const patient = await session({ throttle: 1 });
  let retryAfter = 0;
  for (let i = 0; i < 8 && !retryAfter; i++) {
    const res = await fetch(`${patient.endpoint}/Users`, { headers: { authorization: `Bearer ${patient.token}` } });
    await res.text();
    if (res.status === 429) retryAfter = Number(res.headers.get('retry-after'));
  }
  assert.ok(retryAfter >= 1);
  await sleep(retryAfter * 1000);
  assert.equal((await scim(`${patient.endpoint}/Users`, patient.token)).status, 200);
  const b = await patient.finish();
  assert.deepEqual(of(b.findings, 'CLIENT-RETRY-01'), ['PASS']);
});

test('409: a look-up passes; the same create again, or nothing, is WARN', async () => {
  const s = await session();
  const create = (name: string) => scim(`${s.endpoint}/Users`, s.token, 'POST', goodUser(name));
  for (const name of ['ada', 'bob', 'cyd']) assert.equal((await create(name)).status, 201);
  assert.equal((await create('ada')).status, 409);
  assert.equal((await scim(`${s.endpoint}/Users?filter=${encodeURIComponent('userName eq "ada@example.com"')}`, s.token)).status, 200);
  assert.equal((await create('bob')).status, 409);
  assert.equal((await create('bob')).status, 409);
  const { findings } = await s.finish();
  const conflict = findings.filter((f) => f.id === 'CLIENT-CONFLICT-01');
  assert.deepEqual(conflict.map((f) => f.result), ['PASS', 'WARN', 'WARN']);
  assert.match(conflict[1]!.reason, /sent the same create again/);
  assert.match(conflict[2]!.reason, /never looked the resource up/);
  assert.deepEqual(of(findings, 'CLIENT-VALID-01').filter((r) => r !== 'PASS'), [], 'a 409 is an outcome, not an invalid request');
});

test('401: a few more requests pass; a client that keeps sending the refused token is WARN', async () => {
  const s = await session();
  for (let i = 0; i < 2; i++) assert.equal((await scim(`${s.endpoint}/Users`, 'wrong-token-aaaaaaaa')).status, 401);
  for (let i = 0; i < 6; i++) assert.equal((await scim(`${s.endpoint}/Users`, 'other-wrong-token-bbbbbbbb')).status, 401);
  const { findings, report } = await s.finish();
  assert.deepEqual(of(findings, 'CLIENT-AUTH-01').sort(), ['PASS', 'WARN']);
  assert.equal(report.requirements.find((r) => r.id === 'RFC-AUTH-01')?.verdict, 'FAIL', 'an unknown token is the refusal RFC-AUTH-01 owns');
});

test('lists: a truncated first page needs the cursor; following it passes', async () => {
  const s = await session();
  for (let i = 0; i < 101; i++) assert.equal((await scim(`${s.endpoint}/Users`, s.token, 'POST', goodUser(`u${i}`))).status, 201);
  const first = await scim(`${s.endpoint}/Users`, s.token);
  assert.deepEqual([first.body.totalResults, first.body.Resources.length, first.body.nextCursor], [101, 100, undefined]);
  const lost = await s.finish();
  assert.ok(of(lost.findings, 'AWS-PAGE-01').includes('FAIL'));
  assert.match(lost.findings.find((f) => f.id === 'AWS-PAGE-01' && f.result === 'FAIL')!.reason, /got 100 of 101 results and never asked for the rest/);

  const t = await session();
  for (let i = 0; i < 101; i++) await scim(`${t.endpoint}/Users`, t.token, 'POST', goodUser(`u${i}`));
  await scim(`${t.endpoint}/Users`, t.token);
  const page = await scim(`${t.endpoint}/Users?cursor`, t.token);
  assert.ok(page.body.nextCursor, 'the cursor request gets a nextCursor');
  await scim(`${t.endpoint}/Users?cursor=${page.body.nextCursor}`, t.token);
  const followed = await t.finish();
  assert.deepEqual(of(followed.findings, 'AWS-PAGE-01').filter((r) => r !== 'PASS'), []);
});

test('groups: reading members from a group is WARN unless the client reads membership with the filter', async () => {
  const s = await session();
  const ada = (await scim(`${s.endpoint}/Users`, s.token, 'POST', goodUser('ada'))).body;
  const g = (await scim(`${s.endpoint}/Groups`, s.token, 'POST', { displayName: 'Engineering' })).body;
  assert.equal((await scim(`${s.endpoint}/Groups/${g.id}`, s.token, 'PATCH', { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: ada.id }] }] })).status, 204);
  assert.deepEqual((await scim(`${s.endpoint}/Groups/${g.id}`, s.token)).body.members, [], 'AWS answers a group without its members');
  const { findings } = await s.finish();
  assert.deepEqual(of(findings, 'AWS-GROUP-01'), ['WARN']);
});

test('--profile rfc: the RFC rules judge; an aws-only rule never does, and a refusal without an rfc row is CLIENT-VALID-01', async () => {
  const s = await startCertifyClient({ port: 0, profile: 'rfc', reportDir: mkdtempSync(join(tmpdir(), 'certify-rfc-')) });
  const two = { ...goodUser('two'), emails: [{ value: 'two@example.com', primary: true }, { value: 'two@example.org' }] };
  assert.equal((await scim(`${s.endpoint}/Users`, s.token, 'POST', two)).status, 201, 'the RFC allows several emails');
  assert.equal((await scim(`${s.endpoint}/Users`, s.token, 'POST', { schemas: goodUser('x').schemas, displayName: 'No userName' })).status, 400);
  const { report } = await s.finish();
  const verdict = (id: string) => report.requirements.find((r) => r.id === id)?.verdict;
  assert.equal(verdict('CLIENT-VALID-01'), 'FAIL', 'userName is required by RFC 7643 too; AP-USER-01 is an aws row');
  assert.equal(verdict('AP-USER-03'), 'NOT-APPLICABLE');
  assert.equal(verdict('AP-USER-01'), 'NOT-APPLICABLE');
});
