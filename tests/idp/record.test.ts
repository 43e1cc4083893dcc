// The record proxy forwards the raw request and writes a redacted transcript the replayer can read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordMain } from '../../support/cli/record.ts';
import { loadTranscript } from '../../support/idp/replay.ts';
import { startCaptureServer } from './capture-server.ts';

test('record forwards the exact path and writes a redacted transcript', async () => {
  const upstream = await startCaptureServer();
  const out = join(mkdtempSync(join(tmpdir(), 'rec-')), 't.json');
  let proxy = '';
  const done = recordMain(['--listen', '0', '--upstream', upstream.base, '--out', out, '--max', '1'], (url) => { proxy = url; });
  while (!proxy) await new Promise((r) => setTimeout(r, 5));
  const res = await fetch(`${proxy}/Users?filter=userName+eq+%22x%22&`, { headers: { authorization: 'Bearer secret-token-123456' } });
  assert.equal(res.status, 200);
  assert.equal(await done, 0);
  assert.equal(upstream.captured[0].path, '/scim/v2/Users?filter=userName+eq+%22x%22&');
  const text = readFileSync(out, 'utf8');
  assert.ok(!text.includes('secret-token-123456'));
  const t = loadTranscript(out);
  assert.equal(t.length, 1);
  assert.equal(t[0].request.url, `${upstream.base}/Users?filter=userName+eq+%22x%22&`);
  await upstream.close();
});
