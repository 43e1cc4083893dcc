// Calls the SCIM engine directly (no HTTP) for the unit tests.
import { createScimService } from '../../../support/reference-server/scim/service.ts';
import type { FaultName, ScimResult, ScimService, SpProfile } from '../../../support/reference-server/scim/types.ts';

export const BASE = 'https://scim.example.test/t1/scim/v2';
export const NOW = new Date('2024-05-01T10:00:00.000Z');
export const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export function svc(profile: SpProfile, faults: FaultName[] = []): ScimService {
  return createScimService({ profile, faults: new Set(faults) });
}

export interface CallOpts { headers?: Record<string, string>; bodyError?: string; now?: Date }

/** `path` may carry a query string (`/Users?filter=…`), split as the shell does. */
export function call(s: ScimService, method: string, path: string, body?: unknown, o: CallOpts = {}): ScimResult & { status: number; body: any } {
  const q = path.indexOf('?');
  const rawQuery = q < 0 ? '' : path.slice(q + 1);
  const r = s.handle({
    method, path: q < 0 ? path : path.slice(0, q), query: new URLSearchParams(rawQuery), rawQuery,
    headers: o.headers ?? {}, body, bodyError: o.bodyError, baseUrl: BASE,
  }, o.now ?? NOW);
  return Object.assign(r, { status: r.response.status, body: r.response.body as any });
}

let n = 0;
/** A user body valid under both profiles (aws needs given/family/display names and a primary email). */
export function userBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  n++;
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: `user${n}@example.com`,
    name: { givenName: 'Ada', familyName: `Lovelace${n}` },
    displayName: `Ada Lovelace ${n}`,
    emails: [{ value: `user${n}@example.com`, type: 'work', primary: true }],
    active: true,
    ...over,
  };
}

export function createUser(s: ScimService, over: Record<string, unknown> = {}): any {
  const r = call(s, 'POST', '/Users', userBody(over));
  if (r.status !== 201) throw new Error(`create user failed: ${r.status} ${JSON.stringify(r.body)} ${JSON.stringify(r.audit)}`);
  return r.body;
}

export function createGroup(s: ScimService, displayName: string, members: string[] = []): any {
  const r = call(s, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName, members: members.map((value) => ({ value })) });
  if (r.status !== 201) throw new Error(`create group failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export const patchBody = (...Operations: unknown[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations });

/** Member ids of a group (rfc: read the group; aws: members are always empty, use the store summary). */
export function memberIds(s: ScimService, gid: string): string[] {
  return s.groups().find((g) => g.id === gid)?.memberIds.slice().sort() ?? [];
}
