// serve --data-dir as a user runs it: a real process, 8 clients writing at once over HTTP, SIGKILL in the
// middle of the load. After a restart every write that was answered 2xx is there, and no write is half
// applied: a PATCH's operations are all there or none is. And the journal's compaction, copied as a crash
// would leave it at hundreds of moments, recovers every acknowledged record once and in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DurableStore } from '../../support/reference-server/persistence.ts';

const main = fileURLToPath(new URL('../../support/reference-server/main.ts', import.meta.url));
const ADMIN = 'durability-admin';
const CLIENTS = 8;
/** The kill comes once this many creates were acknowledged (or after LOAD_MS, on a busy machine). */
const ACKED_BEFORE_KILL = 150;
const LOAD_MS = 8000;

function copyDirectory(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    try { copyFileSync(join(from, name), join(to, name)); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; } // a temp file renamed meanwhile
  }
}

async function serve(dataDir: string): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0', '--admin-token', ADMIN, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => { err += d; });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}${err}`)), 20_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited ${code}: ${err}`)); });
  });
  return { child, url, stderr: () => err };
}

async function send(url: string, token: string, method: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const userBody = (userName: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, externalId: `ext-${userName}`, displayName: `v0 ${userName}`,
  title: 'v0', nickName: 'v0', active: true, name: { givenName: 'Given', familyName: 'Family' },
  emails: [{ value: `${userName}@example.com`, type: 'work', primary: true }],
});
const patchOf = (operations: unknown[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations });

/** What one client knows: what was acknowledged (2xx) and what was sent without an answer (either outcome is right). */
interface ClientLog {
  created: Map<string, string>; // userName -> id (acknowledged)
  userVersion: Map<string, { acked: number; tried: number }>; // id -> PATCH versions
  deleted: Set<string>; // ids whose DELETE was acknowledged
  deleting?: string; // the id of a DELETE sent and not answered
  group?: { id: string; acked: number; tried: number; members: string[] }; // members[k-1] added by PATCH k
}

async function client(base: string, token: string, c: number, until: () => boolean, log: ClientLog): Promise<void> {
  const group = await send(`${base}/Groups`, token, 'POST', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `grp-${c}-0` });
  assert.equal(group.status, 201);
  log.group = { id: group.body.id, acked: 0, tried: 0, members: [] };
  try {
    for (let i = 0; !until(); i++) {
      const name = `c${c}-u${i}`;
      const made = await send(`${base}/Users`, token, 'POST', userBody(name));
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const id = made.body.id as string;
      log.created.set(name, id);
      // a PATCH of three operations: after a crash all three carry one version, never a mix
      const v = { acked: 0, tried: 1 };
      log.userVersion.set(id, v);
      const patched = await send(`${base}/Users/${id}`, token, 'PATCH', patchOf([
        { op: 'replace', path: 'displayName', value: `v1 ${name}` }, { op: 'replace', path: 'title', value: 'v1' }, { op: 'replace', path: 'nickName', value: 'v1' },
      ]));
      assert.ok(patched.status < 300, JSON.stringify(patched.body));
      v.acked = 1;
      // a group PATCH that adds this user and renames the group, both or neither
      const g = log.group;
      g.tried = g.acked + 1;
      g.members[g.tried - 1] = id;
      const gp = await send(`${base}/Groups/${g.id}`, token, 'PATCH', patchOf([
        { op: 'add', path: 'members', value: [{ value: id }] }, { op: 'replace', path: 'displayName', value: `grp-${c}-${g.tried}` },
      ]));
      assert.ok(gp.status < 300, JSON.stringify(gp.body));
      g.acked = g.tried;
      if (i % 4 === 3) {
        log.deleting = log.created.get(`c${c}-u${i - 1}`)!;
        const gone = await send(`${base}/Users/${log.deleting}`, token, 'DELETE');
        assert.equal(gone.status, 204);
        log.deleted.add(log.deleting);
        log.deleting = undefined;
      }
    }
  } catch (e) {
    if (!until()) throw e; // a request cut by the kill has no answer: its outcome may be either
  }
}

test('serve --data-dir: every acknowledged write survives SIGKILL during concurrent writes, nothing half applied', { timeout: 30_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'refsrv-durable-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = await serve(dir);
  t.after(() => { first.child.kill('SIGKILL'); });
  const adminCall = (url: string, path: string, method = 'POST', body?: unknown) => fetch(`${url}/admin${path}`, {
    method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  }).then((r) => r.json() as Promise<any>);
  const tenant = await adminCall(first.url, '/tenants', 'POST', { profile: 'rfc' }); // rfc: GET /Groups/{id} shows members (aws leaves them out)
  const prov = await adminCall(first.url, `/tenants/${tenant.id}/provisioning`);
  const token = prov.accessToken.token as string;
  const path = `/${tenant.id}/scim/v2`;

  let killed = false;
  const logs: ClientLog[] = Array.from({ length: CLIENTS }, () => ({ created: new Map(), userVersion: new Map(), deleted: new Set() }));
  const load = Promise.all(logs.map((log, c) => client(`${first.url}${path}`, token, c, () => killed, log)));
  const deadline = Date.now() + LOAD_MS;
  while (Date.now() < deadline && logs.reduce((n, l) => n + l.created.size, 0) < ACKED_BEFORE_KILL) await new Promise((r) => setTimeout(r, 20));
  killed = true;
  first.child.kill('SIGKILL');
  await load;
  const acked = logs.reduce((n, l) => n + l.created.size, 0);
  assert.ok(acked > 50, `the load made too few writes to prove anything (${acked})`);

  const second = await serve(dir);
  t.after(() => { second.child.kill('SIGKILL'); });
  const base = `${second.url}${path}`;
  let checked = 0;
  for (const [c, log] of logs.entries()) {
    for (const [name, id] of log.created) {
      const got = await send(`${base}/Users/${id}`, token, 'GET');
      if (log.deleted.has(id)) { assert.equal(got.status, 404, `${name} was deleted (acknowledged) but is back`); continue; }
      if (id === log.deleting && got.status === 404) continue; // its DELETE had no answer: either outcome
      assert.equal(got.status, 200, `${name} was created (201) but is gone after the restart`);
      assert.equal(got.body.userName, name);
      assert.deepEqual(got.body.emails, [{ value: `${name}@example.com`, type: 'work', primary: true }]);
      const v = log.userVersion.get(id);
      const at = Number(/^v(\d+)$/.exec(got.body.title)?.[1]);
      assert.ok(v === undefined ? at === 0 : at >= v.acked && at <= v.tried, `${name}: title v${at}, acknowledged v${v?.acked}`);
      assert.equal(got.body.nickName, got.body.title, `${name}: a PATCH half applied`);
      assert.equal(got.body.displayName, `v${at} ${name}`, `${name}: a PATCH half applied`);
      checked++;
    }
    const g = log.group!;
    const group = await send(`${base}/Groups/${g.id}`, token, 'GET');
    assert.equal(group.status, 200);
    const k = Number(/^grp-\d+-(\d+)$/.exec(group.body.displayName)?.[1]);
    assert.ok(k >= g.acked && k <= g.tried, `group ${c}: at PATCH ${k}, acknowledged ${g.acked}`);
    // the members PATCHes 1..k added, less users deleted since (a delete takes the membership with it)
    const gone = (id: string) => log.deleted.has(id) || id === log.deleting;
    const expected = g.members.slice(0, k).filter((id) => !gone(id)).sort();
    const members = ((group.body.members ?? []) as Array<{ value: string }>).map((m) => m.value).filter((id) => !gone(id)).sort();
    assert.deepEqual(members, expected, `group ${c}: its members and its name disagree (a PATCH half applied)`);
  }
  assert.ok(checked > 0);
  t.diagnostic(`${acked} users created (201) by ${CLIENTS} clients before SIGKILL; ${checked} checked after the restart`);
  // the restarted server keeps taking writes, and a clean stop leaves one snapshot and no journal
  assert.equal((await send(`${base}/Users`, token, 'POST', userBody('after-restart'))).status, 201);
  second.child.kill('SIGTERM');
  await new Promise((r) => second.child.once('exit', r));
  assert.deepEqual(readdirSync(dir), ['reference-state.json'], second.stderr());
});

test('journal compaction: a crash at any moment of it leaves every acknowledged record, once, in order', { timeout: 30_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'refsrv-compact-'));
  const images = mkdtempSync(join(tmpdir(), 'refsrv-crash-'));
  t.after(() => { rmSync(dir, { recursive: true, force: true }); rmSync(images, { recursive: true, force: true }); });
  /** A state that is the list of records applied, so a lost, repeated or reordered record shows. */
  const listState = () => {
    const items: number[] = [];
    return { items, load: (s: unknown) => { items.push(...(s as { items: number[] }).items); }, apply: (r: unknown) => { items.push((r as { n: number }).n); }, capture: () => ({ items: [...items] }) };
  };
  const live = listState();
  // small compaction threshold: the load below compacts many times
  const store = DurableStore.open(dir, live, { minCompactBytes: 2048 });
  let acknowledged = 0;
  const crashes: Array<{ path: string; acknowledged: number }> = [];
  let copying = true;
  // What a SIGKILL leaves is what the files hold at one instant: the directory copied again and again while
  // the load compacts. (File operations run on libuv's threads, so a copy may see a later state of a later
  // file; the states it sees still come one after another, as a crash would leave them.)
  const copier = (async () => {
    while (copying) {
      const path = join(images, String(crashes.length));
      const before = acknowledged;
      copyDirectory(dir, path);
      crashes.push({ path, acknowledged: before });
      await new Promise((r) => setImmediate(r));
    }
  })();
  let n = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let i = 0; i < 150; i++) {
      const record = { n: n++, pad: 'x'.repeat(40) };
      live.apply(record);
      store.append(record, true);
      await store.whenDurable();
      acknowledged = Math.max(acknowledged, record.n + 1);
    }
  }));
  copying = false;
  await copier;
  await store.close();
  assert.ok(readdirSync(images).length > 20, 'enough crash images');
  const generations = new Set(crashes.map((c) => readdirSync(c.path).filter((f) => f.endsWith('.log')).join(',')));
  assert.ok(generations.size > 5, `the load compacted (${generations.size} journal layouts seen)`);
  t.diagnostic(`${crashes.length} crash images, ${generations.size} journal layouts`);
  for (const crash of crashes) {
    const recovered = listState();
    const again = DurableStore.open(crash.path, recovered);
    assert.deepEqual(recovered.items, recovered.items.map((_, i) => i), `image ${crash.path}: records lost, repeated or reordered`);
    assert.ok(recovered.items.length >= crash.acknowledged, `image ${crash.path}: ${recovered.items.length} records, ${crash.acknowledged} were acknowledged`);
    await again.close();
  }
  const final = listState();
  DurableStore.open(dir, final);
  assert.equal(final.items.length, n);
  assert.deepEqual(readdirSync(dir), ['reference-state.json']);
});
