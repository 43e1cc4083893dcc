// The browser launcher of the @console features: where Chromium is found, when a missing one skips and
// when (CI set) it is an error, and that the shared browser really launches and is reused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BrowserMissing, browserGuard, closeSharedBrowser, findChromium, sharedBrowser } from '../../support/browser/chromium.ts';
import { consoleBase } from '../../support/screenplay/abilities/browse-console.ts';

const only = (paths: string[]) => (p: string) => paths.includes(p);

test('findChromium takes the first of chromium, chromium-browser, google-chrome on the PATH', () => {
  const env = { PATH: '/opt/a:/usr/bin' };
  assert.equal(findChromium(env, only(['/usr/bin/chromium', '/opt/a/google-chrome'])), '/usr/bin/chromium');
  assert.equal(findChromium(env, only(['/opt/a/chromium-browser'])), '/opt/a/chromium-browser');
  assert.equal(findChromium(env, only([])), undefined);
});

test('SCIM_CONFORMANCE_CHROMIUM pins the browser, and must exist', () => {
  assert.equal(findChromium({ PATH: '/usr/bin', SCIM_CONFORMANCE_CHROMIUM: '/x/chrome' }, only(['/x/chrome', '/usr/bin/chromium'])), '/x/chrome');
  assert.equal(findChromium({ PATH: '/usr/bin', SCIM_CONFORMANCE_CHROMIUM: '/x/chrome' }, only(['/usr/bin/chromium'])), undefined);
});

test('without a browser the guard skips with a reason; with CI set it is an error, never a skip', () => {
  const none = () => undefined;
  assert.equal(browserGuard({}, none), 'needs a browser: install Debian\'s chromium (apt-get install chromium)');
  assert.throws(() => browserGuard({ CI: 'true' }, none), (e: unknown) => e instanceof BrowserMissing && /CI is set/.test((e as Error).message));
  assert.equal(browserGuard({ CI: 'true' }, () => '/usr/bin/chromium'), undefined);
});

test('the console lives beside the admin API', () => {
  assert.equal(consoleBase('http://127.0.0.1:4000/admin'), 'http://127.0.0.1:4000/console');
  assert.equal(consoleBase('http://127.0.0.1:4000/admin/'), 'http://127.0.0.1:4000/console');
  assert.equal(consoleBase('https://sp.test/prefix/admin'), 'https://sp.test/prefix/console');
});

test('the shared browser launches once and is reused', { skip: findChromium() ? false : 'no Chromium installed here' }, async () => {
  try {
    const a = await sharedBrowser();
    const b = await sharedBrowser();
    assert.equal(a, b);
    const context = await a.newContext();
    const page = await context.newPage();
    await page.setContent('<p data-testid="x">hello</p>');
    assert.equal(await page.getByTestId('x').innerText(), 'hello');
    await context.close();
  } finally {
    await closeSharedBrowser();
  }
});

test("Playwright's debug namespaces are dropped before it loads, because its log prints access-token fields", async () => {
  const { quietPlaywrightDebugLog } = await import('../../support/browser/chromium.js');
  const env: NodeJS.ProcessEnv = { DEBUG: 'pw:api,testcontainers*,-pw:browser' };
  quietPlaywrightDebugLog(env);
  assert.equal(env.DEBUG, 'testcontainers*');
  const all: NodeJS.ProcessEnv = { DEBUG: '*' };
  quietPlaywrightDebugLog(all);
  assert.equal(all.DEBUG, undefined);
  const optIn: NodeJS.ProcessEnv = { DEBUG: 'pw:api', SCIM_CONFORMANCE_DEBUG_SECRETS: '1' };
  quietPlaywrightDebugLog(optIn);
  assert.equal(optIn.DEBUG, 'pw:api');
});
