// What the suite expects of answers, phrased so a failure reads as a bug report in one line.
import type { ScimReply } from './client.js';

export class ExpectationFailed extends Error {
  constructor(message: string) { super(message); this.name = 'ExpectationFailed'; }
}

/** The SP's answer as a reader needs it: first its own words (detail), shortened, then its status. */
export function describeReply(reply: ScimReply): string {
  if (reply.failure) return reply.failure;
  const detail = reply.body?.detail ?? reply.body?.error ?? reply.body?.message;
  const words = (typeof detail === 'string' ? detail : detail !== undefined ? JSON.stringify(detail) : '').replace(/\s+/g, ' ');
  return words ? `"${words.length > 100 ? `${words.slice(0, 99)}…` : words}" (${reply.status})` : `${reply.status}`;
}

export function expectStatus(reply: ScimReply, expected: number | number[], what: string): void {
  const allowed = Array.isArray(expected) ? expected : [expected];
  if (reply.failure || !allowed.includes(reply.status)) {
    throw new ExpectationFailed(`${what}: the SP answered ${describeReply(reply)}, expected ${allowed.join(' or ')} (${reply.exchange.request.method} ${pathOf(reply)})`);
  }
}

export function expectClientError(reply: ScimReply, what: string): void {
  if (reply.failure || reply.status < 400 || reply.status >= 500) {
    throw new ExpectationFailed(`${what}: the SP answered ${describeReply(reply)}, expected a 4xx refusal (${reply.exchange.request.method} ${pathOf(reply)})`);
  }
}

export function pathOf(reply: ScimReply): string {
  try { const u = new URL(reply.exchange.request.url); return u.pathname.replace(/^.*\/scim\/v2/, '') + u.search; } catch { return reply.exchange.request.url; }
}
