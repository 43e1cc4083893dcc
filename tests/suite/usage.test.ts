// Bad usage is exit 2 with one clear sentence, before anything runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './helpers.js';
import { parseRunOptions } from '../../support/cli/run.js';
import { UsageError } from '../../support/targets/target.js';

const cases: [string[], RegExp][] = [
  [['run', '--sp-profile', 'azure'], /--sp-profile is aws or rfc, not "azure"/],
  [['run', '--target', 'ftp://x'], /--target is embedded, url:<scim base url> or container:<image>/],
  [['run', '--parallel', 'many'], /--parallel takes a whole number/],
  [['run', '--target', 'url:http://127.0.0.1:9/scim/v2'], /needs credentials: give --token \(or SCIM_TOKEN\), --token-file, --basic-user or --oauth-token-url/],
  [['run', '--no-such-flag'], /Unknown option '--no-such-flag'/],
  [['run', '--faults', 'eat-tokens'], /"eat-tokens" is not a fault of the reference/],
  [['run', '--settle-ms', 'soon'], /--settle-ms takes a whole number/],
];

for (const [args, message] of cases) {
  test(`${args.slice(1).join(' ')} → exit 2 with one sentence`, async () => {
    const run = await runCli(args, { env: { SCIM_BASE_URL: '', SCIM_TOKEN: '' } });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, message);
    assert.equal(run.stderr.trim().split('\n').length, 1, `one sentence, not:\n${run.stderr}`);
  });
}

test('environment variables stand in for flags, so secrets stay out of shell history', () => {
  const options = parseRunOptions([], { SCIM_BASE_URL: 'http://127.0.0.1:1/t/scim/v2', SCIM_TOKEN: 'tok', SCIM_ADMIN_URL: 'http://127.0.0.1:1/admin', SCIM_ADMIN_TOKEN: 'adm' });
  assert.equal(options.target, 'url:http://127.0.0.1:1/t/scim/v2');
  assert.equal(options.token, 'tok');
  assert.equal(options.adminUrl, 'http://127.0.0.1:1/admin');
  assert.equal(options.adminToken, 'adm');
  assert.throws(() => parseRunOptions(['--seed', '-1'], {}), UsageError);
  assert.equal(parseRunOptions([], {}).settleMs, 2000, 'a list may take two seconds to show a write, unless told otherwise');
  assert.equal(parseRunOptions(['--settle-ms', '0'], {}).settleMs, 0);
});
