// Random directory histories for one IdP dialect (fast-check). A history is drawn as raw picks (an operation
// and indexes into small pools of users, groups and values) and then planned: each pick becomes the step it
// names when the IdP's console would allow it in the directory as it stands, and is dropped otherwise. Shrinking
// works on the raw picks, so every shrunk history is still a history the IdP could have lived.
//
// What each dialect can do is read from its profile (data): group model, sync trigger, delete semantics,
// mapping table. Nothing branches on a vendor's name.
import fc from 'fast-check';
import type { DialectProfile } from '../idp/profile.js';
import { durationMs, spokenDuration } from '../idp/clock.js';
import { CHANGEABLE, type ChangeableAttribute, type Step } from './vocabulary.js';

export const USERS = ['ada', 'bob', 'cy'] as const;
export const GROUPS = ['eng', 'ops'] as const;
const VALUES: Record<ChangeableAttribute, (user: string) => string[]> = {
  'first name': () => ['Ana', 'Ben', 'Cleo'], 'last name': () => ['Diaz', 'Eze', 'Fox'], title: () => ['Engineer', 'Analyst', 'Manager'],
  'work phone': () => ['+1 555 0100', '+1 555 0111', '+1 555 0122'],
  // each user's own addresses: an SP may hold a primary email unique (AWS does), so two users never share one
  email: (user) => ['work', 'desk', 'team'].map((tag) => `${user}.${tag}@example.com`),
};
/** Waits: one cycle, a few, and past a recycle bin's 30 days. */
const WAITS = ['40 minutes', '3 hours', '40 minutes', '31 days'];

export type Op = 'user' | 'assign' | 'unassign' | 'change' | 'rename-user' | 'set-manager' | 'deactivate' | 'reactivate' | 'delete-user'
  | 'hard-delete-user' | 'group' | 'add-member' | 'remove-member' | 'rename-group' | 'push' | 'unpush' | 'delete-group'
  | 'mapping' | 'provisioning' | 'wait';

export interface RawStep { op: Op; u: number; g: number; v: number }

/** What a pick falls back to when its own operation is refused everywhere: steps that build up a directory. */
const FALLBACK: Op[] = ['user', 'assign', 'group', 'add-member', 'push', 'remove-member', 'change', 'rename-user'];

/** The attributes a history changes: those the dialect's mapping table feeds from the directory. */
export function changeableAttributes(profile: DialectProfile): ChangeableAttribute[] {
  const sources = new Set(profile.mappings.user.map((m) => m.source).filter(Boolean));
  return (Object.keys(CHANGEABLE) as ChangeableAttribute[]).filter((a) => sources.has(CHANGEABLE[a]));
}

/** What a history may do to groups: none where the SP serves users only (rfc: the RFC allows it). */
export interface HistoryScope { groups: boolean }
const GROUP_OPS: ReadonlySet<Op> = new Set(['group', 'add-member', 'remove-member', 'rename-group', 'push', 'unpush', 'delete-group']);

/** Operations this dialect's console offers (its real limits, from the profile), on an SP that serves groups unless told. */
export function opsFor(profile: DialectProfile, scope: HistoryScope = { groups: true }): Op[] {
  if (!scope.groups) return opsFor(profile).filter((op) => !GROUP_OPS.has(op));
  // weights by repetition: memberships are where sync goes wrong most, so they come often
  const ops: Op[] = ['user', 'user', 'user', 'assign', 'assign', 'assign', 'unassign', 'rename-user', 'deactivate', 'reactivate',
    'group', 'group', 'add-member', 'add-member', 'add-member', 'add-member', 'remove-member', 'remove-member', 'remove-member',
    'rename-group', 'push', 'push', 'push', 'push', 'delete-group'];
  if (changeableAttributes(profile).length) ops.push('change');
  // the manager goes only where the dialect sends it (its reference PATCH: Entra's user.manager)
  if (profile.user.manager) ops.push('set-manager', 'set-manager', 'set-manager');
  // Okta unlinks a pushed group only with "delete in the target app"; assigned groups are simply unassigned
  if (profile.group.model !== 'push' || profile.group.delete.when === 'on-unlink') ops.push('unpush');
  // where unassigning deletes (OneLogin), a user is never "deleted" apart from that
  if (profile.user.delete.when !== 'unassign') ops.push('delete-user');
  if (profile.user.delete.when === 'hard-delete') ops.push('hard-delete-user');
  // a mapping row can be deleted where a table (not a text template) builds the body, and only of an optional attribute
  if (!profile.user.create.bodyTemplate && profile.mappings.user.some((m) => m.source === 'title')) ops.push('mapping');
  if (profile.sync.trigger === 'cycle') ops.push('provisioning', 'wait', 'wait', 'wait', 'wait', 'wait');
  return ops;
}

export function rawStepArbitrary(profile: DialectProfile, scope?: HistoryScope): fc.Arbitrary<RawStep> {
  return fc.record({ op: fc.constantFrom(...opsFor(profile, scope)), u: fc.nat({ max: USERS.length - 1 }), g: fc.nat({ max: GROUPS.length - 1 }), v: fc.nat({ max: 11 }) });
}

export function historyArbitrary(profile: DialectProfile, maxSteps: number, scope?: HistoryScope): fc.Arbitrary<RawStep[]> {
  // size 'max': lengths spread over the whole range (fast-check's default favours short arrays)
  return fc.array(rawStepArbitrary(profile, scope), { maxLength: maxSteps, size: 'max' });
}

interface PlanUser { deleted: boolean; active: boolean; assigned: boolean; retired: boolean; everInScope: boolean; deletedAt?: number; manager?: string }
interface PlanGroup { deleted: boolean; members: Set<string>; pushed: boolean; assigned: boolean; renames: number }

/**
 * The steps a history's picks stand for, with the dialect's setup before them (connect; OneLogin-style roles:
 * "Include in User Provisioning") and, for cycle dialects, provisioning on and its last two cycles after them
 * (a user created in one cycle gets its state in the next: the mock engine creates every user active).
 */
export function planHistory(profile: DialectProfile, raw: RawStep[], scope?: HistoryScope): Step[] {
  const steps: Step[] = [{ kind: 'connect' }];
  if (profile.group.model === 'roles') steps.push({ kind: 'include-groups' });
  const users = new Map<string, PlanUser>();
  const groups = new Map<string, PlanGroup>();
  const event = profile.sync.trigger === 'event';
  const deletesOnUnassign = profile.user.delete.when === 'unassign';
  const recycleBin = profile.user.delete.hardDeleteAfter ? durationMs(profile.user.delete.hardDeleteAfter) : undefined;
  let now = 0;
  let provisioningOn = true;
  let titleMapped = true;
  const changeable = changeableAttributes(profile);

  const live = (u: string) => { const x = users.get(u); return x && !x.retired ? x : undefined; };
  const usable = (u: string) => { const x = live(u); return x && !x.deleted ? x : undefined; };
  const liveGroup = (g: string) => { const x = groups.get(g); return x && !x.deleted ? x : undefined; };
  const inScope = (u: string) => {
    const x = live(u);
    if (!x) return false;
    if (x.assigned) return true;
    for (const g of groups.values()) if (g.assigned && !g.deleted && g.members.has(u)) return true;
    return false;
  };
  // event-driven IdPs push at once: a user enters scope only active (Okta cannot assign a deactivated user),
  // and never again after the IdP deleted its account (the mock IdP cannot create it a second time)
  const mayEnterScope = (u: string) => { const x = usable(u); return Boolean(x && (!event || x.active)); };

  const plan = (r: RawStep, u: string, g: string): Step | undefined => {
    const user = users.get(u);
    const group = groups.get(g);
    let step: Step | undefined;
    switch (r.op) {
      case 'user':
        if (!user) { users.set(u, { deleted: false, active: true, assigned: false, retired: false, everInScope: false }); step = { kind: 'have-user', user: u }; }
        else if (user.deleted && !user.assigned && !user.retired) { Object.assign(user, { deleted: false, active: true, deletedAt: undefined, manager: undefined }); step = { kind: 'have-user', user: u }; }
        break;
      case 'assign':
        // "assigns" makes the user first when the directory lacks it, as its step definition does
        if (!user) users.set(u, { deleted: false, active: true, assigned: false, retired: false, everInScope: false });
        if (mayEnterScope(u) && !users.get(u)!.assigned) { users.get(u)!.assigned = true; step = { kind: 'assign', user: u }; }
        break;
      case 'unassign':
        if (user?.assigned && !user.retired) { user.assigned = false; step = { kind: 'unassign', user: u }; }
        break;
      case 'change': {
        if (!usable(u) || !changeable.length) break;
        const attribute = changeable[r.v % changeable.length];
        step = { kind: 'change', user: u, attribute, value: VALUES[attribute](u)[(r.u + r.g + r.v) % 3] };
        break;
      }
      case 'set-manager': {
        // the console picks another user of the directory, and only a different manager is a change
        const candidates = USERS.filter((m) => m !== u && usable(m) && m !== user?.manager);
        if (!usable(u) || !candidates.length) break;
        const manager = candidates[r.v % candidates.length];
        user!.manager = manager; step = { kind: 'set-manager', user: u, manager };
        break;
      }
      case 'rename-user': if (usable(u)) step = { kind: 'rename-user', user: u }; break;
      case 'deactivate': if (usable(u)?.active) { user!.active = false; step = { kind: 'deactivate', user: u }; } break;
      case 'reactivate': if (usable(u) && !user!.active) { user!.active = true; step = { kind: 'reactivate', user: u }; } break;
      case 'delete-user': if (usable(u)) { user!.deleted = true; user!.deletedAt = now; step = { kind: 'delete-user', user: u }; } break;
      case 'hard-delete-user': if (live(u)) { user!.retired = true; step = { kind: 'hard-delete-user', user: u }; } break;
      case 'group': {
        if (group) break;
        // a new group starts with the directory's usable users (the console's multi-select)
        const members = [...users.keys()].filter((k) => usable(k));
        if (!members.length) break;
        groups.set(g, { deleted: false, members: new Set(members), pushed: false, assigned: false, renames: 0 });
        step = { kind: 'have-group', group: g, members };
        break;
      }
      case 'add-member': {
        const lg = liveGroup(g);
        if (!lg || !usable(u) || lg.members.has(u) || (lg.assigned && !mayEnterScope(u))) break;
        lg.members.add(u); step = { kind: 'add-member', user: u, group: g };
        break;
      }
      case 'remove-member': if (group?.members.has(u) && !group.deleted) { group.members.delete(u); step = { kind: 'remove-member', user: u, group: g }; } break;
      case 'rename-group': { const lg = liveGroup(g); if (lg) { lg.renames += 1; step = { kind: 'rename-group', group: g, to: `${g}-${lg.renames + 1}` }; } break; }
      case 'push': {
        const lg = liveGroup(g);
        if (!lg) break;
        if (profile.group.model === 'push') { if (!lg.pushed) { lg.pushed = true; step = { kind: 'push-group', group: g }; } }
        else if (!lg.assigned && [...lg.members].every((m) => mayEnterScope(m))) { lg.assigned = true; step = { kind: 'assign-group', group: g }; }
        break;
      }
      case 'unpush': {
        const lg = liveGroup(g);
        if (!lg) break;
        if (profile.group.model === 'push') { if (lg.pushed) { lg.pushed = false; step = { kind: 'unlink-group', group: g }; } }
        else if (lg.assigned) { lg.assigned = false; step = { kind: 'unassign-group', group: g }; }
        break;
      }
      case 'delete-group': {
        const lg = liveGroup(g);
        // an event-driven IdP re-pushes the group alone, not its members: an assigned group's members would keep a stale scope
        if (lg && !(event && lg.assigned)) { lg.deleted = true; step = { kind: 'delete-group', group: g }; }
        break;
      }
      case 'mapping': if (titleMapped) { titleMapped = false; step = { kind: 'delete-mapping', source: 'title' }; } break;
      case 'provisioning': provisioningOn = !provisioningOn; step = { kind: 'provisioning', on: provisioningOn }; break;
      case 'wait': {
        const spoken = WAITS[r.v % WAITS.length];
        now += durationMs(spokenDuration(spoken));
        step = { kind: 'wait', spoken };
        break;
      }
    }
    return step;
  };

  const offered = new Set(opsFor(profile, scope));
  for (const r of raw) {
    // the pick's user and group are where the search starts: the first pair the console allows is taken; a pick
    // the console refuses for every pair becomes the first building step it allows, so few picks are wasted
    let step: Step | undefined;
    for (const op of [r.op, ...FALLBACK.filter((o) => o !== r.op && offered.has(o))]) {
      for (let k = 0; k < USERS.length && !step; k++) {
        for (let j = 0; j < GROUPS.length && !step; j++) step = plan({ ...r, op }, USERS[(r.u + k) % USERS.length], GROUPS[(r.g + j) % GROUPS.length]);
      }
      if (step) break;
    }
    if (!step) continue;
    steps.push(step);
    for (const [k, x] of users) {
      if (x.retired) continue;
      if (recycleBin !== undefined && x.deletedAt !== undefined && now - x.deletedAt >= recycleBin) x.retired = true;
      const scoped = inScope(k);
      if (scoped) x.everInScope = true;
      else if (deletesOnUnassign && x.everInScope) x.retired = true;
    }
  }
  // the end of a history: a cycle dialect's job is on (a job left off means nothing more) and runs its last cycles
  if (profile.sync.trigger === 'cycle') {
    if (!provisioningOn) steps.push({ kind: 'provisioning', on: true });
    steps.push({ kind: 'next-cycle' }, { kind: 'next-cycle' });
  }
  return steps;
}
