// The history generator respects each dialect's limits, and the projection is written apart from the engine:
// it imports no code that decides outcomes, and states the vendors' documented end states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { PROFILES } from '../../fixtures/idp-profiles/index.js';
import { DIALECT_IDS } from '../../support/idp/profile.js';
import { historyArbitrary, planHistory } from '../../support/sync-property/generator.js';
import { project, type IdpSnapshot } from '../../support/sync-property/projection.js';
import type { Step } from '../../support/sync-property/vocabulary.js';

const histories = (dialect: (typeof DIALECT_IDS)[number]) =>
  fc.sample(historyArbitrary(PROFILES[dialect], 30), { numRuns: 150, seed: 7 }).map((raw) => planHistory(PROFILES[dialect], raw));

for (const dialect of DIALECT_IDS) {
  test(`${dialect}: planned histories stay inside what the dialect's console can do`, () => {
    const p = PROFILES[dialect];
    const kinds = new Set<string>();
    for (const steps of histories(dialect)) {
      assert.equal(steps[0]!.kind, 'connect');
      const active = new Map<string, boolean>();
      for (const s of steps) {
        kinds.add(s.kind);
        if (s.kind === 'have-user') active.set(s.user, true);
        if (s.kind === 'deactivate') active.set(s.user, false);
        if (s.kind === 'reactivate') active.set(s.user, true);
        // Okta and OneLogin push at once: a deactivated user is never assigned
        if (p.sync.trigger === 'event' && s.kind === 'assign') assert.notEqual(active.get(s.user), false, `${dialect} assigned a deactivated user`);
      }
      if (p.sync.trigger === 'cycle') {
        assert.deepEqual(steps.slice(-2).map((s) => s.kind), ['next-cycle', 'next-cycle']);
        const last = steps.filter((s) => s.kind === 'provisioning').at(-1);
        assert.ok(!last || (last.kind === 'provisioning' && last.on), 'the job is on for its last cycles');
      }
    }
    const event = p.sync.trigger === 'event';
    assert.equal(kinds.has('wait') || kinds.has('provisioning') || kinds.has('next-cycle'), !event, 'time and the provisioning switch only where cycles run');
    assert.equal(kinds.has('push-group') || kinds.has('unlink-group'), p.group.model === 'push');
    assert.equal(kinds.has('assign-group'), p.group.model !== 'push');
    assert.equal(kinds.has('hard-delete-user'), p.user.delete.when === 'hard-delete');
    assert.equal(kinds.has('delete-user'), p.user.delete.when !== 'unassign');
    assert.equal(kinds.has('delete-mapping'), !p.user.create.bodyTemplate && p.mappings.user.some((m) => m.source === 'title'));
    assert.equal(kinds.has('include-groups'), p.group.model === 'roles');
    for (const k of ['have-user', 'assign', 'unassign', 'have-group', 'add-member', 'remove-member', 'rename-group', 'rename-user', 'change']) assert.ok(kinds.has(k), `${dialect} never planned ${k}`);
  });
}

test('the projection imports nothing that decides outcomes: only the clock\'s duration arithmetic', () => {
  const runtimeImports = (file: string) => [...readFileSync(new URL(`../../support/sync-property/${file}`, import.meta.url), 'utf8')
    .matchAll(/^import\s+(?!type\b)[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  assert.deepEqual(runtimeImports('projection.ts'), ['../idp/clock.js']);
  assert.doesNotMatch(readFileSync(new URL('../../support/idp/clock.ts', import.meta.url), 'utf8'), /^import /m);
});

// A directory with one user and the snapshots a history would leave, written by hand.
const at = (min: number) => new Date(Date.UTC(2026, 0, 5, 9, min)).toISOString();
const ada = { key: 'ada', objectId: 'o1', userName: 'ada@example.com', givenName: 'Ada', familyName: 'L', displayName: 'Ada L', email: 'ada@example.com', active: true };
const snap = (minute: number, assigned: boolean, extra: Partial<typeof ada> & { deletedAt?: string } = {}): IdpSnapshot =>
  ({ at: at(minute), users: { ada: { ...ada, ...extra } }, groups: {}, assignedUsers: assigned ? ['ada'] : [], assignedGroups: [], pushedGroups: [] });

test('projection: Okta deactivates an unassigned user and never deletes it', () => {
  const steps: Step[] = [{ kind: 'connect' }, { kind: 'assign', user: 'ada' }, { kind: 'unassign', user: 'ada' }];
  const p = project(PROFILES['okta-aws'], steps, [snap(0, false), snap(1, true), snap(2, false)]);
  assert.deepEqual(p.users.map((u) => [u.present, u.active]), [[true, false]]);
});

test('projection: OneLogin deletes an unassigned user; Entra disables it, then deletes it 30 days after a delete', () => {
  const steps: Step[] = [{ kind: 'connect' }, { kind: 'assign', user: 'ada' }, { kind: 'unassign', user: 'ada' }];
  assert.deepEqual(project(PROFILES['onelogin-aws'], steps, [snap(0, false), snap(1, true), snap(2, false)]).users.map((u) => u.present), [false]);
  const entra: Step[] = [{ kind: 'connect' }, { kind: 'assign', user: 'ada' }, { kind: 'next-cycle' }, { kind: 'unassign', user: 'ada' }, { kind: 'next-cycle' }];
  const e = project(PROFILES['entra-aws'], entra, [snap(0, false), snap(1, true), snap(40, true), snap(41, false), snap(80, false)]);
  assert.deepEqual(e.users.map((u) => [u.present, u.active]), [[true, false]]);
  const deleted = at(41);
  const gone: Step[] = [...entra.slice(0, 3), { kind: 'delete-user', user: 'ada' }, { kind: 'wait', spoken: '31 days' }];
  const g = project(PROFILES['entra-aws'], gone, [snap(0, false), snap(1, true), snap(40, true), snap(41, true, { deletedAt: deleted }),
    { ...snap(41, true, { deletedAt: deleted }), at: new Date(Date.parse(deleted) + 31 * 86_400_000).toISOString() }]);
  assert.deepEqual(g.users.map((u) => u.present), [false]);
});

test('projection: a change reaches the SP only with the next cycle where the IdP syncs in cycles', () => {
  const steps: Step[] = [{ kind: 'connect' }, { kind: 'assign', user: 'ada' }, { kind: 'next-cycle' }, { kind: 'change', user: 'ada', attribute: 'first name', value: 'Ana' }];
  const before = project(PROFILES['entra-aws'], steps, [snap(0, false), snap(1, true), snap(40, true), snap(41, true, { givenName: 'Ana' })]);
  assert.equal(before.users[0]!.attributes['name.givenName'], 'Ada');
  const after = project(PROFILES['entra-aws'], [...steps, { kind: 'next-cycle' }], [snap(0, false), snap(1, true), snap(40, true), snap(41, true, { givenName: 'Ana' }), snap(80, true, { givenName: 'Ana' })]);
  assert.equal(after.users[0]!.attributes['name.givenName'], 'Ana');
});
