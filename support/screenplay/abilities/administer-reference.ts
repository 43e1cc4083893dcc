// The ability to drive the reference server's admin API: tenants, automatic provisioning, tokens,
// the simulated clock and the event trail. Only targets that serve it (embedded, or --admin-url) grant it.
import type { Ability } from '../actor.js';
import { Unsupported } from '../actor.js';
import { ScimClient, type ScimReply } from '../../scim/client.js';
import { stripTrailingSlash } from '../../targets/target.js';
import type { ScenarioContext } from '../context.js';

export interface IssuedToken { id: string; token: string; createdAt: string; expiresAt: string }
export interface TenantInfo { id: string; profile: string; scimEndpoint: string }

/** An id as one path segment. */
const t = (id: string): string => encodeURIComponent(id);

export class AdministerReference implements Ability {
  private readonly client: ScimClient;
  private readonly tenants: string[] = [];
  last?: ScimReply;

  constructor(private readonly ctx: ScenarioContext, actorName: string) {
    const base = ctx.target.adminBase;
    if (!base || !ctx.secrets.adminToken) throw new Unsupported('the target serves no reference admin API (give --admin-url and --admin-token)');
    this.client = new ScimClient({ baseUrl: stripTrailingSlash(base), token: ctx.secrets.adminToken, timeoutMs: ctx.run.timeoutMs,
      redactor: ctx.redactor, actor: actorName, record: ctx.record, busyDeadline: () => ctx.busyDeadline });
  }

  private async call(method: string, path: string, body?: unknown, query?: Record<string, string>): Promise<ScimReply> {
    const reply = await this.client.send({ method, path, body, query, headers: { 'content-type': 'application/json' } });
    this.last = reply;
    for (const secret of collectTokens(reply.body)) this.ctx.redactor.add(secret);
    return reply;
  }

  private expect(reply: ScimReply, status: number, what: string): any {
    if (reply.failure) throw new Error(`${what}: ${reply.failure}`);
    if (reply.status !== status) throw new Error(`${reply.body?.error ? `"${String(reply.body.error).slice(0, 100)}" (${reply.status})` : reply.status} from the admin API to ${what}, expected ${status}`);
    return reply.body;
  }

  async createTenant(profile = this.ctx.profile): Promise<TenantInfo> {
    const body = this.expect(await this.call('POST', '/tenants', { profile }), 201, 'creating a tenant');
    this.tenants.push(body.id);
    return body;
  }

  enableProvisioning(tenantId: string) { return this.call('POST', `/tenants/${t(tenantId)}/provisioning`); }
  disableProvisioning(tenantId: string, confirm?: string) { return this.call('DELETE', `/tenants/${t(tenantId)}/provisioning`, confirm === undefined ? {} : { confirm }); }
  generateToken(tenantId: string) { return this.call('POST', `/tenants/${t(tenantId)}/tokens`); }
  listTokens(tenantId: string) { return this.call('GET', `/tenants/${t(tenantId)}/tokens`); }
  deleteToken(tenantId: string, tokenId: string, confirm?: string) { return this.call('DELETE', `/tenants/${t(tenantId)}/tokens/${t(tokenId)}`, confirm === undefined ? {} : { confirm }); }
  advanceClock(duration: string, tenantId?: string) { return this.call('POST', '/clock', { advance: duration, ...(tenantId ? { tenant: tenantId } : {}) }); }
  events(tenantId: string, eventName?: string) { return this.call('GET', `/tenants/${t(tenantId)}/events`, undefined, eventName ? { eventName } : undefined); }
  tenant(tenantId: string) { return this.call('GET', `/tenants/${t(tenantId)}`); }
  configureSaml(tenantId: string, certificate: string, attributesForAccessControl = true) {
    return this.call('PUT', `/tenants/${t(tenantId)}/saml`, { certificate, attributesForAccessControl });
  }

  /** A tenant of this scenario's own, provisioning on, with its first token: safe under --parallel. */
  async provisionedTenant(): Promise<{ tenant: TenantInfo; token: IssuedToken; scimBase: string }> {
    const tenant = await this.createTenant();
    const enabled = this.expect(await this.enableProvisioning(tenant.id), 201, 'enabling automatic provisioning');
    return { tenant, token: enabled.accessToken, scimBase: stripTrailingSlash(enabled.scimEndpoint) };
  }

  async discard(): Promise<void> {
    this.client.cleanupMode = true;
    for (const id of this.tenants.splice(0)) await this.client.send({ method: 'DELETE', path: `/tenants/${t(id)}` });
  }
}

function collectTokens(body: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
      if (k === 'token' && typeof x === 'string') out.push(x); else walk(x);
    }
  };
  walk(body);
  return out;
}
