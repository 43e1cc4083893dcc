// A certify-client report in Chromium: the client verdict, a FAIL cell whose evidence shows the client's
// request, AWS's answer and the fix. With UPDATE_SCREENSHOTS=1 it saves docs/certify-client-screenshot.png,
// the README's picture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { LAUNCH_ARGS } from '../../support/browser/chromium.ts';
import { startCertifyClient } from '../../support/certify-client/main.ts';
import { goodUser, PATCH_OP, scim } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.CI) throw new Error(`CI is set but no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium)`);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('the client report in Chromium: verdict, evidence with the answer and the fix', { skip: haveBrowser ? false : `no Chromium at ${CHROMIUM}`, timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'certify-client-html-'));
  const s = await startCertifyClient({ port: 0, profile: 'aws', reportDir: dir });
  const base = s.endpoint;
  // a small connector with three habits AWS refuses, and otherwise good requests
  const ada = (await scim(`${base}/Users`, s.token, 'POST', goodUser('ada'))).body;
  await scim(`${base}/Users`, s.token, 'POST', { ...goodUser('bob'), phoneNumbers: [{ value: '+1 555 0100', type: 'work' }, { value: '+1 555 0101', type: 'mobile' }] });
  await scim(`${base}/Users?filter=${encodeURIComponent('userName sw "ada"')}`, s.token);
  const g = (await scim(`${base}/Groups`, s.token, 'POST', { displayName: 'Engineering' })).body;
  await scim(`${base}/Groups/${g.id}`, s.token, 'PUT', { displayName: 'Engineering', members: [{ value: ada.id }] });
  await scim(`${base}/Groups/${g.id}`, s.token, 'PATCH', { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: ada.id }] }] });
  await s.finish();

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(pathToFileURL(join(dir, 'conformance.html')).href);
  assert.match(await page.locator('h1').innerText(), /SCIM client certification: certify-client \(aws rules\)/);
  assert.match(await page.locator('[data-headline="client"]').innerText(), /Client verdict \(aws rules\)[\s\S]*FAIL · 3 failures/);
  await page.locator('#f-fail').check();
  const cell = page.locator('tr[data-id="AP-USER-03"] button.cell');
  assert.equal(await cell.getAttribute('data-result'), 'FAIL');
  await page.screenshot({ path: join(dir, 'screenshot.png') });
  if (process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(join(dir, 'screenshot.png'), join(ROOT, 'docs/certify-client-screenshot.png'));
  await cell.click();
  const evidence = await page.locator('#evidence').innerText();
  assert.match(evidence, /Request\s+#\d+ POST \/[^ ]+\/scim\/v2\/Users/);
  assert.match(evidence, /Request is unparsable, syntactically incorrect, or violates schema\./, 'AWS\'s exact answer');
  assert.match(evidence, /Fix\s+Send at most one value in emails, phoneNumbers, addresses and roles/);
  assert.doesNotMatch(evidence, new RegExp(s.token), 'the token is not in the evidence');
});
