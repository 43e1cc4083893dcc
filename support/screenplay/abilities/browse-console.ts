// The ability to use the reference server's web console in a real browser (Chromium driven by
// playwright-core): sign in with the admin token, click through the pages the seeds describe, read what
// they show. One browser per process; this ability borrows the process's console tab for its scenario and
// gives it back when the scenario ends (the admin stays signed in). The tenants it creates go into the
// scenario's live set and the run's ledger, as the admin API's do, and the After hook's sweep removes them.
import type { Locator, Page } from 'playwright-core';
import { Unsupported, type Ability, type Actor } from '../actor.js';
import type { ScenarioContext } from '../context.js';
import { ExpectationFailed } from '../../scim/expectations.js';
import { borrowTab, browserGuard, returnTab } from '../../browser/chromium.js';
import { registerGuard } from '../cast.js';
import { tenantAdded } from '../../cli/ledger.js';
import { stripTrailingSlash } from '../../targets/target.js';

registerGuard('browser', () => browserGuard());

/** How long one click or one look may wait for the console: a server-rendered page answers in ms. */
const STEP_MS = 5_000;
/** Inputs whose values are secrets: masked in screenshots. */
const SECRET_FIELDS = '[data-testid="access-token"], #admin-token';

const open = new WeakMap<ScenarioContext, BrowseConsole[]>();

/** The console's address from the admin API's: `<origin>/admin` → `<origin>/console`. */
export function consoleBase(adminBase: string): string {
  const url = new URL(adminBase);
  url.pathname = url.pathname.replace(/\/admin\/?$/, '') + '/console';
  url.search = ''; url.hash = '';
  return url.toString().replace(/\/$/, '');
}

export class BrowseConsole implements Ability {
  readonly base: string;
  readonly origin: string;
  private readonly adminBase: string;
  private tab?: Awaited<ReturnType<typeof borrowTab>>;
  private current?: Page;
  private readonly tenants: string[] = [];
  /** Signed in by the session cookie the tab kept, not yet seen to work. */
  private sessionAssumed = false;

  constructor(private readonly ctx: ScenarioContext, readonly actorName: string) {
    const adminBase = ctx.target.adminBase;
    if (!adminBase || !ctx.secrets.adminToken) {
      throw new Unsupported('the console needs the reference server (its admin token signs in): give --admin-url and --admin-token');
    }
    this.adminBase = stripTrailingSlash(adminBase);
    this.base = consoleBase(adminBase);
    this.origin = new URL(this.base).origin;
    const list = open.get(ctx) ?? [];
    list.push(this);
    open.set(ctx, list);
  }

  /** The actor's console ability, given on first use (the SP admin's role needs no change for it). */
  static of(actor: Actor, ctx: ScenarioContext): BrowseConsole {
    if (!actor.has(BrowseConsole)) actor.whoCan(new BrowseConsole(ctx, actor.name));
    return actor.abilityTo(BrowseConsole);
  }

  /** The scenario's page: the process's console tab, borrowed until the scenario ends. */
  async page(): Promise<Page> {
    if (this.current && !this.current.isClosed()) return this.current;
    if (this.tab) await returnTab(this.tab, true); // the page went away: start over in a new one
    this.tab = await borrowTab();
    this.current = this.tab.page;
    this.current.setDefaultTimeout(STEP_MS);
    this.current.setDefaultNavigationTimeout(Math.max(STEP_MS, this.ctx.run.timeoutMs));
    return this.current;
  }

  /** Where the browser is, as a path below the console's origin (for messages). */
  where(): string {
    if (!this.current) return '(no page open)';
    const u = new URL(this.current.url());
    return `${u.pathname}${u.search}`;
  }

  async goto(path: string): Promise<void> {
    const page = await this.page();
    const url = path.startsWith('http') ? path : `${this.base}${path.startsWith('/') ? path : `/${path}`}`;
    const response = await page.goto(url, { waitUntil: 'domcontentloaded' });
    if (!response) throw new ExpectationFailed(`the console did not answer ${this.where()}`);
    if (this.sessionAssumed && await page.getByTestId('login-form').count() > 0) {
      // the session the tab kept has ended (a restarted server): sign in as the admin would, and go on
      this.sessionAssumed = false;
      await this.signInWithForm();
      await this.goto(path);
    }
  }

  /**
   * Signed in to the console: a tab that signed in for an earlier scenario still holds its session cookie,
   * so the admin is signed in already and no page is loaded for it (`goto` signs in again should the session
   * have ended); otherwise through the sign-in form.
   */
  async signIn(): Promise<void> {
    const page = await this.page();
    if ((await page.context().cookies(`${this.base}/`)).length > 0) { this.sessionAssumed = true; return; }
    await this.signInWithForm();
  }

  private async signInWithForm(): Promise<void> {
    await this.goto('/');
    const page = await this.page();
    if (await page.getByTestId('login-form').count() === 0) return; // already signed in
    try {
      // set in the page, not with fill(): playwright's debug log (DEBUG=pw:api) prints what fill() types
      const field = page.locator('#admin-token');
      await field.waitFor({ state: 'visible' });
      await field.evaluate((el, value) => {
        (el as HTMLInputElement).value = value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, this.ctx.secrets.adminToken ?? '');
    } catch {
      // playwright's own message would quote the value typed: the admin token
      throw new ExpectationFailed(`the console's sign-in page ${this.where()} has no usable "Admin token" field (#admin-token)`);
    }
    await this.click('login-submit', 'the "Sign in" button');
    const refused = await this.errorMessage();
    if (refused !== undefined) throw new ExpectationFailed(`signing in to the console with the run's admin token was refused: "${refused}" (${this.where()})`);
  }

  /** A control by its data-testid, waiting for it to be visible; a missing one reads like a bug report. */
  async find(testId: string, what: string, within?: Locator): Promise<Locator> {
    const page = await this.page();
    const locator = (within ?? page).getByTestId(testId).first();
    try {
      await locator.waitFor({ state: 'attached' });
    } catch {
      throw await this.missing(testId, what);
    }
    return locator;
  }

  /** What to say when a control is not there: the page, its title, and any error it shows. */
  private async missing(testId: string, what: string): Promise<ExpectationFailed> {
    const page = await this.page();
    const error = await this.errorMessage();
    return new ExpectationFailed(`the console's page ${this.where()} ("${await page.title()}") shows no ${what} (data-testid="${testId}")`
      + (error !== undefined ? `; it shows the error "${error}"` : ''));
  }

  /**
   * Clicks a control. Playwright waits for a navigation the click starts (a link, a form's submit) only until the
   * new page commits; what is read next must be parsed, so the click also waits for the page's DOMContentLoaded
   * (at once when nothing navigated). Read too early, a loaded-but-unparsed Users page listed no user at all.
   */
  async click(testId: string, what: string, within?: Locator): Promise<void> {
    const page = await this.page();
    try {
      await (within ?? page).getByTestId(testId).first().click();
    } catch (e) {
      if ((e as Error).name === 'TimeoutError') throw await this.missing(testId, what);
      throw e;
    }
    await page.waitForLoadState('domcontentloaded');
  }

  async fill(testId: string, value: string, what: string, within?: Locator): Promise<void> {
    const page = await this.page();
    try {
      await (within ?? page).getByTestId(testId).first().fill(value);
    } catch (e) {
      if ((e as Error).name === 'TimeoutError') throw await this.missing(testId, what);
      throw e;
    }
  }

  /** The text of the page's error alert, if one is shown. */
  async errorMessage(): Promise<string | undefined> {
    const page = await this.page();
    const alert = page.getByTestId('error-message');
    if (await alert.count() === 0) return undefined;
    return (await alert.first().innerText()).trim();
  }

  async notice(): Promise<string | undefined> {
    const page = await this.page();
    const n = page.getByTestId('notice');
    if (await n.count() === 0) return undefined;
    return (await n.first().innerText()).trim();
  }

  /** Reads what the clipboard holds, as the admin's paste would (the Copy buttons write it). */
  async clipboard(): Promise<string> {
    const page = await this.page();
    return page.evaluate(() => navigator.clipboard.readText());
  }

  /** Keeps a secret the console showed out of every transcript and report. */
  secret(value: string): string { this.ctx.redactor.add(value); return value; }

  /**
   * A tenant the console created for this scenario: removed with the scenario, and in the run's ledger from
   * now on (the run's last sweep deletes it should this scenario not). Its SCIM endpoint, once the console
   * shows it, lets the ledger know that what the IdPs made there goes with the tenant.
   */
  track(tenantId: string, scimEndpoint?: string): void {
    const ours = this.tenants.includes(tenantId);
    if (!ours && scimEndpoint !== undefined) return; // a tenant the admin API made: its own exchanges tracked it
    if (!ours) this.tenants.push(tenantId);
    this.ctx.track([tenantAdded(this.adminBase, tenantId, this.ctx.scenarioName, scimEndpoint)]);
  }

  /** A screenshot of the page as it is, secret fields masked (for the failure report). */
  async screenshot(): Promise<Buffer | undefined> {
    if (!this.current || this.current.isClosed()) return undefined;
    try {
      return await this.current.screenshot({ fullPage: true, mask: [this.current.locator(SECRET_FIELDS).filter({ visible: true })], timeout: STEP_MS });
    } catch { return undefined; }
  }

  async discard(): Promise<void> {
    const tab = this.tab;
    this.tab = undefined; this.current = undefined;
    if (tab) await returnTab(tab);
    // the tenants it made are in the scenario's live set (track): the After hook's sweep deletes them, through the
    // suite's HTTP layer and into the transcript and the ledger, and names any the SP would not delete
  }
}

/** Screenshots of every console this scenario has open, for the After hook to attach on failure. */
export async function consoleScreenshots(ctx: ScenarioContext): Promise<Buffer[]> {
  const shots: Buffer[] = [];
  for (const c of open.get(ctx) ?? []) {
    const png = await c.screenshot();
    if (png) shots.push(png);
  }
  return shots;
}
