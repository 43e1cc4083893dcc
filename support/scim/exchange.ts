// The record of one HTTP request and its answer, as every transcript, report and reproduction keeps it.
// Secrets are removed before an Exchange is built, never afterwards.

export interface ExchangeRequest {
  method: string;
  /** Exactly as sent, including the raw query string (OneLogin's trailing '?' survives). */
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  /** The body text when it is not JSON (or was sent malformed on purpose). */
  rawBody?: string;
}

export interface ExchangeResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  rawBody?: string;
}

/** A redirect the suite's client followed (a 307 or 308, RFC 7644 §3.12, Table 8; a 301, 302 or 303 to a GET): its status and where it sent the request. */
export interface Redirect { status: number; location: string }

export interface Exchange {
  at: string;
  ms: number;
  /** Who sent it: "the client", "Okta (oin)", "the SP admin". */
  actor: string;
  request: ExchangeRequest;
  response?: ExchangeResponse;
  /** One line when the exchange did not complete or the answer is unusable: timeout, reset, HTML, bad JSON. */
  failure?: string;
  /** Requests made only to clean up after a scenario. */
  cleanup?: boolean;
  /**
   * Not what the IdP sent: the harness asked the SP this, in the IdP's place, to find whose refusal a refused request
   * was (the same request without one quirk of the dialect's); says which.
   */
  diagnostic?: string;
  /** The HTTP layer answered 429 this many times before this answer, waited each Retry-After out and retried. */
  retriedAfter429?: number;
  /** The HTTP layer answered 503 with a Retry-After this many times before this answer, waited each out and retried. */
  retriedAfter503?: number;
  /** Sent over https without verifying the certificate (the run's `--insecure`). */
  tlsUnverified?: boolean;
  /** This answer is a 429 or 503 the HTTP layer stopped waiting out, and why; the scenario that met it is not judged. */
  stillBusy?: string;
  /** Nothing listened at the target (connection refused): the SP was down, so this is no answer of its to judge. */
  refused?: true;
  /**
   * The redirects the suite's client followed before this answer (followedRedirect in transport.ts), each with the URL
   * the request was repeated at; `response` is the last one's answer, from the last of those URLs.
   */
  redirected?: Redirect[];
  /** The answer began with a UTF-8 byte order mark, which RFC 8259 §8.1 forbids a networked JSON text; read without it. */
  byteOrderMark?: true;
}

/** The URL the answer came from: the last redirect's location where the client followed any (a relative reference in the answer resolves against it, RFC 9110 §10.2.2), else the request's. */
export function answeredAt(e: Exchange): string {
  return e.redirected?.length ? e.redirected[e.redirected.length - 1]!.location : e.request.url;
}

/** A request URL as a reader wants it in a one-line reason: the path below the SCIM base (if it is /scim/v2) and the query. */
export function requestPath(url: string): string {
  try { const u = new URL(url); return u.pathname.replace(/^.*\/scim\/v2(?=\/|$)/, '') + u.search; } catch { return url; }
}

export const TRANSCRIPT_MEDIA_TYPE = 'application/vnd.scim-conformance.transcript+json';
export const IDP_LOG_MEDIA_TYPE = 'application/vnd.scim-conformance.idp-log+json';
/** How a scenario the target's state left unjudged begins its reason: the report tells such rows from unsupported ones. */
export const TARGET_DOWN_NOTE = 'not judged: the target was down';
export const STILL_BUSY_NOTE = 'not judged: the SP was still busy';
/** How a scenario begins its reason when the SP answered a request with a redirect that was not followed (see ScenarioContext.redirectUnfollowed). */
export const REDIRECT_NOTE = 'not judged: the SP redirected a request';
export const UNSUPPORTED_MEDIA_TYPE = 'text/vnd.scim-conformance.unsupported';
/** A should-level finding of a scenario that otherwise passed (graded WARN). */
export const FINDING_MEDIA_TYPE = 'text/vnd.scim-conformance.finding';
/** The catalogue id that owns the behaviour a failed step exercised (the scenario is BLOCKED when it judges another id). */
export const OWNER_MEDIA_TYPE = 'text/vnd.scim-conformance.owner';
/**
 * A check another row owns that failed in passing and let the scenario go on (JSON `{ owner, message }` list): the
 * report decides, as for OWNER_MEDIA_TYPE, whether it is the owner's deviation or the scenario's own.
 */
export const ASIDE_MEDIA_TYPE = 'application/vnd.scim-conformance.aside+json';
/** Milliseconds each settle wait of the scenario spent before its expectation still did not hold (JSON list). */
export const SETTLE_SPENT_MEDIA_TYPE = 'application/vnd.scim-conformance.settle-spent+json';

const REDACTED = '[REDACTED]';
/** Keys whose string value is always removed; one list, so the copy and the text check can never disagree. */
const SECRET_KEY_NAMES = 'token|accessToken|secret|password|adminToken|client_secret|SAMLResponse';
const SECRET_KEYS = new RegExp(`^(${SECRET_KEY_NAMES})$`, 'i');
/** SECRET_KEYS as a key in JSON text with no escapes: a quoted name followed by a colon can only be a key. */
const SECRET_KEY_IN_TEXT = new RegExp(`"(${SECRET_KEY_NAMES})"\\s*:`, 'i');
const CREDENTIAL = /\b(Bearer|Basic|SSWS)\s+[A-Za-z0-9._~+/=-]+/;
/** An escape in JSON text other than \" (an ETag's W/\"1\" is in every answer): it could hide what the text is searched for. */
const ESCAPE_BUT_QUOTE = /\\[^"]/;
const CREDENTIALS = new RegExp(CREDENTIAL.source, 'g');
/** Headers whose value is a credential whatever it looks like: all but the scheme is removed. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'x-admin-token']);

/** Knows the run's secret values and removes them from anything that is about to be kept. */
export class Redactor {
  private readonly secrets = new Set<string>();
  /** A secret holding a quote appears escaped in JSON text, so text that escapes quotes is not searched for it. */
  private quotedSecret = false;

  constructor(initial: Iterable<string | undefined> = []) {
    for (const s of initial) this.add(s);
  }

  add(secret: string | undefined): void {
    if (secret && secret.length >= 6) {
      this.secrets.add(secret);
      if (secret.includes('"')) this.quotedSecret = true;
    }
  }

  /** Whether text() would change this string (shorter than 6, it holds neither a kept secret nor a scheme and credential). */
  private holdsSecret(value: string): boolean {
    if (value.length < 6) return false;
    if (CREDENTIAL.test(value)) return true;
    for (const s of this.secrets) if (value.includes(s)) return true;
    return false;
  }

  text(value: string): string {
    // most strings hold nothing to remove, and the test costs less than the replace
    if (!this.holdsSecret(value)) return value;
    let out = value.replace(CREDENTIALS, `$1 ${REDACTED}`);
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  }

  headers(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      const joined = Array.isArray(value) ? value.join(', ') : String(value);
      out[name] = CREDENTIAL_HEADERS.has(name.toLowerCase())
        ? joined.replace(/^(\S+\s+)?.*$/s, (_m, scheme?: string) => `${scheme ?? ''}${REDACTED}`)
        : this.text(joined);
    }
    return out;
  }

  /**
   * What json(parsed) gives, for a value parsed from (or serialised to) `text`, made natively where it can be:
   * when the text holds no escape but \" (so each of its strings appears in it as it is, but for quotes, which
   * no key, credential or secret searched for holds), no secret value, no credential and no secret-named key,
   * nothing would be removed, and a new parse of the text is the copy. Bodies are most of what an exchange
   * records, and almost none hold a secret. `owned`: `parsed` was parsed from `text` for this record alone and
   * nothing else holds it, so where nothing would be removed it is the copy.
   */
  jsonOf(text: string, parsed: unknown, owned = false): unknown {
    const plain = !text.includes('\\') || (!this.quotedSecret && !ESCAPE_BUT_QUOTE.test(text));
    if (plain && !SECRET_KEY_IN_TEXT.test(text) && !this.holdsSecret(text)) {
      if (owned) return parsed;
      try { return JSON.parse(text); } catch { /* not the text of this value after all */ }
    }
    return this.json(parsed);
  }

  /** Deep copy of a JSON value with secret-named fields and known secret values removed. */
  json(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.json(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const copy = SECRET_KEYS.test(k) && typeof v === 'string' ? REDACTED : this.json(v);
        // a body's own "__proto__" key (JSON.parse makes one) stays a key: assigned, it would set the copy's prototype
        if (k === '__proto__') Object.defineProperty(out, k, { value: copy, enumerable: true, writable: true, configurable: true });
        else out[k] = copy;
      }
      return out;
    }
    return value;
  }

  /**
   * `texts`: the JSON texts the bodies were serialised to or parsed from, when the caller has them (see jsonOf);
   * `requestOwned`: the request body was parsed from its text for this record alone.
   */
  exchange(e: Exchange, texts: { request?: string; response?: string; requestOwned?: boolean } = {}): Exchange {
    const body = (value: unknown, text: string | undefined, owned = false) => (value === undefined ? undefined : text !== undefined ? this.jsonOf(text, value, owned) : this.json(value));
    return {
      ...e,
      request: { ...e.request, url: this.text(e.request.url), headers: this.headers(e.request.headers),
        body: body(e.request.body, texts.request, texts.requestOwned),
        rawBody: e.request.rawBody === undefined ? undefined : this.text(e.request.rawBody) },
      response: e.response && { ...e.response, headers: this.headers(e.response.headers),
        body: body(e.response.body, texts.response),
        rawBody: e.response.rawBody === undefined ? undefined : this.text(e.response.rawBody) },
      failure: e.failure && this.text(e.failure),
      // a Location may carry what a URL can (a token in a query string, as an SSO hop does)
      ...(e.redirected ? { redirected: e.redirected.map((hop) => ({ ...hop, location: this.text(hop.location) })) } : {}),
    };
  }
}
