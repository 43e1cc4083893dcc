// Steps of the RFC 7643/7644 rows (features/rfc/**): one line each, mapped to a task or a question.
import { Given, When, Then, defineParameterType, type ScimWorld } from '../support/cucumber/steps.js';
import { CallScim } from '../support/screenplay/abilities/call-scim.js';
import { aliasList, AddMembers, CreateGroupToJudge, DeleteGroup, EnsureGroup, EnsureMembershipChange, WhereGroupsServed, ReadGroup, RemoveMember } from '../support/screenplay/tasks/groups.js';
import {
  BulkCreateUserAndGroup, CreateBatch, CreateDuplicateOf, CreateGroupWithoutDisplayName, CreateUserAs, ReadUserAccepting, CreateUserWith,
  CreateUserWithMalformedJson, CreateUserWithoutUserName, EnsureUsers, EnsureUserWith, ListBatchSorted, ListUserShaped,
  ListUsersBeyondMaximum, ListUsersByUnknownUserName, ListUsersByBooleanOrder, ListUsersByUserName, ListUsersByUserNameWritten, CreateUserSendingReadOnly, CreateUserWithPassword, CreateUserWithTwoPrimaries, LookUpUserPaged, LookUpUserWithoutStartIndex, ReplaceDeletedUser, ReplaceWithUserNameOf, ListUsersFiltered, ListUsersWith,
  ListUsersWithEachSupportedForm, ListUsersWithUnsupportedFilter, NICKNAME, EnsureUserWithValueToClear, NoteRepresentation, NoteETag, PageThroughBatch,
  PatchAName, PatchGroupRenameThenReplaceAbsentMember, PatchForbidden, PatchUserTo, PatchUserUnappliable, PatchUserValidThenInvalid,
  ReadDiscovery, ReadMissing, ReadUserShaped, ReadUserWith, ReplaceGroup, ReplaceUser, ReplaceUserIfMatchNoted,
  ReplaceUserWithMalformedJson, ReplaceUserWithoutUserName, EnsureReplaced, SearchUserByPost, type Credential,
} from '../support/screenplay/tasks/rfc.js';
import {
  expectAtMostMaximum, expectBulkCreated, expectDeletedUnlisted, expectNoPassword, expectNoPasswordListed, expectOnePrimaryAtMost, expectPageParametersClamped, expectListWithoutStartIndex, expectReadOnlyIgnoredOnCreate, expectCreatedWithLocation, expectCoreSchemas, expectETagAsAdvertised, expectFormsAnswered,
  expectKeepsIdentity, expectListHoldsExactly, judgedAsShould, expectMediaType, expectMembersExactly, expectNothingRevealed,
  expectPagesCoverBatch, expectPatchAsAdvertised, expectPatchShows, expectReplaceAccepted, expectReplaced, expectReplacedKeepingOrClearing, expectResourceMatches,
  expectResourceTypes, expectRfcErrorIfAny, expectSearchLikeGet, expectShape, expectSortedBatch, expectWellFormedConfig,
  expectForbiddenPatchRefused,
} from '../support/screenplay/questions/rfc.js';
import { ProfileErrorBody, expectRequiredScimType } from '../support/screenplay/questions/errors.js';
import { inPassing } from '../support/screenplay/aside.js';
import { expectRefusedPreferably, judgeRefusal } from '../support/screenplay/questions/provisioning.js';
import { traitsOf } from '../support/screenplay/tasks/rfc-traits.js';
import { ownedBy, question } from '../support/screenplay/actor.js';
import { ChangesSinceRefusedWrite, expectNothingChanged, expectNothingChangedIfRefused } from '../support/screenplay/questions/rfc-state.js';
import { expectClientError, expectStatus } from '../support/scim/expectations.js';

defineParameterType({ name: 'rfcCredential', regexp: /no token|a malformed token|a wrong token/, transformer: (s: string) => s as Credential });
defineParameterType({ name: 'rfcSpelling', regexp: /exactly|in other case/, transformer: (s: string) => s as 'exactly' | 'in other case' });
defineParameterType({ name: 'rfcSortOrder', regexp: /ascending|descending/, transformer: (s: string) => s as 'ascending' | 'descending' });

const last = (world: ScimWorld, actor = 'the client') => world.actor(actor).abilityTo(CallScim).lastReply();
const client = (world: ScimWorld) => world.actor('the client');

// ---------------------------------------------------------------- givens

Given('{actor} has created the users {string}', async function (this: ScimWorld, actor: string, aliases: string) {
  await this.actor(actor).attemptsTo(EnsureUsers(this.ctx, aliasList(aliases)));
});

Given('{actor} has created the nicknamed user {string}', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(EnsureUserWith(this.ctx, alias, 'a nickName', (body) => { body.nickName = NICKNAME; }));
});

Given('{actor} has given the user {string} an optional value to clear', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(EnsureUserWithValueToClear(this.ctx, alias));
});

Given('{actor} has created the group {string} with the members {string}', async function (this: ScimWorld, actor: string, group: string, members: string) {
  await this.actor(actor).attemptsTo(EnsureGroup(this.ctx, group, aliasList(members)));
});

Given('{actor} has created the group {string} with the members {string}, where the SP serves groups', async function (this: ScimWorld, actor: string, group: string, members: string) {
  await this.actor(actor).attemptsTo(WhereGroupsServed(this.ctx, group, EnsureGroup(this.ctx, group, aliasList(members))));
});

Given('{actor} has created {int} users named {string}', async function (this: ScimWorld, actor: string, n: number, name: string) {
  await this.actor(actor).attemptsTo(CreateBatch(this.ctx, name, n));
});

Given('{actor} has noted how {string} looks', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(NoteRepresentation(alias));
});

Given('{actor} has noted the ETag of {string}', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(NoteETag(alias));
});

Given('{actor} has since replaced {string} with a new displayName', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(EnsureReplaced(this.ctx, alias));
});

// ---------------------------------------------------------------- lists and filters

When('{actor} lists users whose userName equals {string} {rfcSpelling}', async function (this: ScimWorld, actor: string, alias: string, spelling: 'exactly' | 'in other case') {
  await this.actor(actor).attemptsTo(ListUsersByUserName(this.ctx, alias, spelling));
});

When('{actor} lists users whose userName equals {string}, the attribute and operator written {string}', async function (this: ScimWorld, actor: string, alias: string, written: string) {
  await this.actor(actor).attemptsTo(ListUsersByUserNameWritten(this.ctx, alias, written));
});

When('{actor} lists users whose userName matches nobody', async function (this: ScimWorld, actor: string) {
  await this.actor(actor).attemptsTo(ListUsersByUnknownUserName(this.ctx));
});

When('{actor} lists users with each filter form the SP supports, aimed at {string}', async function (this: ScimWorld, actor: string, aliases: string) {
  await this.actor(actor).attemptsTo(ListUsersWithEachSupportedForm(this.ctx, aliasList(aliases)));
});

When('{actor} lists users with a filter the SP does not support', async function (this: ScimWorld, actor: string) {
  await this.actor(actor).attemptsTo(ListUsersWithUnsupportedFilter(this.ctx, 'someone'));
});

When('{actor} lists users with the malformed filter {string}', async function (this: ScimWorld, actor: string, filter: string) {
  await this.actor(actor).attemptsTo(ListUsersFiltered(filter));
});

Then('the SP finds exactly {string}', async function (this: ScimWorld, aliases: string) {
  await expectListHoldsExactly(client(this), this.ctx, aliasList(aliases));
});

Then('the SP should find exactly {string}', async function (this: ScimWorld, aliases: string) {
  await judgedAsShould(this.ctx, 'RFC 7644 §3.4.2.2 says attribute names and operators in filters "are case insensitive", without a MUST',
    () => expectListHoldsExactly(client(this), this.ctx, aliasList(aliases)));
});

When('{actor} creates the user {string}, setting a password', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(CreateUserWithPassword(this.ctx, alias));
});

When('{actor} looks {string} up by its userName', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(ListUsersByUserName(this.ctx, alias, 'exactly'));
});

Then('the answer to the create holds no password of {string}', function (this: ScimWorld, alias: string) {
  expectNoPassword(client(this), alias, 'the answer to the create');
});

Then('the answer holds no password of {string}', function (this: ScimWorld, alias: string) {
  expectNoPassword(client(this), alias, 'the answer');
});

Then('the listing holds no password of {string}', async function (this: ScimWorld, alias: string) {
  await expectNoPasswordListed(client(this), this.ctx, alias);
});

When('{actor} looks the deleted user {string} up by its userName', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(ListUsersByUserName(this.ctx, alias, 'exactly'));
});

Then('the deleted user {string} is not listed', async function (this: ScimWorld, alias: string) {
  await expectDeletedUnlisted(client(this), this.ctx, alias);
});

When('{actor} replaces the deleted user {string}', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(ReplaceDeletedUser(this.ctx, alias));
});

Then('the SP finds no one', async function (this: ScimWorld) {
  await expectListHoldsExactly(client(this), this.ctx, []);
});

Then('each supported filter form returns exactly the users it aims at', async function (this: ScimWorld) {
  await expectFormsAnswered(client(this), this.ctx, (line) => this.log(line));
});

// ---------------------------------------------------------------- paging, sorting, projection, search

When('{actor} pages through the users {string} {int} at a time', async function (this: ScimWorld, actor: string, name: string, size: number) {
  await this.actor(actor).attemptsTo(PageThroughBatch(this.ctx, name, size));
});

Then('every user named {string} is seen exactly once, on pages with correct totals', async function (this: ScimWorld, name: string) {
  await expectPagesCoverBatch(client(this), this.ctx, name);
});

When('{actor} lists the users {string} sorted by userName, {rfcSortOrder}', async function (this: ScimWorld, actor: string, name: string, order: 'ascending' | 'descending') {
  await this.actor(actor).attemptsTo(ListBatchSorted(this.ctx, name, order));
});

Then('the users {string} come in {rfcSortOrder} order of userName', async function (this: ScimWorld, name: string, order: 'ascending' | 'descending') {
  await expectSortedBatch(client(this), this.ctx, name, order);
});

When('{actor} reads the user {string} asking only for {string}', async function (this: ScimWorld, actor: string, alias: string, attributes: string) {
  await this.actor(actor).attemptsTo(ReadUserShaped(alias, 'attributes', attributes));
});

When('{actor} reads the user {string} excluding {string}', async function (this: ScimWorld, actor: string, alias: string, attributes: string) {
  await this.actor(actor).attemptsTo(ReadUserShaped(alias, 'excludedAttributes', attributes));
});

When('{actor} lists the user {string} asking only for {string}', async function (this: ScimWorld, actor: string, alias: string, attributes: string) {
  await this.actor(actor).attemptsTo(ListUserShaped(this.ctx, alias, 'attributes', attributes));
});

When('{actor} lists the user {string} excluding {string}', async function (this: ScimWorld, actor: string, alias: string, attributes: string) {
  await this.actor(actor).attemptsTo(ListUserShaped(this.ctx, alias, 'excludedAttributes', attributes));
});

Then('the answer holds id, schemas and {string} but not {string}', async function (this: ScimWorld, has: string, lacks: string) {
  await expectShape(client(this), this.ctx, aliasList(has), aliasList(lacks), 'the shaped answer');
});

When('{actor} searches for {string} with a POST search request', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(SearchUserByPost(this.ctx, alias));
});

Then('the search finds {string} exactly as the equivalent GET does', async function (this: ScimWorld, alias: string) {
  await expectSearchLikeGet(client(this), this.ctx, alias);
});

// ---------------------------------------------------------------- reading, authentication

When('{actor} reads a user that does not exist', async function (this: ScimWorld, actor: string) {
  await this.actor(actor).attemptsTo(ReadMissing(this.ctx, 'Users'));
});

When('{actor} reads a group that does not exist', async function (this: ScimWorld, actor: string) {
  await this.actor(actor).attemptsTo(ReadMissing(this.ctx, 'Groups'));
});

When('{actor} reads the group {string} by its id', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(ReadGroup(alias));
});

Then('the answer is the user {string}', function (this: ScimWorld, alias: string) {
  expectResourceMatches(client(this), this.ctx, alias);
});

Then('the answer is the group {string}', function (this: ScimWorld, alias: string) {
  expectResourceMatches(client(this), this.ctx, alias);
});

When('{actor} reads the user {string} using {rfcCredential}', async function (this: ScimWorld, actor: string, alias: string, credential: Credential) {
  await this.actor(actor).attemptsTo(ReadUserWith(alias, credential));
});

When('{actor} lists the users like {string} using {rfcCredential}', async function (this: ScimWorld, actor: string, alias: string, credential: Credential) {
  await this.actor(actor).attemptsTo(ListUsersWith(this.ctx, alias, credential));
});

When('{actor} creates the user {string} using {rfcCredential}', async function (this: ScimWorld, actor: string, alias: string, credential: Credential) {
  await this.actor(actor).attemptsTo(CreateUserWith(this.ctx, alias, credential));
});

Then('the answer reveals nothing of {string}', function (this: ScimWorld, alias: string) {
  expectNothingRevealed(client(this), this.ctx, alias);
});

// ---------------------------------------------------------------- refused writes

When('{actor} creates the user {string}, marking two emails primary', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(CreateUserWithTwoPrimaries(this.ctx, alias));
});

Then('the SP refused it, or {string} holds at most one primary email', async function (this: ScimWorld, alias: string) {
  await expectOnePrimaryAtMost(client(this), alias, (line) => this.log(line));
});

When('{actor} looks {string} up by its userName with startIndex {int}', async function (this: ScimWorld, actor: string, alias: string, value: number) {
  await this.actor(actor).attemptsTo(LookUpUserPaged(this.ctx, alias, 'startIndex', value));
});

When('{actor} looks {string} up by its userName with count {int}', async function (this: ScimWorld, actor: string, alias: string, value: number) {
  await this.actor(actor).attemptsTo(LookUpUserPaged(this.ctx, alias, 'count', value));
});

When('{actor} looks {string} up by its userName without startIndex', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(LookUpUserWithoutStartIndex(this.ctx, alias));
});

Then('the SP answers the list, as startIndex\'s default of 1 has it', function (this: ScimWorld) {
  expectListWithoutStartIndex(client(this), this.ctx);
});

Then('the SP answers the first page, which holds {string}', async function (this: ScimWorld, alias: string) {
  await expectPageParametersClamped(client(this), this.ctx, alias, 'startIndex');
});

Then('the SP counts {string} but returns no resource', async function (this: ScimWorld, alias: string) {
  await expectPageParametersClamped(client(this), this.ctx, alias, 'count');
});

When('{actor} creates the user {string}, sending an id and a meta of its own', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(CreateUserSendingReadOnly(this.ctx, alias));
});

Then('the user {string} has the id and meta the SP made, not those it was sent', async function (this: ScimWorld, alias: string) {
  await expectReadOnlyIgnoredOnCreate(client(this), alias);
});

When('{actor} replaces {string} with the userName of {string} {rfcSpelling}', async function (this: ScimWorld, actor: string, alias: string, other: string, spelling: 'exactly' | 'in other case') {
  await this.actor(actor).attemptsTo(ReplaceWithUserNameOf(this.ctx, alias, other, spelling));
});

When('{actor} creates another user with the userName of {string} {rfcSpelling}', async function (this: ScimWorld, actor: string, alias: string, spelling: 'exactly' | 'in other case') {
  await this.actor(actor).attemptsTo(CreateDuplicateOf(this.ctx, alias, spelling));
});

When('{actor} creates a user without a userName', async function (this: ScimWorld, actor: string) {
  await this.actor(actor).attemptsTo(CreateUserWithoutUserName(this.ctx));
});

When('{actor} creates a group without a displayName', async function (this: ScimWorld, actor: string) {
  await this.actor(actor).attemptsTo(CreateGroupWithoutDisplayName(this.ctx));
});

When('{actor} sends malformed JSON to create a user', async function (this: ScimWorld, actor: string) {
  await this.actor(actor).attemptsTo(CreateUserWithMalformedJson(this.ctx));
});

When('{actor} replaces {string} with a body without a userName', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(ReplaceUserWithoutUserName(this.ctx, alias));
});

When('{actor} sends malformed JSON to replace {string}', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(ReplaceUserWithMalformedJson(this.ctx, alias));
});

When('{actor} patches {string} with an operation it cannot apply', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(PatchUserUnappliable(this.ctx, alias));
});

When('{actor} patches {string} with a valid operation followed by an invalid one', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(PatchUserValidThenInvalid(this.ctx, alias));
});

When('{actor} renames the group {string}, then replaces a member it does not hold', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(PatchGroupRenameThenReplaceAbsentMember(this.ctx, alias));
});

When(/^(the client) patches (?:the members of )?"([^"]*)" with (a remove without a path|an unknown op|a replace whose filter matches nothing|a remove whose filter matches nothing|a replace of the readOnly id|a replace of a member the group does not hold)$/, async function (this: ScimWorld, actor: string, alias: string, kind: string) {
  await this.actor(actor).attemptsTo(PatchForbidden(this.ctx, alias, kind));
});

Then(/^the SP refuses it with 400 and changes nothing$|^the SP refuses it with 400 or answers it as done, and changes nothing$/, async function (this: ScimWorld) {
  await expectForbiddenPatchRefused(client(this), this.ctx, () => client(this).asks(ChangesSinceRefusedWrite(this.ctx)));
});

When('{actor} replaces {string} with If-Match set to the noted ETag', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(ReplaceUserIfMatchNoted(this.ctx, alias));
});

// The status is the scenario's own row's (or the row whose rule refuses the request: judgeRefusal); the body's
// shape is the profile's error row's (RFC-ERR-01, AWS-ERR-01).
async function answeredWithProfileError(world: ScimWorld, status: number, scimType: string, what?: string): Promise<ReturnType<typeof last>> {
  const reply = last(world);
  await judgeRefusal(client(world), world.ctx, reply, () => expectStatus(reply, status, what ?? world.actor('the client').lastTask ?? 'the last request'));
  await client(world).asks(ProfileErrorBody(world.ctx, reply, status, scimType));
  return reply;
}

Then('the SP answers {int} with the profile\'s error body and scimType {string}', async function (this: ScimWorld, status: number, scimType: string) {
  await answeredWithProfileError(this, status, scimType);
});

When('{actor} lists users whose active is greater than false', async function (this: ScimWorld, actor: string) {
  await this.actor(actor).attemptsTo(ListUsersByBooleanOrder(this.ctx));
});

Then('the SP refuses the ordering of a boolean with 400 and scimType "invalidFilter"', async function (this: ScimWorld) {
  if (!client(this).recall<boolean>('rfc:boolean-order-judged')) return; // not judged: a note says why
  await answeredWithProfileError(this, 400, 'invalidFilter', 'gt on the boolean active');
});

// A duplicate create: RFC 7644 §3.3 makes scimType "uniqueness" a MUST of its own (elsewhere §3.12 leaves it OPTIONAL).
Then('the SP answers 409 with the profile\'s error body and scimType "uniqueness", as a conflicting create must', async function (this: ScimWorld) {
  const reply = await answeredWithProfileError(this, 409, 'uniqueness');
  expectRequiredScimType(this.ctx, reply, 'uniqueness', 'RFC 7644 §3.3');
});

// A replace that would duplicate a userName: uniqueness makes a refusal a MUST (RFC 7643 §4.1.1), but no clause names
// its code for a PUT (§3.12's Table 9 lists "uniqueness" among the 400 types, Table 8's 409 speaks of creating): any
// 4xx refuses it, and 409 with scimType "uniqueness", the usual answer, is expected at the should level.
Then('the SP accepts the replace, 200 expected', function (this: ScimWorld) {
  expectReplaceAccepted(client(this), this.ctx);
});

Then('the SP refuses the replace, 409 with scimType "uniqueness" expected', async function (this: ScimWorld) {
  await expectRefusedPreferably(client(this), this.ctx, 409, { scimType: 'uniqueness', pinned: false });
});

// Refusing an operation RFC 7644 §3.5.2 forbids is RFC-PATCH-01's (AWS-PATCH-01's under aws); the rows that
// send one to see what a refusal leaves behind (RFC-PATCH-02) are BLOCKED when the SP accepts it.
Then('the SP refuses the request with the profile\'s error body', async function (this: ScimWorld) {
  const reply = last(this);
  const refusal = ownedBy(traitsOf(this.ctx.profile).patchRefusalRow,
    question('the refusal of a forbidden PATCH operation', async () => { expectClientError(reply, 'a PATCH with an operation RFC 7644 §3.5.2 forbids'); }));
  // an error answer other than a 4xx (django-scim2's 501) still refused the PATCH: which code is the refusal row's, and
  // what the refused PATCH left is this row's to judge, so that check is asked in passing; an accepted one stops here
  await client(this).asks(reply.status >= 500 ? inPassing(this.ctx, refusal) : refusal);
  await client(this).asks(ProfileErrorBody(this.ctx, reply, reply.status));
});

Then('nothing the SP holds has changed', async function (this: ScimWorld) {
  const changes = await client(this).asks(ChangesSinceRefusedWrite(this.ctx));
  expectNothingChanged(changes, `the refused request (${last(this).exchange.request.method})`);
});

// RFC-STATE-01 judges only what a refusal leaves behind: whether the SP should have refused is another row's verdict.
Then('if the SP refused it, nothing the SP holds has changed', async function (this: ScimWorld) {
  await expectNothingChangedIfRefused(client(this), this.ctx, (line) => this.log(line));
});

// ---------------------------------------------------------------- replacing and patching

When('{actor} replaces {string} with a new displayName and without the nickName', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(ReplaceUser(this.ctx, alias, 'with a new displayName and without the nickName'));
});

When('{actor} replaces {string} with a new displayName and that value null', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(ReplaceUser(this.ctx, alias, 'with a new displayName and that value null'));
});

When('{actor} replaces {string} echoing its id and a forged meta', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(ReplaceUser(this.ctx, alias, 'echoing its id and a forged meta'));
});

When('{actor} replaces the group {string} with the members {string}', async function (this: ScimWorld, actor: string, alias: string, members: string) {
  await this.actor(actor).attemptsTo(ReplaceGroup(this.ctx, alias, alias, aliasList(members)));
});

Then('the user {string} has the new displayName and not that value', async function (this: ScimWorld, alias: string) {
  await expectReplaced(client(this), this.ctx, alias);
});

Then('the user {string} has the new displayName', async function (this: ScimWorld, alias: string) {
  await expectReplacedKeepingOrClearing(client(this), this.ctx, alias, (line) => this.log(line));
});

Then('the user {string} keeps its id and creation time', async function (this: ScimWorld, alias: string) {
  await expectKeepsIdentity(client(this), this.ctx, alias);
});

When('{actor} patches {string} to {string}', async function (this: ScimWorld, actor: string, alias: string, variation: string) {
  await this.actor(actor).attemptsTo(PatchUserTo(this.ctx, alias, variation));
});

Then('the patched user shows the change', async function (this: ScimWorld) {
  await expectPatchShows(client(this), this.ctx);
});

When('{actor} changes a name of {string} by PATCH', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(PatchAName(this.ctx, alias));
});

// ---------------------------------------------------------------- groups

When('{actor} creates the group {string} with the members {string}', async function (this: ScimWorld, actor: string, group: string, members: string) {
  await this.actor(actor).attemptsTo(CreateGroupToJudge(this.ctx, group, aliasList(members)));
});

Then('the created group has an id and a Location equal to its meta.location', function (this: ScimWorld) {
  expectCreatedWithLocation(this.ctx, last(this), 'group');
});

When('{actor} adds {string} to the group {string}', async function (this: ScimWorld, actor: string, users: string, group: string) {
  await this.actor(actor).attemptsTo(EnsureMembershipChange(this.ctx, AddMembers(group, aliasList(users))));
});

When('{actor} removes {string} from the group {string}', async function (this: ScimWorld, actor: string, user: string, group: string) {
  await this.actor(actor).attemptsTo(EnsureMembershipChange(this.ctx, RemoveMember(group, user)));
});

Then('the group {string} has exactly the members {string}', async function (this: ScimWorld, group: string, members: string) {
  await expectMembersExactly(client(this), this.ctx, group, aliasList(members));
});

// ---------------------------------------------------------------- errors and media types

// RFC-ERR-01 judges the shape of an error; whether the case calls for one is judged by the row that owns it.
Then('the SP\'s refusal, if any, carries an RFC error body, with scimType {string} if it is a {int}', function (this: ScimWorld, scimType: string, status: number) {
  expectRfcErrorIfAny(this.ctx, last(this), { status, scimType }, (line) => this.log(line));
});

Then('the SP\'s refusal, if any, carries an RFC error body', function (this: ScimWorld) {
  expectRfcErrorIfAny(this.ctx, last(this), undefined, (line) => this.log(line));
});

Then('the answer\'s Content-Type is {string}', function (this: ScimWorld, mediaType: string) {
  expectMediaType(last(this), mediaType);
});

When('{actor} creates the user {string} sending {string}', async function (this: ScimWorld, actor: string, alias: string, contentType: string) {
  await this.actor(actor).attemptsTo(CreateUserAs(this.ctx, alias, contentType));
});

When('{actor} reads the user {string} accepting only {string}', async function (this: ScimWorld, actor: string, alias: string, mediaType: string) {
  await this.actor(actor).attemptsTo(ReadUserAccepting(alias, mediaType));
});

// ---------------------------------------------------------------- optional features

When('{actor} creates {string} and the group {string} holding it in one bulk request', async function (this: ScimWorld, actor: string, user: string, group: string) {
  await this.actor(actor).attemptsTo(BulkCreateUserAndGroup(this.ctx, user, group));
});

Then('the bulk response reports each operation created', async function (this: ScimWorld) {
  await expectBulkCreated(client(this));
});

// ---------------------------------------------------------------- discovery

When('{actor} reads the service provider configuration', async function (this: ScimWorld, actor: string) {
  await this.actor(actor).attemptsTo(ReadDiscovery('ServiceProviderConfig'));
});

When('{actor} reads the resource types', async function (this: ScimWorld, actor: string) {
  await this.actor(actor).attemptsTo(ReadDiscovery('ResourceTypes'));
});

When('{actor} reads the schemas', async function (this: ScimWorld, actor: string) {
  await this.actor(actor).attemptsTo(ReadDiscovery('Schemas'));
});

When('{actor} lists users asking for one more than the advertised maximum', async function (this: ScimWorld, actor: string) {
  await this.actor(actor).attemptsTo(ListUsersBeyondMaximum());
});

Then('the configuration declares each feature, its limits and an authentication scheme', function (this: ScimWorld) {
  expectWellFormedConfig(last(this));
});

Then('the outcome for {string} agrees with the advertised PATCH support', async function (this: ScimWorld, alias: string) {
  await expectPatchAsAdvertised(client(this), this.ctx, alias);
});

Then('the page holds no more than the advertised maximum', function (this: ScimWorld) {
  expectAtMostMaximum(client(this), this.ctx);
});

Then('the answer carries an ETag if ETags are advertised', async function (this: ScimWorld) {
  await expectETagAsAdvertised(client(this), this.ctx);
});

Then('the resource types include User, and Group where the SP serves groups, each with an endpoint that answers', async function (this: ScimWorld) {
  await expectResourceTypes(client(this), this.ctx);
});

Then('the schemas describe the core User schema with userName required, each readable by its id', async function (this: ScimWorld) {
  await expectCoreSchemas(client(this), this.ctx);
});

When('{actor} deletes the group {string}', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(DeleteGroup(alias));
});
