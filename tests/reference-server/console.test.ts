import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, admin, call, startServer, userBody } from './helpers.ts';

async function form(url: string, fields: Record<string, string>, cookie?: string) {
  const res = await fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, body: new URLSearchParams(fields) });
  return { status: res.status, location: res.headers.get('location'), setCookie: res.headers.get('set-cookie'), html: await res.text(), headers: res.headers };
}
async function get(url: string, cookie?: string) {
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}
const inputValue = (html: string, id: string) => new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];

test('console: login, tenants, provisioning dialogs, tokens, escaping', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const c = `${server.url}/console`;

  // Not logged in: the login form; pages redirect to it.
  const login = await get(c);
  assert.equal(login.status, 200);
  assert.match(login.html, /<label for="admin-token">Admin token<\/label>/);
  assert.equal((await get(`${c}/tenants`)).status, 303);
  assert.equal((await form(`${c}/login`, { token: 'wrong' })).status, 401);

  const ok = await form(`${c}/login`, { token: ADMIN });
  assert.equal(ok.status, 303);
  assert.match(ok.setCookie!, /HttpOnly/);
  assert.match(ok.setCookie!, /SameSite=Strict/);
  const cookie = ok.setCookie!.split(';')[0];

  // Tenant list and Create tenant.
  const list = await get(`${c}/tenants`, cookie);
  assert.match(list.html, /Create tenant/);
  assert.match(list.html, /<select id="profile" name="profile">/);
  const created = await form(`${c}/tenants`, { profile: 'aws' }, cookie);
  assert.equal(created.status, 303);
  const tenantId = /tenants\/([^/]+)\/settings/.exec(created.location!)![1];
  const base = `${c}/tenants/${tenantId}`;

  const settings = await get(`${base}/settings`, cookie);
  for (const label of ['Settings', 'Users', 'Groups', 'Events', 'Automatic provisioning', '>Enable<']) assert.ok(settings.html.includes(label), label);

  // Enable → Inbound automatic provisioning dialog with SCIM endpoint and Access token.
  const enabled = await form(`${base}/provisioning/enable`, {}, cookie);
  assert.equal(enabled.status, 200);
  assert.equal(enabled.headers.get('cache-control'), 'no-store');
  assert.match(enabled.html, /Inbound automatic provisioning/);
  const endpoint = inputValue(enabled.html, 'scim-endpoint')!;
  const token = inputValue(enabled.html, 'access-token')!;
  assert.equal(endpoint, `${server.url}/${tenantId}/scim/v2/`);
  assert.ok(token.length >= 64);
  assert.match(enabled.html, />Close</);
  assert.equal((await call(`${endpoint}Users`, { token })).status, 200, 'the token from the dialog works');

  // The secret is never shown again.
  const details = await get(`${base}/provisioning`, cookie);
  assert.ok(!details.html.includes(token));
  assert.ok(!(await get(`${base}/settings`, cookie)).html.includes(token));
  assert.match(details.html, /Access tokens/);
  assert.match(details.html, /Generate new token/);
  assert.equal((details.html.match(/data-testid="token-row"/g) ?? []).length, 1);

  // Generate new token → dialog with Show token; a third one is refused with a message.
  const gen = await form(`${base}/tokens`, {}, cookie);
  assert.equal(gen.status, 200);
  assert.match(gen.html, /Generate new access token/);
  assert.match(gen.html, /<details data-testid="show-token"><summary>Show token<\/summary>/);
  const token2 = inputValue(gen.html, 'access-token')!;
  assert.equal((await call(`${endpoint}Users`, { token: token2 })).status, 200);
  const third = await form(`${base}/tokens`, {}, cookie);
  assert.equal(third.status, 409);
  assert.match(third.html, /role="alert"/);
  assert.match(third.html, /maximum of two/);

  // Disable is refused while tokens exist.
  const refusedDisable = await form(`${base}/provisioning/disable`, { confirm: 'DISABLE' }, cookie);
  assert.equal(refusedDisable.status, 409);
  assert.match(refusedDisable.html, /Delete every access token/);

  // Delete each token: a wrong confirmation shows a message, DELETE deletes.
  const tokens = (await admin(server, `/tenants/${tenantId}/tokens`)).body.tokens;
  const dlg = await get(`${base}/tokens/${tokens[0].id}/delete`, cookie);
  assert.match(dlg.html, /Delete access token/);
  assert.match(dlg.html, /type DELETE/);
  const wrong = await form(`${base}/tokens/${tokens[0].id}/delete`, { confirm: 'delete' }, cookie);
  assert.equal(wrong.status, 400);
  assert.match(wrong.html, /Type DELETE/);
  for (const k of tokens) assert.equal((await form(`${base}/tokens/${k.id}/delete`, { confirm: 'DELETE' }, cookie)).status, 303);
  assert.equal((await call(`${endpoint}Users`, { token })).status, 401);

  // Disable with a wrong word, then DISABLE.
  const disableDlg = await get(`${base}/provisioning/disable`, cookie);
  assert.match(disableDlg.html, /Disable automatic provisioning/);
  assert.equal((await form(`${base}/provisioning/disable`, { confirm: 'yes' }, cookie)).status, 400);
  const disabled = await form(`${base}/provisioning/disable`, { confirm: 'DISABLE' }, cookie);
  assert.equal(disabled.status, 303);
  assert.match((await get(`${base}/settings`, cookie)).html, /Disabled/);
});

test('console: users, groups and events pages escape what they show', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const tenant = (await admin(server, '/tenants', { method: 'POST' })).body;
  const on = (await admin(server, `/tenants/${tenant.id}/provisioning`, { method: 'POST' })).body;
  const scim = on.scimEndpoint.replace(/\/$/, '');
  const evil = 'x<script>alert(1)</script>';
  const body = userBody('escaper');
  body.displayName = evil;
  const r = await call(`${scim}/Users`, { token: on.accessToken.token, body, headers: { 'user-agent': '<img src=x onerror=alert(2)>' } });
  assert.ok(r.status === 201 || r.status === 400, `create answered ${r.status}`);
  await call(`${scim}/Users?filter=${encodeURIComponent('userName eq "<b>"')}`, { token: 'bad', headers: { 'user-agent': '<img src=x onerror=alert(2)>' } });

  const cookie = (await form(`${server.url}/console/login`, { token: ADMIN })).setCookie!.split(';')[0];
  const base = `${server.url}/console/tenants/${tenant.id}`;
  const users = await get(`${base}/users`, cookie);
  assert.equal(users.status, 200);
  assert.ok(!users.html.includes('<script>alert(1)'));
  if (r.status === 201) {
    assert.ok(users.html.includes('x&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(users.html.includes('escaper@example.com'));
  }
  const groups = await get(`${base}/groups`, cookie);
  assert.equal(groups.status, 200);
  assert.match(groups.html, /Members/);
  const events = await get(`${base}/events`, cookie);
  assert.ok(!events.html.includes('<img src=x'));
  assert.ok(events.html.includes('&lt;img src=x onerror=alert(2)&gt;'));
  assert.match(events.html, /UnauthorizedException/);
  const filtered = await get(`${base}/events?eventName=${encodeURIComponent('"><script>')}`, cookie);
  assert.ok(!filtered.html.includes('"><script>'));
  assert.equal((await get(`${server.url}/console/tenants/nope/settings`, cookie)).status, 404);
  // Logging out ends the session.
  const out = await form(`${server.url}/console/logout`, {}, cookie);
  assert.equal(out.status, 303);
  assert.equal((await get(`${base}/users`, cookie)).status, 303, 'the old cookie no longer works');
});
