// Questions of the AWS section: lists, pages, group members, unchanged resources, cross-tenant answers
// and the CloudTrail-shaped event trail. Failures read like bug reports.
import { question, type Actor, type Question } from '../actor.js';
import { CallScim } from '../abilities/call-scim.js';
import { AdministerReference } from '../abilities/administer-reference.js';
import type { ScenarioContext } from '../context.js';
import type { ScimReply } from '../../scim/client.js';
import type { Exchange } from '../../scim/exchange.js';
import { ExpectationFailed, describeReply, pathOf } from '../../scim/expectations.js';
import { idOf } from '../tasks/users.js';
import { ownTenant, ownTenants } from '../tasks/provisioning.js';
import { pool, type CrossTenantTry, type Walk } from '../tasks/aws.js';
import { IsMember, quoted, resources } from './provisioning.js';

const fail = (message: string): never => { throw new ExpectationFailed(message); };
const last = (actor: Actor): ScimReply => actor.abilityTo(CallScim).lastReply();
const request = (r: ScimReply) => `${r.exchange.request.method} ${pathOf(r)}`;

export const AWS_MAX_PAGE = 100;

export function expectServed(actor: Actor, what: string): void {
  const r = last(actor);
  if (r.failure || r.status < 200 || r.status > 299) fail(`${what}: expected a 2xx, got ${describeReply(r)} (${request(r)})`);
}

export function expectRefusedNotBroken(actor: Actor, what: string): void {
  const r = last(actor);
  if (r.failure) fail(`${what}: ${r.failure}`);
  if (r.status >= 200 && r.status < 300) fail(`${what}: expected a 4xx, got ${r.status} — AWS does not serve it (${request(r)})`);
  if (r.status >= 500) fail(`${what}: expected a 4xx, got the server error ${describeReply(r)} (${request(r)})`);
  if (r.status < 400) fail(`${what}: expected a 4xx, got ${r.status} (${request(r)})`);
}

export function expectJsonBody(actor: Actor, what: string): void {
  const r = last(actor);
  if (!r.body || typeof r.body !== 'object' || Array.isArray(r.body)) fail(`${what}: the answer is not a JSON object (${describeReply(r)})`);
}

/** The last list answer holds exactly these users or groups (by alias), nothing else. */
export function expectListHoldsExactly(actor: Actor, aliases: string[]): void {
  const r = last(actor);
  if (r.status !== 200) fail(`${request(r)}: expected 200, got ${describeReply(r)}`);
  const got = resources(r).map((x) => x.id as string).sort();
  const want = aliases.map((a) => idOf(actor, a)).sort();
  if (got.join() !== want.join()) {
    fail(`${request(r)} lists ${got.length} resource(s) ${JSON.stringify(got)}, expected exactly ${aliases.map((a) => `"${a}"`).join(', ')} ${JSON.stringify(want)}`);
  }
}

export function expectDetail(actor: Actor, detail: string): void {
  const r = last(actor);
  if (r.body?.detail !== detail) fail(`the ${r.status} error detail reads ${JSON.stringify(r.body?.detail)}, expected ${JSON.stringify(detail)}`);
}

export function expectMediaType(actor: Actor, type: string): void {
  const r = last(actor);
  const got = (r.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (got !== type) fail(`${request(r)} answers with the media type ${JSON.stringify(got || 'none')}, expected ${type}`);
}

// ---- groups ------------------------------------------------------------------------------------------

/** AWS-GROUP-01: a read or list answer carries no members (absent or empty). */
export function expectEmptyMemberLists(actor: Actor, alias: string): void {
  const r = last(actor);
  if (r.status !== 200) fail(`${request(r)}: expected 200, got ${describeReply(r)}`);
  const groups = Array.isArray(r.body?.Resources) ? r.body.Resources : [r.body];
  const gid = idOf(actor, alias);
  if (!groups.some((g: any) => g?.id === gid)) fail(`${request(r)} does not return the group "${alias}"`);
  for (const g of groups) {
    if (Array.isArray(g?.members) && g.members.length > 0) fail(`${request(r)} returns the group ${g.id} with ${g.members.length} member(s); AWS always returns an empty member list`);
    if (g?.members !== undefined && !Array.isArray(g.members)) fail(`${request(r)} returns members as ${JSON.stringify(g.members)}, not a list`);
  }
}

/** AWS-GROUP-01: membership through `id eq "G" and members eq "U"`. */
export const MembershipFilterFinds = (groupAlias: string, userAlias: string): Question<boolean> =>
  question(`whether the membership filter finds "${userAlias}" in "${groupAlias}"`, async (actor) => {
    const gid = idOf(actor, groupAlias);
    const reply = await actor.abilityTo(CallScim).send({ method: 'GET', path: '/Groups', query: { filter: `id eq ${quoted(gid)} and members eq ${quoted(idOf(actor, userAlias))}` } });
    if (reply.status !== 200) fail(`the documented membership filter: expected 200, got ${describeReply(reply)} (${request(reply)})`);
    const found = resources(reply);
    if (found.some((g) => g.id !== gid)) fail(`the membership filter on "${groupAlias}" returns other groups: ${found.map((g) => g.id).join(', ')}`);
    return found.length === 1;
  });

/** AWS: the users whose groups.value is the group, walked with a cursor (a group may hold over 100). */
export const MemberIdsOf = (groupAlias: string): Question<string[]> =>
  question(`the members of "${groupAlias}"`, async (actor) => {
    const scim = actor.abilityTo(CallScim);
    const filter = `filter=${encodeURIComponent(`groups.value eq ${quoted(idOf(actor, groupAlias))}`)}`;
    const ids: string[] = [];
    let reply = await scim.send({ method: 'GET', path: '/Users', query: `${filter}&cursor` });
    for (let pages = 1; ; pages++) {
      if (reply.status !== 200) fail(`listing the members of "${groupAlias}" by groups.value: expected 200, got ${describeReply(reply)} (${request(reply)})`);
      ids.push(...resources(reply).map((u) => u.id));
      const next = reply.body?.nextCursor;
      if (typeof next !== 'string' || !next || pages >= 20) break;
      reply = await scim.send({ method: 'GET', path: '/Users', query: `${filter}&cursor=${encodeURIComponent(next)}` });
    }
    return ids;
  });

export async function expectMemberCount(actor: Actor, groupAlias: string, n: number, why: string): Promise<void> {
  const ids = await actor.asks(MemberIdsOf(groupAlias));
  if (ids.length !== n) fail(`the group "${groupAlias}" has ${ids.length} member(s), expected ${n} ${why}`);
}

export async function expectMembersExactly(actor: Actor, groupAlias: string, aliases: string[]): Promise<void> {
  const ids = (await actor.asks(MemberIdsOf(groupAlias))).sort();
  const want = aliases.map((a) => idOf(actor, a)).sort();
  if (ids.join() !== want.join()) fail(`the group "${groupAlias}" now has the members ${JSON.stringify(ids)}, expected exactly ${aliases.join(', ')} ${JSON.stringify(want)}: a refused PATCH changed it`);
}

export async function expectNoGroupNamed(actor: Actor, ctx: ScenarioContext, alias: string): Promise<void> {
  const reply = await actor.abilityTo(CallScim).send({ method: 'GET', path: '/Groups', query: { filter: `displayName eq ${quoted(ctx.groupName(alias))}` } });
  if (reply.status !== 200) fail(`looking up the group "${alias}": expected 200, got ${describeReply(reply)}`);
  const found = resources(reply);
  if (found.length > 0) {
    for (const g of found) actor.abilityTo(CallScim).track(g.id, 'Groups');
    fail(`the refused group "${alias}" was stored anyway (${found.map((g) => g.id).join(', ')})`);
  }
}

// ---- paging ------------------------------------------------------------------------------------------

export function expectPagesAtMost(actor: Actor, max: number): void {
  const { pages } = actor.recall<Walk>('walk');
  pages.forEach((p, i) => {
    if (p.status !== 200) fail(`page ${i + 1} (${request(p)}): expected 200, got ${describeReply(p)}`);
    const n = resources(p).length;
    if (n > max) fail(`page ${i + 1} (${request(p)}) holds ${n} results; AWS returns at most ${max} a page`);
    if (typeof p.body?.itemsPerPage === 'number' && p.body.itemsPerPage > max) fail(`page ${i + 1} says itemsPerPage ${p.body.itemsPerPage}, above ${max}`);
  });
}

/** AWS-PAGE-01: the cursor walk met every created user once and no user twice. */
export function expectWalkMetPoolOnce(actor: Actor): void {
  const { pages } = actor.recall<Walk>('walk');
  const seen = new Map<string, number>();
  for (const p of pages) for (const r of resources(p)) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
  const twice = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  if (twice.length > 0) fail(`the cursor walk returned ${twice.length} user(s) more than once, e.g. ${twice[0]}`);
  const ids = pool(actor);
  const missing = ids.filter((id) => !seen.has(id));
  if (missing.length > 0) fail(`the cursor walk over ${pages.length} page(s) missed ${missing.length} of the ${ids.length} users, e.g. ${missing[0]}`);
  if (pages.length < 2) fail(`${ids.length} users came back on a single page without a nextCursor; a cursor walk over more than ${AWS_MAX_PAGE} needs several pages`);
}

export function expectStartIndexIgnored(actor: Actor): void {
  const { plain, shifted, startIndex, count } = actor.recall<{ plain: ScimReply; shifted: ScimReply; startIndex: number; count: number }>('startIndex pair');
  for (const r of [plain, shifted]) if (r.status !== 200) fail(`${request(r)}: expected 200, got ${describeReply(r)}`);
  const a = resources(plain).map((x) => x.id);
  const b = resources(shifted).map((x) => x.id);
  if (a.length === 0) fail(`GET /Users?count=${count} returned no users to compare`);
  if (a.join() !== b.join()) fail(`startIndex=${startIndex} changed the page (${b.length} result(s) from ${b[0]} instead of ${a[0]}); AWS ignores startIndex`);
}

// ---- unchanged after a refusal ------------------------------------------------------------------------

function withoutMeta(body: any): any {
  const { meta: _meta, ...rest } = body ?? {};
  return rest;
}

function canonical(v: unknown): string {
  const norm = (x: any): any => Array.isArray(x) ? x.map(norm)
    : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, norm(x[k])])) : x;
  return JSON.stringify(norm(v));
}

export async function expectUnchanged(actor: Actor, kind: 'user' | 'group', alias: string): Promise<void> {
  const before = actor.recall<any>(`before ${alias}`);
  const reply = await actor.abilityTo(CallScim).send({ method: 'GET', path: `/${kind === 'user' ? 'Users' : 'Groups'}/${idOf(actor, alias)}` });
  if (reply.status !== 200) fail(`reading the ${kind} "${alias}" after the refusal: expected 200, got ${describeReply(reply)}`);
  const a = withoutMeta(before);
  const b = withoutMeta(reply.body);
  if (canonical(a) !== canonical(b)) {
    const changed = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => canonical(a[k]) !== canonical(b[k]));
    fail(`the refused PATCH changed the ${kind} "${alias}" anyway: ${changed.map((k) => `${k} ${JSON.stringify(a[k])} → ${JSON.stringify(b[k])}`).join('; ')}`);
  }
}

export async function expectPatchedValues(actor: Actor, ctx: ScenarioContext, alias: string): Promise<void> {
  const reply = await actor.abilityTo(CallScim).send({ method: 'GET', path: `/Users/${idOf(actor, alias)}` });
  if (reply.status !== 200) fail(`reading "${alias}" after the PATCH: expected 200, got ${describeReply(reply)}`);
  const u = reply.body ?? {};
  if (u.nickName !== 'Ace') fail(`after add nickName, "${alias}" has nickName ${JSON.stringify(u.nickName)}`);
  if (u.displayName !== `${ctx.person(alias).displayName} Jr`) fail(`after replace displayName, "${alias}" shows ${JSON.stringify(u.displayName)}`);
  if (u.title !== undefined && u.title !== null) fail(`after remove title, "${alias}" still has the title ${JSON.stringify(u.title)}`);
}

export async function expectGroupPatched(actor: Actor, ctx: ScenarioContext, alias: string): Promise<void> {
  const reply = await actor.abilityTo(CallScim).send({ method: 'GET', path: `/Groups/${idOf(actor, alias)}` });
  if (reply.status !== 200) fail(`reading the group "${alias}" after the PATCH: expected 200, got ${describeReply(reply)}`);
  if (reply.body?.displayName !== `${ctx.groupName(alias)} renamed`) fail(`after replace displayName, the group shows ${JSON.stringify(reply.body?.displayName)}`);
  await expectMembersExactly(actor, alias, ['bob']);
}

// ---- tenants in the path ------------------------------------------------------------------------------

/** AWS-TENANT-01: every cross-tenant request was 401 and its answer names neither tenant nor its data. */
export function expectCrossTenantRefused(actor: Actor, ctx: ScenarioContext): void {
  const tries = actor.recall<CrossTenantTry[]>('cross-tenant tries');
  const secrets = [...ownTenants(ctx).map((t) => t.tenant.id), ...(ctx.target.tenantId ? [ctx.target.tenantId] : [])];
  const scim = actor.abilityTo(CallScim);
  for (const alias of ['ada']) { const id = scim.ids.get(alias); if (id) secrets.push(id, ctx.person(alias).userName); }
  for (const { what, reply } of tries) {
    if (reply.status !== 401) fail(`${what} with a token of another tenant (${request(reply)}): expected 401, got ${describeReply(reply)}`);
    const everything = `${reply.text}\n${Object.entries(reply.headers).filter(([k]) => k !== 'date').map(([k, v]) => `${k}: ${v}`).join('\n')}`;
    const leaked = secrets.find((s) => s && everything.includes(s));
    if (leaked) fail(`the 401 to ${what} reveals ${JSON.stringify(leaked)}, which belongs to a tenant`);
    if (Array.isArray(reply.body?.Resources)) fail(`the 401 to ${what} carries a list of resources`);
  }
}

// ---- the event trail ----------------------------------------------------------------------------------

/** CloudTrail's eventName for a SCIM request, as the developer guide's logging page names them. */
export function eventNameFor(method: string, path: string): string {
  const p = path.replace(/\?.*$/, '').replace(/\/+$/, '');
  const m = /^\/(Users|Groups|Schemas|ResourceTypes|ServiceProviderConfig)(?:\/([^/]+))?$/.exec(p);
  if (!m) return 'Unknown';
  const [, type, id] = m;
  if (type === 'ServiceProviderConfig') return 'GetServiceProviderConfig';
  if (type === 'Schemas') return id ? 'GetSchema' : 'ListSchemas';
  if (type === 'ResourceTypes') return id ? 'GetResourceType' : 'ListResourceTypes';
  const noun = type === 'Users' ? 'User' : 'Group';
  switch (method) {
    case 'POST': return `Create${noun}`;
    case 'GET': return id ? `Get${noun}` : `List${type}`;
    case 'PUT': return `Put${noun}`;
    case 'PATCH': return `Patch${noun}`;
    case 'DELETE': return `Delete${noun}`;
    default: return 'Unknown';
  }
}

export const TrailEvents = (ctx: ScenarioContext, eventName?: string): Question<any[]> =>
  question(`the tenant's ${eventName ?? ''} events`, async (actor) => {
    const reply = await actor.abilityTo(AdministerReference).events(ownTenant(ctx).tenant.id, eventName);
    if (reply.status !== 200 || !Array.isArray(reply.body?.events)) fail(`reading the event trail: expected 200 with "events", got ${describeReply(reply)}`);
    return reply.body.events;
  });

function clientExchangesOn(ctx: ScenarioContext, base: string): Exchange[] {
  return ctx.transcript.filter((e) => e.actor === 'the client' && !e.cleanup && e.response && e.request.url.startsWith(`${base}/`));
}

function expectEventShape(e: any, where: string): void {
  for (const k of ['eventName', 'eventTime', 'userAgent']) if (typeof e?.[k] !== 'string') fail(`${where} has no ${k} (${JSON.stringify(e)})`);
  if (Number.isNaN(Date.parse(e.eventTime))) fail(`${where} has the eventTime ${JSON.stringify(e.eventTime)}, not a date`);
}

/** AWS-EVENT-01: one event per request the client sent to the tenant, newest first, named and shaped. */
export async function expectOneEventPerRequest(actor: Actor, ctx: ScenarioContext): Promise<void> {
  const t = ownTenant(ctx);
  const sent = clientExchangesOn(ctx, t.scimBase).reverse(); // newest first, like the trail
  const events = await actor.asks(TrailEvents(ctx));
  if (events.length !== sent.length) {
    fail(`the event trail holds ${events.length} event(s) for the ${sent.length} request(s) the client sent: ${events.map((e) => e.eventName).join(', ')}`);
  }
  sent.forEach((x, i) => {
    const e = events[i];
    const path = new URL(x.request.url).pathname.slice(new URL(t.scimBase).pathname.length) || '/';
    const where = `the event for ${x.request.method} ${path} (${x.response!.status})`;
    expectEventShape(e, where);
    const want = eventNameFor(x.request.method, path);
    if (e.eventName !== want) fail(`${where} is named ${JSON.stringify(e.eventName)}, expected ${want}`);
    if (e.userAgent !== x.request.headers['user-agent']) fail(`${where} records the userAgent ${JSON.stringify(e.userAgent)}, the client sent ${JSON.stringify(x.request.headers['user-agent'])}`);
    if (Math.abs(Date.parse(e.eventTime) - Date.parse(x.at)) > 60_000) fail(`${where} has the eventTime ${e.eventTime}, the request went at ${x.at}`);
    const refused = x.response!.status >= 400;
    if (refused && (typeof e.errorCode !== 'string' || !e.errorCode)) fail(`${where} was refused but its event carries no errorCode`);
    if (refused && (typeof e.errorMessage !== 'string' || !e.errorMessage)) fail(`${where} was refused but its event carries no errorMessage`);
    if (!refused && e.errorCode) fail(`${where} succeeded but its event carries the errorCode ${e.errorCode}`);
  });
}

export async function expectLatestEvent(actor: Actor, ctx: ScenarioContext, eventName: string, errorCode: string, errorMessage: string): Promise<void> {
  const [e] = await actor.asks(TrailEvents(ctx, eventName));
  if (!e) fail(`the event trail holds no ${eventName} event`);
  expectEventShape(e, `the latest ${eventName} event`);
  if (e.errorCode !== errorCode) fail(`the latest ${eventName} event has errorCode ${JSON.stringify(e.errorCode)}, expected ${errorCode}`);
  if (typeof e.errorMessage !== 'string' || !e.errorMessage.includes(errorMessage)) fail(`the latest ${eventName} event has errorMessage ${JSON.stringify(e.errorMessage)}, expected "${errorMessage}"`);
}

export async function expectMembershipFilter(actor: Actor, group: string, user: string, member: boolean): Promise<void> {
  const found = await actor.asks(MembershipFilterFinds(group, user));
  if (found && !member) fail(`the filter id eq "${group}" and members eq "${user}" finds the group, yet "${user}" is no member`);
  if (!found && member) fail(`the filter id eq "${group}" and members eq "${user}" finds nothing, yet "${user}" was created as a member`);
}

/** AWS-ID-01: the re-created user has another id, and the old id answers 404. */
export async function expectNewIdentity(actor: Actor, alias: string): Promise<void> {
  const scim = actor.abilityTo(CallScim);
  const old = actor.recall<string>(`old id ${alias}`);
  const now = scim.ids.get(alias);
  if (now === old) fail(`"${alias}" deleted and created again under the same name got its old id ${old} back`);
  const reply = await scim.send({ method: 'GET', path: `/Users/${old}` });
  if (reply.status !== 404) fail(`the deleted "${alias}"'s old id ${old}: expected 404, got ${describeReply(reply)}`);
}

export async function expectNotMember(actor: Actor, ctx: ScenarioContext, alias: string, group: string, why: string): Promise<void> {
  if (await actor.asks(IsMember(ctx, alias, group))) fail(`"${alias}" is a member of "${group}" — ${why}`);
}
