// The admin API under /admin: JSON in and out, guarded by `Authorization: Bearer <adminToken>`.
// Errors are { "error": "<one sentence>" } with a 4xx (401 without the admin token).
//
//   POST   /admin/tenants                       {profile?: aws|rfc} → 201 {id, profile, scimEndpoint}  (endpoint ends in '/')
//   GET    /admin/tenants                       → {tenants: [tenant view]}
//   GET    /admin/tenants/{id}                  → {id, profile, scimEndpoint, provisioning: enabled|disabled, counts: {users, groups}}
//   DELETE /admin/tenants/{id}                  → 204
//   POST   /admin/tenants/{id}/provisioning     → 201 {scimEndpoint, accessToken: {id, token, createdAt, expiresAt}}; 409 if on
//   GET    /admin/tenants/{id}/provisioning     → {provisioning, scimEndpoint}
//   DELETE /admin/tenants/{id}/provisioning     {confirm: "DISABLE"} → 204; 400 without it; 409 while a token exists
//   POST   /admin/tenants/{id}/tokens           → 201 {id, token, createdAt, expiresAt}; 409 with two (expired ones count)
//   GET    /admin/tenants/{id}/tokens           → {tokens: [{id, createdAt, expiresAt, expired}]}  (never the secret)
//   DELETE /admin/tenants/{id}/tokens/{tokenId} {confirm: "DELETE"} → 204; 400 without it; 404 unknown
//   POST   /admin/clock                         {advance: ISO 8601 duration, tenant?} → {now}  (no tenant: every tenant moves)
//   GET    /admin/clock[?tenant=id]             → {now}
//   GET    /admin/tenants/{id}/events[?eventName=&errorCode=&limit=] → {events: [CloudTrail-shaped, newest first]}
//   GET    /admin/tenants/{id}/users | /groups  → {users: [StoredUserSummary]} | {groups: [StoredGroupSummary]}
//   PUT    /admin/tenants/{id}/saml             {certificate: PEM, attributesForAccessControl?, issuer?, audience?} → 200 (same fields)
//   GET    /admin/tenants/{id}/saml             → the same, 404 when none
//   POST   /admin/tenants/{id}/faults           {faults: [names]} → 200 {faults} (the tenant's set, replaced); 403 unless allowFaults
//   GET    /admin/tenants/{id}/faults           → {faults} (server-wide ones included)
//   POST   /admin/tenants/{id}/variants         {variants: [names]} → 200 {variants} (conformant variants, replaced; no --allow-faults needed)
//   GET    /admin/tenants/{id}/variants         → {variants} (server-wide ones included)
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { parseDuration } from './clock.ts';
import { discard, header, readBody, sendJson } from './http-util.ts';
import { AdminError, type ReferenceState, type Tenant } from './state.ts';

export interface AdminContext {
  state: ReferenceState;
  adminToken: string;
  /** The SCIM endpoint as the AWS console shows it: ending in '/'. */
  scimEndpoint(tenant: Tenant, req: IncomingMessage): string;
}

export function adminTokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

export function tenantView(ctx: AdminContext, t: Tenant, req: IncomingMessage) {
  return {
    id: t.id, profile: t.profile, scimEndpoint: ctx.scimEndpoint(t, req),
    provisioning: t.provisioning ? 'enabled' as const : 'disabled' as const,
    counts: t.service.counts(),
  };
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const r = await readBody(req);
  if (!r.ok) throw new AdminError(413, 'The request body is larger than 1 MiB.');
  const text = r.body.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AdminError(400, 'The request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new AdminError(400, 'The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

function methodNotAllowed(): never {
  throw new AdminError(405, 'That method is not allowed on this path.');
}

/** `rest` is the path below /admin (no query), e.g. '/tenants/abc/tokens'. */
export async function handleAdmin(ctx: AdminContext, req: IncomingMessage, res: ServerResponse, rest: string, query: URLSearchParams): Promise<void> {
  const { state } = ctx;
  const authz = header(req, 'authorization');
  const m = authz ? /^Bearer +(.+?) *$/i.exec(authz) : null;
  if (!m || !adminTokenMatches(ctx.adminToken, m[1])) {
    discard(req);
    sendJson(res, 401, { error: 'The admin API needs "Authorization: Bearer <admin token>".' }, { 'WWW-Authenticate': 'Bearer' });
    return;
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const parts = rest.split('/').filter((s) => s.length > 0).map((s) => {
    try { return decodeURIComponent(s); } catch { return s; }
  });
  try {
    const out = await route(ctx, req, method, parts, query);
    sendJson(res, out.status, out.body);
  } catch (e) {
    if (e instanceof AdminError) {
      discard(req);
      sendJson(res, e.status, { error: e.message });
      return;
    }
    throw e;
  }
}

async function route(ctx: AdminContext, req: IncomingMessage, method: string, parts: string[], query: URLSearchParams): Promise<{ status: number; body?: unknown }> {
  const { state } = ctx;
  const [head, id, sub, subId, ...extra] = parts;
  if (extra.length > 0) throw new AdminError(404, 'No admin resource at that path.');

  if (head === 'clock' && id === undefined) {
    if (method === 'GET') {
      const tid = query.get('tenant');
      return { status: 200, body: { now: state.now(tid ? state.get(tid) : undefined).toISOString() } };
    }
    if (method === 'POST') {
      const body = await jsonBody(req);
      const d = typeof body.advance === 'string' ? parseDuration(body.advance) : undefined;
      if (!d) throw new AdminError(400, 'The body needs "advance", an ISO 8601 duration such as "P366D" or "PT40M".');
      let tenant: Tenant | undefined;
      if (body.tenant !== undefined) {
        if (typeof body.tenant !== 'string') throw new AdminError(400, '"tenant" must be a tenant id.');
        tenant = state.get(body.tenant);
      }
      return { status: 200, body: { now: state.advance(d, tenant).toISOString() } };
    }
    methodNotAllowed();
  }

  if (head !== 'tenants') throw new AdminError(404, 'No admin resource at that path.');

  if (id === undefined) {
    if (method === 'GET') return { status: 200, body: { tenants: [...state.tenants.values()].map((t) => tenantView(ctx, t, req)) } };
    if (method === 'POST') {
      const body = await jsonBody(req);
      const t = state.createTenant(body.profile);
      return { status: 201, body: { id: t.id, profile: t.profile, scimEndpoint: ctx.scimEndpoint(t, req) } };
    }
    methodNotAllowed();
  }

  const tenant = state.get(id);

  if (sub === undefined) {
    if (method === 'GET') return { status: 200, body: tenantView(ctx, tenant, req) };
    if (method === 'DELETE') {
      state.deleteTenant(tenant.id);
      return { status: 204 };
    }
    methodNotAllowed();
  }

  if (sub === 'provisioning' && subId === undefined) {
    if (method === 'POST') {
      const token = state.enableProvisioning(tenant);
      return { status: 201, body: { scimEndpoint: ctx.scimEndpoint(tenant, req), accessToken: token } };
    }
    if (method === 'DELETE') {
      const body = await jsonBody(req);
      state.disableProvisioning(tenant, body.confirm);
      return { status: 204 };
    }
    if (method === 'GET') return { status: 200, body: { provisioning: tenant.provisioning ? 'enabled' : 'disabled', scimEndpoint: ctx.scimEndpoint(tenant, req) } };
    methodNotAllowed();
  }

  if (sub === 'tokens') {
    if (subId === undefined) {
      if (method === 'GET') return { status: 200, body: { tokens: state.listTokens(tenant) } };
      if (method === 'POST') return { status: 201, body: state.generateToken(tenant) };
      methodNotAllowed();
    }
    if (method === 'DELETE') {
      const body = await jsonBody(req);
      state.deleteToken(tenant, subId, body.confirm);
      return { status: 204 };
    }
    methodNotAllowed();
  }

  if (sub === 'events' && subId === undefined) {
    if (method !== 'GET') methodNotAllowed();
    const limitText = query.get('limit');
    let limit: number | undefined;
    if (limitText !== null) {
      limit = Number(limitText);
      if (!Number.isInteger(limit) || limit < 1) throw new AdminError(400, '"limit" must be a positive integer.');
    }
    const eventName = query.get('eventName') ?? undefined;
    const errorCode = query.get('errorCode') ?? undefined;
    return { status: 200, body: { events: tenant.events.list({ eventName, errorCode, limit }) } };
  }

  if ((sub === 'users' || sub === 'groups') && subId === undefined) {
    if (method !== 'GET') methodNotAllowed();
    return { status: 200, body: sub === 'users' ? { users: tenant.service.users() } : { groups: tenant.service.groups() } };
  }

  if (sub === 'saml' && subId === undefined) {
    if (method === 'PUT') {
      const config = state.setSaml(tenant, await jsonBody(req));
      return { status: 200, body: samlView(config) };
    }
    if (method === 'GET') {
      if (!tenant.saml) throw new AdminError(404, 'No SAML identity provider is configured for this tenant.');
      return { status: 200, body: samlView(tenant.saml) };
    }
    methodNotAllowed();
  }

  if (sub === 'faults' && subId === undefined) {
    if (method === 'GET') return { status: 200, body: { faults: [...state.faultsOf(tenant)] } };
    if (method === 'POST') {
      if (!state.options.allowFaults) {
        discard(req);
        throw new AdminError(403, 'Faults are refused: start the server with --allow-faults to use them.');
      }
      const body = await jsonBody(req);
      state.setFaults(tenant, body.faults);
      return { status: 200, body: { faults: [...state.faultsOf(tenant)] } };
    }
    methodNotAllowed();
  }

  if (sub === 'variants' && subId === undefined) {
    if (method === 'GET') return { status: 200, body: { variants: [...state.variantsOf(tenant)] } };
    if (method === 'POST') {
      const body = await jsonBody(req);
      state.setVariants(tenant, body.variants);
      return { status: 200, body: { variants: [...state.variantsOf(tenant)] } };
    }
    methodNotAllowed();
  }

  throw new AdminError(404, 'No admin resource at that path.');
}

function samlView(c: { certificate: string; attributesForAccessControl: boolean; issuer?: string; audience?: string }) {
  return { certificate: c.certificate, attributesForAccessControl: c.attributesForAccessControl, ...(c.issuer ? { issuer: c.issuer } : {}), ...(c.audience ? { audience: c.audience } : {}) };
}
