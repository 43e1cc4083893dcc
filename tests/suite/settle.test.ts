// settle.ts: a judgement of a list read waits for a list that shows the scenario's writes late, by reading
// again (never by sending a write again), within the run's settle time; and it says so in the scenario's notes.
// Against a small SCIM server on 127.0.0.1 whose filter shows a created user only after a number of reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Actor, question } from '../../support/screenplay/actor.js';
import { CallScim } from '../../support/screenplay/abilities/call-scim.js';
import { ScenarioContext } from '../../support/screenplay/context.js';
import { Eventually, judgeOnceShown, judgeSettled, readsOnly } from '../../support/screenplay/settle.js';
import { ExpectationFailed } from '../../support/scim/expectations.js';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** A server whose list shows the user from the `lateBy`-th list read on (Infinity: never); it counts requests. */
async function laggingServer(lateBy: number): Promise<{ base: string; seen: string[]; server: Server }> {
  const seen: string[] = [];
  let lists = 0;
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/scim+json');
      if (req.method === 'POST' && req.url?.endsWith('/Users')) {
        res.statusCode = 201;
        res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u1', userName: 'ada@example.com' }));
        return;
      }
      lists += 1;
      const shown = lists >= lateBy ? [{ id: 'u1', userName: 'ada@example.com' }] : [];
      res.end(JSON.stringify({ schemas: [LIST], totalResults: shown.length, startIndex: 1, itemsPerPage: shown.length, Resources: shown }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`, seen, server };
}

function scenario(base: string, settleMs: number): { ctx: ScenarioContext; client: Actor } {
  const ctx = new ScenarioContext({ target: { id: 'lagging', kind: 'url', scimBase: base, capabilities: {} as never }, spProfile: 'rfc',
    seed: 1, runId: 'settle', timeoutMs: 5000, settleMs }, { token: 'T0ken-for-settle-test' }, 'settle');
  return { ctx, client: new Actor('the client').whoCan(CallScim.at(ctx, 'the client')) };
}

const holdsAda = (client: Actor) => (): void => {
  const r = client.abilityTo(CallScim).lastReply();
  if (r.body?.Resources?.[0]?.id !== 'u1') throw new ExpectationFailed('the list does not hold ada');
};
const lists = (seen: string[]) => seen.filter((s) => s.startsWith('GET')).length;

test('a failing judgement of a read repeats that read until it holds, and notes how late the list was', async (t) => {
  const { base, seen, server } = await laggingServer(3);
  t.after(() => server.close());
  const { ctx, client } = scenario(base, 2000);
  await client.abilityTo(CallScim).send({ method: 'GET', path: '/Users', query: { filter: 'userName eq "ada@example.com"' } });
  await judgeSettled(client, ctx, holdsAda(client));
  assert.equal(lists(seen), 3);
  assert.ok(seen.every((s) => s.includes('filter=')), 'the same request each time');
  assert.equal(ctx.notes.length, 1);
  assert.match(ctx.notes[0]!, /right only after \d+ ms/);
  assert.equal(ctx.transcript.length, 3, 'every read is in the transcript');
});

test('a judgement that holds at once reads once and notes nothing', async (t) => {
  const { base, seen, server } = await laggingServer(1);
  t.after(() => server.close());
  const { ctx, client } = scenario(base, 2000);
  await client.abilityTo(CallScim).send({ method: 'GET', path: '/Users' });
  await judgeSettled(client, ctx, holdsAda(client));
  assert.equal(lists(seen), 1);
  assert.deepEqual(ctx.notes, []);
});

test('the settle time bounds the wait, and the last read is judged; 0 reads once', async (t) => {
  const { base, seen, server } = await laggingServer(Infinity);
  t.after(() => server.close());
  const { ctx, client } = scenario(base, 300);
  await client.abilityTo(CallScim).send({ method: 'GET', path: '/Users' });
  const started = Date.now();
  await assert.rejects(judgeSettled(client, ctx, holdsAda(client)), /does not hold ada/);
  const took = Date.now() - started;
  // the settle time bounds the pauses; the reads themselves add a little, more on a loaded machine
  assert.ok(took <= 300 + 400, `waited ${took} ms for a settle time of 300`);
  assert.ok(lists(seen) > 2, 'it read again meanwhile');
  assert.deepEqual(ctx.notes, []);

  const once = scenario(base, 0);
  const before = lists(seen);
  await once.client.abilityTo(CallScim).send({ method: 'GET', path: '/Users' });
  await assert.rejects(judgeSettled(once.client, once.ctx, holdsAda(once.client)), ExpectationFailed);
  assert.equal(lists(seen) - before, 1);
});

test('a write is never sent again: after a POST the judgement reads nothing', async (t) => {
  const { base, seen, server } = await laggingServer(Infinity);
  t.after(() => server.close());
  const { ctx, client } = scenario(base, 2000);
  await client.abilityTo(CallScim).send({ method: 'POST', path: '/Users', body: { userName: 'ada@example.com' } });
  await assert.rejects(judgeSettled(client, ctx, () => { throw new ExpectationFailed('not yet'); }), /not yet/);
  assert.deepEqual(seen, ['POST /scim/v2/Users']);
});

test('only an expectation waits: any other error is thrown at once', async (t) => {
  const { base, seen, server } = await laggingServer(Infinity);
  t.after(() => server.close());
  const { ctx, client } = scenario(base, 2000);
  await client.abilityTo(CallScim).send({ method: 'GET', path: '/Users' });
  await assert.rejects(judgeSettled(client, ctx, () => { throw new TypeError('a bug in the step'); }), TypeError);
  assert.equal(lists(seen), 1);
});

test('an answer that is not 2xx is judged at once: a lagging list still answers 200', async (t) => {
  const server = createServer((req, res) => { req.resume(); res.statusCode = 400; res.setHeader('content-type', 'application/scim+json'); res.end('{"status":"400"}'); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const { ctx, client } = scenario(`http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`, 2000);
  await client.abilityTo(CallScim).send({ method: 'GET', path: '/Users', query: { filter: 'userName sw "a"' } });
  const started = Date.now();
  await assert.rejects(judgeSettled(client, ctx, holdsAda(client)), /does not hold ada/);
  assert.equal(ctx.transcript.length, 1, 'no second read');
  assert.ok(Date.now() - started < 1000, 'no wait for the settle time');
});

test('a read task of several requests is repeated whole', async (t) => {
  const { base, seen, server } = await laggingServer(4);
  t.after(() => server.close());
  const { ctx, client } = scenario(base, 2000);
  await client.attemptsTo(readsOnly('read two pages', async (actor) => {
    await actor.abilityTo(CallScim).send({ method: 'GET', path: '/Users', query: { startIndex: 2 } });
    await actor.abilityTo(CallScim).send({ method: 'GET', path: '/Users', query: { startIndex: 1 } });
  }));
  await judgeSettled(client, ctx, holdsAda(client));
  assert.deepEqual(seen.map((s) => s.replace(/^GET \/scim\/v2\/Users\?/, '')), ['startIndex=2', 'startIndex=1', 'startIndex=2', 'startIndex=1']);
});

test('Eventually asks again until the answer holds, and gives the last answer when it never does', async (t) => {
  const { base, seen, server } = await laggingServer(2);
  t.after(() => server.close());
  const { ctx, client } = scenario(base, 2000);
  const found = question('whether ada is listed', async (actor) => {
    const r = await actor.abilityTo(CallScim).send({ method: 'GET', path: '/Users' });
    return (r.body?.Resources ?? []).length > 0;
  }, 'RFC-FILTER-01');
  assert.equal(await client.asks(Eventually(ctx, found, (is) => is)), true);
  assert.equal(lists(seen), 2);
  assert.equal(Eventually(ctx, found, (is) => is).owner, 'RFC-FILTER-01', 'a failure inside still belongs to the question asked');
  const short = scenario(base, 120);
  assert.equal(await short.client.asks(Eventually(short.ctx, found, (is) => !is)), true, 'the last answer, when it never holds');
});

test('judgeOnceShown runs a judgement that reads for itself again, reads included, until it holds, and notes the lateness', async (t) => {
  const { base, seen, server } = await laggingServer(3);
  t.after(() => server.close());
  const { ctx, client } = scenario(base, 2000);
  const judge = async (): Promise<string> => {
    await client.abilityTo(CallScim).send({ method: 'GET', path: '/Users' });
    holdsAda(client)();
    return 'shown';
  };
  assert.equal(await judgeOnceShown(ctx, 'reading ada after the PUT', judge), 'shown');
  assert.equal(lists(seen), 3);
  assert.equal(ctx.notes.length, 1);
  assert.match(ctx.notes[0]!, /^reading ada after the PUT: right only after \d+ ms/);
});

test('judgeOnceShown: only an expectation waits, and the last one is thrown once the settle time is spent', async (t) => {
  const { base, seen, server } = await laggingServer(Infinity);
  t.after(() => server.close());
  const { ctx, client } = scenario(base, 300);
  const read = () => client.abilityTo(CallScim).send({ method: 'GET', path: '/Users' });
  await assert.rejects(judgeOnceShown(ctx, 'a bug', async () => { await read(); throw new TypeError('a bug in the step'); }), TypeError);
  assert.equal(lists(seen), 1, 'a bug is thrown at once');
  const started = Date.now();
  await assert.rejects(judgeOnceShown(ctx, 'ada', async () => { await read(); holdsAda(client)(); }), /does not hold ada/);
  assert.ok(Date.now() - started <= 300 + 400, 'the settle time bounds the wait');
  assert.ok(lists(seen) > 3, 'it read again meanwhile');
  assert.deepEqual(ctx.notes, []);
});
