// rfc-state.ts against an SP whose lists lag: a write it refuses but stores after all reaches its lists only
// later, so the state after the refusal is read once the measured lag has passed (never where no lag was measured).
// Against a small SCIM server on 127.0.0.1 that answers a create 400 yet keeps the user, listed 150 ms later.
// And the state before a refused write waits for a read by id that shows the scenario's last write late, and the
// state after it is read by id once the measured read lag has passed (a cache that still answers the old state).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Actor } from '../../support/screenplay/actor.js';
import { CallScim } from '../../support/screenplay/abilities/call-scim.js';
import { ScenarioContext } from '../../support/screenplay/context.js';
import { ChangesSinceRefusedWrite, expectNothingChangedIfRefused, listLagWait, readLagWait, rememberStateBefore } from '../../support/screenplay/questions/rfc-state.js';
import { ExpectationFailed } from '../../support/scim/expectations.js';
import type { ServedCapabilities } from '../../support/targets/target.js';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const LAG_MS = 150;

/** `answer`: what a create gets (the user is kept whatever it gets): a status, or the connection reset with no answer. */
async function refusesButStores(answer: number | 'reset' = 400, lagMs = LAG_MS): Promise<{ base: string; close: () => void }> {
  const stored: { at: number }[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/scim+json');
      if (req.method === 'POST') {
        stored.push({ at: Date.now() });
        if (answer === 'reset') { req.socket.destroy(); return; }
        res.statusCode = answer;
        res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(answer), detail: 'refused (but kept)' }));
        return;
      }
      const shown = stored.filter((s) => Date.now() - s.at >= lagMs).map((_, i) => ({ id: `u${i}`, userName: 'twin@example.com' }));
      res.end(JSON.stringify({ schemas: [LIST], totalResults: shown.length, startIndex: 1, itemsPerPage: shown.length, Resources: shown }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`, close: () => server.close() };
}

function scenario(base: string, served?: Partial<ServedCapabilities>): { ctx: ScenarioContext; client: Actor } {
  const ctx = new ScenarioContext({ target: { id: 'refuses-but-stores', kind: 'url', scimBase: base, capabilities: { served } as never }, spProfile: 'rfc',
    seed: 1, runId: 'refused', timeoutMs: 5000, settleMs: 2000 }, { token: 'T0ken-for-refused-test' }, 'refused');
  return { ctx, client: new Actor('the client').whoCan(CallScim.at(ctx, 'the client')) };
}

async function refusedCreateChanges(served?: Partial<ServedCapabilities>): Promise<string[]> {
  const sp = await refusesButStores();
  try {
    const { ctx, client } = scenario(sp.base, served);
    await rememberStateBefore(client, ctx, [{ path: 'Users', filter: 'userName eq "twin@example.com"' }]);
    await client.abilityTo(CallScim).send({ method: 'POST', path: '/Users', body: { userName: 'twin@example.com' } });
    return await client.asks(ChangesSinceRefusedWrite(ctx));
  } finally { sp.close(); }
}

test('a refused write stored after all is found on an SP whose lists lag: the state after it is read once the measured lag has passed', async () => {
  const changes = await refusedCreateChanges({ listLag: { ms: LAG_MS, listed: true } });
  assert.equal(changes.length, 1, `the stored user is seen: ${changes.join('; ')}`);
  assert.match(changes[0]!, /matching userName eq "twin@example\.com"/);
});

test('where the run measured no lag, the state after a refused write is read at once (no run pays for a wait)', async () => {
  // the same SP read at once: its late list still hides the user, which is what the wait above is for
  assert.deepEqual(await refusedCreateChanges({ listLag: { ms: 0, listed: true } }), []);
  const none = scenario('http://127.0.0.1:9/scim/v2', { listLag: { ms: 0, listed: true } }).ctx;
  assert.equal(listLagWait(none), 0);
  assert.equal(listLagWait(scenario('http://127.0.0.1:9/scim/v2', { listLag: { ms: 300, listed: true } }).ctx), 400);
  assert.equal(listLagWait(scenario('http://127.0.0.1:9/scim/v2', { listLag: { ms: 4000, listed: false } }).ctx), 2000, 'never listed: the whole settle time');
  assert.equal(listLagWait(scenario('http://127.0.0.1:9/scim/v2').ctx), 0, 'not probed');
});

test('RFC-STATE-01 judges a 4xx that kept the user; a 5xx that kept it is a should; a create that got no answer is not judged', async () => {
  const judged = async (answer: number | 'reset') => {
    const sp = await refusesButStores(answer, 0);
    try {
      const { ctx, client } = scenario(sp.base, { listLag: { ms: 0, listed: true } });
      await rememberStateBefore(client, ctx, [{ path: 'Users', filter: 'userName eq "twin@example.com"' }]);
      await client.abilityTo(CallScim).send({ method: 'POST', path: '/Users', body: { userName: 'twin@example.com' } });
      const error = await expectNothingChangedIfRefused(client, ctx, () => {}).then(() => undefined, (e: unknown) => e);
      return { error, findings: ctx.findings, notes: ctx.notes };
    } finally { sp.close(); }
  };
  const refused = await judged(400);
  assert.ok(refused.error instanceof ExpectationFailed && /answered 400\) changed the SP's state/.test(refused.error.message), String(refused.error));
  const failed = await judged(500);
  assert.equal(failed.error, undefined);
  assert.match(failed.findings.join('\n'), /answered 500\) changed the SP's state/);
  const unanswered = await judged('reset');
  assert.equal(unanswered.error, undefined);
  assert.deepEqual(unanswered.findings, []);
  assert.match(unanswered.notes.join('\n'), /not judged: the request got no usable answer/);
});

/** An SP whose GET /Users/u1 shows a PUT only from the `lateBy`-th read after it (a replica); it refuses every PATCH. */
async function readsLate(lateBy: number): Promise<{ base: string; close: () => void }> {
  let version = 1;
  let readsSincePut = 0;
  const user = (v: number) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u1', userName: 'ada@example.com', displayName: `v${v}`, meta: { version: `W/"${v}"` } });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/scim+json');
      if (req.method === 'PUT') { version += 1; readsSincePut = 0; res.end(JSON.stringify(user(version))); return; }
      if (req.method === 'PATCH') { res.statusCode = 400; res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400' })); return; }
      if (req.url?.includes('/Users/u1')) { readsSincePut += 1; res.end(JSON.stringify(user(readsSincePut >= lateBy ? version : version - 1))); return; }
      res.end(JSON.stringify({ schemas: [LIST], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [user(version)] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`, close: () => server.close() };
}

test('the state before a refused write waits for a read by id that shows the scenario\'s last write: a stale one is no change', async () => {
  const sp = await readsLate(2);
  try {
    const { ctx, client } = scenario(sp.base);
    const scim = client.abilityTo(CallScim);
    scim.ids.set('ada', 'u1');
    await scim.send({ method: 'PUT', path: '/Users/u1', body: { userName: 'ada@example.com', displayName: 'v2' } });
    await rememberStateBefore(client, ctx);
    await scim.send({ method: 'PATCH', path: '/Users/u1', body: {} });
    assert.deepEqual(await client.asks(ChangesSinceRefusedWrite(ctx)), [], 'the state before the refusal is the PUT\'s, as after it');
    assert.equal(ctx.notes.length, 1, 'and the wait is noted');
  } finally { sp.close(); }
});

/**
 * An SP that answers a PATCH 400 yet applies it, and answers GET /Users/u1 from a read-through cache kept LAG_MS
 * from the read that filled it, which writes do not refresh (as the reference's variant lagging-reads does).
 */
async function refusesButPatchesBehindCache(): Promise<{ base: string; close: () => void }> {
  let displayName = 'before';
  let cached: { until: number; body: string } | undefined;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/scim+json');
      if (req.method === 'PATCH') {
        displayName = 'patched anyway';
        res.statusCode = 400;
        res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', detail: 'refused (but applied)' }));
        return;
      }
      if (!cached || cached.until <= Date.now()) {
        cached = { until: Date.now() + LAG_MS, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u1', userName: 'ada@example.com', displayName }) };
      }
      res.end(cached.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`, close: () => server.close() };
}

async function refusedPatchChanges(served?: Partial<ServedCapabilities>): Promise<string[]> {
  const sp = await refusesButPatchesBehindCache();
  try {
    const { ctx, client } = scenario(sp.base, served);
    client.abilityTo(CallScim).ids.set('ada', 'u1');
    await rememberStateBefore(client, ctx);
    await client.abilityTo(CallScim).send({ method: 'PATCH', path: '/Users/u1', body: {} });
    return await client.asks(ChangesSinceRefusedWrite(ctx));
  } finally { sp.close(); }
}

test('a refused PATCH applied after all is found on an SP whose reads by id lag: the state after it is read once the measured read lag has passed', async () => {
  const changes = await refusedPatchChanges({ readLag: { ms: LAG_MS, shown: true } });
  assert.equal(changes.length, 1, `the applied PATCH is seen: ${changes.join('; ')}`);
  assert.match(changes[0]!, /user "ada": body\.displayName: was "before", now "patched anyway"/);
  // read at once, the cache still answers the state before: the false pass the wait is for
  assert.deepEqual(await refusedPatchChanges({ readLag: { ms: 0, shown: true } }), []);
});

test('the read-lag wait: nothing where none was measured, else the lag and 100 ms within the settle time, and the longer of both lags', () => {
  const at = (served?: Partial<ServedCapabilities>) => scenario('http://127.0.0.1:9/scim/v2', served).ctx;
  assert.equal(readLagWait(at({ readLag: { ms: 0, shown: true } })), 0);
  assert.equal(readLagWait(at()), 0, 'not probed (or no PATCH served)');
  assert.equal(readLagWait(at({ readLag: { ms: 170, shown: true } })), 270);
  assert.equal(readLagWait(at({ readLag: { ms: 4000, shown: false } })), 2000, 'never shown: the whole settle time');
  assert.equal(readLagWait(at({ readLag: { ms: 2500, shown: true } })), 2000, 'within the settle time');
  assert.equal(listLagWait(at({ readLag: { ms: 170, shown: true } })), 0, 'the two lags are apart');
});
