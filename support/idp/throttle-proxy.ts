// A pass-through proxy in front of the SP that answers the next N requests with 429 and a Retry-After,
// then forwards everything byte for byte: how the scenarios about Okta's and Entra's throttling behaviour
// (OKTA-RATE-01, ENTRA-RETRY-01) make any SP throttle. Listens on 127.0.0.1 only.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';

export class ThrottleProxy {
  private server?: Server;
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
    this.server = createServer((req, res) => {
      if (this.remaining > 0 && (!this.method || this.method === req.method)) {
        this.remaining -= 1;
        this.throttled += 1;
        req.resume();
        const status = this.statusOverride ?? 429;
        res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': this.retryAfter } : {}) });
        res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status),
          detail: this.detail ?? (status === 429 ? 'Too many requests exceeded the limits' : 'The service is unavailable') }));
        return;
      }
      const lib = up.protocol === 'https:' ? httpsRequest : httpRequest;
      const headers: string[] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        headers.push(req.rawHeaders[i], /^host$/i.test(req.rawHeaders[i]) ? up.host : req.rawHeaders[i + 1]);
      }
      const fwd = lib({ protocol: up.protocol, host: up.hostname, port: up.port, method: req.method, path: req.url, headers: headers as any }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.rawHeaders as any);
        r.pipe(res);
      });
      fwd.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
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
    if (this.server) await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = undefined;
  }
}
