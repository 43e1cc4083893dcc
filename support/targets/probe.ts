// What every target does once it is open: prove the endpoint answers, and learn what it advertises.
import got from 'got';
import type { TargetCapabilities } from './target.js';
import { TargetUnreachable } from './target.js';
import { describeFailure } from '../scim/client.js';

export interface Advertised { patch: boolean; bulk: boolean; etag: boolean; sort: boolean; filter: boolean; changePassword: boolean }

const NOTHING: Advertised = { patch: false, bulk: false, etag: false, sort: false, filter: false, changePassword: false };

/** GET /ServiceProviderConfig: any HTTP answer means the target is up; only a 200 JSON body advertises. */
export async function probeTarget(scimBase: string, token: string, timeoutMs: number, label: string): Promise<Advertised> {
  const url = `${scimBase}/ServiceProviderConfig`;
  let res;
  try {
    res = await got(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/scim+json, application/json' },
      throwHttpErrors: false, retry: { limit: 0 }, timeout: { request: timeoutMs }, responseType: 'text' });
  } catch (error) {
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
    const spc = JSON.parse(res.body);
    const on = (key: string) => spc?.[key]?.supported === true;
    return { patch: on('patch'), bulk: on('bulk'), etag: on('etag'), sort: on('sort'), filter: on('filter'), changePassword: on('changePassword') };
  } catch {
    return NOTHING;
  }
}

export function capabilities(advertised: Advertised, admin: boolean, secondToken: boolean): TargetCapabilities {
  return { ...advertised, admin, secondToken };
}

/** The reference admin API, when present: a tenant for the run with provisioning on and two tokens. */
export async function provisionRunTenant(adminBase: string, adminToken: string, spProfile: string, timeoutMs: number) {
  const admin = got.extend({ prefixUrl: adminBase, headers: { authorization: `Bearer ${adminToken}` }, responseType: 'json',
    retry: { limit: 0 }, timeout: { request: timeoutMs } });
  const tenant = (await admin.post('tenants', { json: { profile: spProfile } })).body as unknown as { id: string; scimEndpoint: string };
  const enabled = (await admin.post(`tenants/${tenant.id}/provisioning`)).body as unknown as { scimEndpoint: string; accessToken: { token: string } };
  const second = (await admin.post(`tenants/${tenant.id}/tokens`)).body as unknown as { token: string };
  return { tenantId: tenant.id, scimBase: enabled.scimEndpoint.replace(/\/+$/, ''), token: enabled.accessToken.token, secondToken: second.token,
    remove: async () => { await admin.delete(`tenants/${tenant.id}`).catch(() => undefined); } };
}
