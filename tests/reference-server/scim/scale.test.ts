// Lookups stay O(1) as the store grows: indexed filters answer in constant time, cursors walk once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call, createGroup, svc } from './helpers.ts';

describe('scale', () => {
  it('20k users: indexed lookups are fast, a big group answers membership filters without a scan', () => {
    const s = svc('aws');
    const ids: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const r = call(s, 'POST', '/Users', { userName: `s${i}@example.com`, externalId: `x${i}`, name: { givenName: 'G', familyName: 'F' }, displayName: `S ${i}`, emails: [{ value: `s${i}@example.com`, primary: true }] });
      ids.push(r.body.id);
    }
    const g = createGroup(s, 'All', ids.slice(0, 100));
    for (let i = 100; i < 20000; i += 100) call(s, 'PATCH', `/Groups/${g.id}`, { Operations: [{ op: 'add', path: 'members', value: ids.slice(i, i + 100).map((value) => ({ value })) }] });
    const t0 = performance.now();
    for (let i = 0; i < 500; i++) {
      assert.equal(call(s, 'GET', `/Users?filter=userName eq "S${i * 37}@EXAMPLE.com"`).body.totalResults, 1);
      assert.equal(call(s, 'GET', `/Users?filter=externalId eq "x${i * 37}"`).body.totalResults, 1);
      assert.equal(call(s, 'GET', `/Groups?filter=id eq "${g.id}" and members eq "${ids[i * 37]}"`).body.totalResults, 1);
      assert.equal(call(s, 'GET', `/Groups?filter=members.value eq "${ids[i * 37]}"`).body.totalResults, 1);
    }
    const ms = performance.now() - t0;
    assert.ok(ms < 1500, `2000 indexed lookups took ${ms} ms`);
    // removing one member of a 20k-member group does not copy the group
    const t1 = performance.now();
    for (let i = 0; i < 200; i++) call(s, 'PATCH', `/Groups/${g.id}`, { Operations: [{ op: 'remove', path: `members[value eq "${ids[i]}"]` }] });
    assert.ok(performance.now() - t1 < 500);
    assert.equal(s.groups()[0]!.memberIds.length, 19800);
  });
});
