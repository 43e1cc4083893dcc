// Steps any area may use: creating, reading and deleting users as "the client", and the SP's answer.
import { Given, When, Then, type ScimWorld } from '../support/cucumber/steps.js';
import { question } from '../support/screenplay/actor.js';
import { serverFailureRow } from '../support/scim/paths.js';
import { CreateUser, EnsureUser, EnsureUserDeleted, ReadUser, DeleteUser } from '../support/screenplay/tasks/users.js';
import { CallScim } from '../support/screenplay/abilities/call-scim.js';
import { ACCEPTED, expectStatus } from '../support/scim/expectations.js';
import { ProfileErrorBody } from '../support/screenplay/questions/errors.js';
import { expectCreatedWithLocation } from '../support/screenplay/questions/rfc.js';
import { expectCredentialRefused, expectRefusedPreferably, judgeRefusal } from '../support/screenplay/questions/provisioning.js';

function last(world: ScimWorld, actor = 'the client') {
  return world.actor(actor).abilityTo(CallScim).lastReply();
}

/** What the last request was for, in the task's words: the reason a failure gives. */
function intent(world: ScimWorld, actor = 'the client'): string {
  return world.actor(actor).lastTask ?? 'the last request';
}

Given('{actor} has created the user {string}', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(EnsureUser(this.ctx, alias));
});

When('{actor} creates the user {string}', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(CreateUser.named(this.ctx, alias));
});

When('{actor} reads the user {string}', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(ReadUser(alias));
});

When('{actor} deletes the user {string}', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(DeleteUser(alias));
});

// A delete the scenario needs done, whose exact status is RFC-DELETE-01's verdict (any 2xx here).
When('{actor} has deleted the user {string}', async function (this: ScimWorld, actor: string, alias: string) {
  await this.actor(actor).attemptsTo(EnsureUserDeleted(this.ctx, alias));
});

// Any 2xx: whether a create is exactly 201 is RFC-CREATE-01's verdict. A write the server failed (5xx) is its plain
// write's row's first (RFC-CREATE-01, RFC-PUT-01, RFC-PATCH-01): where that row is red (the SP fails the plain write
// as well) this scenario is BLOCKED by it, and where it passes the failure is this scenario's own. A refusal (4xx) is
// this scenario's own: a create sent as application/json, a PUT with a current If-Match.
Then('the SP accepts it', async function (this: ScimWorld) {
  const reply = last(this);
  await this.actor('the client').asks(question('whether the SP accepted the write', async () => { expectStatus(reply, ACCEPTED, intent(this)); },
    serverFailureRow(reply, this.ctx.profile)));
});

Then('the SP answers {int}', async function (this: ScimWorld, status: number) {
  await judgeRefusal(this.actor('the client'), this.ctx, last(this), () => expectStatus(last(this), status, intent(this)));
});

// The status is the scenario's own row's (or the row whose rule refuses the request: judgeRefusal); the body's
// shape is the profile's error row's (RFC-ERR-01, AWS-ERR-01).
Then('the SP answers {int} with the profile\'s error body', async function (this: ScimWorld, status: number) {
  const reply = last(this);
  await judgeRefusal(this.actor('the client'), this.ctx, reply, () => expectStatus(reply, status, intent(this)));
  await this.actor('the client').asks(ProfileErrorBody(this.ctx, reply, status));
});

// A refusal whose code RFC 7644 §3.12's Table 8 recommends and no clause requires: any 4xx refuses (rfc), the
// recommended one is a should; the aws profile pins AWS's documented code.
Then('the SP refuses it, {int} with the profile\'s error body expected', async function (this: ScimWorld, status: number) {
  await expectRefusedPreferably(this.actor('the client'), this.ctx, status);
});

// RFC-AUTH-01's: no answer at all to a refused credential (an SP that slows guesses down) served nothing, a should
Then('the SP refuses the credential, 401 with the profile\'s error body expected', async function (this: ScimWorld) {
  await expectCredentialRefused(this.actor('the client'), this.ctx);
});

Then('the SP refuses it, {int} with the profile\'s error body and scimType {string} expected', async function (this: ScimWorld, status: number, scimType: string) {
  await expectRefusedPreferably(this.actor('the client'), this.ctx, status, { scimType });
});

Then('the created user has an id and a Location equal to its meta.location', function (this: ScimWorld) {
  expectCreatedWithLocation(this.ctx, last(this), 'user');
});
