// Tasks and questions of the IdP actors (Okta, Entra ID, OneLogin), in the IdP admin's words. Each task
// changes the IdP's directory or presses a console button; the engine decides, from the dialect profile,
// what goes on the wire and when (event-driven dialects push at once, cycle dialects wait for a cycle).
import { Actor, ownerFirst, task, question, Unsupported, type Task, type Question } from '../../actor.js';
import type { ScenarioContext } from '../../context.js';
import { ProvisionAsIdp } from '../../abilities/provision-as-idp.js';
import { CallScim } from '../../abilities/call-scim.js';
import { AdministerReference } from '../../abilities/administer-reference.js';
import { ProvisionedOwnTenant, ownTenant } from '../provisioning.js';
import { directoryUser, type DirectoryUser, type Edge } from '../../../idp/directory.js';
import { spokenDuration } from '../../../idp/clock.js';
import type { Outcome, ProvisioningEngine } from '../../../idp/engine.js';
import { plainWriteOwner, type Behaviour } from '../../../idp/profile.js';
import type { Exchange } from '../../../scim/exchange.js';
import type { ScimReply } from '../../../scim/client.js';
import { describeReply, succeeded } from '../../../scim/expectations.js';
import { resourcePath } from '../../../scim/paths.js';
import { ENTERPRISE_SCHEMA } from '../../../scim/payloads.js';
import { traitsOf } from '../rfc-traits.js';
import { Eventually, readUntil } from '../../settle.js';
import { EnsureUser, expectNoLongerServed, idOf } from '../users.js';
import { requireGroups } from '../groups.js';
import { MEMBER_FILTER_OWNER, memberFilterFailed, readGroupForMembers, unlistedMembersOwner, UNLISTED_MEMBERS_NOTE } from '../../questions/membership.js';
import { patchOffered } from '../../../targets/target.js';

export class IdpExpectationFailed extends Error {
  constructor(message: string) { super(message); this.name = 'ExpectationFailed'; }
}

export function engineOf(actor: Actor): ProvisioningEngine { return actor.abilityTo(ProvisionAsIdp).engine; }

/**
 * A task owned by the row this actor's dialect names for a behaviour (the profile's `owners`): what the IdP
 * sends differs by dialect, and so does the row that judges the SP's answer.
 */
const dialectTask = (behaviour: Behaviour, description: string, perform: (actor: Actor) => Promise<void>): Task =>
  task(description, async (actor) => {
    await actor.attemptsTo(task(description, perform, engineOf(actor).profile.owners[behaviour]));
  });

/** A failure that names its owner (undefined: the scenario's own row). */
function owned(message: string, owner: string | undefined): IdpExpectationFailed {
  const error = new IdpExpectationFailed(message);
  if (owner) (error as { owner?: string }).owner = owner;
  return error;
}

/** The rows whose rule makes an aws SP refuse a directory user with an edge case (the refusal the IdP's log then shows). */
const EDGE_REFUSED_BY: Partial<Record<Edge, string>> = {
  'partial-address': 'OKTA-ADDR-01', 'missing-names': 'AP-USER-01', 'several-phones': 'AP-USER-03', 'aws-refused-chars': 'AWS-CHARS-01',
};

/**
 * The IdP's last refusal, where the SP refused the request itself, whatever its body said: a server failure
 * (Outcome.serverSide: a 5xx but 501), whose dialect's row for that request comes first (red where the SP fails every
 * such request), then the rule the user's edge case meets, then the scenario's own row; or the Content-Type every body
 * of the dialect carries (asked once more without it, engine.blameMediaType), which the dialect's quirk row owns. A
 * failure that reads the refusal's words (a log line, an error body) is thrown so; undefined where the last refusal
 * was neither.
 */
export async function failedForTheRequestItself(idp: Actor, message: string): Promise<IdpExpectationFailed | undefined> {
  const engine = engineOf(idp);
  const last = [...engine.outcomes.values()].filter((o) => !o.ok && !o.injected).sort((a, b) => a.seq - b.seq).at(-1);
  if (!last) return undefined;
  if (last.serverSide) {
    const edges = last.kind === 'user' ? engine.directory.users.get(last.key)?.edges ?? [] : [];
    return owned(message, ownerFirst(last.owner, edges.map((e) => EDGE_REFUSED_BY[e]).find(Boolean)));
  }
  const quirk = await engine.blameMediaType(last);
  return quirk ? owned(message, quirk) : undefined;
}

/**
 * The SP refused nothing the IdP sent for `user`: when the user's edge case is what an SP rule refuses, that rule's
 * row owns the failure (a scenario judging the IdP's log of the refusal is BLOCKED by it); otherwise the scenario's own.
 */
export function nothingRefused(user: DirectoryUser, message: string): IdpExpectationFailed {
  return owned(message, (user.edges ?? []).map((e) => EDGE_REFUSED_BY[e]).find(Boolean));
}

/**
 * The SP answered 2xx to the IdP's request that carried the value, yet does not show it: a silent drop. The row
 * that owns the request that carried it (the dialect's create or update) owns the failure, so a scenario that
 * judges something else (a cycle's timing) is BLOCKED by it. When no accepted request carried the value (the IdP
 * never sent it), the failure is the scenario's own.
 */
export function notApplied(idp: Actor, alias: string, carried: (sent: unknown) => boolean, message: string): IdpExpectationFailed {
  const engine = engineOf(idp);
  const sent = engine.users.get(alias)?.sent;
  const last = engine.outcomesOf('user', alias, ['createUser', 'updateUser']).filter((o) => o.ok).at(-1);
  return owned(message, sent && [...sent.values()].some(carried) ? last?.owner : undefined);
}

/**
 * The SP answered 2xx to the IdP's deactivation of the user, yet does not show the user inactive: the row that owns
 * the dialect's deactivation (Entra legacy's "False": ENTRA-PATCH-02) owns the failure, so a scenario that judges
 * what comes after the disable (ENTRA-DEL-01's hard delete) is BLOCKED by it. With no accepted deactivation, the
 * scenario's own.
 */
export function notDeactivated(idp: Actor, alias: string, message: string): IdpExpectationFailed {
  const last = engineOf(idp).outcomesOf('user', alias, ['deactivateUser']).filter((o) => o.ok).at(-1);
  return owned(message, last?.owner);
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const WORDS: Record<Behaviour, string> = {
  connect: 'connection test', lookupUser: 'lookup', createUser: 'create', updateUser: 'update', deactivateUser: 'deactivation',
  reactivateUser: 'reactivation', deleteUser: 'delete', manager: 'manager update', createGroup: 'group create',
  addMembers: 'membership change', removeMembers: 'member removal', renameGroup: 'group change', deleteGroup: 'group delete',
};

/** The SP's refusal in a reader's words, its own detail first, at most 200 characters. */
export function refusalReason(idpName: string, alias: string, o: Outcome): string {
  // a 2xx the IdP could not use (Okta's empty create answer) carries the IdP's own words, not the SP's
  const wireSuccess = o.status >= 200 && o.status < 300;
  const answered = `the SP answered ${o.status || 'nothing'}${o.detail ? `${wireSuccess ? `, which ${idpName} logs as` : ''} "${clip(o.detail, 90)}"` : ''}`;
  const sent = `${idpName}'s ${WORDS[o.behaviour]} of "${alias}" (${clip(o.request, 50)})`;
  return clip(o.carries ? `${answered} to ${sent}, ${o.carries}` : `${answered} to ${sent}`, 200);
}

/**
 * The SP accepted what the IdP last sent for this user or group (of these behaviours): the first refusal, if
 * any, fails with the SP's own words and the row that owns that request, so a scenario that judges another
 * row is BLOCKED by it. Refusals the scenario made itself (the throttling proxy, a wrong token) do not count.
 */
export const IdpChangesAccepted = (kind: 'user' | 'group', alias: string, behaviours?: Behaviour[]): Task =>
  task(`check that the SP accepted what was sent for the ${kind} "${alias}"`, async (actor) => {
    const engine = engineOf(actor);
    const refused = engine.outcomesOf(kind, alias, behaviours).find((o) => !o.ok && !o.injected);
    if (!refused) return;
    // an SP that serves users only refuses every group: the IdP's group provisioning does not apply there
    if (kind === 'group') requireGroups(actor.abilityTo(ProvisionAsIdp).ctx);
    let owner = refused.owner;
    const patchServed = patchOffered(actor.abilityTo(ProvisionAsIdp).ctx.target.capabilities);
    // a membership change that carried the dialect's rename: the rename's row only if the rename alone is refused.
    // A 501 or 405 to the rename alone as well: where the SP serves no PATCH (a capability it may lack), PATCH itself,
    // which the dialect's plain group PATCH (its membership change) owns, as it owns a server failure of that PATCH;
    // where it serves PATCH, one it declines for what it carries, and nobody's but the scenario's
    if (refused.carriesMembership) {
      const blame = await engine.blameCarriedRename(alias);
      if (blame === 'membership') owner = engine.profile.owners.addMembers;
      else if (blame === 'patch') owner = patchServed ? undefined : plainWriteOwner(engine.profile, 'group', 'PATCH');
    }
    // PATCH is optional (RFC 7644 §3.5.2): where the SP offers none, its refusal is no RFC row's (OneLogin's group
    // changes are owned by RFC rows) but the scenario's, whose IdP needs it; an RFC row red for another reason must
    // not be named as what blocked it
    if (owner && refused.sent?.method === 'PATCH' && !patchServed) {
      owner = owner.split('|').filter((o) => !o.startsWith('RFC-')).join('|') || undefined;
    }
    // a PATCH refused only for its capitalised op (Entra's legacy job), a body only for its Content-Type (OneLogin's
    // application/json, Entra's and Okta's charset parameter): the row that owns that quirk
    owner = (await engine.blameCapitalisedOps(refused)) ?? (await engine.blameMediaType(refused)) ?? owner;
    throw owned(refusalReason(actor.name, alias, refused), owner);
  });

/** Setup: the IdP provisioned the user (its create or link was accepted and it holds the SP's id). */
export const UserProvisioned = (alias: string): Task =>
  task(`check that "${alias}" was provisioned`, async (actor) => {
    await actor.attemptsTo(IdpChangesAccepted('user', alias, ['lookupUser', 'createUser']));
    if (!engineOf(actor).spId(alias)) throw new IdpExpectationFailed(clip(`${actor.name} never provisioned "${alias}" (${lastFailure(actor)})`, 200));
  });

/**
 * "The client", reading what this IdP provisioned at the IdP's own endpoint and token: the same actor when it
 * already points there, else one aimed at it (a tenant the console made, say), so a read never asks the wrong tenant.
 */
export function readerFor(idp: Actor, client: Actor, ctx: ScenarioContext): Actor {
  const ep = engineOf(idp).endpoint;
  if (!ep || !client.has(CallScim) || client.abilityTo(CallScim).current.base === ep.base) return client;
  return new Actor(client.name).whoCan(new CallScim(ctx, client.name, { base: ep.base, token: ep.token }));
}

/** Setup: the IdP provisioned the group and its members, and the SP really holds them (read back). */
export const GroupProvisioned = (ctx: ScenarioContext, client: Actor, alias: string, members: string[]): Task =>
  task(`check that the group "${alias}" was provisioned with ${members.join(', ') || 'no one'}`, async (actor) => {
    for (const m of members) await actor.attemptsTo(UserProvisioned(m));
    await actor.attemptsTo(IdpChangesAccepted('group', alias));
    const gid = spIdOf(actor, alias);
    const reader = readerFor(actor, client, ctx);
    await actor.attemptsTo(dialectTask('addMembers', `check that the SP holds the members of "${alias}"`, async () => {
      const missing: string[] = [];
      for (const m of members) if (!(await reader.asks(Eventually(ctx, Membership(ctx, gid, spIdOf(actor, m)), (is) => is)))) missing.push(m);
      if (!missing.length) return;
      const message = clip(`the SP accepted ${actor.name}'s membership changes for "${alias}" but does not list ${missing.join(', ')} among its members`, 200);
      throw (await memberFilterFailure(ctx, reader, gid, missing.map((m) => spIdOf(actor, m)), message)) ?? memberNotListed(ctx, message);
    }));
  });

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
    await actor.attemptsTo(TestConnectionPasses(note));
    const engine = engineOf(actor);
    engine.approval.create = engine.approval.update = engine.approval.delete = false;
    await engine.setProvisioning(true);
  });

/** The form takes the base URL and the connection test passes: owned by the dialect's connection row. */
const TestConnectionPasses = (note: ConnectionNote): Task =>
  dialectTask('connect', 'paste the endpoint and token and test the connection', async (actor) => {
    const engine = engineOf(actor);
    const form = engine.configure(note.base, note.token);
    if (!form.ok) throw new IdpExpectationFailed(`${actor.name}'s form refused the base URL: ${form.message}`);
    const test = await engine.testConnection();
    if (!test.ok) throw new IdpExpectationFailed(connectionFailed(actor.name, test.message, test.answer));
  });

/**
 * A failed connection test in a reader's words: the SP's answer first, then what the vendor shows, which may name
 * another cause (Entra names the credentials whatever failed).
 */
function connectionFailed(idpName: string, shown: string, answer: string | undefined): string {
  return clip(answer ? `${idpName}'s connection test failed: ${answer}; ${idpName} shows "${shown}"` : `${idpName}'s connection test failed: ${shown}`, 300);
}

export function connectionOf(actor: Actor): ConnectionNote { return actor.recall<ConnectionNote>(CONNECTION); }

/** Types a base URL into the app's form and tests it (Okta "Test API Credentials", Entra "Test Connection", OneLogin "Enable"). */
export const PasteAndTest = (baseUrl: string, token: string, wrongOnPurpose = false): Task =>
  task(`paste ${baseUrl} and test the connection`, async (actor) => {
    const engine = engineOf(actor);
    const form = engine.configure(baseUrl, token, wrongOnPurpose);
    actor.remember('connection tested', false);
    if (!form.ok) { actor.remember('console', form.message ?? ''); actor.remember('connection ok', false); return; }
    const test = await engine.testConnection();
    actor.remember('console', test.message);
    actor.remember('connection answer', test.answer);
    actor.remember('connection ok', test.ok);
    actor.remember('connection tested', true);
  });

/**
 * The last paste's connection test passed. A form that refused the URL is the scenario's own finding; a test
 * whose requests the SP failed is the dialect's connection row's (Okta's probes are OKTA-CRED-01's), so a row
 * that judges the IdP's form is BLOCKED by it rather than red.
 */
export const ConnectionTestPassed = (): Task =>
  task('see the connection test pass', async (actor) => {
    if (actor.recall<boolean>('connection ok')) return;
    const message = connectionFailed(actor.name, actor.recall<string>('console'), actor.recalls('connection answer') ? actor.recall<string | undefined>('connection answer') : undefined);
    if (!actor.recall<boolean>('connection tested')) throw new IdpExpectationFailed(message);
    await actor.attemptsTo(dialectTask('connect', 'see the SP answer the connection test', async () => { throw new IdpExpectationFailed(message); }));
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
  requireGroups(actor.abilityTo(ProvisionAsIdp).ctx); // Push Groups is for an app that serves groups
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
  'employee number': 'employeeNumber', 'mail nickname': 'mailNickname', 'work phone': 'telephoneNumber',
};

/** An email the scenario states is this run's own address (ScenarioContext.statedValue); other values go as written. */
export const ChangeAttribute = (ctx: ScenarioContext, alias: string, attribute: string, value: string): Task =>
  task(`change the ${attribute} of "${alias}" to "${value}"`, async (actor) => {
    const key = ATTRIBUTES[attribute.toLowerCase()];
    if (!key) throw new Error(`no directory attribute is called "${attribute}" (known: ${Object.keys(ATTRIBUTES).join(', ')})`);
    const u = engineOf(actor).directory.user(alias);
    (u as unknown as Record<string, unknown>)[key] = ctx.statedValue(attribute, value);
    if (key === 'givenName' || key === 'familyName') u.displayName = `${u.givenName ?? ''} ${u.familyName ?? ''}`.trim();
    await changed(actor, [alias]);
  });

export const RenameUser = (ctx: ScenarioContext, alias: string): Task =>
  task(`rename "${alias}"`, async (actor) => {
    const u = engineOf(actor).directory.user(alias);
    const fresh = ctx.userNameFor(`${alias} renamed`);
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
  if (!id) throw new IdpExpectationFailed(clip(`${idp.name} never provisioned "${alias}" (${lastFailure(idp)})`, 200));
  return id;
}

function lastFailure(idp: Actor): string {
  const log = engineOf(idp).logLines.filter((l) => l.level === 'error').slice(-1)[0];
  return log ? `last error in its log: ${log.message}` : 'its log shows no error';
}


/** The user as the SP holds it, read by "the client" by id (RFC-READ-01's behaviour); undefined when the SP answers 404. */
export const StoredUser = (id: string): Question<Record<string, any> | undefined> =>
  question(`the stored user ${id}`, async (client) => {
    const reply = await client.abilityTo(CallScim).send({ method: 'GET', path: resourcePath('Users', id) });
    if (reply.status === 404) return undefined;
    if (!succeeded(reply)) throw new IdpExpectationFailed(`reading the user ${id}: the SP answered ${describeReply(reply)}`);
    return reply.body;
  }, 'RFC-READ-01');

/** The manager id a stored user carries, whether as `{ value }` (RFC 7643 §4.3) or as the bare id Entra sends. */
export function managerIdOf(user: Record<string, any> | undefined): unknown {
  const got = user?.[ENTERPRISE_SCHEMA]?.manager;
  return typeof got === 'string' ? got : got?.value;
}

/**
 * A diagnosis after an IdP's manager update did not show: the client sets the manager in RFC 7644's own form
 * (`replace` of the extension's URN path with `{ "value": id }`) and reads the user back. Where that does not show
 * either, the SP does not apply a PATCH of the enterprise extension at all: RFC-PATCH-01's deviation, not the
 * dialect's form of the manager. One request more, sent only after the scenario has already failed.
 */
export async function managerNotSet(ctx: ScenarioContext, client: Actor, userId: string, managerId: string, message: string): Promise<IdpExpectationFailed> {
  const patched = await client.abilityTo(CallScim).send({ method: 'PATCH', path: resourcePath('Users', userId), body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', path: `${ENTERPRISE_SCHEMA}:manager`, value: { value: managerId } }] } });
  const shows = (u: Record<string, any> | undefined): boolean => managerIdOf(u) === managerId;
  if (succeeded(patched) && shows(await client.asks(Eventually(ctx, StoredUser(userId), shows)).catch(() => undefined))) return new IdpExpectationFailed(message);
  return owned(`${message} (nor does a manager PATCH in RFC 7644's form show: ${succeeded(patched) ? 'answered 2xx, not applied' : `the SP answered ${describeReply(patched)}`})`, 'RFC-PATCH-01');
}

export const StoredGroup = (id: string): Question<Record<string, any> | undefined> =>
  question(`the stored group ${id}`, async (client) => {
    const reply = await client.abilityTo(CallScim).send({ method: 'GET', path: resourcePath('Groups', id) });
    if (reply.status === 404) return undefined;
    if (!succeeded(reply)) throw new IdpExpectationFailed(`reading the group ${id}: the SP answered ${describeReply(reply)}`);
    return reply.body;
  }, 'RFC-READ-01');

const q = (s: string): string => JSON.stringify(s);

/** Membership read from the group by id (RFC-READ-01), where the profile's groups carry their members. */
const memberOfGroupRead = (groupId: string, userId: string): Question<boolean> =>
  question(`whether ${userId} is a member of ${groupId}, read from the group`, async (client) => {
    const reply = await readGroupForMembers(client.abilityTo(CallScim), groupId);
    if (!succeeded(reply)) throw new IdpExpectationFailed(`reading the group ${groupId}: the SP answered ${describeReply(reply)}`);
    return (reply.body?.members ?? []).some((m: any) => m?.value === userId);
  }, 'RFC-READ-01');

/** Membership asked with the member filter (AWS-GROUP-01), where groups come back without members (aws). */
const memberByFilter = (groupId: string, userId: string): Question<boolean> =>
  question(`whether ${userId} is a member of ${groupId}, asked with the member filter`, async (client) => {
    const reply = await client.abilityTo(CallScim).send({ method: 'GET', path: '/Groups', query: { filter: `id eq ${q(groupId)} and members eq ${q(userId)}` } });
    if (!succeeded(reply)) throw new IdpExpectationFailed(`asking whether ${userId} is a member of ${groupId}: the SP answered ${describeReply(reply)}`);
    return (reply.body?.Resources ?? []).some((g: any) => g?.id === groupId);
  }, 'AWS-GROUP-01');

/**
 * A member the SP does not list, as a failure that names its owner: RFC-GROUP-01 where no membership can be read
 * back from this SP at all (membership.ts), so a row that needs it is BLOCKED by RFC-GROUP-01 rather than red for
 * the IdP's dialect; otherwise the asking row's own.
 */
/**
 * A member the IdP's group should show and does not. Where no SP group lists its members (the capability probe),
 * RFC-GROUP-01's; where the SP answered 2xx to the request that carried the member (`carrying`), a silent drop, owned
 * by the dialect's row for that request (the group's create, or a member add), so that a row judging something else
 * (a rename, a sync) is BLOCKED by it; where the IdP never sent the member, the scenario's own.
 */
export function memberMissing(ctx: ScenarioContext, idp: Actor, carrying: Exchange | undefined, message: string): IdpExpectationFailed {
  if (unlistedMembersOwner(ctx) || !carrying) return memberNotListed(ctx, message);
  const owners = engineOf(idp).profile.owners;
  return owned(message, carrying.request.method === 'POST' ? owners.createGroup : owners.addMembers);
}

/**
 * Members the member filter did not find, where the group read by id lists one of them (membership.ts
 * memberFilterFailed): the filter's failure, AWS-GROUP-01's, not the IdP's; undefined otherwise.
 */
export async function memberFilterFailure(ctx: ScenarioContext, reader: Actor, groupId: string, userIds: string[], message: string): Promise<IdpExpectationFailed | undefined> {
  const failed = await memberFilterFailed(reader.abilityTo(CallScim), ctx, groupId, userIds, message);
  return failed && owned(failed.message, MEMBER_FILTER_OWNER);
}

export function memberNotListed(ctx: ScenarioContext, message: string): IdpExpectationFailed {
  const owner = unlistedMembersOwner(ctx);
  return owned(owner ? `${message}${UNLISTED_MEMBERS_NOTE}` : message, owner);
}

/** Membership as the SP reports it, the way the profile reads it (rfc-traits: groupsCarryMembers). */
export const Membership = (ctx: ScenarioContext, groupId: string, userId: string): Question<boolean> =>
  question(`whether ${userId} is a member of ${groupId}`, async (client) =>
    client.asks(traitsOf(ctx.profile).groupsCarryMembers ? memberOfGroupRead(groupId, userId) : memberByFilter(groupId, userId)));

/** The user the SP holds under this (run-unique) userName: `userName eq`, the one filter every row may use (RFC-FILTER-01). */
export const StoredUserNamed = (userName: string): Question<Record<string, any> | undefined> =>
  question(`the stored user named ${userName}`, async (client) => {
    const reply = await client.abilityTo(CallScim).send({ method: 'GET', path: '/Users', query: { filter: `userName eq ${q(userName)}` } });
    if (!succeeded(reply)) throw new IdpExpectationFailed(`looking up ${userName}: the SP answered ${describeReply(reply)}`);
    return (reply.body?.Resources ?? [])[0];
  }, 'RFC-FILTER-01');

/**
 * The user `userName eq` finds, where the SP should hold it as `id` (waiting for a list that shows a write
 * late). Where the filter misses a user that a read by id shows under that very name, the miss is the filter's
 * (RFC-FILTER-01), whatever row asked: the answer is the SP's filter, not the IdP's change.
 */
export const UserFoundByName = (ctx: ScenarioContext, userName: string, id: string, purpose = ''): Question<Record<string, any> | undefined> =>
  question(`the user ${id}, found by userName ${userName}`, async (client) => {
    const found = await client.asks(Eventually(ctx, StoredUserNamed(userName), (u) => u?.id === id));
    if (found?.id === id) return found;
    const byId = await client.asks(StoredUser(id)).catch(() => undefined);
    if (typeof byId?.userName === 'string' && byId.userName.toLowerCase() === userName.toLowerCase()) {
      throw new IdpExpectationFailed(`the SP holds ${q(userName)} as ${id}, but \`userName eq\` finds ${found ? found.id : 'no one'}${purpose}`);
    }
    return found;
  }, 'RFC-FILTER-01');

/**
 * Setup of a user the SP held before the IdP came (the IdP's lookup should find and link it): created, then
 * found by `userName eq`, waiting for a list that shows a new user late, as a user made long ago would be.
 */
export const ExistingAccount = (ctx: ScenarioContext, alias: string): Task =>
  task(`make sure the service provider holds "${alias}" and finds it by userName`, async (client) => {
    await client.attemptsTo(EnsureUser(ctx, alias));
    const id = idOf(client, alias);
    const found = await client.asks(UserFoundByName(ctx, ctx.person(alias).userName, id, ', so no IdP\'s lookup could link it'));
    if (found?.id !== id) throw new IdpExpectationFailed(`the SP holds "${alias}" (${id}) but \`userName eq\` finds ${found ? `${found.id}` : 'no one'}, so no IdP's lookup could link it`);
  }, 'RFC-FILTER-01');

/** What the IdP sent (cleanup excluded). */
export function sentBy(idp: Actor): Exchange[] {
  return engineOf(idp).exchanges;
}

/**
 * The SP admin removes a resource in the service provider by hand, as the vendors' troubleshooting does.
 * Any 2xx will do (RFC-DELETE-01 judges the exact status); a refusal is that row's, so another row's scenario is BLOCKED.
 * The admin's delete comes long before the IdP's next cycle, so the task waits (within the settle time) until the
 * SP's list no longer finds the resource by its name: an SP whose lists lag would otherwise show the IdP a
 * resource that is gone. The wait judges nothing: a filter the SP refuses, or a list still late, ends it. A read by
 * id that still answers the resource is judged (RFC-DELETE-01's): the delete was lost, and the IdP's row would
 * otherwise be red for it.
 */
export const DeleteInServiceProvider = (ctx: ScenarioContext, kind: 'Users' | 'Groups', spId: string, label: string, name: string): Task =>
  task(`delete ${label} in the service provider`, async (client) => {
    const scim = client.abilityTo(CallScim);
    const reply = await scim.send({ method: 'DELETE', path: resourcePath(kind, spId) });
    if (!succeeded(reply)) throw new IdpExpectationFailed(`deleting ${label} in the service provider: the SP answered ${describeReply(reply)}`);
    await expectNoLongerServed(ctx, client, kind, spId, label);
    const filter = `${kind === 'Users' ? 'userName' : 'displayName'} eq ${q(name)}`;
    const stillListed = async (): Promise<boolean> => {
      const listed = await scim.send({ method: 'GET', path: `/${kind}`, query: { filter } });
      return succeeded(listed) && (listed.body?.Resources ?? []).some((r: any) => r?.id === spId);
    };
    await readUntil(ctx, `${label} gone from the list after its delete`, stillListed, (shown) => !shown);
  }, 'RFC-DELETE-01');

/** The admin edits the vendor's text template into one of the dialect's named variations (profile data). */
export const UseTemplateVariation = (name: string): Task =>
  task(`edit the SCIM JSON template to the variation "${name}"`, async (actor) => { engineOf(actor).useTemplateVariation(name); });
