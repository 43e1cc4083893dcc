// The suite proves itself: against deliberately broken variants of the reference, each fails exactly
// the requirements it breaks, by id, and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, failing, reasonsOf } from './helpers.js';
import type { FaultName } from '../../support/reference-server/scim/types.js';

interface Mutant { fault: FaultName; profile: 'aws' | 'rfc'; breaks: string[]; tags?: string }

// What each fault breaks, from the catalogue's wording; the run must fail these ids and only these.
export const MUTANTS: Mutant[] = [
  // AWS-EVENT-01 names the refused multi-value create's event, and ENTRA-MAP-01 is the seed's
  // troubleshooting entry about exactly that refusal: a reference that accepts several values breaks all three.
  { fault: 'accept-multiple-values', profile: 'aws', breaks: ['AP-USER-03', 'AWS-EVENT-01', 'ENTRA-MAP-01'] },
  { fault: 'deleted-token-accepted', profile: 'aws', breaks: ['AP-TOKEN-02'] },
  { fault: 'expired-token-accepted', profile: 'aws', breaks: ['AP-TOKEN-05'] },
  { fault: 'wrong-tenant-accepted', profile: 'aws', breaks: ['AWS-TENANT-01'] },
  { fault: 'duplicate-username-200', profile: 'rfc', breaks: ['RFC-CREATE-02'] },
  // under aws, AP-USER-06 also promises unique user names (AWS user guide)
  { fault: 'duplicate-username-200', profile: 'aws', breaks: ['AP-USER-06', 'RFC-CREATE-02'] },
  { fault: 'ignore-count', profile: 'aws', breaks: ['AWS-PAGE-01'] },
  { fault: 'ignore-count', profile: 'rfc', breaks: ['RFC-PAGE-01'] },
  { fault: 'legacy-member-remove-all', profile: 'rfc', breaks: ['ENTRA-PATCH-04'] },
  { fault: 'delete-emptied-groups', profile: 'rfc', breaks: ['OL-GROUP-02'] },
  // a half-applied PATCH is both a non-atomic PATCH and a refused write that changed state
  { fault: 'patch-not-atomic', profile: 'rfc', breaks: ['RFC-PATCH-02', 'RFC-STATE-01'] },
];

for (const mutant of MUTANTS) {
  test(`the reference with "${mutant.fault}" (sp-profile ${mutant.profile}) fails exactly ${mutant.breaks.join(', ')}`, async () => {
    const run = await runCli(['run', '--faults', mutant.fault, '--sp-profile', mutant.profile, '--seed', '1234', '--quiet',
      ...(mutant.tags ? ['--tags', mutant.tags] : [])]);
    assert.ok(run.report, run.stderr);
    const failed = failing(run.report);
    assert.deepEqual(failed, [...mutant.breaks].sort(), `failed ids differ from what "${mutant.fault}" breaks:\n${reasonsOf(run.report, failed)}`);
    assert.equal(run.code, 1, 'a broken must-level rule exits 1');
  });
}
