// Questions and expectations of the RFC rows: each reads the SP's answers (or state) and fails with a
// sentence that reads like a bug report. Profile differences come from the traits table, never from a step.
import { createHash } from 'node:crypto';
import { ownerOf, question, type Actor, type Question } from '../actor.js';
import { CallScim } from '../abilities/call-scim.js';
import type { ScenarioContext } from '../context.js';
import { displayNameJudged, expectSetupDone, idOf, judgedWhereDeclared, pathOfUser } from '../tasks/users.js';
import { groupsNotServed } from '../tasks/groups.js';
import { batchFilter, batchOf, FORBIDDEN_PATCHES, FORGED_TIME, isForgedLocation, ListUsersByUserName, PATCH_VARIATIONS, NEW_DISPLAY_NAME, type FormResult, type PageRead, type PageWalk, type PatchedName, patchableName } from '../tasks/rfc.js';
import { aliasesOf, memberFilterFailed, MembersOf, unlistedMembersOwner, UNLISTED_MEMBERS_NOTE } from './membership.js';
import { checkRfcErrorBody, ProfileErrorBody } from './errors.js';
import { traitsOf } from '../tasks/rfc-traits.js';
import { NOT_SERVED } from '../../targets/capabilities.js';
import { memberAddedBy } from '../../targets/target.js';
import { resourcePath, sameResourceUri, schemaPath, selfNamedBase, serverFailureRow } from '../../scim/paths.js';
import { answeredAt } from '../../scim/exchange.js';
import type { ScimReply } from '../../scim/client.js';
import { ACCEPTED, ExpectationFailed, describeReply, expectStatus, mentions, pathOf, refusedAsTooMany, refusedWith, succeeded, unassigned } from '../../scim/expectations.js';
import { GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA, bulkOperationStatus } from '../../scim/payloads.js';
import { BULK_RESPONSE_SCHEMA, RESOURCE_TYPE_SCHEMA, SPC_SCHEMA } from '../../scim/urns.js';
import { sameIgnoringCase, sameInstant } from '../../scim/values.js';
import { Eventually, judgeOnceShown, judgeSettled } from '../settle.js';

const scim = (actor: Actor): CallScim => actor.abilityTo(CallScim);
const q = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));
const fail = (message: string): never => { throw new ExpectationFailed(message); };
const where = (r: ScimReply): string => `${r.exchange.request.method} ${pathOf(r)}`;


function resources(reply: ScimReply, what: string): any[] {
  expectStatus(reply, 200, what);
  const body = reply.body;
  if (!body || typeof body !== 'object') fail(`${what}: the answer is not a JSON object`);
  if (!Array.isArray(body.schemas) || !body.schemas.includes(LIST_SCHEMA)) fail(`${what}: the answer lacks "schemas": ["${LIST_SCHEMA}"]`);
  // absent and null are one state (RFC 7643 §2.5): a serialiser that writes an empty list as null says "none". Resources
  // is REQUIRED only where totalResults is non-zero (RFC 7644 §3.4.2); a list without a total (a cursor-paged SP that
  // cannot count, RFC 9865 §2) says none by leaving both out, and the checks that need a total judge its absence
  if (body.Resources === undefined || body.Resources === null) {
    if (!unassigned(body.totalResults) && body.totalResults !== 0) fail(`${what}: totalResults is ${q(body.totalResults)} but there is no Resources list`);
    return [];
  }
  if (!Array.isArray(body.Resources)) fail(`${what}: Resources is not a list`);
  return body.Resources;
}

// ---------------------------------------------------------------- lists and filters

export async function expectListHoldsExactly(actor: Actor, ctx: ScenarioContext, aliases: string[], what = 'the list'): Promise<void> {
  await judgeSettled(actor, ctx, () => listHoldsExactly(actor, ctx, aliases, what));
}

/**
 * A check of what a clause describes without a MUST (RFC 7644 §3.4.2.2: attribute names and operators in filters "are
 * case insensitive"): its failure is a should-level finding, never the row's failure. A failure another row owns stays
 * that row's.
 */
export async function judgedAsShould(ctx: ScenarioContext, clause: string, check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (!(error instanceof ExpectationFailed) || ownerOf(error)) throw error;
    ctx.should(`${error.message}, where ${clause}`);
  }
}

function listHoldsExactly(actor: Actor, ctx: ScenarioContext, aliases: string[], what: string): void {
  const reply = scim(actor).lastReply();
  const items = resources(reply, `${what} (${where(reply)})`);
  const expected = aliases.map((a) => idOf(actor, a)).sort();
  const got = items.map((r) => r?.id).sort();
  if (q(expected) !== q(got)) {
    fail(`${what} (${where(reply)}) holds ${got.length ? aliasesOf(actor, got).join(', ') : 'nothing'}, expected exactly ${aliases.join(', ') || 'nothing'}`);
  }
  // "Service providers implementing cursor pagination that are unable to estimate totalResults MAY choose to omit" it (RFC 9865 §2)
  if (unassigned(reply.body.totalResults) && ctx.target.capabilities.cursorPaging) {
    ctx.noteOnce('not judged: totalResults, which the SP leaves out of its lists: it pages by cursor, and RFC 9865 §2 lets such an SP omit a total it cannot count');
    return;
  }
  if (reply.body.totalResults !== aliases.length) fail(`${what} (${where(reply)}) has totalResults ${q(reply.body.totalResults)}, expected ${aliases.length}`);
}


/** Encodings of a password's common digests, as a store that hashes it would hold (and leak) them. */
function digestsOf(password: string): string[] {
  return ['md5', 'sha1', 'sha256', 'sha512'].flatMap((algorithm) => {
    const digest = createHash(algorithm).update(password, 'utf8').digest();
    return [digest.toString('hex'), digest.toString('base64'), digest.toString('base64url')];
  });
}
/**
 * A value that reads as a password hash: crypt-style ($2b$…, $argon2…, $pbkdf2…), LDAP's {SSHA}, or a bare MD5,
 * SHA-1, SHA-256 or SHA-512 digest in hex or padded base64 (so a mask or a policy's placeholder text is none).
 */
const HASH_LIKE = new RegExp([
  String.raw`^\$(2[abxy]?|argon2(id|i|d)?|pbkdf2[-\w]*|scrypt|[156])\$`, String.raw`^\{S?(SHA|MD5|SSHA\d*|CRYPT|PBKDF2)[^}]*\}`,
  '^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$', '^([A-Za-z0-9+/]{22}==|[A-Za-z0-9+/]{27}=|[A-Za-z0-9+/]{43}=|[A-Za-z0-9+/]{86}==)$',
].join('|'), 'i');

/** Values held under a key named "password" (any case), at any depth. */
function passwordValues(v: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(v)) for (const x of v) passwordValues(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) { if (k.toLowerCase() === 'password') out.push(x); else passwordValues(x, out); }
  }
  return out;
}

/**
 * RFC 7643 §4.1.1: "The cleartext value or the hashed value of a password SHALL NOT be returnable by a service
 * provider." The answer may not hold the password in clear, nor a common digest of it anywhere, nor a value
 * that reads as a hash under "password"; a mask (`"********"`) or a null there is neither, and passes.
 */
export function expectNoPassword(actor: Actor, alias: string, what: string): void {
  const reply = scim(actor).lastReply();
  if (reply.failure || reply.status < 200 || reply.status > 299) return; // nothing returned: what the read answered is another row's
  const password = actor.recall<string>(`rfc:password:${alias}`);
  const text = reply.text;
  if (text.includes(password)) fail(`${what} (${where(reply)}) holds the password of "${alias}" in clear: a password "SHALL NOT be returnable" (RFC 7643 §4.1.1)`);
  const leaked = digestsOf(password).find((d) => text.includes(d));
  if (leaked) fail(`${what} (${where(reply)}) holds a digest of the password of "${alias}" (${leaked.slice(0, 12)}…): neither the cleartext nor the hashed value is returnable (RFC 7643 §4.1.1)`);
  const hashed = passwordValues(reply.body).find((v) => typeof v === 'string' && HASH_LIKE.test(v));
  if (hashed !== undefined) fail(`${what} (${where(reply)}) returns a "password" that reads as a hash (${String(hashed).slice(0, 12)}…): the hashed value is not returnable either (RFC 7643 §4.1.1)`);
}

/**
 * expectNoPassword on the lookup by userName, once the list shows the user: a list that has not shown it yet
 * holds no password to find, and would pass unread. A user the list never shows within the settle time leaves
 * this part unjudged, with a note (a filter that misses it is RFC-FILTER-01's, a list that lags no deviation).
 */
export async function expectNoPasswordListed(actor: Actor, ctx: ScenarioContext, alias: string): Promise<void> {
  const id = idOf(actor, alias);
  try {
    await judgeSettled(actor, ctx, () => {
      const body = scim(actor).lastReply().body;
      if (!Array.isArray(body?.Resources) || !body.Resources.some((r: any) => r?.id === id)) fail(`the lookup by userName does not list "${alias}" yet`);
    });
  } catch (error) {
    if (!(error instanceof ExpectationFailed)) throw error;
    ctx.notes.push(`The lookup of "${alias}" by userName never listed it, so no list was searched for its password.`);
    return;
  }
  expectNoPassword(actor, alias, 'the lookup by userName');
}

/**
 * RFC 7644 §3.6: "Service providers MUST omit the resource from future query results." Judged on the lookup by
 * userName, read again while a lagging list still shows the user; a lookup the SP does not answer with a list is
 * userName eq's own failure (RFC-FILTER-01), not the delete's.
 */
export async function expectDeletedUnlisted(actor: Actor, ctx: ScenarioContext, alias: string): Promise<void> {
  const id = idOf(actor, alias);
  await judgeSettled(actor, ctx, async () => {
    const reply = scim(actor).lastReply();
    if (reply.failure || reply.status !== 200) {
      await actor.asks(question('the lookup by userName', async () => { expectStatus(reply, 200, 'the lookup by userName'); }, 'RFC-FILTER-01'));
    }
    const items: any[] = Array.isArray(reply.body?.Resources) ? reply.body.Resources : [];
    if (items.some((r) => r?.id === id)) {
      fail(`the deleted user "${alias}" is still listed (${where(reply)}): a deleted resource is omitted from future query results (RFC 7644 §3.6)`);
    }
  });
}

export async function expectFormsAnswered(actor: Actor, ctx: ScenarioContext, log: (line: string) => void): Promise<void> {
  let unsupported: string[] = [];
  try {
    // the last form may be one the SP refuses (400): any form it answered may be late
    const anyAnswered = () => actor.recall<FormResult[]>('rfc:forms').some(({ reply }) => succeeded(reply));
    await judgeSettled(actor, ctx, () => { unsupported = []; formsAnswered(actor, unsupported); }, anyAnswered);
  } finally {
    if (unsupported.length) log(`filter forms this SP does not support (UNSUPPORTED for that form, not wrong): ${unsupported.join(', ')}`);
  }
}

/** Judges each form's answer, noting in `unsupported` the forms the SP does not serve; a wrong answer throws. */
function formsAnswered(actor: Actor, unsupported: string[]): void {
  const results = actor.recall<FormResult[]>('rfc:forms');
  const wrong: string[] = [];
  /** Wrong answers read over several pages whose first page counted the right number of results: the pages lost them. */
  let pagesLost = 0;
  for (const { form, reply, more } of results) {
    // RFC 7644 §3.4.2.2 lets an SP not support a form: 400 (invalidFilter), 404, 405 or 501 says so; never wrong
    if (!reply.failure && NOT_SERVED.has(reply.status)) { unsupported.push(`${form.name} (${reply.status})`); continue; }
    try {
      const items = [reply, ...more].flatMap((r, i) => resources(r, `the filter ${form.filter}${i ? ` (page ${i + 1})` : ''}`));
      const expected = form.expect.map((a) => idOf(actor, a)).sort();
      const got = items.map((r) => r?.id).sort();
      if (q(expected) !== q(got)) {
        const counted = more.length > 0 && Number(reply.body?.totalResults) === expected.length;
        if (counted) pagesLost++;
        wrong.push(`${form.name} (${form.filter}) returned ${got.length ? aliasesOf(actor, got).join(', ') : 'nothing'}${more.length ? ` over ${more.length + 1} pages` : ''}, expected ${form.expect.join(', ') || 'nothing'}${counted ? ` (its first page counted ${expected.length}, totalResults)` : ''}`);
      }
    } catch (e) {
      wrong.push(`${form.name}: ${(e as Error).message}`);
    }
  }
  if (!wrong.length) return;
  const message = `${wrong.length} of ${results.length - unsupported.length} filter forms the SP answered gave a wrong result: ${wrong.join('; ')}`;
  // the filter matched what it should (the SP counted it) and the pages it was read over lost results: paging's
  // deviation (RFC-PAGE-01), on an SP that answers fewer results a page than asked for
  if (pagesLost === wrong.length) throw Object.assign(new ExpectationFailed(`${message}: the filter counted the right results and the pages lost some, which RFC-PAGE-01 judges`), { owner: 'RFC-PAGE-01' });
  fail(message);
}

// ---------------------------------------------------------------- paging and sorting

/** Pages that repeat a result or miss one: a paging bug where the list's order holds still, not where it does not. */
class PagesInconsistent extends ExpectationFailed {}

export async function expectPagesCoverBatch(actor: Actor, ctx: ScenarioContext, name: string): Promise<void> {
  try {
    await judgeSettled(actor, ctx, () => pagesCoverBatch(actor, name));
  } catch (error) {
    if (!(error instanceof PagesInconsistent) || !(await defaultOrderVaries(actor))) throw error;
    // sort is OPTIONAL (§3.4.2.3) and no clause orders an unsorted list: pages cut from a moving order overlap
    // lawfully, so this is said beside the verdict, not graded (each page was judged above)
    ctx.notes.push(`Not graded: ${error.message}, because this SP answers the same unsorted list in another order from one request to the `
      + 'next, so its pages cannot partition it. "Clients MUST be prepared to handle inconsistent results" (RFC 7644 §3.4.2.4); a client '
      + 'that pages through it without sortBy (an IdP\'s import) may miss users.');
  }
}

/** The walk's first page read three more times: whether its results come in another order (or are other results) each time. */
async function defaultOrderVaries(actor: Actor): Promise<boolean> {
  const c = scim(actor);
  const keep = c.last;
  const first = actor.recall<PageWalk>('rfc:pages').pages[0];
  if (!first) return false;
  const ids = (r: ScimReply): string => (Array.isArray(r.body?.Resources) ? r.body.Resources.map((x: any) => String(x?.id)).join(',') : '');
  const was = ids(first.reply);
  let varies = false;
  for (let i = 0; i < 3 && !varies; i++) {
    const again = await c.send({ method: 'GET', path: first.reply.exchange.request.url });
    varies = again.status === 200 && ids(again) !== was;
  }
  c.last = keep;
  return varies;
}

function pagesCoverBatch(actor: Actor, name: string): void {
  const batch = batchOf(actor, name);
  const { scoped, pages } = actor.recall<PageWalk>('rfc:pages');
  if (scoped) filterScopedTheBatch(actor, name, pages);
  const seen = new Map<string, number>();
  // scoped by `userName sw`, the list is the batch; unfiltered, it is the whole tenant, which holds the batch
  const n = scoped ? batch.aliases.length : Number(pages[0]?.reply.body?.totalResults);
  for (const { startIndex, count, reply } of pages) {
    const what = `the page at startIndex ${startIndex}, count ${count}${scoped ? '' : ' of the unfiltered list'}`;
    const items = resources(reply, what);
    const b = reply.body;
    if (b.totalResults !== n) fail(`${what} has totalResults ${q(b.totalResults)}, expected ${n}${scoped ? ` (the users named "${name}")` : ' (as on the first page)'}`);
    // itemsPerPage and startIndex are "REQUIRED when partial results are returned due to pagination" (RFC 7644
    // §3.4.2): a page that holds every result is no partial result and may leave them out; given, they must be right
    const everyResult = startIndex === 1 && items.length === b.totalResults;
    if (b.itemsPerPage !== items.length && !(everyResult && unassigned(b.itemsPerPage))) fail(`${what} has itemsPerPage ${q(b.itemsPerPage)} but holds ${items.length} resources`);
    if (items.length > count) fail(`${what} holds ${items.length} resources, more than the count of ${count} asked for`);
    if (b.startIndex !== startIndex && !(everyResult && unassigned(b.startIndex))) fail(`${what} has startIndex ${q(b.startIndex)}, expected ${startIndex}`);
    // fewer than the count is lawful ("it MAY return fewer results", §3.4.2.4: the walk goes on after them); none while
    // results remain leaves a client nowhere to go, and more than remain is wrong
    const remaining = Math.max(0, n - startIndex + 1);
    if (items.length === 0 && remaining > 0) fail(`${what} holds no resource, while ${remaining} of the ${n} remain from there`);
    if (items.length > remaining) fail(`${what} holds ${items.length} resources, more than the ${remaining} of the ${n} that remain from there`);
    for (const r of items) seen.set(r?.id, (seen.get(r?.id) ?? 0) + 1);
  }
  if (scoped) {
    const strangers = [...seen.keys()].filter((id) => !batch.aliases.some((a) => idOf(actor, a) === id));
    if (strangers.length) fail(`paging returned users outside the filter: ${strangers.join(', ')}`);
  }
  const twice = [...seen].filter(([, c]) => c > 1).map(([id]) => id);
  if (twice.length) throw new PagesInconsistent(`paging returned ${aliasesOf(actor, twice).join(', ')} more than once`);
  const missing = batch.aliases.filter((a) => !seen.has(idOf(actor, a)));
  if (missing.length) throw new PagesInconsistent(`paging never returned ${missing.join(', ')}`);
  if (!scoped && seen.size !== n) throw new PagesInconsistent(`paging returned ${seen.size} distinct users, while totalResults is ${n}`);
}

/**
 * The walk is scoped to the batch by `userName sw`, an optional operator the SP answered: pages that hold users outside
 * the batch, or none of it, show the filter answering wrong, which RFC-FILTER-01 judges (each form the SP answers must
 * give the right users), not paging. Its failure names that row, so RFC-PAGE-01 is BLOCKED where the filter is red.
 */
function filterScopedTheBatch(actor: Actor, name: string, pages: PageRead[]): void {
  const named = batchOf(actor, name);
  const batch = new Set(named.aliases.map((a) => idOf(actor, a)));
  const answered = pages.filter((p) => p.reply.status === 200 && Array.isArray(p.reply.body?.Resources));
  if (!answered.length) return;
  const ids = answered.flatMap((p) => p.reply.body.Resources.map((r: any) => r?.id));
  const strangers = ids.filter((id) => !batch.has(id));
  const wrong = strangers.length ? `users outside it (${aliasesOf(actor, strangers.slice(0, 3)).join(', ')}${strangers.length > 3 ? ', …' : ''})`
    : !ids.some((id) => batch.has(id)) ? 'none of them' : undefined;
  if (!wrong) return;
  throw Object.assign(new ExpectationFailed(`the list filtered by ${batchFilter(named)} to the users "${name}" held ${wrong}: the filter answered wrong, which RFC-FILTER-01 judges, so paging cannot be judged on it`),
    { owner: 'RFC-FILTER-01' });
}

export async function expectSortedBatch(actor: Actor, ctx: ScenarioContext, name: string, order: 'ascending' | 'descending'): Promise<void> {
  await judgeSettled(actor, ctx, () => sortedBatch(actor, name, order));
}

function sortedBatch(actor: Actor, name: string, order: 'ascending' | 'descending'): void {
  const batch = batchOf(actor, name);
  const replies = actor.recall<ScimReply[]>('rfc:sorted');
  const items = replies.flatMap((reply) => resources(reply, `the list sorted ${order}`));
  // the batch's users, in the order the SP listed them (the whole tenant's list when it is not scoped)
  const got = items.map((r) => String(r?.userName ?? '').toLowerCase()).filter((u) => u.startsWith(batch.prefix.toLowerCase()));
  const want = batch.letters.map((l) => `${batch.prefix}${l}@example.com`.toLowerCase());
  if (order === 'descending') want.reverse();
  // a walk that never reached some of the batch is paging's matter (totalResults, startIndex), not the order's: an SP
  // whose totalResults echoes the count asked for ends the walk after one page of a crowded list
  const unreached = want.filter((u) => !got.includes(u)).length;
  if (unreached) throw Object.assign(new ExpectationFailed(`the sorted walk (${replies.length} page${replies.length === 1 ? '' : 's'}) reached ${want.length - unreached} of the ${want.length} users of the batch, so their order cannot be judged: the pages did not cover the list`), { owner: 'RFC-PAGE-01' });
  if (q(got) !== q(want)) fail(`sorted by userName ${order}, the users came as ${got.map((u) => u.slice(batch.prefix.length, batch.prefix.length + 1)).join(',')} (expected ${want.map((u) => u.slice(batch.prefix.length, batch.prefix.length + 1)).join(',')})`);
}

// ---------------------------------------------------------------- attribute projection

/** The core User attributes the SP's own /Schemas marks `returned: "always"` (RFC 7643 §7), lower-cased. */
export const AlwaysReturned = (): Question<Set<string>> =>
  question('the attributes the SP always returns', async (actor) => {
    const c = scim(actor);
    const keep = c.last;
    try {
      let schema: any;
      const reply = await c.send({ method: 'GET', path: schemaPath(USER_SCHEMA) });
      if (individualNotServed(reply)) {
        // an individual schema "can be returned" at its URI (RFC 7644 §4), not must: the list holds it too
        const all = await c.send({ method: 'GET', path: '/Schemas' });
        schema = resources(all, 'reading /Schemas').find((x) => sameIgnoringCase(x?.id, USER_SCHEMA));
        // nothing is known of what the SP always returns: discovery's deviation (RFC-DISC-01), not the caller's
        if (!schema) fail(`neither /Schemas/${USER_SCHEMA} (${reply.status}) nor the /Schemas list describes the User schema`);
      } else {
        expectStatus(reply, 200, `reading /Schemas/${USER_SCHEMA}`);
        schema = reply.body;
      }
      const attrs: any[] = Array.isArray(schema?.attributes) ? schema.attributes : [];
      return new Set(attrs.filter((a) => a?.returned === 'always').map((a) => String(a.name).toLowerCase()));
    } finally { c.last = keep; }
  }, 'RFC-DISC-01');

export async function expectShape(actor: Actor, ctx: ScenarioContext, has: string[], lacks: string[], what: string): Promise<void> {
  const alias = actor.recall<string>('rfc:shaped');
  await judgeSettled(actor, ctx, () => shape(actor, ctx, has, lacks, what, alias));
}

/**
 * Where `userName eq` found no one although the SP holds the user under that name (a read by id shows it, in any case),
 * the filter missed it: RFC-FILTER-01's deviation (a filter that minds case, beside an SP that keeps the name in a case
 * of its own), so the row that asked is BLOCKED by it rather than red. `listed` is the same filter's plain answer where
 * the caller has one; otherwise it is asked. Undefined where the filter finds the user (the miss was the caller's own)
 * or the read says nothing. The reads leave the client's last answer as it was.
 */
async function filterMissed(actor: Actor, ctx: ScenarioContext, alias: string, message: string, listed?: ScimReply): Promise<ExpectationFailed | undefined> {
  const c = scim(actor);
  const keep = c.last;
  try {
    const userName = ctx.person(alias).userName;
    const id = idOf(actor, alias);
    const plain = listed ?? await c.send({ method: 'GET', path: '/Users', query: { filter: `userName eq ${q(userName)}` } });
    if (!succeeded(plain) || (Array.isArray(plain.body?.Resources) && plain.body.Resources.some((r: any) => r?.id === id))) return undefined;
    const byId = await c.send({ method: 'GET', path: pathOfUser(actor, alias) });
    if (byId.status !== 200 || !sameIgnoringCase(byId.body?.userName, userName)) return undefined;
    return Object.assign(new ExpectationFailed(`${message}: the SP holds "${alias}" as ${q(byId.body.userName)}, yet \`userName eq ${q(userName)}\` finds no one, which RFC-FILTER-01 judges`),
      { owner: 'RFC-FILTER-01' });
  } finally { c.last = keep; }
}

async function shape(actor: Actor, ctx: ScenarioContext, has: string[], lacks: string[], what: string, alias: string): Promise<void> {
  const reply = scim(actor).lastReply();
  expectStatus(reply, 200, what);
  const body = reply.body ?? {};
  const target = Array.isArray(body.Resources) ? body.Resources[0] : body;
  if (!target) {
    // the list by userName came back empty: where the same filter without attributes misses the user too, the filter did
    const filterMiss = Array.isArray(body.Resources) || 'totalResults' in body ? await filterMissed(actor, ctx, alias, `${what}: no resource came back`) : undefined;
    if (filterMiss) throw filterMiss;
    fail(`${what}: no resource came back`);
  }
  for (const a of ['id', 'schemas']) if (target[a] === undefined) fail(`${what}: the answer lacks ${a}, which is always returned`);
  // an attribute the SP's /Schemas does not declare is one it lawfully keeps none of (RFC 7643 §4.1: OPTIONAL)
  for (const a of has) {
    if (target[a] === undefined && judgedWhereDeclared(ctx, a, `not judged: whether the answer holds ${a}, since the SP's /Schemas declares none (RFC 7643 §4.1 leaves it optional)`)) fail(`${what}: the answer lacks ${a}`);
  }
  // an attribute the SP's own schema says is always returned may come back although it was not asked for
  const always = lacks.some((a) => target[a] !== undefined) ? await actor.asks(AlwaysReturned()) : new Set<string>();
  for (const a of lacks) if (target[a] !== undefined && !always.has(a.toLowerCase())) fail(`${what}: the answer still carries ${a} (${q(target[a]).slice(0, 80)})`);
}

// ---------------------------------------------------------------- groups

export async function expectMembersExactly(actor: Actor, ctx: ScenarioContext, groupAlias: string, aliases: string[]): Promise<void> {
  const want = [...aliases].sort();
  const { members, extra } = await actor.asks(Eventually(ctx, MembersOf(ctx, groupAlias), (m) => q(want) === q([...m.members, ...m.extra].sort())));
  const got = [...members, ...extra].sort();
  if (q(want) === q(got)) return;
  const message = `the group "${groupAlias}" has the members ${got.join(', ') || 'none'}, expected exactly ${want.join(', ') || 'none'}`;
  // none listed, where no SP group lists its members (the capability probe): RFC-GROUP-01's, a row reading the group after a Bulk is BLOCKED by it
  const owner = got.length === 0 ? unlistedMembersOwner(ctx) : undefined;
  if (owner) throw Object.assign(new ExpectationFailed(`${message}${UNLISTED_MEMBERS_NOTE}`), { owner });
  const filterFailed = await memberFilterFailed(scim(actor), ctx, idOf(actor, groupAlias), want.filter((a) => !got.includes(a)).map((a) => idOf(actor, a)), message);
  if (filterFailed) throw filterFailed;
  // the capability probe saw this SP leave out a create's members, which RFC 7644 §3.3 allows: say so beside the finding
  const served = ctx.target.capabilities.served;
  const leftOut = got.length === 0 && served?.groupCreateIgnoresMembers
    ? ` (the capability probe saw this SP leave out the members a group's create names and list those added by ${memberAddedBy(served)}, as RFC 7644 §3.3 lets it)` : '';
  fail(`${message}${leftOut}`);
}

// ---------------------------------------------------------------- authentication

export function expectNothingRevealed(actor: Actor, ctx: ScenarioContext, alias: string): void {
  const reply = scim(actor).lastReply();
  const p = ctx.person(alias);
  // a value the refused request carried itself (the id in its path) reveals nothing when the answer repeats it
  const asked = `${reply.exchange.request.url} ${reply.exchange.request.body === undefined ? '' : JSON.stringify(reply.exchange.request.body)}`;
  const secrets = [p.userName, p.email, p.externalId, scim(actor).ids.get(alias)].filter((s): s is string => !!s)
    .filter((s) => !mentions(asked, s, { ignoreCase: true }) && !mentions(asked, encodeURIComponent(s), { ignoreCase: true }));
  const leaked = secrets.filter((s) => mentions(reply.text, s, { ignoreCase: true }));
  if (leaked.length) fail(`the refusal (${where(reply)}) reveals ${leaked.length} of "${alias}"'s values: ${leaked.join(', ')}`);
  for (const key of ['Resources', 'totalResults', 'userName', 'emails']) {
    if (reply.body && typeof reply.body === 'object' && key in reply.body) fail(`the refusal (${where(reply)}) carries ${key}`);
  }
}

// ---------------------------------------------------------------- create, read, replace

export function expectResourceMatches(actor: Actor, ctx: ScenarioContext, alias: string): void {
  // RFC 7643 §3.1 makes no meta sub-attribute REQUIRED: their absence is a should-level finding
  const reply = scim(actor).lastReply();
  expectStatus(reply, 200, `reading "${alias}"`);
  const b = reply.body ?? {};
  if (b.id !== idOf(actor, alias)) fail(`reading "${alias}" returned id ${q(b.id)}, expected ${q(idOf(actor, alias))}`);
  if (ctx.knowsPerson(alias) && String(b.userName).toLowerCase() !== ctx.person(alias).userName.toLowerCase()) fail(`reading "${alias}" returned userName ${q(b.userName)}, expected ${q(ctx.person(alias).userName)}`);
  if (!Array.isArray(b.schemas) || !b.schemas.includes(ctx.knowsPerson(alias) ? USER_SCHEMA : GROUP_SCHEMA)) fail(`reading "${alias}" returned schemas ${q(b.schemas)}`);
  if (!b.meta?.resourceType || !b.meta?.location) ctx.should(`reading "${alias}" returned meta ${q(b.meta)} without resourceType and location`);
  noteResourceTypeName(ctx, b.meta, ctx.knowsPerson(alias) ? 'User' : 'Group', `reading "${alias}"`);
  noteBooleansAsStrings(ctx, b, `reading "${alias}"`);
}

/**
 * The boolean type is "the literal "true" or "false"" (RFC 7643 §2.3.2): `active` and each value's `primary` are JSON
 * booleans. The clause defines the type without a MUST, so a string there is a should-level finding, judged here
 * once; the IdP rows read the state it names (activeStateOf) rather than turning red for the type.
 */
function noteBooleansAsStrings(ctx: ScenarioContext, resource: any, what: string): void {
  const strings: string[] = [];
  if (typeof resource?.active === 'string') strings.push(`active ${q(resource.active)}`);
  for (const [name, values] of Object.entries(resource ?? {})) {
    if (!Array.isArray(values)) continue;
    for (const v of values) if (typeof v?.primary === 'string') strings.push(`${name}[].primary ${q(v.primary)}`);
  }
  if (strings.length) ctx.should(`${what} returned ${strings.join(', ')} as a string, where the boolean type is the JSON literal true or false (RFC 7643 §2.3.2)`);
}

/**
 * RFC 7643 §3.1: meta.resourceType is "the name of the resource type of the resource", caseExact, and the
 * /ResourceTypes names of the two core types are User and Group (§8.6). The clause defines the value without
 * a MUST, so another name is a should-level finding; an absent one is judged beside the other meta attributes.
 */
function noteResourceTypeName(ctx: ScenarioContext, meta: any, expected: 'User' | 'Group', what: string): void {
  const named = meta?.resourceType;
  if (named !== undefined && named !== null && named !== expected) ctx.should(`${what} returned meta.resourceType ${q(named)}, where the resource type's name is "${expected}" (RFC 7643 §3.1, caseExact)`);
}

/**
 * RFC 7644 §3.3: 201 and the Location header (SHALL); the body SHOULD be the resource, with its id (REQUIRED
 * by RFC 7643 §3.1) and meta.location equal to the Location. No meta sub-attribute is REQUIRED by RFC 7643
 * §3.1, so a missing one is a should-level finding; where both times are given, lastModified MUST equal created on a
 * resource never modified since (RFC 7643 §3.1). An answer with no body at all leaves the representation out,
 * which is that SHOULD: the client learns the id from the Location, so it warns, where a body without an id fails.
 */
export function expectCreatedWithLocation(ctx: ScenarioContext, reply: ScimReply, what: 'user' | 'group'): void {
  expectStatus(reply, 201, `creating the ${what}`);
  if (!reply.headers.location) fail(`the answer to creating the ${what} has no Location header (RFC 7644 §3.3)`);
  if (!reply.text.trim()) {
    ctx.should(`the answer to creating the ${what} has no body: it SHOULD contain the service provider's representation of the newly created resource, with meta.location (RFC 7644 §3.3); the id was read from the Location header`);
    return;
  }
  const b = reply.body ?? {};
  if (typeof b.id !== 'string' || !b.id) fail(`the created ${what} has no id`);
  if (!unassigned(b.meta?.location) && reply.headers.location && !sameResourceUri(reply.headers.location, String(b.meta.location), answeredAt(reply.exchange))) fail(`the Location header ${q(reply.headers.location)} differs from meta.location ${q(b.meta.location)}`);
  if (!b.meta?.location) ctx.should(`the created ${what} has no meta.location`);
  // the representation is a SHOULD: an answer of schemas, id and meta alone warns, and no other check reads it
  const named = what === 'user' ? 'userName' : 'displayName';
  if (unassigned(b[named])) ctx.should(`the answer to creating the ${what} holds no ${named}: the response body SHOULD contain the service provider's representation of the newly created resource (RFC 7644 §3.3)`);
  const metaLacks = ['resourceType', 'created'].filter((k) => !b.meta?.[k]);
  if (metaLacks.length) ctx.should(`the created ${what}'s meta lacks ${metaLacks.join(' and ')}: ${q(b.meta)}`);
  // compared as instants (an xsd:dateTime may be written at any offset), to the millisecond a Date holds
  const { created, lastModified } = b.meta ?? {};
  if (Number.isFinite(Date.parse(created)) && Number.isFinite(Date.parse(lastModified)) && !sameInstant(created, lastModified)) {
    fail(`the created ${what}'s meta.lastModified ${q(lastModified)} differs from its meta.created ${q(created)}: a resource never modified since its creation MUST carry the same value in both (RFC 7643 §3.1)`);
  }
  noteResourceTypeName(ctx, b.meta, what === 'user' ? 'User' : 'Group', `creating the ${what}`);
}

export const CurrentRepresentation = (alias: string, path: 'Users' | 'Groups' = 'Users'): Question<any> =>
  question(`how "${alias}" looks now`, async (actor) => {
    const c = scim(actor);
    const keep = c.last;
    try {
      const reply = await c.send({ method: 'GET', path: resourcePath(path, idOf(actor, alias)) });
      expectStatus(reply, 200, `reading "${alias}"`);
      return reply.body;
    } finally { c.last = keep; }
  });

/** The user read back after the PUT, judged to show its new displayName (and whatever `also` judges) once the SP's reads show it. */
function expectNewDisplayName(actor: Actor, ctx: ScenarioContext, alias: string, also: (u: any) => void = () => {}): Promise<any> {
  return judgeOnceShown(ctx, `reading "${alias}" after the PUT`, async () => {
    const u = await actor.asks(CurrentRepresentation(alias));
    // displayName is not caseExact (RFC 7643 §4.1.1), and of such a value "the server MAY alter case" (§7)
    if (!sameIgnoringCase(u.displayName, NEW_DISPLAY_NAME) && displayNameJudged(ctx)) fail(`after the PUT, "${alias}" has displayName ${q(u.displayName)}, expected ${q(NEW_DISPLAY_NAME)} (the values a PUT gives "SHALL replace the existing attribute values", RFC 7644 §3.5.1)`);
    also(u);
    return u;
  });
}

/** After a PUT that gave the scenario's optional value as null: null is unassigned (RFC 7643 §2.5), so the value is gone. */
export async function expectReplaced(actor: Actor, ctx: ScenarioContext, alias: string): Promise<void> {
  const cleared = actor.recall<string>('rfc:cleared');
  await expectNewDisplayName(actor, ctx, alias, (u) => {
    if (!unassigned(u[cleared])) fail(`after a PUT that gave ${cleared} as null, "${alias}" still has the ${cleared} ${q(u[cleared])} (null is unassigned, RFC 7643 §2.5; a client "MAY specify null" to clear a value, RFC 7644 §3.5.1)`);
  });
}

/**
 * After a PUT that left nickName out. RFC 7644 §3.5.1 lets the SP clear an omitted attribute, give it a default, or
 * take it as "not asserted" and keep it (PingDirectory documents keeping it), so the nickName is only reported.
 */
export async function expectReplacedKeepingOrClearing(actor: Actor, ctx: ScenarioContext, alias: string, log: (line: string) => void): Promise<void> {
  const u = await expectNewDisplayName(actor, ctx, alias);
  log(unassigned(u.nickName)
    ? 'The SP cleared the nickName the PUT left out.'
    : `The SP kept the nickName ${q(u.nickName)} the PUT left out: RFC 7644 §3.5.1 allows it (an omitted attribute "MAY be assumed to be not asserted"); a client clears a value with null.`);
}

/**
 * RFC 7644 §3.5.1: "a successful PUT operation returns a 200 OK response code and the entire resource", said without
 * a MUST. Any 2xx applied the replace (what the row's MUST asks is read back after it); another than 200 is a
 * should-level finding.
 */
export function expectReplaceAccepted(actor: Actor, ctx: ScenarioContext): void {
  const reply = scim(actor).lastReply();
  const what = actor.lastTask ?? 'the replace';
  expectStatus(reply, ACCEPTED, what);
  if (reply.status !== 200) ctx.should(`${what} was answered ${reply.status}, where a successful PUT "returns a 200 OK response code and the entire resource" (RFC 7644 §3.5.1)`);
}

/** After a PUT (each gives the new displayName): the identity is judged on a read that shows the PUT, where the SP's reads lag. */
export async function expectKeepsIdentity(actor: Actor, ctx: ScenarioContext, alias: string): Promise<void> {
  const was = actor.recall<any>(`rfc:was:${alias}`);
  const now = await actor.asks(Eventually(ctx, CurrentRepresentation(alias), (u) => sameIgnoringCase(u.displayName, NEW_DISPLAY_NAME) || !displayNameJudged(ctx)));
  // the id "MUST be a stable, non-reassignable identifier" (RFC 7643 §3.1)
  if (now.id !== was.id) fail(`"${alias}" changed its id from ${q(was.id)} to ${q(now.id)}`);
  // the same instant and the same URI, however written (a fraction of a second more or less, a host's case). A value the
  // PUT sent is taken against "SHALL be ignored" (RFC 7644 §3.5.1); one of the SP's own that moved contradicts what
  // created and location are (RFC 7643 §3.1: when the resource was added, its URI), said without a MUST: a should
  if (!sameInstant(now.meta?.created, was.meta?.created)) {
    const said = `"${alias}" changed meta.created from ${q(was.meta?.created)} to ${q(now.meta?.created)} (readOnly)`;
    if (sameInstant(now.meta?.created, FORGED_TIME)) fail(`${said}: the value the PUT sent, which "SHALL be ignored" (RFC 7644 §3.5.1)`);
    ctx.should(`${said}: created is "the DateTime that the resource was added to the service provider" (RFC 7643 §3.1), which a replace does not change`);
  }
  const url = scim(actor).lastReply().exchange.request.url;
  const sameLocation = now.meta?.location === was.meta?.location
    || (typeof now.meta?.location === 'string' && typeof was.meta?.location === 'string' && sameResourceUri(now.meta.location, was.meta.location, url));
  if (!sameLocation) {
    const said = `"${alias}" changed meta.location from ${q(was.meta?.location)} to ${q(now.meta?.location)} (readOnly)`;
    if (isForgedLocation(now.meta?.location)) fail(`${said}: the value the PUT sent, which "SHALL be ignored" (RFC 7644 §3.5.1)`);
    ctx.should(`${said}: the URI of a resource whose id stays the same`);
  }
}

/**
 * RFC 7644 §3.4.2.4: startIndex "A value less than 1 SHALL be interpreted as 1"; count "A negative value SHALL be
 * interpreted as "0"", which returns no resource but totalResults. Read again while a lagging list lacks the user.
 */
export async function expectPageParametersClamped(actor: Actor, ctx: ScenarioContext, alias: string, parameter: 'startIndex' | 'count'): Promise<void> {
  const id = idOf(actor, alias);
  try {
    await judgeSettled(actor, ctx, () => pageParametersClamped(actor, alias, id, parameter));
  } catch (error) {
    // the lookup is userName eq's before it is paging's: if the plain lookup misses the user, that is RFC-FILTER-01's
    await actor.attemptsTo(ListUsersByUserName(ctx, alias, 'exactly'));
    await actor.asks(question(`whether userName eq finds "${alias}"`, () => expectListHoldsExactly(actor, ctx, [alias], 'the lookup by userName'), 'RFC-FILTER-01'));
    throw error;
  }
}

/**
 * A list without startIndex: the parameter is OPTIONAL with a default of 1 (RFC 7644 §3.4.2.4), a definition without a
 * MUST, so a refusal is a should-level finding. Only the refusal is judged here: what the list holds is RFC-FILTER-01's.
 */
export function expectListWithoutStartIndex(actor: Actor, ctx: ScenarioContext): void {
  const reply = scim(actor).lastReply();
  if (reply.failure && !reply.status) fail(`the lookup without startIndex: ${reply.failure}`);
  if (reply.status >= 400) ctx.should(`a list without startIndex was refused (${where(reply)} answered ${describeReply(reply)}): startIndex is OPTIONAL, and "1" its default (RFC 7644 §3.4.2.4)`);
}

function pageParametersClamped(actor: Actor, alias: string, id: string, parameter: 'startIndex' | 'count'): void {
  const reply = scim(actor).lastReply();
  const what = `the lookup with ${parameter === 'startIndex' ? 'startIndex 0' : 'count -1'} (${where(reply)})`;
  expectStatus(reply, 200, what);
  // with count 0 "no resource results are to be returned except for totalResults": an answer without Resources holds none
  const items: any[] = parameter === 'count' && unassigned(reply.body?.Resources) ? [] : resources(reply, what);
  if (parameter === 'startIndex') {
    if (!items.some((r) => r?.id === id)) fail(`startIndex 0 (${where(reply)}) did not answer the first page: "${alias}" is not on it (a value below 1 "SHALL be interpreted as 1", RFC 7644 §3.4.2.4)`);
    if (!unassigned(reply.body.startIndex) && Number(reply.body.startIndex) !== 1) fail(`startIndex 0 (${where(reply)}) was answered with startIndex ${q(reply.body.startIndex)}, expected 1 (RFC 7644 §3.4.2.4)`);
  } else {
    if (items.length > 0) fail(`count -1 (${where(reply)}) returned ${items.length} resource(s): a negative count "SHALL be interpreted as "0"", which returns none (RFC 7644 §3.4.2.4)`);
    if (reply.body.totalResults !== 1) fail(`count -1 (${where(reply)}) has totalResults ${q(reply.body.totalResults)}, expected 1: with count 0 only totalResults is returned (RFC 7644 §3.4.2.4)`);
  }
}

/**
 * RFC 7643 §2.4: "The primary attribute value "true" MUST appear no more than once." A create that marked two may be
 * refused (any 4xx); one that was accepted shows at most one primary email, in its answer and read back.
 */
export async function expectOnePrimaryAtMost(actor: Actor, alias: string, log: (line: string) => void): Promise<void> {
  const reply = scim(actor).lastReply();
  if (!reply.failure && reply.status >= 400 && reply.status < 500) { log(`The SP refused the two primary emails (${reply.status}).`); return; }
  if (reply.failure || reply.status < 200 || reply.status > 299) fail(`creating "${alias}" with two primary emails: the SP answered ${describeReply(reply)}, expected a refusal (4xx) or a create that keeps one primary (${where(reply)})`);
  // accepted: reading it back needs its id, which an accepted create gives (RFC-CREATE-01's)
  await actor.asks(question(`whether "${alias}" was created`, async () => { expectSetupDone(reply, `creating "${alias}" with two primary emails`, true); }, 'RFC-CREATE-01'));
  const primaries = (u: any) => (Array.isArray(u?.emails) ? u.emails.filter((e: any) => e?.primary === true).length : 0);
  if (primaries(reply.body) > 1) fail(`the answer to the create (${where(reply)}) holds ${primaries(reply.body)} emails marked primary: "true" MUST appear no more than once (RFC 7643 §2.4)`);
  const now = await actor.asks(CurrentRepresentation(alias));
  if (primaries(now) > 1) fail(`"${alias}" holds ${primaries(now)} emails marked primary when read back: "true" MUST appear no more than once (RFC 7643 §2.4)`);
  log(`The SP accepted the create and kept ${primaries(now)} primary email(s).`);
}

/** RFC 7644 §3.3: the id and meta a create sent were ignored; the SP's own are on the user it made. */
export async function expectReadOnlyIgnoredOnCreate(actor: Actor, alias: string): Promise<void> {
  const sentId = actor.recall<string>(`rfc:sent-id:${alias}`);
  const now = await actor.asks(CurrentRepresentation(alias));
  if (now.id === sentId) fail(`"${alias}" took the id the client sent in its create (${q(sentId)}): a readOnly attribute in a create "SHALL be ignored" (RFC 7644 §3.3)`);
  // the forged instant however the SP writes it back (an offset of its own, milliseconds)
  for (const key of ['created', 'lastModified'] as const) {
    if (sameInstant(now.meta?.[key], FORGED_TIME)) fail(`"${alias}" took the meta.${key} the client sent in its create (${FORGED_TIME}): readOnly, so ignored (RFC 7644 §3.3)`);
  }
  if (isForgedLocation(now.meta?.location)) fail(`"${alias}" took the meta.location the client sent in its create: readOnly, so ignored (RFC 7644 §3.3)`);
}

export async function expectPatchShows(actor: Actor, ctx: ScenarioContext): Promise<void> {
  const { alias, variation } = actor.recall<{ alias: string; variation: string }>('rfc:patched');
  const reply = scim(actor).lastReply();
  expectStatus(reply, [200, 204], `the PATCH to ${variation}`);
  await judgeOnceShown(ctx, `reading "${alias}" after the PATCH`, async () => {
    const wrong = PATCH_VARIATIONS[variation]!.check(await actor.asks(CurrentRepresentation(alias)), ctx, alias);
    if (wrong) fail(`after the PATCH to ${variation}, ${wrong}`);
  });
  if (reply.status === 200) {
    const echoed = PATCH_VARIATIONS[variation]!.check(reply.body ?? {}, ctx, alias);
    if (echoed) fail(`the PATCH answered 200 with a representation that does not show the change: ${echoed}`);
  }
}

// ---------------------------------------------------------------- errors and media types

/** An error, when the SP answered one, has the RFC body; a success is left to the row that owns the case. */
export function expectRfcErrorIfAny(ctx: ScenarioContext, reply: ScimReply, named: { status: number; scimType: string } | undefined, log: (line: string) => void): void {
  if (!reply.failure && reply.status < 400) { log(`the SP answered ${reply.status}: no error to judge here`); return; }
  if (reply.failure) fail(`${where(reply)}: ${reply.failure}`);
  checkRfcErrorBody(ctx, reply, reply.status, named && reply.status === named.status ? named.scimType : undefined);
}

export function expectMediaType(reply: ScimReply, mediaType: string): void {
  if (reply.failure) fail(`${where(reply)}: ${reply.failure}`);
  const type = (reply.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== mediaType) fail(`${where(reply)} answered ${reply.status} with Content-Type ${q(reply.headers['content-type'])}, expected ${mediaType} (RFC 7644 §8.1)`);
  // read without it by every check (a parser MAY ignore it), and judged here alone, where the answer's form is
  if (reply.exchange.byteOrderMark) fail(`${where(reply)} answered ${reply.status} with a JSON text that begins with a byte order mark (U+FEFF), which "implementations MUST NOT add" to a JSON text sent over a network (RFC 8259 §8.1)`);
}

export async function expectSearchLikeGet(actor: Actor, ctx: ScenarioContext, alias: string): Promise<void> {
  await judgeSettled(actor, ctx, () => searchLikeGet(actor, ctx, alias));
}

async function searchLikeGet(actor: Actor, ctx: ScenarioContext, alias: string): Promise<void> {
  const { post, get } = actor.recall<{ post: ScimReply; get: ScimReply }>('rfc:search');
  const viaPost = resources(post, 'POST /Users/.search');
  const viaGet = resources(get, 'the equivalent GET /Users');
  const ids = (xs: any[]) => xs.map((x) => x?.id).sort();
  if (q(ids(viaPost)) !== q(ids(viaGet))) fail(`POST /.search returned ${aliasesOf(actor, ids(viaPost)).join(', ') || 'nothing'}, the GET returned ${aliasesOf(actor, ids(viaGet)).join(', ') || 'nothing'}`);
  if (!ids(viaPost).includes(idOf(actor, alias))) {
    // the GET missed it too: the search answered as the filter does, and the filter's miss is RFC-FILTER-01's
    const filterMiss = await filterMissed(actor, ctx, alias, `neither POST /.search nor the equivalent GET found "${alias}"`, get);
    if (filterMiss) throw filterMiss;
    fail(`POST /.search did not find "${alias}"`);
  }
  if (post.body.totalResults !== get.body.totalResults) fail(`POST /.search has totalResults ${q(post.body.totalResults)}, the GET ${q(get.body.totalResults)}`);
}

export async function expectBulkCreated(actor: Actor): Promise<void> {
  const reply = scim(actor).lastReply();
  expectStatus(reply, 200, 'the bulk request');
  const b = reply.body ?? {};
  if (!Array.isArray(b.schemas) || !b.schemas.includes(BULK_RESPONSE_SCHEMA)) fail(`the bulk response lacks "schemas": ["${BULK_RESPONSE_SCHEMA}"]`);
  const ops: any[] = Array.isArray(b.Operations) ? b.Operations : [];
  const createdAs: string[] = [];
  for (const bulkId of ['u1', 'g1']) {
    const op = ops.find((o) => o?.bulkId === bulkId);
    if (!op) fail(`the bulk response has no operation for bulkId ${bulkId}`);
    // a create the operation's status refuses is what the same request alone would get (RFC 7644 §3.7.3): the create
    // rule's deviation where the SP refuses such creates alone too (BLOCKED by RFC-CREATE-01), else this row's own
    const status = bulkOperationStatus(op);
    if (!/^2\d\d$/.test(status ?? '')) {
      await actor.asks(question(`the status of the bulk operation ${bulkId}`, async () => {
        fail(`the bulk operation ${bulkId} answered ${q(op.status)}, expected "201"${op.response?.detail ? ` (${op.response.detail})` : ''}`);
      }, 'RFC-CREATE-01'));
    }
    if (typeof op.location !== 'string' || !op.location) fail(`the bulk operation ${bulkId} has no location`);
    if (status !== '201') createdAs.push(`${bulkId} ${q(op.status)}`);
  }
  // an operation's status is what the same request alone would get (RFC 7644 §3.7.3), so a create accepted with
  // another 2xx than 201 is the create rule's deviation: BLOCKED by RFC-CREATE-01 when the SP's own creates do it too
  if (createdAs.length > 0) {
    await actor.asks(question('the status of each created bulk operation', async () => {
      fail(`the bulk operations answered ${createdAs.join(', ')}, expected "201" for a create (RFC 7644 §3.3, §3.7.3)`);
    }, 'RFC-CREATE-01'));
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

export async function expectPatchAsAdvertised(actor: Actor, ctx: ScenarioContext, alias: string): Promise<void> {
  const reply = scim(actor).lastReply();
  const spc = await actor.asks(ServiceProviderConfig());
  if (spc.patch?.supported === true) {
    // a PATCH the server failed (a 5xx but 501, which says PATCH is not there) is PATCH's own deviation where it fails
    // every PATCH (RFC-PATCH-01 red), not discovery's
    await actor.asks(question('whether PATCH is served', async () => { expectStatus(reply, [200, 204], 'PATCH, which /ServiceProviderConfig advertises'); },
      serverFailureRow(reply, ctx.profile)));
    const name = actor.recall<PatchedName>('rfc:patched-name');
    const judged = name.path === 'displayName' ? displayNameJudged(ctx) : name.path === 'externalId' ? patchableName(ctx, name.path)
      : judgedWhereDeclared(ctx, name.path, `not judged: a user's ${name.path}, since the SP's /Schemas declares none (RFC 7643 §4.1.1 leaves it optional)`);
    await judgeOnceShown(ctx, `reading "${alias}" after the PATCH`, async () => {
      const u = await actor.asks(CurrentRepresentation(alias));
      // a name may come back in the SP's own case (not caseExact, RFC 7643 §4.1.1)
      if (!sameIgnoringCase(name.shown(u), name.value) && judged) fail(`PATCH answered ${reply.status} but ${name.path} is ${q(name.shown(u))}`);
    });
  } else if (reply.status >= 200 && reply.status < 300) {
    fail(`PATCH answered ${reply.status} although /ServiceProviderConfig says patch.supported is ${q(spc.patch?.supported)}`);
  }
}

export function expectAtMostMaximum(actor: Actor, ctx: ScenarioContext): void {
  const max = actor.recall<number>('rfc:maxResults');
  const reply = scim(actor).lastReply();
  if (refusedAsTooMany(reply)) {
    ctx.notes.push('not judged: the unfiltered list was refused as matching too many resources (400 tooMany, RFC 7644 §3.12), so no page showed how many it holds');
    return;
  }
  const items = resources(reply, `listing users with count ${max + 1}`);
  // the resources on the page count; whether itemsPerPage tells their number truly is RFC-PAGE-01's verdict
  if (items.length > max) fail(`a list asked for ${max + 1} users returned ${items.length}, more than the advertised filter.maxResults ${max}`);
}

export async function expectETagAsAdvertised(actor: Actor, ctx: ScenarioContext): Promise<void> {
  const reply = scim(actor).lastReply();
  expectStatus(reply, 200, 'reading the user');
  const spc = await actor.asks(ServiceProviderConfig());
  const etag = reply.headers.etag;
  if (spc.etag?.supported === true) {
    // "When supported, SCIM ETags MUST be specified as an HTTP header and SHOULD be specified within the 'version'
    // attribute" (RFC 7644 §3.14); that the two agree is RFC 7643 §3.1's lower-case "must": a should-level finding
    if (!etag) fail('/ServiceProviderConfig advertises etag but reading a user gives no ETag header (RFC 7644 §3.14)');
    if (!unassigned(reply.body?.meta?.version) && reply.body.meta.version !== etag) ctx.should(`the ETag header ${q(etag)} differs from meta.version ${q(reply.body.meta.version)}, which "must be the same" (RFC 7643 §3.1)`);
  }
}

/**
 * Whether a resource type's `endpoint` names `endpoint` ("/Users") of the SCIM base, read either way RFC 7643 §6 allows:
 * as a path reference, resolved against the base the suite calls or against the one the SP names for itself (`ownBase`,
 * from the resource type's meta.location: a public address the suite reaches through a tunnel, at another path).
 */
export function namesEndpoint(given: string, endpoint: string, scimBase: string, ownBase?: string): boolean {
  if (given.replace(/^\//, '') === endpoint.slice(1)) return true;
  if (!given.startsWith('/') || given.startsWith('//')) return false;
  return [scimBase, ownBase].some((b) => {
    if (!b) return false;
    const base = b.replace(/\/+$/, '');
    try { return new URL(given, `${base}/`).href.replace(/\/+$/, '') === new URL(`${base}${endpoint}`).href; } catch { return false; }
  });
}

export async function expectResourceTypes(actor: Actor, ctx: ScenarioContext): Promise<void> {
  const reply = scim(actor).lastReply();
  const items = resources(reply, 'reading /ResourceTypes');
  // a resource type's id and name are not caseExact (RFC 7643 §8.7.2): "user" names User
  const named = (name: string) => items.find((r) => sameIgnoringCase(r?.name, name) || sameIgnoringCase(r?.id, name));
  // Group is named where the SP serves /Groups; a users-only SP (rfc) must then not list it with an endpoint that fails
  const groups = !groupsNotServed(ctx) || named('Group') !== undefined;
  for (const [name, endpoint, schema] of [['User', '/Users', USER_SCHEMA], ...(groups ? [['Group', '/Groups', GROUP_SCHEMA]] : [])] as const) {
    const rt = named(name);
    if (!rt) fail(`/ResourceTypes does not list ${name} (it lists ${items.map((r) => r?.name).join(', ') || 'nothing'})`);
    // "relative to the Base URL" (RFC 7643 §6): "Users" and "/Users" name the same endpoint, and so does a path
    // reference that resolves to it against the base (RFC 3986 §5.2: django-scim2's "/scim/v2/Users")
    if (typeof rt.endpoint !== 'string' || !namesEndpoint(rt.endpoint, endpoint, ctx.target.scimBase, selfNamedBase(rt.meta?.location))) fail(`/ResourceTypes gives ${name} the endpoint ${q(rt.endpoint)}, expected "${endpoint}"`);
    if (rt.schema !== schema) fail(`/ResourceTypes gives ${name} the schema ${q(rt.schema)}, expected "${schema}"`);
    if (!Array.isArray(rt.schemas) || !rt.schemas.includes(RESOURCE_TYPE_SCHEMA)) fail(`the ${name} resource type lacks "schemas": ["${RESOURCE_TYPE_SCHEMA}"]`);
    const c = scim(actor);
    const answer = await c.send({ method: 'GET', path: endpoint, query: { count: 1 } });
    // a list refused as too broad (400 tooMany) is the endpoint's own SCIM answer: it serves that resource type
    if (!refusedAsTooMany(answer)) resources(answer, `the ${name} endpoint ${endpoint} that /ResourceTypes lists`);
    const one = await c.send({ method: 'GET', path: `/ResourceTypes/${rt.id ?? name}` });
    if (individualNotServed(one)) ctx.should(individualFinding(`/ResourceTypes/${rt.id ?? name}`, one, 'resource type'));
    else expectStatus(one, 200, `reading /ResourceTypes/${rt.id ?? name}`);
    c.last = reply;
  }
}

/**
 * A discovery resource read by its id and answered as not served (404, 405, 501): RFC 7644 §4 has the lists SHALL
 * answer, and says individual definitions "can be returned" at their URIs, so not serving them is a should.
 */
function individualNotServed(reply: ScimReply): boolean {
  // a 404 in plain text says "not served" as well as a SCIM error does: its body's form is RFC-ERR-01's to judge
  return [404, 405, 501].includes(reply.status);
}

function individualFinding(path: string, reply: ScimReply, what: string): string {
  return `reading ${path} answered ${reply.status}: RFC 7644 §4 says an individual ${what} "can be returned" at its URI, as the list returns it, and clients that read one cannot here`;
}

export async function expectCoreSchemas(actor: Actor, ctx: ScenarioContext): Promise<void> {
  const reply = scim(actor).lastReply();
  const items = resources(reply, 'reading /Schemas');
  // a schema's id is not caseExact (RFC 7643 §8.7.2)
  const user = items.find((s) => sameIgnoringCase(s?.id, USER_SCHEMA));
  if (!user) fail(`/Schemas does not describe ${USER_SCHEMA}`);
  const userName = (user.attributes ?? []).find((a: any) => String(a?.name).toLowerCase() === 'username');
  if (!userName) fail('the core User schema has no userName attribute');
  if (userName.required !== true) fail(`the core User schema says userName is required: ${q(userName.required)}, expected true (RFC 7643 §4.1)`);
  // "global" promises more than §4.1.1's unique-within-the-SP, and keeps it
  if (userName.uniqueness !== 'server' && userName.uniqueness !== 'global') fail(`the core User schema gives userName uniqueness ${q(userName.uniqueness)}, expected "server" (or the stronger "global")`);
  if (!groupsNotServed(ctx) && !items.some((s) => sameIgnoringCase(s?.id, GROUP_SCHEMA))) fail(`/Schemas does not describe ${GROUP_SCHEMA}`);
  // a schema that declares what the SP never keeps misleads a client; RFC 7643 §7 has it describe the SP, without a MUST
  const declared = ctx.target.capabilities.served?.userAttributes ?? [];
  const keptNot = (ctx.target.capabilities.served?.dropped ?? []).filter((d) => declared.includes(d));
  if (keptNot.length) ctx.should(`/Schemas declares ${keptNot.join(', ')}, yet the capability probe's user, created with ${keptNot.length === 1 ? 'it' : 'them'}, came back without what it sent: the schema describes more than the SP keeps (RFC 7643 §7)`);
  const c = scim(actor);
  for (const s of items) {
    if (!Array.isArray(s?.attributes)) fail(`the schema ${q(s?.id)} has no attributes list`);
    const one = await c.send({ method: 'GET', path: schemaPath(String(s.id)) });
    if (individualNotServed(one)) { ctx.should(individualFinding(`/Schemas/${s.id}`, one, 'schema')); continue; }
    expectStatus(one, 200, `reading /Schemas/${s.id}`);
    if (!sameIgnoringCase(one.body?.id, s.id)) fail(`/Schemas/${s.id} answers with the schema ${q(one.body?.id)}`);
  }
  c.last = reply;
}

// ---------------------------------------------------------------- forbidden PATCH operations (RFC-PATCH-01)

/**
 * A forbidden operation is refused with 400 (a scimType where Table 9 names one: should) and changes nothing; one the
 * RFC lets the SP refuse or answer as done (`either`) is judged on what it changed alone, and a refusal's body.
 */
export async function expectForbiddenPatchRefused(actor: Actor, ctx: ScenarioContext, changes: () => Promise<string[]>): Promise<void> {
  const kind = actor.recall<string>('rfc:forbidden');
  const forbidden = FORBIDDEN_PATCHES[kind]!;
  const reply = scim(actor).lastReply();
  if (reply.failure && !refusedWith(reply, () => true)) fail(`${where(reply)}: ${reply.failure}`); // a refusal's unusable body is the error row's
  const accepted = reply.status >= 200 && reply.status < 300;
  const acceptedLawfully = forbidden.level === 'either' && accepted;
  if (reply.status !== 400 && !acceptedLawfully) {
    const serverError = reply.status >= 500 && reply.status < 600;
    const said = `a PATCH with ${kind} answered ${describeReply(reply)}${serverError ? ', a server error' : ''}, where ${forbidden.statusNamed ? `${forbidden.clause} calls for` : 'RFC 7644 §3.12 (Table 8) recommends'} 400${forbidden.scimType ? ` ${forbidden.scimType}` : ''}`;
    // refused with another 4xx, or a 5xx (django-scim2's 501 for a path it has no handler for), where only Table 8
    // recommends 400 (rfc), or accepted where no SHALL forbids it: a should-level finding, as long as it changed nothing
    const otherRefusal = !forbidden.statusNamed && !traitsOf(ctx.profile).refusalStatusPinned && (refusedWith(reply, () => true) || serverError);
    if (otherRefusal || (forbidden.level === 'should' && accepted)) ctx.should(said);
    else fail(said);
    if (otherRefusal) await actor.asks(ProfileErrorBody(ctx, reply, reply.status));
  } else if (!acceptedLawfully) await actor.asks(ProfileErrorBody(ctx, reply, 400, forbidden.scimType)); // the body's shape is RFC-ERR-01's
  // an accepted no-op may still touch meta.lastModified and meta.version; a refusal must touch nothing
  const changed = (await changes()).filter((c) => !accepted || !/meta\.(lastModified|version)/.test(c));
  if (changed.length) fail(`a PATCH with ${kind} changed what the SP holds: ${changed.slice(0, 3).join('; ')}`);
}
