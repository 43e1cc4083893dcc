// SCIMMY (npm: scimmy + scimmy-routers, https://github.com/scimmyjs) as a third-party target.
//
// SCIMMY is the protocol: schemas, filter matching, PatchOp, ListResponse paging/sorting, /.search, /Bulk,
// discovery and errors all come from the library. scimmy-routers mounts it on express and sets
// ServiceProviderConfig itself (patch, filter, sort and bulk supported; etag and changePassword not).
// This file only supplies what SCIMMY asks an application to supply: storage handlers and a token check.
// Glue choices, each the most neutral one we could find:
// - storage: a plain in-memory Map per resource type, fresh for every start(); ids are random UUIDs;
// - egress (read): by id, or every stored record passed through SCIMMY's own `resource.filter.match()`,
//   as SCIMMY's documentation does; paging, sorting and attribute projection stay with SCIMMY;
// - ingress (write): POST inserts, PUT replaces the stored record with SCIMMY's parsed instance (a missing
//   id throws, which SCIMMY turns into its 404); the store stamps meta.created/lastModified as a table's
//   timestamps would, and keeps a unique index only where SCIMMY's own schema definition declares
//   `uniqueness: "server"|"global"` (User.userName), comparing as that attribute's `caseExact` says; a clash
//   is thrown as SCIMMY's Types.Error(409, "uniqueness"), the form SCIMMY's handler contract asks for;
// - no referential integrity (deleting a User leaves Group members as they are) and no computed
//   User.groups: SCIMMY leaves both to the application, and a bare store does neither;
// - the token: `Authorization` must equal `Bearer <token>` exactly; anything else is thrown, which
//   scimmy-routers answers with its 401. The token is not bound to a user, so the handler returns no user
//   id and /Me answers SCIMMY's 501;
// - the enterprise extension (RFC 7643 §4.3, shipped by SCIMMY) is declared on User as optional;
// - express 4 (4.21.2), the major scimmy-routers 1.3.2 is developed and tested with (its devDependency);
//   its peer range also admits express 5, where `req.query` is re-parsed on every read, so the router's
//   cast of startIndex/count to numbers is lost and SCIMMY falls back to count=20 (paging breaks);
// - location base URI: the request's own origin (scimmy-routers' `baseUri`), as a deployment without a
//   proxy would give it.
import { randomBytes, randomUUID } from 'node:crypto';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

import { listenLocal, mainIfEntry, type StartedServer } from '../listen.ts';

export type { StartedServer };

type Rec = Record<string, any>;
interface Store { users: Map<string, Rec>; groups: Map<string, Rec> }

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** Top-level attributes SCIMMY's own schema definition declares unique, with their case rule. */
function uniqueAttributes(schema: any): { name: string; caseExact: boolean }[] {
  return (schema.definition.attributes as any[])
    .filter((a) => a?.config && ['server', 'global'].includes(a.config.uniqueness))
    .map((a) => ({ name: a.name as string, caseExact: Boolean(a.config.caseExact) }));
}

function handlers(pick: (store: Store) => Map<string, Rec>, schema: any, label: string) {
  const unique = uniqueAttributes(schema);
  return {
    egress: async (resource: any, ctx: Store) => {
      const table = pick(ctx);
      if (resource.id) {
        const found = table.get(resource.id);
        if (!found) throw new Error(`${label} ${resource.id} not found`);
        return clone(found);
      }
      const all = [...table.values()].map(clone);
      return resource.filter ? resource.filter.match(all) : all;
    },
    ingress: async (resource: any, instance: any, ctx: Store) => {
      const table = pick(ctx);
      const data = clone(instance) as Rec;
      const existing = resource.id ? table.get(resource.id) : undefined;
      if (resource.id && !existing) throw new Error(`${label} ${resource.id} not found`);
      for (const { name, caseExact } of unique) {
        const norm = (v: unknown) => (typeof v === 'string' && !caseExact ? v.toLowerCase() : v);
        if (data[name] === undefined) continue;
        const clash = [...table.values()].find((r) => r.id !== resource.id && norm(r[name]) === norm(data[name]));
        if (clash) throw new SCIMMY.Types.Error(409, 'uniqueness', `${label} ${name} must be unique`);
      }
      const now = new Date().toISOString();
      const id = resource.id ?? randomUUID();
      const record: Rec = { ...data, id, meta: { created: existing?.meta?.created ?? now, lastModified: now } };
      table.set(id, record);
      return clone(record);
    },
    degress: async (resource: any, ctx: Store) => {
      if (!pick(ctx).delete(resource.id)) throw new Error(`${label} ${resource.id} not found`);
    },
  };
}

let declared = false;
function declareOnce(): void {
  if (declared) return;
  declared = true;
  // Handlers read the store from the per-request context, so two servers in one process keep their data apart.
  SCIMMY.Resources.declare(SCIMMY.Resources.User, {
    ...handlers((s) => s.users, SCIMMY.Schemas.User, 'User'),
    extensions: [{ schema: SCIMMY.Schemas.EnterpriseUser, required: false }],
  } as any);
  SCIMMY.Resources.declare(SCIMMY.Resources.Group, handlers((s) => s.groups, SCIMMY.Schemas.Group, 'Group') as any);
}

export async function start(options: { token?: string } = {}): Promise<StartedServer> {
  declareOnce();
  const token = options.token ?? randomBytes(24).toString('base64url');
  const store: Store = { users: new Map(), groups: new Map() };
  const app = express();
  app.disable('x-powered-by');
  app.use('/scim/v2', new SCIMMYRouters({
    type: 'bearer',
    handler: (req) => {
      if (req.header('authorization') !== `Bearer ${token}`) throw new Error('Authorization failed');
      return undefined as unknown as string; // no user behind the token: /Me answers 501
    },
    context: () => store,
    baseUri: (req) => `${req.protocol}://${req.get('host')}`,
  }) as unknown as express.Router);
  const { origin, stop } = await listenLocal(app);
  return { scimBase: `${origin}/scim/v2`, token, stop };
}

await mainIfEntry(import.meta.url, start);
