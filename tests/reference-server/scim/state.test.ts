// RFC-STATE-01 / RFC-PATCH-02: after every 4xx the stored state is exactly what it was before.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ENT, call, patchBody, svc } from './helpers.ts';

const strings = fc.constantFrom('a', 'Ada', '', 'x<y', 'a:b', 'tab\there', 'same@example.com', 'SAME@example.com', 'b@example.com');
const anyValue = fc.oneof(strings, fc.boolean(), fc.constantFrom('True', 'False', 'maybe', 5, null, [], {}, [{ value: 'x' }]));

const userBodyArb = fc.record({
  userName: fc.oneof(strings, fc.constant(5)),
  name: fc.option(fc.record({ givenName: strings, familyName: strings }), { nil: undefined }),
  displayName: fc.option(strings, { nil: undefined }),
  emails: fc.option(fc.array(fc.record({ value: strings, primary: fc.oneof(fc.boolean(), fc.constant('true')) }), { maxLength: 2 }), { nil: undefined }),
  phoneNumbers: fc.option(fc.array(fc.record({ value: strings }), { maxLength: 2 }), { nil: undefined }),
  active: fc.option(anyValue, { nil: undefined }),
  ims: fc.option(fc.constant([{ value: 'x' }]), { nil: undefined }),
}, { requiredKeys: ['userName'] });

const pathArb = fc.constantFrom('displayName', 'active', 'userName', 'name.givenName', 'emails', 'emails[type eq "work"].value',
  'emails[value co "x"]', `${ENT}:employeeNumber`, `${ENT}:manager`, 'nosuch', 'id', 'groups', 'members', 'members[value eq "U0"]', 'externalId');
const opArb = fc.record({ op: fc.constantFrom('add', 'replace', 'remove', 'Replace', 'move'), path: fc.option(pathArb, { nil: undefined }), value: fc.option(anyValue, { nil: undefined }) });

type Action =
  | { t: 'createUser'; body: unknown } | { t: 'putUser'; i: number; body: unknown } | { t: 'patchUser'; i: number; ops: unknown[] }
  | { t: 'createGroup'; name: string; members: number[] } | { t: 'patchGroup'; i: number; ops: unknown[] } | { t: 'delete'; i: number; group: boolean };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  userBodyArb.map((body) => ({ t: 'createUser' as const, body })),
  fc.tuple(fc.nat(5), userBodyArb).map(([i, body]) => ({ t: 'putUser' as const, i, body })),
  fc.tuple(fc.nat(5), fc.array(opArb, { minLength: 1, maxLength: 3 })).map(([i, ops]) => ({ t: 'patchUser' as const, i, ops })),
  fc.tuple(strings, fc.array(fc.nat(6), { maxLength: 3 })).map(([name, members]) => ({ t: 'createGroup' as const, name, members })),
  fc.tuple(fc.nat(3), fc.array(opArb, { minLength: 1, maxLength: 3 })).map(([i, ops]) => ({ t: 'patchGroup' as const, i, ops })),
  fc.tuple(fc.nat(6), fc.boolean()).map(([i, group]) => ({ t: 'delete' as const, i, group })),
);

/** Replaces the placeholder "U<n>" by the id of the n-th user. */
function fill(v: unknown, users: string[]): unknown {
  return JSON.parse(JSON.stringify(v ?? null).replace(/"U(\d)"|\\"U(\d)\\"/g, (m, a, b) => {
    const id = users[Number(a ?? b)] ?? 'missing';
    return a !== undefined ? `"${id}"` : `\\"${id}\\"`;
  }));
}

for (const profile of ['aws', 'rfc'] as const) {
  describe(`${profile}: state is unchanged after every 4xx`, () => {
    it('random request sequences', () => {
      fc.assert(fc.property(fc.array(actionArb, { minLength: 1, maxLength: 25 }), (actions) => {
        const s = svc(profile);
        // a valid base population
        for (let i = 0; i < 3; i++) call(s, 'POST', '/Users', { userName: `base${i}@example.com`, name: { givenName: 'G', familyName: 'F' }, displayName: `Base ${i}`, emails: [{ value: `base${i}@example.com`, primary: true }] });
        for (const a of actions) {
          const users = s.users().map((u) => u.id).reverse();
          const groups = s.groups().map((g) => g.id).reverse();
          const before = JSON.stringify(s.snapshot());
          let r;
          switch (a.t) {
            case 'createUser': r = call(s, 'POST', '/Users', a.body); break;
            case 'putUser': r = call(s, 'PUT', `/Users/${users[a.i] ?? 'missing'}`, a.body); break;
            case 'patchUser': r = call(s, 'PATCH', `/Users/${users[a.i] ?? 'missing'}`, patchBody(...(fill(a.ops, users) as unknown[]))); break;
            case 'createGroup': r = call(s, 'POST', '/Groups', { displayName: a.name, members: a.members.map((n) => ({ value: users[n] ?? 'missing' })) }); break;
            case 'patchGroup': r = call(s, 'PATCH', `/Groups/${groups[a.i] ?? 'missing'}`, patchBody(...(fill(a.ops, users) as unknown[]))); break;
            case 'delete': r = call(s, 'DELETE', `/${a.group ? 'Groups' : 'Users'}/${(a.group ? groups : users)[a.i] ?? 'missing'}`); break;
          }
          assert.ok(r.status < 500, `5xx for ${JSON.stringify(a)}: ${JSON.stringify(r.body)} ${JSON.stringify(r.audit)}`);
          if (r.status >= 400) assert.equal(JSON.stringify(s.snapshot()), before, `state changed after ${r.status} for ${JSON.stringify(a)}`);
        }
      }), { numRuns: 150 });
    });
  });
}

describe('snapshot / restore', () => {
  it('restore() rebuilds the store and its indexes', () => {
    const s = svc('rfc');
    const u = call(s, 'POST', '/Users', { userName: 'Snap@example.com', externalId: 'e1' }).body;
    const g = call(s, 'POST', '/Groups', { displayName: 'SnapG', members: [{ value: u.id }] }).body;
    const t = svc('rfc');
    t.restore(JSON.parse(JSON.stringify(s.snapshot())));
    assert.equal(call(t, 'GET', '/Users?filter=userName eq "snap@example.com"').body.totalResults, 1);
    assert.equal(call(t, 'GET', `/Groups?filter=members.value eq "${u.id}"`).body.Resources[0].id, g.id);
    assert.equal(call(t, 'POST', '/Users', { userName: 'SNAP@example.com' }).status, 409);
    assert.deepEqual(t.counts(), { users: 1, groups: 1 });
    const v = call(t, 'POST', '/Users', { userName: 'after@example.com' }).body;
    assert.deepEqual(call(t, 'GET', '/Users').body.Resources.map((x: any) => x.id), [u.id, v.id]);
  });
});

for (const profile of ['aws', 'rfc'] as const) {
  describe(`${profile}: never a 5xx for client input`, () => {
    it('arbitrary JSON bodies, paths and query strings', () => {
      const s = svc(profile);
      const u = call(s, 'POST', '/Users', { userName: 'fuzz@example.com', name: { givenName: 'G', familyName: 'F' }, displayName: 'Fuzz', emails: [{ value: 'fuzz@example.com', primary: true }] }).body;
      const g = call(s, 'POST', '/Groups', { displayName: 'FuzzG', members: [{ value: u.id }] }).body;
      const paths = ['/Users', `/Users/${u.id}`, '/Groups', `/Groups/${g.id}`, '/Bulk', '/.search', '/Users/.search', '/Schemas/x'];
      fc.assert(fc.property(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'), fc.constantFrom(...paths), fc.anything(),
        fc.string(), fc.constantFrom('filter', 'count', 'startIndex', 'cursor', 'sortBy', 'attributes', 'excludedAttributes'),
        (method, path, body, qv, qk) => {
          const before = JSON.stringify(s.snapshot());
          const r = call(s, method === 'DELETE' ? 'GET' : method, `${path}?${qk}=${encodeURIComponent(qv)}`, body);
          assert.ok(r.status < 500, `${method} ${path} ${JSON.stringify(body)} → ${r.status} ${JSON.stringify(r.body)}`);
          if (r.status >= 400) assert.equal(JSON.stringify(s.snapshot()), before);
        }), { numRuns: 400 });
      fc.assert(fc.property(fc.array(fc.record({ op: fc.oneof(fc.constantFrom('add', 'replace', 'remove'), fc.anything()), path: fc.oneof(fc.string(), fc.constantFrom('emails[type eq "work"].value', 'members[value eq "x"]', 'name.givenName', 'emails[', 'a]b', 'emails[type eq "w"].nope')), value: fc.anything() }, { requiredKeys: [] }), { maxLength: 3 }),
        (ops) => {
          for (const path of [`/Users/${u.id}`, `/Groups/${g.id}`]) {
            const before = JSON.stringify(s.snapshot());
            const r = call(s, 'PATCH', path, patchBody(...ops));
            assert.ok(r.status < 500, `PATCH ${path} ${JSON.stringify(ops)} → ${JSON.stringify(r.body)}`);
            if (r.status >= 400) assert.equal(JSON.stringify(s.snapshot()), before);
          }
        }), { numRuns: 300 });
    });
  });
}
