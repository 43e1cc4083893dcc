// The suite proves itself: against deliberately broken variants of the reference, each fails exactly
// the requirements it breaks, by id, and nothing else. The table is run by two test files, one a profile
// (mutants-aws.test.ts, mutants-rfc.test.ts), so that npm test's lanes share its whole-catalogue runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inOneProcess, failing, reasonsOf, type CliRun } from './helpers.js';
import type { FaultName } from '../../support/reference-server/scim/types.js';
import { loadCatalog } from '../../support/catalog/catalog.js';

interface Mutant {
  fault: FaultName; profile: 'aws' | 'rfc'; breaks: string[]; tags?: string;
  /** The fault is a should-level finding of must-level rows: they are WARN, and the run exits 0. */
  findingOnly?: true;
  /** Conformant variants of the reference the fault runs with (`--variants`): a lawful SP that breaks the same rule. */
  variants?: string;
  /** Faults the run adds (`--faults`): a deviation whose row must still be judged beside another's. */
  withFaults?: FaultName[];
  /**
   * Scenarios that must fail, by name: where a row fails through several scenarios, a wrong pass of one of them
   * leaves the row red, so only the scenario says whether the check itself still sees the fault.
   */
  failsScenarios?: string[];
}

// The @console scenarios (a browser, ~2 s each) judge the token lifecycle through the console: the one that
// deletes a token in a browser runs for deleted-token-accepted too; the other aws faults run the HTTP plan,
// since the healthy reference already proves the console scenarios pass (embedded.test.ts).
const HTTP_PLAN = 'not @console';
const HTTP_PLAN_AND_TOKEN_DELETION_IN_A_BROWSER = 'not @console or @req:AP-TOKEN-02';

/** How failing() names a reproduction (a scenario with no catalogue id) that failed. */
const REPRODUCTION = 'reproduction ';
// The worked examples of features/reproductions/README.md: each replays a recording of the deviation it is about.
const ENTRA_MEMBER_REMOVAL_EXAMPLE = `${REPRODUCTION}features/reproductions/worked-examples.feature:7`;
const ONELOGIN_TRAILING_QUESTION_MARK_EXAMPLE = `${REPRODUCTION}features/reproductions/worked-examples.feature:13`;

// What each fault breaks, from the catalogue's wording; the run must fail these ids and only these.
export const MUTANTS: Mutant[] = [
  // AWS-EVENT-01 names the refused multi-value create's event, and ENTRA-MAP-01 is the seed's
  // troubleshooting entry about exactly that refusal: a reference that accepts several values breaks all three.
  { fault: 'accept-multiple-values', profile: 'aws', breaks: ['AP-USER-03', 'AWS-EVENT-01', 'ENTRA-MAP-01'], tags: HTTP_PLAN },
  { fault: 'deleted-token-accepted', profile: 'aws', breaks: ['AP-TOKEN-02'], tags: HTTP_PLAN_AND_TOKEN_DELETION_IN_A_BROWSER },
  { fault: 'expired-token-accepted', profile: 'aws', breaks: ['AP-TOKEN-05'], tags: HTTP_PLAN },
  // IdPs send in parallel: a request queued with the old secret may arrive after the new token's connection test
  { fault: 'older-tokens-revoked-on-use', profile: 'aws', breaks: ['AP-TOKEN-04'], tags: HTTP_PLAN },
  { fault: 'wrong-tenant-accepted', profile: 'aws', breaks: ['AWS-TENANT-01'], tags: HTTP_PLAN },
  { fault: 'missing-token-accepted', profile: 'rfc', breaks: ['RFC-AUTH-01'] },
  { fault: 'missing-token-accepted', profile: 'aws', breaks: ['RFC-AUTH-01'], tags: HTTP_PLAN },
  // a token never issued, served (an SP with no authentication at all): RFC-AUTH-01's alone; the IdP connection tests
  // and Entra's quarantine, each sent with a wrong token, are BLOCKED by it (they were red beside it)
  { fault: 'wrong-token-accepted', profile: 'rfc', breaks: ['RFC-AUTH-01'] },
  { fault: 'wrong-token-accepted', profile: 'aws', breaks: ['RFC-AUTH-01'], tags: HTTP_PLAN },
  { fault: 'duplicate-username-200', profile: 'rfc', breaks: ['RFC-CREATE-02'] },
  // under aws, AP-USER-06 also promises unique user names (AWS user guide)
  { fault: 'duplicate-username-200', profile: 'aws', breaks: ['AP-USER-06', 'RFC-CREATE-02'], tags: HTTP_PLAN },
  { fault: 'ignore-count', profile: 'aws', breaks: ['AWS-PAGE-01'], tags: HTTP_PLAN },
  { fault: 'ignore-count', profile: 'rfc', breaks: ['RFC-PAGE-01'] },
  { fault: 'legacy-member-remove-all', profile: 'rfc', breaks: ['ENTRA-PATCH-04', ENTRA_MEMBER_REMOVAL_EXAMPLE] },
  { fault: 'delete-emptied-groups', profile: 'rfc', breaks: ['OL-GROUP-02'] },
  // a group deleted as a side effect stays in a read cache (variant lagging-reads): OneLogin's "still exists" is read
  // once the measured read lag has passed, or the stale read passes OL-GROUP-02 (it did); narrowed to the OneLogin group rows
  { fault: 'delete-emptied-groups', profile: 'rfc', variants: 'lagging-reads', breaks: ['OL-GROUP-02'], tags: '@req:OL-GROUP-01 or @req:OL-GROUP-02 or @req:OL-GROUP-03' },
  // behind a replica that sees a create late (variant lagging-creates), a 404 for a group the scenario made and never
  // deleted is read again for the settle time: one the SP deleted of itself must still fail, once that time is spent
  { fault: 'delete-emptied-groups', profile: 'rfc', variants: 'lagging-creates', breaks: ['OL-GROUP-02'], tags: '@req:OL-GROUP-01 or @req:OL-GROUP-02 or @req:OL-GROUP-03',
    failsScenarios: ['"I\'ve deleted or disabled a group in OneLogin"'] },
  // a half-applied PATCH is both a non-atomic PATCH and a refused write that changed state
  { fault: 'patch-not-atomic', profile: 'rfc', breaks: ['RFC-PATCH-02', 'RFC-STATE-01'] },
  // the attributes restored and the meta moved (SCIM Gateway): RFC-STATE-01's should alone; RFC-PATCH-01 and -02,
  // which read what a refused PATCH left too, had warned beside it
  { fault: 'refused-patch-touches-meta', profile: 'rfc', breaks: ['RFC-STATE-01'], findingOnly: true },
  { fault: 'refused-patch-touches-meta', profile: 'aws', breaks: ['RFC-STATE-01'], findingOnly: true, tags: HTTP_PLAN },
  // under aws, AWS-PATCH-01's refused requests are half-applied too: that is RFC-PATCH-02's deviation, so
  // AWS-PATCH-01 is BLOCKED by it rather than red
  { fault: 'patch-not-atomic', profile: 'aws', breaks: ['RFC-PATCH-02', 'RFC-STATE-01'], tags: HTTP_PLAN },
  // the same behind a read cache that writes do not refresh (variant lagging-reads, conformant): a read straight after
  // the refused PATCH still shows the resource as it was, so "changed nothing" and AWS's "is unchanged" are judged
  // only once the lag the probe measured has passed. Before that, these scenarios passed while their rows failed
  // through others (the group's, whose members filter is a list). The runs are narrowed to those rows, for time: the
  // fault's row above holds "nothing else" on the whole catalogue, and lagging-reads' own run holds it for the variant
  { fault: 'patch-not-atomic', profile: 'rfc', variants: 'lagging-reads', breaks: ['RFC-PATCH-02', 'RFC-STATE-01'],
    tags: '@req:RFC-PATCH-02 or @req:RFC-STATE-01',
    failsScenarios: ['a user PATCH whose second operation fails', 'patches "ada" with a valid operation followed by an invalid one is refused and changes nothing'] },
  { fault: 'patch-not-atomic', profile: 'aws', variants: 'lagging-reads', breaks: ['RFC-PATCH-02', 'RFC-STATE-01'],
    tags: `${HTTP_PLAN} and (@req:AWS-PATCH-01 or @req:RFC-PATCH-02 or @req:RFC-STATE-01)`,
    failsScenarios: ['a user PATCH with two replaces of active is refused', 'a user PATCH whose second operation fails',
      'patches "ada" with a valid operation followed by an invalid one is refused and changes nothing'] },
  // an SP that serves users only (variant users-only, conformant): RFC-STATE-01's user cases are judged without the
  // group of its setup, so the half-applied PATCH of a user is red there too, not left unjudged
  { fault: 'patch-not-atomic', profile: 'rfc', variants: 'users-only', breaks: ['RFC-PATCH-02', 'RFC-STATE-01'],
    tags: '@req:RFC-PATCH-02 or @req:RFC-STATE-01',
    failsScenarios: ['patches "ada" with a valid operation followed by an invalid one is refused and changes nothing'] },
  // so are AWS-ID-01's new id (the old memberships are not judged there) and AP-USER-04's kept id (nor its membership)
  { fault: 'same-id-after-recreate', profile: 'rfc', variants: 'users-only', breaks: ['AWS-ID-01'], tags: '@req:AWS-ID-01' },
  { fault: 'username-immutable', profile: 'rfc', variants: 'users-only', breaks: ['AP-USER-04'], tags: '@req:AP-USER-04' },
  // DELETE is 204 (RFC 7644 §3.6): a 200 with the deleted resource breaks that rule, and only that one
  { fault: 'delete-answers-200', profile: 'rfc', breaks: ['RFC-DELETE-01'] },
  { fault: 'delete-answers-200', profile: 'aws', breaks: ['RFC-DELETE-01'], tags: HTTP_PLAN },
  // a soft delete its lists forgot, and a PUT written as an upsert: a deleted user is omitted from every later
  // query and 404 to every operation (RFC 7644 §3.6)
  // a DELETE answered 204 and lost: RFC-DELETE-01's, and the IdP rows whose own delete it is (OneLogin's on unassign,
  // Entra's hard delete). A row that only needs a delete done first (AWS-ID-01's re-create, RFC-GROUP-01's deleted
  // member, OneLogin's group deleted in the SP) is BLOCKED by RFC-DELETE-01: until 2026-12-05 those were red as their own
  { fault: 'delete-ignored', profile: 'rfc', breaks: ['ENTRA-DEL-01', 'OL-PROV-01', 'RFC-DELETE-01'] },
  { fault: 'delete-ignored', profile: 'aws', breaks: ['ENTRA-DEL-01', 'OL-PROV-01', 'RFC-DELETE-01'], tags: HTTP_PLAN },
  { fault: 'deleted-user-listed', profile: 'rfc', breaks: ['RFC-DELETE-01'] },
  { fault: 'deleted-user-listed', profile: 'aws', breaks: ['RFC-DELETE-01'], tags: HTTP_PLAN },
  { fault: 'put-creates-missing', profile: 'rfc', breaks: ['RFC-DELETE-01'] },
  // the same under lagging-creates: the 404s after the scenario's DELETE are judged at once (RFC 7644 §3.6), never
  // read again as a replica's, and the user the upsert makes anew (whose read by id would 404 a moment) still fails it
  { fault: 'put-creates-missing', profile: 'rfc', variants: 'lagging-creates', breaks: ['RFC-DELETE-01'], tags: '@req:RFC-DELETE-01',
    failsScenarios: ['a deleted user is gone'] },
  { fault: 'put-creates-missing', profile: 'aws', breaks: ['RFC-DELETE-01'], tags: HTTP_PLAN },
  // beside an error body of the wrong shape (checked in passing, aside.ts), a row's own deviation after it is still
  // judged: until 2026-12-06 RFC-DELETE-01 was BLOCKED by the error row here (on SCIM Gateway, its replace of a
  // deleted user answered 500 went unseen behind the numeric status of its 404 bodies)
  { fault: 'put-creates-missing', withFaults: ['numeric-error-status'], profile: 'rfc', breaks: ['RFC-DELETE-01', 'RFC-ERR-01'], tags: '@req:RFC-DELETE-01 or @req:RFC-ERR-01' },
  { fault: 'put-creates-missing', withFaults: ['numeric-error-status'], profile: 'aws', breaks: ['AWS-ERR-01', 'RFC-DELETE-01'], tags: '@req:RFC-DELETE-01 or @req:AWS-ERR-01' },
  // AWS refuses a password (the scenario is UNSUPPORTED there): rfc alone
  { fault: 'password-returned', profile: 'rfc', breaks: ['RFC-CREATE-01'] },
  // meta.resourceType is defined as the resource type's name, caseExact, with no MUST (RFC 7643 §3.1): a should
  // finding of the two rows that read a resource's meta, the create's answer and the read
  { fault: 'resource-type-misnamed', profile: 'rfc', breaks: ['RFC-CREATE-01', 'RFC-READ-01'], findingOnly: true },
  // RFC 7643 §3.1's lower-case "must": a should-level finding (RFC 7644 §3.14 makes meta.version itself a SHOULD)
  { fault: 'version-unlike-etag', profile: 'rfc', breaks: ['RFC-DISC-01'], findingOnly: true },
  // ETags advertised and never sent (an SP that copied RFC 7643's example configuration): RFC-DISC-01's, and the If-Match
  // row is BLOCKED by it; until 2026-12-05 RFC-ETAG-01 was red too, for "the client does not remember rfc:etag:ada"
  { fault: 'etag-not-sent', profile: 'rfc', breaks: ['RFC-DISC-01'] },
  // booleans answered as strings (a text column; Okta's sample SCIM server does so): RFC-READ-01's should, once. Until
  // 2026-12-05 every IdP row that reads a user's state was red for it ("is not active: active is "true"")
  // /Schemas declares what the SP never keeps (title, nickName): RFC-DISC-01's should, once; the rows that write those
  // attributes leave them unjudged, as where /Schemas declares none. Until 2026-12-05 RFC-PATCH-01 and ENTRA-PATCH-03 were red
  { fault: 'declared-attributes-dropped', profile: 'rfc', breaks: ['RFC-DISC-01'], findingOnly: true },
  // displayName made of the names whatever is sent (django-scim2): the same should. Until 2026-12-06 the probe sent a
  // displayName its names would make, so it took displayName for kept, and RFC-DISC-01 (at must level), RFC-PUT-01
  // and RFC-PATCH-01 were red for a value the SP never keeps
  { fault: 'display-name-of-names', profile: 'rfc', breaks: ['RFC-DISC-01'], findingOnly: true },
  // a forbidden PATCH whose code no clause names, answered 501 and changing nothing (django-scim2): the code is Table 8's
  // should. Until 2026-12-06 a 5xx there failed RFC-PATCH-01 at must level, where a 2xx that changed nothing only warned
  { fault: 'read-only-patch-501', profile: 'rfc', breaks: ['RFC-PATCH-01'], findingOnly: true },
  // 501 where §3.5.2.2 and §3.5.2.3 name 400 noTarget: RFC-PATCH-01's (a may row: exit 0). RFC-PATCH-02 still judges
  // what the refused PATCH left: until 2026-12-06 it was BLOCKED by RFC-PATCH-01 there, and beside patch-not-atomic
  // its own deviation went unseen
  { fault: 'unhandled-patch-501', profile: 'rfc', breaks: ['RFC-PATCH-01'], tags: '@req:RFC-PATCH-01 or @req:RFC-PATCH-02 or @req:RFC-STATE-01' },
  { fault: 'unhandled-patch-501', withFaults: ['patch-not-atomic'], profile: 'rfc', breaks: ['RFC-PATCH-01', 'RFC-PATCH-02', 'RFC-STATE-01'],
    tags: '@req:RFC-PATCH-01 or @req:RFC-PATCH-02 or @req:RFC-STATE-01' },
  // a list without startIndex refused (Okta's sample SCIM server): RFC-PAGE-01's should (OPTIONAL, default 1), and the
  // connection tests of the IdPs that send none (Entra's and OneLogin's lookups); the probe sees it, and the other RFC
  // rows' lists carry startIndex=1. Until 2026-12-05 RFC-FILTER-01, -SORT-01, -DISC-01 and -ATTR-01 were red for it
  { fault: 'start-index-required', profile: 'rfc', breaks: ['ENTRA-CONN-01', 'OL-CONN-01', 'RFC-PAGE-01'] },
  { fault: 'booleans-as-strings', profile: 'rfc', breaks: ['RFC-READ-01'], findingOnly: true },
  { fault: 'booleans-as-strings', profile: 'aws', breaks: ['RFC-READ-01'], findingOnly: true, tags: HTTP_PLAN },
  { fault: 'resource-type-misnamed', profile: 'aws', breaks: ['RFC-CREATE-01', 'RFC-READ-01'], tags: HTTP_PLAN, findingOnly: true },
  { fault: 'uniqueness-on-create-only', profile: 'rfc', breaks: ['RFC-CREATE-02'] },
  { fault: 'uniqueness-on-create-only', profile: 'aws', breaks: ['RFC-CREATE-02'], tags: HTTP_PLAN },
  // RFC 7644 §3.3 makes scimType "uniqueness" a MUST for a conflicting create; AWS sends no scimType (rfc alone)
  { fault: 'conflict-without-scimtype', profile: 'rfc', breaks: ['RFC-CREATE-02'] },
  { fault: 'create-takes-client-id', profile: 'rfc', breaks: ['RFC-CREATE-01'] },
  { fault: 'create-takes-client-id', profile: 'aws', breaks: ['RFC-CREATE-01'], tags: HTTP_PLAN },
  // RFC 7643 §3.1: a resource never modified carries lastModified equal to created (judged on the create's answer)
  { fault: 'modified-apart-from-created', profile: 'rfc', breaks: ['RFC-CREATE-01'] },
  { fault: 'modified-apart-from-created', profile: 'aws', breaks: ['RFC-CREATE-01'], tags: HTTP_PLAN },
  // AWS pages by cursor and ignores startIndex: RFC-PAGE-01 is rfc's
  { fault: 'page-params-unclamped', profile: 'rfc', breaks: ['RFC-PAGE-01'] },
  // status is a string in every error body (RFC 7644 §3.12; AWS's own body too): only the error-body rule judges its type
  { fault: 'numeric-error-status', profile: 'rfc', breaks: ['RFC-ERR-01'] },
  { fault: 'numeric-error-status', profile: 'aws', breaks: ['AWS-ERR-01'], tags: HTTP_PLAN },
  // three list behaviours that rows judge after reading again (settle.ts): each still fails its own row, once the
  // settle time is spent, and nothing else. AWS serves neither sort nor .search, so those two run under rfc alone
  { fault: 'case-sensitive-username-filter', profile: 'rfc', breaks: ['RFC-FILTER-01'] },
  { fault: 'case-sensitive-username-filter', profile: 'aws', breaks: ['RFC-FILTER-01'], tags: HTTP_PLAN },
  // beside an SP that keeps userNames in lower case (variant lowercase-usernames), a filter that minds case finds no one
  // by the name as sent: RFC-SEARCH-01 and RFC-ATTR-01 look users up by it too, and were red for the filter's miss
  // (sweep seed 1422); they are BLOCKED by RFC-FILTER-01 now
  { fault: 'case-sensitive-username-filter', profile: 'rfc', variants: 'lowercase-usernames', breaks: ['RFC-FILTER-01'],
    tags: '@req:RFC-FILTER-01 or @req:RFC-SEARCH-01 or @req:RFC-ATTR-01' },
  // "Attribute names and attribute operators used in filters are case insensitive" (RFC 7644 §3.4.2.2) is said without
  // a MUST: a should-level finding, as the RFC's other definitions without one
  // on the reference's empty tenants the scoped paging walk meets no stranger; cleanup.test.ts runs it on a crowded one
  { fault: 'sw-ignored', profile: 'rfc', breaks: ['RFC-FILTER-01'] },
  { fault: 'filter-names-case-sensitive', profile: 'rfc', breaks: ['RFC-FILTER-01'], findingOnly: true },
  { fault: 'filter-names-case-sensitive', profile: 'aws', breaks: ['RFC-FILTER-01'], findingOnly: true, tags: HTTP_PLAN },
  // AWS serves neither "or" nor "and": rfc alone
  { fault: 'filter-left-to-right', profile: 'rfc', breaks: ['RFC-FILTER-01'] },
  { fault: 'boolean-ordering-answered', profile: 'rfc', breaks: ['RFC-FILTER-01'] },
  // under aws, two emails are refused before their primaries are counted (AP-USER-03)
  { fault: 'primary-not-enforced', profile: 'rfc', breaks: ['RFC-CREATE-01'] },
  { fault: 'sort-order-ignored', profile: 'rfc', breaks: ['RFC-SORT-01'] },
  { fault: 'search-ignores-filter', profile: 'rfc', breaks: ['RFC-SEARCH-01'] },
  // a PUT that merges (only rfc sends a null, which is what the merge keeps), a 201 without Location
  { fault: 'put-merges', profile: 'rfc', breaks: ['RFC-PUT-01'] },
  // an SP that keeps no nickName (variant core-attributes-only) had no value for the null to clear, and the fault went
  // unseen (sweep seed 1422): the scenario now clears the first optional value the SP keeps (here externalId)
  { fault: 'put-merges', profile: 'rfc', variants: 'core-attributes-only', breaks: ['RFC-PUT-01'], tags: '@req:RFC-PUT-01' },
  // a forged meta.created in a PUT body must be ignored (readOnly); Okta echoes the meta it read, which changes nothing
  { fault: 'put-takes-client-meta', profile: 'rfc', breaks: ['RFC-PUT-01'] },
  // codes RFC 7644 recommends without requiring them (Table 8, §3.5.1): another one is each row's own should finding.
  // The aws profile pins AWS's documented codes, so these run under rfc
  { fault: 'wrong-credentials-403', profile: 'rfc', breaks: ['RFC-AUTH-01'], findingOnly: true },
  { fault: 'validation-422', profile: 'rfc', breaks: ['RFC-CREATE-03', 'RFC-ERR-01', 'RFC-PATCH-01'], findingOnly: true },
  { fault: 'put-answers-204', profile: 'rfc', breaks: ['RFC-PUT-01'], findingOnly: true },
  // a gateway's text/plain 401 breaks the error body's MUST (RFC-ERR-01) and nothing else: RFC-AUTH-01's refusals
  // were made, and it is BLOCKED by RFC-ERR-01 rather than red
  { fault: 'plain-text-401', profile: 'rfc', breaks: ['RFC-ERR-01'] },
  { fault: 'put-takes-client-meta', profile: 'aws', breaks: ['RFC-PUT-01'], tags: HTTP_PLAN },
  // a PUT that moves created to its own time ignored the value the body sent ("SHALL be ignored" holds): created is
  // when the resource was added (RFC 7643 §3.1), said without a MUST, a should; it had failed RFC-PUT-01
  { fault: 'put-renews-created', profile: 'rfc', breaks: ['RFC-PUT-01'], findingOnly: true },
  { fault: 'put-renews-created', profile: 'aws', breaks: ['RFC-PUT-01'], findingOnly: true, tags: HTTP_PLAN },
  { fault: 'create-without-location', profile: 'rfc', breaks: ['RFC-CREATE-01'] },
  { fault: 'create-without-location', profile: 'aws', breaks: ['RFC-CREATE-01'], tags: HTTP_PLAN },
  // a create answered 200: a bulk create saying 200 as well is the same deviation (BLOCKED, not red)
  { fault: 'create-answers-200', profile: 'rfc', breaks: ['RFC-CREATE-01'] },
  { fault: 'create-answers-200', profile: 'aws', breaks: ['RFC-CREATE-01'], tags: HTTP_PLAN },
  // application/json is a should-level finding (WARN) under rfc; AWS answers application/json itself
  { fault: 'json-content-type', profile: 'rfc', breaks: ['RFC-MEDIA-01'] },
  // a group create that names members answers 500 (as a store whose member insert fails answers): RFC-CREATE-01's alone. Setup makes
  // its groups without members and adds them where such a create is refused; a bulk create of that group, and AWS's
  // 100-member create, are BLOCKED by it. Before, 9 rows (rfc) and 10 (aws) were BLOCKED, and RFC-BULK-01 and
  // AWS-GROUP-02 red beside it
  { fault: 'group-create-with-members-500', profile: 'rfc', breaks: ['RFC-CREATE-01'] },
  { fault: 'group-create-with-members-500', profile: 'aws', breaks: ['RFC-CREATE-01'], tags: HTTP_PLAN },
  // a byte order mark before the JSON (RFC 8259 §8.1 MUST NOT) is read past by every check and judged where the answer's
  // form is (RFC-MEDIA-01, rfc's should); it had made every answer "not valid JSON" and 83 rows red or BLOCKED
  { fault: 'json-byte-order-mark', profile: 'rfc', breaks: ['RFC-MEDIA-01'] },
  // /ResourceTypes is discovery under rfc, and one of the operations AWS documents under aws
  { fault: 'resource-types-not-served', profile: 'rfc', breaks: ['RFC-DISC-01'] },
  { fault: 'resource-types-not-served', profile: 'aws', breaks: ['AWS-OPS-01'], tags: HTTP_PLAN },
  // 404 for an id that never existed is RFC-READ-01's (7644 §3.4.1), for a deleted one RFC-DELETE-01's (§3.6): a 400
  // breaks both; the IdP rows that read a deleted user on the way are BLOCKED by them, not red
  { fault: 'unknown-id-400', profile: 'rfc', breaks: ['RFC-DELETE-01', 'RFC-READ-01'] },
  { fault: 'unknown-id-400', profile: 'aws', breaks: ['RFC-DELETE-01', 'RFC-READ-01'], tags: HTTP_PLAN },
  // AWS's rules dropped one at a time. OKTA-ADDR-01 and ENTRA-NAMES-01 state the same refusal for Okta's partial
  // address and Entra's nameless user; the rows that only need a refusal (AWS-ERR-01 reading its body, OKTA-ERR-01
  // reading Okta's log of it) are BLOCKED by the rule's row, not red
  { fault: 'forbidden-characters-accepted', profile: 'aws', breaks: ['AWS-CHARS-01', 'OKTA-ADDR-01'], tags: HTTP_PLAN },
  { fault: 'user-names-optional', profile: 'aws', breaks: ['AP-USER-01', 'ENTRA-NAMES-01'], tags: HTTP_PLAN },
  { fault: 'required-names-accepted', profile: 'rfc', breaks: ['RFC-CREATE-03'] },
  { fault: 'required-names-accepted', profile: 'aws', breaks: ['AP-USER-01', 'RFC-CREATE-03'], tags: HTTP_PLAN },
  { fault: 'email-primary-optional', profile: 'aws', breaks: ['AP-USER-02'], tags: HTTP_PLAN },
  { fault: 'third-token-allowed', profile: 'aws', breaks: ['AP-TOKEN-03'], tags: HTTP_PLAN },
  // the token and tenant lifecycle: a listed secret, a disable that leaves tokens behind, and a provisioning-off
  // tenant that answers 404 (both enabling's and disabling's rows say such a tenant answers 401)
  { fault: 'token-secret-listed', profile: 'aws', breaks: ['AP-TOKEN-01'], tags: HTTP_PLAN },
  // a listing whose dates are not the tokens' own: AP-TOKEN-06 (a should: WARN), picking the oldest by its date
  { fault: 'token-dates-of-first', profile: 'aws', breaks: ['AP-TOKEN-06'], tags: HTTP_PLAN },
  // the assertion consumer drops the AccessControl attributes: ABAC-01 (a may: exit 0)
  { fault: 'session-tags-ignored', profile: 'aws', breaks: ['ABAC-01'], tags: HTTP_PLAN },
  { fault: 'disable-with-tokens-allowed', profile: 'aws', breaks: ['AP-DISABLE-01'], tags: HTTP_PLAN },
  { fault: 'provisioning-off-404', profile: 'aws', breaks: ['AP-DISABLE-01', 'AP-ENABLE-01'], tags: HTTP_PLAN },
  { fault: 'aws-group-members-listed', profile: 'aws', breaks: ['AWS-GROUP-01'], tags: HTTP_PLAN },
  // a member filter that finds nothing, on an SP whose group reads list the members (SCIM Gateway run under aws): the
  // filter failed, AWS-GROUP-01's; RFC-GROUP-01 had warned and Okta's and Entra's group rows failed beside it, and
  // AWS-GROUP-01 and a dozen rows were BLOCKED by RFC-GROUP-01. Alone (AWS's empty member lists) nothing tells a blind
  // filter from members never stored, and RFC-GROUP-01 owns that as before
  { fault: 'member-filter-blind', withFaults: ['aws-group-members-listed'], profile: 'aws', breaks: ['AWS-GROUP-01'], tags: HTTP_PLAN },
  { fault: 'rename-drops-memberships', profile: 'aws', breaks: ['AP-USER-04'], tags: HTTP_PLAN },
  { fault: 'member-limits-ignored', profile: 'aws', breaks: ['AWS-GROUP-02'], tags: HTTP_PLAN },
  // attributes and excludedAttributes are a should (RFC-ATTR-01): WARN, exit 0
  { fault: 'attributes-ignored', profile: 'rfc', breaks: ['RFC-ATTR-01'] },
  // behind an SP that serves /Schemas as a list alone (variant discovery-lists-only), the check of what is always
  // returned reads the User schema from the list: reading it by its URI only, RFC-ATTR-01 was BLOCKED by RFC-DISC-01
  { fault: 'attributes-ignored', profile: 'rfc', variants: 'discovery-lists-only', breaks: ['RFC-ATTR-01', 'RFC-DISC-01'], tags: '@req:RFC-ATTR-01 or @req:RFC-DISC-01', findingOnly: true },
  // AWS-ID-01 runs under both profiles
  { fault: 'same-id-after-recreate', profile: 'rfc', breaks: ['AWS-ID-01'] },
  { fault: 'same-id-after-recreate', profile: 'aws', breaks: ['AWS-ID-01'], tags: HTTP_PLAN },
  // a group recreated under its old name gets its old id: only OneLogin's remedy for a deleted group (OL-GROUP-03) sees it
  { fault: 'same-group-id-after-recreate', profile: 'rfc', breaks: ['OL-GROUP-03'] },
  // ETags are a may (RFC-ETAG-01), a deleted member still listed a should (RFC-GROUP-01): exit 0
  { fault: 'if-match-ignored', profile: 'rfc', breaks: ['RFC-ETAG-01'] },
  { fault: 'deleted-user-stays-member', profile: 'rfc', breaks: ['RFC-GROUP-01'] },
  // which filter forms AWS refuses is AWS-FILTER-01's: AWS-ERR-01 (the refusal's body) and RFC-FILTER-01 (an
  // unsupported form is 400) are BLOCKED by it
  { fault: 'aws-filters-unrestricted', profile: 'aws', breaks: ['AWS-FILTER-01'], tags: HTTP_PLAN },
  // a forbidden PATCH accepted is RFC-PATCH-01's (a may: exit 0), AWS-PATCH-01's under aws; Bulk is RFC-BULK-01's (a may)
  { fault: 'remove-without-path-ignored', profile: 'rfc', breaks: ['RFC-PATCH-01'] },
  { fault: 'remove-without-path-ignored', profile: 'aws', breaks: ['AWS-PATCH-01'], tags: HTTP_PLAN },
  { fault: 'bulk-ids-unresolved', profile: 'rfc', breaks: ['RFC-BULK-01'] },
  // what only one IdP's dialect sends. Entra's legacy job sends every PATCH with a capitalised op: the refusal is
  // ENTRA-PATCH-01's (the same ops in lower case are accepted), and every other legacy row is BLOCKED by it
  { fault: 'op-case-sensitive', profile: 'rfc', breaks: ['ENTRA-PATCH-01', ENTRA_MEMBER_REMOVAL_EXAMPLE] },
  // "False" is Entra's legacy disable, and OneLogin's enterprise template sends "active": "true" (a should there)
  { fault: 'string-booleans-refused', profile: 'rfc', breaks: ['ENTRA-PATCH-02', 'OL-WIRE-01'] },
  // the same strings accepted and kept as strings: the same two rows; ENTRA-DEL-01, whose scenario disables with
  // "False" on the way to its hard delete, is BLOCKED by ENTRA-PATCH-02, which owns Entra legacy's deactivation
  { fault: 'string-booleans-kept', profile: 'rfc', breaks: ['ENTRA-PATCH-02', 'OL-WIRE-01'] },
  // memberships kept but never listed (an SP found so in the wild): RFC-GROUP-01 (a should: exit 0) alone; the IdP rows
  // whose members are not listed are BLOCKED by it, since the probe's group made in RFC form does not list its member either
  { fault: 'group-members-not-listed', profile: 'rfc', breaks: ['RFC-GROUP-01'] },
  // a member add answered 2xx and dropped: the rows that own the add (each dialect's, the RFC membership row, AWS's
  // membership PATCH rows); the rows that judge a rename or a sync with that member are BLOCKED by them
  { fault: 'member-add-ignored', profile: 'rfc', breaks: ['ENTRA-GROUP-01', 'OKTA-PUSH-01', 'RFC-GROUP-01', ENTRA_MEMBER_REMOVAL_EXAMPLE] },
  { fault: 'member-add-ignored', profile: 'aws', breaks: ['AWS-GROUP-02', 'AWS-PATCH-01', 'ENTRA-GROUP-01', 'OKTA-PUSH-01', 'RFC-GROUP-01', ENTRA_MEMBER_REMOVAL_EXAMPLE], tags: HTTP_PLAN },
  // a PATCH of an extension's attribute by its URN path dropped (as an SP that splits paths on every dot): RFC-PATCH-01
  // (a may: exit 0); Entra's manager update is BLOCKED by it, since the manager in RFC 7644's own form does not show either
  { fault: 'extension-paths-ignored', profile: 'rfc', breaks: ['RFC-PATCH-01'] },
  // a silent drop of aadOptscim062020's folded keys: the cycle rows that read the change are BLOCKED by ENTRA-PATCH-03
  { fault: 'pathless-dotted-keys-ignored', profile: 'rfc', breaks: ['ENTRA-PATCH-03'] },
  // Okta's PUT echoes meta (its update, and its AIW deactivation), and RFC-PUT-01 sends a forged meta that must be ignored
  { fault: 'echoed-meta-refused', profile: 'rfc', breaks: ['OKTA-DEACT-01', 'OKTA-UPDATE-01', 'RFC-PUT-01'] },
  // Okta's group rename carries the group's own id (a should under rfc: exit 0); the pushes that carry it are BLOCKED
  { fault: 'pathless-id-refused', profile: 'rfc', breaks: ['OKTA-PUSH-02'] },
  // `members[value eq "…"]` is Okta's member removal, and RFC 7644 §3.5.2.2's own example (RFC-GROUP-01 and
  // RFC-PATCH-01 are shoulds there: WARN)
  { fault: 'member-filter-path-refused', profile: 'rfc', breaks: ['OKTA-PUSH-01', 'RFC-GROUP-01', 'RFC-PATCH-01'] },
  { fault: 'aws-entitlements-accepted', profile: 'aws', breaks: ['OKTA-ENT-01'], tags: HTTP_PLAN },
  // Okta's and Entra's AWS apps map their object id to externalId: an aws SP that drops it fails those two; the
  // filter rows leave their externalId lookups out once the capability probe shows it is not kept
  { fault: 'aws-external-id-dropped', profile: 'aws', breaks: ['ENTRA-MAP-02', 'OKTA-CREATE-01'], tags: HTTP_PLAN },
  // an empty filtered list is 200 with totalResults 0: RFC-FILTER-01's, and Entra's connection test (every other
  // Entra row is BLOCKED by that; Okta and OneLogin read a 404 lookup as "not found")
  { fault: 'filter-miss-404', profile: 'rfc', breaks: ['ENTRA-CONN-01', 'RFC-FILTER-01'] },
  // Entra's manager as a bare id (a should under rfc), and its group reads that leave members out
  { fault: 'manager-string-refused', profile: 'rfc', breaks: ['ENTRA-PATCH-05'] },
  { fault: 'excluded-members-refused', profile: 'rfc', breaks: ['ENTRA-GROUP-01'] },
  // a rename keeps the user (AP-USER-04, ENTRA-MAP-02); Entra's legacy update of a name carries its userName too
  { fault: 'username-immutable', profile: 'rfc', breaks: ['AP-USER-04', 'ENTRA-MAP-02', 'ENTRA-PATCH-01'] },
  // paging by startIndex, which Okta's lookups carry: an off-by-one hides the account Okta should link (OKTA-CREATE-02)
  // and is RFC-PAGE-01's; an aws SP that refuses startIndex fails Okta's "Test API Credentials" (AWS ignores it, a
  // should of AWS-PAGE-01), and every Okta row after it is BLOCKED, AP-ENABLE-02's connection test too
  { fault: 'start-index-zero-based', profile: 'rfc', breaks: ['OKTA-CREATE-02', 'RFC-PAGE-01'] },
  // beside an SP that answers one result a page (variant one-result-per-page), a filter form read over pages lost a
  // result to the fault's paging, and RFC-FILTER-01 was red for it (sweep seed 1422): it is BLOCKED by RFC-PAGE-01 now
  { fault: 'start-index-zero-based', profile: 'rfc', variants: 'one-result-per-page', breaks: ['OKTA-CREATE-02', 'RFC-PAGE-01'],
    tags: '@req:RFC-FILTER-01 or @req:RFC-PAGE-01 or @req:OKTA-CREATE-02' },
  { fault: 'start-index-refused', profile: 'aws', breaks: ['AWS-PAGE-01', 'OKTA-CRED-01'], tags: HTTP_PLAN },
  // Okta accepts application/scim+json alone, which an SP MUST support (RFC 7644 §3.8, RFC-MEDIA-01's should-level
  // row under rfc): refused with 406, Okta's "Test API Credentials" fails too and every Okta row is BLOCKED by it
  { fault: 'scim-accept-refused', profile: 'rfc', breaks: ['OKTA-CRED-01', 'RFC-MEDIA-01'] },
  { fault: 'scim-accept-refused', profile: 'aws', breaks: ['OKTA-CRED-01'], tags: HTTP_PLAN },
  // OneLogin's connection lookup ends in "&": refused, OL-CONN-01 fails and every OneLogin row is BLOCKED by it
  { fault: 'empty-query-parameter-refused', profile: 'rfc', breaks: ['OL-CONN-01'] },
  // Entra's hard delete comes 30 days after the disable: refused, only ENTRA-DEL-01 sees it
  { fault: 'disabled-user-delete-refused', profile: 'rfc', breaks: ['ENTRA-DEL-01'] },
  { fault: 'reactivation-ignored', profile: 'rfc', breaks: ['OKTA-REACT-01'] },
  // OneLogin's PUT ends in a bare `?`: its updates (OL-PROV-01) and its wire quirks (OL-WIRE-01, a should) break
  // OL-WIRE-01's edited template is PUT to the same URL: BLOCKED by OL-PROV-01, which owns OneLogin's update
  { fault: 'empty-query-404', profile: 'rfc', breaks: ['OL-PROV-01', ONELOGIN_TRAILING_QUESTION_MARK_EXAMPLE] },
  // every user create fails: the plain create's row and each IdP's create row, the worked examples (recordings that
  // create users), and nothing else. RFC-MEDIA-01's creates and RFC-CREATE-03's refusal are BLOCKED by RFC-CREATE-01:
  // a 5xx says the server failed, not what it makes of the body (both had been red beside it)
  { fault: 'user-create-500', profile: 'rfc', breaks: ['ENTRA-CYCLE-01', 'OKTA-CREATE-01', 'OL-PROV-01', 'RFC-CREATE-01', ENTRA_MEMBER_REMOVAL_EXAMPLE, ONELOGIN_TRAILING_QUESTION_MARK_EXAMPLE] },
  // under aws the rows of each rule that refuses a body (AP-USER-01/02/03, AWS-CHARS-01, OKTA-ENT-01), the event trail's
  // record of a refusal, the IdPs' logs of one, the rotation's creates and AWS-OPS-01's had each been red beside it too
  { fault: 'user-create-500', profile: 'aws', breaks: ['ENTRA-CYCLE-01', 'OKTA-CREATE-01', 'OL-PROV-01', 'RFC-CREATE-01', ENTRA_MEMBER_REMOVAL_EXAMPLE, ONELOGIN_TRAILING_QUESTION_MARK_EXAMPLE], tags: HTTP_PLAN },
  // every PUT, or every PATCH, of a user fails: the plain write's row and each IdP behaviour sent that way. RFC-ETAG-01's
  // replace, RFC-CREATE-02's duplicating replace, RFC-ERR-01's malformed PUT, RFC-DISC-01's advertised PATCH, AP-USER-04's
  // renames and AWS-OPS-01's writes had been red beside it: a write the server fails is its plain write's row's first
  // On the IdP side, each dialect's plainest write of the method (its update: ENTRA-PATCH-01, ENTRA-PATCH-03 for the
  // flagged job, OKTA-UPDATE-01; Okta OIN's first user PATCH is its deactivation) owns it: the dialect's deactivation and
  // manager sent the same way (OKTA-DEACT-01 for AIW, ENTRA-PATCH-02/05) had been red beside it and are BLOCKED by it
  { fault: 'user-put-500', profile: 'rfc', breaks: ['OKTA-UPDATE-01', 'OL-PROV-01', 'RFC-PUT-01', ONELOGIN_TRAILING_QUESTION_MARK_EXAMPLE] },
  // beside an SP that keeps no name (variant no-name-or-active), OneLogin's update of a first name was not judged, and
  // the refused PUT passed OL-PROV-01 while OL-WIRE-01 warned of it (sweep seed 1422): a change of a value the SP does
  // not keep must still be accepted
  { fault: 'user-put-500', profile: 'rfc', variants: 'no-name-or-active', breaks: ['OL-PROV-01'], tags: '@req:OL-PROV-01 or @req:OL-WIRE-01' },
  { fault: 'empty-query-404', profile: 'rfc', variants: 'no-name-or-active', breaks: ['OL-PROV-01'], tags: '@req:OL-PROV-01 or @req:OL-WIRE-01' },
  { fault: 'user-put-500', profile: 'aws', breaks: ['OL-PROV-01', 'RFC-PUT-01', ONELOGIN_TRAILING_QUESTION_MARK_EXAMPLE], tags: HTTP_PLAN },
  { fault: 'user-patch-500', profile: 'rfc', breaks: ['ENTRA-PATCH-01', 'ENTRA-PATCH-03', 'OKTA-DEACT-01', 'RFC-PATCH-01'] },
  { fault: 'user-patch-500', profile: 'aws', breaks: ['AWS-PATCH-01', 'ENTRA-PATCH-01', 'ENTRA-PATCH-03', 'OKTA-DEACT-01'], tags: HTTP_PLAN },
  // every PATCH of a group fails: the plain PATCH's row, and each dialect's membership change (its plainest group PATCH).
  // Entra's member removal, Okta's rename, RFC-GROUP-01's membership and the OneLogin rows whose group changes are RFC
  // rows' are BLOCKED by them
  { fault: 'group-patch-500', profile: 'rfc', breaks: ['ENTRA-GROUP-01', 'OKTA-PUSH-01', 'RFC-PATCH-01', ENTRA_MEMBER_REMOVAL_EXAMPLE] },
  { fault: 'group-patch-500', profile: 'aws', breaks: ['AWS-PATCH-01', 'ENTRA-GROUP-01', 'OKTA-PUSH-01', ENTRA_MEMBER_REMOVAL_EXAMPLE], tags: HTTP_PLAN },
  // a body labelled application/json is refused (415): RFC-MEDIA-01's should, and OneLogin's, whose default Custom Headers
  // label every body so. Its group creates, RFC-CREATE-01's, are asked once more as application/scim+json: OL-GROUP-01
  // and OL-SYNC-01 had been red beside OL-PROV-01, "failed in a step RFC-CREATE-01 owns, though RFC-CREATE-01 is PASS"
  { fault: 'json-request-refused', profile: 'rfc', breaks: ['OL-PROV-01', 'RFC-MEDIA-01', ONELOGIN_TRAILING_QUESTION_MARK_EXAMPLE] },
  { fault: 'json-request-refused', profile: 'aws', breaks: ['OL-PROV-01', ONELOGIN_TRAILING_QUESTION_MARK_EXAMPLE], tags: HTTP_PLAN },
  // a Content-Type with a parameter is refused (415): Okta's connection test (its GETs carry one) and Entra's create.
  // Entra's group creates had been red beside its create (ENTRA-GROUP-01), and under aws ENTRA-MAP-01, which reads
  // the words of AWS's refusal of several phones, where the SP had refused the label first
  { fault: 'charset-refused', profile: 'rfc', breaks: ['ENTRA-CYCLE-01', 'OKTA-CRED-01', 'RFC-MEDIA-01', ENTRA_MEMBER_REMOVAL_EXAMPLE] },
  { fault: 'charset-refused', profile: 'aws', breaks: ['ENTRA-CYCLE-01', 'OKTA-CRED-01', ENTRA_MEMBER_REMOVAL_EXAMPLE], tags: HTTP_PLAN },
  // Entra's and OneLogin's lookups write a space as `+`: their connection tests fail, and every other row of theirs is
  // BLOCKED by that; the suite's own filters and Okta's use %20
  { fault: 'plus-kept-in-query', profile: 'rfc', breaks: ['ENTRA-CONN-01', 'OL-CONN-01'] },
  { fault: 'plus-kept-in-query', profile: 'aws', breaks: ['ENTRA-CONN-01', 'OL-CONN-01'], tags: HTTP_PLAN },
];

/** Registers a test for each mutant of the profile; the profile's runs share one process (`batch`), in table order. */
export function testMutants(profile: Mutant['profile']): void {
  const mutants = MUTANTS.filter((m) => m.profile === profile);
  // A list read that cannot hold (the fault's own) is re-read for --settle-ms before it is judged. The embedded
  // reference shows every write at once, so a short settle time judges the same and spares the waits.
  const runOf = inOneProcess(mutants.map((mutant) => ['run', '--faults', [mutant.fault, ...(mutant.withFaults ?? [])].join(','), '--sp-profile', mutant.profile, '--seed', '1234', '--quiet',
    '--settle-ms', '400', ...(mutant.tags ? ['--tags', mutant.tags] : []), ...(mutant.variants ? ['--variants', mutant.variants] : [])]));
  mutants.forEach((mutant, i) => testMutant(mutant, () => runOf(i)));
}

function testMutant(mutant: Mutant, result: () => Promise<CliRun>): void {
  const also = `${mutant.withFaults ? ` with "${mutant.withFaults.join('", "')}"` : ''}${mutant.variants ? ` and the variant ${mutant.variants}` : ''}`;
  test(`the reference with "${mutant.fault}"${also} (sp-profile ${mutant.profile}) fails exactly ${mutant.breaks.join(', ')}`, async () => {
    const run = await result();
    assert.ok(run.report, run.stderr);
    const failed = failing(run.report);
    assert.deepEqual(failed, [...mutant.breaks].sort(), `failed ids differ from what "${mutant.fault}" breaks:\n${reasonsOf(run.report, failed)}`);
    if (mutant.failsScenarios) {
      const red = failedScenarios(run.reportDir);
      for (const name of mutant.failsScenarios) assert.ok(red.some((n) => n.includes(name)), `the scenario "${name}" passed; failed were:\n${red.join('\n')}`);
    }
    // exit 1 when a broken row is must-level; a may-level row (sort, .search) fails its row and exits 0, and so
    // does a should-level finding of a must-level row (WARN)
    if (mutant.findingOnly) for (const id of mutant.breaks.filter((b) => !b.startsWith(REPRODUCTION))) assert.equal(run.report.requirements.find((r) => r.id === id)?.verdict, 'WARN', id);
    const must = !mutant.findingOnly && mutant.breaks.some((id) => id.startsWith(REPRODUCTION) || loadCatalog().byId.get(id)?.level === 'must');
    assert.equal(run.code, must ? 1 : 0, must ? 'a broken must-level rule, or a failed reproduction, exits 1' : 'only may-level rows are broken: exit 0');
  });
}

/** The names of the run's failed scenarios, from cucumber's messages (a scenario outline's example carries its row). */
function failedScenarios(reportDir: string): string[] {
  const path = join(reportDir, 'messages.ndjson');
  assert.ok(existsSync(path), `no ${path}`);
  const pickles = new Map<string, string>(); const cases = new Map<string, string>(); const started = new Map<string, string>(); const red = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    const m = JSON.parse(line);
    if (m.pickle) pickles.set(m.pickle.id, m.pickle.name);
    else if (m.testCase) cases.set(m.testCase.id, m.testCase.pickleId);
    else if (m.testCaseStarted) started.set(m.testCaseStarted.id, m.testCaseStarted.testCaseId);
    else if (m.testStepFinished?.testStepResult?.status === 'FAILED') red.add(m.testStepFinished.testCaseStartedId);
  }
  return [...red].map((id) => pickles.get(cases.get(started.get(id)!)!)!);
}
