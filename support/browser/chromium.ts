// Finding and launching a real Chromium for the @console features: Debian's `chromium`, driven by
// playwright-core (never `playwright install`: that browser download needs a network this suite may lack).
// One browser per process (each cucumber worker is one), reused by every scenario. A scenario borrows a
// page and gives it back when it ends: the next scenario continues in the same tab, as an admin who stays
// signed in does (a fresh context and tab cost Chromium about as much CPU as two page loads).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Keeps Chromium from reaching for update and sync services that a closed network lacks. */
export const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // what a test tab never uses and Chromium still pays for on every navigation (about 15% of its CPU here)
  '--disable-back-forward-cache', '--disable-features=RenderDocument,PaintHolding,Translate,OptimizationHints,MediaRouter'];

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
export const INSTALL_HINT = 'install Debian\'s chromium (apt-get install chromium)';

function executable(path: string): boolean {
  try { accessSync(path, constants.X_OK); return statSync(path).isFile(); } catch { return false; }
}

/**
 * Where Chromium is: `SCIM_CONFORMANCE_CHROMIUM` when set (it must exist), else the first of chromium,
 * chromium-browser, google-chrome on the PATH. Undefined when there is none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, isExecutable: (p: string) => boolean = executable): string | undefined {
  const pinned = env.SCIM_CONFORMANCE_CHROMIUM;
  if (pinned) return isExecutable(pinned) ? pinned : undefined;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of NAMES) for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export class BrowserMissing extends Error {
  constructor(message: string) { super(message); this.name = 'BrowserMissing'; }
}

/**
 * The `@needs:browser` guard: undefined when a browser is there; the skip reason when none is; and when
 * `CI` is set, a missing browser is an error (thrown), never a skip, so a broken CI cannot hide behind it.
 */
export function browserGuard(env: NodeJS.ProcessEnv = process.env, find: (env: NodeJS.ProcessEnv) => string | undefined = findChromium): string | undefined {
  if (find(env)) return undefined;
  const where = env.SCIM_CONFORMANCE_CHROMIUM ? `SCIM_CONFORMANCE_CHROMIUM=${env.SCIM_CONFORMANCE_CHROMIUM} is not an executable` : 'no chromium, chromium-browser or google-chrome on the PATH';
  if (env.CI) throw new BrowserMissing(`needs a browser, and CI is set, so a missing browser is an error, not a skip: ${where}; ${INSTALL_HINT}`);
  return `needs a browser: ${INSTALL_HINT}`;
}

let shared: Promise<Browser> | undefined;

/**
 * Playwright's debug log (DEBUG=pw:*) prints every element it resolves with its attributes, so the
 * console's access-token fields would reach the terminal. Its namespaces are dropped before it loads,
 * unless SCIM_CONFORMANCE_DEBUG_SECRETS=1 says the user accepts secrets in that log.
 */
export function quietPlaywrightDebugLog(env: NodeJS.ProcessEnv): void {
  if (!env.DEBUG || env.SCIM_CONFORMANCE_DEBUG_SECRETS === '1') return;
  const kept = env.DEBUG.split(/[\s,]+/).filter((ns) => ns && !/^-?pw(:|$)|^\*$/.test(ns));
  if (kept.length !== env.DEBUG.split(/[\s,]+/).filter(Boolean).length) {
    process.stderr.write('scim-conformance: Playwright\'s debug log is off during runs: it prints page values, access tokens included (SCIM_CONFORMANCE_DEBUG_SECRETS=1 keeps it).\n');
  }
  if (kept.length) env.DEBUG = kept.join(','); else delete env.DEBUG;
}

/** The process's browser, launched on first use and reused after; relaunched if it went away. */
export function sharedBrowser(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  if (!shared) {
    const path = findChromium(env);
    if (!path) return Promise.reject(new BrowserMissing(`needs a browser: ${INSTALL_HINT}`));
    shared = (async () => {
      quietPlaywrightDebugLog(env);
      const { chromium } = await import('playwright-core');
      // handleSIGINT off: Playwright's own handler would close the browser and exit 130 at once, and a Ctrl-C'd
      // run would write no partial report; the run's Interrupt finishes the scenario, reports, then closes it
      const browser = await chromium.launch({ executablePath: path, args: LAUNCH_ARGS, timeout: 30_000, handleSIGINT: false });
      browser.on('disconnected', () => { shared = undefined; });
      return browser;
    })();
    shared.catch(() => { shared = undefined; });
  }
  return shared;
}

/** Starts the shared browser now, if there is one, for scenarios that will ask for it soon; never throws. */
export function prewarmSharedBrowser(env: NodeJS.ProcessEnv = process.env): void {
  if (!findChromium(env)) return;
  sharedBrowser(env).catch(() => undefined); // a failed launch is retried, and reported, by the first scenario
}

/** What a console tab needs: the viewport screenshots show, and the clipboard its Copy buttons write. */
const CONTEXT_OPTIONS = { viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] };

interface Tab { browser: Browser; context: BrowserContext; page: Page; crashed?: boolean }
const idleTabs: Tab[] = [];

/**
 * A tab of the shared browser for one scenario: the one the last scenario gave back when it is still usable
 * (its cookies, so a console session, carry over), else a new context and tab. Give it back with `returnTab`.
 */
export async function borrowTab(env: NodeJS.ProcessEnv = process.env): Promise<Tab> {
  const browser = await sharedBrowser(env);
  for (let tab = idleTabs.pop(); tab; tab = idleTabs.pop()) {
    if (tab.browser === browser && browser.isConnected() && !tab.page.isClosed() && !tab.crashed) return tab;
    await tab.context.close().catch(() => undefined);
  }
  const context = await browser.newContext(CONTEXT_OPTIONS);
  const tab: Tab = { browser, context, page: await context.newPage() };
  tab.page.once('crash', () => { tab.crashed = true; });
  return tab;
}

/** A borrowed tab back: kept for the next scenario unless it is broken (crashed, closed), then closed. */
export async function returnTab(tab: Tab, broken = false): Promise<void> {
  if (broken || tab.crashed || tab.page.isClosed() || !tab.browser.isConnected()) { await tab.context.close().catch(() => undefined); return; }
  idleTabs.push(tab);
}

/** Closes the process's browser, if one was launched (the run's last hook). */
export async function closeSharedBrowser(): Promise<void> {
  idleTabs.length = 0;
  const pending = shared;
  shared = undefined;
  if (!pending) return;
  try { await (await pending).close(); } catch { /* it was never up, or is gone already */ }
}
