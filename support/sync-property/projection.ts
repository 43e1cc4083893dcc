// What the IdP means the SP to hold after a history: written from the dialect's data (fixtures/idp-profiles)
// and the vendors' documented behaviour, never from the engine (this module does not import support/idp/engine.ts,
// and a test holds it to that). It reads the IdP's own directory as it stood after each step (a snapshot: the
// console's truth) and folds the history into the SP's intended state:
//   - when the IdP pushes: at once, for the users and groups a change concerns (sync.trigger 'event'), or in
//     sync cycles over everything (sync.trigger 'cycle': on provisioning on, every sync.incremental, last cycles);
//   - who is in scope: assigned directly or through an assigned group; pushed groups (group.model);
//   - what leaving scope does (user.onUnassign, user.delete.when): Okta deactivates and never deletes; Entra
//     disables, soft-deletes, and deletes user.delete.hardDeleteAfter later; OneLogin deletes an unassigned user
//     and never deletes groups (group.delete.when 'never');
//   - which attributes go (mappings.user, less the rows the admin deleted; a PUT-style deactivation carries the body);
//   - the manager, only where its outcome is certain (see `managerAtCreate`).
import type { DialectProfile } from '../idp/profile.js';
import type { DirectoryUser } from '../idp/directory.js';
import { durationMs, spokenDuration } from '../idp/clock.js';
import type { Step } from './vocabulary.js';

/** The IdP's directory and clock after one step, as plain data. */
export interface IdpSnapshot {
  at: string;
  users: Record<string, Omit<DirectoryUser, 'edges' | 'tags'>>;
  groups: Record<string, { displayName: string; members: string[]; deleted: boolean }>;
  assignedUsers: string[];
  assignedGroups: string[];
  pushedGroups: string[];
}

export interface ExpectedUser {
  alias: string;
  present: boolean;
  active?: boolean;
  /** SCIM target → value, as last pushed (compared attributes only). */
  attributes: Record<string, unknown>;
  /** Every userName the directory ever gave it: the SP must hold none of them when it is absent. */
  names: string[];
  /** The alias of the user the SP must hold as its manager; absent where the outcome is not certain (unchecked). */
  manager?: string;
}

export interface ExpectedGroup {
  alias: string;
  present: boolean;
  displayName?: string;
  /** Aliases of the present users that are members. */
  members: string[];
  names: string[];
}

export interface Projection { users: ExpectedUser[]; groups: ExpectedGroup[] }

/** The directory attributes a history changes or a rename sets: their mapped targets are compared. */
const COMPARED_SOURCES = new Set(['userName', 'givenName', 'familyName', 'displayName', 'title', 'email', 'telephoneNumber']);

interface SpUser { present: boolean; gone: boolean; active: boolean; attributes: Map<string, unknown>; manager?: string }
interface SpGroup { present: boolean; displayName?: string; members: Set<string> }

export function project(profile: DialectProfile, steps: Step[], snapshots: IdpSnapshot[]): Projection {
  if (steps.length !== snapshots.length) throw new Error('one snapshot per step');
  const spUsers = new Map<string, SpUser>();
  const spGroups = new Map<string, SpGroup>();
  const deletedMappings = new Set<string>();
  const interval = durationMs(profile.sync.incremental ?? 'PT40M');
  const event = profile.sync.trigger === 'event';
  const recycleBin = profile.user.delete.hardDeleteAfter ? durationMs(profile.user.delete.hardDeleteAfter) : undefined;
  // Entra's job starts off and runs its initial cycle when switched on; an event-driven IdP is always pushing
  let on = event;
  let includeGroups = profile.group.model !== 'roles';
  let nextCycleAt: number | undefined;
  // the SP's userName is whatever directory attribute the mapping table feeds it (an email change renames where that is email)
  const userNameSource = profile.mappings.user.find((m) => m.target === 'userName')?.source ?? 'userName';
  // The manager (user.manager: "sent in a follow-up PATCH after create"; Entra documents reference attributes the
  // same way) is expected only where nothing leaves the outcome open: the user was created with a manager already
  // in the SP before that push began (within one cycle the order of users is the IdP's own: no data states it),
  // and only where every later user request is a PATCH, which leaves the manager alone
  // (RFC 7644 §3.5.2); a PUT (RFC 7644 §3.5.1) replaces the whole resource with a body that has no manager.
  const managerSurvives = profile.user.update.style === 'patch' && profile.user.deactivate.style === 'patch' && profile.user.reactivate.style === 'patch';
  const sendsManager = Boolean(profile.user.manager) && managerSurvives;
  /** The users present in the SP when the current push (a cycle, or an event's pushes) began. */
  let presentBefore = new Set<string>();
  const markPresentBefore = () => { presentBefore = new Set([...spUsers].filter(([, s]) => s.present).map(([k]) => k)); };

  const spUser = (k: string) => { let s = spUsers.get(k); if (!s) { s = { present: false, gone: false, active: false, attributes: new Map() }; spUsers.set(k, s); } return s; };
  const spGroup = (k: string) => { let s = spGroups.get(k); if (!s) { s = { present: false, members: new Set() }; spGroups.set(k, s); } return s; };

  const inScope = (snap: IdpSnapshot, k: string): boolean => {
    const u = snap.users[k];
    if (!u || u.hardDeleted) return false;
    if (snap.assignedUsers.includes(k)) return true;
    return snap.assignedGroups.some((g) => snap.groups[g] && !snap.groups[g].deleted && snap.groups[g].members.includes(k));
  };
  const groupInScope = (snap: IdpSnapshot, k: string): boolean => {
    const g = snap.groups[k];
    if (!g || g.deleted) return false;
    if (profile.group.model === 'push') return snap.pushedGroups.includes(k);
    return snap.assignedGroups.includes(k) && (profile.group.model !== 'roles' || includeGroups);
  };
  const mapped = (u: IdpSnapshot['users'][string]): [string, unknown][] => profile.mappings.user
    .filter((m) => m.source && COMPARED_SOURCES.has(m.source) && !deletedMappings.has(m.source))
    .map((m) => [m.target, (u as Record<string, unknown>)[m.source!]] as [string, unknown])
    .filter(([, v]) => v !== undefined && v !== '');
  const send = (s: SpUser, u: IdpSnapshot['users'][string]) => { for (const [t, v] of mapped(u)) s.attributes.set(t, v); };
  const hardDeleteDue = (u: IdpSnapshot['users'][string], at: number) =>
    Boolean(u.hardDeleted || (recycleBin !== undefined && u.deletedAt && Date.parse(u.deletedAt) + recycleBin <= at));

  const pushUser = (snap: IdpSnapshot, k: string, at: number): void => {
    const u = snap.users[k];
    const s = spUser(k);
    if (!u || s.gone) return;
    const scoped = inScope(snap, k);
    const wanted = scoped && u.active && !u.deletedAt && !u.hardDeleted;
    if (!s.present) {
      if (!scoped || u.deletedAt || u.hardDeleted) return;
      s.present = true; s.active = wanted; send(s, u);
      s.manager = managerAtCreate(u);
      return;
    }
    const del = profile.user.delete;
    const deletes = (del.when === 'hard-delete' && hardDeleteDue(u, at)) || (del.when === 'unassign' && !scoped);
    if (deletes && del.request) {
      s.present = false; s.gone = true;
      for (const g of spGroups.values()) g.members.delete(k);
      // what an SP does with a reference to a deleted user is its own choice (RFC 7643 leaves it open): unchecked
      for (const other of spUsers.values()) if (other.manager === k) other.manager = undefined;
      return;
    }
    if (s.active && !wanted) {
      s.active = false;
      // a deactivation sent as a full PUT of the body carries the attributes with it
      if (profile.user.deactivate.style === 'put') send(s, u);
      return;
    }
    if (wanted) { s.active = true; send(s, u); }
  };

  /** The manager the create's follow-up PATCH sets, where certain (see `sendsManager`); otherwise unchecked. */
  const managerAtCreate = (u: IdpSnapshot['users'][string]): string | undefined => {
    const m = u.manager;
    if (!sendsManager || !m || m === u.key) return undefined;
    return presentBefore.has(m) && spUsers.get(m)?.present ? m : undefined;
  };

  const pushGroup = (snap: IdpSnapshot, k: string): void => {
    const g = snap.groups[k];
    if (!g) return;
    const s = spGroup(k);
    const scoped = groupInScope(snap, k);
    if (!s.present) {
      if (!scoped) return;
      s.present = true; s.displayName = g.displayName; s.members = new Set();
    }
    if (!scoped) {
      if (profile.group.delete.when === 'on-delete') { s.present = false; s.members = new Set(); }
      return;
    }
    s.displayName = g.displayName;
    s.members = new Set(g.members.filter((m) => spUsers.get(m)?.present));
  };

  const cycle = (snap: IdpSnapshot, at: number): void => {
    markPresentBefore();
    for (const k of Object.keys(snap.users)) pushUser(snap, k, at);
    for (const k of Object.keys(snap.groups)) pushGroup(snap, k);
    nextCycleAt = at + interval;
  };

  /** Event-driven: the users a change concerns are pushed, then their groups and the groups it concerns. */
  const pushNow = (snap: IdpSnapshot, users: string[], groups: string[]): void => {
    if (!event || !on) return;
    const at = Date.parse(snap.at);
    markPresentBefore();
    for (const k of users) pushUser(snap, k, at);
    const all = new Set(groups);
    for (const k of users) for (const [g, x] of Object.entries(snap.groups)) if (x.members.includes(k)) all.add(g);
    for (const g of all) pushGroup(snap, g);
  };

  let before: IdpSnapshot | undefined;
  steps.forEach((step, i) => {
    const snap = snapshots[i];
    const at = Date.parse(snap.at);
    switch (step.kind) {
      case 'connect': if (!on) { on = true; cycle(snap, at); } break;
      case 'include-groups': includeGroups = true; break;
      case 'have-user': case 'have-group': break;
      case 'set-manager': {
        // The dialect data sends the manager after create only: whether a change to a provisioned user's manager
        // reaches the SP (and when) is not stated, so its manager is no longer checked. Unprovisioned users take the
        // manager the directory holds when they are created.
        const s = spUsers.get(step.user);
        if (s?.present && s.manager !== step.manager) s.manager = undefined;
        break;
      }
      case 'assign': case 'unassign': case 'change': case 'rename-user': case 'deactivate': case 'reactivate':
      case 'delete-user': case 'hard-delete-user':
        pushNow(snap, [step.user], []); break;
      case 'add-member': case 'remove-member': pushNow(snap, [step.user], [step.group]); break;
      case 'assign-group': case 'unassign-group': pushNow(snap, snap.groups[step.group]?.members ?? [], [step.group]); break;
      case 'push-group': case 'rename-group': case 'delete-group': pushNow(snap, [], [step.group]); break;
      case 'unlink-group':
        // Okta's "Unlink pushed group" with "Delete the group in the target app"
        if (profile.group.delete.when !== 'never') { const s = spGroup(step.group); s.present = false; s.members = new Set(); }
        break;
      case 'delete-mapping': deletedMappings.add(step.source); break;
      case 'provisioning':
        if (step.on && !on) { on = true; if (!event) cycle(snap, at); } else if (!step.on) on = false;
        break;
      case 'wait': {
        if (event || !on || nextCycleAt === undefined) break;
        const target = Date.parse(before!.at) + durationMs(spokenDuration(step.spoken));
        if (nextCycleAt > target) break;
        cycle(snap, nextCycleAt + Math.floor((target - nextCycleAt) / interval) * interval);
        break;
      }
      case 'next-cycle':
        if (!event && on) cycle(snap, Math.max(Date.parse(before?.at ?? snap.at), nextCycleAt ?? 0));
        break;
    }
    before = snap;
  });

  const namesOf = <T>(pick: (s: IdpSnapshot) => T | undefined): T[] => [...new Set(snapshots.map(pick).filter((x): x is T => x !== undefined))];
  const users: ExpectedUser[] = Object.keys(snapshots.at(-1)?.users ?? {}).map((alias) => {
    const s = spUsers.get(alias);
    const names = namesOf((snap) => {
      const v = (snap.users[alias] as Record<string, unknown> | undefined)?.[userNameSource];
      return typeof v === 'string' && v ? v : undefined;
    });
    if (!s?.present) return { alias, present: false, attributes: {}, names };
    const manager = s.manager && spUsers.get(s.manager)?.present ? s.manager : undefined;
    return { alias, present: true, active: s.active, attributes: Object.fromEntries(s.attributes), names, ...(manager ? { manager } : {}) };
  });
  const groups: ExpectedGroup[] = Object.keys(snapshots.at(-1)?.groups ?? {}).map((alias) => {
    const s = spGroups.get(alias);
    const names = namesOf((snap) => snap.groups[alias]?.displayName);
    if (!s?.present) return { alias, present: false, members: [], names };
    return { alias, present: true, displayName: s.displayName, members: [...s.members].filter((m) => spUsers.get(m)?.present).sort(), names };
  });
  return { users, groups };
}

/** The IdP's directory and clock as plain data (taken by the property runner after each step). */
export function snapshotOf(directory: { users: Map<string, DirectoryUser>; groups: Map<string, { displayName: string; members: Set<string>; deleted?: boolean }>;
  assignedUsers: Set<string>; assignedGroups: Set<string>; pushedGroups: Set<string> }, at: string): IdpSnapshot {
  const users: IdpSnapshot['users'] = {};
  for (const [k, u] of directory.users) { const { edges: _e, tags: _t, ...rest } = u; users[k] = { ...rest }; }
  const groups: IdpSnapshot['groups'] = {};
  for (const [k, g] of directory.groups) groups[k] = { displayName: g.displayName, members: [...g.members], deleted: Boolean(g.deleted) };
  return { at, users, groups, assignedUsers: [...directory.assignedUsers], assignedGroups: [...directory.assignedGroups], pushedGroups: [...directory.pushedGroups] };
}
