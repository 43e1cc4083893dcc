// The simulated IdPs, in their admins' words: one line a step, each a task or a question of an IdP actor
// ("Okta", "Entra ID", "OneLogin"); what goes on the wire is the dialect profile's business.
import { Given, When, Then, defineParameterType, type ScimWorld } from '../support/cucumber/steps.js';
import '../support/screenplay/idp-roles.js';
import {
  AddMember, Assign, AssignGroup, ChangeAttribute, ChangeMappingSource, Click, ConnectIdp, ConnectionTestPassed, DeleteGroupInIdp, DeleteMapping,
  HardDelete, HaveGroup, HaveUser, IdpExpectationFailed, IncludeGroupsInProvisioning, Membership, NextCycle, PasteAndTest,
  PushGroup, RemoveMember, RenameGroup, RenameUser, RequireApproval, SetActive, SetManager, SetProvisioning, SoftDelete,
  StoredGroup, StoredUser, StoredUserNamed, UserFoundByName, Unassign, UnassignGroup, UnlinkGroup, Wait, aliases,
  DeleteInServiceProvider, ExistingAccount, failedForTheRequestItself, managerIdOf, managerNotSet, memberFilterFailure, memberMissing, memberNotListed, notDeactivated, nothingRefused, notApplied, GroupProvisioned, readerFor, IdpChangesAccepted, UseTemplateVariation, UserProvisioned, connectionOf, edgesNamed, engineOf, spIdOf,
} from '../support/screenplay/tasks/idp/index.js';
import type { Behaviour } from '../support/idp/profile.js';
import { SignInThroughIdp, TrustIdpForAbac } from '../support/screenplay/tasks/idp/saml.js';
import { IdpSent, listed, logQuotesBody } from '../support/screenplay/questions/idp-wire.js';
import { ProvisionAsIdp } from '../support/screenplay/abilities/provision-as-idp.js';
import { AdministerReference } from '../support/screenplay/abilities/administer-reference.js';
import { ownTenant } from '../support/screenplay/tasks/provisioning.js';
import { ProfileErrorBody } from '../support/screenplay/questions/errors.js';
import { Eventually, OnceLagPassed, listLagWait, readLagWait } from '../support/screenplay/settle.js';
import { activeStateOf, externalIdJudged, requireExternalId, userAttributeDeclared, userAttributeJudged } from '../support/screenplay/tasks/users.js';
import { sameIgnoringCase, samePhoneNumber, valuesOfType } from '../support/scim/values.js';

defineParameterType({ name: 'idp', regexp: /Okta|Entra ID|OneLogin/, transformer: (s: string) => s });

const idp = (w: ScimWorld, name: string) => w.actor(name);
const client = (w: ScimWorld) => w.actor('the client');
const fail = (message: string): never => { throw new IdpExpectationFailed(message); };
// a wrong token served is the SP's authentication, RFC-AUTH-01's: the IdP rows that send one are BLOCKED by it when it is red
const failAsServedWrongToken = (message: string): never => { throw Object.assign(new IdpExpectationFailed(message), { owner: 'RFC-AUTH-01' }); };

// ---- connecting ---------------------------------------------------------------------------------------

Given('{idp} is connected to the service provider', async function (this: ScimWorld, name: string) {
  await idp(this, name).attemptsTo(ConnectIdp(this.ctx, client(this), false));
});

Given('{idp} is connected to a tenant of its own', async function (this: ScimWorld, name: string) {
  await idp(this, name).attemptsTo(ConnectIdp(this.ctx, client(this), true, this.actor('the SP admin')));
});

When('{idp}\'s admin pastes the SCIM endpoint as the service provider shows it', async function (this: ScimWorld, name: string) {
  const t = ownTenant(this.ctx);
  await idp(this, name).attemptsTo(PasteAndTest(t.shownEndpoint ?? t.scimBase, t.tokens[0]!.token));
});

When('{idp}\'s admin pastes the SCIM endpoint with its trailing slash removed', async function (this: ScimWorld, name: string) {
  const t = ownTenant(this.ctx);
  await idp(this, name).attemptsTo(PasteAndTest((t.shownEndpoint ?? t.scimBase).replace(/\/+$/, ''), t.tokens[0]!.token));
});

When('{idp}\'s admin pastes a wrong token and tests the connection', async function (this: ScimWorld, name: string) {
  const actor = idp(this, name);
  const base = engineOf(actor).baseUrl ?? this.ctx.target.scimBase;
  await actor.attemptsTo(PasteAndTest(base, `wrong-${this.ctx.faker.string.alphanumeric(24)}`, true));
});

When('{idp}\'s admin replaces the token with a wrong one', async function (this: ScimWorld, name: string) {
  const engine = engineOf(idp(this, name));
  engine.configure(engine.baseUrl!, `wrong-${this.ctx.faker.string.alphanumeric(24)}`, true);
});

When('{idp}\'s admin restores the right token', async function (this: ScimWorld, name: string) {
  const actor = idp(this, name);
  const engine = engineOf(actor);
  engine.configure(engine.baseUrl!, connectionOf(actor).token);
});

Then('{idp}\'s console shows {string}', function (this: ScimWorld, name: string, text: string) {
  const shown = idp(this, name).recall<string>('console');
  if (!shown.includes(text)) fail(`${name}'s console shows ${JSON.stringify(shown)}, not ${JSON.stringify(text)}`);
});

Then('{idp}\'s connection test succeeds', async function (this: ScimWorld, name: string) {
  await idp(this, name).attemptsTo(ConnectionTestPassed());
});

Then('{idp}\'s connection test fails', function (this: ScimWorld, name: string) {
  const actor = idp(this, name);
  if (actor.recall<boolean>('connection ok')) failAsServedWrongToken(`${name}'s connection test succeeded with a wrong token: ${actor.recall<string>('console')}`);
});

// ---- the directory ------------------------------------------------------------------------------------

Given('{idp} has a user {string}', async function (this: ScimWorld, name: string, alias: string) {
  await idp(this, name).attemptsTo(HaveUser(this.ctx, alias));
});

Given('{idp} has a user {string} with {}', async function (this: ScimWorld, name: string, alias: string, edge: string) {
  await idp(this, name).attemptsTo(HaveUser(this.ctx, alias, edgesNamed(edge)));
});

Given('{idp} has the users {string}', async function (this: ScimWorld, name: string, list: string) {
  for (const alias of aliases(list)) await idp(this, name).attemptsTo(HaveUser(this.ctx, alias));
});

Given('{idp} has a group {string} with the members {string}', async function (this: ScimWorld, name: string, alias: string, list: string) {
  await idp(this, name).attemptsTo(HaveGroup(this.ctx, alias, aliases(list)));
});

Given('{idp} has assigned {string} to the app', async function (this: ScimWorld, name: string, alias: string) {
  const actor = idp(this, name);
  if (!engineOf(actor).directory.users.has(alias)) await actor.attemptsTo(HaveUser(this.ctx, alias));
  await actor.attemptsTo(Assign(alias));
  if (engineOf(actor).profile.sync.trigger === 'cycle') await actor.attemptsTo(NextCycle);
  await actor.attemptsTo(UserProvisioned(alias));
});

Given('{idp} has assigned the users {string} to the app', async function (this: ScimWorld, name: string, list: string) {
  const actor = idp(this, name);
  for (const alias of aliases(list)) {
    if (!engineOf(actor).directory.users.has(alias)) await actor.attemptsTo(HaveUser(this.ctx, alias));
    await actor.attemptsTo(Assign(alias));
  }
  if (engineOf(actor).profile.sync.trigger === 'cycle') await actor.attemptsTo(NextCycle);
  for (const alias of aliases(list)) await actor.attemptsTo(UserProvisioned(alias));
});

Given('{idp} has provisioned its group {string} with the members {string}', async function (this: ScimWorld, name: string, alias: string, list: string) {
  const actor = idp(this, name);
  const engine = engineOf(actor);
  await actor.attemptsTo(HaveGroup(this.ctx, alias, aliases(list)));
  for (const m of aliases(list)) await actor.attemptsTo(Assign(m));
  engine.includeGroupsInProvisioning = true;
  await actor.attemptsTo(engine.profile.group.model === 'push' ? PushGroup(alias) : AssignGroup(alias));
  if (engine.profile.sync.trigger === 'cycle') await actor.attemptsTo(NextCycle);
  await actor.attemptsTo(GroupProvisioned(this.ctx, client(this), alias, aliases(list)));
});

Given('{idp}\'s admin has edited the SCIM JSON template to the variation {string}', async function (this: ScimWorld, name: string, variation: string) {
  await idp(this, name).attemptsTo(UseTemplateVariation(variation));
});

Given('{idp} requires admin approval before it {word}s users', async function (this: ScimWorld, name: string, action: string) {
  await idp(this, name).attemptsTo(RequireApproval(action as 'create' | 'update' | 'delete', true));
});

When('{idp}\'s admin clears "Require admin approval" for {string}', async function (this: ScimWorld, name: string, label: string) {
  const action = label.toLowerCase().replace(/ user$/, '') as 'create' | 'update' | 'delete';
  await idp(this, name).attemptsTo(RequireApproval(action, false));
});

Given('{idp} has {string} disabled on its Provisioning page', async function (this: ScimWorld, name: string, label: string) {
  const action = label.toLowerCase().replace(/ user$/, '') as 'create' | 'update' | 'delete';
  engineOf(idp(this, name)).actions[action] = false;
});

Given('{idp}\'s Groups parameter has "Include in User Provisioning" {word}', async function (this: ScimWorld, name: string, state: string) {
  await idp(this, name).attemptsTo(IncludeGroupsInProvisioning(state === 'selected'));
});

When('{idp}\'s admin selects "Include in User Provisioning" on the Groups parameter', async function (this: ScimWorld, name: string) {
  await idp(this, name).attemptsTo(IncludeGroupsInProvisioning(true));
});

// ---- assignments, pushes and changes ------------------------------------------------------------------

When('{idp} assigns {string} to the app', async function (this: ScimWorld, name: string, alias: string) {
  const actor = idp(this, name);
  if (!engineOf(actor).directory.users.has(alias)) await actor.attemptsTo(HaveUser(this.ctx, alias));
  await actor.attemptsTo(Assign(alias));
});

When('{idp} unassigns {string} from the app', async function (this: ScimWorld, name: string, alias: string) {
  await idp(this, name).attemptsTo(Unassign(alias));
});

When('{idp} assigns its group {string} to the app', async function (this: ScimWorld, name: string, alias: string) {
  await idp(this, name).attemptsTo(AssignGroup(alias));
});

When('{idp} unassigns its group {string} from the app', async function (this: ScimWorld, name: string, alias: string) {
  await idp(this, name).attemptsTo(UnassignGroup(alias));
});

When('{idp} pushes its group {string}', async function (this: ScimWorld, name: string, alias: string) {
  await idp(this, name).attemptsTo(PushGroup(alias));
});

When('{idp} unlinks the pushed group {string} and deletes it in the app', async function (this: ScimWorld, name: string, alias: string) {
  await idp(this, name).attemptsTo(UnlinkGroup(alias, true));
});

When(/^(Okta|Entra ID|OneLogin) changes the (first name|last name|display name|title|department|employee number|work phone|email) of "([^"]*)" to "([^"]*)"$/,
  async function (this: ScimWorld, name: string, attribute: string, alias: string, value: string) {
    await idp(this, name).attemptsTo(ChangeAttribute(this.ctx, alias, attribute, value));
  });

When('{idp} renames the user {string}', async function (this: ScimWorld, name: string, alias: string) {
  await idp(this, name).attemptsTo(RenameUser(this.ctx, alias));
});

When('{idp}\'s admin makes {string} the manager of {string}', async function (this: ScimWorld, name: string, manager: string, alias: string) {
  await idp(this, name).attemptsTo(SetManager(alias, manager));
});

When('{idp} deactivates {string}', async function (this: ScimWorld, name: string, alias: string) {
  await idp(this, name).attemptsTo(SetActive(alias, false));
});

When('{idp} reactivates {string}', async function (this: ScimWorld, name: string, alias: string) {
  await idp(this, name).attemptsTo(SetActive(alias, true));
});

When('{idp} deletes {string}', async function (this: ScimWorld, name: string, alias: string) {
  await idp(this, name).attemptsTo(SoftDelete(alias));
});

When('{idp} permanently deletes {string}', async function (this: ScimWorld, name: string, alias: string) {
  await idp(this, name).attemptsTo(HardDelete(alias));
});

When('{idp} adds {string} to its group {string}', async function (this: ScimWorld, name: string, user: string, group: string) {
  const actor = idp(this, name);
  if (!engineOf(actor).directory.users.has(user)) await actor.attemptsTo(HaveUser(this.ctx, user));
  await actor.attemptsTo(AddMember(user, group));
});

When('{idp} removes {string} from its group {string}', async function (this: ScimWorld, name: string, user: string, group: string) {
  await idp(this, name).attemptsTo(RemoveMember(user, group));
});

When('{idp} renames its group {string} to {string}', async function (this: ScimWorld, name: string, group: string, to: string) {
  await idp(this, name).attemptsTo(RenameGroup(this.ctx, group, to));
});

When('{idp} deletes its group {string}', async function (this: ScimWorld, name: string, group: string) {
  await idp(this, name).attemptsTo(DeleteGroupInIdp(group));
});

// ---- time, cycles, console ----------------------------------------------------------------------------

When('{idp} runs its next incremental cycle', async function (this: ScimWorld, name: string) {
  await idp(this, name).attemptsTo(NextCycle);
});

When(/^(Okta|Entra ID|OneLogin)'s clock moves on by (\d+ (?:seconds?|minutes?|hours?|days?))$/, async function (this: ScimWorld, name: string, spoken: string) {
  await idp(this, name).attemptsTo(Wait(spoken));
});

When('{idp}\'s admin sets Provisioning Status to {word}', async function (this: ScimWorld, name: string, state: string) {
  await idp(this, name).attemptsTo(SetProvisioning(state === 'On'));
});

When('{idp}\'s admin clicks {string}', async function (this: ScimWorld, name: string, label: string) {
  await idp(this, name).attemptsTo(Click(label));
});

When('{idp}\'s admin approves the pending actions', async function (this: ScimWorld, name: string) {
  await idp(this, name).attemptsTo(Click('Approve'));
});

When('{idp}\'s admin deletes the attribute mapping of {string}', async function (this: ScimWorld, name: string, source: string) {
  await idp(this, name).attemptsTo(DeleteMapping(source));
});

When('{idp}\'s admin changes the source attribute of {string} to {string}', async function (this: ScimWorld, name: string, target: string, source: string) {
  await idp(this, name).attemptsTo(ChangeMappingSource(target, source));
});

Given('the service provider answers {idp}\'s next {int} request(s) with 429 and Retry-After {int}', async function (this: ScimWorld, name: string, count: number, seconds: number) {
  const proxy = await idp(this, name).abilityTo(ProvisionAsIdp).throttling();
  proxy.refuseNext(count, seconds, 429);
});

Given('the service provider answers {idp}\'s next {int} request(s) with 503', async function (this: ScimWorld, name: string, count: number) {
  const proxy = await idp(this, name).abilityTo(ProvisionAsIdp).throttling();
  proxy.refuseNext(count, 0, 503);
});

Given('the service provider refuses {idp}\'s next {word} with {int} {string}', async function (this: ScimWorld, name: string, method: string, status: number, detail: string) {
  const proxy = await idp(this, name).abilityTo(ProvisionAsIdp).throttling();
  proxy.refuseNext(1, 0, status, method, detail);
});

When('the SP admin deletes {idp}\'s group {string} in the service provider', async function (this: ScimWorld, name: string, group: string) {
  const a = idp(this, name);
  await readerFor(a, client(this), this.ctx).attemptsTo(DeleteInServiceProvider(this.ctx, 'Groups', spIdOf(a, group), `the group "${group}"`, engineOf(a).directory.group(group).displayName));
});

When('the SP admin deletes {string} in the service provider', async function (this: ScimWorld, alias: string) {
  const idpActor = ['Okta', 'Entra ID', 'OneLogin'].map((n) => this.cast.all().find((a) => a.name === n)).find(Boolean);
  if (!idpActor) fail('no IdP has acted in this scenario');
  await readerFor(idpActor!, client(this), this.ctx).attemptsTo(DeleteInServiceProvider(this.ctx, 'Users', spIdOf(idpActor!, alias), `"${alias}"`, engineOf(idpActor!).directory.user(alias).userName));
});

// ---- what the SP holds --------------------------------------------------------------------------------

/**
 * The user as the SP holds it. `accepted`: what the IdP sent for it that must have been accepted first: a
 * refusal is reported in the SP's own words, owned by the row that judges that request (BLOCKED elsewhere).
 * `shows`: what the IdP's writes should have made visible on the user it provisioned, read again until it does
 * (an SP's reads by id may lag, settle.ts); never given for a check that a change has not arrived.
 */
// `shows`: read until the user shows the IdP's write. `notHappened`: a judgement that a write did NOT happen, read once the SP's measured lag has passed.
async function storedOf(w: ScimWorld, alias: string, accepted: Behaviour[] = [], shows?: (u: Record<string, any> | undefined) => boolean, notHappened = false): Promise<Record<string, any> | undefined> {
  const holder = w.cast.all().find((a) => a.has(ProvisionAsIdp) && engineOf(a).directory.users.has(alias));
  if (!holder) fail(`no IdP in this scenario has a user "${alias}"`);
  if (accepted.length) await holder!.attemptsTo(IdpChangesAccepted('user', alias, accepted));
  const engine = engineOf(holder!);
  const id = engine.spId(alias);
  const reader = readerFor(holder!, client(w), w.ctx);
  const read = id ? StoredUser(id) : StoredUserNamed(engine.directory.user(alias).userName);
  return reader.asks(shows ? Eventually(w.ctx, read, shows) : notHappened ? OnceLagPassed(w.ctx, read, id ? readLagWait : listLagWait) : read);
}

function idpHolding(w: ScimWorld, alias: string) {
  const holder = w.cast.all().find((a) => a.has(ProvisionAsIdp) && (engineOf(a).directory.users.has(alias) || engineOf(a).directory.groups.has(alias)));
  if (!holder) fail(`no IdP in this scenario has "${alias}"`);
  return holder!;
}

const CREATED: Behaviour[] = ['lookupUser', 'createUser'];

Given('the service provider already holds the user {string}', async function (this: ScimWorld, alias: string) {
  await client(this).attemptsTo(ExistingAccount(this.ctx, alias));
});

Then('{string} exists in the service provider', async function (this: ScimWorld, alias: string) {
  if (!(await storedOf(this, alias, CREATED, Boolean))) fail(`the service provider holds no user for "${alias}" (${lastError(this, alias)})`);
});

Then('{string} is active in the service provider', async function (this: ScimWorld, alias: string) {
  const u = await storedOf(this, alias, [...CREATED, 'reactivateUser'], (got) => !!got && (activeStateOf(this.ctx, got.active) === true || !userAttributeJudged(this.ctx, 'active')));
  if (!u) fail(`the service provider holds no user for "${alias}" (${lastError(this, alias)})`);
  // an SP whose /Schemas declares no active keeps none (RFC 7643 §4.1: OPTIONAL): whether a user is active is not judged there
  if (activeStateOf(this.ctx, u!.active) !== true && userAttributeJudged(this.ctx, 'active')) fail(`"${alias}" is not active in the service provider: active is ${JSON.stringify(u!.active)}`);
});

Then('{string} is inactive in the service provider', async function (this: ScimWorld, alias: string) {
  // an SP whose /Schemas declares no active keeps none (RFC 7643 §4.1): read once, since no wait would show it
  const activeKept = userAttributeDeclared(this.ctx, 'active');
  const u = await storedOf(this, alias, [...CREATED, 'deactivateUser'], activeKept ? (got) => activeStateOf(this.ctx, got?.active) === false : undefined);
  if (!u) fail(`the service provider holds no user for "${alias}": it was deleted or never created, not disabled`);
  if (activeStateOf(this.ctx, u!.active) !== false) {
    throw notDeactivated(idpHolding(this, alias), alias, `"${alias}" is not inactive in the service provider: active is ${JSON.stringify(u!.active)}`
      + (activeKept ? '' : ' (its /Schemas declares no active, so a disable that sets active false changes nothing there)'));
  }
});

Then('{string} does not exist in the service provider', async function (this: ScimWorld, alias: string) {
  // a user the IdP deleted is read until its delete shows; one it never provisioned once the SP's measured lag has passed
  const holder = idpHolding(this, alias);
  const id = engineOf(holder).spId(alias);
  const u = await storedOf(this, alias, ['deleteUser'], id && IdpSent.deletesOf(holder, id).length ? (got) => !got : undefined, true);
  if (u) fail(`the service provider still holds "${alias}" (${u.id})`);
});

Then(/^"([^"]*)" in the service provider has the (first name|last name|display name|title|work phone|email) "([^"]*)"$/, async function (this: ScimWorld, alias: string, attribute: string, value: string) {
  if (!userAttributeJudged(this.ctx, attribute)) {
    // a value the SP keeps none of cannot be read back, but the IdP's change must still have been accepted: an SP that
    // fails every update was passed here, and only a later row saw the refusal (sweep seed 1422)
    await idpHolding(this, alias).attemptsTo(IdpChangesAccepted('user', alias, [...CREATED, 'updateUser']));
    return;
  }
  const expected = this.ctx.statedValue(attribute, value); // an email: the run's own address for the literal
  const holds = (stored: Record<string, any> | undefined): boolean => !!stored && sameValue(attribute, readAttribute(stored, attribute), expected);
  const u = await storedOf(this, alias, [...CREATED, 'updateUser'], holds);
  if (!u) fail(`the service provider holds no user for "${alias}"`);
  const got = readAttribute(u!, attribute);
  if (!holds(u)) {
    throw notApplied(idpHolding(this, alias), alias, (sent) => sameValue(attribute, sent, expected),
      `"${alias}" in the service provider has the ${attribute} ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}${expected !== value ? ` (this run's address for ${JSON.stringify(value)})` : ''}`);
  }
});

Then(/^"([^"]*)" in the service provider does not have the (first name|last name|display name|title|work phone|email) "([^"]*)" yet$/, async function (this: ScimWorld, alias: string, attribute: string, value: string) {
  if (!userAttributeJudged(this.ctx, attribute)) return;
  const u = await storedOf(this, alias, [], undefined, true);
  if (u && sameValue(attribute, readAttribute(u, attribute), this.ctx.statedValue(attribute, value))) fail(`"${alias}" already has the ${attribute} ${JSON.stringify(value)} in the service provider: the change arrived before the IdP's next cycle`);
});

/**
 * A phone number may be canonicalised (RFC 7643 §4.1.2); the names, the display name, the title and an email's value
 * are not caseExact (RFC 7643 §4.1.1, §8.7.1), and of such a value "the server MAY alter case" (§7).
 */
function sameValue(attribute: string, got: unknown, expected: string): boolean {
  return attribute === 'work phone' ? samePhoneNumber(got, expected) : sameIgnoringCase(got, expected);
}

function readAttribute(u: Record<string, any>, attribute: string): unknown {
  switch (attribute) {
    case 'first name': return u.name?.givenName;
    case 'last name': return u.name?.familyName;
    case 'display name': return u.displayName;
    case 'work phone': return valuesOfType(u.phoneNumbers, 'work')[0]?.value;
    case 'email': {
      // the work address, as the IdPs map it; an SP that dropped the type still holds it as the primary one
      const emails = Array.isArray(u.emails) ? (u.emails as { type?: string; primary?: unknown; value?: string }[]) : [];
      return (valuesOfType(emails, 'work')[0] ?? emails.find((e) => e.primary === true))?.value;
    }
    default: return u.title;
  }
}

Then('{string} in the service provider has the user name {idp} holds for it', async function (this: ScimWorld, alias: string, name: string) {
  const expected = engineOf(idp(this, name)).directory.user(alias).userName;
  // userName is case insensitive (RFC 7643 §4.1.1): an SP may store it in a case of its own
  const holds = (got: Record<string, any> | undefined): boolean => String(got?.userName).toLowerCase() === expected.toLowerCase();
  const u = await storedOf(this, alias, [...CREATED, 'updateUser'], holds);
  if (!holds(u)) fail(`"${alias}" in the service provider has the userName ${JSON.stringify(u?.userName)}, expected ${JSON.stringify(expected)}`);
});

Then('{string} in the service provider has {idp}\'s object id as its externalId', async function (this: ScimWorld, alias: string, name: string) {
  requireExternalId(this.ctx);
  const u = await storedOf(this, alias, CREATED);
  const expected = engineOf(idp(this, name)).directory.user(alias).objectId;
  if (!externalIdJudged(this.ctx, u?.externalId)) return;
  if (u?.externalId !== expected) fail(`"${alias}" in the service provider has the externalId ${JSON.stringify(u?.externalId)}, expected the objectId ${expected}`);
});

Then('{string} in the service provider has {string} as its manager', async function (this: ScimWorld, alias: string, manager: string) {
  if (!userAttributeJudged(this.ctx, 'manager')) return;
  const m = await storedOf(this, manager, CREATED, Boolean);
  if (!m) fail(`the service provider holds no user for the manager "${manager}"`);
  const holds = (stored: Record<string, any> | undefined): boolean => managerIdOf(stored) === m!.id;
  const u = await storedOf(this, alias, [...CREATED, 'manager'], holds);
  if (holds(u)) return;
  const got = u?.['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']?.manager;
  const message = `"${alias}"'s manager in the service provider is ${JSON.stringify(got)}, expected ${m!.id}`;
  throw u?.id ? await managerNotSet(this.ctx, readerFor(idpHolding(this, alias), client(this), this.ctx), u.id, m!.id, message) : new IdpExpectationFailed(message);
});

Then('{string} keeps the same id in the service provider', async function (this: ScimWorld, alias: string) {
  const holder = idpHolding(this, alias);
  const engine = engineOf(holder);
  await holder.attemptsTo(IdpChangesAccepted('user', alias, [...CREATED, 'updateUser']));
  const id = spIdOf(holder, alias);
  const first = IdpSent.firstCreated(holder, engine.directory.user(alias).objectId.slice(0, 8));
  const byName = await readerFor(holder, client(this), this.ctx).asks(UserFoundByName(this.ctx, engine.directory.user(alias).userName, id));
  if (!byName) fail(`the service provider holds no user named ${engine.directory.user(alias).userName}`);
  if (byName!.id !== id) fail(`"${alias}" now has the id ${byName!.id} in the service provider, not ${id}`);
  if (first?.id && first.id !== id) fail(`"${alias}" was created as ${first.id} but is now ${id}`);
});

/** Before a group is read: the IdP's requests for it and its member were accepted (else: their owners' refusal). */
async function groupChangesAccepted(a: ReturnType<typeof idp>, group: string, member?: string): Promise<void> {
  if (member) await a.attemptsTo(IdpChangesAccepted('user', member, CREATED));
  await a.attemptsTo(IdpChangesAccepted('group', group));
}

Then('{string} is a member of {idp}\'s group {string} in the service provider', async function (this: ScimWorld, alias: string, name: string, group: string) {
  const a = idp(this, name);
  await groupChangesAccepted(a, group, alias);
  const gid = spIdOf(a, group);
  const reader = readerFor(a, client(this), this.ctx);
  if (!(await reader.asks(Eventually(this.ctx, Membership(this.ctx, gid, spIdOf(a, alias)), (is) => is)))) {
    const last = IdpSent.lastGroupChange(a, gid);
    const message = `"${alias}" is not a member of "${group}" in the service provider${last ? `; the last change ${name} sent for the group was ${last.request.method} ${JSON.stringify(last.request.body)}, which must not touch "${alias}"` : ''}`;
    throw (await memberFilterFailure(this.ctx, reader, gid, [spIdOf(a, alias)], message)) ?? memberMissing(this.ctx, a, IdpSent.acceptedMembershipRequest(a, gid, spIdOf(a, alias)), message);
  }
});

Then('{string} is not a member of {idp}\'s group {string} in the service provider', async function (this: ScimWorld, alias: string, name: string, group: string) {
  const a = idp(this, name);
  await groupChangesAccepted(a, group, alias);
  if (await readerFor(a, client(this), this.ctx).asks(Eventually(this.ctx, Membership(this.ctx, spIdOf(a, group), spIdOf(a, alias)), (is) => !is))) fail(`"${alias}" is still a member of "${group}" in the service provider`);
});

Then('{idp}\'s group {string} exists in the service provider', async function (this: ScimWorld, name: string, group: string) {
  const a = idp(this, name);
  await a.attemptsTo(IdpChangesAccepted('group', group, ['createGroup']));
  const g = await readerFor(a, client(this), this.ctx).asks(Eventually(this.ctx, StoredGroup(spIdOf(a, group)), Boolean));
  if (!g) fail(`the service provider holds no group for "${group}"`);
});

Then('{idp}\'s group {string} exists in the service provider under its new name', async function (this: ScimWorld, name: string, group: string) {
  const a = idp(this, name);
  await a.attemptsTo(IdpChangesAccepted('group', group, ['createGroup', 'renameGroup']));
  const expected = engineOf(a).directory.group(group).displayName;
  // a group's displayName is not caseExact (RFC 7643 §8.7.1): an SP may store it in a case of its own
  const g = await readerFor(a, client(this), this.ctx).asks(Eventually(this.ctx, StoredGroup(spIdOf(a, group)), (got) => sameIgnoringCase(got?.displayName, expected)));
  if (!sameIgnoringCase(g?.displayName, expected)) fail(`the group "${group}" is ${JSON.stringify(g?.displayName)} in the service provider, expected ${JSON.stringify(expected)}`);
});

// Read by id (GET by id is mandatory), never with a displayName filter, which an SP need not support.
Then('{idp}\'s group {string} still exists in the service provider', async function (this: ScimWorld, name: string, group: string) {
  const a = idp(this, name);
  await a.attemptsTo(IdpChangesAccepted('group', group, ['createGroup']));
  const id = spIdOf(a, group);
  // read once the SP's measured lag has passed: a stale read would still show a group the SP deleted
  const g = await readerFor(a, client(this), this.ctx).asks(OnceLagPassed(this.ctx, StoredGroup(id), readLagWait));
  if (!g) fail(`the group "${group}" (${id}) is gone from the service provider (GET by id answered 404): ${name} never deletes a group, so the SP did`);
});

// The group's name is run-unique: the SP can hold it only if the IdP created it, so what the IdP created is read by id.
Then('{idp}\'s group {string} does not exist in the service provider', async function (this: ScimWorld, name: string, group: string) {
  const a = idp(this, name);
  const ids = new Set([...IdpSent.createdGroupIdsNamed(a, engineOf(a).directory.group(group).displayName), ...[engineOf(a).spId(group)].filter((x): x is string => Boolean(x))]);
  for (const id of ids) {
    const g = await readerFor(a, client(this), this.ctx).asks(OnceLagPassed(this.ctx, StoredGroup(id), readLagWait));
    if (g) fail(`the service provider holds the group "${group}" (${id}): ${name} created it although it was not to be provisioned`);
  }
});

Then('{idp}\'s group {string} was recreated in the service provider with a new id', async function (this: ScimWorld, name: string, group: string) {
  const a = idp(this, name);
  await a.attemptsTo(IdpChangesAccepted('group', group, ['createGroup']));
  const ids = IdpSent.createdGroupIds(a);
  const current = spIdOf(a, group);
  if (ids.length < 2) fail(`the group "${group}" was not recreated: ids ${JSON.stringify(ids)}, now ${current}`);
  // an SP that derives ids from names (SCIM Gateway's is the displayName) recreates the group under the old one
  if (ids[0] === current) fail(`the group "${group}" was recreated under its old id ${JSON.stringify(current)}: an id is "a stable, non-reassignable identifier" (RFC 7643 §3.1), and the IdP cannot tell the new group from the one deleted`);
  if (!(await readerFor(a, client(this), this.ctx).asks(Eventually(this.ctx, StoredGroup(current), Boolean)))) fail(`the recreated group ${current} is not in the service provider`);
});

Then('the service provider holds exactly the users {string} of {idp}\'s directory', async function (this: ScimWorld, list: string, name: string) {
  const engine = engineOf(idp(this, name));
  const expected = new Set(aliases(list));
  for (const u of engine.directory.users.values()) {
    if (expected.has(u.key)) await idp(this, name).attemptsTo(IdpChangesAccepted('user', u.key, CREATED));
    const id = engine.spId(u.key);
    const reader = readerFor(idp(this, name), client(this), this.ctx);
    const stored = await reader.asks(Eventually(this.ctx, id ? StoredUser(id) : StoredUserNamed(u.userName), (hit) => Boolean(hit) === expected.has(u.key)));
    if (expected.has(u.key) && !stored) fail(`"${u.key}" was assigned but is not in the service provider`);
    if (!expected.has(u.key) && stored) fail(`"${u.key}" was never assigned but is in the service provider`);
  }
});

// ---- what the IdP sent and recorded -------------------------------------------------------------------

function lastError(w: ScimWorld, alias: string): string {
  for (const a of w.cast.all()) {
    if (!a.has(ProvisionAsIdp)) continue;
    const e = engineOf(a).logLines.filter((l) => l.level === 'error').slice(-1)[0];
    if (e) return `${a.name}'s log: ${e.message}`;
  }
  return `no IdP logged an error for "${alias}"`;
}

Then('{idp} sent no DELETE for {string}', function (this: ScimWorld, name: string, alias: string) {
  const a = idp(this, name);
  const id = engineOf(a).spId(alias);
  const deletes = IdpSent.deletesOf(a, id);
  if (deletes.length) fail(`${name} sent ${listed(deletes)}`);
});

Then('{idp} sent a DELETE for {string}', function (this: ScimWorld, name: string, alias: string) {
  const a = idp(this, name);
  if (!IdpSent.userDeletes(a).length) fail(`${name} sent no DELETE for "${alias}"`);
});

Then('{idp} sent no DELETE for its groups', function (this: ScimWorld, name: string) {
  const deletes = IdpSent.groupDeletes(idp(this, name));
  if (deletes.length) fail(`${name} sent ${listed(deletes)}`);
});

Then('{idp} sent nothing to the service provider for {string}', function (this: ScimWorld, name: string, alias: string) {
  const a = idp(this, name);
  const u = engineOf(a).directory.users.get(alias);
  const about = u ? IdpSent.about(a, u.userName) : [];
  if (about.length) fail(`${name} sent ${about.length} request(s) about "${alias}": ${listed(about)}`);
});

Then('{idp} sent no create for {string}', function (this: ScimWorld, name: string, alias: string) {
  const a = idp(this, name);
  const u = engineOf(a).directory.user(alias);
  const creates = IdpSent.userCreates(a, u.userName);
  if (creates.length) fail(`${name} sent ${creates.length} POST /Users for "${alias}" although the service provider already held it`);
});

Then('{idp} has linked {string} to its account in the service provider', async function (this: ScimWorld, name: string, alias: string) {
  const a = idp(this, name);
  await a.attemptsTo(IdpChangesAccepted('user', alias, ['lookupUser']));
  const id = spIdOf(a, alias);
  const stored = await readerFor(a, client(this), this.ctx).asks(UserFoundByName(this.ctx, engineOf(a).directory.user(alias).userName, id));
  if (stored?.id !== id) fail(`${name} linked "${alias}" to ${id}, but the service provider holds it as ${stored?.id}`);
});

Then('{idp} sent its GET requests without a Content-Type', function (this: ScimWorld, name: string) {
  if (!IdpSent.gets(idp(this, name)).length) fail(`${name} sent no GET`);
  const typed = IdpSent.typedGets(idp(this, name));
  if (typed.length) fail(`${name} sent a Content-Type on ${typed.length} GET request(s)`);
});

Then('{idp} sent no PATCH for users', function (this: ScimWorld, name: string) {
  const patches = IdpSent.userPatches(idp(this, name));
  if (patches.length) fail(`${name} sent ${patches.length} PATCH request(s) for users`);
});

Then('{idp} sent no entitlements or roles for {string}', function (this: ScimWorld, name: string, alias: string) {
  const a = idp(this, name);
  for (const b of IdpSent.bodies(a)) {
    if ('entitlements' in b) fail(`${name} sent entitlements for "${alias}"`);
    if (Array.isArray(b.roles) && b.roles.length > 0) fail(`${name} sent roles for "${alias}"`);
  }
});

Then('every lookup {idp} sent kept its query string as its dialect writes it', function (this: ScimWorld, name: string) {
  const engine = engineOf(idp(this, name));
  const lookups = IdpSent.lookups(idp(this, name));
  if (!lookups.length) fail(`${name} sent no lookup`);
  const space = engine.profile.query.space;
  for (const { url, query: q } of lookups) {
    if (q.includes(' ') || !q.includes(`userName${space}eq${space}%22`) && !q.includes(`displayName${space}eq${space}%22`)) fail(`${name}'s lookup ${url} is not in its dialect's encoding (${space})`);
  }
});

Then('the service provider answered every request {idp} sent with a success', function (this: ScimWorld, name: string) {
  const refused = IdpSent.refused(idp(this, name));
  if (refused.length) fail(`the SP refused ${refused.join('; ')}`);
});

Then('{idp}\'s log shows {string}', async function (this: ScimWorld, name: string, text: string) {
  const lines = engineOf(idp(this, name)).logLines;
  if (lines.some((l) => l.message.includes(text))) return;
  const message = `${name}'s log has no line with ${JSON.stringify(text)}:\n${lines.map((l) => `  ${l.level}: ${l.message}`).join('\n')}`;
  throw (await failedForTheRequestItself(idp(this, name), message)) ?? new IdpExpectationFailed(message);
});

Then('{idp}\'s log shows the service provider\'s error for {string}', function (this: ScimWorld, name: string, alias: string) {
  const a = idp(this, name);
  const engine = engineOf(a);
  const refused = IdpSent.lastRefusal(a, false);
  const user = engine.directory.user(alias);
  if (!refused) throw nothingRefused(user, `the service provider refused nothing ${name} sent`);
  const detail = (refused!.response!.body as any)?.detail as string | undefined;
  const line = engine.logLines.find((l) => l.level === 'error' && l.message.includes(user.userName));
  if (!line) fail(`${name}'s log has no error line for ${user.userName}:\n${engine.logLines.map((l) => `  ${l.message}`).join('\n')}`);
  if (detail && !line!.message.includes(detail)) fail(`${name}'s log line does not quote the SP's detail ${JSON.stringify(detail)}: ${line!.message}`);
});

Then('{idp}\'s log shows the service provider\'s error body as the status reason for {string}', function (this: ScimWorld, name: string, alias: string) {
  const engine = engineOf(idp(this, name));
  const refused = IdpSent.lastRefusal(idp(this, name));
  if (!refused) fail(`the service provider refused nothing ${name} sent`);
  const body = JSON.stringify(refused!.response!.body);
  const user = engine.directory.user(alias);
  const line = engine.logLines.find((l) => l.level === 'error' && l.message.includes(user.userName));
  if (!line || !logQuotesBody(line.message, 'Status reason: ', refused!.response!.body)) fail(`${name}'s provisioning log does not give ${body} as the status reason for ${user.userName}:\n${engine.logLines.map((l) => `  ${l.message}`).join('\n')}`);
});

Then('{idp}\'s log shows a success for {string}', async function (this: ScimWorld, name: string, alias: string) {
  const engine = engineOf(idp(this, name));
  const user = engine.directory.user(alias);
  if (engine.logLines.some((l) => l.level === 'info' && l.message.includes(user.userName))) return;
  // no success to log because the SP refused the export: that refusal is the row's that owns the dialect's create
  await idp(this, name).attemptsTo(IdpChangesAccepted('user', alias, ['lookupUser', 'createUser']));
  fail(`${name}'s log has no success line for ${user.userName}`);
});

Then('the SP refused {string} with the body {string}', async function (this: ScimWorld, alias: string, expected: string) {
  const holder = idpHolding(this, alias);
  const engine = engineOf(holder);
  const user = engine.directory.user(alias);
  const refused = IdpSent.refusedCreateOf(holder, user.userName);
  if (!refused) fail(`the SP did not refuse "${alias}"`);
  // the body's shape (schema, status as a string) is the profile's error row's; this row judges its words
  const reply = { status: refused!.response!.status, headers: refused!.response!.headers, body: refused!.response!.body, text: '', exchange: refused! };
  await this.actor('the client').asks(ProfileErrorBody(this.ctx, reply, reply.status, undefined, { wordsReadAfter: true }));
  const got = JSON.parse(JSON.stringify(refused!.response!.body));
  const want = JSON.parse(expected);
  for (const [k, v] of Object.entries(want)) {
    if (JSON.stringify(got[k]) === JSON.stringify(v)) continue;
    const message = `the SP's error body is ${JSON.stringify(got)}, expected ${expected}`;
    throw (await failedForTheRequestItself(holder, message)) ?? new IdpExpectationFailed(message);
  }
});

Then('the service provider\'s event trail shows {string} for {string}', async function (this: ScimWorld, message: string, eventName: string) {
  const admin = this.actor('the SP admin').abilityTo(AdministerReference);
  const t = ownTenant(this.ctx);
  const reply = await admin.events(t.tenant.id, eventName);
  const events = (reply.body?.events ?? []) as { eventName: string; errorMessage?: string; errorCode?: string }[];
  if (!events.some((e) => e.errorMessage?.includes(message))) fail(`no ${eventName} event reads ${JSON.stringify(message)}: ${JSON.stringify(events.slice(0, 3))}`);
});

Then('{idp} shows the pushed group {string} as {string}', async function (this: ScimWorld, name: string, group: string, status: string) {
  const gs = engineOf(idp(this, name)).groups.get(group);
  if (gs?.status === status) return;
  // a push in error is the SP's refusal of one of its requests: that request's row owns it
  await idp(this, name).attemptsTo(IdpChangesAccepted('group', group));
  fail(`${name} shows the pushed group "${group}" as ${JSON.stringify(gs?.status)}, not ${JSON.stringify(status)}`);
});

Then('{idp} lists a task for {string}', function (this: ScimWorld, name: string, alias: string) {
  const tasks = engineOf(idp(this, name)).tasks;
  if (!tasks.some((t) => t.key === alias)) fail(`${name} lists no task for "${alias}" (tasks: ${JSON.stringify(tasks)})`);
});

Then('{idp} lists no task', function (this: ScimWorld, name: string) {
  const tasks = engineOf(idp(this, name)).tasks;
  if (tasks.length) fail(`${name} still lists ${tasks.length} task(s): ${tasks.map((t) => t.message).join('; ')}`);
});

Then('{idp} lists a pending {word} for {string}', function (this: ScimWorld, name: string, action: string, alias: string) {
  const pending = engineOf(idp(this, name)).pending;
  if (!pending.some((p) => p.key === alias && p.action === action)) fail(`${name} lists no pending ${action} for "${alias}" (${JSON.stringify(pending)})`);
});

Then('{idp} is in quarantine', function (this: ScimWorld, name: string) {
  const engine = engineOf(idp(this, name));
  if (engine.quarantined) return;
  const { calls, failed } = engine.lastCycleCalls;
  if (engine.tokenWrongOnPurpose && failed < calls) failAsServedWrongToken(`${name}'s provisioning job is not in quarantine: the SP served ${calls - failed} of the ${calls} calls of its last cycle, sent with a wrong token`);
  fail(`${name}'s provisioning job is not in quarantine`);
});

Then('{idp} is not in quarantine', function (this: ScimWorld, name: string) {
  if (engineOf(idp(this, name)).quarantined) fail(`${name}'s provisioning job is still in quarantine`);
});

Then('{idp}\'s next cycle is due {int} minutes after the last one', function (this: ScimWorld, name: string, minutes: number) {
  const engine = engineOf(idp(this, name));
  const now = engine.clock.now.getTime();
  const due = engine.nextCycleAt?.getTime() ?? 0;
  if (Math.round((due - now) / 60000) !== minutes) fail(`${name}'s next cycle is due in ${Math.round((due - now) / 60000)} minutes, expected ${minutes}`);
});

Then('{idp}\'s next cycle is due in {int} hours', function (this: ScimWorld, name: string, hours: number) {
  const engine = engineOf(idp(this, name));
  const diff = (engine.nextCycleAt?.getTime() ?? 0) - engine.clock.now.getTime();
  if (Math.round(diff / 3_600_000) !== hours) fail(`${name}'s next cycle is due in ${(diff / 3_600_000).toFixed(1)} hours, expected ${hours}`);
});

Then('{idp} waited as the service provider asked before retrying', function (this: ScimWorld, name: string) {
  const engine = engineOf(idp(this, name));
  if (!engine.logLines.some((l) => l.level === 'warning' && /429|rate limit|throttl|retrying/i.test(l.message))) fail(`${name} did not record a throttled request`);
  // on the IdP's clock: the scenario's 429 comes from the harness's throttle proxy, so the IdP waits on its own clock
  const waited = IdpSent.waitAfterFirst429(idp(this, name));
  if (waited === undefined) fail(`${name} sent nothing after the 429`);
  if (waited! < 1000) fail(`${name} retried ${waited} ms after the 429, before the Retry-After of 1 second`);
});

// ---- SAML (seed 001 step 3) ----------------------------------------------------------------------------

Given('the SP admin trusts {idp}\'s signing certificate with attributes for access control enabled', async function (this: ScimWorld, name: string) {
  await idp(this, name).attemptsTo(TrustIdpForAbac(this.ctx, this.actor('the SP admin')));
});

When('{string} signs in through {idp} with the attributes {string}', async function (this: ScimWorld, alias: string, name: string, attrs: string) {
  await idp(this, name).attemptsTo(SignInThroughIdp(this.ctx, alias, attrs, false));
});

When('{string} signs in through {idp} with a tampered assertion carrying {string}', async function (this: ScimWorld, alias: string, name: string, attrs: string) {
  await idp(this, name).attemptsTo(SignInThroughIdp(this.ctx, alias, attrs, true));
});

Then('the service provider reads the session tags {string}', function (this: ScimWorld, attrs: string) {
  const a = this.cast.all().find((x) => x.recalls('saml reply'));
  const reply = a?.recall<{ status: number; body: any }>('saml reply');
  if (!reply || reply.status !== 200) fail(`the assertion consumer answered ${reply?.status}: ${JSON.stringify(reply?.body)}`);
  const expected = Object.fromEntries(attrs.split(',').map((p) => p.split('=').map((s) => s.trim())));
  const got = reply!.body?.sessionTags ?? {};
  for (const [k, v] of Object.entries(expected)) if (got[k] !== v) fail(`the session tag ${k} is ${JSON.stringify(got[k])}, expected ${JSON.stringify(v)} (all: ${JSON.stringify(got)})`);
  if (Object.keys(got).length !== Object.keys(expected).length) fail(`the service provider read the session tags ${JSON.stringify(got)}, expected exactly ${JSON.stringify(expected)}`);
});

Then('the service provider refuses the assertion', function (this: ScimWorld) {
  const a = this.cast.all().find((x) => x.recalls('saml reply'));
  const reply = a?.recall<{ status: number; body: any }>('saml reply');
  if (!reply || reply.status < 400 || reply.status >= 500) fail(`the assertion consumer answered ${reply?.status}, expected a 4xx refusal: ${JSON.stringify(reply?.body)}`);
});
