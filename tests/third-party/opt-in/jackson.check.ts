// The suite against @boxyhq/saml-jackson's Directory Sync (opt-in: `npm run third-party:jackson` installs it
// under .tmp/third-party/jackson and runs this file). Judged as the servers npm test runs are: with its
// baseline (fixtures/expectations/jackson.yaml) the run exits 0, and every verdict is the committed one
// (fixtures/third-party/jackson.verdicts.json; regenerate: node --import tsx scripts/third-party-baseline.ts jackson).
import { test } from 'node:test';
import { expectCommittedVerdicts, runAgainst } from '../run-against.js';

test('the suite against jackson gives its committed verdicts', async () => {
  expectCommittedVerdicts('jackson', await runAgainst('jackson', { baseline: true }));
});
