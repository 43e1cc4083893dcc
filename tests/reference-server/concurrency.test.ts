// Concurrent creates of one userName over real HTTP: exactly one 201, the others 409, one user stored.
// The engine handles a request synchronously, so this holds by construction; the test keeps it so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, provisionedTenant, startServer, userBody } from './helpers.ts';

for (const profile of ['aws', 'rfc'] as const) {
  test(`${profile}: concurrent creates of one userName (in any case) give one 201 and 409s, and store one user`, async () => {
    const server = await startServer();
    try {
      const t = await provisionedTenant(server, profile);
      for (let round = 0; round < 5; round++) {
        const name = `race${round}.user`;
        const bodies = Array.from({ length: 8 }, (_, i) => {
          const b = userBody(i % 2 ? name.toUpperCase() : name);
          b.emails[0].value = `${name}.${i}@example.com`; // only the userName collides
          return b;
        });
        const replies = await Promise.all(bodies.map((body) => call(`${t.base}/Users`, { token: t.token, body })));
        const statuses = replies.map((r) => r.status).sort();
        assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409, 409, 409], `round ${round}: ${statuses.join(',')}`);
        const list = await call(`${t.base}/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`, { token: t.token });
        assert.equal(list.body.totalResults ?? list.body.Resources.length, 1);
      }
    } finally {
      await server.close();
    }
  });
}
