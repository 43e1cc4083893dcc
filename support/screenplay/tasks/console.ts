// Tasks in the console, in the seeds' words (002: enable, generate, show, delete with DELETE, disable with
// DISABLE; 000/003 step 1: Settings → Enable → copy the SCIM endpoint and the access token → Close), and
// the IdP admin's side of it: pasting what was copied into the mock IdP's form and testing it.
// The tenant made in the console joins the scenario's own tenants (tasks/provisioning.ts), so the token
// steps of the AP section ("the first access token still works") speak of it too.
import { task, type Actor, type Task } from '../actor.js';
import type { ScenarioContext } from '../context.js';
import { BrowseConsole } from '../abilities/browse-console.js';
import { ownTenant, ownTenants, tokenNamed, type OwnTenant, type TokenSlot } from './provisioning.js';
import { PasteAndTest, engineOf } from './idp/index.js';
import { ExpectationFailed } from '../../scim/expectations.js';
import { stripTrailingSlash } from '../../targets/target.js';
import { readTokenRows } from '../questions/console.js';
import '../idp-roles.js'; // the mock IdP roles (Okta, Entra ID, OneLogin) the console's values are pasted into

export const COPIED = 'console: copied values';
export const OUTCOME = 'console: outcome';

/** What the admin copied from the console, as they would paste it. */
export interface Copied { endpoint?: string; token?: string; tokenId?: string }
/** What the console answered to the admin's last action: a notice, or an error it showed. */
export interface Outcome { action: string; refused?: string; notice?: string; where: string }

const consoleOf = (actor: Actor, ctx: ScenarioContext) => BrowseConsole.of(actor, ctx);

function copied(actor: Actor): Copied {
  if (!actor.recalls(COPIED)) actor.remember<Copied>(COPIED, {});
  return actor.recall<Copied>(COPIED);
}

/** The console's date text ("2025-01-02 03:04:05 UTC") as ISO. */
export function consoleDate(text: string): string {
  const m = /(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)? ?(?:UTC|Z)/.exec(text);
  return m ? `${m[1]}T${m[2]}Z` : '';
}

async function remember(actor: Actor, c: BrowseConsole, action: string): Promise<Outcome> {
  const outcome: Outcome = { action, refused: await c.errorMessage(), notice: await c.notice(), where: c.where() };
  actor.remember<Outcome>(OUTCOME, outcome);
  return outcome;
}

export function outcomeOf(actor: Actor): Outcome { return actor.recall<Outcome>(OUTCOME); }

const tenantPath = (t: OwnTenant, page = 'settings') => `/tenants/${encodeURIComponent(t.tenant.id)}/${page}`;

/** Fills in the dates of the scenario's tokens from the console's Access tokens list. */
async function learnDates(c: BrowseConsole, t: OwnTenant): Promise<void> {
  for (const row of await readTokenRows(c)) {
    const slot = t.tokens.find((s) => s.id === row.id);
    if (slot) { slot.createdAt = consoleDate(row.created) || slot.createdAt; slot.expiresAt = consoleDate(row.expires) || slot.expiresAt; }
  }
}

// ---- signing in and the tenant ---------------------------------------------------------------------------

export const SignInToConsole = (ctx: ScenarioContext): Task =>
  task('sign in to the console with the admin token', async (actor) => { await consoleOf(actor, ctx).signIn(); });

export const CreateTenantInConsole = (ctx: ScenarioContext): Task =>
  task('create a tenant with the console\'s "Create tenant"', async (actor) => {
    const c = consoleOf(actor, ctx);
    if (c.where() !== '/console/tenants') await c.goto('/tenants');
    await (await c.find('create-tenant-form', 'form to create a tenant')).locator('select[name=profile]').selectOption(ctx.profile);
    await c.click('create-tenant', 'the "Create tenant" button');
    const id = (await (await c.find('tenant-id', 'tenant id on the new tenant\'s Settings page')).innerText()).trim();
    if (!id) throw new ExpectationFailed(`after "Create tenant" the console shows an empty tenant id (${c.where()})`);
    c.track(id);
    ownTenants(ctx).push({ tenant: { id, profile: ctx.profile, scimEndpoint: '' }, scimBase: '', provisioning: false, tokens: [] });
  });

// ---- Settings → Automatic provisioning -----------------------------------------------------------------

export const ChooseSettings = (ctx: ScenarioContext): Task =>
  task('choose Settings in the left navigation pane', async (actor) => {
    const c = consoleOf(actor, ctx);
    const t = ownTenant(ctx);
    // entering the tenant lands on its Settings; inside it, Settings is in the left navigation pane
    if (!c.where().startsWith(`/console/tenants/${encodeURIComponent(t.tenant.id)}/`)) await c.goto(tenantPath(t, 'settings'));
    else await c.click('nav-settings', 'Settings in the left navigation pane');
  });

/** Settings → Automatic provisioning → Enable: the "Inbound automatic provisioning" dialog appears. */
export const ChooseEnable = (ctx: ScenarioContext): Task =>
  task('choose Enable under Automatic provisioning', async (actor) => {
    const c = consoleOf(actor, ctx);
    const box = await c.find('automatic-provisioning-box', 'Automatic provisioning section');
    await c.click('enable-provisioning', 'the "Enable" button under Automatic provisioning', box);
    await remember(actor, c, 'enable automatic provisioning');
    const page = await c.page();
    const dialog = page.getByTestId('inbound-provisioning-dialog');
    if (await dialog.count() === 0) return; // the questions say what is missing
    const t = ownTenant(ctx);
    const endpoint = await dialog.getByTestId('scim-endpoint').inputValue().catch(() => '');
    const tokenInput = dialog.getByTestId('access-token');
    const token = c.secret(await tokenInput.inputValue().catch(() => ''));
    const id = (await tokenInput.getAttribute('data-token-id').catch(() => null)) ?? '';
    t.provisioning = true;
    t.shownEndpoint = endpoint;
    t.scimBase = stripTrailingSlash(endpoint);
    t.tenant.scimEndpoint = endpoint;
    if (endpoint) c.track(t.tenant.id, endpoint);
    if (token) t.tokens.push({ id, token, createdAt: '', expiresAt: '', ordinal: t.tokens.length + 1 });
  });

/** Presses each Copy button of the open dialog and reads the clipboard, as the admin's paste would. */
export const CopyEndpointAndToken = (ctx: ScenarioContext): Task =>
  task('copy the SCIM endpoint and the access token', async (actor) => {
    const c = consoleOf(actor, ctx);
    const dialog = await c.find('inbound-provisioning-dialog', '"Inbound automatic provisioning" dialog');
    const into = copied(actor);
    for (const [field, label] of [['scim-endpoint', 'SCIM endpoint'], ['access-token', 'Access token']] as const) {
      const button = dialog.locator(`[data-copy="${field}"]`);
      if (await button.count() === 0) throw new ExpectationFailed(`the "Inbound automatic provisioning" dialog has no Copy button for the ${label} (${c.where()})`);
      await button.click();
      const value = (await c.clipboard()).trim();
      if (field === 'scim-endpoint') into.endpoint = value;
      else { into.token = c.secret(value); into.tokenId = (await dialog.getByTestId('access-token').getAttribute('data-token-id')) ?? undefined; }
    }
  });

export const CloseDialog = (ctx: ScenarioContext): Task =>
  task('choose Close', async (actor) => {
    await consoleOf(actor, ctx).click('close-dialog', 'the dialog\'s "Close" button');
  });

/** Settings → next to Provisioning, View details → the Automatic provisioning page. */
export const ViewDetails = (ctx: ScenarioContext): Task =>
  task('choose View details next to Provisioning', async (actor) => {
    const c = consoleOf(actor, ctx);
    await actor.attemptsTo(ChooseSettings(ctx));
    await c.click('view-details', 'the "View details" button next to Provisioning');
    await learnDates(c, ownTenant(ctx));
  });

/**
 * The Automatic provisioning page, for a procedure that starts there (generate or delete a token, disable,
 * note an id): where the admin is already, or opened at its address as a bookmark would. The way there,
 * Settings → View details, is judged where a scenario says so ("chooses View details next to Provisioning").
 */
const OpenDetails = (ctx: ScenarioContext): Task =>
  task('open the Automatic provisioning page', async (actor) => {
    const c = consoleOf(actor, ctx);
    const t = ownTenant(ctx);
    if (c.where() !== `/console${tenantPath(t, 'provisioning')}`) await c.goto(tenantPath(t, 'provisioning'));
    await learnDates(c, t);
  });

// ---- access tokens ----------------------------------------------------------------------------------------

/** Under Access tokens, Generate new token; the dialog's token stays hidden until Show token. */
export const ChooseGenerate = (ctx: ScenarioContext): Task =>
  task('choose Generate new token', async (actor) => {
    const c = consoleOf(actor, ctx);
    await c.click('generate-token', 'the "Generate new token" button under Access tokens');
    await remember(actor, c, 'generate a new access token');
  });

/** In the "Generate new access token" dialog, under Access token, Show token; the admin copies it. */
export const ShowToken = (ctx: ScenarioContext): Task =>
  task('choose Show token', async (actor) => {
    const c = consoleOf(actor, ctx);
    const dialog = await c.find('generate-token-dialog', '"Generate new access token" dialog');
    const details = await c.find('show-token', '"Show token" control', dialog);
    await details.locator('summary').click();
    const input = details.getByTestId('access-token');
    await input.waitFor({ state: 'visible' }).catch(() => undefined);
    const token = c.secret((await input.inputValue().catch(() => '')).trim());
    const id = (await dialog.getByTestId('generated-token-id').innerText().catch(() => '')).trim();
    const t = ownTenant(ctx);
    if (token && !t.tokens.some((s) => s.token === token)) t.tokens.push({ id, token, createdAt: '', expiresAt: '', ordinal: t.tokens.length + 1 });
    Object.assign(copied(actor), { token, tokenId: id });
    await learnDates(c, t);
  });

/** The seeds' whole "How to Generate a New Access Token", ending with the dialog closed (AP-TOKEN-01's behaviour). */
export const GenerateInConsole = (ctx: ScenarioContext): Task =>
  task('generate a new access token in the console', async (actor) => {
    await actor.attemptsTo(OpenDetails(ctx), ChooseGenerate(ctx));
    const o = outcomeOf(actor);
    if (o.refused !== undefined) throw new ExpectationFailed(`"${o.refused}": the console refused to generate an access token (${o.where})`);
    await actor.attemptsTo(ShowToken(ctx), CloseDialog(ctx));
  }, 'AP-TOKEN-01');

export const NOTED = 'console: noted token id';

/** Rotation, step 3: "under Access tokens, make a note of the token ID of the token you want to rotate". */
export const NoteTokenId = (ctx: ScenarioContext): Task =>
  task('note the token ID of the token to rotate', async (actor) => {
    await actor.attemptsTo(OpenDetails(ctx));
    const c = consoleOf(actor, ctx);
    const rows = await readTokenRows(c);
    if (rows.length !== 1) throw new ExpectationFailed(`the Access tokens list (${c.where()}) shows ${rows.length} tokens before the rotation, expected the 1 in use`);
    actor.remember(NOTED, rows[0]!.id);
  });

/** The token the steps name: "noted" is the id the admin noted; "old"/"oldest" is picked by the creation date the console lists (AP-TOKEN-06). */
async function tokenToDelete(actor: Actor, c: BrowseConsole, ctx: ScenarioContext, name: string): Promise<TokenSlot> {
  const t = ownTenant(ctx);
  if (name === 'noted') {
    const id = actor.recall<string>(NOTED);
    const slot = t.tokens.find((s) => s.id === id);
    if (!slot) throw new ExpectationFailed(`the noted token id ${id} is none of the tokens the console showed in this scenario`);
    return slot;
  }
  if (name !== 'old' && name !== 'oldest') return tokenNamed(ctx, name);
  const rows = (await readTokenRows(c)).filter((r) => consoleDate(r.created))
    .sort((a, b) => Date.parse(consoleDate(a.created)) - Date.parse(consoleDate(b.created)));
  const pick = rows[0];
  const slot = t.tokens.find((s) => s.id === pick?.id);
  if (!slot) throw new ExpectationFailed(`the console's Access tokens list names no token this scenario generated as the oldest (rows: ${JSON.stringify(rows.map((r) => r.id))})`);
  return slot;
}

/** "How to Delete an Access Token": next to the token, Delete; type the confirmation; Delete access token. */
export const DeleteTokenInConsole = (ctx: ScenarioContext, name: string, typed: string): Task =>
  task(`delete the ${name} access token in the console, typing "${typed}"`, async (actor) => {
    const c = consoleOf(actor, ctx);
    await actor.attemptsTo(OpenDetails(ctx));
    const slot = await tokenToDelete(actor, c, ctx, name);
    const page = await c.page();
    const row = page.locator(`[data-testid="token-row"][data-token-id=${JSON.stringify(slot.id)}]`);
    if (await row.count() === 0) throw new ExpectationFailed(`the console's Access tokens list has no row for the ${name} access token ${slot.id} (${c.where()})`);
    await c.click('delete-token', `the "Delete" button next to token ${slot.id}`, row);
    const dialog = await c.find('delete-token-dialog', '"Delete access token" dialog');
    await c.fill('confirm-input', typed, 'confirmation field ("To confirm, type DELETE")', dialog);
    await c.click('confirm-delete-token', 'the "Delete access token" button', dialog);
    const o = await remember(actor, c, `delete the ${name} access token`);
    // not refused is deleted; the confirmation's wording is a should-level detail (expectNotice)
    if (o.refused === undefined) {
      slot.deletedAt = performance.now();
      ownTenant(ctx).lastDeleted = slot;
    }
  });

// ---- disabling -------------------------------------------------------------------------------------------

/** "How to Disable Automatic Provisioning": View details → Disable automatic provisioning → type → confirm. */
export const DisableInConsole = (ctx: ScenarioContext, typed: string): Task =>
  task(`disable automatic provisioning in the console, typing "${typed}"`, async (actor) => {
    const c = consoleOf(actor, ctx);
    await actor.attemptsTo(OpenDetails(ctx));
    await c.click('disable-provisioning', 'the "Disable automatic provisioning" button');
    const dialog = await c.find('disable-provisioning-dialog', '"Disable automatic provisioning" dialog');
    await c.fill('confirm-input', typed, 'confirmation field ("To confirm, type DISABLE")', dialog);
    await c.click('confirm-disable-provisioning', 'the "Disable automatic provisioning" button of the dialog', dialog);
    const o = await remember(actor, c, 'disable automatic provisioning');
    if (o.refused === undefined) ownTenant(ctx).provisioning = false;
  });

/** The tenant's Users, Groups or Events page, from the left navigation pane. */
export const ChoosePage = (ctx: ScenarioContext, name: 'Users' | 'Groups' | 'Events' | 'Settings'): Task =>
  task(`choose ${name} in the left navigation pane`, async (actor) => {
    const c = consoleOf(actor, ctx);
    const t = ownTenant(ctx);
    if (!c.where().startsWith(`/console/tenants/${encodeURIComponent(t.tenant.id)}`)) await c.goto(tenantPath(t));
    await c.click(`nav-${name.toLowerCase()}`, `${name} in the left navigation pane`);
    // the page the pane leads to, loaded: its list is what the next step reads
    const page = await c.page();
    await page.waitForURL((u) => u.pathname.endsWith(`/${name.toLowerCase()}`), { waitUntil: 'domcontentloaded', timeout: 5_000 })
      .catch(() => { throw new ExpectationFailed(`choosing ${name} in the left navigation pane did not open the ${name} page (the console shows ${c.where()})`); });
  });

// ---- the IdP admin's side ------------------------------------------------------------------------------

/**
 * The IdP admin pastes what the SP admin copied: the SCIM endpoint (without its trailing slash when the
 * seeds say to remove it) and the access token; then tests the connection and turns provisioning on.
 */
export const PasteCopiedValues = (ctx: ScenarioContext, from: Actor, removeSlash: boolean): Task =>
  task(`paste the copied SCIM endpoint${removeSlash ? ' without its trailing slash' : ''} and access token, and test the connection`, async (actor) => {
    const values = copied(from);
    if (!values.endpoint || !values.token) throw new Error(`${from.name} has not copied a SCIM endpoint and an access token from the console in this scenario`);
    const base = removeSlash ? stripTrailingSlash(values.endpoint) : values.endpoint;
    await pasteAndConnect(actor, base, values.token);
  });

/** The IdP admin's form: paste, test, and on success turn provisioning on with approvals off. */
async function pasteAndConnect(actor: Actor, base: string, token: string): Promise<void> {
  await actor.attemptsTo(PasteAndTest(base, token));
  if (actor.recall<boolean>('connection ok')) {
    const engine = engineOf(actor);
    engine.approval.create = engine.approval.update = engine.approval.delete = false;
    await engine.setProvisioning(true);
  }
}

/** Setup: the IdP connected to the scenario's tenant with one of its tokens as the admin API issued it. */
export const ConnectWithIssuedToken = (ctx: ScenarioContext, name: string): Task =>
  task(`connect to the tenant with the ${name} access token`, async (actor) => {
    await pasteAndConnect(actor, ownTenant(ctx).scimBase, tokenNamed(ctx, name).token);
    if (!actor.recall<boolean>('connection ok')) throw new ExpectationFailed(`${actor.name}'s connection test with the tenant's ${name} access token failed`);
  });

/** Rotation, the IdP's part: store the token the SP admin copied last, keep the base URL, test. */
export const SwitchToCopiedToken = (ctx: ScenarioContext, from: Actor): Task =>
  task('switch to the copied access token and test the connection', async (actor) => {
    const token = copied(from).token;
    const engine = engineOf(actor);
    if (!token) throw new Error(`${from.name} has not copied an access token from the console in this scenario`);
    if (!engine.baseUrl) throw new Error(`${actor.name} is not connected to the service provider yet`);
    await actor.attemptsTo(PasteAndTest(engine.baseUrl, token));
    void ctx;
  });
