// Shared by the reference-server shell tests: start a server on 127.0.0.1:0 (with the real SCIM engine
// when it exists, otherwise a tiny fake that honours the contract), and small HTTP helpers.
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startReferenceServer, type ReferenceServer, type ReferenceServerOptions } from '../../support/reference-server/index.ts';
import type { ScimRequest, ScimResult, ScimService, ScimServiceOptions, StoredUserSummary } from '../../support/reference-server/scim/types.ts';

export const ADMIN = 'test-admin-token';

const realEngine = process.env.REFERENCE_FAKE_ENGINE !== '1' && existsSync(fileURLToPath(new URL('../../support/reference-server/scim/service.ts', import.meta.url)));

/** A minimal engine: Users create/get/list(userName eq)/delete and /ServiceProviderConfig. */
export function fakeEngine(options: ScimServiceOptions): ScimService {
  let users = new Map<string, StoredUserSummary & { raw: Record<string, unknown> }>();
  const err = (status: number, detail: string) => options.profile === 'aws'
    ? { schema: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail, status: String(status) }
    : { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail };
  const view = (u: StoredUserSummary & { raw: Record<string, unknown> }, base: string) => ({ ...u.raw, id: u.id, meta: { resourceType: 'User', location: `${base}/Users/${u.id}` } });
  return {
    profile: options.profile,
    handle(req: ScimRequest, now: Date): ScimResult {
      const [, resource, id] = req.path.split('/');
      if (req.bodyError) return { response: { status: 400, body: err(400, req.bodyError) }, audit: { eventName: 'Unknown', errorCode: 'ValidationException', errorMessage: req.bodyError } };
      if (resource === 'ServiceProviderConfig' && req.method === 'GET') return { response: { status: 200, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'] } }, audit: { eventName: 'GetServiceProviderConfig' } };
      if (resource === 'Users') {
        if (req.method === 'POST' && !id) {
          const b = (req.body ?? {}) as Record<string, unknown>;
          if (typeof b.userName !== 'string') return { response: { status: 400, body: err(400, 'Request is unparsable, syntactically incorrect, or violates schema.') }, audit: { eventName: 'CreateUser', errorCode: 'ValidationException', errorMessage: 'userName missing' } };
          if ([...users.values()].some((u) => u.userName === b.userName)) return { response: { status: 409, body: err(409, 'Duplicate') }, audit: { eventName: 'CreateUser', errorCode: 'ConflictException', errorMessage: 'Duplicate userName' } };
          const uid = randomUUID();
          const u = { id: uid, userName: b.userName, displayName: b.displayName as string | undefined, active: b.active !== false, emails: ((b.emails ?? []) as Array<{ value: string }>).map((e) => e.value), created: now.toISOString(), lastModified: now.toISOString(), groupIds: [], raw: b };
          users.set(uid, u);
          return { response: { status: 201, headers: { Location: `${req.baseUrl}/Users/${uid}` }, body: view(u, req.baseUrl) }, audit: { eventName: 'CreateUser' } };
        }
        if (req.method === 'GET' && id) {
          const u = users.get(id);
          return u ? { response: { status: 200, body: view(u, req.baseUrl) }, audit: { eventName: 'GetUser' } }
            : { response: { status: 404, body: err(404, 'Not found') }, audit: { eventName: 'GetUser', errorCode: 'ResourceNotFoundException', errorMessage: 'not found' } };
        }
        if (req.method === 'GET') {
          const m = /^userName eq "(.*)"$/.exec(req.query.get('filter') ?? '');
          const list = [...users.values()].filter((u) => !m || u.userName === m[1]);
          return { response: { status: 200, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: list.length, Resources: list.map((u) => view(u, req.baseUrl)) } }, audit: { eventName: 'ListUsers' } };
        }
        if (req.method === 'DELETE' && id) {
          const ok = users.delete(id);
          return { response: { status: ok ? 204 : 404, body: ok ? undefined : err(404, 'Not found') }, audit: { eventName: 'DeleteUser' } };
        }
      }
      return { response: { status: 404, body: err(404, 'Not found') }, audit: { eventName: 'Unknown' } };
    },
    users: () => [...users.values()].reverse().map(({ raw, ...s }) => s),
    groups: () => [],
    counts: () => ({ users: users.size, groups: 0 }),
    snapshot: () => [...users.values()],
    restore(s: unknown) {
      users = new Map((s as Array<StoredUserSummary & { raw: Record<string, unknown> }>).map((u) => [u.id, u]));
    },
  };
}

export async function startServer(extra: Partial<ReferenceServerOptions> = {}): Promise<ReferenceServer> {
  return startReferenceServer({ adminToken: ADMIN, ...(realEngine ? {} : { serviceFactory: fakeEngine }), ...extra });
}

export interface Reply { status: number; headers: Headers; body: any; text: string }

export async function call(url: string, init: { method?: string; token?: string; body?: unknown; raw?: string | Buffer; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  let body: string | Buffer | undefined;
  if (init.raw !== undefined) body = init.raw;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/scim+json';
  }
  const res = await fetch(url, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body: body as BodyInit | undefined, redirect: "manual" });
  const text = await res.text();
  let parsed: unknown;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

export function admin(server: ReferenceServer, path: string, init: { method?: string; body?: unknown } = {}): Promise<Reply> {
  return call(`${server.url}/admin${path}`, { token: ADMIN, ...init, headers: init.body !== undefined ? { 'content-type': 'application/json' } : {} });
}

/** Creates a tenant with provisioning on; returns its id, SCIM base (no trailing slash) and first token. */
export async function provisionedTenant(server: ReferenceServer, profile: 'aws' | 'rfc' = 'aws') {
  const t = await admin(server, '/tenants', { body: { profile } });
  const p = await admin(server, `/tenants/${t.body.id}/provisioning`, { method: 'POST' });
  return { id: t.body.id as string, base: (p.body.scimEndpoint as string).replace(/\/$/, ''), token: p.body.accessToken.token as string, tokenId: p.body.accessToken.id as string };
}

export function userBody(userName: string) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName, externalId: `ext-${userName}`, displayName: `Display ${userName}`, active: true,
    name: { givenName: 'Given', familyName: 'Family' },
    emails: [{ value: `${userName}@example.com`, type: 'work', primary: true }],
  };
}
