// Conformant variants: the twins of the FAULTS (types.ts). Each is a lenient behaviour that RFC 7643/7644
// still allow, so that the whole catalogue under the rfc profile must give no FAIL and no WARN with any of
// them on. They prove the suite does not mistake a legal choice for a deviation. Like the faults they are
// never on by default; the engine reads the flags below, the HTTP shell reads close-connections (and
// percent-encodes nothing itself: the engine decodes each raw path segment and encodes ids in URLs).
import { ScimError } from './errors.ts';
import { conjuncts, type Filter } from './filter.ts';
import type { RuleSet } from './profiles/rules.ts';
import { ENTERPRISE_SCHEMA, USER_SCHEMA, type AttrDef, type SchemaDef } from './schemas.ts';

export interface VariantInfo {
  readonly description: string;
  /** Catalogue ids the variant may legitimately break (none: a conformant variant breaks nothing). */
  readonly breaks: readonly string[];
}

/** vendor-extension: the SP's own schema extension of the User resource type. */
export const VENDOR_EXTENSION = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';

/** vendor-extension: the extension's schema on /Schemas, one readOnly string. */
export const VENDOR_SCHEMA: SchemaDef = {
  id: VENDOR_EXTENSION, name: 'AcmeUser', description: 'The service provider\'s own account data',
  attributes: [{
    name: 'accountTier', type: 'string', multiValued: false, description: 'The account\'s tier, set by the service provider.',
    required: false, caseExact: false, mutability: 'readOnly', returned: 'default', uniqueness: 'none',
  }],
};

/** public-host-location: the SP's public base URL, as a proxy in front of it names it (the suite never calls it). */
export const PUBLIC_BASE = 'https://scim.example.com/scim/v2';

/** offset-timestamps: the offset the SP writes its dateTimes in, in minutes east of UTC. */
export const TIMESTAMP_OFFSET_MINUTES = 120;

/** lagging-lists, lagging-reads: how long a write stays out of list answers, or out of a GET by id. */
export const LIST_LAG_MS = 150;

export const VARIANTS = {
  'eq-and-filters-only': {
    description: 'list filters support only `eq` joined by `and` (on any attribute); any other operator, `or`, `not`, '
      + 'a value path (`emails[…]`) or a grouping is 400 invalidFilter (RFC 7644 §3.4.2.2, §3.12: "the specified attribute and '
      + 'filter comparison combination is not supported"). Discovery keeps filter.supported true; PATCH paths keep the full grammar',
    breaks: [],
  },
  'name-filters-only': {
    description: 'list filters are one `eq` comparison on the resource\'s name: `userName eq` for users, `displayName eq` for '
      + 'groups; any other filter (externalId, `and`, another operator) is 400 invalidFilter (RFC 7644 §3.4.2.2 makes filtering '
      + 'OPTIONAL, §3.12 names invalidFilter), as small SPs answer only the lookups the IdPs send',
    breaks: [],
  },
  'unfiltered-lists-refused': {
    description: 'a list or search without a filter (GET /Users, GET /Groups, POST /.search) answers 400 tooMany, as an SP with a '
      + 'lookthrough limit does once its directory is large (PingDirectory\'s SCIM API: "The search request matched too many '
      + 'results", lookthrough-limit 500 by default). RFC 7644 §3.12 (tooMany): a filter that would "return all entries" "MAY not '
      + 'be acceptable to the service provider". Okta\'s connection test reads GET /Users unfiltered and OneLogin\'s "Refresh '
      + 'entitlements" lists every group, so those two rows fail, truly: those IdPs cannot provision such an SP',
    breaks: ['OKTA-CRED-01', 'OL-GROUP-03'],
  },
  'no-optional-features': {
    description: 'no Bulk, no sorting, no ETags, no POST /.search (RFC 7644 makes each optional): /ServiceProviderConfig says '
      + 'bulk, sort, etag and changePassword are not supported; /Bulk and /.search answer 501 Not Implemented with an RFC error '
      + 'body (§3.11\'s SHOULD for an unsupported feature); sortBy and sortOrder are ignored (§3.4.2.3: "Sort is OPTIONAL"), '
      + 'so lists keep their default order; no ETag header and no meta.version; If-Match and If-None-Match are ignored. PATCH stays',
    breaks: [],
  },
  'no-referential-integrity': {
    description: 'group members naming an id that does not exist are accepted and stored as given (create, PUT, PATCH add) and '
      + 'returned as `{ "value": id }` (RFC 7644 requires no referential integrity). A deleted user still leaves the groups it was '
      + 'in: keeping it listed is lawful too, but RFC-GROUP-01 grades that WARN (should), and a conformant variant warns nowhere',
    breaks: [],
  },
  'reserved-character-ids': {
    description: 'new resource ids contain a space and reserved characters (`u 1/?#%+&"x-<uuid>`, groups `g 1/…`); request paths carry them '
      + 'percent-encoded (each raw segment is decoded, so %2F stays inside the id) and meta.location, Location and $ref '
      + 'percent-encode them',
    breaks: [],
  },
  'sequential-ids': {
    description: 'new resource ids are small decimal numbers counted from 1 (`1`, `2`, `17`), one count for users and groups, '
      + 'as an SQL table\'s auto-increment key gives them: an id is any string "defined by the service provider" that is "unique '
      + 'across the service provider\'s entire set of resources" (RFC 7643 §3.1)',
    breaks: [],
  },
  'patch-answers-204': {
    description: 'a successful PATCH of a user or a group answers 204 No Content with no body (and its ETag when ETags are on), '
      + 'unless the request names `attributes`, when it answers 200 with the resource as the RFC requires (RFC 7644 §3.5.2: the server '
      + '"either MUST return a 200 OK response code and the entire resource ... or MAY return HTTP status code 204 (No Content)")',
    breaks: [],
  },
  'minimal-list-responses': {
    description: 'a list answer that holds every result leaves out itemsPerPage and startIndex, and one with no result leaves out '
      + 'Resources: RFC 7644 §3.4.2 makes the first two "REQUIRED when partial results are returned due to pagination" and '
      + 'Resources "REQUIRED if "totalResults" is non-zero". A page of a longer list keeps all three',
    breaks: [],
  },
  'cursor-paging-only': {
    description: 'lists page by cursor alone, as RFC 9865 lets an SP built over a cursor-paged store do: /ServiceProviderConfig says '
      + '`"pagination": {"cursor": true, "index": false}` (RFC 9865 §4), a list or search ignores startIndex and answers from the start '
      + 'or from its `cursor`, with a `nextCursor` while more results remain, asked for or not ("A service provider MAY require '
      + 'cursor-based pagination to retrieve all results", §2.3), and no startIndex. An unreadable cursor is 400 invalidCursor (§2.1)',
    breaks: [],
  },
  'cursor-paging-uncounted': {
    description: 'as cursor-paging-only, and no list or search answer carries totalResults, as an SP over a store that cannot count '
      + 'its matches answers: "Service providers implementing cursor pagination that are unable to estimate totalResults MAY '
      + 'choose to omit the totalResults attribute" (RFC 9865 §2)',
    breaks: [],
  },
  'one-result-per-page': {
    description: 'every list answer holds at most one resource, whatever count asks for, and /ServiceProviderConfig says '
      + 'filter.maxResults 1: the SP "MAY return fewer results" than count, and without count "the maximum number of results is '
      + 'set by the service provider" (RFC 7644 §3.4.2.4). totalResults, startIndex and itemsPerPage stay true, so a client '
      + 'reads the rest page by page',
    breaks: [],
  },
  'relative-location': {
    description: 'the Location header of a created user or group is a relative reference (`/…/Users/<id>`, the path of '
      + 'meta.location): RFC 9110 §10.2.2 lets Location be relative, resolved against the request\'s URL, and then it names '
      + 'the same URI as meta.location, as RFC 7644 §3.3 asks',
    breaks: [],
  },
  'lowercase-attribute-names': {
    description: 'users and groups are answered with every attribute name in lower case (`username`, `name.givenname`, '
      + '`meta.lastmodified`; schema URNs as they are): RFC 7643 §2.1, "Attribute names are case insensitive". The list and '
      + 'error envelopes keep their spelling',
    breaks: [],
  },
  'lowercase-usernames': {
    description: 'a user\'s userName is stored and answered in lower case, whatever case the client sent (`Ada.X@example.com` '
      + 'becomes `ada.x@example.com`): userName is "case insensitive" (RFC 7643 §4.1.1), and "the server is free to alter" '
      + 'what is POSTed (RFC 7644 §3.3). Filters and uniqueness ignore case as before',
    breaks: [],
  },
  'lowercase-emails': {
    description: 'every email address (`emails[].value`) is stored and answered in lower case, whatever case the client sent: '
      + 'an email\'s value is not caseExact (RFC 7643 §8.7.1), and "the server is free to alter" what is POSTed (RFC 7644 §3.3)',
    breaks: [],
  },
  'unmatched-remove-succeeds': {
    description: 'a PATCH remove whose value filter matches nothing (`emails[type eq "nowhere"]`) answers success and changes nothing, '
      + 'as RFC 7644 §3.5.2.2 says of removing a member who is not one ("no changes should be made to the resource, and a success '
      + 'response should be returned"), where Table 9 (§3.12) describes noTarget for a filter that yields no match',
    breaks: [],
  },
  'lowercase-user-values': {
    description: 'a user\'s displayName, title, nickName, name parts and enterprise department are stored and answered in lower case, '
      + 'whatever case the client sent (`Augusta Ada King` becomes `augusta ada king`): none is caseExact (RFC 7643 §4.1.1, §8.7.1), '
      + 'and of such a value "the server MAY alter case for a submitted value" (RFC 7643 §7)',
    breaks: [],
  },
  'lagging-lists': {
    description: 'every write (a create, a PUT or PATCH, a delete, a membership change) reaches list and filter answers '
      + `(GET /Users?filter=…, /.search, unfiltered lists) ${LIST_LAG_MS} ms after it is answered, as a list served from a `
      + 'search index that follows the store does: until then a list shows the state before the write. Get-by-id and '
      + 'every write see it at once. RFC 7644 promises no read-your-writes for queries',
    breaks: [],
  },
  'lagging-reads': {
    description: `a GET by id (/Users/{id}, /Groups/{id}) may answer what the resource was up to ${LIST_LAG_MS} ms before: each answer is `
      + 'kept for that long in a read-through cache (per resource and query string) that writes do not refresh, as a cache or a '
      + 'read replica in front of the store does, so a read within the lag of an earlier one shows the state before a write made '
      + 'between them (a PUT or PATCH, a membership change). A delete empties the cache of its resource (RFC 7644 §3.6 makes it '
      + '404 at once); writes, their answers and lists see every write at once. RFC 7644 promises no read-your-writes',
    breaks: [],
  },
  'lagging-creates': {
    description: `a GET by id (/Users/{id}, /Groups/{id}) answers 404 for the first ${LIST_LAG_MS} ms after the resource's create, as a `
      + 'read replica that has not seen the insert yet does (an eventually consistent read of a key just written). Writes, '
      + 'their answers and lists see the new resource at once. RFC 7644 promises no read-your-writes',
    breaks: [],
  },
  'members-on-request': {
    description: 'a group\'s `members` are returned only when `attributes` names them (RFC 7643 §7 `returned: "request"`, which '
      + 'the Group schema on /Schemas declares): a read, list, create, PUT or PATCH answer without `attributes=members` leaves '
      + 'them out, as SPs with very large groups do. The SP still stores and changes them as asked',
    breaks: [],
  },
  'no-patch': {
    description: 'no PATCH: /ServiceProviderConfig says patch.supported false and every PATCH answers 501 Not Implemented with an '
      + 'RFC error body (RFC 7644 §3.5.2: PATCH is OPTIONAL). Every RFC row then passes or is UNSUPPORTED; the IdP rows of the '
      + 'IdPs that update by PATCH (Entra, Okta\'s OIN apps, OneLogin\'s group memberships) fail, truly: those IdPs cannot '
      + 'provision such an SP. Each dialect\'s plainest PATCH (its update, or its first behaviour sent by PATCH) fails, and '
      + 'its other behaviours sent by PATCH are BLOCKED by it. OneLogin\'s roles are plain groups, whose RFC rows pass here: '
      + 'OL-GROUP-01 (each role becomes an SP group) fails, and OneLogin\'s other group rows are BLOCKED by it',
    breaks: ['ENTRA-GROUP-01', 'ENTRA-PATCH-01', 'ENTRA-PATCH-03',
      'OKTA-DEACT-01', 'OKTA-PUSH-01', 'OL-GROUP-01'],
  },
  'unique-emails': {
    description: 'an email address belongs to one user: a create, PUT or PATCH that gives a user an email value (compared without '
      + 'case) another user holds, primary or not, answers 409 with scimType uniqueness and changes nothing, and /Schemas declares '
      + 'emails.value `"uniqueness": "server"`, as SPs whose accounts are keyed by email answer (GitLab\'s "Email has already been '
      + 'taken", Pulumi\'s "Email already in use"). RFC 7643 §7 lets an SP enforce uniqueness "within the context of the current '
      + 'service provider", and §3.12 of RFC 7644 names 409 uniqueness for it',
    breaks: [],
  },
  'no-external-id': {
    description: 'externalId is not stored: a create, PUT or PATCH that sets it succeeds without it, and no answer carries one '
      + '(RFC 7643 §3.1: "This attribute is OPTIONAL"). A filter on externalId then finds no one',
    breaks: [],
  },
  'users-only': {
    description: 'the SP serves users only: /Groups, its `.search` and every /Groups/{id} answer 404 like any unknown endpoint, and '
      + '/ResourceTypes and /Schemas describe User and the enterprise extension only. RFC 7644 §4 has /ResourceTypes tell '
      + 'the resource types an SP serves, and many SPs serve users only. The suite finds it with one probe (GET /Groups) and '
      + 'reports every scenario that needs a group UNSUPPORTED under rfc (aws serves groups, so there the rows stay judged)',
    breaks: [],
  },
  'users-only-501': {
    description: 'as users-only, but /Groups and everything under it answer 501 Not Implemented with an RFC error body, as an SP '
      + 'whose group routes exist and are not implemented does (RFC 7644 §3.12: "501 Not Implemented: Service provider does not '
      + 'support the request operation")',
    breaks: [],
  },
  'reordered-values': {
    description: 'every multi-valued attribute of a user or a group (schemas, emails, phoneNumbers, addresses, members, groups, '
      + 'roles…) is answered in the reverse of the order it was sent or stored in: a multi-valued attribute is a set whose '
      + 'preferred value is marked by "primary", not by its place (RFC 7643 §2.4), and "the server is free to alter" what is '
      + 'POSTed (RFC 7644 §3.3), as a store that sorts its rows does',
    breaks: [],
  },
  'server-filled-defaults': {
    description: 'a created or replaced user gets what the client left out, as many SPs fill it: active true, name.formatted '
      + 'from the name\'s parts, a displayName from the formatted name (or the userName), and "primary": false on each value '
      + 'of a multi-valued attribute that did not say (RFC 7643 §2.4: an absent primary "SHALL be assumed to be false"). RFC 7644 '
      + '§3.3 leaves the server "free to alter" what is POSTed, and §3.5.1 lets a PUT "assign default values" to what it omits. '
      + 'A PATCH changes only what it names',
    breaks: [],
  },
  'vendor-extension': {
    description: `every user carries the SP's own extension \`${VENDOR_EXTENSION}\` (a readOnly accountTier, and schemas listing it), `
      + 'declared on /Schemas and as an optional schemaExtension of the User resource type (RFC 7643 §3.3, §6). A client that '
      + 'echoes it in a PUT has it ignored, as readOnly values are (RFC 7644 §3.5.1)',
    breaks: [],
  },
  'core-attributes-only': {
    description: 'users keep only userName, name (givenName, familyName, formatted), displayName, emails, active and externalId: '
      + 'every other attribute a client sends (title, phoneNumbers, addresses, nickName, the enterprise extension…) is accepted '
      + 'and dropped, and /Schemas and /ResourceTypes describe only what is kept, as SPs with a small user model do (RFC 7643 '
      + '§4.1 makes these attributes OPTIONAL, and RFC 7644 §3.3 leaves the server "free to alter" what is POSTed)',
    breaks: [],
  },
  'undeclared-attributes-refused': {
    description: 'a create, PUT or PATCH that gives a user or group an attribute /Schemas does not declare for its type, or a create '
      + 'or PUT whose "schemas" lists a URN its resource type does not name, answers 400 invalidValue naming it, as an SDK that '
      + 'checks requests against its schema does by default (UnboundID\'s SCIM 2 SDK, whose SchemaChecker allows undefined '
      + 'attributes only as an option): such a value is '
      + '"not compatible with ... resource schema" (RFC 7644 §3.12), and "schemas" "MUST only contain" the type\'s schema and '
      + 'its extensions (RFC 7643 §3). readOnly attributes are still ignored (RFC 7644 §3.3). Runs with the variants that '
      + 'declare less (core-attributes-only, no-display-name, no-name-or-active). Legacy Entra\'s group create lists its '
      + 'ADSCIM schema URN, which no resource type names: refused, truly',
    breaks: ['ENTRA-GROUP-01'],
  },
  'put-keeps-omitted': {
    description: 'a PUT keeps the attributes its body leaves out and clears those it gives as null or [] (a group keeps its '
      + 'members when the body has none, as the reference always does): RFC 7644 §3.5.1 says omitted readWrite attributes "MAY be '
      + 'assumed to be not asserted by the client", and lets the SP clear them or assign a default; a client that wants a value '
      + 'cleared "MAY specify null" or "[]", which RFC 7643 §2.5 makes equivalent to unassigned. PingDirectory\'s SCIM API '
      + 'documents this choice ("The server ignores attributes that the client omits from a PUT request, rather than removing them")',
    breaks: [],
  },
  'no-display-name': {
    description: 'users have no displayName: a write that sets it succeeds without it, no answer carries one, and /Schemas does '
      + 'not declare it (RFC 7643 §4.1.1: each user "MAY include a non-empty displayName"), as SPs whose user model is a login '
      + 'and a real name do',
    breaks: [],
  },
  'no-name-or-active': {
    description: 'users keep no name and no active: a write that sets them succeeds without them, no answer carries them, and '
      + '/Schemas does not declare them (RFC 7643 §4.1 makes both OPTIONAL), as SPs whose user is a login, a display name and an '
      + 'email address, and that deprovision by DELETE, do. A filter on either matches no one. An IdP that deprovisions by '
      + 'setting active false cannot disable such a user, so the rows of Okta\'s and Entra\'s disable fail, truly',
    breaks: ['ENTRA-PATCH-02', 'ENTRA-PATCH-03', 'OKTA-DEACT-01'],
  },
  'canonicalised-values': {
    description: 'a user\'s values are stored and answered in the SP\'s own canonical form: every `type` of a multi-valued '
      + 'attribute capitalised (`"Work"`), as the attribute is not caseExact (RFC 7643 §8.7.1) and "the server is free to alter" '
      + 'what is POSTed (RFC 7644 §3.3), and each global phone number as an RFC 3966 tel URI (`+1 555 0100` becomes '
      + '`tel:+1-555-0100`), as RFC 7643 §4.1.2 says phone numbers SHOULD be canonicalised. Filters and PATCH paths compare '
      + '`type` without case, as before',
    breaks: [],
  },
  'lowercase-resource-type-names': {
    description: '/ResourceTypes names the resource types `user` and `group` (their ids and names in lower case; each still '
      + 'read at /ResourceTypes/{id} in any case): a resource type\'s name is not caseExact (RFC 7643 §8.7.2), so `user` '
      + 'and `User` name the same type. meta.resourceType, which RFC 7643 §3.1 makes caseExact, keeps its spelling',
    breaks: [],
  },
  'lowercase-schema-urns': {
    description: 'every schema URN the SP answers is in lower case (`urn:ietf:params:scim:schemas:core:2.0:user`, '
      + '`urn:ietf:params:scim:api:messages:2.0:listresponse`): in `schemas`, as an extension\'s key and as a schema\'s id. '
      + 'A schema\'s id is not caseExact (RFC 7643 §8.7.2), nor is `schemas`, whose definition says nothing else (RFC 7643 §2.2, '
      + '§3), and attribute names, an extension\'s URN among them, are case insensitive (RFC 7643 §2.1). A resource type\'s '
      + '`schema` keeps its spelling: it is caseExact (RFC 7643 §8.7.2). The SP takes URNs in any case in requests, as the '
      + 'reference always does',
    breaks: [],
  },
  'lowercase-group-names': {
    description: 'a group\'s displayName is stored and answered in lower case, whatever case the client sent (`Engineers` becomes '
      + '`engineers`): the Group schema makes displayName caseExact false (RFC 7643 §8.7.1), and "the server is free to alter" '
      + 'what is POSTed (RFC 7644 §3.3). Filters and uniqueness ignore its case as before',
    breaks: [],
  },
  'create-answers-minimal': {
    description: 'a successful create (POST /Users, POST /Groups) answers 201 with only schemas, id and meta (with meta.location), '
      + 'and the Location header: RFC 7644 §3.3 says the body SHOULD hold the resource as created, while the Location header '
      + 'and meta.location SHALL be given. RFC-CREATE-01, which judges that SHOULD for a user\'s and a group\'s create, '
      + 'warns, and no other row may mind: everything else is read back',
    // WARN, never FAIL: the representation left out of a create's answer is a SHOULD of RFC 7644 §3.3
    breaks: ['RFC-CREATE-01'],
  },
  'create-answers-location-only': {
    description: 'a successful create (POST /Users, POST /Groups) answers 201 with the Location header and no body at all: RFC 7644 '
      + '§3.3 says the body SHOULD hold the resource as created, and a client learns the new id from the Location, which SHALL be '
      + 'given. RFC-CREATE-01 warns, and no other RFC row may mind. Okta takes an empty answer to its create for an error '
      + '("Create new user returned empty user"), so OKTA-CREATE-01 fails, truly, and the Okta rows that need a user are BLOCKED by it',
    // RFC-CREATE-01 WARNs, never FAILs: the representation left out of a create's answer is a SHOULD of RFC 7644 §3.3
    breaks: ['OKTA-CREATE-01', 'RFC-CREATE-01'],
  },
  'offset-timestamps': {
    description: 'meta.created and meta.lastModified are written in the SP\'s own time zone, with milliseconds and a UTC offset '
      + `other than Z (\`2026-12-05T12:00:00.123+02:00\` for 10:00:00.123Z, the same instant): they are xsd:dateTime values `
      + '(RFC 7643 §2.3.5, §3.1), which allow any time zone offset. Filters on them compare instants, as before',
    breaks: [],
  },
  'public-host-location': {
    description: `meta.location, the Location header of a create and each $ref name the SP by its public address behind a proxy `
      + `(\`${PUBLIC_BASE}/Users/<id>\`), not the address the client called: meta.location is "the URI of the resource being `
      + 'returned" (RFC 7643 §3.1), and nothing ties that URI to the host or path of the request. The suite sends nothing there',
    breaks: [],
  },
  'group-create-ignores-members': {
    description: 'a group is created without the members its POST names (they are checked, then left out, and the answer lists '
      + 'none); they are added afterwards by PATCH or PUT, as the IdPs do: "the server is free to alter and/or ignore POSTed '
      + 'content" (RFC 7644 §3.3). RFC-GROUP-01 WARNs, for its should-level check that a group created with members holds them; '
      + 'RFC-BULK-01 is UNSUPPORTED, since a bulkId among a new group\'s members cannot show',
    breaks: ['RFC-GROUP-01'],
  },
  'bare-members': {
    description: 'a group\'s members, and a user\'s groups, are answered as `{ "value": id }` alone, without display, $ref or '
      + 'type: each of those sub-attributes is optional, and display is readOnly (RFC 7643 §4.1.2, §4.2, §8.7.1). The members '
      + 'a client writes are stored as before',
    breaks: [],
  },
  'schemas-required': {
    description: 'a create or PUT whose body does not list its resource type\'s schema in "schemas", and a PATCH whose body does not '
      + 'list the PatchOp message URN, answer 400 invalidSyntax: "schemas" is REQUIRED in every resource and message (RFC 7643 §3, '
      + 'RFC 7644 §3.5.2), and a request that does not conform to the request schema may be refused (RFC 7644 §3.12)',
    breaks: [],
  },
  'unstable-order': {
    description: 'every multi-valued attribute of a user or a group is answered in an order that changes from one answer to the '
      + 'next (shuffled anew for each answer), as a store that keeps values in a hash set or reads them without an ORDER BY '
      + 'does: a multi-valued attribute is a set whose preferred value is marked by "primary", not by its place (RFC 7643 §2.4)',
    breaks: [],
  },
  'unstable-list-order': {
    description: 'a list or search without sortBy answers its results in an order that changes from one request to the next, as a '
      + 'query with no ORDER BY over a store whose scan order varies does, so the pages of one list may repeat a result and miss '
      + 'another. Sort is OPTIONAL (RFC 7644 §3.4.2.3), and "Because pagination is not stateful, clients MUST be prepared to '
      + 'handle inconsistent results" (RFC 7644 §3.4.2.4)',
    breaks: [],
  },
  'pretty-printed-json': {
    description: 'every JSON answer is indented (two spaces, a line per value): "Insignificant whitespace is allowed before or after '
      + 'any of the six structural characters" (RFC 8259 §2), as many frameworks answer by default',
    breaks: [],
  },
  'error-details-name-the-request': {
    description: 'the detail of every error answer ends with the request it refuses, as "(GET /Users/<id>)": the detail is a free '
      + '"human-readable message" (RFC 7644 §3.12), and the request names nothing the client did not send',
    breaks: [],
  },
  'discovery-lists-only': {
    description: '/Schemas and /ResourceTypes answer their lists, and a schema or resource type read by its id (`/Schemas/<urn>`, '
      + '`/ResourceTypes/User`) is 404: RFC 7644 §4 has the lists SHALL answer, and says an individual schema "can be returned" '
      + 'at its URI. RFC-DISC-01 WARNs for that should',
    breaks: ['RFC-DISC-01'],
  },
  'endpoints-without-slash': {
    description: '/ResourceTypes gives each endpoint as "Users" and "Groups", without the leading "/": an endpoint is the resource '
      + 'type\'s "HTTP-addressable endpoint relative to the Base URL" (RFC 7643 §6), and both spellings name the same one',
    breaks: [],
  },
  'slash-redirects': {
    description: 'the collections are routed with a trailing slash (/Users/, /Groups/), and a request to one without it is '
      + 'answered 307 Temporary Redirect to the slashed form (a relative Location, the query kept), before authentication, as '
      + 'Starlette\'s and FastAPI\'s routers answer: RFC 7644 §3.12 (Table 8) lists 307 for every method, directing the client "to '
      + 'repeat the same HTTP request at the location identified"',
    breaks: [],
  },
  'moved-slash-redirects': {
    description: 'as slash-redirects, but a GET or HEAD without the trailing slash is answered 301 Moved Permanently, as Django\'s '
      + 'APPEND_SLASH and a web server\'s directory redirect answer, and every other method 308 Permanent Redirect, which keeps '
      + 'the method and the body (RFC 9110 §15.4.2, §15.4.9): every HTTP client follows a 301 to a GET with the same request',
    breaks: [],
  },
  'endpoints-with-base-path': {
    description: '/ResourceTypes gives each endpoint as a path reference that carries the SCIM base\'s own path ("/scim/v2/Users"), '
      + 'as django-scim2 does: resolved against the base URL (RFC 3986 §5.2) it names the endpoint, which RFC 7643 §6 has '
      + '"relative to the Base URL"',
    breaks: [],
  },
  'explicit-nulls': {
    description: 'every answer spells out what the resource does not hold: each unassigned single-valued attribute of the core '
      + 'schema (and each unassigned part of `name`) as null, each unassigned multi-valued one as [], as an SP that serialises '
      + 'every column of its table does: "unassigned attributes, the null value, or empty array ... SHALL be considered to be '
      + 'equivalent in \'state\'" (RFC 7643 §2.5). The envelopes too, as Go\'s encoding/json writes a nil slice and Jackson '
      + 'an unset field: an empty list\'s Resources is null, and an RFC error body says "scimType": null and "detail": null '
      + 'where it has none',
    breaks: [],
  },
  'bulk-status-objects': {
    description: 'each operation of a Bulk answer gives its status as `{ "code": "201" }`: RFC 7644 §3.7.3 says "The status '
      + 'attribute MUST include the code attribute that holds the HTTP response code", and §3.7.2\'s example answers so, where '
      + '§3.7.3\'s own examples write the bare `"status": "201"`',
    breaks: [],
  },
  'close-connections': {
    description: 'every answer carries `Connection: close` and the server closes the socket after it (no keep-alive)',
    breaks: [],
  },
} as const satisfies Record<string, VariantInfo>;

export type VariantName = keyof typeof VARIANTS;

/**
 * The variants lawful under the aws profile too: AWS's own lists are eventually consistent, and an SP certified
 * against it may read through a cache or a replica (one that sees a create late too), count its ids, write its
 * dateTimes at an offset of its own (RFC 7643 §2.3.5), and shape its answers as these do. The others change what
 * the aws profile pins down (AWS's filters, its paging, its required names…).
 */
export const LAWFUL_UNDER_AWS: readonly VariantName[] = ['lagging-lists', 'lagging-reads', 'lagging-creates', 'sequential-ids', 'offset-timestamps',
  'reordered-values', 'vendor-extension', 'pretty-printed-json', 'unstable-order', 'explicit-nulls', 'lowercase-schema-urns'];

export function isVariantName(name: unknown): name is VariantName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(VARIANTS, name);
}

/** The prefix of user ids under reserved-character-ids (groups start with `g`): a space, `/`, `?`, `#`, `%`, `+`, `&` and `"`. */
export const RESERVED_ID_PREFIX = 'u 1/?#%+&"x-';

export interface EngineVariants {
  /** unfiltered-lists-refused: a list without a filter is 400 tooMany. */
  unfilteredListsRefused: boolean;
  /** no-display-name: users keep no displayName. */
  noDisplayName: boolean;
  /** name-filters-only: a list filter is one `eq` on userName (users) or displayName (groups). */
  nameFiltersOnly: boolean;
  /** eq-and-filters-only: list filters are conjunctions of `eq` comparisons, nothing else. */
  eqAndFiltersOnly: boolean;
  /** no-optional-features: no bulk, sort, etag or /.search; the missing endpoints answer 501. */
  noOptionalFeatures: boolean;
  /** no-referential-integrity: members may name ids that do not exist (a delete still clears the deleted id's memberships). */
  noReferentialIntegrity: boolean;
  /** reserved-character-ids: new ids carry reserved characters. */
  reservedCharacterIds: boolean;
  /** sequential-ids: new ids are the decimal insertion number. */
  sequentialIds: boolean;
  /** patch-answers-204: a PATCH answers 204 with no body unless the request names `attributes`. */
  patchAnswers204: boolean;
  /** lowercase-attribute-names: users and groups are answered with their attribute names in lower case. */
  lowercaseNames: boolean;
  /** minimal-list-responses: a list answer leaves out what §3.4.2 requires only of partial or non-empty results. */
  minimalLists: boolean;
  /** relative-location: the Location of a created resource is its path, not its absolute URL. */
  relativeLocation: boolean;
  /** one-result-per-page: the SP's own page size is one resource. */
  onePerPage: boolean;
  /** cursor-paging-only, cursor-paging-uncounted: lists page by RFC 9865 cursors, startIndex is ignored. */
  cursorPagingOnly: boolean;
  /** cursor-paging-uncounted: lists carry no totalResults. */
  uncountedLists: boolean;
  /** lowercase-usernames: userName is stored in lower case. */
  lowercaseUserNames: boolean;
  /** members-on-request: a group's members are answered only when `attributes` names them. */
  membersOnRequest: boolean;
  /** no-external-id: externalId is dropped from every write. */
  noExternalId: boolean;
  /** no-patch: PATCH is neither advertised nor served (501). */
  noPatch: boolean;
  /** users-only: no /Groups endpoint, no Group resource type or schema. */
  usersOnly: boolean;
  /** users-only, users-only-501: how /Groups answers. */
  groupsStatus: 404 | 501;
  /** lowercase-group-names: a group's displayName is stored in lower case. */
  lowercaseGroupNames: boolean;
  /** create-answers-minimal: a create answers schemas, id and meta only. */
  createAnswersMinimal: boolean;
  /** create-answers-location-only: a create answers 201 and its Location, with no body. */
  createAnswersLocationOnly: boolean;
  /** offset-timestamps: meta's dateTimes are written with milliseconds and a +02:00 offset. */
  offsetTimestamps: boolean;
  /** public-host-location: every URI the SP answers names it by PUBLIC_BASE. */
  publicHostLocation: boolean;
  /** group-create-ignores-members: a group's POST stores none of the members it names. */
  groupCreateIgnoresMembers: boolean;
  /** bare-members: a group's members and a user's groups are answered as { value } alone. */
  bareMembers: boolean;
  /** lowercase-emails: email values are stored in lower case. */
  lowercaseEmails: boolean;
  /** unmatched-remove-succeeds: a PATCH remove whose value filter matches nothing is a success that changes nothing. */
  unmatchedRemoveSucceeds: boolean;
  /** lowercase-user-values: a user's displayName, title, nickName, names and department are stored in lower case. */
  lowercaseUserValues: boolean;
  /** reordered-values: multi-valued attributes are answered in reverse order. */
  reorderedValues: boolean;
  /** bulk-status-objects: a Bulk operation's status is `{ code }`. */
  bulkStatusObjects: boolean;
  /** server-filled-defaults: a created or replaced user gets active, name.formatted, displayName and primary false. */
  serverDefaults: boolean;
  /** vendor-extension: every user carries the SP's own readOnly extension. */
  vendorExtension: boolean;
  /** core-attributes-only: users keep a small set of attributes; the rest is dropped on every write. */
  coreOnly: boolean;
  /** unique-emails: an email value belongs to one user (409 uniqueness), declared on /Schemas. */
  uniqueEmails: boolean;
  /** undeclared-attributes-refused: a write that gives an attribute /Schemas does not declare is 400 invalidValue. */
  undeclaredRefused: boolean;
  /** put-keeps-omitted: a PUT replaces only the attributes its body names. */
  putKeepsOmitted: boolean;
  /** no-name-or-active: users keep no name and no active. */
  noNameOrActive: boolean;
  /** canonicalised-values: type values capitalised, global phone numbers as tel URIs. */
  canonicalisedValues: boolean;
  /** lowercase-resource-type-names: /ResourceTypes gives ids and names in lower case. */
  lowercaseResourceTypes: boolean;
  /** schemas-required: a create, PUT or PATCH body without its schema URN is 400. */
  schemasRequired: boolean;
  /** unstable-order: multi-valued attributes are shuffled anew for each answer. */
  unstableOrder: boolean;
  /** unstable-list-order: a list without sortBy comes in an order shuffled anew for each request. */
  unstableListOrder: boolean;
  /** discovery-lists-only: a schema or resource type read by its id is 404. */
  discoveryListsOnly: boolean;
  /** endpoints-without-slash: /ResourceTypes endpoints carry no leading "/". */
  endpointsWithoutSlash: boolean;
  /** endpoints-with-base-path: /ResourceTypes endpoints carry the SCIM base's path ("/scim/v2/Users"). */
  endpointsWithBasePath: boolean;
  /** explicit-nulls: unassigned core attributes are answered as null or []. */
  explicitNulls: boolean;
  /** lagging-lists: milliseconds a write stays out of list and filter answers (0: none). */
  listLagMs: number;
  /** lagging-reads: milliseconds a write stays out of a GET by id (0: none). */
  readLagMs: number;
  /** lagging-creates: milliseconds a new resource answers 404 to a GET by id (0: none). */
  createLagMs: number;
}

export function engineVariants(variants: ReadonlySet<VariantName> | undefined): EngineVariants {
  const on = (n: VariantName): boolean => variants?.has(n) ?? false;
  return {
    eqAndFiltersOnly: on('eq-and-filters-only'),
    nameFiltersOnly: on('name-filters-only'),
    noDisplayName: on('no-display-name'),
    unfilteredListsRefused: on('unfiltered-lists-refused'),
    noOptionalFeatures: on('no-optional-features'),
    noReferentialIntegrity: on('no-referential-integrity'),
    reservedCharacterIds: on('reserved-character-ids'),
    sequentialIds: on('sequential-ids'),
    patchAnswers204: on('patch-answers-204'),
    lowercaseNames: on('lowercase-attribute-names'),
    minimalLists: on('minimal-list-responses'),
    relativeLocation: on('relative-location'),
    onePerPage: on('one-result-per-page'),
    cursorPagingOnly: on('cursor-paging-only') || on('cursor-paging-uncounted'),
    uncountedLists: on('cursor-paging-uncounted'),
    listLagMs: on('lagging-lists') ? LIST_LAG_MS : 0,
    readLagMs: on('lagging-reads') ? LIST_LAG_MS : 0,
    createLagMs: on('lagging-creates') ? LIST_LAG_MS : 0,
    lowercaseUserNames: on('lowercase-usernames'),
    bareMembers: on('bare-members'),
    groupCreateIgnoresMembers: on('group-create-ignores-members'),
    publicHostLocation: on('public-host-location'),
    offsetTimestamps: on('offset-timestamps'),
    createAnswersMinimal: on('create-answers-minimal'),
    createAnswersLocationOnly: on('create-answers-location-only'),
    lowercaseGroupNames: on('lowercase-group-names'),
    lowercaseEmails: on('lowercase-emails'),
    lowercaseUserValues: on('lowercase-user-values'),
    unmatchedRemoveSucceeds: on('unmatched-remove-succeeds'),
    usersOnly: on('users-only') || on('users-only-501'),
    groupsStatus: on('users-only-501') ? 501 : 404,
    noPatch: on('no-patch'),
    noExternalId: on('no-external-id'),
    membersOnRequest: on('members-on-request'),
    reorderedValues: on('reordered-values'),
    serverDefaults: on('server-filled-defaults'),
    vendorExtension: on('vendor-extension'),
    coreOnly: on('core-attributes-only'),
    uniqueEmails: on('unique-emails'),
    noNameOrActive: on('no-name-or-active'),
    canonicalisedValues: on('canonicalised-values'),
    lowercaseResourceTypes: on('lowercase-resource-type-names'),
    schemasRequired: on('schemas-required'),
    putKeepsOmitted: on('put-keeps-omitted'),
    undeclaredRefused: on('undeclared-attributes-refused'),
    unstableOrder: on('unstable-order'),
    unstableListOrder: on('unstable-list-order'),
    endpointsWithoutSlash: on('endpoints-without-slash'),
    endpointsWithBasePath: on('endpoints-with-base-path'),
    discoveryListsOnly: on('discovery-lists-only'),
    explicitNulls: on('explicit-nulls'),
    bulkStatusObjects: on('bulk-status-objects'),
  };
}

/** minimal-list-responses: the ListResponse without the members §3.4.2 does not require of this answer. */
export function minimalList(body: { totalResults?: number; startIndex?: number; itemsPerPage: number; Resources: unknown[] }): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  if (body.startIndex === 1 && body.Resources.length === body.totalResults) { delete out.itemsPerPage; delete out.startIndex; }
  if (body.totalResults === 0) delete out.Resources;
  return out;
}

/** offset-timestamps: an ISO instant (`…Z`) written at TIMESTAMP_OFFSET_MINUTES, with milliseconds: the same instant. */
export function atOffset(iso: unknown): unknown {
  const t = typeof iso === 'string' ? Date.parse(iso) : NaN;
  if (!Number.isFinite(t)) return iso;
  const local = new Date(t + TIMESTAMP_OFFSET_MINUTES * 60_000).toISOString().slice(0, 23); // YYYY-MM-DDTHH:mm:ss.sss
  const m = Math.abs(TIMESTAMP_OFFSET_MINUTES);
  return `${local}${TIMESTAMP_OFFSET_MINUTES < 0 ? '-' : '+'}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** lowercase-user-values: the user's texts that are not caseExact, in lower case (in place). */
export function lowercaseUserValues(data: Record<string, unknown>): void {
  const lower = (o: Record<string, unknown> | undefined, keys: string[]) => {
    if (!o || typeof o !== 'object') return;
    for (const k of keys) if (typeof o[k] === 'string') o[k] = (o[k] as string).toLowerCase();
  };
  lower(data, ['displayName', 'title', 'nickName']);
  lower(data.name as Record<string, unknown> | undefined, ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix']);
  lower(data[ENTERPRISE_SCHEMA.id] as Record<string, unknown> | undefined, ['department']);
}

/** lowercase-emails: an element of `emails` with its value in lower case. */
export function lowercaseEmail(e: unknown): unknown {
  if (e === null || typeof e !== 'object' || typeof (e as { value?: unknown }).value !== 'string') return e;
  return { ...e, value: ((e as { value: string }).value).toLowerCase() };
}

/** lowercase-attribute-names: a resource as answered, every key in lower case but the schema URNs used as keys. */
export function lowercaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowercaseKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.startsWith('urn:') ? k : k.toLowerCase()] = lowercaseKeys(v);
  return out;
}

/** A resource as answered, each multi-valued attribute (in the core or an extension) put in the order `reorder` gives. */
function withListsReordered(doc: Record<string, unknown>, reorder: (list: unknown[]) => unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (Array.isArray(v)) out[k] = reorder([...v]);
    else if (k.startsWith('urn:') && v !== null && typeof v === 'object') out[k] = withListsReordered(v as Record<string, unknown>, reorder);
    else out[k] = v;
  }
  return out;
}

/**
 * lowercase-schema-urns: an answer as sent, each schema URN that is not caseExact in lower case: the values of `schemas`,
 * the keys that are URNs (an extension's) and a schema's id. Everything else is as it was, a resource type's `schema` too.
 */
export function lowercaseSchemaUrns(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowercaseSchemaUrns);
  if (value === null || typeof value !== 'object') return value;
  const urn = (v: unknown): unknown => (typeof v === 'string' && /^urn:/i.test(v) ? v.toLowerCase() : v);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = /^urn:/i.test(k) ? k.toLowerCase() : k;
    if (k === 'schemas' && Array.isArray(v)) out[key] = v.map(urn);
    else if (k === 'id') out[key] = urn(v);
    else out[key] = lowercaseSchemaUrns(v);
  }
  return out;
}

/** reordered-values: each multi-valued attribute reversed. */
export function reversedValues(doc: Record<string, unknown>): Record<string, unknown> {
  return withListsReordered(doc, (list) => list.reverse());
}

/** unstable-order: each multi-valued attribute shuffled (Fisher-Yates) by `random`. */
export function shuffledValues(doc: Record<string, unknown>, random: () => number): Record<string, unknown> {
  return withListsReordered(doc, (list) => shuffleInPlace(list, random));
}

/** Fisher–Yates with the given generator: unstable-order's values, unstable-list-order's results. */
export function shuffleInPlace<T>(list: T[], random: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [list[i], list[j]] = [list[j], list[i]]; }
  return list;
}

/** unstable-order: a small seeded generator (mulberry32), so that one service's orders replay run after run. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * explicit-nulls: the resource with every unassigned attribute of its core schema spelled out, null or [] (and
 * the unassigned parts of a present `name`); attributes never returned (password) stay out.
 */
export function withExplicitNulls(doc: Record<string, unknown>, attributes: readonly AttrDef[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...doc };
  for (const a of attributes) {
    if (a.returned === 'never' || a.mutability === 'writeOnly') continue;
    const key = Object.keys(out).find((k) => k.toLowerCase() === a.name.toLowerCase());
    if (key === undefined) { out[a.name] = a.multiValued ? [] : null; continue; }
    const v = out[key];
    if (a.type === 'complex' && !a.multiValued && v && typeof v === 'object' && !Array.isArray(v)) {
      const inner: Record<string, unknown> = { ...(v as Record<string, unknown>) };
      for (const sub of a.subAttributes ?? []) if (!Object.keys(inner).some((k) => k.toLowerCase() === sub.name.toLowerCase())) inner[sub.name] = null;
      out[key] = inner;
    }
  }
  return out;
}

/** server-filled-defaults: the User's multi-valued complex attributes, whose values may carry "primary". */
const MULTI_VALUED_COMPLEX = USER_SCHEMA.attributes.filter((a) => a.multiValued && a.type === 'complex').map((a) => a.name);

/** server-filled-defaults: a user's data with what a created or replaced user gets when the client left it out. */
export function withServerDefaults(data: Record<string, unknown>): void {
  if (data.active === undefined) data.active = true;
  const name = data.name;
  if (name !== null && typeof name === 'object' && !Array.isArray(name)) {
    const n = name as Record<string, unknown>;
    const parts = [n.honorificPrefix, n.givenName, n.middleName, n.familyName, n.honorificSuffix].filter((x): x is string => typeof x === 'string' && x !== '');
    if (n.formatted === undefined && parts.length) n.formatted = parts.join(' ');
  }
  if (data.displayName === undefined) {
    const formatted = (name as { formatted?: unknown } | undefined)?.formatted;
    data.displayName = typeof formatted === 'string' ? formatted : data.userName;
  }
  for (const key of MULTI_VALUED_COMPLEX) {
    const list = data[key];
    if (Array.isArray(list)) data[key] = list.map((e) => (e !== null && typeof e === 'object' && (e as { primary?: unknown }).primary === undefined ? { ...e, primary: false } : e));
  }
}

/** core-attributes-only: what a user keeps (top-level names, lower case; name keeps these sub-attributes). */
const CORE_KEPT = new Set(['username', 'name', 'displayname', 'emails', 'active', 'externalid', 'groups']);
const CORE_NAME_KEPT = new Set(['givenname', 'familyname', 'formatted']);
/** core-attributes-only: /Schemas drops what is not kept (paths in lower case, as a profile's schemaDrop). */
export const CORE_SCHEMA_DROP: ReadonlySet<string> = new Set(USER_SCHEMA.attributes.flatMap((a) => {
  const name = a.name.toLowerCase();
  if (!CORE_KEPT.has(name)) return [name];
  return name === 'name' ? (a.subAttributes ?? []).map((sub) => sub.name.toLowerCase()).filter((sub) => !CORE_NAME_KEPT.has(sub)).map((sub) => `name.${sub}`) : [];
}));

/** core-attributes-only: a user's data with only what this SP keeps. */
export function keepCoreOnly(data: Record<string, unknown>): void {
  for (const k of Object.keys(data)) if (!CORE_KEPT.has(k.toLowerCase())) delete data[k];
  const name = data.name;
  if (name !== null && typeof name === 'object' && !Array.isArray(name)) {
    for (const k of Object.keys(name)) if (!CORE_NAME_KEPT.has(k.toLowerCase())) delete (name as Record<string, unknown>)[k];
  }
}

/** no-name-or-active: what users keep none of, and /Schemas does not declare (paths in lower case, as a profile's schemaDrop). */
export const NAME_OR_ACTIVE = ['name', 'active'] as const;

/**
 * canonicalised-values: a user's data in this SP's canonical form: each `type` of a multi-valued attribute
 * capitalised, and each global phone number (`+` then digits and visual separators) as a tel URI.
 */
export function canonicalise(data: Record<string, unknown>): void {
  for (const [key, list] of Object.entries(data)) {
    if (!Array.isArray(list)) continue;
    const phones = key.toLowerCase() === 'phonenumbers';
    data[key] = list.map((e) => {
      if (e === null || typeof e !== 'object') return e;
      const out: Record<string, unknown> = { ...(e as Record<string, unknown>) };
      if (typeof out.type === 'string' && out.type) out.type = out.type[0]!.toUpperCase() + out.type.slice(1);
      if (phones && typeof out.value === 'string') out.value = telUri(out.value);
      return out;
    });
  }
}

/** `+1 555 0100` → `tel:+1-555-0100` (RFC 3966 §5.1.4: "-" is the visual separator); a local or tel: number stays. */
export function telUri(value: string): string {
  if (!/^\+[\d\s().-]+$/.test(value)) return value;
  return `tel:+${value.slice(1).trim().split(/[\s().-]+/).filter(Boolean).join('-')}`;
}

/** schemas-required: refuses a body whose "schemas" does not list `urn` (compared without case). */
export function requireSchema(body: unknown, urn: string): void {
  const listed = body !== null && typeof body === 'object' ? Object.entries(body).find(([k]) => k.toLowerCase() === 'schemas')?.[1] : undefined;
  if (Array.isArray(listed) && listed.some((u) => typeof u === 'string' && u.toLowerCase() === urn.toLowerCase())) return;
  throw new ScimError(400, `The request body's "schemas" must list ${urn}`, 'invalidSyntax');
}

/** eq-and-filters-only: every top-level conjunct must be a plain `attrPath eq value` comparison. */
function eqAndOnly(f: Filter): void {
  for (const part of conjuncts(f)) {
    const c = part as { op: string; attrPath?: unknown };
    if (c.op === 'eq' && typeof c.attrPath === 'string') continue;
    const what = c.op === '[]' ? 'a value path' : c.op === 'or' || c.op === 'not' ? `"${c.op}"` : `the operator "${c.op}"`;
    throw new ScimError(400, `This service provider supports only "eq" comparisons joined by "and"; the filter uses ${what}`, 'invalidFilter');
  }
}

/** name-filters-only: the filter must be one `userName eq` (users) or `displayName eq` (groups) comparison. */
function nameOnly(f: Filter, kind: string): void {
  const c = f as { op: string; attrPath?: unknown };
  const name = kind === 'Group' ? 'displayname' : 'username';
  if (c.op === 'eq' && typeof c.attrPath === 'string' && c.attrPath.toLowerCase().replace(/^urn:.*:/, '') === name) return;
  throw new ScimError(400, `This service provider filters ${kind === 'Group' ? 'groups by "displayName eq"' : 'users by "userName eq"'} only`, 'invalidFilter');
}

/** The rule set as the variants bend it. */
export function withVariants(rules: RuleSet, v: EngineVariants): RuleSet {
  let out = rules;
  if (v.eqAndFiltersOnly) {
    const inner = out.validateListFilter;
    out = { ...out, validateListFilter: (f, kind) => { eqAndOnly(f); inner?.(f, kind); } };
  }
  if (v.nameFiltersOnly) {
    const inner = out.validateListFilter;
    out = { ...out, validateListFilter: (f, kind) => { nameOnly(f, kind); inner?.(f, kind); } };
  }
  if (v.onePerPage) out = { ...out, maxResults: 1, defaultCount: 1 };
  if (v.undeclaredRefused) out = { ...out, unknownAttribute: 'reject' };
  if (v.patchAnswers204) out = { ...out, patchUserStatus: 204, patchGroupStatus: 204 };
  if (v.noOptionalFeatures) {
    out = { ...out, bulk: false, search: false, sort: false, etag: false, bulkLimits: { maxOperations: 0, maxPayloadSize: 0 }, missingFeatureStatus: 501 };
  }
  return out;
}

/** members-on-request: whether an `attributes` parameter names a group's members (`members`, `members.value`, or by URN). */
export function namesMembers(attributes: string | undefined): boolean {
  if (!attributes) return false;
  return attributes.split(',').some((a) => /^(urn:ietf:params:scim:schemas:core:2\.0:group:)?members(\.\w+)?$/i.test(a.trim()));
}

/** members-on-request: the schema with one attribute returned only on request (RFC 7643 §7). */
export function returnedOnRequest(def: SchemaDef, name: string): SchemaDef {
  return { ...def, attributes: def.attributes.map((a) => (a.name === name ? { ...a, returned: 'request' } : a)) };
}

/** The schema with one sub-attribute declared `"uniqueness": "server"` (VARIANT unique-emails). */
export function uniqueOnServer(def: SchemaDef, name: string, sub: string): SchemaDef {
  return { ...def, attributes: def.attributes.map((a) => (a.name === name && a.subAttributes
    ? { ...a, subAttributes: a.subAttributes.map((s) => (s.name === sub ? { ...s, uniqueness: 'server' } : s)) } : a)) };
}
