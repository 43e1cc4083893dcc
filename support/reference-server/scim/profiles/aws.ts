// AWS IAM Identity Center's inbound SCIM API as a rule set (the AWS SCIM developer guide, catalog/sources.yaml aws-scim-guide).
import { randomUUID } from 'node:crypto';
import type { Filter } from 'scim2-parse-filter';
import { ruled, ScimError } from '../errors.ts';
import { conjuncts } from '../filter.ts';
import { type ResourceKind, URN } from '../schemas.ts';
import type { RuleSet } from './rules.ts';

export const AWS_400_DETAIL = 'Request is unparsable, syntactically incorrect, or violates schema.';
export const AWS_409_DETAIL = 'Refused to create a new, duplicate resource.';
export const AWS_MULTI_VALUE_MESSAGE = 'Currently list attributes only allow single item';

/** "2022-02-14 17:37:21.224" (UTC), as AWS's 409 body shows it. */
export function awsTimeStamp(now: Date): string {
  return now.toISOString().replace('T', ' ').replace('Z', '');
}

/** The documented filter forms (§5.3): each an exact set of attributes, all compared with `eq`. */
export const AWS_FILTER_FORMS: Record<ResourceKind, readonly (readonly string[])[]> = {
  User: [['username'], ['externalid'], ['groups.value'], ['id', 'manager'], ['id', 'manager.value']],
  Group: [['displayname'], ['externalid'], ['id', 'members'], ['id', 'members.value'], ['members.value'], ['members']],
};

function validateListFilter(f: Filter, kind: ResourceKind): void {
  const parts = conjuncts(f);
  const names: string[] = [];
  for (const p of parts) {
    const c = p as { op: string; attrPath?: string; compValue?: unknown };
    if (c.op !== 'eq') throw ruled('AWS-FILTER-01', new ScimError(400, `Unsupported filter operator ${c.op}`, 'invalidFilter'));
    if (typeof c.compValue !== 'string') throw ruled('AWS-FILTER-01', new ScimError(400, 'Filter value must be a quoted string', 'invalidFilter'));
    names.push(String(c.attrPath).toLowerCase());
  }
  const key = [...names].sort().join(',');
  const ok = AWS_FILTER_FORMS[kind].some((form) => [...form].sort().join(',') === key);
  if (!ok) throw ruled('AWS-FILTER-01', new ScimError(400, `Unsupported filter attributes ${names.join(' and ')}`, 'invalidFilter'));
}

const set = (...xs: string[]): ReadonlySet<string> => new Set(xs);
const NAME_PARTS = ['formatted', 'givenname', 'familyname', 'middlename', 'honorificprefix', 'honorificsuffix'];
const ADDRESS_PARTS = ['formatted', 'streetaddress', 'locality', 'region', 'postalcode', 'country', 'type'];

export const awsRules: RuleSet = {
  name: 'aws',
  contentType: 'application/json',
  errorBody(err, now) {
    const body: Record<string, unknown> = { schema: [URN.error] };
    if (err.status === 400) body.detail = AWS_400_DETAIL;
    else if (err.status === 409) body.detail = AWS_409_DETAIL;
    else body.detail = err.publicDetail ?? err.reason;
    body.status = String(err.status);
    if (err.status === 409) {
      body.exceptionRequestId = randomUUID();
      body.timeStamp = awsTimeStamp(now);
    }
    return body;
  },
  groupPut: false,
  bulk: false,
  search: false,
  meStatus: 404,
  refuseEmptySegment: true, // AWS's IdP guides tell the admin to remove the console's trailing `/` (AP-ENABLE-02)
  unsupportedMethodStatus: 400, // "ValidationException … also occurs if the operation is unsupported"
  paging: 'cursor',
  maxResults: 100,
  defaultCount: 100,
  countBelowOne: 'refuse',
  sort: false,
  projection: false,
  etag: false,
  membersInResponse: false,
  validateListFilter,
  unknownAttribute: 'reject',
  unsupported: set('ims', 'photos', 'x509certificates', 'entitlements', 'password', 'manager.displayname',
    'emails.display', 'addresses.display', 'phonenumbers.display', 'roles.display'),
  emptyString: 'reject',
  forbiddenChars: {
    paths: set('username', 'displayname', 'nickname', 'title', ...NAME_PARTS.map((p) => `name.${p}`), ...ADDRESS_PARTS.map((p) => `addresses.${p}`)),
    re: /[<>;:%\t\n\r]/,
  },
  requiredUser: ['name.givenname', 'name.familyname', 'displayname'],
  singleValued: { attrs: set('emails', 'addresses', 'phonenumbers', 'roles'), max: 1, message: AWS_MULTI_VALUE_MESSAGE },
  emailMustBePrimary: true,
  groupsOnCreate: 'reject',
  uniquePrimaryEmail: true,
  memberKinds: ['User'],
  patchableUser: set('username', 'active', 'externalid', 'displayname', 'nickname', 'profileurl', 'title', 'usertype',
    'preferredlanguage', 'locale', 'timezone', 'name', URN.enterprise.toLowerCase(), 'emails', 'addresses', 'phonenumbers'),
  patchableGroup: set('displayname', 'members', 'externalid'),
  noRemove: set('username', 'active'),
  limitedOps: { attrs: set('username', 'active'), max: 1 },
  pathFilterOps: set('eq', 'and'),
  maxMembersPerCreate: 100,
  maxMemberChangesPerPatch: 100,
  replaceAllMembers: false,
  removeAllMembers: false,
  idInPatchValue: 'reject',
  patchUserStatus: 200,
  patchGroupStatus: 204,
  bulkLimits: { maxOperations: 0, maxPayloadSize: 0 },
  schemaDrop: set('ims', 'photos', 'x509certificates', 'entitlements', 'password', 'groups', 'manager.displayname',
    'emails.display', 'addresses.display', 'phonenumbers.display', 'roles.display'),
  schemaRequired: set('name', 'name.givenname', 'name.familyname', 'displayname'),
  documentationUri: 'https://docs.aws.amazon.com/singlesignon/latest/developerguide/what-is-scim.html',
};
