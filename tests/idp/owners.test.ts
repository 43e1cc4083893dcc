// One deviation, one red row, on the IdP side: ids are percent-encoded in paths and decoded from a Location,
// every refusal the engine meets names the row that owns it (the dialect's `owners`, even for a body that carries the
// scenario's own variation: verdicts.ts makes it the scenario's where that row passes), OneLogin's quoted "active" is
// a named variation only, and the throttling proxy is a client
// of its own that forwards no hop-by-hop header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en } from '@faker-js/faker';
import { PROFILES } from '../../fixtures/idp-profiles/index.ts';
import { ProvisioningEngine } from '../../support/idp/engine.ts';
import { DIALECT_IDS, plainWriteOwner, type DialectId } from '../../support/idp/profile.ts';
import { fillJson, fillPath } from '../../support/idp/template.ts';
import { INJECTED_HEADER, ThrottleProxy, endToEnd } from '../../support/idp/throttle-proxy.ts';
import { Redactor } from '../../support/scim/exchange.ts';
import { sendRaw } from '../../support/scim/raw-transport.ts';
import { refusalReason } from '../../support/screenplay/tasks/idp/index.ts';
import { startCaptureServer, type CaptureServer } from './capture-server.ts';
import { engineFor, UNIT_TOKEN, withServer } from './golden-script.ts';

const TOKEN = UNIT_TOKEN;
const ODD = 'u 1/?#%+&"x';


test('a path segment is percent-encoded; a query value is encoded the way the dialect writes queries', () => {
  assert.equal(fillPath('Users/{{user.id}}?', { user: { id: ODD } }, '+'), 'Users/u%201%2F%3F%23%25%2B%26%22x?');
  assert.equal(fillPath('Users?filter=userName+eq+%22{{user.userName|q}}%22&', { user: { userName: 'a b@c' } }, '+'), 'Users?filter=userName+eq+%22a+b%40c%22&');
  assert.equal(fillPath('Users?filter=userName%20eq%20%22{{guid}}%22', { guid: 'a b' }, '%20'), 'Users?filter=userName%20eq%20%22a%20b%22');
  // an id inside a filter in a body stays as it is, escaped only as the filter's quoted literal needs
  assert.deepEqual(fillJson({ path: 'members[value eq "{{member.id|json}}"]' }, { member: { id: ODD } }), { path: 'members[value eq "u 1/?#%+&\\"x"]' });
});

test('every dialect names an owner for every behaviour it sends', () => {
  for (const id of DIALECT_IDS) {
    const owners = PROFILES[id].owners;
    for (const b of ['connect', 'lookupUser', 'createUser', 'updateUser', 'deactivateUser', 'reactivateUser', 'deleteUser', 'manager', 'createGroup', 'addMembers', 'removeMembers', 'renameGroup', 'deleteGroup'] as const) {
      assert.match(owners[b] ?? '', /^[A-Z]+-[A-Z]+-\d\d$/, `${id}: ${b}`);
    }
  }
});

test('an id taken from a Location is decoded, and sent back percent-encoded in every path', () => withServer(async (s) => {
  const e = engineFor('okta-oin');
  e.configure(s.base, TOKEN);
  s.script.push({ status: 201, match: (c) => c.method === 'POST', headers: { location: `${s.base}/Users/${encodeURIComponent(ODD)}` }, body: { userName: 'ada.lovelace@example.com' } });
  e.directory.assignedUsers.add('ada');
  await e.changed(['ada']);
  assert.equal(e.spId('ada'), ODD);
  e.directory.assignedUsers.delete('ada');
  await e.changed(['ada']);
  const patch = s.captured.find((c) => c.method === 'PATCH')!;
  assert.equal(patch.path, `/scim/v2/Users/${encodeURIComponent(ODD)}`);
  await e.cleanup();
  const del = s.captured.find((c) => c.method === 'DELETE')!;
  assert.equal(del.path, `/scim/v2/Users/${encodeURIComponent(ODD)}`);
}));

test('a refused create names the dialect\'s create row, an edge case\'s too; a proxy\'s reply is nobody\'s', () => withServer(async (s) => {
  const e = engineFor('okta-oin');
  e.configure(s.base, TOKEN);
  s.script.push({ status: 400, match: (c) => c.method === 'POST', body: { detail: 'groups is readOnly' } });
  e.directory.assignedUsers.add('ada');
  await e.changed(['ada']);
  const [refused] = e.outcomesOf('user', 'ada').filter((o) => !o.ok);
  assert.equal(refused.owner, 'OKTA-CREATE-01');
  assert.equal(refused.injected, false);
  assert.equal(refusalReason('Okta', 'ada', refused), 'the SP answered 400 "groups is readOnly" to Okta\'s create of "ada" (POST /Users)');

  e.directory.user('ada').edges = ['partial-address'];
  s.script.push({ status: 400, match: (c) => c.method === 'POST', body: { detail: 'address' } });
  await e.retryTasks();
  // the SP may refuse Okta's plain create too: the dialect's row owns it, and where that row passes it is the scenario's
  assert.equal(e.outcomesOf('user', 'ada', ['createUser'])[0].owner, 'OKTA-CREATE-01');

  s.script.push({ status: 503, match: (c) => c.method === 'POST', headers: { [INJECTED_HEADER]: 'throttle-proxy' }, body: { detail: 'unavailable' } });
  await e.retryTasks();
  assert.equal(e.outcomesOf('user', 'ada', ['createUser'])[0].injected, true);
}));

/** The golden user "ada" assigned (an event-driven dialect pushes at once), or assigned again, or unassigned. */
async function assigned(e: ProvisioningEngine, on: boolean): Promise<void> {
  if (on) e.directory.assignedUsers.add('ada'); else e.directory.assignedUsers.delete('ada');
  await e.changed(['ada']);
}
async function adaAssigned(s: CaptureServer, id: DialectId, target: { patchServed?: boolean } = {}): Promise<ProvisioningEngine> {
  const e = engineFor(id, undefined, target);
  e.configure(s.base, TOKEN);
  await assigned(e, true);
  return e;
}

test('a body refused for its application/json label (OneLogin\'s) is OL-PROV-01\'s only when the same text as application/scim+json is accepted', () => withServer(async (s) => {
  const e = engineFor('onelogin-core');
  e.configure(s.base, TOKEN);
  const text = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Engineering"}';
  const refused = { kind: 'group' as const, key: 'eng', behaviour: 'createGroup' as const, ok: false, status: 415, request: 'POST /Groups',
    owner: 'RFC-CREATE-01', injected: false, seq: 1, sent: { method: 'POST' as const, path: 'Groups', body: text } };
  s.script.push({ status: 201, match: (c) => c.method === 'POST', body: { id: 'g1', displayName: 'Engineering' } });
  assert.equal(await e.blameMediaType(refused), 'OL-PROV-01');
  const asked = s.captured.at(-1)!;
  assert.deepEqual([asked.method, asked.path, asked.body, asked.headers.find(([k]) => /^content-type$/i.test(k))?.[1]],
    ['POST', '/scim/v2/Groups', text, 'application/scim+json']);
  // what the IdP sent stays what it sent: the question is the harness's, marked so in the transcript
  assert.equal(e.exchanges.length, 0);
  // refused as application/scim+json for another reason: the label was refused first
  s.script.push({ status: 400, match: (c) => c.method === 'POST', body: { detail: 'displayName is taken' } });
  assert.equal(await e.blameMediaType(refused), 'OL-PROV-01');
  // refused the same way as application/scim+json: not the label, so the refusal stays the request's own row's
  s.script.push({ status: 415, match: (c) => c.method === 'POST', body: { detail: 'no body is taken here' } });
  assert.equal(await e.blameMediaType(refused), undefined);
  // nothing to ask: a server failure, or a dialect whose bodies go as application/scim+json
  const before = s.captured.length;
  assert.equal(await e.blameMediaType({ ...refused, status: 500 }), undefined);
  const enterprise = engineFor('onelogin-enterprise');
  enterprise.configure(s.base, TOKEN);
  assert.equal(await enterprise.blameMediaType(refused), undefined);
  assert.equal(s.captured.length, before, 'no request was sent for either');
}));

test('a write the SP fails (5xx) is the dialect\'s plainest write of that method first; a refusal (4xx) is the behaviour\'s own', () => withServer(async (s) => {
  // Okta AIW updates and deactivates by PUT: a PUT the server fails is its update's (OKTA-UPDATE-01) before its deactivation's
  const e = await adaAssigned(s, 'okta-aiw');
  s.script.push({ status: 500, match: (c) => c.method === 'PUT', body: { detail: 'Internal error' } });
  await assigned(e, false);
  const failed = e.outcomesOf('user', 'ada', ['deactivateUser']).at(-1)!;
  assert.deepEqual([failed.ok, failed.status, failed.owner, failed.serverSide], [false, 500, 'OKTA-UPDATE-01|OKTA-DEACT-01', true]);
  s.script.push({ status: 400, match: (c) => c.method === 'PUT', body: { detail: 'active is readOnly' } });
  await e.retryTasks();
  const refused = e.outcomesOf('user', 'ada', ['deactivateUser']).at(-1)!;
  assert.deepEqual([refused.ok, refused.status, refused.owner], [false, 400, 'OKTA-DEACT-01']);
  // the plain write's own failure names it once
  s.script.push({ status: 503, match: (c) => c.method === 'POST', body: { detail: 'down' } });
  const fresh = await adaAssigned(s, 'okta-aiw');
  assert.deepEqual(fresh.outcomesOf('user', 'ada', ['createUser']).map((o) => [o.status, o.owner]), [[503, 'OKTA-CREATE-01']]);
}));

test('a 501 to a PATCH is PATCH itself where the SP serves none, and declines that PATCH where it serves PATCH', () => withServer(async (s) => {
  // Okta OIN deactivates and reactivates by PATCH: its plainest user PATCH is the deactivation (OKTA-DEACT-01)
  const reactivation = async (target: { patchServed?: boolean }) => {
    const e = await adaAssigned(s, 'okta-oin', target);
    await assigned(e, false);
    s.script.push({ status: 501, match: (c) => c.method === 'PATCH', body: { detail: 'Not Implemented' } });
    await assigned(e, true);
    const o = e.outcomesOf('user', 'ada', ['reactivateUser']).at(-1)!;
    return [o.status, o.owner, o.serverSide ?? false];
  };
  assert.deepEqual(await reactivation({ patchServed: false }), [501, 'OKTA-DEACT-01|OKTA-REACT-01', true]);
  // django-scim2 answers 501 to a PATCH path it has no handler for, while it serves PATCH: a refusal like a 400
  assert.deepEqual(await reactivation({ patchServed: true }), [501, 'OKTA-REACT-01', false]);
  assert.deepEqual(await reactivation({}), [501, 'OKTA-REACT-01', false]);
}));

test('a refused OneLogin role is the RFC rows\' first, then OL-GROUP-01\'s: one row behind them, not each group row', () => withServer(async (s) => {
  // OneLogin's roles are plain groups whose answers RFC rows judge; where they pass, OL-GROUP-01 owns the refusal
  const role = async (status: number, target: { patchServed?: boolean }) => {
    const e = engineFor('onelogin-core', undefined, target);
    e.configure(s.base, TOKEN);
    e.includeGroupsInProvisioning = true;
    s.script.push({ status, match: (c) => c.method === 'PATCH', body: { detail: 'refused' } });
    e.directory.assignedUsers.add('ada');
    e.directory.assignedGroups.add('eng');
    await e.changed(['ada'], ['eng']);
    const refused = e.outcomesOf('group', 'eng').find((o) => !o.ok);
    return refused && [refused.status, refused.owner];
  };
  assert.deepEqual(await role(400, { patchServed: true }), [400, 'RFC-GROUP-01|OL-GROUP-01']);
  // an SP without PATCH (lawful): PATCH itself is refused; the RFC rows come first, as the suite's own PATCH charges them
  assert.deepEqual(await role(501, { patchServed: false }), [501, 'RFC-PATCH-01|RFC-GROUP-01|OL-GROUP-01']);
}));

test('each dialect\'s plainest write of a method: its update, else the first behaviour that sends it', () => {
  const plain = (id: DialectId, kind: 'user' | 'group', method: string) => plainWriteOwner(PROFILES[id], kind, method);
  assert.equal(plain('entra-legacy', 'user', 'PATCH'), 'ENTRA-PATCH-01');
  assert.equal(plain('entra-aadoptscim062020', 'user', 'PATCH'), 'ENTRA-PATCH-03');
  assert.equal(plain('entra-legacy', 'group', 'PATCH'), 'ENTRA-GROUP-01');
  assert.equal(plain('okta-aiw', 'user', 'PUT'), 'OKTA-UPDATE-01');
  // Okta OIN updates by PUT: its first user PATCH is the deactivation; its group PATCH is the membership change
  assert.equal(plain('okta-oin', 'user', 'PATCH'), 'OKTA-DEACT-01');
  assert.equal(plain('okta-oin', 'group', 'PATCH'), 'OKTA-PUSH-01');
  assert.equal(plain('okta-oin', 'user', 'POST'), 'OKTA-CREATE-01');
  // a read is no write, and OneLogin deletes no group
  assert.equal(plain('okta-oin', 'user', 'GET'), undefined);
  assert.equal(plain('onelogin-core', 'group', 'DELETE'), undefined);
});

test('OneLogin enterprise sends a boolean active; only the "quoted active" variation sends the string, its refusal owned by OL-PROV-01', () => withServer(async (s) => {
  const plain = engineFor('onelogin-enterprise');
  plain.configure(s.base, TOKEN);
  plain.directory.assignedUsers.add('ada');
  await plain.changed(['ada']);
  const created = JSON.parse(s.captured.find((c) => c.method === 'POST')!.body!);
  assert.equal(created.active, true);

  const quoted = engineFor('onelogin-enterprise');
  quoted.configure(s.base, TOKEN);
  quoted.useTemplateVariation('quoted active');
  s.script.push({ status: 400, match: (c) => c.method === 'POST', body: { detail: 'active must be a boolean' } });
  quoted.directory.assignedUsers.add('ada');
  await quoted.changed(['ada']);
  const sent = JSON.parse(s.captured.filter((c) => c.method === 'POST').slice(-1)[0].body!);
  assert.equal(sent.active, 'true');
  const refused = quoted.outcomesOf('user', 'ada', ['createUser'])[0];
  // OL-PROV-01 owns OneLogin's create: red, it blocks OL-WIRE-01's scenario; passing, the refusal is OL-WIRE-01's own
  assert.equal(refused.owner, 'OL-PROV-01');
  // what the body carried stands beside the SP's words, never as the cause: the SP may refuse it for another reason
  assert.equal(refusalReason('OneLogin', 'ada', refused), 'the SP answered 400 "active must be a boolean" to OneLogin\'s create of "ada" (POST /Users), a body from the edited template, its active the string "true"');
  assert.throws(() => engineFor('onelogin-core').useTemplateVariation('quoted active'), /no template variation/);
}));

test('hop-by-hop headers are dropped, those named by Connection included', () => {
  const raw = ['Host', 'x', 'Connection', 'close, X-Hop', 'Keep-Alive', 'timeout=5', 'X-Hop', '1', 'Proxy-Authorization', 'p', 'TE', 'trailers',
    'Transfer-Encoding', 'chunked', 'Upgrade', 'h2c', 'Trailer', 'X', 'Authorization', 'Bearer t', 'Content-Type', 'application/json'];
  assert.deepEqual(endToEnd(raw, { connection: 'close, X-Hop' }), ['Host', 'x', 'Authorization', 'Bearer t', 'Content-Type', 'application/json']);
});

test('the proxy forwards on its own connections, without the IdP\'s Connection: close, and marks what it makes up', () => withServer(async (s) => {
  const proxy = new ThrottleProxy(s.base);
  const base = await proxy.start();
  try {
    const opts = { redactor: new Redactor(), actor: 't', timeoutMs: 2000 };
    const reply = await sendRaw({ method: 'GET', url: `${base}/Users?startIndex=1&count=2`, headers: [['Connection', 'close'], ['Keep-Alive', 'timeout=5'], ['Authorization', 'Bearer t']] }, opts);
    assert.equal(reply.status, 200);
    const fwd = s.captured[0];
    assert.ok(!fwd.headers.some(([k]) => /^keep-alive$/i.test(k)), 'Keep-Alive is not forwarded');
    assert.ok(fwd.headers.some(([k, v]) => k === 'Authorization' && v === 'Bearer t'));
    proxy.refuseNext(1, 1, 429);
    const throttled = await sendRaw({ method: 'GET', url: `${base}/Users`, headers: [] }, opts);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers[INJECTED_HEADER], 'throttle-proxy');
    assert.equal(s.captured.length, 1, 'the made-up answer never reached the SP');
  } finally { await proxy.close(); }
}));

test('a refused Okta OIN membership PATCH is OKTA-PUSH-02\'s only when the id-carrying rename alone is refused too', () => withServer(async (s) => {
  const push = async (refuse: (c: { method: string; body?: string }) => boolean) => {
    const e = engineFor('okta-oin');
    e.configure(s.base, TOKEN);
    s.script.push({ status: 400, match: (c) => c.method === 'PATCH' && refuse(c), body: { detail: 'refused' } });
    e.directory.assignedUsers.add('ada');
    e.directory.pushedGroups.add('eng');
    await e.changed(['ada'], ['eng']);
    const [refused] = e.outcomesOf('group', 'eng').filter((o) => !o.ok);
    assert.ok(refused?.carriesMembership, 'the refused request carried the membership change with the rename');
    return e.blameCarriedRename('eng');
  };
  // the SP refuses the member op: the rename alone goes through, so the membership's row owns the refusal
  assert.equal(await push((c) => /"members"/.test(c.body ?? '')), 'membership');
  // the SP refuses the group's own id in a path-less replace: the rename alone is refused too
  s.script.push({ status: 400, match: (c) => c.method === 'PATCH', body: { detail: 'id is readOnly' } });
  assert.equal(await push(() => true), 'rename');
  // an SP without PATCH refuses the rename alone with 501 too: that is no fault of the rename's id
  s.script.push({ status: 501, match: (c) => c.method === 'PATCH' && !/"members"/.test(c.body ?? ''), body: { detail: 'PATCH is not implemented' } });
  assert.equal(await push((c) => /"members"/.test(c.body ?? '')), 'patch');
}));

test('a refused Entra legacy PATCH is ENTRA-PATCH-01\'s only when the same ops in lower case are accepted', () => withServer(async (s) => {
  const e = engineFor('entra-legacy');
  e.configure(s.base, TOKEN);
  const body = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] };
  const refused = { kind: 'user' as const, key: 'ada', behaviour: 'deactivateUser' as const, ok: false, status: 400, request: 'PATCH /Users/u1',
    owner: 'ENTRA-PATCH-02', injected: false, seq: 1, sent: { method: 'PATCH' as const, path: 'Users/u1', body: JSON.stringify(body) } };
  // the SP takes the lower-case op: the op's case was what it refused
  s.script.push({ status: 200, match: (c) => c.method === 'PATCH', body: { id: 'u1', active: false } });
  assert.equal(await e.blameCapitalisedOps(refused), 'ENTRA-PATCH-01');
  const asked = s.captured.at(-1)!;
  assert.deepEqual([asked.method, asked.path, JSON.parse(asked.body!).Operations], ['PATCH', '/scim/v2/Users/u1', [{ op: 'replace', path: 'active', value: 'False' }]]);
  // refused in lower case too (the string "False", say): not the case, so the refusal stays the disable's
  s.script.push({ status: 400, match: (c) => c.method === 'PATCH', body: { detail: 'active must be a boolean' } });
  assert.equal(await e.blameCapitalisedOps(refused), undefined);
  // nothing to ask: ops already in lower case, or a dialect that names no owner for the quirk
  const before = s.captured.length;
  const lower = { ...refused, sent: { ...refused.sent, body: JSON.stringify({ ...body, Operations: [{ op: 'replace', path: 'active', value: false }] }) } };
  assert.equal(await e.blameCapitalisedOps(lower), undefined);
  const okta = engineFor('okta-oin');
  okta.configure(s.base, TOKEN);
  assert.equal(await okta.blameCapitalisedOps(refused), undefined);
  assert.equal(s.captured.length, before, 'no request was sent for either');
}));
