// Questions about what the console shows: its dialogs, the Access tokens list, the provisioning status,
// the Users, Groups and Events pages, and what it answered to the admin's last action. The expect…
// functions throw ExpectationFailed with a sentence that reads like a bug report, naming the page.
import { question, type Actor, type Question } from '../actor.js';
import type { ScenarioContext } from '../context.js';
import { BrowseConsole } from '../abilities/browse-console.js';
import { ExpectationFailed, pathOf } from '../../scim/expectations.js';
import type { Exchange } from '../../scim/exchange.js';
import { CallScim } from '../abilities/call-scim.js';
import { brief, ownTenant, probeCall, said } from '../tasks/provisioning.js';
import { outcomeOf, consoleDate, COPIED, type Copied } from '../tasks/console.js';
import { engineOf } from '../tasks/idp/index.js';

const fail = (message: string): never => { throw new ExpectationFailed(brief(message)); };
const consoleOf = (actor: Actor, ctx: ScenarioContext) => BrowseConsole.of(actor, ctx);

export interface TokenRow { id: string; created: string; expires: string; text: string }

/** The rows of the Access tokens list on the page the console shows now. */
export async function readTokenRows(c: BrowseConsole): Promise<TokenRow[]> {
  const page = await c.page();
  return page.getByTestId('token-row').evaluateAll((rows) => rows.map((r) => {
    const cells = Array.from(r.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim());
    return { id: r.getAttribute('data-token-id') ?? cells[0] ?? '', created: cells[1] ?? '', expires: cells[2] ?? '', text: (r.textContent ?? '').replace(/\s+/g, ' ').trim() };
  }));
}

async function tableRows(c: BrowseConsole, rowTestId: string): Promise<string[][]> {
  const page = await c.page();
  return page.getByTestId(rowTestId).evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())));
}

// ---- the "Inbound automatic provisioning" dialog -----------------------------------------------------

export interface InboundDialog { title: string; endpointLabel: string; tokenLabel: string; endpoint: string; token: string }

export const TheInboundDialog = (ctx: ScenarioContext): Question<InboundDialog> =>
  question('the "Inbound automatic provisioning" dialog', async (actor) => {
    const c = consoleOf(actor, ctx);
    const o = outcomeOf(actor);
    const page = await c.page();
    const dialog = page.getByTestId('inbound-provisioning-dialog');
    if (await dialog.count() === 0) {
      fail(`choosing Enable under Automatic provisioning showed no "Inbound automatic provisioning" dialog (${o.where})`
        + (o.refused !== undefined ? `; the console said "${o.refused}"` : ''));
    }
    const labelOf = async (id: string) => (await dialog.locator(`label[for="${id}"]`).innerText().catch(() => '')).trim();
    return {
      title: (await dialog.locator('h2').first().innerText()).trim(),
      endpointLabel: await labelOf('scim-endpoint'), tokenLabel: await labelOf('access-token'),
      endpoint: await dialog.getByTestId('scim-endpoint').inputValue().catch(() => ''),
      token: await dialog.getByTestId('access-token').inputValue().catch(() => ''),
    };
  });

/**
 * AP-ENABLE-01: the dialog shows a SCIM endpoint URL and an access token. Its exact title and labels (the
 * seeds' wording) and the endpoint naming its tenant (AWS-TENANT-01's) go beyond the clause: should.
 */
export async function expectInboundDialog(actor: Actor, ctx: ScenarioContext, title: string): Promise<InboundDialog> {
  const d = await actor.asks(TheInboundDialog(ctx));
  const where = consoleOf(actor, ctx).where();
  let url: URL | undefined;
  try { url = new URL(d.endpoint); } catch { /* below */ }
  if (!url || !/^https?:$/.test(url.protocol)) fail(`the dialog's SCIM endpoint "${d.endpoint}" is not an http(s) URL (${where})`);
  if (d.token.length < 20) fail(`the dialog's access token is ${d.token.length} characters long: that is no usable bearer token (${where})`);
  if (d.title !== title) ctx.should(`the dialog after Enable is titled "${d.title}", the seeds call it "${title}"`);
  if (d.endpointLabel !== 'SCIM endpoint') ctx.should(`the dialog labels the endpoint "${d.endpointLabel}", the seeds say "SCIM endpoint"`);
  if (d.tokenLabel !== 'Access token') ctx.should(`the dialog labels the token "${d.tokenLabel}", the seeds say "Access token"`);
  const t = ownTenant(ctx);
  if (!d.endpoint.includes(t.tenant.id)) ctx.should(`the dialog's SCIM endpoint "${d.endpoint}" does not name the tenant ${t.tenant.id} (AWS puts it in the path)`);
  return d;
}

export async function expectShownEndpointEndsWith(actor: Actor, ctx: ScenarioContext, suffix: string): Promise<void> {
  const d = await actor.asks(TheInboundDialog(ctx));
  if (!d.endpoint.endsWith(suffix)) fail(`the dialog's SCIM endpoint "${d.endpoint}" does not end in "${suffix}" as the AWS console's does (the seeds tell the IdP admin to remove it)`);
}

export function expectCopiedMatchesShown(actor: Actor, ctx: ScenarioContext): void {
  const values = actor.recall<Copied>(COPIED);
  const t = ownTenant(ctx);
  if (values.endpoint !== t.shownEndpoint) fail(`the Copy button next to the SCIM endpoint put "${values.endpoint}" on the clipboard, but the dialog shows "${t.shownEndpoint}"`);
  const shown = t.tokens[0]?.token;
  if (values.token !== shown) fail('the Copy button next to the access token put something else on the clipboard than the token the dialog shows');
}

// ---- the Automatic provisioning page -----------------------------------------------------------------------

export const TokenRows = (ctx: ScenarioContext): Question<TokenRow[]> =>
  question('the Access tokens list', async (actor) => readTokenRows(consoleOf(actor, ctx)));

/** AP-TOKEN-01/06: id, creation date and expiry on every row; never a secret; the count the steps expect. */
export async function expectTokenList(actor: Actor, ctx: ScenarioContext, count: number): Promise<TokenRow[]> {
  const c = consoleOf(actor, ctx);
  const rows = await actor.asks(TokenRows(ctx));
  const where = c.where();
  if (rows.length !== count) fail(`the Access tokens list (${where}) shows ${rows.length} token(s) [${rows.map((r) => r.id).join(', ')}], expected ${count}`);
  const t = ownTenant(ctx);
  for (const r of rows) {
    if (!r.id) fail(`a row of the Access tokens list (${where}) shows no token id: "${r.text}"`);
    if (!consoleDate(r.created)) fail(`the Access tokens list (${where}) shows token ${r.id} without a creation date: "${r.text}"`);
    if (!consoleDate(r.expires)) fail(`the Access tokens list (${where}) shows token ${r.id} without an expiry: "${r.text}"`);
    if (!t.tokens.some((s) => s.id === r.id)) fail(`the Access tokens list (${where}) shows token ${r.id}, which this scenario never generated`);
  }
  await expectNoSecretOnPage(c, ctx, 'the Access tokens list');
  return rows;
}

/** The page's HTML (not just its text) holds none of the scenario's token secrets. */
export async function expectNoSecretOnPage(c: BrowseConsole, ctx: ScenarioContext, what: string): Promise<void> {
  const html = await (await c.page()).content();
  for (const s of ownTenant(ctx).tokens) {
    if (s.token && html.includes(s.token)) fail(`${what} (${c.where()}) reveals the secret of access token ${s.id} after its generation; a token's secret is shown only once, when it is generated`);
  }
}

export async function expectTokensByCreation(actor: Actor, ctx: ScenarioContext): Promise<void> {
  const rows = await actor.asks(TokenRows(ctx));
  const t = ownTenant(ctx);
  for (let i = 0; i < rows.length; i++) for (let j = i + 1; j < rows.length; j++) {
    if (rows[i]!.created === rows[j]!.created) {
      fail(`the Access tokens list shows tokens ${rows[i]!.id} and ${rows[j]!.id} with the same creation date "${rows[i]!.created}": the date cannot tell which token to remove`);
    }
  }
  const byDate = [...rows].sort((a, b) => Date.parse(consoleDate(a.created)) - Date.parse(consoleDate(b.created)));
  const order = t.tokens.filter((s) => s.deletedAt === undefined).map((s) => s.id);
  if (byDate.map((r) => r.id).join() !== order.join()) {
    fail(`ordering the Access tokens list by its creation dates gives [${byDate.map((r) => `${r.id} created ${r.created}`).join('; ')}], but the tokens were generated in the order [${order.join(', ')}]: the creation date cannot tell which token to remove`);
  }
}

/** The "Generate new access token" dialog hides the token until Show token. */
export async function expectTokenHiddenUntilShown(actor: Actor, ctx: ScenarioContext): Promise<void> {
  const c = consoleOf(actor, ctx);
  const o = outcomeOf(actor);
  if (o.refused !== undefined) fail(`Generate new token was refused: "${o.refused}" (${o.where})`);
  const dialog = await c.find('generate-token-dialog', '"Generate new access token" dialog');
  const title = (await dialog.locator('h2').first().innerText()).trim();
  if (title !== 'Generate new access token') ctx.should(`the dialog after Generate new token is titled "${title}", the seeds call it "Generate new access token"`);
  const details = await c.find('show-token', '"Show token" control', dialog);
  const summary = (await details.locator('summary').innerText().catch(() => '')).trim();
  if (summary !== 'Show token') fail(`the control that reveals the new token reads "${summary}", expected "Show token" (${c.where()})`);
  if (await details.getByTestId('access-token').isVisible()) fail(`the "Generate new access token" dialog shows the token before Show token was chosen (${c.where()})`);
}

export async function expectTokenShown(actor: Actor, ctx: ScenarioContext): Promise<void> {
  const c = consoleOf(actor, ctx);
  const input = (await c.find('generate-token-dialog', '"Generate new access token" dialog')).getByTestId('access-token');
  if (!await input.isVisible()) fail(`after Show token, the "Generate new access token" dialog still hides the token (${c.where()})`);
  const value = await input.inputValue();
  if (value.length < 20) fail(`after Show token, the dialog shows "${value.length} characters", no usable bearer token (${c.where()})`);
}

// ---- what the console answered ------------------------------------------------------------------------------

/**
 * The console refused the admin's last action (the row's must). That its message says why (matches
 * `pattern`) is the seeds' wording, beyond the clause: should.
 */
export function expectRefused(actor: Actor, ctx: ScenarioContext, pattern: RegExp, what: string): string {
  const o = outcomeOf(actor);
  if (o.refused === undefined) {
    fail(`${o.notice !== undefined ? `"${o.notice}"` : 'no error message'}: the console did not refuse to ${o.action} ${what} (${o.where})`);
  }
  if (!pattern.test(o.refused!)) ctx.should(`the console refused to ${o.action} with "${o.refused}", which does not say why (${pattern})`);
  return o.refused!;
}

/** The action was not refused (must); the confirmation's exact wording is the reference's [unv]: should. */
export function expectNotice(actor: Actor, ctx: ScenarioContext, text: string): void {
  const o = outcomeOf(actor);
  if (o.refused !== undefined) fail(`"${o.refused}": the console refused to ${o.action} (${o.where})`);
  if (o.notice !== text) ctx.should(`after the admin chose to ${o.action}, the console shows ${o.notice === undefined ? 'no confirmation' : `"${o.notice}"`}, the reference says "${text}"`);
}

export const ProvisioningStatus = (ctx: ScenarioContext): Question<string> =>
  question('the provisioning status on the Settings page', async (actor) => {
    const c = consoleOf(actor, ctx);
    const t = ownTenant(ctx);
    await c.goto(`/tenants/${encodeURIComponent(t.tenant.id)}/settings`);
    return (await (await c.find('provisioning-status', 'automatic provisioning status')).innerText()).trim();
  });

export async function expectStatus(actor: Actor, ctx: ScenarioContext, expected: string): Promise<void> {
  const status = await actor.asks(ProvisioningStatus(ctx));
  if (status !== expected) fail(`the Settings page (${consoleOf(actor, ctx).where()}) shows automatic provisioning as "${status}", expected "${expected}"`);
}

// ---- Users, Groups, Events ----------------------------------------------------------------------------------

export interface UserRow { userName: string; displayName: string; active: string; emails: string; externalId: string }
export interface GroupRow { displayName: string; externalId: string; members: number }
export interface EventRow { time: string; name: string; request: string; userAgent: string; errorCode: string }

export const UserRows = (ctx: ScenarioContext): Question<UserRow[]> =>
  question('the Users page', async (actor) => (await tableRows(consoleOf(actor, ctx), 'user-row'))
    .map(([userName = '', displayName = '', active = '', emails = '', externalId = '']) => ({ userName, displayName, active, emails, externalId })));

export const GroupRows = (ctx: ScenarioContext): Question<GroupRow[]> =>
  question('the Groups page', async (actor) => (await tableRows(consoleOf(actor, ctx), 'group-row'))
    .map(([displayName = '', externalId = '', members = '']) => ({ displayName, externalId, members: Number(members) })));

export const EventRows = (ctx: ScenarioContext): Question<EventRow[]> =>
  question('the Events page', async (actor) => (await tableRows(consoleOf(actor, ctx), 'event-row'))
    .map(([time = '', name = '', request = '', userAgent = '', errorCode = '']) => ({ time, name, request, userAgent, errorCode })));

/** What the IdP holds of a user, as the console should show it after a sync. */
export function idpUser(idp: Actor, alias: string): { userName: string; displayName: string; active: boolean; externalId?: string } {
  const u = engineOf(idp).directory.user(alias) as unknown as Record<string, unknown>;
  return { userName: String(u.userName ?? ''), displayName: String(u.displayName ?? ''), active: u.active !== false, externalId: u.objectId as string | undefined };
}

export function idpGroup(idp: Actor, alias: string): { displayName: string; members: number } {
  const g = engineOf(idp).directory.group(alias);
  return { displayName: g.displayName, members: g.members.size };
}

// ---- the copied values at work, and what the IdP sent ---------------------------------------------------------

/** The IdP's answer to its own connection test, remembered by PasteAndTest. */
export function expectConnectionTest(idp: Actor, ok: boolean): string {
  const message = idp.recalls('console') ? idp.recall<string>('console') : '';
  const passed = idp.recalls('connection ok') && idp.recall<boolean>('connection ok');
  if (passed !== ok) fail(`${idp.name}'s connection test with the values copied from the console ${passed ? 'succeeded' : 'failed'}: "${message}"`);
  return message;
}

export async function expectCopiedValuesWork(client: Actor, from: Actor): Promise<void> {
  const values = from.recall<Copied>(COPIED);
  if (!values.endpoint || !values.token) fail(`${from.name} copied no SCIM endpoint and access token from the console`);
  const base = values.endpoint!.replace(/\/+$/, '');
  const scim = client.abilityTo(CallScim);
  scim.use({ base, token: values.token });
  const reply = await scim.send(probeCall(base, values.token!));
  if (reply.status !== 200) fail(`${said(reply)} to GET ${pathOf(reply)} with the access token copied from the console, expected 200`);
}

function idpExchanges(ctx: ScenarioContext, idp: Actor): Exchange[] {
  return ctx.transcript.filter((e) => !e.cleanup && (e.actor === idp.name || e.actor.startsWith(`${idp.name} (`)));
}

/** AP-TOKEN-04: through the rotation, no request the IdP sent was refused. */
export function expectNoFailedRequests(ctx: ScenarioContext, idp: Actor): number {
  const sent = idpExchanges(ctx, idp);
  const failed = sent.filter((e) => e.failure || !e.response || e.response.status >= 400);
  if (failed.length > 0) {
    const f = failed[0]!;
    fail(`${failed.length} of the ${sent.length} requests ${idp.name} sent failed, first ${f.request.method} ${f.request.url} → ${f.failure ?? f.response?.status}`);
  }
  if (sent.length === 0) fail(`${idp.name} sent no request at all in this scenario`);
  return sent.length;
}

export async function expectUsersListed(actor: Actor, ctx: ScenarioContext, idp: Actor, aliases: string[]): Promise<void> {
  const c = consoleOf(actor, ctx);
  const rows = await actor.asks(UserRows(ctx));
  for (const alias of aliases) {
    const u = idpUser(idp, alias);
    const row = rows.find((r) => r.userName === u.userName);
    if (!row) fail(`the Users page (${c.where()}) does not list "${alias}" (${u.userName}), which ${idp.name} provisioned; it lists [${rows.map((r) => r.userName).join(', ')}]`);
    if (row!.displayName !== u.displayName) fail(`the Users page (${c.where()}) shows "${alias}" with the display name "${row!.displayName}", but ${idp.name} sent "${u.displayName}"`);
    const active = u.active ? 'Yes' : 'No';
    if (row!.active !== active) fail(`the Users page (${c.where()}) shows "${alias}" as active "${row!.active}", but ${idp.name} sent active ${u.active}`);
  }
}

export async function expectUserNotListed(actor: Actor, ctx: ScenarioContext, alias: string): Promise<void> {
  const c = consoleOf(actor, ctx);
  const rows = await actor.asks(UserRows(ctx));
  const p = ctx.person(alias);
  if (rows.some((r) => r.userName === p.userName)) fail(`the Users page (${c.where()}) lists "${alias}" (${p.userName}), who was never assigned to the app in the IdP`);
}

export async function expectGroupListed(actor: Actor, ctx: ScenarioContext, alias: string, members: number): Promise<void> {
  const c = consoleOf(actor, ctx);
  const rows = await actor.asks(GroupRows(ctx));
  const name = ctx.groupName(alias);
  const row = rows.find((r) => r.displayName === name);
  if (!row) fail(`the Groups page (${c.where()}) does not list the group "${alias}" (${name}); it lists [${rows.map((r) => r.displayName).join(', ')}]`);
  if (row!.members !== members) fail(`the Groups page (${c.where()}) shows the group "${alias}" with ${row!.members} member(s), expected ${members}`);
}

/** AWS-EVENT-01 as the console shows it: one event per request the IdP sent, with the IdP's user agent. */
export async function expectEventsFor(actor: Actor, ctx: ScenarioContext, idp: Actor, eventName: string, request: string): Promise<void> {
  const c = consoleOf(actor, ctx);
  const [method, path] = request.split(' ');
  const sent = idpExchanges(ctx, idp).filter((e) => e.request.method === method && new URL(e.request.url, 'http://x').pathname.endsWith(path!));
  if (sent.length === 0) fail(`${idp.name} sent no ${request} request in this scenario, so there is no ${eventName} event to look for`);
  const rows = (await actor.asks(EventRows(ctx))).filter((r) => r.name === eventName);
  if (rows.length < sent.length) fail(`the Events page (${c.where()}) lists ${rows.length} ${eventName} event(s), but ${idp.name} sent ${sent.length} ${request} request(s)`);
  for (const r of rows) if (!consoleDate(r.time)) fail(`the Events page (${c.where()}) lists a ${eventName} event without an event time`);
  const agents = new Set(sent.map((e) => headerOf(e.request.headers, 'user-agent')).filter((v): v is string => !!v));
  for (const agent of agents) {
    if (!rows.some((r) => r.userAgent === agent)) fail(`the Events page (${c.where()}) lists no ${eventName} event with the user agent "${agent}" that ${idp.name} sent; it shows [${[...new Set(rows.map((r) => r.userAgent))].join(', ')}]`);
  }
}

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}
