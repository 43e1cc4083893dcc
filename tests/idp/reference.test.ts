// Every dialect's golden script, against the embedded reference under the SP profile the dialect is for:
// every request is answered with a success (the reference accepts each IdP as it really behaves).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReferenceServer } from '../../support/reference-server/index.ts';
import { PROFILES } from '../../fixtures/idp-profiles/index.ts';
import { runGoldenScript } from './golden-script.ts';

test('the reference accepts every dialect\'s golden script under its SP profile', async () => {
  const ref = await startReferenceServer({ adminToken: 'admin-secret-123456', port: 0 });
  try {
    const admin = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${ref.url}/admin${path}`, { method, headers: { authorization: 'Bearer admin-secret-123456', 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      return r.status === 204 ? {} : r.json() as Promise<any>;
    };
    for (const [id, profile] of Object.entries(PROFILES)) {
      const tenant = await admin('POST', '/tenants', { profile: profile.spProfile });
      const enabled = await admin('POST', `/tenants/${tenant.id}/provisioning`);
      const engine = await runGoldenScript(profile, enabled.scimEndpoint.replace(/\/$/, ''), enabled.accessToken.token);
      const refused = engine.exchanges.filter((e) => !e.response || e.response.status >= 300);
      assert.deepEqual(refused.map((e) => `${e.request.method} ${e.request.url} → ${e.response?.status} ${JSON.stringify(e.response?.body)}`), [], `${id} under ${profile.spProfile}`);
      const users = await admin('GET', `/tenants/${tenant.id}/users`);
      const expectGone = profile.user.onUnassign === 'delete';
      assert.equal(users.users.length, expectGone ? 0 : 1, `${id}: unassigned user ${expectGone ? 'deleted' : 'kept, disabled'}`);
      if (!expectGone) assert.equal(users.users[0].active, false, `${id}: unassigned user disabled`);
    }
  } finally { await ref.close(); }
});
