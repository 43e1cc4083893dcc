// A replay puts the ids the target hands out where the recording had its own. An SP's ids may hold characters that
// mean something where they land (Auth0-style `auth0|5f7c…`, a path's `/`, a filter's `"`): each is escaped for its
// place, so that the replay sends what the IdP would have sent to this SP, and its cleanup finds what it made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor } from '../../support/scim/exchange.js';
import { Replayer } from '../../support/idp/replay.js';

function replayer(ids: Record<string, string>): Replayer {
  const r = new Replayer({ base: 'http://127.0.0.1:1/scim/v2', token: 't', redactor: new Redactor(), actor: 'test', timeoutMs: 1000, unique: 'r1' });
  for (const [from, to] of Object.entries(ids)) r.ids.set(from, to);
  return r;
}

const ODD = 'u 1/?#%+&"x\\y|z';

test('a recorded id in a path becomes the target\'s id as one percent-encoded segment', () => {
  const r = replayer({ 'rec-u-ada': ODD, 'rec-g-eng': 'g1' });
  assert.equal(r.rewriteUrl('/Users/rec-u-ada'), `/Users/${encodeURIComponent(ODD)}`);
  assert.equal(r.rewriteUrl('/Groups/rec-g-eng?'), '/Groups/g1?', 'a trailing "?" stays as recorded');
  assert.equal(decodeURIComponent(r.rewriteUrl('/Users/rec-u-ada').split('/')[2]), ODD);
});

test('a recorded id inside a query\'s filter becomes the content of the filter\'s quoted string, then encoded', () => {
  const r = replayer({ 'rec-u-ada': ODD });
  const url = r.rewriteUrl('/Groups?filter=members.value+eq+%22rec-u-ada%22&excludedAttributes=members');
  const filter = new URLSearchParams(url.slice(url.indexOf('?'))).get('filter')!;
  assert.equal(filter, `members.value eq ${JSON.stringify(ODD)}`, 'the SP parses back the very id');
  assert.equal(r.rewriteUrl('/Users?filter=userName+eq+%22ada.{{run}}%40example.com%22'), '/Users?filter=userName+eq+%22ada.r1%40example.com%22');
});

test('a recorded id in a body is escaped for where it stands: a JSON string, a filter inside one, a $ref', () => {
  const r = replayer({ 'rec-u-ada': ODD });
  const body = r.rewriteBody(JSON.stringify({ Operations: [
    { op: 'Add', path: 'members', value: [{ value: 'rec-u-ada', $ref: 'https://scim.example.test/scim/v2/Users/rec-u-ada' }] },
    { op: 'remove', path: 'members[value eq "rec-u-ada"]' },
  ] }));
  const parsed = JSON.parse(body);
  assert.equal(parsed.Operations[0].value[0].value, ODD);
  assert.equal(parsed.Operations[0].value[0].$ref, `https://scim.example.test/scim/v2/Users/${encodeURIComponent(ODD)}`);
  assert.equal(parsed.Operations[1].path, `members[value eq ${JSON.stringify(ODD)}]`);
});

test('plain ids and {{run}} leave the recorded bytes as they were, and each place is rewritten once', () => {
  const recorded = '{"userName":"ada.{{run}}@example.com",  "members":[{"value":"rec-u-ada"}]}';
  assert.equal(replayer({ 'rec-u-ada': '7f4b' }).rewriteBody(recorded), '{"userName":"ada.r1@example.com",  "members":[{"value":"7f4b"}]}');
  // the target's id for one recorded id holds another recorded id: it is not rewritten a second time
  const r = replayer({ 'rec-u-1': 'rec-u-10', 'rec-u-10': 'x' });
  assert.equal(r.rewriteBody('["rec-u-1","rec-u-10"]'), '["rec-u-10","x"]');
  assert.equal(r.rewriteUrl('/Users/rec-u-1'), '/Users/rec-u-10');
});

test('a create answered by its Location alone: the replay maps the recorded id, names what it made, and its cleanup deletes it', async () => {
  const { createServer } = await import('node:http');
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST') { res.writeHead(201, { Location: `http://127.0.0.1/scim/v2/Users/${encodeURIComponent(ODD)}` }); res.end(); return; }
      res.writeHead(204); res.end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  try {
    const port = (server.address() as { port: number }).port;
    const r = new Replayer({ base: `http://127.0.0.1:${port}/scim/v2`, token: 't', redactor: new Redactor(), actor: 'test', timeoutMs: 2000, unique: 'r1' });
    const recorded = (method: string, url: string, response: { status: number; headers: Record<string, string>; body?: unknown }) =>
      ({ at: '2026-01-01T00:00:00Z', ms: 1, actor: 'Okta', request: { method, url, headers: {}, ...(method === 'POST' ? { body: { userName: 'ada' } } : {}) }, response });
    await r.replay([
      recorded('POST', 'https://scim.example.test/scim/v2/Users', { status: 201, headers: { location: 'https://scim.example.test/scim/v2/Users/rec-u-ada' } }),
      recorded('PATCH', 'https://scim.example.test/scim/v2/Users/rec-u-ada', { status: 204, headers: {} }),
    ]);
    assert.equal(r.createdBy(1), ODD);
    assert.equal(seen[1], `PATCH /scim/v2/Users/${encodeURIComponent(ODD)}`);
    await r.cleanup();
    assert.equal(seen.at(-1), `DELETE /scim/v2/Users/${encodeURIComponent(ODD)}`);
  } finally {
    await new Promise((ok) => server.close(ok));
  }
});
