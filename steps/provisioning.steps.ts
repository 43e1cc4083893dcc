// AP — automatic provisioning and access tokens (seed 002): one line a step, each a task or a question.
import { Given, When, Then, type ScimWorld } from '../support/cucumber/steps.js';
import {
  AdvanceTenantClock, ConnectWith, CreateOwnTenant, CreateUserVaried, DeleteToken, DisableProvisioning, EnableProvisioning,
  EnsureDeletedToken, EnsureGeneratedToken, EnsureUserVaried, GenerateToken, ProvisionContinuously, ProvisionedOwnTenant,
  QueuedRequestArrives, SwitchToTokenAndTest, tokenNamed,
} from '../support/screenplay/tasks/provisioning.js';
import { ChangeIdentifier, EnsureGroup } from '../support/screenplay/tasks/aws.js';
import { WhereGroupsServed } from '../support/screenplay/tasks/groups.js';
import {
  DeletedTokenRefusals, EndpointRefusals, NothingStoredOf, expectAdminRefused, expectEnabledAnswer, expectIdentityKept,
  expectProvisioningState, expectRefused, expectRotationWithoutFailures,
  expectGenerationRefused, expectListingShowsDates, expectOneYearExpiry, expectOnlyToken, expectSecretShownOnce, expectTokenCount, expectTokenRefused,
  expectTokenWorks,
} from '../support/screenplay/questions/provisioning.js';

const TOKEN = '(first|second|third|new|newest|old|oldest|other)';
const admin = (w: ScimWorld) => w.actor('the SP admin');
const client = (w: ScimWorld) => w.actor('the client');

// ---- tenants and provisioning ----------------------------------------------------------------------

Given('the SP admin has enabled automatic provisioning on a new tenant', async function (this: ScimWorld) {
  await admin(this).attemptsTo(ProvisionedOwnTenant(this.ctx));
});

Given('the SP admin has enabled automatic provisioning on two new tenants', async function (this: ScimWorld) {
  await admin(this).attemptsTo(ProvisionedOwnTenant(this.ctx), ProvisionedOwnTenant(this.ctx));
});

Given('the SP admin has created a new tenant without enabling automatic provisioning', async function (this: ScimWorld) {
  await admin(this).attemptsTo(CreateOwnTenant(this.ctx));
});

When('the SP admin enables automatic provisioning on it', async function (this: ScimWorld) {
  await admin(this).attemptsTo(EnableProvisioning(this.ctx));
});

Then('the SP admin is shown the tenant\'s SCIM endpoint and a first access token', function (this: ScimWorld) {
  expectEnabledAnswer(this.ctx);
});

Then('every request to the tenant\'s SCIM endpoint is refused with 401', async function (this: ScimWorld) {
  await client(this).asks(EndpointRefusals(this.ctx));
});

When('the SP admin disables automatic provisioning, typing {string}', async function (this: ScimWorld, confirm: string) {
  await admin(this).attemptsTo(DisableProvisioning(this.ctx, confirm));
});

Then('the SP admin\'s request is refused with the reason', function (this: ScimWorld) {
  expectAdminRefused(admin(this), this.ctx, admin(this).lastTask ?? 'the admin API request');
});

Then('automatic provisioning is still enabled', async function (this: ScimWorld) {
  await expectProvisioningState(admin(this), this.ctx, 'enabled', 'after a refused disable');
});

Then('automatic provisioning is disabled', async function (this: ScimWorld) {
  await expectProvisioningState(admin(this), this.ctx, 'disabled', 'after disabling');
});

// ---- tokens -----------------------------------------------------------------------------------------

When('the SP admin generates a new access token', async function (this: ScimWorld) {
  await admin(this).attemptsTo(GenerateToken(this.ctx));
});

Given('the SP admin has generated a second access token', async function (this: ScimWorld) {
  await admin(this).attemptsTo(EnsureGeneratedToken(this.ctx));
});

When(new RegExp(`^the SP admin deletes the ${TOKEN} access token, typing "([^"]*)"$`), async function (this: ScimWorld, name: string, confirm: string) {
  await admin(this).attemptsTo(DeleteToken(this.ctx, name, confirm));
});

Given(new RegExp(`^the SP admin has deleted the ${TOKEN} access token$`), async function (this: ScimWorld, name: string) {
  await admin(this).attemptsTo(EnsureDeletedToken(this.ctx, name));
});

Then('the new token\'s secret is shown once, in the answer to its generation', async function (this: ScimWorld) {
  await expectSecretShownOnce(admin(this), this.ctx);
});

Then('the token listing shows each token\'s id, creation date and expiry', async function (this: ScimWorld) {
  await expectListingShowsDates(admin(this), this.ctx);
});

Then('the tenant lists {int} access token(s)', async function (this: ScimWorld, n: number) {
  await expectTokenCount(admin(this), this.ctx, n);
});

Then(new RegExp(`^the tenant lists only the ${TOKEN} access token$`), async function (this: ScimWorld, name: string) {
  await expectOnlyToken(admin(this), this.ctx, name);
});

Then('the generation is refused because two tokens exist', function (this: ScimWorld) {
  expectGenerationRefused(this.ctx, 'while two tokens exist');
});

Then('the generation is refused because two tokens exist, expired ones included', function (this: ScimWorld) {
  expectGenerationRefused(this.ctx, 'while two tokens exist (one of them expired)');
});

Then('the deleted token is refused from the next request on', async function (this: ScimWorld) {
  const ms = await client(this).asks(DeletedTokenRefusals(this.ctx));
  this.log(`the deleted token was refused ${ms} ms after the admin API confirmed the deletion`);
});

Then(new RegExp(`^the ${TOKEN} access token (?:still works|keeps working|works)$`), async function (this: ScimWorld, name: string) {
  await expectTokenWorks(client(this), this.ctx, name);
});

Then(new RegExp(`^the ${TOKEN} access token is refused with 401$`), async function (this: ScimWorld, name: string) {
  await expectTokenRefused(client(this), this.ctx, name, 'should be refused');
});

Then(new RegExp(`^the ${TOKEN} access token is refused with 401 as expired$`), async function (this: ScimWorld, name: string) {
  await expectTokenRefused(client(this), this.ctx, name, `expired on ${tokenNamed(this.ctx, name).expiresAt} and should be refused`);
});

Then(new RegExp(`^the ${TOKEN} access token is listed as expiring one year after its creation$`), async function (this: ScimWorld, name: string) {
  await expectOneYearExpiry(admin(this), this.ctx, name);
});

When('the SP admin advances the tenant\'s clock by {int} days', async function (this: ScimWorld, days: number) {
  await admin(this).attemptsTo(AdvanceTenantClock(this.ctx, days));
});

Given('the SP admin has advanced the tenant\'s clock by {int} days', async function (this: ScimWorld, days: number) {
  await admin(this).attemptsTo(AdvanceTenantClock(this.ctx, days));
});

// ---- the client on the scenario's tenant ------------------------------------------------------------

Given(new RegExp(`^the client is connected to the tenant with the ${TOKEN} access token$`), async function (this: ScimWorld, name: string) {
  await client(this).attemptsTo(ConnectWith(this.ctx, name));
});

When(new RegExp(`^the client switches to the ${TOKEN} access token$`), async function (this: ScimWorld, name: string) {
  await client(this).attemptsTo(ConnectWith(this.ctx, name));
});

Given('the client keeps provisioning users to the tenant', async function (this: ScimWorld) {
  await client(this).attemptsTo(ProvisionContinuously(this.ctx));
});

When('the client switches to the new access token and tests the connection', async function (this: ScimWorld) {
  await client(this).attemptsTo(SwitchToTokenAndTest(this.ctx, 'new'));
});

When(new RegExp(`^a provisioning request the client queued before the switch arrives with the ${TOKEN} access token$`), async function (this: ScimWorld, name: string) {
  await client(this).attemptsTo(QueuedRequestArrives(this.ctx, name));
});

Then('no provisioning request failed during the rotation', async function (this: ScimWorld) {
  const n = await expectRotationWithoutFailures(client(this));
  this.log(`${n} provisioning requests went through the rotation`);
});

// ---- users --------------------------------------------------------------------------------------------

When(/^the client creates the user "([^"]*)" ((?:with|without|whose|managed by) .+)$/, async function (this: ScimWorld, alias: string, variation: string) {
  await client(this).attemptsTo(CreateUserVaried(this.ctx, alias, variation));
});

Given(/^the client has created the user "([^"]*)" ((?:with|without|whose|managed by) .+)$/, async function (this: ScimWorld, alias: string, variation: string) {
  await client(this).attemptsTo(EnsureUserVaried(this.ctx, alias, variation));
});

Then('nothing of {string} is stored', async function (this: ScimWorld, alias: string) {
  await client(this).asks(NothingStoredOf(this.ctx, alias));
});

Then('the SP refuses it', async function (this: ScimWorld) {
  await expectRefused(client(this), this.ctx);
});

Given('the client has created the group {string} with {string} as a member', async function (this: ScimWorld, group: string, member: string) {
  await client(this).attemptsTo(EnsureGroup(this.ctx, group, [member]));
});

Given('the client has created the group {string} with {string} as a member, where the SP serves groups', async function (this: ScimWorld, group: string, member: string) {
  await client(this).attemptsTo(WhereGroupsServed(this.ctx, group, EnsureGroup(this.ctx, group, [member])));
});

Given('the client has created the group {string} with {string} and {string} as members, where the SP serves groups', async function (this: ScimWorld, group: string, a: string, b: string) {
  await client(this).attemptsTo(WhereGroupsServed(this.ctx, group, EnsureGroup(this.ctx, group, [a, b])));
});

Given('the client has created the group {string} with {string} and {string} as members', async function (this: ScimWorld, group: string, a: string, b: string) {
  await client(this).attemptsTo(EnsureGroup(this.ctx, group, [a, b]));
});

When(/^the client changes the (userName|email) of "([^"]*)" by (PATCH|PUT)$/, async function (this: ScimWorld, attribute: 'userName' | 'email', alias: string, method: 'PATCH' | 'PUT') {
  await client(this).attemptsTo(ChangeIdentifier(this.ctx, alias, attribute, method));
});

Then('{string} keeps its SP id, its externalId and its membership of {string}', async function (this: ScimWorld, alias: string, group: string) {
  await expectIdentityKept(client(this), this.ctx, alias, group);
});
