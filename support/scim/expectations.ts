// What the suite expects of answers, phrased so a failure reads as a bug report in one line.
import type { ScimReply } from './client.js';
import { requestPath } from './exchange.js';

export class ExpectationFailed extends Error {
  constructor(message: string) { super(message); this.name = 'ExpectationFailed'; }
}

/**
 * The SP's answer as a reader needs it, to follow "the SP answered": first its own words (detail), shortened, then
 * its status; or why there is no usable answer.
 */
export function describeReply(reply: ScimReply): string {
  // an answer that came after redirects the client followed says so: a 200 found at a login page the SP redirected
  // to is no 200 to the request the scenario sent
  const hops = reply.exchange?.redirected;
  const after = hops?.length ? ` after ${hops.map((h) => `a ${h.status} to ${requestPath(h.location)}`).join(' and ')}` : '';
  // "answered 201 with a body that is not valid JSON" reads as it is after "answered"; a failure of the exchange
  // itself ("no answer from … within 400 ms") is said to be one
  if (reply.failure) return (reply.failure.startsWith('answered ') ? reply.failure.slice('answered '.length) : `with a failure: ${reply.failure}`) + after;
  const detail = reply.body?.detail ?? reply.body?.error ?? reply.body?.message;
  const words = (typeof detail === 'string' ? detail : detail !== undefined ? JSON.stringify(detail) : '').replace(/\s+/g, ' ');
  return (words ? `"${words.length > 100 ? `${words.slice(0, 99)}…` : words}" (${reply.status})` : `${reply.status}`) + after;
}

/**
 * Whether an attribute's value is unassigned: absent, null, or an empty array are one state (RFC 7643 §2.5:
 * they "SHALL be considered to be equivalent in 'state'"), so an SP may answer a cleared attribute either way.
 */
export function unassigned(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/**
 * Whether a refusal was made, judged on its status alone: an error body that is not JSON (a gateway's text/plain
 * 401, an HTML 404 page) still refused, and the body is the error-body row's to judge (RFC-ERR-01, AWS-ERR-01).
 */
export function refusedWith(reply: ScimReply, accepts: (status: number) => boolean): boolean {
  return reply.status >= 400 && reply.status < 500 && accepts(reply.status);
}

/** A 2xx answer: the request succeeded, whichever success the SP chose. */
export const succeeded = (reply: ScimReply): boolean => !reply.failure && reply.status >= 200 && reply.status < 300;

/**
 * A list refused as matching too many resources (400 tooMany): RFC 7644 §3.12 lets an SP refuse a query that would
 * "return all entries" (a lookthrough limit, as PingDirectory's), so an unfiltered list may be answered so.
 */
export function refusedAsTooMany(reply: ScimReply): boolean {
  return !reply.failure && reply.status === 400 && String(reply.body?.scimType ?? '').toLowerCase() === 'toomany';
}

/**
 * The `nextCursor` of a list's answer, where it names a next page: an SP that pages by cursor omits it on the last
 * (RFC 9865 §2). A cursor equal to `followed`, the one that asked for this page, leads nowhere: undefined too, so that
 * an SP that names its own page again cannot hold a walk.
 */
export function nextCursorOf(reply: ScimReply, followed?: string): string | undefined {
  const next = reply.body?.nextCursor;
  return typeof next === 'string' && next !== '' && next !== followed ? next : undefined;
}

/** The 2xx answers that say a write was applied; which one a row expects exactly is that row's own judgement. */
export const ACCEPTED: readonly number[] = [200, 201, 202, 204];

export function expectStatus(reply: ScimReply, expected: number | readonly number[], what: string): void {
  const allowed: readonly number[] = typeof expected === 'number' ? [expected] : expected;
  const refusal = allowed.every((s) => s >= 400 && s < 500);
  if (refusal ? !refusedWith(reply, (s) => allowed.includes(s)) : reply.failure || !allowed.includes(reply.status)) {
    throw new ExpectationFailed(`${what}: the SP answered ${describeReply(reply)}, expected ${allowed.join(' or ')} (${reply.exchange.request.method} ${pathOf(reply)})`);
  }
}

export function expectClientError(reply: ScimReply, what: string): void {
  if (!refusedWith(reply, () => true)) {
    throw new ExpectationFailed(`${what}: the SP answered ${describeReply(reply)}, expected a 4xx refusal (${reply.exchange.request.method} ${pathOf(reply)})`);
  }
}

export function pathOf(reply: ScimReply): string { return requestPath(reply.exchange.request.url); }

/**
 * Whether `text` names `value` as a whole: not inside a longer run of letters and digits. A leak check
 * looks for ids, and an SP's ids may be as short as `1` or `40` (an auto-increment key), which "401"
 * would otherwise reveal.
 */
export function mentions(text: string, value: string, options: { ignoreCase?: boolean } = {}): boolean {
  if (!value) return false;
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, `u${options.ignoreCase ? 'i' : ''}`).test(text);
}
