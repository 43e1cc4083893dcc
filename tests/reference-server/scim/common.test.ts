// Behaviour shared by both profiles (aws and rfc), including the IdP quirks every real IdP needs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE, ENT, call, createGroup, createUser, memberIds, patchBody, svc, userBody } from './helpers.ts';

for (const profile of ['aws', 'rfc'] as const) {
  describe(`${profile}: users`, () => {
    it('POST returns 201, id, meta and a Location equal to meta.location', () => {
      const s = svc(profile);
      const r = call(s, 'POST', '/Users', userBody());
      assert.equal(r.status, 201);
      assert.match(r.body.id, /^[0-9a-f-]{36}$/);
      assert.equal(r.body.meta.resourceType, 'User');
      assert.equal(r.body.meta.location, `${BASE}/Users/${r.body.id}`);
      assert.equal(r.response.headers?.Location, r.body.meta.location);
      assert.ok(r.body.meta.created && r.body.meta.lastModified);
      // meta.version is the ETag: the rfc profile supports ETags, AWS sends none
      assert.equal('version' in r.body.meta, profile === 'rfc');
      assert.equal(r.audit.eventName, 'CreateUser');
      assert.equal(r.response.headers?.['Content-Type'], profile === 'aws' ? 'application/json' : 'application/scim+json');
    });

    it('GET by id, and 404 for an unknown id', () => {
      const s = svc(profile);
      const u = createUser(s);
      const r = call(s, 'GET', `/Users/${u.id}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.userName, u.userName);
      const nf = call(s, 'GET', '/Users/nope');
      assert.equal(nf.status, 404);
      assert.equal(nf.audit.errorCode, 'ResourceNotFoundException');
      assert.equal(nf.body.status, '404');
    });

    it('DELETE is 204, then 404, again 404', () => {
      const s = svc(profile);
      const u = createUser(s);
      assert.equal(call(s, 'DELETE', `/Users/${u.id}`).status, 204);
      assert.equal(call(s, 'GET', `/Users/${u.id}`).status, 404);
      assert.equal(call(s, 'DELETE', `/Users/${u.id}`).status, 404);
    });

    it('delete and recreate with the same userName gives a new id', () => {
      const s = svc(profile);
      const b = userBody();
      const a = call(s, 'POST', '/Users', b).body;
      call(s, 'DELETE', `/Users/${a.id}`);
      const c = call(s, 'POST', '/Users', b);
      assert.equal(c.status, 201);
      assert.notEqual(c.body.id, a.id);
    });

    it('a duplicate userName, in another case, is 409', () => {
      const s = svc(profile);
      const u = createUser(s);
      const r = call(s, 'POST', '/Users', userBody({ userName: u.userName.toUpperCase() }));
      assert.equal(r.status, 409);
      assert.equal(r.audit.errorCode, 'ConflictException');
      assert.equal(s.counts().users, 1);
    });

    it('a missing userName is 400 and nothing is stored', () => {
      const s = svc(profile);
      const b = userBody(); delete b.userName;
      const r = call(s, 'POST', '/Users', b);
      assert.equal(r.status, 400);
      assert.equal(r.audit.errorCode, 'ValidationException');
      assert.equal(s.counts().users, 0);
    });

    it('malformed JSON is 400', () => {
      const s = svc(profile);
      const r = call(s, 'POST', '/Users', undefined, { bodyError: 'Unexpected token } in JSON' });
      assert.equal(r.status, 400);
      if (profile === 'rfc') assert.equal(r.body.scimType, 'invalidSyntax');
    });

    for (const [name, over] of [
      ['userName a number', { userName: 5 }], ['emails a string', { emails: 'x' }], ['active "maybe"', { active: 'maybe' }],
      ['name a string', { name: 'Ada' }], ['body an array', null],
    ] as const) {
      it(`wrong types are 400, never 5xx: ${name}`, () => {
        const s = svc(profile);
        const r = call(s, 'POST', '/Users', over === null ? [userBody()] : userBody(over as Record<string, unknown>));
        assert.equal(r.status, 400);
        assert.equal(s.counts().users, 0);
      });
    }

    it('PUT replaces; id/meta/groups echoed by Okta are accepted and ignored', () => {
      const s = svc(profile);
      const u = createUser(s);
      const g = createGroup(s, 'G1', [u.id]);
      const got = call(s, 'GET', `/Users/${u.id}`).body;
      const r = call(s, 'PUT', `/Users/${u.id}`, { ...got, displayName: 'Changed', groups: [{ value: g.id }] });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.displayName, 'Changed');
      assert.equal(r.body.id, u.id);
      assert.deepEqual(memberIds(s, g.id), [u.id]);
      assert.equal(r.audit.eventName, 'PutUser');
    });

    it('PUT with another id in the body is 400', () => {
      const s = svc(profile);
      const u = createUser(s);
      assert.equal(call(s, 'PUT', `/Users/${u.id}`, userBody({ id: 'other' })).status, 400);
    });

    it('PUT to an unknown id is 404', () => {
      assert.equal(call(svc(profile), 'PUT', '/Users/nope', userBody()).status, 404);
    });

    it('renaming keeps the id and the memberships', () => {
      const s = svc(profile);
      const u = createUser(s);
      const g = createGroup(s, 'G1', [u.id]);
      const r = call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'userName', value: 'renamed@example.com' }));
      assert.equal(r.status, 200);
      assert.equal(r.body.id, u.id);
      assert.deepEqual(memberIds(s, g.id), [u.id]);
      assert.equal(call(s, 'GET', '/Users?filter=userName eq "RENAMED@example.com"').body.totalResults, 1);
      assert.equal(call(s, 'GET', `/Users?filter=userName eq "${u.userName}"`).body.totalResults, 0);
    });

    it('deleting a user removes it from every group', () => {
      const s = svc(profile);
      const u = createUser(s); const v = createUser(s);
      const g1 = createGroup(s, 'G1', [u.id, v.id]); const g2 = createGroup(s, 'G2', [u.id]);
      call(s, 'DELETE', `/Users/${u.id}`);
      assert.deepEqual(memberIds(s, g1.id), [v.id]);
      assert.deepEqual(memberIds(s, g2.id), []);
      assert.equal(call(s, 'GET', `/Groups?filter=members.value eq "${u.id}"`).body.totalResults, 0);
    });

    it('lookups: userName eq is case-insensitive; externalId eq is exact; no match is 200 with 0 results', () => {
      const s = svc(profile);
      const u = createUser(s, { externalId: 'Ext-1' });
      assert.equal(call(s, 'GET', `/Users?filter=userName+eq+"${u.userName.toUpperCase()}"`).body.totalResults, 1);
      assert.equal(call(s, 'GET', '/Users?filter=externalId eq "Ext-1"').body.totalResults, 1);
      assert.equal(call(s, 'GET', '/Users?filter=externalId eq "ext-1"').body.totalResults, 0);
      const none = call(s, 'GET', '/Users?filter=userName eq "7d420df3-0000-4000-8000-000000000000"');
      assert.equal(none.status, 200);
      assert.equal(none.body.totalResults, 0);
      assert.deepEqual(none.body.Resources, []);
    });

    it('an invalid filter is 400', () => {
      const s = svc(profile);
      assert.equal(call(s, 'GET', '/Users?filter=userName eq').status, 400);
      assert.equal(call(s, 'GET', '/Users?filter=(userName eq "a"').status, 400);
      assert.equal(call(s, 'GET', '/Users?filter=nosuchattr eq "a"').status, 400);
    });

    it('unknown and empty query parameters are ignored (Entra flag, OneLogin trailing & and ?)', () => {
      const s = svc(profile);
      const u = createUser(s);
      assert.equal(call(s, 'GET', `/Users?aadOptscim062020&filter=userName+eq+%22${encodeURIComponent(u.userName)}%22&`).body.totalResults, 1);
      assert.equal(call(s, 'GET', '/Users?startIndex=1&count=2').status, 200);
      assert.equal(call(s, 'PUT', `/Users/${u.id}?`, userBody({ userName: u.userName })).status, 200);
      assert.equal(call(s, 'GET', '/Groups?startIndex=1&count=100').status, 200);
    });
  });

  describe(`${profile}: PATCH dialects`, () => {
    it('capitalised ops, string booleans and filtered paths (Entra legacy)', () => {
      const s = svc(profile);
      const u = createUser(s);
      const r = call(s, 'PATCH', `/Users/${u.id}`, patchBody(
        { op: 'Replace', path: 'displayName', value: 'Pvlo' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@example.com' },
        { op: 'Replace', path: 'name.givenName', value: 'G' },
        { op: 'Replace', path: 'externalId', value: 'E' },
        { op: 'Replace', path: `${ENT}:employeeNumber`, value: 'E42' },
      ));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const g = call(s, 'GET', `/Users/${u.id}`).body;
      assert.equal(g.displayName, 'Pvlo');
      assert.deepEqual(g.emails, [{ value: 'new@example.com', type: 'work', primary: true }]);
      assert.equal(g.name.givenName, 'G');
      assert.equal(g.externalId, 'E');
      assert.equal(g[ENT].employeeNumber, 'E42');
    });

    it('disable with "False" stores a real boolean; "True" re-enables', () => {
      const s = svc(profile);
      const u = createUser(s);
      call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'Replace', path: 'active', value: 'False' }));
      assert.equal(call(s, 'GET', `/Users/${u.id}`).body.active, false);
      call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'Add', path: 'active', value: 'True' }));
      assert.equal(call(s, 'GET', `/Users/${u.id}`).body.active, true);
    });

    it('"primary":"true" strings in lists are stored as booleans', () => {
      const s = svc(profile);
      const u = createUser(s, { emails: [{ value: 'p@example.com', type: 'work', primary: 'true' }] });
      assert.equal(u.emails[0].primary, true);
    });

    it('adding through a filter to an attribute that does not exist yet creates the element', () => {
      const s = svc(profile);
      const u = createUser(s);
      const r = call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '+1 555 0100' }));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(call(s, 'GET', `/Users/${u.id}`).body.phoneNumbers, [{ type: 'work', value: '+1 555 0100' }]);
    });

    it('aadOptscim062020: path-less op with dotted and URN keys', () => {
      const s = svc(profile);
      const u = createUser(s);
      const r = call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', value: { displayName: 'D', 'name.givenName': 'GG', 'name.familyName': 'FF', [`${ENT}:employeeNumber`]: '7' } }));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const g = call(s, 'GET', `/Users/${u.id}`).body;
      assert.deepEqual([g.displayName, g.name.givenName, g.name.familyName, g[ENT].employeeNumber], ['D', 'GG', 'FF', '7']);
    });

    it("Okta's path-less {active:false} deactivates; {active:true} reactivates with the same id", () => {
      const s = svc(profile);
      const u = createUser(s);
      call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', value: { active: false } }));
      assert.equal(call(s, 'GET', `/Users/${u.id}`).body.active, false);
      const r = call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', value: { active: true } }));
      assert.equal(r.body.active, true);
      assert.equal(r.body.id, u.id);
    });

    it('Entra manager as a bare string is stored as {value}', () => {
      const s = svc(profile);
      const m = createUser(s); const u = createUser(s);
      const r = call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'add', path: `${ENT}:manager`, value: m.id }));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(call(s, 'GET', `/Users/${u.id}`).body[ENT].manager, { value: m.id });
    });

    it('Entra legacy member removal removes only the listed members (ENTRA-PATCH-04)', () => {
      const s = svc(profile);
      const [a, b, c] = [createUser(s), createUser(s), createUser(s)];
      const g = createGroup(s, 'G', [a.id, b.id, c.id]);
      const r = call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'Remove', path: 'members', value: [{ value: b.id }] }));
      assert.ok(r.status === 200 || r.status === 204);
      assert.deepEqual(memberIds(s, g.id), [a.id, c.id].sort());
    });

    it("Okta's filtered removal and added members with display; {$ref:null} members", () => {
      const s = svc(profile);
      const [a, b, c] = [createUser(s), createUser(s), createUser(s)];
      const g = createGroup(s, 'G', [a.id]);
      const r = call(s, 'PATCH', `/Groups/${g.id}`, patchBody(
        { op: 'remove', path: `members[value eq "${a.id}"]` },
        { op: 'add', path: 'members', value: [{ value: b.id, display: 'b@example.com' }] },
        { op: 'Add', path: 'members', value: [{ $ref: null, value: c.id }] },
      ));
      assert.ok(r.status === 200 || r.status === 204, JSON.stringify(r.body));
      assert.deepEqual(memberIds(s, g.id), [b.id, c.id].sort());
    });

    it('group rename by PATCH', () => {
      const s = svc(profile);
      const g = createGroup(s, 'Old');
      call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'Replace', path: 'displayName', value: 'New' }));
      assert.equal(call(s, 'GET', `/Groups/${g.id}`).body.displayName, 'New');
    });

    it('adding an unknown member is 400 and nothing changes', () => {
      const s = svc(profile);
      const a = createUser(s);
      const g = createGroup(s, 'G');
      const r = call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: a.id }, { value: 'ghost' }] }));
      assert.equal(r.status, 400);
      assert.deepEqual(memberIds(s, g.id), []);
    });

    it('PATCH is atomic: a failing later operation leaves everything unchanged', () => {
      const s = svc(profile);
      const u = createUser(s);
      const before = call(s, 'GET', `/Users/${u.id}`).body;
      const r = call(s, 'PATCH', `/Users/${u.id}`, patchBody(
        { op: 'replace', path: 'displayName', value: 'Changed' },
        { op: 'replace', path: 'active', value: 'maybe' },
      ));
      assert.equal(r.status, 400);
      assert.deepEqual(call(s, 'GET', `/Users/${u.id}`).body, before);
    });

    it('PATCH refusals: bad op, remove without path, add without value, unknown path', () => {
      const s = svc(profile);
      const u = createUser(s);
      for (const op of [{ op: 'move', path: 'title', value: 'x' }, { op: 'remove' }, { op: 'add', path: 'title' }, { path: 'title', value: 'x' }, { op: 'replace', path: 'nosuch', value: 'x' }]) {
        assert.equal(call(s, 'PATCH', `/Users/${u.id}`, patchBody(op)).status, 400, JSON.stringify(op));
      }
      assert.equal(call(s, 'PATCH', `/Users/${u.id}`, { Operations: 'x' }).status, 400);
      assert.equal(call(s, 'PATCH', '/Users/nope', patchBody({ op: 'replace', path: 'title', value: 'x' })).status, 404);
    });

    it('OneLogin template URNs are aliases of the standard ones', () => {
      const s = svc(profile);
      const b = userBody();
      const r = call(s, 'POST', '/Users', {
        ...b, schemas: ['urn:scim:schemas:core:2.0', 'urn:scim:schemas:extension:enterprise:2.0'],
        'urn:scim:schemas:extension:enterprise:2.0': { department: 'R&D' },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body) + JSON.stringify(r.audit));
      assert.equal(r.body[ENT].department, 'R&D');
    });
  });

  describe(`${profile}: groups`, () => {
    it('create, get, list, delete; a duplicate displayName (any case) is 409; a missing one 400', () => {
      const s = svc(profile);
      const g = createGroup(s, 'Engineers');
      assert.equal(call(s, 'GET', `/Groups/${g.id}`).status, 200);
      assert.equal(call(s, 'POST', '/Groups', { displayName: 'ENGINEERS' }).status, 409);
      assert.equal(call(s, 'POST', '/Groups', { members: [] }).status, 400);
      assert.equal(call(s, 'GET', '/Groups?filter=displayName eq "engineers"').body.totalResults, 1);
      assert.equal(call(s, 'DELETE', `/Groups/${g.id}`).status, 204);
      assert.equal(call(s, 'GET', `/Groups/${g.id}`).status, 404);
      assert.equal(call(s, 'DELETE', `/Groups/${g.id}`).status, 404);
    });

    it('Entra group create with the ADSCIM schema URN and meta; excludedAttributes=members is answered', () => {
      const s = svc(profile);
      const r = call(s, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'], externalId: 'oid', displayName: 'Sales', meta: { resourceType: 'Group' } });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const g = call(s, 'GET', `/Groups/${r.body.id}?excludedAttributes=members`);
      assert.equal(g.status, 200);
      assert.equal(g.body.displayName, 'Sales');
      assert.equal(call(s, 'GET', '/Groups?excludedAttributes=members&filter=displayName eq "Sales"').body.totalResults, 1);
    });

    it('membership read with id eq G and members eq U, and with members.value eq U', () => {
      const s = svc(profile);
      const [a, b] = [createUser(s), createUser(s)];
      const g = createGroup(s, 'G', [a.id]); const h = createGroup(s, 'H', [a.id, b.id]);
      assert.equal(call(s, 'GET', `/Groups?filter=id eq "${g.id}" and members eq "${a.id}"`).body.totalResults, 1);
      assert.equal(call(s, 'GET', `/Groups?filter=id eq "${g.id}" and members eq "${b.id}"`).body.totalResults, 0);
      const of = call(s, 'GET', `/Groups?filter=members.value eq "${a.id}"`).body;
      assert.deepEqual(of.Resources.map((x: any) => x.id), [g.id, h.id]);
    });
  });

  describe(`${profile}: discovery`, () => {
    it('ServiceProviderConfig, ResourceTypes and Schemas are served', () => {
      const s = svc(profile);
      const spc = call(s, 'GET', '/ServiceProviderConfig');
      assert.equal(spc.status, 200);
      assert.equal(spc.body.patch.supported, true);
      assert.equal(spc.body.changePassword.supported, false);
      assert.equal(spc.body.authenticationSchemes[0].type, 'oauthbearertoken');
      assert.equal(spc.body.bulk.supported, profile === 'rfc');
      assert.equal(spc.body.sort.supported, profile === 'rfc');
      assert.equal(spc.body.etag.supported, profile === 'rfc');
      assert.equal(spc.body.filter.maxResults, profile === 'aws' ? 100 : 1000);
      const rts = call(s, 'GET', '/ResourceTypes').body;
      assert.deepEqual(rts.Resources.map((r: any) => r.name), ['User', 'Group']);
      assert.equal(call(s, 'GET', '/ResourceTypes/User').body.schemaExtensions[0].schema, ENT);
      assert.equal(call(s, 'GET', '/ResourceTypes/Nope').status, 404);
      const sch = call(s, 'GET', '/Schemas').body;
      assert.equal(sch.totalResults, 3);
      const user = call(s, 'GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User');
      assert.equal(user.status, 200);
      assert.equal(user.body.attributes.find((a: any) => a.name === 'userName').required, true);
      assert.equal(call(s, 'GET', '/Schemas/urn:nope').status, 404);
      assert.equal(call(s, 'GET', '/Schemas').audit.eventName, 'ListSchemas');
    });

    it('unknown endpoints are 404', () => {
      const s = svc(profile);
      const r = call(s, 'GET', '/Nope');
      assert.equal(r.status, 404);
      assert.equal(r.audit.eventName, 'Unknown');
    });
  });
}
