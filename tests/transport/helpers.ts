// Shared by the transport tests: a test CA and a certificate for 127.0.0.1 signed by it, a reference server
// with a tenant for the test, and a tiny recording server. Everything listens on 127.0.0.1 only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { startReferenceServer, type ReferenceServer, type ReferenceServerOptions } from '../../support/reference-server/index.ts';
import { Redactor, type Exchange } from '../../support/scim/exchange.ts';
import { ScimClient } from '../../support/scim/client.ts';
import type { Transport } from '../../support/scim/transport.ts';

export const ADMIN = 'transport-test-admin-token';

export async function testCa(): Promise<{ ca: string; cert: string; key: string }> {
  const ca = await generate([{ name: 'commonName', value: 'scim-conformance test CA' }], { algorithm: 'sha256', keySize: 2048,
    extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }] } as any);
  const leaf = await generate([{ name: 'commonName', value: '127.0.0.1' }], { algorithm: 'sha256', keySize: 2048, ca: { key: ca.private, cert: ca.cert },
    extensions: [{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true }, { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }] } as any);
  return { ca: ca.cert, cert: leaf.cert, key: leaf.private };
}

/** A reference server and one tenant (aws unless asked), provisioned over plain admin calls (fetch, or https with the CA). */
export async function referenceWithTenant(options: Partial<ReferenceServerOptions> = {}, ca?: string, profile: 'aws' | 'rfc' = 'aws'): Promise<{ server: ReferenceServer; scimBase: string; token: string }> {
  const server = await startReferenceServer({ adminToken: ADMIN, port: 0, ...options });
  const admin = async (path: string, body?: unknown) => {
    const res = await adminCall(`${server.url}/admin/${path}`, body, ca);
    if (res.status >= 300) throw new Error(`admin ${path}: ${res.status} ${res.text}`);
    return JSON.parse(res.text);
  };
  const tenant = await admin('tenants', { profile }) as { id: string };
  const enabled = await admin(`tenants/${tenant.id}/provisioning`) as { scimEndpoint: string; accessToken: { token: string } };
  return { server, scimBase: enabled.scimEndpoint.replace(/\/+$/, ''), token: enabled.accessToken.token };
}

async function adminCall(url: string, body: unknown, ca?: string): Promise<{ status: number; text: string }> {
  const { request } = await import(url.startsWith('https') ? 'node:https' : 'node:http');
  return new Promise((resolve, reject) => {
    const data = body === undefined ? '' : JSON.stringify(body);
    const r = request(url, { method: 'POST', ca, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res: IncomingMessage) => { let text = ''; res.on('data', (c) => { text += c; }); res.on('end', () => resolve({ status: res.statusCode ?? 0, text })); });
    r.on('error', reject);
    r.end(data);
  });
}

export interface Recorded { at: number; method: string; url: string; headers: IncomingMessage['headers']; body: string }

/** A local server that records every request (arrival time included) and answers with `answer`. */
export async function recordingServer(answer: (req: IncomingMessage, body: string, res: ServerResponse) => void = (_q, _b, res) => {
  res.writeHead(200, { 'content-type': 'application/scim+json' }); res.end('{"ok":true}');
}): Promise<{ url: string; seen: Recorded[]; close(): Promise<void> }> {
  const seen: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const at = performance.now();
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { seen.push({ at, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }); answer(req, body, res); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }) };
}

export function clientFor(baseUrl: string, token: string | undefined, transport: Transport, sink: Exchange[], secrets: string[] = []): ScimClient {
  return new ScimClient({ baseUrl, token, timeoutMs: 10_000, redactor: new Redactor(secrets), actor: 'the client', record: (e) => sink.push(e), transport });
}
