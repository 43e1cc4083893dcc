// `scim-conformance fuzz-sync` end to end, as a user runs it: a counterexample is written as a @reproduction
// .feature with its transcript and evidence; `run --features … --tags @reproduction` replays it and fails the
// same way against the broken SP, and passes against the reference; bad usage exits 2 with one sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../suite/helpers.js';
import { fuzzSyncHelp, parseFuzzSyncOptions } from '../../support/sync-property/cli.js';
import { main } from '../../support/cli/main.js';
import { UsageError } from '../../support/targets/target.js';
import { parseRunOptions } from '../../support/cli/run.js';
import { PROFILES } from '../../fixtures/idp-profiles/index.js';
import { loadCatalog } from '../../support/catalog/catalog.js';
import { openEmbedded } from '../../support/targets/embedded.js';
import { runHistory } from '../../support/sync-property/property.js';
import { writeReproduction } from '../../support/sync-property/reproduction.js';
import type { Step } from '../../support/sync-property/vocabulary.js';
import { droppingEngine } from './wrong-engines.js';

const SEED = '20261203';

test('fuzz-sync writes a shrunk @reproduction that replays: it fails the same way on the broken SP and passes on the reference', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-sync-'));
  const r = await runCli(['fuzz-sync', '--idp', 'okta-aws', '--faults', 'delete-emptied-groups', '--runs', '100', '--seed', SEED, '--steps', '30',
    '--shrink-seconds', '2', '--report-dir', dir]);
  assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
  const evidence = JSON.parse(readFileSync(join(dir, 'fuzz-sync.json'), 'utf8'));
  const [d] = evidence.dialects;
  assert.equal(d.dialect, 'okta-aws');
  assert.equal(d.converged, false);
  assert.ok(d.runsToFind >= 1 && d.runsToFind <= 100);
  assert.ok(existsSync(join(dir, 'fuzz-sync.html')));
  const feature = join(dir, 'reproductions', `okta-aws-${SEED}.feature`);
  assert.equal(d.counterexample.reproduction, feature);
  const text = readFileSync(feature, 'utf8');
  assert.match(text, /^@reproduction @fuzz-sync @idp:okta-aws @sp:aws @req:OKTA-PUSH-01 @must$/m);
  assert.match(text, /Given Okta is connected to the service provider/);
  assert.ok(text.includes(`First divergence: ${d.counterexample.firstDivergence}`));
  for (const line of d.counterexample.history) assert.ok(text.includes(line), `the scenario says "${line}"`);
  const transcript = JSON.parse(readFileSync(d.counterexample.transcript, 'utf8'));
  assert.ok(transcript.length > 0 && transcript.length === d.counterexample.exchanges);
  assert.doesNotMatch(JSON.stringify(transcript), /Bearer (?!\[REDACTED\])[A-Za-z0-9._~+/=-]{12,}/, 'tokens are redacted');
  assert.match(r.stdout, /COUNTEREXAMPLE after \d+ histories/);
  // what the run created is gone: the sweep at the end found nothing left to delete, or deleted it
  assert.deepEqual(evidence.run.cleanup.flatMap((c: { notDeleted: unknown[] }) => c.notDeleted), []);

  // the replay against the same broken SP fails at the Then line of the first divergence, in the row the dialect's data names
  const broken = await runCli(['run', '--target', 'embedded', '--faults', 'delete-emptied-groups', '--sp-profile', 'aws', '--features', feature, '--tags', '@reproduction']);
  assert.equal(broken.code, 1, broken.stderr);
  const failed = broken.report!.requirements.filter((x) => x.verdict === 'FAIL');
  assert.deepEqual(failed.map((x) => x.id), ['OKTA-PUSH-01']);
  const then = d.counterexample.firstDivergenceThen as string;
  assert.ok(then && text.includes(then), 'the first divergence has its Then line in the scenario');
  const reason = failed[0]!.variants.map((v) => v.reason ?? '').join(' ');
  assert.ok(reason.includes(then), `the replay fails at "${then}": ${reason}`);

  // against the reference as it is, the same scenario passes
  const fixed = await runCli(['run', '--target', 'embedded', '--sp-profile', 'aws', '--features', feature, '--tags', '@reproduction']);
  assert.equal(fixed.code, 0, `${fixed.stdout}\n${fixed.stderr}`);
  assert.ok(fixed.report!.requirements.some((x) => x.verdict === 'PASS'));
});

test('fuzz-sync exits 0 when every history converges, and 2 with one sentence on bad usage', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-sync-'));
  const ok = await runCli(['fuzz-sync', '--idp', 'okta-aws', '--runs', '8', '--seed', SEED, '--report-dir', dir]);
  assert.equal(ok.code, 0, `${ok.stdout}\n${ok.stderr}`);
  assert.match(ok.stdout, /okta-aws: 8 histories converged/);
  assert.equal(existsSync(join(dir, 'reproductions')), false);
  for (const [args, message] of [
    [['--idp', 'okta'], /^--idp is one of okta-aws, .* or all, not "okta"\.$/],
    [['--idp', 'okta-oin', '--sp-profile', 'aws'], /^--idp okta-oin is made for rfc SPs: give --sp-profile rfc\.$/],
    [['--runs', '0'], /^--runs takes a whole number from 1 to 100000, not "0"\.$/],
    [['--target', 'url:http://127.0.0.1:9/scim', '--faults', 'delete-emptied-groups', '--token', 'abcdefgh'], /^--faults only breaks the embedded reference/],
    [['--target', 'url:http://127.0.0.1:9/scim', '--sp-profile', 'both', '--token', 'abcdefgh'], /^--sp-profile both needs the embedded reference/],
  ] as [string[], RegExp][]) {
    assert.throws(() => parseFuzzSyncOptions(args, {}), (e: Error) => e instanceof UsageError && message.test(e.message), args.join(' '));
  }
  // a url target without --sp-profile is taken as aws: all = the AWS-app dialects
  assert.deepEqual(parseFuzzSyncOptions(['--target', 'url:http://127.0.0.1:9/scim', '--token', 'abcdefgh'], {}).dialects, ['okta-aws', 'entra-aws', 'onelogin-aws']);
  // run --features: files or folders that exist, made absolute for cucumber; anything else is one sentence
  assert.deepEqual(parseRunOptions(['--features', 'features/reproductions', '--seed', '1'], {}).features, [join(process.cwd(), 'features/reproductions')]);
  assert.throws(() => parseRunOptions(['--features', 'no/such.feature'], {}), /^UsageError: --features no\/such\.feature: no such file or folder\.$/);
  // the command's exit code for bad usage, and its help (in this process: the CLI's own dispatcher)
  const said: string[] = [];
  const error = console.error;
  console.error = (line: string) => { said.push(line); };
  try { assert.equal(await main(['fuzz-sync', '--bogus']), 2); } finally { console.error = error; }
  assert.equal(said.length, 1);
  assert.match(said[0]!, /^Unknown option '--bogus'.*\(scim-conformance fuzz-sync --help lists the options\)\.$/);
  for (const flag of ['--idp', '--runs', '--seed', '--steps', '--report-dir', '--token', '--admin-url', '--admin-token', '--sp-profile', '--rate']) assert.ok(fuzzSyncHelp().includes(flag), flag);
});

test('fuzz-sync against an SP whose lists lag (lagging-lists): the observation reads again within --settle-ms, so lateness is no counterexample', async () => {
  const settled = await runCli(['fuzz-sync', '--idp', 'okta-aws', '--variants', 'lagging-lists', '--runs', '6', '--seed', '5', '--report-dir', mkdtempSync(join(tmpdir(), 'fuzz-lag-'))]);
  assert.equal(settled.code, 0, `${settled.stdout}\n${settled.stderr}`);
  assert.match(settled.stdout, /okta-aws: 6 histories converged/);
  // without the settle time the same histories read the SP before its lists caught up: the wait is what passes them
  const atOnce = await runCli(['fuzz-sync', '--idp', 'okta-aws', '--variants', 'lagging-lists', '--runs', '6', '--seed', '5', '--settle-ms', '0', '--shrink-seconds', '1',
    '--report-dir', mkdtempSync(join(tmpdir(), 'fuzz-lag-'))]);
  assert.equal(atOnce.code, 1, `${atOnce.stdout}\n${atOnce.stderr}`);
  assert.match(atOnce.stderr, /warning: .*longer than --settle-ms 0/);
  assert.throws(() => parseFuzzSyncOptions(['--variants', 'lagging'], {}), /--variants: "lagging" is not a variant of the reference/);
});

// A new group read by id may answer 404 for a while (lagging-creates: a replica behind the create), and a read by id
// may show an update late (lagging-reads), while lists follow at once. The observation read once then: a new group's
// 404 stopped the run as an internal error, and once caught it was a counterexample in every dialect that reads
// groups by id. It is read again within --settle-ms now, where the probe saw any write late.
test('fuzz-sync against an SP whose reads by id lag behind a create or an update: every dialect converges', async () => {
  const r = await runCli(['fuzz-sync', '--variants', 'lagging-creates,lagging-reads', '--runs', '4', '--seed', '11', '--shrink-seconds', '1',
    '--report-dir', mkdtempSync(join(tmpdir(), 'fuzz-by-id-lag-'))]);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.equal(r.stdout.match(/: 4 histories converged/g)?.length, 9, r.stdout);
});

test('fuzz-sync against an SP that stores userName and emails in lower case (lowercase-usernames, lowercase-emails): every dialect converges', async () => {
  const r = await runCli(['fuzz-sync', '--variants', 'lowercase-usernames,lowercase-emails', '--runs', '8', '--seed', '3', '--shrink-seconds', '1',
    '--report-dir', mkdtempSync(join(tmpdir(), 'fuzz-case-'))]);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.equal(r.stdout.match(/: 8 histories converged/g)?.length, 9, r.stdout);
});

test('fuzz-sync against an SP that serves users only (users-only): the rfc dialects\' histories leave groups alone and converge', async () => {
  const r = await runCli(['fuzz-sync', '--variants', 'users-only', '--sp-profile', 'rfc', '--runs', '6', '--seed', '4', '--shrink-seconds', '1',
    '--report-dir', mkdtempSync(join(tmpdir(), 'fuzz-users-only-'))]);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.equal(r.stdout.match(/: 6 histories converged/g)?.length, 6, r.stdout);
});

test('fuzz-sync against an SP with a small user model (core-attributes-only): what its /Schemas leaves out is not held against it', async () => {
  // seed 4 found "ada should have title … in the SP" for both Entra dialects before the check read /Schemas
  const r = await runCli(['fuzz-sync', '--variants', 'core-attributes-only', '--sp-profile', 'rfc', '--runs', '6', '--seed', '4', '--shrink-seconds', '1',
    '--report-dir', mkdtempSync(join(tmpdir(), 'fuzz-core-only-'))]);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, /\/Schemas declares no title, phoneNumbers, enterprise manager/);
  assert.equal(r.stdout.match(/: 6 histories converged/g)?.length, 6, r.stdout);
});

test('a counterexample on the manager replays in the features\' own email and manager sentences, and passes on the reference', async () => {
  // the counterexample an engine that never sends the manager finds: Entra provisions grace, then ada with grace as its manager
  const p = PROFILES['entra-legacy'];
  const steps: Step[] = [{ kind: 'connect' }, { kind: 'have-user', user: 'grace' }, { kind: 'assign', user: 'grace' }, { kind: 'next-cycle' },
    { kind: 'have-user', user: 'ada' }, { kind: 'set-manager', user: 'ada', manager: 'grace' }, { kind: 'change', user: 'ada', attribute: 'email', value: 'ada.team@example.com' },
    { kind: 'assign', user: 'ada' }, { kind: 'next-cycle' }, { kind: 'next-cycle' }];
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-sync-'));
  let feature: string;
  {
    await using t = await openEmbedded({ spProfile: 'rfc', timeoutMs: 10_000 });
    const r = await runHistory({ target: { description: t.description, secrets: t.secrets, spProfile: 'rfc' }, profile: p, steps,
      run: { runId: 'fuzzr1', seed: 1, timeoutMs: 10_000 }, historyNo: 1, idpAbility: droppingEngine('manager') });
    assert.equal(r.converged, false);
    feature = writeReproduction(dir, p, r, { seed: 1, catalog: loadCatalog() }).feature;
  }
  const text = readFileSync(feature, 'utf8');
  assert.match(text, /^@reproduction @fuzz-sync @idp:entra-legacy @sp:rfc @req:ENTRA-PATCH-05 @should$/m);
  for (const line of ['And Entra ID\'s admin makes "grace" the manager of "ada"', 'And Entra ID changes the email of "ada" to "ada.team@example.com"',
    'And "ada" in the service provider has "grace" as its manager', 'And "ada" in the service provider has the email "ada.team@example.com"']) assert.ok(text.includes(line), `the scenario says ${line}:\n${text}`);
  // replayed with the real engine against the reference, every sentence runs (none is undefined) and the scenario passes
  const replay = await runCli(['run', '--target', 'embedded', '--sp-profile', 'rfc', '--features', feature, '--tags', '@reproduction']);
  assert.equal(replay.code, 0, `${replay.stdout}\n${replay.stderr}`);
  assert.deepEqual(replay.report!.requirements.filter((x) => x.verdict === 'PASS').map((x) => x.id), ['ENTRA-PATCH-05']);
});
