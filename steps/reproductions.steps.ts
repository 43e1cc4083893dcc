// Reproductions: replay a recorded transcript against the target with one step, then assert on the outcome.
import { Given, When, Then, type ScimWorld } from '../support/cucumber/steps.js';
import { registerRole } from '../support/screenplay/cast.js';
import { CallScim } from '../support/screenplay/abilities/call-scim.js';
import { Replay, ReplayTranscripts, replayerOf } from '../support/screenplay/tasks/idp/replay.js';
import { IdpExpectationFailed, Membership, StoredUser, memberFilterFailure, memberNotListed } from '../support/screenplay/tasks/idp/index.js';
import { Eventually } from '../support/screenplay/settle.js';
import { userAttributeJudged } from '../support/screenplay/tasks/users.js';
import { sameIgnoringCase } from '../support/scim/values.js';

registerRole(/^the support engineer$/i, (actor, ctx) => { actor.whoCan(new ReplayTranscripts(ctx, actor.name)); });

const engineer = (w: ScimWorld) => w.actor('the support engineer');
const fail = (m: string): never => { throw new IdpExpectationFailed(m); };

When('the support engineer replays the transcript {string}', async function (this: ScimWorld, file: string) {
  await engineer(this).attemptsTo(Replay(this.ctx, file));
});

Given('the support engineer has replayed the transcript {string}', async function (this: ScimWorld, file: string) {
  await engineer(this).attemptsTo(Replay(this.ctx, file));
});

// 200 and 204 are both a success for PATCH (RFC 7644 §3.5.2): a success must stay a success, and a refusal
// must keep its status.
const sameOutcome = (was: number | undefined, now: number) => was === now || (was !== undefined && was >= 200 && was < 300 && now >= 200 && now < 300);

Then('every replayed request succeeds or fails as it did when recorded', function (this: ScimWorld) {
  const diffs = replayerOf(engineer(this)).steps.map((s, i) => ({ i: i + 1, was: s.recorded.response?.status, now: s.reply.status, s }))
    .filter((d) => !sameOutcome(d.was, d.now));
  if (diffs.length) fail(diffs.map((d) => `request ${d.i} (${d.s.recorded.request.method} ${d.s.recorded.request.url}) was answered ${d.was} when recorded, ${d.now} now: ${d.s.reply.text.slice(0, 200)}`).join('\n'));
});

function replayed(w: ScimWorld, n: number) {
  const s = replayerOf(engineer(w)).steps[n - 1];
  if (!s) fail(`the transcript has no request ${n}`);
  return s!;
}

Then('replayed request {int} is answered {int}', function (this: ScimWorld, n: number, status: number) {
  const s = replayed(this, n);
  if (s.reply.status !== status) fail(`replayed request ${n} (${s.recorded.request.method}) was answered ${s.reply.status}, expected ${status}: ${s.reply.text.slice(0, 200)}`);
});

// any 2xx: a PUT may answer 200 with the resource or 204 (RFC 7644 §3.5.1 grades the 200 a should), a PATCH either
Then('replayed request {int} succeeds', function (this: ScimWorld, n: number) {
  const s = replayed(this, n);
  if (s.reply.status < 200 || s.reply.status >= 300) fail(`replayed request ${n} (${s.recorded.request.method}) was answered ${s.reply.status}, not a success: ${s.reply.text.slice(0, 200)}`);
});

Then('the user created by replayed request {int} is a member of the group created by replayed request {int}', async function (this: ScimWorld, u: number, g: number) {
  const r = replayerOf(engineer(this));
  // an SP that lists no member at all (the capability probe's group) is RFC-GROUP-01's deviation, which blocks this
  const reader = this.actor('the client');
  if (!(await reader.asks(Eventually(this.ctx, Membership(this.ctx, r.createdBy(g), r.createdBy(u)), (is) => is)))) {
    const message = `the user created by request ${u} is not a member of the group created by request ${g}`;
    throw (await memberFilterFailure(this.ctx, reader, r.createdBy(g), [r.createdBy(u)], message)) ?? memberNotListed(this.ctx, message);
  }
});

Then('the user created by replayed request {int} is not a member of the group created by replayed request {int}', async function (this: ScimWorld, u: number, g: number) {
  const r = replayerOf(engineer(this));
  if (await this.actor('the client').asks(Eventually(this.ctx, Membership(this.ctx, r.createdBy(g), r.createdBy(u)), (is) => !is))) fail(`the user created by request ${u} is still a member of the group created by request ${g}`);
});

Then('the user created by replayed request {int} has the first name {string}', async function (this: ScimWorld, n: number, value: string) {
  const r = replayerOf(engineer(this));
  if (!userAttributeJudged(this.ctx, 'first name')) return;
  // givenName is not caseExact (RFC 7643 §4.1.1): the SP may store it in a case of its own (§7)
  const user = await this.actor('the client').asks(Eventually(this.ctx, StoredUser(r.createdBy(n)), (u) => sameIgnoringCase(u?.name?.givenName, value)));
  if (!sameIgnoringCase(user?.name?.givenName, value)) fail(`the user created by request ${n} has the first name ${JSON.stringify(user?.name?.givenName)}, expected ${JSON.stringify(value)}`);
});

void CallScim;
