// The second transport (house.md, "Two transports"): node:http (through the shared HTTP layer, support/scim/transport.ts, in exact mode), sending EXACTLY the bytes an IdP sends.
// The path and query string go out as given (OneLogin's trailing '?' and '&', Entra's '+', Okta's '%20'),
// headers in the given order and case, nothing added but what node:http must add (Host, Content-Length,
// Connection when not given). Every exchange is recorded through the scenario's Redactor.
import type { Exchange } from './exchange.js';
import { Redactor } from './exchange.js';
import { describeFailure } from './client.js';
import { answerText, connectionRefused, decompress, layerFacts, nestingFailure, splitUrl, transport as sharedTransport, type Transport } from './transport.js';

export interface RawRequest {
  method: string;
  /** Absolute URL, exactly as it goes on the wire (the path+query part is not re-encoded). */
  url: string;
  /** Ordered header pairs, sent in this order and case. */
  headers: [string, string][];
  /** The body bytes as text (already serialised). */
  body?: string;
}

export interface RawReply {
  /** 0 when nothing came back. */
  status: number;
  headers: Record<string, string>;
  text: string;
  /** Parsed JSON body, when the body is JSON. */
  body: any;
  failure?: string;
  exchange: Exchange;
}

export interface RawTransportOptions {
  redactor: Redactor;
  actor: string;
  record?: (exchange: Exchange) => void;
  timeoutMs: number;
  cleanup?: boolean;
  /**
   * Default true: the HTTP layer waits out a 429, and a 503 with Retry-After, and retries. Callers that play a
   * vendor's own documented policy (the IdP engine: Okta waits for Retry-After, Entra escrows) pass false and see
   * every answer.
   */
  retryWhenBusy?: boolean;
  /** Epoch ms after which a busy answer is no longer waited out (see WireRequest.busyDeadline). */
  busyDeadline?: number;
  /** The HTTP layer; this process's shared one by default. */
  transport?: Transport;
}

export { splitUrl };

export async function sendRaw(req: RawRequest, options: RawTransportOptions): Promise<RawReply> {
  const { host, port } = splitUrl(req.url);
  // With headers given as a raw list node:http adds neither Host nor Content-Length: add them as any client would
  // (Host first, Content-Length after the profile's headers), unless the caller set them.
  const list: [string, string][] = [];
  const has = (name: string) => req.headers.some(([k]) => k.toLowerCase() === name);
  if (!has('host')) list.push(['Host', port ? `${host}:${port}` : host]);
  for (const [k, v] of req.headers) list.push([k, v]);
  if (req.body !== undefined && !has('content-length')) list.push(['Content-Length', String(Buffer.byteLength(req.body))]);
  const layer = options.transport ?? sharedTransport();
  const started = performance.now();
  const at = new Date().toISOString();
  let status = 0;
  let headers: Record<string, string> = {};
  let text = '';
  let byteOrderMark = false;
  let failure: string | undefined;
  let refused = false;
  let facts: ReturnType<typeof layerFacts> = {};
  try {
    // the one HTTP layer, in exact mode: these bytes, paced, with the run's auth and TLS
    const res = await layer.send({ method: req.method, url: req.url, headers: list, body: req.body, timeoutMs: options.timeoutMs,
      exact: true, retryWhenBusy: options.retryWhenBusy, busyDeadline: options.busyDeadline });
    status = res.status;
    headers = res.headers;
    ({ text, byteOrderMark } = answerText(decompress(res.body, headers['content-encoding'], 'keep')));
    facts = layerFacts(res);
  } catch (error) {
    failure = describeFailure(error, req.url, options.timeoutMs);
    refused = connectionRefused(error);
  }
  const ms = Math.round((performance.now() - started) * 10) / 10;
  let body: any;
  if (!failure && text.length > 0) {
    // as the suite's client does (client.ts): an answer nested past any SCIM body is the SP's failure, not a stack overflow later
    failure = nestingFailure(text, status);
    if (!failure) try { body = JSON.parse(text); } catch { body = undefined; }
  }
  let requestBody: unknown;
  let requestRaw: string | undefined;
  if (req.body !== undefined) {
    try { requestBody = JSON.parse(req.body); } catch { requestRaw = req.body; }
  }
  for (const secret of layer.secretValues()) options.redactor.add(secret);
  const exchange = options.redactor.exchange({
    at, ms, actor: options.actor,
    request: { method: req.method, url: req.url, headers: Object.fromEntries(layer.displayHeaders(req.headers)),
      ...(requestBody !== undefined ? { body: requestBody } : requestRaw !== undefined ? { rawBody: requestRaw } : {}) },
    ...(status ? { response: { status, headers, ...(body !== undefined ? { body } : text ? { rawBody: text.slice(0, 4096) } : {}) } } : {}),
    ...(failure ? { failure } : {}),
    ...(refused ? { refused: true as const } : {}),
    ...(options.cleanup ? { cleanup: true } : {}),
    ...(byteOrderMark ? { byteOrderMark: true as const } : {}),
    ...facts,
  }, { request: req.body, response: text, requestOwned: true }); // requestBody was parsed for this record alone
  options.record?.(exchange);
  return { status, headers, text, body, failure: failure && options.redactor.text(failure), exchange };
}
