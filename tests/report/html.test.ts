// conformance.html in a real browser (Debian's Chromium driven by playwright-core): the matrix shows the
// run's verdicts, the filters work, a failing cell opens evidence that reads like a bug report, Esc closes
// it and gives focus back, and a screenshot is kept for the README.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadCatalog } from '../../support/catalog/catalog.js';
import { writeRunReports } from '../../support/report/index.js';
import { runFixtures, runInfo } from './helpers.js';
import { FAKE_TOKEN } from './fixtures/token.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.CI) throw new Error(`CI is set but no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) so the report's browser tests run`);
const skip = haveBrowser ? false : `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;

describe('conformance.html in Chromium', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'scim-report-html-'));
  let browser: Browser;
  let page: Page;
  const cell = (id: string, col: string) => page.locator(`tr[data-id="${id}"] td[data-col="${col}"] button.cell`);
  const colOf = async (label: string) => page.locator('#f-idp option', { hasText: label }).getAttribute('value');
  // the focused cell's requirement, once the dialog has closed and its (queued) close handler has run: it clears the URL's #cell
  const focusReturnsTo = async (id: string) => {
    await page.waitForFunction((want) => !(document.getElementById('evidence') as HTMLDialogElement).open && location.hash === ''
      && (document.activeElement as HTMLElement | null)?.closest('tr')?.getAttribute('data-id') === want, id, { timeout: 5000 })
      .catch(async () => assert.fail(`focus did not return to ${id}; it is on ${await page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('tr')?.getAttribute('data-id'))}`));
  };
  const visibleIds = () => page.$$eval('#matrix tr.req', (rows) => rows.filter((r) => (r as HTMLElement).offsetParent !== null).map((r) => r.getAttribute('data-id')));

  before(async () => {
    await runFixtures('not @left-out', join(dir, 'messages.ndjson'));
    await writeRunReports({ reportDir: dir, ndjsonPaths: [join(dir, 'messages.ndjson')], run: runInfo(), secrets: [FAKE_TOKEN] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const blocked: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) blocked.push(r.url()); });
    await page.goto(pathToFileURL(join(dir, 'conformance.html')).href);
    assert.deepEqual(blocked, [], 'the report asks the network for nothing');
  });
  after(async () => { await browser?.close(); });

  it('shows the verdicts of the run with known failures', async () => {
    const okta = await colOf('Okta (OIN)');
    const legacy = await colOf('Entra ID (legacy)');
    const modern = await colOf('Entra ID (aadOptscim062020)');
    const want: [string, string, string][] = [
      ['RFC-CREATE-01', '0', 'PASS'], ['RFC-CREATE-02', '0', 'FAIL'], ['RFC-ATTR-01', '0', 'WARN'], ['RFC-SORT-01', '0', 'UNSUPPORTED'],
      ['RFC-PUT-01', '0', 'NOT-RUN'], ['AP-USER-01', '0', 'NOT-APPLICABLE'], ['OKTA-CREATE-01', okta!, 'PASS'],
      ['ENTRA-PATCH-01', legacy!, 'FAIL'], ['ENTRA-PATCH-01', modern!, 'PASS'],
    ];
    for (const [id, col, result] of want) assert.equal(await cell(id, col).getAttribute('data-result'), result, `${id} in column ${col}`);
    assert.match(await cell('RFC-CREATE-02', '0').innerText(), /FAIL\s+Expected 409 for a duplicate userName, got 201/);
    assert.match(await cell('AP-USER-01', '0').innerText(), /N\/A/);
    assert.match(await page.locator('[data-headline="idp:entra-legacy"]').innerText(), /Entra ID \(legacy\)[\s\S]*FAIL · 1 failure/);
    assert.match(await page.locator('[data-headline="rfc"]').innerText(), /RFC conformance[\s\S]*FAIL · 4 failures, 1 warning/);
    assert.match(await page.locator('[data-headline="aws"]').innerText(), /not assessed/);
    assert.ok(!(await page.content()).includes(FAKE_TOKEN));
  });

  it('filters: failures only, by area, by IdP', async () => {
    await page.check('#f-fail');
    const failing = await visibleIds();
    assert.deepEqual(failing.sort(), ['ENTRA-CYCLE-01', 'ENTRA-PATCH-01', 'RFC-ATTR-01', 'RFC-BULK-01', 'RFC-CREATE-02', 'RFC-FILTER-01', 'RFC-PATCH-02']);
    await page.selectOption('#f-idp', { label: 'Entra ID (legacy)' });
    assert.deepEqual((await visibleIds()).sort(), ['ENTRA-CYCLE-01', 'ENTRA-PATCH-01']);
    assert.equal(await page.locator('#matrix thead th[data-col="0"]').isVisible(), false, 'other columns are hidden');
    await page.uncheck('#f-fail');
    await page.selectOption('#f-idp', { label: 'Okta (OIN)' });
    assert.deepEqual(await visibleIds(), ['OKTA-CREATE-01']);
    await page.click('#f-reset');
    await page.selectOption('#f-area', 'RFC');
    const rfc = await visibleIds();
    assert.ok(rfc.length > 10 && rfc.every((id) => id!.startsWith('RFC-')));
    await page.click('#f-reset');
    assert.match(await page.locator('#shown').innerText(), new RegExp(`showing all ${loadCatalog().requirements.length} requirements`));
  });

  it('opens the evidence of a failing cell from the keyboard, and Esc closes it', async () => {
    const target = cell('RFC-CREATE-02', '0');
    await target.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog#evidence');
    assert.equal(await dialog.isVisible(), true);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'ev-title', 'focus moves into the evidence');
    const text = await dialog.innerText();
    assert.match(text, /FAIL · RFC-CREATE-02 · rfc/);
    assert.match(text, /FAIL: Expected 409 for a duplicate userName, got 201/);
    // RFC-CREATE-02 says more than the source catalogue's row: the evidence says so, and why
    assert.match(text, /revised in scim-conformance’s copy of the catalogue on 2026-12-05: userName is unique across the SP's users \(RFC 7643 §4\.1\.1\)/);
    assert.match(text, /Scenario: a duplicate userName is refused/);
    assert.match(text, /failed\s+Then the SP answers 409 for the duplicate/);
    assert.match(text, /HTTP transcript \(3 exchanges, secrets redacted\)/i);
    assert.match(text, /#2\s+POST \/scim\/v2\/Users\s+→ 201/);
    // the exchange that decided it is open: request and response, redacted
    const decisive = dialog.locator('details.exchange.decisive');
    assert.equal(await decisive.getAttribute('open'), '');
    const wire = await decisive.innerText();
    assert.match(wire, /POST http:\/\/127\.0\.0\.1:4010\/scim\/v2\/Users/);
    assert.match(wire, /authorization: Bearer \[REDACTED\]/);
    assert.match(wire, /"accessToken": "\[REDACTED\]"/);
    assert.match(wire, /HTTP 201/);
    assert.ok(!text.includes(FAKE_TOKEN));
    await page.screenshot({ path: join(dir, 'screenshot-evidence.png') });
    await page.keyboard.press('Escape');
    assert.equal(await dialog.isVisible(), false);
    await focusReturnsTo('RFC-CREATE-02');
  });

  it('shows the mock IdP log beside the transcript, and moves between cells with arrow keys', async () => {
    const legacy = await colOf('Entra ID (legacy)');
    await cell('ENTRA-PATCH-01', legacy!).click();
    const text = await page.locator('dialog#evidence').innerText();
    assert.match(text, /Entra's "False" string did not disable the user/);
    assert.match(text, /Mock IdP log \(2\)/i);
    assert.match(text, /Failed to update user <ada@example\.com> with Authorization: Bearer \[REDACTED\]/);
    await page.keyboard.press('Escape');
    // the dialog's close event is queued: wait for focus to come back before moving it
    await focusReturnsTo('ENTRA-PATCH-01');
    await cell('RFC-CREATE-01', '0').focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('tr')?.getAttribute('data-id')), 'RFC-CREATE-02');
  });

  it('prints the matrix, then the failures with their evidence expanded; keeps a screenshot', async () => {
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => (window as unknown as { scimReport: { renderPrint(): void } }).scimReport.renderPrint());
    const printed = page.locator('#print-failures');
    assert.equal(await printed.isVisible(), true);
    assert.equal(await page.locator('.filters').isVisible(), false);
    assert.equal(await printed.locator('article.ev').count(), 7);
    assert.equal(await printed.locator('details.exchange:not([open])').count(), 0);
    await page.emulateMedia({ media: 'screen' });
    await page.check('#f-fail');
    await page.evaluate(() => { (document.activeElement as HTMLElement | null)?.blur(); window.scrollTo(0, 0); });
    await page.screenshot({ path: join(dir, 'screenshot.png') });
    await page.uncheck('#f-fail');
    assert.ok(readFileSync(join(dir, 'screenshot.png')).length > 10_000);

  });
});
