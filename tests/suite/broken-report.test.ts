// The report of a run against a deliberately broken reference, read in Chromium as an SP engineer would:
// the failing cells name the broken behaviour and open the exchange that proves it, and no file in the
// report folder holds any of the run's secrets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli, startServe, ROOT } from './helpers.js';
import { findChromium, sharedBrowser, closeSharedBrowser } from '../../support/browser/chromium.js';

const ADMIN_TOKEN = 'admin-secret-broken-report-7d1f';
const chromium = findChromium(process.env);
if (!chromium && process.env.CI) throw new Error('CI is set but no Chromium is installed (apt-get install -y chromium)');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

test('against a reference that accepts two emails, the report names the broken behaviour and shows the exchange that proves it', { skip: !chromium && 'no Chromium here (apt-get install -y chromium)' }, async () => {
  const server = await startServe(ADMIN_TOKEN, ['--faults', 'accept-multiple-values']);
  try {
    const tenant = await server.admin('POST', '/tenants');
    const enabled = await server.admin('POST', `/tenants/${tenant.id}/provisioning`);
    const second = await server.admin('POST', `/tenants/${tenant.id}/tokens`);
    const secrets = [ADMIN_TOKEN, enabled.accessToken.token, second.token];
    const run = await runCli(['run', '--target', `url:${enabled.scimEndpoint}`, '--admin-url', `${server.origin}/admin`, '--quiet', '--seed', '31', '--rate', '0',
      '--tags', 'not @console'], { env: { SCIM_TOKEN: secrets[1], SCIM_SECOND_TOKEN: secrets[2], SCIM_ADMIN_TOKEN: ADMIN_TOKEN } });
    assert.equal(run.code, 1, run.stderr.slice(-1500));

    const browser = await sharedBrowser();
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(pathToFileURL(join(run.reportDir, 'conformance.html')).href);
    await page.locator('#f-fail').check();
    const failing = await page.$$eval('#matrix tr.req', (rows) => rows.filter((r) => (r as HTMLElement).offsetParent !== null).map((r) => r.getAttribute('data-id')));
    assert.deepEqual(failing.sort(), ['AP-USER-03', 'AWS-EVENT-01', 'ENTRA-MAP-01'], 'the filtered matrix lists exactly the broken rows');

    const cell = page.locator('tr[data-id="AP-USER-03"] button.cell').first();
    assert.match(await cell.innerText(), /FAIL[\s\S]*the SP answered 201, expected 400/, 'the cell says what broke in one line');
    await page.screenshot({ path: join(run.reportDir, 'screenshot.png') });
    // the README's picture is this run's matrix; refreshed only on request, so npm test leaves the tree clean
    if (process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(join(run.reportDir, 'screenshot.png'), join(ROOT, 'docs/report-screenshot.png'));
    await cell.click();
    const evidence = page.locator('dialog#evidence');
    const text = await evidence.innerText();
    assert.match(text, /FAIL · AP-USER-03/);
    const decisive = await evidence.locator('details.exchange.decisive').first().innerText();
    assert.match(decisive, /POST http:\/\/127\.0\.0\.1:\d+\/[^/]+\/scim\/v2\/Users/, 'the exchange that decided it is the create');
    assert.match(decisive, /"emails"[\s\S]*"value"[\s\S]*"value"/, 'it shows the two emails that were sent');
    assert.match(decisive, /HTTP 201/, 'and the 201 that accepted them');
    assert.match(decisive, /authorization: Bearer \[REDACTED\]/);
    await page.screenshot({ path: join(run.reportDir, 'screenshot-evidence.png') });
    await page.close();

    for (const file of files(run.reportDir)) {
      const content = readFileSync(file).toString('latin1');
      for (const secret of secrets) assert.ok(!content.includes(secret), `${file} holds one of the run's secrets`);
    }
  } finally {
    server.stop();
    await closeSharedBrowser();
  }
});
