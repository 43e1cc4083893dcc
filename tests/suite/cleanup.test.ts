// Leave nothing behind: a url: run of the whole catalogue against `serve` leaves the tenant's counts and
// the tenant list as they were, and on a crowded SP every user and group it did not make; a run killed with SIGKILL is cleaned up by `cleanup --prefix`; Ctrl-C (SIGINT)
// ends a run with 130, a partial conformance.json, and the counts back; a tenant the console makes in the browser
// is in the run's ledger and goes with its scenario.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, runCli, startServe, failing, reasonsOf } from './helpers.js';
import { findChromium } from '../../support/browser/chromium.js';
import type { LedgerEvent } from '../../support/cli/ledger.js';
import { deleteEntries, findByPrefix } from '../../support/cli/sweep.js';
import type { ConformanceReport } from '../../support/report/types.js';

const ADMIN = 'admin-secret-for-cleanup-test';

async function tenantFor(server: Awaited<ReturnType<typeof startServe>>, profile = 'aws') {
  const tenant = await server.admin('POST', '/tenants', { profile });
  const enabled = await server.admin('POST', `/tenants/${tenant.id}/provisioning`);
  const counts = async () => (await server.admin('GET', `/tenants/${tenant.id}`)).counts as { users: number; groups: number };
  const tenantIds = async () => ((await server.admin('GET', '/tenants')).tenants as { id: string }[]).map((t) => t.id).sort();
  return { id: tenant.id as string, endpoint: enabled.scimEndpoint as string, token: enabled.accessToken.token as string, counts, tenantIds };
}

/** A url: run in a child process, started but not awaited; resolves its exit when it ends. */
function startRun(args: string[], env: NodeJS.ProcessEnv) {
  // our own serve on 127.0.0.1: no need for the gentle url: pacing meant for someone else's SP
  const child = spawn(process.execPath, [BIN, 'run', '--rate', '0', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = ''; let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, done, out: () => stdout, err: () => stderr };
}

const waitFor = async (what: string, ok: () => boolean | Promise<boolean>, ms = 120_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await ok()) return; await new Promise((r) => setTimeout(r, 200)); }
  throw new Error(`timed out waiting for ${what}`);
};

test('a url: run of the whole catalogue leaves the tenant as it found it, and deletes the tenants it made', { timeout: 600_000 }, async () => {
  const server = await startServe(ADMIN);
  try {
    const t = await tenantFor(server);
    // something of the owner's that must survive: the run deletes only its own
    const own = await fetch(`${t.endpoint.replace(/\/$/, '')}/Users`, { method: 'POST', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ userName: 'owner@example.com', name: { givenName: 'O', familyName: 'W' }, displayName: 'O W', emails: [{ value: 'owner@example.com', type: 'work', primary: true }] }) });
    assert.equal(own.status, 201);
    const before = await t.counts(); const tenantsBefore = await t.tenantIds();
    const run = await runCli(['run', '--target', `url:${t.endpoint}`, '--admin-url', `${server.origin}/admin`, '--seed', '11', '--rate', '0'],
      { env: { SCIM_TOKEN: t.token, SCIM_ADMIN_TOKEN: ADMIN, NO_COLOR: '1' }, timeoutMs: 500_000 });
    assert.ok(run.report, run.stderr);
    assert.deepEqual(failing(run.report), [], reasonsOf(run.report, failing(run.report)));
    assert.equal(run.code, 0, run.stderr.slice(-2000));
    assert.deepEqual(await t.counts(), before, 'user and group counts are what they were');
    assert.deepEqual(await t.tenantIds(), tenantsBefore, 'tenants the run created are deleted');
    assert.ok(run.report.cleanup, 'conformance.json has cleanup');
    assert.ok(run.report.cleanup.created > 0);
    assert.deepEqual(run.report.cleanup.notDeleted, []);
    assert.match(run.report.cleanup.namePrefix, /^scimc-[a-z0-9]+-$/);
    assert.match(run.stdout, /Cleanup: the \d+ resources this run created are deleted/);
  } finally { server.stop(); }
});

// OKTA-RATE-01 and ENTRA-RETRY-01 send the IdP through a throttling proxy of the suite's own. On an SP that
// throttles too, the IdP's DELETEs at the end met its 429s, and what they left was recorded at the proxy's
// address, gone by the run's last sweep: users stayed on the SP ("no credential for http://127.0.0.1:<proxy>").
test('on a throttled SP, what the IdPs made through the suite\'s throttling proxy is deleted', { timeout: 120_000 }, async () => {
  const server = await startServe(ADMIN, ['--profile', 'rfc', '--throttle', '10']);
  try {
    const t = await tenantFor(server, 'rfc');
    const run = await runCli(['run', '--target', `url:${t.endpoint}`, '--sp-profile', 'rfc', '--seed', '4242', '--rate', '0', '--req', 'OKTA-RATE-01,ENTRA-RETRY-01'],
      { env: { SCIM_TOKEN: t.token, NO_COLOR: '1' }, timeoutMs: 100_000 });
    assert.ok(run.report?.cleanup, run.stderr);
    assert.deepEqual(failing(run.report), [], reasonsOf(run.report, failing(run.report)));
    assert.ok((run.report.run.traffic?.throttled ?? 0) > 0, 'the SP throttled the run');
    assert.ok(run.report.cleanup.created > 0);
    assert.deepEqual(run.report.cleanup.notDeleted, []);
    assert.deepEqual(await t.counts(), { users: 0, groups: 0 }, 'the SP holds nothing the run made');
  } finally { server.stop(); }
});

/**
 * Fills a tenant as a shared staging SP is filled: users and groups of other people, named as the suite's
 * scenarios name theirs (ada, bob, devs…) but without the run's prefix. Answers a reader of every one of them.
 */
async function crowd(t: Awaited<ReturnType<typeof tenantFor>>, users: number) {
  const base = t.endpoint.replace(/\/$/, '');
  const headers = { authorization: `Bearer ${t.token}`, 'content-type': 'application/scim+json' };
  const post = async (type: 'Users' | 'Groups', body: object) => {
    const res = await fetch(`${base}/${type}`, { method: 'POST', headers, body: JSON.stringify(body) });
    assert.equal(res.status, 201, await res.clone().text());
    return `${type}/${((await res.json()) as { id: string }).id}`;
  };
  const names = ['ada', 'bob', 'carol', 'dave', 'eve'];
  const made: string[] = [];
  for (let i = 0; i < users; i++) {
    const given = names[i % names.length]!;
    const userName = `${given}.${i}@example.com`;
    made.push(await post('Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, externalId: `hr-${i}`, active: i % 4 !== 0,
      name: { givenName: given, familyName: `Colleague${i}` }, displayName: `${given} Colleague${i}`, emails: [{ value: userName, type: 'work', primary: true }] }));
  }
  for (let g = 0; g < users / 10; g++) {
    made.push(await post('Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `${['devs', 'admins', 'engineering'][g % 3]}-${g}`,
      members: made.slice(g * 10, g * 10 + 10).map((path) => ({ value: path.split('/')[1] })) }));
  }
  return async () => Promise.all(made.map(async (path) => `${path} ${await (await fetch(`${base}/${path}`, { headers })).text()}`));
}

// A staging SP is shared: it holds other people's users and groups, some named as the scenarios name theirs, and
// may page its lists. The run must judge the SP as it judges an empty one, and leave every stranger as it was.
test('on a crowded SP the catalogue gives no red row and leaves every user and group it did not make as it was', { timeout: 600_000 }, async () => {
  const plain = await startServe(ADMIN);
  const paged = await startServe(ADMIN, ['--variants', 'one-result-per-page']);
  try {
    const [aws, rfc] = await Promise.all([tenantFor(plain, 'aws'), tenantFor(paged, 'rfc')]);
    const [readAws, readRfc] = await Promise.all([crowd(aws, 300), crowd(rfc, 60)]);
    const [awsBefore, rfcBefore] = await Promise.all([readAws(), readRfc()]);
    const runs = await Promise.all([[aws, 'aws'], [rfc, 'rfc']].map(([t, profile]) => {
      const tenant = t as typeof aws;
      return runCli(['run', '--target', `url:${tenant.endpoint}`, '--sp-profile', profile as string, '--tags', 'not @console', '--seed', '12', '--rate', '0', '--quiet'],
        { env: { SCIM_TOKEN: tenant.token }, timeoutMs: 500_000 });
    }));
    for (const run of runs) {
      assert.ok(run.report, run.stderr);
      assert.deepEqual(failing(run.report), [], reasonsOf(run.report, failing(run.report)));
    }
    assert.deepEqual(await readAws(), awsBefore, 'the strangers on the aws tenant are as they were');
    assert.deepEqual(await readRfc(), rfcBefore, 'the strangers on the paged rfc tenant are as they were');
  } finally { plain.stop(); paged.stop(); }
});

test('cleanup --prefix removes what a run killed with SIGKILL left behind', { timeout: 300_000 }, async () => {
  const server = await startServe(ADMIN);
  try {
    const t = await tenantFor(server);
    const before = await t.counts();
    // no admin API: everything the run makes is in this tenant; the pooled-user scenarios leave many at once
    const r = startRun(['--target', `url:${t.endpoint}`, '--report-dir', mkdtempSync(join(tmpdir(), 'scimc-kill-')), '--seed', '3'], { SCIM_TOKEN: t.token });
    await waitFor('the run to create users', async () => { const c = await t.counts(); return c.users + c.groups > before.users + before.groups; });
    r.child.kill('SIGKILL');
    await r.done;
    const prefix = /start with (scimc-[a-z0-9]+)-/.exec(r.err())?.[1];
    assert.ok(prefix, r.err());
    // a scenario may have been killed half-way: something of the run's may be left
    const left = await t.counts();
    const clean = await runCli(['cleanup', '--target', `url:${t.endpoint}`, '--prefix', prefix], { env: { SCIM_TOKEN: t.token } });
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    if (left.users + left.groups > before.users + before.groups) assert.match(clean.stdout, /Deleted \d+/);
    assert.deepEqual(await t.counts(), before, `counts are back after cleanup:\n${clean.stdout}`);
    const refused = await runCli(['cleanup', '--target', `url:${t.endpoint}`, '--prefix', 'a'], { env: { SCIM_TOKEN: t.token } });
    assert.equal(refused.code, 2, 'a prefix that is not the suite\'s own is refused');
  } finally { server.stop(); }
});

test('a DELETE answered 2xx and lost is not called deleted: a spot check reads the first ones back', { timeout: 300_000 }, async () => {
  const args = ['run', '--sp-profile', 'rfc', '--req', 'RFC-DELETE-01', '--seed', '11', '--settle-ms', '200'];
  const [lost, kept] = await Promise.all([runCli([...args, '--faults', 'delete-ignored']), runCli(args)]);
  const still = lost.report?.cleanup?.stillServed ?? [];
  assert.deepEqual([...new Set(still.map((s) => s.type))].sort(), ['Group', 'User'], lost.stdout + lost.stderr);
  for (const s of still) {
    assert.equal(s.status, 200);
    assert.match(s.name ?? '', new RegExp(lost.report!.cleanup!.namePrefix), 'each is named by the name the run gave it');
  }
  assert.match(lost.stdout, /yet still serves these by id/);
  assert.doesNotMatch(lost.stdout, /created are deleted/);
  assert.equal(kept.code, 0, kept.stdout + kept.stderr);
  assert.equal(kept.report?.cleanup?.stillServed, undefined);
  assert.match(kept.stdout, /Cleanup: the \d+ resources this run created are deleted/);
});

test('Ctrl-C (SIGINT) in the middle of a url: run: exit 130, a partial conformance.json, counts back', { timeout: 300_000 }, async () => {
  const server = await startServe(ADMIN);
  try {
    const t = await tenantFor(server);
    const before = await t.counts(); const tenantsBefore = await t.tenantIds();
    const dir = mkdtempSync(join(tmpdir(), 'scimc-int-'));
    const r = startRun(['--target', `url:${t.endpoint}`, '--admin-url', `${server.origin}/admin`, '--report-dir', dir, '--seed', '4'],
      { SCIM_TOKEN: t.token, SCIM_ADMIN_TOKEN: ADMIN, NO_COLOR: '1' });
    await waitFor('the run to create users', async () => { const c = await t.counts(); return c.users + c.groups > before.users + before.groups; });
    r.child.kill('SIGINT');
    const { code } = await r.done;
    assert.equal(code, 130, r.err().slice(-2000));
    assert.ok(existsSync(join(dir, 'conformance.json')), 'a partial report is written');
    const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
    assert.equal(report.run.interrupted, true);
    const results = report.requirements.flatMap((x) => x.variants.map((v) => v.result));
    assert.ok(results.includes('NOT-RUN'), 'what was not run is NOT-RUN');
    assert.ok(report.requirements.some((x) => x.variants.some((v) => v.result === 'NOT-RUN' && /interrupted/.test(v.reason ?? ''))));
    assert.deepEqual(failing(report), [], reasonsOf(report, failing(report)));
    assert.deepEqual(await t.counts(), before, 'counts are back');
    assert.deepEqual(await t.tenantIds(), tenantsBefore, 'tenants the run made are gone');
    assert.match(r.out(), /INTERRUPTED/);
  } finally { server.stop(); }
});

const browser = findChromium();
if (!browser && process.env.CI) throw new Error('CI is set but no Chromium is on the PATH: install it (apt-get install -y chromium) so the console cleanup test runs');
test('a tenant the console creates is in the run\'s ledger, with its SCIM endpoint, and deleted with its scenario', { skip: browser ? false : 'no Chromium installed here', timeout: 180_000 }, async () => {
  const server = await startServe(ADMIN);
  try {
    const t = await tenantFor(server);
    const tenantsBefore = await t.tenantIds();
    // AP-ENABLE-01 makes its tenant with the console's "Create tenant", in the browser: no exchange of the suite's own
    const run = await runCli(['run', '--target', `url:${t.endpoint}`, '--admin-url', `${server.origin}/admin`, '--req', 'AP-ENABLE-01', '--seed', '5', '--rate', '0'],
      { env: { SCIM_TOKEN: t.token, SCIM_ADMIN_TOKEN: ADMIN, NO_COLOR: '1' }, timeoutMs: 150_000 });
    assert.ok(run.report, run.stderr);
    assert.equal(run.code, 0, run.stdout.slice(-2000) + run.stderr.slice(-2000));
    assert.equal(run.report.requirements.find((r) => r.id === 'AP-ENABLE-01')?.verdict, 'PASS', reasonsOf(run.report, ['AP-ENABLE-01']));
    const events = readFileSync(join(run.reportDir, 'created.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LedgerEvent);
    const made = events.filter((e) => e.kind === 'tenant' && e.op === 'add' && /^Settings, Enable/.test(e.scenario ?? ''));
    assert.ok(made.length > 0, `the ledger records the tenant the console made:\n${events.map((e) => JSON.stringify(e)).join('\n')}`);
    const id = made[0]!.id;
    assert.ok(made.some((e) => e.id === id && e.scimEndpoint?.includes(id)), 'the ledger learns the tenant\'s SCIM endpoint once the console shows it');
    assert.ok(events.some((e) => e.kind === 'tenant' && e.op === 'del' && e.id === id), 'the tenant\'s DELETE is in the ledger');
    assert.deepEqual(await t.tenantIds(), tenantsBefore, 'the tenant the console made is gone');
    assert.deepEqual(run.report.cleanup?.notDeleted, []);
  } finally { server.stop(); }
});

test('the search by prefix asks no `userName sw` of an SP the capability probe saw refuse it, and walks the list', async () => {
  const asked: string[] = [];
  const users = [{ id: 'u1', userName: 'scimc-abcd12-ada@example.com' }, { id: 'u2', userName: 'someone.else@example.com' }];
  const server = createServer((req, res) => {
    asked.push(decodeURIComponent(req.url ?? ''));
    res.writeHead(200, { 'content-type': 'application/scim+json' });
    const list = req.url?.startsWith('/scim/v2/Users') ? users : [];
    res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: list.length, startIndex: 1, itemsPerPage: list.length, Resources: list }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/scim/v2`;
    const { found, notes } = await findByPrefix(base, 'token-for-the-walk', 'scimc-abcd12-', { timeoutMs: 5000, userNameSw: false });
    assert.deepEqual(found.map((f) => f.id), ['u1']);
    assert.ok(!asked.some((u) => / sw /.test(u)), asked.join('\n'));
    assert.match(notes.join('\n'), /the capability probe saw it refused/);
  } finally { server.close(); }
});

// SCIM Gateway answers a DELETE of a user that is not there 500, not 404: the run had listed three users as "left on
// the target" that the SP no longer held. A failed DELETE is read back by id, and a 404 there is nothing left.
test('a DELETE refused for what is already gone is read back: a 404 there is not "left on the target"; a resource still served is', async () => {
  const held = new Set(['u-kept']);
  const server = createServer((req, res) => {
    const id = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
    if (req.method === 'DELETE') { res.writeHead(500, { 'content-type': 'application/json' }); res.end(JSON.stringify({ detail: `deleteUser error: failed for user id=${id}` })); return; }
    res.writeHead(held.has(id) ? 200 : 404, { 'content-type': 'application/scim+json' });
    res.end(JSON.stringify(held.has(id) ? { id, userName: id } : { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/scim/v2`;
    const entry = (id: string) => ({ kind: 'Users' as const, id, base, name: id });
    const { deleted, failed } = await deleteEntries([entry('u-gone'), entry('u-kept')], { tokenFor: () => 'token-for-the-sweep', timeoutMs: 5000 });
    assert.deepEqual(deleted.map((d) => [d.id, d.status]), [['u-gone', 404]]);
    assert.deepEqual(failed.map((f) => [f.id, f.status]), [['u-kept', 500]]);
  } finally { server.close(); }
});

// On a crowded tenant an SP whose `userName sw` matches every user lists strangers on each page of the suite's scoped
// walk. That is the filter answering wrong (RFC-FILTER-01's), not paging: RFC-PAGE-01 had failed "totalResults 65,
// expected 5" beside it; it is BLOCKED by RFC-FILTER-01 now. An empty tenant cannot show it (the batch is all it holds).
test('on a crowded SP whose userName sw matches everyone, RFC-FILTER-01 alone is red and paging is BLOCKED by it', { timeout: 300_000 }, async () => {
  const server = await startServe(ADMIN, ['--allow-faults']);
  try {
    const t = await tenantFor(server, 'rfc');
    await server.admin('POST', `/tenants/${t.id}/faults`, { faults: ['sw-ignored'] });
    await crowd(t, 60);
    const run = await runCli(['run', '--target', `url:${t.endpoint}`, '--sp-profile', 'rfc', '--req', 'RFC-FILTER-01,RFC-PAGE-01', '--seed', '12', '--rate', '0', '--quiet'],
      { env: { SCIM_TOKEN: t.token }, timeoutMs: 250_000 });
    assert.ok(run.report, run.stderr);
    assert.deepEqual(failing(run.report), ['RFC-FILTER-01'], reasonsOf(run.report, failing(run.report)));
    const page = run.report.requirements.find((r) => r.id === 'RFC-PAGE-01')!;
    assert.equal(page.verdict, 'BLOCKED', reasonsOf(run.report, ['RFC-PAGE-01']));
    assert.equal(page.variants[0]!.blockedBy, 'RFC-FILTER-01');
  } finally { server.stop(); }
});
