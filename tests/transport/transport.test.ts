// The shared HTTP layer over real local servers on 127.0.0.1: TLS with a test CA, OAuth client credentials,
// HTTP Basic, pacing measured at the server, 429 + Retry-After, and secrets kept out of every transcript.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { MAX_JSON_DEPTH, PRIMARY_CREDENTIAL, Transport, nestedDeeperThan, setTransport, retryAfterMs } from '../../support/scim/transport.ts';
import { sendRaw } from '../../support/scim/raw-transport.ts';
import { Redactor, type Exchange } from '../../support/scim/exchange.ts';
import { ScimClient } from '../../support/scim/client.ts';
import { probeTarget } from '../../support/targets/probe.ts';
import { UsageError } from '../../support/targets/target.ts';
import { trafficStats, describeTraffic } from '../../support/report/traffic.ts';
import type { RunIndex } from '../../support/report/analyse.ts';
import { clientFor, recordingServer, referenceWithTenant, testCa } from './helpers.ts';

/** Every exchange any test recorded: (f) checks that no secret of any scheme is in one of them. */
const everything: Exchange[] = [];
const secrets = new Set<string>();
after(() => setTransport(undefined));

test('(a) HTTPS: the reference with a test CA is reached with the CA file and refused without it', async () => {
  const { ca, cert, key } = await testCa();
  const caFile = join(mkdtempSync(join(tmpdir(), 'scim-ca-')), 'ca.pem');
  writeFileSync(caFile, ca);
  const ref = await referenceWithTenant({ tls: { cert, key } }, ca);
  secrets.add(ref.token);
  try {
    assert.match(ref.scimBase, /^https:\/\/127\.0\.0\.1:\d+\//);
    const trusted = new Transport({ caFile });
    const ok = await clientFor(ref.scimBase, ref.token, trusted, everything).send({ method: 'GET', path: '/ServiceProviderConfig' });
    assert.equal(ok.status, 200, ok.failure);
    assert.equal(ok.exchange.tlsUnverified, undefined);

    const untrusted = new Transport({});
    const refused = await clientFor(ref.scimBase, ref.token, untrusted, everything).send({ method: 'GET', path: '/ServiceProviderConfig' });
    assert.equal(refused.status, 0);
    assert.match(refused.failure ?? '', /TLS certificate of 127\.0\.0\.1:\d+ is not trusted .*--ca-file/);
    const raw = await sendRaw({ method: 'GET', url: `${ref.scimBase}/ServiceProviderConfig`, headers: [['Authorization', `Bearer ${ref.token}`]] },
      { redactor: new Redactor(), actor: 'Okta', timeoutMs: 5000, transport: untrusted, record: (e) => everything.push(e) });
    assert.match(raw.failure ?? '', /not trusted/);
    const rawOk = await sendRaw({ method: 'GET', url: `${ref.scimBase}/ServiceProviderConfig`, headers: [['Authorization', `Bearer ${ref.token}`]] },
      { redactor: new Redactor(), actor: 'Okta', timeoutMs: 5000, transport: trusted, record: (e) => everything.push(e) });
    assert.equal(rawOk.status, 200, rawOk.failure);

    // the target opener says so in one sentence (exit 2), instead of failing every scenario
    setTransport(untrusted);
    await assert.rejects(probeTarget(ref.scimBase, ref.token, 5000, 'the https reference'), (e: Error) => e instanceof UsageError && /not trusted.*--insecure/.test(e.message));
    setTransport(trusted);
    assert.equal((await probeTarget(ref.scimBase, ref.token, 5000, 'the https reference')).patch, true);

    // --insecure gets through, and every exchange says so
    const insecure = await clientFor(ref.scimBase, ref.token, new Transport({ insecure: true }), everything).send({ method: 'GET', path: '/ServiceProviderConfig' });
    assert.equal(insecure.status, 200);
    assert.equal(insecure.exchange.tlsUnverified, true);
  } finally {
    setTransport(undefined);
    await ref.server.close();
  }
});

test('(b) OAuth client credentials: the token is fetched, cached, and fetched again when it expires', async () => {
  const ref = await referenceWithTenant();
  secrets.add(ref.token);
  const clientSecret = 'oauth-client-secret-s3cr3t';
  secrets.add(clientSecret);
  const grants: URLSearchParams[] = [];
  const tokenServer = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      grants.push(form);
      res.setHeader('content-type', 'application/json');
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== 'conformance' || form.get('client_secret') !== clientSecret) {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: 'invalid_client', error_description: 'Client authentication failed.' }));
        return;
      }
      res.end(JSON.stringify({ access_token: ref.token, token_type: 'Bearer', expires_in: 2, scope: form.get('scope') }));
    });
  });
  await new Promise<void>((r) => tokenServer.listen(0, '127.0.0.1', r));
  const tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/oauth2/token`;
  try {
    const layer = new Transport({ auth: { kind: 'oauth', tokenUrl, clientId: 'conformance', clientSecret, scope: 'scim.read scim.write' } });
    const client = clientFor(ref.scimBase, PRIMARY_CREDENTIAL, layer, everything, [PRIMARY_CREDENTIAL]);
    for (let i = 0; i < 3; i++) {
      const r = await client.send({ method: 'GET', path: '/Users', query: { filter: 'userName eq "nobody@example.com"' } });
      assert.equal(r.status, 200, r.failure ?? r.text);
    }
    assert.equal(grants.length, 1, 'one fetch for three requests: the token is cached');
    assert.equal(grants[0].get('scope'), 'scim.read scim.write');
    // the IdP transport (exact bytes) gets the same credential
    const raw = await sendRaw({ method: 'GET', url: `${ref.scimBase}/ServiceProviderConfig`, headers: [['Authorization', `Bearer ${PRIMARY_CREDENTIAL}`]] },
      { redactor: new Redactor([PRIMARY_CREDENTIAL]), actor: 'Okta (oin)', timeoutMs: 5000, transport: layer, record: (e) => everything.push(e) });
    assert.equal(raw.status, 200);
    assert.equal(grants.length, 1);
    // a scenario's deliberate "no token" request goes out without one
    const none = await client.send({ method: 'GET', path: '/Users', token: null });
    assert.equal(none.status, 401);
    await new Promise((r) => setTimeout(r, 2100));
    const later = await client.send({ method: 'GET', path: '/ServiceProviderConfig' });
    assert.equal(later.status, 200);
    assert.equal(grants.length, 2, 'expired: fetched again');
    assert.equal(layer.counters.tokenFetches, 2);

    const wrong = new Transport({ auth: { kind: 'oauth', tokenUrl, clientId: 'conformance', clientSecret: 'not-the-secret-xyz' } });
    secrets.add('not-the-secret-xyz');
    const refused = await clientFor(ref.scimBase, PRIMARY_CREDENTIAL, wrong, everything).send({ method: 'GET', path: '/Users' });
    assert.equal(refused.status, 0);
    assert.match(refused.failure ?? '', /OAuth token endpoint 127\.0\.0\.1:\d+ gave no access token \(invalid_client: Client authentication failed\.\)/);
  } finally {
    await new Promise<void>((r) => tokenServer.close(() => r()));
    await ref.server.close();
  }
});

test('(c) HTTP Basic and extra headers arrive at a local server; the transcript shows neither', async () => {
  const srv = await recordingServer();
  const password = 'b4sic-pa55word!';
  const apiKey = 'gateway-key-0123456789';
  secrets.add(password); secrets.add(apiKey);
  const expected = `Basic ${Buffer.from(`scim-user:${password}`).toString('base64')}`;
  secrets.add(expected.slice(6));
  try {
    const layer = new Transport({ auth: { kind: 'basic', user: 'scim-user', password }, headers: [['X-Api-Key', apiKey]] });
    const reply = await clientFor(`${srv.url}/scim/v2`, PRIMARY_CREDENTIAL, layer, everything).send({ method: 'POST', path: '/Users', body: { userName: 'ada' } });
    assert.equal(reply.status, 200);
    const raw = await sendRaw({ method: 'PATCH', url: `${srv.url}/scim/v2/Users/1?`, headers: [['Authorization', `Bearer ${PRIMARY_CREDENTIAL}`], ['Content-Type', 'application/scim+json']], body: '{}' },
      { redactor: new Redactor(), actor: 'OneLogin', timeoutMs: 5000, transport: layer, record: (e) => everything.push(e) });
    assert.equal(raw.status, 200);
    assert.equal(srv.seen.length, 2);
    for (const seen of srv.seen) {
      assert.equal(seen.headers.authorization, expected);
      assert.equal(seen.headers['x-api-key'], apiKey);
    }
    assert.equal(srv.seen[1].url, '/scim/v2/Users/1?', 'exact bytes still exact');
    assert.equal(reply.exchange.request.headers.authorization, 'Basic [REDACTED]');
    assert.equal(reply.exchange.request.headers['X-Api-Key'], '[REDACTED]');
    assert.equal(raw.exchange.request.headers.Authorization, 'Basic [REDACTED]');
    // a wrong token stays wrong: the layer swaps only the run's own credential
    await clientFor(`${srv.url}/scim/v2`, 'some-other-token', layer, everything).send({ method: 'GET', path: '/Users' });
    assert.equal(srv.seen[2].headers.authorization, 'Bearer some-other-token');
  } finally {
    await srv.close();
  }
});

test('(d) rate 5: no one-second window at the server sees more than 5 requests over a burst of 24', async () => {
  const srv = await recordingServer();
  try {
    const layer = new Transport({ rate: 5, concurrency: 4 });
    const client = clientFor(srv.url, 'bearer-token-for-pacing', layer, everything);
    const started = performance.now();
    await Promise.all(Array.from({ length: 24 }, (_, i) => i % 3 === 0
      ? sendRaw({ method: 'GET', url: `${srv.url}/Users?i=${i}`, headers: [['Authorization', 'Bearer bearer-token-for-pacing']] }, { redactor: new Redactor(), actor: 'Entra', timeoutMs: 5000, transport: layer })
      : client.send({ method: 'GET', path: `/Users?i=${i}` })));
    const took = performance.now() - started;
    assert.equal(srv.seen.length, 24);
    const times = srv.seen.map((s) => s.at).sort((a, b) => a - b);
    let worst = 0;
    for (let i = 0; i < times.length; i++) worst = Math.max(worst, times.filter((t) => t >= times[i] && t < times[i] + 1000).length);
    assert.ok(worst <= 5, `a one-second window saw ${worst} requests`);
    assert.ok(took >= 4000 && took < 15000, `24 requests at 5 rps took ${Math.round(took)} ms`);
  } finally {
    await srv.close();
  }
  // cucumber workers split the budget
  const worker = new Transport({ rate: 10, concurrency: 4, parallel: 4 }, { worker: true });
  assert.equal(worker.rate, 2.5);
  assert.equal(worker.concurrency, 1);
  assert.equal(new Transport({ rate: 10, concurrency: 4, parallel: 4 }).rate, 10, 'the main process (probes) has the whole budget');
});

test('(e) 429, and 503 with Retry-After, are waited out, retried, counted apart; callers with their own policy opt out', async () => {
  const ref = await referenceWithTenant({ throttle: 2 });
  secrets.add(ref.token);
  try {
    const layer = new Transport({ maxRetryWaitSeconds: 2 });
    const transcript: Exchange[] = [];
    const client = clientFor(ref.scimBase, ref.token, layer, transcript);
    const replies = await Promise.all(Array.from({ length: 6 }, () => client.send({ method: 'GET', path: '/ServiceProviderConfig' })));
    for (const r of replies) assert.equal(r.status, 200, r.failure ?? r.text);
    const retried = transcript.reduce((n, e) => n + (e.retriedAfter429 ?? 0), 0);
    assert.ok(retried >= 4, `expected at least 4 retries, saw ${retried}`);
    assert.equal(layer.counters.retries, retried);
    assert.equal(transcript.length, 6, 'one exchange per call: the waited-out 429s are counted on it, not recorded apart');

    // the IdP engine's way: every 429 comes back, with AWS's body and a Retry-After
    const raw = await Promise.all(Array.from({ length: 4 }, () => sendRaw({ method: 'GET', url: `${ref.scimBase}/ServiceProviderConfig`, headers: [['Authorization', `Bearer ${ref.token}`]] },
      { redactor: new Redactor([ref.token]), actor: 'Okta (oin)', timeoutMs: 5000, transport: layer, retryWhenBusy: false, record: (e) => transcript.push(e) })));
    const throttled = raw.filter((r) => r.status === 429);
    assert.ok(throttled.length >= 2);
    assert.deepEqual(throttled[0].body, { schema: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: 'Too many requests were made that exceed the limits.', status: '429' });
    assert.match(throttled[0].headers['retry-after'], /^\d+$/);
    const judged = await client.send({ method: 'GET', path: '/ServiceProviderConfig', retryWhenBusy: false });
    if (judged.status === 429) assert.equal(judged.exchange.retriedAfter429, undefined);

    const index = { cases: [{ attempts: [{ transcript }] }] } as unknown as RunIndex;
    const stats = trafficStats(index);
    assert.equal(stats.retries, retried);
    assert.equal(stats.throttled, retried + transcript.filter((e) => e.response?.status === 429).length);
    assert.equal(stats.throttledScenarios, 1);
    assert.match(describeTraffic(stats) ?? '', /^Traffic: the target answered 429 \d+ times in 1 scenario \(\d+ waited out and retried, \d+ handed to the scenario or IdP\)\.$/);
    everything.push(...transcript);
  } finally {
    await ref.server.close();
  }

  // bounded: a target that never stops throttling gets 5 retries, then its 429 back
  const always = await recordingServer((_q, _b, res) => { res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' }); res.end('{}'); });
  try {
    const r = await clientFor(always.url, 'bearer-token-for-429', new Transport({}), everything).send({ method: 'GET', path: '/Users' });
    assert.equal(r.status, 429);
    assert.equal(r.exchange.retriedAfter429, 5);
    assert.equal(r.exchange.stillBusy, 'still 429 after 5 retries');
    assert.equal(always.seen.length, 6);
  } finally {
    await always.close();
  }

  // a wait the bounds do not allow is never shortened: the SP is not called again before it asked to be
  const later = await recordingServer((_q, _b, res) => { res.writeHead(429, { 'retry-after': '120', 'content-type': 'application/json' }); res.end('{}'); });
  try {
    const started = Date.now();
    const r = await clientFor(later.url, 'bearer-token-for-429', new Transport({ maxRetryWaitSeconds: 30 }), everything).send({ method: 'GET', path: '/Users' });
    assert.equal(r.status, 429);
    assert.equal(later.seen.length, 1, 'asked to wait 120 s, the layer does not come back after 30');
    assert.equal(r.exchange.retriedAfter429, undefined);
    assert.equal(r.exchange.stillBusy, 'asked to wait 120 s (Retry-After), longer than the 30 s the suite waits at a time');
    assert.ok(Date.now() - started < 2000);
    // nor past the deadline its caller set (a step's share of its timeout)
    const soon = await recordingServer((_q, _b, res) => { res.writeHead(503, { 'retry-after': '2', 'content-type': 'text/plain' }); res.end('busy'); });
    try {
      const transcript: Exchange[] = [];
      const c = new ScimClient({ baseUrl: soon.url, token: 'bearer-token-for-503', timeoutMs: 5000, redactor: new Redactor(['bearer-token-for-503']), actor: 'the client',
        record: (e) => transcript.push(e), transport: new Transport({}), busyDeadline: () => Date.now() + 3000 });
      const d = await c.send({ method: 'GET', path: '/Users' });
      assert.equal(d.status, 503);
      assert.equal(d.exchange.retriedAfter503, 1, 'one 2-second wait fits in 3 seconds, a second does not');
      assert.equal(d.exchange.stillBusy, "still 503 when the step's time for waiting ran out");
      assert.equal(soon.seen.length, 2);
      assert.equal(trafficStats({ cases: [{ attempts: [{ transcript }] }] } as unknown as RunIndex).stillBusyScenarios, 1);
      everything.push(...transcript);
    } finally {
      await soon.close();
    }
  } finally {
    await later.close();
  }

  // a 503 with a Retry-After asks to be called again later (RFC 9110 §15.6.4): waited out like a 429, counted apart;
  // one without it is an answer, and a caller with its own policy gets the 503 back
  let unavailableFor = 2;
  const redeploying = await recordingServer((_q, _b, res) => {
    if (unavailableFor > 0) { unavailableFor -= 1; res.writeHead(503, { 'retry-after': '0', 'content-type': 'text/plain' }); res.end('redeploying'); return; }
    res.writeHead(200, { 'content-type': 'application/scim+json' }); res.end('{"Resources":[],"totalResults":0}');
  });
  const down = await recordingServer((_q, _b, res) => { res.writeHead(503, { 'content-type': 'text/plain' }); res.end('down'); });
  try {
    const layer = new Transport({});
    const transcript: Exchange[] = [];
    const r = await clientFor(redeploying.url, 'bearer-token-for-503', layer, transcript).send({ method: 'POST', path: '/Users', body: { userName: 'x' } });
    assert.equal(r.status, 200);
    assert.equal(r.exchange.retriedAfter503, 2);
    assert.equal(r.exchange.retriedAfter429, undefined);
    assert.equal(redeploying.seen.length, 3, 'the same request, sent three times');
    assert.equal(layer.counters.unavailableRetries, 2);
    assert.equal(layer.counters.retries, 0, '429 retries are counted apart');
    const stats = trafficStats({ cases: [{ attempts: [{ transcript }] }] } as unknown as RunIndex);
    assert.equal(stats.unavailableRetries, 2);
    assert.equal(stats.unavailableScenarios, 1);
    assert.equal(stats.throttled, 0);
    assert.equal(describeTraffic(stats), 'Traffic: the target answered 503 with a Retry-After 2 times in 1 scenario (each waited out and the request sent again).');
    unavailableFor = 1;
    const judged = await clientFor(redeploying.url, 'bearer-token-for-503', layer, transcript).send({ method: 'GET', path: '/Users', retryWhenBusy: false });
    assert.equal(judged.status, 503);
    const plain = await clientFor(down.url, 'bearer-token-for-503', layer, transcript).send({ method: 'GET', path: '/Users' });
    assert.equal(plain.status, 503);
    assert.equal(down.seen.length, 1, 'a 503 without Retry-After is not sent again');
    everything.push(...transcript);
  } finally {
    await redeploying.close();
    await down.close();
  }
  assert.equal(retryAfterMs('3'), 3000);
  assert.equal(retryAfterMs(new Date(Date.now() + 5000).toUTCString(), Date.now()) !== undefined, true);
  assert.equal(retryAfterMs('soon'), undefined);
});

test('a kept-alive connection the server closed while idle is not a failure: the request goes again on a new one; a reset on a new one is', async () => {
  // the second request on any connection is met with a reset, as when the server's idle timeout closes it just then
  let connections = 0;
  let arrived = 0;
  const server = createServer((req, res) => {
    arrived += 1;
    const socket = req.socket as typeof req.socket & { served?: number };
    socket.served = (socket.served ?? 0) + 1;
    if (socket.served > 1) { socket.resetAndDestroy(); return; }
    req.resume();
    req.on('end', () => { res.writeHead(200, { 'content-type': 'application/scim+json' }); res.end('{"totalResults":0,"Resources":[]}'); });
  });
  server.on('connection', () => { connections += 1; });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
    const client = clientFor(base, 'bearer-token-for-reset', new Transport({}), everything);
    const first = await client.send({ method: 'GET', path: '/Users' });
    const second = await client.send({ method: 'POST', path: '/Users', body: { userName: 'ada' } });
    assert.equal(first.status, 200, first.failure);
    assert.equal(second.status, 200, second.failure);
    assert.equal(arrived, 3, 'the reset request was sent once more');
    assert.equal(connections, 2, 'on a new connection');
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
  // a server that resets every request, on new connections too, is reported as it is, after one try each
  const hostile = createServer((req) => { req.socket.resetAndDestroy(); });
  await new Promise<void>((r) => hostile.listen(0, '127.0.0.1', r));
  try {
    const base = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}/scim/v2`;
    const r = await clientFor(base, 'bearer-token-for-reset', new Transport({}), everything).send({ method: 'GET', path: '/Users' });
    assert.equal(r.status, 0);
    assert.match(r.failure ?? '', /reset/);
  } finally {
    await new Promise<void>((r) => hostile.close(() => r()));
  }
});

test('the suite\'s client asks for compressed answers and reads gzip, deflate and br; an answer that does not decode is named as such', async () => {
  const { gzipSync, deflateSync, brotliCompressSync } = await import('node:zlib');
  const json = '{"totalResults":0,"Resources":[]}';
  const encoders: Record<string, (b: Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync, broken: () => Buffer.from('not gzip at all') };
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(String(req.headers['accept-encoding']));
    const coding = req.url!.split('/').pop()!;
    res.writeHead(200, { 'content-type': 'application/scim+json', 'content-encoding': coding === 'broken' ? 'gzip' : coding });
    res.end(encoders[coding]!(Buffer.from(json)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const client = clientFor(`http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`, 'bearer-token-for-encodings', new Transport({}), everything);
    for (const coding of ['gzip', 'deflate', 'br']) {
      const r = await client.send({ method: 'GET', path: `/Users/${coding}` });
      assert.equal(r.failure, undefined, coding);
      assert.deepEqual(r.body, JSON.parse(json), coding);
    }
    assert.deepEqual(asked, ['gzip, deflate, br', 'gzip, deflate, br', 'gzip, deflate, br']);
    const broken = await client.send({ method: 'GET', path: '/Users/broken' });
    assert.equal(broken.status, 0);
    assert.match(broken.failure ?? '', /^127\.0\.0\.1:\d+ answered a body whose Content-Encoding gzip does not decode/);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('the suite\'s client gives up on an answer that trickles in past the request timeout, as on one that never comes', async () => {
  // a byte every 100 ms keeps a socket busy, so an idle timeout would never fire: the deadline is the whole exchange's
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/scim+json' });
    const tick = setInterval(() => res.write(' '), 100);
    res.on('close', () => clearInterval(tick));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
    const client = new ScimClient({ baseUrl: base, token: 'bearer-token-for-trickle', timeoutMs: 600, redactor: new Redactor([]), actor: 'the client', record: (e) => everything.push(e), transport: new Transport({}) });
    const started = performance.now();
    const guard = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('still waiting after 5 s: no deadline held')), 5_000).unref());
    const r = await Promise.race([client.send({ method: 'GET', path: '/Users' }), guard]);
    assert.equal(r.status, 0);
    assert.match(r.failure ?? '', /no answer from 127\.0\.0\.1:\d+ within 600 ms/);
    assert.ok(performance.now() - started < 3_000, 'given up at the deadline, not later');
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('an answer past 64 MiB, sent or once inflated, is named and not held: for the suite\'s client and for the IdPs\' exact requests', async () => {
  const { brotliCompressSync, constants } = await import('node:zlib');
  const bomb = brotliCompressSync(Buffer.alloc(128 * 1024 * 1024), { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } });
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  let flooded = 0;
  const server = createServer((req, res) => {
    if (req.url!.endsWith('/bomb')) { res.writeHead(200, { 'content-type': 'application/scim+json', 'content-encoding': 'br' }); res.end(bomb); return; }
    res.writeHead(200, { 'content-type': 'application/scim+json' });
    const pump = () => { while (!res.destroyed && res.write(chunk)) flooded += chunk.length; if (!res.destroyed) res.once('drain', pump); };
    res.on('error', () => undefined);
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
    const client = clientFor(base, 'bearer-token-for-floods', new Transport({}), everything);
    const flood = await client.send({ method: 'GET', path: '/Users' });
    assert.equal(flood.status, 0);
    assert.match(flood.failure ?? '', /^127\.0\.0\.1:\d+ sent an answer larger than 64 MiB \(the suite stopped reading it\)$/);
    assert.ok(flooded < 256 * 1024 * 1024, `the client stopped reading soon after 64 MiB (the server wrote ${flooded} bytes)`);
    const inflated = await client.send({ method: 'GET', path: '/bomb' });
    assert.match(inflated.failure ?? '', /sent a \d+-byte body whose Content-Encoding br inflates past 64 MiB/);
    // the IdPs' requests keep an undecodable body as it came, but not one too large to decode
    for (const path of ['/Users', '/bomb']) {
      const raw = await sendRaw({ method: 'GET', url: `${base}${path}`, headers: [['Authorization', 'Bearer bearer-token-for-floods']] },
        { redactor: new Redactor(['bearer-token-for-floods']), actor: 'Okta', timeoutMs: 10_000, transport: new Transport({}) });
      assert.match(raw.failure ?? '', /larger than 64 MiB|inflates past 64 MiB/, path);
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('nesting depth: brackets inside strings (escaped quotes too) do not count; 64 levels pass, 65 do not', () => {
  const nest = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  assert.equal(nestedDeeperThan(nest(64)), false);
  assert.equal(nestedDeeperThan(nest(65)), true);
  const inString = `{"a":"${'['.repeat(500)}\\"${'{'.repeat(500)}","b":[{"c":1}]}`;
  assert.doesNotThrow(() => JSON.parse(inString));
  assert.equal(nestedDeeperThan(inString), false, 'brackets in a string, after an escaped quote');
  const escapedBackslash = `{"a":"\\\\","b":${nest(70)}}`;
  assert.doesNotThrow(() => JSON.parse(escapedBackslash));
  assert.equal(nestedDeeperThan(escapedBackslash), true, 'an escaped backslash ends before the closing quote');
  assert.equal(MAX_JSON_DEPTH, 64);
});

test('(f) no secret of any scheme appears in any recorded exchange', () => {
  assert.ok(everything.length > 40, `only ${everything.length} exchanges recorded`);
  const text = JSON.stringify(everything);
  for (const s of secrets) assert.equal(text.includes(s), false, `a secret (${s.slice(0, 4)}…) is in a transcript`);
  assert.equal(text.includes(PRIMARY_CREDENTIAL), false, 'even the placeholder is redacted where the scenario knows it');
});
