// The suite's own SCIM client: the shared HTTP layer underneath, every exchange recorded (redacted) for the scenario's
// transcript, and hostile answers (timeouts, resets, HTML, broken JSON) turned into a one-line failure
// instead of an exception, so a scenario can report it and the run goes on.
import type { Exchange } from './exchange.js';
import { Redactor } from './exchange.js';
import { canonicalNames } from './attribute-names.js';
import { answerText, connectionRefused, flatHeaders, layerFacts, nestingFailure, transport as sharedTransport, TransportAuthError, type Transport } from './transport.js';

export interface ScimCall {
  method: string;
  /** Path below the base ('/Users', 'Users/abc'), or an absolute URL. */
  path: string;
  /** Added as given; a string is appended verbatim after '?'. */
  query?: Record<string, string | number | undefined> | string;
  body?: unknown;
  /** Sent as-is instead of JSON.stringify(body): malformed JSON on purpose. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Overrides the client's token for this call; null sends no Authorization header. */
  token?: string | null;
  /** A list sent without startIndex on purpose (RFC-PAGE-01's check of its default): CallScim adds none. */
  withoutStartIndex?: true;
  /** False: a 429 or 503 comes back as it is (a row that judges throttling); by default the HTTP layer waits a busy answer out. */
  retryWhenBusy?: boolean;
}

export interface ScimReply {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body, attribute names as RFC 7643/7644 spell them (see attribute-names.ts); undefined when empty or not JSON. */
  body: any;
  text: string;
  /** One line when the exchange failed or the answer was unusable. Status is 0 when nothing came back. */
  failure?: string;
  /** Nothing came back within the run's --timeout-ms (the connection was open). */
  timedOut?: true;
  exchange: Exchange;
}

export interface ScimClientOptions {
  baseUrl: string;
  token?: string;
  timeoutMs: number;
  redactor: Redactor;
  actor: string;
  record: (exchange: Exchange) => void;
  userAgent?: string;
  /** The HTTP layer (pacing, auth, TLS, 429); this process's shared one by default. */
  transport?: Transport;
  /** Epoch ms after which a busy answer is no longer waited out, read at each call (the scenario's current step sets it). */
  busyDeadline?: () => number | undefined;
}

const JSON_TYPES = /^application\/(scim\+)?json\b/i;

export class ScimClient {
  cleanupMode = false;

  constructor(readonly options: ScimClientOptions) {}

  private get layer(): Transport { return this.options.transport ?? sharedTransport(); }

  url(path: string, query?: ScimCall['query']): string {
    let url = /^https?:\/\//.test(path) ? path : `${this.options.baseUrl}/${path.replace(/^\//, '')}`;
    if (typeof query === 'string') url += `?${query}`;
    else if (query) {
      const qs = Object.entries(query).filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
      if (qs) url += `${url.includes('?') ? '&' : '?'}${qs}`;
    }
    return url;
  }

  async send(call: ScimCall): Promise<ScimReply> {
    const url = this.url(call.path, call.query);
    const token = call.token === undefined ? this.options.token : call.token;
    const headers: Record<string, string> = {
      accept: 'application/scim+json, application/json',
      'user-agent': this.options.userAgent ?? 'scim-conformance',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
    let payload: string | undefined;
    if (call.rawBody !== undefined) payload = call.rawBody;
    else if (call.body !== undefined) payload = JSON.stringify(call.body);
    if (payload !== undefined) headers['content-type'] = 'application/scim+json';
    Object.assign(headers, call.headers);

    const started = performance.now();
    const at = new Date().toISOString();
    let status = 0;
    let responseHeaders: Record<string, string> = {};
    let text = '';
    let byteOrderMark = false;
    let failure: string | undefined;
    let refused = false;
    let timedOut = false;
    let facts: ReturnType<typeof layerFacts> = {};
    const layer = this.layer;
    try {
      const res = await layer.send({ method: call.method, url, headers: Object.entries(headers), body: payload, timeoutMs: this.options.timeoutMs,
        retryWhenBusy: call.retryWhenBusy, busyDeadline: this.options.busyDeadline?.() });
      status = res.status;
      responseHeaders = res.headers;
      ({ text, byteOrderMark } = answerText(res.body));
      facts = layerFacts(res);
    } catch (error) {
      failure = describeFailure(error, url, this.options.timeoutMs);
      refused = connectionRefused(error);
      timedOut = (error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
    }
    const ms = Math.round((performance.now() - started) * 10) / 10;
    let body: unknown;
    if (!failure && text.length > 0) {
      const type = responseHeaders['content-type'] ?? '';
      const tooDeep = nestingFailure(text, status);
      if (tooDeep) failure = `${tooDeep}: ${oneLine(text)}`;
      else {
        try {
          body = JSON.parse(text);
        } catch {
          failure = JSON_TYPES.test(type) || !type
            ? `answered ${status} with a body that is not valid JSON: ${oneLine(text)}`
            : `answered ${status} with ${type.split(';')[0]} instead of JSON: ${oneLine(text)}`;
        }
      }
    }
    const redactor = this.options.redactor;
    for (const secret of layer.secretValues()) redactor.add(secret);
    const exchange = redactor.exchange({
      at, ms, actor: this.options.actor,
      request: { method: call.method, url, headers: Object.fromEntries(layer.displayHeaders(Object.entries(headers))),
        ...(call.rawBody !== undefined ? { rawBody: call.rawBody } : call.body !== undefined ? { body: call.body } : {}) },
      ...(status ? { response: { status, headers: responseHeaders, ...(body !== undefined ? { body } : text ? { rawBody: truncate(text) } : {}) } } : {}),
      ...(failure ? { failure } : {}),
      ...(refused ? { refused: true as const } : {}),
      ...(this.cleanupMode ? { cleanup: true } : {}),
      ...(byteOrderMark ? { byteOrderMark: true as const } : {}),
      ...facts,
    }, { request: call.rawBody === undefined ? payload : undefined, response: text });
    this.options.record(exchange);
    // the transcript keeps the answer as sent; the suite reads attribute names without regard to case (RFC 7643 §2.1)
    return { status, headers: responseHeaders, body: canonicalNames(body), text, failure: failure && redactor.text(failure), ...(timedOut ? { timedOut: true as const } : {}), exchange };
  }
}

export { flatHeaders };

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}

function truncate(text: string): string {
  return text.length > 4096 ? `${text.slice(0, 4096)}… (${text.length} characters)` : text;
}

const TLS_CODES = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_UNTRUSTED|ERR_TLS_CERT_ALTNAME_INVALID)$/;

export function describeFailure(error: unknown, url: string, timeoutMs: number): string {
  const origin = (() => { try { return new URL(url).host; } catch { return url; } })();
  if (error instanceof TransportAuthError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code; // got's errors, Node's and the layer's own all carry a code
  if (code && TLS_CODES.test(code)) return `the TLS certificate of ${origin} is not trusted (${code}): give its CA with --ca-file`;
  switch (code) {
    case 'ETIMEDOUT': return `no answer from ${origin} within ${timeoutMs} ms`;
    case 'ECONNREFUSED': return `connection refused by ${origin}`;
    case 'ECONNRESET': return `connection reset by ${origin} before a complete answer`;
    case 'EPIPE': return `connection closed by ${origin} while sending`;
    case 'ENOTFOUND': return `host ${origin} not found`;
    case 'EBADENCODING': return `${origin} answered ${(error as Error).message}`;
    case 'ETOOLARGE': return `${origin} ${(error as Error).message}`;
    case 'HPE_INVALID_CONSTANT': case 'HPE_INVALID_STATUS': case 'HPE_INVALID_HEADER_TOKEN':
      return `${origin} answered something that is not HTTP`;
    default: return `request to ${origin} failed: ${(error as Error)?.message ?? String(error)}`;
  }
}
