// What the suite expects of answers, phrased so a failure reads as a bug report in one line.
import type { ScimReply } from './client.js';
import { ERROR_SCHEMA } from './payloads.js';
import type { SpProfile } from '../targets/target.js';

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

/** The error body each profile promises: AWS's own shape, or RFC 7644 §3.12's. */
export function expectErrorBody(reply: ScimReply, profile: SpProfile, status: number, scimType?: string): void {
  const body = reply.body;
  const where = `the ${status} error body`;
  if (!body || typeof body !== 'object') throw new ExpectationFailed(`${where} is not JSON: ${describeReply(reply)}`);
  if (body.status !== String(status)) throw new ExpectationFailed(`${where} has status ${JSON.stringify(body.status)}, expected the string "${status}"`);
  if (profile === 'aws') {
    if (!Array.isArray(body.schema) || body.schema[0] !== ERROR_SCHEMA) throw new ExpectationFailed(`${where} lacks AWS's "schema": ["${ERROR_SCHEMA}"] (singular key)`);
    if ('scimType' in body) throw new ExpectationFailed(`${where} carries scimType, which AWS never sends`);
  } else {
    if (!Array.isArray(body.schemas) || !body.schemas.includes(ERROR_SCHEMA)) throw new ExpectationFailed(`${where} lacks "schemas": ["${ERROR_SCHEMA}"]`);
    if (scimType && body.scimType !== scimType) throw new ExpectationFailed(`${where} has scimType ${JSON.stringify(body.scimType)}, expected "${scimType}"`);
  }
}

export function pathOf(reply: ScimReply): string {
  try { const u = new URL(reply.exchange.request.url); return u.pathname.replace(/^.*\/scim\/v2/, '') + u.search; } catch { return reply.exchange.request.url; }
}
