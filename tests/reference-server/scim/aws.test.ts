// Profile aws: AWS IAM Identity Center's inbound SCIM API (idp-behaviors.md §5).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENT, call, createGroup, createUser, memberIds, patchBody, svc, userBody } from './helpers.ts';

const DETAIL_400 = 'Request is unparsable, syntactically incorrect, or violates schema.';

function assert400(r: ReturnType<typeof call>, message?: string | RegExp): void {
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.deepEqual(r.body, { schema: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: DETAIL_400, status: '400' });
  assert.equal(r.audit.errorCode, 'ValidationException');
  if (typeof message === 'string') assert.equal(r.audit.errorMessage, message);
  else if (message) assert.match(r.audit.errorMessage ?? '', message);
}

describe('aws: operations', () => {
  it('Group PUT is a 400 ValidationException (unsupported operation)', () => {
    const s = svc('aws');
    const g = createGroup(s, 'G');
    const r = call(s, 'PUT', `/Groups/${g.id}`, { displayName: 'H' });
    assert400(r);
    assert.equal(r.audit.eventName, 'PutGroup');
    assert.equal(call(s, 'GET', `/Groups/${g.id}`).body.displayName, 'G');
  });

  for (const [m, p] of [['GET', '/Me'], ['POST', '/Bulk'], ['POST', '/.search'], ['POST', '/Users/.search'], ['POST', '/Groups/.search']] as const) {
    it(`${m} ${p} is 404`, () => {
      const r = call(svc('aws'), m, p, m === 'POST' ? {} : undefined);
      assert.equal(r.status, 404);
      assert.equal(r.body.schema[0], 'urn:ietf:params:scim:api:messages:2.0:Error');
      assert.equal(r.body.status, '404');
      assert.equal(r.audit.errorCode, 'ResourceNotFoundException');
    });
  }

  it('404 body names the resource; no scimType; application/json', () => {
    const r = call(svc('aws'), 'GET', '/Users/abc');
    assert.deepEqual(r.body, { schema: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: 'User abc not found.', status: '404' });
    assert.equal(r.response.headers?.['Content-Type'], 'application/json');
  });

  it('409 body: detail, exceptionRequestId, timeStamp from now', () => {
    const s = svc('aws');
    const u = createUser(s);
    const r = call(s, 'POST', '/Users', userBody({ userName: u.userName }), { now: new Date('2022-02-14T17:37:21.224Z') });
    assert.equal(r.status, 409);
    assert.equal(r.body.detail, 'Refused to create a new, duplicate resource.');
    assert.equal(r.body.status, '409');
    assert.equal(r.body.timeStamp, '2022-02-14 17:37:21.224');
    assert.match(r.body.exceptionRequestId, /^[0-9a-f-]{36}$/);
    assert.equal(r.body.scimType, undefined);
    assert.equal(r.body.schemas, undefined);
  });

  it('malformed JSON: the AWS 400 body', () => {
    assert400(call(svc('aws'), 'POST', '/Users', undefined, { bodyError: 'bad' }));
  });
});

describe('aws: filters', () => {
  const s = svc('aws');
  const m = createUser(s);
  const u = createUser(s, { externalId: 'x1', [ENT]: { manager: { value: m.id } } });
  const g = createGroup(s, 'Team', [u.id]);
  for (const [f, n] of [
    [`userName eq "${u.userName}"`, 1], ['externalId eq "x1"', 1], [`groups.value eq "${g.id}"`, 1],
    [`id eq "${u.id}" and manager eq "${m.id}"`, 1], [`id eq "${m.id}" and manager eq "${m.id}"`, 0],
  ] as const) {
    it(`users: ${f} → ${n}`, () => assert.equal(call(s, 'GET', `/Users?filter=${encodeURIComponent(f)}`).body.totalResults, n));
  }
  for (const [f, n] of [
    ['displayName eq "Team"', 1], [`id eq "${g.id}" and members eq "${u.id}"`, 1], [`members.value eq "${u.id}"`, 1], [`members eq "${m.id}"`, 0],
  ] as const) {
    it(`groups: ${f} → ${n}`, () => assert.equal(call(s, 'GET', `/Groups?filter=${encodeURIComponent(f)}`).body.totalResults, n));
  }
  for (const f of ['userName ne "a"', 'userName co "a"', 'userName sw "a"', 'userName pr', 'userName eq "a" or userName eq "b"',
    'displayName eq "x"', 'emails[type eq "work"].value eq "x"', 'not (userName eq "a")', 'userName eq 5', 'userName eq "a" and externalId eq "b"', 'userName eq']) {
    it(`users: ${f} is 400`, () => assert400(call(s, 'GET', `/Users?filter=${encodeURIComponent(f)}`)));
  }
  it('groups: another attribute is 400', () => assert400(call(s, 'GET', '/Groups?filter=externalId co "x"')));
});

describe('aws: paging', () => {
  const s = svc('aws');
  const ids: string[] = [];
  for (let i = 0; i < 230; i++) ids.push(createUser(s).id);

  it('at most 100 a page; count larger is clamped; startIndex ignored', () => {
    const r = call(s, 'GET', '/Users?startIndex=101&count=500').body;
    assert.equal(r.Resources.length, 100);
    assert.equal(r.itemsPerPage, 100);
    assert.equal(r.startIndex, 1);
    assert.equal(r.totalResults, 230);
    assert.equal(r.Resources[0].id, ids[0]);
    assert.equal(call(s, 'GET', '/Users').body.Resources.length, 100);
    assert.equal(call(s, 'GET', '/Users?count=2').body.Resources.length, 2);
  });

  it('count 0, negative or not a number is 400', () => {
    for (const c of ['0', '-1', 'x']) assert400(call(s, 'GET', `/Users?count=${c}`));
  });

  it('bare cursor walks every result exactly once, in insertion order, surviving deletions', () => {
    const seen: string[] = [];
    let r = call(s, 'GET', '/Users?cursor').body;
    assert.equal(r.totalResults, undefined);
    seen.push(...r.Resources.map((x: any) => x.id));
    // delete one already seen and one not yet seen: the walk still sees each remaining user once
    call(s, 'DELETE', `/Users/${ids[5]}`);
    call(s, 'DELETE', `/Users/${ids[150]}`);
    while (r.nextCursor) {
      r = call(s, 'GET', `/Users?cursor=${r.nextCursor}&count=70`).body;
      assert.ok(r.Resources.length <= 70);
      assert.equal(r.itemsPerPage, r.Resources.length);
      seen.push(...r.Resources.map((x: any) => x.id));
    }
    const expected = ids.filter((id) => id !== ids[150]);
    assert.deepEqual(seen, expected);
  });

  it('cursor with a filter; an invalid cursor is 400', () => {
    const g = createGroup(s, 'Many', ids.slice(10, 20));
    const gs = call(s, 'GET', `/Groups?cursor&filter=${encodeURIComponent(`members.value eq "${ids[12]}"`)}`).body;
    assert.deepEqual(gs.Resources.map((x: any) => x.id), [g.id]);
    assert.equal(gs.nextCursor, undefined);
    assert400(call(s, 'GET', '/Users?cursor=garbage'));
  });
});

describe('aws: groups', () => {
  it('groups are always returned with members: []', () => {
    const s = svc('aws');
    const u = createUser(s);
    const g = createGroup(s, 'G', [u.id]);
    assert.deepEqual(call(s, 'GET', `/Groups/${g.id}`).body.members, []);
    assert.deepEqual(call(s, 'GET', '/Groups').body.Resources[0].members, []);
    assert.deepEqual(memberIds(s, g.id), [u.id]);
    assert.equal(call(s, 'GET', `/Users/${u.id}`).body.groups, undefined);
  });

  it('create: at most 100 members', () => {
    const s = svc('aws');
    const ids = Array.from({ length: 101 }, () => createUser(s).id);
    assert400(call(s, 'POST', '/Groups', { displayName: 'Big', members: ids.map((value) => ({ value })) }));
    assert.equal(call(s, 'POST', '/Groups', { displayName: 'Big', members: ids.slice(0, 100).map((value) => ({ value })) }).status, 201);
  });

  it('patch: at most 100 membership changes; replace of members and remove-all are 400; PATCH answers 204', () => {
    const s = svc('aws');
    const ids = Array.from({ length: 102 }, () => createUser(s).id);
    const g = createGroup(s, 'G', [ids[0]!]);
    assert400(call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'add', path: 'members', value: ids.slice(1).map((value) => ({ value })) }), ));
    assert400(call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'add', path: 'members', value: ids.slice(1, 51).map((value) => ({ value })) }, { op: 'add', path: 'members', value: ids.slice(51).map((value) => ({ value })) })));
    assert.deepEqual(memberIds(s, g.id), [ids[0]]);
    const ok = call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'add', path: 'members', value: ids.slice(1, 100).map((value) => ({ value })) }));
    assert.equal(ok.status, 204);
    assert.equal(ok.response.body, undefined);
    assert400(call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'replace', path: 'members', value: [{ value: ids[0] }] })));
    assert400(call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'remove', path: 'members' })));
    assert400(call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'replace', value: { members: [] } })));
    assert.equal(memberIds(s, g.id).length, 100);
  });

  it('patch: only displayName, members, externalId; a value with id is 400', () => {
    const s = svc('aws');
    const g = createGroup(s, 'G');
    assert.equal(call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'replace', path: 'externalId', value: 'e' }, { op: 'replace', path: 'displayName', value: 'H' })).status, 204);
    assert400(call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'replace', value: { id: g.id, displayName: 'I' } })));
    assert400(call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'replace', path: 'meta', value: {} })));
    assert.equal(call(s, 'GET', `/Groups/${g.id}`).body.displayName, 'H');
  });
});

describe('aws: CreateUser / PutUser rules', () => {
  for (const [name, over] of [
    ['givenName', { name: { familyName: 'F' } }], ['familyName', { name: { givenName: 'G' } }], ['displayName', { displayName: undefined }],
  ] as const) {
    it(`missing ${name} is 400`, () => {
      const s = svc('aws');
      const b = userBody(over as Record<string, unknown>);
      assert400(call(s, 'POST', '/Users', JSON.parse(JSON.stringify(b))));
      assert.equal(s.counts().users, 0);
    });
  }

  for (const attr of ['emails', 'addresses', 'phoneNumbers', 'roles']) {
    it(`two ${attr} are 400 with "Currently list attributes only allow single item"`, () => {
      const s = svc('aws');
      const two = attr === 'emails' ? [{ value: 'a@example.com', primary: true }, { value: 'b@example.com' }]
        : attr === 'addresses' ? [{ locality: 'A' }, { locality: 'B' }] : [{ value: '1' }, { value: '2' }];
      assert400(call(s, 'POST', '/Users', userBody({ [attr]: two })), 'Currently list attributes only allow single item');
      const u = createUser(s);
      assert400(call(s, 'PUT', `/Users/${u.id}`, userBody({ userName: u.userName, [attr]: two })), 'Currently list attributes only allow single item');
      if (attr !== 'roles') assert400(call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'add', path: attr, value: two })), 'Currently list attributes only allow single item');
    });
  }

  it('three phone numbers (Entra default mapping) are refused; one is accepted', () => {
    const s = svc('aws');
    assert400(call(s, 'POST', '/Users', userBody({ phoneNumbers: [{ type: 'work', value: '1' }, { type: 'mobile', value: '2' }, { type: 'fax', value: '3' }] })));
    assert.equal(call(s, 'POST', '/Users', userBody({ phoneNumbers: [{ type: 'work', value: '1' }] })).status, 201);
  });

  it('the email must be primary', () => {
    assert400(call(svc('aws'), 'POST', '/Users', userBody({ emails: [{ value: 'a@example.com', type: 'work' }] })));
  });

  it('groups on create is 400', () => {
    assert400(call(svc('aws'), 'POST', '/Users', userBody({ groups: [] })));
  });

  for (const [name, over] of [
    ['ims', { ims: [{ value: 'x' }] }], ['photos', { photos: [{ value: 'https://example.com/p.png' }] }],
    ['x509Certificates', { x509Certificates: [{ value: 'MIIB' }] }], ['entitlements', { entitlements: [{ value: 'e' }] }],
    ['password', { password: 'secret1!' }], ['manager.displayName', { [ENT]: { manager: { value: 'm', displayName: 'Boss' } } }],
    ['emails.display', { emails: [{ value: 'a@example.com', primary: true, display: 'A' }] }],
    ['addresses.display', { addresses: [{ locality: 'X', display: 'X' }] }], ['phoneNumbers.display', { phoneNumbers: [{ value: '1', display: '1' }] }],
    ['roles.display', { roles: [{ value: 'r', display: 'R' }] }], ['an unknown attribute', { favouriteColour: 'blue' }],
  ] as const) {
    it(`unsupported: ${name} is 400`, () => {
      assert400(call(svc('aws'), 'POST', '/Users', userBody(over as Record<string, unknown>)));
    });
  }

  it('roles with value/type/primary are accepted', () => {
    assert.equal(call(svc('aws'), 'POST', '/Users', userBody({ roles: [{ value: 'r', type: 't', primary: true }] })).status, 201);
  });

  const fields: [string, (v: string) => Record<string, unknown>][] = [
    ['userName', (v) => ({ userName: `a${v}b` })], ['displayName', (v) => ({ displayName: `a${v}b` })], ['nickName', (v) => ({ nickName: `a${v}b` })],
    ['title', (v) => ({ title: `a${v}b` })], ['name.givenName', (v) => ({ name: { givenName: `a${v}b`, familyName: 'F' } })],
    ['name.familyName', (v) => ({ name: { givenName: 'G', familyName: `a${v}b` } })], ['name.middleName', (v) => ({ name: { givenName: 'G', familyName: 'F', middleName: `a${v}b` } })],
    ['addresses.streetAddress', (v) => ({ addresses: [{ streetAddress: `1${v} Main` }] })], ['addresses.locality', (v) => ({ addresses: [{ locality: `x${v}` }] })],
  ];
  for (const [field, make] of fields) {
    it(`characters < > ; : % tab LF CR in ${field} are 400`, () => {
      const s = svc('aws');
      for (const ch of ['<', '>', ';', ':', '%', '\t', '\n', '\r']) assert400(call(s, 'POST', '/Users', userBody(make(ch))));
      assert.equal(s.counts().users, 0);
      assert.equal(call(s, 'POST', '/Users', userBody(make('-'))).status, 201);
    });
  }

  it('":" is fine in emails and profileUrl', () => {
    assert.equal(call(svc('aws'), 'POST', '/Users', userBody({ profileUrl: 'https://example.com/u', emails: [{ value: 'a:b@example.com', primary: true }] })).status, 201);
  });

  it('an empty string in any synced attribute is 400 (Okta partial address)', () => {
    const s = svc('aws');
    assert400(call(s, 'POST', '/Users', userBody({ addresses: [{ streetAddress: '1 Main St', locality: '', region: 'CA', postalCode: '94000', country: 'US', type: 'work' }] })));
    assert400(call(s, 'POST', '/Users', userBody({ nickName: '' })));
    assert400(call(s, 'POST', '/Users', userBody({ [ENT]: { department: '' } })));
    assert.equal(call(s, 'POST', '/Users', userBody({ addresses: [{ streetAddress: '1 Main St', locality: 'SF', region: 'CA', postalCode: '94000', country: 'US', type: 'work' }] })).status, 201);
    assert.equal(call(s, 'POST', '/Users', userBody({ addresses: [{ type: 'work' }] })).status, 201); // ssosync
  });

  it('a primary email already used by another user is 409 (AP-USER-06)', () => {
    const s = svc('aws');
    const u = createUser(s);
    const r = call(s, 'POST', '/Users', userBody({ emails: [{ value: u.emails[0].value.toUpperCase(), primary: true }] }));
    assert.equal(r.status, 409);
    assert.equal(r.audit.errorCode, 'ConflictException');
    const v = createUser(s);
    assert.equal(call(s, 'PATCH', `/Users/${v.id}`, patchBody({ op: 'replace', path: 'emails[type eq "work"].value', value: u.emails[0].value })).status, 409);
  });
});

describe('aws: PatchUser rules', () => {
  it('remove of userName or active is 400; remove of title works', () => {
    const s = svc('aws');
    const u = createUser(s, { title: 'T' });
    assert400(call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'remove', path: 'userName' })));
    assert400(call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'remove', path: 'active' })));
    assert.equal(call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'remove', path: 'title' })).body.title, undefined);
  });

  it('two operations on userName or active in one request are 400; one is fine', () => {
    const s = svc('aws');
    const u = createUser(s);
    assert400(call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'active', value: false }, { op: 'replace', path: 'userName', value: 'z@example.com' })));
    assert400(call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'active', value: false }, { op: 'replace', value: { active: true } })));
    assert.equal(call(s, 'GET', `/Users/${u.id}`).body.active, true);
    assert.equal(call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'active', value: false }, { op: 'replace', path: 'title', value: 'x' })).status, 200);
  });

  it('path filters allow eq only', () => {
    const s = svc('aws');
    const u = createUser(s);
    assert400(call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'emails[type ne "home"].value', value: 'a@example.com' })));
    assert400(call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'emails[type sw "w"].value', value: 'a@example.com' })));
  });

  it('unsupported and unmodifiable attributes are 400 (roles, password, ims, groups)', () => {
    const s = svc('aws');
    const u = createUser(s);
    for (const op of [
      { op: 'add', path: 'roles', value: [{ value: 'r' }] }, { op: 'replace', value: { password: 'x' } },
      { op: 'add', path: 'ims', value: [{ value: 'x' }] }, { op: 'add', path: 'groups', value: [{ value: 'x' }] },
      { op: 'replace', path: 'emails[type eq "work"].display', value: 'x' }, { op: 'replace', path: 'nickName', value: '' },
      { op: 'replace', path: 'name.givenName', value: 'a<b' },
    ]) assert400(call(s, 'PATCH', `/Users/${u.id}`, patchBody(op)));
  });

  it('removing a required name part through PATCH is 400', () => {
    const s = svc('aws');
    const u = createUser(s);
    assert400(call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'remove', path: 'name.givenName' })));
  });
});
