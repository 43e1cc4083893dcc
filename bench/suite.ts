// bench/suite.ts — how fast the whole catalogue runs against the embedded reference, and what the
// harness costs per HTTP exchange beside a raw fetch loop sending the same requests in the same run.
// Run: node --import tsx bench/suite.ts [--sp-profile aws|rfc]
// Targets (issue 3): full catalogue under 20 s on 2 cores; harness time per exchange under 1.5× raw.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startReferenceServer } from '../support/reference-server/index.js';
import type { Exchange } from '../support/scim/exchange.js';
import { TRANSCRIPT_MEDIA_TYPE } from '../support/scim/exchange.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const profile = process.argv.includes('--sp-profile') ? process.argv[process.argv.indexOf('--sp-profile') + 1] : 'aws';
const reportDir = mkdtempSync(join(tmpdir(), 'bench-suite-'));

// 1. The suite, as a user runs it (one process: start-up, target, cucumber, reports).
const wallStart = performance.now();
const run = spawnSync(process.execPath, [join(root, 'bin/scim-conformance.js'), 'run', '--sp-profile', profile, '--quiet', '--seed', '1', '--report-dir', reportDir], { cwd: root, encoding: 'utf8' });
const wallMs = performance.now() - wallStart;
if (run.status !== 0 && run.status !== 1) { console.error(run.stderr); process.exit(1); }

const envelopes = readFileSync(join(reportDir, 'messages.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const ts = (t: { seconds: number; nanos: number }) => t.seconds * 1000 + t.nanos / 1e6;
const runStarted = ts(envelopes.find((e) => e.testRunStarted).testRunStarted.timestamp);
const runFinished = ts(envelopes.find((e) => e.testRunFinished).testRunFinished.timestamp);
const scenarios = envelopes.filter((e) => e.testCaseFinished).length;
const exchanges: Exchange[] = envelopes.filter((e) => e.attachment?.mediaType === TRANSCRIPT_MEDIA_TYPE)
  .flatMap((e) => JSON.parse(e.attachment.body) as Exchange[]);
const cucumberMs = runFinished - runStarted;

// 2. The same requests through a bare fetch loop, against a fresh reference in this process.
const adminToken = randomBytes(16).toString('hex');
const server = await startReferenceServer({ adminToken, port: 0, defaultProfile: profile as 'aws' | 'rfc' });
const admin = async (method: string, path: string) => (await fetch(`${server.url}/admin${path}`, { method, headers: { authorization: `Bearer ${adminToken}` } })).json() as Promise<any>;
const tenant = await admin('POST', '/tenants');
const enabled = await admin('POST', `/tenants/${tenant.id}/provisioning`);
const base = enabled.scimEndpoint.replace(/\/$/, '');
const scimRequests = exchanges.filter((x) => /\/scim\/v2\//.test(x.request.url));
const rawStart = performance.now();
for (const x of scimRequests) {
  const path = x.request.url.replace(/^.*\/scim\/v2/, '');
  const body = x.request.rawBody ?? (x.request.body === undefined ? undefined : JSON.stringify(x.request.body));
  const res = await fetch(base + path, { method: x.request.method, body,
    headers: { authorization: `Bearer ${enabled.accessToken.token}`, ...(body ? { 'content-type': 'application/scim+json' } : {}) } });
  await res.arrayBuffer();
}
const rawMs = performance.now() - rawStart;
await server.close();

const perExchangeSuite = cucumberMs / Math.max(1, exchanges.length);
const perExchangeRaw = rawMs / Math.max(1, scimRequests.length);
const ratio = perExchangeSuite / perExchangeRaw;
const fmt = (n: number) => n.toFixed(2);
console.log(`sp-profile ${profile}: ${scenarios} scenarios, ${exchanges.length} exchanges`);
console.log(`whole command (start-up, target, run, reports): ${fmt(wallMs / 1000)} s   [target < 20 s: ${wallMs < 20_000 ? 'PASS' : 'MISS'}]`);
console.log(`cucumber run: ${fmt(cucumberMs / 1000)} s, ${fmt(scenarios / (cucumberMs / 1000))} scenarios/s`);
console.log(`per exchange: suite ${fmt(perExchangeSuite)} ms, raw fetch loop ${fmt(perExchangeRaw)} ms (${scimRequests.length} requests) → ratio ${fmt(ratio)}×   [target < 1.5×: ${ratio < 1.5 ? 'PASS' : 'MISS'}]`);
