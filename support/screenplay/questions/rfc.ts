// Questions and expectations of the RFC rows: each reads the SP's answers (or state) and fails with a
// sentence that reads like a bug report. Profile differences come from the traits table, never from a step.
import { question, type Actor, type Question } from '../actor.js';
import { CallScim } from '../abilities/call-scim.js';
import type { ScenarioContext } from '../context.js';
import { idOf } from '../tasks/users.js';
import { traitsOf } from '../tasks/rfc-traits.js';
import { batchOf, PATCH_VARIATIONS, NEW_DISPLAY_NAME, type FormResult, type PageRead } from '../tasks/rfc.js';
import type { ScimReply } from '../../scim/client.js';
import { ExpectationFailed, describeReply, expectStatus, pathOf } from '../../scim/expectations.js';
import { ERROR_SCHEMA, GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA } from '../../scim/payloads.js';

const scim = (actor: Actor): CallScim => actor.abilityTo(CallScim);
const q = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));
const fail = (message: string): never => { throw new ExpectationFailed(message); };
const where = (r: ScimReply): string => `${r.exchange.request.method} ${pathOf(r)}`;

export const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
export const BULK_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

/** The aliases the scenario knows for the ids of a list, unknown ids shown as they are. */
function aliasesOf(actor: Actor, ids: string[]): string[] {
  const byId = new Map([...scim(actor).ids].map(([alias, id]) => [id, alias]));
  return ids.map((id) => byId.get(id) ?? `an unknown resource ${id}`);
}

function resources(reply: ScimReply, what: string): any[] {
  expectStatus(reply, 200, what);
  const body = reply.body;
  if (!body || typeof body !== 'object') fail(`${what}: the answer is not a JSON object`);
  if (!Array.isArray(body.schemas) || !body.schemas.includes(LIST_SCHEMA)) fail(`${what}: the answer lacks "schemas": ["${LIST_SCHEMA}"]`);
  if (body.Resources === undefined) {
    if (body.totalResults !== 0) fail(`${what}: totalResults is ${q(body.totalResults)} but there is no Resources list`);
    return [];
  }
  if (!Array.isArray(body.Resources)) fail(`${what}: Resources is not a list`);
  return body.Resources;
}

// ---------------------------------------------------------------- lists and filters

export function expectListHoldsExactly(actor: Actor, aliases: string[], what = 'the list'): void {
  const reply = scim(actor).lastReply();
  const items = resources(reply, `${what} (${where(reply)})`);
  const expected = aliases.map((a) => idOf(actor, a)).sort();
  const got = items.map((r) => r?.id).sort();
  if (q(expected) !== q(got)) {
    fail(`${what} (${where(reply)}) holds ${got.length ? aliasesOf(actor, got).join(', ') : 'nothing'}, expected exactly ${aliases.join(', ') || 'nothing'}`);
  }
  if (reply.body.totalResults !== aliases.length) fail(`${what} (${where(reply)}) has totalResults ${q(reply.body.totalResults)}, expected ${aliases.length}`);
}

export function expectFormsAnswered(actor: Actor): void {
  const results = actor.recall<FormResult[]>('rfc:forms');
  const wrong: string[] = [];
  for (const { form, reply } of results) {
    try {
      const items = resources(reply, `the filter ${form.filter}`);
      const expected = form.expect.map((a) => idOf(actor, a)).sort();
      const got = items.map((r) => r?.id).sort();
      if (q(expected) !== q(got)) wrong.push(`${form.name} (${form.filter}) returned ${got.length ? aliasesOf(actor, got).join(', ') : 'nothing'}, expected ${form.expect.join(', ') || 'nothing'}`);
    } catch (e) {
      wrong.push(`${form.name}: ${(e as Error).message}`);
    }
  }
  if (wrong.length) fail(`${wrong.length} of ${results.length} supported filter forms gave a wrong answer: ${wrong.join('; ')}`);
}

// ---------------------------------------------------------------- paging and sorting

export function expectPagesCoverBatch(actor: Actor, name: string): void {
  const batch = batchOf(actor, name);
  const pages = actor.recall<PageRead[]>('rfc:pages');
  const seen = new Map<string, number>();
  const n = batch.aliases.length;
  for (const { startIndex, count, reply } of pages) {
    const what = `the page at startIndex ${startIndex}, count ${count}`;
    const items = resources(reply, what);
    const b = reply.body;
    if (b.totalResults !== n) fail(`${what} has totalResults ${q(b.totalResults)}, expected ${n} (the users named "${name}")`);
    if (b.itemsPerPage !== items.length) fail(`${what} has itemsPerPage ${q(b.itemsPerPage)} but holds ${items.length} resources`);
    if (items.length > count) fail(`${what} holds ${items.length} resources, more than the count of ${count} asked for`);
    if (b.startIndex !== startIndex) fail(`${what} has startIndex ${q(b.startIndex)}, expected ${startIndex}`);
    const expectedHere = Math.min(count, Math.max(0, n - startIndex + 1));
    if (items.length !== expectedHere) fail(`${what} holds ${items.length} resources, expected ${expectedHere} of the ${n}`);
    for (const r of items) seen.set(r?.id, (seen.get(r?.id) ?? 0) + 1);
  }
  const twice = [...seen].filter(([, c]) => c > 1).map(([id]) => id);
  if (twice.length) fail(`paging returned ${aliasesOf(actor, twice).join(', ')} more than once`);
  const missing = batch.aliases.filter((a) => !seen.has(idOf(actor, a)));
  if (missing.length) fail(`paging never returned ${missing.join(', ')}`);
  const strangers = [...seen.keys()].filter((id) => !batch.aliases.some((a) => idOf(actor, a) === id));
  if (strangers.length) fail(`paging returned users outside the filter: ${strangers.join(', ')}`);
}

export function expectSortedBatch(actor: Actor, name: string, order: 'ascending' | 'descending'): void {
  const batch = batchOf(actor, name);
  const reply = scim(actor).lastReply();
  const items = resources(reply, `the list sorted ${order}`);
  const got = items.map((r) => String(r?.userName ?? '').toLowerCase());
  const want = batch.letters.map((l) => `${batch.prefix}${l}@example.com`.toLowerCase());
  if (order === 'descending') want.reverse();
  if (q(got) !== q(want)) fail(`sorted by userName ${order}, the users came as ${got.map((u) => u.slice(batch.prefix.length, batch.prefix.length + 1)).join(',')} (expected ${want.map((u) => u.slice(batch.prefix.length, batch.prefix.length + 1)).join(',')})`);
}

// ---------------------------------------------------------------- attribute projection

export function expectShape(reply: ScimReply, has: string[], lacks: string[], what: string): void {
  expectStatus(reply, 200, what);
  const body = reply.body ?? {};
  const target = Array.isArray(body.Resources) ? body.Resources[0] : body;
  if (!target) fail(`${what}: no resource came back`);
  for (const a of ['id', 'schemas', ...has]) if (target[a] === undefined) fail(`${what}: the answer lacks ${a}${a === 'id' || a === 'schemas' ? ', which is always returned' : ''}`);
  for (const a of lacks) if (target[a] !== undefined) fail(`${what}: the answer still carries ${a} (${q(target[a]).slice(0, 80)})`);
}

// ---------------------------------------------------------------- groups

/** Which of the scenario's users the SP lists as members of a group: read from the group (rfc) or with
 *  the member filter (aws groups come back without members, AWS-GROUP-01). */
export const MembersOf = (ctx: ScenarioContext, groupAlias: string): Question<{ members: string[]; extra: string[] }> =>
  question(`the members of the group "${groupAlias}"`, async (actor) => {
    const c = scim(actor);
    const gid = idOf(actor, groupAlias);
    const keep = c.last;
    try {
      const users = [...c.ids.keys()].filter((a) => a !== groupAlias && ctx.knowsPerson(a));
      if (traitsOf(ctx.profile).groupsCarryMembers) {
        const reply = await c.send({ method: 'GET', path: `/Groups/${gid}` });
        expectStatus(reply, 200, `reading the group "${groupAlias}"`);
        const ids: string[] = Array.isArray(reply.body?.members) ? reply.body.members.map((m: any) => m?.value) : [];
        const names = aliasesOf(actor, ids);
        return { members: names.filter((n) => users.includes(n)), extra: names.filter((n) => !users.includes(n)) };
      }
      const members: string[] = [];
      for (const user of users) {
        const reply = await c.send({ method: 'GET', path: '/Groups', query: { filter: `id eq ${q(gid)} and members eq ${q(c.ids.get(user))}` } });
        const items = resources(reply, `asking whether "${user}" is a member of "${groupAlias}"`);
        if (items.length > 1 || (items.length === 1 && items[0]?.id !== gid)) fail(`the member filter for "${groupAlias}" returned other groups: ${q(items.map((i) => i?.id))}`);
        if (items.length === 1) members.push(user);
      }
      return { members, extra: [] };
    } finally {
      c.last = keep;
    }
  });

export async function expectMembersExactly(actor: Actor, ctx: ScenarioContext, groupAlias: string, aliases: string[]): Promise<void> {
  const { members, extra } = await actor.asks(MembersOf(ctx, groupAlias));
  const want = [...aliases].sort();
  const got = [...members, ...extra].sort();
  if (q(want) !== q(got)) fail(`the group "${groupAlias}" has the members ${got.join(', ') || 'none'}, expected exactly ${want.join(', ') || 'none'}`);
}

// ---------------------------------------------------------------- authentication

export function expectNothingRevealed(actor: Actor, ctx: ScenarioContext, alias: string): void {
  const reply = scim(actor).lastReply();
  const p = ctx.person(alias);
  const secrets = [p.userName, p.email, p.externalId, scim(actor).ids.get(alias)].filter((s): s is string => !!s);
  const leaked = secrets.filter((s) => reply.text.toLowerCase().includes(s.toLowerCase()));
  if (leaked.length) fail(`the refusal (${where(reply)}) reveals ${leaked.length} of "${alias}"'s values: ${leaked.join(', ')}`);
  for (const key of ['Resources', 'totalResults', 'userName', 'emails']) {
    if (reply.body && typeof reply.body === 'object' && key in reply.body) fail(`the refusal (${where(reply)}) carries ${key}`);
  }
}

// ---------------------------------------------------------------- create, read, replace

export function expectResourceMatches(actor: Actor, ctx: ScenarioContext, alias: string): void {
  const reply = scim(actor).lastReply();
  expectStatus(reply, 200, `reading "${alias}"`);
  const b = reply.body ?? {};
  if (b.id !== idOf(actor, alias)) fail(`reading "${alias}" returned id ${q(b.id)}, expected ${q(idOf(actor, alias))}`);
  if (ctx.knowsPerson(alias) && String(b.userName).toLowerCase() !== ctx.person(alias).userName.toLowerCase()) fail(`reading "${alias}" returned userName ${q(b.userName)}, expected ${q(ctx.person(alias).userName)}`);
  if (!Array.isArray(b.schemas) || !b.schemas.includes(ctx.knowsPerson(alias) ? USER_SCHEMA : GROUP_SCHEMA)) fail(`reading "${alias}" returned schemas ${q(b.schemas)}`);
  if (!b.meta?.resourceType || !b.meta?.location) fail(`reading "${alias}" returned meta ${q(b.meta)} without resourceType and location`);
}

/** RFC 7644 §3.3: 201, the resource with id and meta, and Location equal to meta.location. */
export function expectCreatedWithLocation(reply: ScimReply, what: string): void {
  expectStatus(reply, 201, `creating the ${what}`);
  const b = reply.body ?? {};
  if (typeof b.id !== 'string' || !b.id) fail(`the created ${what} has no id`);
  if (!b.meta?.location) fail(`the created ${what} has no meta.location`);
  if (!b.meta?.resourceType || !b.meta?.created) fail(`the created ${what}'s meta lacks resourceType or created: ${q(b.meta)}`);
  if (reply.headers.location !== b.meta.location) fail(`the Location header ${q(reply.headers.location)} differs from meta.location ${q(b.meta.location)}`);
}

export const CurrentRepresentation = (alias: string, path: 'Users' | 'Groups' = 'Users'): Question<any> =>
  question(`how "${alias}" looks now`, async (actor) => {
    const c = scim(actor);
    const keep = c.last;
    try {
      const reply = await c.send({ method: 'GET', path: `/${path}/${idOf(actor, alias)}` });
      expectStatus(reply, 200, `reading "${alias}"`);
      return reply.body;
    } finally { c.last = keep; }
  });

export async function expectReplaced(actor: Actor, alias: string): Promise<void> {
  const u = await actor.asks(CurrentRepresentation(alias));
  if (u.displayName !== NEW_DISPLAY_NAME) fail(`after the PUT, "${alias}" has displayName ${q(u.displayName)}, expected ${q(NEW_DISPLAY_NAME)}`);
  if (u.nickName !== undefined) fail(`after a PUT without nickName, "${alias}" still has the nickName ${q(u.nickName)} (PUT replaces, RFC 7644 §3.5.1)`);
}

export async function expectKeepsIdentity(actor: Actor, alias: string, path: 'Users' | 'Groups' = 'Users'): Promise<void> {
  const was = actor.recall<any>(`rfc:was:${alias}`);
  const now = await actor.asks(CurrentRepresentation(alias, path));
  if (now.id !== was.id) fail(`"${alias}" changed its id from ${q(was.id)} to ${q(now.id)}`);
  if (now.meta?.created !== was.meta?.created) fail(`"${alias}" changed meta.created from ${q(was.meta?.created)} to ${q(now.meta?.created)} (readOnly)`);
  if (now.meta?.location !== was.meta?.location) fail(`"${alias}" changed meta.location from ${q(was.meta?.location)} to ${q(now.meta?.location)} (readOnly)`);
}

export async function expectPatchShows(actor: Actor, ctx: ScenarioContext): Promise<void> {
  const { alias, variation } = actor.recall<{ alias: string; variation: string }>('rfc:patched');
  const reply = scim(actor).lastReply();
  expectStatus(reply, [200, 204], `the PATCH to ${variation}`);
  const user = await actor.asks(CurrentRepresentation(alias));
  const wrong = PATCH_VARIATIONS[variation]!.check(user, ctx, alias);
  if (wrong) fail(`after the PATCH to ${variation}, ${wrong}`);
  if (reply.status === 200) {
    const echoed = PATCH_VARIATIONS[variation]!.check(reply.body ?? {}, ctx, alias);
    if (echoed) fail(`the PATCH answered 200 with a representation that does not show the change: ${echoed}`);
  }
}

// ---------------------------------------------------------------- errors and media types

export function expectRfcErrorBody(reply: ScimReply, status: number, scimType: string | undefined): void {
  expectStatus(reply, status, 'the SP\'s answer');
  const b = reply.body;
  if (!b || typeof b !== 'object') fail(`the ${status} error body is not JSON: ${describeReply(reply)}`);
  if (!Array.isArray(b.schemas) || !b.schemas.includes(ERROR_SCHEMA)) fail(`the ${status} error body lacks "schemas": ["${ERROR_SCHEMA}"] (it has ${q(b.schemas ?? b.schema)})`);
  if (b.status !== String(status)) fail(`the ${status} error body has status ${q(b.status)}, expected the string "${status}"`);
  if (scimType !== undefined && b.scimType !== scimType) fail(`the ${status} error body has scimType ${q(b.scimType)}, expected "${scimType}"`);
  if (b.detail !== undefined && typeof b.detail !== 'string') fail(`the ${status} error body has a detail that is not a string: ${q(b.detail)}`);
}

/** An error, when the SP answered one, has the RFC body; a success is left to the row that owns the case. */
export function expectRfcErrorIfAny(reply: ScimReply, named: { status: number; scimType: string } | undefined, log: (line: string) => void): void {
  if (!reply.failure && reply.status < 400) { log(`the SP answered ${reply.status}: no error to judge here`); return; }
  expectRfcErrorBody(reply, reply.status, named && reply.status === named.status ? named.scimType : undefined);
}

export function expectMediaType(reply: ScimReply, mediaType: string): void {
  if (reply.failure) fail(reply.failure);
  const type = (reply.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== mediaType) fail(`${where(reply)} answered ${reply.status} with Content-Type ${q(reply.headers['content-type'])}, expected ${mediaType} (RFC 7644 §8.1)`);
}

export function expectSearchLikeGet(actor: Actor, alias: string): void {
  const { post, get } = actor.recall<{ post: ScimReply; get: ScimReply }>('rfc:search');
  const viaPost = resources(post, 'POST /Users/.search');
  const viaGet = resources(get, 'the equivalent GET /Users');
  const ids = (xs: any[]) => xs.map((x) => x?.id).sort();
  if (q(ids(viaPost)) !== q(ids(viaGet))) fail(`POST /.search returned ${aliasesOf(actor, ids(viaPost)).join(', ') || 'nothing'}, the GET returned ${aliasesOf(actor, ids(viaGet)).join(', ') || 'nothing'}`);
  if (!ids(viaPost).includes(idOf(actor, alias))) fail(`POST /.search did not find "${alias}"`);
  if (post.body.totalResults !== get.body.totalResults) fail(`POST /.search has totalResults ${q(post.body.totalResults)}, the GET ${q(get.body.totalResults)}`);
}

export function expectBulkCreated(actor: Actor): void {
  const reply = scim(actor).lastReply();
  expectStatus(reply, 200, 'the bulk request');
  const b = reply.body ?? {};
  if (!Array.isArray(b.schemas) || !b.schemas.includes(BULK_RESPONSE_SCHEMA)) fail(`the bulk response lacks "schemas": ["${BULK_RESPONSE_SCHEMA}"]`);
  const ops: any[] = Array.isArray(b.Operations) ? b.Operations : [];
  for (const bulkId of ['u1', 'g1']) {
    const op = ops.find((o) => o?.bulkId === bulkId);
    if (!op) fail(`the bulk response has no operation for bulkId ${bulkId}`);
    if (String(op.status) !== '201') fail(`the bulk operation ${bulkId} answered ${q(op.status)}, expected "201"${op.response?.detail ? ` (${op.response.detail})` : ''}`);
    if (typeof op.location !== 'string' || !op.location) fail(`the bulk operation ${bulkId} has no location`);
  }
}

// ---------------------------------------------------------------- discovery

export const ServiceProviderConfig = (): Question<any> =>
  question('the service provider configuration', async (actor) => {
    const c = scim(actor);
    const keep = c.last;
    try {
      const reply = await c.send({ method: 'GET', path: '/ServiceProviderConfig' });
      expectStatus(reply, 200, 'reading /ServiceProviderConfig');
      return reply.body ?? {};
    } finally { if (keep) c.last = keep; }
  });

export function expectWellFormedConfig(reply: ScimReply): void {
  expectStatus(reply, 200, 'reading /ServiceProviderConfig');
  const b = reply.body ?? {};
  if (!Array.isArray(b.schemas) || !b.schemas.includes(SPC_SCHEMA)) fail(`/ServiceProviderConfig lacks "schemas": ["${SPC_SCHEMA}"]`);
  for (const feature of ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag']) {
    if (typeof b[feature]?.supported !== 'boolean') fail(`/ServiceProviderConfig has no boolean ${feature}.supported (RFC 7643 §5)`);
  }
  if (!Number.isInteger(b.bulk.maxOperations) || !Number.isInteger(b.bulk.maxPayloadSize)) fail('/ServiceProviderConfig bulk lacks integer maxOperations and maxPayloadSize');
  if (!Number.isInteger(b.filter.maxResults)) fail('/ServiceProviderConfig filter lacks an integer maxResults');
  if (!Array.isArray(b.authenticationSchemes) || b.authenticationSchemes.length === 0) fail('/ServiceProviderConfig lists no authenticationSchemes');
  for (const s of b.authenticationSchemes) if (!s?.type || !s?.name || !s?.description) fail(`an authentication scheme lacks type, name or description: ${q(s)}`);
}

export async function expectPatchAsAdvertised(actor: Actor, alias: string): Promise<void> {
  const reply = scim(actor).lastReply();
  const spc = await actor.asks(ServiceProviderConfig());
  if (spc.patch?.supported === true) {
    expectStatus(reply, [200, 204], 'PATCH, which /ServiceProviderConfig advertises');
    const u = await actor.asks(CurrentRepresentation(alias));
    if (u.displayName !== NEW_DISPLAY_NAME) fail(`PATCH answered ${reply.status} but displayName is ${q(u.displayName)}`);
  } else if (reply.status >= 200 && reply.status < 300) {
    fail(`PATCH answered ${reply.status} although /ServiceProviderConfig says patch.supported is ${q(spc.patch?.supported)}`);
  }
}

export function expectAtMostMaximum(actor: Actor): void {
  const max = actor.recall<number>('rfc:maxResults');
  const reply = scim(actor).lastReply();
  const items = resources(reply, `listing users with count ${max + 1}`);
  if (items.length > max) fail(`a list asked for ${max + 1} users returned ${items.length}, more than the advertised filter.maxResults ${max}`);
  if (typeof reply.body.itemsPerPage === 'number' && reply.body.itemsPerPage > max) fail(`itemsPerPage ${reply.body.itemsPerPage} exceeds the advertised filter.maxResults ${max}`);
}

export async function expectETagAsAdvertised(actor: Actor): Promise<void> {
  const reply = scim(actor).lastReply();
  expectStatus(reply, 200, 'reading the user');
  const spc = await actor.asks(ServiceProviderConfig());
  const etag = reply.headers.etag;
  if (spc.etag?.supported === true) {
    if (!etag) fail('/ServiceProviderConfig advertises etag but reading a user gives no ETag header (RFC 7644 §3.14)');
    if (reply.body?.meta?.version !== undefined && reply.body.meta.version !== etag) fail(`the ETag header ${q(etag)} differs from meta.version ${q(reply.body.meta.version)}`);
  }
}

export async function expectResourceTypes(actor: Actor): Promise<void> {
  const reply = scim(actor).lastReply();
  const items = resources(reply, 'reading /ResourceTypes');
  for (const [name, endpoint, schema] of [['User', '/Users', USER_SCHEMA], ['Group', '/Groups', GROUP_SCHEMA]] as const) {
    const rt = items.find((r) => r?.name === name || r?.id === name);
    if (!rt) fail(`/ResourceTypes does not list ${name} (it lists ${items.map((r) => r?.name).join(', ') || 'nothing'})`);
    if (rt.endpoint !== endpoint) fail(`/ResourceTypes gives ${name} the endpoint ${q(rt.endpoint)}, expected "${endpoint}"`);
    if (rt.schema !== schema) fail(`/ResourceTypes gives ${name} the schema ${q(rt.schema)}, expected "${schema}"`);
    if (!Array.isArray(rt.schemas) || !rt.schemas.includes(RESOURCE_TYPE_SCHEMA)) fail(`the ${name} resource type lacks "schemas": ["${RESOURCE_TYPE_SCHEMA}"]`);
    const c = scim(actor);
    const answer = await c.send({ method: 'GET', path: endpoint, query: { count: 1 } });
    resources(answer, `the ${name} endpoint ${endpoint} that /ResourceTypes lists`);
    const one = await c.send({ method: 'GET', path: `/ResourceTypes/${rt.id ?? name}` });
    expectStatus(one, 200, `reading /ResourceTypes/${rt.id ?? name}`);
    c.last = reply;
  }
}

export async function expectCoreSchemas(actor: Actor): Promise<void> {
  const reply = scim(actor).lastReply();
  const items = resources(reply, 'reading /Schemas');
  const user = items.find((s) => s?.id === USER_SCHEMA);
  if (!user) fail(`/Schemas does not describe ${USER_SCHEMA}`);
  const userName = (user.attributes ?? []).find((a: any) => String(a?.name).toLowerCase() === 'username');
  if (!userName) fail('the core User schema has no userName attribute');
  if (userName.required !== true) fail(`the core User schema says userName is required: ${q(userName.required)}, expected true (RFC 7643 §4.1)`);
  if (userName.uniqueness !== 'server') fail(`the core User schema gives userName uniqueness ${q(userName.uniqueness)}, expected "server"`);
  if (!items.some((s) => s?.id === GROUP_SCHEMA)) fail(`/Schemas does not describe ${GROUP_SCHEMA}`);
  const c = scim(actor);
  for (const s of items) {
    if (!Array.isArray(s?.attributes)) fail(`the schema ${q(s?.id)} has no attributes list`);
    const one = await c.send({ method: 'GET', path: `/Schemas/${s.id}` });
    expectStatus(one, 200, `reading /Schemas/${s.id}`);
    if (one.body?.id !== s.id) fail(`/Schemas/${s.id} answers with the schema ${q(one.body?.id)}`);
  }
  c.last = reply;
}
