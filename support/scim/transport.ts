// THE one HTTP layer between the suite and the target. Every request the suite sends goes through
// Transport.send: the suite's own client (scim/client.ts), the mock IdPs' exact-bytes transport
// (scim/raw-transport.ts, `exact: true`), the target openers' and the capability probe's requests.
// It does four things, the same way for all of them:
//   - pacing: at most `rate` request starts per second (a sliding one-second window, never a burst above
//     it) and at most `concurrency` requests in flight; a cucumber worker gets rate/parallel and
//     concurrency/parallel of the budget, so the whole run stays inside it;
//   - auth: the run's primary credential travels inside the suite as the placeholder bearer token
//     PRIMARY_CREDENTIAL when the scheme is Basic or OAuth; the layer swaps it for the real header on the
//     wire (`Basic …`, `Bearer <fetched token>`), so a scenario's deliberate "no token" or "wrong token"
//     requests go out as written. Extra headers are added to every request that does not set them itself;
//   - TLS: the system CAs plus a CA file, or no verification at all (`insecure`, recorded on every exchange);
//   - busy answers: a 429, and a 503 that carries a Retry-After (the server asking to be called again later,
//     RFC 9110 §15.6.4, as a staging SP does while it redeploys), are retried after their Retry-After
//     (bounded: maxRetries attempts in all, each wait at most maxRetryWaitSeconds, none past the caller's
//     busyDeadline), unless the caller opts out (`retryWhenBusy: false`, e.g. the IdP engine, which plays
//     its vendor's own documented policy). A wait the bounds do not allow is not shortened (that would call
//     the SP again before it asked): the busy answer comes back marked `stillBusy`, and the scenario that
//     met it is not judged. A POST is sent again too: both answers say the server did not handle the request
//     ("unable to handle the request", RFC 9110 §15.6.4), which is what a client needs to know before it
//     repeats a non-idempotent one (§9.2.2). A 503 without Retry-After is an answer like any other. The
//     final answer says how many of each preceded it.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { transportSecretsFromEnvironment, TRANSPORT_SETTINGS_ENV } from '../targets/secrets.js';
import { INJECTED_HEADER } from '../idp/throttle-proxy.js';
import type { Exchange, Redirect } from './exchange.js';

/** Stands for the run's credential inside the suite when the scheme is not a plain bearer token. */
export const PRIMARY_CREDENTIAL = 'scim-conformance-primary-credential';

export type AuthSettings =
  | { kind: 'bearer' }
  | { kind: 'basic'; user: string; password: string }
  | { kind: 'oauth'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };

export interface TransportSettings {
  /** Request starts per second for the whole run (split across workers); absent = unpaced. */
  rate?: number;
  /** Requests in flight for the whole run (split across workers); absent = unbounded. */
  concurrency?: number;
  /** Cucumber workers sharing the budget (0 or 1: one process). */
  parallel?: number;
  auth?: AuthSettings;
  /** Added to every request that does not set the header itself (values are treated as secrets). */
  headers?: [string, string][];
  /** PEM file of extra CAs trusted besides the system ones. */
  caFile?: string;
  /** PEM text of extra CAs (what caFile holds; tests may give it directly). */
  ca?: string;
  /** Do not verify the target's TLS certificate (warned about on every run, recorded on every exchange). */
  insecure?: boolean;
  /** Busy answers (429, 503 with Retry-After): retries at most (default 5), each wait at most this many seconds (default 30). */
  maxRetries?: number;
  maxRetryWaitSeconds?: number;
}

export interface WireRequest {
  method: string;
  url: string;
  /** Ordered pairs; with `exact` they go out in this order and case, nothing added but what is needed. */
  headers: [string, string][];
  body?: string;
  timeoutMs: number;
  /** Default true: wait out and retry a 429, and a 503 with Retry-After. False: the caller has its own policy. */
  retryWhenBusy?: boolean;
  /** Epoch ms: no busy wait ends after this (a scenario step's share of its timeout); absent = no limit but the retries'. */
  busyDeadline?: number;
  /** Send exactly as given (the mock IdPs); otherwise as got sent it (see clientOnce; decompression included). */
  exact?: boolean;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** Decompressed for the suite's client; as received for `exact` (the caller decodes). */
  body: Buffer;
  /** 429 answers that preceded this one (each was waited out and retried). */
  retriedAfter429: number;
  /** 503 answers with a Retry-After that preceded this one (each was waited out and retried). */
  retriedAfter503: number;
  /** The connection's certificate was not verified (insecure over https). */
  tlsUnverified: boolean;
  /** Set when this is a busy answer the layer stopped waiting out: why (retries spent, a wait too long, the deadline). */
  stillBusy?: string;
  /** The 307 and 308 answers the layer followed before this one, each with the URL it was sent on to. */
  redirected?: Redirect[];
}

/** How many redirects one request follows before the last one is handed back as the answer (browsers allow 20, curl 50). */
export const MAX_REDIRECTS = 5;

/**
 * Whether the suite's client follows this answer: a 307 or 308 to any method, which RFC 7644 §3.12 (Table 8) names
 * ("repeat the same HTTP request at the location identified"), and a 301, 302 or 303 to a GET or HEAD, which every
 * HTTP client follows with the same request (RFC 9110 §15.4), as a framework that adds a collection's trailing slash
 * answers a GET. To another method those three let a client turn the request into a GET and drop its body, so they
 * stay the answer, and are judged as one.
 */
export function followedRedirect(status: number | undefined, method: string): boolean {
  return status === 307 || status === 308 || ((status === 301 || status === 302 || status === 303) && (method === 'GET' || method === 'HEAD'));
}

/**
 * Whether an exchange's answer is a redirect the layer would follow and did not: an IdP's (exact) request, one to
 * another origin, or one without a Location. A redirect the layer gave up on after its hops (a loop) is the answer,
 * and judged as one; so is a cleanup request's.
 */
export function redirectLeftUnfollowed(e: Exchange): boolean {
  return followedRedirect(e.response?.status, e.request.method) && !e.cleanup && (e.redirected?.length ?? 0) < MAX_REDIRECTS;
}

/**
 * Where a 307 or 308 sends `url`'s request: its Location resolved against the URL (RFC 9110 §10.2.2), when it names
 * the same origin (scheme, host and port). Another origin is not followed: the run's credential goes to the target
 * it was given for, never to a host the target names.
 */
export function sameOriginRedirect(url: string, location: string | undefined): string | undefined {
  if (!location) return undefined;
  try {
    const from = new URL(url);
    const to = new URL(location, from);
    return to.origin === from.origin ? to.href : undefined;
  } catch { return undefined; }
}

/**
 * What the HTTP layer says about how an answer came back, as an exchange records it (only what happened): the
 * redirects followed before it, the busy answers waited out, whether its certificate went unverified, and why it is
 * still busy.
 */
export function layerFacts(res: WireResponse): Pick<Exchange, 'retriedAfter429' | 'retriedAfter503' | 'tlsUnverified' | 'stillBusy' | 'redirected'> {
  return {
    ...(res.redirected?.length ? { redirected: res.redirected } : {}),
    ...(res.retriedAfter429 ? { retriedAfter429: res.retriedAfter429 } : {}),
    ...(res.retriedAfter503 ? { retriedAfter503: res.retriedAfter503 } : {}),
    ...(res.tlsUnverified ? { tlsUnverified: true } : {}),
    ...(res.stillBusy ? { stillBusy: res.stillBusy } : {}),
  };
}

export class TransportAuthError extends Error {
  constructor(message: string) { super(message); this.name = 'TransportAuthError'; }
}

export interface TrafficCounters {
  requests: number; throttled: number;
  /** 429s waited out and retried. */
  retries: number;
  /** 503s with a Retry-After waited out and retried. */
  unavailableRetries: number;
  tokenFetches: number;
  /** 307s and 308s followed on the target's origin. */
  redirects?: number;
}

// room for what lies between a request's start and its arrival (connection set-up, a busy event loop)
const PACING_MARGIN_MS = 150;

/** Nothing listened at the target: the SP's process was down or gone, which no answer of its can be judged for. */
export const connectionRefused = (error: unknown): boolean => (error as NodeJS.ErrnoException | undefined)?.code === 'ECONNREFUSED';

/** The waits, in turn, for a target that refused a connection after it had answered (a crash, a restart): 7.75 s in all. */
const RESTART_WAITS_MS = [250, 500, 1000, 2000, 4000];

export class Transport {
  readonly settings: TransportSettings;
  readonly counters: TrafficCounters = { requests: 0, throttled: 0, retries: 0, unavailableRetries: 0, tokenFetches: 0 };
  /** The last redirect followed, from where to where (doctor names it). */
  lastRedirect?: { from: string; status: number; to: string };
  /**
   * Whether the target has answered since the layer last gave up waiting for it: a refused connection is then a
   * crash or a restart, waited out (RESTART_WAITS_MS) rather than failed at once. Before any answer, or once a wait
   * was spent in vain, nothing listens as far as the layer knows, and a refusal fails at once.
   */
  private answeredSinceDown: boolean;
  /** Effective budget of this process. */
  readonly rate?: number;
  readonly concurrency?: number;
  private readonly ca?: string[];
  private readonly starts: number[] = [];
  private lastStart = -Infinity;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private oauth?: { token: string; expiresAt: number };
  private oauthPending?: Promise<string>;
  private readonly fetchedTokens = new Set<string>();

  constructor(settings: TransportSettings = {}, options: { worker?: boolean } = {}) {
    this.settings = settings;
    // a cucumber worker starts after the run's capability probe reached the target from the parent process: a refusal
    // is a crash or a restart from its first request (a fresh worker that failed it at once left nearly every scenario
    // of a crash-prone SP unjudged under --parallel, where a serial run judged them all)
    this.answeredSinceDown = options.worker === true;
    const share = options.worker && settings.parallel && settings.parallel > 1 ? settings.parallel : 1;
    if (settings.rate && settings.rate > 0) this.rate = settings.rate / share;
    if (settings.concurrency && settings.concurrency > 0) this.concurrency = Math.max(1, Math.floor(settings.concurrency / share));
    const extra = settings.ca ?? (settings.caFile ? readFileSync(settings.caFile, 'utf8') : undefined);
    if (extra) this.ca = [...systemCertificates(), extra];
  }

  /** This process's layer, from the run's settings in the environment (workers inherit them). */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): Transport {
    let settings: TransportSettings = {};
    const json = env[TRANSPORT_SETTINGS_ENV];
    if (json) {
      try { settings = JSON.parse(json) as TransportSettings; } catch { throw new Error(`${TRANSPORT_SETTINGS_ENV} is not valid JSON`); }
    }
    const secrets = transportSecretsFromEnvironment(env);
    if (settings.auth?.kind === 'basic') settings.auth = { ...settings.auth, password: secrets.basicPassword ?? '' };
    if (settings.auth?.kind === 'oauth') settings.auth = { ...settings.auth, clientSecret: secrets.clientSecret ?? '' };
    if (secrets.headers) settings.headers = secrets.headers;
    return new Transport(settings, { worker: env.CUCUMBER_WORKER_ID !== undefined });
  }

  get insecure(): boolean { return this.settings.insecure === true; }

  /** Every secret value this layer knows or has fetched: for the Redactors. */
  secretValues(): string[] {
    const out: string[] = [...this.fetchedTokens];
    const a = this.settings.auth;
    if (a?.kind === 'basic') out.push(a.password, Buffer.from(`${a.user}:${a.password}`).toString('base64'));
    if (a?.kind === 'oauth') out.push(a.clientSecret);
    for (const [, v] of this.settings.headers ?? []) out.push(v);
    return out.filter((s) => s.length > 0);
  }

  /** The headers as they are recorded in a transcript: the credential and extra headers masked, in wire order. */
  displayHeaders(headers: [string, string][]): [string, string][] {
    if (this.plainHeaders()) return headers; // nothing stands in for a credential and nothing is added: as sent
    const kind = this.settings.auth?.kind;
    const out = headers.map(([k, v]): [string, string] => {
      if (kind && kind !== 'bearer' && isPrimary(k, v)) return [k, kind === 'basic' ? 'Basic [REDACTED]' : 'Bearer [REDACTED]'];
      return [k, v];
    });
    for (const [k] of this.missingExtraHeaders(headers)) out.push([k, '[REDACTED]']);
    return out;
  }

  async send(sent: WireRequest): Promise<WireResponse> {
    let req = sent;
    const redirected: Redirect[] = [];
    const maxRetries = this.settings.maxRetries ?? 5;
    const maxWaitMs = (this.settings.maxRetryWaitSeconds ?? 30) * 1000;
    let retried429 = 0;
    let retried503 = 0;
    let restartWaits = 0;
    let resentAfterReset = false;
    for (;;) {
      // the common case (a bearer token, no extra headers, no pacing) takes no await: a sync sends ~2 requests an object
      const headers = this.plainHeaders() ? req.headers : await this.wireHeaders(req.headers);
      const release = this.concurrency === undefined && this.rate === undefined ? NO_SLOT : await this.acquire();
      let res: { status: number; headers: Record<string, string>; body: Buffer } | undefined;
      let refused = false;
      try {
        this.counters.requests += 1;
        res = req.exact ? await this.exactAttempt(req, headers) : await this.clientAttempt(req, headers);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException | undefined)?.code;
        // a read whose connection a crashing SP reset changed nothing: sent again once, as HTTP lets a client do for an
        // idempotent request (RFC 9110 §9.2.2), after the restart wait's first pause: sent at once, it reached the dying
        // process still accepting connections and was reset again (1 run in 10). A restarting SP then refuses it,
        // which is waited out below. Once only, so a target that resets every request costs one pause a read
        if (code === 'ECONNRESET' && this.answeredSinceDown && !resentAfterReset && (req.method === 'GET' || req.method === 'HEAD')) resentAfterReset = true;
        else {
          // nothing listened, so the request never reached the SP: sending it again is safe, whatever its method
          refused = connectionRefused(error) && this.answeredSinceDown;
          if (!refused || restartWaits >= RESTART_WAITS_MS.length) { if (refused) this.answeredSinceDown = false; throw error; }
        }
      } finally {
        release();
      }
      if (!res) { await sleep(refused ? RESTART_WAITS_MS[restartWaits++]! : RESTART_WAITS_MS[0]!); continue; }
      this.answeredSinceDown = true;
      if (res.status === 429) this.counters.throttled += 1;
      // a 429 or 503 the suite's own throttle proxy made up is a scenario's instrument, never the SP's: handed back
      const instrument = res.headers[INJECTED_HEADER] !== undefined;
      const askedToWait = res.status === 429 || res.status === 503 ? retryAfterMs(res.headers['retry-after']) : undefined;
      const busy = res.status === 429 || (res.status === 503 && askedToWait !== undefined);
      let stillBusy: string | undefined;
      if (busy && req.retryWhenBusy !== false && !instrument) {
        const waitMs = askedToWait ?? 1000 * 2 ** (retried429 + retried503);
        stillBusy = retried429 + retried503 >= maxRetries ? `still ${res.status} after ${maxRetries} retries`
          : waitMs > maxWaitMs ? `asked to wait ${seconds(waitMs)} (Retry-After), longer than the ${seconds(maxWaitMs)} the suite waits at a time`
          : req.busyDeadline !== undefined && Date.now() + waitMs > req.busyDeadline ? `still ${res.status} when the step's time for waiting ran out`
          : undefined;
        if (!stillBusy) {
          if (res.status === 429) { retried429 += 1; this.counters.retries += 1; } else { retried503 += 1; this.counters.unavailableRetries += 1; }
          await sleep(waitMs);
          continue;
        }
      }
      // RFC 7644 §3.12 (Table 8): a 307 or 308 directs the client "to repeat the same HTTP request at the location
      // identified", as an SP behind a proxy, or one whose framework adds a trailing slash, answers (a GET also gets
      // 301, 302 or 303 there: followedRedirect). The suite's client does, on the same origin; the IdPs' requests
      // (exact) do not, since no vendor documents whether its client does
      const to = !req.exact && followedRedirect(res.status, req.method) && redirected.length < MAX_REDIRECTS ? sameOriginRedirect(req.url, res.headers.location) : undefined;
      if (to) {
        redirected.push({ status: res.status, location: to });
        this.counters.redirects = (this.counters.redirects ?? 0) + 1;
        this.lastRedirect = { from: req.url, status: res.status, to };
        req = { ...req, url: to };
        continue;
      }
      return { ...res, retriedAfter429: retried429, retriedAfter503: retried503, tlsUnverified: this.insecure && /^https:/i.test(req.url),
        ...(stillBusy ? { stillBusy } : {}), ...(redirected.length ? { redirected } : {}) };
    }
  }

  // ---- pacing ---------------------------------------------------------------------------------------

  /** Waits for a concurrency slot and then for this request's start time; returns the slot's release. */
  private async acquire(): Promise<() => void> {
    if (this.concurrency !== undefined) {
      while (this.inFlight >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    }
    this.inFlight += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      this.waiting.shift()?.();
    };
    if (this.rate !== undefined) {
      // reserved synchronously, so concurrent callers get distinct start times: evenly spaced at 1/rate, and
      // never more than k = floor(rate) starts in any window of k/rate seconds (plus a margin for the wire)
      const now = performance.now();
      const interval = 1000 / this.rate;
      const k = Math.max(1, Math.floor(this.rate));
      const windowMs = (k * 1000) / this.rate + PACING_MARGIN_MS;
      let at = Math.max(now, this.lastStart + interval);
      if (this.starts.length >= k) at = Math.max(at, this.starts[this.starts.length - k] + windowMs);
      this.lastStart = at;
      const slot = { at };
      this.starts.push(at);
      if (this.starts.length > k) this.starts.splice(0, this.starts.length - k);
      if (at > now) await sleep(at - now);
      // a busy event loop wakes late: what counts for the window is when the request really starts
      const late = performance.now() - slot.at;
      if (late > 0) {
        const i = this.starts.lastIndexOf(slot.at);
        if (i >= 0) this.starts[i] = slot.at + late;
        if (this.lastStart === slot.at) this.lastStart = slot.at + late;
      }
    }
    return release;
  }

  // ---- auth -------------------------------------------------------------------------------------------

  /** No credential to swap in and no extra header to add: the headers go out as given. */
  private plainHeaders(): boolean {
    const auth = this.settings.auth;
    return (!auth || auth.kind === 'bearer') && !(this.settings.headers?.length);
  }

  private missingExtraHeaders(headers: [string, string][]): [string, string][] {
    if (!this.settings.headers?.length) return [];
    const have = new Set(headers.map(([k]) => k.toLowerCase()));
    return (this.settings.headers ?? []).filter(([k]) => !have.has(k.toLowerCase()));
  }

  private async wireHeaders(headers: [string, string][]): Promise<[string, string][]> {
    const auth = this.settings.auth;
    const out: [string, string][] = [];
    for (const [k, v] of headers) {
      if (auth && auth.kind !== 'bearer' && isPrimary(k, v)) out.push([k, await this.authorization()]);
      else out.push([k, v]);
    }
    return [...out, ...this.missingExtraHeaders(headers)];
  }

  /** The Authorization value standing for the run's credential. */
  async authorization(): Promise<string> {
    const auth = this.settings.auth;
    if (auth?.kind === 'basic') return `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
    if (auth?.kind === 'oauth') return `Bearer ${await this.oauthToken()}`;
    return `Bearer ${PRIMARY_CREDENTIAL}`;
  }

  /** OAuth 2.0 client credentials (RFC 6749 §4.4): fetched once, cached, fetched again shortly before it expires. */
  async oauthToken(): Promise<string> {
    const auth = this.settings.auth;
    if (auth?.kind !== 'oauth') throw new Error('oauthToken() without OAuth settings');
    if (this.oauth && performance.now() < this.oauth.expiresAt) return this.oauth.token;
    this.oauthPending ??= this.fetchToken(auth).finally(() => { this.oauthPending = undefined; });
    return this.oauthPending;
  }

  private async fetchToken(auth: Extract<AuthSettings, { kind: 'oauth' }>): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret });
    if (auth.scope) form.set('scope', auth.scope);
    const where = (() => { try { return new URL(auth.tokenUrl).host; } catch { return auth.tokenUrl; } })();
    // got loads only when a token is fetched (once a run, and only under OAuth): about 60 ms at every start otherwise
    const { default: got } = await import('got');
    let res;
    try {
      this.counters.tokenFetches += 1;
      res = await got(auth.tokenUrl, { method: 'POST', body: form.toString(), throwHttpErrors: false, retry: { limit: 0 }, followRedirect: false,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': 'scim-conformance' },
        timeout: { request: 30_000 }, responseType: 'text', https: this.tlsOptions() });
    } catch (error) {
      throw new TransportAuthError(`The OAuth token endpoint ${where} could not be reached (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    let body: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
    try { body = JSON.parse(res.body); } catch { /* judged below */ }
    if (res.statusCode !== 200 || typeof body.access_token !== 'string' || !body.access_token) {
      const why = typeof body.error === 'string' ? `${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}` : `answered ${res.statusCode}`;
      throw new TransportAuthError(`The OAuth token endpoint ${where} gave no access token (${why.replaceAll(auth.clientSecret, '[REDACTED]').slice(0, 160)}).`);
    }
    const lifetimeMs = (typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : Number(body.expires_in) > 0 ? Number(body.expires_in) : 3600) * 1000;
    // refreshed a little early: a tenth of its lifetime, at most 30 s, so no request goes out with a dying token
    const skew = Math.min(30_000, lifetimeMs / 10);
    this.fetchedTokens.add(body.access_token);
    this.oauth = { token: body.access_token, expiresAt: performance.now() + lifetimeMs - skew };
    return body.access_token;
  }

  // ---- the wire -----------------------------------------------------------------------------------

  /** For a node:https Agent of the suite's own (the IdP throttle proxy's upstream): the run's CAs and verification. */
  tlsAgentOptions(): { ca?: string[]; rejectUnauthorized: boolean } {
    return { ...(this.ca ? { ca: this.ca } : {}), rejectUnauthorized: !this.insecure };
  }

  private tlsOptions(): { certificateAuthority?: string[]; rejectUnauthorized: boolean } {
    return { ...(this.ca ? { certificateAuthority: this.ca } : {}), rejectUnauthorized: !this.insecure };
  }

  private async clientAttempt(req: WireRequest, headers: [string, string][]) {
    try {
      return await this.clientOnce(req, headers);
    } catch (error) {
      // A kept-alive connection the server closed as it sat idle (Node's default after 5 s) resets the request
      // sent on it, which the server never saw: sent again on a new connection, as Node's documentation of
      // request.reusedSocket advises. A reset on a new connection is the SP's, and is reported.
      const e = error as { code?: string; reusedSocket?: boolean; answered?: boolean };
      if ((e.code === 'ECONNRESET' || e.code === 'EPIPE') && e.reusedSocket && !e.answered) return this.clientOnce(req, headers);
      throw error;
    }
  }

  /**
   * The suite's own requests: node:http on the process's kept-alive agents, sent as got sent them (the URL
   * parsed by WHATWG rules, `accept-encoding: gzip, deflate, br`, Content-Length, the answer decompressed, one
   * deadline for the whole exchange), without got's per-request option handling, which cost about 0.4 ms of
   * CPU a request here, as much as the rest of an exchange with the embedded reference.
   */
  private clientOnce(req: WireRequest, headers: [string, string][]) {
    const secure = /^https:/i.test(req.url);
    const lib = secure ? https : http;
    const out: Record<string, string> = {};
    for (const [k, v] of headers) out[k] = v;
    const has = (name: string) => headers.some(([k]) => k.toLowerCase() === name);
    if (!has('accept-encoding')) out['accept-encoding'] = 'gzip, deflate, br';
    if (req.body !== undefined && !has('content-length')) out['content-length'] = String(Buffer.byteLength(req.body));
    return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
      let answered = false;
      const r = lib.request(req.url, { method: req.method, headers: out,
        ...(secure ? { rejectUnauthorized: !this.insecure, ...(this.ca ? { ca: this.ca } : {}) } : {}) }, (res) => {
        answered = true;
        readBody(r, res, (body) => {
          clearTimeout(deadline);
          try {
            resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body: decompress(body, res.headers['content-encoding']) });
          } catch (error) { reject(error); }
        });
        res.on('error', fail);
      });
      const fail = (error: Error) => { clearTimeout(deadline); reject(Object.assign(error, { reusedSocket: r.reusedSocket, answered })); };
      const deadline = setTimeout(() => r.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), req.timeoutMs);
      r.on('error', fail);
      r.end(req.body);
    });
  }

  private exactAttempt(req: WireRequest, headers: [string, string][]) {
    const u = splitUrl(req.url);
    const lib = u.protocol === 'https' ? https : http;
    const flatList: string[] = [];
    for (const [k, v] of headers) flatList.push(k, v);
    return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
      const r = lib.request({ protocol: `${u.protocol}:`, host: u.host, port: u.port, method: req.method, path: u.target, headers: flatList as any,
        agent: false, timeout: req.timeoutMs,
        ...(u.protocol === 'https' ? { rejectUnauthorized: !this.insecure, ...(this.ca ? { ca: this.ca } : {}) } : {}) }, (res) => {
        readBody(r, res, (body) => resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body }));
        res.on('error', reject);
      });
      r.on('timeout', () => r.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      r.on('error', reject);
      if (req.body !== undefined) r.write(req.body);
      r.end();
    });
  }
}

/**
 * The most the suite reads of one answer, as sent and once decoded. The largest answer a SCIM client meets is a
 * page of a list (1,000 users are about 2 MiB); a target that sends more, or a small compressed body that inflates
 * past it, would otherwise hold the run's memory until the request's deadline, and a run that dies of it loses
 * what it had recorded. Such an answer is the SP's failure, named, and the run goes on.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const MAX_ANSWER = `${MAX_ANSWER_BYTES / 1024 / 1024} MiB`;

function tooLarge(what: string): Error {
  return Object.assign(new Error(what), { code: 'ETOOLARGE' });
}

/**
 * The deepest JSON the suite reads. A SCIM answer nests a handful of levels (a ListResponse, its Resources, a user,
 * its emails, one email); an answer nested far deeper parses, but every later walk of it (the transcript, the
 * reports) would overflow the stack, so such an answer is named as the SP's instead.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether JSON text nests objects and arrays deeper than `max` (strings skipped; stops at the first level past it). */
export function nestedDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  if (text.length <= 2 * max) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) { // a string: skip to its closing quote
      for (i++; i < text.length; i++) { const d = text.charCodeAt(i); if (d === 0x5c) i++; else if (d === 0x22) break; }
    } else if (c === 0x7b || c === 0x5b) { if (++depth > max) return true; } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** The failure of an answer nested past MAX_JSON_DEPTH, for both readers (client.ts, raw-transport.ts); undefined when it is not. */
export function nestingFailure(text: string, status: number): string | undefined {
  return nestedDeeperThan(text) ? `answered ${status} with JSON nested deeper than ${MAX_JSON_DEPTH} levels, which no SCIM answer is` : undefined;
}

/** Collects an answer's body, destroying the request once it passes MAX_ANSWER_BYTES. */
function readBody(r: http.ClientRequest, res: http.IncomingMessage, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_ANSWER_BYTES) { r.destroy(tooLarge(`sent an answer larger than ${MAX_ANSWER} (the suite stopped reading it)`)); return; }
    chunks.push(c);
  });
  res.on('end', () => done(Buffer.concat(chunks)));
}

/**
 * An answer's body as its Content-Encoding says (what got's `decompress` did). For the suite's client a body
 * that does not decode is the SP's fault, reported; the IdPs' exact transport keeps the bytes as they came.
 */
export function decompress(body: Buffer, encoding: string | string[] | undefined, onFailure: 'throw' | 'keep' = 'throw'): Buffer {
  const coding = String(encoding ?? '').trim().toLowerCase();
  if (!coding || coding === 'identity' || body.length === 0) return body;
  try {
    switch (coding) {
      case 'gzip': case 'x-gzip': return gunzipSync(body, { maxOutputLength: MAX_ANSWER_BYTES });
      case 'deflate': return inflateSync(body, { maxOutputLength: MAX_ANSWER_BYTES });
      case 'br': return brotliDecompressSync(body, { maxOutputLength: MAX_ANSWER_BYTES });
      default: return body;
    }
  } catch (error) {
    // too large to decode is the SP's failure for the IdPs too: their bytes as they came would be read as broken JSON
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(`sent a ${body.length}-byte body whose Content-Encoding ${coding} inflates past ${MAX_ANSWER} (the suite stopped decoding it)`);
    }
    if (onFailure === 'keep') return body;
    throw Object.assign(new Error(`a body whose Content-Encoding ${coding} does not decode (${(error as Error).message})`), { code: 'EBADENCODING' });
  }
}

function isPrimary(name: string, value: string): boolean {
  return /^authorization$/i.test(name) && /^bearer\s+/i.test(value) && value.replace(/^bearer\s+/i, '').trim() === PRIMARY_CREDENTIAL;
}

function systemCertificates(): string[] {
  // Node 22.15+/23.5+ can read the OS store; Node 20 has its bundled (Mozilla) store, which is what it trusts by default
  const get = (tls as unknown as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (get) {
    try { return [...new Set([...get('default'), ...get('system')])]; } catch { /* fall back */ }
  }
  return [...tls.rootCertificates];
}

function seconds(ms: number): string { return `${Math.round(ms / 100) / 10} s`; }

/** Retry-After in milliseconds: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Node's header object as one lower-cased string per name (repeated headers joined with ", "). */
export function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Splits an absolute URL into origin and the raw request-target, without normalising anything. */
export function splitUrl(url: string): { protocol: string; host: string; port?: number; target: string } {
  const m = /^(https?):\/\/([^/?#]+)(.*)$/i.exec(url);
  if (!m) throw new Error(`not an absolute http(s) URL: ${url}`);
  const [, protocol, authority, rest] = m;
  const hm = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(authority);
  if (!hm) throw new Error(`bad host in ${url}`);
  const target = rest === '' ? '/' : rest.startsWith('/') ? rest : `/${rest}`;
  return { protocol: protocol.toLowerCase(), host: hm[1].replace(/^\[|\]$/g, ''), port: hm[2] ? Number(hm[2]) : undefined, target };
}

const NO_SLOT = (): void => {};
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

// ---- this process's layer ------------------------------------------------------------------------------

let current: Transport | undefined;

/** The layer every request of this process goes through (configured by the CLI, or read from the environment). */
export function transport(): Transport {
  current ??= Transport.fromEnvironment();
  return current;
}

/** Installs this process's layer (the CLI's main process; tests). */
export function setTransport(t: Transport | undefined): void { current = t; }

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * An answer's bytes as text, without a leading UTF-8 byte order mark: RFC 8259 §8.1 says a JSON text sent over a network
 * MUST NOT begin with one, and that a parser MAY ignore it "in the interests of interoperability". `byteOrderMark` says
 * it was there, for the row that judges the answer's form (RFC-MEDIA-01).
 */
export function answerText(body: Buffer): { text: string; byteOrderMark: boolean } {
  const byteOrderMark = body.length >= 3 && body.subarray(0, 3).equals(UTF8_BOM);
  return { text: (byteOrderMark ? body.subarray(3) : body).toString('utf8'), byteOrderMark };
}

/** A plain request through this process's layer (the target openers and the capability probe): status and text. */
export async function request(method: string, url: string, options: { headers?: Record<string, string>; body?: string; json?: unknown;
  searchParams?: Record<string, string | number>; timeoutMs: number; retryWhenBusy?: boolean }): Promise<{ statusCode: number; body: string; headers: Record<string, string> }> {
  let target = url;
  if (options.searchParams) {
    const qs = new URLSearchParams(Object.entries(options.searchParams).map(([k, v]) => [k, String(v)])).toString();
    if (qs) target += `${target.includes('?') ? '&' : '?'}${qs}`;
  }
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const res = await transport().send({ method, url: target, headers: Object.entries(headers), body, timeoutMs: options.timeoutMs, retryWhenBusy: options.retryWhenBusy });
  return { statusCode: res.status, body: answerText(res.body).text, headers: res.headers };
}
