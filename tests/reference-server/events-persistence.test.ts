import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { admin, call, provisionedTenant, startServer, userBody } from './helpers.ts';

test('events: CloudTrail-shaped, newest first, refusals included', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const a = await provisionedTenant(server);
  const ua = { 'user-agent': 'Go-http-client/2.0' };
  await call(`${a.base}/Users`, { token: a.token, body: userBody('ev1'), headers: { ...ua, 'content-type': 'application/scim+json' } });
  await call(`${a.base}/Users?filter=userName%20eq%20%22ev1%22`, { token: a.token, headers: ua });
  await call(`${a.base}/Users/does-not-exist`, { method: 'DELETE', token: 'wrong', headers: ua });
  await call(`${a.base}/Groups`, { headers: ua });

  const all = await admin(server, `/tenants/${a.id}/events`);
  assert.equal(all.status, 200);
  const events = all.body.events;
  assert.equal(events.length, 4);
  assert.deepEqual(events.map((e: any) => e.eventName), ['ListGroups', 'DeleteUser', 'ListUsers', 'CreateUser']);
  const [listGroups, del, list, create] = events;
  for (const e of events) {
    assert.equal(e.eventVersion, '1.08');
    assert.equal(e.eventSource, 'identitystore-scim.amazonaws.com');
    assert.equal(e.awsRegion, 'us-east-1');
    assert.equal(e.eventType, 'AwsApiCall');
    assert.equal(e.userAgent, 'Go-http-client/2.0');
    assert.equal(e.sourceIPAddress, '127.0.0.1');
    assert.match(e.requestID, /^[0-9a-f-]{36}$/);
    assert.match(e.eventID, /^[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(e.eventTime)));
  }
  assert.deepEqual(list.requestParameters, { httpMethod: 'GET', path: '/Users?filter=userName%20eq%20%22ev1%22' });
  assert.equal(create.errorCode, undefined);
  assert.equal(del.errorCode, 'UnauthorizedException');
  assert.equal(listGroups.errorCode, 'UnauthorizedException');
  assert.equal(typeof del.errorMessage, 'string');

  const filtered = await admin(server, `/tenants/${a.id}/events?eventName=CreateUser&limit=50`);
  assert.deepEqual(filtered.body.events.map((e: any) => e.eventName), ['CreateUser']);
  assert.equal((await admin(server, `/tenants/${a.id}/events?limit=1`)).body.events.length, 1);
  assert.equal((await admin(server, `/tenants/${a.id}/events?limit=zero`)).status, 400);

  // The event time follows the tenant's clock.
  await admin(server, '/clock', { body: { advance: 'P10D', tenant: a.id } });
  await call(`${a.base}/Users`, { token: a.token });
  const latest = (await admin(server, `/tenants/${a.id}/events?limit=1`)).body.events[0];
  assert.ok(Date.parse(latest.eventTime) - Date.now() > 9 * 86_400_000);
});

test('events: a bounded ring per tenant', async (t) => {
  const server = await startServer({ eventBufferSize: 5 });
  t.after(() => server.close());
  const a = await provisionedTenant(server);
  for (let i = 0; i < 8; i++) await call(`${a.base}/Users/u${i}`, { token: a.token });
  const ev = (await admin(server, `/tenants/${a.id}/events`)).body.events;
  assert.equal(ev.length, 5);
  assert.equal(ev[0].requestParameters.path, '/Users/u7');
  assert.equal(ev[4].requestParameters.path, '/Users/u3');
});

test('persistence across restart; secrets only hashed at rest', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'refsrv-'));
  let server = await startServer({ dataDir: dir });
  const a = await provisionedTenant(server);
  const second = (await admin(server, `/tenants/${a.id}/tokens`, { method: 'POST' })).body;
  await admin(server, `/tenants/${a.id}/tokens/${second.id}`, { method: 'DELETE', body: { confirm: 'DELETE' } });
  const created = await call(`${a.base}/Users`, { token: a.token, body: userBody('persisted') });
  assert.equal(created.status, 201);
  await admin(server, '/clock', { body: { advance: 'P30D', tenant: a.id } });
  const before = Date.parse((await admin(server, `/clock?tenant=${a.id}`)).body.now);
  await server.close();

  const files = readdirSync(dir);
  assert.deepEqual(files, ['reference-state.json'], 'no temp files left behind');
  const text = readFileSync(join(dir, files[0]), 'utf8');
  assert.ok(!text.includes(a.token), 'the secret is not stored');
  assert.ok(!text.includes(second.token), 'nor a deleted one');
  assert.ok(text.includes('persisted'));

  server = await startServer({ dataDir: dir });
  t.after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const base = a.base.replace(/127\.0\.0\.1:\d+/, server.url.slice('http://'.length));
  const got = await call(`${base}/Users/${created.body.id}`, { token: a.token });
  assert.equal(got.status, 200);
  assert.equal(got.body.userName, 'persisted');
  assert.equal((await call(`${base}/Users`, { token: second.token })).status, 401, 'the deleted token stays deleted');
  const after = Date.parse((await admin(server, `/clock?tenant=${a.id}`)).body.now);
  assert.ok(after - before >= 0 && after - before < 60_000, 'the tenant clock offset survived');
  const ev = (await admin(server, `/tenants/${a.id}/events`)).body.events;
  assert.ok(ev.some((e: any) => e.eventName === 'CreateUser'), 'events survived');
  assert.equal((await admin(server, `/tenants/${a.id}/tokens`)).body.tokens.length, 1);
});

test('faults: refused without allowFaults; applied per tenant, keeping data, with it', async (t) => {
  const plain = await startServer();
  t.after(() => plain.close());
  const p = await provisionedTenant(plain);
  const refused = await admin(plain, `/tenants/${p.id}/faults`, { body: { faults: ['deleted-token-accepted'] } });
  assert.equal(refused.status, 403);
  assert.equal(typeof refused.body.error, 'string');

  const server = await startServer({ allowFaults: true });
  t.after(() => server.close());
  const a = await provisionedTenant(server);
  const b = await provisionedTenant(server);
  const u = await call(`${a.base}/Users`, { token: a.token, body: userBody('kept') });
  assert.equal((await admin(server, `/tenants/${a.id}/faults`, { body: { faults: ['no-such-fault'] } })).status, 400);
  const set = await admin(server, `/tenants/${a.id}/faults`, { body: { faults: ['deleted-token-accepted', 'wrong-tenant-accepted', 'expired-token-accepted'] } });
  assert.equal(set.status, 200);
  assert.equal((await call(`${a.base}/Users/${u.body.id}`, { token: a.token })).status, 200, 'data kept across the rebuild');

  const second = (await admin(server, `/tenants/${a.id}/tokens`, { method: 'POST' })).body;
  await admin(server, `/tenants/${a.id}/tokens/${second.id}`, { method: 'DELETE', body: { confirm: 'DELETE' } });
  assert.equal((await call(`${a.base}/Users`, { token: second.token })).status, 200, 'deleted-token-accepted');
  const cross = await call(`${a.base}/Users/${u.body.id}`, { token: b.token });
  assert.equal(cross.status, 404, 'wrong-tenant-accepted answers with the token\'s own tenant (which lacks the user)');
  await admin(server, '/clock', { body: { advance: 'P2Y', tenant: a.id } });
  assert.equal((await call(`${a.base}/Users`, { token: a.token })).status, 200, 'expired-token-accepted');
  // third-token-allowed: a third token is issued where two exist (AP-TOKEN-03 refuses it)
  await admin(server, `/tenants/${b.id}/faults`, { body: { faults: ['third-token-allowed'] } });
  assert.equal((await admin(server, `/tenants/${b.id}/tokens`, { method: 'POST' })).status, 201, 'a second token');
  assert.equal((await admin(server, `/tenants/${b.id}/tokens`, { method: 'POST' })).status, 201, 'third-token-allowed');
  await admin(server, `/tenants/${b.id}/faults`, { body: { faults: [] } });
  assert.equal((await admin(server, `/tenants/${b.id}/tokens`, { method: 'POST' })).status, 409, 'without the fault a fourth is refused');
  // Clearing the faults restores the rules.
  await admin(server, `/tenants/${a.id}/faults`, { body: { faults: [] } });
  assert.equal((await call(`${a.base}/Users`, { token: a.token })).status, 401);
  assert.equal((await call(`${a.base}/Users`, { token: second.token })).status, 401);
});

test('the tenant lifecycle faults: a listed secret, a disable that leaves tokens, a provisioning-off 404', async (t) => {
  const server = await startServer({ faults: ['token-secret-listed', 'disable-with-tokens-allowed', 'provisioning-off-404'] });
  t.after(() => server.close());
  const a = await provisionedTenant(server);
  const listed = (await admin(server, `/tenants/${a.id}/tokens`)).body.tokens;
  assert.equal(listed[0].token, a.token, 'token-secret-listed');
  const off = await admin(server, `/tenants/${a.id}/provisioning`, { method: 'DELETE', body: { confirm: 'DISABLE' } });
  assert.ok(off.status < 300, `disable-with-tokens-allowed: ${off.status}`);
  const after = await call(`${a.base}/Users`, { token: a.token });
  assert.equal(after.status, 404, 'provisioning-off-404');
  assert.equal(after.headers.get('www-authenticate'), null);

  const healthy = await startServer();
  t.after(() => healthy.close());
  const b = await provisionedTenant(healthy);
  assert.equal((await admin(healthy, `/tenants/${b.id}/tokens`)).body.tokens[0].token, undefined, 'the listing never carries a secret');
  assert.equal((await admin(healthy, `/tenants/${b.id}/provisioning`, { method: 'DELETE', body: { confirm: 'DISABLE' } })).status, 409);
  await admin(healthy, `/tenants/${b.id}/tokens/${b.tokenId}`, { method: 'DELETE', body: { confirm: 'DELETE' } });
  assert.ok((await admin(healthy, `/tenants/${b.id}/provisioning`, { method: 'DELETE', body: { confirm: 'DISABLE' } })).status < 300);
  assert.equal((await call(`${b.base}/Users`, { token: b.token })).status, 401, 'a tenant whose provisioning is off answers 401');
});

test('empty-query-404: a URL that ends in a bare ? is 404; without the fault it is the same request', async (t) => {
  for (const [faults, status] of [[['empty-query-404'], 404], [[], 200]] as const) {
    const server = await startServer({ faults: [...faults] });
    t.after(() => server.close());
    const a = await provisionedTenant(server);
    const u = await call(`${a.base}/Users`, { token: a.token, body: userBody('quirk') });
    // the path as written, with its bare ? (a URL object drops it), as OneLogin's client sends it
    const url = new URL(`${a.base}/Users/${u.body.id}`);
    const put = await new Promise<number>((resolve, reject) => {
      const r = request({ host: url.hostname, port: url.port, path: `${url.pathname}?`, method: 'PUT',
        headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/scim+json' } },
        (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      r.on('error', reject);
      r.end(JSON.stringify(userBody('quirk')));
    });
    assert.equal(put, status);
    assert.equal((await call(`${a.base}/Users/${u.body.id}`, { token: a.token })).status, 200);
  }
});

test('server-wide faults from the options apply to every tenant', async (t) => {
  const server = await startServer({ faults: ['deleted-token-accepted'] });
  t.after(() => server.close());
  const a = await provisionedTenant(server);
  await admin(server, `/tenants/${a.id}/tokens/${a.tokenId}`, { method: 'DELETE', body: { confirm: 'DELETE' } });
  assert.equal((await call(`${a.base}/Users`, { token: a.token })).status, 200);
});

test('empty-query-parameter-refused: a query with an empty parameter (OneLogin\'s trailing &) is 400; without the fault it is read as without it', async (t) => {
  for (const [faults, status] of [[['empty-query-parameter-refused'], 400], [[], 200]] as const) {
    const server = await startServer({ faults: [...faults] });
    t.after(() => server.close());
    const a = await provisionedTenant(server);
    const lookup = await call(`${a.base}/Users?filter=userName+eq+%22nobody%40example.com%22&`, { token: a.token });
    assert.equal(lookup.status, status, JSON.stringify(lookup.body));
    if (status === 200) assert.equal(lookup.body.totalResults, 0);
    assert.equal((await call(`${a.base}/Users?filter=userName+eq+%22nobody%40example.com%22`, { token: a.token })).status, 200, 'the same lookup without the & is served');
  }
});

test('token-dates-of-first: every listed token carries the first token\'s dates; without the fault each its own', async (t) => {
  for (const [faults, same] of [[['token-dates-of-first'], true], [[], false]] as const) {
    const server = await startServer({ faults: [...faults] });
    t.after(() => server.close());
    const a = await provisionedTenant(server);
    await admin(server, '/clock', { body: { advance: 'P30D', tenant: a.id } });
    const second = (await admin(server, `/tenants/${a.id}/tokens`, { method: 'POST' })).body;
    const listed = (await admin(server, `/tenants/${a.id}/tokens`)).body.tokens;
    const row = listed.find((x: any) => x.id === second.id);
    assert.equal(row.createdAt === listed[0].createdAt, same);
    if (!same) assert.equal(row.createdAt, second.createdAt, 'the listing shows the date its generation answered');
    assert.equal((await call(`${a.base}/Users`, { token: second.token })).status, 200, 'the second token works either way');
  }
});
