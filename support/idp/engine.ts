// THE interpreter of dialect profiles: turns directory changes and admin actions into exactly the requests
// the profile describes, on the profile's schedule (event-driven pushes or sync cycles on the IdP clock),
// with its retry policy (429 + Retry-After, Okta tasks, Entra escrow and quarantine, OneLogin events) and
// its own log lines. It never branches on a vendor: every difference is a field of the profile.
import { readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Faker } from '@faker-js/faker';
import { requestPath, type Exchange, type Redactor } from '../scim/exchange.js';
import { sendRaw, type RawReply } from '../scim/raw-transport.js';
import { retryAfterMs } from '../scim/transport.js';
import { ABSENT_ENDPOINT, createdId, plainWriteRow, serverFailed } from '../scim/paths.js';
import { sameIgnoringCase } from '../scim/values.js';
import { INJECTED_HEADER } from './throttle-proxy.js';
import { plainWriteOwner, type AttributeMapping, type Behaviour, type DialectProfile, type LogEvent, type RequestTemplate, type TemplateVariation, type UserStateChange } from './profile.js';
import { Directory, type DirectoryGroup, type DirectoryUser } from './directory.js';
import { IdpClock, durationMs } from './clock.js';
import { fillJson, fillPath, fillText, fillVendorTemplate, type Vars } from './template.js';
import { deepMerge, isFiltered, mapValues, setPath, subjectOf, toScim, type Flat } from './mapping.js';

export interface IdpLogEntry { at: string; vendor: string; level: 'info' | 'warning' | 'error'; message: string }

export interface EngineOptions {
  profile: DialectProfile;
  redactor: Redactor;
  faker: Faker;
  timeoutMs?: number;
  directory?: Directory;
  clock?: IdpClock;
  /** Every exchange (the scenario's transcript). */
  record?: (exchange: Exchange) => void;
  /** Every vendor log line (the scenario's idpLog). */
  log?: (entry: IdpLogEntry) => void;
  /** Actor name in transcripts; defaults to "<vendor> (<id>)". */
  actor?: string;
  /**
   * The harness's, never the IdP's: called before the engine acts by id on a user or group made before this push or
   * cycle (by an earlier one, or by whoever made the user its lookup just linked). A real IdP's next push or cycle
   * comes minutes after the last; the simulation runs it at once, so the harness may let that time pass here for an
   * SP that shows a new resource late. Sends nothing as the IdP: its wire stays the real IdP's.
   */
  beforeActingOn?: (kind: 'Users' | 'Groups', id: string) => Promise<void>;
  /** Real time waited at most for one Retry-After an SP sent (the IdP clock moves by the full value); the request timeout by default. */
  maxRealWaitMs?: number;
  /** Epoch ms after which the cleanup stops waiting out a busy SP (the scenario's hook has a step's time limit). */
  busyDeadline?: () => number | undefined;
  /**
   * The harness's knowledge of the target: false where it serves no PATCH (the capability probe), so a 501 or 405 to a
   * PATCH refuses PATCH itself, not what this one carried. Absent: not known, and such a refusal is the request's own.
   */
  patchServed?: boolean;
}

export interface UserState {
  id?: string;
  /** What was last sent: the mapped values and the rendered template text. */
  sent?: Flat;
  sentText?: string;
  active?: boolean;
  deleted?: boolean;
  failures: number;
  retryAtCycle?: number;
  createdByUs?: boolean;
}

export interface GroupState { id?: string; displayName?: string; members: Set<string>; failures: number; retryAtCycle?: number; createdByUs?: boolean; status?: string }

/**
 * The SP's answer to the last request of one behaviour for one user or group: what the tasks that judge a
 * scenario's setup read to say who owns a refusal (the dialect's `owners`, or the scenario's own variation).
 */
export interface Outcome {
  kind: 'user' | 'group';
  key: string;
  behaviour: Behaviour;
  ok: boolean;
  status: number;
  /** The SP's own words: body.detail (or the transport failure). */
  detail?: string;
  /** "POST /Users", the path as sent below the base URL. */
  request: string;
  /** The row that owns this request, or rows asked in turn (`A|B`: the plainest write's first for a server failure). */
  owner?: string;
  /** The SP failed the request whatever it carried: a 5xx but 501, or a 501 or 405 to a PATCH where it serves none. */
  serverSide?: true;
  /** A membership change that also carried the dialect's rename (Okta OIN): whose refusal it was needs asking. */
  carriesMembership?: boolean;
  /** Not the SP's doing: answered by the suite's throttling proxy, or sent with a token the scenario made wrong. */
  injected: boolean;
  /** What the body carried, when it came from the admin's template variation. */
  carries?: string;
  /** The request as sent (its path below the base URL and its body), for a diagnosis of its refusal. */
  sent?: { method: RequestTemplate['method']; path: string; body?: string };
  seq: number;
}

/** 501 Not Implemented or 405 Method Not Allowed: the SP refuses the request's method, not what it carried. */
const refusesMethod = (status: number): boolean => status === 501 || status === 405;

export interface FailedJob { id: number; kind: 'user' | 'group'; key: string; action: string; message: string }
export interface PendingAction { key: string; action: 'create' | 'update' | 'delete' }

type Action = 'create' | 'update' | 'delete';

const PAYLOAD_DIR = fileURLToPath(new URL('../../fixtures/payloads/', import.meta.url));

/** A vendor's text template, read once: a big sync renders it for every user (payload files never change at run time). */
const templateTexts = new Map<string, string>();
function vendorTemplate(file: string): string {
  let text = templateTexts.get(file);
  if (text === undefined) { text = readFileSync(`${PAYLOAD_DIR}${file}`, 'utf8'); templateTexts.set(file, text); }
  return text;
}

export class ProvisioningEngine {
  readonly profile: DialectProfile;
  readonly directory: Directory;
  readonly clock: IdpClock;
  readonly actorName: string;
  /** Requests this engine sent for the IdP (cleanup excluded). */
  readonly exchanges: Exchange[] = [];
  /** The IdP clock's time (ms) when each of `exchanges` was sent: waits the simulation took on that clock show here. */
  readonly exchangeClock: number[] = [];
  readonly logLines: IdpLogEntry[] = [];
  readonly tasks: FailedJob[] = [];
  readonly pending: PendingAction[] = [];
  readonly users = new Map<string, UserState>();
  readonly groups = new Map<string, GroupState>();
  /** The editable mapping table (Entra's Attribute Mapping page). */
  userMappings: AttributeMapping[];
  baseUrl?: string;
  private token?: string;
  /** headersFor's lists, filled with the token they were filled with. */
  /** Whether the dialect's createExtras template asks for a password (read once). */
  private extrasNeedPassword?: boolean;
  private filledHeaders?: { token?: string; withBody: [string, string][]; withoutBody: [string, string][] };
  provisioningOn: boolean;
  readonly actions = { create: true, update: true, delete: true };
  readonly approval: { create: boolean; update: boolean; delete: boolean };
  /** OneLogin: Parameters > Groups > "Include in User Provisioning". */
  includeGroupsInProvisioning = false;
  quarantined = false;
  cycleNo = 0;
  nextCycleAt?: Date;
  private jobCounter = 0;
  private calls = 0;
  private failures = 0;
  /** The last cycle's calls to the SP, and how many of them failed (what quarantine is decided on). */
  get lastCycleCalls(): { calls: number; failed: number } { return { calls: this.calls, failed: this.failures }; }
  private approvedOnce = new Set<string>();
  private cleanupMode = false;
  /** The last outcome of each behaviour for each user and group (see Outcome). */
  readonly outcomes = new Map<string, Outcome>();
  private outcomeSeq = 0;
  /** The admin's variation of the text template in use (profile.user.templateVariations), if any. */
  templateVariation?: { name: string } & TemplateVariation;
  /** The token was made wrong on purpose: refusals meanwhile are the scenario's doing, not the SP's. */
  tokenWrongOnPurpose = false;

  constructor(private readonly options: EngineOptions) {
    this.profile = options.profile;
    this.directory = options.directory ?? new Directory();
    this.clock = options.clock ?? new IdpClock();
    this.actorName = options.actor ?? `${this.profile.vendor} (${this.profile.id})`;
    this.userMappings = this.profile.mappings.user.map((m) => ({ ...m }));
    this.approval = { ...(this.profile.sync.approval ?? { create: false, update: false, delete: false }) };
    this.provisioningOn = this.profile.sync.trigger === 'event';
    this.includeGroupsInProvisioning = this.profile.group.model !== 'roles';
  }

  // ---- configuration and console -------------------------------------------------------------------

  /** Pastes the base URL and token into the app's form; the form may refuse the URL (Okta's pattern). */
  configure(baseUrl: string, token: string, wrongOnPurpose = false): { ok: boolean; message?: string } {
    this.options.redactor.add(token);
    this.tokenWrongOnPurpose = wrongOnPurpose;
    if (this.profile.connection.refuseTrailingSlash && baseUrl.endsWith('/')) {
      const message = this.profile.connection.refuseTrailingSlash;
      this.note('error', 'warning', { detail: message });
      return { ok: false, message };
    }
    this.baseUrl = baseUrl;
    this.token = token;
    this.connectedBase = baseUrl;
    return { ok: true };
  }

  get configured(): boolean { return this.baseUrl !== undefined; }

  /** The base URL the admin configured (the SP's, even when the throttling proxy stands in front of it). */
  connectedBase?: string;

  /** Where and with which token this IdP reaches the SP, for whoever reads back what it provisioned. */
  get endpoint(): { base: string; token?: string } | undefined {
    return this.connectedBase ? { base: this.connectedBase, token: this.token } : undefined;
  }

  /**
   * Okta "Test API Credentials", Entra "Test Connection", OneLogin "API Connection → Enable". `message`: what the vendor's console shows (Entra's names credentials whatever failed); `answer`, on a failure: the
   * SP's answer and the request it answered, which a report puts first.
   */
  async testConnection(): Promise<{ ok: boolean; message: string; answer?: string }> {
    let detail = '';
    for (const probe of this.profile.connection.probe) {
      // a throttled SP is no failed test: the probe backs off on 429 like every request of the dialect
      const reply = await this.request(probe, this.vars({}), {});
      if (probe.absentEndpointOk && !reply.failure && ABSENT_ENDPOINT.has(reply.status)) continue;
      if (!this.profile.connection.okStatuses.includes(reply.status) || reply.failure) {
        detail = reply.failure ?? `${reply.status} ${STATUS_CODES[reply.status] ?? ''}`.trim() + (detailOf(reply) ? `: ${detailOf(reply)}` : '');
        const message = fillText(this.profile.connection.failMessage, { detail, app: this.profile.appName }, '%20');
        this.note('error', 'connectionFailed', { detail });
        const request = `${probe.method} ${requestPath(reply.exchange.request.url)}`;
        return { ok: false, message, answer: `the SP answered ${reply.failure ? `nothing (${reply.failure})` : detail} to ${request}` };
      }
    }
    const message = fillText(this.profile.connection.okMessage, { app: this.profile.appName }, '%20');
    this.note('info', 'connectionOk', {});
    return { ok: true, message };
  }

  /** Entra's Provisioning Status On/Off. On: the initial cycle runs at once. */
  async setProvisioning(on: boolean): Promise<void> {
    const was = this.provisioningOn;
    this.provisioningOn = on;
    if (on && !was && this.profile.sync.trigger === 'cycle') {
      await this.runCycle();
    }
  }

  deleteMapping(matcher: string): void {
    const before = this.userMappings.length;
    this.userMappings = this.userMappings.filter((m) => m.source !== matcher && m.target !== matcher);
    if (this.userMappings.length === before) throw new Error(`${this.profile.vendor} has no attribute mapping for "${matcher}"`);
  }

  setMappingSource(target: string, source: string): void {
    const m = this.userMappings.find((x) => x.target === target || x.source === target);
    if (!m) throw new Error(`${this.profile.vendor} has no attribute mapping for "${target}"`);
    m.source = source; delete m.constant; delete m.join;
  }

  /** The admin edits the SCIM JSON Template into one of the profile's named variations. */
  useTemplateVariation(name: string): void {
    const v = this.profile.user.templateVariations?.[name];
    if (!v) throw new Error(`${this.profile.vendor} (${this.profile.id}) has no template variation "${name}" (known: ${Object.keys(this.profile.user.templateVariations ?? {}).join(', ') || 'none'})`);
    this.templateVariation = { name, ...v };
  }

  // ---- directory changes (admin actions); event-driven dialects push at once -------------------------

  async changed(userKeys: string[], groupKeys: string[] = []): Promise<void> {
    if (this.profile.sync.trigger !== 'event' || !this.provisioningOn || !this.configured) return;
    for (const k of userKeys) await this.reconcileUser(k);
    const groups = new Set(groupKeys);
    for (const g of this.directory.groupsOfAny(userKeys)) groups.add(g);
    for (const g of groups) await this.reconcileGroup(g);
  }

  // ---- the clock and cycles -------------------------------------------------------------------------

  /** Moves the IdP clock; every cycle that falls due runs at its time. */
  async advance(duration: string): Promise<void> {
    const target = this.clock.now.getTime() + durationMs(duration);
    let ran = 0;
    while (this.profile.sync.trigger === 'cycle' && this.provisioningOn && this.nextCycleAt && this.nextCycleAt.getTime() <= target) {
      // A long jump (days) runs the first few due cycles, then one catch-up cycle at the last due time:
      // idle cycles only repeat the probe, and a thousand of them would say nothing more.
      if (ran >= 3) {
        const interval = durationMs(this.cycleInterval);
        const skipped = Math.floor((target - this.nextCycleAt.getTime()) / interval);
        if (skipped > 0) this.nextCycleAt = new Date(this.nextCycleAt.getTime() + skipped * interval);
      }
      this.clock.set(this.nextCycleAt);
      await this.runCycle();
      ran += 1;
    }
    this.clock.set(new Date(target));
  }

  /** Runs the next scheduled cycle now (moving the IdP clock to its time). */
  async nextCycle(): Promise<void> {
    if (!this.nextCycleAt) return this.runCycle();
    this.clock.set(this.nextCycleAt);
    await this.runCycle();
  }

  get cycleInterval(): string {
    return this.quarantined && this.profile.retry.quarantine ? this.profile.retry.quarantine.interval : this.profile.sync.incremental ?? 'PT40M';
  }

  async runCycle(): Promise<void> {
    if (!this.configured || !this.provisioningOn) return;
    this.cycleNo += 1;
    this.calls = 0;
    this.failures = 0;
    for (const probe of this.profile.sync.cycleProbe ?? []) await this.request(probe, this.vars({}), {});
    const keys = new Set([...this.directory.users.keys(), ...this.users.keys()]);
    for (const k of keys) await this.reconcileUser(k);
    const groups = new Set([...this.directory.groups.keys(), ...this.groups.keys()]);
    for (const g of groups) await this.reconcileGroup(g);
    const q = this.profile.retry.quarantine;
    if (q) {
      const wasQuarantined = this.quarantined;
      this.quarantined = this.calls >= q.minCalls && this.failures / this.calls >= q.failureShare;
      if (this.quarantined && !wasQuarantined) this.note('error', 'quarantined', { detail: `${this.failures} of ${this.calls} calls failed` });
    }
    this.nextCycleAt = new Date(this.clock.now.getTime() + durationMs(this.cycleInterval));
  }

  // ---- users --------------------------------------------------------------------------------------

  userState(key: string): UserState {
    let s = this.users.get(key);
    if (!s) { s = { failures: 0 }; this.users.set(key, s); }
    return s;
  }

  spId(key: string): string | undefined { return this.users.get(key)?.id ?? this.groups.get(key)?.id; }

  private desiredActive(u: DirectoryUser): boolean {
    return this.directory.inScope(u.key) && u.active && !u.deletedAt && !u.hardDeleted;
  }

  private hardDeleteDue(u: DirectoryUser): boolean {
    const after = this.profile.user.delete.hardDeleteAfter;
    if (u.hardDeleted) return true;
    if (!u.deletedAt || !after) return false;
    if (Date.parse(u.deletedAt) + durationMs(after) <= this.clock.now.getTime()) { u.hardDeleted = true; return true; }
    return false;
  }

  private gate(key: string, action: Action): boolean {
    if (!this.actions[action]) return false;
    if (!this.approval[action] || this.approvedOnce.has(`${key}:${action}`)) { this.approvedOnce.delete(`${key}:${action}`); return true; }
    if (!this.pending.some((p) => p.key === key && p.action === action)) {
      this.pending.push({ key, action });
      const u = this.directory.users.get(key);
      this.note('info', 'pending', { action, userName: u?.userName ?? key });
    }
    return false;
  }

  async reconcileUser(key: string): Promise<void> {
    const u = this.directory.users.get(key);
    const st = this.userState(key);
    if (!u || st.deleted) return;
    if (st.retryAtCycle !== undefined && this.profile.sync.trigger === 'cycle' && this.cycleNo < st.retryAtCycle) return;
    if (st.id) await this.options.beforeActingOn?.('Users', st.id);
    const inScope = this.directory.inScope(key);
    const del = this.profile.user.delete;

    if (!st.id) {
      if (!inScope || u.deletedAt || u.hardDeleted) return;
      if (!this.gate(key, 'create')) return;
      await this.provisionUser(u, st);
      return;
    }
    const wantsDelete = (del.when === 'hard-delete' && this.hardDeleteDue(u)) || (del.when === 'unassign' && (!inScope || u.hardDeleted));
    if (wantsDelete && del.request) {
      if (!this.gate(key, 'delete')) return;
      const reply = await this.request(del.request, this.vars({ user: this.userVars(u, st) }), { kind: 'user', key, action: 'Delete', name: u.userName, behaviour: 'deleteUser' });
      if (ok(reply) || reply.status === 404) {
        st.deleted = true; st.createdByUs = false;
        this.note('info', 'userDeleted', { userName: u.userName, user: u.displayName ?? u.userName });
      }
      return;
    }
    const active = this.desiredActive(u);
    if (st.active && !active) { await this.changeState(u, st, false); return; }
    if (!st.active && active) { await this.changeState(u, st, true); if (!st.active) return; }
    if (active) await this.updateUser(u, st);
  }

  private async provisionUser(u: DirectoryUser, st: UserState): Promise<void> {
    const userVars = this.userVars(u, st);
    const lookup = await this.request(this.profile.user.lookup, this.vars({ user: userVars }), { kind: 'user', key: u.key, action: 'Lookup', name: u.userName, behaviour: 'lookupUser' });
    const found = ok(lookup) ? firstResource(lookup.body) : undefined;
    if (!ok(lookup) && !this.profile.user.notFoundStatuses.includes(lookup.status)) return;
    if (found?.id) {
      st.id = found.id; st.active = found.active !== false && found.active !== 'False';
      this.note('info', 'userLinked', { userName: u.userName, user: u.displayName ?? u.userName });
      await this.options.beforeActingOn?.('Users', found.id);
      await this.updateUser(u, st, true);
      if (this.desiredActive(u) && !st.active) await this.changeState(u, st, true);
      return;
    }
    const { body, text, flat } = this.renderUser(this.profile.user.create, u, { active: true });
    const reply = await this.request(this.profile.user.create, this.vars({ user: userVars, scim: body }), { kind: 'user', key: u.key, action: 'Create', name: u.userName, displayName: u.displayName, text, behaviour: 'createUser' });
    if (reply.status === 409 && this.profile.user.onConflict === 'relookup') {
      const again = await this.request(this.profile.user.lookup, this.vars({ user: userVars }), { kind: 'user', key: u.key, action: 'Lookup', name: u.userName, behaviour: 'lookupUser' });
      const existing = ok(again) ? firstResource(again.body) : undefined;
      if (existing?.id) { st.id = existing.id; st.active = true; st.sent = flat; st.sentText = text; }
      return;
    }
    const id = ok(reply) ? createdId(reply) : undefined;
    if (!id) return;
    st.id = id; st.active = true; st.sent = flat; st.sentText = text; st.createdByUs = true; st.failures = 0; st.retryAtCycle = undefined;
    this.note('info', 'userCreated', { userName: u.userName, user: u.displayName ?? u.userName });
    await this.sendManager(u, st);
  }

  private async sendManager(u: DirectoryUser, st: UserState): Promise<void> {
    const m = this.profile.user.manager;
    if (!m || !u.manager) return;
    const managerId = this.users.get(u.manager)?.id;
    if (!managerId) return;
    await this.request(m.patch, this.vars({ user: this.userVars(u, st), manager: { id: managerId } }), { kind: 'user', key: u.key, action: 'Update', name: u.userName, behaviour: 'manager' });
  }

  /** Sends attribute changes, if any, in the profile's update style. */
  private async updateUser(u: DirectoryUser, st: UserState, force = false): Promise<void> {
    const up = this.profile.user.update;
    const tpl = up.style === 'patch' ? up.patch : up.put;
    const { text, flat } = this.renderUser(tpl, u, { active: true });
    const changed = diff(st.sent, flat);
    const textChanged = text !== undefined && text !== st.sentText;
    if (!force && changed.length === 0 && !textChanged) return;
    if (force && changed.length === 0 && !textChanged && st.sent) return;
    if (!this.gate(u.key, 'update')) return;
    const userVars = this.userVars(u, st);
    let reply: RawReply;
    const meta = { kind: 'user' as const, key: u.key, action: 'Update', name: u.userName, displayName: u.displayName, behaviour: 'updateUser' as const };
    if (up.style === 'patch') {
      const ops = patchOps(changed, st.sent, up.ops, up.fold);
      if (ops.length === 0) { st.sent = flat; return; }
      reply = await this.request(up.patch, this.vars({ user: userVars, ops }), meta);
    } else if (up.style === 'put') {
      const { body } = this.renderUser(up.put, u, { active: true });
      reply = await this.request(up.put, this.vars({ user: userVars, scim: body }), { ...meta, text });
    } else {
      const got = await this.request(up.get, this.vars({ user: userVars }), meta);
      if (!ok(got)) return;
      const merged = deepMerge(got.body, toScim(withoutActive(flat)));
      reply = await this.request(up.put, this.vars({ user: userVars, merged }), meta);
    }
    if (!ok(reply)) return;
    st.sent = flat; st.sentText = text; st.failures = 0; st.retryAtCycle = undefined;
    this.note('info', 'userUpdated', { userName: u.userName, user: u.displayName ?? u.userName });
  }

  private async changeState(u: DirectoryUser, st: UserState, active: boolean): Promise<void> {
    const change: UserStateChange = active ? this.profile.user.reactivate : this.profile.user.deactivate;
    if (!this.gate(u.key, 'update')) return;
    const userVars = this.userVars(u, st);
    const meta = { kind: 'user' as const, key: u.key, action: active ? 'Enable' : 'Disable', name: u.userName, displayName: u.displayName,
      behaviour: (active ? 'reactivateUser' : 'deactivateUser') as Behaviour };
    let reply: RawReply;
    if (change.style === 'patch') reply = await this.request(change.patch, this.vars({ user: userVars }), meta);
    else if (change.style === 'put') {
      const { body, text } = this.renderUser(change.put, u, { active });
      reply = await this.request(change.put, this.vars({ user: userVars, scim: body }), { ...meta, text });
    } else {
      const got = await this.request(change.get, this.vars({ user: userVars }), meta);
      if (!ok(got)) return;
      reply = await this.request(change.put, this.vars({ user: userVars, merged: { ...got.body, active } }), meta);
    }
    if (!ok(reply)) return;
    st.active = active; st.failures = 0; st.retryAtCycle = undefined;
    this.note('info', active ? 'userReactivated' : 'userDeactivated', { userName: u.userName, user: u.displayName ?? u.userName });
  }

  private userVars(u: DirectoryUser, st: UserState): Vars {
    return { ...u, id: st.id };
  }

  /** The body of a user request: the mapping table (+ create extras) or the vendor's text template. */
  private renderUser(tpl: RequestTemplate, u: DirectoryUser, overrides: { active: boolean }): { body?: unknown; text?: string; flat: Flat } {
    const subject = subjectOf(u, overrides);
    const missing = this.profile.missing;
    const flat = mapValues(this.userMappings, subject, missing.user, (attr) => attr === 'addresses' && missing.addressParts ? missing.addressParts : missing.user);
    if (tpl.bodyTemplate) {
      const vars: Vars = {};
      for (const [name, source] of Object.entries(this.profile.user.templateVars ?? {})) setPath(vars, name, subject[source]);
      const file = this.templateVariation?.bodyTemplate ?? tpl.bodyTemplate;
      const text = fillVendorTemplate(vendorTemplate(file), vars);
      let body: unknown;
      try { body = JSON.parse(text); } catch { body = undefined; }
      return { body, text, flat };
    }
    const extrasTpl = this.profile.user.createExtras ?? {};
    const needsPassword = this.extrasNeedPassword ??= JSON.stringify(extrasTpl).includes('{{password}}');
    const extras = fillJson(extrasTpl, this.vars(needsPassword ? { password: this.password() } : {})) as Record<string, unknown>;
    const scim = toScim(flat);
    const body: Record<string, unknown> = {};
    if (extras.schemas) body.schemas = extras.schemas;
    Object.assign(body, scim);
    for (const [k, v] of Object.entries(extras)) if (k !== 'schemas' && !(k in body)) body[k] = v;
    return { body, flat };
  }

  private password(): string { return this.options.faker.string.alphanumeric({ length: 8, casing: 'lower' }); }

  // ---- groups -------------------------------------------------------------------------------------

  groupState(key: string): GroupState {
    let s = this.groups.get(key);
    if (!s) { s = { members: new Set(), failures: 0 }; this.groups.set(key, s); }
    return s;
  }

  private groupInScope(g: DirectoryGroup): boolean {
    if (g.deleted) return false;
    switch (this.profile.group.model) {
      case 'push': return this.directory.pushedGroups.has(g.key);
      case 'assigned': return this.directory.assignedGroups.has(g.key);
      case 'roles': return this.includeGroupsInProvisioning && this.directory.assignedGroups.has(g.key);
    }
  }

  async reconcileGroup(key: string): Promise<void> {
    const g = this.directory.groups.get(key);
    const gs = this.groupState(key);
    if (!g) return;
    if (gs.retryAtCycle !== undefined && this.profile.sync.trigger === 'cycle' && this.cycleNo < gs.retryAtCycle) return;
    if (gs.id) await this.options.beforeActingOn?.('Groups', gs.id);
    const inScope = this.groupInScope(g);
    const gp = this.profile.group;
    const meta = { kind: 'group' as const, key, name: g.displayName };
    if (!gs.id) {
      if (!inScope) return;
      if (gp.lookup) {
        const found = await this.request(gp.lookup, this.vars({ group: { ...g, id: undefined } }), { ...meta, action: 'Lookup', behaviour: 'createGroup' });
        // displayName is not caseExact (RFC 7643 §8.7.1): the group the filter found may be held in another case
        const match = ok(found) ? (found.body?.Resources ?? []).find((r: any) => sameIgnoringCase(r?.displayName, g.displayName)) : undefined;
        if (match?.id) { gs.id = match.id; gs.displayName = g.displayName; gs.members = new Set(); }
      }
      if (!gs.id) {
        const reply = await this.request(gp.create, this.vars({ group: g }), { ...meta, action: 'Create', behaviour: 'createGroup' });
        const id = ok(reply) ? createdId(reply) : undefined;
        if (!id) { gs.status = 'Error'; return; }
        gs.id = id; gs.displayName = g.displayName; gs.members = new Set(); gs.createdByUs = true;
        this.note('info', 'groupCreated', { group: g.displayName });
      }
    }
    if (!inScope) {
      if (gp.delete.when === 'on-delete' && gp.delete.request) await this.deleteGroupInTarget(g, gs);
      return;
    }
    const needRename = gs.displayName !== g.displayName;
    const desired = new Set([...g.members].filter((m) => this.users.get(m)?.id && !this.users.get(m)?.deleted));
    const added = [...desired].filter((m) => !gs.members.has(m));
    const removed = [...gs.members].filter((m) => !desired.has(m));
    const membershipChanges = added.length > 0 || removed.length > 0;
    if (!needRename && !membershipChanges) { gs.status = 'Active'; return; }
    const ms = gp.membership;
    const gv = { ...g, id: gs.id };
    // the request's owner: a rename carried with the change (Okta OIN's id-carrying replace) is the rename's row
    const carriesRename = ms.style === 'put' ? needRename : ms.renameWithEveryUpdate !== undefined;
    const membershipBehaviour: Behaviour = carriesRename ? 'renameGroup' : added.length === 0 && removed.length > 0 ? 'removeMembers' : 'addMembers';
    const update = { ...meta, action: 'Update', behaviour: membershipBehaviour, carriesMembership: carriesRename && membershipChanges };
    const renameOnly = { ...meta, action: 'Update', behaviour: 'renameGroup' as Behaviour };
    let reply: RawReply;
    if (ms.style === 'put') {
      // one PUT carries the name and the full member list
      reply = await this.request(ms.put, this.vars({ group: gv, members: this.memberList(desired, g) }), update);
    } else {
      const renameInside = needRename && membershipChanges && ms.renameWithEveryUpdate !== undefined;
      if (needRename && !renameInside) {
        const r = gp.rename;
        const renamed = r.style === 'patch'
          ? await this.request(r.patch, this.vars({ group: gv, ops: [fillJson(r.op, this.vars({ group: gv }))] }), renameOnly)
          : await this.request(r.put, this.vars({ group: gv, members: this.memberList(gs.members, g) }), renameOnly);
        if (!ok(renamed)) { gs.status = 'Error'; return; }
        gs.displayName = g.displayName;
        if (!membershipChanges) { gs.status = 'Active'; this.note('info', 'groupUpdated', { group: g.displayName }); return; }
      }
      const ops: unknown[] = [];
      if (ms.renameWithEveryUpdate) ops.push(fillJson(ms.renameWithEveryUpdate, this.vars({ group: gv })));
      for (const m of removed) ops.push(fillJson(ms.remove, this.vars({ group: gv, member: this.memberVars(m) })));
      if (added.length) ops.push(fillJson(ms.add, this.vars({ group: gv, members: this.memberList(new Set(added), g) })));
      reply = await this.request(ms.patch, this.vars({ group: gv, ops }), update);
    }
    if (!ok(reply)) { gs.status = 'Error'; return; }
    gs.displayName = g.displayName;
    gs.members = desired; gs.status = 'Active'; gs.failures = 0; gs.retryAtCycle = undefined;
    this.note('info', 'groupUpdated', { group: g.displayName });
  }

  private memberVars(userKey: string): Vars {
    const u = this.directory.users.get(userKey);
    return { id: this.users.get(userKey)?.id, userName: u?.userName, displayName: u?.displayName };
  }

  private memberList(keys: Set<string>, g: DirectoryGroup): unknown[] {
    const ms = this.profile.group.membership;
    return [...keys].map((k) => fillJson(ms.member, this.vars({ group: g, member: this.memberVars(k) })));
  }

  async deleteGroupInTarget(g: DirectoryGroup, gs: GroupState): Promise<void> {
    const req = this.profile.group.delete.request;
    if (!req || !gs.id) return;
    const reply = await this.request(req, this.vars({ group: { ...g, id: gs.id } }), { kind: 'group', key: g.key, action: 'Delete', name: g.displayName, behaviour: 'deleteGroup' });
    if (ok(reply) || reply.status === 404) {
      gs.id = undefined; gs.members = new Set(); gs.createdByUs = false;
      this.note('info', 'groupDeleted', { group: g.displayName });
    }
  }

  /** Okta: Push Groups > Unlink pushed group, optionally "Delete the group in the target app". */
  async unlinkGroup(key: string, deleteInTarget: boolean): Promise<void> {
    const g = this.directory.group(key);
    const gs = this.groupState(key);
    this.directory.pushedGroups.delete(key);
    if (deleteInTarget && this.profile.group.delete.when !== 'never') await this.deleteGroupInTarget(g, gs);
    else { gs.id = undefined; gs.members = new Set(); }
  }

  // ---- OneLogin's More Actions, approvals, tasks -----------------------------------------------------

  /** "Sync logins": look up every assigned user not yet linked, and link the ones the SP already has. */
  async syncLogins(): Promise<string> {
    for (const u of this.directory.users.values()) {
      const st = this.userState(u.key);
      if (st.id || !this.directory.inScope(u.key)) continue;
      const reply = await this.request(this.profile.user.lookup, this.vars({ user: this.userVars(u, st) }), { kind: 'user', key: u.key, action: 'Lookup', name: u.userName, behaviour: 'lookupUser' });
      const found = ok(reply) ? firstResource(reply.body) : undefined;
      if (found?.id) { st.id = found.id; st.active = found.active !== false; this.note('info', 'userLinked', { userName: u.userName, user: u.userName }); }
    }
    return this.profile.console.messages.syncLogins ?? '';
  }

  /** "Reapply entitlement mappings": every user and group is pushed again (memberships re-sent). */
  async reapplyEntitlementMappings(): Promise<string> {
    for (const k of this.directory.users.keys()) await this.reconcileUser(k);
    for (const [k, gs] of this.groups) if (gs.id) gs.members = new Set();
    for (const k of this.directory.groups.keys()) await this.reconcileGroup(k);
    return this.profile.console.messages.reapply ?? '';
  }

  /** "Refresh entitlements": re-read the SP's groups and forget the ids it no longer has. */
  async refreshEntitlements(): Promise<string> {
    const lookup = this.profile.group.lookup ?? { method: 'GET', path: 'Groups' };
    const reply = await this.request({ method: 'GET', path: lookup.path.split('?')[0] }, this.vars({}), { kind: 'group', key: '*', action: 'Refresh', name: 'entitlements' });
    if (ok(reply)) {
      const existing = new Map<string, string>();
      for (const r of reply.body?.Resources ?? []) if (r?.id) existing.set(r.id, r.displayName);
      for (const gs of this.groups.values()) if (gs.id && !existing.has(gs.id)) { gs.id = undefined; gs.members = new Set(); gs.displayName = undefined; }
    }
    return this.profile.console.messages.refresh ?? '';
  }

  async approvePending(): Promise<void> {
    const items = this.pending.splice(0);
    for (const p of items) this.approvedOnce.add(`${p.key}:${p.action}`);
    for (const key of new Set(items.map((p) => p.key))) {
      await this.reconcileUser(key);
      for (const g of this.directory.groupsOf(key)) await this.reconcileGroup(g.key);
    }
  }

  async retryTasks(): Promise<void> {
    const jobs = this.tasks.splice(0);
    for (const job of jobs) {
      if (job.kind === 'user') await this.reconcileUser(job.key); else await this.reconcileGroup(job.key);
    }
  }

  // ---- the wire -----------------------------------------------------------------------------------

  private vars(extra: Vars): Vars {
    return { token: this.token, app: this.profile.appName, ...extra };
  }

  headersFor(hasBody: boolean): [string, string][] {
    // the same two lists for every request until the token changes; each request gets its own copy of the list
    let filled = this.filledHeaders;
    if (!filled || filled.token !== this.token) {
      const h = this.profile.headers;
      const fill = (list: [string, string][]): [string, string][] => list.map(([k, v]) => [k, v.replace('{{token}}', this.token ?? '')]);
      filled = this.filledHeaders = { token: this.token, withBody: fill([...h.common, ...h.withBody]), withoutBody: fill([...h.common, ...h.withoutBody]) };
    }
    return (hasBody ? filled.withBody : filled.withoutBody).map(([k, v]) => [k, v]);
  }

  urlFor(path: string): string { return `${this.baseUrl}/${path}`; }

  async request(tpl: RequestTemplate, vars: Vars,
    meta: { kind?: 'user' | 'group'; key?: string; action?: string; name?: string; displayName?: string; text?: string; retry?: boolean; behaviour?: Behaviour; carriesMembership?: boolean;
      /** A diagnostic's own Content-Type, never the IdP's: what the dialect's headers would send is replaced. */
      contentType?: string;
      /** Not the IdP's request but the harness's, asked to find whose refusal one was (Exchange.diagnostic): kept out of what the IdP sent. */
      diagnostic?: string } = {}): Promise<RawReply> {
    if (!this.baseUrl) throw new Error(`${this.profile.vendor} has no SCIM base URL configured`);
    if (tpl.path.includes('{{guid}}') && vars.guid === undefined) vars = { ...vars, guid: this.options.faker.string.uuid() };
    const path = fillPath(tpl.path, vars, this.profile.query.space);
    let body: string | undefined;
    if (tpl.bodyTemplate) body = meta.text;
    else if (tpl.body !== undefined) body = JSON.stringify(fillJson(tpl.body, vars, false));
    const headers = this.headersFor(body !== undefined);
    if (meta.contentType) for (const h of headers) if (/^content-type$/i.test(h[0])) h[1] = meta.contentType;
    const raw = { method: tpl.method, url: this.urlFor(path), headers, body };
    let reply: RawReply;
    let attempt = 0;
    for (;;) {
      // paced, authenticated and TLS-configured by the shared HTTP layer, but never retried by it: a 429 is the
      // dialect's to handle (Okta waits for Retry-After, Entra escrows), so each one is seen and judged here
      reply = await sendRaw(raw, { redactor: this.options.redactor, actor: this.actorName, timeoutMs: this.options.timeoutMs ?? 60_000,
        record: (e) => {
          if (meta.diagnostic) e.diagnostic = meta.diagnostic;
          else if (!this.cleanupMode) { this.exchanges.push(e); this.exchangeClock.push(this.clock.now.getTime()); }
          this.options.record?.(e);
        }, cleanup: this.cleanupMode,
        // the cleanup is the harness's, not the dialect's: it waits out a busy SP as the suite's own requests do
        retryWhenBusy: this.cleanupMode, ...(this.cleanupMode ? { busyDeadline: this.options.busyDeadline?.() } : {}) });
      // the cleanup's and the harness's diagnostics are not the IdP's calls: no retry policy, no count, no outcome
      if (this.cleanupMode || meta.diagnostic) return reply;
      this.calls += 1;
      if (reply.status === 429 && meta.retry !== false && this.profile.retry.honourRetryAfter && attempt < this.profile.retry.maxRetries) {
        attempt += 1;
        // delay-seconds or an HTTP-date (RFC 9110 §10.2.3); absent, unreadable or 0: one second
        const seconds = Math.ceil((retryAfterMs(reply.headers['retry-after']) ?? 1000) / 1000) || 1;
        this.note('warning', 'throttled', { retryAfter: String(seconds), action: `${meta.action ?? tpl.method} ${meta.kind ?? ''} ${meta.name ?? ''}`.trim() });
        this.clock.advance(seconds * 1000);
        // a 429 the harness's own throttle proxy made up protects no server: the wait is on the IdP clock alone.
        // One the SP sent is waited out in real time too, so the SP gets the pause it asked for.
        const injected = reply.headers[INJECTED_HEADER] !== undefined;
        if (!injected) await new Promise((r) => setTimeout(r, Math.min(seconds * 1000, this.options.maxRealWaitMs ?? this.options.timeoutMs ?? 60_000)));
        continue;
      }
      break;
    }
    // an IdP that needs the created user in the body (Okta) fails the create it cannot read, whatever the status said
    const emptyCreate = this.profile.user.emptyCreateAnswer;
    if (emptyCreate && meta.behaviour === 'createUser' && ok(reply) && !reply.text.trim()) reply = { ...reply, failure: emptyCreate.message };
    const lookupMiss = meta.action === 'Lookup' && this.profile.user.notFoundStatuses.includes(reply.status);
    const refused = !ok(reply) && !lookupMiss && !(meta.action === 'Delete' && reply.status === 404);
    if (refused) this.failures += 1;
    if (meta.kind && meta.key && meta.behaviour) this.noteOutcome(meta as { kind: 'user' | 'group'; key: string; behaviour: Behaviour; carriesMembership?: boolean }, tpl, path, body, reply, refused);
    if (refused && meta.kind && meta.retry !== false) this.failed(meta as Required<typeof meta>, reply);
    return reply;
  }

  private noteOutcome(meta: { kind: 'user' | 'group'; key: string; behaviour: Behaviour; carriesMembership?: boolean }, tpl: RequestTemplate, path: string, body: string | undefined, reply: RawReply, refused: boolean): void {
    const fromVariation = Boolean(tpl.bodyTemplate && this.templateVariation);
    // the dialect's row for the behaviour owns it, even for a body that carries the scenario's own variation (a seed's
    // edge case, an edited mapping or template): an SP that refuses the plain request too (that row red: Okta's sample
    // server crashes on every create without `groups`; an SP that checks requests against its schema refuses Entra's
    // default mapping) said nothing of the variation, and blocks the scenario. Where that row passes, the refusal is
    // the scenario's own (verdicts.ts), as one that only the variation meets is
    // a 5xx (but 501) says the server failed the request, not what it made of the body, and a 501 or 405 to a PATCH
    // where the SP serves none refuses PATCH itself: the row of the dialect's plainest write of that method comes first
    // (red where every such request fails), then the behaviour's own (verdicts.ts asks in turn). Where the dialect
    // leaves that write to an RFC row (OneLogin's group changes), the RFC side's plain write row comes first, as the
    // suite's own requests charge it. A 501 where PATCH is served declines this request (django-scim2 answers it to a
    // PATCH path it has no handler for), as a 4xx does: the behaviour's own
    const own = this.profile.owners[meta.behaviour];
    const behind = this.profile.ownersBehindRfc?.[meta.behaviour];
    let owners = [own, behind];
    const patchRefused = tpl.method === 'PATCH' && this.options.patchServed === false && refusesMethod(reply.status);
    const serverSide = serverFailed(reply) || patchRefused;
    if (serverSide) {
      const plain = plainWriteOwner(this.profile, meta.kind, tpl.method);
      const rfcPlain = plain && /^RFC-/.test(plain) ? plainWriteRow({ method: tpl.method, url: `/${path}` }, this.profile.spProfile) : undefined;
      owners = [rfcPlain, plain, own, behind];
    }
    const owner = owners.filter((o, i, all): o is string => Boolean(o) && all.indexOf(o) === i).join('|');
    this.outcomeSeq += 1;
    this.outcomes.set(`${meta.kind}:${meta.key}:${meta.behaviour}`, {
      kind: meta.kind, key: meta.key, behaviour: meta.behaviour, ok: !refused, status: reply.status,
      detail: detailOf(reply) ?? reply.failure, request: `${tpl.method} /${path}`, owner,
      injected: reply.headers[INJECTED_HEADER] !== undefined || this.tokenWrongOnPurpose, ...(serverSide ? { serverSide: true as const } : {}),
      ...(fromVariation ? { carries: this.templateVariation!.carries } : {}), ...(meta.carriesMembership ? { carriesMembership: true } : {}),
      ...(refused ? { sent: { method: tpl.method, path, ...(body !== undefined ? { body } : {}) } } : {}), seq: this.outcomeSeq,
    });
  }

  /**
   * Okta OIN re-sends its id-carrying rename with every membership change, so a refused membership PATCH is
   * the rename's fault only when the rename alone is refused too, and not as PATCH itself is (501, 405). Asks the SP once, with that rename alone (the
   * group's own id and its name in the directory; Exchange.diagnostic, never what the IdP sent), and
   * answers whose refusal it was ('patch': PATCH itself). Undefined when the dialect carries no rename or the group has no SP id.
   */
  async blameCarriedRename(key: string): Promise<'rename' | 'membership' | 'patch' | undefined> {
    const ms = this.profile.group.membership;
    const gs = this.groups.get(key);
    const g = this.directory.groups.get(key);
    if (ms.style === 'put' || !ms.renameWithEveryUpdate || !gs?.id || !g) return undefined;
    const gv = { ...g, id: gs.id };
    const reply = await this.request(ms.patch, this.vars({ group: gv, ops: [fillJson(ms.renameWithEveryUpdate, this.vars({ group: gv }))] }),
      { retry: false, diagnostic: 'the rename the membership change carried, alone' });
    // 501 or 405 refuses PATCH itself (an SP without PATCH, which RFC 7644 allows): neither part's row owns that
    if (refusesMethod(reply.status)) return 'patch';
    return ok(reply) ? 'membership' : 'rename';
  }

  /**
   * Entra's legacy job capitalises every PATCH op (`Replace`, `Add`), so an SP that reads ops case-sensitively
   * refuses its updates, disables, manager changes and group fills alike. A refused PATCH with a capitalised op
   * is asked once more with its ops in lower case and nothing else changed (Exchange.diagnostic, never recorded as
   * what the IdP sent): accepted, the op's case was the cause, and the dialect's `quirkOwners.capitalisedOps`
   * row owns the refusal. Undefined when the dialect names no such row or the request had no capitalised op.
   */
  async blameCapitalisedOps(o: Outcome): Promise<string | undefined> {
    const owner = this.profile.quirkOwners?.capitalisedOps;
    if (!owner || o.ok || o.sent?.method !== 'PATCH' || o.sent.body === undefined) return undefined;
    let body: unknown;
    try { body = JSON.parse(o.sent.body); } catch { return undefined; }
    const ops = (body as { Operations?: unknown } | null)?.Operations;
    if (!Array.isArray(ops) || !ops.some((op) => typeof op?.op === 'string' && op.op !== op.op.toLowerCase())) return undefined;
    const lowered = { ...(body as object), Operations: ops.map((op) => (typeof op?.op === 'string' ? { ...op, op: op.op.toLowerCase() } : op)) };
    const reply = await this.request({ method: 'PATCH', path: o.sent.path, body: lowered }, {}, { retry: false, diagnostic: 'the refused PATCH with its ops in lower case' });
    return ok(reply) ? owner : undefined;
  }

  /**
   * Each dialect labels every body its own way: OneLogin's default Custom Headers `application/json`, Entra's writes and
   * Okta `application/scim+json; charset=utf-8`. An SP may refuse such a label (RFC 7644 lets a request go as
   * `application/json`, a should; a parameter is the sender's to add, RFC 9110 §8.3.1), and then it refuses every
   * request the dialect sends with a body, its group creates among them. A refused request (4xx) whose body went with
   * another label than plain `application/scim+json` is asked once more with that, the same text to the same path
   * (Exchange.diagnostic, never what the IdP sent): accepted, or refused for another reason (another 4xx), the label
   * was what the SP refused, and the dialect's `quirkOwners.mediaType` row owns the refusal. Undefined when the dialect
   * names no such row, the request carried no body, or its body already went as plain `application/scim+json`.
   */
  async blameMediaType(o: Outcome): Promise<string | undefined> {
    const owner = this.profile.quirkOwners?.mediaType;
    // a label is refused as unsupported (415) or unreadable (400, 422); a throttle, a conflict or a missing resource is not
    if (!owner || o.ok || ![400, 415, 422].includes(o.status) || o.sent?.body === undefined) return undefined;
    const sentType = this.headersFor(true).find(([k]) => /^content-type$/i.test(k))?.[1];
    if (!sentType || /^\s*application\/scim\+json\s*$/i.test(sentType)) return undefined;
    const reply = await this.request({ method: o.sent.method, path: o.sent.path, bodyTemplate: 'the refused body, as sent' }, {},
      { retry: false, text: o.sent.body, contentType: 'application/scim+json', diagnostic: 'the refused body, as plain application/scim+json' });
    // accepted, or refused for something else (AWS's 400 for a user's several phones): the label was refused first
    return ok(reply) || (reply.status >= 400 && reply.status < 500 && reply.status !== o.status) ? owner : undefined;
  }

  /** The last outcomes for one user or group (of the given behaviours, or all), oldest first. */
  outcomesOf(kind: 'user' | 'group', key: string, behaviours?: Behaviour[]): Outcome[] {
    return [...this.outcomes.values()].filter((o) => o.kind === kind && o.key === key && (!behaviours || behaviours.includes(o.behaviour)))
      .sort((a, b) => a.seq - b.seq);
  }

  private failed(meta: { kind: 'user' | 'group'; key: string; action: string; name: string; displayName?: string }, reply: RawReply): void {
    const detail = detailOf(reply) ?? reply.failure ?? '';
    const vars = { userName: meta.name, user: meta.displayName ?? meta.name, group: meta.name, action: meta.action,
      status: String(reply.status || ''), statusText: STATUS_CODES[reply.status] ?? 'No response', detail, body: reply.text || reply.failure || '' };
    this.note('error', meta.kind === 'user' ? 'userFailed' : 'groupFailed', vars);
    const policy = this.profile.retry;
    const state = meta.kind === 'user' ? this.users.get(meta.key) : this.groups.get(meta.key);
    if (policy.onFailure === 'task') {
      this.jobCounter += 1;
      this.tasks.push({ id: this.jobCounter, kind: meta.kind, key: meta.key, action: meta.action, message: this.render(meta.kind === 'user' ? 'userFailed' : 'groupFailed', vars) });
    } else if (policy.onFailure === 'escrow' && state) {
      state.failures += 1;
      const backoff = policy.escrowBackoff ?? [1];
      state.retryAtCycle = this.cycleNo + backoff[Math.min(state.failures - 1, backoff.length - 1)];
    }
  }

  // ---- the vendor's log ---------------------------------------------------------------------------

  private render(event: LogEvent, vars: Record<string, string>): string {
    const tpl = this.profile.log.templates[event];
    return tpl.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => k === 'app' ? this.profile.appName : vars[k] ?? '');
  }

  note(level: IdpLogEntry['level'], event: LogEvent, vars: Record<string, string>): void {
    if (!this.profile.log.templates[event]) return;
    const entry: IdpLogEntry = { at: this.clock.iso(), vendor: this.profile.log.vendor, level, message: this.options.redactor.text(this.render(event, vars)) };
    this.logLines.push(entry);
    this.options.log?.(entry);
  }

  // ---- cleanup ------------------------------------------------------------------------------------

  /** Deletes what this engine created in the SP (marked as cleanup in the transcript). */
  async cleanup(): Promise<void> {
    if (!this.baseUrl) return;
    this.cleanupMode = true;
    try {
      for (const gs of this.groups.values()) if (gs.id && gs.createdByUs) await this.request({ method: 'DELETE', path: 'Groups/{{id}}' }, this.vars({ id: gs.id }));
      for (const st of this.users.values()) if (st.id && st.createdByUs && !st.deleted) await this.request({ method: 'DELETE', path: 'Users/{{id}}' }, this.vars({ id: st.id }));
    } finally { this.cleanupMode = false; }
  }
}

export function ok(reply: RawReply): boolean { return !reply.failure && reply.status >= 200 && reply.status < 300; }

export function detailOf(reply: RawReply): string | undefined {
  const b = reply.body;
  if (b && typeof b === 'object') {
    if (typeof b.detail === 'string') return b.detail;
    if (typeof b.error === 'string') return b.error;
  }
  return reply.text ? reply.text.slice(0, 300) : undefined;
}

function firstResource(body: any): any {
  if (body && Array.isArray(body.Resources)) return body.Resources[0];
  return undefined;
}

function withoutActive(flat: Flat): Flat {
  const out = new Map(flat);
  out.delete('active');
  return out;
}

/** Targets whose value changed (new or different), never removals: Entra skips cleared attributes (S5). */
function diff(before: Flat | undefined, after: Flat): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [t, v] of after) {
    if (t === 'active') continue;
    if (!before || JSON.stringify(before.get(t)) !== JSON.stringify(v)) out.push([t, v]);
  }
  return out;
}

function patchOps(changed: [string, unknown][], before: Flat | undefined, names: { add: string; replace: string }, fold: boolean): unknown[] {
  const ops: unknown[] = [];
  let folded: Record<string, unknown> | undefined;
  for (const [target, value] of changed) {
    const isNew = !before || !before.has(target);
    if (fold && !isNew && !isFiltered(target)) {
      if (!folded) { folded = {}; ops.push({ op: names.replace, value: folded }); }
      folded[target] = value;
      continue;
    }
    ops.push({ op: isNew ? names.add : names.replace, path: target, value });
  }
  return ops;
}
