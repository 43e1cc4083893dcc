// The twin of mutants.test.ts: against conformant variants of the reference (lenient behaviours that
// RFC 7643/7644 allow), the whole catalogue under the rfc profile gives no FAIL and no WARN. A suite that
// fails one of these mistakes a legal choice for a deviation. The aws profile's share is variants-aws.test.ts,
// which npm test runs in another lane.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunOptions } from '../../support/cli/run.js';
import { UsageError } from '../../support/targets/target.js';
import { VARIANTS, type VariantName } from '../../support/reference-server/scim/variants.js';
import { BROKEN_TOGETHER, inOneProcess, failing, lawfulBreaks, reasonsOf, resultOf } from './helpers.js';

test('run --variants: known names only (one sentence naming them), and embedded only', () => {
  assert.deepEqual(parseRunOptions(['--variants', 'close-connections,eq-and-filters-only'], {}).variants, ['close-connections', 'eq-and-filters-only']);
  assert.throws(() => parseRunOptions(['--variants', 'nope'], {}), (e: unknown) => e instanceof UsageError
    && /"nope" is not a variant/.test(e.message) && e.message.includes('close-connections') && !e.message.trim().includes('\n'));
  assert.throws(() => parseRunOptions(['--variants', 'close-connections', '--target', 'url:http://127.0.0.1:1/scim/v2', '--token', 'T'], {}), UsageError);
});

// Every run below shares one process (`batch`), in the order the tests are registered.
const runs: string[][] = [];
const inBatch = (args: string[]) => { runs.push(args); const i = runs.length - 1; return () => runOf(i); };

// Choices of how an SP shapes what it answers, run together (one whole-catalogue run): none changes what a
// row may judge, so none can hide another, and together they are the everyday SP a real client meets.
const SHAPES: VariantName[] = ['reordered-values', 'server-filled-defaults', 'vendor-extension', 'pretty-printed-json',
  'error-details-name-the-request', 'endpoints-without-slash', 'explicit-nulls', 'bare-members', 'public-host-location', 'offset-timestamps',
  'bulk-status-objects'];
// endpoints-without-slash and endpoints-with-base-path are two spellings of one answer, so the second runs alone
// Choices of how an SP writes back names and values that are not caseExact, or that it canonicalises: the same holds,
// and an SP that lowercases one usually lowercases the others.
const CANONICAL: VariantName[] = ['lowercase-attribute-names', 'lowercase-usernames', 'lowercase-emails', 'lowercase-group-names',
  'canonicalised-values', 'lowercase-resource-type-names', 'lowercase-schema-urns', 'lowercase-user-values'];
// Lawful choices that met badly in npm run sweep:variants (scripts/variant-sweep.ts): each held alone, not together.
// - A list that lags beside a filter parser that refuses most forms: RFC-FILTER-01 read its forms' answers again
//   only while the last form's answer was a 2xx, and the last form was one the SP refuses, so a late list was judged
//   at once.
// - No `userName sw` beside a refusal of every list without a filter (400 tooMany): paging fell back to the
//   unfiltered list, and RFC-PAGE-01 failed on its refusal, where no list can be walked at all (UNSUPPORTED now).
// - Cursor paging alone (RFC 9865) beside a page size of one: the sorted walk asked for startIndex 2, 3… and was
//   given the first page each time (RFC-SORT-01 red); a walk that judges no startIndex paging follows nextCursor.
const MET_TOGETHER: VariantName[][] = [['lagging-lists', 'eq-and-filters-only'], ['name-filters-only', 'unfiltered-lists-refused'],
  ['cursor-paging-only', 'one-result-per-page'],
  // the probe adds its member by PUT where PATCH is not served: else seven RFC rows were BLOCKED by RFC-GROUP-01
  ['no-patch', 'group-create-ignores-members'],
  // the probe read its group once, at once, after adding the member its create left out: a read-through cache answered
  // the group as it was, the probe called membership unreadable, and nine RFC rows were BLOCKED by RFC-GROUP-01
  ['group-create-ignores-members', 'lagging-reads'],
  // an empty list with neither totalResults (RFC 9865 lets a cursor-paged SP leave it out) nor Resources (null, as a
  // serialiser writes an empty list) says none: RFC-DISC-01 and RFC-FILTER-01 failed it as "no Resources list"
  ['cursor-paging-uncounted', 'explicit-nulls'],
  // an SP that names itself by its public address (the suite reaches it through a tunnel to 127.0.0.1, at another path)
  // writes a relative Location and /ResourceTypes' endpoints against that address: RFC-CREATE-01 failed the Location
  // as "differs from meta.location", and RFC-DISC-01 the endpoint "/scim/v2/Users"
  ['public-host-location', 'relative-location'], ['public-host-location', 'endpoints-with-base-path']];

for (const group of [SHAPES, CANONICAL, ...MET_TOGETHER]) {
  const breaks = lawfulBreaks(group, (v) => VARIANTS[v as VariantName].breaks);
  const result = inBatch(['run', '--variants', group.join(','), '--sp-profile', 'rfc', '--seed', '4242', '--quiet']);
  test(`the reference with the conformant variants ${group.join(', ')} at once (sp-profile rfc) passes the whole catalogue: no FAIL, no WARN${breaks.length ? ` but ${breaks.join(', ')}` : ''}`, async () => {
    const run = await result();
    assert.ok(run.report, run.stderr);
    assert.equal(run.report.run.target.id, `embedded (variants: ${group.join(', ')})`);
    const failed = failing(run.report);
    assert.deepEqual(failed, breaks, `the variants are conformant, yet the suite reports:\n${reasonsOf(run.report, failed.filter((id) => !breaks.includes(id)))}`);
    assertNothingLeftUnjudged(run.report);
  });
}

// An SP that checks each write against its schema beside a schema smaller than the IdPs' bodies: each IdP's create is
// refused, truly, so each IdP's create row is red and its other rows BLOCKED by it, once (Entra's had failed seven
// rows of its own: no Entra row owned its create). The suite's own users carry only what /Schemas declares: with
// displayName, name and active on them, RFC-CREATE-01 had failed and 45 rows were BLOCKED by it.
const STRICT_AND_SMALL: VariantName[][] = [['undeclared-attributes-refused', 'core-attributes-only'],
  ['undeclared-attributes-refused', 'no-display-name', 'no-name-or-active']];
for (const group of STRICT_AND_SMALL) {
  const breaks = [...new Set([...BROKEN_TOGETHER.filter((t) => t.variants.every((v) => group.includes(v as VariantName))).flatMap((t) => t.breaks), 'ENTRA-GROUP-01'])].sort();
  const result = inBatch(['run', '--variants', group.join(','), '--sp-profile', 'rfc', '--seed', '4242', '--quiet']);
  test(`the reference that refuses what its /Schemas does not declare, with ${group.slice(1).join(', ')} (sp-profile rfc), fails only each IdP's create row: ${breaks.join(', ')}`, async () => {
    const run = await result();
    assert.ok(run.report, run.stderr);
    const failed = failing(run.report);
    assert.deepEqual(failed, breaks, reasonsOf(run.report, failed.filter((id) => !breaks.includes(id))));
    assertNothingLeftUnjudged(run.report);
    for (const r of run.report.requirements.filter((x) => /^(OKTA|ENTRA|OL)-/.test(x.id) && !breaks.includes(x.id))) {
      for (const v of r.variants.filter((x) => x.result === 'BLOCKED')) assert.match(v.blockedBy ?? '', /^(OKTA-CREATE-01|ENTRA-CYCLE-01|OL-PROV-01)$/, `${r.id} [${v.idp}]: ${v.reason}`);
    }
  });
}

/**
 * A lawful SP leaves no RFC row BLOCKED (each is judged, or UNSUPPORTED where the SP lawfully lacks what it needs), nor
 * any row BLOCKED by an RFC row: an RFC row is at most a should-level finding there (a WARN the variant may earn), and
 * a row it stops would go unjudged on an SP that may well break it. BLOCKED by an IdP row the variant truly breaks is
 * right: an Okta that cannot connect judges nothing.
 */
function assertNothingLeftUnjudged(report: Parameters<typeof failing>[0]): void {
  const blocked = report.requirements.filter((r) => r.variants.some((v) => v.result === 'BLOCKED'
    && (r.id.startsWith('RFC-') || v.blockedBy?.startsWith('RFC-')))).map((r) => r.id);
  assert.deepEqual(blocked, [], `rows left unjudged on a lawful SP:\n${reasonsOf(report, blocked)}`);
}

const alone = new Map<VariantName, ReturnType<typeof inBatch>>();
for (const variant of (Object.keys(VARIANTS) as VariantName[]).filter((v) => !SHAPES.includes(v) && !CANONICAL.includes(v))) {
  const breaks = lawfulBreaks([variant], (v) => VARIANTS[v as VariantName].breaks);
  const result = inBatch(['run', '--variants', variant, '--sp-profile', 'rfc', '--seed', '4242', '--quiet']);
  alone.set(variant, result);
  test(`the reference with the conformant variant "${variant}" (sp-profile rfc) passes the whole catalogue: no FAIL, no WARN${breaks.length ? ` but ${breaks.join(', ')}` : ''}`, async () => {
    const run = await result();
    assert.ok(run.report, run.stderr);
    assert.equal(run.report.run.target.id, `embedded (variants: ${variant})`);
    const failed = failing(run.report);
    // a variant's breaks are IdP rows the lawful choice really breaks (an IdP that needs what the SP may leave out),
    // or RFC rows that only warn, for a SHOULD the SP lawfully leaves undone (create-answers-minimal's)
    assert.deepEqual([...failed].sort(), breaks, `"${variant}" is conformant, yet the suite reports:\n${reasonsOf(run.report, failed.filter((id) => !breaks.includes(id)))}`);
    for (const id of breaks.filter((b) => b.startsWith('RFC-'))) {
      assert.equal(run.report.requirements.find((r) => r.id === id)?.verdict, 'WARN', `"${variant}" leaves a SHOULD undone, never a MUST:\n${reasonsOf(run.report, [id])}`);
    }
    assertNothingLeftUnjudged(run.report);
  });
}

test('an SP that pages by cursor alone (RFC 9865) is not judged on startIndex paging: RFC-PAGE-01 is UNSUPPORTED, and says why', async () => {
  const run = await alone.get('cursor-paging-only')!();
  assert.ok(run.report, run.stderr);
  const page = run.report.requirements.find((r) => r.id === 'RFC-PAGE-01')!;
  assert.equal(page.verdict, 'UNSUPPORTED', reasonsOf(run.report, ['RFC-PAGE-01']));
  assert.match(page.variants[0]!.reason ?? '', /"index": false.*RFC 9865/);
  assert.equal(resultOf(run.report, 'RFC-SORT-01'), 'PASS', 'a sorted list is still judged');
});

// Where the probe saw an SP leave out a create's members, setup adds them at once: it had waited the whole settle
// time for each group's members first (12.9× the plain run in npm run sweep:variants). A settle time of a minute
// would show any such wait.
const withoutWaiting = inBatch(['run', '--variants', 'group-create-ignores-members', '--sp-profile', 'rfc', '--seed', '4242', '--quiet',
  '--req', 'RFC-STATE-01', '--settle-ms', '60000']);
test('an SP that leaves out a create\'s members costs no settle time: its groups get their members at once', async () => {
  const run = await withoutWaiting();
  assert.ok(run.report, run.stderr);
  assert.equal(resultOf(run.report, 'RFC-STATE-01'), 'PASS', reasonsOf(run.report, ['RFC-STATE-01']));
  assert.ok((run.seconds ?? Infinity) < 30, `${run.seconds} s with --settle-ms 60000`);
});

const runOf = inOneProcess(runs);
