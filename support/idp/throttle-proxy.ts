// A pass-through proxy in front of the SP that answers the next N requests with 429 and a Retry-After,
// then forwards everything else: how the scenarios about Okta's and Entra's throttling behaviour
// (OKTA-RATE-01, ENTRA-RETRY-01) make any SP throttle. Listens on 127.0.0.1 only.
//
// The proxy is a client of the SP in its own right: it keeps its own upstream connections (its own agent,
// never the suite's shared keep-alive sockets) and drops hop-by-hop headers both ways (RFC 9110 §7.6.1), so
// an IdP's `Connection: close` ends the IdP's connection to the proxy, not a socket someone else reuses.
import { Agent as HttpAgent, createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { transport } from '../scim/transport.js';

/** Set on every reply the proxy makes up itself, so that no one takes it for the SP's own answer. */
export const INJECTED_HEADER = 'x-scim-conformance-injected';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'trailers', 'transfer-encoding', 'upgrade']);

/** Raw header pairs without hop-by-hop headers (the fixed list, Proxy-*, and any named by Connection). */
export function endToEnd(rawHeaders: string[], parsed: IncomingHttpHeaders): string[] {
  const named = new Set(String(parsed.connection ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (HOP_BY_HOP.has(name) || name.startsWith('proxy-') || named.has(name)) continue;
    out.push(rawHeaders[i], rawHeaders[i + 1]);
  }
  return out;
}

export class ThrottleProxy {
  private server?: Server;
  private agent?: HttpAgent;
  private remaining = 0;
  private retryAfter = '1';
  private statusOverride?: number;
  private method?: string;
  private detail?: string;
  url = '';
  throttled = 0;

  constructor(private readonly upstream: string) {}

  /** The proxy's base URL standing in for the upstream base URL (same path). */
  async start(): Promise<string> {
    const up = new URL(this.upstream);
    const secure = up.protocol === 'https:';
    // its own connections, trusting what the run trusts (--ca-file, --insecure)
    const agent = this.agent = secure ? new HttpsAgent({ keepAlive: false, ...transport().tlsAgentOptions() }) : new HttpAgent({ keepAlive: false });
    this.server = createServer((req, res) => {
      if (this.remaining > 0 && (!this.method || this.method === req.method)) {
        this.remaining -= 1;
        this.throttled += 1;
        req.resume();
        const status = this.statusOverride ?? 429;
        res.writeHead(status, { 'content-type': 'application/json', [INJECTED_HEADER]: 'throttle-proxy', ...(status === 429 ? { 'retry-after': this.retryAfter } : {}) });
        res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status),
          detail: this.detail ?? (status === 429 ? 'Too many requests exceeded the limits' : 'The service is unavailable') }));
        return;
      }
      const lib = secure ? httpsRequest : httpRequest;
      const headers = endToEnd(req.rawHeaders, req.headers);
      for (let i = 0; i < headers.length; i += 2) if (/^host$/i.test(headers[i])) headers[i + 1] = up.host;
      const fwd = lib({ protocol: up.protocol, host: up.hostname, port: up.port, method: req.method, path: req.url, headers: headers as any, agent }, (r) => {
        res.writeHead(r.statusCode ?? 502, endToEnd(r.rawHeaders, r.headers) as any);
        r.pipe(res);
      });
      // the SP gave no answer (a crash resets its connection): so does the proxy, so the IdP meets the SP's own failure,
      // judged as it is without the proxy, rather than a 502 of the proxy's that a scenario would take for its instrument
      fwd.on('error', () => res.destroy());
      req.pipe(fwd);
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const address = this.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    this.url = `http://127.0.0.1:${port}${up.pathname.replace(/\/$/, '')}`;
    return this.url;
  }

  /** The next `count` requests get `status` (429 with Retry-After by default). */
  refuseNext(count: number, retryAfterSeconds = 1, status = 429, method?: string, detail?: string): void {
    this.remaining = count; this.retryAfter = String(retryAfterSeconds); this.statusOverride = status; this.method = method; this.detail = detail;
  }

  async close(): Promise<void> {
    if (this.server) {
      const server = this.server;
      server.closeIdleConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
    }
    this.server = undefined;
    this.agent?.destroy();
    this.agent = undefined;
  }
}
