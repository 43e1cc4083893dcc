// Which of the scenario's users the SP holds as members of a group. Read from the group by id (rfc), or
// with the member filter `id eq G and members eq U` (aws groups come back without members, AWS-GROUP-01).
// Reading a group by id is RFC-READ-01's behaviour; the member filter is AWS-GROUP-01's.
import { question, type Actor, type Question } from '../actor.js';
import { CallScim } from '../abilities/call-scim.js';
import type { ScenarioContext } from '../context.js';
import { idOf } from '../tasks/users.js';
import { traitsOf } from '../tasks/rfc-traits.js';
import { ExpectationFailed, describeReply, expectStatus } from '../../scim/expectations.js';
import { resourcePath } from '../../scim/paths.js';
import { LIST_SCHEMA } from '../../scim/payloads.js';
import type { ScimReply } from '../../scim/client.js';

const q = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));

/** The aliases the scenario knows for the ids of a list, unknown ids shown as they are. */
export function aliasesOf(actor: Actor, ids: string[]): string[] {
  const byId = new Map([...actor.abilityTo(CallScim).ids].map(([alias, id]) => [id, alias]));
  return ids.map((id) => byId.get(id) ?? `an unknown resource ${id}`);
}

export interface Membership { members: string[]; extra: string[] }

/**
 * No membership can be read back from this SP: the capability probe's group, created with a member in RFC 7644
 * §3.3's own form, did not list it, and this profile reads members from the group (rfc). A member missing from a
 * read is then RFC-GROUP-01's deviation (membership read back), whatever row asked; where that is not so, undefined.
 */
export function unlistedMembersOwner(ctx: ScenarioContext): 'RFC-GROUP-01' | undefined {
  return traitsOf(ctx.profile).groupsCarryMembers && ctx.target.capabilities.served?.membersListed === false ? 'RFC-GROUP-01' : undefined;
}

/**
 * Where this profile reads membership with the member filter (aws: `id eq "G" and members eq "U"`, AWS-GROUP-01's),
 * whether the group read by id lists any of the members the filter did not find: then the filter failed, not the
 * membership, and AWS-GROUP-01 owns it (an SP whose filter does not know `members` had turned RFC-GROUP-01 and each
 * IdP's group row red, and blocked AWS-GROUP-01 itself). AWS answers a group's members empty, so there the read proves
 * nothing and the answer is false. Asked once a check has given up, never while a lagging list may still catch up;
 * the actor's last reply is left as it was.
 */
async function memberFilterBlind(scim: CallScim, ctx: ScenarioContext, groupId: string, userIds: string[]): Promise<boolean> {
  if (traitsOf(ctx.profile).groupsCarryMembers || !userIds.length) return false;
  const keep = scim.last;
  try {
    const reply = await readGroupForMembers(scim, groupId);
    const listed = new Set(reply.status === 200 && Array.isArray(reply.body?.members) ? reply.body.members.map((m: any) => m?.value) : []);
    return userIds.some((id) => listed.has(id));
  } finally {
    scim.last = keep;
  }
}

/** The row that owns a member filter that finds no member the group lists, and what a reader is told beside it. */
export const MEMBER_FILTER_OWNER = 'AWS-GROUP-01';
const MEMBER_FILTER_BLIND_NOTE = ' (the member filter `id eq … and members eq …` does not find them, though the group read by id lists them: the filter failed, not the membership)';

/** `message` as the member filter's failure, owned by MEMBER_FILTER_OWNER, where memberFilterBlind holds; else undefined. */
export async function memberFilterFailed(scim: CallScim, ctx: ScenarioContext, groupId: string, userIds: string[], message: string): Promise<ExpectationFailed | undefined> {
  if (!(await memberFilterBlind(scim, ctx, groupId, userIds))) return undefined;
  return Object.assign(new ExpectationFailed(`${message}${MEMBER_FILTER_BLIND_NOTE}`), { owner: MEMBER_FILTER_OWNER });
}

/** What a reader is told beside a member the SP does not list, when no member can be read back at all. */
export const UNLISTED_MEMBERS_NOTE = ' (nor does a group created with a member in RFC 7644\'s own form list it)';

/**
 * A group read for its members: by id, and when the answer carries no `members` at all, once more with
 * `attributes=members`. An SP may return members only on request (RFC 7643 §7 `returned: "request"`; SPs with
 * very large groups do), and an empty list may be left out; an SP that ignores `attributes` answers the same.
 */
export async function readGroupForMembers(scim: CallScim, groupId: string): Promise<ScimReply> {
  const reply = await scim.send({ method: 'GET', path: resourcePath('Groups', groupId) });
  if (reply.failure || reply.status !== 200 || !reply.body || typeof reply.body !== 'object' || 'members' in reply.body) return reply;
  return scim.send({ method: 'GET', path: resourcePath('Groups', groupId), query: { attributes: 'members' } });
}

const readFromGroup = (ctx: ScenarioContext, groupAlias: string): Question<Membership> =>
  question(`the members of the group "${groupAlias}", read from the group`, async (actor) => {
    const c = actor.abilityTo(CallScim);
    const users = [...c.ids.keys()].filter((a) => a !== groupAlias && ctx.knowsPerson(a));
    const reply = await readGroupForMembers(c, idOf(actor, groupAlias));
    expectStatus(reply, 200, `reading the group "${groupAlias}"`);
    const ids: string[] = Array.isArray(reply.body?.members) ? reply.body.members.map((m: any) => m?.value) : [];
    const names = aliasesOf(actor, ids);
    return { members: names.filter((n) => users.includes(n)), extra: names.filter((n) => !users.includes(n)) };
  }, 'RFC-READ-01');

const readWithMemberFilter = (ctx: ScenarioContext, groupAlias: string): Question<Membership> =>
  question(`the members of the group "${groupAlias}", read with the member filter`, async (actor) => {
    const c = actor.abilityTo(CallScim);
    const gid = idOf(actor, groupAlias);
    const users = [...c.ids.keys()].filter((a) => a !== groupAlias && ctx.knowsPerson(a));
    const members: string[] = [];
    for (const user of users) {
      const what = `asking whether "${user}" is a member of "${groupAlias}"`;
      const reply = await c.send({ method: 'GET', path: '/Groups', query: { filter: `id eq ${q(gid)} and members eq ${q(c.ids.get(user))}` } });
      expectStatus(reply, 200, what);
      if (!Array.isArray(reply.body?.schemas) || !reply.body.schemas.includes(LIST_SCHEMA)) throw new ExpectationFailed(`${what}: the answer is not a ListResponse (${describeReply(reply)})`);
      const items: any[] = Array.isArray(reply.body.Resources) ? reply.body.Resources : [];
      if (items.length > 1 || (items.length === 1 && items[0]?.id !== gid)) throw new ExpectationFailed(`the member filter for "${groupAlias}" returned other groups: ${q(items.map((i) => i?.id))}`);
      if (items.length === 1) members.push(user);
    }
    return { members, extra: [] };
  }, 'AWS-GROUP-01');

/** The group's members among the scenario's users; the actor's last reply is left as it was. */
export const MembersOf = (ctx: ScenarioContext, groupAlias: string): Question<Membership> =>
  question(`the members of the group "${groupAlias}"`, async (actor) => {
    const c = actor.abilityTo(CallScim);
    const keep = c.last;
    try {
      return await actor.asks(traitsOf(ctx.profile).groupsCarryMembers ? readFromGroup(ctx, groupAlias) : readWithMemberFilter(ctx, groupAlias));
    } finally {
      c.last = keep;
    }
  });

