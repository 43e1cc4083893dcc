// The reference SCIM service provider: a faithful AWS IAM Identity Center SCIM emulator (and a generic
// RFC 7643/7644 profile). This file is the HTTP shell: tenants, provisioning, tokens, the simulated
// clock, the admin API, the event trail, the console, the SAML assertion consumer and persistence.
// It imports nothing from the rest of the project: it ships alone in the image.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { handleAdmin, type AdminContext } from './admin.ts';
import { ConsoleApp } from './console/console.ts';
import { discard, header, readBody, sendJson } from './http-util.ts';
import { DurableStore } from './persistence.ts';
import { handleScim, type ScimObservation, type ScimRouteContext } from './scim-http.ts';
import { isFaultName, isProfile, isVariantName, ReferenceState, type PersistedState, type ServiceFactory, type StateRecord, type Tenant } from './state.ts';
import type { FaultName, ScimService, SpProfile, VariantName } from './scim/types.ts';

export type { FaultName, SpProfile, VariantName } from './scim/types.ts';
export { FAULTS } from './scim/types.ts';
export { VARIANTS } from './scim/variants.ts';
export type { ScimObservation } from './scim-http.ts';

export interface ReferenceServerOptions {
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 = any free port. */
  port?: number;
  adminToken: string;
  defaultProfile?: SpProfile;
  /** With a data dir, every change is journalled there (an answer waits until its change is on disk) and loaded at start. */
  dataDir?: string;
  /** Lets POST /admin/tenants/{id}/faults switch faults on. */
  allowFaults?: boolean;
  /** Faults on for every tenant. */
  faults?: FaultName[];
  /** Conformant variants (scim/variants.ts) on for every tenant; close-connections then covers every answer. */
  variants?: VariantName[];
  /** Events kept per tenant (a ring); default 1000. */
  eventBufferSize?: number;
  /** Test seam: the SCIM engine factory (default: createScimService from ./scim/service.ts). */
  serviceFactory?: ServiceFactory;
  /**
   * AWS-style throttling: at most this many SCIM requests per second per tenant (bursts up to that many);
   * above it, 429 ThrottlingException with the profile's error body and a Retry-After. Off when absent.
   */
  throttle?: number;
  /** Serve https with this certificate and key (PEM) instead of http. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Told about every SCIM exchange once it is answered: the request, the answer and, for a refusal, the
   * catalogue id of the rule the reference applied (certify-client's recorder judges a client from it).
   */
  onExchange?: (o: ScimObservation) => void;
}

export interface ReferenceServer {
  /** http://127.0.0.1:PORT (https:// with the tls option) */
  url: string;
  port: number;
  close(): Promise<void>;
  /** In-process access for benchmarks and diagnostics; not part of the HTTP contract. */
  internal: {
    service(tenantId: string): ScimService | undefined;
    now(tenantId: string): Date;
  };
}

async function defaultFactory(): Promise<ServiceFactory> {
  const mod = await import('./scim/service.ts');
  return mod.createScimService;
}

export async function startReferenceServer(options: ReferenceServerOptions): Promise<ReferenceServer> {
  if (typeof options.adminToken !== 'string' || options.adminToken.length === 0) throw new Error('startReferenceServer needs a non-empty adminToken');
  const host = options.host ?? '127.0.0.1';
  const defaultProfile = options.defaultProfile ?? 'aws';
  if (!isProfile(defaultProfile)) throw new Error(`unknown profile ${String(defaultProfile)}`);
  const serverFaults = options.faults ?? [];
  for (const f of serverFaults) if (!isFaultName(f)) throw new Error(`unknown fault ${String(f)}`);
  const serverVariants = [...new Set(options.variants ?? [])];
  for (const v of serverVariants) if (!isVariantName(v)) throw new Error(`unknown variant ${String(v)}`);
  const closeAll = serverVariants.includes('close-connections');
  const factory = options.serviceFactory ?? await defaultFactory();

  const state = new ReferenceState({
    factory, defaultProfile, serverFaults, serverVariants, allowFaults: options.allowFaults === true,
    eventBufferSize: options.eventBufferSize ?? 1000, durable: options.dataDir !== undefined,
  });
  let persister: DurableStore | undefined;
  if (options.dataDir) {
    persister = DurableStore.open(options.dataDir, {
      load: (snapshot) => state.load(snapshot as PersistedState),
      apply: (record) => state.apply(record as StateRecord),
      capture: () => ({ ...state.toJSON() }),
    });
    state.attach(persister);
  }

  if (options.throttle !== undefined && !(options.throttle > 0 && Number.isFinite(options.throttle))) throw new Error(`throttle must be a positive number of requests per second, not ${String(options.throttle)}`);
  const scheme = options.tls ? 'https' : 'http';
  let origin = '';
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  const originFor = (req: IncomingMessage): string => {
    if (wildcard) {
      const h = header(req, 'host');
      if (h && /^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(h)) return `${scheme}://${h}`;
    }
    return origin;
  };
  const baseUrl = (tenantId: string, req: IncomingMessage) => `${originFor(req)}/${tenantId}/scim/v2`;
  const scimEndpoint = (t: Tenant, req: IncomingMessage) => `${baseUrl(t.id, req)}/`;

  const scimCtx: ScimRouteContext = { state, baseUrl, ...(options.throttle ? { throttle: tenantThrottle(options.throttle) } : {}), ...(options.onExchange ? { observe: options.onExchange } : {}) };
  const adminCtx: AdminContext = { state, adminToken: options.adminToken, scimEndpoint };
  const consoleApp = new ConsoleApp({ state, adminToken: options.adminToken, scimEndpoint });

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (closeAll) res.setHeader('Connection', 'close'); // VARIANT close-connections: no keep-alive, the socket closes after the answer
    const raw = req.url ?? '/';
    const qi = raw.indexOf('?');
    const pathname = qi >= 0 ? raw.slice(0, qi) : raw;
    const query = new URLSearchParams(qi >= 0 ? raw.slice(qi + 1) : '');

    const scim = /^\/([^/?]+)\/scim\/v2(?=\/|$|\?)/.exec(raw);
    if (scim) {
      let tenantId = scim[1];
      try { tenantId = decodeURIComponent(tenantId); } catch { /* keep as is: it matches no tenant */ }
      return handleScim(scimCtx, req, res, tenantId, raw.slice(scim[0].length));
    }
    if (pathname === '/admin' || pathname.startsWith('/admin/')) return handleAdmin(adminCtx, req, res, pathname.slice('/admin'.length), query);
    if (pathname === '/console' || pathname.startsWith('/console/')) return consoleApp.handle(req, res, pathname.slice('/console'.length), query);
    const acs = /^\/([^/]+)\/saml\/acs$/.exec(pathname);
    if (acs) return handleAcs(req, res, acs[1]);
    if (pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      discard(req);
      return sendJson(res, 200, { status: 'ok' });
    }
    if (pathname === '/' && req.method === 'GET') {
      discard(req);
      return sendJson(res, 200, { name: 'scim-conformance reference server', admin: `${originFor(req)}/admin`, console: `${originFor(req)}/console`, scim: `${originFor(req)}/<tenantId>/scim/v2` });
    }
    discard(req);
    sendJson(res, 404, { error: 'Nothing is served at that path.' });
  };

  const handleAcs = async (req: IncomingMessage, res: ServerResponse, tenantId: string): Promise<void> => {
    if ((req.method ?? '').toUpperCase() !== 'POST') {
      discard(req);
      return sendJson(res, 405, { error: 'The assertion consumer accepts only POST (HTTP-POST binding).' }, { Allow: 'POST' });
    }
    const tenant = state.tenants.get(tenantId);
    if (!tenant) {
      discard(req);
      return sendJson(res, 404, { error: 'No tenant has that id.' });
    }
    const body = await readBody(req);
    if (!body.ok) return sendJson(res, 413, { error: 'The request body is larger than 1 MiB.' }, { Connection: 'close' });
    if (!/^application\/x-www-form-urlencoded/i.test(header(req, 'content-type') ?? '')) {
      return sendJson(res, 415, { error: 'Send the SAMLResponse form field as application/x-www-form-urlencoded.' });
    }
    const samlResponse = new URLSearchParams(body.body.toString('utf8')).get('SAMLResponse');
    if (!samlResponse) return sendJson(res, 400, { error: 'The form has no SAMLResponse field.' });
    if (!tenant.saml) return sendJson(res, 403, { error: 'No SAML identity provider certificate is registered for this tenant.' });
    // xmldom and xml-crypto load with the first assertion posted, not at every start
    const saml = await import('./saml.ts');
    try {
      const result = saml.consumeSamlResponse(samlResponse, tenant.saml, state.now(tenant));
      if (state.faultsOf(tenant).has('session-tags-ignored')) result.sessionTags = {}; // FAULT session-tags-ignored
      return sendJson(res, 200, result);
    } catch (e) {
      if (e instanceof saml.SamlError) return sendJson(res, e.status, { error: e.message });
      throw e;
    }
  };

  const serverOptions = { keepAliveTimeout: 5000, requestTimeout: 60_000, headersTimeout: 30_000 };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    persister?.holdAnswers(res);
    handler(req, res).catch((e) => {
      console.error(`reference server: unexpected error on ${req.method} ${req.url} (a bug):`, e);
      if (!res.headersSent) sendJson(res, 500, { error: 'An internal error occurred.' });
      else res.destroy();
    });
  };
  const server = options.tls ? createTlsServer({ ...serverOptions, cert: options.tls.cert, key: options.tls.key }, onRequest) : createServer(serverOptions, onRequest);
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  origin = `${scheme}://${shownHost}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    port,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 2000).unref();
        });
        await persister?.close();
      })();
      return closing;
    },
    internal: {
      service: (id) => state.tenants.get(id)?.service,
      now: (id) => state.now(state.tenants.get(id)),
    },
  };
}

/**
 * Per-tenant token buckets: `rps` tokens a second, bursts up to max(1, rps). Returns, for a request that
 * finds the bucket empty, the whole seconds until a token is back (the Retry-After); undefined when admitted.
 */
export function tenantThrottle(rps: number, now: () => number = () => performance.now()): (tenantId: string) => number | undefined {
  const capacity = Math.max(1, rps);
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (tenantId) => {
    const t = now();
    const b = buckets.get(tenantId) ?? { tokens: capacity, at: t };
    b.tokens = Math.min(capacity, b.tokens + ((t - b.at) / 1000) * rps);
    b.at = t;
    buckets.set(tenantId, b);
    if (b.tokens >= 1) { b.tokens -= 1; return undefined; }
    return Math.max(1, Math.ceil((1 - b.tokens) / rps));
  };
}
