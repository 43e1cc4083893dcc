// Tasks of the AP section (seed 002): automatic provisioning, access tokens, the tenant's clock, and the
// user variations that AWS refuses. Tenants made here belong to the scenario (the SP admin's
// AdministerReference deletes them afterwards), so time and tokens move only where nobody else looks.
import { task, type Actor, type Task } from '../actor.js';
import { CallScim } from '../abilities/call-scim.js';
import { AdministerReference, type IssuedToken, type TenantInfo } from '../abilities/administer-reference.js';
import type { ScenarioContext } from '../context.js';
import type { ScimReply } from '../../scim/client.js';
import { stripTrailingSlash } from '../../targets/target.js';
import { ENTERPRISE_SCHEMA, userPayload } from '../../scim/payloads.js';
import { CreateUser, expectSetupDone } from './users.js';
import { ExpectationFailed, describeReply, succeeded } from '../../scim/expectations.js';
import { createdId } from '../../scim/paths.js';

/**
 * How a reason starts: the SP's own words first (its error detail, or the admin API's error), then the
 * status, e.g. `"Request is unparsable…" (400)`; a transport failure as it is.
 */
/** The SP's answer, its own words first: the one description every reason uses. */
export const said = describeReply;

/** A reason of at most 200 characters, cut at the end. */
export function brief(reason: string): string {
  return reason.length <= 200 ? reason : `${reason.slice(0, 199)}…`;
}


// ---- the scenario's own tenants -----------------------------------------------------------------------

export interface TokenSlot extends IssuedToken {
  /** 1 for the token that came with enabling, 2 for the next generated one, … */
  ordinal: number;
  /** performance.now() when the admin API confirmed the deletion. */
  deletedAt?: number;
}

export interface OwnTenant {
  tenant: TenantInfo;
  /** The SCIM base as a client uses it: the console's endpoint without its trailing slash. */
  scimBase: string;
  /** The endpoint exactly as the admin API showed it (may end in '/'). */
  shownEndpoint?: string;
  provisioning: boolean;
  tokens: TokenSlot[];
  /** The admin API's answer to enabling provisioning, for the questions about it. */
  enableReply?: ScimReply;
  /** The admin API's answer to the last token generation (refused or not). */
  lastGeneration?: ScimReply;
  lastDeleted?: TokenSlot;
}

const registry = new WeakMap<ScenarioContext, OwnTenant[]>();

export function ownTenants(ctx: ScenarioContext): OwnTenant[] {
  let list = registry.get(ctx);
  if (!list) { list = []; registry.set(ctx, list); }
  return list;
}

/** The tenant the scenario speaks of: the last one made, or the n-th ("first", "second"). */
export function ownTenant(ctx: ScenarioContext, which?: string): OwnTenant {
  const list = ownTenants(ctx);
  if (list.length === 0) throw new Error('this scenario has not made a tenant of its own yet (a Given step is missing)');
  if (!which) return list[list.length - 1]!;
  const i = ordinalIndex(which);
  const t = list[i];
  if (!t) throw new Error(`this scenario has made ${list.length} tenant(s), not a ${which} one`);
  return t;
}

const ORDINALS = ['first', 'second', 'third', 'fourth'];
export function ordinalIndex(word: string): number {
  const i = ORDINALS.indexOf(word.toLowerCase());
  if (i < 0) throw new Error(`"${word}" is not an ordinal the steps know (${ORDINALS.join(', ')})`);
  return i;
}

/**
 * A token of the current tenant by how the steps name it: "first", "second", "third" (generation order),
 * "new"/"newest" (last generated), "old"/"oldest" (earliest created still listed), "deleted" (last deleted),
 * "other" (the one still listed besides the deleted one).
 */
export function tokenNamed(ctx: ScenarioContext, name: string): TokenSlot {
  const t = ownTenant(ctx);
  const live = t.tokens.filter((s) => s.deletedAt === undefined);
  let slot: TokenSlot | undefined;
  switch (name) {
    case 'new': case 'newest': slot = t.tokens[t.tokens.length - 1]; break;
    case 'old': case 'oldest': slot = [...live].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))[0]; break;
    case 'deleted': slot = t.lastDeleted; break;
    case 'other': slot = live.length === 1 ? live[0] : undefined;
      if (!slot) throw new Error(`"the other token" needs exactly one token left; the tenant has ${live.length}`);
      break;
    default: slot = t.tokens.find((s) => s.ordinal === ordinalIndex(name) + 1);
  }
  if (!slot) throw new Error(`the tenant has no ${name} access token in this scenario`);
  return slot;
}

function admin(actor: Actor): AdministerReference { return actor.abilityTo(AdministerReference); }

function adminExpect(reply: ScimReply, status: number, what: string): any {
  if (reply.failure || reply.status !== status) {
    throw new ExpectationFailed(brief(`${said(reply)} from the admin API to ${what}, expected ${status}`));
  }
  return reply.body;
}

// ---- tenants and provisioning --------------------------------------------------------------------------

export const CreateOwnTenant = (ctx: ScenarioContext): Task =>
  task('create a tenant of the scenario\'s own, provisioning still off', async (actor) => {
    const tenant = await admin(actor).createTenant();
    ownTenants(ctx).push({ tenant, scimBase: stripTrailingSlash(tenant.scimEndpoint), shownEndpoint: tenant.scimEndpoint, provisioning: false, tokens: [] });
  });

/** Enable automatic provisioning on the current own tenant; the answer is kept for the questions. */
export const EnableProvisioning = (ctx: ScenarioContext): Task =>
  task('enable automatic provisioning', async (actor) => {
    const t = ownTenant(ctx);
    const reply = await admin(actor).enableProvisioning(t.tenant.id);
    t.enableReply = reply;
    if (reply.status === 201 && reply.body?.accessToken) {
      t.provisioning = true;
      t.shownEndpoint = reply.body.scimEndpoint;
      if (typeof reply.body.scimEndpoint === 'string') t.scimBase = stripTrailingSlash(reply.body.scimEndpoint);
      t.tokens.push({ ...reply.body.accessToken, ordinal: 1 });
    }
  });

/** Setup: a tenant of the scenario's own with provisioning on; enabling is AP-ENABLE-01's behaviour. */
export const ProvisionedOwnTenant = (ctx: ScenarioContext): Task =>
  task('enable automatic provisioning on a new tenant', async (actor) => {
    await actor.attemptsTo(CreateOwnTenant(ctx), EnableProvisioning(ctx));
    adminExpect(ownTenant(ctx).enableReply!, 201, 'enabling automatic provisioning on a new tenant');
  }, 'AP-ENABLE-01');

export const DisableProvisioning = (ctx: ScenarioContext, confirm: string): Task =>
  task(`disable automatic provisioning, typing "${confirm}"`, async (actor) => {
    const t = ownTenant(ctx);
    const reply = await admin(actor).disableProvisioning(t.tenant.id, confirm);
    if (reply.status === 204 || reply.status === 200) t.provisioning = false;
  });

// ---- tokens ----------------------------------------------------------------------------------------------

export const GenerateToken = (ctx: ScenarioContext): Task =>
  task('generate a new access token', async (actor) => {
    const t = ownTenant(ctx);
    const reply = await admin(actor).generateToken(t.tenant.id);
    t.lastGeneration = reply;
    if (reply.status === 201 && typeof reply.body?.token === 'string') {
      t.tokens.push({ ...(reply.body as IssuedToken), ordinal: t.tokens.length + 1 });
    }
  });

/** Generation that must succeed (a Given): generating a token is AP-TOKEN-01's behaviour. */
export const EnsureGeneratedToken = (ctx: ScenarioContext): Task =>
  task('generate another access token', async (actor) => {
    await actor.attemptsTo(GenerateToken(ctx));
    adminExpect(ownTenant(ctx).lastGeneration!, 201, 'generating an access token');
  }, 'AP-TOKEN-01');

export const DeleteToken = (ctx: ScenarioContext, name: string, confirm: string): Task =>
  task(`delete the ${name} access token, typing "${confirm}"`, async (actor) => {
    const t = ownTenant(ctx);
    let slot = tokenNamed(ctx, name);
    if (name === 'oldest' || name === 'newest') {
      // pick by the creation date the listing shows, as the console's user would (AP-TOKEN-06)
      const listing = await admin(actor).listTokens(t.tenant.id);
      const listed = [...(adminExpect(listing, 200, 'listing the access tokens')?.tokens ?? [])]
        .sort((a: any, b: any) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      const pick = name === 'oldest' ? listed[0] : listed[listed.length - 1];
      const found = t.tokens.find((s) => s.id === pick?.id);
      if (!found) throw new ExpectationFailed(`the token listing's ${name} entry (${JSON.stringify(pick)}) is none of the tokens this scenario generated`);
      slot = found;
    }
    const reply = await admin(actor).deleteToken(t.tenant.id, slot.id, confirm);
    if (reply.status === 204 || reply.status === 200) {
      slot.deletedAt = performance.now();
      t.lastDeleted = slot;
    }
  });

/** A deletion that must succeed (a Given): deleting a token, typing DELETE, is AP-TOKEN-02's behaviour. */
export const EnsureDeletedToken = (ctx: ScenarioContext, name: string): Task =>
  task(`delete the ${name} access token`, async (actor) => {
    await actor.attemptsTo(DeleteToken(ctx, name, 'DELETE'));
    const reply = admin(actor).last!;
    if (reply.status !== 204 && reply.status !== 200) adminExpect(reply, 204, `deleting the ${name} access token`);
  }, 'AP-TOKEN-02');

/** Moves only this scenario's tenant's clock, so other scenarios running in parallel keep their time. */
export const AdvanceTenantClock = (ctx: ScenarioContext, days: number): Task =>
  task(`advance the tenant's clock by ${days} days`, async (actor) => {
    const reply = await admin(actor).advanceClock(`P${days}D`, ownTenant(ctx).tenant.id);
    adminExpect(reply, 200, `advancing the tenant's clock by ${days} days`);
  });

// ---- the client on an own tenant -----------------------------------------------------------------------

/** Point the actor's SCIM calls at the current own tenant with one of its tokens. */
export const ConnectWith = (ctx: ScenarioContext, tokenName: string): Task =>
  task(`connect to the tenant with the ${tokenName} access token`, async (actor) => {
    const t = ownTenant(ctx);
    const token = tokenNamed(ctx, tokenName);
    actor.abilityTo(CallScim).use({ base: t.scimBase, token: token.token, tenantId: t.tenant.id });
  });

/** Point the actor's SCIM calls at the n-th own tenant with its first token. */
export const ConnectToTenant = (ctx: ScenarioContext, which: string): Task =>
  task(`connect to the ${which} tenant`, async (actor) => {
    const t = ownTenant(ctx, which);
    const token = t.tokens.find((s) => s.deletedAt === undefined);
    if (!token) throw new Error(`the ${which} tenant has no access token left`);
    actor.abilityTo(CallScim).use({ base: t.scimBase, token: token.token, tenantId: t.tenant.id });
  });

/** What an IdP's "Test connection" sends: a lookup of a user name known not to exist. */
export function probeCall(base: string, token: string | null) {
  return { method: 'GET', path: `${base}/Users`, query: { filter: 'userName eq "conformance-probe@example.com"' }, token };
}

/**
 * A provisioning client that keeps working while the admin rotates tokens: one request at a time, each
 * with whatever token the actor's CallScim holds when it starts (as an IdP reads its stored secret).
 */
export class ProvisioningLoop {
  readonly replies: ScimReply[] = [];
  private running = true;
  private inFlight: Promise<unknown> = Promise.resolve();
  private done!: Promise<void>;
  private n = 0;

  constructor(private readonly ctx: ScenarioContext, private readonly actor: Actor) {}

  start(): void {
    this.done = (async () => {
      while (this.running && this.n < 500) {
        const p = this.createOne();
        this.inFlight = p;
        await p;
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
  }

  /**
   * A create the IdP had queued with an older secret before it switched, arriving after the connection test:
   * IdPs send in parallel, so such a request can reach the SP after the new token's first use.
   */
  sendQueuedWith(token: string): Promise<void> { return this.createOne(token); }

  /** One create, with the ability's current token unless one is given; its reply joins the ones judged. */
  private async createOne(token?: string): Promise<void> {
    const scim = this.actor.abilityTo(CallScim);
    this.n += 1;
    const body = userPayload(this.ctx.person(`rotation ${this.n}`));
    const reply = await scim.send({ method: 'POST', path: '/Users', body, ...(token ? { token } : {}) });
    this.replies.push(reply);
    const id = succeeded(reply) ? createdId(reply) : undefined;
    if (id) scim.forget(id); // the tenant goes with the scenario
  }

  /** Wait for the request being sent right now (requests started with an old token finish first). */
  settle(): Promise<unknown> { return this.inFlight.catch(() => undefined); }

  async stop(): Promise<void> { this.running = false; await this.done; }
}

const loops = new WeakMap<Actor, ProvisioningLoop>();
export function loopOf(actor: Actor): ProvisioningLoop {
  const l = loops.get(actor);
  if (!l) throw new Error(`${actor.name} is not provisioning continuously in this scenario`);
  return l;
}

export const ProvisionContinuously = (ctx: ScenarioContext): Task =>
  task('keep provisioning users', async (actor) => {
    const loop = new ProvisioningLoop(ctx, actor);
    loops.set(actor, loop);
    loop.start();
    // let a few requests go through with the current token before anything changes
    while (loop.replies.length < 3) await new Promise((r) => setTimeout(r, 2));
  });

/** The IdP side of a rotation: store the new secret, then test the connection with it. */
export const SwitchToTokenAndTest = (ctx: ScenarioContext, tokenName: string): Task =>
  task(`switch to the ${tokenName} access token and test the connection`, async (actor) => {
    await actor.attemptsTo(ConnectWith(ctx, tokenName));
    const loop = loops.get(actor);
    if (loop) await loop.settle();
    // the reply is kept here: the loop's requests also land in the ability's "last reply"
    const reply = await actor.abilityTo(CallScim).send(probeCall(ownTenant(ctx).scimBase, tokenNamed(ctx, tokenName).token));
    if (reply.status !== 200) throw new ExpectationFailed(brief(`${said(reply)} to the connection test with the ${tokenName} access token (GET /Users?filter=…), expected 200`));
  });

/** The request an IdP queued with the old secret before the switch arrives now, after the new token's first use. */
export const QueuedRequestArrives = (ctx: ScenarioContext, tokenName: string): Task =>
  task(`send a provisioning request queued with the ${tokenName} access token`, async (actor) => {
    await loopOf(actor).sendQueuedWith(tokenNamed(ctx, tokenName).token);
  });

// ---- users the AP section refuses ----------------------------------------------------------------------

type Body = Record<string, any>;
interface Variation {
  re: RegExp; apply: (body: Body, ctx: ScenarioContext, actor: Actor, m: RegExpExecArray) => void;
  /** The row whose rule refuses a user so made: another row's scenario that needs the refusal is BLOCKED by it. */
  refusedBy?: string;
}

const CHAR_NAMES: Record<string, string> = { 'a tab': '\t', 'a line feed': '\n', 'a carriage return': '\r' };
export function charNamed(text: string): string {
  const named = CHAR_NAMES[text];
  if (named) return named;
  const m = /^"(.+)"$/.exec(text);
  if (m) return m[1]!;
  throw new Error(`unknown character ${text}: write it quoted ("<") or as ${Object.keys(CHAR_NAMES).join(', ')}`);
}

/** Attribute paths as the steps write them → where they live in a user body. */
export function setAttribute(body: Body, path: string, value: string): void {
  const [head, sub] = path.split('.');
  if (head === 'name') { body.name = { ...(body.name ?? {}), [sub!]: value }; return; }
  if (head === 'addresses') {
    const address = body.addresses?.[0] ?? { type: 'work', streetAddress: '1 Main Street', locality: 'Springfield', region: 'IL', postalCode: '62701', country: 'US', primary: true };
    body.addresses = [{ ...address, [sub!]: value }];
    return;
  }
  if (head === 'emails') { body.emails = [{ ...body.emails[0], [sub ?? 'value']: value }]; return; }
  if (head === 'phoneNumbers') { body.phoneNumbers = [{ type: 'work', primary: true, ...(body.phoneNumbers?.[0] ?? {}), [sub ?? 'value']: value }]; return; }
  if (head === 'enterprise') {
    body.schemas = [...body.schemas, ENTERPRISE_SCHEMA];
    body[ENTERPRISE_SCHEMA] = { ...(body[ENTERPRISE_SCHEMA] ?? {}), [sub!]: value };
    return;
  }
  body[head!] = value;
}

const address = (type: string, street: string, primary: boolean) =>
  ({ type, streetAddress: street, locality: 'Springfield', region: 'IL', postalCode: '62701', country: 'US', primary });

const VARIATIONS: Variation[] = [
  // AP-USER-01: the four values AWS needs
  { refusedBy: 'AP-USER-01', re: /^without a given name$/, apply: (b) => { delete b.name.givenName; } },
  { refusedBy: 'AP-USER-01', re: /^without a family name$/, apply: (b) => { delete b.name.familyName; } },
  { refusedBy: 'AP-USER-01', re: /^without a user name$/, apply: (b) => { delete b.userName; } },
  { refusedBy: 'AP-USER-01', re: /^without a display name$/, apply: (b) => { delete b.displayName; } },
  { refusedBy: 'AP-USER-01', re: /^without any name$/, apply: (b) => { delete b.name; } },
  // AP-USER-02: the email AWS treats as the sign-in address must be marked primary
  { refusedBy: 'AP-USER-02', re: /^with an email marked not primary$/, apply: (b) => { b.emails = [{ ...b.emails[0], primary: false }]; } },
  { refusedBy: 'AP-USER-02', re: /^with an email carrying no primary flag$/, apply: (b) => { const { primary: _p, ...rest } = b.emails[0]; b.emails = [rest]; } },
  { re: /^with the same value as user name and primary email$/, apply: (b) => { b.emails = [{ ...b.emails[0], value: b.userName }]; } },
  // AP-USER-03: one value per multi-valued attribute
  { refusedBy: 'AP-USER-03', re: /^with two emails$/, apply: (b, ctx) => { b.emails = [...b.emails, { value: `other.${ctx.unique()}@example.com`, type: 'home', primary: false }]; } },
  { refusedBy: 'AP-USER-03', re: /^with two phone numbers$/, apply: (b) => { b.phoneNumbers = [{ value: '+1 555 0100', type: 'work', primary: true }, { value: '+1 555 0199', type: 'mobile' }]; } },
  { refusedBy: 'AP-USER-03', re: /^with two addresses$/, apply: (b) => { b.addresses = [address('work', '1 Main Street', true), address('home', '2 Elm Street', false)]; } },
  { refusedBy: 'AP-USER-03', re: /^with two roles$/, apply: (b) => { b.roles = [{ value: 'engineer', type: 'job', primary: true }, { value: 'manager', type: 'job' }]; } },
  { re: /^with one email, one phone number, one address and one role$/, apply: (b) => {
    b.phoneNumbers = [{ value: '+1 555 0100', type: 'work', primary: true }];
    b.addresses = [address('work', '1 Main Street', true)];
    b.roles = [{ value: 'engineer', type: 'job', primary: true }];
  } },
  // OKTA-ENT-01: AWS does not take entitlements (AWS's Okta guide: they are not synced)
  { refusedBy: 'OKTA-ENT-01', re: /^with an entitlement$/, apply: (b) => { b.entitlements = [{ value: 'billing-admin', type: 'app', primary: true }]; } },
  // AP-USER-06: unique user names and primary emails
  { refusedBy: 'AP-USER-06', re: /^with the primary email of "([^"]+)"$/, apply: (b, ctx, _a, m) => { b.emails = [{ ...b.emails[0], value: ctx.person(m[1]!).email }]; } },
  { refusedBy: 'AP-USER-06', re: /^with the user name of "([^"]+)"$/, apply: (b, ctx, _a, m) => { b.userName = ctx.person(m[1]!).userName; } },
  // AWS-CHARS-01
  { refusedBy: 'AWS-CHARS-01', re: /^whose (\S+) contains (a tab|a line feed|a carriage return|"[^"]+")$/, apply: (b, _c, _a, m) => {
    const ch = charNamed(m[2]!);
    const path = m[1]!;
    const current = readAttribute(b, path) ?? 'Value';
    // keep the rest of the value ordinary, the character in the middle of it
    const mid = Math.max(1, Math.floor(current.length / 2));
    setAttribute(b, path, `${current.slice(0, mid)}${ch}${current.slice(mid)}`);
  } },
  { refusedBy: 'AWS-CHARS-01', re: /^whose (\S+) is the empty string$/, apply: (b, _c, _a, m) => { setAttribute(b, m[1]!, ''); } },
  // helpers for other scenarios
  { re: /^with the title "([^"]+)"$/, apply: (b, _c, _a, m) => { b.title = m[1]; } },
  { re: /^managed by "([^"]+)"$/, apply: (b, _c, actor, m) => {
    const id = actor.abilityTo(CallScim).ids.get(m[1]!);
    if (!id) throw new Error(`no user "${m[1]}" was created in this scenario to be a manager`);
    b.schemas = [...b.schemas, ENTERPRISE_SCHEMA];
    b[ENTERPRISE_SCHEMA] = { manager: { value: id } };
  } },
];

export function readAttribute(body: Body, path: string): string | undefined {
  const [head, sub] = path.split('.');
  if (head === 'name') return body.name?.[sub!];
  if (head === 'addresses') return body.addresses?.[0]?.[sub!] ?? ({ streetAddress: '1 Main Street', locality: 'Springfield', region: 'IL', postalCode: '62701', country: 'US', formatted: '1 Main Street, Springfield' } as Record<string, string>)[sub!];
  if (head === 'emails') return body.emails?.[0]?.[sub ?? 'value'];
  const v = body[head!];
  return typeof v === 'string' ? v : ({ nickName: 'Ada', title: 'Engineer', userType: 'Employee', preferredLanguage: 'en-US', locale: 'en-US', timezone: 'America/Chicago', profileUrl: 'https://example.com/ada' } as Record<string, string>)[head!];
}

export function variationNamed(text: string): { change: (body: Body, ctx: ScenarioContext, actor: Actor) => void; refusedBy?: string } {
  for (const v of VARIATIONS) {
    const m = v.re.exec(text);
    if (m) return { change: (body, ctx, actor) => v.apply(body, ctx, actor, m), refusedBy: v.refusedBy };
  }
  throw new Error(`no user variation is defined for "${text}" (support/screenplay/tasks/provisioning.ts)`);
}

const REFUSED_BY = 'refused by';

/** The actor's last request is refused by `owner`'s rule: a scenario of another row that needs the refusal is BLOCKED by it. */
export function noteRefusalOwner(actor: Actor, owner: string): void {
  actor.remember(REFUSED_BY, { reply: actor.abilityTo(CallScim).lastReply(), owner });
}

/** The row whose rule refuses the request that gave this reply, when a task named one. */
export function refusalOwner(actor: Actor, reply: ScimReply): string | undefined {
  if (!actor.recalls(REFUSED_BY)) return undefined;
  const noted = actor.recall<{ reply: ScimReply; owner: string }>(REFUSED_BY);
  return noted.reply === reply ? noted.owner : undefined;
}

/** What was last sent for an alias, so "nothing is stored" can look for it under the values really sent. */
export interface SentUser { userName?: unknown; externalId?: unknown }

export const CreateUserVaried = (ctx: ScenarioContext, alias: string, variation: string): Task =>
  task(`create the user "${alias}" ${variation}`, async (actor) => {
    const { change, refusedBy } = variationNamed(variation);
    let sent: Body = {};
    await actor.attemptsTo(CreateUser.named(ctx, alias, (body) => { change(body, ctx, actor); sent = body; }));
    actor.remember(`sent user ${alias}`, { userName: sent.userName, externalId: sent.externalId } satisfies SentUser);
    if (refusedBy) noteRefusalOwner(actor, refusedBy);
  });

/** Setup: a user with a variation the profile accepts (any 2xx with an id; owned by RFC-CREATE-01). */
export const EnsureUserVaried = (ctx: ScenarioContext, alias: string, variation: string): Task =>
  task(`make sure the user "${alias}" exists ${variation}`, async (actor) => {
    await actor.attemptsTo(CreateUserVaried(ctx, alias, variation));
    expectSetupDone(actor.abilityTo(CallScim).lastReply(), `creating the user "${alias}" ${variation}`, true);
  }, 'RFC-CREATE-01');
