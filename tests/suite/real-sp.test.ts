// Against a real SP the suite speaks what the SP speaks: https with the SP's CA, OAuth client credentials,
// paced traffic. The catalogue's verdicts must not depend on how the suite reaches the SP, and pacing is
// measured where it matters, at the server. Everything listens on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, verdictMap, reasonsOf, failing } from './helpers.js';
import { referenceWithTenant, testCa } from '../transport/helpers.js';

const listen = async (handler: Parameters<typeof createServer>[1]) => {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

/** A door in front of the SP at `upstream`: what `answers` answers stays at the door, the rest goes through. */
const doorTo = (upstream: URL, answers: (req: IncomingMessage, res: ServerResponse) => boolean) => listen((req, res) => {
  if (answers(req, res)) return;
  const fwd = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  fwd.on('error', () => { res.writeHead(502); res.end(); });
  req.pipe(fwd);
});

const body = (req: IncomingMessage): Promise<string> => new Promise((r) => { let b = ''; req.on('data', (c) => { b += c; }); req.on('end', () => r(b)); });

function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => { const p = join(dir, f); return statSync(p).isDirectory() ? filesOf(p) : [p]; });
}

// the HTTP plan: the @console scenarios drive the reference's own console in a browser, not the SCIM endpoint
const RUN = ['run', '--sp-profile', 'aws', '--seed', '21', '--quiet', '--rate', '0', '--tags', 'not @console'];

const CLIENT_SECRET = 'oauth-client-secret-4711';

/**
 * Two ways a real SP is reached: over https with a private CA (`secure`, its CA in `caFile`), and behind OAuth
 * client credentials (`behindOauth`, whose token endpoint `oauth` gives the tenant's own SCIM token to client
 * "suite" with CLIENT_SECRET, and counts what it issued).
 */
async function secureAndOauthTargets() {
  const { ca, cert, key } = await testCa();
  const secure = await referenceWithTenant({ tls: { cert, key } }, ca);
  const behindOauth = await referenceWithTenant();
  const caFile = join(mkdtempSync(join(tmpdir(), 'scimc-ca-')), 'ca.pem');
  writeFileSync(caFile, ca);
  let issued = 0;
  const oauth = await listen(async (req, res) => {
    const form = new URLSearchParams(await body(req));
    const ok = req.method === 'POST' && form.get('grant_type') === 'client_credentials' && form.get('client_id') === 'suite' && form.get('client_secret') === CLIENT_SECRET;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    if (ok) issued += 1;
    res.end(JSON.stringify(ok ? { access_token: behindOauth.token, token_type: 'Bearer', expires_in: 3600 } : { error: 'invalid_client' }));
  });
  return {
    secure, behindOauth, caFile, oauth, issued: () => issued,
    close: async () => { for (const r of [secure, behindOauth]) await r.server.close(); oauth.server.close(); },
  };
}

test('over https with --ca-file, and behind OAuth client credentials, the catalogue gives the verdicts it gives over plain http with a bearer token', { timeout: 600_000 }, async () => {
  const plain = await referenceWithTenant();
  const { secure, behindOauth, caFile, oauth, issued, close } = await secureAndOauthTargets();
  try {
    const [overHttp, overHttps, overOauth, untrusted] = await Promise.all([
      runCli([...RUN, '--target', `url:${plain.scimBase}`], { env: { SCIM_TOKEN: plain.token } }),
      runCli([...RUN, '--target', `url:${secure.scimBase}`, '--ca-file', caFile], { env: { SCIM_TOKEN: secure.token } }),
      runCli([...RUN, '--target', `url:${behindOauth.scimBase}`, '--oauth-token-url', `${oauth.origin}/token`, '--client-id', 'suite'], { env: { SCIM_CLIENT_SECRET: CLIENT_SECRET } }),
      runCli([...RUN, '--target', `url:${secure.scimBase}`], { env: { SCIM_TOKEN: secure.token } }),
    ]);
    for (const [name, run] of [['http', overHttp], ['https', overHttps], ['oauth', overOauth]] as const) {
      assert.ok(run.report, `${name}: no report\n${run.stderr.slice(-2000)}`);
      assert.deepEqual(failing(run.report), [], `${name}: ${reasonsOf(run.report, failing(run.report))}`);
    }
    assert.deepEqual(verdictMap(overHttps.report!), verdictMap(overHttp.report!), 'https with the CA file gives the same verdicts');
    assert.deepEqual(verdictMap(overOauth.report!), verdictMap(overHttp.report!), 'OAuth client credentials give the same verdicts');
    assert.ok(issued() >= 1, 'the token endpoint was asked');
    // without the CA the run says what is wrong in one sentence instead of failing every scenario
    assert.notEqual(untrusted.code, 0);
    assert.match(untrusted.stderr, /certificate/i);
    for (const file of filesOf(overOauth.reportDir)) {
      const text = readFileSync(file, 'utf8');
      assert.ok(!text.includes(CLIENT_SECRET) && !text.includes(behindOauth.token), `${file} holds a secret`);
    }
  } finally {
    await plain.server.close();
    await close();
  }
});

// doctor sent its own requests through got with a bearer header: over https with a private CA every one of them
// failed ("the token is answered 0"), and Basic or OAuth targets were never asked with their credential.
test('doctor goes through the run\'s HTTP layer: https with --ca-file, and OAuth client credentials', { timeout: 120_000 }, async () => {
  const { secure, behindOauth, caFile, oauth, close } = await secureAndOauthTargets();
  try {
    const [overHttps, overOauth] = await Promise.all([
      runCli(['doctor', '--target', `url:${secure.scimBase}`, '--ca-file', caFile], { env: { SCIM_TOKEN: secure.token, NO_COLOR: '1' } }),
      runCli(['doctor', '--target', `url:${behindOauth.scimBase}`, '--oauth-token-url', `${oauth.origin}/token`, '--client-id', 'suite'], { env: { SCIM_CLIENT_SECRET: CLIENT_SECRET, NO_COLOR: '1' } }),
    ]);
    for (const [name, r] of [['https', overHttps], ['oauth', overOauth]] as const) {
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      assert.match(r.stdout, /✓ auth +the token is accepted; no token → 401, a wrong token → 401/, `${name}:\n${r.stdout}`);
      assert.match(r.stdout, /✓ discovery +ServiceProviderConfig 200, ResourceTypes 200, Schemas 200/, `${name}:\n${r.stdout}`);
      assert.ok(!r.stdout.includes(secure.token) && !r.stdout.includes(behindOauth.token) && !r.stdout.includes(CLIENT_SECRET), `${name}: a secret is printed`);
    }
  } finally {
    await close();
  }
});

test('with --rate 5, no one-second window at the server sees more than 5 requests', { timeout: 300_000 }, async () => {
  const ref = await referenceWithTenant();
  const upstream = new URL(ref.scimBase);
  const arrivals: number[] = [];
  // measured at the server's door: a pass-through that notes when each request arrives
  const door = await doorTo(upstream, () => { arrivals.push(performance.now()); return false; });
  try {
    const run = await runCli(['run', '--sp-profile', 'aws', '--seed', '5', '--quiet', '--rate', '5', '--req', 'RFC-READ-01,RFC-DELETE-01',
      '--target', `url:${door.origin}${upstream.pathname}`], { env: { SCIM_TOKEN: ref.token } });
    assert.ok(run.report, run.stderr);
    assert.deepEqual(failing(run.report), [], reasonsOf(run.report, failing(run.report)));
    assert.ok(arrivals.length >= 15, `the run sent ${arrivals.length} requests`);
    let busiest = 0;
    for (let i = 0; i < arrivals.length; i++) {
      let n = 0;
      for (let j = i; j < arrivals.length && arrivals[j] - arrivals[i] < 1000; j++) n += 1;
      busiest = Math.max(busiest, n);
    }
    assert.ok(busiest <= 5, `a one-second window saw ${busiest} requests`);
  } finally {
    door.server.close();
    await ref.server.close();
  }
});

// A shared staging SP redeploys: for a moment it answers 503 with a Retry-After (RFC 9110 §15.6.4). The suite
// waits that out as it waits out a 429, so no row turns red for it, and the report says how often it waited.
test('an SP that is briefly unavailable (503 with Retry-After) gives the verdicts it gives when it never is, and the report counts the waits', { timeout: 300_000 }, async () => {
  const ref = await referenceWithTenant(undefined, undefined, 'rfc');
  const upstream = new URL(ref.scimBase);
  let suiteRequests = 0;
  let refused = 0;
  // every 7th request of the suite's own client is refused once, before it reaches the SP; not the capability probe's,
  // which no scenario's transcript holds (how many of its requests fell on a 7th moved with every request a scenario saved)
  const door = await doorTo(upstream, (req, res) => {
    if (req.headers['user-agent'] !== 'scim-conformance' || ++suiteRequests % 7 !== 0) return false;
    refused += 1;
    res.writeHead(503, { 'retry-after': '0', 'content-type': 'text/html' });
    res.end('<html><body>Service Unavailable: redeploying</body></html>');
    return true;
  });
  const rows = ['--req', 'RFC-CREATE-01,RFC-READ-01,RFC-FILTER-01,RFC-PATCH-01,RFC-PUT-01,RFC-DELETE-01,RFC-GROUP-01'];
  try {
    const [direct, redeploying] = await Promise.all([
      runCli(['run', '--sp-profile', 'rfc', '--seed', '9', '--quiet', '--rate', '0', ...rows, '--target', `url:${ref.scimBase}`], { env: { SCIM_TOKEN: ref.token } }),
      runCli(['run', '--sp-profile', 'rfc', '--seed', '9', '--quiet', '--rate', '0', ...rows, '--target', `url:${door.origin}${upstream.pathname}`], { env: { SCIM_TOKEN: ref.token } }),
    ]);
    for (const run of [direct, redeploying]) {
      assert.ok(run.report, run.stderr);
      assert.deepEqual(failing(run.report), [], reasonsOf(run.report, failing(run.report)));
    }
    assert.deepEqual(verdictMap(redeploying.report!), verdictMap(direct.report!));
    assert.ok(refused >= 5, `the door refused ${refused} requests`);
    const traffic = redeploying.report!.run.traffic!;
    // the report reads the scenarios' transcripts: the capability probe before them and the sweep after are in none
    assert.ok(traffic.unavailableRetries >= refused - 5 && traffic.unavailableRetries <= refused, `${traffic.unavailableRetries} of the ${refused} 503s counted`);
    assert.ok(traffic.unavailableScenarios >= 3);
    assert.equal(traffic.throttled, 0, 'and none was counted as a 429');
    assert.match(readFileSync(join(redeploying.reportDir, 'conformance.html'), 'utf8'), /answered 503 with a Retry-After \d+ times/);
  } finally {
    door.server.close();
    await ref.server.close();
  }
});

// A rate limit the suite's waiting cannot outlast (here: every group create is answered 429, however long the
// suite waits). What a scenario sees after that is the target's load, not its conformance: the rows it feeds
// are UNSUPPORTED with the reason, never red, and the rows it does not feed give the direct run's verdicts.
test('an SP that stays busy past the suite\'s waiting leaves the rows it kept from being checked unjudged, not red', { timeout: 300_000 }, async () => {
  const ref = await referenceWithTenant(undefined, undefined, 'rfc');
  const upstream = new URL(ref.scimBase);
  let refused = 0;
  const door = await doorTo(upstream, (req, res) => {
    if (req.headers['user-agent'] !== 'scim-conformance' || req.method !== 'POST' || !/\/Groups\/?$/.test(req.url ?? '')) return false;
    refused += 1;
    res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/scim+json' });
    res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429', detail: 'Too many requests' }));
    return true;
  });
  const rows = ['--req', 'RFC-CREATE-01,RFC-READ-01,RFC-GROUP-01'];
  try {
    const [direct, busy] = await Promise.all([
      runCli(['run', '--sp-profile', 'rfc', '--seed', '9', '--quiet', '--rate', '0', ...rows, '--target', `url:${ref.scimBase}`], { env: { SCIM_TOKEN: ref.token } }),
      runCli(['run', '--sp-profile', 'rfc', '--seed', '9', '--quiet', '--rate', '0', ...rows, '--target', `url:${door.origin}${upstream.pathname}`], { env: { SCIM_TOKEN: ref.token } }),
    ]);
    for (const run of [direct, busy]) {
      assert.ok(run.report, run.stderr);
      assert.deepEqual(failing(run.report), [], reasonsOf(run.report, failing(run.report)));
      assert.equal(run.code, 0);
    }
    assert.ok(refused >= 6, `the door refused ${refused} group creates`);
    const verdicts = verdictMap(busy.report!);
    for (const id of ['RFC-CREATE-01', 'RFC-READ-01']) assert.equal(verdicts[`${id} rfc/-`], verdictMap(direct.report!)[`${id} rfc/-`], id);
    const group = busy.report!.requirements.find((r) => r.id === 'RFC-GROUP-01')!;
    assert.equal(group.variants[0].result, 'UNSUPPORTED');
    assert.match(group.variants[0].reason ?? '', /not judged: the SP was still busy \(POST \/Groups was answered 429, still 429 after 5 retries\)/);
    assert.ok(busy.report!.run.traffic!.stillBusyScenarios >= 1);
    assert.match(readFileSync(join(busy.reportDir, 'conformance.html'), 'utf8'), /\d+ scenarios? met an answer that was still busy when the suite stopped waiting and went unjudged \(UNSUPPORTED\)/);
  } finally {
    door.server.close();
    await ref.server.close();
  }
});

// AWS documents a throttle; an SP under load answers 429 with Retry-After. Every dialect must back off as its
// vendor does (Okta waits for Retry-After, Entra retries, OneLogin retries once) and still finish.
test('under serve --throttle every IdP dialect finishes its scenarios with back-off, and the report counts the 429s', { timeout: 600_000 }, async () => {
  const dialects = { aws: ['okta-aws', 'entra-aws', 'onelogin-aws'], rfc: ['okta-oin', 'okta-aiw', 'entra-legacy', 'entra-aadoptscim062020', 'onelogin-core', 'onelogin-enterprise'] };
  const refs = await Promise.all((['aws', 'rfc'] as const).map((p) => referenceWithTenant({ throttle: 20 }, undefined, p)));
  try {
    const runs = await Promise.all((['aws', 'rfc'] as const).map((p, i) => runCli(['run', '--sp-profile', p, '--seed', '8', '--quiet', '--rate', '0',
      '--tags', dialects[p].map((d) => `@idp:${d}`).join(' or '), '--target', `url:${refs[i]!.scimBase}`], { env: { SCIM_TOKEN: refs[i]!.token } })));
    let throttled = 0;
    for (const [i, run] of runs.entries()) {
      assert.ok(run.report, run.stderr);
      assert.deepEqual(failing(run.report), [], reasonsOf(run.report, failing(run.report)));
      assert.equal(run.code, 0);
      const ran = new Set(run.report.requirements.flatMap((r) => r.variants.filter((v) => v.result === 'PASS').map((v) => v.idp)));
      for (const d of dialects[i === 0 ? 'aws' : 'rfc']) assert.ok(ran.has(d), `${d} passed its scenarios`);
      throttled += run.report.run.traffic?.throttled ?? 0;
      if (run.report.run.traffic?.throttled) assert.match(readFileSync(join(run.reportDir, 'conformance.html'), 'utf8'), /answered 429/);
    }
    assert.ok(throttled > 0, 'the throttle answered 429 and the report counts it');
  } finally {
    for (const r of refs) await r.server.close();
  }
});
