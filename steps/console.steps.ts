// The console in a real browser (seed 002's procedures; 000/003 step 1): one line a step, each a task or a
// question of the screenplay. The tenant is the scenario's own, made with the console's "Create tenant".
// The IdP's own steps (assign, push, "Okta's connection test succeeds") come from idp.steps.ts; the token
// steps ("the first access token still works") from provisioning.steps.ts.
import { Given, When, Then, type ScimWorld } from '../support/cucumber/steps.js';
import {
  ChooseEnable, ChooseGenerate, ChoosePage, ChooseSettings, CloseDialog, ConnectWithIssuedToken, CopyEndpointAndToken, CreateTenantInConsole,
  DeleteTokenInConsole, DisableInConsole, GenerateInConsole, PasteCopiedValues, ShowToken,
  NoteTokenId, SignInToConsole, SwitchToCopiedToken, ViewDetails,
} from '../support/screenplay/tasks/console.js';
import {
  expectCopiedMatchesShown, expectInboundDialog, expectNotice, expectRefused, expectShownEndpointEndsWith, expectStatus,
  expectTokenHiddenUntilShown, expectTokenList, expectTokenShown, expectTokensByCreation,
  expectCopiedValuesWork, expectUsersListed, expectUserNotListed, expectGroupListed,
  expectEventsFor, expectNoFailedRequests,
} from '../support/screenplay/questions/console.js';

const TOKEN = '(first|second|third|new|newest|old|oldest|other|noted)';
const admin = (w: ScimWorld) => w.actor('the SP admin');

// ---- signing in, the tenant --------------------------------------------------------------------------

Given('the SP admin has signed in to the console', async function (this: ScimWorld) {
  await admin(this).attemptsTo(SignInToConsole(this.ctx));
});

Given('the SP admin has created a tenant in the console', async function (this: ScimWorld) {
  await admin(this).attemptsTo(CreateTenantInConsole(this.ctx));
});

// ---- the seeds' clicks ----------------------------------------------------------------------------------

When(/^the SP admin chooses (Settings|Users|Groups|Events) in the console$/, async function (this: ScimWorld, page: 'Settings' | 'Users' | 'Groups' | 'Events') {
  await admin(this).attemptsTo(page === 'Settings' ? ChooseSettings(this.ctx) : ChoosePage(this.ctx, page));
});

When('the SP admin chooses Enable under Automatic provisioning', async function (this: ScimWorld) {
  await admin(this).attemptsTo(ChooseEnable(this.ctx));
});

When('the SP admin copies the SCIM endpoint and the access token', async function (this: ScimWorld) {
  await admin(this).attemptsTo(CopyEndpointAndToken(this.ctx));
});

When('the SP admin chooses Close', async function (this: ScimWorld) {
  await admin(this).attemptsTo(CloseDialog(this.ctx));
});

When('the SP admin chooses View details next to Provisioning', async function (this: ScimWorld) {
  await admin(this).attemptsTo(ViewDetails(this.ctx));
});

When('the SP admin chooses Generate new token', async function (this: ScimWorld) {
  await admin(this).attemptsTo(ChooseGenerate(this.ctx));
});

When('the SP admin chooses Show token', async function (this: ScimWorld) {
  await admin(this).attemptsTo(ShowToken(this.ctx));
});

When('the SP admin notes the token ID of the access token in use', async function (this: ScimWorld) {
  await admin(this).attemptsTo(NoteTokenId(this.ctx));
});

When('the SP admin generates a new access token in the console', async function (this: ScimWorld) {
  await admin(this).attemptsTo(GenerateInConsole(this.ctx));
});

When(new RegExp(`^the SP admin deletes the ${TOKEN} access token in the console, typing "([^"]*)"$`), async function (this: ScimWorld, name: string, typed: string) {
  await admin(this).attemptsTo(DeleteTokenInConsole(this.ctx, name, typed));
});

When('the SP admin disables automatic provisioning in the console, typing {string}', async function (this: ScimWorld, typed: string) {
  await admin(this).attemptsTo(DisableInConsole(this.ctx, typed));
});

// ---- what the console shows ------------------------------------------------------------------------------

Then('the console shows the {string} dialog with the SCIM endpoint and the access token', async function (this: ScimWorld, title: string) {
  await expectInboundDialog(admin(this), this.ctx, title);
});

Then('the SCIM endpoint in the dialog ends in {string}', async function (this: ScimWorld, suffix: string) {
  await expectShownEndpointEndsWith(admin(this), this.ctx, suffix);
});

Then('the clipboard held the SCIM endpoint and the access token the dialog shows', function (this: ScimWorld) {
  expectCopiedMatchesShown(admin(this), this.ctx);
});

Then(/^the Settings page shows automatic provisioning as (Enabled|Disabled)$/, async function (this: ScimWorld, status: string) {
  await expectStatus(admin(this), this.ctx, status);
});

Then('the console shows the "Generate new access token" dialog with the token hidden until Show token', async function (this: ScimWorld) {
  await expectTokenHiddenUntilShown(admin(this), this.ctx);
});

Then('the dialog shows the new access token', async function (this: ScimWorld) {
  await expectTokenShown(admin(this), this.ctx);
});

Then('the Access tokens list shows {int} token(s), each with its id, creation date and expiry, never its secret', async function (this: ScimWorld, n: number) {
  await expectTokenList(admin(this), this.ctx, n);
});

Then('the Access tokens list\'s creation dates order the tokens as they were generated', async function (this: ScimWorld) {
  await expectTokensByCreation(admin(this), this.ctx);
});

Then('the console refuses it, saying at most two access tokens can exist', function (this: ScimWorld) {
  const message = expectRefused(admin(this), this.ctx, /\b(two|2)\b/i, 'while two tokens exist');
  this.log(`the console said: ${message}`);
});

Then('the console refuses the deletion, asking to type DELETE', function (this: ScimWorld) {
  const message = expectRefused(admin(this), this.ctx, /\bDELETE\b/, 'without the typed DELETE');
  this.log(`the console said: ${message}`);
});

Then('the console refuses to disable, saying every access token must be deleted first', function (this: ScimWorld) {
  const message = expectRefused(admin(this), this.ctx, /token/i, 'while an access token is left');
  this.log(`the console said: ${message}`);
});

Then('the console refuses to disable, asking to type DISABLE', function (this: ScimWorld) {
  const message = expectRefused(admin(this), this.ctx, /\bDISABLE\b/, 'without the typed DISABLE');
  this.log(`the console said: ${message}`);
});

Then('the console confirms {string}', function (this: ScimWorld, text: string) {
  expectNotice(admin(this), this.ctx, text);
});

// ---- the copied values at work ---------------------------------------------------------------------------

When('{actor}\'s admin pastes the copied SCIM endpoint without its trailing slash and the copied access token, and tests the connection', async function (this: ScimWorld, idp: string) {
  await this.actor(idp).attemptsTo(PasteCopiedValues(this.ctx, admin(this), true));
});

// an IdP's twin of the client's step in provisioning.steps.ts (the client's connection is no IdP's form)
Given('{idp} is connected to the tenant with the first access token', async function (this: ScimWorld, idp: string) {
  await this.actor(idp).attemptsTo(ConnectWithIssuedToken(this.ctx, 'first'));
});

When('{actor}\'s admin switches to the copied access token and tests the connection', async function (this: ScimWorld, idp: string) {
  await this.actor(idp).attemptsTo(SwitchToCopiedToken(this.ctx, admin(this)));
});

Then('a request with the copied SCIM endpoint, trailing slash removed, and the copied access token succeeds', async function (this: ScimWorld) {
  await expectCopiedValuesWork(this.actor('the client'), admin(this));
});

Then('none of the requests {actor} sent failed', function (this: ScimWorld, idp: string) {
  const n = expectNoFailedRequests(this.ctx, this.actor(idp));
  this.log(`${idp} sent ${n} requests, none refused`);
});

// ---- what was synchronised --------------------------------------------------------------------------------

Then('the Users page lists {string} and {string} with the user name, display name and active state {actor} sent', async function (this: ScimWorld, a: string, b: string, idp: string) {
  await expectUsersListed(admin(this), this.ctx, this.actor(idp), [a, b]);
});

Then('the Users page does not list {string}', async function (this: ScimWorld, alias: string) {
  await expectUserNotListed(admin(this), this.ctx, alias);
});

Then('the Groups page lists {string} with {int} members', async function (this: ScimWorld, group: string, n: number) {
  await expectGroupListed(admin(this), this.ctx, group, n);
});

Then('the Events page lists a {string} event for each {string} request {actor} sent, with its user agent', async function (this: ScimWorld, eventName: string, request: string, idp: string) {
  await expectEventsFor(admin(this), this.ctx, this.actor(idp), eventName, request);
});
