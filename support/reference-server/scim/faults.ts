// The engine-level faults of types.ts FAULTS, in one place: each is a small, explicit deviation that the
// handlers consult. The token and tenant faults belong to the HTTP shell and are ignored here.
import type { RuleSet } from './profiles/rules.ts';
import type { FaultName } from './types.ts';
import type { ScimType } from './errors.ts';

export interface EngineFaults {
  /** accept-multiple-values: aws stops refusing a second value in emails/addresses/phoneNumbers/roles. */
  acceptMultipleValues: boolean;
  /** duplicate-username-200: a duplicate userName on create answers 200 with the existing user. */
  duplicateUserName200: boolean;
  /** ignore-count: list requests return every result on one page. */
  ignoreCount: boolean;
  /** legacy-member-remove-all: remove on "members" with a value list removes every member. */
  legacyMemberRemoveAll: boolean;
  /** delete-emptied-groups: a group whose last member is removed is deleted. */
  deleteEmptiedGroups: boolean;
  /** patch-not-atomic: operations before the failing one are kept. */
  patchNotAtomic: boolean;
  /** refused-patch-touches-meta: a refused PATCH leaves the attributes, and bumps meta.version and lastModified. */
  refusedPatchTouchesMeta: boolean;
  /** delete-answers-200: a successful DELETE answers 200 with the deleted resource. */
  deleteAnswers200: boolean;
  /** numeric-error-status: error bodies carry status as a number. */
  numericErrorStatus: boolean;
  /** case-sensitive-username-filter: `userName eq` matches the exact case only. */
  caseSensitiveUserNameFilter: boolean;
  /** filter-names-case-sensitive: filter attribute names and operators must be written in their canonical case. */
  filterNamesCaseSensitive: boolean;
  /** filter-left-to-right: "and" and "or" have one precedence, read left to right. */
  filterLeftToRight: boolean;
  /** etag-not-sent: ETags are advertised, yet no answer carries an ETag header or meta.version. */
  etagNotSent: boolean;
  /** booleans-as-strings: active and primary are answered as the strings "true" and "false". */
  booleansAsStrings: boolean;
  /** declared-attributes-dropped: /Schemas declares title and nickName, and every write drops them. */
  declaredAttributesDropped: boolean;
  /**
   * The scimTypes of PATCH refusals answered 501 Not Implemented instead (django-scim2's answer to a path it has no
   * handler for): read-only-patch-501, mutability; unhandled-patch-501, mutability and noTarget. Empty: none.
   */
  patchRefusals501: ReadonlySet<ScimType>;
  /** display-name-of-names: a user's displayName is made of its names, whatever a write sends. */
  displayNameOfNames: boolean;
  /** start-index-required: a list without startIndex or cursor is answered 400. */
  startIndexRequired: boolean;
  /** delete-ignored: a DELETE answers 204 and deletes nothing. */
  deleteIgnored: boolean;
  /** deleted-user-listed: filters still find deleted users. */
  deletedUserListed: boolean;
  /** put-creates-missing: a PUT to a missing user id creates it (an upsert). */
  putCreatesMissing: boolean;
  /** password-returned: a created user's password comes back hashed. */
  passwordReturned: boolean;
  /** validation-422: a 400 invalidValue or invalidSyntax is answered 422. */
  validation422: boolean;
  /** put-answers-204: a successful PUT answers 204 without a body. */
  putAnswers204: boolean;
  /** put-takes-client-meta: a PUT stores the meta.created its body carries. */
  putTakesClientMeta: boolean;
  /** group-create-with-members-500: a group create that names members answers 500 and stores nothing. */
  groupCreateWithMembers500: boolean;
  /** user-create-500: every user create answers 500 and stores nothing. */
  userCreate500: boolean;
  /** user-put-500, user-patch-500: every PUT, or every PATCH, of a user answers 500 and changes nothing. */
  userPut500: boolean;
  userPatch500: boolean;
  /** group-patch-500: every PATCH of a group answers 500 and changes nothing. */
  groupPatch500: boolean;
  /** modified-apart-from-created: a new resource's lastModified is a second after its created. */
  modifiedApartFromCreated: boolean;
  /** resource-type-misnamed: meta.resourceType comes in lower case. */
  resourceTypeMisnamed: boolean;
  /** version-unlike-etag: meta.version leaves out the ETag header's weak prefix. */
  versionUnlikeETag: boolean;
  /** uniqueness-on-create-only: a PUT or PATCH may give a user another user's userName. */
  uniquenessOnCreateOnly: boolean;
  /** create-takes-client-id: a create stores the id its body names. */
  createTakesClientId: boolean;
  /** page-params-unclamped: startIndex below 1 is 400; a negative count is no count. */
  pageParamsUnclamped: boolean;
  /** boolean-ordering-answered: gt/ge/lt/le on a boolean are answered with false < true. */
  booleanOrderingAnswered: boolean;
  /** primary-not-enforced: a list may keep several values marked primary. */
  primaryNotEnforced: boolean;
  /** conflict-without-scimtype: a 409 error body carries no scimType. */
  conflictWithoutScimType: boolean;
  /** sort-order-ignored: every sorted list comes ascending. */
  sortOrderIgnored: boolean;
  /** search-ignores-filter: POST /.search answers every resource. */
  searchIgnoresFilter: boolean;
  /** email-primary-optional: aws stores a user whose email is not marked primary. */
  emailPrimaryOptional: boolean;
  /** required-names-accepted: a create without userName (or a group's displayName) gets a made-up one. */
  requiredNamesAccepted: boolean;
  /** json-content-type: answers say application/json. */
  jsonContentType: boolean;
  /** put-merges: PUT keeps what its body leaves out or sets to null. */
  putMerges: boolean;
  /** forbidden-characters-accepted: aws drops its character and empty-string rules. */
  forbiddenCharactersAccepted: boolean;
  /** user-names-optional: aws drops the required name attributes. */
  userNamesOptional: boolean;
  /** member-limits-ignored: aws drops its member limits. */
  memberLimitsIgnored: boolean;
  /** attributes-ignored: no projection. */
  attributesIgnored: boolean;
  /** same-id-after-recreate: a deleted user's id comes back with its userName. */
  sameIdAfterRecreate: boolean;
  /** same-group-id-after-recreate: a deleted group's id comes back with its displayName. */
  sameGroupIdAfterRecreate: boolean;
  /** if-match-ignored: no 412. */
  ifMatchIgnored: boolean;
  /** deleted-user-stays-member: a user's delete keeps its memberships. */
  deletedUserStaysMember: boolean;
  /** rename-drops-memberships: a changed userName or email clears the user's memberships. */
  renameDropsMemberships: boolean;
  /** aws-group-members-listed: aws answers groups with their members. */
  awsGroupMembersListed: boolean;
  /** aws-filters-unrestricted: aws drops its filter rule. */
  awsFiltersUnrestricted: boolean;
  /** member-filter-blind: a filter on a group's members finds nothing. */
  memberFilterBlind: boolean;
  /** sw-ignored: `sw` is read as `pr`. */
  swIgnored: boolean;
  /** put-renews-created: a PUT sets meta.created to its own time. */
  putRenewsCreated: boolean;
  /** remove-without-path-ignored: such an operation is dropped. */
  removeWithoutPathIgnored: boolean;
  /** bulk-ids-unresolved: bulkId references in data stay as sent. */
  bulkIdsUnresolved: boolean;
  /** op-case-sensitive: only lower-case PATCH ops are taken. */
  opCaseSensitive: boolean;
  /** string-booleans-refused: "False" is not a boolean. */
  stringBooleansRefused: boolean;
  /** string-booleans-kept: "False" is stored as the string. */
  stringBooleansKept: boolean;
  /** group-members-not-listed: rfc group reads carry an empty member list. */
  groupMembersNotListed: boolean;
  /** member-add-ignored: a PATCH add of members is answered 2xx and dropped. */
  memberAddIgnored: boolean;
  /** extension-paths-ignored: a PATCH operation whose path is an extension URN path is dropped. */
  extensionPathsIgnored: boolean;
  /** pathless-dotted-keys-ignored: a path-less value's dotted and URN keys are dropped. */
  pathlessDottedKeysIgnored: boolean;
  /** echoed-meta-refused: a PUT carrying meta is 400. */
  echoedMetaRefused: boolean;
  /** pathless-id-refused: rfc refuses an unchanged id in a path-less value. */
  pathlessIdRefused: boolean;
  /** member-filter-path-refused: `members[...]` paths are 400. */
  memberFilterPathRefused: boolean;
  /** aws-entitlements-accepted: aws stores entitlements. */
  awsEntitlementsAccepted: boolean;
  /** filter-miss-404: an empty filtered list is 404. */
  filterMiss404: boolean;
  /** manager-string-refused: a bare-string manager is 400. */
  managerStringRefused: boolean;
  /** excluded-members-refused: excludedAttributes=members on a group is 400. */
  excludedMembersRefused: boolean;
  /** username-immutable: a changed userName is 400. */
  userNameImmutable: boolean;
  /** reactivation-ignored: active false stays false. */
  reactivationIgnored: boolean;
  /** unknown-id-400: an id that does not exist is 400, not 404. */
  unknownId400: boolean;
  /** create-without-location: a 201 without Location. */
  createWithoutLocation: boolean;
  /** create-answers-200: a create is answered 200, not 201. */
  createAnswers200: boolean;
  /** resource-types-not-served: /ResourceTypes is 404. */
  resourceTypesNotServed: boolean;
  /** start-index-zero-based: rfc skips startIndex results instead of startIndex - 1. */
  startIndexZeroBased: boolean;
  /** start-index-refused: aws answers 400 to a list that carries startIndex. */
  startIndexRefused: boolean;
  /** aws-external-id-dropped: aws does not keep a user's externalId. */
  awsExternalIdDropped: boolean;
  /** disabled-user-delete-refused: a DELETE of an inactive user is 400. */
  disabledUserDeleteRefused: boolean;
}

export function engineFaults(faults: ReadonlySet<FaultName> | undefined): EngineFaults {
  const on = (n: FaultName): boolean => faults?.has(n) ?? false;
  return {
    acceptMultipleValues: on('accept-multiple-values'),
    duplicateUserName200: on('duplicate-username-200'),
    ignoreCount: on('ignore-count'),
    legacyMemberRemoveAll: on('legacy-member-remove-all'),
    deleteEmptiedGroups: on('delete-emptied-groups'),
    patchNotAtomic: on('patch-not-atomic'),
    refusedPatchTouchesMeta: on('refused-patch-touches-meta'),
    deleteAnswers200: on('delete-answers-200'),
    numericErrorStatus: on('numeric-error-status'),
    caseSensitiveUserNameFilter: on('case-sensitive-username-filter'),
    filterNamesCaseSensitive: on('filter-names-case-sensitive'),
    filterLeftToRight: on('filter-left-to-right'),
    deleteIgnored: on('delete-ignored'),
    startIndexRequired: on('start-index-required'),
    declaredAttributesDropped: on('declared-attributes-dropped'),
    displayNameOfNames: on('display-name-of-names'),
    patchRefusals501: new Set<ScimType>([...(on('read-only-patch-501') || on('unhandled-patch-501') ? ['mutability' as const] : []),
      ...(on('unhandled-patch-501') ? ['noTarget' as const] : [])]),
    booleansAsStrings: on('booleans-as-strings'),
    etagNotSent: on('etag-not-sent'),
    deletedUserListed: on('deleted-user-listed'),
    putCreatesMissing: on('put-creates-missing'),
    passwordReturned: on('password-returned'),
    resourceTypeMisnamed: on('resource-type-misnamed'),
    versionUnlikeETag: on('version-unlike-etag'),
    putTakesClientMeta: on('put-takes-client-meta'),
    groupCreateWithMembers500: on('group-create-with-members-500'),
    userCreate500: on('user-create-500'),
    userPut500: on('user-put-500'),
    userPatch500: on('user-patch-500'),
    groupPatch500: on('group-patch-500'),
    modifiedApartFromCreated: on('modified-apart-from-created'),
    validation422: on('validation-422'),
    putAnswers204: on('put-answers-204'),
    uniquenessOnCreateOnly: on('uniqueness-on-create-only'),
    createTakesClientId: on('create-takes-client-id'),
    pageParamsUnclamped: on('page-params-unclamped'),
    booleanOrderingAnswered: on('boolean-ordering-answered'),
    primaryNotEnforced: on('primary-not-enforced'),
    conflictWithoutScimType: on('conflict-without-scimtype'),
    sortOrderIgnored: on('sort-order-ignored'),
    searchIgnoresFilter: on('search-ignores-filter'),
    putMerges: on('put-merges'),
    forbiddenCharactersAccepted: on('forbidden-characters-accepted'),
    userNamesOptional: on('user-names-optional'),
    memberLimitsIgnored: on('member-limits-ignored'),
    attributesIgnored: on('attributes-ignored'),
    sameIdAfterRecreate: on('same-id-after-recreate'),
    sameGroupIdAfterRecreate: on('same-group-id-after-recreate'),
    ifMatchIgnored: on('if-match-ignored'),
    deletedUserStaysMember: on('deleted-user-stays-member'),
    renameDropsMemberships: on('rename-drops-memberships'),
    awsGroupMembersListed: on('aws-group-members-listed'),
    awsFiltersUnrestricted: on('aws-filters-unrestricted'),
    memberFilterBlind: on('member-filter-blind'),
    swIgnored: on('sw-ignored'),
    putRenewsCreated: on('put-renews-created'),
    removeWithoutPathIgnored: on('remove-without-path-ignored'),
    bulkIdsUnresolved: on('bulk-ids-unresolved'),
    unknownId400: on('unknown-id-400'),
    managerStringRefused: on('manager-string-refused'),
    excludedMembersRefused: on('excluded-members-refused'),
    userNameImmutable: on('username-immutable'),
    reactivationIgnored: on('reactivation-ignored'),
    pathlessIdRefused: on('pathless-id-refused'),
    memberFilterPathRefused: on('member-filter-path-refused'),
    awsEntitlementsAccepted: on('aws-entitlements-accepted'),
    filterMiss404: on('filter-miss-404'),
    opCaseSensitive: on('op-case-sensitive'),
    stringBooleansRefused: on('string-booleans-refused'),
    stringBooleansKept: on('string-booleans-kept'),
    groupMembersNotListed: on('group-members-not-listed'),
    memberAddIgnored: on('member-add-ignored'),
    extensionPathsIgnored: on('extension-paths-ignored'),
    pathlessDottedKeysIgnored: on('pathless-dotted-keys-ignored'),
    echoedMetaRefused: on('echoed-meta-refused'),
    createWithoutLocation: on('create-without-location'),
    createAnswers200: on('create-answers-200'),
    resourceTypesNotServed: on('resource-types-not-served'),
    jsonContentType: on('json-content-type'),
    requiredNamesAccepted: on('required-names-accepted'),
    emailPrimaryOptional: on('email-primary-optional'),
    startIndexZeroBased: on('start-index-zero-based'),
    startIndexRefused: on('start-index-refused'),
    disabledUserDeleteRefused: on('disabled-user-delete-refused'),
    awsExternalIdDropped: on('aws-external-id-dropped'),
  };
}

/** The rule set as the faults bend it: the rule faults drop a rule, numeric-error-status bends the error body, json-content-type the media type. */
export function withFaults(rules: RuleSet, f: EngineFaults): RuleSet {
  let out = rules;
  if (f.forbiddenCharactersAccepted) out = { ...out, forbiddenChars: undefined, emptyString: 'accept' };
  if (f.userNamesOptional) out = { ...out, requiredUser: [] };
  if (f.emailPrimaryOptional) out = { ...out, emailMustBePrimary: false };
  if (f.primaryNotEnforced) out = { ...out, manyPrimaries: true };
  if (f.memberLimitsIgnored) out = { ...out, maxMembersPerCreate: undefined, maxMemberChangesPerPatch: undefined, replaceAllMembers: true, removeAllMembers: true };
  if (f.attributesIgnored) out = { ...out, projection: false };
  if (f.stringBooleansRefused) out = { ...out, refuseStringBooleans: true };
  if (f.stringBooleansKept) out = { ...out, keepStringBooleans: true };
  if (f.groupMembersNotListed && out.name === 'rfc') out = { ...out, membersInResponse: false };
  if (f.managerStringRefused) out = { ...out, refuseBareManager: true };
  if (f.pathlessIdRefused) out = { ...out, idInPatchValue: 'reject' };
  if (f.awsEntitlementsAccepted && out.name === 'aws') out = { ...out, unsupported: new Set([...out.unsupported].filter((a) => a !== 'entitlements')) };
  if (f.awsGroupMembersListed && out.name === 'aws') out = { ...out, membersInResponse: true };
  if (f.awsFiltersUnrestricted && out.name === 'aws') out = { ...out, validateListFilter: undefined };
  if (f.jsonContentType) out = { ...out, contentType: 'application/json' };
  if (f.acceptMultipleValues && out.singleValued) out = { ...out, singleValued: undefined };
  if (f.numericErrorStatus) {
    const inner = out.errorBody;
    out = { ...out, errorBody: (err, now) => numericStatus(inner(err, now)) };
  }
  if (f.conflictWithoutScimType) {
    const inner = out.errorBody;
    out = { ...out, errorBody: (err, now) => {
      const body = inner(err, now);
      if (err.status !== 409) return body;
      const { scimType: _dropped, ...rest } = body;
      return rest;
    } };
  }
  return out;
}

/** FAULT numeric-error-status: `"status": "404"` becomes `"status": 404` (also used by the HTTP shell). */
export function numericStatus<T extends Record<string, unknown>>(body: T): T {
  return typeof body.status === 'string' && /^\d+$/.test(body.status) ? { ...body, status: Number(body.status) } : body;
}

/** FAULT display-name-of-names: the displayName django-scim2 shows, "givenName familyName" where both are set, else the userName. */
export function displayNameOfNames(data: Record<string, any>): string | undefined {
  const given = data.name?.givenName; const family = data.name?.familyName;
  return typeof given === 'string' && given && typeof family === 'string' && family ? `${given} ${family}` : data.userName;
}
