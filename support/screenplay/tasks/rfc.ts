// Tasks of the RFC 7643/7644 rows: what "the client" does to a service provider, request bodies and
// variations included. Each leaves its reply as the actor's last reply (questions examine it); tasks that
// gather several replies (paging, filter forms, search) remember them under an "rfc:" note.
import { randomUUID } from 'node:crypto';
import { question, task, Unsupported, type Actor, type Question, type Task } from '../actor.js';
import { CallScim } from '../abilities/call-scim.js';
import type { ScenarioContext } from '../context.js';
import { CreateUser, droppedByProbe, EnsureUser, EXTERNAL_ID_NOT_KEPT, expectSetupDone, externalIdKept, idOf, judgedWhereDeclared, pathOfGroup, pathOfUser, schemaDeclares, userAttributeDeclared } from './users.js';
import { noteKind, requireGroups } from './groups.js';
import { traitsOf, type FilterForm } from './rfc-traits.js';
import { rememberStateBefore, type Probe } from '../questions/rfc-state.js';
import { readsOnly } from '../settle.js';
import { noteRefusalOwner } from './provisioning.js';
import type { ScimReply } from '../../scim/client.js';
import { ACCEPTED, ExpectationFailed, expectStatus, nextCursorOf, refusedAsTooMany, succeeded, unassigned } from '../../scim/expectations.js';
import { ABSENT_ENDPOINT, createdId, idFromLocation, resourcePath } from '../../scim/paths.js';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA, bulkOperationStatus, groupPayload, patchOps, userPayload } from '../../scim/payloads.js';
import { BULK_REQUEST_SCHEMA, SEARCH_SCHEMA } from '../../scim/urns.js';
import { sameIgnoringCase, samePhoneNumber, valuesOfType } from '../../scim/values.js';
import { memberAddedBy } from '../../targets/target.js';


const scim = (actor: Actor): CallScim => actor.abilityTo(CallScim);
const q = (s: string): string => JSON.stringify(s);

// ---------------------------------------------------------------- users with a shape

/** A user the scenario needs, with a variation of the body (setup: any 2xx, owned by RFC-CREATE-01). */
export const EnsureUserWith = (ctx: ScenarioContext, alias: string, what: string, change: (body: Record<string, any>) => void): Task =>
  EnsureUser(ctx, alias, change, what);

export const NICKNAME = 'Countess';

/**
 * The optional single-valued attributes a PUT may clear with null, in the order tried: the scenario clears the first
 * the SP keeps, so that an SP keeping a small schema (no nickName, as core-attributes-only) still shows a PUT that
 * keeps what its null clears. nickName first: on an SP that keeps it, the scenario is what it always was.
 */
const CLEARABLE: { name: string; value?: string; kept: (ctx: ScenarioContext) => boolean }[] = [
  { name: 'nickName', value: NICKNAME, kept: (ctx) => userAttributeDeclared(ctx, 'nickName') },
  { name: 'title', value: 'Analyst', kept: (ctx) => userAttributeDeclared(ctx, 'title') },
  { name: 'externalId', kept: externalIdKept }, // every user is created with its own
];

/** Setup: a user holding the first optional value the SP keeps (remembered for the PUT that clears it); UNSUPPORTED where it keeps none. */
export const EnsureUserWithValueToClear = (ctx: ScenarioContext, alias: string): Task =>
  task(`make sure "${alias}" exists with an optional value to clear`, async (actor) => {
    const clearable = CLEARABLE.find((c) => c.kept(ctx));
    if (!clearable) throw new Unsupported(`the SP keeps none of ${CLEARABLE.map((c) => c.name).join(', ')}, the optional values a PUT would clear with null (RFC 7643 §4.1 leaves them optional)`);
    actor.remember('rfc:cleared', clearable.name);
    await actor.attemptsTo(EnsureUserWith(ctx, alias, `a ${clearable.name}`, (body) => { if (clearable.value !== undefined) body[clearable.name] = clearable.value; }));
  });

export const EnsureUsers = (ctx: ScenarioContext, aliases: string[]): Task =>
  task(`make sure the users ${aliases.join(', ')} exist`, async (actor) => {
    for (const alias of aliases) await actor.attemptsTo(EnsureUser(ctx, alias));
  });

// ---------------------------------------------------------------- batches (paging, sorting)

export interface Batch { name: string; prefix: string; aliases: string[]; letters: string[] }

const batchKey = (name: string) => `rfc:batch:${name}`;
export const batchOf = (actor: Actor, name: string): Batch => actor.recall<Batch>(batchKey(name));

/**
 * n users whose userNames share a run-unique prefix and end in a letter; they are created in an order that
 * is not the letters' order, so a sort has something to do. The prefix isolates them on a shared tenant.
 */
export const CreateBatch = (ctx: ScenarioContext, name: string, n: number): Task =>
  task(`create ${n} users named "${name}"`, async (actor) => {
    // the run's prefix leads (cleanup --prefix finds the batch); the unique part isolates it on a shared tenant
    const prefix = `${ctx.unique()}.${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.`;
    const letters = 'abcdefghijklmnopqrstuvwxyz'.slice(0, n).split('');
    const order = [...letters].sort((x, y) => ((x.charCodeAt(0) * 7) % 11) - ((y.charCodeAt(0) * 7) % 11) || x.localeCompare(y));
    const aliases: string[] = [];
    for (const letter of order) {
      const alias = `${name} ${letter}`;
      const userName = `${prefix}${letter}@example.com`;
      await actor.attemptsTo(EnsureUser(ctx, alias, (body) => { body.userName = userName; body.emails[0].value = userName; }, `a userName of the batch "${name}"`));
      aliases.push(alias);
    }
    actor.remember(batchKey(name), { name, prefix, aliases, letters } satisfies Batch);
  });

export const batchFilter = (batch: Batch): string => `userName sw ${q(batch.prefix)}`;

/**
 * How a list is scoped to a batch: `userName sw` where the SP answers it (an optional operator), otherwise
 * the unfiltered list, which only works on a tenant small enough to walk (the batch is found inside it).
 */
export function batchScope(ctx: ScenarioContext, batch: Batch): { filter?: string; scoped: boolean } {
  return ctx.target.capabilities.served?.filters['userName sw'] === false ? { scoped: false } : { filter: batchFilter(batch), scoped: true };
}

/** The most users an unfiltered walk reads before it gives up (a large shared tenant is not walked). */
export const UNFILTERED_WALK_LIMIT = 300;

export interface PageRead { startIndex: number; count: number; reply: ScimReply }
export interface PageWalk { scoped: boolean; pages: PageRead[] }

/**
 * Every page of a list, as a client walks it: the next page starts after the resources this one held, since an
 * SP "MAY return fewer results" than the count asked for (RFC 7644 §3.4.2.4: a page size of its own).
 */
async function walk(actor: Actor, filter: string | undefined, size: number, extra: Record<string, string> = {}, paging = false): Promise<PageRead[]> {
  const pages: PageRead[] = [];
  let startIndex = 1;
  let cursor: string | undefined;
  // at worst one resource a page, over the most users a walk reads
  for (let i = 0; i < UNFILTERED_WALK_LIMIT + 3; i++) {
    // the first page asks startIndex=1 only where paging is judged (its default is 1): a row that only reads a
    // list, sorted say, judges none of it, and a startIndex its first page asks for would be paging's to fail
    const asked = cursor !== undefined ? { cursor } : paging || startIndex > 1 ? { startIndex } : {};
    const reply = await scim(actor).send({ method: 'GET', path: '/Users', query: { ...(filter ? { filter } : {}), ...extra, ...asked, count: size } });
    pages.push({ startIndex, count: size, reply });
    // an SP may refuse a list that would return every entry (400 tooMany, RFC 7644 §3.12): with no `userName sw`
    // either, no list here can be scoped to the batch or walked whole, and paging or sorting cannot be judged
    if (!filter && startIndex === 1 && refusedAsTooMany(reply)) {
      throw new Unsupported('the SP answers neither the optional `userName sw` filter nor a list without a filter (400 tooMany, which RFC 7644 §3.12 allows): no list here can be walked');
    }
    const total = Number(reply.body?.totalResults);
    const got = Array.isArray(reply.body?.Resources) ? reply.body.Resources.length : 0;
    // an SP that pages by cursor says where the next page starts, and says nothing on the last (RFC 9865 §2); a walk
    // that does not judge startIndex paging follows it
    const previous = cursor;
    // once paging by cursor, the walk ends where the cursors do; a cursor that names its own page again, or one past
    // every result totalResults counts, leads nowhere (a hostile or broken SP must not hold the walk)
    const offered = paging ? undefined : nextCursorOf(reply, previous);
    cursor = offered === undefined || (Number.isFinite(total) && startIndex + got > total) ? undefined : offered;
    const byCursor = previous !== undefined || offered !== undefined;
    const more = reply.status === 200 && got > 0 && (byCursor ? cursor !== undefined : Number.isFinite(total) && startIndex + got <= total);
    if (!more) break;
    if (!filter && total > UNFILTERED_WALK_LIMIT) {
      throw new Unsupported(`the SP does not answer the optional \`userName sw\` filter, and its tenant holds ${total} users: too many to page through unfiltered (at most ${UNFILTERED_WALK_LIMIT})`);
    }
    startIndex += got;
  }
  return pages;
}

/** RFC 7644 §3.4.2.4: startIndex (1-based) and count, walking until totalResults is covered. */
export const PageThroughBatch = (ctx: ScenarioContext, name: string, size: number): Task =>
  readsOnly(`page through the users "${name}" ${size} at a time`, async (actor) => {
    const { filter, scoped } = batchScope(ctx, batchOf(actor, name));
    let pages = await walk(actor, filter, size, {}, true);
    // unfiltered, another scenario may add or delete a user during the walk: walk again once if totals moved
    const totals = (ps: PageRead[]) => new Set(ps.map((p) => p.reply.body?.totalResults)).size;
    if (!scoped && totals(pages) > 1) pages = await walk(actor, filter, size, {}, true);
    actor.remember('rfc:pages', { scoped, pages } satisfies PageWalk);
  });

/** RFC 7644 §3.4.2.3: every page of the (scoped or unfiltered) list sorted by userName, in order. */
export const ListBatchSorted = (ctx: ScenarioContext, name: string, sortOrder: 'ascending' | 'descending'): Task =>
  readsOnly(`list the users "${name}" sorted by userName, ${sortOrder}`, async (actor) => {
    const { filter, scoped } = batchScope(ctx, batchOf(actor, name));
    const pages = await walk(actor, filter, scoped ? 50 : 100, { sortBy: 'userName', sortOrder });
    actor.remember('rfc:sorted', pages.map((p) => p.reply));
    scim(actor).last = pages[0]!.reply;
  });

// ---------------------------------------------------------------- filters

export const ListUsersFiltered = (filter: string, description = `list users with the filter ${filter}`): Task =>
  task(description, async (actor) => { await scim(actor).send({ method: 'GET', path: '/Users', query: { filter } }); });

/** The other case of every letter: "Ada.X1@example.com" → "aDA.x1@EXAMPLE.COM". */
export const otherCase = (s: string): string => s.replace(/[a-zA-Z]/g, (ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()));

export const ListUsersByUserName = (ctx: ScenarioContext, alias: string, spelling: 'exactly' | 'in other case'): Task =>
  task(`list users whose userName equals "${alias}" ${spelling}`, async (actor) => {
    const userName = ctx.person(alias).userName;
    await actor.attemptsTo(ListUsersFiltered(`userName eq ${q(spelling === 'exactly' ? userName : otherCase(userName))}`));
  });

/** `userName eq` with the attribute name and operator written in another case ("Username eq", "userName Eq"). */
export const ListUsersByUserNameWritten = (ctx: ScenarioContext, alias: string, written: string): Task =>
  task(`list users whose userName equals "${alias}", written "${written}"`, async (actor) => {
    if (written.toLowerCase() !== 'username eq') throw new Error(`"${written}" is not userName eq in another case`);
    await actor.attemptsTo(ListUsersFiltered(`${written} ${q(ctx.person(alias).userName)}`));
  });

/**
 * RFC-CREATE-01: a user created with a password strong enough for any policy, remembered for the checks. An SP
 * that refuses it (4xx) keeps no password: the row is UNSUPPORTED there; any other failure is the create's.
 */
export const CreateUserWithPassword = (ctx: ScenarioContext, alias: string): Task =>
  task(`create the user "${alias}" with a password`, async (actor) => {
    const password = `Pw-${randomUUID()}-x9#Q`;
    actor.remember(`rfc:password:${alias}`, password);
    await actor.attemptsTo(CreateUser.named(ctx, alias, (body) => { body.password = password; }));
    const reply = scim(actor).lastReply();
    if (!reply.failure && reply.status >= 400 && reply.status < 500) {
      throw new Unsupported(`the SP refused a user with a password (${reply.status}): it keeps none, so none can come back`);
    }
    await actor.asks(question(`whether "${alias}" was created`, async () => { expectSetupDone(reply, `creating "${alias}" with a password`, true); }, 'RFC-CREATE-01'));
  });

/** RFC-CREATE-01: a create whose two emails are both marked primary (RFC 7643 §2.4 allows one at most). */
export const CreateUserWithTwoPrimaries = (ctx: ScenarioContext, alias: string): Task =>
  task(`create the user "${alias}", marking two emails primary`, async (actor) => {
    await actor.attemptsTo(CreateUser.named(ctx, alias, (body) => {
      const work = { value: ctx.person(alias).email, type: 'work', primary: true };
      body.emails = [work, { value: `home.${work.value}`, type: 'home', primary: true }];
    }));
  });

/** RFC-PAGE-01: the user looked up by its userName with paging parameters out of range (startIndex 0, count -1). */
export const LookUpUserPaged = (ctx: ScenarioContext, alias: string, parameter: 'startIndex' | 'count', value: number): Task =>
  task(`look "${alias}" up by its userName with ${parameter} ${value}`, async (actor) => {
    await scim(actor).send({ method: 'GET', path: '/Users', query: { filter: `userName eq ${q(ctx.person(alias).userName)}`, [parameter]: String(value) } });
  });

/** A lookup that leaves startIndex out, which RFC 7644 §3.4.2.4 makes OPTIONAL (default 1): sent so on purpose. */
export const LookUpUserWithoutStartIndex = (ctx: ScenarioContext, alias: string): Task =>
  task(`look "${alias}" up by its userName without startIndex`, async (actor) => {
    await scim(actor).send({ method: 'GET', path: '/Users', query: { filter: `userName eq ${q(ctx.person(alias).userName)}` }, withoutStartIndex: true });
  });

/**
 * A full replace of a deleted user at its old id, which RFC 7644 §3.6 answers 404 like every operation on it. An
 * SP that brings the user back (a PUT written as an upsert) has made one more user, which the scenario deletes.
 */
export const ReplaceDeletedUser = (ctx: ScenarioContext, alias: string): Task =>
  task(`replace the deleted user "${alias}"`, async (actor) => {
    const id = idOf(actor, alias);
    const reply = await scim(actor).send({ method: 'PUT', path: resourcePath('Users', id), body: userPayload(ctx.person(alias)) });
    if (succeeded(reply)) scim(actor).track(createdId(reply) ?? id, 'Users');
  });

/**
 * RFC 7644 §3.4.2.2: gt (and ge, lt, le) on a boolean "SHALL cause a failed response (HTTP status code 400)". Asked
 * on `active`, where the SP's /Schemas declares it (an SP may keep none: no clause names the outcome then).
 */
export const ListUsersByBooleanOrder = (ctx: ScenarioContext): Task =>
  task('list users whose active is greater than false', async (actor) => {
    const judged = userAttributeDeclared(ctx, 'active');
    actor.remember('rfc:boolean-order-judged', judged);
    if (!judged) { ctx.noteOnce(BOOLEAN_ORDER_NOT_JUDGED); return; }
    await actor.attemptsTo(ListUsersFiltered(`userName eq ${q(`nobody.${ctx.unique()}@example.com`)} and active gt false`));
  });
export const BOOLEAN_ORDER_NOT_JUDGED = 'not judged: gt on a boolean, since the SP\'s /Schemas declares no active (RFC 7643 §4.1 leaves it optional)';

export const ListUsersByUnknownUserName = (ctx: ScenarioContext): Task =>
  task('list users whose userName matches nobody', async (actor) => {
    await actor.attemptsTo(ListUsersFiltered(`userName eq ${q(`nobody.${ctx.unique()}@example.com`)}`));
  });

/** A filter form's answer, and the later pages of it when the SP's page held fewer than totalResults. */
export interface FormResult { form: FilterForm; reply: ScimReply; more: ScimReply[] }

/**
 * Whether a filter form is judged on this SP: it keeps what the form filters on. An SP that keeps no externalId, or
 * whose /Schemas declares no attribute the form needs, lawfully matches no one: not judged then, with a note.
 */
function formJudged(ctx: ScenarioContext, form: FilterForm): boolean {
  if (/\bexternalId\b/.test(form.filter) && !externalIdKept(ctx)) {
    const note = `not judged: the filter form "${form.name}": ${EXTERNAL_ID_NOT_KEPT}`;
    ctx.noteOnce(note);
    return false;
  }
  return (form.needs ?? []).every((path) => judgedWhereDeclared(ctx, path,
    `not judged: the filter form "${form.name}", since the SP's /Schemas declares no ${path} (RFC 7643 §4.1 leaves it optional)`));
}

export const ListUsersWithEachSupportedForm = (ctx: ScenarioContext, aliases: string[]): Task =>
  readsOnly('list users with each filter form the SP supports', async (actor) => {
    const forms = traitsOf(ctx.profile).filterForms(aliases.map((a) => ctx.person(a))).filter((form) => formJudged(ctx, form));
    const results: FormResult[] = [];
    for (const form of forms) {
      const { first: reply, more } = await scim(actor).sendAllPages({ method: 'GET', path: '/Users', query: { filter: form.filter } });
      results.push({ form, reply, more });
    }
    actor.remember('rfc:forms', results);
  });

export const ListUsersWithUnsupportedFilter = (ctx: ScenarioContext, alias: string): Task =>
  task('list users with a filter the SP does not support', async (actor) => {
    const traits = traitsOf(ctx.profile);
    await actor.attemptsTo(ListUsersFiltered(traits.unsupportedFilter(ctx.person(alias))));
    if (traits.unsupportedFilterRefusedBy) noteRefusalOwner(actor, traits.unsupportedFilterRefusedBy);
  });

// ---------------------------------------------------------------- reading

/** "name, emails" → "name,emails" (RFC 7644 §3.4.2.5: a comma-separated list). */
const attributeList = (value: string): string => value.split(/\s*,\s*/).filter(Boolean).join(',');

export const ReadMissing = (ctx: ScenarioContext, path: 'Users' | 'Groups'): Task =>
  task(`read a ${path === 'Users' ? 'user' : 'group'} that does not exist`, async (actor) => {
    if (path === 'Groups') requireGroups(ctx); // a users-only SP may answer 501 for every group path
    await scim(actor).send({ method: 'GET', path: `/${path}/${randomUUID()}` });
  });

export const ReadUserShaped = (alias: string, parameter: 'attributes' | 'excludedAttributes', value: string): Task =>
  task(`read the user "${alias}" with ${parameter}=${value}`, async (actor) => {
    actor.remember('rfc:shaped', alias);
    await scim(actor).send({ method: 'GET', path: pathOfUser(actor, alias), query: { [parameter]: attributeList(value) } });
  });

export const ListUserShaped = (ctx: ScenarioContext, alias: string, parameter: 'attributes' | 'excludedAttributes', value: string): Task =>
  task(`list the user "${alias}" with ${parameter}=${value}`, async (actor) => {
    actor.remember('rfc:shaped', alias);
    await scim(actor).send({ method: 'GET', path: '/Users', query: { filter: `userName eq ${q(ctx.person(alias).userName)}`, [parameter]: attributeList(value) } });
  });

// ---------------------------------------------------------------- authentication

export type Credential = 'no token' | 'a malformed token' | 'a wrong token';

function credentialCall(credential: Credential): { token?: string | null; headers?: Record<string, string> } {
  switch (credential) {
    case 'no token': return { token: null };
    case 'a malformed token': return { token: null, headers: { authorization: 'Bearer not a token' } };
    case 'a wrong token': return { token: `wrong-${randomUUID()}${randomUUID()}`.replace(/-/g, '') };
  }
}

export const ReadUserWith = (alias: string, credential: Credential): Task =>
  task(`read the user "${alias}" with ${credential}`, async (actor) => {
    await scim(actor).send({ method: 'GET', path: pathOfUser(actor, alias), ...credentialCall(credential) });
  });

export const ListUsersWith = (ctx: ScenarioContext, alias: string, credential: Credential): Task =>
  task(`list users with ${credential}`, async (actor) => {
    await scim(actor).send({ method: 'GET', path: '/Users', query: { filter: `userName eq ${q(ctx.person(alias).userName)}` }, ...credentialCall(credential) });
  });

export const CreateUserWith = (ctx: ScenarioContext, alias: string, credential: Credential): Task =>
  task(`create the user "${alias}" with ${credential}`, async (actor) => {
    await scim(actor).send({ method: 'POST', path: '/Users', body: userPayload(ctx.person(alias)), ...credentialCall(credential) });
  });

// ---------------------------------------------------------------- refused writes (state noted before)

/** Notes the state of everything the scenario named (and the probes), then sends the write. */
const refusedWrite = (ctx: ScenarioContext, description: string, probes: (actor: Actor) => Probe[], send: (actor: Actor) => Promise<unknown>): Task =>
  task(description, async (actor) => {
    await rememberStateBefore(actor, ctx, probes(actor));
    await send(actor);
  });

const byExternalId = (path: 'Users' | 'Groups', externalId: string): Probe => ({ path, filter: `externalId eq ${q(externalId)}` });

export const CreateDuplicateOf = (ctx: ScenarioContext, alias: string, spelling: 'exactly' | 'in other case'): Task => {
  const twin = `${alias} twin`;
  return refusedWrite(ctx, `create another user with the userName of "${alias}" ${spelling}`,
    () => [byExternalId('Users', ctx.person(twin).externalId)],
    async (actor) => {
      const userName = ctx.person(alias).userName;
      await actor.attemptsTo(CreateUser.named(ctx, twin, (body) => { body.userName = spelling === 'exactly' ? userName : otherCase(userName); }));
    });
};

/**
 * RFC 7644 §3.3: "attributes whose mutability is "readOnly" ... SHALL be ignored" in a create: an id of the
 * client's choosing and a forged meta go in the body, and the SP must make its own.
 */
export const CreateUserSendingReadOnly = (ctx: ScenarioContext, alias: string): Task =>
  task(`create the user "${alias}", sending an id and a meta of its own`, async (actor) => {
    const sentId = randomUUID();
    actor.remember(`rfc:sent-id:${alias}`, sentId);
    await actor.attemptsTo(CreateUser.named(ctx, alias, (body) => {
      body.id = sentId;
      body.meta = forgedMeta(sentId);
    }));
  });
export const FORGED_TIME = '2001-01-01T00:00:00Z';
const FORGED_HOST = 'forged.example.com';
/** The readOnly meta a client forges in a create or a PUT, which the SP "SHALL" ignore (RFC 7644 §3.3, §3.5.1). */
const forgedMeta = (id: string) => ({ resourceType: 'User', created: FORGED_TIME, lastModified: FORGED_TIME, location: `https://${FORGED_HOST}/Users/${id}`, version: 'W/"forged"' });
/** Whether a meta.location is the one forgedMeta sent. */
export const isForgedLocation = (location: unknown): boolean => typeof location === 'string' && location.includes(FORGED_HOST);

/** RFC 7643 §4.1.1: userName "MUST be unique across the service provider's entire set of Users", after a replace too. */
export const ReplaceWithUserNameOf = (ctx: ScenarioContext, alias: string, other: string, spelling: 'exactly' | 'in other case'): Task =>
  refusedWrite(ctx, `replace "${alias}" with the userName of "${other}" ${spelling}`, () => [],
    async (actor) => {
      const body = userPayload(ctx.person(alias));
      const userName = ctx.person(other).userName;
      body.userName = spelling === 'exactly' ? userName : otherCase(userName);
      await scim(actor).send({ method: 'PUT', path: pathOfUser(actor, alias), body });
    });

export const CreateUserWithoutUserName = (ctx: ScenarioContext): Task =>
  refusedWrite(ctx, 'create a user without a userName', () => [byExternalId('Users', ctx.person('nameless').externalId)],
    async (actor) => {
      const body = userPayload(ctx.person('nameless'));
      delete body.userName;
      await scim(actor).send({ method: 'POST', path: '/Users', body });
    });

export const CreateGroupWithoutDisplayName = (ctx: ScenarioContext): Task => {
  const externalId = ctx.faker.string.uuid();
  return refusedWrite(ctx, 'create a group without a displayName', () => [byExternalId('Groups', externalId)],
    async (actor) => {
      requireGroups(ctx);
      const body: Record<string, any> = { ...groupPayload('unused'), externalId };
      delete body.displayName;
      await scim(actor).send({ method: 'POST', path: '/Groups', body });
    });
};

/** A create body cut off in the middle: the SP must answer 400 (rfc: invalidSyntax) and store nothing. */
export const CreateUserWithMalformedJson = (ctx: ScenarioContext): Task => {
  const p = ctx.person('garbled');
  return refusedWrite(ctx, 'send malformed JSON to create a user',
    () => [{ path: 'Users', filter: `userName eq ${q(p.userName)}` }, byExternalId('Users', p.externalId)],
    async (actor) => {
      const text = JSON.stringify(userPayload(p));
      await scim(actor).send({ method: 'POST', path: '/Users', rawBody: `${text.slice(0, text.length - 12)}` });
    });
};

export const ReplaceUserWithoutUserName = (ctx: ScenarioContext, alias: string): Task =>
  refusedWrite(ctx, `replace "${alias}" with a body without a userName`, () => [],
    async (actor) => {
      const body = userPayload(ctx.person(alias));
      delete body.userName;
      body.displayName = 'Not Stored';
      await scim(actor).send({ method: 'PUT', path: pathOfUser(actor, alias), body });
    });

export const ReplaceUserWithMalformedJson = (ctx: ScenarioContext, alias: string): Task =>
  refusedWrite(ctx, `send malformed JSON to replace "${alias}"`, () => [],
    async (actor) => {
      const text = JSON.stringify({ ...userPayload(ctx.person(alias)), displayName: 'Not Stored' });
      await scim(actor).send({ method: 'PUT', path: pathOfUser(actor, alias), rawBody: `${text.slice(0, 40)}` });
    });

/** One operation the SP cannot apply: a path whose value filter is never closed (400 invalidPath). */
export const PatchUserUnappliable = (ctx: ScenarioContext, alias: string): Task =>
  refusedWrite(ctx, `patch "${alias}" with an operation it cannot apply`, () => [],
    async (actor) => {
      await scim(actor).send({ method: 'PATCH', path: pathOfUser(actor, alias),
        body: patchOps({ op: 'replace', path: 'emails[type eq "work".value', value: 'not.stored@example.com' }) });
    });

/**
 * RFC 7644 §3.5.2: "the entire PATCH operation MUST be ... atomic". A valid replace of displayName, then a
 * replace whose value filter matches no email, which §3.5.2.3 says SHALL fail with 400 noTarget. It fails
 * only when applied to the stored user, so an SP that applies operations one by one is caught half-way.
 */
export const PatchUserValidThenInvalid = (ctx: ScenarioContext, alias: string): Task =>
  refusedWrite(ctx, `patch "${alias}" with a valid operation followed by an invalid one`, () => [],
    async (actor) => {
      await scim(actor).send({ method: 'PATCH', path: pathOfUser(actor, alias),
        body: patchOps({ op: 'replace', path: 'displayName', value: 'Half Applied' }, { op: 'replace', path: 'emails[type eq "nowhere"].value', value: 'never.stored@example.com' }) });
    });

/**
 * A rename, then a replace of a member the group does not hold (RFC 7644 §3.5.2.3: a value filter that matches
 * nothing SHALL fail with 400 noTarget): refused as a whole, the name stays. Not an add of a member that does
 * not exist: RFC 7644 does not require referential integrity.
 */
export const PatchGroupRenameThenReplaceAbsentMember = (ctx: ScenarioContext, alias: string): Task =>
  refusedWrite(ctx, `rename the group "${alias}", then replace a member it does not hold`,
    () => [{ path: 'Groups', filter: `displayName eq ${q(ctx.groupName(`${alias} renamed`))}` }],
    async (actor) => {
      requireGroups(ctx);
      await scim(actor).send({ method: 'PATCH', path: pathOfGroup(actor, alias),
        body: patchOps({ op: 'replace', path: 'displayName', value: ctx.groupName(`${alias} renamed`) },
          { op: 'replace', path: `members[value eq ${q(randomUUID())}]`, value: [{ value: randomUUID() }] }) });
    });

/**
 * Operations RFC 7644 §3.5.2 forbids, each refused (400 expected) and leaving the user as it was. `must` ones are
 * SHALL in the RFC; `should` ones only match Table 9's definition of a scimType (graded WARN when accepted);
 * `either`: the RFC allows the refusal (Table 9) and the success that changes nothing alike, so neither is a finding.
 * `statusNamed`: the clause itself names 400 ("fails with HTTP status code 400"); elsewhere only Table 8
 * recommends it, so under rfc another 4xx is a should-level finding (traits.refusalStatusPinned).
 */
export const FORBIDDEN_PATCHES: Record<string, { on?: 'Groups'; operations: () => Record<string, unknown>[]; scimType: string; level: 'must' | 'should' | 'either'; clause: string; statusNamed: boolean }> = {
  'a remove without a path': { operations: () => [{ op: 'remove' }], scimType: 'noTarget', level: 'must', clause: 'RFC 7644 §3.5.2.2', statusNamed: true },
  // an op "MAY be one of" add, remove or replace (§3.5.2): another cannot be applied, and no clause names its code
  'an unknown op': { operations: () => [{ op: 'merge', path: 'displayName', value: 'Never Stored' }], scimType: 'invalidSyntax', level: 'must', clause: 'RFC 7644 §3.5.2', statusNamed: false },
  'a replace whose filter matches nothing': { operations: () => [{ op: 'replace', path: 'emails[type eq "nowhere"].value', value: 'never.stored@example.com' }], scimType: 'noTarget', level: 'must', clause: 'RFC 7644 §3.5.2.3', statusNamed: true },
  'a replace of a member the group does not hold': { on: 'Groups', operations: () => [{ op: 'replace', path: `members[value eq ${q(randomUUID())}]`, value: [{ value: randomUUID() }] }], scimType: 'noTarget', level: 'must', clause: 'RFC 7644 §3.5.2.3', statusNamed: true },
  // Table 9's noTarget names a filter "that yields no match", yet §3.5.2.2 says of a member removed who was not one: "no
  // changes should be made to the resource, and a success response should be returned": either answer is lawful
  'a remove whose filter matches nothing': { operations: () => [{ op: 'remove', path: 'emails[type eq "nowhere"]' }], scimType: 'noTarget', level: 'either', clause: 'RFC 7644 §3.12 Table 9', statusNamed: false },
  // RFC 7644 §3.5.2 asks operations to be "compatible with the attribute's mutability" but, unlike PUT, names
  // no outcome; ignoring a readOnly id is lenient, so refusing it is graded should
  'a replace of the readOnly id': { operations: () => [{ op: 'replace', path: 'id', value: randomUUID() }], scimType: 'mutability', level: 'should', clause: 'RFC 7644 §3.5.2', statusNamed: false },
};

export const PatchForbidden = (ctx: ScenarioContext, alias: string, kind: string): Task => {
  const forbidden = FORBIDDEN_PATCHES[kind];
  if (!forbidden) throw new Error(`no forbidden PATCH "${kind}": known are ${Object.keys(FORBIDDEN_PATCHES).join(', ')}`);
  return refusedWrite(ctx, `patch "${alias}" with ${kind}`, () => [],
    async (actor) => {
      const path = forbidden.on === 'Groups' ? pathOfGroup(actor, alias) : pathOfUser(actor, alias);
      await scim(actor).send({ method: 'PATCH', path, body: patchOps(...forbidden.operations()) });
      actor.remember('rfc:forbidden', kind);
    });
};

/** PUT with a stale If-Match (RFC 7644 §3.14): refused with 412, nothing changes. */
export const ReplaceUserIfMatchNoted = (ctx: ScenarioContext, alias: string): Task =>
  refusedWrite(ctx, `replace "${alias}" with If-Match set to the noted ETag`, () => [],
    async (actor) => {
      const etag = actor.recall<string>(`rfc:etag:${alias}`);
      await scim(actor).send({ method: 'PUT', path: pathOfUser(actor, alias), headers: { 'if-match': etag },
        body: { ...userPayload(ctx.person(alias)), displayName: 'Stale Writer' } });
    });

// ---------------------------------------------------------------- replacing (PUT)

export const NEW_DISPLAY_NAME = 'Augusta Ada King';

export type UserReplacement = 'with a new displayName and without the nickName' | 'with a new displayName and that value null'
  | 'echoing its id and a forged meta';

export const ReplaceUser = (ctx: ScenarioContext, alias: string, variation: UserReplacement): Task =>
  task(`replace "${alias}" ${variation}`, async (actor) => {
    const id = idOf(actor, alias);
    const body: Record<string, any> = { ...userPayload(ctx.person(alias)), displayName: NEW_DISPLAY_NAME };
    // RFC 7643 §2.5: null is unassigned; RFC 7644 §3.5.1: a client that wants a value cleared "MAY specify null"
    if (variation === 'with a new displayName and that value null') body[actor.recall<string>('rfc:cleared')] = null;
    if (variation === 'echoing its id and a forged meta') {
      body.id = id;
      body.meta = forgedMeta(id);
    }
    await scim(actor).send({ method: 'PUT', path: resourcePath('Users', id), body });
  });

export const EnsureReplaced = (ctx: ScenarioContext, alias: string): Task =>
  task(`replace "${alias}" with a new displayName`, async (actor) => {
    await actor.attemptsTo(ReplaceUser(ctx, alias, 'with a new displayName and without the nickName'));
    expectStatus(scim(actor).lastReply(), ACCEPTED, `replacing "${alias}"`); // setup: whether exactly 200 is RFC-PUT-01's
  }, 'RFC-PUT-01');

export const ReplaceGroup = (ctx: ScenarioContext, alias: string, newAlias: string, members: string[]): Task =>
  task(`replace the group "${alias}"`, async (actor) => {
    const body = groupPayload(ctx.groupName(newAlias), members.map((m) => idOf(actor, m)));
    await scim(actor).send({ method: 'PUT', path: pathOfGroup(actor, alias), body });
  });

/** Remembers the resource's representation as it was before a change, for "keeps its id and creation time". */
export const NoteRepresentation = (alias: string, path: 'Users' | 'Groups' = 'Users'): Task =>
  task(`note how "${alias}" looks`, async (actor) => {
    const reply = await scim(actor).send({ method: 'GET', path: resourcePath(path, idOf(actor, alias)) });
    expectStatus(reply, 200, `reading "${alias}"`);
    actor.remember(`rfc:was:${alias}`, reply.body);
    const etag = reply.headers.etag ?? reply.body?.meta?.version;
    if (etag) actor.remember(`rfc:etag:${alias}`, etag);
  });

/**
 * The ETag a later If-Match sends: the read's ETag header, or its meta.version. A read with neither, where
 * /ServiceProviderConfig advertises ETags, breaks RFC 7644 §3.14's "MUST be specified as an HTTP header": RFC-DISC-01
 * judges that, so the If-Match scenario is BLOCKED by it rather than red for a tag it was never given.
 */
export const NoteETag = (alias: string): Task =>
  task(`note the ETag of "${alias}"`, async (actor) => {
    await actor.attemptsTo(NoteRepresentation(alias));
    if (!actor.recalls(`rfc:etag:${alias}`)) throw new ExpectationFailed(`/ServiceProviderConfig advertises etag, but reading "${alias}" gives neither an ETag header nor meta.version, so there is no tag for If-Match (RFC 7644 §3.14)`);
  }, 'RFC-DISC-01');

// ---------------------------------------------------------------- PATCH (RFC 7644 §3.5.2)

export interface PatchVariation {
  /** Attributes the variation writes beyond the required ones, as `schema:attribute` (core User by default). */
  needs?: string[];
  operations: (ctx: ScenarioContext, alias: string) => Record<string, unknown>[];
  /** Undefined when the stored user shows the change; otherwise what is wrong. */
  check: (user: any, ctx: ScenarioContext, alias: string) => string | undefined;
}

const work = (user: any) => valuesOfType(user.emails, 'work')[0];
const PHONE = '+1-555-0100';
const DEPARTMENT = 'Analytical Engines';

export const PATCH_VARIATIONS: Record<string, PatchVariation> = {
  'replace the displayName': {
    needs: ['displayName'],
    operations: () => [{ op: 'replace', path: 'displayName', value: NEW_DISPLAY_NAME }],
    // displayName, title, the names, department and employeeNumber are not caseExact (RFC 7643 §4.1.1, §4.3), and of
    // such a value "the server MAY alter case" (§7): each is compared without case
    check: (u) => (sameIgnoringCase(u.displayName, NEW_DISPLAY_NAME) ? undefined : `displayName is ${q(u.displayName)}, expected ${q(NEW_DISPLAY_NAME)}`),
  },
  'add a title': {
    needs: ['title'],
    operations: () => [{ op: 'add', path: 'title', value: 'Enchantress of Numbers' }],
    check: (u) => (sameIgnoringCase(u.title, 'Enchantress of Numbers') ? undefined : `title is ${q(u.title)}`),
  },
  'remove the nickName': {
    needs: ['nickName'],
    operations: () => [{ op: 'remove', path: 'nickName' }],
    check: (u) => (unassigned(u.nickName) ? undefined : `nickName is still ${q(u.nickName)}`),
  },
  'replace name.givenName': {
    // familyName is checked to survive the replace, so it is needed too
    needs: ['name.givenName', 'name.familyName'],
    operations: () => [{ op: 'replace', path: 'name.givenName', value: 'Augusta' }],
    check: (u, ctx, a) => (!sameIgnoringCase(u.name?.givenName, 'Augusta') ? `name.givenName is ${q(u.name?.givenName)}`
      : !sameIgnoringCase(u.name?.familyName, ctx.person(a).familyName) ? `name.familyName was lost: ${q(u.name?.familyName)}` : undefined),
  },
  'add a phone number': {
    needs: ['phoneNumbers'],
    operations: () => [{ op: 'add', path: 'phoneNumbers', value: [{ value: PHONE, type: 'work' }] }],
    check: (u) => (Array.isArray(u.phoneNumbers) && u.phoneNumbers.some((p: any) => samePhoneNumber(p?.value, PHONE)) ? undefined : `phoneNumbers are ${q(u.phoneNumbers)}`),
  },
  "replace the work email's value": {
    needs: ['emails'],
    operations: (ctx, a) => [{ op: 'replace', path: 'emails[type eq "work"].value', value: `changed.${ctx.person(a).email}` }],
    // an email's value is not caseExact (RFC 7643 §8.7.1): the SP may store it in a case of its own
    check: (u, ctx, a) => (sameIgnoringCase(work(u)?.value, `changed.${ctx.person(a).email}`) ? undefined : `the work email is ${q(work(u))}`),
  },
  'remove the work email': {
    needs: ['emails'],
    operations: () => [{ op: 'remove', path: 'emails[type eq "work"]' }],
    check: (u) => (work(u) === undefined ? undefined : `the work email is still there: ${q(work(u))}`),
  },
  'replace the enterprise department': {
    needs: [`${ENTERPRISE_SCHEMA}:department`],
    operations: () => [{ op: 'replace', path: `${ENTERPRISE_SCHEMA}:department`, value: DEPARTMENT }],
    check: (u) => (sameIgnoringCase(u[ENTERPRISE_SCHEMA]?.department, DEPARTMENT) ? undefined : `the enterprise extension is ${q(u[ENTERPRISE_SCHEMA])}`),
  },
  'replace displayName and title without a path': {
    needs: ['displayName', 'title'],
    operations: () => [{ op: 'replace', value: { displayName: NEW_DISPLAY_NAME, title: 'Countess of Lovelace' } }],
    check: (u) => (sameIgnoringCase(u.displayName, NEW_DISPLAY_NAME) && sameIgnoringCase(u.title, 'Countess of Lovelace') ? undefined
      : `displayName is ${q(u.displayName)} and title ${q(u.title)}`),
  },
  'add an enterprise employeeNumber without a path': {
    needs: [`${ENTERPRISE_SCHEMA}:employeeNumber`],
    operations: () => [{ op: 'add', value: { [ENTERPRISE_SCHEMA]: { employeeNumber: '1815' } } }],
    check: (u) => (u[ENTERPRISE_SCHEMA]?.employeeNumber === '1815' ? undefined : `the enterprise extension is ${q(u[ENTERPRISE_SCHEMA])}`),
  },
};

export const PatchUserTo = (ctx: ScenarioContext, alias: string, variation: string): Task =>
  task(`patch "${alias}" to ${variation}`, async (actor) => {
    const v = PATCH_VARIATIONS[variation];
    if (!v) throw new Error(`no PATCH variation "${variation}": known are ${Object.keys(PATCH_VARIATIONS).join(', ')}`);
    // an attribute the SP's own schema does not define is nothing to patch (RFC 7643 §7): not a PATCH fault. The
    // capability probe read /Schemas once; it is read here only where the probe learnt nothing of it
    const needs = v.needs ?? [];
    const declared = needs.map((path) => schemaDeclares(ctx, path));
    const missing = declared.includes(undefined) ? await actor.asks(UndefinedAttributes(needs)) : needs.filter((_, i) => !declared[i]);
    if (missing.length) throw new Unsupported(`the SP's /Schemas defines no ${missing.join(', ')}, so there is nothing to patch there`);
    const dropped = needs.filter((path) => droppedByProbe(ctx, path));
    if (dropped.length) throw new Unsupported(`the SP keeps no ${dropped.join(', ')} (the capability probe's user was created with ${dropped.length === 1 ? 'it' : 'them'} and read back without the value${dropped.length === 1 ? '' : 's'} sent), so there is nothing to patch there`);
    await scim(actor).send({ method: 'PATCH', path: pathOfUser(actor, alias), body: patchOps(...v.operations(ctx, alias)) });
    actor.remember('rfc:patched', { alias, variation });
  });

/** A name PatchAName changes, and where a read shows it. */
export interface PatchedName { path: string; value: string; shown: (u: any) => unknown }
const PATCHABLE_NAMES: PatchedName[] = [
  { path: 'displayName', value: NEW_DISPLAY_NAME, shown: (u) => u?.displayName },
  { path: 'name.givenName', value: 'Augusta', shown: (u) => u?.name?.givenName },
  { path: 'externalId', value: 'patched-by-the-suite', shown: (u) => u?.externalId },
];

/** Whether the SP keeps the name a PATCH would change: externalId as the probe saw it, the others as /Schemas and the probe say. */
export function patchableName(ctx: ScenarioContext, path: string): boolean {
  return path === 'externalId' ? externalIdKept(ctx) : !droppedByProbe(ctx, path) && schemaDeclares(ctx, path) !== false;
}

/**
 * Changes the displayName by PATCH, or the givenName where the capability probe saw the SP keep no displayName of a
 * client's (one made of the names) or /Schemas declares none, or else the externalId: whether PATCH is served as
 * advertised is asked of an attribute the SP keeps.
 */
export const PatchAName = (ctx: ScenarioContext, alias: string): Task => {
  const name = PATCHABLE_NAMES.find((n) => patchableName(ctx, n.path)) ?? PATCHABLE_NAMES[0];
  return task(`change the ${name.path} of "${alias}" by PATCH`, async (actor) => {
    await scim(actor).send({ method: 'PATCH', path: pathOfUser(actor, alias), body: patchOps({ op: 'replace', path: name.path, value: name.value }) });
    actor.remember('rfc:patched-name', name);
  });
};

// ---------------------------------------------------------------- discovery

/**
 * Which of these attributes (`name`, or `schema-urn:name`) the SP's /Schemas does not define. When /Schemas is
 * not served at all nothing is known, and nothing is reported missing (that is RFC-DISC-01's verdict).
 */
export const UndefinedAttributes = (wanted: string[]): Question<string[]> =>
  question('the attributes the SP does not define', async (actor) => {
    if (!wanted.length) return [];
    const c = scim(actor);
    const keep = c.last;
    try {
      const reply = await c.send({ method: 'GET', path: '/Schemas' });
      const schemas: any[] = Array.isArray(reply.body?.Resources) ? reply.body.Resources : Array.isArray(reply.body) ? reply.body : [];
      if (reply.status !== 200 || !schemas.length) return [];
      // a schema's id and an attribute's name are not caseExact (RFC 7643 §8.7.2, §2.1); `name.givenName` is a sub-attribute
      const defined = (urn: string, dotted: string) => {
        const [name, sub] = dotted.split('.');
        const attribute = (schemas.find((x) => sameIgnoringCase(x?.id, urn))?.attributes ?? []).find((a: any) => sameIgnoringCase(a?.name, name));
        return attribute !== undefined && (sub === undefined || (attribute.subAttributes ?? []).some((a: any) => sameIgnoringCase(a?.name, sub)));
      };
      return wanted.filter((w) => {
        const cut = w.lastIndexOf(':');
        return cut > 0 ? !defined(w.slice(0, cut), w.slice(cut + 1)) : !defined(USER_SCHEMA, w);
      });
    } finally { c.last = keep; }
  });

export const ReadDiscovery = (endpoint: 'ServiceProviderConfig' | 'ResourceTypes' | 'Schemas'): Task =>
  task(`read /${endpoint}`, async (actor) => { await scim(actor).send({ method: 'GET', path: `/${endpoint}` }); });

export const ListUsersBeyondMaximum = (): Task =>
  task('list users asking for one more than the advertised maximum', async (actor) => {
    const spc = await scim(actor).send({ method: 'GET', path: '/ServiceProviderConfig' });
    expectStatus(spc, 200, 'reading /ServiceProviderConfig');
    const max = Number(spc.body?.filter?.maxResults);
    if (!Number.isInteger(max) || max < 1) throw new Error(`/ServiceProviderConfig advertises no usable filter.maxResults (${q(String(spc.body?.filter?.maxResults))})`);
    actor.remember('rfc:maxResults', max);
    await scim(actor).send({ method: 'GET', path: '/Users', query: { startIndex: 1, count: max + 1 } });
  });

// ---------------------------------------------------------------- search, bulk, media types

export const SearchUserByPost = (ctx: ScenarioContext, alias: string): Task =>
  readsOnly(`search for "${alias}" with POST /Users/.search`, async (actor) => {
    const filter = `userName eq ${q(ctx.person(alias).userName)}`;
    const post = await scim(actor).send({ method: 'POST', path: '/Users/.search', body: { schemas: [SEARCH_SCHEMA], filter, count: 10 } });
    // discovery has no flag for .search: an absent endpoint's answers (404, 405, 501) mean "not served"
    if (ABSENT_ENDPOINT.has(post.status)) throw new Unsupported(`the SP does not serve POST /Users/.search (it answered ${post.status})`);
    const get = await scim(actor).send({ method: 'GET', path: '/Users', query: { filter, count: 10 } });
    actor.remember('rfc:search', { post, get });
    scim(actor).last = post;
  });

/** RFC 7644 §3.7: a user and a group that names it by bulkId, in one request. */
export const BulkCreateUserAndGroup = (ctx: ScenarioContext, userAlias: string, groupAlias: string): Task =>
  task(`create "${userAlias}" and the group "${groupAlias}" holding it in one bulk request`, async (actor) => {
    requireGroups(ctx);
    const served = ctx.target.capabilities.served;
    if (served?.groupCreateIgnoresMembers) {
      throw new Unsupported(`the SP leaves out the members a group's create names (RFC 7644 §3.3 lets it ignore POSTed content; the capability probe added its member by ${memberAddedBy(served)}), so a bulkId among a new group's members cannot show`);
    }
    const body = {
      schemas: [BULK_REQUEST_SCHEMA],
      Operations: [
        { method: 'POST', path: '/Users', bulkId: 'u1', data: userPayload(ctx.person(userAlias)) },
        { method: 'POST', path: '/Groups', bulkId: 'g1', data: { schemas: [GROUP_SCHEMA], displayName: ctx.groupName(groupAlias), members: [{ value: 'bulkId:u1' }] } },
      ],
    };
    const c = scim(actor);
    noteKind(actor, groupAlias, 'Groups');
    const reply = await c.send({ method: 'POST', path: '/Bulk', body });
    const ops: any[] = Array.isArray(reply.body?.Operations) ? reply.body.Operations : [];
    for (const [bulkId, alias, type] of [['u1', userAlias, 'Users'], ['g1', groupAlias, 'Groups']] as const) {
      const op = ops.find((o) => o?.bulkId === bulkId);
      const id = idFromLocation(op?.location);
      if (id && bulkOperationStatus(op)?.startsWith('201')) { c.ids.set(alias, id); c.track(id, type); }
    }
    c.last = reply;
  });

export const CreateUserAs = (ctx: ScenarioContext, alias: string, contentType: string): Task =>
  task(`create the user "${alias}" sending ${contentType}`, async (actor) => {
    const c = scim(actor);
    const reply = await c.send({ method: 'POST', path: '/Users', body: userPayload(ctx.person(alias)), headers: { 'content-type': contentType } });
    const id = succeeded(reply) ? createdId(reply) : undefined;
    if (id) c.ids.set(alias, id);
  });

/** RFC-MEDIA-01: a read whose Accept names one media type alone (as Okta's requests name application/scim+json). */
export const ReadUserAccepting = (alias: string, mediaType: string): Task =>
  task(`read the user "${alias}" accepting only ${mediaType}`, async (actor) => {
    await scim(actor).send({ method: 'GET', path: pathOfUser(actor, alias), headers: { accept: mediaType } });
  });

export { USER_SCHEMA };
