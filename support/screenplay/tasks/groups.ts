// Tasks "the client" performs on groups, general enough for any area: create (with members), add or
// remove a member by PATCH, read, rename, delete. Each leaves its reply as the actor's last reply;
// the Ensure… variants also check that the SP accepted the change, with a message that reads as a bug report.
import { task, type Actor, type Task } from '../actor.js';
import { CallScim } from '../abilities/call-scim.js';
import type { ScenarioContext } from '../context.js';
import { groupPayload, patchOps } from '../../scim/payloads.js';
import { expectStatus } from '../../scim/expectations.js';
import { idOf } from './users.js';

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

export const CreateGroup = {
  /** POST /Groups with displayName (the alias's run-unique group name) and the given members (user aliases). */
  named: (ctx: ScenarioContext, alias: string, memberAliases: string[] = [], change: (body: Record<string, any>) => void = () => {}): Task =>
    task(`create the group "${alias}"${memberAliases.length ? ` with ${memberAliases.join(', ')}` : ''}`, async (actor) => {
      const body = groupPayload(ctx.groupName(alias), memberAliases.map((m) => idOf(actor, m)));
      change(body);
      const scim = actor.abilityTo(CallScim);
      noteKind(actor, alias, 'Groups');
      const reply = await scim.send({ method: 'POST', path: '/Groups', body });
      if (reply.status === 201 && reply.body?.id) scim.ids.set(alias, reply.body.id);
    }),
};

export const EnsureGroup = (ctx: ScenarioContext, alias: string, memberAliases: string[] = []): Task =>
  task(`make sure the group "${alias}" exists`, async (actor) => {
    await actor.attemptsTo(CreateGroup.named(ctx, alias, memberAliases));
    expectStatus(actor.abilityTo(CallScim).lastReply(), 201, `creating the group "${alias}"`);
  });

export const ReadGroup = (alias: string, query?: Record<string, string>): Task =>
  task(`read the group "${alias}"`, async (actor) => {
    await actor.abilityTo(CallScim).send({ method: 'GET', path: `/Groups/${idOf(actor, alias)}`, query });
  });

export const PatchGroup = (alias: string, ...operations: Record<string, unknown>[]): Task =>
  task(`patch the group "${alias}"`, async (actor) => {
    await actor.abilityTo(CallScim).send({ method: 'PATCH', path: `/Groups/${idOf(actor, alias)}`, body: patchOps(...operations) });
  });

/** RFC 7644 §3.5.2.1: add with path "members" and a list of values. */
export const AddMembers = (groupAlias: string, userAliases: string[]): Task =>
  task(`add ${userAliases.join(', ')} to the group "${groupAlias}"`, async (actor) => {
    await actor.attemptsTo(PatchGroup(groupAlias, { op: 'add', path: 'members', value: userAliases.map((u) => ({ value: idOf(actor, u) })) }));
  });

/** RFC 7644 §3.5.2.2: remove with a value filter on the member (never a path-less "members" removal). */
export const RemoveMember = (groupAlias: string, userAlias: string): Task =>
  task(`remove ${userAlias} from the group "${groupAlias}"`, async (actor) => {
    await actor.attemptsTo(PatchGroup(groupAlias, { op: 'remove', path: `members[value eq "${idOf(actor, userAlias)}"]` }));
  });

export const RenameGroup = (ctx: ScenarioContext, alias: string, newAlias: string): Task =>
  task(`rename the group "${alias}"`, async (actor) => {
    await actor.attemptsTo(PatchGroup(alias, { op: 'replace', path: 'displayName', value: ctx.groupName(newAlias) }));
  });

export const DeleteGroup = (alias: string): Task =>
  task(`delete the group "${alias}"`, async (actor) => {
    const scim = actor.abilityTo(CallScim);
    const id = idOf(actor, alias);
    const reply = await scim.send({ method: 'DELETE', path: `/Groups/${id}` });
    if (reply.status === 204) scim.forget(id);
  });

/** A membership change that must succeed (PATCH answers 200 with the group or 204, RFC 7644 §3.5.2). */
export const EnsureMembershipChange = (change: Task): Task =>
  task(`${change}`, async (actor) => {
    await actor.attemptsTo(change);
    expectStatus(actor.abilityTo(CallScim).lastReply(), [200, 204], `${change}`);
  });
