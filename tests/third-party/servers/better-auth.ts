// Better Auth's SCIM plugin (npm: better-auth + @better-auth/scim, https://github.com/better-auth/better-auth)
// as a third-party target. Version pinned to 1.7.5: the plugin's newest release that resolves against its
// own peer ranges (better-call 1.4.0, @better-auth/utils 0.4.2) and runs on Node 20.
//
// Everything SCIM (routing, schemas, filters, PATCH, errors, discovery, token checking) is the plugin's.
// Glue choices, each the most neutral one we could find:
// - storage: better-auth's own memory adapter over an empty object holding every table that better-auth's
//   `getAuthTables(options)` lists for this configuration (the adapter refuses to read a table it has not
//   seen), fresh for every start();
// - the token: one code-defined connection with one static bearer credential, the plugin's documented
//   minimal setup (`connections: [{ id, credentials: [{ type: "bearer", id, token }] }]`); no scopes are
//   given, so the plugin grants its default (every SCIM scope); no managed connections, identity
//   linking, role projection or compatibility switches: the plugin's defaults;
// - better-auth's `baseURL` is this server's own origin, so the SCIM base is `<origin>/api/auth/scim/v2`
//   (better-auth's default base path); `secret` is random per start (nothing here signs sessions);
// - served by better-auth's own node adapter (`toNodeHandler`), nothing in between.
import { randomBytes } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { toNodeHandler } from 'better-auth/node';
import { getAuthTables } from '@better-auth/core/db';
import { scim } from '@better-auth/scim';

import { listenLocal, mainIfEntry, type StartedServer } from '../listen.ts';

export type { StartedServer };

export async function start(options: { token?: string } = {}): Promise<StartedServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  // The port is known only once the socket listens, and better-auth wants its baseURL up front: listen
  // first with a handler that forwards to the auth instance created right after.
  let handler: ((req: any, res: any) => unknown) | undefined;
  const { origin, stop } = await listenLocal((req, res) => {
    if (!handler) { res.statusCode = 503; res.end(); return; }
    void handler(req, res);
  });

  const plugins = [scim({ connections: [{ id: 'scim-conformance', credentials: [{ type: 'bearer', id: 'scim-conformance-token', token }] }] })];
  const base = { baseURL: origin, secret: randomBytes(32).toString('hex'), plugins, telemetry: { enabled: false } };
  const db: Record<string, unknown[]> = {};
  for (const table of Object.values(getAuthTables(base as any))) db[(table as { modelName: string }).modelName] = [];
  const auth = betterAuth({ ...base, database: memoryAdapter(db as any), logger: { disabled: true } } as any);
  handler = toNodeHandler(auth as any) as any;

  return { scimBase: `${origin}/api/auth/scim/v2`, token, stop };
}

await mainIfEntry(import.meta.url, start);
