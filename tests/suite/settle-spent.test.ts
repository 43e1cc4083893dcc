// A late write is no deviation, so a check reads again for the whole settle time (--settle-ms) before it fails: each
// deviation costs that wait (member-add-ignored: 42 s of a 46 s run). The summary says how many checks spent it, so a
// long run against a failing SP is explained; waits that end in the write showing (a lagging SP) are not counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './helpers.js';

const ROW = ['--sp-profile', 'rfc', '--seed', '7', '--req', 'RFC-GROUP-01', '--settle-ms', '400'];

test('checks that spent the whole settle time in vain are counted, with their time, in the summary and conformance.json', async () => {
  const r = await runCli(['run', ...ROW, '--faults', 'member-add-ignored']);
  assert.ok(r.report, r.stderr);
  const spent = r.report.run.traffic?.settleSpent;
  // the read pace's first three pauses (25, 50 and 100 ms) are spent before a 400 ms budget can run out, however slow the reads
  assert.ok(spent && spent.checks > 0 && spent.ms >= spent.checks * 150, JSON.stringify(spent));
  assert.match(r.stdout, new RegExp(`Traffic: ${spent.checks} checks? read again for the whole settle time and still did not see the write \\(\\d+\\.\\d s in all\\)`));
});

test('waits that end with the write shown are not counted: a lagging SP costs nothing there', async () => {
  const r = await runCli(['run', ...ROW, '--variants', 'lagging-lists']);
  assert.ok(r.report, r.stderr);
  assert.deepEqual(r.report.run.traffic?.settleSpent, { checks: 0, ms: 0 });
  assert.doesNotMatch(r.stdout, /read again for the whole settle time/);
});
