// Questions of the AP section: what the admin API shows of tenants and tokens, how the SCIM endpoint
// answers a token, and what the SP holds of a user after a refusal. Each check throws ExpectationFailed
// with a sentence that reads like a bug report.
import { ownerFirst, question, type Actor, type Question } from '../actor.js';
import { CallScim } from '../abilities/call-scim.js';
import { AdministerReference } from '../abilities/administer-reference.js';
import type { ScenarioContext } from '../context.js';
import { membershipJudged } from '../tasks/groups.js';
import type { ScimReply } from '../../scim/client.js';
import { ExpectationFailed, pathOf, refusedWith } from '../../scim/expectations.js';
import { brief, loopOf, ownTenant, probeCall, refusalOwner, said, tokenNamed, type SentUser } from '../tasks/provisioning.js';
import { MembersOf } from './membership.js';
import { resourcePath, serverFailureRow } from '../../scim/paths.js';
import { Eventually, judgeOnceShown, listLagWait, pauseFor } from '../settle.js';
import { ProfileErrorBody } from './errors.js';
import { traitsOf } from '../tasks/rfc-traits.js';

const fail = (message: string): never => { throw new ExpectationFailed(brief(message)); };
const request = (r: ScimReply) => `${r.exchange.request.method} ${pathOf(r)}`;

function isIsoDate(v: unknown): v is string { return typeof v === 'string' && !Number.isNaN(Date.parse(v)); }

/** createdAt + 1 calendar year, as AWS's user guide states a token's validity. */
export function oneYearAfter(iso: string): Date {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d;
}

export function resources(reply: ScimReply): any[] {
  const r = reply.body?.Resources;
  return Array.isArray(r) ? r : [];
}

/** A SCIM filter value as a JSON string literal (quotes, backslashes and control characters escaped). */
export function quoted(value: string): string { return JSON.stringify(value); }

// ---- tokens on the SCIM endpoint -------------------------------------------------------------------------

/** How the tenant's SCIM endpoint answers a "test connection" sent with a named token. */
export const TokenAnswer = (ctx: ScenarioContext, name: string): Question<ScimReply> =>
  question(`how the SP answers the ${name} access token`, async (actor) =>
    actor.abilityTo(CallScim).send(probeCall(ownTenant(ctx).scimBase, tokenNamed(ctx, name).token)));

export async function expectTokenWorks(actor: Actor, ctx: ScenarioContext, name: string): Promise<void> {
  const reply = await actor.asks(TokenAnswer(ctx, name));
  if (reply.status !== 200) fail(`${said(reply)} to the ${name} access token, which should work (${request(reply)}), expected 200`);
}

export async function expectTokenRefused(actor: Actor, ctx: ScenarioContext, name: string, why: string): Promise<void> {
  const reply = await actor.asks(TokenAnswer(ctx, name));
  if (reply.status !== 401) fail(`${said(reply)} to the ${name} access token, which ${why} (${request(reply)}), expected 401`);
}

/**
 * The deleted token from the very next request on: every one of a few requests is 401. Answers how long
 * after the admin API confirmed the deletion the first refusal came (the delay a real tenant reports).
 */
export const DeletedTokenRefusals = (ctx: ScenarioContext): Question<number> =>
  question('how soon the deleted access token is refused', async (actor) => {
    const slot = tokenNamed(ctx, 'deleted');
    const scim = actor.abilityTo(CallScim);
    let firstRefusalMs = -1;
    for (let i = 1; i <= 3; i++) {
      const reply = await scim.send(probeCall(ownTenant(ctx).scimBase, slot.token));
      if (reply.status !== 401) {
        fail(`${said(reply)} to request ${i} after the deletion with the deleted access token, expected 401: it still works`);
      }
      if (firstRefusalMs < 0) firstRefusalMs = Math.round(performance.now() - (slot.deletedAt ?? performance.now()));
    }
    return firstRefusalMs;
  });

// ---- the admin API's view ---------------------------------------------------------------------------------

/**
 * AP-ENABLE-01: enabling yields a SCIM endpoint and a first access token. The endpoint naming its tenant
 * (AWS-TENANT-01's wording) and the token's dates (AP-TOKEN-01's listing) go beyond this row: should.
 */
export function expectEnabledAnswer(ctx: ScenarioContext): void {
  const t = ownTenant(ctx);
  const reply = t.enableReply;
  if (!reply) fail('automatic provisioning was never enabled in this scenario');
  if (reply!.status !== 201) fail(`${said(reply!)} from the admin API to enabling automatic provisioning, expected 201`);
  const body = reply!.body ?? {};
  if (typeof body.scimEndpoint !== 'string' || !/^https?:\/\//.test(body.scimEndpoint)) {
    fail(`enabling automatic provisioning shows no SCIM endpoint URL (it shows ${JSON.stringify(body.scimEndpoint)})`);
  }
  const token = body.accessToken ?? {};
  if (typeof token.token !== 'string' || token.token.length < 16) fail('enabling automatic provisioning shows no access token secret');
  if (typeof token.id !== 'string' || !token.id) fail('the first access token has no id');
  if (!body.scimEndpoint.includes(t.tenant.id)) ctx.should(`the SCIM endpoint ${body.scimEndpoint} does not name the tenant id ${t.tenant.id} (AWS puts it in the path)`);
  if (!isIsoDate(token.createdAt) || !isIsoDate(token.expiresAt)) ctx.should(`the first access token comes without a creation date or expiry (${JSON.stringify({ createdAt: token.createdAt, expiresAt: token.expiresAt })})`);
}

export const TokenListing = (ctx: ScenarioContext): Question<ScimReply> =>
  question('the tenant\'s access token listing', async (actor) => actor.abilityTo(AdministerReference).listTokens(ownTenant(ctx).tenant.id));

export function listedTokens(reply: ScimReply): any[] {
  if (reply.status !== 200 || !Array.isArray(reply.body?.tokens)) fail(`${said(reply)} from the admin API to listing the access tokens, expected 200 with a "tokens" list`);
  return reply.body.tokens;
}

/** AP-TOKEN-01: the secret came with the generation, and no listing or tenant view shows it again. */
export async function expectSecretShownOnce(actor: Actor, ctx: ScenarioContext): Promise<void> {
  const t = ownTenant(ctx);
  const gen = t.lastGeneration;
  if (!gen || gen.status !== 201) fail(gen ? `${said(gen)} from the admin API to generating an access token, expected 201` : 'no access token was generated in this scenario');
  const secret = gen!.body?.token;
  if (typeof secret !== 'string' || secret.length < 16) fail('the generated access token\'s secret is not shown in the answer to its generation ("Show token")');
  const admin = actor.abilityTo(AdministerReference);
  for (const [what, reply] of [['the token listing', await admin.listTokens(t.tenant.id)], ['the token listing, read again', await admin.listTokens(t.tenant.id)], ['the tenant\'s view', await admin.tenant(t.tenant.id)]] as const) {
    if (reply.text.includes(secret)) fail(`${what} shows an access token's secret; AWS shows it only once, when it is generated`);
  }
  for (const slot of t.tokens) {
    const listing = await admin.listTokens(t.tenant.id);
    if (listing.text.includes(slot.token)) fail(`the token listing shows the secret of the ${slot.ordinal}. access token`);
  }
}

/** AP-TOKEN-01/06: every listed token has an id, a creation date and an expiry; each of ours is there. */
export async function expectListingShowsDates(actor: Actor, ctx: ScenarioContext): Promise<any[]> {
  const tokens = listedTokens(await actor.asks(TokenListing(ctx)));
  for (const tok of tokens) {
    if (typeof tok.id !== 'string' || !tok.id) fail(`a listed access token has no id: ${JSON.stringify(tok)}`);
    if (!isIsoDate(tok.createdAt)) fail(`the access token ${tok.id} is listed without a creation date`);
    if (!isIsoDate(tok.expiresAt)) fail(`the access token ${tok.id} is listed without an expiry`);
  }
  for (const slot of ownTenant(ctx).tokens.filter((s) => s.deletedAt === undefined)) {
    if (!tokens.some((x) => x.id === slot.id)) fail(`the ${slot.ordinal}. access token (${slot.id}) is missing from the listing`);
  }
  await actor.asks(ListedCreationDates(ctx, tokens));
  return tokens;
}

/** How far a listed creation date may lie from the one its generation answered (a console may drop seconds). */
const CREATION_DATE_SLACK_MS = 60_000;

/**
 * AP-TOKEN-06: each listed creation date is the token's own, as its generation answered it, so that the oldest
 * can be picked by it. Asked wherever a listing is read; a row that only needs the dates shown is BLOCKED by it.
 */
const ListedCreationDates = (ctx: ScenarioContext, tokens: any[]): Question<void> =>
  question('each listed creation date is the token\'s own', async () => {
    for (const slot of ownTenant(ctx).tokens.filter((s) => s.deletedAt === undefined)) {
      const listed = tokens.find((x) => x.id === slot.id);
      if (!listed || !isIsoDate(slot.createdAt)) continue;
      if (Math.abs(Date.parse(listed.createdAt) - Date.parse(slot.createdAt)) > CREATION_DATE_SLACK_MS) {
        fail(`the ${slot.ordinal}. access token is listed as created ${listed.createdAt}, but its generation answered ${slot.createdAt}: the oldest token cannot be picked by its date`);
      }
    }
  }, 'AP-TOKEN-06');

export async function expectTokenCount(actor: Actor, ctx: ScenarioContext, n: number): Promise<void> {
  const tokens = listedTokens(await actor.asks(TokenListing(ctx)));
  if (tokens.length !== n) fail(`the tenant lists ${tokens.length} access token(s), expected ${n}: ${tokens.map((x) => x.id).join(', ')}`);
}

export async function expectOnlyToken(actor: Actor, ctx: ScenarioContext, name: string): Promise<void> {
  const slot = tokenNamed(ctx, name);
  const tokens = listedTokens(await actor.asks(TokenListing(ctx)));
  if (tokens.length !== 1 || tokens[0].id !== slot.id) {
    fail(`the tenant lists ${JSON.stringify(tokens.map((x) => x.id))}, expected only the ${name} access token ${slot.id}`);
  }
}

export function expectGenerationRefused(ctx: ScenarioContext, why: string): void {
  const reply = ownTenant(ctx).lastGeneration;
  if (!reply) fail('no access token generation was attempted');
  if (reply!.status < 400 || reply!.status >= 500) fail(`${said(reply!)} from the admin API to generating a third access token ${why}, expected a 4xx refusal`);
}

/** The refusal is the row's; the reason it gives ({"error": …}) is the reference's own [unv] wording: should. */
export function expectAdminRefused(actor: Actor, ctx: ScenarioContext, what: string): void {
  const reply = actor.abilityTo(AdministerReference).last;
  if (!reply) fail('the SP admin has not used the admin API yet');
  if (reply!.status < 400 || reply!.status >= 500) fail(`${said(reply!)} from the admin API to ${what}, expected a 4xx refusal`);
  if (typeof reply!.body?.error !== 'string' || !reply!.body.error) ctx.should(`the ${reply!.status} refusal of ${what} carries no {"error": "<sentence>"} saying why`);
}

/** AP-TOKEN-05: the listed expiry is the creation date plus one calendar year. */
export async function expectOneYearExpiry(actor: Actor, ctx: ScenarioContext, name: string): Promise<void> {
  const slot = tokenNamed(ctx, name);
  const tokens = listedTokens(await actor.asks(TokenListing(ctx)));
  const listed = tokens.find((x) => x.id === slot.id);
  if (!listed) fail(`the ${name} access token is not listed`);
  for (const [what, createdAt, expiresAt] of [['as generated', slot.createdAt, slot.expiresAt], ['as listed', listed.createdAt, listed.expiresAt]] as const) {
    const expected = oneYearAfter(createdAt);
    if (Math.abs(Date.parse(expiresAt) - expected.getTime()) > 1000) {
      fail(`the ${name} access token ${what} expires ${expiresAt}, expected one year after its creation (${expected.toISOString()})`);
    }
  }
}

export const ProvisioningState = (ctx: ScenarioContext): Question<string | undefined> =>
  question('whether automatic provisioning is enabled', async (actor) => {
    const reply = await actor.abilityTo(AdministerReference).tenant(ownTenant(ctx).tenant.id);
    if (reply.status !== 200) fail(`${said(reply)} from the admin API to reading the tenant, expected 200`);
    return reply.body?.provisioning;
  });

/** AP-ENABLE-01 / AP-DISABLE-01: the tenant's SCIM path refuses everything with 401. */
export const EndpointRefusals = (ctx: ScenarioContext): Question<void> =>
  question('how the tenant\'s SCIM endpoint answers while provisioning is off', async (actor) => {
    const t = ownTenant(ctx);
    const scim = actor.abilityTo(CallScim);
    const tries: [string, string | null][] = [
      ['no token', null],
      ['a made-up token', `madeup${ctx.unique()}${'x'.repeat(60)}`],
      ...t.tokens.map((s): [string, string] => [`the ${s.ordinal}. access token it had`, s.token]),
    ];
    if (ctx.secrets.token) tries.push(['the run\'s own valid token (another tenant\'s)', ctx.secrets.token]);
    for (const [what, token] of tries) {
      const reply = await scim.send(probeCall(t.scimBase, token));
      if (reply.status !== 401) fail(`${said(reply)} to ${request(reply)} with ${what} while automatic provisioning is off, expected 401`);
    }
  });

// ---- what the SP holds of a user --------------------------------------------------------------------------

/** The row that owns `userName eq` / `externalId eq` lookups under a profile. */
const filterRow = (ctx: ScenarioContext) => (ctx.profile === 'aws' ? 'AWS-FILTER-01' : 'RFC-FILTER-01');

/** The ids of users the SP lists for `attr eq "value"`; a lookup the SP cannot answer is the filter row's. */
export const UsersWhere = (ctx: ScenarioContext, attr: string, value: string): Question<string[]> =>
  question(`the users whose ${attr} is ${JSON.stringify(value)}`, async (actor) => {
    const reply = await actor.abilityTo(CallScim).send({ method: 'GET', path: '/Users', query: { filter: `${attr} eq ${quoted(value)}` } });
    if (reply.status !== 200) fail(`${said(reply)} to looking up users by ${attr} (${request(reply)}), expected 200`);
    return resources(reply).map((r) => r.id);
  }, filterRow(ctx));

const PRINTABLE = /^[\x20-\x7e]+$/;

/** "Nothing of ada is stored": no user under ada's user name or externalId, as generated or as sent. */
export const NothingStoredOf = (ctx: ScenarioContext, alias: string): Question<void> =>
  question(`whether anything of "${alias}" is stored`, async (actor) => {
    const person = ctx.person(alias);
    const sent = actor.recalls(`sent user ${alias}`) ? actor.recall<SentUser>(`sent user ${alias}`) : {};
    const lookups = new Map<string, string>();
    const add = (attr: string, v: unknown) => { if (typeof v === 'string' && PRINTABLE.test(v)) lookups.set(`${attr}\u0000${v}`, attr); };
    // externalId eq is an optional filter (RFC 7644 §3.4.2.2): where the probe found it refused, userName alone is looked up
    const byExternalId = ctx.target.capabilities.served?.filters['externalId eq'] !== false;
    add('userName', person.userName); add('userName', sent.userName);
    if (byExternalId) { add('externalId', person.externalId); add('externalId', sent.externalId); }
    // users of the scenario's other aliases may rightly hold a value sent on purpose (a duplicate)
    const others = new Set([...actor.abilityTo(CallScim).ids].filter(([a]) => a !== alias).map(([, id]) => id));
    // a user stored despite the refusal may reach a lagging list only after a lookup made at once (it reads lists alone)
    await pauseFor(listLagWait(ctx));
    for (const [key, attr] of lookups) {
      const value = key.split('\u0000')[1]!;
      const ids = (await actor.asks(UsersWhere(ctx, attr, value))).filter((id) => !others.has(id));
      if (ids.length > 0) fail(`the refused user "${alias}" was stored anyway: ${attr} eq "${value}" finds ${ids.join(', ')}`);
    }
  });

/** Whether the user is a member of the group, read as the profile allows (membership.ts, with its owners). */
export const IsMember = (ctx: ScenarioContext, userAlias: string, groupAlias: string): Question<boolean> =>
  question(`whether "${userAlias}" is a member of "${groupAlias}"`, async (actor) => (await actor.asks(MembersOf(ctx, groupAlias))).members.includes(userAlias));

export async function expectProvisioningState(actor: Actor, ctx: ScenarioContext, want: 'enabled' | 'disabled', when: string): Promise<void> {
  const state = await actor.asks(ProvisioningState(ctx));
  if (state !== want) fail(`${when}, the tenant shows automatic provisioning ${JSON.stringify(state)}, expected "${want}"`);
}

/** AP-TOKEN-04: stops the client's provisioning loop; every request it sent succeeded. Answers how many. */
export async function expectRotationWithoutFailures(actor: Actor): Promise<number> {
  const loop = loopOf(actor);
  await loop.stop();
  const failed = loop.replies.filter((r) => r.failure || r.status < 200 || r.status > 299);
  if (failed.length > 0) {
    const message = `${said(failed[0]!)} to ${failed.length} of the ${loop.replies.length} provisioning requests sent during the rotation, expected a 2xx`;
    // creates the server failed, every one: the create rule's where the SP fails every create (RFC-CREATE-01 red)
    if (failed.every((r) => serverFailureRow(r, 'aws') === 'RFC-CREATE-01')) throw Object.assign(new ExpectationFailed(brief(message)), { owner: 'RFC-CREATE-01' });
    fail(message);
  }
  return loop.replies.length;
}

/**
 * Judges whether the SP refused a request: the scenario's own row's verdict, or, when the request was a variation
 * whose refusal another row's rule owns (a user without a display name is AP-USER-01's), that row's, so a scenario
 * that only needs the refusal (AWS-ERR-01 reading its body) is BLOCKED by it rather than red.
 */
export async function judgeRefusal(actor: Actor, ctx: ScenarioContext, reply: ScimReply, check: () => void): Promise<void> {
  // a write answered 5xx says the server failed, not what it makes of this body: where the SP fails the plain write
  // too (its row red: RFC-CREATE-01, RFC-PUT-01, RFC-PATCH-01) nothing here is judged; where it does not, the row whose
  // rule refuses the body owns it (a nameless user is AP-USER-01's), or else the scenario
  await actor.asks(question('whether the SP refused the request', async () => check(), ownerFirst(serverFailureRow(reply, ctx.profile), refusalOwner(actor, reply))));
}

/**
 * A refusal whose status a table recommends but no clause requires (RFC 7644 §3.12, Table 8): the row's MUST is
 * the refusal, any 4xx; another 4xx than `expected` is a should-level finding, unless the profile pins the status
 * (aws). `pinned` overrides the profile where the case itself leaves the code open (a duplicating replace). The
 * error body is the profile's error row's, judged with the status the SP chose.
 */
export async function expectRefusedPreferably(actor: Actor, ctx: ScenarioContext, expected: number, opts: { scimType?: string; pinned?: boolean } = {}): Promise<ScimReply> {
  const reply = actor.abilityTo(CallScim).lastReply();
  const pinned = opts.pinned ?? traitsOf(ctx.profile).refusalStatusPinned;
  const what = actor.lastTask ?? request(reply);
  await judgeRefusal(actor, ctx, reply, () => {
    if (!refusedWith(reply, (s) => !pinned || s === expected)) fail(`${said(reply)} to ${what} (${request(reply)}), expected ${pinned ? expected : `a 4xx refusal (${expected} recommended)`}`);
  });
  if (reply.status !== expected) ctx.should(`${what} was refused with ${reply.status}, where RFC 7644 §3.12 (Table 8) recommends ${expected}${opts.scimType ? ` with scimType "${opts.scimType}"` : ''}`);
  await actor.asks(ProfileErrorBody(ctx, reply, reply.status, reply.status === expected ? opts.scimType : undefined));
  return reply;
}

/**
 * RFC-AUTH-01: a request with no token, a malformed or a wrong one is refused, 401 recommended. An SP may slow such
 * requests down on purpose, against guessing (SCIM Gateway holds each one for minutes after a few): no answer within
 * the run's timeout served nothing, and says only that no 401 came, a should (RFC 6750 §3.1: the resource server
 * SHOULD answer an invalid token 401). The checks of what the SP stored go on.
 */
export async function expectCredentialRefused(actor: Actor, ctx: ScenarioContext): Promise<void> {
  const reply = actor.abilityTo(CallScim).lastReply();
  if (!reply.timedOut) { await expectRefusedPreferably(actor, ctx, 401); return; }
  ctx.should(`no answer to ${actor.lastTask ?? request(reply)} within the run's timeout: nothing was served, but no 401 came either, as RFC 6750 §3.1 asks for an invalid token (${request(reply)}: ${reply.failure}); an SP that slows refused credentials down on purpose answers later, and a longer --timeout-ms sees its answer`);
}

export async function expectRefused(actor: Actor, ctx: ScenarioContext): Promise<void> {
  const reply = actor.abilityTo(CallScim).lastReply();
  await judgeRefusal(actor, ctx, reply, () => {
    if (!refusedWith(reply, () => true)) fail(`${said(reply)} to ${actor.lastTask ?? request(reply)} (${request(reply)}), expected a 4xx refusal`);
  });
}

/** Accepted: any 2xx (whether a create is exactly 201 is RFC-CREATE-01's verdict). */
export function expectCreated(actor: Actor): void {
  const reply = actor.abilityTo(CallScim).lastReply();
  if (reply.failure || reply.status < 200 || reply.status > 299) fail(`${said(reply)} to ${actor.lastTask ?? request(reply)} (${request(reply)}), expected it accepted (2xx)`);
}

/**
 * The rename itself was applied: PUT is RFC-PUT-01's behaviour; PATCH is AWS-PATCH-01's under aws and
 * RFC-PATCH-01's under rfc. A rename the SP did not apply BLOCKS AP-USER-04 instead of failing it.
 */
const RenameApplied = (ctx: ScenarioContext, alias: string, attribute: string, method: string, value: string): Question<any> =>
  question(`whether the ${attribute} of "${alias}" was changed by ${method}`, async (actor) => {
    const scim = actor.abilityTo(CallScim);
    const reply = scim.lastReply();
    if (reply.failure || reply.status < 200 || reply.status > 299) {
      // a rename the server failed (5xx) where it fails every PUT or PATCH (that write's row red) is that row's; a
      // refusal of the rename itself (400 mutability) is this row's
      throw Object.assign(new ExpectationFailed(brief(`${said(reply)} to changing the ${attribute} of "${alias}" (${request(reply)}), expected a 2xx`)),
        { owner: serverFailureRow(reply, ctx.profile) });
    }
    const before = actor.recall<any>(`before ${alias}`);
    return judgeOnceShown(ctx, `reading "${alias}" after the ${method}`, async () => {
      const after = await scim.send({ method: 'GET', path: resourcePath('Users', before.id) });
      if (after.status !== 200) fail(`${said(after)} to reading "${alias}" by its id ${before.id} after the change of its ${attribute}, expected 200: the user lost its id`);
      const emails: any[] = Array.isArray(after.body?.emails) ? after.body.emails : [];
      const now = attribute === 'userName' ? after.body?.userName : (emails.find((e) => e?.primary === true) ?? emails[0])?.value;
      if (String(now).toLowerCase() !== value.toLowerCase()) {
        throw Object.assign(new ExpectationFailed(brief(`"${alias}" shows the ${attribute} ${JSON.stringify(now)} after the ${method}, not the new ${JSON.stringify(value)}: the change was not applied`)),
          { owner: method === 'PUT' ? 'RFC-PUT-01' : ctx.profile === 'aws' ? 'AWS-PATCH-01' : 'RFC-PATCH-01' });
      }
      return after.body;
    });
  });

/**
 * AP-USER-04: after a change of userName or email the user keeps its SP id and its group memberships. The
 * clause says nothing of externalId: a changed externalId is a should-level finding.
 */
export async function expectIdentityKept(actor: Actor, ctx: ScenarioContext, alias: string, group: string): Promise<void> {
  const renamed = actor.recall<{ attribute: string; value: string; method: string }>(`renamed ${alias}`);
  const before = actor.recall<any>(`before ${alias}`);
  const after = await actor.asks(RenameApplied(ctx, alias, renamed.attribute, renamed.method, renamed.value));
  if (after?.id !== before.id) fail(`"${alias}" answers with the id ${JSON.stringify(after?.id)} after the change of its ${renamed.attribute}, it had ${before.id}`);
  if (after?.externalId !== before.externalId) ctx.should(`"${alias}" changed its externalId from ${JSON.stringify(before.externalId)} to ${JSON.stringify(after?.externalId)} when its ${renamed.attribute} changed`);
  if (membershipJudged(ctx, group) && !(await actor.asks(Eventually(ctx, IsMember(ctx, alias, group), (is) => is)))) fail(`"${alias}" is no longer a member of "${group}" after the change of its ${renamed.attribute} by ${renamed.method}; setup had verified the membership`);
}
