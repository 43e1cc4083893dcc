// The aws profile's share of variants.test.ts: the variants lawful under the aws profile too give no FAIL and no
// WARN on its HTTP plan. A file of its own, in one batch process, so that npm test's lanes run it beside the
// rfc variants rather than after them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAWFUL_UNDER_AWS, type VariantName } from '../../support/reference-server/scim/variants.js';
import { inOneProcess, failing, reasonsOf } from './helpers.js';

// LAWFUL_UNDER_AWS (variants.ts) says which, and why. Those that only shape an answer bend nothing AWS pins down
// and cannot hide one another: one run for them.
const SHAPES_UNDER_AWS: VariantName[] = ['reordered-values', 'vendor-extension', 'pretty-printed-json', 'unstable-order', 'explicit-nulls', 'lowercase-schema-urns'];
const VARIANTS_UNDER_AWS = [...LAWFUL_UNDER_AWS.filter((v) => !SHAPES_UNDER_AWS.includes(v)), SHAPES_UNDER_AWS.join(',')];

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
