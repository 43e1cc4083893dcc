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
        if (s.kind === 'change') kinds.add(`change ${s.attribute}`);
        // each user changes to addresses of its own (an SP may hold primary emails unique), and never manages itself
        if (s.kind === 'change' && s.attribute === 'email') assert.match(s.value, new RegExp(`^${s.user}\\.[a-z]+@example\\.com$`));
        if (s.kind === 'set-manager') assert.notEqual(s.manager, s.user);
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
    // email changes where the mapping table sends the directory's email; manager changes where the dialect sends a manager
    assert.equal(kinds.has('change email'), p.mappings.user.some((m) => m.source === 'email'), `${dialect}: email changes`);
    assert.equal(kinds.has('set-manager'), Boolean(p.user.manager), `${dialect}: manager changes`);
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

// ---- email and manager: what the IdP means the SP to hold, and where the projection leaves it unchecked ----

const person = (key: string, extra: Record<string, unknown> = {}) => ({ key, objectId: `o-${key}`, userName: `${key}@example.com`, givenName: key, familyName: 'L',
  displayName: `${key} L`, email: `${key}@example.com`, active: true, ...extra });
/** A snapshot of ada and grace: who is assigned, and ada's own attributes (its manager, its email). */
const two = (minute: number, assigned: string[], ada: Record<string, unknown> = {}): IdpSnapshot =>
  ({ at: at(minute), users: { grace: person('grace'), ada: person('ada', ada) } as IdpSnapshot['users'], groups: {}, assignedUsers: assigned, assignedGroups: [], pushedGroups: [] });
const managerOf = (p: ReturnType<typeof project>) => p.users.find((u) => u.alias === 'ada')!.manager;

test('projection: a user created with a manager already in the SP holds that manager (Entra sends it after create)', () => {
  const steps: Step[] = [{ kind: 'connect' }, { kind: 'assign', user: 'grace' }, { kind: 'next-cycle' }, { kind: 'set-manager', user: 'ada', manager: 'grace' },
    { kind: 'assign', user: 'ada' }, { kind: 'next-cycle' }];
  const snaps = [two(0, []), two(1, ['grace']), two(40, ['grace']), two(41, ['grace'], { manager: 'grace' }), two(42, ['grace', 'ada'], { manager: 'grace' }), two(80, ['grace', 'ada'], { manager: 'grace' })];
  assert.equal(managerOf(project(PROFILES['entra-legacy'], steps, snaps)), 'grace');
  // a dialect whose data sends no manager (Okta's OIN template) means nothing about it: unchecked
  assert.equal(managerOf(project(PROFILES['okta-oin'], steps, snaps)), undefined);
});

test('projection: the manager is left unchecked where its outcome is not certain', () => {
  const entra = PROFILES['entra-legacy'];
  // both created in one cycle: whether the manager is in the SP before its report is the IdP's own order
  const sameCycle: Step[] = [{ kind: 'connect' }, { kind: 'set-manager', user: 'ada', manager: 'grace' }, { kind: 'assign', user: 'grace' }, { kind: 'assign', user: 'ada' }, { kind: 'next-cycle' }];
  assert.equal(managerOf(project(entra, sameCycle, [two(0, []), two(1, [], { manager: 'grace' }), two(2, ['grace'], { manager: 'grace' }),
    two(3, ['grace', 'ada'], { manager: 'grace' }), two(40, ['grace', 'ada'], { manager: 'grace' })])), undefined);
  // a manager given to a user already in the SP: the data sends the manager after create only
  const later: Step[] = [{ kind: 'connect' }, { kind: 'assign', user: 'grace' }, { kind: 'assign', user: 'ada' }, { kind: 'next-cycle' },
    { kind: 'set-manager', user: 'ada', manager: 'grace' }, { kind: 'next-cycle' }];
  assert.equal(managerOf(project(entra, later, [two(0, []), two(1, ['grace']), two(2, ['grace', 'ada']), two(40, ['grace', 'ada']),
    two(41, ['grace', 'ada'], { manager: 'grace' }), two(80, ['grace', 'ada'], { manager: 'grace' })])), undefined);
});

test('projection: an email change is an attribute change, a rename only where the mapping table makes email the userName', () => {
  const steps: Step[] = [{ kind: 'connect' }, { kind: 'assign', user: 'ada' }, { kind: 'change', user: 'ada', attribute: 'email', value: 'ada.work@example.com' }];
  const snaps = [two(0, []), two(1, ['ada']), two(2, ['ada'], { email: 'ada.work@example.com' })];
  const okta = project(PROFILES['okta-oin'], steps, snaps).users.find((u) => u.alias === 'ada')!;
  assert.equal(okta.attributes['emails[type eq "work"].value'], 'ada.work@example.com');
  assert.equal(okta.attributes.userName, 'ada@example.com');
  assert.deepEqual(okta.names, ['ada@example.com']);
  // the same history under a mapping table that feeds userName from email (data only): the SP's userName follows the email
  const p = PROFILES['okta-oin'];
  const byEmail = { ...p, mappings: { ...p.mappings, user: p.mappings.user.map((m) => (m.target === 'userName' ? { ...m, source: 'email' } : m)) } };
  const renamed = project(byEmail, steps, snaps).users.find((u) => u.alias === 'ada')!;
  assert.equal(renamed.attributes.userName, 'ada.work@example.com');
  assert.deepEqual(renamed.names, ['ada@example.com', 'ada.work@example.com']);
});
