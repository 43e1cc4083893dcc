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
