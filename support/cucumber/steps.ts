// Step definitions come from here, not from cucumber: a step that meets a missing capability
// (Unsupported) ends as skipped with its reason attached, which the report reads as UNSUPPORTED. So does a
// scenario that met a busy answer (429, 503 with Retry-After) the HTTP layer stopped waiting out: what it saw
// after that is the target's load, not its conformance; and one that met a redirect left unfollowed (RFC 7644
// §3.12 lets an SP send one; an IdP's, or one to another origin).
import { Given as G, When as W, Then as T, defineParameterType } from '@cucumber/cucumber';
import { Unsupported, ownerOf } from '../screenplay/actor.js';
import { OWNER_MEDIA_TYPE, REDIRECT_NOTE, STILL_BUSY_NOTE, TARGET_DOWN_NOTE, UNSUPPORTED_MEDIA_TYPE } from '../scim/exchange.js';
import type { ScimWorld } from './world.js';

type StepBody = (this: ScimWorld, ...args: any[]) => Promise<unknown> | unknown;

/** A step's time limit (cucumber's default timeout, set in hooks.ts). */
export const STEP_TIMEOUT_MS = 120_000;
/** Of that, what a step may spend waiting out busy answers; the rest is for its requests themselves. */
export const STEP_BUSY_WAIT_MS = STEP_TIMEOUT_MS / 2;

async function notJudgedWhenBusy(world: ScimWorld): Promise<'skipped' | undefined> {
  if (world.ctx?.targetDown) {
    // it answered when the run began: a crash, a restart or a deploy, perhaps brought on by a request just before
    await world.attach(`${TARGET_DOWN_NOTE} (${world.ctx.targetDown}), though it answered when the run began; a request shortly before may have brought it down (a row that failed with "connection reset" or "no answer"). Run this again once it is back`, UNSUPPORTED_MEDIA_TYPE);
    return 'skipped';
  }
  if (world.ctx?.redirectUnfollowed) {
    await world.attach(`${REDIRECT_NOTE} (${world.ctx.redirectUnfollowed}); RFC 7644 §3.12 lets an SP answer any request with 307 or 308, so what followed is no verdict`, UNSUPPORTED_MEDIA_TYPE);
    return 'skipped';
  }
  if (!world.ctx?.stillBusy) return undefined;
  await world.attach(`${STILL_BUSY_NOTE} (${world.ctx.stillBusy}); run this again when the SP is quiet, or with a lower --rate`, UNSUPPORTED_MEDIA_TYPE);
  return 'skipped';
}

function guarded(body: StepBody): StepBody {
  // cucumber counts declared parameters to match arity: keep the same length
  const wrapped = async function (this: ScimWorld, ...args: any[]) {
    if (this.ctx) this.ctx.busyDeadline = Date.now() + STEP_BUSY_WAIT_MS;
    try {
      const result = await body.apply(this, args);
      return (await notJudgedWhenBusy(this)) ?? result;
    } catch (error) {
      if (await notJudgedWhenBusy(this)) return 'skipped';
      if (error instanceof Unsupported) {
        await this.attach(error.message, UNSUPPORTED_MEDIA_TYPE);
        return 'skipped';
      }
      // the report decides whether this failure is the scenario's own row's or BLOCKS it (another row's)
      const owner = ownerOf(error);
      if (owner) await this.attach(owner, OWNER_MEDIA_TYPE);
      throw error;
    }
  };
  Object.defineProperty(wrapped, 'length', { value: body.length });
  return wrapped;
}

export const Given = (pattern: string | RegExp, body: StepBody) => G(pattern, guarded(body));
export const When = (pattern: string | RegExp, body: StepBody) => W(pattern, guarded(body));
export const Then = (pattern: string | RegExp, body: StepBody) => T(pattern, guarded(body));
export { defineParameterType };
export type { ScimWorld };
