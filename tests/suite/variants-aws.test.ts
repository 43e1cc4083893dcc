// The aws profile's share of variants.test.ts: the variants lawful under the aws profile too give no FAIL and no
// WARN on its HTTP plan. A file of its own, in one batch process, so that npm test's lanes run it beside the
// rfc variants rather than after them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inOneProcess, failing, reasonsOf } from './helpers.js';

// Lawful under the aws profile too: AWS's own lists are eventually consistent, and an SP certified against
// the aws profile may well read through a cache or a replica (one that sees a create late too), and count its ids, and write its dateTimes at an
// offset of its own (an xsd:dateTime may carry any, RFC 7643 §2.3.5). (The other variants change
// what the aws profile pins down.) Reordered values and the SP's own extension bend nothing AWS pins down
// either (one run for the two).
const VARIANTS_UNDER_AWS = ['lagging-lists', 'lagging-reads', 'lagging-creates', 'sequential-ids', 'offset-timestamps',
  'reordered-values,vendor-extension,pretty-printed-json,unstable-order,explicit-nulls'];

// Every run shares one process (`batch`), in this order.
const runOf = inOneProcess(VARIANTS_UNDER_AWS.map((variant) => ['run', '--variants', variant, '--sp-profile', 'aws', '--seed', '4242', '--quiet', '--tags', 'not @console']));

VARIANTS_UNDER_AWS.forEach((variant, i) => {
  test(`the reference with the variant "${variant}" (sp-profile aws, HTTP plan) gives no FAIL and no WARN`, async () => {
    const run = await runOf(i);
    assert.ok(run.report, run.stderr);
    const failed = failing(run.report);
    assert.deepEqual(failed, [], `"${variant}" breaks no rule of the aws profile, yet the suite reports:\n${reasonsOf(run.report, failed)}`);
  });
});
