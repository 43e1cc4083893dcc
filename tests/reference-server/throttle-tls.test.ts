// The reference's AWS-style throttling (per tenant, 429 ThrottlingException, Retry-After) and its https mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { generate } from 'selfsigned';
import { startReferenceServer, tenantThrottle } from '../../support/reference-server/index.ts';
import { parseServeArgs } from '../../support/reference-server/main.ts';

const ADMIN = 'throttle-test-admin';

async function tenant(base: string, profile: 'aws' | 'rfc') {
  const post = async (path: string, body?: unknown) => (await fetch(`${base}/admin/${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) })).json() as Promise<any>;
  const t = await post('tenants', { profile });
  const enabled = await post(`tenants/${t.id}/provisioning`);
  return { id: t.id as string, scim: (enabled.scimEndpoint as string).replace(/\/+$/, ''), token: enabled.accessToken.token as string };
}

test('--throttle: over the rate a tenant gets AWS\'s 429 ThrottlingException with a Retry-After; other tenants are not affected', async () => {
  const server = await startReferenceServer({ adminToken: ADMIN, port: 0, throttle: 3 });
  try {
    const a = await tenant(server.url, 'aws');
    const b = await tenant(server.url, 'rfc');
    const get = (t: { scim: string; token: string }) => fetch(`${t.scim}/ServiceProviderConfig`, { headers: { authorization: `Bearer ${t.token}` } });
    const burst = await Promise.all(Array.from({ length: 5 }, () => get(a)));
    const statuses = burst.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    const refused = burst.find((r) => r.status === 429)!;
    assert.deepEqual(await refused.json(), { schema: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: 'Too many requests were made that exceed the limits.', status: '429' });
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.match(refused.headers.get('content-type') ?? '', /^application\/json/);
    assert.ok(refused.headers.get('x-amzn-requestid'));
    // the other tenant has its own budget, and its profile's error shape when it runs out
    const other = await Promise.all(Array.from({ length: 4 }, () => get(b)));
    assert.deepEqual(other.map((r) => r.status).sort(), [200, 200, 200, 429]);
    const rfcBody = await other.find((r) => r.status === 429)!.json();
    assert.deepEqual(rfcBody.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
    // a second later the bucket has refilled
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await get(a)).status, 200);
    // the audit trail says ThrottlingException
    const events = await (await fetch(`${server.url}/admin/tenants/${a.id}/events`, { headers: { authorization: `Bearer ${ADMIN}` } })).json() as any;
    const list = Array.isArray(events) ? events : events.events ?? events.Resources ?? [];
    assert.ok(JSON.stringify(list).includes('ThrottlingException'));
  } finally {
    await server.close();
  }
});

test('tenantThrottle: bursts up to the rate, Retry-After in whole seconds', () => {
  let now = 0;
  const check = tenantThrottle(0.5, () => now);
  assert.equal(check('t'), undefined);
  assert.equal(check('t'), 2);
  now = 2000;
  assert.equal(check('t'), undefined);
  assert.equal(check('u'), undefined);
});

test('tls: serves https with the given certificate; serve --throttle/--tls-cert/--tls-key parse', async () => {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], { algorithm: 'sha256', keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }] } as any);
  const server = await startReferenceServer({ adminToken: ADMIN, port: 0, tls: { cert: pems.cert, key: pems.private } });
  try {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const status = await new Promise<number>((resolve, reject) => {
      httpsRequest(`${server.url}/healthz`, { ca: pems.cert }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject).end();
    });
    assert.equal(status, 200);
    await assert.rejects(new Promise((resolve, reject) => { httpsRequest(`${server.url}/healthz`, (res) => resolve(res.statusCode)).on('error', reject).end(); }), /self-signed|self signed/i);
  } finally {
    await server.close();
  }
  assert.equal(parseServeArgs(['--throttle', '20']).options.throttle, 20);
  assert.throws(() => parseServeArgs(['--throttle', '0']), /--throttle must be/);
  assert.throws(() => parseServeArgs(['--tls-cert', 'a.pem']), /go together/);
  assert.throws(() => parseServeArgs(['--tls-cert', '/nonexistent/a.pem', '--tls-key', '/nonexistent/b.pem']), /cannot be read/);
});
