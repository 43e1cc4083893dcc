// Small helpers shared by the SCIM, admin, SAML and console routes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SpProfile } from './scim/types.ts';

export const BODY_LIMIT = 1024 * 1024;
/** After a 413, what is still coming is read and thrown away (never buffered) up to this much, then the socket is cut. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

export type BodyResult = { ok: true; body: Buffer } | { ok: false; tooLarge: true };

/** Reads a request body up to `limit` bytes; beyond that it stops buffering and reports tooLarge. */
export function readBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) {
      discard(req);
      resolve({ ok: false, tooLarge: true });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        req.off('data', onData);
        discard(req);
        resolve({ ok: false, tooLarge: true });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve({ ok: true, body: Buffer.concat(chunks, size) });
    });
    req.on('error', (e) => {
      if (done) return;
      done = true;
      reject(e);
    });
  });
}

/** Reads what is left of a request and throws it away (bounded), so an early answer can still be read by the client. */
export function discard(req: IncomingMessage): void {
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT) req.socket.destroy();
  });
  req.resume();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, contentType = 'application/json', indent = 0,
  byteOrderMark = false): void {
  if (res.headersSent) return;
  const h: Record<string, string> = { 'Cache-Control': 'no-store', ...headers };
  if (body === undefined || status === 204 || status === 304) {
    res.writeHead(status, h);
    res.end();
    return;
  }
  const text = `${byteOrderMark ? '\uFEFF' : ''}${JSON.stringify(body, null, indent)}`; // FAULT json-byte-order-mark
  if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = `${contentType}; charset=utf-8`;
  h['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(status, h);
  res.end(text);
}

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The SCIM error body of a profile: aws has `schema` (singular) and puts detail before status. */
export function scimErrorBody(profile: SpProfile, status: number, detail: string): Record<string, unknown> {
  return profile === 'aws'
    ? { schema: [SCIM_ERROR_SCHEMA], detail, status: String(status) }
    : { schemas: [SCIM_ERROR_SCHEMA], status: String(status), detail };
}

export function scimContentType(profile: SpProfile): string {
  return profile === 'aws' ? 'application/json' : 'application/scim+json';
}

export function clientIp(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

export function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
