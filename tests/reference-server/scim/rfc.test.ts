// Profile rfc: a complete RFC 7643/7644 provider.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE, ENT, call, createGroup, createUser, memberIds, patchBody, svc, userBody } from './helpers.ts';

const ERR = 'urn:ietf:params:scim:api:messages:2.0:Error';

describe('rfc: errors', () => {
  it('409 uniqueness body', () => {
    const s = svc('rfc');
    const u = createUser(s);
    const r = call(s, 'POST', '/Users', userBody({ userName: u.userName }));
    assert.deepEqual(Object.keys(r.body).sort(), ['detail', 'schemas', 'scimType', 'status']);
    assert.deepEqual(r.body.schemas, [ERR]);
    assert.equal(r.body.status, '409');
    assert.equal(r.body.scimType, 'uniqueness');
  });
  it('missing userName → invalidValue; malformed JSON → invalidSyntax; bad filter → invalidFilter', () => {
    const s = svc('rfc');
    const b = userBody(); delete b.userName;
    assert.equal(call(s, 'POST', '/Users', b).body.scimType, 'invalidValue');
    assert.equal(call(s, 'POST', '/Users', undefined, { bodyError: 'x' }).body.scimType, 'invalidSyntax');
    assert.equal(call(s, 'GET', '/Users?filter=userName xx "a"').body.scimType, 'invalidFilter');
    assert.equal(call(s, 'GET', '/Users?filter=active gt true').body.scimType, 'invalidFilter');
  });
  it('PATCH problems: invalidPath, noTarget, invalidValue, mutability', () => {
    const s = svc('rfc');
    const u = createUser(s);
    const p = (op: unknown) => call(s, 'PATCH', `/Users/${u.id}`, patchBody(op)).body.scimType;
    assert.equal(p({ op: 'replace', path: 'nosuch', value: 'x' }), 'invalidPath');
    assert.equal(p({ op: 'remove' }), 'noTarget');
    assert.equal(p({ op: 'replace', path: 'emails[type eq "home" or type eq "other"].value', value: 'x@example.com' }), 'noTarget');
    assert.equal(p({ op: 'replace', path: 'active', value: 'maybe' }), 'invalidValue');
    assert.equal(p({ op: 'replace', path: 'id', value: 'x' }), 'mutability');
    assert.equal(p({ op: 'add', path: 'groups', value: [{ value: 'x' }] }), 'mutability');
    assert.equal(p({ op: 'remove', path: 'userName' }), 'mutability');
  });
  it('/Me is 501; an unsupported method is 405', () => {
    const s = svc('rfc');
    assert.equal(call(s, 'GET', '/Me').status, 501);
    assert.equal(call(s, 'DELETE', '/Users').status, 405);
  });
});

describe('rfc: filters', () => {
  const s = svc('rfc');
  const a = createUser(s, { userName: 'alice@example.com', title: 'Engineer', emails: [{ value: 'alice@work.example.com', type: 'work', primary: true }, { value: 'alice@home.example.com', type: 'home' }], [ENT]: { department: 'R&D' } });
  const b = createUser(s, { userName: 'bob@example.org', active: false, name: { givenName: 'Bob', familyName: 'Builder' } });
  const c = createUser(s, { userName: 'carol@example.com', title: 'Manager', externalId: 'C' });
  const cases: [string, string[]][] = [
    ['userName eq "ALICE@example.com"', [a.id]], ['userName ne "alice@example.com"', [b.id, c.id]],
    ['userName co "EXAMPLE.COM"', [a.id, c.id]], ['userName sw "b"', [b.id]], ['userName ew ".org"', [b.id]],
    ['title pr', [a.id, c.id]], ['not (title pr)', [b.id]], ['active eq false', [b.id]],
    ['title eq "Engineer" or title eq "Manager"', [a.id, c.id]], ['(title eq "Engineer" or active eq false) and userName sw "a"', [a.id]],
    ['emails[type eq "home" and value co "@home"]', [a.id]], ['emails.value ew "work.example.com"', [a.id]],
    ['name.givenName eq "bob"', [b.id]], [`${ENT}:department eq "r&d"`, [a.id]], ['externalId eq "c"', []], ['externalId eq "C"', [c.id]],
    ['userName gt "b"', [b.id, c.id]], ['userName le "bob@example.org"', [a.id, b.id]],
    ['meta.created ge "2000-01-01T00:00:00Z"', [a.id, b.id, c.id]], ['meta.lastModified lt "2000-01-01T00:00:00Z"', []],
    [`id eq "${b.id}"`, [b.id]], ['meta.resourceType eq "User"', [a.id, b.id, c.id]],
  ];
  for (const [f, want] of cases) {
    it(f, () => {
      const r = call(s, 'GET', `/Users?filter=${encodeURIComponent(f)}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.Resources.map((x: any) => x.id), want);
    });
  }
});

describe('rfc: paging, sorting, attributes, search', () => {
  const s = svc('rfc');
  const ids = Array.from({ length: 25 }, (_, i) => createUser(s, { userName: `u${String(25 - i).padStart(2, '0')}@example.com` }).id);

  it('startIndex/count walk every resource exactly once', () => {
    const seen: string[] = [];
    for (let start = 1; ; start += 10) {
      const r = call(s, 'GET', `/Users?startIndex=${start}&count=10`).body;
      assert.equal(r.totalResults, 25);
      assert.equal(r.startIndex, start);
      assert.equal(r.itemsPerPage, r.Resources.length);
      if (r.Resources.length === 0) break;
      seen.push(...r.Resources.map((x: any) => x.id));
    }
    assert.deepEqual(seen, ids);
  });
  it('count=0 returns totalResults only; startIndex < 1 is 1', () => {
    const r = call(s, 'GET', '/Users?count=0').body;
    assert.equal(r.totalResults, 25);
    assert.deepEqual(r.Resources, []);
    assert.equal(call(s, 'GET', '/Users?startIndex=-5&count=1').body.startIndex, 1);
  });
  it('sortBy/sortOrder', () => {
    const asc = call(s, 'GET', '/Users?sortBy=userName&count=3').body.Resources.map((x: any) => x.userName);
    assert.deepEqual(asc, ['u01@example.com', 'u02@example.com', 'u03@example.com']);
    const desc = call(s, 'GET', '/Users?sortBy=userName&sortOrder=descending&count=2').body.Resources.map((x: any) => x.userName);
    assert.deepEqual(desc, ['u25@example.com', 'u24@example.com']);
  });
  it('attributes and excludedAttributes; id and schemas always returned', () => {
    const r = call(s, 'GET', `/Users/${ids[0]}?attributes=userName,name.givenName`).body;
    assert.deepEqual(Object.keys(r).sort(), ['id', 'name', 'schemas', 'userName']);
    assert.deepEqual(r.name, { givenName: 'Ada' });
    const e = call(s, 'GET', `/Users/${ids[0]}?excludedAttributes=emails,id,meta`).body;
    assert.equal(e.emails, undefined);
    assert.equal(e.meta, undefined);
    assert.equal(e.id, ids[0]);
    const l = call(s, 'GET', '/Users?attributes=userName&count=1').body.Resources[0];
    assert.deepEqual(Object.keys(l).sort(), ['id', 'schemas', 'userName']);
  });
  it('POST /Users/.search, /.search and /Groups/.search', () => {
    createGroup(s, 'Searchers');
    const r = call(s, 'POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName sw "u0"', count: 3, attributes: ['userName'] });
    assert.equal(r.status, 200);
    assert.equal(r.body.totalResults, 9);
    assert.equal(r.body.Resources.length, 3);
    assert.equal(r.audit.eventName, 'Search');
    const root = call(s, 'POST', '/.search', { filter: 'meta.resourceType pr', count: 100 }).body;
    assert.equal(root.totalResults, 26);
    const rootG = call(s, 'POST', '/.search', { filter: 'displayName eq "Searchers"' }).body;
    assert.equal(rootG.Resources.length, 1);
    assert.equal(call(s, 'POST', '/Groups/.search', {}).body.totalResults, 1);
  });
});

describe('rfc: ETag', () => {
  it('meta.version is a weak ETag, sent as a header; stale If-Match is 412; If-None-Match 304', () => {
    const s = svc('rfc');
    const u = createUser(s);
    const g = call(s, 'GET', `/Users/${u.id}`);
    assert.equal(g.response.headers?.ETag, u.meta.version);
    assert.match(u.meta.version, /^W\/"\d+"$/);
    const ok = call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'title', value: 'x' }), { headers: { 'If-Match': u.meta.version } });
    assert.equal(ok.status, 200);
    assert.notEqual(ok.body.meta.version, u.meta.version);
    const stale = call(s, 'PUT', `/Users/${u.id}`, userBody({ userName: u.userName }), { headers: { 'if-match': u.meta.version } });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.scimType, undefined);
    assert.equal(call(s, 'DELETE', `/Users/${u.id}`, undefined, { headers: { 'If-Match': u.meta.version } }).status, 412);
    assert.equal(call(s, 'GET', `/Users/${u.id}`, undefined, { headers: { 'If-None-Match': ok.body.meta.version } }).status, 304);
    assert.equal(call(s, 'DELETE', `/Users/${u.id}`, undefined, { headers: { 'If-Match': ok.body.meta.version } }).status, 204);
  });
});

describe('rfc: groups', () => {
  it('members carry value, $ref, display; users carry a computed groups attribute', () => {
    const s = svc('rfc');
    const u = createUser(s);
    const g = createGroup(s, 'G', [u.id]);
    assert.deepEqual(g.members, [{ value: u.id, $ref: `${BASE}/Users/${u.id}`, display: u.displayName, type: 'User' }]);
    const got = call(s, 'GET', `/Users/${u.id}`).body;
    assert.deepEqual(got.groups, [{ value: g.id, $ref: `${BASE}/Groups/${g.id}`, display: 'G', type: 'direct' }]);
    assert.equal(call(s, 'GET', `/Groups/${g.id}?excludedAttributes=members`).body.members, undefined);
  });
  it('Group PUT replaces members and name', () => {
    const s = svc('rfc');
    const [a, b] = [createUser(s), createUser(s)];
    const g = createGroup(s, 'G', [a.id]);
    const r = call(s, 'PUT', `/Groups/${g.id}`, { displayName: 'G2', members: [{ value: b.id }] });
    assert.equal(r.status, 200);
    assert.equal(r.body.displayName, 'G2');
    assert.deepEqual(memberIds(s, g.id), [b.id]);
  });
  it('replace members, remove all members, nested groups', () => {
    const s = svc('rfc');
    const [a, b] = [createUser(s), createUser(s)];
    const g = createGroup(s, 'G', [a.id]);
    const inner = createGroup(s, 'Inner');
    call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'replace', path: 'members', value: [{ value: b.id }, { value: inner.id }] }));
    assert.deepEqual(memberIds(s, g.id), [b.id, inner.id].sort());
    call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'remove', path: 'members[type eq "Group"]' }));
    assert.deepEqual(memberIds(s, g.id), [b.id]);
    call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'remove', path: 'members' }));
    assert.deepEqual(memberIds(s, g.id), []);
  });
  it("Okta's rename with the group's own id is accepted; another id is 400 mutability", () => {
    const s = svc('rfc');
    const g = createGroup(s, 'Old');
    const r = call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'replace', value: { id: g.id, displayName: 'New' } }));
    assert.equal(r.status, 200);
    assert.equal(r.body.displayName, 'New');
    const bad = call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'replace', value: { id: 'other', displayName: 'X' } }));
    assert.equal(bad.status, 400);
    assert.equal(bad.body.scimType, 'mutability');
  });
});

describe('rfc: multi-valued attributes and PATCH semantics', () => {
  it('several values are stored; a second primary through PATCH demotes the first', () => {
    const s = svc('rfc');
    const u = createUser(s, { emails: [{ value: 'a@example.com', type: 'work', primary: true }, { value: 'b@example.com', type: 'home' }] });
    assert.equal(u.emails.length, 2);
    const r = call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'add', path: 'emails', value: [{ value: 'c@example.com', type: 'other', primary: true }] }));
    assert.deepEqual(r.body.emails.map((e: any) => [e.value, e.primary]), [['a@example.com', false], ['b@example.com', undefined], ['c@example.com', true]]);
  });
  it('two primaries on create are 400', () => {
    assert.equal(call(svc('rfc'), 'POST', '/Users', userBody({ emails: [{ value: 'a@example.com', primary: true }, { value: 'b@example.com', primary: true }] })).status, 400);
  });
  it('remove by filter, replace a whole list, remove a sub-attribute', () => {
    const s = svc('rfc');
    const u = createUser(s, { emails: [{ value: 'a@example.com', type: 'work', primary: true }, { value: 'b@example.com', type: 'home' }] });
    let r = call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'remove', path: 'emails[type eq "home"]' }));
    assert.deepEqual(r.body.emails.map((e: any) => e.value), ['a@example.com']);
    r = call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'emails', value: [{ value: 'z@example.com' }] }));
    assert.deepEqual(r.body.emails, [{ value: 'z@example.com' }]);
    r = call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'remove', path: 'name.givenName' }));
    assert.deepEqual(r.body.name, { familyName: u.name.familyName });
  });
  it('legacy manager form [{"$ref":…,"value":id}] and password are accepted (password not stored)', () => {
    const s = svc('rfc');
    const m = createUser(s);
    const u = createUser(s, { password: 'p4ss!' });
    assert.equal(u.password, undefined);
    const r = call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'Add', path: 'manager', value: [{ $ref: `${BASE}/Users/${m.id}`, value: m.id }] }, { op: 'replace', value: { password: 'n3w!' } }));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body[ENT].manager.value, m.id);
    assert.equal(r.body.password, undefined);
  });
  it('OneLogin: emails as a single object, manager.managerId, "active":"true" string', () => {
    const s = svc('rfc');
    const m = createUser(s);
    const r = call(s, 'POST', '/Users', { schemas: ['urn:scim:schemas:core:2.0'], userName: 'ol@example.com', active: 'true', emails: { value: 'ol@example.com', primary: true }, 'urn:scim:schemas:extension:enterprise:2.0': { manager: { managerId: m.id } } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.active, true);
    assert.deepEqual(r.body.emails, [{ value: 'ol@example.com', primary: true }]);
    assert.equal(r.body[ENT].manager.value, m.id);
  });
  it('unknown attributes are ignored', () => {
    const r = call(svc('rfc'), 'POST', '/Users', userBody({ favouriteColour: 'blue' }));
    assert.equal(r.status, 201);
    assert.equal(r.body.favouriteColour, undefined);
  });
});

describe('rfc: bulk', () => {
  it('bulkId references, statuses as strings, locations', () => {
    const s = svc('rfc');
    const r = call(s, 'POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [
        { method: 'POST', path: '/Groups', bulkId: 'g1', data: { displayName: 'Bulk', members: [{ type: 'User', value: 'bulkId:qwerty' }] } },
        { method: 'POST', path: '/Users', bulkId: 'qwerty', data: userBody() },
        { method: 'PATCH', path: '/Users/bulkId:qwerty', data: patchBody({ op: 'replace', path: 'title', value: 'T' }) },
      ],
    });
    assert.equal(r.status, 200);
    assert.equal(r.audit.eventName, 'Bulk');
    const ops = r.body.Operations;
    assert.deepEqual(ops.map((o: any) => o.status), ['201', '201', '200']);
    const uid = ops.find((o: any) => o.bulkId === 'qwerty').location.split('/').pop();
    const gid = ops.find((o: any) => o.bulkId === 'g1').location.split('/').pop();
    assert.deepEqual(memberIds(s, gid), [uid]);
    assert.equal(call(s, 'GET', `/Users/${uid}`).body.title, 'T');
  });
  it('failOnErrors stops after that many errors', () => {
    const s = svc('rfc');
    const dup = userBody();
    const r = call(s, 'POST', '/Bulk', { failOnErrors: 1, Operations: [
      { method: 'POST', path: '/Users', bulkId: 'a', data: dup },
      { method: 'POST', path: '/Users', bulkId: 'b', data: dup },
      { method: 'POST', path: '/Users', bulkId: 'c', data: userBody() },
    ] });
    assert.deepEqual(r.body.Operations.map((o: any) => o.status), ['201', '409']);
    assert.equal(r.body.Operations[1].response.scimType, 'uniqueness');
    assert.equal(s.counts().users, 1);
  });
  it('too many operations is 413; a bad request is 400', () => {
    const s = svc('rfc');
    const ops = Array.from({ length: 1001 }, (_, i) => ({ method: 'DELETE', path: `/Users/${i}` }));
    assert.equal(call(s, 'POST', '/Bulk', { Operations: ops }).status, 413);
    assert.equal(call(s, 'POST', '/Bulk', { Operations: 'x' }).status, 400);
    assert.equal(call(s, 'POST', '/Bulk', { Operations: [{ method: 'POST', path: '/Users', data: userBody() }] }).status, 400);
  });
  it('ServiceProviderConfig advertises the bulk limits', () => {
    const b = call(svc('rfc'), 'GET', '/ServiceProviderConfig').body.bulk;
    assert.deepEqual(b, { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 });
  });
});

describe('rfc: IdP lookups', () => {
  it("Entra's configurable matching filter emails[type eq \"work\"].value eq \"…\" works", () => {
    const s = svc('rfc');
    const u = createUser(s, { emails: [{ value: 'Match@example.com', type: 'work', primary: true }] });
    const r = call(s, 'GET', `/Users?filter=${encodeURIComponent('emails[type eq "work"].value eq "match@example.com"')}`);
    assert.deepEqual(r.body.Resources.map((x: any) => x.id), [u.id]);
  });
});
