// Tasks and questions of the IdP actors (Okta, Entra ID, OneLogin), in the IdP admin's words. Each task
// changes the IdP's directory or presses a console button; the engine decides, from the dialect profile,
// what goes on the wire and when (event-driven dialects push at once, cycle dialects wait for a cycle).
import { task, question, Unsupported, type Actor, type Task, type Question } from '../../actor.js';
import type { ScenarioContext } from '../../context.js';
import { ProvisionAsIdp } from '../../abilities/provision-as-idp.js';
import { CallScim } from '../../abilities/call-scim.js';
import { AdministerReference } from '../../abilities/administer-reference.js';
import { ProvisionedOwnTenant, ownTenant } from '../provisioning.js';
import { directoryUser, type DirectoryUser, type Edge } from '../../../idp/directory.js';
import { spokenDuration } from '../../../idp/clock.js';
import type { ProvisioningEngine } from '../../../idp/engine.js';
import type { Exchange } from '../../../scim/exchange.js';

export class IdpExpectationFailed extends Error {
  constructor(message: string) { super(message); this.name = 'ExpectationFailed'; }
}

export function engineOf(actor: Actor): ProvisioningEngine { return actor.abilityTo(ProvisionAsIdp).engine; }

const CONNECTION = 'idp connection';
interface ConnectionNote { base: string; token: string; shown?: string; tenantId?: string }

/** Pushes the consequences of directory changes at once when the dialect is event-driven. */
async function changed(actor: Actor, users: string[], groups: string[] = []): Promise<void> {
  await engineOf(actor).changed(users, groups);
}

// ---- connecting ---------------------------------------------------------------------------------------

/**
 * The seeds' setup: paste the SCIM endpoint (without its trailing slash) and the token, test the
 * connection, and turn provisioning on (Entra: Provisioning Status On; OneLogin: Create/Update/Delete
 * enabled and admin approval cleared, seed 000 steps 6 and 12). "the client" reads the same endpoint.
 */
export const ConnectIdp = (ctx: ScenarioContext, client: Actor, own: boolean, admin?: Actor): Task =>
  task(`connect to ${own ? 'a tenant of its own' : 'the service provider'}`, async (actor) => {
    let note: ConnectionNote;
    if (own) {
      if (!admin) throw new Error('an own tenant needs the SP admin');
      admin.abilityTo(AdministerReference);
      await admin.attemptsTo(ProvisionedOwnTenant(ctx));
      const t = ownTenant(ctx);
      note = { base: t.scimBase, token: t.tokens[0]!.token, shown: t.shownEndpoint, tenantId: t.tenant.id };
      client.abilityTo(CallScim).use({ base: t.scimBase, token: note.token, tenantId: t.tenant.id });
    } else {
      if (!ctx.secrets.token) throw new Unsupported('the IdP needs the target\'s bearer token (give --token)');
      note = { base: ctx.target.scimBase, token: ctx.secrets.token, tenantId: ctx.target.tenantId };
    }
    actor.remember(CONNECTION, note);
    const engine = engineOf(actor);
    const form = engine.configure(note.base, note.token);
    if (!form.ok) throw new IdpExpectationFailed(`${actor.name}'s form refused the base URL: ${form.message}`);
    const test = await engine.testConnection();
    if (!test.ok) throw new IdpExpectationFailed(`${actor.name}'s connection test failed against the service provider: ${test.message}`);
    engine.approval.create = engine.approval.update = engine.approval.delete = false;
    await engine.setProvisioning(true);
  });

export function connectionOf(actor: Actor): ConnectionNote { return actor.recall<ConnectionNote>(CONNECTION); }

/** Types a base URL into the app's form and tests it (Okta "Test API Credentials", Entra "Test Connection", OneLogin "Enable"). */
export const PasteAndTest = (baseUrl: string, token: string): Task =>
  task(`paste ${baseUrl} and test the connection`, async (actor) => {
    const engine = engineOf(actor);
    const form = engine.configure(baseUrl, token);
    if (!form.ok) { actor.remember('console', form.message ?? ''); actor.remember('connection ok', false); return; }
    const test = await engine.testConnection();
    actor.remember('console', test.message);
    actor.remember('connection ok', test.ok);
  });

// ---- the directory ------------------------------------------------------------------------------------

const EDGES: [RegExp, Edge[]][] = [
  [/^several phone numbers$/i, ['several-phones']],
  [/^a work, a mobile and a fax number$/i, ['several-phones']],
  [/^a partial address$/i, ['partial-address']],
  [/^a full address$/i, ['full-address']],
  [/^no first name, last name or display name$/i, ['missing-names']],
  [/^a unicode name$/i, ['unicode']],
  [/^a display name AWS refuses$/i, ['aws-refused-chars']],
  [/^entitlements and roles$/i, ['entitlements']],
];

export function edgesNamed(text: string): Edge[] {
  for (const [re, edges] of EDGES) if (re.test(text.trim())) return edges;
  throw new Error(`no directory edge case is named "${text}" (support/screenplay/tasks/idp/index.ts)`);
}

export const HaveUser = (ctx: ScenarioContext, alias: string, edges: Edge[] = []): Task =>
  task(`have the user "${alias}" in the directory`, async (actor) => {
    const u = directoryUser(ctx.faker, alias, ctx.person(alias), edges);
    engineOf(actor).directory.addUser(u);
  });

export const HaveGroup = (ctx: ScenarioContext, alias: string, members: string[]): Task =>
  task(`have the group "${alias}"`, async (actor) => {
    const d = engineOf(actor).directory;
    for (const m of members) if (!d.users.has(m)) await actor.attemptsTo(HaveUser(ctx, m));
    d.addGroup({ key: alias, objectId: ctx.faker.string.uuid(), displayName: ctx.groupName(alias), members });
  });

export function aliases(list: string): string[] {
  return list.split(/,|\band\b/).map((s) => s.trim().replace(/^"|"$/g, '')).filter(Boolean);
}

// ---- assignments and pushes -----------------------------------------------------------------------------

export const Assign = (alias: string): Task => task(`assign "${alias}" to the app`, async (actor) => {
  engineOf(actor).directory.assignedUsers.add(alias);
  await changed(actor, [alias]);
});

export const Unassign = (alias: string): Task => task(`unassign "${alias}" from the app`, async (actor) => {
  engineOf(actor).directory.assignedUsers.delete(alias);
  await changed(actor, [alias]);
});

export const AssignGroup = (alias: string): Task => task(`assign the group "${alias}" to the app`, async (actor) => {
  const d = engineOf(actor).directory;
  d.assignedGroups.add(alias);
  if (d.pushedGroups.has(alias)) engineOf(actor).note('warning', 'warning', { detail: engineOf(actor).profile.console.messages.sameGroupWarning ?? '' });
  await changed(actor, [...d.group(alias).members], [alias]);
});

export const UnassignGroup = (alias: string): Task => task(`unassign the group "${alias}"`, async (actor) => {
  const d = engineOf(actor).directory;
  d.assignedGroups.delete(alias);
  await changed(actor, [...d.group(alias).members], [alias]);
});

export const PushGroup = (alias: string): Task => task(`push the group "${alias}"`, async (actor) => {
  const engine = engineOf(actor);
  const d = engine.directory;
  if (d.assignedGroups.has(alias)) engine.note('warning', 'warning', { detail: engine.profile.console.messages.sameGroupWarning ?? '' });
  d.pushedGroups.add(alias);
  await engine.changed([], [alias]);
});

export const UnlinkGroup = (alias: string, deleteInTarget: boolean): Task =>
  task(`unlink the pushed group "${alias}"${deleteInTarget ? ', deleting it in the app' : ''}`, async (actor) => {
    await engineOf(actor).unlinkGroup(alias, deleteInTarget);
  });

// ---- profile and lifecycle changes -----------------------------------------------------------------------

const ATTRIBUTES: Record<string, keyof DirectoryUser> = {
  'first name': 'givenName', 'last name': 'familyName', 'display name': 'displayName', 'email': 'email',
  'user name': 'userName', 'username': 'userName', 'title': 'title', 'department': 'department', 'nickname': 'nickName',
  'employee number': 'employeeNumber', 'mail nickname': 'mailNickname',
};

export const ChangeAttribute = (alias: string, attribute: string, value: string): Task =>
  task(`change the ${attribute} of "${alias}" to "${value}"`, async (actor) => {
    const key = ATTRIBUTES[attribute.toLowerCase()];
    if (!key) throw new Error(`no directory attribute is called "${attribute}" (known: ${Object.keys(ATTRIBUTES).join(', ')})`);
    const u = engineOf(actor).directory.user(alias);
    (u as unknown as Record<string, unknown>)[key] = value;
    if (key === 'givenName' || key === 'familyName') u.displayName = `${u.givenName ?? ''} ${u.familyName ?? ''}`.trim();
    await changed(actor, [alias]);
  });

export const RenameUser = (ctx: ScenarioContext, alias: string): Task =>
  task(`rename "${alias}"`, async (actor) => {
    const u = engineOf(actor).directory.user(alias);
    const fresh = `${alias}.renamed.${ctx.unique()}@example.com`;
    u.userName = fresh; u.email = fresh;
    await changed(actor, [alias]);
  });

export const SetManager = (alias: string, manager: string): Task =>
  task(`make "${manager}" the manager of "${alias}"`, async (actor) => {
    engineOf(actor).directory.user(alias).manager = manager;
  });

export const SetActive = (alias: string, active: boolean): Task =>
  task(`${active ? 'reactivate' : 'deactivate'} "${alias}" in the IdP`, async (actor) => {
    engineOf(actor).directory.user(alias).active = active;
    await changed(actor, [alias]);
  });

export const SoftDelete = (alias: string): Task => task(`delete "${alias}" (recycle bin)`, async (actor) => {
  const engine = engineOf(actor);
  engine.directory.user(alias).deletedAt = engine.clock.iso();
  await changed(actor, [alias]);
});

export const HardDelete = (alias: string): Task => task(`permanently delete "${alias}"`, async (actor) => {
  const engine = engineOf(actor);
  const u = engine.directory.user(alias);
  u.deletedAt ??= engine.clock.iso();
  u.hardDeleted = true;
  await changed(actor, [alias]);
});

export const AddMember = (user: string, group: string): Task => task(`add "${user}" to the group "${group}"`, async (actor) => {
  engineOf(actor).directory.group(group).members.add(user);
  await changed(actor, [user], [group]);
});

export const RemoveMember = (user: string, group: string): Task => task(`remove "${user}" from the group "${group}"`, async (actor) => {
  engineOf(actor).directory.group(group).members.delete(user);
  await changed(actor, [user], [group]);
});

export const RenameGroup = (ctx: ScenarioContext, group: string, newAlias: string): Task =>
  task(`rename the group "${group}" to "${newAlias}"`, async (actor) => {
    engineOf(actor).directory.group(group).displayName = ctx.groupName(newAlias);
    await changed(actor, [], [group]);
  });

export const DeleteGroupInIdp = (group: string): Task => task(`delete the group "${group}" in the IdP`, async (actor) => {
  engineOf(actor).directory.group(group).deleted = true;
  await changed(actor, [], [group]);
});

// ---- the clock and cycles ---------------------------------------------------------------------------------

export const Wait = (spoken: string): Task => task(`let ${spoken} pass`, async (actor) => {
  await engineOf(actor).advance(spokenDuration(spoken));
});

export const NextCycle: Task = task('run the next incremental cycle', async (actor) => {
  const engine = engineOf(actor);
  if (engine.profile.sync.trigger !== 'cycle') throw new Error(`${actor.name} (${engine.profile.id}) has no sync cycles: it pushes on every change`);
  await engine.nextCycle();
});

export const SetProvisioning = (on: boolean): Task => task(`turn provisioning ${on ? 'on' : 'off'}`, async (actor) => {
  await engineOf(actor).setProvisioning(on);
});

// ---- console buttons and settings --------------------------------------------------------------------------

/** Buttons by their label in the vendors' consoles (seeds 000, 001, 003, 004). */
const BUTTONS: Record<string, (engine: ProvisioningEngine, actor: Actor) => Promise<string>> = {
  'test api credentials': async (e) => (await e.testConnection()).message,
  'test connection': async (e) => (await e.testConnection()).message,
  'enable': async (e) => (await e.testConnection()).message,
  'sync logins': (e) => e.syncLogins(),
  'reapply entitlement mappings': (e) => e.reapplyEntitlementMappings(),
  'refresh': (e) => e.refreshEntitlements(),
  'refresh entitlements': (e) => e.refreshEntitlements(),
  'retry selected tasks': async (e) => { await e.retryTasks(); return ''; },
  'approve': async (e) => { await e.approvePending(); return ''; },
};

export const Click = (label: string): Task => task(`click "${label}"`, async (actor) => {
  const press = BUTTONS[label.toLowerCase()];
  if (!press) throw new Error(`no console button is labelled "${label}" (known: ${Object.keys(BUTTONS).join(', ')})`);
  actor.remember('console', await press(engineOf(actor), actor));
});

export const RequireApproval = (action: 'create' | 'update' | 'delete', on: boolean): Task =>
  task(`${on ? 'require' : 'clear'} admin approval for ${action}`, async (actor) => { engineOf(actor).approval[action] = on; });

export const IncludeGroupsInProvisioning = (on: boolean): Task =>
  task(`${on ? 'select' : 'clear'} "Include in User Provisioning"`, async (actor) => { engineOf(actor).includeGroupsInProvisioning = on; });

export const DeleteMapping = (source: string): Task => task(`delete the mapping of ${source}`, async (actor) => {
  engineOf(actor).deleteMapping(source);
});

export const ChangeMappingSource = (target: string, source: string): Task =>
  task(`map ${source} to ${target}`, async (actor) => { engineOf(actor).setMappingSource(target, source); });

// ---- questions ---------------------------------------------------------------------------------------------

export function spIdOf(idp: Actor, alias: string): string {
  const id = engineOf(idp).spId(alias);
  if (!id) throw new IdpExpectationFailed(`${idp.name} holds no service-provider id for "${alias}": it was never provisioned (${lastFailure(idp)})`);
  return id;
}

function lastFailure(idp: Actor): string {
  const log = engineOf(idp).logLines.filter((l) => l.level === 'error').slice(-1)[0];
  return log ? `last error in its log: ${log.message}` : 'its log shows no error';
}

/** The user as the SP holds it, read by "the client"; undefined when the SP answers 404. */
export const StoredUser = (id: string): Question<Record<string, any> | undefined> =>
  question(`the stored user ${id}`, async (client) => {
    const reply = await client.abilityTo(CallScim).send({ method: 'GET', path: `/Users/${id}` });
    if (reply.status === 404) return undefined;
    if (reply.status !== 200) throw new IdpExpectationFailed(`reading the user ${id}: the SP answered ${reply.status} ${reply.failure ?? ''}`);
    return reply.body;
  });

export const StoredGroup = (id: string): Question<Record<string, any> | undefined> =>
  question(`the stored group ${id}`, async (client) => {
    const reply = await client.abilityTo(CallScim).send({ method: 'GET', path: `/Groups/${id}` });
    if (reply.status === 404) return undefined;
    if (reply.status !== 200) throw new IdpExpectationFailed(`reading the group ${id}: the SP answered ${reply.status} ${reply.failure ?? ''}`);
    return reply.body;
  });

/** Membership as the SP reports it: aws groups come back without members, so ask with the member filter. */
export const Membership = (ctx: ScenarioContext, groupId: string, userId: string): Question<boolean> =>
  question(`whether ${userId} is a member of ${groupId}`, async (client) => {
    const scim = client.abilityTo(CallScim);
    if (ctx.profile === 'aws') {
      const reply = await scim.send({ method: 'GET', path: '/Groups', query: { filter: `id eq "${groupId}" and members eq "${userId}"` } });
      if (reply.status !== 200) throw new IdpExpectationFailed(`reading a membership: the SP answered ${reply.status}`);
      return (reply.body?.Resources ?? []).some((g: any) => g?.id === groupId);
    }
    const reply = await scim.send({ method: 'GET', path: `/Groups/${groupId}` });
    if (reply.status !== 200) throw new IdpExpectationFailed(`reading the group ${groupId}: the SP answered ${reply.status}`);
    return (reply.body?.members ?? []).some((m: any) => m?.value === userId);
  });

/** Users the SP holds whose userName is one of this scenario's people (run-unique names). */
export const StoredUserNamed = (userName: string): Question<Record<string, any> | undefined> =>
  question(`the stored user named ${userName}`, async (client) => {
    const reply = await client.abilityTo(CallScim).send({ method: 'GET', path: '/Users', query: { filter: `userName eq "${userName}"` } });
    if (reply.status !== 200) throw new IdpExpectationFailed(`looking up ${userName}: the SP answered ${reply.status}`);
    return (reply.body?.Resources ?? [])[0];
  });

export const StoredGroupNamed = (displayName: string): Question<Record<string, any> | undefined> =>
  question(`the stored group named ${displayName}`, async (client) => {
    const reply = await client.abilityTo(CallScim).send({ method: 'GET', path: '/Groups', query: { filter: `displayName eq "${displayName}"` } });
    if (reply.status !== 200) throw new IdpExpectationFailed(`looking up the group ${displayName}: the SP answered ${reply.status}`);
    return (reply.body?.Resources ?? [])[0];
  });

/** What the IdP sent (cleanup excluded), optionally only requests that concern one SP id. */
export function sentBy(idp: Actor, about?: string): Exchange[] {
  const all = engineOf(idp).exchanges;
  return about ? all.filter((e) => e.request.url.includes(about) || JSON.stringify(e.request.body ?? '').includes(about)) : all;
}

/** The SP admin removes a resource in the service provider by hand, as the seeds' troubleshooting does. */
export const DeleteInServiceProvider = (kind: 'Users' | 'Groups', spId: string, label: string): Task =>
  task(`delete ${label} in the service provider`, async (client) => {
    const reply = await client.abilityTo(CallScim).send({ method: 'DELETE', path: `/${kind}/${spId}` });
    if (reply.status !== 204) throw new IdpExpectationFailed(`deleting ${label} in the service provider: the SP answered ${reply.status}${reply.failure ? ` (${reply.failure})` : ''}`);
  });
