// Each engine-level fault is an explicit deviation, off by default.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call, createGroup, createUser, memberIds, patchBody, svc, userBody } from './helpers.ts';

describe('faults', () => {
  it('accept-multiple-values: aws stores two emails', () => {
    const two = { emails: [{ value: 'a@example.com', primary: true }, { value: 'b@example.com' }] };
    assert.equal(call(svc('aws'), 'POST', '/Users', userBody(two)).status, 400);
    assert.equal(call(svc('aws', ['accept-multiple-values']), 'POST', '/Users', userBody(two)).status, 201);
  });

  for (const profile of ['aws', 'rfc'] as const) {
    it(`${profile} duplicate-username-200: answers 200 with the existing user`, () => {
      const s = svc(profile, ['duplicate-username-200']);
      const u = createUser(s);
      const r = call(s, 'POST', '/Users', userBody({ userName: u.userName }));
      assert.equal(r.status, 200);
      assert.equal(r.body.id, u.id);
      assert.equal(s.counts().users, 1);
    });

    it(`${profile} ignore-count: every result on one page`, () => {
      const s = svc(profile, ['ignore-count']);
      for (let i = 0; i < 120; i++) createUser(s);
      assert.equal(call(s, 'GET', '/Users?count=2').body.Resources.length, 120);
      assert.equal(call(s, 'GET', '/Users').body.Resources.length, 120);
    });

    it(`${profile} legacy-member-remove-all: the valued removal empties the group`, () => {
      const s = svc(profile, ['legacy-member-remove-all']);
      const [a, b] = [createUser(s), createUser(s)];
      const g = createGroup(s, 'G', [a.id, b.id]);
      call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'Remove', path: 'members', value: [{ value: a.id }] }));
      assert.deepEqual(memberIds(s, g.id), []);
    });

    it(`${profile} delete-emptied-groups: removing the last member deletes the group`, () => {
      const s = svc(profile, ['delete-emptied-groups']);
      const [a, b] = [createUser(s), createUser(s)];
      const g = createGroup(s, 'G', [a.id]);
      const h = createGroup(s, 'H', [b.id]);
      call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'remove', path: `members[value eq "${a.id}"]` }));
      assert.equal(call(s, 'GET', `/Groups/${g.id}`).status, 404);
      call(s, 'DELETE', `/Users/${b.id}`);
      assert.equal(call(s, 'GET', `/Groups/${h.id}`).status, 404);
      const e = createGroup(s, 'Empty');
      assert.equal(call(s, 'GET', `/Groups/${e.id}`).status, 200);
    });

    it(`${profile} patch-not-atomic: earlier operations are kept`, () => {
      const s = svc(profile, ['patch-not-atomic']);
      const u = createUser(s);
      const r = call(s, 'PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'displayName', value: 'Kept' }, { op: 'replace', path: 'active', value: 'maybe' }));
      assert.equal(r.status, 400);
      assert.equal(call(s, 'GET', `/Users/${u.id}`).body.displayName, 'Kept');
    });

    it(`${profile}: no fault is on by default`, () => {
      const s = svc(profile);
      const [a, b] = [createUser(s), createUser(s)];
      const g = createGroup(s, 'G', [a.id, b.id]);
      call(s, 'PATCH', `/Groups/${g.id}`, patchBody({ op: 'Remove', path: 'members', value: [{ value: a.id }] }));
      assert.deepEqual(memberIds(s, g.id), [b.id]);
      assert.equal(call(s, 'POST', '/Users', userBody({ userName: a.userName })).status, 409);
    });
  }
});
