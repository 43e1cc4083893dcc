// AWS — the IAM Identity Center SCIM implementation: one line a step, each a task or a question.
import { Given, When, Then, type ScimWorld } from '../support/cucumber/steps.js';
import {
  AddPoolMembers, CallEndpoint, CreateGroupNamedLike, EnsureGroup, EnsureGroupFromPool, CreateGroupFromPool, CreateManyUsers, ListGroupsNamed, ListUsersFromStartIndex, ListUsersPlainly,
  ListWithFilter, PatchWith, PerformOperation, PutGroup, ReadGroup, RecreateUser, RemoveAllMembers, ReplaceAllMembers,
  SendMalformedUser, SendWithMadeUpToken, UseTokenOnOtherTenant, UseTokenOnUnknownTenant, WalkUsersWithCursor,
} from '../support/screenplay/tasks/aws.js';
import { ConnectToTenant } from '../support/screenplay/tasks/provisioning.js';
import {
  expectCrossTenantRefused, expectMembershipFilter, expectNewIdentity, expectNotMember, expectDetail, expectEmptyMemberLists, expectGroupPatched, expectJsonBody,
  expectCapOrCountRefused, expectLatestEvent, expectListHoldsExactly, expectMediaType, expectMemberCount, expectMembersStillExactly, expectNoGroupNamed,
  expectOneEventPerRequest, expectPagesAtMost, expectPatchedValues, expectRefusedNotBroken, expectServed, expectGroupCreatedWithMembers, expectStartIndexIgnored,
  expectUnchanged, expectWalkMetPoolOnce,
} from '../support/screenplay/questions/aws.js';
import { NothingStoredOf } from '../support/screenplay/questions/provisioning.js';

const admin = (w: ScimWorld) => w.actor('the SP admin');
const client = (w: ScimWorld) => w.actor('the client');

// ---- AWS-TENANT-01 -------------------------------------------------------------------------------------

Given(/^the client is connected to the (first|second) tenant$/, async function (this: ScimWorld, which: string) {
  await client(this).attemptsTo(ConnectToTenant(this.ctx, which));
});

When(/^the client uses the (first|second) tenant's token on the (first|second) tenant's endpoint$/, async function (this: ScimWorld, token: string, path: string) {
  await client(this).attemptsTo(UseTokenOnOtherTenant(this.ctx, token, path));
});

When('the client uses its token on an unknown tenant\'s endpoint', async function (this: ScimWorld) {
  await client(this).attemptsTo(UseTokenOnUnknownTenant(this.ctx));
});

Then('every one of those requests is refused with 401, revealing nothing of either tenant', function (this: ScimWorld) {
  expectCrossTenantRefused(client(this), this.ctx);
});

Then(/^nothing of "([^"]*)" is stored on the (first|second) tenant$/, async function (this: ScimWorld, alias: string, which: string) {
  await client(this).attemptsTo(ConnectToTenant(this.ctx, which));
  await client(this).asks(NothingStoredOf(this.ctx, alias));
});

// ---- AWS-OPS-01 -----------------------------------------------------------------------------------------

When(/^the client sends (GET|list|PUT|PATCH|DELETE) for the (user|group) "([^"]*)"$/, async function (this: ScimWorld, op: string, kind: 'user' | 'group', alias: string) {
  await client(this).attemptsTo(PerformOperation(this.ctx, op, kind, alias));
});

When('the client creates another group named like {string}', async function (this: ScimWorld, alias: string) {
  await client(this).attemptsTo(CreateGroupNamedLike(this.ctx, alias));
});

When('the client replaces the group {string} with PUT', async function (this: ScimWorld, alias: string) {
  await client(this).attemptsTo(PutGroup(this.ctx, alias));
});

When('the client calls the endpoint {string}', async function (this: ScimWorld, endpoint: string) {
  await client(this).attemptsTo(CallEndpoint(this.ctx, endpoint));
});

Then('the SP serves it', function (this: ScimWorld) {
  expectServed(client(this), 'the last request');
});

Then('the SP creates it, as it creates any group with members', async function (this: ScimWorld) {
  await expectGroupCreatedWithMembers(client(this));
});

Then('the SP serves it with a JSON document', function (this: ScimWorld) {
  expectServed(client(this), 'the last request');
  expectJsonBody(client(this), 'the last request');
});

Then('the SP answers with a 4xx, neither a success nor a server error', function (this: ScimWorld) {
  expectRefusedNotBroken(client(this), 'the last request');
});

// ---- AWS-FILTER-01 ---------------------------------------------------------------------------------------

When(/^the client lists the (users|groups) with the filter '(.*)'$/, async function (this: ScimWorld, kind: 'users' | 'groups', filter: string) {
  await client(this).attemptsTo(ListWithFilter(this.ctx, kind, filter));
});

Then('the list holds exactly {string}', async function (this: ScimWorld, alias: string) {
  await expectListHoldsExactly(client(this), this.ctx, [alias]);
});

// ---- AWS-PAGE-01 ------------------------------------------------------------------------------------------

Given('the client has created {int} users', async function (this: ScimWorld, n: number) {
  await client(this).attemptsTo(CreateManyUsers(this.ctx, n));
});

When('the client walks the users with a cursor', async function (this: ScimWorld) {
  await client(this).attemptsTo(WalkUsersWithCursor());
});

When('the client walks the users with a cursor, {int} a page', async function (this: ScimWorld, count: number) {
  await client(this).attemptsTo(WalkUsersWithCursor(count));
});

When('the client lists the users without paging parameters', async function (this: ScimWorld) {
  await client(this).attemptsTo(ListUsersPlainly());
});

When('the client lists {int} users from startIndex {int}', async function (this: ScimWorld, count: number, startIndex: number) {
  await client(this).attemptsTo(ListUsersFromStartIndex(startIndex, count));
});

Then('every page holds at most {int} users', function (this: ScimWorld, max: number) {
  expectPagesAtMost(client(this), max);
});

Then('every page holds at most {int} users, or the SP refuses the count', function (this: ScimWorld, max: number) {
  expectCapOrCountRefused(client(this), max);
});

Then('the walk meets each of those users exactly once', async function (this: ScimWorld) {
  await expectWalkMetPoolOnce(client(this), this.ctx);
});

Then('the SP ignores startIndex and answers the first page', function (this: ScimWorld) {
  expectStartIndexIgnored(client(this), this.ctx);
});

// ---- AWS-GROUP-01 / AWS-GROUP-02 ------------------------------------------------------------------------------

Given('the client has created the group {string} without members', async function (this: ScimWorld, alias: string) {
  await client(this).attemptsTo(EnsureGroup(this.ctx, alias, []));
});

When('the client reads the group {string}', async function (this: ScimWorld, alias: string) {
  await client(this).attemptsTo(ReadGroup(alias));
});

When('the client lists the groups named {string}', async function (this: ScimWorld, alias: string) {
  await client(this).attemptsTo(ListGroupsNamed(this.ctx, alias));
});

Then('the group {string} comes back with an empty member list', function (this: ScimWorld, alias: string) {
  expectEmptyMemberLists(client(this), alias);
});

Then('the membership filter finds {string} in {string}', async function (this: ScimWorld, user: string, group: string) {
  await expectMembershipFilter(client(this), this.ctx, group, user, true);
});

Then('the membership filter does not find {string} in {string}', async function (this: ScimWorld, user: string, group: string) {
  await expectMembershipFilter(client(this), this.ctx, group, user, false);
});

When('the client creates the group {string} with {int} of those users as members', async function (this: ScimWorld, alias: string, n: number) {
  await client(this).attemptsTo(CreateGroupFromPool(this.ctx, alias, n));
});

Given('the client has created the group {string} with {int} of those users as members', async function (this: ScimWorld, alias: string, n: number) {
  await client(this).attemptsTo(EnsureGroupFromPool(this.ctx, alias, n));
});

When('the client adds {int} of those users to {string} in one PATCH', async function (this: ScimWorld, n: number, alias: string) {
  await client(this).attemptsTo(AddPoolMembers(alias, n));
});

When('the client replaces every member of {string} with {string}', async function (this: ScimWorld, alias: string, member: string) {
  await client(this).attemptsTo(ReplaceAllMembers(alias, member));
});

When('the client removes every member of {string}', async function (this: ScimWorld, alias: string) {
  await client(this).attemptsTo(RemoveAllMembers(alias));
});

Then('no group {string} is stored', async function (this: ScimWorld, alias: string) {
  await expectNoGroupNamed(client(this), this.ctx, alias);
});

Then('the group {string} has {int} members', async function (this: ScimWorld, alias: string, n: number) {
  await expectMemberCount(client(this), this.ctx, alias, n, '');
});

Then('the group {string} still has exactly the members {string} and {string}', async function (this: ScimWorld, alias: string, a: string, b: string) {
  await expectMembersStillExactly(client(this), this.ctx, alias, [a, b], 'the refused PATCH changed it');
});

// ---- AWS-PATCH-01 -----------------------------------------------------------------------------------------------

When(/^the client patches the (user|group) "([^"]*)" with (.+)$/, async function (this: ScimWorld, kind: 'user' | 'group', alias: string, variation: string) {
  await client(this).attemptsTo(PatchWith(this.ctx, kind, alias, variation));
});

Then(/^the (user|group) "([^"]*)" is unchanged$/, async function (this: ScimWorld, kind: 'user' | 'group', alias: string) {
  await expectUnchanged(client(this), this.ctx, kind, alias);
});

Then('the user {string} shows the patched values', async function (this: ScimWorld, alias: string) {
  await expectPatchedValues(client(this), this.ctx, alias);
});

Then('the group {string} shows the patched values', async function (this: ScimWorld, alias: string) {
  await expectGroupPatched(client(this), this.ctx, alias);
});

// ---- AWS-ERR-01 -------------------------------------------------------------------------------------------------

When('the client sends a user whose body is not valid JSON', async function (this: ScimWorld) {
  await client(this).attemptsTo(SendMalformedUser());
});

Then('the error detail reads {string}', async function (this: ScimWorld, detail: string) {
  await expectDetail(client(this), this.ctx, detail);
});

Then('the answer\'s media type is {string}', function (this: ScimWorld, type: string) {
  expectMediaType(client(this), type);
});

// ---- AWS-EVENT-01 -----------------------------------------------------------------------------------------------

When('the client sends a request with a made-up token', async function (this: ScimWorld) {
  await client(this).attemptsTo(SendWithMadeUpToken(this.ctx));
});

Then('the tenant\'s event trail holds one event per request the client sent, newest first', async function (this: ScimWorld) {
  await expectOneEventPerRequest(admin(this), this.ctx);
});

Then(/^the latest "([^"]+)" event reads errorCode "([^"]+)" and errorMessage "([^"]+)"$/, async function (this: ScimWorld, eventName: string, code: string, message: string) {
  await expectLatestEvent(admin(this), this.ctx, eventName, code, message, this.actor('the client'));
});

// ---- AWS-ID-01 ----------------------------------------------------------------------------------------------------

When('the client creates the user {string} again', async function (this: ScimWorld, alias: string) {
  await client(this).attemptsTo(RecreateUser(this.ctx, alias));
});

Then('the new {string} has a new id and the old id is gone', async function (this: ScimWorld, alias: string) {
  await expectNewIdentity(client(this), alias);
});

Then('the new {string} is not a member of {string}', async function (this: ScimWorld, alias: string, group: string) {
  await expectNotMember(client(this), this.ctx, alias, group, 'created again after deletion: the old user\'s assignments carried over');
});
