// run's transport flags: defaults per target, one-sentence UsageErrors, and the settings reaching a worker
// through the environment (secrets apart from the JSON).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRANSPORT_OPTIONS, URL_TARGET_DEFAULTS, applyTransport, transportFromFlags } from '../../support/cli/transport-flags.ts';
import { PRIMARY_CREDENTIAL, Transport, setTransport } from '../../support/scim/transport.ts';
import { UsageError } from '../../support/targets/target.ts';

const parse = (args: string[]) => parseArgs({ args, strict: true, options: TRANSPORT_OPTIONS }).values;
const url = { target: 'url:https://scim.example.test/t/scim/v2' };

test('defaults: a url: target is paced gently, the embedded one not at all', () => {
  assert.deepEqual(transportFromFlags(parse([]), {}, url).settings, { ...URL_TARGET_DEFAULTS });
  assert.deepEqual(transportFromFlags(parse([]), {}, { target: 'embedded' }).settings, {});
  assert.deepEqual(transportFromFlags(parse(['--rate', '2.5', '--concurrency', '8']), {}, { ...url, parallel: 4 }).settings, { rate: 2.5, concurrency: 8, parallel: 4 });
  assert.deepEqual(transportFromFlags(parse(['--rate', '0', '--concurrency', '0']), {}, url).settings, {}, '0 turns the url: default pacing off');
  assert.match(transportFromFlags(parse([]), {}, url).description, /^pacing 10 rps, 4 in flight \(url: default\); bearer token; TLS: system CAs$/);
});

test('schemes: Basic and OAuth use the placeholder credential, secrets from the environment; token file', () => {
  const basic = transportFromFlags(parse(['--basic-user', 'scim']), { SCIM_BASIC_PASSWORD: 'pw-from-env' }, url);
  assert.deepEqual(basic.settings.auth, { kind: 'basic', user: 'scim', password: 'pw-from-env' });
  assert.equal(basic.token, PRIMARY_CREDENTIAL);
  assert.ok(basic.secrets.includes('pw-from-env'));
  const oauth = transportFromFlags(parse(['--oauth-token-url', 'https://idp.example.test/token', '--client-id', 'c', '--scope', 'scim']), { SCIM_CLIENT_SECRET: 'cs-from-env' }, url);
  assert.deepEqual(oauth.settings.auth, { kind: 'oauth', tokenUrl: 'https://idp.example.test/token', clientId: 'c', clientSecret: 'cs-from-env', scope: 'scim' });
  const dir = mkdtempSync(join(tmpdir(), 'scim-flags-'));
  writeFileSync(join(dir, 'token'), 'file-token-123\n');
  writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  const file = transportFromFlags(parse(['--token-file', join(dir, 'token'), '--header', 'X-Api-Key: k-123456', '--ca-file', join(dir, 'ca.pem')]), {}, url);
  assert.equal(file.token, 'file-token-123');
  assert.deepEqual(file.settings.headers, [['X-Api-Key', 'k-123456']]);
  assert.equal(file.settings.caFile, join(dir, 'ca.pem'));
  const insecure = transportFromFlags(parse(['--insecure']), {}, url);
  assert.equal(insecure.settings.insecure, true);
  assert.match(insecure.warnings[0], /^WARNING: --insecure/);
});

test('bad input: one sentence each', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scim-flags-'));
  const cases: [string[], NodeJS.ProcessEnv, RegExp, string?][] = [
    [['--rate=-1'], {}, /^--rate takes requests per second/],
    [['--rate', 'fast'], {}, /^--rate takes/],
    [['--concurrency', '1.5'], {}, /^--concurrency takes a whole number/],
    [['--basic-user', 'u'], {}, /needs a password/],
    [['--basic-password', 'p'], {}, /needs --basic-user/],
    [['--basic-user', 'u', '--oauth-token-url', 'https://x/t'], { SCIM_BASIC_PASSWORD: 'p' }, /different credentials/],
    [['--oauth-token-url', 'https://x/t'], {}, /needs --client-id/],
    [['--oauth-token-url', 'https://x/t', '--client-id', 'c'], {}, /needs a client secret/],
    [['--oauth-token-url', 'ftp://x/t', '--client-id', 'c'], {}, /http or https/],
    [['--client-id', 'c'], {}, /need --oauth-token-url/],
    [['--header', 'nocolon'], {}, /takes "Name: value"/],
    [['--header', 'Authorization: Bearer x'], {}, /cannot set Authorization/],
    [['--token-file', join(dir, 'missing')], {}, /cannot be read \(ENOENT\)/],
    [['--ca-file', join(dir, 'missing')], {}, /cannot be read/],
    [['--insecure'], {}, /embedded/, 'embedded'],
    [['--basic-user', 'u'], { SCIM_BASIC_PASSWORD: 'p' }, /embedded reference makes its own tokens/, 'embedded'],
  ];
  for (const [args, env, message, target] of cases) {
    assert.throws(() => transportFromFlags(parse(args), env, { target: target ?? url.target }), (e: Error) => {
      assert.ok(e instanceof UsageError, `${args.join(' ')}: ${e.message}`);
      assert.match(e.message, message, args.join(' '));
      assert.equal(e.message.split('\n').length, 1);
      return true;
    });
  }
  assert.throws(() => transportFromFlags(parse([]), {}, { ...url, token: 't' }) && transportFromFlags(parse(['--token-file', 'x']), {}, { ...url, token: 't' }), /different credentials/);
});

test('workers: non-secret settings as JSON, secrets apart; a worker rebuilds the same layer with its share', () => {
  const env: NodeJS.ProcessEnv = {};
  const run = transportFromFlags(parse(['--basic-user', 'scim', '--header', 'X-Api-Key: k-123456', '--rate', '8']), { SCIM_BASIC_PASSWORD: 'pw-123456' }, { ...url, parallel: 2 });
  try {
    applyTransport(run, env);
    assert.equal(env.SCIM_CONFORMANCE_TRANSPORT?.includes('pw-123456'), false);
    assert.equal(env.SCIM_CONFORMANCE_TRANSPORT?.includes('k-123456'), false);
    assert.equal(env.SCIM_CONFORMANCE_BASIC_PASSWORD, 'pw-123456');
    const worker = Transport.fromEnvironment({ ...env, CUCUMBER_WORKER_ID: '0' });
    assert.deepEqual(worker.settings.auth, { kind: 'basic', user: 'scim', password: 'pw-123456' });
    assert.deepEqual(worker.settings.headers, [['X-Api-Key', 'k-123456']]);
    assert.equal(worker.rate, 4);
    assert.equal(worker.concurrency, 2);
  } finally {
    setTransport(undefined);
  }
});

test('a value that starts with "-" (a token can) is given after "=", and the error says so', async () => {
  const { parseFlags } = await import('../../support/cli/options.ts');
  const specs = { token: { type: 'string', description: 'the bearer token' } } as const;
  assert.throws(() => parseFlags(['--token', '-Xk9_a'], specs as never, 'run'), (e: Error) => {
    assert.ok(e instanceof UsageError);
    assert.equal(e.message, 'Option \'--token\' argument is ambiguous: a value that starts with "-" is written --token=<value> (scim-conformance run --help lists the options).');
    return true;
  });
  assert.equal(parseFlags(['--token=-Xk9_a'], specs as never, 'run').token, '-Xk9_a');
});
