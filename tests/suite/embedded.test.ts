// The golden baseline: against the embedded reference every applicable rule passes, under both SP
// profiles, and a parallel run gives the same verdicts as a serial one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, failing, idsWith, reasonsOf, verdictMap } from './helpers.js';

for (const profile of ['aws', 'rfc'] as const) {
  test(`the whole catalogue passes against the embedded reference (sp-profile ${profile})`, async () => {
    const run = await runCli(['run', '--sp-profile', profile, '--seed', '4242', '--quiet']);
    assert.ok(run.report, `no conformance.json was written\n${run.stderr}`);
    const bad = failing(run.report);
    assert.deepEqual(bad, [], `rules that do not pass against the reference:\n${reasonsOf(run.report, bad)}\n${run.stderr.slice(-2000)}`);
    assert.deepEqual(idsWith(run.report, ['NOT-RUN']), [], 'every applicable catalogue id ran');
    assert.equal(run.code, 0, run.stderr.slice(-2000));
  });
}

test('--parallel 2 gives the same verdicts as a serial run', async () => {
  const [serial, parallel] = await Promise.all([
    // the HTTP plan: what --parallel could disturb is shared data on the tenant, not the browser scenarios
    runCli(['run', '--sp-profile', 'aws', '--seed', '7', '--quiet', '--tags', 'not @console']),
    runCli(['run', '--sp-profile', 'aws', '--seed', '7', '--quiet', '--parallel', '2', '--tags', 'not @console']),
  ]);
  assert.ok(serial.report && parallel.report);
  assert.deepEqual(verdictMap(parallel.report), verdictMap(serial.report));
});
