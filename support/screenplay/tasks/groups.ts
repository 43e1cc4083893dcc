// Tasks "the client" performs on groups, general enough for any area: create (with members), add or
// remove a member by PATCH, read, rename, delete. Each leaves its reply as the actor's last reply;
// the Ensure… variants also check that the SP accepted the change, with a message that reads as a bug report.
import { ownerFirst, question, task, Unsupported, type Actor, type Task } from '../actor.js';
import { inPassing } from '../aside.js';
import { CallScim } from '../abilities/call-scim.js';
import type { ScenarioContext } from '../context.js';
import { groupPayload, patchOps } from '../../scim/payloads.js';
import { ExpectationFailed, succeeded } from '../../scim/expectations.js';
import { createdId, resourcePath, serverFailureRow } from '../../scim/paths.js';
import { expectSetupDone, idOf, pathOfGroup } from './users.js';
import { MembersOf, memberFilterFailed } from '../questions/membership.js';
import { Eventually } from '../settle.js';
import { traitsOf } from './rfc-traits.js';
import { patchOffered } from '../../targets/target.js';

/** "ada, bob and cy" / "ada, bob" / "ada" → ['ada', 'bob', 'cy']; "" or "no one" → []. */
export function aliasList(text: string): string[] {
  const t = text.trim();
  if (t === '' || /^no ?one$/i.test(t) || /^none$/i.test(t)) return [];
  return t.split(/\s*,\s*|\s+and\s+/).map((s) => s.trim()).filter(Boolean);
}

const KINDS = 'scim:kinds';

/** Remembers that an alias names a group (users are the default), for snapshots and cleanup order. */
export function noteKind(actor: Actor, alias: string, kind: 'Users' | 'Groups'): void {
  const kinds = actor.recalls(KINDS) ? actor.recall<Map<string, 'Users' | 'Groups'>>(KINDS) : new Map<string, 'Users' | 'Groups'>();
  kinds.set(alias, kind);
  actor.remember(KINDS, kinds);
}

export function kindOf(actor: Actor, alias: string): 'Users' | 'Groups' {
  return actor.recalls(KINDS) ? actor.recall<Map<string, 'Users' | 'Groups'>>(KINDS).get(alias) ?? 'Users' : 'Users';
}

/**
 * Why a scenario that needs a group cannot run on this target, or undefined: under rfc an SP that serves no
 * /Groups (the capability probe) serves users only, which the RFC allows, so group scenarios are UNSUPPORTED there.
 */
export function groupsNotServed(ctx: ScenarioContext): string | undefined {
  if (!traitsOf(ctx.profile).groupsOptional || ctx.target.capabilities.served?.groups !== false) return undefined;
  return 'the SP serves no groups (GET /Groups answered 404, 405 or 501): it serves users only, as RFC 7643 allows';
}

/** Stops a scenario that needs a group on an SP that serves users only (UNSUPPORTED, with the reason). */
export function requireGroups(ctx: ScenarioContext): void {
  const reason = groupsNotServed(ctx);
  if (reason) throw new Unsupported(reason);
}

export const CreateGroup = {
  /** POST /Groups with displayName (the alias's run-unique group name) and the given members (user aliases). */
  named: (ctx: ScenarioContext, alias: string, memberAliases: string[] = [], change: (body: Record<string, any>) => void = () => {}): Task =>
    task(`create the group "${alias}"${memberAliases.length ? ` with ${memberAliases.join(', ')}` : ''}`, async (actor) => {
      requireGroups(ctx);
      const body = groupPayload(ctx.groupName(alias), memberAliases.map((m) => idOf(actor, m)));
      change(body);
      const scim = actor.abilityTo(CallScim);
      noteKind(actor, alias, 'Groups');
      const reply = await scim.send({ method: 'POST', path: '/Groups', body });
      const id = succeeded(reply) ? createdId(reply) : undefined;
      if (id) scim.ids.set(alias, id);
    }),
};

/**
 * Setup: the group exists (any 2xx, owned by RFC-CREATE-01) and, before the judged step runs, really holds
 * the members it was created with (owned by RFC-GROUP-01), so that a membership the SP never stored is not
 * reported later as lost by whatever the scenario judges.
 */
/**
 * A group create whose outcome the scenario judges next (its members, its Location): a refusal, or an answer without
 * an id, leaves nothing to judge, and is RFC-CREATE-01's, which judges creates (BLOCKED elsewhere, not a read's failure).
 */
export const CreateGroupToJudge = (ctx: ScenarioContext, alias: string, memberAliases: string[]): Task =>
  task(`create the group "${alias}"`, async (actor) => {
    await actor.attemptsTo(CreateGroup.named(ctx, alias, memberAliases));
    expectSetupDone(actor.abilityTo(CallScim).lastReply(), `creating the group "${alias}"`, true);
  }, 'RFC-CREATE-01');

export const EnsureGroup = (ctx: ScenarioContext, alias: string, memberAliases: string[] = [], change?: (body: Record<string, any>) => void): Task =>
  task(`make sure the group "${alias}" exists`, async (actor) => {
    await actor.attemptsTo(CreateGroup.named(ctx, alias, memberAliases, change));
    // a create that names its members, refused with an answer, is RFC-CREATE-01's, judged in its own scenario and noted
    // here in passing: the group is made as the IdPs make theirs, without members, which are added below; a plain create
    // that fails too stops the scenario, as before. A create that got no answer (Okta's sample server never answers one
    // with members) says nothing of what was stored, and stops it too (refusedWithMembers)
    const refused = memberAliases.length > 0 && await refusedWithMembers(ctx, actor, alias);
    if (refused) {
      await actor.attemptsTo(CreateGroup.named(ctx, alias, [], change));
      expectSetupDone(actor.abilityTo(CallScim).lastReply(), `creating the group "${alias}" without members`, true);
    } else {
      expectSetupDone(actor.abilityTo(CallScim).lastReply(), `creating the group "${alias}"`, true);
      if (!memberAliases.length) return;
      // where the probe saw this SP leave out a create's members, they are added at once, not waited for first
      if (!ctx.target.capabilities.served?.groupCreateIgnoresMembers) {
        try {
          await actor.attemptsTo(VerifyMembersStored(ctx, alias, memberAliases));
          return;
        } catch (error) {
          // where the probe could read no membership back at all, adding the members again would show nothing more
          if (!(error instanceof ExpectationFailed) || ctx.target.capabilities.served?.membersListed === false) throw error;
        }
      }
    }
    // "the server is free to alter and/or ignore POSTed content" (RFC 7644 §3.3): members the create left out are
    // added as the IdPs add them, and only members the SP will not hold at all stop the scenario (RFC-GROUP-01's)
    await actor.attemptsTo(AddLeftOutMembers(ctx, alias, memberAliases));
    await actor.attemptsTo(VerifyMembersStored(ctx, alias, memberAliases));
    const by = patchOffered(ctx.target.capabilities) ? 'PATCH' : 'PUT';
    ctx.noteOnce(refused ? `the SP refused a group create that names its members: the group was created without them, and they were added by ${by}`
      : `the SP left out the members a group's create named (RFC 7644 §3.3 lets it ignore POSTed content): they were added afterwards, by ${by}`);
  }, 'RFC-CREATE-01');

/**
 * Setup for a scenario whose row judges users and groups alike (RFC-STATE-01, AP-USER-04, AWS-ID-01): `ensure`, the
 * group's setup, where the SP serves groups. An SP that serves users only (RFC 7643 leaves the resource types to it)
 * gets no group, and the row's user checks are still judged; a check of the group is not (membershipJudged), and a
 * write to it is UNSUPPORTED by its own step.
 */
export const WhereGroupsServed = (ctx: ScenarioContext, alias: string, ensure: Task): Task =>
  task(`make sure the group "${alias}" exists, where the SP serves groups`, async (actor) => {
    const reason = groupsNotServed(ctx);
    if (!reason) return actor.attemptsTo(ensure);
    ctx.noteOnce(`no group "${alias}" was made for this case: ${reason}; the users' checks are judged alone`);
  });

/**
 * Whether a check of membership in `group` is judged: false where WhereGroupsServed made no group (an SP that
 * serves users only), with a note beside the verdict; the scenario's other checks go on.
 */
export function membershipJudged(ctx: ScenarioContext, group: string): boolean {
  const reason = groupsNotServed(ctx);
  if (reason) ctx.noteOnce(`not judged: membership of "${group}", which was never made: ${reason}`);
  return !reason;
}

/**
 * Whether the group create just sent, which named members, was refused with an answer (a 4xx or 5xx), where this
 * scenario does not judge creates: the refusal is then noted as RFC-CREATE-01's (an aside) and setup may go on
 * without it. No answer at all (a timeout, a reset) says nothing of what was stored, and stops the scenario as before.
 */
async function refusedWithMembers(ctx: ScenarioContext, actor: Actor, alias: string): Promise<boolean> {
  const reply = actor.abilityTo(CallScim).lastReply();
  if (succeeded(reply) || reply.failure || reply.status < 400 || ctx.judges.includes('RFC-CREATE-01')) return false;
  await actor.asks(inPassing(ctx, question(`whether the SP created the group "${alias}" with its members`,
    async () => expectSetupDone(reply, `creating the group "${alias}" with its members`, true), 'RFC-CREATE-01')));
  return true;
}

/** Setup: the members a group's create left out, added by PATCH, or by PUT where PATCH is not served (RFC-GROUP-01's). */
const AddLeftOutMembers = (ctx: ScenarioContext, alias: string, memberAliases: string[]): Task =>
  EnsureMembershipChange(ctx, patchOffered(ctx.target.capabilities) ? AddMembers(alias, memberAliases)
    : task(`replace the group "${alias}" with ${memberAliases.join(', ')} as its members`, async (actor) => {
      await actor.abilityTo(CallScim).send({ method: 'PUT', path: pathOfGroup(actor, alias), body: groupPayload(ctx.groupName(alias), memberAliases.map((m) => idOf(actor, m))) });
    }));

/** The group holds at least these members (setup's own check; owned by RFC-GROUP-01). */
export const VerifyMembersStored = (ctx: ScenarioContext, alias: string, memberAliases: string[]): Task =>
  task(`check that the group "${alias}" holds ${memberAliases.join(', ')}`, async (actor) => {
    const { members } = await actor.asks(Eventually(ctx, MembersOf(ctx, alias), (m) => memberAliases.every((a) => m.members.includes(a))));
    const missing = memberAliases.filter((m) => !members.includes(m));
    if (!missing.length) return;
    const message = `the group "${alias}" was created with ${memberAliases.join(', ')}, but the SP does not list ${missing.join(', ')} among its members`;
    throw (await memberFilterFailed(actor.abilityTo(CallScim), ctx, idOf(actor, alias), missing.map((m) => idOf(actor, m)), message)) ?? new ExpectationFailed(message);
  }, 'RFC-GROUP-01');

export const ReadGroup = (alias: string, query?: Record<string, string>): Task =>
  task(`read the group "${alias}"`, async (actor) => {
    await actor.abilityTo(CallScim).send({ method: 'GET', path: pathOfGroup(actor, alias), query });
  });

export const PatchGroup = (alias: string, ...operations: Record<string, unknown>[]): Task =>
  task(`patch the group "${alias}"`, async (actor) => {
    await actor.abilityTo(CallScim).send({ method: 'PATCH', path: pathOfGroup(actor, alias), body: patchOps(...operations) });
  });

/** RFC 7644 §3.5.2.1: add with path "members" and a list of values. */
export const AddMembers = (groupAlias: string, userAliases: string[]): Task =>
  task(`add ${userAliases.join(', ')} to the group "${groupAlias}"`, async (actor) => {
    await actor.attemptsTo(PatchGroup(groupAlias, { op: 'add', path: 'members', value: userAliases.map((u) => ({ value: idOf(actor, u) })) }));
  });

/** RFC 7644 §3.5.2.2: remove with a value filter on the member (never a path-less "members" removal). */
export const RemoveMember = (groupAlias: string, userAlias: string): Task =>
  task(`remove ${userAlias} from the group "${groupAlias}"`, async (actor) => {
    await actor.attemptsTo(PatchGroup(groupAlias, { op: 'remove', path: `members[value eq ${JSON.stringify(idOf(actor, userAlias))}]` }));
  });

export const RenameGroup = (ctx: ScenarioContext, alias: string, newAlias: string): Task =>
  task(`rename the group "${alias}"`, async (actor) => {
    await actor.attemptsTo(PatchGroup(alias, { op: 'replace', path: 'displayName', value: ctx.groupName(newAlias) }));
  });

export const DeleteGroup = (alias: string): Task =>
  task(`delete the group "${alias}"`, async (actor) => {
    const scim = actor.abilityTo(CallScim);
    const id = idOf(actor, alias);
    const reply = await scim.send({ method: 'DELETE', path: resourcePath('Groups', id) });
    if (succeeded(reply)) scim.forget(id);
  });

/**
 * A membership change that must succeed (any 2xx: RFC 7644 §3.5.2 allows 200 with the group or 204).
 * Membership by PATCH is RFC-GROUP-01's behaviour: elsewhere a refusal BLOCKS the scenario. A change the server
 * failed (5xx) is its plain write's row's first (RFC-PATCH-01, AWS-PATCH-01 under aws, RFC-PUT-01), red where every
 * such write fails, as everywhere else.
 */
export const EnsureMembershipChange = (ctx: ScenarioContext, change: Task): Task =>
  task(`${change}`, async (actor) => {
    await actor.attemptsTo(change);
    const reply = actor.abilityTo(CallScim).lastReply();
    try { expectSetupDone(reply, `${change}`); } catch (error) {
      throw Object.assign(error as Error, { owner: ownerFirst(serverFailureRow(reply, ctx.profile), 'RFC-GROUP-01') });
    }
  }, 'RFC-GROUP-01');
