// The error body a refusal carries, judged apart from the refusal itself: whether the SP had to refuse is
// the verdict of the row that owns the case (RFC-READ-01's 404, RFC-CREATE-02's 409 …); the body's shape
// belongs to RFC-ERR-01 (rfc) or AWS-ERR-01 (aws). A scimType is OPTIONAL in RFC 7644 §3.12, so one that
// is missing or other than Table 9 names is a should-level finding, never a failure.
import { question, type Question } from '../actor.js';
import type { ScenarioContext } from '../context.js';
import type { ScimReply } from '../../scim/client.js';
import { ExpectationFailed, describeReply } from '../../scim/expectations.js';
import { ERROR_SCHEMA } from '../../scim/payloads.js';
import { traitsOf } from '../tasks/rfc-traits.js';
import { inPassing } from '../aside.js';

const q = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));
const fail = (message: string): never => { throw new ExpectationFailed(message); };

/** RFC 7644 §3.12: "schemas" with the Error URN, "status" a string; scimType where Table 9 names one (should). */
export function checkRfcErrorBody(ctx: ScenarioContext, reply: ScimReply, status: number, scimType?: string): void {
  const b = reply.body;
  const what = `the ${status} error body`;
  if (!b || typeof b !== 'object') fail(`${what} is not JSON: ${describeReply(reply)}`);
  if (!Array.isArray(b.schemas) || !b.schemas.includes(ERROR_SCHEMA)) fail(`${what} lacks "schemas": ["${ERROR_SCHEMA}"] (it has ${q(b.schemas ?? b.schema)})`);
  if (b.status !== String(status)) fail(`${what} has status ${q(b.status)}${typeof b.status === 'number' ? ', a number' : ''}, not the string "${status}" (RFC 7644 §3.12)`);
  // detail is OPTIONAL: absent and null are one state (RFC 7643 §2.5), as a serialiser that writes every field says it
  if (b.detail !== undefined && b.detail !== null && typeof b.detail !== 'string') fail(`${what} has a detail that is not a string: ${q(b.detail)}`);
  if (scimType !== undefined && b.scimType !== scimType) {
    ctx.should(`${what} has scimType ${q(b.scimType)}, where RFC 7644 §3.12 Table 9 names "${scimType}" (scimType is OPTIONAL)`);
  }
}

/** AWS's own error body (AWS-ERR-01): "schema" singular with the Error URN, status a string, no scimType. */
export function checkAwsErrorBody(reply: ScimReply, status: number): void {
  const b = reply.body;
  const what = `the ${status} error body`;
  if (!b || typeof b !== 'object') fail(`${what} is not JSON: ${describeReply(reply)}`);
  if (b.status !== String(status)) fail(`${what} has status ${q(b.status)}, not the string "${status}"`);
  if (!Array.isArray(b.schema) || b.schema[0] !== ERROR_SCHEMA) fail(`${what} lacks AWS's "schema": ["${ERROR_SCHEMA}"] (singular key)`);
  if ('scimType' in b) fail(`${what} carries scimType, which AWS never sends`);
}

/**
 * Where a clause makes the scimType a MUST of its own (RFC 7644 §3.3: a create that conflicts "MUST return HTTP
 * status code 409 (Conflict) with a "scimType" error code of "uniqueness""), its absence fails the scenario's own
 * row under rfc. AWS sends no scimType at all (AWS-ERR-01), so under aws nothing is asked here.
 */
export function expectRequiredScimType(ctx: ScenarioContext, reply: ScimReply, scimType: string, clause: string): void {
  if (traitsOf(ctx.profile).errorRow === 'AWS-ERR-01') return;
  // a body that is no JSON object at all is the error row's form, noted by ProfileErrorBody in passing (or this
  // row's, where the error row passed): judged again here, one deviation would make two red rows
  if (!reply.body || typeof reply.body !== 'object') return;
  const got = reply.body.scimType;
  if (got !== scimType) fail(`the ${reply.status} error body has scimType ${q(got)}, where ${clause} requires "${scimType}"`);
}

/**
 * The profile's error body, owned by the profile's error row. In another row's scenario it is asked in passing: a
 * wrong form is the error row's deviation, and the scenario goes on to its own checks (aside.ts). Where the step
 * goes on to read the body's words (`wordsReadAfter`), a wrong form stops it, BLOCKED by the error row: those words
 * would be judged wrong for the same deviation.
 */
export const ProfileErrorBody = (ctx: ScenarioContext, reply: ScimReply, status: number, scimType?: string, opts: { wordsReadAfter?: true } = {}): Question<void> => {
  const traits = traitsOf(ctx.profile);
  const check = question(`the ${status} error body`, async () => {
    if (traits.errorRow === 'AWS-ERR-01') checkAwsErrorBody(reply, status);
    else checkRfcErrorBody(ctx, reply, status, scimType);
  }, traits.errorRow);
  return opts.wordsReadAfter ? check : inPassing(ctx, check);
};
