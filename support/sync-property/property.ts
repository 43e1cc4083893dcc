// The property: a history, run through the dialect's engine against a target, leaves the SP in the state
// the projection says the IdP meant. The history's steps are performed by an IdP actor exactly as their
// sentences are in a scenario (vocabulary.ts); the SP's state is then read back through SCIM by "the
// client", the suite's own questions (memberships the profile's way: aws with the member filter).
import { Actor, question, type Question } from '../screenplay/actor.js';
import { ScenarioContext, type RunParameters } from '../screenplay/context.js';
import { prepareActor } from '../screenplay/cast.js';
import { CallScim } from '../screenplay/abilities/call-scim.js';
import { ProvisionAsIdp } from '../screenplay/abilities/provision-as-idp.js';
import { Membership, StoredUserNamed, engineOf } from '../screenplay/tasks/idp/index.js';
import { userAttributeDeclared } from '../screenplay/tasks/users.js';
import '../screenplay/idp-roles.js';
import type { Behaviour, DialectId, DialectProfile } from '../idp/profile.js';
import type { Exchange } from '../scim/exchange.js';
import { sameIgnoringCase, valuesOfType } from '../scim/values.js';
import type { SpProfile, TargetDescription, TargetSecrets } from '../targets/target.js';
import { sweepLive } from '../cli/sweep.js';
import { isExpectation, readUntil } from '../screenplay/settle.js';
import { ExpectationFailed } from '../scim/expectations.js';
import { project, snapshotOf, type IdpSnapshot, type Projection } from './projection.js';
import { sentence, taskOf, type Step } from './vocabulary.js';

export interface HistoryTarget { description: TargetDescription; secrets: TargetSecrets; spProfile: SpProfile }

/** Test seam: the IdP ability the history is played with (a deliberately wrong engine, in the tests only). */
export type IdpAbilityFactory = (ctx: ScenarioContext, actorName: string, dialect: DialectId) => ProvisionAsIdp;

export interface HistoryOptions {
  target: HistoryTarget;
  profile: DialectProfile;
  steps: Step[];
  /** The run: its id (the name prefix), seed, timeout, ledger file. */
  run: Pick<RunParameters, 'runId' | 'seed' | 'timeoutMs' | 'ledger'> & { settleMs?: number };
  /** Unique per history within a run: names carry it, so histories on one tenant never collide. */
  historyNo: number;
  idpAbility?: IdpAbilityFactory;
}

/** One check of the SP's state against the projection, and the sentence that asks it in a scenario. */
export interface Check {
  subject: string;
  ok: boolean;
  /** What the IdP meant and what the SP holds, in a reader's words. */
  message: string;
  /** The behaviour whose outcome this is (the dialect's `owners` name the row). */
  behaviour: Behaviour;
  /** The Then line that asks the same in a replayed scenario; absent where no sentence can (faker-made values). */
  then?: string;
}

export interface HistoryResult {
  dialect: DialectId;
  steps: Step[];
  converged: boolean;
  /** A step that threw (the SP refused the connection test, say): the history stopped there. */
  stepError?: { index: number; sentence: string; message: string };
  checks: Check[];
  projection: Projection;
  snapshots: IdpSnapshot[];
  transcript: Exchange[];
  idpLog: { at: string; vendor: string; level: string; message: string }[];
  ms: number;
}

/** Seeds whose base-36 form has exactly three trailing digits of their own: run-unique names per history. */
const historySeed = (n: number) => 46_656 + (n % 46_656);

export async function runHistory(o: HistoryOptions): Promise<HistoryResult> {
  const started = Date.now();
  const { profile, steps } = o;
  const run: RunParameters = { target: o.target.description, spProfile: o.target.spProfile, seed: o.run.seed, runId: o.run.runId, timeoutMs: o.run.timeoutMs, settleMs: o.run.settleMs ?? 0, ledger: o.run.ledger };
  const ctx = new ScenarioContext(run, o.target.secrets, `fuzz-sync ${profile.id} #${o.historyNo}`, historySeed(o.historyNo));
  const idpName = profile.vendor;
  const client = prepareActor('the client', ctx, []);
  const idp = o.idpAbility ? new Actor(idpName).whoCan(o.idpAbility(ctx, idpName, profile.id)) : prepareActor(idpName, ctx, [`@idp:${profile.id}`]);
  const snapshots: IdpSnapshot[] = [];
  let stepError: HistoryResult['stepError'];
  let checks: Check[] = [];
  let projection: Projection = { users: [], groups: [] };
  try {
    for (const [index, step] of steps.entries()) {
      try {
        for (const t of taskOf(step, ctx, client)) await idp.attemptsTo(t);
      } catch (error) {
        stepError = { index, sentence: sentence(step, idpName), message: (error as Error).message };
        break;
      }
      const engine = engineOf(idp);
      snapshots.push(snapshotOf(engine.directory, engine.clock.iso()));
    }
    if (!stepError) {
      projection = project(profile, steps, snapshots);
      // an SP whose lists lag shows the history's last writes late: the whole observation is read again
      // while a check fails, within the settle time (the caller gives none to an SP that showed no lag)
      const observed = () => observe(ctx, client, idpName, projection, steps, snapshots.at(-1)!);
      checks = await readUntil(ctx, 'the SP\'s state after the history', observed, (all) => all.every((c) => c.ok));
    }
  } finally {
    await idp.dismiss();
    await client.dismiss();
    try {
      if (ctx.leftovers().length) await sweepLive(ctx.created, { tokenFor: (b) => ctx.tokenFor(b), adminToken: ctx.secrets.adminToken, timeoutMs: ctx.run.timeoutMs, redactor: ctx.redactor, record: ctx.record, actor: 'the cleanup' });
    } catch { /* the run's sweep at the end tries again */ }
  }
  return {
    dialect: profile.id, steps, converged: !stepError && checks.every((c) => c.ok), stepError, checks, projection, snapshots,
    transcript: ctx.transcript.filter((e) => !e.cleanup), idpLog: ctx.idpLog, ms: Date.now() - started,
  };
}

const q = (s: string) => JSON.stringify(s);

/** The groups the SP holds under a displayName (the `displayName eq` filter every profile here answers). */
const GroupsNamed = (displayName: string): Question<Record<string, any>[]> =>
  question(`the stored groups named ${displayName}`, async (client) => {
    // every page: a duplicate on a later page is the divergence this looks for
    const { first, more } = await client.abilityTo(CallScim).sendAllPages({ method: 'GET', path: '/Groups', query: { filter: `displayName eq ${q(displayName)}` } });
    const failed = [first, ...more].find((r) => r.failure || r.status < 200 || r.status >= 300);
    if (failed) throw new ExpectationFailed(`looking up the group ${displayName}: the SP answered ${failed.status || failed.failure}`);
    // a group's displayName is not caseExact (RFC 7643 §8.7.1): the SP may hold it in a case of its own
    return [first, ...more].flatMap((r) => r.body?.Resources ?? []).filter((g: any) => sameIgnoringCase(g?.displayName, displayName));
  }, 'RFC-FILTER-01');

/** A compared SCIM target read from a resource: simple, dotted, or the filtered email element. */
export function readTarget(resource: Record<string, any>, target: string): unknown {
  const f = /^(\w+)\[type eq "([^"]*)"\]\.(\w+)$/.exec(target);
  if (f) {
    const list: any[] = Array.isArray(resource[f[1]]) ? resource[f[1]] : [];
    return (valuesOfType(list, f[2])[0] ?? list.find((e) => e?.primary) ?? list[0])?.[f[3]];
  }
  return target.split('.').reduce<any>((o, k) => (o == null ? undefined : o[k]), resource);
}

/** userName and an email's value are not caseExact (RFC 7643 §4.1.1, §8.7.1): an SP may store them in a case of its own. */
const CASE_FREE = /^(userName|emails(\[[^\]]*\])?\.value)$/;
export function sameTargetValue(target: string, got: unknown, value: unknown): boolean {
  if (CASE_FREE.test(target) && typeof got === 'string' && typeof value === 'string') return got.toLowerCase() === value.toLowerCase();
  return JSON.stringify(got) === JSON.stringify(value);
}

const SPOKEN: Record<string, string> = { 'name.givenName': 'first name', 'name.familyName': 'last name', displayName: 'display name', title: 'title',
  'phoneNumbers[type eq "work"].value': 'work phone', 'emails[type eq "work"].value': 'email' };

const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** The id an SP user's manager points to: the enterprise `manager.value` (a bare string is Entra's own form, kept as sent). */
const managerIdOf = (resource: Record<string, any>): unknown => {
  const m = resource[ENTERPRISE_USER]?.manager;
  return typeof m === 'string' ? m : m?.value;
};

/**
 * Reads the SP's state and checks it against the projection, users first (existence and `active`, then
 * attributes), then groups (existence and name, then memberships): the order the reproduction's Then lines keep.
 */
/** Each name read in turn. A read the SP refuses stops there: its message is a divergence of the SP, never the tool's error. */
async function readEach<T>(names: readonly string[], read: (name: string) => Promise<T>): Promise<{ answers: [string, T][]; refused?: string }> {
  const answers: [string, T][] = [];
  for (const name of names) {
    try { answers.push([name, await read(name)]); } catch (error) {
      if (!isExpectation(error)) throw error;
      return { answers, refused: (error as Error).message };
    }
  }
  return { answers };
}

async function observe(ctx: ScenarioContext, client: Actor, idpName: string, projection: Projection, steps: Step[], last: IdpSnapshot): Promise<Check[]> {
  const checks: Check[] = [];
  // a group that lost members (or itself) where the history removed some: the removal is what the SP got wrong
  const removedFrom = new Set(steps.flatMap((s) => (s.kind === 'remove-member' ? [s.group] : [])));
  const lost = (group: string, otherwise: Behaviour): Behaviour => (removedFrom.has(group) ? 'removeMembers' : otherwise);
  // values a scenario can state: the ones the history itself set (faker's are different on every replay)
  const literals = new Set(steps.flatMap((s) => (s.kind === 'change' ? [s.value] : [])));
  const spIds = new Map<string, string>();
  const held = new Map<string, Record<string, any>>();
  for (const u of projection.users) {
    const users = await readEach(u.names, (name) => client.asks(StoredUserNamed(name)));
    if (users.refused) { checks.push({ subject: u.alias, ok: false, behaviour: u.present ? 'createUser' : 'deleteUser', message: users.refused }); continue; }
    const found = new Map(users.answers.flatMap(([name, hit]) => (hit ? [[name, hit] as const] : [])));
    if (!u.present) {
      for (const [name, hit] of found) {
        checks.push({ subject: u.alias, ok: false, behaviour: 'deleteUser', then: `"${u.alias}" does not exist in the service provider`,
          message: `"${u.alias}" should not be in the SP (the IdP never provisioned it, or deleted it), but the SP holds ${q(name)} (${hit.id}, active ${JSON.stringify(hit.active)})` });
      }
      if (!found.size) checks.push({ subject: u.alias, ok: true, behaviour: 'deleteUser', then: `"${u.alias}" does not exist in the service provider`, message: `"${u.alias}" is not in the SP` });
      continue;
    }
    const userName = String(u.attributes.userName);
    const hit = found.get(userName);
    const state = u.active ? 'active' : 'inactive';
    const then = `"${u.alias}" is ${state} in the service provider`;
    if (!hit) { checks.push({ subject: u.alias, ok: false, behaviour: 'createUser', then, message: `"${u.alias}" should be in the SP as ${q(userName)} (${state}), but the SP holds no user of that name` }); continue; }
    spIds.set(u.alias, hit.id);
    held.set(u.alias, hit);
    checks.push({ subject: u.alias, ok: hit.active === u.active, behaviour: u.active ? 'reactivateUser' : 'deactivateUser', then,
      message: `"${u.alias}" should be ${state} in the SP; active is ${JSON.stringify(hit.active)}` });
    for (const [name, other] of found) {
      if (name !== userName && other.id !== hit.id) checks.push({ subject: u.alias, ok: false, behaviour: 'updateUser', message: `"${u.alias}" has a second account in the SP under its former name ${q(name)} (${other.id})` });
    }
    for (const [target, value] of Object.entries(u.attributes)) {
      if (!userAttributeDeclared(ctx, target)) continue; // an SP may keep a subset (rfc), as its /Schemas declares
      const got = readTarget(hit, target);
      let line: string | undefined;
      // an email is this run's address for a literal of the history (ScenarioContext.emailOf): the step states the literal
      const literalEmail = typeof value === 'string' ? ctx.literalEmailOf(value) : undefined;
      if (target === 'userName' && value === last.users[u.alias]?.userName) line = `"${u.alias}" in the service provider has the user name ${idpName} holds for it`;
      else if (SPOKEN[target] && literalEmail !== undefined) line = `"${u.alias}" in the service provider has the ${SPOKEN[target]} ${q(literalEmail)}`;
      else if (SPOKEN[target] && typeof value === 'string' && (literals.has(value) || value.split(' ').every((part) => literals.has(part)))) line = `"${u.alias}" in the service provider has the ${SPOKEN[target]} ${q(value)}`;
      checks.push({ subject: u.alias, ok: sameTargetValue(target, got, value), behaviour: 'updateUser', then: line,
        message: `"${u.alias}" should have ${target} ${JSON.stringify(value)} in the SP; it has ${JSON.stringify(got)}` });
    }
  }
  // managers once every user is read: a manager's own id is known only then (a manager missing from the SP failed above)
  for (const u of projection.users) {
    const hit = held.get(u.alias);
    const managerId = u.manager && spIds.get(u.manager);
    if (!hit || !managerId || !userAttributeDeclared(ctx, `${ENTERPRISE_USER}:manager`)) continue;
    const got = managerIdOf(hit);
    checks.push({ subject: u.alias, ok: got === managerId, behaviour: 'manager', then: `"${u.alias}" in the service provider has "${u.manager}" as its manager`,
      message: `"${u.alias}" should have "${u.manager}" (${managerId}) as its manager in the SP; its manager is ${JSON.stringify(got)}` });
  }
  for (const g of projection.groups) {
    const groups = await readEach(g.names, (name) => client.asks(GroupsNamed(name)));
    if (groups.refused) { checks.push({ subject: g.alias, ok: false, behaviour: g.present ? 'createGroup' : 'deleteGroup', message: groups.refused }); continue; }
    const found = new Map<string, Record<string, any>>(groups.answers.flatMap(([name, hits]) => hits.map((hit) => [hit.id, { ...hit, displayName: name }])));
    if (!g.present) {
      const then = `${idpName}'s group "${g.alias}" does not exist in the service provider`;
      for (const hit of found.values()) checks.push({ subject: g.alias, ok: false, behaviour: 'deleteGroup', then, message: `the group "${g.alias}" should not be in the SP, but the SP holds ${q(hit.displayName)} (${hit.id})` });
      if (!found.size) checks.push({ subject: g.alias, ok: true, behaviour: 'deleteGroup', then, message: `the group "${g.alias}" is not in the SP` });
      continue;
    }
    const then = last.groups[g.alias]?.displayName === g.displayName
      ? `${idpName}'s group "${g.alias}" exists in the service provider under its new name` : undefined;
    const hit = [...found.values()].find((x) => x.displayName === g.displayName);
    const stale = [...found.values()].filter((x) => x !== hit);
    if (!hit) {
      checks.push({ subject: g.alias, ok: false, behaviour: stale.length ? 'renameGroup' : lost(g.alias, 'createGroup'), then,
        message: `the group "${g.alias}" should be in the SP as ${q(g.displayName!)}, but the SP holds ${stale.length ? `only ${stale.map((s) => q(s.displayName)).join(', ')}` : 'no group of that name'}` });
      continue;
    }
    checks.push({ subject: g.alias, ok: true, behaviour: 'createGroup', then, message: `the group "${g.alias}" is in the SP as ${q(g.displayName!)}` });
    for (const s of stale) checks.push({ subject: g.alias, ok: false, behaviour: 'renameGroup', message: `the SP also holds the group "${g.alias}" under its former name ${q(s.displayName)} (${s.id})` });
    for (const u of projection.users) {
      const uid = spIds.get(u.alias);
      if (!u.present || !uid) continue;
      const want = g.members.includes(u.alias);
      let is: boolean;
      // a group found by name that a read by id does not answer yet (a replica behind its create, which RFC 7644 allows)
      // or at all: a failed check, which the observation reads again within the settle time, never the tool's error
      try { is = await client.asks(Membership(ctx, hit.id, uid)); } catch (error) {
        if (!isExpectation(error)) throw error;
        checks.push({ subject: g.alias, ok: false, behaviour: want ? lost(g.alias, 'addMembers') : 'removeMembers', message: (error as Error).message });
        continue;
      }
      checks.push({ subject: g.alias, ok: is === want, behaviour: want ? lost(g.alias, 'addMembers') : 'removeMembers',
        then: `"${u.alias}" is ${want ? '' : 'not '}a member of ${idpName}'s group "${g.alias}" in the service provider`,
        message: `"${u.alias}" should ${want ? '' : 'not '}be a member of the group "${g.alias}" in the SP; it is${is ? '' : ' not'}` });
    }
  }
  return checks;
}

/** The first check that failed, or the step that threw. */
export function firstDivergence(r: HistoryResult): { message: string; then?: string; behaviour?: Behaviour } | undefined {
  if (r.stepError) return { message: `step ${r.stepError.index + 1} (${r.stepError.sentence}) failed: ${r.stepError.message}`, then: r.stepError.sentence };
  const c = r.checks.find((x) => !x.ok);
  return c && { message: c.message, then: c.then, behaviour: c.behaviour };
}

/** The ability of the IdP role, for a seam that replaces its engine. */
export { ProvisionAsIdp };
