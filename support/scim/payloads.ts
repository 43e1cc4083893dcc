// Request bodies the suite sends as "the client": valid for both SP profiles unless a variation says
// otherwise (AWS needs name parts, displayName and one primary email; the RFC needs only userName).
import type { PersonData } from '../screenplay/context.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

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
