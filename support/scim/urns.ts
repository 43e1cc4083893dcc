// The schema URNs of RFC 7643 and RFC 7644 the suite sends and looks for, spelled as the RFCs spell them.
// A URN is not caseExact (RFC 7643 §2.2, §8.7.2): an answer may spell one in any case, and canonicalNames
// (attribute-names.ts) reads it back in this spelling.

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SEARCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

export const SCIM_URNS = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_SCHEMA, SPC_SCHEMA, RESOURCE_TYPE_SCHEMA, SCHEMA_SCHEMA,
  PATCH_SCHEMA, ERROR_SCHEMA, LIST_SCHEMA, SEARCH_SCHEMA, BULK_REQUEST_SCHEMA, BULK_RESPONSE_SCHEMA] as const;
