// A small SCIM-ish capture server on 127.0.0.1:0 for the IdP engine's unit tests: records every request
// exactly as received (raw path and query, header pairs in order, body text) and answers plausible SCIM.
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface Captured { method: string; path: string; headers: [string, string][]; body?: string }

export interface CaptureServer {
  base: string;
  captured: Captured[];
  /** Queue of canned replies used before the default behaviour: {status, headers, body}. */
  script: { status: number; headers?: Record<string, string>; body?: unknown; match?: (c: Captured) => boolean }[];
  users: Map<string, any>;
  groups: Map<string, any>;
  close(): Promise<void>;
}

export async function startCaptureServer(prefix = '/scim/v2'): Promise<CaptureServer> {
  const captured: Captured[] = [];
  const users = new Map<string, any>();
  const groups = new Map<string, any>();
  const script: CaptureServer['script'] = [];
  let n = 0;
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const pairs: [string, string][] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
    const c: Captured = { method: req.method ?? '', path: req.url ?? '', headers: pairs, ...(text ? { body: text } : {}) };
    captured.push(c);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}), ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const idx = script.findIndex((s) => !s.match || s.match(c));
    if (idx >= 0) { const s = script.splice(idx, 1)[0]; return send(s.status, s.body, s.headers); }
    const url = c.path.startsWith(prefix) ? c.path.slice(prefix.length) : c.path;
    const [pathname, query = ''] = url.split('?');
    const parts = pathname.split('/').filter(Boolean);
    const body = text ? JSON.parse(text) : undefined;
    const list = (m: Map<string, any>) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: /filter=/.test(query) ? 0 : m.size, startIndex: 1, itemsPerPage: /filter=/.test(query) ? 0 : m.size,
      Resources: /filter=/.test(query) ? [] : [...m.values()] });
    const store = parts[0] === 'Users' ? users : groups;
    if (parts.length === 1 && c.method === 'GET') return send(200, list(store));
    if (parts.length === 1 && c.method === 'POST') {
      n += 1;
      const id = `${parts[0] === 'Users' ? 'u' : 'g'}${n}`;
      const created = { ...body, id, meta: { resourceType: parts[0] === 'Users' ? 'User' : 'Group', created: '2026-01-05T09:00:00Z', lastModified: '2026-01-05T09:00:00Z', location: `http://capture${prefix}/${parts[0]}/${id}` } };
      delete created.password;
      if (parts[0] === 'Users') created.groups = [];
      store.set(id, created);
      return send(201, created);
    }
    const found = store.get(parts[1]);
    if (!found) return send(404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'Resource not found' });
    switch (c.method) {
      case 'GET': return send(200, found);
      case 'PUT': { const next = { ...body, id: found.id, meta: found.meta }; store.set(found.id, next); return send(200, next); }
      case 'PATCH': return parts[0] === 'Groups' ? send(204) : send(200, found);
      case 'DELETE': store.delete(found.id); return send(204);
      default: return send(405);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { base: `http://127.0.0.1:${port}${prefix}`, captured, script, users, groups,
    close: () => new Promise<void>((r) => server.close(() => r())) };
}
