// Tasks of the AWS section (the IAM Identity Center SCIM developer guide): groups, the operations AWS
// serves, its filters, cursor paging, PATCH limits, tenants in the path, and the event trail.
import { randomBytes } from 'node:crypto';
import { task, Unsupported, type Actor, type Task } from '../actor.js';
import { CallScim } from '../abilities/call-scim.js';
import type { ScenarioContext } from '../context.js';
import type { ScimReply } from '../../scim/client.js';
import { GROUP_SCHEMA, patchOps, userPayload } from '../../scim/payloads.js';
import { ExpectationFailed, describeReply } from '../../scim/expectations.js';
import { CreateUser, idOf } from './users.js';
import { ownTenant } from './provisioning.js';

type Body = Record<string, any>;

function scimOf(actor: Actor): CallScim { return actor.abilityTo(CallScim); }

/** True when the actor works on a tenant the scenario made: its data goes with the tenant. */
function onOwnTenant(ctx: ScenarioContext, actor: Actor): boolean {
  return scimOf(actor).current.base !== ctx.target.scimBase;
}

// ---- groups -------------------------------------------------------------------------------------------

export function groupExternalId(actor: Actor, alias: string): string {
  const key = `group externalId ${alias}`;
  if (!actor.recalls(key)) actor.remember(key, `ext-${randomBytes(8).toString('hex')}`);
  return actor.recall<string>(key);
}

export const CreateGroup = (ctx: ScenarioContext, alias: string, memberIds: string[]): Task =>
  task(`create the group "${alias}" with ${memberIds.length} member(s)`, async (actor) => {
    const scim = scimOf(actor);
    const body = { schemas: [GROUP_SCHEMA], displayName: ctx.groupName(alias), externalId: groupExternalId(actor, alias),
      members: memberIds.map((value) => ({ value })) };
    const reply = await scim.send({ method: 'POST', path: '/Groups', body });
    if (reply.status === 201 && reply.body?.id) scim.ids.set(alias, reply.body.id);
  });

/** A second group with an existing group's displayName (AWS answers 409). */
export const CreateGroupNamedLike = (ctx: ScenarioContext, alias: string): Task =>
  task(`create another group named like "${alias}"`, async (actor) => {
    const scim = scimOf(actor);
    const reply = await scim.send({ method: 'POST', path: '/Groups', body: { schemas: [GROUP_SCHEMA], displayName: ctx.groupName(alias), members: [] } });
    void reply; // a 201 (a bug) is tracked by CallScim and cleaned up
  });

export const EnsureGroup = (ctx: ScenarioContext, alias: string, memberAliases: string[]): Task =>
  task(`make sure the group "${alias}" exists`, async (actor) => {
    await actor.attemptsTo(CreateGroup(ctx, alias, memberAliases.map((m) => idOf(actor, m))));
    const reply = scimOf(actor).lastReply();
    if (reply.status !== 201) throw new ExpectationFailed(`creating the group "${alias}": expected 201, got ${describeReply(reply)}`);
  });

// ---- many users at once --------------------------------------------------------------------------------

/** Creates n users, ten at a time; their ids are the actor's "pool". On an own tenant they go with it. */
export const CreateManyUsers = (ctx: ScenarioContext, n: number): Task =>
  task(`create ${n} users`, async (actor) => {
    const scim = scimOf(actor);
    const pool: string[] = new Array(n);
    const own = onOwnTenant(ctx, actor);
    let next = 0;
    const worker = async () => {
      while (next < n) {
        const i = next++;
        const body = userPayload(ctx.person(`pool ${i + 1}`));
        let reply = await scim.send({ method: 'POST', path: '/Users', body });
        // a real tenant throttles bursts (429 ThrottlingException): back off as IdPs do
        for (let attempt = 0; reply.status === 429 && attempt < 6; attempt++) {
          const after = Number(reply.headers['retry-after']);
          await new Promise((r) => setTimeout(r, Number.isFinite(after) && after > 0 ? after * 1000 : 250 * 2 ** attempt));
          reply = await scim.send({ method: 'POST', path: '/Users', body });
        }
        if (reply.status !== 201 || !reply.body?.id) throw new ExpectationFailed(`creating user ${i + 1} of ${n}: expected 201, got ${describeReply(reply)}`);
        pool[i] = reply.body.id;
        if (own) scim.forget(reply.body.id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(10, n) }, worker));
    actor.remember('pool', pool);
  });

export function pool(actor: Actor): string[] { return actor.recall<string[]>('pool'); }

export const CreateGroupFromPool = (ctx: ScenarioContext, alias: string, n: number): Task =>
  task(`create the group "${alias}" with ${n} members`, async (actor) => {
    const ids = pool(actor);
    if (ids.length < n) throw new Error(`only ${ids.length} users were created, not ${n}`);
    await actor.attemptsTo(CreateGroup(ctx, alias, ids.slice(0, n)));
  });

export const EnsureGroupFromPool = (ctx: ScenarioContext, alias: string, n: number): Task =>
  task(`make sure the group "${alias}" exists with ${n} members`, async (actor) => {
    await actor.attemptsTo(CreateGroupFromPool(ctx, alias, n));
    const reply = scimOf(actor).lastReply();
    if (reply.status !== 201) throw new ExpectationFailed(`creating the group "${alias}" with ${n} members: expected 201, got ${describeReply(reply)}`);
  });

/** One PATCH adding n of the pool's users to a group. */
export const AddPoolMembers = (alias: string, n: number): Task =>
  task(`add ${n} members to "${alias}" in one PATCH`, async (actor) => {
    const ids = pool(actor).slice(0, n);
    await scimOf(actor).send({ method: 'PATCH', path: `/Groups/${idOf(actor, alias)}`,
      body: patchOps({ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }) });
  });

export const ReplaceAllMembers = (alias: string, withAlias: string): Task =>
  task(`replace every member of "${alias}" with "${withAlias}"`, async (actor) => {
    await scimOf(actor).send({ method: 'PATCH', path: `/Groups/${idOf(actor, alias)}`,
      body: patchOps({ op: 'replace', path: 'members', value: [{ value: idOf(actor, withAlias) }] }) });
  });

export const RemoveAllMembers = (alias: string): Task =>
  task(`remove every member of "${alias}"`, async (actor) => {
    await scimOf(actor).send({ method: 'PATCH', path: `/Groups/${idOf(actor, alias)}`, body: patchOps({ op: 'remove', path: 'members' }) });
  });

// ---- operations ---------------------------------------------------------------------------------------

export const OPERATIONS = ['GET', 'list', 'PUT', 'PATCH', 'DELETE'] as const;

/** One operation on a user or group that exists, sent as a plain client would (AWS-OPS-01). */
export const PerformOperation = (ctx: ScenarioContext, operation: string, kind: 'user' | 'group', alias: string): Task =>
  task(`${operation} the ${kind} "${alias}"`, async (actor) => {
    const scim = scimOf(actor);
    const id = idOf(actor, alias);
    const type = kind === 'user' ? 'Users' : 'Groups';
    let reply: ScimReply;
    switch (operation) {
      case 'GET': reply = await scim.send({ method: 'GET', path: `/${type}/${id}` }); break;
      case 'list': reply = await scim.send({ method: 'GET', path: `/${type}`, query: { filter: kind === 'user'
        ? `userName eq "${ctx.person(alias).userName}"` : `displayName eq "${ctx.groupName(alias)}"` } }); break;
      case 'PUT': {
        const body: Body = kind === 'user'
          ? { ...userPayload(ctx.person(alias)), id, displayName: `${ctx.person(alias).displayName} Jr` }
          : { schemas: [GROUP_SCHEMA], id, displayName: `${ctx.groupName(alias)} renamed`, members: [] };
        reply = await scim.send({ method: 'PUT', path: `/${type}/${id}`, body });
        break;
      }
      case 'PATCH': reply = await scim.send({ method: 'PATCH', path: `/${type}/${id}`,
        body: patchOps({ op: 'replace', path: 'displayName', value: kind === 'user' ? `${ctx.person(alias).displayName} Jr` : `${ctx.groupName(alias)} renamed` }) }); break;
      case 'DELETE':
        reply = await scim.send({ method: 'DELETE', path: `/${type}/${id}` });
        if (reply.status === 204) scim.forget(id);
        break;
      default: throw new Error(`unknown operation ${operation} (${OPERATIONS.join(', ')})`);
    }
  });

/** Endpoints a client may ask for: the discovery ones AWS serves and the ones it does not. */
export const CallEndpoint = (ctx: ScenarioContext, endpoint: string): Task =>
  task(`call ${endpoint}`, async (actor) => {
    const scim = scimOf(actor);
    switch (endpoint) {
      case '/ServiceProviderConfig': case '/Schemas': case '/ResourceTypes': case '/Me':
        await scim.send({ method: 'GET', path: endpoint }); return;
      case '/Bulk':
        await scim.send({ method: 'POST', path: '/Bulk', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
          Operations: [{ method: 'POST', path: '/Users', bulkId: 'b1', data: userPayload(ctx.person('bulk')) }] } });
        // a 2xx Bulk may have created the user: find and clean it up like any other
        return;
      case '/.search': case '/Users/.search':
        await scim.send({ method: 'POST', path: endpoint, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
          filter: `userName eq "${ctx.person('search').userName}"` } }); return;
      default: throw new Error(`unknown endpoint ${endpoint}`);
    }
  });

export const PutGroup = (ctx: ScenarioContext, alias: string): Task =>
  task(`replace the group "${alias}" with PUT`, async (actor) => {
    const id = idOf(actor, alias);
    await scimOf(actor).send({ method: 'PUT', path: `/Groups/${id}`, body: { schemas: [GROUP_SCHEMA], id, displayName: `${ctx.groupName(alias)} put`, members: [] } });
  });

// ---- filters ------------------------------------------------------------------------------------------

/** `{ada.userName}`, `{ada.externalId}`, `{ada.id}`, `{admins.displayName}`, `{admins.externalId}` in a filter. */
export function resolveFilter(ctx: ScenarioContext, actor: Actor, template: string): string {
  return template.replace(/\{([^}.]+)\.([A-Za-z]+)\}/g, (_m, alias: string, attr: string) => {
    const isGroup = actor.recalls(`group externalId ${alias}`);
    switch (attr) {
      case 'id': return idOf(actor, alias);
      case 'userName': return ctx.person(alias).userName;
      case 'displayName': return isGroup ? ctx.groupName(alias) : ctx.person(alias).displayName;
      case 'externalId': return isGroup ? groupExternalId(actor, alias) : ctx.person(alias).externalId;
      default: throw new Error(`unknown placeholder attribute ${attr} in ${template}`);
    }
  });
}

export const ListWithFilter = (ctx: ScenarioContext, kind: 'users' | 'groups', template: string): Task =>
  task(`list the ${kind} with the filter ${template}`, async (actor) => {
    await scimOf(actor).send({ method: 'GET', path: kind === 'users' ? '/Users' : '/Groups', query: { filter: resolveFilter(ctx, actor, template) } });
  });

export const ListGroupsNamed = (ctx: ScenarioContext, alias: string): Task =>
  task(`list the groups named "${alias}"`, async (actor) => {
    await scimOf(actor).send({ method: 'GET', path: '/Groups', query: { filter: `displayName eq "${ctx.groupName(alias)}"` } });
  });

export const ReadGroup = (alias: string): Task =>
  task(`read the group "${alias}"`, async (actor) => { await scimOf(actor).send({ method: 'GET', path: `/Groups/${idOf(actor, alias)}` }); });

// ---- paging -------------------------------------------------------------------------------------------

export interface Walk { pages: ScimReply[] }

/** A bare `?cursor`, then `?cursor=<nextCursor>` until the SP gives none (AWS-PAGE-01). */
export const WalkUsersWithCursor = (): Task =>
  task('walk the users with a cursor', async (actor) => {
    const scim = scimOf(actor);
    const pages: ScimReply[] = [];
    let reply = await scim.send({ method: 'GET', path: '/Users', query: 'cursor' });
    pages.push(reply);
    while (reply.status === 200 && typeof reply.body?.nextCursor === 'string' && reply.body.nextCursor && pages.length < 60) {
      reply = await scim.send({ method: 'GET', path: '/Users', query: { cursor: reply.body.nextCursor } });
      pages.push(reply);
    }
    actor.remember<Walk>('walk', { pages });
  });

export const ListUsersPlainly = (): Task =>
  task('list the users without paging parameters', async (actor) => {
    const reply = await scimOf(actor).send({ method: 'GET', path: '/Users' });
    actor.remember<Walk>('walk', { pages: [reply] });
  });

export const ListUsersFromStartIndex = (startIndex: number, count: number): Task =>
  task(`list ${count} users from startIndex ${startIndex}`, async (actor) => {
    const scim = scimOf(actor);
    const plain = await scim.send({ method: 'GET', path: '/Users', query: { count } });
    const shifted = await scim.send({ method: 'GET', path: '/Users', query: { startIndex, count } });
    actor.remember('startIndex pair', { plain, shifted, startIndex, count });
  });

// ---- PATCH --------------------------------------------------------------------------------------------

interface PatchVariation { re: RegExp; ops: (ctx: ScenarioContext, actor: Actor, alias: string, m: RegExpExecArray) => Record<string, unknown>[] }

const USER_PATCHES: PatchVariation[] = [
  { re: /^the operation "([^"]+)"$/, ops: (_c, _a, _al, m) => [{ op: m[1], path: 'title', value: 'Engineer' }] },
  { re: /^a remove without a path$/, ops: () => [{ op: 'remove', value: { nickName: 'Ace' } }] },
  { re: /^a remove of userName$/, ops: () => [{ op: 'remove', path: 'userName' }] },
  { re: /^a remove of active$/, ops: () => [{ op: 'remove', path: 'active' }] },
  { re: /^two replaces of userName$/, ops: (ctx) => [
    { op: 'replace', path: 'userName', value: ctx.person('first rename').userName },
    { op: 'replace', path: 'userName', value: ctx.person('second rename').userName }] },
  { re: /^two replaces of active$/, ops: () => [{ op: 'replace', path: 'active', value: false }, { op: 'replace', path: 'active', value: false }] },
  { re: /^an add, a replace and a remove of allowed attributes$/, ops: (ctx, _a, alias) => [
    { op: 'add', path: 'nickName', value: 'Ace' },
    { op: 'replace', path: 'displayName', value: `${ctx.person(alias).displayName} Jr` },
    { op: 'remove', path: 'title' }] },
];

const GROUP_PATCHES: PatchVariation[] = [
  { re: /^the operation "([^"]+)"$/, ops: (ctx, _a, alias, m) => [{ op: m[1], path: 'displayName', value: `${ctx.groupName(alias)} x` }] },
  { re: /^a replace of its id$/, ops: () => [{ op: 'replace', path: 'id', value: '0f0e0d0c-0b0a-4909-8807-060504030201' }] },
  { re: /^a path-less rename carrying its id$/, ops: (ctx, actor, alias) => [{ op: 'replace', value: { id: idOf(actor, alias), displayName: `${ctx.groupName(alias)} renamed` } }] },
  { re: /^a replace of displayName, an add of externalId, an add and a remove of a member$/, ops: (ctx, actor, alias) => [
    { op: 'replace', path: 'displayName', value: `${ctx.groupName(alias)} renamed` },
    { op: 'add', path: 'externalId', value: `ext-${ctx.unique()}` },
    { op: 'add', path: 'members', value: [{ value: idOf(actor, 'bob') }] },
    { op: 'remove', path: `members[value eq "${idOf(actor, 'ada')}"]` }] },
];

function patchesFor(kind: 'user' | 'group', text: string) {
  for (const v of kind === 'user' ? USER_PATCHES : GROUP_PATCHES) {
    const m = v.re.exec(text);
    if (m) return (ctx: ScenarioContext, actor: Actor, alias: string) => v.ops(ctx, actor, alias, m);
  }
  throw new Error(`no ${kind} PATCH variation is defined for "${text}" (support/screenplay/tasks/aws.ts)`);
}

/** Reads the resource first (so "is unchanged" has something to compare with), then sends the PATCH. */
export const PatchWith = (ctx: ScenarioContext, kind: 'user' | 'group', alias: string, variation: string): Task =>
  task(`patch the ${kind} "${alias}" with ${variation}`, async (actor) => {
    const scim = scimOf(actor);
    const path = `/${kind === 'user' ? 'Users' : 'Groups'}/${idOf(actor, alias)}`;
    const before = await scim.send({ method: 'GET', path });
    if (before.status !== 200) throw new ExpectationFailed(`reading the ${kind} "${alias}" before patching it: expected 200, got ${describeReply(before)}`);
    actor.remember(`before ${alias}`, before.body);
    const ops = patchesFor(kind, variation)(ctx, actor, alias);
    await scim.send({ method: 'PATCH', path, body: patchOps(...ops) });
  });

// ---- tenants in the path ------------------------------------------------------------------------------

/** The base URL of the same host with another tenant id where the endpoint's tenant id stands. */
export function unknownTenantBase(base: string): string {
  const m = /^(https?:\/\/[^/]+(?:\/.*)?\/)([^/]+)(\/scim\/v2)$/.exec(base);
  if (!m) throw new Unsupported(`the SCIM endpoint ${base} carries no tenant id before /scim/v2 to replace`);
  const h = randomBytes(20).toString('hex');
  const shaped = /^[0-9a-f]{11}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(m[2]!)
    ? `${h.slice(0, 11)}-${h.slice(11, 15)}-${h.slice(15, 19)}-${h.slice(19, 23)}-${h.slice(23, 35)}`
    : `${h.slice(0, m[2]!.length || 12)}`;
  return `${m[1]}${shaped}${m[3]}`;
}

export interface CrossTenantTry { what: string; reply: ScimReply }

function crossTries(ctx: ScenarioContext, base: string): { what: string; method: string; path: string; body?: unknown }[] {
  return [
    { what: 'listing users', method: 'GET', path: `${base}/Users` },
    { what: 'looking up "ada" by userName', method: 'GET', path: `${base}/Users?filter=${encodeURIComponent(`userName eq "${ctx.person('ada').userName}"`)}` },
    { what: 'creating "bob"', method: 'POST', path: `${base}/Users`, body: userPayload(ctx.person('bob')) },
    { what: 'listing groups', method: 'GET', path: `${base}/Groups` },
  ];
}

/** The actor's current token (the first tenant's) sent to the second tenant's endpoint. */
export const UseTokenOnOtherTenant = (ctx: ScenarioContext, tokenTenant: string, pathTenant: string): Task =>
  task(`use the ${tokenTenant} tenant's token on the ${pathTenant} tenant's endpoint`, async (actor) => {
    const token = ownTenant(ctx, tokenTenant).tokens[0]!.token;
    const base = ownTenant(ctx, pathTenant).scimBase;
    await sendTries(ctx, actor, base, token);
  });

export const UseTokenOnUnknownTenant = (ctx: ScenarioContext): Task =>
  task('use the token on an unknown tenant\'s endpoint', async (actor) => {
    const current = scimOf(actor).current;
    await sendTries(ctx, actor, unknownTenantBase(current.base), current.token ?? null);
  });

async function sendTries(ctx: ScenarioContext, actor: Actor, base: string, token: string | null): Promise<void> {
  const scim = scimOf(actor);
  const tries: CrossTenantTry[] = [];
  for (const t of crossTries(ctx, base)) {
    const reply = await scim.send({ method: t.method, path: t.path, body: t.body, token });
    if (reply.status === 201 && reply.body?.id) scim.track(reply.body.id, 'Users'); // refused on a correct SP; cleaned up otherwise
    tries.push({ what: t.what, reply });
  }
  actor.remember('cross-tenant tries', tries);
}

// ---- identity of a re-created user --------------------------------------------------------------------

export const RecreateUser = (ctx: ScenarioContext, alias: string): Task =>
  task(`create the user "${alias}" again under the same name`, async (actor) => {
    const scim = scimOf(actor);
    const old = scim.ids.get(alias);
    if (!old) throw new Error(`the user "${alias}" was not created before`);
    actor.remember(`old id ${alias}`, old);
    scim.ids.delete(alias);
    await actor.attemptsTo(CreateUser.named(ctx, alias));
    const reply = scim.lastReply();
    if (reply.status !== 201) throw new ExpectationFailed(`creating "${alias}" again after deleting it: expected 201, got ${describeReply(reply)}`);
  });

// ---- renames that keep identity (AP-USER-04) -----------------------------------------------------------

export const ChangeIdentifier = (ctx: ScenarioContext, alias: string, attribute: 'userName' | 'email', method: 'PATCH' | 'PUT'): Task =>
  task(`change the ${attribute} of "${alias}" by ${method}`, async (actor) => {
    const scim = scimOf(actor);
    const id = idOf(actor, alias);
    const before = await scim.send({ method: 'GET', path: `/Users/${id}` });
    if (before.status !== 200) throw new ExpectationFailed(`reading "${alias}" before renaming: expected 200, got ${describeReply(before)}`);
    actor.remember(`before ${alias}`, before.body);
    const person = ctx.person(alias);
    const renamed = ctx.person(`${alias} renamed`);
    const value = attribute === 'userName' ? renamed.userName : renamed.email;
    actor.remember(`renamed ${alias}`, { attribute, value });
    if (method === 'PATCH') {
      const op = attribute === 'userName'
        ? { op: 'replace', path: 'userName', value }
        : { op: 'replace', path: 'emails', value: [{ value, type: 'work', primary: true }] };
      await scim.send({ method: 'PATCH', path: `/Users/${id}`, body: patchOps(op) });
    } else {
      const body: Record<string, any> = { ...userPayload(person), id };
      if (attribute === 'userName') body.userName = value; else body.emails = [{ value, type: 'work', primary: true }];
      await scim.send({ method: 'PUT', path: `/Users/${id}`, body });
    }
  });

// ---- requests with a bad body -------------------------------------------------------------------------

export const SendMalformedUser = (): Task =>
  task('send a user whose body is not valid JSON', async (actor) => {
    await scimOf(actor).send({ method: 'POST', path: '/Users', rawBody: '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":' });
  });

export const SendWithMadeUpToken = (ctx: ScenarioContext): Task =>
  task('send a request with a made-up token', async (actor) => {
    await scimOf(actor).send({ method: 'GET', path: '/Users', token: `madeup${ctx.unique()}${'y'.repeat(60)}` });
  });
