// The CLI's help, list, doctor, --version, NO_COLOR, --req and --sp-profile both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCli, startServe, failing, reasonsOf } from '../suite/helpers.js';
import { loadCatalog } from '../../support/catalog/catalog.js';
import { PACKAGE_ROOT, parseRunOptions } from '../../support/cli/run.js';
import { createLagWarning, listLagWarning, readLagWarning } from '../../support/targets/capabilities.js';
import { LIST_LAG_MS } from '../../support/reference-server/scim/variants.js';

for (const command of ['run', 'list', 'doctor', 'cleanup', 'serve', 'record', 'report']) {
  test(`${command} --help prints its options and exits 0`, async () => {
    const r = await runCli([command, '--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /--/);
  });
}

test('run --help names the options, the config file and the exit codes', async () => {
  const r = await runCli(['run', '--help']);
  assert.equal(r.code, 0, r.stderr);
  for (const flag of ['--target', '--req', '--rerun-failed', '--sp-profile', '--config', '--tags']) assert.ok(r.stdout.includes(flag), flag);
  assert.match(r.stdout, /130 interrupted/);
  assert.equal(r.report, undefined, 'nothing ran');
});

test('--version prints the package version', async () => {
  const r = await runCli(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+/);
});

test('list --format json lists every catalogue id with level, profile, judges, title and sources', async () => {
  const r = await runCli(['list', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as { id: string; level: string; profile: string; judges: string; title: string; sources: { url: string }[] }[];
  assert.deepEqual(rows.map((x) => x.id), loadCatalog().requirements.map((x) => x.id));
  for (const row of rows) { assert.ok(row.level && row.profile && row.judges && row.title, row.id); assert.ok(Array.isArray(row.sources)); }
  const tagged = JSON.parse((await runCli(['list', '--format', 'json', '--tags', '@req:RFC-CREATE-01 or @req:AP-USER-03'])).stdout);
  assert.deepEqual(tagged.map((x: { id: string }) => x.id).sort(), ['AP-USER-03', 'RFC-CREATE-01']);
});

test('--req and --rerun-failed become the tag expression; the config file gives flags, flags override it', () => {
  const o = parseRunOptions(['--req', 'RFC-CREATE-01,AP-USER-03'], {});
  assert.equal(o.tags, '(@req:RFC-CREATE-01 or @req:AP-USER-03)');
  const dir = mkdtempSync(join(tmpdir(), 'scimc-cfg-'));
  writeFileSync(join(dir, 'old.json'), JSON.stringify({ schemaVersion: 1, requirements: [
    { id: 'RFC-CREATE-01', verdict: 'FAIL', variants: [{ result: 'FAIL' }] }, { id: 'AP-USER-03', verdict: 'PASS', variants: [{ result: 'PASS' }] },
    { id: 'RFC-SORT-01', verdict: 'BLOCKED', variants: [{ result: 'BLOCKED' }] }] }));
  assert.equal(parseRunOptions(['--rerun-failed', join(dir, 'old.json')], {}).tags, '(@req:RFC-CREATE-01 or @req:RFC-SORT-01)');
  // a failed reproduction has no id to select it by: the expression lets @reproduction through, and its location goes to
  // the plugin that keeps only it (rerun-reproductions.ts); a passed one is not run again
  writeFileSync(join(dir, 'repro.json'), JSON.stringify({ schemaVersion: 1, requirements: [{ id: 'AP-USER-03', verdict: 'PASS', variants: [{ result: 'PASS' }] }],
    reproductions: [{ name: 'x', location: 'features/reproductions/mine.feature:4', sp: 'rfc', result: 'FAIL' },
      { name: 'y', location: 'features/reproductions/mine.feature:9', sp: 'rfc', result: 'PASS' }] }));
  const repro = parseRunOptions(['--rerun-failed', join(dir, 'repro.json')], {});
  assert.equal(repro.tags, '(@reproduction)');
  assert.deepEqual(repro.rerunReproductions, ['features/reproductions/mine.feature:4']);
  assert.equal(repro.features, undefined, 'a reproduction under features/ is loaded by the plan as it is');
  // one of a user's own, run with --features: its file is loaded beside the plan's features/, and it must still be there
  const own = join(dir, 'own.feature');
  writeFileSync(own, 'Feature: mine\n');
  writeFileSync(join(dir, 'own.json'), JSON.stringify({ schemaVersion: 1, requirements: [],
    reproductions: [{ name: 'z', location: `${relative(PACKAGE_ROOT, own)}:2`, sp: 'rfc', result: 'FAIL' }] }));
  assert.deepEqual(parseRunOptions(['--rerun-failed', join(dir, 'own.json')], {}).features, [join(PACKAGE_ROOT, 'features'), own]);
  rmSync(own);
  assert.throws(() => parseRunOptions(['--rerun-failed', join(dir, 'own.json')], {}), /--rerun-failed: the reproduction's feature .*own\.feature is gone/);
  // a row that failed in a step another row owns, which passed then, runs with that row, which could block it otherwise
  writeFileSync(join(dir, 'owned.json'), JSON.stringify({ schemaVersion: 1, requirements: [
    { id: 'ENTRA-PATCH-04', verdict: 'FAIL', variants: [{ result: 'FAIL', failedInStepOf: 'ENTRA-GROUP-01' }] },
    { id: 'ENTRA-GROUP-01', verdict: 'PASS', variants: [{ result: 'PASS' }] }] }));
  assert.equal(parseRunOptions(['--rerun-failed', join(dir, 'owned.json')], {}).tags, '(@req:ENTRA-PATCH-04 or @req:ENTRA-GROUP-01)');
  // a row BLOCKED by a row that run left out runs with it, whose verdict decides it; one blocked by a row judged there does not
  writeFileSync(join(dir, 'blocked.json'), JSON.stringify({ schemaVersion: 1, requirements: [
    { id: 'OKTA-DEACT-01', verdict: 'BLOCKED', variants: [{ result: 'BLOCKED', blockedBy: 'OKTA-UPDATE-01', blockedByRowNotRun: true }] },
    { id: 'ENTRA-PATCH-02', verdict: 'BLOCKED', variants: [{ result: 'BLOCKED', blockedBy: 'ENTRA-PATCH-01' }] }] }));
  assert.equal(parseRunOptions(['--rerun-failed', join(dir, 'blocked.json')], {}).tags, '(@req:OKTA-DEACT-01 or @req:ENTRA-PATCH-02 or @req:OKTA-UPDATE-01)');
  writeFileSync(join(dir, 'none.json'), JSON.stringify({ schemaVersion: 1, requirements: [{ id: 'AP-USER-03', verdict: 'PASS', variants: [{ result: 'PASS' }] }] }));
  assert.throws(() => parseRunOptions(['--rerun-failed', join(dir, 'none.json')], {}), /Nothing to rerun: .* no FAIL, WARN, BLOCKED or XPASS row, and no failed reproduction/);
  writeFileSync(join(dir, 'scim-conformance.config.yaml'), 'sp-profile: rfc\nparallel: 2\ncontainer-env:\n  A: b\n');
  const c = parseRunOptions([], {}, dir);
  assert.equal(c.spProfile, 'rfc'); assert.equal(c.parallel, 2); assert.deepEqual(c.containerEnv, { A: 'b' });
  assert.equal(parseRunOptions(['--sp-profile', 'aws'], {}, dir).spProfile, 'aws');
  assert.throws(() => parseRunOptions(['--req', 'NOPE-01'], {}), /not in the catalogue/);
});

test('doctor against the embedded reference: one screen, every area', async () => {
  const r = await runCli(['doctor', '--target', 'embedded'], { env: { NO_COLOR: '1' } });
  assert.equal(r.code, 0, r.stderr);
  for (const area of ['auth', 'discovery', 'filters', 'paging', 'PATCH', 'ETag', 'sort', 'Bulk', '.search', 'groups', 'media types']) assert.ok(r.stdout.includes(` ${area} `), area);
  assert.ok(r.stdout.split('\n').length < 25, 'one screen');
  assert.doesNotMatch(r.stdout, /\u001b\[/, 'no ANSI colour with NO_COLOR');
  assert.doesNotMatch(r.stdout, /run time/, 'no advice on speed where nothing lags');
});

/** `serve --variants <variant> --profile rfc` with one rfc tenant whose provisioning is on; doctor runs against it with `args`. */
async function doctorAgainstVariant(name: string, variant: string, test: (doctor: (...args: string[]) => ReturnType<typeof runCli>, tenantCounts: () => Promise<unknown>) => Promise<void>): Promise<void> {
  const server = await startServe(name, ['--variants', variant, '--profile', 'rfc']);
  try {
    const tenant = await server.admin('POST', '/tenants', { profile: 'rfc' });
    const enabled = await server.admin('POST', `/tenants/${tenant.id}/provisioning`);
    const env = { SCIM_TOKEN: enabled.accessToken.token, NO_COLOR: '1' };
    await test((...args) => runCli(['doctor', '--target', `url:${enabled.scimEndpoint}`, ...args], { env }),
      async () => (await server.admin('GET', `/tenants/${tenant.id}`)).counts);
  } finally { server.stop(); }
}

test('doctor against `serve --variants eq-and-filters-only --profile rfc` (a conformant variant)', async () => {
  await doctorAgainstVariant('doctor-admin', 'eq-and-filters-only', async (doctor, counts) => {
    const r = await doctor();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /userName sw ✗/, r.stdout);
    assert.match(r.stdout, /auth .*no token → 401/, r.stdout);
    assert.deepEqual(await counts(), { users: 0, groups: 0 }, 'the probe user is deleted');
  });
});

test('doctor against `serve --variants lagging-lists`: how late lists show a new user, and a warning past --settle-ms', async () => {
  await doctorAgainstVariant('doctor-lag', 'lagging-lists', async (doctor, counts) => {
    const within = await doctor();
    assert.equal(within.code, 0, within.stderr);
    const ms = Number(/· lists +a new user is found by userName eq only after (\d+) ms/.exec(within.stdout)?.[1]);
    // timed from the create's answer on this side, so a little under the lag the server started at the create
    assert.ok(ms >= LIST_LAG_MS / 2 && ms < 2000, within.stdout);
    // a serial run waits each lag out (6× the plain run's time here): doctor says how to overlap the waits
    assert.match(within.stdout, /· run time +this SP shows writes late \(lists\).*`run --parallel 4` overlaps the waits/, within.stdout);
    const past = await doctor('--settle-ms', '100');
    assert.match(past.stdout, /! lists +a new user is found by userName eq only after \d+ ms, longer than --settle-ms 100: .*Give --settle-ms above that/, past.stdout);
    assert.deepEqual(await counts(), { users: 0, groups: 0 }, 'the probe users are deleted');
  });
});

test('doctor against `serve --variants lagging-reads`: how late a read by id shows a PATCH, and a warning past --settle-ms', async () => {
  await doctorAgainstVariant('doctor-read-lag', 'lagging-reads', async (doctor, counts) => {
    // unpaced: at the url default of 10 requests a second the cached read is older than the lag by the time the PATCH is read
    const within = await doctor('--rate', '0');
    assert.equal(within.code, 0, within.stderr);
    const ms = Number(/· reads by id +a read by id shows a PATCH only after (\d+) ms/.exec(within.stdout)?.[1]);
    // timed from the PATCH's answer, while the cache entry dates from the read before it: a little under the lag
    assert.ok(ms > 0 && ms < 2000, within.stdout);
    assert.ok(within.stdout.split('\n').length < 25, 'still one screen');
    const past = await doctor('--rate', '0', '--settle-ms', '20');
    assert.match(past.stdout, /! reads by id +a read by id shows a PATCH only after \d+ ms, longer than --settle-ms 20: .*Give --settle-ms above that/, past.stdout);
    assert.deepEqual(await counts(), { users: 0, groups: 0 }, 'the probe users are deleted');
  });
});

test('doctor against `serve --variants cursor-paging-only,group-create-ignores-members`: cursor paging as discovery says it, and members a create leaves out', async () => {
  await doctorAgainstVariant('doctor-cursor', 'cursor-paging-only,group-create-ignores-members', async (doctor, counts) => {
    const r = await doctor();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, / paging +.*cursor paging; \/ServiceProviderConfig says cursor yes, index no \(RFC 9865\)/, r.stdout);
    assert.match(r.stdout, / groups +GET \/Groups served; a group's create leaves out its members, which are listed once added by PATCH/, r.stdout);
    assert.deepEqual(await counts(), { users: 0, groups: 0 }, 'the probe user and group are deleted');
  });
});

test('doctor against `serve --variants users-only`: the groups line says /Groups is not served', async () => {
  await doctorAgainstVariant('doctor-users-only', 'users-only', async (doctor) => {
    const r = await doctor();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, / groups +GET \/Groups is not served: users only/, r.stdout);
  });
  const full = await runCli(['doctor', '--target', 'embedded'], { env: { NO_COLOR: '1' } });
  assert.match(full.stdout, / groups +GET \/Groups served/, full.stdout);
});

test('the list-lag warning: none within the settle time, a hint at RFC-FILTER-01 when a new user is never found', () => {
  assert.equal(listLagWarning({ ms: 0, listed: true }, 0), undefined);
  assert.equal(listLagWarning({ ms: 1500, listed: true }, 2000), undefined);
  assert.equal(listLagWarning(undefined, 2000), undefined, 'no probe user, no verdict');
  assert.match(listLagWarning({ ms: 2500, listed: true }, 2000)!, /only after 2500 ms, longer than --settle-ms 2000/);
  assert.match(listLagWarning({ ms: 4000, listed: false }, 2000)!, /not found by userName eq within 4000 ms.*whether userName eq works at all \(RFC-FILTER-01\)/);
});

test('the read-lag warning: none within the settle time, a hint at RFC-PATCH-01 when a PATCH never shows', () => {
  assert.equal(readLagWarning({ ms: 0, shown: true }, 0), undefined);
  assert.equal(readLagWarning({ ms: 180, shown: true }, 2000), undefined);
  assert.equal(readLagWarning(undefined, 2000), undefined, 'no PATCH served, no verdict');
  assert.match(readLagWarning({ ms: 2500, shown: true }, 2000)!, /a read by id shows a PATCH only after 2500 ms, longer than --settle-ms 2000/);
  assert.match(readLagWarning({ ms: 4000, shown: false }, 2000)!, /does not show a PATCH within 4000 ms.*whether a PATCH replace changes the attribute at all \(RFC-PATCH-01\)/);
});

test('the create-lag warning: none within the settle time, a hint at RFC-READ-01 when a new user is never found by id', () => {
  assert.equal(createLagWarning({ ms: 0, shown: true }, 0), undefined);
  assert.equal(createLagWarning({ ms: 180, shown: true }, 2000), undefined);
  assert.equal(createLagWarning(undefined, 2000), undefined, 'no probe user, no verdict');
  assert.match(createLagWarning({ ms: 2500, shown: true }, 2000)!, /a read by id finds a new user only after 2500 ms, longer than --settle-ms 2000/);
  assert.match(createLagWarning({ ms: 4000, shown: false }, 2000)!, /does not find a new user within 4000 ms.*whether a read by id works at all \(RFC-READ-01\)/);
});

test('--sp-profile both: aws then rfc, one report with both profiles as variants', async () => {
  const r = await runCli(['run', '--sp-profile', 'both', '--req', 'RFC-CREATE-01,AWS-FILTER-01,RFC-SORT-01', '--seed', '7'], { env: { NO_COLOR: '1' } });
  assert.ok(r.report, r.stderr);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(failing(r.report), [], reasonsOf(r.report, failing(r.report)));
  assert.deepEqual(r.report.run.spProfiles, ['aws', 'rfc']);
  const create = r.report.requirements.find((x) => x.id === 'RFC-CREATE-01')!;
  assert.deepEqual(create.variants.map((v) => `${v.sp} ${v.result}`).sort(), ['aws PASS', 'rfc PASS']);
  assert.match(r.stdout, /AWS fidelity:\s+PASS/);
  assert.match(r.stdout, /RFC conformance:\s+PASS/);
});
