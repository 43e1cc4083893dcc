// The boundary between the SCIM protocol engine (scim/) and the HTTP shell around it (tenants, tokens,
// admin API, console, events, SAML, persistence). The engine is synchronous and pure: one tenant's data,
// one request in, one response out, so two concurrent creates of one userName can never both win.

import type { VariantName } from './variants.ts';

export type SpProfile = 'aws' | 'rfc';
export type { VariantName } from './variants.ts';

/** Deliberate breakages used to prove that the conformance suite catches them (never on by default). */
export const FAULTS = {
  'accept-multiple-values': 'aws: accepts more than one value in a multi-valued attribute (two emails, three phone numbers)',
  'deleted-token-accepted': 'a deleted access token keeps working',
  'expired-token-accepted': 'an expired access token keeps working',
  'missing-token-accepted': 'a request without an Authorization header is served as if it carried the tenant\'s token (RFC 7644 §2: 401)',
  'wrong-token-accepted': 'a bearer token the SP never issued is served as if it were the tenant\'s own, as an SP that checks only that a token is there (RFC 7644 §2: 401)',
  'wrong-tenant-accepted': 'a valid token is accepted on another tenant\'s endpoint (answers with the token\'s own tenant)',
  'older-tokens-revoked-on-use': 'the first request made with a newer access token revokes every older one, which stays listed but is refused with 401, as an SP whose "regenerate" replaces its one token (AWS keeps both working until one is deleted: rotation without downtime)',
  'third-token-allowed': 'a tenant may hold a third access token (AWS: at most two, expired ones included)',
  'token-secret-listed': 'the token listing shows each token\'s secret (AWS shows it once, in the answer to its generation)',
  'token-dates-of-first': 'the token listing shows every token with the first token\'s creation and expiry dates (as a join on the wrong key would), so the oldest token cannot be picked by its date',
  'session-tags-ignored': 'a signed SAML assertion is accepted, but its AccessControl attributes become no session tags, though attributes for access control are enabled',
  'disable-with-tokens-allowed': 'automatic provisioning can be disabled while access tokens still exist (AWS: delete every token first)',
  'provisioning-off-404': 'a request to a tenant whose automatic provisioning is off answers 404 instead of 401',
  'email-primary-optional': 'aws: a user whose email is not marked primary is stored instead of refused',
  'duplicate-username-200': 'a duplicate userName is answered 200 with the existing user instead of 409',
  'ignore-count': 'list requests ignore count (every result on one page)',
  'legacy-member-remove-all': 'PATCH remove on path "members" with a value list removes every member',
  'delete-emptied-groups': 'a group whose last member is removed is deleted',
  'patch-not-atomic': 'a PATCH whose later operation fails keeps the earlier operations',
  'refused-patch-touches-meta': 'a PATCH that is refused leaves every attribute as it was, but its resource gets a new meta.version (ETag) and lastModified, as a store that counts every update it is asked for does (SCIM Gateway\'s)',
  'delete-answers-200': 'a successful DELETE answers 200 with the deleted resource as it was, instead of 204 with no body (RFC 7644 §3.6)',
  'numeric-error-status': 'error bodies carry "status" as a JSON number (404) instead of a string ("404") (RFC 7644 §3.12; AWS sends a string too)',
  'case-sensitive-username-filter': 'a `userName eq` filter matches only the exact case of the userName (userName is caseExact false, RFC 7643 §4.1.1, so a filter compares it ignoring case, RFC 7644 §3.4.2.2)',
  'filter-names-case-sensitive': 'a filter whose attribute name or operator is written in another case than the schema\'s (`Username eq`, `userName Eq`) is refused with 400 invalidFilter (RFC 7644 §3.4.2.2: "Attribute names and attribute operators used in filters are case insensitive")',
  'filter-left-to-right': 'a filter mixing "and" and "or" is read left to right, `a or b and c` as `(a or b) and c`, instead of binding "and" tighter (RFC 7644 §3.4.2.2: "Filters MUST be evaluated using the following order of operations")',
  'etag-not-sent': '/ServiceProviderConfig advertises etag.supported, yet no answer carries an ETag header or meta.version, as an SP that copied RFC 7643\'s example configuration does (RFC 7644 §3.14: ETags "MUST be specified as an HTTP header" when supported)',
  'booleans-as-strings': 'a user\'s `active` and each value\'s `primary` are stored as booleans but answered as the strings "true" and "false", as an SP that keeps them in a text column does (RFC 7643 §2.3.2: the boolean type is the literal true or false)',
  'declared-attributes-dropped': '/Schemas declares a user\'s title and nickName, yet every create, PUT and PATCH drops them, as an SP whose /Schemas was copied from RFC 7643 does (§7: the schema describes the SP\'s attributes; §4.1 leaves them optional)',
  'read-only-patch-501': 'a PATCH the SP refuses for touching a readOnly or immutable attribute (a replace of the id) is answered 501 Not Implemented, not 400 mutability, and changes nothing, as django-scim2 answers a path it has no handler for (RFC 7644 §3.12 Table 8 recommends 400; no clause names the code)',
  'unhandled-patch-501': 'every PATCH the SP refuses for its path (a readOnly attribute, a value filter that matches nothing, a remove without a path) is answered 501 Not Implemented, as django-scim2 answers a path it has no handler for: where RFC 7644 names 400 noTarget (§3.5.2.2, §3.5.2.3) that is a deviation',
  'display-name-of-names': '/Schemas declares a user\'s displayName (readWrite, as RFC 7643 §4.1.1), yet the SP makes it of the names ("givenName familyName", else the userName) whatever a create, PUT or PATCH sends, as django-scim2 does: the schema describes more than the SP keeps (§7; §4.1 leaves displayName optional)',
  'start-index-required': 'a list request without startIndex (nor a cursor) is answered 400, where RFC 7644 §3.4.2.4 makes startIndex OPTIONAL with a default of 1, as Okta\'s sample SCIM server does',
  'delete-ignored': 'a DELETE answers 204 and deletes nothing: the resource is still read, listed and changed, as a delete queued and then lost does (RFC 7644 §3.6: "the service provider MUST return a 404 (Not Found) error code for all operations associated with the previously deleted resource")',
  'deleted-user-listed': 'a deleted user is 404 to a read by id, but filters still find it, as a soft delete whose lists forgot the flag does (RFC 7644 §3.6: "Service providers MUST omit the resource from future query results")',
  'put-creates-missing': 'a PUT to a user id that does not exist, or no longer does, creates the user under that id (an upsert) instead of 404 (RFC 7644 §3.6: every operation on a deleted resource is 404; §3.5.1 replaces an existing resource)',
  'modified-apart-from-created': 'a new user or group is answered with a meta.lastModified one second after its meta.created, as a store that stamps its row again after the insert does (RFC 7643 §3.1: "If this resource has never been modified since its initial creation, the value MUST be the same as the value of \"created\"")',
  'user-put-500': 'every PUT of a user answers 500 and changes nothing, as an SP whose replace path is broken does (RFC 7644 §3.5.1)',
  'user-patch-500': 'every PATCH of a user answers 500 and changes nothing, as an SP whose PATCH path is broken does, while /ServiceProviderConfig advertises PATCH (RFC 7644 §3.5.2)',
  'group-patch-500': 'every PATCH of a group answers 500 and changes nothing, as an SP whose group PATCH path is broken does, while /ServiceProviderConfig advertises PATCH (RFC 7644 §3.5.2)',
  'user-create-500': 'every user create answers 500 and stores nothing, as an SP whose user table rejects every insert does (RFC 7644 §3.3: a create answers 201)',
  'group-create-with-members-500': 'a group create that names members answers 500 and stores nothing, while a group created without members, and members added to it afterwards, are kept, as a store whose member insert fails and rolls the create back answers (RFC 7644 §3.3: the SP creates the resource the POST describes, members included)',
  'put-takes-client-meta': 'a PUT whose body carries meta.created stores it as the resource\'s creation time, instead of ignoring the readOnly attribute (RFC 7643 §3.1: meta is assigned by the service provider; RFC 7644 §3.5.1: readOnly values in a PUT "SHALL be ignored")',
  'version-unlike-etag': 'meta.version is the entity tag without its weak prefix (`"3"`), while the ETag header says `W/"3"`: RFC 7643 §3.1 says the version "must be the same as the entity-tag (ETag) HTTP response header"',
  'resource-type-misnamed': 'meta.resourceType is answered in lower case ("user", "group"), not as the resource type\'s name ("User", "Group"), which is caseExact (RFC 7643 §3.1)',
  'password-returned': 'the password a create sends is kept as its SHA-256 and answered as the user\'s "password" in every read (RFC 7643 §4.1.1: "The cleartext value or the hashed value of a password SHALL NOT be returnable")',
  'uniqueness-on-create-only': 'userName uniqueness is checked on a create only: a PUT or a PATCH may give a user the userName of another (RFC 7643 §4.1.1: userName "MUST be unique across the service provider\'s entire set of Users")',
  'create-takes-client-id': 'a create whose body names an `id` stores the resource under that id instead of one of its own (RFC 7644 §3.3: readOnly attributes in a create "SHALL be ignored")',
  'page-params-unclamped': 'a startIndex below 1 is refused with 400, and a negative count is taken as no count (every result), where RFC 7644 §3.4.2.4 says "A value less than 1 SHALL be interpreted as 1" and "A negative value SHALL be interpreted as \'0\'"',
  'boolean-ordering-answered': 'gt, ge, lt and le on a boolean attribute are answered, false counting below true (`active gt false` finds the active users), where RFC 7644 §3.4.2.2 says they "SHALL cause a failed response (HTTP status code 400) with scimType of invalidFilter"',
  'primary-not-enforced': 'a multi-valued attribute may be stored and answered with several values marked primary (RFC 7643 §2.4: "The primary attribute value \'true\' MUST appear no more than once")',
  'conflict-without-scimtype': 'a 409 Conflict carries no scimType, where RFC 7644 §3.3 says a conflicting create "MUST return HTTP status code 409 (Conflict) with a "scimType" error code of "uniqueness""',
  'sort-order-ignored': 'sortOrder is ignored: a list sorted "descending" comes ascending (RFC 7644 §3.4.2.3)',
  'put-merges': 'PUT merges its body into the stored resource and drops its nulls, so an attribute the body clears with null keeps its value (RFC 7643 §2.5: null is unassigned; RFC 7644 §3.5.1: a client "MAY specify null" to clear)',
  'create-answers-200': 'a created user or group is answered 200 OK, with the resource and its Location, instead of 201 Created (RFC 7644 §3.3: "SHALL be returned with HTTP status code 201")',
  'create-without-location': 'a created user or group is answered 201 without a Location header (RFC 7644 §3.3)',
  'json-byte-order-mark': 'every JSON answer of the SCIM endpoints begins with a UTF-8 byte order mark (EF BB BF), as a server that writes its text with an encoder set to emit one does (RFC 8259 §8.1: "Implementations MUST NOT add a byte order mark (U+FEFF) to the beginning of a networked-transmitted JSON text"; a parser MAY ignore it)',
  'json-content-type': 'answers are labelled application/json instead of application/scim+json (RFC 7644 §3.1, §8.1)',
  'resource-types-not-served': 'GET /ResourceTypes answers 404 (RFC 7644 §4: the SP serves it)',
  'unknown-id-400': 'reading, replacing, patching or deleting an id that does not exist answers 400 instead of 404 (RFC 7644 §3.4.1, §3.12)',
  'forbidden-characters-accepted': 'aws: names and other strings holding `<`, `>`, `;`, `:`, `%` or control characters, and empty strings, are stored instead of refused',
  'required-names-accepted': 'a user created without userName, or a group without displayName, is stored under a name the SP makes up instead of refused (RFC 7643 §4.1, §4.2: both are REQUIRED)',
  'user-names-optional': 'aws: a user without givenName, familyName or displayName is stored instead of refused',
  'member-limits-ignored': 'aws: a group may be created with more than 100 members, a PATCH may change more than 100, and every member may be replaced or removed at once',
  'attributes-ignored': 'the `attributes` and `excludedAttributes` parameters are ignored: every answer is the whole resource (RFC 7644 §3.4.2.5)',
  'same-id-after-recreate': 'a user created with the userName of a deleted user gets the deleted user\'s id back (AWS: a new id, so old assignments do not carry over)',
  'if-match-ignored': 'an If-Match that names an old version is ignored: the write goes through instead of 412 (RFC 7644 §3.14)',
  'deleted-user-stays-member': 'a deleted user stays listed among the members of its groups',
  'rename-drops-memberships': 'a user whose userName or email is changed (PUT or PATCH) leaves every group it was in',
  'aws-group-members-listed': 'aws: group reads and lists carry their members (AWS answers an empty member list; membership is read by filter)',
  'aws-filters-unrestricted': 'aws: every filter is answered, not only the documented `eq` forms',
  'put-renews-created': 'a PUT gives the user a new meta.created, the time of the PUT (it ignores the one the body carries), as a store that writes the row anew does',
  'sw-ignored': '`userName sw "x"` (any `sw` comparison) is answered as if it were `pr`: every resource with the attribute, whatever it starts with',
  'member-filter-blind': 'a group filter on `members` (`id eq "G" and members eq "U"`, the member filter AWS documents) finds no group, as an SP whose filter does not know the attribute answers: an empty list',
  'remove-without-path-ignored': 'a PATCH remove without a path is answered as a success that changes nothing, instead of 400 noTarget (RFC 7644 §3.5.2.2)',
  'op-case-sensitive': 'a PATCH op is matched case-sensitively: Entra\'s legacy `Replace`, `Add` and `Remove` are refused with 400',
  'string-booleans-refused': 'a boolean sent as a string (Entra\'s legacy `"active": "False"`) is refused with 400 instead of read as the boolean',
  'string-booleans-kept': 'a boolean sent as a string (Entra\'s legacy `"active": "False"`) is accepted and stored as the string, not read as the boolean',
  'extension-paths-ignored': 'a PATCH operation whose path names an extension attribute by its URN (`urn:…:enterprise:2.0:User:manager`) is answered 200 and changes nothing, as an SP that splits paths on every dot',
  'member-add-ignored': 'a PATCH that adds group members answers 2xx and drops them; a group created with its members, and a members replace, keep them',
  'group-members-not-listed': 'rfc: a group read answers `"members": []` whatever members the group holds (they are stored, as its member filters show), as an SP that keeps memberships elsewhere',
  'pathless-dotted-keys-ignored': 'in a PATCH without a path, value keys that name a sub-attribute (`name.givenName`, as Entra\'s aadOptscim062020 folds them) are dropped, while the answer is 200',
  'echoed-meta-refused': 'a PUT whose body carries `meta` (as Okta echoes what it read) is refused with 400 mutability, instead of ignoring the read-only attribute (RFC 7643 §7)',
  'pathless-id-refused': 'rfc: a PATCH without a path whose value carries the resource\'s own `id` (Okta\'s group rename) is refused with 400 mutability, instead of ignoring the unchanged read-only id',
  'member-filter-path-refused': 'a PATCH path that filters `members` (`members[value eq "…"]`, Okta\'s member removal) is refused with 400 invalidPath',
  'aws-entitlements-accepted': 'aws: `entitlements` are stored instead of refused with 400 (AWS does not support them)',
  'filter-miss-404': 'a filter that matches nothing answers 404 instead of 200 with totalResults 0 (RFC 7644 §3.4.2)',
  'manager-string-refused': 'a manager given as a bare id string (Entra\'s manager PATCH) is refused with 400, instead of read as `{ "value": id }`',
  'excluded-members-refused': 'a group read or list with `excludedAttributes=members` (Entra\'s group reads) is refused with 400',
  'username-immutable': 'a user\'s userName cannot be changed: a PUT or PATCH that changes it is refused with 400 mutability (it is readWrite, RFC 7643 §4.1.1)',
  'reactivation-ignored': 'a PUT or PATCH that sets an inactive user\'s active back to true answers 200 but leaves the user inactive',
  'plus-kept-in-query': 'a `+` in a query is read as a plus sign, not as a space, as a parser that decodes the query with decodeURIComponent alone does (a query is form-encoded, where `+` is a space); Entra\'s `filter=userName+eq+%22…%22` is then no filter (400 invalidFilter)',
  'empty-query-404': 'a request whose URL ends in a bare `?` (an empty query, as OneLogin\'s PUT sends it) answers 404, as a router that matches the raw URL would',
  'start-index-zero-based': 'rfc: a startIndex that is sent is read as a 0-based offset, so startIndex=1 skips the first result (RFC 7644 §3.4.2.4: "The 1-based index of the first query result"); a lookup that matches one user, sent with startIndex=1 as Okta sends it, finds nobody',
  'start-index-refused': 'aws: a list request that carries startIndex answers 400 (AWS pages by cursor and answers Okta\'s probes, which carry startIndex, with 200)',
  'wrong-credentials-403': 'a request whose Authorization header is there but wrong or malformed is refused with 403, as an API gateway\'s authorizer denies it, where RFC 7644 §3.12 (Table 8) recommends 401 for an invalid or missing authorization header (a should)',
  'plain-text-401': 'a refused credential is answered 401 with a text/plain "Unauthorized" by the gateway in front, not a SCIM error body (RFC 7644 §3.12: implementers MUST return errors in a JSON body)',
  'validation-422': 'a body that parses but is invalid (a user without userName, malformed JSON, an unknown PATCH op) is refused with 422 Unprocessable Entity, as FastAPI and Rails do by default, where RFC 7644 §3.12 (Table 8) recommends 400 (a should)',
  'put-answers-204': 'a successful PUT answers 204 No Content, where RFC 7644 §3.5.1 says it "returns a 200 OK response code and the entire resource" (no MUST: a should)',
  'json-request-refused': 'a request whose body is labelled application/json (as OneLogin\'s default Custom Headers send it) answers 415 Unsupported Media Type, as a framework that parses application/scim+json bodies only does (RFC 7644 §3.1 and §8.1: requests may be sent as application/json, a should)',
  'charset-refused': 'a request whose Content-Type carries a parameter (`application/scim+json; charset=utf-8`, as Entra\'s writes and every Okta request send it) answers 415 Unsupported Media Type, as a server that compares the whole header with one string does (RFC 9110 §8.3.1: the type and its parameters are read apart; RFC 7644 §3.1, §8.1)',
  'scim-accept-refused': 'a request whose Accept names neither application/json nor a wildcard (`Accept: application/scim+json`, as Okta sends it) answers 406 Not Acceptable, as a framework that produces application/json only and negotiates content does (RFC 7644 §3.8: "Service providers MUST support the accept header \"Accept: application/scim+json\"")',
  'empty-query-parameter-refused': 'a query string with an empty parameter (`?filter=…&`, the `&` OneLogin\'s lookups end in) answers 400, as a strict query parser would',
  'disabled-user-delete-refused': 'a DELETE of an inactive user answers 400 (RFC 7644 §3.6: 204), so a user is never deleted after its disable, as Entra\'s hard delete comes 30 days after the soft one',
  'same-group-id-after-recreate': 'a group created with the displayName of a deleted group gets the deleted group\'s id back',
  'aws-external-id-dropped': 'aws: a user\'s externalId is not kept (AWS keeps it and filters on it): a create, PUT or PATCH that sets it succeeds without it',
  'bulk-ids-unresolved': 'a Bulk operation\'s "bulkId:…" references in data are sent on as they are, not resolved to the ids made earlier in the request (RFC 7644 §3.7.2)',
  'search-ignores-filter': 'POST /.search ignores the SearchRequest\'s filter and answers every resource (RFC 7644 §3.4.3: the same query as a GET)',
} as const;
export type FaultName = keyof typeof FAULTS;

export interface ScimRequest {
  method: string;
  /** Path below the SCIM base, starting with '/', e.g. '/Users/8f1c…' or '/ServiceProviderConfig'. */
  path: string;
  /** Parsed query (URLSearchParams keeps '+' → ' ' decoding, as SCIM clients expect). */
  query: URLSearchParams;
  /** The query string exactly as received, without the leading '?', for events and quirk handling. */
  rawQuery: string;
  headers: Record<string, string | undefined>;
  /** Parsed JSON body; undefined when there was none. */
  body?: unknown;
  /** Set when a body was sent but is not JSON: the engine answers 400 invalidSyntax with this detail. */
  bodyError?: string;
  /** Absolute SCIM base of the tenant, without trailing slash: meta.location and Location are built on it. */
  baseUrl: string;
}

export interface ScimResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON-serialisable body, or undefined for 204. */
  body?: unknown;
}

/** What the engine tells the shell about a request, for the CloudTrail-shaped audit trail. */
export interface ScimAudit {
  /** CreateUser, GetUser, ListUsers, PutUser, PatchUser, DeleteUser, CreateGroup, GetGroup, ListGroups,
   *  PatchGroup, DeleteGroup, PutGroup, GetServiceProviderConfig, ListSchemas, GetSchema, ListResourceTypes,
   *  GetResourceType, Bulk, Search, or Unknown. */
  eventName: string;
  /** ValidationException, ConflictException, ResourceNotFoundException, … on refusals. */
  errorCode?: string;
  /** The internal reason, e.g. "Currently list attributes only allow single item". */
  errorMessage?: string;
  /** The catalogue id of the profile rule that refused the request (ScimError.rule), for observers. */
  rule?: string;
}

export interface ScimResult { response: ScimResponse; audit: ScimAudit }

export interface StoredUserSummary { id: string; userName: string; displayName?: string; externalId?: string; active: boolean; emails: string[]; created: string; lastModified: string; groupIds: string[] }
export interface StoredGroupSummary { id: string; displayName: string; externalId?: string; memberIds: string[]; created: string; lastModified: string }

export interface ScimService {
  readonly profile: SpProfile;
  /** Handles one request. `now` comes from the tenant's simulated clock. Never throws for client input. */
  handle(request: ScimRequest, now: Date): ScimResult;
  /** For the console and the admin API: what is stored, newest first. */
  users(): StoredUserSummary[];
  groups(): StoredGroupSummary[];
  counts(): { users: number; groups: number };
  /** Plain JSON of everything stored, for --data-dir persistence; restore() takes what snapshot() gave. */
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  /** Replays one change the engine told its `changes` sink (journal replay); engines without it are persisted by snapshot. */
  applyChange?(change: unknown): void;
}

export interface ScimServiceOptions {
  profile: SpProfile;
  faults?: ReadonlySet<FaultName>;
  /** Conformant variants (variants.ts): lenient behaviours the RFC allows. */
  variants?: ReadonlySet<VariantName>;
  /** Told every write as it happens (plain JSON), for the --data-dir journal; applyChange() replays it. */
  changes?: (change: unknown) => void;
}
