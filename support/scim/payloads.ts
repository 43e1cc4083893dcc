// Request bodies the suite sends as "the client": valid for both SP profiles unless a variation says
// otherwise (AWS needs name parts, displayName and one primary email; the RFC needs only userName).
import type { PersonData } from '../screenplay/context.js';

import { GROUP_SCHEMA, PATCH_SCHEMA, USER_SCHEMA } from './urns.js';

export { USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_SCHEMA, PATCH_SCHEMA, ERROR_SCHEMA, LIST_SCHEMA } from './urns.js';

export function userPayload(person: PersonData): Record<string, any> {
  return {
    schemas: [USER_SCHEMA],
    userName: person.userName,
    externalId: person.externalId,
    name: { givenName: person.givenName, familyName: person.familyName },
    displayName: person.displayName,
    emails: [{ value: person.email, type: 'work', primary: true }],
    active: true,
  };
}

export function groupPayload(displayName: string, memberIds: string[] = []): Record<string, any> {
  return { schemas: [GROUP_SCHEMA], displayName, members: memberIds.map((value) => ({ value })) };
}

export function patchOps(...operations: Record<string, unknown>[]): Record<string, any> {
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}

/**
 * The HTTP status of one operation of a Bulk answer, as text: RFC 7644 §3.7.3's examples write it bare (`"201"`), its
 * text and §3.7.2's example as `{ "code": "201" }` ("The status attribute MUST include the code attribute"); a number
 * is read as its digits. Undefined where neither form is there.
 */
export function bulkOperationStatus(op: unknown): string | undefined {
  const status = op && typeof op === 'object' ? (op as { status?: unknown }).status : undefined;
  const code = status && typeof status === 'object' ? (status as { code?: unknown }).code : status;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}
