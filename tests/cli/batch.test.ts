// scim-conformance batch: several runs in one process. Each run must judge as it would alone (the step
// definitions are loaded once and handed on; nothing of one run's target may reach the next), a line that
// cannot be read is named and skipped over, and Ctrl-C stops after the run in flight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBatch, worstExit } from '../../support/cli/batch.js';
import { BIN, ROOT, reportFolder, runCli, verdictMap } from '../suite/helpers.js';
import type { ConformanceReport } from '../../support/report/types.js';

test('a batch file: a JSON array of run arguments a line; blank lines and # comments skipped; a bad line named by its number', () => {
  const lines = parseBatch('# the page rows\n["run", "--req", "RFC-PAGE-01"]\n\n--req RFC-PAGE-01\n{"faults": "x"}\n["--seed", 7]\n');
  assert.deepEqual(lines[0], { line: 2, args: ['--req', 'RFC-PAGE-01'] }, 'a leading "run" is the command, not an argument');
  assert.match(lines[1].error!, /^line 4 is not JSON .*JSON array of strings/);
  assert.match(lines[2].error!, /^line 5 is not a JSON array of strings/);
  assert.match(lines[3].error!, /^line 6 is not a JSON array of strings/);
  assert.equal(lines.length, 4);
  assert.equal(worstExit([0, 1, 0]), 1);
  assert.equal(worstExit([0, 2, 1]), 2);
  assert.equal(worstExit([1, 130, 4]), 130);
  assert.equal(worstExit([]), 0);
});

const PAGING = ['--req', 'RFC-PAGE-01', '--sp-profile', 'rfc', '--seed', '99', '--quiet'];
const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;

test('runs in one batch judge as each would alone: a fault stays with its run, and a run after a bad line goes on', async () => {
  const dir = reportFolder('scim-conformance-batch-');
  const file = join(dir, 'runs.ndjson');
  writeFileSync(file, [JSON.stringify(['--faults', 'ignore-count', ...PAGING]), 'not a run', JSON.stringify(PAGING),
    JSON.stringify(['run', '--faults', 'ignore-count', ...PAGING])].join('\n'));
  const batch = await runCli(['batch', file, '--report-dir', join(dir, 'out')]);
  const results = batch.stdout.trim().split('\n').filter((l) => l.startsWith('{"batch"')).map((l) => JSON.parse(l).batch);
  assert.deepEqual(results.map((r) => [r.line, r.exit]), [[1, 1], [2, 2], [3, 0], [4, 1]], batch.stderr);
  assert.equal(batch.code, 2, 'the batch exits with the worst code of its runs');
  assert.match(batch.stderr, /line 2 is not JSON/);
  assert.deepEqual(results.map((r) => r.reportDir), [join(dir, 'out', 'run-1'), undefined, join(dir, 'out', 'run-3'), join(dir, 'out', 'run-4')],
    'a run without its own --report-dir writes to one folder a line');

  const [faulty, healthy, again] = [1, 3, 4].map((line) => read(join(dir, 'out', `run-${line}`)));
  assert.equal(verdictMap(healthy)['RFC-PAGE-01 rfc/-'], 'PASS', 'the fault of the run before does not reach the next run');
  assert.equal(verdictMap(faulty)['RFC-PAGE-01 rfc/-'], 'FAIL');
  assert.deepEqual(verdictMap(again), verdictMap(faulty), 'a later run in the process judges as the first did');
  const alone = await runCli(['run', '--faults', 'ignore-count', ...PAGING]);
  assert.deepEqual(verdictMap(alone.report!), verdictMap(faulty), 'and as the same run alone');
  assert.notEqual(faulty.run.runId, again.run.runId, 'each run has its own id, so its own names');
});

test('Ctrl-C stops a batch after the run in flight: its reports are written, later runs do not start, exit 130', async () => {
  const dir = reportFolder('scim-conformance-batch-');
  const file = join(dir, 'runs.ndjson');
  const plan = ['--sp-profile', 'rfc', '--seed', '5', '--quiet', '--tags', 'not @console'];
  writeFileSync(file, [plan, plan].map((args) => JSON.stringify(args)).join('\n'));
  const child = spawn(process.execPath, [BIN, 'batch', file, '--report-dir', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d) => { stdout += d; });
  // the first run has begun once its ledger exists
  for (let i = 0; i < 200 && !existsSync(join(dir, 'run-1', 'created.ndjson')); i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 500));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 130);
  assert.ok(existsSync(join(dir, 'run-1', 'conformance.json')), 'the interrupted run wrote its reports');
  assert.ok(!existsSync(join(dir, 'run-2')), 'the next run did not start');
  assert.match(stdout, /"line":1,"exit":130/);
});

test('nothing of one run\'s target reaches the next: a url: run after an embedded one has no credentials of its own, and says so', async () => {
  const seen: string[] = [];
  const server = createServer((req, res) => { seen.push(String(req.headers.authorization ?? '')); res.writeHead(404); res.end(); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const dir = reportFolder('scim-conformance-batch-');
    const file = join(dir, 'runs.ndjson');
    writeFileSync(file, [JSON.stringify(PAGING), JSON.stringify(['--target', `url:http://127.0.0.1:${(server.address() as { port: number }).port}/scim/v2`, '--quiet'])].join('\n'));
    const batch = await runCli(['batch', file, '--report-dir', dir], { env: { SCIM_TOKEN: '' } });
    const results = batch.stdout.trim().split('\n').filter((l) => l.startsWith('{"batch"')).map((l) => JSON.parse(l).batch);
    assert.deepEqual(results.map((r) => r.exit), [0, 2], batch.stderr);
    assert.match(batch.stderr, /A url: target needs credentials/);
    assert.deepEqual(seen, [], 'the url: target was never sent the embedded run\'s token');
  } finally {
    server.close();
  }
});
