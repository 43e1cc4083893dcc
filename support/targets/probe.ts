// What every target does once it is open: prove the endpoint answers, and learn what it advertises.
import type { TargetCapabilities } from './target.js';
import { TargetUnreachable, UsageError } from './target.js';
import { describeFailure } from '../scim/client.js';
import { parseAnswer } from '../scim/attribute-names.js';
import { request, TransportAuthError } from '../scim/transport.js';

export interface Advertised {
  patch: boolean; bulk: boolean; etag: boolean; sort: boolean; filter: boolean; changePassword: boolean;
  /** `"pagination": {"index": false}`: lists page by cursor alone (RFC 9865 §4), startIndex means nothing there. */
  cursorPagingOnly: boolean;
  /** `"pagination": {"cursor": true}`: lists page by cursor (RFC 9865 §4), and may leave out a totalResults they cannot count (§2). */
  cursorPaging: boolean;
}

const NOTHING: Advertised = { patch: false, bulk: false, etag: false, sort: false, filter: false, changePassword: false, cursorPagingOnly: false, cursorPaging: false };

/** GET /ServiceProviderConfig: any HTTP answer means the target is up; only a 200 JSON body advertises. */
export async function probeTarget(scimBase: string, token: string, timeoutMs: number, label: string): Promise<Advertised> {
  const url = `${scimBase}/ServiceProviderConfig`;
  let res;
  try {
    // through the shared HTTP layer: the run's pacing, auth scheme, TLS settings and 429 handling apply
    res = await request('GET', url, { headers: { authorization: `Bearer ${token}`, accept: 'application/scim+json, application/json', 'user-agent': 'scim-conformance' }, timeoutMs });
  } catch (error) {
    // credentials the token endpoint refuses, or a certificate no CA vouches for, are the run's configuration
    if (error instanceof TransportAuthError) throw new UsageError(error.message);
    const failure = describeFailure(error, url, timeoutMs);
    if (failure.startsWith('the TLS certificate')) throw new UsageError(`The target ${label} could not be used: ${failure}, or --insecure.`);
    // Nothing listening is "unreachable" (exit 3); a host that hangs, resets or garbles its answer is up
    // but broken, and its scenarios fail one by one with the reason.
    const code = (error as NodeJS.ErrnoException).code;
    if (code && ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)) {
      throw new TargetUnreachable(`The target ${label} could not be reached: ${describeFailure(error, url, timeoutMs)}.`);
    }
    return NOTHING;
  }
  if (res.statusCode !== 200) return NOTHING;
  try {
    const spc = parseAnswer(res.body); // attribute names are case insensitive (RFC 7643 §2.1)
    const on = (key: string) => spc?.[key]?.supported === true;
    return { patch: on('patch'), bulk: on('bulk'), etag: on('etag'), sort: on('sort'), filter: on('filter'), changePassword: on('changePassword'),
      cursorPagingOnly: spc?.pagination?.index === false, cursorPaging: spc?.pagination?.cursor === true };
  } catch {
    return NOTHING;
  }
}

export function capabilities(advertised: Advertised, admin: boolean, secondToken: boolean): TargetCapabilities {
  return { ...advertised, admin, secondToken };
}

/** The reference admin API, when present: a tenant for the run with provisioning on and two tokens. */
export async function provisionRunTenant(adminBase: string, adminToken: string, spProfile: string, timeoutMs: number) {
  const admin = async (method: string, path: string, json?: unknown): Promise<any> => {
    const res = await request(method, `${adminBase}/${path}`, { headers: { authorization: `Bearer ${adminToken}`, accept: 'application/json', 'user-agent': 'scim-conformance' },
      ...(json !== undefined ? { json } : {}), timeoutMs });
    if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`Response code ${res.statusCode} (${method} ${path})`);
    return res.body ? JSON.parse(res.body) : undefined;
  };
  const tenant = await admin('POST', 'tenants', { profile: spProfile }) as { id: string; scimEndpoint: string };
  const enabled = await admin('POST', `tenants/${tenant.id}/provisioning`) as { scimEndpoint: string; accessToken: { token: string } };
  const second = await admin('POST', `tenants/${tenant.id}/tokens`) as { token: string };
  return { tenantId: tenant.id, scimBase: enabled.scimEndpoint.replace(/\/+$/, ''), token: enabled.accessToken.token, secondToken: second.token,
    remove: async () => { await admin('DELETE', `tenants/${tenant.id}`).catch(() => undefined); } };
}
