// Questions of the AWS section: lists, pages, group members, unchanged resources, cross-tenant answers
// and the CloudTrail-shaped event trail. Failures read like bug reports, the SP's own words first.
// A check that leans on a behaviour another row owns (reading by id, a filter, the member filter) asks it
// as a question owned by that row, so a deviation there BLOCKS this row rather than turning it red.
import { ownerFirst, question, type Actor, type Question } from '../actor.js';
import { CallScim } from '../abilities/call-scim.js';
import { AdministerReference } from '../abilities/administer-reference.js';
import type { ScenarioContext } from '../context.js';
import { membershipJudged } from '../tasks/groups.js';
import type { ScimReply } from '../../scim/client.js';
import type { Exchange } from '../../scim/exchange.js';
import { ExpectationFailed, mentions, pathOf, succeeded } from '../../scim/expectations.js';
import { resourcePath, serverFailureRow } from '../../scim/paths.js';
import { sameIgnoringCase } from '../../scim/values.js';
import { idOf } from '../tasks/users.js';
import { brief, ownTenant, ownTenants, refusalOwner, said } from '../tasks/provisioning.js';
import { ResourceAsItIs, pool, type CrossTenantTry, type Walk } from '../tasks/aws.js';
import { IsMember, quoted, resources } from './provisioning.js';
import { MembersOf } from './membership.js';
import { Eventually, OnceLagPassed, judgeOnceShown, judgeSettled, pauseFor, lagWait, listLagWait, readLagWait } from '../settle.js';
import { inPassing } from '../aside.js';

const fail = (message: string): never => { throw new ExpectationFailed(brief(message)); };
/** A failure in a behaviour another row owns (see actor.ts's Owner). */
const failOwned = (owner: string, message: string): never => { throw Object.assign(new ExpectationFailed(brief(message)), { owner }); };
const last = (actor: Actor): ScimReply => actor.abilityTo(CallScim).lastReply();
const request = (r: ScimReply) => `${r.exchange.request.method} ${pathOf(r)}`;

export const AWS_MAX_PAGE = 100;

export function expectServed(actor: Actor, what: string): void {
  const r = last(actor);
  if (succeeded(r)) return;
  const message = `${said(r)} to ${actor.lastTask ?? what} (${request(r)}), expected a 2xx`;
  // a write the server failed (5xx) is its plain write's row's where the SP fails every such write (that row red), else
  // this row's, as a refusal is
  const owner = serverFailureRow(r, 'aws');
  if (owner) failOwned(owner, message);
  fail(message);
}

/**
 * A group create with members that should be served (100 members, within AWS's limit): one the SP fails is the create
 * rule's deviation where the SP fails every group create that names members (RFC-CREATE-01 red: BLOCKED by it), and
 * this row's own where its other creates with members pass (a limit set below 100).
 */
export async function expectGroupCreatedWithMembers(actor: Actor): Promise<void> {
  await actor.asks(question('whether the SP created the group with its members', async () => expectServed(actor, 'the group create'), 'RFC-CREATE-01'));
}

export function expectRefusedNotBroken(actor: Actor, what: string): void {
  const r = last(actor);
  if (r.failure) fail(`${r.failure} (${request(r)})`);
  if (r.status >= 200 && r.status < 300) fail(`${r.status} to ${actor.lastTask ?? what} (${request(r)}): AWS does not serve it, expected a 4xx`);
  if (r.status < 400 || r.status >= 500) fail(`${said(r)} to ${actor.lastTask ?? what} (${request(r)}), expected a 4xx`);
}

export function expectJsonBody(actor: Actor, what: string): void {
  const r = last(actor);
  if (!r.body || typeof r.body !== 'object' || Array.isArray(r.body)) fail(`${r.status} to ${actor.lastTask ?? what} (${request(r)}) without a JSON object: ${r.text.slice(0, 60)}`);
}

/** The last list answer holds exactly these users or groups (by alias), nothing else. */
export async function expectListHoldsExactly(actor: Actor, ctx: ScenarioContext, aliases: string[]): Promise<void> {
  await judgeSettled(actor, ctx, () => listHoldsExactly(actor, aliases));
}

function listHoldsExactly(actor: Actor, aliases: string[]): void {
  const r = last(actor);
  if (r.status !== 200) fail(`${said(r)} to ${request(r)}, expected 200`);
  const got = resources(r).map((x) => x.id as string).sort();
  const want = aliases.map((a) => idOf(actor, a)).sort();
  if (got.join() !== want.join()) {
    fail(`${request(r)} lists ${got.length} resource(s) ${JSON.stringify(got)}, expected exactly ${aliases.map((a) => `"${a}"`).join(', ')} ${JSON.stringify(want)}`);
  }
}

/**
 * AWS-ERR-01 owns the detail of AWS's error bodies. Elsewhere (AP-USER-03) nothing after it reads the detail, so it
 * is asked in passing: a wrong detail is AWS-ERR-01's, and the row goes on to its own checks (aside.ts).
 */
export const ErrorDetail = (ctx: ScenarioContext, detail: string): Question<void> =>
  inPassing(ctx, question(`whether the error detail reads ${JSON.stringify(detail)}`, async (actor) => {
    const r = last(actor);
    if (r.body?.detail !== detail) fail(`the ${r.status} error detail reads ${JSON.stringify(r.body?.detail)}, expected ${JSON.stringify(detail)} (${request(r)})`);
  }, 'AWS-ERR-01'));

export async function expectDetail(actor: Actor, ctx: ScenarioContext, detail: string): Promise<void> {
  await actor.asks(ErrorDetail(ctx, detail));
}

export function expectMediaType(actor: Actor, type: string): void {
  const r = last(actor);
  const got = (r.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (got !== type) fail(`${request(r)} answers with the media type ${JSON.stringify(got || 'none')}, expected ${type}`);
}

// ---- groups ------------------------------------------------------------------------------------------

/**
 * AWS-GROUP-01: a read or list answer carries no members (absent or empty). That the answer is the group at
 * all is another row's: reading by id is RFC-READ-01's, the displayName filter AWS-FILTER-01's.
 */
export function expectEmptyMemberLists(actor: Actor, alias: string): void {
  const r = last(actor);
  const listed = r.exchange.request.url.includes('filter=');
  const owner = listed ? 'AWS-FILTER-01' : 'RFC-READ-01';
  if (r.status !== 200) failOwned(owner, `${said(r)} to ${request(r)}, expected 200`);
  const groups = listed ? resources(r) : [r.body];
  const gid = idOf(actor, alias);
  if (!groups.some((g: any) => g?.id === gid)) failOwned(owner, `${request(r)} does not return the group "${alias}" (${gid})`);
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
    if (reply.status !== 200) fail(`${said(reply)} to the documented membership filter (${request(reply)}), expected 200`);
    const found = resources(reply);
    if (found.some((g) => g.id !== gid)) fail(`the membership filter on "${groupAlias}" returns other groups: ${found.map((g) => g.id).join(', ')}`);
    return found.length === 1;
  }, 'AWS-GROUP-01');

/**
 * The ids of a group's members among many users: `groups.value eq "G"` (AWS-FILTER-01's), walked with a
 * cursor (AWS-PAGE-01's) since a group may hold 100. A failure of either BLOCKS the row that asks.
 */
export const MemberIdsOf = (groupAlias: string): Question<string[]> =>
  question(`the members of "${groupAlias}"`, async (actor) => {
    const scim = actor.abilityTo(CallScim);
    const filter = `filter=${encodeURIComponent(`groups.value eq ${quoted(idOf(actor, groupAlias))}`)}`;
    const ids: string[] = [];
    let reply = await scim.send({ method: 'GET', path: '/Users', query: `${filter}&cursor` });
    for (let pages = 1; ; pages++) {
      if (reply.status !== 200) failOwned(pages === 1 ? 'AWS-FILTER-01' : 'AWS-PAGE-01', `${said(reply)} to listing the members of "${groupAlias}" by groups.value (${request(reply)}), expected 200`);
      ids.push(...resources(reply).map((u) => u.id));
      const next = reply.body?.nextCursor;
      if (typeof next !== 'string' || !next || pages >= 20) break;
      reply = await scim.send({ method: 'GET', path: '/Users', query: `${filter}&cursor=${encodeURIComponent(next)}` });
    }
    return ids;
  });

export async function expectMemberCount(actor: Actor, ctx: ScenarioContext, groupAlias: string, n: number, why: string): Promise<void> {
  const ids = await actor.asks(Eventually(ctx, MemberIdsOf(groupAlias), (found) => found.length === n));
  if (ids.length !== n) fail(`the group "${groupAlias}" has ${ids.length} member(s), expected ${n}${why ? ` ${why}` : ''}`);
}

/** The group's members among the scenario's users are exactly these (read with membership.ts, its owners). */
export async function expectMembersExactly(actor: Actor, ctx: ScenarioContext, groupAlias: string, aliases: string[], why: string): Promise<void> {
  const want = [...aliases].sort().join();
  const { members, extra } = await actor.asks(Eventually(ctx, MembersOf(ctx, groupAlias), (m) => [...m.members, ...m.extra].sort().join() === want));
  const got = [...members, ...extra].sort();
  if (got.join() !== want) fail(`the group "${groupAlias}" now has the members ${JSON.stringify(got)}, expected exactly ${aliases.join(', ')}${why ? `: ${why}` : ''}`);
}

/** After a refused change of its members: judged once the SP's measured lag has passed, since a stale read shows them as they were. */
export async function expectMembersStillExactly(actor: Actor, ctx: ScenarioContext, groupAlias: string, aliases: string[], why: string): Promise<void> {
  await pauseFor(lagWait(ctx));
  await expectMembersExactly(actor, ctx, groupAlias, aliases, why);
}

/** The groups named like the alias's group: the displayName filter is AWS-FILTER-01's. */
export const GroupsNamed = (ctx: ScenarioContext, alias: string): Question<string[]> =>
  question(`the groups named like "${alias}"`, async (actor) => {
    const reply = await actor.abilityTo(CallScim).send({ method: 'GET', path: '/Groups', query: { filter: `displayName eq ${quoted(ctx.groupName(alias))}` } });
    if (reply.status !== 200) fail(`${said(reply)} to looking up the group "${alias}" by displayName (${request(reply)}), expected 200`);
    return resources(reply).map((g) => g.id);
  }, 'AWS-FILTER-01');

export async function expectNoGroupNamed(actor: Actor, ctx: ScenarioContext, alias: string): Promise<void> {
  // a group stored despite the refusal may reach a lagging list only after a read made at once
  const found = await actor.asks(OnceLagPassed(ctx, GroupsNamed(ctx, alias), listLagWait));
  if (found.length > 0) {
    for (const id of found) actor.abilityTo(CallScim).track(id, 'Groups');
    fail(`the refused group "${alias}" was stored anyway (${found.join(', ')})`);
  }
}

// ---- paging ------------------------------------------------------------------------------------------

/** AWS-PAGE-01: every page of the walk is a 200 with no more results than `max` (the count asked, or 100). */
export function expectPagesAtMost(actor: Actor, max: number): void {
  const { pages } = actor.recall<Walk>('walk');
  pages.forEach((p, i) => {
    if (p.status !== 200) fail(`${said(p)} to page ${i + 1} (${request(p)}), expected 200`);
    const n = resources(p).length;
    if (n > max) fail(`page ${i + 1} (${request(p)}) holds ${n} results, expected at most ${max} a page`);
    if (typeof p.body?.itemsPerPage === 'number' && p.body.itemsPerPage > max) fail(`page ${i + 1} (${request(p)}) says itemsPerPage ${p.body.itemsPerPage}, above ${max}`);
  });
}

/**
 * AWS-PAGE-01's 100 cap for a count above it: the guide gives count's valid range as 1 to 100, so a 400 is
 * as right as a page of at most 100.
 */
export function expectCapOrCountRefused(actor: Actor, max: number): void {
  const { pages } = actor.recall<Walk>('walk');
  const first = pages[0]!;
  if (first.status >= 400 && first.status < 500) return;
  expectPagesAtMost(actor, max);
}

/** AWS-PAGE-01: the cursor walk met every created user once and no user twice, on as many pages as it needs. */
export async function expectWalkMetPoolOnce(actor: Actor, ctx: ScenarioContext): Promise<void> {
  await judgeSettled(actor, ctx, () => walkMetPoolOnce(actor));
}

function walkMetPoolOnce(actor: Actor): void {
  const { pages, count } = actor.recall<Walk>('walk');
  const seen = new Map<string, number>();
  for (const p of pages) for (const r of resources(p)) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
  const twice = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  if (twice.length > 0) fail(`the cursor walk returned ${twice.length} user(s) more than once, e.g. ${twice[0]}`);
  const ids = pool(actor);
  const missing = ids.filter((id) => !seen.has(id));
  if (missing.length > 0) fail(`the cursor walk over ${pages.length} page(s) missed ${missing.length} of the ${ids.length} users, e.g. ${missing[0]}`);
  const perPage = Math.min(count ?? AWS_MAX_PAGE, AWS_MAX_PAGE);
  const needed = Math.ceil(seen.size / perPage);
  if (pages.length < needed) fail(`${seen.size} users came back on ${pages.length} page(s) without a nextCursor; at most ${perPage} a page needs ${needed}`);
}

/**
 * AWS-PAGE-01: startIndex is ignored: the page is the first one, and holds no more than the count asked.
 * The guide says only that startIndex is not supported: a 400 for it is graded should, not must.
 */
export function expectStartIndexIgnored(actor: Actor, ctx: ScenarioContext): void {
  const { plain, shifted, startIndex, count } = actor.recall<{ plain: ScimReply; shifted: ScimReply; startIndex: number; count: number }>('startIndex pair');
  if (plain.status !== 200) fail(`${said(plain)} to ${request(plain)}, expected 200`);
  const a = resources(plain).map((x) => x.id);
  if (a.length === 0) fail(`${request(plain)} returned no users to compare`);
  if (a.length > count) fail(`${request(plain)} holds ${a.length} results, expected at most the count of ${count}`);
  if (shifted.status >= 400 && shifted.status < 500) {
    ctx.should(`${said(shifted)} to ${request(shifted)}: AWS ignores startIndex rather than refusing it`);
    return;
  }
  if (shifted.status !== 200) fail(`${said(shifted)} to ${request(shifted)}, expected 200 (startIndex ignored)`);
  const b = resources(shifted).map((x) => x.id);
  // the same page as a set: AWS documents no default order that two reads must keep
  if ([...a].sort().join() !== [...b].sort().join()) fail(`startIndex=${startIndex} changed the page (${b.length} result(s) from ${b[0]} instead of ${a[0]}); AWS ignores startIndex`);
}

// ---- unchanged after a refusal ------------------------------------------------------------------------

function withoutMeta(body: any): any {
  const { meta: _meta, ...rest } = body ?? {};
  return rest;
}

/** A value's JSON with keys sorted and lists as sets: no clause promises two reads one order (RFC 7643 §2.4). */
function canonical(v: unknown): string {
  const norm = (x: any): any => Array.isArray(x) ? x.map(norm).map((v) => [JSON.stringify(v), v] as const).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)).map(([, v]) => v)
    : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, norm(x[k])])) : x;
  return JSON.stringify(norm(v));
}

/**
 * That a refused PATCH changed nothing is RFC-PATCH-02's behaviour (atomic PATCH): AWS-PATCH-01 judges the refusal.
 * Read once the SP's measured lag has passed: a stale read would show the resource as it was, whatever was stored.
 */
export async function expectUnchanged(actor: Actor, ctx: ScenarioContext, kind: 'user' | 'group', alias: string): Promise<void> {
  await actor.asks(question(`whether the refused PATCH left the ${kind} "${alias}" as it was`, async () => {
    const before = actor.recall<any>(`before ${alias}`);
    const now = await actor.asks(OnceLagPassed(ctx, ResourceAsItIs(kind, alias, 'after the refusal'), readLagWait));
    const a = withoutMeta(before);
    const b = withoutMeta(now);
    if (canonical(a) !== canonical(b)) {
      const changed = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => canonical(a[k]) !== canonical(b[k]));
      fail(`the refused PATCH changed the ${kind} "${alias}" anyway: ${changed.map((k) => `${k} ${JSON.stringify(a[k])} → ${JSON.stringify(b[k])}`).join('; ')}`);
    }
  }, 'RFC-PATCH-02'));
}

export async function expectPatchedValues(actor: Actor, ctx: ScenarioContext, alias: string): Promise<void> {
  await judgeOnceShown(ctx, `reading "${alias}" after the PATCH`, async () => {
    const u = (await actor.asks(ResourceAsItIs('user', alias, 'after the PATCH'))) ?? {};
    if (u.nickName !== 'Ace') fail(`after add nickName, "${alias}" has nickName ${JSON.stringify(u.nickName)}`);
    if (u.displayName !== `${ctx.person(alias).displayName} Jr`) fail(`after replace displayName, "${alias}" shows ${JSON.stringify(u.displayName)}`);
    if (u.title !== undefined && u.title !== null) fail(`after remove title, "${alias}" still has the title ${JSON.stringify(u.title)}`);
  });
}

export async function expectGroupPatched(actor: Actor, ctx: ScenarioContext, alias: string): Promise<void> {
  await judgeOnceShown(ctx, `reading the group "${alias}" after the PATCH`, async () => {
    const g = (await actor.asks(ResourceAsItIs('group', alias, 'after the PATCH'))) ?? {};
    // a group's displayName is not caseExact (RFC 7643 §8.7.1): the rename shows in any case
    if (!sameIgnoringCase(g.displayName, `${ctx.groupName(alias)} renamed`)) fail(`after replace displayName, the group shows ${JSON.stringify(g.displayName)}`);
  });
  await expectMembersExactly(actor, ctx, alias, ['bob'], 'after adding bob and removing ada');
}

// ---- tenants in the path ------------------------------------------------------------------------------

/** AWS-TENANT-01: every cross-tenant request was 401 and its answer names neither tenant nor its data. */
export function expectCrossTenantRefused(actor: Actor, ctx: ScenarioContext): void {
  const tries = actor.recall<CrossTenantTry[]>('cross-tenant tries');
  const secrets = [...ownTenants(ctx).map((t) => t.tenant.id), ...(ctx.target.tenantId ? [ctx.target.tenantId] : [])];
  const scim = actor.abilityTo(CallScim);
  for (const alias of ['ada']) { const id = scim.ids.get(alias); if (id) secrets.push(id, ctx.person(alias).userName); }
  for (const { what, reply } of tries) {
    if (reply.status !== 401) fail(`${said(reply)} to ${what} with a token of another tenant (${request(reply)}), expected 401`);
    const everything = `${reply.text}\n${Object.entries(reply.headers).filter(([k]) => k !== 'date').map(([k, v]) => `${k}: ${v}`).join('\n')}`;
    const leaked = secrets.find((s) => s && mentions(everything, s));
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
    if (reply.status !== 200 || !Array.isArray(reply.body?.events)) fail(`${said(reply)} from the admin API to reading the event trail, expected 200 with "events"`);
    return reply.body.events;
  });

function clientExchangesOn(ctx: ScenarioContext, base: string): Exchange[] {
  return ctx.transcript.filter((e) => e.actor === 'the client' && !e.cleanup && e.response && e.request.url.startsWith(`${base}/`));
}

function eventShapeProblem(e: any, where: string): string | undefined {
  for (const k of ['eventName', 'eventTime', 'userAgent']) if (typeof e?.[k] !== 'string') return `${where} has no ${k} (${JSON.stringify(e)})`;
  if (Number.isNaN(Date.parse(e.eventTime))) return `${where} has the eventTime ${JSON.stringify(e.eventTime)}, not a date`;
  return undefined;
}

function expectEventShape(e: any, where: string): void {
  const problem = eventShapeProblem(e, where);
  if (problem) fail(problem);
}

/** What is wrong with an event as the record of one request, or undefined. */
function eventProblem(x: Exchange, e: any, base: string): string | undefined {
  const path = new URL(x.request.url).pathname.slice(new URL(base).pathname.length) || '/';
  const where = `the event for ${x.request.method} ${path} (${x.response!.status})`;
  const shape = eventShapeProblem(e, where);
  if (shape) return shape;
  const want = eventNameFor(x.request.method, decodeURIComponent(path));
  if (e.eventName !== want) return `${where} is named ${JSON.stringify(e.eventName)}, expected ${want}`;
  if (e.userAgent !== x.request.headers['user-agent']) return `${where} records the userAgent ${JSON.stringify(e.userAgent)}, the client sent ${JSON.stringify(x.request.headers['user-agent'])}`;
  if (Math.abs(Date.parse(e.eventTime) - Date.parse(x.at)) > 60_000) return `${where} has the eventTime ${e.eventTime}, the request went at ${x.at}`;
  const refused = x.response!.status >= 400;
  if (refused && (typeof e.errorCode !== 'string' || !e.errorCode)) return `${where} was refused but its event carries no errorCode`;
  if (refused && (typeof e.errorMessage !== 'string' || !e.errorMessage)) return `${where} was refused but its event carries no errorMessage`;
  if (!refused && e.errorCode) return `${where} succeeded but its event carries the errorCode ${e.errorCode}`;
  return undefined;
}

/**
 * AWS-EVENT-01: one event per request the client sent to the tenant, each named and shaped as CloudTrail's.
 * The trail's order (newest first) is the reference admin API's own, not the clause's: graded should.
 */
export async function expectOneEventPerRequest(actor: Actor, ctx: ScenarioContext): Promise<void> {
  const t = ownTenant(ctx);
  const sent = clientExchangesOn(ctx, t.scimBase).reverse(); // newest first, like the trail
  const events = await actor.asks(TrailEvents(ctx));
  if (events.length !== sent.length) {
    fail(`the event trail holds ${events.length} event(s) for the ${sent.length} request(s) the client sent: ${events.map((e) => e.eventName).join(', ')}`);
  }
  const problems = (list: any[]) => sent.map((x, i) => eventProblem(x, list[i], t.scimBase)).filter((p): p is string => !!p);
  const newestFirst = problems(events);
  if (newestFirst.length === 0) return;
  if (problems([...events].reverse()).length === 0) {
    ctx.should('the event trail lists the events oldest first; the reference lists them newest first');
    return;
  }
  fail(newestFirst[0]!);
}

/** `client`: the actor whose last request the event records (its refusal's owner, where the SP failed it). */
export async function expectLatestEvent(actor: Actor, ctx: ScenarioContext, eventName: string, errorCode: string, errorMessage: string, client?: Actor): Promise<void> {
  const [e] = await actor.asks(TrailEvents(ctx, eventName));
  if (!e) fail(`the event trail holds no ${eventName} event`);
  expectEventShape(e, `the latest ${eventName} event`);
  if (e.errorCode !== errorCode) {
    const message = `the latest ${eventName} event has errorCode ${JSON.stringify(e.errorCode)}, expected ${errorCode}`;
    // a create the server failed says nothing of the rule that refuses its body: the create rule's first, then that rule's
    const reply = client?.abilityTo(CallScim).last;
    if (e.errorCode === 'InternalServerException' && reply && serverFailureRow(reply, 'aws') === 'RFC-CREATE-01') {
      failOwned(ownerFirst('RFC-CREATE-01', refusalOwner(client!, reply))!, message);
    }
    fail(message);
  }
  if (typeof e.errorMessage !== 'string' || !e.errorMessage.includes(errorMessage)) fail(`the latest ${eventName} event has errorMessage ${JSON.stringify(e.errorMessage)}, expected "${errorMessage}"`);
}

export async function expectMembershipFilter(actor: Actor, ctx: ScenarioContext, group: string, user: string, member: boolean): Promise<void> {
  const found = await actor.asks(Eventually(ctx, MembershipFilterFinds(group, user), (f) => f === member));
  if (found && !member) fail(`the filter id eq "${group}" and members eq "${user}" finds the group, yet "${user}" is no member`);
  if (!found && member) fail(`the filter id eq "${group}" and members eq "${user}" finds nothing, yet "${user}" was created as a member`);
}

/** Deleting made the old id answer 404: RFC-DELETE-01's behaviour. */
const GoneAfterDelete = (alias: string, id: string): Question<void> =>
  question(`whether the deleted "${alias}"'s old id is gone`, async (actor) => {
    const reply = await actor.abilityTo(CallScim).send({ method: 'GET', path: resourcePath('Users', id) });
    if (reply.status !== 404) fail(`${said(reply)} to reading the deleted "${alias}" by its old id ${id}, expected 404`);
  }, 'RFC-DELETE-01');

/** AWS-ID-01: the re-created user has another id (the old id answering 404 is RFC-DELETE-01's). */
export async function expectNewIdentity(actor: Actor, alias: string): Promise<void> {
  const scim = actor.abilityTo(CallScim);
  const old = actor.recall<string>(`old id ${alias}`);
  const now = scim.ids.get(alias);
  if (now === old) fail(`"${alias}" deleted and created again under the same name got its old id ${old} back`);
  await actor.asks(GoneAfterDelete(alias, old));
}

/** That a user is NOT a member (no assignment carried over): read once the SP's measured lag has passed, as a stale read shows none. */
export async function expectNotMember(actor: Actor, ctx: ScenarioContext, alias: string, group: string, why: string): Promise<void> {
  if (!membershipJudged(ctx, group)) return;
  await pauseFor(lagWait(ctx));
  if (await actor.asks(Eventually(ctx, IsMember(ctx, alias, group), (is) => !is))) fail(`"${alias}" is a member of "${group}": ${why}`);
}
