// A complete RFC 7643/7644 service provider as a rule set.
import { URN } from '../schemas.ts';
import type { RuleSet } from './rules.ts';

const none: ReadonlySet<string> = new Set();

export const rfcRules: RuleSet = {
  name: 'rfc',
  contentType: 'application/scim+json',
  errorBody(err) {
    const body: Record<string, unknown> = { schemas: [URN.error], status: String(err.status) };
    if (err.scimType && err.status === 400) body.scimType = err.scimType;
    if (err.scimType === 'uniqueness' && err.status === 409) body.scimType = 'uniqueness';
    if (err.scimType === 'tooMany' && err.status === 413) body.scimType = 'tooMany';
    body.detail = err.reason;
    return body;
  },
  groupPut: true,
  bulk: true,
  search: true,
  meStatus: 501, // RFC 7644 §3.11: an SP without /Me SHOULD answer 501
  unsupportedMethodStatus: 405,
  paging: 'index',
  maxResults: 1000,
  defaultCount: 100,
  countBelowOne: 'zero',
  sort: true,
  projection: true,
  etag: true,
  membersInResponse: true,
  unknownAttribute: 'ignore',
  unsupported: none,
  emptyString: 'accept',
  requiredUser: [],
  emailMustBePrimary: false,
  groupsOnCreate: 'ignore',
  uniquePrimaryEmail: false,
  memberKinds: ['User', 'Group'],
  noRemove: new Set(['username']),
  pathFilterOps: new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr', 'and', 'or', 'not']),
  replaceAllMembers: true,
  removeAllMembers: true,
  idInPatchValue: 'ignoreIfSame',
  patchUserStatus: 200,
  patchGroupStatus: 200,
  bulkLimits: { maxOperations: 1000, maxPayloadSize: 1048576 },
  schemaDrop: none,
  schemaRequired: none,
  documentationUri: 'https://www.rfc-editor.org/rfc/rfc7644',
};
