// Tasks "the client" performs on users. Each leaves its reply as the actor's last reply.
// Setup (the Ensure… tasks) uses only what RFC 7644 requires and accepts any 2xx: whether a create must be
// exactly 201 is RFC-CREATE-01's verdict, so a setup that fails is owned by that row (the scenario is BLOCKED).
import { task, Unsupported, type Actor, type Task } from '../actor.js';
import { traitsOf } from './rfc-traits.js';
import { CallScim } from '../abilities/call-scim.js';
import type { ScenarioContext } from '../context.js';
import { userPayload } from '../../scim/payloads.js';
import { ExpectationFailed, describeReply, pathOf, succeeded } from '../../scim/expectations.js';
import { createdId, resourcePath } from '../../scim/paths.js';
import type { ScimReply } from '../../scim/client.js';
import { MAPPED_USER_ATTRIBUTES } from '../../targets/capabilities.js';
import { readUntil } from '../settle.js';

export function idOf(actor: Actor, alias: string): string {
  const id = actor.abilityTo(CallScim).ids.get(alias);
  if (!id) throw new Error(`no user or group "${alias}" was created in this scenario`);
  return id;
}

/** The SP-side path of a user or group the scenario created, its id percent-encoded. */
export const pathOfUser = (actor: Actor, alias: string): string => resourcePath('Users', idOf(actor, alias));
export const pathOfGroup = (actor: Actor, alias: string): string => resourcePath('Groups', idOf(actor, alias));


/** A setup write must have succeeded (any 2xx) and, for a create, named the new resource's id. */
export function expectSetupDone(reply: ScimReply, what: string, needsId = false): void {
  if (!succeeded(reply)) throw new ExpectationFailed(`${what}: the SP answered ${describeReply(reply)} (${reply.exchange.request.method} ${pathOf(reply)})`);
  if (needsId && !createdId(reply)) throw new ExpectationFailed(`${what}: the SP answered ${reply.status} without an id or a Location (${reply.exchange.request.method} ${pathOf(reply)})`);
}

export const CreateUser = {
  /** POST /Users with a body valid for both profiles, changed by `change` (a variation of the scenario). */
  named: (ctx: ScenarioContext, alias: string, change: (body: Record<string, any>) => void = () => {}): Task =>
    task(`create the user "${alias}"`, async (actor) => {
      const body = userPayload(ctx.person(alias));
      change(body);
      const scim = actor.abilityTo(CallScim);
      const reply = await scim.send({ method: 'POST', path: '/Users', body });
      const id = succeeded(reply) ? createdId(reply) : undefined;
      if (id) scim.ids.set(alias, id);
    }),
};

/** A user the scenario needs (setup): owned by RFC-CREATE-01. */
export const EnsureUser = (ctx: ScenarioContext, alias: string, change?: (body: Record<string, any>) => void, what = ''): Task =>
  task(`make sure the user "${alias}" exists${what ? ` with ${what}` : ''}`, async (actor) => {
    await actor.attemptsTo(CreateUser.named(ctx, alias, change));
    expectSetupDone(actor.abilityTo(CallScim).lastReply(), `creating the user "${alias}"${what ? ` with ${what}` : ''}`, true);
  }, 'RFC-CREATE-01');

export const ReadUser = (alias: string): Task =>
  task(`read the user "${alias}"`, async (actor) => {
    await actor.abilityTo(CallScim).send({ method: 'GET', path: pathOfUser(actor, alias) });
  });

export const DeleteUser = (alias: string): Task =>
  task(`delete the user "${alias}"`, async (actor) => {
    const scim = actor.abilityTo(CallScim);
    const id = idOf(actor, alias);
    const reply = await scim.send({ method: 'DELETE', path: resourcePath('Users', id) });
    if (succeeded(reply)) scim.forget(id);
  });

/**
 * A delete the scenario needs done (setup, or a step another row judges): any 2xx, and then the user no longer
 * served, both owned by RFC-DELETE-01. A delete answered 2xx and lost would otherwise turn the next step's row
 * red (a create of the same name refused as taken, a member still listed) for RFC-DELETE-01's deviation.
 */
export const EnsureUserDeleted = (ctx: ScenarioContext, alias: string): Task =>
  task(`make sure the user "${alias}" is deleted`, async (actor) => {
    const id = idOf(actor, alias);
    await actor.attemptsTo(DeleteUser(alias));
    expectSetupDone(actor.abilityTo(CallScim).lastReply(), `deleting the user "${alias}"`);
    await expectNoLongerServed(ctx, actor, 'Users', id, `the user "${alias}"`);
  }, 'RFC-DELETE-01');

/**
 * After a delete answered 2xx: the SP no longer serves the resource by its id (RFC 7644 §3.6: "the service provider
 * MUST return a 404 (Not Found) error code for all operations associated with the previously deleted resource").
 * Only a read that still answers the resource counts against it, read again within the settle time (a replica may
 * see the delete late): any status other than a 2xx will do here, since the exact 404 is RFC-DELETE-01's own check.
 */
export async function expectNoLongerServed(ctx: ScenarioContext, actor: Actor, kind: 'Users' | 'Groups', id: string, label: string): Promise<void> {
  const scim = actor.abilityTo(CallScim);
  const read = await readUntil(ctx, `${label} no longer served after its delete`,
    () => scim.send({ method: 'GET', path: resourcePath(kind, id) }), (reply) => !succeeded(reply));
  if (succeeded(read)) throw new ExpectationFailed(`${label} was deleted (answered 2xx), yet the SP still answers ${read.status} to reading it by its id ${id} after the settle time: the delete did not take effect (RFC 7644 §3.6)`);
}

/**
 * Whether a user's externalId can be looked up by filter: false when the capability probe's user came back
 * without the one it was created with. A filter row judges the SP's filter, not whether it keeps externalId, so
 * its forms on externalId are left out then (under aws, the rows of the IdPs that map their object id to
 * externalId judge that it is kept).
 */
export function externalIdKept(ctx: ScenarioContext): boolean {
  return ctx.target.capabilities.served?.externalId !== false;
}

export const EXTERNAL_ID_NOT_KEPT = 'the SP keeps no externalId (the capability probe\'s user came back without it), so a filter on a user\'s externalId cannot be judged';

/**
 * Whether a check may read this user attribute: under rfc, only what the SP's /Schemas declares (the capability
 * probe read it; nothing is missing where /Schemas said nothing), and never one the probe saw the SP drop. `target`: a path as the mappings write it
 * (`name.givenName`, `phoneNumbers[type eq "work"].value`, `<urn>:manager`); a value filter is left out.
 */
export function userAttributeDeclared(ctx: ScenarioContext, target: string): boolean {
  if (!traitsOf(ctx.profile).userAttributesOptional) return true;
  if (droppedByProbe(ctx, target)) return false;
  return schemaDeclares(ctx, target) ?? true;
}

/** Whether the SP's /Schemas, as the capability probe read it, declares this attribute; undefined where it read none. */
export function schemaDeclares(ctx: ScenarioContext, target: string): boolean | undefined {
  return ctx.target.capabilities.served?.userAttributes?.includes(schemaPathOf(target));
}

/** A mapping's target as /Schemas names it: lower case, a value filter left out (`emails[type eq "work"].value` → `emails.value`). */
const schemaPathOf = (target: string): string => target.replace(/\[[^\]]*\]/g, '').toLowerCase();

/** The capability probe created a user with this attribute and read it back without it: the SP keeps none. */
export function droppedByProbe(ctx: ScenarioContext, target: string): boolean {
  const path = schemaPathOf(target);
  return ctx.target.capabilities.served?.dropped?.some((d) => path === d || path.startsWith(`${d}.`)) ?? false;
}

/**
 * The state a user's `active` names: a JSON boolean is itself. The strings "true" and "false" count on an SP the
 * capability probe saw answer its boolean `active: true` as a string: that SP types every boolean so, RFC-READ-01
 * judges the type once (a should), and a check of the state reads the state. Where the probe saw a boolean come back,
 * a string is an IdP's string the SP kept unconverted (Entra's "False"), and the row of the IdP that sent it owns that.
 * Where it learnt neither, the string is read as its state, with a note.
 */
export function activeStateOf(ctx: ScenarioContext, value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const typed = ctx.target.capabilities.served?.activeAsString;
  if (typeof value !== 'string' || typed === false || !/^(true|false)$/i.test(value)) return undefined;
  // where the probe learnt nothing (its user's create or read failed) a string cannot be told apart: the state is
  // read, and the type judged by no row, rather than every IdP row red for what may be the SP's typing
  ctx.noteOnce(typed ? `active is read from the string ${JSON.stringify(value)}: this SP answers booleans as strings (the capability probe's user came back so), which RFC-READ-01 judges`
    : `active is read from the string ${JSON.stringify(value)}: the capability probe could not learn how this SP types booleans (its user was not created and read back), so whether a string is the SP's typing or an IdP's string kept is not judged`);
  return value.toLowerCase() === 'true';
}

/**
 * Whether a check may expect a user's displayName back: a user "MAY include" one (RFC 7643 §4.1.1), so under rfc an
 * SP whose /Schemas declares none keeps none, and the check is not judged (a note says so beside the verdict).
 */
export function displayNameJudged(ctx: ScenarioContext): boolean {
  return judgedWhereDeclared(ctx, 'displayName', 'not judged: a user\'s displayName, since the SP\'s /Schemas declares none (RFC 7643 §4.1.1: a user "MAY include" one)');
}

/** True where /Schemas declares the attribute at `path`; otherwise false, with `note` beside the verdict (once). */
export function judgedWhereDeclared(ctx: ScenarioContext, path: string, note: string): boolean {
  if (userAttributeDeclared(ctx, path)) return true;
  // an SP that keeps no such attribute whatever its /Schemas says: whether /Schemas says so truly is RFC-DISC-01's
  const schemaSilent = schemaDeclares(ctx, path) ?? true; // /Schemas declares it, or says nothing: the probe's finding is the reason
  ctx.noteOnce(schemaSilent && droppedByProbe(ctx, path) ? `not judged: ${path}, which the SP does not keep (the capability probe's user was created with it and read back without the value it sent; RFC 7643 §4.1 leaves it optional)` : note);
  return false;
}

/**
 * Whether a step may check this stored user attribute. Under rfc an SP may keep a subset of the User attributes
 * (RFC 7643 §4.1 makes them OPTIONAL): where its /Schemas does not declare this one (the capability probe read
 * it), the check is not judged, and a note says so beside the verdict, while the scenario's other checks go on.
 * `attribute`: as the steps name it ("title", "work phone", "manager").
 */
export function userAttributeJudged(ctx: ScenarioContext, attribute: string): boolean {
  const named = MAPPED_USER_ATTRIBUTES[attribute];
  if (!named) throw new Error(`no /Schemas path is known for the user attribute "${attribute}" (support/targets/capabilities.ts)`);
  const [path, shown] = named;
  return judgedWhereDeclared(ctx, path, `not judged: the ${shown} the IdP sent, since the SP's /Schemas declares no ${shown} (RFC 7643 §4.1 leaves it optional)`);
}

/**
 * Stops a check of a stored externalId on an SP that does not store one (the capability probe's user came back
 * without it): under rfc that is lawful (RFC 7643 §3.1: OPTIONAL), so the check is UNSUPPORTED there; AWS stores it.
 */
export function requireExternalId(ctx: ScenarioContext): void {
  if (traitsOf(ctx.profile).externalIdOptional && !externalIdKept(ctx)) {
    throw new Unsupported('the SP does not store externalId (the capability probe\'s user came back without it), which RFC 7643 §3.1 allows');
  }
}

/**
 * Where the capability probe learnt nothing of externalId (its user was not created and read back), a user the SP
 * answers without one cannot be told from an SP that keeps none, which RFC 7643 §3.1 allows: not judged under rfc,
 * with a note, and the scenario's other checks go on.
 */
export function externalIdJudged(ctx: ScenarioContext, stored: unknown): boolean {
  const unknown = traitsOf(ctx.profile).externalIdOptional && ctx.target.capabilities.served?.externalId === undefined && (stored === undefined || stored === null);
  if (unknown) ctx.noteOnce('not judged: the externalId, which the SP answered none of, and the capability probe could not learn whether it keeps one (its user was not created and read back); RFC 7643 §3.1 makes it OPTIONAL');
  return !unknown;
}
