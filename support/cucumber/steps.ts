// Step definitions come from here, not from cucumber: a step that meets a missing capability
// (Unsupported) ends as skipped with its reason attached, which the report reads as UNSUPPORTED.
import { Given as G, When as W, Then as T, defineParameterType } from '@cucumber/cucumber';
import { Unsupported, ownerOf } from '../screenplay/actor.js';
import { OWNER_MEDIA_TYPE, UNSUPPORTED_MEDIA_TYPE } from '../scim/exchange.js';
import type { ScimWorld } from './world.js';

type StepBody = (this: ScimWorld, ...args: any[]) => Promise<unknown> | unknown;

function guarded(body: StepBody): StepBody {
  // cucumber counts declared parameters to match arity: keep the same length
  const wrapped = async function (this: ScimWorld, ...args: any[]) {
    try {
      return await body.apply(this, args);
    } catch (error) {
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
