// The capability probe reads /Schemas: an SP may keep a subset of the User attributes (RFC 7643 §4.1 makes them
// OPTIONAL), and a check of an attribute it does not declare is UNSUPPORTED under rfc, never red. The probe must
// see what the SP declares, extensions included, and take nothing as missing where /Schemas says nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discoverServed, describeServed } from '../../support/targets/capabilities.js';
import { probeTarget } from '../../support/targets/probe.js';
import { memberAddedBy } from '../../support/targets/target.js';
import { admin, provisionedTenant, startServer } from '../reference-server/helpers.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './helpers.js';

const MANAGER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:manager';

/** A new rfc tenant on `server`, and what the capability probe finds there (its names carry `prefix`). */
async function probedTenant(server: Awaited<ReturnType<typeof startServer>>, prefix: string, lagLimitMs: number) {
  const tenant = await provisionedTenant(server, 'rfc');
  return { tenant, served: await discoverServed(tenant.base, tenant.token, 5000, prefix, lagLimitMs) };
}

test('the probe reads the user attributes /Schemas declares, extensions by URN, and names the mapped ones left out', async (t) => {
  const full = await startServer();
  const small = await startServer({ variants: ['core-attributes-only'] });
  t.after(async () => { await full.close(); await small.close(); });
  for (const [server, missing] of [[full, []], [small, ['title', 'phonenumbers', MANAGER]]] as const) {
    const { tenant, served } = await probedTenant(server, 'scimc-schema-probe-', 200);
    const declared = served.userAttributes ?? [];
    for (const path of ['username', 'name.givenname', 'emails', 'emails.value']) assert.ok(declared.includes(path), `${path} is declared`);
    for (const path of ['title', 'phonenumbers', MANAGER]) assert.equal(declared.includes(path), !(missing as readonly string[]).includes(path), path);
    const line = describeServed({ admin: false, secondToken: false, patch: true, bulk: false, etag: false, sort: false, filter: true, changePassword: false, served });
    assert.match(line, missing.length ? /\/Schemas declares no title, phoneNumbers, enterprise manager/ : /\/Schemas declares every user attribute the IdPs map/);
    await admin(server, `/tenants/${tenant.id}`, { method: 'DELETE' });
  }
});

test('a check of an attribute the SP does not declare is not judged, with a note, and the scenario\'s other checks go on', async () => {
  // ENTRA-PATCH-03's scenario checks a first name, a last name, a title, then a disable: without title, the rest is judged
  const run = await runCli(['run', '--variants', 'core-attributes-only', '--sp-profile', 'rfc', '--seed', '5', '--quiet', '--tags', '@req:ENTRA-PATCH-03']);
  assert.ok(run.report, run.stderr);
  const row = run.report.requirements.find((r) => r.id === 'ENTRA-PATCH-03')!;
  assert.deepEqual(row.variants.map((v) => v.result), ['PASS']);
  assert.match(readFileSync(join(run.reportDir, 'conformance.html'), 'utf8'), /not judged: the title the IdP sent, since the SP's \/Schemas declares no title/);
});

// An SP that keeps memberships but never lists them (as @boxyhq/saml-jackson answers `"members": []`): the probe's
// group, made with a member in RFC 7644 §3.3's form, says so, and a member missing from an IdP's group is then
// RFC-GROUP-01's deviation, not the IdP row's (the mutant table holds the rows: RFC-GROUP-01 alone).
test('the probe sees whether a group created with a member lists it, or lists it once added by PATCH (by PUT without PATCH), and leaves no group behind', async (t) => {
  const server = await startServer({ allowFaults: true, faults: ['group-members-not-listed'] });
  const plain = await startServer();
  // RFC 7644 §3.3 lets a create ignore POSTed content: membership is still readable, once added as the IdPs add it
  const ignoring = await startServer({ variants: ['group-create-ignores-members'] });
  // and where PATCH is not served, by PUT, as setup adds them: else membership was taken as unreadable there
  const ignoringWithoutPatch = await startServer({ variants: ['group-create-ignores-members', 'no-patch'] });
  t.after(async () => { await server.close(); await plain.close(); await ignoring.close(); await ignoringWithoutPatch.close(); });
  for (const [s, listed, ignored] of [[plain, true, false], [server, false, false], [ignoring, true, true], [ignoringWithoutPatch, true, true]] as const) {
    const { tenant, served } = await probedTenant(s, 'scimc-member-probe-', 200);
    assert.equal(served.membersListed, listed);
    assert.equal(served.groupCreateIgnoresMembers === true, ignored);
    const line = describeServed({ admin: false, secondToken: false, patch: true, bulk: false, etag: false, sort: false, filter: true, changePassword: false, served });
    assert.equal(/a group created with a member does not list it/.test(line), !listed, line);
    assert.equal(/a group's create leaves out its members/.test(line), ignored, line);
    if (ignored) assert.equal(memberAddedBy(served), s === ignoringWithoutPatch ? 'PUT' : 'PATCH');
    const left = await admin(s, `/tenants/${tenant.id}`);
    assert.deepEqual(left.body.counts, { users: 0, groups: 0 }, 'the probe deleted its user and its group');
  }
});

// RFC 7644 §3.3 makes a create's body a SHOULD and its Location a SHALL: the probe took its users' and group's ids
// from the body alone, so against such an SP it learnt nothing (PATCH and ETags "not probed") and left all three behind.
test('the probe learns a create\'s id from its Location where the answer has no body, probes with it, and deletes what it made', async (t) => {
  const server = await startServer({ variants: ['create-answers-location-only'] });
  t.after(() => server.close());
  const { tenant, served } = await probedTenant(server, 'scimc-location-probe-', 200);
  assert.equal(served.userNotCreated, undefined);
  assert.equal(served.patch, true);
  assert.equal(served.etag, true);
  assert.equal(served.membersListed, true);
  assert.deepEqual(served.dropped ?? [], []);
  const left = await admin(server, `/tenants/${tenant.id}`);
  assert.deepEqual(left.body.counts, { users: 0, groups: 0 }, 'the probe deleted its users and its group');
});

// Attribute names are case insensitive (RFC 7643 §2.1): an SP may answer `resources`, `patch.Supported` or
// `externalid`. The probe read its answers by the exact names, so an SP that spelled them otherwise was taken to
// advertise no PATCH and to list no new user (the run then waited out --settle-ms on every list). A proxy that
// answers every name of the reference in upper case must be probed exactly as the reference is.
test('the probes read discovery, lists and resources under any case of their attribute names', async (t) => {
  const server = await startServer();
  const tenant = await provisionedTenant(server, 'rfc');
  const upper = (v: unknown): unknown => Array.isArray(v) ? v.map(upper)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k.startsWith('urn:') ? k : k.toUpperCase(), upper(x)])) : v;
  const proxy = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const answer = await fetch(new URL(req.url!, new URL(tenant.base).origin), {
      method: req.method, headers: { authorization: req.headers.authorization!, 'content-type': 'application/scim+json' },
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
    const text = await answer.text();
    const etag = answer.headers.get('etag');
    res.writeHead(answer.status, { 'content-type': 'application/scim+json', ...(etag ? { etag } : {}) });
    res.end(text ? JSON.stringify(upper(JSON.parse(text))) : '');
  });
  await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
  t.after(async () => { proxy.close(); await server.close(); });
  const proxied = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${new URL(tenant.base).pathname}`;
  assert.deepEqual(await probeTarget(proxied, tenant.token, 5000, 'the proxy'), await probeTarget(tenant.base, tenant.token, 5000, 'the reference'));
  const direct = await discoverServed(tenant.base, tenant.token, 5000, 'scimc-case-probe-', 400);
  const viaProxy = await discoverServed(proxied, tenant.token, 5000, 'scimc-case-probe-', 400);
  assert.deepEqual(viaProxy, direct);
  assert.deepEqual(viaProxy.listLag, { ms: 0, listed: true });
  assert.equal(viaProxy.membersListed, true);
  assert.ok(viaProxy.userAttributes?.includes('name.givenname'));
});

// A GET by id may answer from a replica or a cache that a write does not refresh (variant lagging-reads): the probe
// reads its user by id, PATCHes it, and reads again until the read shows the PATCH. The run then waits that long
// before a read that judges a write did NOT happen (rfc-state.ts readLagWait). An SP without PATCH costs no read more.
test('the probe measures how late a read by id shows a PATCH, and measures nothing where PATCH is not served', async (t) => {
  const plain = await startServer();
  const lagging = await startServer({ variants: ['lagging-reads'] });
  const noPatch = await startServer({ variants: ['no-patch'] });
  t.after(async () => { await plain.close(); await lagging.close(); await noPatch.close(); });
  const at = async (s: typeof plain) => (await probedTenant(s, 'scimc-read-probe-', 1000)).served;
  const describe = (served: Awaited<ReturnType<typeof at>>) => describeServed({ admin: false, secondToken: false, patch: true, bulk: false, etag: false, sort: false, filter: true, changePassword: false, served });

  const healthy = await at(plain);
  assert.deepEqual(healthy.readLag, { ms: 0, shown: true });
  assert.doesNotMatch(describe(healthy), /read by id/);

  const late = await at(lagging);
  assert.equal(late.readLag?.shown, true, JSON.stringify(late.readLag));
  // the cache entry was filled by the read before the PATCH, so the lag is seen a little under the server's
  assert.ok(late.readLag!.ms > 0 && late.readLag!.ms < 1000, JSON.stringify(late.readLag));
  assert.match(describe(late), /a read by id shows a PATCH only after \d+ ms/);
  assert.deepEqual(late.listLag, { ms: 0, listed: true }, 'lists follow at once in lagging-reads');

  const none = await at(noPatch);
  assert.equal(none.patch, false);
  assert.equal(none.readLag, undefined, 'no PATCH served: no read lag measured');
});

// The read lag is measured on an attribute the SP kept: displayName, name.givenName and externalId are each optional
// (RFC 7643 §4.1). An SP that drops displayName would never show a PATCH of it, and every check that a write did not
// happen would then wait the whole settle time (no-display-name took 71 s where the catalogue takes 5). Where the SP
// keeps none of the three, no lag is measured, as where PATCH is not served.
test('the probe measures the read lag on an attribute the SP kept, and measures none where it kept none', async (t) => {
  const noDisplayName = await startServer({ variants: ['no-display-name'] });
  const laggingNoDisplayName = await startServer({ variants: ['no-display-name', 'lagging-reads'] });
  const keepsNothing = await startServer({ variants: ['no-display-name', 'no-name-or-active', 'no-external-id'] });
  t.after(async () => { await noDisplayName.close(); await laggingNoDisplayName.close(); await keepsNothing.close(); });
  const at = async (s: typeof noDisplayName) => (await probedTenant(s, 'scimc-witness-probe-', 1000)).served;

  assert.deepEqual((await at(noDisplayName)).readLag, { ms: 0, shown: true }, 'name.givenName shows the PATCH at once');
  const late = (await at(laggingNoDisplayName)).readLag;
  assert.ok(late?.shown && late.ms > 0 && late.ms < 1000, JSON.stringify(late));
  const none = await at(keepsNothing);
  assert.equal(none.patch, true);
  assert.equal(none.readLag, undefined, 'no witness kept: no read lag measured, and none waited for');
});

// A GET by id may go to a replica that has not seen an insert yet (variant lagging-creates): the probe reads its
// new user by id straight after the create, and again while it answers 404. Where it did, the IdPs' next pushes and
// cycles wait until the SP shows what they made (provision-as-idp.ts); a prompt SP measures 0 and pays nothing.
test('the probe measures how late a read by id finds a new user, and still learns whether groups list their members', async (t) => {
  const plain = await startServer();
  const lagging = await startServer({ variants: ['lagging-creates'] });
  t.after(async () => { await plain.close(); await lagging.close(); });
  const at = async (s: typeof plain) => (await probedTenant(s, 'scimc-create-probe-', 1000)).served;
  const describe = (served: Awaited<ReturnType<typeof at>>) => describeServed({ admin: false, secondToken: false, patch: true, bulk: false, etag: false, sort: false, filter: true, changePassword: false, served });

  const healthy = await at(plain);
  assert.deepEqual(healthy.createLag, { ms: 0, shown: true });
  assert.doesNotMatch(describe(healthy), /finds a new user/);

  const late = await at(lagging);
  assert.equal(late.createLag?.shown, true, JSON.stringify(late.createLag));
  assert.ok(late.createLag!.ms > 0 && late.createLag!.ms < 1000, JSON.stringify(late.createLag));
  assert.match(describe(late), /a read by id finds a new user only after \d+ ms/);
  assert.equal(late.membersListed, true, 'the group probe reads past the 404 too');
  assert.equal(late.etag, true, 'and reads the user it found');
  assert.deepEqual(late.readLag, { ms: 0, shown: true }, 'a PATCH shows at once in lagging-creates');
});

// startIndex is OPTIONAL (RFC 7644 §3.4.2.4), and Okta's sample SCIM server refuses a list without it. The probe's own
// lag measurement lists with startIndex=1 there too: measured without it, every refusal read as a user not listed yet,
// the run warned of a list lag the SP does not have, and each list check waited it out.
test('on an SP that refuses lists without startIndex, the probe measures the list lag with it, and finds none', async (t) => {
  const server = await startServer({ faults: ['start-index-required'] });
  t.after(() => server.close());
  const { served } = await probedTenant(server, 'scimc-start-index-probe-', 1000);
  assert.equal(served.listNeedsStartIndex, true);
  assert.deepEqual(served.listLag, { ms: 0, listed: true });
  assert.ok(Object.values(served.filters).every(Boolean), JSON.stringify(served.filters));
});

// django-scim2 shows a user's displayName as "givenName familyName", whatever a client sent, and answers 501 to a PATCH
// of a path it has no handler for (displayName among them). The probe had sent a displayName its names would make,
// took displayName for kept, PATCHed it, and called PATCH "not served": setup then added members by PUT, and the run's
// PUT and PATCH checks judged a displayName the SP never keeps.
test('the probe takes a displayName shown other than sent for not kept, and calls PATCH served where one kept attribute takes it', async (t) => {
  const server = await startServer({ faults: ['display-name-of-names'] });
  t.after(() => server.close());
  const made = await probedTenant(server, 'scimc-made-name-probe-', 200);
  assert.deepEqual(made.served.dropped, ['displayname']);
  assert.equal(made.served.patch, true);

  // the same store behind a gateway that answers 501 to a PATCH of displayName (an SP that keeps it, yet cannot PATCH it)
  const plain = await startServer();
  const tenant = await provisionedTenant(plain, 'rfc');
  const refusedPaths: string[] = [];
  const proxy = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    if (req.method === 'PATCH' && /"path":"displayName"/.test(body)) {
      refusedPaths.push('displayName');
      res.writeHead(501, { 'content-type': 'application/scim+json' });
      res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '501', detail: 'Not Implemented' }));
      return;
    }
    const answer = await fetch(new URL(req.url!, new URL(tenant.base).origin), {
      method: req.method, headers: { authorization: req.headers.authorization!, 'content-type': 'application/scim+json' }, ...(body ? { body } : {}) });
    const location = answer.headers.get('location');
    res.writeHead(answer.status, { 'content-type': 'application/scim+json', ...(location ? { location } : {}) });
    res.end(await answer.text());
  });
  await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
  t.after(async () => { proxy.close(); await plain.close(); });
  const proxied = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${new URL(tenant.base).pathname}`;
  const served = await discoverServed(proxied, tenant.token, 5000, 'scimc-patch-probe-', 200);
  assert.deepEqual(refusedPaths, ['displayName'], 'displayName was tried first, and refused');
  assert.equal(served.patch, true, 'the next kept attribute took the PATCH');
  assert.deepEqual(served.readLag, { ms: 0, shown: true }, 'the lag is measured on the attribute that took it');
  assert.deepEqual(served.dropped ?? [], []);
  const left = await admin(plain, `/tenants/${tenant.id}`);
  assert.deepEqual(left.body.counts, { users: 0, groups: 0 }, 'the probe deleted what it made');
});
