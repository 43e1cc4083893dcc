// BoxyHQ's Directory Sync (npm: @boxyhq/saml-jackson, https://github.com/ory/polis) as a third-party target,
// opt-in: its 430 packages (database drivers among them) take minutes and 275 MB to install, which every
// `npm ci` would pay, so it is installed apart, under .tmp/third-party/ (`npm run third-party:jackson`).
// Version pinned to 26.2.0.
//
// Everything SCIM (parsing, filters, PATCH, errors, token checking) is the library's. Glue choices, each the
// most neutral one we could find:
// - storage: the library's own in-memory engine (`db: { engine: 'mem' }`), fresh for every start();
// - one directory (`directorySyncController.directories.create`, type azure-scim-v2, the library's default
//   for a generic SCIM directory), whose generated secret is the bearer token;
// - the route is the one its adopters serve (cal.com's pages/api/scim/v2.0/[...directory].ts): the path's
//   first segment after the base is the resource ("Users", anything else is taken for groups), the query's
//   count, startIndex and filter are passed on, the body is parsed as JSON when there is one, and the
//   library's { status, data } is answered as JSON (Next.js's res.status(status).json(data)).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listenLocal, mainIfEntry, type StartedServer } from '../listen.ts';

/** Where `npm run third-party:jackson` installs the library (never into the project's own node_modules). */
export const INSTALL_DIR = join(fileURLToPath(new URL('../../../', import.meta.url)), '.tmp/third-party/jackson');

/** The bearer token is the directory's own secret, which the library makes: a token asked for is not used. */
export async function start(): Promise<StartedServer> {
  let jackson: { default?: unknown } & Record<string, unknown>;
  try {
    jackson = createRequire(join(INSTALL_DIR, 'package.json'))('@boxyhq/saml-jackson');
  } catch {
    throw new Error(`@boxyhq/saml-jackson is not installed under ${INSTALL_DIR}: run npm run third-party:jackson`);
  }
  const controllers = (jackson.default ?? jackson.controllers) as (opts: unknown) => Promise<any>;
  let handler: ((req: any, res: any) => Promise<void>) | undefined;
  const { origin, stop } = await listenLocal((req, res) => {
    if (!handler) { res.statusCode = 503; res.end(); return; }
    handler(req, res).catch(() => { if (!res.headersSent) { res.statusCode = 500; res.end(); } });
  });
  const { directorySyncController } = await controllers({
    externalUrl: origin, samlPath: '/api/oauth/saml', scimPath: '/api/scim/v2.0', noAnalytics: true,
    db: { engine: 'mem' }, samlAudience: 'https://saml.boxyhq.com',
  });
  const created = await directorySyncController.directories.create({ name: 'scim-conformance', tenant: 'conformance', product: 'scim-conformance', type: 'azure-scim-v2' });
  if (created.error) throw new Error(`creating the directory: ${JSON.stringify(created.error)}`);
  const directory = created.data as { id: string; scim: { secret: string } };
  const base = `/api/scim/v2.0/${directory.id}`;

  handler = async (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    let text = '';
    for await (const chunk of req) text += chunk;
    // what Next.js's catch-all route gives: the segments after /api/scim/v2.0/, each decoded
    const segments = url.pathname.startsWith('/api/scim/v2.0/') ? url.pathname.slice('/api/scim/v2.0/'.length).split('/').filter(Boolean).map(decodeURIComponent) : [];
    const [directoryId, path, resourceId] = segments;
    const auth = req.headers.authorization ?? null;
    const request = {
      method: req.method, directoryId, resourceId,
      apiSecret: auth ? auth.split(' ')[1] : null,
      resourceType: path === 'Users' ? 'users' : 'groups',
      body: text ? JSON.parse(text) : undefined, // as the adopter's route: a body that is not JSON throws (Next.js answers 500)
      query: {
        count: url.searchParams.get('count') ? parseInt(url.searchParams.get('count')!, 10) : undefined,
        startIndex: url.searchParams.get('startIndex') ? parseInt(url.searchParams.get('startIndex')!, 10) : undefined,
        filter: url.searchParams.get('filter') ?? undefined,
      },
    };
    const { status, data } = await directorySyncController.requests.handle(request, async () => undefined);
    const out = JSON.stringify(data);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(out) });
    res.end(out);
  };
  return { scimBase: `${origin}${base}`, token: directory.scim.secret, stop };
}

await mainIfEntry(import.meta.url, start);
