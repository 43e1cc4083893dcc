// Steps any area may use: creating, reading and deleting users as "the client", and the SP's answer.
import { Given, When, Then, type ScimWorld } from '../support/cucumber/steps.js';
import { CreateUser, EnsureUser, ReadUser, DeleteUser } from '../support/screenplay/tasks/users.js';
import { CallScim } from '../support/screenplay/abilities/call-scim.js';
import { expectStatus, expectErrorBody } from '../support/scim/expectations.js';

function last(world: ScimWorld, actor = 'the client') {
  return world.actor(actor).abilityTo(CallScim).lastReply();
}

/** What the last request was for, in the task's words: the reason a failure gives. */
function intent(world: ScimWorld, actor = 'the client'): string {
  return world.actor(actor).lastTask ?? 'the SP\'s answer';
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

Then('the SP answers {int}', function (this: ScimWorld, status: number) {
  expectStatus(last(this), status, intent(this));
});

Then('the SP answers {int} with the profile\'s error body', function (this: ScimWorld, status: number) {
  const reply = last(this);
  expectStatus(reply, status, intent(this));
  expectErrorBody(reply, this.ctx.profile, status);
});

Then('the created user has an id, meta and a Location equal to meta.location', function (this: ScimWorld) {
  const reply = last(this);
  const body = reply.body ?? {};
  if (typeof body.id !== 'string' || !body.id) throw new Error('the created user has no id');
  if (!body.meta?.location) throw new Error('the created user has no meta.location');
  if (reply.headers.location !== body.meta.location) {
    throw new Error(`the Location header ${JSON.stringify(reply.headers.location)} differs from meta.location ${JSON.stringify(body.meta.location)}`);
  }
});
