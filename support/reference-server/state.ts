// Tenants, automatic provisioning, access tokens, the simulated clock and test faults: the state the
// admin API and the console both drive. SCIM data itself lives in each tenant's ScimService.
import { createHash, randomBytes, randomUUID, timingSafeEqual, X509Certificate } from 'node:crypto';
import { addDuration, ONE_YEAR, SimulatedClock, type Duration } from './clock.ts';
import { EventRing, type TrailEvent } from './events.ts';
import { FAULTS, type FaultName, type ScimService, type ScimServiceOptions, type SpProfile } from './scim/types.ts';
import { isVariantName, type VariantName } from './scim/variants.ts';

export { isVariantName } from './scim/variants.ts';

export type ServiceFactory = (options: ScimServiceOptions) => ScimService;

/** A refusal with the HTTP status the admin API answers and a one-sentence reason. */
export class AdminError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface TokenRecord { id: string; hash: string; createdAt: string; expiresAt: string }
export interface DeletedTokenRecord extends TokenRecord { deletedAt: string }
export interface SamlConfig { certificate: string; attributesForAccessControl: boolean; issuer?: string; audience?: string }
export interface NewToken { id: string; token: string; createdAt: string; expiresAt: string }

export interface Tenant {
  id: string;
  profile: SpProfile;
  createdAt: string;
  clockOffsetMs: number;
  provisioning: boolean;
  tokens: TokenRecord[];
  /** Kept (hashes only, bounded) so that the deleted-token-accepted fault can be emulated. */
  deletedTokens: DeletedTokenRecord[];
  saml?: SamlConfig;
  faults: FaultName[];
  /** Conformant variants switched on for this tenant (server-wide ones are added by variantsOf). */
  variants: VariantName[];
  service: ScimService;
  events: EventRing;
}

const MAX_TOKENS = 2;
const MAX_DELETED_KEPT = 20;

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** An id shaped like an IAM Identity Center SCIM tenant id: 11-4-4-4-12 lowercase hex. */
export function newTenantId(): string {
  const h = randomBytes(20).toString('hex');
  return `${h.slice(0, 11)}-${h.slice(11, 15)}-${h.slice(15, 19)}-${h.slice(19, 23)}-${h.slice(23, 35)}`;
}

export function isFaultName(name: unknown): name is FaultName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(FAULTS, name);
}

export function isProfile(p: unknown): p is SpProfile {
  return p === 'aws' || p === 'rfc';
}

export interface StateOptions {
  factory: ServiceFactory;
  defaultProfile: SpProfile;
  serverFaults: FaultName[];
  /** Conformant variants on for every tenant. */
  serverVariants?: VariantName[];
  allowFaults: boolean;
  eventBufferSize: number;
  /** --data-dir: engines tell their writes, and every change is journalled (see attach). */
  durable?: boolean;
}

/** One change as the journal keeps it; ReferenceState.apply replays it. */
export type StateRecord =
  | { t: 'tenant'; v: TenantMeta }
  | { t: 'drop'; id: string }
  | { t: 'clock'; ms: number }
  | { t: 'ev'; id: string; e: TrailEvent }
  /** a change the tenant's engine told */
  | { t: 'd'; id: string; c: unknown }
  /** the tenant's data whole, for an engine that tells no changes */
  | { t: 'data'; id: string; s: unknown };

/** Where changes go: persistence.ts's DurableStore. `durable` records hold back the answers sent after them. */
export interface StateJournal { append(record: StateRecord, durable: boolean): void }

export type AuthOutcome =
  | { ok: true; tenant: Tenant; servedBy: Tenant }
  /** rule: the catalogue id of the rule the refusal applies (for observers such as certify-client). */
  | { ok: false; reason: string; rule: string };

export class ReferenceState {
  readonly tenants = new Map<string, Tenant>();
  readonly clock = new SimulatedClock();
  /** sha256(secret) → where the token lives; deleted tokens stay indexed (for the fault) until trimmed. */
  private readonly tokenIndex = new Map<string, { tenantId: string; tokenId: string; deleted: boolean }>();
  /** FAULT token-secret-listed: the secrets of tokens issued while it is on (memory only, never persisted). */
  private readonly listedSecrets = new Map<string, string>();
  private journal: StateJournal | undefined;
  private readonly recentHashes = new Map<string, string>();
  /** Hashes of tokens revoked by a newer token's first use (the older-tokens-revoked-on-use fault; never persisted). */
  private readonly supersededTokens = new WeakMap<Tenant, Set<string>>();
  /** Every SCIM request asks for these sets (several times): built once per list, not per request. */
  private readonly faultSets = new WeakMap<Tenant, { from: FaultName[]; set: ReadonlySet<FaultName> }>();
  private readonly variantSets = new WeakMap<Tenant, { from: VariantName[]; set: ReadonlySet<VariantName> }>();

  constructor(readonly options: StateOptions) {}

  /** From now on every change is appended to the journal (after loading, so replay appends nothing). */
  attach(journal: StateJournal): void {
    this.journal = journal;
  }

  private changed(tenant: Tenant): void {
    this.journal?.append({ t: 'tenant', v: metaOf(tenant) }, true);
  }

  /** Adds an audit event; events are journalled too, but no answer waits for them alone. */
  recordEvent(tenant: Tenant, event: TrailEvent): void {
    tenant.events.push(event);
    if (!this.journal) return;
    this.journal.append({ t: 'ev', id: tenant.id, e: event }, false);
    // an engine that tells no changes is persisted whole after each request (the test seam's small fakes)
    if (!tenant.service.applyChange) this.journal.append({ t: 'data', id: tenant.id, s: tenant.service.snapshot() }, true);
  }

  // ---- tenants -------------------------------------------------------------------------------

  now(tenant?: Tenant): Date {
    return this.clock.now(tenant?.clockOffsetMs ?? 0);
  }

  /** The server's and the tenant's faults; read-only (cached until the tenant's list is replaced). */
  faultsOf(tenant: Tenant): ReadonlySet<FaultName> {
    let c = this.faultSets.get(tenant);
    if (c?.from !== tenant.faults) this.faultSets.set(tenant, c = { from: tenant.faults, set: new Set<FaultName>([...this.options.serverFaults, ...tenant.faults]) });
    return c.set;
  }

  /** The server's and the tenant's variants; read-only (cached like faultsOf). */
  variantsOf(tenant: Tenant): ReadonlySet<VariantName> {
    let c = this.variantSets.get(tenant);
    if (c?.from !== tenant.variants) this.variantSets.set(tenant, c = { from: tenant.variants, set: new Set<VariantName>([...(this.options.serverVariants ?? []), ...tenant.variants]) });
    return c.set;
  }

  private buildService(tenantId: string, profile: SpProfile, faults: ReadonlySet<FaultName>, variants: ReadonlySet<VariantName>): ScimService {
    if (!this.options.durable) return this.options.factory({ profile, faults, variants });
    const changes = (c: unknown) => this.journal?.append({ t: 'd', id: tenantId, c }, true);
    return this.options.factory({ profile, faults, variants, changes });
  }

  /** The engine for a tenant's profile, faults and variants, carrying over what it stored. */
  private rebuild(tenant: Tenant): void {
    const snapshot = tenant.service.snapshot();
    const service = this.buildService(tenant.id, tenant.profile, this.faultsOf(tenant), this.variantsOf(tenant));
    service.restore(snapshot);
    tenant.service = service;
  }

  createTenant(profile?: unknown): Tenant {
    if (profile !== undefined && profile !== null && !isProfile(profile)) {
      throw new AdminError(400, 'The profile must be "aws" or "rfc".');
    }
    const p: SpProfile = isProfile(profile) ? profile : this.options.defaultProfile;
    let id = newTenantId();
    while (this.tenants.has(id)) id = newTenantId();
    const tenant: Tenant = {
      id, profile: p, createdAt: this.now().toISOString(), clockOffsetMs: 0, provisioning: false,
      tokens: [], deletedTokens: [], faults: [], variants: [],
      service: this.buildService(id, p, new Set(this.options.serverFaults), new Set(this.options.serverVariants ?? [])),
      events: new EventRing(this.options.eventBufferSize),
    };
    this.tenants.set(id, tenant);
    this.changed(tenant);
    return tenant;
  }

  get(id: string): Tenant {
    const t = this.tenants.get(id);
    if (!t) throw new AdminError(404, 'No tenant has that id.');
    return t;
  }

  deleteTenant(id: string): void {
    const t = this.get(id);
    for (const tok of [...t.tokens, ...t.deletedTokens]) this.tokenIndex.delete(tok.hash);
    this.tenants.delete(id);
    this.journal?.append({ t: 'drop', id }, true);
  }

  // ---- provisioning and tokens -----------------------------------------------------------------

  enableProvisioning(tenant: Tenant): NewToken {
    if (tenant.provisioning) throw new AdminError(409, 'Automatic provisioning is already enabled for this tenant.');
    tenant.provisioning = true;
    const token = this.issueToken(tenant);
    this.changed(tenant);
    return token;
  }

  disableProvisioning(tenant: Tenant, confirm: unknown): void {
    if (confirm !== 'DISABLE') throw new AdminError(400, 'Type DISABLE to confirm disabling automatic provisioning.');
    if (!tenant.provisioning) throw new AdminError(409, 'Automatic provisioning is not enabled for this tenant.');
    if (tenant.tokens.length > 0 && !this.faultsOf(tenant).has('disable-with-tokens-allowed')) { // FAULT disable-with-tokens-allowed
      throw new AdminError(409, 'Delete every access token before disabling automatic provisioning.');
    }
    tenant.provisioning = false;
    this.changed(tenant);
  }

  generateToken(tenant: Tenant): NewToken {
    if (!tenant.provisioning) throw new AdminError(409, 'Automatic provisioning is not enabled for this tenant.');
    if (tenant.tokens.length >= MAX_TOKENS && !this.faultsOf(tenant).has('third-token-allowed')) { // FAULT third-token-allowed
      throw new AdminError(409, 'This tenant already has the maximum of two access tokens (expired ones included); delete one before generating another.');
    }
    const token = this.issueToken(tenant);
    this.changed(tenant);
    return token;
  }

  private issueToken(tenant: Tenant): NewToken {
    const secret = randomBytes(72).toString('base64url'); // 96 characters
    const created = this.now(tenant);
    const rec: TokenRecord = {
      id: randomUUID(), hash: hashToken(secret),
      createdAt: created.toISOString(), expiresAt: addDuration(created, ONE_YEAR).toISOString(),
    };
    tenant.tokens.push(rec);
    this.tokenIndex.set(rec.hash, { tenantId: tenant.id, tokenId: rec.id, deleted: false });
    if (this.faultsOf(tenant).has('token-secret-listed')) this.listedSecrets.set(rec.id, secret); // FAULT token-secret-listed
    return { id: rec.id, token: secret, createdAt: rec.createdAt, expiresAt: rec.expiresAt };
  }

  listTokens(tenant: Tenant): Array<{ id: string; token?: string; createdAt: string; expiresAt: string; expired: boolean }> {
    const now = this.now(tenant).getTime();
    const first = this.faultsOf(tenant).has('token-dates-of-first') ? tenant.tokens[0] : undefined; // FAULT token-dates-of-first
    return tenant.tokens.map((t) => {
      const secret = this.listedSecrets.get(t.id); // FAULT token-secret-listed
      const dated = first ?? t;
      return { id: t.id, ...(secret ? { token: secret } : {}), createdAt: dated.createdAt, expiresAt: dated.expiresAt, expired: now >= Date.parse(t.expiresAt) };
    });
  }

  deleteToken(tenant: Tenant, tokenId: string, confirm: unknown): void {
    const i = tenant.tokens.findIndex((t) => t.id === tokenId);
    if (i < 0) throw new AdminError(404, 'This tenant has no access token with that id.');
    if (confirm !== 'DELETE') throw new AdminError(400, 'Type DELETE to confirm deleting the access token.');
    const [rec] = tenant.tokens.splice(i, 1);
    tenant.deletedTokens.push({ ...rec, deletedAt: this.now(tenant).toISOString() });
    this.tokenIndex.set(rec.hash, { tenantId: tenant.id, tokenId: rec.id, deleted: true });
    while (tenant.deletedTokens.length > MAX_DELETED_KEPT) {
      const old = tenant.deletedTokens.shift()!;
      this.tokenIndex.delete(old.hash);
    }
    this.changed(tenant);
  }

  /**
   * Decides whether a SCIM request on `tenant` may reach the engine. The reason is for the event trail
   * only; the HTTP answer is the same 401 whatever it is.
   */
  authenticate(tenant: Tenant, authorization: string | undefined): AuthOutcome {
    if (!tenant.provisioning) return { ok: false, reason: 'Automatic provisioning is not enabled.', rule: 'AP-ENABLE-01' };
    if (authorization === undefined || authorization === '') {
      if (this.faultsOf(tenant).has('missing-token-accepted')) return { ok: true, tenant, servedBy: tenant }; // FAULT missing-token-accepted
      return { ok: false, reason: 'The request has no Authorization header.', rule: 'RFC-AUTH-01' };
    }
    const m = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization);
    if (!m) return { ok: false, reason: 'The Authorization header is not a bearer token.', rule: 'RFC-AUTH-01' };
    const hash = this.hashOf(m[1]);
    const entry = this.tokenIndex.get(hash);
    if (!entry && this.faultsOf(tenant).has('wrong-token-accepted')) return { ok: true, tenant, servedBy: tenant }; // FAULT wrong-token-accepted
    if (!entry) return { ok: false, reason: 'The access token is not valid.', rule: 'RFC-AUTH-01' };
    const owner = this.tenants.get(entry.tenantId);
    if (!owner) return { ok: false, reason: 'The access token is not valid.', rule: 'RFC-AUTH-01' };
    const pathFaults = this.faultsOf(tenant);
    let servedBy = tenant;
    if (owner !== tenant) {
      if (!pathFaults.has('wrong-tenant-accepted') && !this.faultsOf(owner).has('wrong-tenant-accepted')) {
        return { ok: false, reason: 'The access token is not valid for this tenant.', rule: 'AWS-TENANT-01' };
      }
      if (!owner.provisioning) return { ok: false, reason: 'The access token is not valid.', rule: 'AP-ENABLE-01' };
      servedBy = owner;
    }
    const ownerFaults = this.faultsOf(owner);
    const has = (f: FaultName) => pathFaults.has(f) || ownerFaults.has(f);
    const rec = entry.deleted
      ? owner.deletedTokens.find((t) => t.hash === hash)
      : owner.tokens.find((t) => t.hash === hash);
    if (!rec || !safeEqualHex(rec.hash, hash)) return { ok: false, reason: 'The access token is not valid.', rule: 'RFC-AUTH-01' };
    if (entry.deleted && !has('deleted-token-accepted')) return { ok: false, reason: 'The access token was deleted.', rule: 'AP-TOKEN-02' };
    if (this.now(owner).getTime() >= Date.parse(rec.expiresAt) && !has('expired-token-accepted')) {
      return { ok: false, reason: 'The access token has expired.', rule: 'AP-TOKEN-05' };
    }
    if (has('older-tokens-revoked-on-use')) { // FAULT older-tokens-revoked-on-use
      const superseded = this.supersededTokens.get(owner) ?? new Set<string>();
      this.supersededTokens.set(owner, superseded);
      if (superseded.has(hash)) return { ok: false, reason: 'The access token was replaced by a newer one.', rule: 'AP-TOKEN-04' };
      const place = entry.deleted ? -1 : owner.tokens.indexOf(rec as TokenRecord);
      for (const older of owner.tokens.slice(0, Math.max(place, 0))) superseded.add(older.hash);
    }
    return { ok: true, tenant, servedBy };
  }

  /** SHA-256 of a presented token; the last few are remembered, since an IdP sends the same one on every request. */
  private hashOf(secret: string): string {
    let hash = this.recentHashes.get(secret);
    if (hash === undefined) {
      if (this.recentHashes.size >= 16) this.recentHashes.clear();
      hash = hashToken(secret);
      this.recentHashes.set(secret, hash);
    }
    return hash;
  }

  // ---- clock -------------------------------------------------------------------------------------

  advance(d: Duration, tenant?: Tenant): Date {
    if (tenant) {
      const from = this.now(tenant);
      tenant.clockOffsetMs += SimulatedClock.deltaFor(from, d);
      this.changed(tenant);
      return this.now(tenant);
    }
    const from = this.now();
    this.clock.globalOffsetMs += SimulatedClock.deltaFor(from, d);
    this.journal?.append({ t: 'clock', ms: this.clock.globalOffsetMs }, true);
    return this.now();
  }

  // ---- faults and SAML ---------------------------------------------------------------------------

  setFaults(tenant: Tenant, faults: unknown): FaultName[] {
    if (!this.options.allowFaults) throw new AdminError(403, 'Faults are refused: start the server with --allow-faults to use them.');
    if (!Array.isArray(faults)) throw new AdminError(400, 'The body must be {"faults": [names]}.');
    const unknown = faults.filter((f) => !isFaultName(f));
    if (unknown.length > 0) throw new AdminError(400, `Unknown fault: ${String(unknown[0]).slice(0, 80)}.`);
    const names = [...new Set(faults as FaultName[])];
    tenant.faults = names;
    this.rebuild(tenant);
    this.changed(tenant);
    return names;
  }

  /** Conformant variants need no --allow-faults: they are behaviours the RFC allows. */
  setVariants(tenant: Tenant, variants: unknown): VariantName[] {
    if (!Array.isArray(variants)) throw new AdminError(400, 'The body must be {"variants": [names]}.');
    const unknown = variants.filter((v) => !isVariantName(v));
    if (unknown.length > 0) throw new AdminError(400, `Unknown variant: ${String(unknown[0]).slice(0, 80)}.`);
    const names = [...new Set(variants as VariantName[])];
    tenant.variants = names;
    this.rebuild(tenant);
    this.changed(tenant);
    return names;
  }

  setSaml(tenant: Tenant, body: Record<string, unknown>): SamlConfig {
    const { certificate, attributesForAccessControl, issuer, audience } = body;
    if (typeof certificate !== 'string' || certificate.length === 0) throw new AdminError(400, 'The body needs "certificate", the IdP\'s signing certificate in PEM.');
    try {
      new X509Certificate(certificate);
    } catch {
      throw new AdminError(400, 'The certificate is not a valid PEM X.509 certificate.');
    }
    if (attributesForAccessControl !== undefined && typeof attributesForAccessControl !== 'boolean') throw new AdminError(400, '"attributesForAccessControl" must be true or false.');
    if (issuer !== undefined && typeof issuer !== 'string') throw new AdminError(400, '"issuer" must be a string.');
    if (audience !== undefined && typeof audience !== 'string') throw new AdminError(400, '"audience" must be a string.');
    const config: SamlConfig = { certificate, attributesForAccessControl: attributesForAccessControl === true };
    if (issuer) config.issuer = issuer;
    if (audience) config.audience = audience;
    tenant.saml = config;
    this.changed(tenant);
    return config;
  }

  // ---- persistence -------------------------------------------------------------------------------

  /** The whole state as plain JSON (the snapshot); records' data objects are shared, never copied: no write mutates them. */
  toJSON(): PersistedState {
    return {
      version: 1,
      globalOffsetMs: this.clock.globalOffsetMs,
      tenants: [...this.tenants.values()].map((t) => ({ ...metaOf(t), data: t.service.snapshot(), events: t.events.toJSON() })),
    };
  }

  load(state: PersistedState): void {
    if (!state || state.version !== 1 || !Array.isArray(state.tenants)) throw new Error('unrecognised state file');
    this.clock.globalOffsetMs = Number(state.globalOffsetMs) || 0;
    for (const p of state.tenants) {
      const tenant = this.tenantFrom(p);
      if (p.data !== undefined) tenant.service.restore(p.data);
      tenant.events = EventRing.from(this.options.eventBufferSize, p.events);
      this.put(tenant);
    }
  }

  /** Replays one journal record (see StateRecord). */
  apply(record: StateRecord): void {
    switch (record.t) {
      case 'tenant': {
        const old = this.tenants.get(record.v.id);
        const engineAlike = old && old.profile === record.v.profile && same(old.faults, record.v.faults) && same(old.variants, record.v.variants ?? []);
        const tenant = this.tenantFrom(record.v, engineAlike ? old.service : undefined);
        if (old) {
          this.unindexTokens(old);
          if (!engineAlike) tenant.service.restore(old.service.snapshot());
          tenant.events = old.events;
        }
        this.put(tenant);
        return;
      }
      case 'drop': {
        const old = this.tenants.get(record.id);
        if (old) { this.unindexTokens(old); this.tenants.delete(record.id); }
        return;
      }
      case 'clock': this.clock.globalOffsetMs = Number(record.ms) || 0; return;
      case 'ev': this.tenants.get(record.id)?.events.push(record.e); return;
      case 'd': this.tenants.get(record.id)?.service.applyChange?.(record.c); return;
      case 'data': this.tenants.get(record.id)?.service.restore(record.s); return;
    }
  }

  /** A tenant (with an empty engine and trail) from its persisted settings. */
  private tenantFrom(p: TenantMeta, keepService?: ScimService): Tenant {
    const profile: SpProfile = isProfile(p.profile) ? p.profile : this.options.defaultProfile;
    const faults = (p.faults ?? []).filter(isFaultName);
    const variants = (p.variants ?? []).filter(isVariantName);
    const service = keepService ?? this.buildService(p.id, profile, new Set<FaultName>([...this.options.serverFaults, ...faults]),
      new Set<VariantName>([...(this.options.serverVariants ?? []), ...variants]));
    const tenant: Tenant = {
      id: p.id, profile, createdAt: p.createdAt, clockOffsetMs: Number(p.clockOffsetMs) || 0, provisioning: !!p.provisioning,
      tokens: p.tokens ?? [], deletedTokens: p.deletedTokens ?? [], faults, variants, service,
      events: new EventRing(this.options.eventBufferSize),
    };
    if (p.saml) tenant.saml = p.saml;
    return tenant;
  }

  private put(tenant: Tenant): void {
    this.tenants.set(tenant.id, tenant);
    for (const t of tenant.tokens) this.tokenIndex.set(t.hash, { tenantId: tenant.id, tokenId: t.id, deleted: false });
    for (const t of tenant.deletedTokens) this.tokenIndex.set(t.hash, { tenantId: tenant.id, tokenId: t.id, deleted: true });
  }

  private unindexTokens(tenant: Tenant): void {
    for (const t of [...tenant.tokens, ...tenant.deletedTokens]) this.tokenIndex.delete(t.hash);
  }
}

const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** A tenant's settings without its data and trail; arrays are copied, because token changes edit them in place. */
function metaOf(t: Tenant): TenantMeta {
  const meta: TenantMeta = {
    id: t.id, profile: t.profile, createdAt: t.createdAt, clockOffsetMs: t.clockOffsetMs, provisioning: t.provisioning,
    tokens: [...t.tokens], deletedTokens: [...t.deletedTokens], faults: [...t.faults], variants: [...t.variants],
  };
  if (t.saml) meta.saml = t.saml;
  return meta;
}

export interface TenantMeta {
  id: string; profile: SpProfile; createdAt: string; clockOffsetMs: number; provisioning: boolean;
  tokens: TokenRecord[]; deletedTokens: DeletedTokenRecord[]; saml?: SamlConfig; faults: FaultName[];
  variants?: VariantName[];
}
export interface PersistedTenant extends TenantMeta { data: unknown; events: TrailEvent[] }
export interface PersistedState { version: 1; globalOffsetMs: number; tenants: PersistedTenant[] }

function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
