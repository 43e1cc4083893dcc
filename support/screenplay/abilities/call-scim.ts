// The ability to send SCIM requests to the target's endpoint, remembering what it created so the
// scenario can clean up after itself, and the last reply so questions can examine it.
import type { Ability } from '../actor.js';
import { ScimClient, type ScimCall, type ScimReply } from '../../scim/client.js';
import { RunInterrupted, type ScenarioContext } from '../context.js';
import { createdId, resourcePath } from '../../scim/paths.js';
import { readPace } from '../../scim/read-pace.js';
import { nextCursorOf } from '../../scim/expectations.js';
import { declaredOnly, isPlainObject } from '../../scim/declared.js';
import { traitsOf } from '../tasks/rfc-traits.js';

/** `/Users/<id>` or `/Groups/<id>`: the resource type and its id, still encoded. */
const RESOURCE_PATH = /^\/?(Users|Groups)\/([^/?]+)$/;

/** A request that changes nothing: a GET, or a POST of a SearchRequest (RFC 7644 §3.4.3). */
const isRead = (call: ScimCall): boolean => call.method === 'GET' || (call.method === 'POST' && /\/\.search$/.test(call.path));

export interface Endpoint { base: string; token?: string; secondToken?: string; tenantId?: string }

export class CallScim implements Ability {
  private client!: ScimClient;
  private endpoint!: Endpoint;
  private readonly created = new Map<string, 'Users' | 'Groups'>();
  last?: ScimReply;
  /** How to repeat the read that gave a reply (its request, or the read task that named itself); none for a write's. */
  private readonly repeats = new WeakMap<ScimReply, () => Promise<unknown>>();
  /** Aliases to SP ids: "ada" → "8f1c…". */
  readonly ids = new Map<string, string>();
  /**
   * By resource id, the meta of the answer to this actor's last accepted write of it: the state a later read of it
   * should show, where the SP's reads lag (rfc-state.ts). None after a write answered without one, or a delete.
   */
  readonly written = new Map<string, { version?: unknown; lastModified?: unknown }>();

  constructor(private readonly ctx: ScenarioContext, private readonly actorName: string, endpoint: Endpoint, private readonly userAgent?: string) {
    this.use(endpoint);
  }

  static at(ctx: ScenarioContext, actorName: string): CallScim {
    return new CallScim(ctx, actorName, { base: ctx.target.scimBase, token: ctx.secrets.token, secondToken: ctx.secrets.secondToken, tenantId: ctx.target.tenantId });
  }

  /** Point at another endpoint (a tenant made for this scenario, or a rotated token). */
  use(endpoint: Endpoint): void {
    this.endpoint = endpoint;
    this.ctx.redactor.add(endpoint.token);
    this.ctx.redactor.add(endpoint.secondToken);
    this.ctx.rememberToken(endpoint.base, endpoint.token);
    this.client = new ScimClient({ baseUrl: endpoint.base, token: endpoint.token, timeoutMs: this.ctx.run.timeoutMs,
      redactor: this.ctx.redactor, actor: this.actorName, record: this.ctx.record, userAgent: this.userAgent, busyDeadline: () => this.ctx.busyDeadline });
  }

  get current(): Endpoint { return this.endpoint; }

  async send(call: ScimCall): Promise<ScimReply> {
    // Ctrl-C: nothing new is sent; the After hook still cleans up (cleanup mode)
    if (this.ctx.interrupted && !this.client.cleanupMode) throw new RunInterrupted();
    call = withStartIndexWhereNeeded(call, this.ctx);
    call = withDeclaredUserAttributes(call, this.ctx);
    let reply = await this.client.send(call);
    if (call.method === 'GET' && !reply.failure && reply.status === 404 && this.madeAndKept(call.path)) reply = await this.readPastInsert(call, reply);
    this.last = reply;
    if (isRead(call)) this.repeats.set(reply, () => this.send(call));
    // whatever a create left behind is deleted after the scenario, whatever status the SP chose for it
    const id = call.method === 'POST' && /^\/?(Users|Groups)\/?$/.test(call.path) && !reply.failure && reply.status >= 200 && reply.status < 300
      ? createdId(reply) : undefined;
    if (id) this.created.set(id, call.path.includes('Users') ? 'Users' : 'Groups');
    if (!isRead(call) && !reply.failure && reply.status >= 200 && reply.status < 300) this.noteWritten(call, reply);
    return reply;
  }

  /** Whether a GET path names a user or group this scenario created (any actor, the IdPs too) and has not deleted. */
  private madeAndKept(path: string): boolean {
    const m = RESOURCE_PATH.exec(path);
    if (!m) return false;
    const id = decodeURIComponent(m[2]!);
    for (const e of this.ctx.created.live.values()) if (e.kind === m[1] && e.id === id) return true;
    return false;
  }

  /**
   * A resource the scenario made and never deleted, answered 404: a replica that has not seen the insert yet
   * (RFC 7644 promises no read-your-writes). Read again at the settle pace until it answers otherwise, or the settle
   * time is spent; every read is in the transcript. A 404 after the scenario's DELETE, or for an id it never made,
   * is no such case and is judged at once (RFC 7644 §3.6), so a prompt SP pays nothing.
   */
  private async readPastInsert(call: ScimCall, first: ScimReply): Promise<ScimReply> {
    const pace = readPace(this.ctx.run.settleMs, () => this.ctx.interrupted);
    let reply = first;
    while (reply.status === 404 && !reply.failure && await pace.next()) reply = await this.client.send(call);
    if (reply.status !== 404) {
      this.ctx.notes.push(`${call.method} ${call.path}: the resource this scenario created answered 404 for ${pace.waited()} ms after its create. RFC 7644 `
        + 'promises no read-your-writes, but a client that reads straight after creating (an IdP\'s read before an update) would miss it');
    }
    return reply;
  }

  private noteWritten(call: ScimCall, reply: ScimReply): void {
    const target = RESOURCE_PATH.exec(call.path)?.[2];
    if (target !== undefined) this.written.delete(decodeURIComponent(target));
    const meta = reply.body?.meta;
    if (call.method !== 'DELETE' && typeof reply.body?.id === 'string' && meta && typeof meta === 'object') {
      this.written.set(reply.body.id, { version: meta.version ?? reply.headers.etag, lastModified: meta.lastModified });
    }
  }

  /**
   * A list's answer, and the pages after it while they held fewer resources than totalResults: an SP may page by
   * a size of its own ("the maximum number of results is set by the service provider", RFC 7644 §3.4.2.4). At
   * most `maxPages` further pages are read; `last` is the last page read.
   */
  async sendAllPages(call: Omit<ScimCall, 'query'> & { query?: Record<string, string | number | undefined> }, maxPages = 10): Promise<{ first: ScimReply; more: ScimReply[] }> {
    const first = await this.send(call);
    const more: ScimReply[] = [];
    const count = (r: ScimReply) => (Array.isArray(r.body?.Resources) ? r.body.Resources.length : 0);
    let seen = count(first);
    // an SP that pages by cursor names the next page with nextCursor until the last (RFC 9865 §2, §2.3)
    let cursor = nextCursorOf(first);
    while (first.status === 200 && seen > 0 && (cursor !== undefined || seen < Number(first.body?.totalResults)) && more.length < maxPages) {
      const { startIndex: _index, ...query } = call.query ?? {};
      const next = await this.send({ ...call, query: cursor !== undefined ? { ...query, cursor } : { ...query, startIndex: seen + 1 } });
      more.push(next);
      if (next.status !== 200 || count(next) === 0) break;
      seen += count(next);
      if (cursor !== undefined && (cursor = nextCursorOf(next, cursor)) === undefined) break; // the last page, or a cursor that does not move
    }
    return { first, more };
  }

  /** A task of several reads names itself, after them, as what repeats them (see settle.ts). */
  readsBy(again: () => Promise<unknown>): void { if (this.last) this.repeats.set(this.last, again); }

  /**
   * What repeats the read that gave the last reply (a question that sets `last` back restores it too); none when
   * the last reply answered a write. The reply it leaves as `last` is repeatable the same way.
   */
  repeatable(): (() => Promise<void>) | undefined {
    const again = this.last && this.repeats.get(this.last);
    return again && (async () => { await again(); this.readsBy(again); });
  }

  forget(id: string): void { this.created.delete(id); }
  track(id: string, type: 'Users' | 'Groups'): void { this.created.set(id, type); }

  lastReply(): ScimReply {
    if (!this.last) throw new Error(`${this.actorName} has not sent a request yet`);
    return this.last;
  }

  async discard(): Promise<void> {
    this.client.cleanupMode = true;
    // groups first, so deleting users does not have to touch memberships twice
    const order = [...this.created].sort(([, a], [, b]) => (a === b ? 0 : a === 'Groups' ? -1 : 1));
    try {
      for (const [id, type] of order) {
        try { await this.client.send({ method: 'DELETE', path: resourcePath(type, id) }); } catch { /* the After hook's sweep tries again */ }
      }
    } finally {
      this.created.clear();
    }
  }
}

/**
 * On an SP the capability probe saw refuse a list without startIndex (OPTIONAL, its default 1: RFC 7644 §3.4.2.4), a
 * GET of a list carries startIndex=1, so a row that only reads a list (a filter, a sort, a shape) is judged on its own
 * matter. The omission is RFC-PAGE-01's finding, whose check sends none on purpose (`withoutStartIndex`).
 */
function withStartIndexWhereNeeded(call: ScimCall, ctx: ScenarioContext): ScimCall {
  if (call.method !== 'GET' || call.withoutStartIndex || !ctx.target.capabilities.served?.listNeedsStartIndex) return call;
  if (!/^\/?(Users|Groups)\/?$/.test(call.path) || typeof call.query === 'string') return call;
  const keys = Object.keys(call.query ?? {}).map((k) => k.toLowerCase());
  return keys.includes('startindex') || keys.includes('cursor') ? call : { ...call, query: { ...call.query, startIndex: 1 } };
}

/**
 * Under rfc, where the capability probe read the SP's /Schemas: a user the suite writes (a create, a PUT, a Bulk
 * POST's data) carries no optional attribute /Schemas leaves out, nor an extension it does not describe. An SP may
 * refuse one as "not compatible with ... resource schema" (RFC 7644 §3.12), as an SDK that checks a request against
 * its schema does, while no row judges what the suite's plain user carries beyond what /Schemas declares (the
 * checks read back only what it does: users.ts `userAttributeDeclared`). Rows judge userName, password, id,
 * externalId and meta whatever /Schemas says, so those stay.
 */
function withDeclaredUserAttributes(call: ScimCall, ctx: ScenarioContext): ScimCall {
  const declared = traitsOf(ctx.profile).userAttributesOptional ? ctx.target.capabilities.served?.userAttributes : undefined;
  if (!declared || !isPlainObject(call.body)) return call;
  if ((call.method === 'POST' && /^\/?Users\/?$/.test(call.path)) || (call.method === 'PUT' && RESOURCE_PATH.exec(call.path)?.[1] === 'Users')) {
    return { ...call, body: declaredOnly(call.body, declared) };
  }
  const ops = (call.body as { Operations?: unknown }).Operations;
  if (call.method === 'POST' && /^\/?Bulk\/?$/.test(call.path) && Array.isArray(ops)) {
    const users = (op: any) => /^\/?Users(\/|$)/.test(String(op?.path ?? '')) && isPlainObject(op?.data);
    return { ...call, body: { ...call.body, Operations: ops.map((op) => (users(op) ? { ...op, data: declaredOnly(op.data, declared) } : op)) } };
  }
  return call;
}

