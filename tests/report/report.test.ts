// The report area end to end on a REAL cucumber message stream: verdicts, exit code, baselines, merge of
// shards, JUnit, the terminal summary, the CLI, and that no file in the report folder keeps a secret.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { loadCatalog } from '../../support/catalog/catalog.js';
import {
  baselineFrom, BaselineError, buildReport, exitCodeFor, loadBaseline, mergeRunDirs, reportMain, summarize, writeRunReports,
  type ConformanceReport, type Envelope, type Result,
} from '../../support/report/index.js';
import { reportRedactor } from '../../support/report/redact.js';
import { indexRun } from '../../support/report/analyse.js';
import { renderJunit } from '../../support/report/junit.js';
import { renderHtml } from '../../support/report/html.js';
import { headlines } from '../../support/report/headlines.js';
import { runFixtures, runInfo } from './helpers.js';
import { FAKE_TOKEN } from './fixtures/token.js';

const catalog = loadCatalog();
const tmp = mkdtempSync(join(tmpdir(), 'scim-report-'));
const full = join(tmp, 'full');
const shardA = join(tmp, 'shard-a');
const shardB = join(tmp, 'shard-b');
let envelopes: Envelope[];
let report: ConformanceReport;

function result(r: ConformanceReport, id: string, idp?: string): { result: Result; reason?: string } {
  const req = r.requirements.find((x) => x.id === id)!;
  const v = req.variants.find((x) => x.idp === idp);
  assert.ok(v, `${id} has a variant ${idp ?? '(SP only)'}: ${JSON.stringify(req.variants)}`);
  return v;
}

/** conformance.json without what legitimately differs between runs: timings and run ids. */
function comparable(r: ConformanceReport): unknown {
  return r.requirements.map((q) => ({ ...q, variants: q.variants.map(({ durationMs: _d, ...v }) => v) }));
}

before(async () => {
  envelopes = await runFixtures('not @left-out', join(full, 'messages.ndjson'));
  await runFixtures('not @left-out and @fixture-sp', join(shardA, 'messages.ndjson'));
  await runFixtures('not @left-out and not @fixture-sp', join(shardB, 'messages.ndjson'));
  report = buildReport(envelopes, catalog, runInfo());
});

describe('verdicts', () => {
  it('gives one verdict per requirement × variant from the test cases', () => {
    const expected: [string, string | undefined, Result][] = [
      ['RFC-CREATE-01', undefined, 'PASS'],          // one scenario passed, its sibling could not run here
      ['RFC-CREATE-02', undefined, 'FAIL'],
      ['RFC-ATTR-01', undefined, 'WARN'],            // should → WARN
      ['RFC-SORT-01', undefined, 'UNSUPPORTED'],
      ['RFC-BULK-01', undefined, 'FAIL'],            // may, advertised and wrong → FAIL
      ['RFC-FILTER-01', undefined, 'FAIL'],          // failed, passed on retry: stays FAIL
      ['RFC-PATCH-02', undefined, 'FAIL'],           // undefined step: a suite bug
      ['RFC-PUT-01', undefined, 'NOT-RUN'],          // left out by --tags
      ['RFC-DELETE-01', undefined, 'NOT-RUN'],       // no scenario at all
      ['AP-USER-01', undefined, 'NOT-APPLICABLE'],   // aws row in an rfc run, even though its scenario ran
      ['OKTA-CREATE-01', 'okta-oin', 'PASS'],
      ['OKTA-CREATE-01', 'okta-aiw', 'PASS'],
      ['ENTRA-PATCH-01', 'entra-legacy', 'FAIL'],
      ['ENTRA-PATCH-01', 'entra-aadoptscim062020', 'PASS'],
      ['ENTRA-CYCLE-01', 'entra-legacy', 'FAIL'],
    ];
    for (const [id, idp, want] of expected) assert.equal(result(report, id, idp).result, want, `${id} ${idp ?? ''}`);
    assert.equal(report.requirements.length, catalog.requirements.length);
    assert.equal(report.requirements.find((r) => r.id === 'ENTRA-PATCH-01')!.verdict, 'FAIL', 'the worst variant decides');
  });

  it('keeps reasons to one line that reads like a bug report', () => {
    assert.equal(result(report, 'RFC-CREATE-02').reason, 'Expected 409 for a duplicate userName, got 201 (POST /Users)');
    assert.equal(result(report, 'RFC-SORT-01').reason, 'the SP does not advertise sort in /ServiceProviderConfig');
    assert.match(result(report, 'RFC-CREATE-01').reason!, /^passed; 1 more scenario could not run here: /);
    assert.match(result(report, 'RFC-ATTR-01').reason!, /^Then a node assertion fails: Expected values to be strictly equal: 201 !== 409/);
    assert.match(result(report, 'RFC-FILTER-01').reason!, /^flaky: attempt 1 of 2 failed/);
    assert.match(result(report, 'RFC-PATCH-02').reason!, /the step "a step nobody wrote" has no definition: a typo in the feature, or a step the suite does not have/);
    assert.match(result(report, 'RFC-PUT-01').reason!, /left out/);
    for (const r of report.requirements) for (const v of r.variants) {
      if (v.reason) { assert.ok(v.reason.length <= 200, `${r.id}: ${v.reason}`); assert.ok(!/\n/.test(v.reason)); }
    }
  });

  it('fails the run on an SP-judged must failure, never on IdP-judged rows alone', () => {
    assert.equal(exitCodeFor(report), 1);
    const onlyIdp: ConformanceReport = { ...report, requirements: report.requirements.map((r) => ({
      ...r, variants: r.variants.map((v) => (r.judges === 'SP' && (v.result === 'FAIL' || v.result === 'XPASS') ? { ...v, result: 'PASS' as const } : v)) })) };
    assert.equal(result(onlyIdp, 'ENTRA-CYCLE-01', 'entra-legacy').result, 'FAIL');
    assert.equal(exitCodeFor(onlyIdp), 0);
    const mayOnly: ConformanceReport = { ...onlyIdp, requirements: onlyIdp.requirements.map((r) => (r.id === 'RFC-BULK-01' ? { ...r, variants: r.variants.map((v) => ({ ...v, result: 'FAIL' as const })) } : r)) };
    assert.equal(exitCodeFor(mayOnly), 0, 'a may-level failure does not decide the exit code');
    // an SP row BLOCKED by an IdP-judged row that is red (OneLogin's group rows by OL-GROUP-01, where the SP refuses
    // OneLogin's membership PATCH) is unjudged, and the blocker never decides: no clean bill
    const blockedByIdpRow: ConformanceReport = { ...onlyIdp, requirements: onlyIdp.requirements.map((r) => (r.id === 'OL-GROUP-02'
      ? { ...r, variants: r.variants.map((v) => ({ ...v, result: 'BLOCKED' as const, blockedBy: 'ENTRA-CYCLE-01', reason: 'blocked by ENTRA-CYCLE-01: x' })) } : r)) };
    assert.equal(exitCodeFor(blockedByIdpRow), 3);
    assert.match(summarize(blockedByIdpRow), /INCOMPLETE \(exit 3: a row judged on the SP was blocked by ENTRA-CYCLE-01, red but judged on the mock IdP \(which never decides the exit code\), so the SP row is unjudged\)/);
    const blockedBySpRow: ConformanceReport = { ...onlyIdp, requirements: onlyIdp.requirements.map((r) => (r.id === 'OL-GROUP-02'
      ? { ...r, variants: r.variants.map((v) => ({ ...v, result: 'BLOCKED' as const, blockedBy: 'RFC-CREATE-01', reason: 'blocked by RFC-CREATE-01: x' })) } : r)) };
    assert.equal(exitCodeFor(blockedBySpRow), 0, 'BLOCKED by a row judged on the SP in this run leaves the verdict to that row');
    // such a blocker failed on the SP's answer to its IdP: it counts toward that IdP's readiness, not the harness's checks
    const onelogin = (result: 'FAIL' | 'BLOCKED') => [{ sp: 'rfc' as const, idp: 'onelogin-core', result, scenarios: [],
      ...(result === 'BLOCKED' ? { blockedBy: 'OL-GROUP-01', reason: 'blocked by OL-GROUP-01: the SP answered 501' } : { reason: 'the SP answered 501' }) }];
    const oneLoginRefused: ConformanceReport = { ...onlyIdp, requirements: onlyIdp.requirements.map((r) => (r.id === 'OL-GROUP-01' ? { ...r, variants: onelogin('FAIL') }
      : r.id === 'OL-GROUP-02' ? { ...r, variants: onelogin('BLOCKED') } : r)) };
    const readiness = headlines(oneLoginRefused).find((h) => h.key === 'idp:onelogin-core')!;
    assert.deepEqual([readiness.verdict, readiness.counts.FAIL, readiness.counts.BLOCKED], ['FAIL', 1, 1]);
    const harness = headlines(oneLoginRefused).find((h) => h.key === 'harness')!;
    assert.equal(harness.counts.FAIL, headlines(onlyIdp).find((h) => h.key === 'harness')!.counts.FAIL, 'OL-GROUP-01 is not among the harness\'s own failures');
  });

  it('one deviation, one red row: a failure in another row\'s behaviour is BLOCKED, a should-level finding is WARN', async () => {
    const env = await runFixtures('@ownership');
    const r = buildReport(env, catalog, runInfo());
    const blocked = result(r, 'RFC-GROUP-01') as { result: Result; reason?: string; blockedBy?: string };
    assert.equal(blocked.result, 'BLOCKED');
    // the owner was left out of this run: the reason says so, and how to tell whose failure it is
    assert.equal(blocked.reason, 'blocked by RFC-CREATE-01 (not in this run: run it too to tell whose failure this is): creating the user "ada": the SP answered 400');
    assert.equal(blocked.blockedBy, 'RFC-CREATE-01', 'an owner left out of the run may be red: the row stays BLOCKED');
    assert.match(summarize(r), /Blocked \(not judged, [^)]*\): 2 by RFC-CREATE-01 \(not in this run\)/);
    assert.deepEqual([result(r, 'RFC-DISC-01').result, result(r, 'RFC-PAGE-01').result], ['PASS', 'FAIL'],
      'BLOCKED promises a red owner: an owner that passed leaves the failure to the row where it happened');
    assert.equal(result(r, 'RFC-PAGE-01').reason, 'failed in a step RFC-DISC-01 owns, though RFC-DISC-01 is PASS in this run, so the failure is this row\'s: reading the user\'s page: the SP answered 501');
    assert.deepEqual(result(r, 'RFC-MEDIA-01'), { ...result(r, 'RFC-MEDIA-01'), result: 'WARN', reason: 'the answer is text/html' }, 'a failure in a step the row owns is its own');
    assert.deepEqual([result(r, 'RFC-CREATE-03').result, result(r, 'RFC-CREATE-03').reason], ['WARN', 'should: the 400 error body has scimType absent']);
    assert.equal(result(r, 'RFC-READ-01').result, 'FAIL', 'a FAIL is never hidden by a BLOCKED sibling');
    // a check another row owns that failed in passing (an error body's form) leaves the row judged on its own checks
    assert.deepEqual([result(r, 'RFC-DELETE-01').result, result(r, 'RFC-DELETE-01').reason], ['PASS',
      'passed its own checks; a check RFC-READ-01 owns (red in this run) failed here too: the 404 error body has status 404, a number'],
    'a red owner\'s deviation seen in passing neither blocks nor fails the row');
    assert.deepEqual([result(r, 'RFC-PUT-01').result, result(r, 'RFC-PUT-01').reason], ['FAIL', 'Then the step fails with "a PUT of a deleted user answered 500": a PUT of a deleted user answered 500'],
      'the row\'s own deviation after it is judged, not hidden behind the owner\'s');
    assert.deepEqual([result(r, 'RFC-PATCH-01').result, result(r, 'RFC-PATCH-01').reason], ['FAIL',
      'failed in a check RFC-DISC-01 owns, though RFC-DISC-01 is PASS in this run, so the failure is this row\'s: the 400 error body is not JSON']);
    assert.deepEqual([result(r, 'RFC-FILTER-01').result, result(r, 'RFC-FILTER-01').reason], ['BLOCKED',
      'blocked by RFC-CREATE-01 (not in this run: run it too to tell whose failure this is): the 409 error body is not JSON']);
    // owners asked in turn (a create answered 5xx: RFC-CREATE-01's first, then the rule that refuses the body)
    assert.deepEqual([result(r, 'RFC-ETAG-01').result, (result(r, 'RFC-ETAG-01') as { blockedBy?: string }).blockedBy], ['BLOCKED', 'RFC-READ-01']);
    assert.deepEqual([result(r, 'RFC-SEARCH-01').result, result(r, 'RFC-SEARCH-01').reason], ['FAIL', 'the search was answered 500'],
      'the row itself among the owners, after one that passed: its own failure');
    const noMustFailed = { ...r, requirements: r.requirements.filter((q) => !['RFC-READ-01', 'RFC-PAGE-01', 'RFC-PUT-01', 'RFC-PATCH-01', 'RFC-SEARCH-01'].includes(q.id)) };
    // a row BLOCKED by a row the run left out is unjudged: whether that row is red is unknown, so no clean bill
    assert.equal((result(r, 'RFC-GROUP-01') as { blockedByRowNotRun?: true }).blockedByRowNotRun, true);
    assert.equal(exitCodeFor(noMustFailed), 3);
    assert.match(summarize(noMustFailed), /INCOMPLETE \(exit 3: a row was blocked by a row this run left out \(RFC-CREATE-01\): run it too to judge it\)/);
    const leftOutOwner = new Set(['RFC-GROUP-01', 'RFC-FILTER-01']);
    assert.equal(exitCodeFor({ ...noMustFailed, requirements: noMustFailed.requirements.filter((q) => !leftOutOwner.has(q.id)) }), 0,
      'BLOCKED by a red row, and WARN, never decide the exit code');
    assert.equal((result(r, 'RFC-ETAG-01') as { blockedByRowNotRun?: true }).blockedByRowNotRun, undefined);
    const junit = renderJunit(r, catalog);
    assert.match(junit, /name="RFC-GROUP-01 \[rfc\]"[^>]*>\s*<skipped message="BLOCKED: blocked by RFC-CREATE-01 \(not in this run/);
    assert.match(summarize(r), /Blocked \(not judged, because another row's deviation came first\): 2 by RFC-CREATE-01/);
    const html = renderHtml(r, indexRun(env), catalog, reportRedactor());
    assert.match(html, /blocked by RFC-CREATE-01/, 'the matrix cell carries the reason');
    assert.match(html, /r-BLOCKED/, 'the matrix shows the BLOCKED result');
  });

  it('a failure in a step of a row the target left unjudged (down mid-run) stays BLOCKED by it, not the row\'s own', async () => {
    const r = buildReport(await runFixtures('@target-down'), catalog, runInfo());
    assert.equal(result(r, 'RFC-CREATE-01').result, 'UNSUPPORTED');
    const blocked = result(r, 'RFC-GROUP-01') as { result: Result; reason?: string; blockedBy?: string };
    assert.equal(blocked.result, 'BLOCKED', blocked.reason);
    assert.match(blocked.reason ?? '', /^blocked by RFC-CREATE-01 \(not judged in this run: the target was down or still busy; run it again to tell whose failure this is\): creating the group/);
    assert.match(summarize(r), /1 by RFC-CREATE-01 \(itself not judged in this run\)/);
  });

  it('says plainly when everything was UNSUPPORTED, and exits 0', async () => {
    const env = await runFixtures('@req:RFC-SORT-01');
    const r = buildReport(env, catalog, runInfo());
    assert.equal(exitCodeFor(r), 0);
    assert.match(summarize(r), /Everything that ran was UNSUPPORTED/);
  });
});

describe('baselines', () => {
  const file = join(tmp, 'fixture-sp.yaml');
  const entries = `target: fixture-sp
entries:
  - id: RFC-CREATE-02
    sp: rfc
    reason: duplicates are accepted until the index lands
    link: https://example.com/issues/12
  - id: ENTRA-PATCH-01
    idp: entra-legacy
    reason: '"False" strings are not parsed yet'
  - id: RFC-ATTR-01
    reason: attributes is ignored
  - id: RFC-FILTER-01
    reason: flaky under load
  - id: RFC-PATCH-02
    reason: step under construction
`;

  it('turns listed failures into XFAIL and exits 0 when nothing else fails', () => {
    writeFileSync(file, entries);
    const b = loadBaseline(file, catalog);
    const r = buildReport(envelopes, catalog, runInfo(), b);
    assert.equal(result(r, 'RFC-CREATE-02').result, 'XFAIL');
    assert.match(result(r, 'RFC-CREATE-02').reason!, /duplicates are accepted until the index lands \(https:\/\/example\.com\/issues\/12\)/);
    assert.equal(result(r, 'ENTRA-PATCH-01', 'entra-legacy').result, 'XFAIL');
    assert.equal(result(r, 'ENTRA-PATCH-01', 'entra-aadoptscim062020').result, 'PASS', 'an entry naming a dialect leaves the others alone');
    assert.equal(result(r, 'RFC-ATTR-01').result, 'XFAIL', 'a WARN can be a known deviation too');
    assert.equal(exitCodeFor(r), 0);
  });

  it('turns a listed pass into XPASS, which fails the run until the entry is removed', () => {
    writeFileSync(file, `${entries}  - id: RFC-READ-01\n    reason: used to fail\n`);
    const r = buildReport(envelopes, catalog, runInfo(), loadBaseline(file, catalog));
    assert.equal(result(r, 'RFC-READ-01').result, 'XPASS');
    assert.equal(result(r, 'RFC-READ-01').reason, `listed as a known deviation in ${file} but passed: remove the entry`);
    assert.equal(exitCodeFor(r), 1);
  });

  it('round-trips: the baseline written from a report makes every FAIL and WARN an XFAIL', () => {
    const yaml = baselineFrom(report);
    const f = join(tmp, 'from-report.yaml');
    writeFileSync(f, yaml);
    const b = loadBaseline(f, catalog);
    assert.equal(b.target, 'fixture-sp');
    const bad = report.requirements.flatMap((r) => r.variants.filter((v) => v.result === 'FAIL' || v.result === 'WARN'));
    assert.equal(b.entries.length, bad.length);
    const r = buildReport(envelopes, catalog, runInfo(), b);
    for (const q of r.requirements) for (const v of q.variants) assert.ok(v.result !== 'FAIL' && v.result !== 'WARN', `${q.id} ${v.idp ?? ''} ${v.result}`);
    assert.equal(exitCodeFor(r), 0);
    // and again from the baselined report: the entries survive with their reasons
    const again = loadBaseline((writeFileSync(f, baselineFrom(r)), f), catalog);
    assert.deepEqual(again.entries.map((e) => e.reason), b.entries.map((e) => e.reason));
  });

  it('names what is wrong with a bad baseline', () => {
    const bad = (text: string, pattern: RegExp) => {
      const f = join(tmp, 'bad.yaml');
      writeFileSync(f, text);
      assert.throws(() => loadBaseline(f, catalog), (e: Error) => e instanceof BaselineError && pattern.test(e.message) && e.message.includes(f));
    };
    bad('target: x\nentries: [\n', /not valid YAML/);
    bad('target: x\nentries:\n  - id: RFC-NOPE-99\n    reason: r\n', /entry 1 \(RFC-NOPE-99\) names an unknown requirement id/);
    bad('target: x\nentries:\n  - id: RFC-READ-01\n    reason: ok\n  - id: RFC-PUT-01\n', /entry 2 \(RFC-PUT-01\) has no "reason"/);
    bad('target: x\nentries:\n  - id: RFC-READ-01\n    reason: r\n    sp: azure\n', /sp "azure"; expected aws or rfc/);
    bad('entries: []\n', /"target"/);
    bad('target: x\nentries:\n  - id: RFC-READ-01\n    reason: r\n    why: typo\n', /unknown key why/);
    assert.throws(() => loadBaseline(join(tmp, 'missing.yaml'), catalog), /cannot be read: ENOENT/);
  });
});

describe('shards', () => {
  it('merges two shards into the single run\'s verdicts', async () => {
    await writeRunReports({ reportDir: shardA, ndjsonPaths: [join(shardA, 'messages.ndjson')], catalog, run: runInfo({ runId: 'a', tags: 'not @left-out and @fixture-sp' }), secrets: [FAKE_TOKEN] });
    await writeRunReports({ reportDir: shardB, ndjsonPaths: [join(shardB, 'messages.ndjson')], catalog, run: runInfo({ runId: 'b', tags: 'not @left-out and not @fixture-sp' }), secrets: [FAKE_TOKEN] });
    const shardOnly = buildReport(JSON.parse('[]'), catalog, runInfo());
    assert.ok(shardOnly.requirements.every((r) => r.verdict === 'NOT-RUN' || r.verdict === 'NOT-APPLICABLE'));

    const merged = mergeRunDirs([shardA, shardB]);
    assert.equal(merged.run!.spProfile, 'rfc');
    assert.equal(merged.envelopes.filter((e) => e.meta).length, 1);
    assert.equal(new Set(merged.envelopes.filter((e) => e.source).map((e) => e.source!.uri)).size, merged.envelopes.filter((e) => e.source).length);
    // the shards' messages were scrubbed in place when their reports were written: compare with the scrubbed single run
    assert.equal(merged.envelopes.filter((e) => e.pickle).length, envelopes.filter((e) => e.pickle).length, 'one pickle per location');
    assert.equal(merged.envelopes.filter((e) => e.testRunStarted).length, 1);
    const steps = indexRun(merged.envelopes).cases.flatMap((c) => c.attempts.flatMap((a) => a.steps.filter((s) => s.kind === 'step')));
    assert.ok(steps.length > 20 && steps.every((s) => ['Given', 'When', 'Then', 'And'].includes(s.keyword)), 'keywords survive the merge');
    const single = reportRedactor([FAKE_TOKEN]).json(buildReport(envelopes, catalog, runInfo())) as ConformanceReport;
    assert.deepEqual(comparable(buildReport(merged.envelopes, catalog, merged.run!)), comparable(single));

    const out = join(tmp, 'merged');
    const io = { lines: [] as string[], out(s: string) { this.lines.push(s); }, err(s: string) { this.lines.push(s); } };
    const code = await reportMain(['report', 'merge', shardA, shardB, '--report-dir', out], io);
    assert.equal(code, 1);
    const written = JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')) as ConformanceReport;
    const singleWritten = (await writeRunReports({ reportDir: full, ndjsonPaths: [join(full, 'messages.ndjson')], catalog, run: runInfo(), secrets: [FAKE_TOKEN] })).report;
    assert.deepEqual(comparable(written), comparable(singleWritten));
    assert.equal(written.run.tags, '(not @left-out and @fixture-sp) or (not @left-out and not @fixture-sp)');
    assert.match(io.lines.join('\n'), /RFC conformance: +FAIL/);
  });

  it('refuses to merge shards of different profiles, in one sentence', async () => {
    const other = join(tmp, 'shard-aws');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'messages.ndjson'), readFileSync(join(shardA, 'messages.ndjson')));
    writeFileSync(join(other, 'run.json'), JSON.stringify(runInfo({ spProfile: 'aws' })));
    const errs: string[] = [];
    const code = await reportMain(['merge', shardA, other], { out: () => {}, err: (s) => errs.push(s) });
    assert.equal(code, 2);
    assert.match(errs.join(''), /different SP profiles/);
  });
});

describe('files', () => {
  it('writes JUnit with one well-formed test case per requirement × variant', async () => {
    const { report: r } = await writeRunReports({ reportDir: full, ndjsonPaths: [join(full, 'messages.ndjson')], catalog, run: runInfo(), secrets: [FAKE_TOKEN] });
    const xml = readFileSync(join(full, 'junit.xml'), 'utf8');
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(xml, 'text/xml');
    assert.deepEqual(errors, []);
    const cases = Array.from(doc.getElementsByTagName('testcase'));
    const variants = r.requirements.flatMap((q) => q.variants.map((v) => ({ q, v })));
    assert.equal(cases.length, variants.length);
    assert.equal(new Set(cases.map((c) => c.getAttribute('name'))).size, cases.length, 'names are unique');
    const byName = new Map(cases.map((c) => [c.getAttribute('name'), c]));
    const c409 = byName.get('RFC-CREATE-02 [rfc]')!;
    assert.equal(c409.getAttribute('classname'), 'RFC');
    assert.match(c409.getElementsByTagName('failure')[0].getAttribute('message')!, /Expected 409/);
    assert.equal(byName.get('ENTRA-PATCH-01 [rfc/entra-legacy]')!.getElementsByTagName('failure').length, 1);
    assert.equal(byName.get('RFC-SORT-01 [rfc]')!.getElementsByTagName('skipped').length, 1);
    assert.equal(byName.get('AP-USER-01 [rfc]')!.getElementsByTagName('skipped').length, 1);
    const warn = byName.get('RFC-ATTR-01 [rfc]')!;
    assert.equal(warn.getElementsByTagName('failure').length + warn.getElementsByTagName('skipped').length, 0);
    assert.match(warn.getElementsByTagName('system-out')[0].textContent!, /^WARN/);
    const root = doc.getElementsByTagName('testsuites')[0];
    assert.equal(Number(root.getAttribute('tests')), variants.length);
    assert.equal(Number(root.getAttribute('failures')), variants.filter((x) => x.v.result === 'FAIL' || x.v.result === 'XPASS').length);
  });

  it('leaves the token in no file of the report folder', async () => {
    assert.ok(!readFileSync(join(shardA, 'messages.ndjson'), 'utf8').includes(FAKE_TOKEN), 'a shard\'s messages are scrubbed in place');
    // the fixture run leaks the token into headers, bodies, a failure message and a mock IdP log line
    const fresh = join(tmp, 'leaky');
    await runFixtures('not @left-out', join(fresh, 'messages.ndjson'));
    assert.ok(readFileSync(join(fresh, 'messages.ndjson'), 'utf8').includes(FAKE_TOKEN), 'the fixture does leak it');
    writeFileSync(join(fresh, 'cucumber-junit.xml'), `<testsuite><failure message="token ${FAKE_TOKEN}"/></testsuite>`);
    const { summary } = await writeRunReports({ reportDir: fresh, ndjsonPaths: [join(fresh, 'messages.ndjson')], catalog, run: runInfo(), secrets: [FAKE_TOKEN] });
    assert.ok(!summary.includes(FAKE_TOKEN));
    const files = readdirSync(fresh).filter((f) => statSync(join(fresh, f)).isFile());
    assert.ok(files.includes('conformance.html') && files.includes('conformance.json') && files.includes('junit.xml') && files.includes('run.json'));
    for (const f of files) assert.ok(!readFileSync(join(fresh, f)).includes(FAKE_TOKEN), `${f} contains the token`);
    const html = readFileSync(join(fresh, 'conformance.html'), 'utf8');
    assert.match(html, /\[REDACTED\]/);
  });

  it('prints one screen: areas, the three verdicts, the failures with reasons', () => {
    const s = summarize(report, { reportDir: 'reports' });
    assert.ok(s.split('\n').length <= 50, 'fits on one screen');
    assert.match(s, /^ {2}RFC +2 +4 +1 +· +1 /m);
    assert.match(s, /AWS fidelity: +not assessed: this run used the rfc profile/);
    assert.match(s, /RFC conformance: +FAIL · 4 failures, 1 warning, 2 passed, 1 unsupported/);
    assert.match(s, /IdP readiness, Entra ID \(legacy\): +FAIL · 1 failure/);
    assert.match(s, /RFC-CREATE-02 \[rfc\] Expected 409 for a duplicate userName, got 201/);
    assert.match(s, /FAILED \(exit 1\)/);
  });
});

describe('cli', () => {
  const io = () => ({ lines: [] as string[], out(s: string) { this.lines.push(s); }, err(s: string) { this.lines.push(s); } });
  it('writes a starting baseline from conformance.json', async () => {
    const out = join(tmp, 'start.yaml');
    const i = io();
    assert.equal(await reportMain(['report', '--baseline-from', join(full, 'conformance.json'), '--out', out], i), 0);
    assert.ok(loadBaseline(out, catalog).entries.some((e) => e.id === 'RFC-CREATE-02'));
  });
  it('answers bad usage with one sentence and 2', async () => {
    for (const argv of [['report'], ['report', 'frobnicate'], ['report', 'merge'], ['report', 'merge', '/nope'], ['report', 'merge', shardA, '--colour', 'x'], ['report', '--baseline-from', '/nope.json']]) {
      const i = io();
      assert.equal(await reportMain(argv, i), 2, argv.join(' '));
      assert.equal(i.lines.length, 1, argv.join(' '));
    }
    const i = io();
    assert.equal(await reportMain(['merge', shardA, '--baseline', join(tmp, 'bad.yaml')], i), 2);
    assert.match(i.lines[0], /baseline/);
  });
});
