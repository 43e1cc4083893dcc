// Tasks of the AWS section (the IAM Identity Center SCIM developer guide): groups, the operations AWS
// serves, its filters, cursor paging, PATCH limits, tenants in the path, and the event trail.
import { randomBytes } from 'node:crypto';
import { question, task, Unsupported, type Actor, type Question, type Task } from '../actor.js';
import { readsOnly } from '../settle.js';
import { CallScim } from '../abilities/call-scim.js';
import type { ScenarioContext } from '../context.js';
import type { ScimReply } from '../../scim/client.js';
import { GROUP_SCHEMA, groupPayload, patchOps, userPayload } from '../../scim/payloads.js';
import { ExpectationFailed, succeeded } from '../../scim/expectations.js';
import { createdId, resourcePath } from '../../scim/paths.js';
import { CreateUser, EXTERNAL_ID_NOT_KEPT, expectSetupDone, externalIdKept, idOf, pathOfGroup, pathOfUser } from './users.js';
import { CreateGroup, EnsureGroup as EnsureSharedGroup, ReadGroup, kindOf } from './groups.js';
import { noteRefusalOwner, ownTenant, said } from './provisioning.js';

export { ReadGroup };

type Body = Record<string, any>;

function scimOf(actor: Actor): CallScim { return actor.abilityTo(CallScim); }

/** True when the actor works on a tenant the scenario made: its data goes with the tenant. */
function onOwnTenant(ctx: ScenarioContext, actor: Actor): boolean {
  return scimOf(actor).current.base !== ctx.target.scimBase;
}

// ---- groups -------------------------------------------------------------------------------------------

/** The run-unique externalId the scenario gives a group (AWS-FILTER-01 looks groups up by it). */
export function groupExternalId(actor: Actor, alias: string): string {
  const key = `group externalId ${alias}`;
  if (!actor.recalls(key)) actor.remember(key, `ext-${randomBytes(8).toString('hex')}`);
  return actor.recall<string>(key);
}

/** groups.ts's CreateGroup (POST /Groups with these members), carrying the group's externalId. */
export const CreateGroupWithExternalId = (ctx: ScenarioContext, alias: string, memberAliases: string[] = [], change: (body: Body) => void = () => {}): Task =>
  task(`create the group "${alias}"${memberAliases.length ? ` with ${memberAliases.join(', ')}` : ''}`, async (actor) => {
    const externalId = groupExternalId(actor, alias);
    await actor.attemptsTo(CreateGroup.named(ctx, alias, memberAliases, (body) => { body.externalId = externalId; change(body); }));
  });

/**
 * Setup: groups.ts's EnsureGroup (any 2xx with an id, owned by RFC-CREATE-01; the members it was created with
 * verified as stored, owned by RFC-GROUP-01 / the member filter's AWS-GROUP-01), with the group's externalId.
 */
export const EnsureGroup = (ctx: ScenarioContext, alias: string, memberAliases: string[] = []): Task =>
  task(`make sure the group "${alias}" exists`, async (actor) => {
    const externalId = groupExternalId(actor, alias);
    await actor.attemptsTo(EnsureSharedGroup(ctx, alias, memberAliases, (body) => { body.externalId = externalId; }));
  });

/** A second group with an existing group's displayName (AWS answers 409). */
export const CreateGroupNamedLike = (ctx: ScenarioContext, alias: string): Task =>
  task(`create another group named like "${alias}"`, async (actor) => {
    // a 2xx (a bug) is tracked by CallScim and cleaned up
    await scimOf(actor).send({ method: 'POST', path: '/Groups', body: groupPayload(ctx.groupName(alias)) });
  });

// ---- many users at once --------------------------------------------------------------------------------

/**
 * Setup: n users, ten at a time; their ids are the actor's "pool". Any 2xx with an id will do (whether a
 * create is exactly 201 is RFC-CREATE-01's verdict, which owns a failure here). On an own tenant they go with it.
 */
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
        expectSetupDone(reply, `creating user ${i + 1} of ${n}`, true);
        const id = createdId(reply)!;
        pool[i] = id;
        if (own) scim.forget(id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(10, n) }, worker));
    actor.remember('pool', pool);
  }, 'RFC-CREATE-01');

export function pool(actor: Actor): string[] { return actor.recall<string[]>('pool'); }

function poolIds(actor: Actor, n: number): string[] {
  const ids = pool(actor);
  if (ids.length < n) throw new Error(`only ${ids.length} users were created, not ${n}`);
  return ids.slice(0, n);
}

/** POST /Groups with n of the pool's users as members (AWS-GROUP-02 judges what the SP answers). */
export const CreateGroupFromPool = (ctx: ScenarioContext, alias: string, n: number): Task =>
  task(`create the group "${alias}" with ${n} members`, async (actor) => {
    const ids = poolIds(actor, n);
    await actor.attemptsTo(CreateGroupWithExternalId(ctx, alias, [], (body) => { body.members = ids.map((value) => ({ value })); }));
  });

/** Setup: a group of n pool members (any 2xx with an id; owned by RFC-CREATE-01). */
export const EnsureGroupFromPool = (ctx: ScenarioContext, alias: string, n: number): Task =>
  task(`make sure the group "${alias}" exists with ${n} members`, async (actor) => {
    await actor.attemptsTo(CreateGroupFromPool(ctx, alias, n));
    expectSetupDone(scimOf(actor).lastReply(), `creating the group "${alias}" with ${n} members`, true);
  }, 'RFC-CREATE-01');

/** One PATCH adding n of the pool's users to a group. */
export const AddPoolMembers = (alias: string, n: number): Task =>
  task(`add ${n} members to "${alias}" in one PATCH`, async (actor) => {
    const ids = poolIds(actor, n);
    await scimOf(actor).send({ method: 'PATCH', path: pathOfGroup(actor, alias),
      body: patchOps({ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }) });
  });

export const ReplaceAllMembers = (alias: string, withAlias: string): Task =>
  task(`replace every member of "${alias}" with "${withAlias}"`, async (actor) => {
    await scimOf(actor).send({ method: 'PATCH', path: pathOfGroup(actor, alias),
      body: patchOps({ op: 'replace', path: 'members', value: [{ value: idOf(actor, withAlias) }] }) });
  });

export const RemoveAllMembers = (alias: string): Task =>
  task(`remove every member of "${alias}"`, async (actor) => {
    await scimOf(actor).send({ method: 'PATCH', path: pathOfGroup(actor, alias), body: patchOps({ op: 'remove', path: 'members' }) });
  });

// ---- operations ---------------------------------------------------------------------------------------

export const OPERATIONS = ['GET', 'list', 'PUT', 'PATCH', 'DELETE'] as const;

/** One operation on a user or group that exists, sent as a plain client would (AWS-OPS-01). */
export const PerformOperation = (ctx: ScenarioContext, operation: string, kind: 'user' | 'group', alias: string): Task =>
  task(`${operation} the ${kind} "${alias}"`, async (actor) => {
    const scim = scimOf(actor);
    const id = idOf(actor, alias);
    const type = kind === 'user' ? 'Users' : 'Groups';
    const path = resourcePath(type, id);
    let reply: ScimReply;
    switch (operation) {
      case 'GET': reply = await scim.send({ method: 'GET', path }); break;
      case 'list': reply = await scim.send({ method: 'GET', path: `/${type}`, query: { filter: kind === 'user'
        ? `userName eq ${JSON.stringify(ctx.person(alias).userName)}` : `displayName eq ${JSON.stringify(ctx.groupName(alias))}` } }); break;
      case 'PUT': {
        const body: Body = kind === 'user'
          ? { ...userPayload(ctx.person(alias)), id, displayName: `${ctx.person(alias).displayName} Jr` }
          : { schemas: [GROUP_SCHEMA], id, displayName: `${ctx.groupName(alias)} renamed`, members: [] };
        reply = await scim.send({ method: 'PUT', path, body });
        break;
      }
      case 'PATCH': reply = await scim.send({ method: 'PATCH', path,
        body: patchOps({ op: 'replace', path: 'displayName', value: kind === 'user' ? `${ctx.person(alias).displayName} Jr` : `${ctx.groupName(alias)} renamed` }) }); break;
      case 'DELETE':
        reply = await scim.send({ method: 'DELETE', path });
        if (succeeded(reply)) scim.forget(id);
        break;
      default: throw new Error(`unknown operation ${operation} (${OPERATIONS.join(', ')})`);
    }
    void reply;
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
          filter: `userName eq ${JSON.stringify(ctx.person('search').userName)}` } }); return;
      default: throw new Error(`unknown endpoint ${endpoint}`);
    }
  });

export const PutGroup = (ctx: ScenarioContext, alias: string): Task =>
  task(`replace the group "${alias}" with PUT`, async (actor) => {
    const id = idOf(actor, alias);
    await scimOf(actor).send({ method: 'PUT', path: resourcePath('Groups', id), body: { schemas: [GROUP_SCHEMA], id, displayName: `${ctx.groupName(alias)} put`, members: [] } });
  });

// ---- filters ------------------------------------------------------------------------------------------

/**
 * `{ada.userName}`, `{ada.externalId}`, `{ada.id}`, `{admins.displayName}`, `{admins.externalId}` in a filter.
 * A quoted placeholder ("{ada.id}") becomes a JSON string literal, so values with `"` or `\\` stay one value.
 */
export function resolveFilter(ctx: ScenarioContext, actor: Actor, template: string): string {
  const value = (alias: string, attr: string): string => {
    const isGroup = kindOf(actor, alias) === 'Groups' || actor.recalls(`group externalId ${alias}`);
    switch (attr) {
      case 'id': return idOf(actor, alias);
      case 'userName': return ctx.person(alias).userName;
      case 'displayName': return isGroup ? ctx.groupName(alias) : ctx.person(alias).displayName;
      case 'externalId':
        if (isGroup) return groupExternalId(actor, alias);
        if (!externalIdKept(ctx)) throw new Unsupported(EXTERNAL_ID_NOT_KEPT);
        return ctx.person(alias).externalId;
      default: throw new Error(`unknown placeholder attribute ${attr} in ${template}`);
    }
  };
  return template
    .replace(/"\{([^}.]+)\.([A-Za-z]+)\}"/g, (_m, alias: string, attr: string) => JSON.stringify(value(alias, attr)))
    .replace(/\{([^}.]+)\.([A-Za-z]+)\}/g, (_m, alias: string, attr: string) => value(alias, attr));
}

export const ListWithFilter = (ctx: ScenarioContext, kind: 'users' | 'groups', template: string): Task =>
  task(`list the ${kind} with the filter ${template}`, async (actor) => {
    await scimOf(actor).send({ method: 'GET', path: kind === 'users' ? '/Users' : '/Groups', query: { filter: resolveFilter(ctx, actor, template) } });
    noteRefusalOwner(actor, 'AWS-FILTER-01'); // which forms AWS answers and which it refuses is AWS-FILTER-01's
  });

export const ListGroupsNamed = (ctx: ScenarioContext, alias: string): Task =>
  task(`list the groups named "${alias}"`, async (actor) => {
    await scimOf(actor).send({ method: 'GET', path: '/Groups', query: { filter: `displayName eq ${JSON.stringify(ctx.groupName(alias))}` } });
  });

// ---- paging -------------------------------------------------------------------------------------------

export interface Walk { pages: ScimReply[]; count?: number }

/**
 * A bare `?cursor` (with `count` when given), then `?cursor=<nextCursor>` (same count) until the SP gives
 * none (AWS-PAGE-01). The walk stops after maxPages, which the questions report as a walk that never ends.
 */
export const WalkUsersWithCursor = (count?: number): Task =>
  readsOnly(`walk the users with a cursor${count ? `, ${count} a page` : ''}`, async (actor) => {
    const scim = scimOf(actor);
    const pages: ScimReply[] = [];
    const withCount = count === undefined ? '' : `&count=${count}`;
    let reply = await scim.send({ method: 'GET', path: '/Users', query: `cursor${withCount}` });
    pages.push(reply);
    const maxPages = count ? Math.max(60, Math.ceil(500 / count)) : 60;
    while (reply.status === 200 && typeof reply.body?.nextCursor === 'string' && reply.body.nextCursor && pages.length < maxPages) {
      reply = await scim.send({ method: 'GET', path: '/Users', query: `cursor=${encodeURIComponent(reply.body.nextCursor)}${withCount}` });
      pages.push(reply);
    }
    actor.remember<Walk>('walk', { pages, count });
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
    { op: 'remove', path: `members[value eq ${JSON.stringify(idOf(actor, 'ada'))}]` }] },
];

function patchesFor(kind: 'user' | 'group', text: string) {
  for (const v of kind === 'user' ? USER_PATCHES : GROUP_PATCHES) {
    const m = v.re.exec(text);
    if (m) return (ctx: ScenarioContext, actor: Actor, alias: string) => v.ops(ctx, actor, alias, m);
  }
  throw new Error(`no ${kind} PATCH variation is defined for "${text}" (support/screenplay/tasks/aws.ts)`);
}

/** Reading a resource by id, as a step needs it before its judged request: RFC-READ-01's behaviour. */
export const ResourceAsItIs = (kind: 'user' | 'group', alias: string, when: string): Question<any> =>
  question(`the ${kind} "${alias}" as the SP holds it`, async (actor) => {
    const reply = await scimOf(actor).send({ method: 'GET', path: kind === 'user' ? pathOfUser(actor, alias) : pathOfGroup(actor, alias) });
    if (reply.failure || reply.status !== 200) throw new ExpectationFailed(`${said(reply)} to reading the ${kind} "${alias}" by its id ${when}, expected 200`);
    return reply.body;
  }, 'RFC-READ-01');

/** Reads the resource first (so "is unchanged" has something to compare with), then sends the PATCH. */
export const PatchWith = (ctx: ScenarioContext, kind: 'user' | 'group', alias: string, variation: string): Task =>
  task(`patch the ${kind} "${alias}" with ${variation}`, async (actor) => {
    const scim = scimOf(actor);
    const path = kind === 'user' ? pathOfUser(actor, alias) : pathOfGroup(actor, alias);
    actor.remember(`before ${alias}`, await actor.asks(ResourceAsItIs(kind, alias, 'before patching it')));
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
    { what: 'looking up "ada" by userName', method: 'GET', path: `${base}/Users?filter=${encodeURIComponent(`userName eq ${JSON.stringify(ctx.person('ada').userName)}`)}` },
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
    const created = succeeded(reply) ? createdId(reply) : undefined;
    if (created) scim.track(created, 'Users'); // refused on a correct SP; cleaned up otherwise
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
    // any 2xx with an id: whether a create is exactly 201 is RFC-CREATE-01's verdict
    const reply = scim.lastReply();
    if (reply.failure || reply.status < 200 || reply.status > 299 || !createdId(reply)) {
      throw new ExpectationFailed(`${said(reply)} to creating "${alias}" again under the same name after deleting it, expected a 2xx with the new user's id`);
    }
  });

// ---- renames that keep identity (AP-USER-04) -----------------------------------------------------------

export const ChangeIdentifier = (ctx: ScenarioContext, alias: string, attribute: 'userName' | 'email', method: 'PATCH' | 'PUT'): Task =>
  task(`change the ${attribute} of "${alias}" by ${method}`, async (actor) => {
    const scim = scimOf(actor);
    const id = idOf(actor, alias);
    actor.remember(`before ${alias}`, await actor.asks(ResourceAsItIs('user', alias, 'before renaming it')));
    const person = ctx.person(alias);
    const renamed = ctx.person(`${alias} renamed`);
    const value = attribute === 'userName' ? renamed.userName : renamed.email;
    actor.remember(`renamed ${alias}`, { attribute, value, method });
    if (method === 'PATCH') {
      const op = attribute === 'userName'
        ? { op: 'replace', path: 'userName', value }
        : { op: 'replace', path: 'emails', value: [{ value, type: 'work', primary: true }] };
      await scim.send({ method: 'PATCH', path: resourcePath('Users', id), body: patchOps(op) });
    } else {
      const body: Record<string, any> = { ...userPayload(person), id };
      if (attribute === 'userName') body.userName = value; else body.emails = [{ value, type: 'work', primary: true }];
      await scim.send({ method: 'PUT', path: resourcePath('Users', id), body });
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
