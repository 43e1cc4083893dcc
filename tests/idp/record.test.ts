// The record proxy forwards the raw request and writes a redacted transcript the replayer can read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecordOptions, recordMain } from '../../support/cli/record.ts';
import { testCa } from '../transport/helpers.ts';
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

// An upstream behind a private CA (a staging SP) was unreachable through record: it had no --ca-file. Its answers
// were decoded only when gzip or deflate; br came into the transcript as bytes.
test('record forwards to an https upstream it trusts with --ca-file, and writes its brotli answer decoded', async () => {
  const { ca, cert, key } = await testCa();
  const upstream = createHttpsServer({ cert, key }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/scim+json', 'content-encoding': 'br' });
    res.end(brotliCompressSync(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] })));
  });
  await new Promise<void>((ok) => upstream.listen(0, '127.0.0.1', ok));
  const dir = mkdtempSync(join(tmpdir(), 'rec-tls-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca);
  const out = join(dir, 't.json');
  let proxy = '';
  const done = recordMain(['--listen', '0', '--upstream', `https://127.0.0.1:${(upstream.address() as AddressInfo).port}/scim/v2`, '--out', out, '--max', '1', '--ca-file', caFile], (url) => { proxy = url; });
  while (!proxy) await new Promise((r) => setTimeout(r, 5));
  const res = await fetch(`${proxy}/Users`, { headers: { authorization: 'Bearer secret-token-123456' } });
  assert.equal(res.status, 200);
  assert.equal(await done, 0);
  const t = loadTranscript(out);
  assert.equal(t[0].response?.status, 200);
  assert.equal((t[0].response?.body as { totalResults?: number })?.totalResults, 0);
  // without the CA: a 502 naming the certificate, the failure in the transcript, and --max counts it
  const out2 = join(dir, 't2.json');
  let proxy2 = '';
  const done2 = recordMain(['--listen', '0', '--upstream', `https://127.0.0.1:${(upstream.address() as AddressInfo).port}/scim/v2`, '--out', out2, '--max', '1'], (url) => { proxy2 = url; });
  while (!proxy2) await new Promise((r) => setTimeout(r, 5));
  const refused = await fetch(`${proxy2}/Users`);
  assert.equal(refused.status, 502);
  assert.match(await refused.text(), /certificate/i);
  assert.equal(await done2, 0);
  upstream.close();
  assert.throws(() => parseRecordOptions(['--listen', '0', '--upstream', 'https://127.0.0.1:1', '--ca-file', join(dir, 'nope.pem')]), /--ca-file .*no such file/);
});
