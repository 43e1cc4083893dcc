// The variants and the new faults over real HTTP on 127.0.0.1: close-connections closes every socket,
// reserved-character ids travel percent-encoded, variants are set per tenant through the admin API
// (without --allow-faults) or for the whole server, and `serve --variants` parses and prints them.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, Agent, type IncomingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ReferenceServer } from '../../support/reference-server/index.ts';
import { parseServeArgs } from '../../support/reference-server/main.ts';
import { admin, call, provisionedTenant, startServer, userBody } from './helpers.ts';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

interface Raw { status: number; headers: IncomingHttpHeaders; body: any; socketClosed: Promise<boolean> }

/** One request on a keep-alive agent; tells whether the server closed the socket after the answer. */
function raw(url: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<Raw> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return new Promise((resolve, reject) => {
    const data = init.body === undefined ? undefined : JSON.stringify(init.body);
    const req = request(url, {
      method: init.method ?? 'GET', agent,
      headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(data ? { 'content-type': 'application/scim+json' } : {}) },
    }, (res) => {
      const socket = res.socket;
      const socketClosed = new Promise<boolean>((done) => {
        if (socket.destroyed) { done(true); return; }
        const t = setTimeout(() => { done(false); agent.destroy(); }, 1000);
        socket.once('close', () => { clearTimeout(t); done(true); agent.destroy(); });
      });
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined, socketClosed }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

describe('close-connections', () => {
  let server: ReferenceServer;
  before(async () => { server = await startServer({ variants: ['close-connections'] }); });
  after(() => server.close());

  it('server-wide: every answer (SCIM, admin, health) says Connection: close and the socket closes', async () => {
    const t = await provisionedTenant(server, 'rfc');
    for (const [url, token] of [[`${t.base}/Users`, t.token], [`${t.base}/ServiceProviderConfig`, t.token], [`${t.base}/Users/nope`, t.token],
      [`${t.base}/Users`, 'wrong'], [`${server.url}/admin/tenants`, 'test-admin-token'], [`${server.url}/healthz`, '']] as const) {
      const r = await raw(url, { token: token || undefined });
      assert.equal(r.headers.connection, 'close', url);
      assert.equal(await r.socketClosed, true, `${url}: the socket stays open`);
    }
    const created = await raw(`${t.base}/Users`, { method: 'POST', token: t.token, body: userBody('closer') });
    assert.equal(created.status, 201);
    assert.equal(created.headers.connection, 'close');
    assert.equal(await created.socketClosed, true);
  });
});

describe('variants per tenant, through the admin API', () => {
  let server: ReferenceServer;
  before(async () => { server = await startServer(); });
  after(() => server.close());

  it('sets and reads a tenant\'s variants without --allow-faults; unknown names are 400', async () => {
    const t = await provisionedTenant(server, 'rfc');
    assert.deepEqual((await admin(server, `/tenants/${t.id}/variants`)).body, { variants: [] });
    const set = await admin(server, `/tenants/${t.id}/variants`, { body: { variants: ['close-connections', 'reserved-character-ids'] } });
    assert.equal(set.status, 200, set.text);
    assert.deepEqual(set.body.variants.sort(), ['close-connections', 'reserved-character-ids']);
    assert.equal((await admin(server, `/tenants/${t.id}/variants`, { body: { variants: ['nope'] } })).status, 400);
    assert.equal((await admin(server, `/tenants/${t.id}/variants`, { body: { faults: [] } })).status, 400);
    assert.equal((await admin(server, `/tenants/${t.id}/faults`, { body: { faults: ['ignore-count'] } })).status, 403);
  });

  it('close-connections on one tenant only: the other keeps its sockets alive', async () => {
    const a = await provisionedTenant(server, 'rfc');
    const b = await provisionedTenant(server, 'rfc');
    await admin(server, `/tenants/${a.id}/variants`, { body: { variants: ['close-connections'] } });
    const ra = await raw(`${a.base}/Users`, { token: a.token });
    assert.equal(ra.headers.connection, 'close');
    assert.equal(await ra.socketClosed, true);
    const rb = await raw(`${b.base}/Users`, { token: b.token });
    assert.equal(rb.headers.connection, 'keep-alive');
    assert.equal(await rb.socketClosed, false);
  });

  it('reserved-character ids travel percent-encoded: Location, GET, PUT, PATCH and DELETE on it', async () => {
    const t = await provisionedTenant(server, 'rfc');
    await admin(server, `/tenants/${t.id}/variants`, { body: { variants: ['reserved-character-ids'] } });
    const created = await call(`${t.base}/Users`, { token: t.token, body: userBody('reserved') });
    assert.equal(created.status, 201, created.text);
    const id: string = created.body.id;
    for (const c of [' ', '%', '+', '&', '#', '/', '?']) assert.ok(id.includes(c), `id holds ${JSON.stringify(c)}`);
    const location = created.headers.get('location')!;
    assert.equal(location, `${t.base}/Users/${encodeURIComponent(id)}`);
    assert.equal(created.body.meta.location, location);
    const got = await call(location, { token: t.token });
    assert.equal(got.status, 200, got.text);
    assert.equal(got.body.id, id);
    const put = await call(location, { method: 'PUT', token: t.token, body: { ...userBody('reserved'), displayName: 'Put' } });
    assert.equal(put.status, 200, put.text);
    const patched = await call(location, { method: 'PATCH', token: t.token, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'displayName', value: 'Patched' }] } });
    assert.equal(patched.body.displayName, 'Patched');
    const byId = await call(`${t.base}/Users?filter=${encodeURIComponent(`id eq ${JSON.stringify(id)}`)}`, { token: t.token });
    assert.equal(byId.body.totalResults, 1);
    assert.equal((await call(location, { method: 'DELETE', token: t.token })).status, 204);
    assert.equal((await call(location, { token: t.token })).status, 404);
    // the same id with a raw (unencoded) '/' names no resource: the path segment is what counts
    assert.equal((await call(`${t.base}/Users/u 1/x`.replace(/ /g, '%20'), { token: t.token })).status, 404);
  });
});

describe('pretty-printed-json and error-details-name-the-request over HTTP', () => {
  it('indents every answer, and ends every error detail with the request, the shell\'s 401 too', async () => {
    const server = await startServer({ variants: ['pretty-printed-json', 'error-details-name-the-request'] });
    try {
      const t = await provisionedTenant(server, 'rfc');
      const list = await call(`${t.base}/Users`, { token: t.token });
      assert.equal(list.status, 200);
      assert.match(list.text, /^\{\n {2}"schemas": \[/);
      const missing = await call(`${t.base}/Users/no-such-id`, { token: t.token });
      assert.equal(missing.status, 404);
      assert.match(missing.body.detail, / \(GET \/Users\/no-such-id\)$/);
      const refused = await call(`${t.base}/Users/no-such-id`, { token: 'wrong' });
      assert.equal(refused.status, 401);
      assert.match(refused.body.detail, / \(GET \/Users\/no-such-id\)$/);
      assert.match(refused.text, /\n {2}"/);
    } finally { await server.close(); }
  });
});

describe('lowercase-schema-urns over HTTP', () => {
  it('answers every schema URN that is not caseExact in lower case, the errors\' and /Schemas\' too, and reads requests in any case', async () => {
    const server = await startServer({ variants: ['lowercase-schema-urns'] });
    try {
      const t = await provisionedTenant(server, 'rfc');
      const made = await call(`${t.base}/Users`, { token: t.token, body: { ...userBody('urns@example.com'), [ENTERPRISE]: { employeeNumber: '7' } } });
      assert.equal(made.status, 201, made.text);
      assert.deepEqual(made.body.schemas, ['urn:ietf:params:scim:schemas:core:2.0:user', ENTERPRISE.toLowerCase()]);
      assert.deepEqual(made.body[ENTERPRISE.toLowerCase()], { employeeNumber: '7' });
      assert.equal(made.body[ENTERPRISE], undefined);
      const list = await call(`${t.base}/Users`, { token: t.token });
      assert.deepEqual(list.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:listresponse']);
      const missing = await call(`${t.base}/Users/no-such-id`, { token: t.token });
      assert.deepEqual(missing.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:error']);
      const types = await call(`${t.base}/ResourceTypes/User`, { token: t.token });
      assert.equal(types.body.schema, 'urn:ietf:params:scim:schemas:core:2.0:User', 'a resource type\'s schema is caseExact: kept');
      const schemas = await call(`${t.base}/Schemas`, { token: t.token });
      assert.ok(schemas.body.Resources.every((s: any) => s.id === s.id.toLowerCase()), schemas.text);
      const patched = await call(`${t.base}/Users/${made.body.id}`, { method: 'PATCH', token: t.token,
        body: { schemas: ['URN:IETF:PARAMS:SCIM:API:MESSAGES:2.0:PATCHOP'], Operations: [{ op: 'replace', path: 'nickName', value: 'Ace' }] } });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.body.nickName, 'Ace');
    } finally { await server.close(); }
  });

  it('takes back its own extension as it answered it: Okta\'s PUT of the user it read is accepted under aws (vendor-extension beside it)', async () => {
    const server = await startServer({ variants: ['lowercase-schema-urns', 'vendor-extension'] });
    try {
      const t = await provisionedTenant(server, 'aws');
      const made = await call(`${t.base}/Users`, { token: t.token, body: userBody('echo@example.com') });
      assert.equal(made.status, 201, made.text);
      assert.deepEqual(made.body['urn:ietf:params:scim:schemas:extension:acme:2.0:user'], { accountTier: 'standard' });
      const read = await call(`${t.base}/Users/${made.body.id}`, { token: t.token });
      const put = await call(`${t.base}/Users/${made.body.id}`, { method: 'PUT', token: t.token, body: { ...read.body, displayName: 'Echoed' } });
      assert.equal(put.status, 200, put.text);
      assert.equal(put.body.displayName, 'Echoed');
    } finally { await server.close(); }
  });
});

describe('variants survive a restart with --data-dir', () => {
  it('keeps a tenant\'s variants, and the dangling members no-referential-integrity stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'refsrv-variants-'));
    try {
      let server = await startServer({ dataDir: dir });
      const t = await provisionedTenant(server, 'rfc');
      await admin(server, `/tenants/${t.id}/variants`, { body: { variants: ['no-referential-integrity'] } });
      const g = await call(`${t.base}/Groups`, { token: t.token, body: { displayName: 'ghosts', members: [{ value: 'ghost' }] } });
      assert.equal(g.status, 201, g.text);
      await server.close();
      server = await startServer({ dataDir: dir });
      assert.deepEqual((await admin(server, `/tenants/${t.id}/variants`)).body, { variants: ['no-referential-integrity'] });
      const again = await call(`${server.url}/${t.id}/scim/v2/Groups/${g.body.id}`, { token: t.token }); // a new port
      assert.deepEqual(again.body.members, [{ value: 'ghost' }]);
      await server.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the new faults over HTTP', () => {
  let server: ReferenceServer;
  before(async () => { server = await startServer({ faults: ['numeric-error-status', 'delete-answers-200'] }); });
  after(() => server.close());

  for (const profile of ['aws', 'rfc'] as const) {
    it(`${profile}: the shell's 401 and the engine's 404 carry status as a number; DELETE answers 200`, async () => {
      const t = await provisionedTenant(server, profile);
      const denied = await call(`${t.base}/Users`, { token: 'wrong' });
      assert.equal(denied.status, 401);
      assert.equal(denied.body.status, 401);
      const nf = await call(`${t.base}/Users/nope`, { token: t.token });
      assert.equal(nf.body.status, 404);
      assert.ok(profile === 'aws' ? Array.isArray(nf.body.schema) : Array.isArray(nf.body.schemas));
      const created = await call(`${t.base}/Users`, { token: t.token, body: userBody(`gone-${profile}`) });
      const del = await call(`${t.base}/Users/${created.body.id}`, { method: 'DELETE', token: t.token });
      assert.equal(del.status, 200);
      assert.equal(del.body.id, created.body.id);
    });
  }
});

describe('fault missing-token-accepted over HTTP', () => {
  it('serves a request without Authorization; a wrong token is still 401, and without the fault no token is 401', async () => {
    const broken = await startServer({ faults: ['missing-token-accepted'] });
    const healthy = await startServer({});
    try {
      const t = await provisionedTenant(broken, 'rfc');
      assert.equal((await call(`${t.base}/Users`, {})).status, 200);
      assert.equal((await call(`${t.base}/Users`, { token: 'wrong' })).status, 401);
      const h = await provisionedTenant(healthy, 'rfc');
      assert.equal((await call(`${h.base}/Users`, {})).status, 401);
    } finally { broken.close(); healthy.close(); }
  });
});

describe('serve --variants', () => {
  it('parses without --allow-faults, and refuses an unknown name in one sentence (exit 2)', async () => {
    assert.deepEqual(parseServeArgs(['serve', '--port', '0', '--variants', 'close-connections, no-optional-features']).options,
      { port: 0, host: '127.0.0.1', variants: ['close-connections', 'no-optional-features'] });
    const main = fileURLToPath(new URL('../../support/reference-server/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve', '--variants', 'nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
    assert.equal(err.trim().split('\n').length, 1, err);
    assert.match(err, /Unknown variant "nope"; known variants: .*close-connections/);
  });

  it('prints the variants in the banner', async () => {
    const main = fileURLToPath(new URL('../../support/reference-server/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve', '--port', '0', '--admin-token', 'T', '--profile', 'rfc', '--variants', 'eq-and-filters-only,close-connections'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    const deadline = Date.now() + 20_000;
    while (!/profile:/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));
    assert.match(out, /profile: +rfc, variants eq-and-filters-only,close-connections/);
  });
});

describe('slash-redirects', () => {
  let server: ReferenceServer;
  before(async () => { server = await startServer({ variants: ['slash-redirects'] }); });
  after(() => server.close());

  it('redirects a collection without its trailing slash (307, relative, query kept, before authentication) and serves the slashed form', async () => {
    const t = await provisionedTenant(server, 'rfc');
    const path = new URL(t.base).pathname;
    for (const token of [t.token, undefined]) {
      const r = await call(`${t.base}/Users?filter=userName%20eq%20%22x%22`, { token });
      assert.equal(r.status, 307);
      assert.equal(r.headers.get('location'), `${path}/Users/?filter=userName%20eq%20%22x%22`);
    }
    const created = await call(`${t.base}/Users/`, { token: t.token, body: userBody('slash.ada@example.com') });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const listed = await call(`${t.base}/Users/?filter=userName%20eq%20%22slash.ada@example.com%22`, { token: t.token });
    assert.equal(listed.status, 200);
    assert.equal((listed.body as { totalResults: number }).totalResults, 1);
    assert.equal((await call(`${t.base}/Groups`, { token: t.token, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'g' } })).status, 307);
    // an id under the collection, and the discovery resources, are routed as always
    assert.equal((await call(`${t.base}/Users/${(created.body as { id: string }).id}`, { token: t.token })).status, 200);
    assert.equal((await call(`${t.base}/ServiceProviderConfig`, { token: t.token })).status, 200);
  });
});
