// The sweep's list of lawful choices beside which a fault cannot show names real faults and variants, and no mutant
// row expects such a fault to show beside such a variant (the two would contradict each other).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAULTS } from '../../support/reference-server/scim/types.ts';
import { VARIANTS } from '../../support/reference-server/scim/variants.ts';
import { UNREACHABLE_BESIDE, unreachableBeside } from './helpers.ts';
import { MUTANTS } from './mutants.ts';

test('UNREACHABLE_BESIDE names faults and variants that exist, and no mutant row contradicts it', () => {
  for (const u of UNREACHABLE_BESIDE) {
    for (const f of u.faults) assert.ok(f in FAULTS, `${f} is not a fault`);
    for (const v of u.variants) assert.ok(v in VARIANTS, `${v} is not a variant`);
  }
  for (const m of MUTANTS) {
    if (!m.variants) continue;
    assert.equal(unreachableBeside(m.fault, m.variants.split(',')), undefined, `the mutant table expects ${m.fault} to show beside ${m.variants}`);
  }
  assert.match(unreachableBeside('patch-not-atomic', ['sequential-ids', 'no-patch']) ?? '', /^beside no-patch the SP serves no PATCH/);
  assert.equal(unreachableBeside('patch-not-atomic', ['sequential-ids']), undefined);
});
