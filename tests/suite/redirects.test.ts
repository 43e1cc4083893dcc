// RFC 7644 §3.12 (Table 8) lists 307 and 308 for every method: "The client is directed to repeat the same HTTP
// request at the location identified." An SP whose framework adds a trailing slash to a collection (FastAPI and
// Starlette answer `POST /Users` with 307 to `/Users/`) or that sits behind a proxy that moves it answers so, and
// conforms. The suite's own client follows such a redirect on the same origin; a red row there would name a
// deviation that is not one. Another origin is not followed: the run's credential stays with its target.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { provisionedTenant, startServer } from '../reference-server/helpers.js';
import { followedRedirect, sameOriginRedirect, Transport } from '../../support/scim/transport.js';
import { describeReply } from '../../support/scim/expectations.js';
import { answeredAt, Redactor } from '../../support/scim/exchange.js';
import { sameResourceUri } from '../../support/scim/paths.js';
import type { ScimReply } from '../../support/scim/client.js';
import { reportFolder, runCli } from './helpers.js';
import { listenLocal } from '../third-party/listen.js';

test('a 307 or 308 is followed only to the same origin, its Location read relative to the request', () => {
  const from = 'http://127.0.0.1:8080/scim/v2/Users?filter=x';
  assert.equal(sameOriginRedirect(from, '/scim/v2/Users/?filter=x'), 'http://127.0.0.1:8080/scim/v2/Users/?filter=x');
  assert.equal(sameOriginRedirect(from, 'http://127.0.0.1:8080/v3/Users'), 'http://127.0.0.1:8080/v3/Users');
  assert.equal(sameOriginRedirect(from, 'http://127.0.0.1:8081/scim/v2/Users/'), undefined, 'another port is another origin');
  assert.equal(sameOriginRedirect(from, 'https://127.0.0.1:8080/scim/v2/Users/'), undefined, 'another scheme is another origin');
  assert.equal(sameOriginRedirect(from, 'http://scim.example.com/scim/v2/Users/'), undefined, 'another host is another origin');
  assert.equal(sameOriginRedirect(from, undefined), undefined);
});

test('a one-line reason names the redirects its answer came after (a 200 at a login page is no 200 to the request sent)', () => {
  const reply = { status: 200, headers: {}, text: '', body: undefined,
    exchange: { redirected: [{ status: 307, location: 'http://127.0.0.1:1/scim/v2/login?next=%2FUsers' }] } } as unknown as ScimReply;
  assert.equal(describeReply(reply), '200 after a 307 to /login?next=%2FUsers');
  assert.equal(describeReply({ ...reply, exchange: {} } as unknown as ScimReply), '200');
});

test('a relative reference in an answer that came after redirects resolves against the URL it came from', () => {
  const base = { at: '', ms: 0, actor: 'the client', request: { method: 'POST', url: 'http://127.0.0.1:1/scim/v2/Users', headers: {} } };
  assert.equal(answeredAt(base), 'http://127.0.0.1:1/scim/v2/Users');
  const moved = { ...base, redirected: [{ status: 307, location: 'http://127.0.0.1:1/scim/v2/Users/' }] };
  assert.equal(answeredAt(moved), 'http://127.0.0.1:1/scim/v2/Users/');
  // a Location "7" names /scim/v2/Users/7 from where the create was answered, not /scim/v2/7
  assert.ok(sameResourceUri('7', 'http://127.0.0.1:1/scim/v2/Users/7', answeredAt(moved)));
});

test('a redirect\'s Location is redacted in the transcript as the request\'s URL is', () => {
  const secret = 'tok-3f9a1c77e2';
  const recorded = new Redactor([secret]).exchange({ at: '', ms: 0, actor: 'the client', request: { method: 'GET', url: `http://127.0.0.1:1/Users?access_token=${secret}`, headers: {} },
    response: { status: 200, headers: {} }, redirected: [{ status: 307, location: `http://127.0.0.1:1/Users/?access_token=${secret}` }] });
  assert.doesNotMatch(JSON.stringify(recorded), new RegExp(secret));
  assert.match(recorded.redirected![0]!.location, /^http:\/\/127\.0\.0\.1:1\/Users\/\?access_token=\S+$/);
});

test('the HTTP layer repeats a request at a same-origin 307 with its method, body and credential, records the hop, and hands back a redirect elsewhere', async (t) => {
  const seen: { method: string; url: string; body: string; authorization?: string }[] = [];
  const { origin, stop } = await listenLocal(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    seen.push({ method: req.method!, url: req.url!, body: Buffer.concat(chunks).toString(), authorization: req.headers.authorization });
    if (req.url === '/Users') { res.writeHead(307, { location: '/Users/' }); res.end(); return; }
    if (req.url === '/away') { res.writeHead(308, { location: 'http://127.0.0.2:1/elsewhere' }); res.end(); return; }
    if (req.url === '/loop') { res.writeHead(307, { location: '/loop' }); res.end(); return; }
    res.writeHead(201, { 'content-type': 'application/scim+json' });
    res.end('{"id":"1"}');
  });
  t.after(stop);
  const layer = new Transport();
  const headers: [string, string][] = [['authorization', 'Bearer t0k3n'], ['content-type', 'application/scim+json']];

  const created = await layer.send({ method: 'POST', url: `${origin}/Users`, headers, body: '{"userName":"ada"}', timeoutMs: 5000 });
  assert.equal(created.status, 201);
  assert.deepEqual(created.redirected, [{ status: 307, location: `${origin}/Users/` }]);
  assert.deepEqual(seen.map((s) => [s.method, s.url, s.body, s.authorization]), [
    ['POST', '/Users', '{"userName":"ada"}', 'Bearer t0k3n'], ['POST', '/Users/', '{"userName":"ada"}', 'Bearer t0k3n']]);

  seen.length = 0;
  const away = await layer.send({ method: 'GET', url: `${origin}/away`, headers, timeoutMs: 5000 });
  assert.equal(away.status, 308, 'a redirect to another origin is the answer, not followed');
  assert.equal(away.redirected, undefined);
  assert.equal(seen.length, 1);

  seen.length = 0;
  const loop = await layer.send({ method: 'GET', url: `${origin}/loop`, headers, timeoutMs: 5000 });
  assert.equal(loop.status, 307, 'a redirect without end is handed back after the last hop');
  assert.equal(loop.redirected?.length, 5);
  assert.equal(seen.length, 6);

  seen.length = 0;
  // exact: these headers alone, as the raw transport gives them (Host and Content-Length included)
  const idp = await layer.send({ method: 'POST', url: `${origin}/Users`, headers: [['Host', new URL(origin).host], ...headers, ['Content-Length', '2']], body: '{}', timeoutMs: 5000, exact: true });
  assert.equal(idp.status, 307, 'an IdP\'s request (exact) is not followed');
  assert.equal(seen.length, 1);
});

test('a 301, 302 or 303 is followed for a GET or HEAD, as every HTTP client does; to a POST it is the answer, since it may drop the body', async (t) => {
  const seen: string[] = [];
  const { origin, stop } = await listenLocal((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const moved = /^\/(30[123])$/.exec(req.url!);
    if (moved) { res.writeHead(Number(moved[1]), { location: `/${moved[1]}/` }); res.end(); return; }
    res.writeHead(200, { 'content-type': 'application/scim+json' });
    res.end('{}');
  });
  t.after(stop);
  const layer = new Transport();
  for (const status of [301, 302, 303]) {
    const got = await layer.send({ method: 'GET', url: `${origin}/${status}`, headers: [], timeoutMs: 5000 });
    assert.deepEqual([got.status, got.redirected], [200, [{ status, location: `${origin}/${status}/` }]], `a GET answered ${status}`);
    const head = await layer.send({ method: 'HEAD', url: `${origin}/${status}`, headers: [], timeoutMs: 5000 });
    assert.equal(head.status, 200, `a HEAD answered ${status}`);
    const posted = await layer.send({ method: 'POST', url: `${origin}/${status}`, headers: [['content-type', 'application/scim+json']], body: '{}', timeoutMs: 5000 });
    assert.deepEqual([posted.status, posted.redirected], [status, undefined], `a POST answered ${status} is not repeated`);
  }
  assert.equal(seen.filter((x) => x.startsWith('POST')).length, 3, 'each POST went once');
  assert.equal(followedRedirect(307, 'PATCH'), true);
  assert.equal(followedRedirect(308, 'DELETE'), true);
  assert.equal(followedRedirect(301, 'PUT'), false);
  assert.equal(followedRedirect(304, 'GET'), false);
});

/**
 * A command (`run` under rfc, unpaced, or `doctor`) against the reference's slash-redirects variant as a url: target,
 * counting the 307s it answered; the server stops when the test ends.
 */
async function runBehindRedirects(t: TestContext, args: string[], command: 'run' | 'doctor' = 'run') {
  let redirects = 0;
  const server = await startServer({ variants: ['slash-redirects'], onExchange: (o) => { if (o.response.status === 307) redirects += 1; } });
  const tenant = await provisionedTenant(server, 'rfc');
  t.after(() => server.close());
  const run = await runCli([command, '--target', `url:${tenant.base}`, `--token=${tenant.token}`, '--sp-profile', 'rfc',
    ...(command === 'run' ? ['--rate', '0', '--concurrency', '0'] : []), ...args], { env: { NO_COLOR: '1' } });
  return { run, redirects: () => redirects };
}

test('doctor says the target redirects, with an example, and what that means for the IdP rows', async (t) => {
  const { run } = await runBehindRedirects(t, [], 'doctor');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /! redirects\s+\d+ requests were answered 307 or 308 and sent again on the target's origin \(e\.g\. \S*\/Users(\?\S*)? → \S*\/Users\/(\?\S*)?\)/);
  assert.match(run.stdout, /the IdP scenarios that meet one are not judged/);
});

test('an SP that redirects its collections to a trailing slash (307) fails no RFC row, and the transcripts show each hop', async (t) => {
  const { run, redirects } = await runBehindRedirects(t, ['--seed', '11', '--tags', 'not @idp and not @console']);
  assert.ok(run.report, run.stderr);
  const red = run.report.requirements.flatMap((r) => r.variants.filter((v) => !['PASS', 'UNSUPPORTED', 'NOT-APPLICABLE', 'NOT-RUN'].includes(v.result))
    .map((v) => `${r.id} ${v.result}: ${v.reason ?? ''}`));
  assert.deepEqual(red, [], 'no row is red for a lawful redirect');
  assert.ok(run.report.requirements.some((r) => r.id === 'RFC-CREATE-01' && r.variants.some((v) => v.result === 'PASS')), 'the creates were judged');
  assert.ok(redirects() > 50, `the SP redirected the suite's requests (${redirects()})`);
  assert.match(readFileSync(join(run.reportDir, 'messages.ndjson'), 'utf8'), /redirected[^\n]*\\"status\\":307/);
  assert.ok((run.report.run.traffic?.redirected ?? 0) > 50, `the report counts the redirects followed (${JSON.stringify(run.report.run.traffic)}, ${redirects()} at the SP)`);
  assert.match(run.stdout, /the target redirected \d+ requests \(307 or 308\)/);
});

test('an IdP\'s request answered with a redirect leaves its row unjudged, saying why, since no vendor documents following one', async (t) => {
  const { run } = await runBehindRedirects(t, ['--seed', '12', '--quiet', '--req', 'OKTA-CREATE-01,ENTRA-ASSIGN-01,OL-PROV-01']);
  assert.ok(run.report, run.stderr);
  const rows = run.report.requirements;
  for (const id of ['OKTA-CREATE-01', 'ENTRA-ASSIGN-01', 'OL-PROV-01']) {
    const row = rows.find((r) => r.id === id)!;
    for (const v of row.variants) {
      assert.equal(v.result, 'UNSUPPORTED', `${id} ${v.idp}: ${v.reason}`);
      assert.match(v.reason ?? '', /^not judged: the SP redirected a request \(.+ was answered 307 to \//);
    }
  }
  assert.match(readFileSync(join(run.reportDir, 'messages.ndjson'), 'utf8'), /which the simulated IdP does not follow: no vendor documents whether its client follows a redirect/);
  assert.equal(run.code, 0, 'nothing judged red');
});

test('fuzz-sync says no history can be judged against an SP that redirects the IdP\'s requests, rather than naming a counterexample', async () => {
  const run = await runCli(['fuzz-sync', '--idp', 'okta-oin', '--runs', '2', '--seed', '3', '--steps', '4', '--variants', 'slash-redirects', '--report-dir', reportFolder()], { env: { NO_COLOR: '1' } });
  assert.match(run.stdout, /okta-oin: no history of Okta's can be judged against the target: the SP redirected the IdP's request \(GET \/Users\?startIndex=1&count=2 was answered 307 to \S+\/Users\/\?startIndex=1&count=2\)/, run.stdout + run.stderr);
  assert.doesNotMatch(run.stdout, /COUNTEREXAMPLE/);
});
