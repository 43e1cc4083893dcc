import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, admin, call, provisionedTenant, startServer, userBody } from './helpers.ts';

test('tenant lifecycle through the admin API', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);

  const unauth = await call(`${server.url}/admin/tenants`);
  assert.equal(unauth.status, 401);
  assert.equal(typeof unauth.body.error, 'string');
  assert.equal((await call(`${server.url}/admin/tenants`, { token: 'nope' })).status, 401);

  const created = await admin(server, '/tenants', { body: { profile: 'rfc' } });
  assert.equal(created.status, 201);
  assert.deepEqual(Object.keys(created.body).sort(), ['id', 'profile', 'scimEndpoint']);
  assert.equal(created.body.profile, 'rfc');
  assert.equal(created.body.scimEndpoint, `${server.url}/${created.body.id}/scim/v2/`, 'endpoint shown with a trailing slash');
  assert.match(created.body.id, /^[0-9a-f]{11}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

  const dflt = await admin(server, '/tenants', { method: 'POST' });
  assert.equal(dflt.status, 201);
  assert.equal(dflt.body.profile, 'aws');

  assert.equal((await admin(server, '/tenants', { body: { profile: 'ldap' } })).status, 400);

  const one = await admin(server, `/tenants/${created.body.id}`);
  assert.equal(one.status, 200);
  assert.deepEqual(one.body, { id: created.body.id, profile: 'rfc', scimEndpoint: created.body.scimEndpoint, provisioning: 'disabled', counts: { users: 0, groups: 0 } });

  const list = await admin(server, '/tenants');
  assert.equal(list.body.tenants.length, 2);

  assert.equal((await admin(server, `/tenants/${created.body.id}`, { method: 'DELETE' })).status, 204);
  const gone = await admin(server, `/tenants/${created.body.id}`);
  assert.equal(gone.status, 404);
  assert.equal(typeof gone.body.error, 'string');
  assert.equal((await admin(server, '/nothing')).status, 404);
  assert.equal((await admin(server, '/tenants', { method: 'PUT' })).status, 405);
});

test('provisioning on and off, and 401 while off', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const tenant = (await admin(server, '/tenants', { body: { profile: 'aws' } })).body;
  const base = tenant.scimEndpoint.replace(/\/$/, '');

  const off = await call(`${base}/Users`, { token: 'x'.repeat(64) });
  assert.equal(off.status, 401);
  assert.deepEqual(Object.keys(off.body).sort(), ['detail', 'schema', 'status']);
  assert.equal(off.body.status, '401');

  const on = await admin(server, `/tenants/${tenant.id}/provisioning`, { method: 'POST' });
  assert.equal(on.status, 201);
  assert.equal(on.body.scimEndpoint, tenant.scimEndpoint);
  const tok = on.body.accessToken;
  assert.deepEqual(Object.keys(tok).sort(), ['createdAt', 'expiresAt', 'id', 'token']);
  assert.ok(tok.token.length >= 64 && /^[A-Za-z0-9_-]+$/.test(tok.token));
  assert.equal((await admin(server, `/tenants/${tenant.id}/provisioning`, { method: 'POST' })).status, 409);
  assert.equal((await admin(server, `/tenants/${tenant.id}`)).body.provisioning, 'enabled');

  const ok = await call(`${base}/Users`, { token: tok.token });
  assert.equal(ok.status, 200);
  const createdUser = await call(`${base}/Users`, { token: tok.token, body: userBody('alice') });
  assert.equal(createdUser.status, 201);
  assert.equal((await admin(server, `/tenants/${tenant.id}`)).body.counts.users, 1);
  const users = await admin(server, `/tenants/${tenant.id}/users`);
  assert.equal(users.body.users[0].userName, 'alice');

  // Disabling: needs DISABLE, and every token gone first.
  assert.equal((await admin(server, `/tenants/${tenant.id}/provisioning`, { method: 'DELETE', body: {} })).status, 400);
  const refused = await admin(server, `/tenants/${tenant.id}/provisioning`, { method: 'DELETE', body: { confirm: 'DISABLE' } });
  assert.equal(refused.status, 409);
  assert.match(refused.body.error, /token/i);
  assert.equal((await admin(server, `/tenants/${tenant.id}/tokens/${tok.id}`, { method: 'DELETE', body: { confirm: 'DELETE' } })).status, 204);
  assert.equal((await admin(server, `/tenants/${tenant.id}/provisioning`, { method: 'DELETE', body: { confirm: 'disable' } })).status, 400);
  assert.equal((await admin(server, `/tenants/${tenant.id}/provisioning`, { method: 'DELETE', body: { confirm: 'DISABLE' } })).status, 204);
  assert.equal((await admin(server, `/tenants/${tenant.id}`)).body.provisioning, 'disabled');
  assert.equal((await call(`${base}/Users`, { token: tok.token })).status, 401);
  // Data survives disabling; re-enabling gives a new first token.
  const again = await admin(server, `/tenants/${tenant.id}/provisioning`, { method: 'POST' });
  assert.equal(again.status, 201);
  assert.notEqual(again.body.accessToken.token, tok.token);
  assert.equal((await call(`${base}/Users`, { token: again.body.accessToken.token })).status, 200);
});

test('token rules: two at most, secret shown once, delete needs DELETE, expiry after one year', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const { id, base, token, tokenId } = await provisionedTenant(server);

  const second = await admin(server, `/tenants/${id}/tokens`, { method: 'POST' });
  assert.equal(second.status, 201);
  assert.deepEqual(Object.keys(second.body).sort(), ['createdAt', 'expiresAt', 'id', 'token']);
  const third = await admin(server, `/tenants/${id}/tokens`, { method: 'POST' });
  assert.equal(third.status, 409);
  assert.equal(typeof third.body.error, 'string');

  const listed = await admin(server, `/tenants/${id}/tokens`);
  assert.equal(listed.body.tokens.length, 2);
  for (const k of listed.body.tokens) {
    assert.deepEqual(Object.keys(k).sort(), ['createdAt', 'expired', 'expiresAt', 'id']);
    assert.equal(k.expired, false);
  }
  assert.ok(!listed.text.includes(token) && !listed.text.includes(second.body.token), 'a listing never shows a secret');
  const tenantText = (await admin(server, `/tenants/${id}`)).text + (await admin(server, '/tenants')).text;
  assert.ok(!tenantText.includes(token));

  // expiresAt = createdAt + 1 calendar year
  const created = new Date(second.body.createdAt);
  const expected = new Date(created);
  expected.setUTCFullYear(created.getUTCFullYear() + 1);
  if (expected.getUTCDate() !== created.getUTCDate()) expected.setUTCDate(0);
  assert.equal(second.body.expiresAt, expected.toISOString());

  // Delete needs the exact confirmation.
  assert.equal((await admin(server, `/tenants/${id}/tokens/${tokenId}`, { method: 'DELETE', body: { confirm: 'delete' } })).status, 400);
  assert.equal((await admin(server, `/tenants/${id}/tokens/${tokenId}`, { method: 'DELETE' })).status, 400);
  assert.equal((await call(`${base}/Users`, { token })).status, 200, 'not deleted without confirmation');
  assert.equal((await admin(server, `/tenants/${id}/tokens/${tokenId}`, { method: 'DELETE', body: { confirm: 'DELETE' } })).status, 204);
  assert.equal((await admin(server, `/tenants/${id}/tokens/${tokenId}`, { method: 'DELETE', body: { confirm: 'DELETE' } })).status, 404);
  assert.equal((await call(`${base}/Users`, { token })).status, 401, 'a deleted token fails at once');
  assert.equal((await call(`${base}/Users`, { token: second.body.token })).status, 200, 'the other token keeps working');

  // Expiry via this tenant's clock: day 364 still fine, day 366 refused (a non-leap year ahead).
  const c364 = await call(`${server.url}/admin/clock`, { token: ADMIN, body: { advance: 'P364D', tenant: id }, headers: { 'content-type': 'application/json' } });
  assert.equal(c364.status, 200);
  assert.ok(Date.parse(c364.body.now) - Date.now() > 363 * 86_400_000);
  assert.equal((await call(`${base}/Users`, { token: second.body.token })).status, 200);
  await admin(server, '/clock', { body: { advance: 'P2D', tenant: id } });
  assert.equal((await call(`${base}/Users`, { token: second.body.token })).status, 401);
  const expiredList = await admin(server, `/tenants/${id}/tokens`);
  assert.equal(expiredList.body.tokens[0].expired, true);

  // Expired tokens still count toward the two.
  assert.equal((await admin(server, `/tenants/${id}/tokens`, { method: 'POST' })).status, 201);
  assert.equal((await admin(server, `/tenants/${id}/tokens`, { method: 'POST' })).status, 409);
});

test('the simulated clock: per tenant, global, durations', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const a = (await admin(server, '/tenants', { method: 'POST' })).body.id;
  const b = (await admin(server, '/tenants', { method: 'POST' })).body.id;
  const nowA0 = Date.parse((await admin(server, `/clock?tenant=${a}`)).body.now);
  const adv = await admin(server, '/clock', { body: { advance: 'PT40M', tenant: a } });
  assert.equal(adv.status, 200);
  assert.ok(Math.abs(Date.parse(adv.body.now) - nowA0 - 40 * 60_000) < 5_000);
  const nowB = Date.parse((await admin(server, `/clock?tenant=${b}`)).body.now);
  assert.ok(Math.abs(nowB - Date.now()) < 5_000, 'another tenant did not move');
  await admin(server, '/clock', { body: { advance: 'P4W' } });
  const nowB2 = Date.parse((await admin(server, `/clock?tenant=${b}`)).body.now);
  assert.ok(Math.abs(nowB2 - Date.now() - 28 * 86_400_000) < 5_000, 'without tenant every tenant moves');
  const global = Date.parse((await admin(server, '/clock')).body.now);
  assert.ok(Math.abs(global - Date.now() - 28 * 86_400_000) < 5_000);
  assert.equal((await admin(server, '/clock', { body: { advance: 'P1Y2M10DT2H30M', tenant: b } })).status, 200);
  for (const bad of ['P', 'PT', '5 days', '-P1D', 'P1.5D']) {
    assert.equal((await admin(server, '/clock', { body: { advance: bad } })).status, 400, bad);
  }
  assert.equal((await admin(server, '/clock', { body: { advance: 'P1D', tenant: 'nope' } })).status, 404);
});

test('wrong tenant and unknown tenant: 401 revealing nothing', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const a = await provisionedTenant(server, 'aws');
  const b = await provisionedTenant(server, 'aws');
  const created = await call(`${a.base}/Users`, { token: a.token, body: userBody('secret-user') });
  assert.equal(created.status, 201);

  const cross = await call(`${b.base}/Users`, { token: a.token });
  const unknownTenant = await call(`${server.url}/00000000000-0000-0000-0000-000000000000/scim/v2/Users`, { token: a.token });
  const badToken = await call(`${a.base}/Users`, { token: 'not-a-token' });
  const noToken = await call(`${a.base}/Users`);
  const malformed = await call(`${a.base}/Users`, { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
  for (const r of [cross, unknownTenant, badToken, noToken, malformed]) {
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, cross.body, 'every refusal looks the same');
    assert.ok(!r.text.includes(a.id) && !r.text.includes(b.id) && !r.text.includes('secret-user'));
  }
  const byId = await call(`${b.base}/Users/${created.body.id}`, { token: a.token });
  assert.equal(byId.status, 401);

  const rfc = await provisionedTenant(server, 'rfc');
  const rfcRefusal = await call(`${rfc.base}/Users`, { token: a.token });
  assert.equal(rfcRefusal.status, 401);
  assert.deepEqual(rfcRefusal.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
  assert.equal(rfcRefusal.body.status, '401');
});

test('a body over 1 MiB is refused with 413 and the profile error body', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const a = await provisionedTenant(server, 'aws');
  const big = JSON.stringify({ ...userBody('big'), padding: 'x'.repeat(1024 * 1024 + 10) });
  const r = await call(`${a.base}/Users`, { token: a.token, raw: big, headers: { 'content-type': 'application/scim+json' } });
  assert.equal(r.status, 413);
  assert.equal(r.body.status, '413');
  assert.ok(Array.isArray(r.body.schema));
  // chunked (no Content-Length) is cut off the same way
  const stream = new ReadableStream({
    start(controller) {
      for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(100_000)));
      controller.close();
    },
  });
  const res = await fetch(`${a.base}/Users`, { method: 'POST', headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/scim+json' }, body: stream, duplex: 'half' } as RequestInit);
  assert.equal(res.status, 413);
  await res.text();
  // The server keeps answering.
  assert.equal((await call(`${a.base}/Users`, { token: a.token })).status, 200);
  // Malformed JSON goes to the engine as a 400, never a 500.
  const bad = await call(`${a.base}/Users`, { token: a.token, raw: '{"userName":', headers: { 'content-type': 'application/scim+json' } });
  assert.equal(bad.status, 400);
});

test('odd requests are never a 500; an engine that throws is a 500 with the profile body', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const a = await provisionedTenant(server, 'rfc');
  const odd = [
    `${server.url}/%zz/scim/v2/Users`, `${server.url}/x/scim/v2`, `${a.base}`, `${a.base}/`, `${a.base}/Users?`,
    `${a.base}/Users/%E0%A4%A`, `${a.base}//Users`, `${server.url}/`, `${server.url}/healthz`, `${server.url}/nope`, `${server.url}/admin`,
  ];
  for (const url of odd) {
    const r = await call(url, { token: a.token });
    assert.ok(r.status < 500, `${url} → ${r.status}`);
  }
  const ev = (await admin(server, `/tenants/${a.id}/events?limit=1`)).body.events[0];
  assert.equal(ev.requestParameters.path, '//Users');

  const boom = await startServer({
    serviceFactory: ({ profile }) => ({
      profile, handle() { throw new Error('engine bug'); }, users: () => [], groups: () => [], counts: () => ({ users: 0, groups: 0 }), snapshot: () => null, restore() {},
    }),
  });
  t.after(() => boom.close());
  const b = await provisionedTenant(boom, 'rfc');
  const original = console.error;
  let logged = '';
  console.error = (...args: unknown[]) => { logged += args.map(String).join(' '); };
  try {
    const r = await call(`${b.base}/Users`, { token: b.token });
    assert.equal(r.status, 500);
    assert.deepEqual(r.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
    assert.equal(r.body.status, '500');
  } finally {
    console.error = original;
  }
  assert.match(logged, /engine bug/);
  const ev2 = (await admin(boom, `/tenants/${b.id}/events?limit=1`)).body.events[0];
  assert.equal(ev2.errorCode, 'InternalServerException');
});
