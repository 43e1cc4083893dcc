// One run writes a report folder at a time: two would empty each other's ledger of what they created on the SP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, ReportFolderBusy, holdReportFolder } from '../../support/cli/ledger.ts';
import { runCli } from '../suite/helpers.ts';

test('a second run into a held folder is refused, naming the run that holds it; a killed run\'s lock is taken over', () => {
  const folder = mkdtempSync(join(tmpdir(), 'scim-lock-'));
  const release = holdReportFolder(folder);
  assert.equal(JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8')).pid, process.pid);
  writeFileSync(join(folder, LOCK_FILE), JSON.stringify({ pid: 999_999, startedAt: '2026-12-06T20:00:00.000Z' }));
  assert.throws(() => holdReportFolder(folder, () => true), (e: Error) => {
    assert.ok(e instanceof ReportFolderBusy);
    assert.match(e.message, /^another run \(pid 999999, started 2026-12-06T20:00:00\.000Z\) is writing reports to .*: give this run its own --report-dir/);
    return true;
  });
  release();
  assert.ok(existsSync(join(folder, LOCK_FILE)), 'a release leaves a lock it does not hold');
  const mine = holdReportFolder(folder, () => false);
  assert.equal(JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8')).pid, process.pid, 'the dead run\'s lock is taken over');
  mine();
  assert.equal(existsSync(join(folder, LOCK_FILE)), false);
  writeFileSync(join(folder, LOCK_FILE), 'not json');
  holdReportFolder(folder)();
});

test('run: a folder another live run holds exits 2 before touching the target or the folder\'s ledger', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'scim-lock-'));
  writeFileSync(join(folder, 'created.ndjson'), '{"kind":"Users","id":"u1","base":"http://127.0.0.1:9/x"}\n');
  writeFileSync(join(folder, LOCK_FILE), JSON.stringify({ pid: process.pid, startedAt: '2026-12-06T20:00:00.000Z' }));
  const run = await runCli(['run', '--report-dir', folder, '--req', 'RFC-READ-01', '--quiet'], { timeoutMs: 60_000 });
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, new RegExp(`another run \\(pid ${process.pid}, .*is writing reports to ${folder}`));
  assert.equal(readFileSync(join(folder, 'created.ndjson'), 'utf8').length > 0, true, 'the other run\'s ledger is left as it was');
  assert.ok(existsSync(join(folder, LOCK_FILE)), 'and so is its lock');
});
