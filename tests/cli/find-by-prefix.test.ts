// cleanup --prefix finds a killed run's leftovers by walking the target's lists. An SP may page by a size of its
// own, below the count asked for (RFC 7644 §3.4.2.4): the walk must go on after what each page held, or it
// skips users and leaves them on the SP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findByPrefix } from '../../support/cli/sweep.ts';
import { referenceWithTenant } from '../transport/helpers.ts';

for (const variants of [[], ['one-result-per-page']] as const) {
  test(`findByPrefix finds every user and group that carries the prefix (${variants.length ? variants.join(', ') : 'default page size'})`, async () => {
    const { server, scimBase, token } = await referenceWithTenant({ variants: [...variants] }, undefined, 'rfc');
    try {
      const post = async (path: string, body: unknown) => {
        const r = await fetch(`${scimBase}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(body) });
        const text = await r.text();
        assert.equal(r.status, 201, text);
        return JSON.parse(text) as { id: string };
      };
      const user = (userName: string) => post('/Users', { userName, name: { givenName: 'G', familyName: 'F' }, displayName: userName, emails: [{ value: userName, type: 'work', primary: true }] });
      // the owner's users come first in the list, so the bounded walk of the unfiltered list never reaches the run's
      for (let i = 0; i < 6; i++) await user(`owner.${i}@example.com`);
      const ours: string[] = [];
      for (let i = 0; i < 4; i++) ours.push((await user(`scimc-pfx123-u${i}@example.com`)).id);
      ours.push((await post('/Groups', { displayName: 'scimc-pfx123-group' })).id);
      await post('/Groups', { displayName: 'Not ours' });
      const { found } = await findByPrefix(scimBase, token, 'scimc-pfx123-', { timeoutMs: 5_000, pageSize: 3, maxPages: 5 });
      assert.deepEqual(found.map((f) => f.id).sort(), [...ours].sort());
    } finally { await server.close(); }
  });
}
