// A check another row owns, asked in passing. Most owned checks stop the scenario when they fail, since what comes
// after needs them (a create in setup). Some judge only a form the rest of the scenario never reads: the body of a
// 404 whose status this row judges. Stopping there hid this row's own checks behind the owner's deviation (BLOCKED
// by RFC-ERR-01, on SCIM Gateway, before RFC-DELETE-01's own 500 was reached), so such a check notes its failure
// (ScenarioContext.aside) and the scenario goes on. The report then lays it at the owner's door where the owner is
// red, or at this row's where the owner passed (verdicts.ts).
import { question, type Question } from './actor.js';
import type { ScenarioContext } from './context.js';
import { ExpectationFailed } from '../scim/expectations.js';

/** `check`, owned by another row, asked so that its failure does not stop the scenario; in its owner's scenarios it stops as any check. */
export function inPassing(ctx: ScenarioContext, check: Question<void>): Question<void> {
  const owner = check.owner;
  if (!owner || ctx.judges.includes(owner)) return check;
  return question(check.toString(), async (actor) => {
    try {
      await actor.asks(check);
    } catch (error) {
      // only a check that judged and found the form wrong; anything else (no answer, a suite bug) stops as before
      if (!(error instanceof ExpectationFailed)) throw error;
      ctx.aside(owner, error.message);
    }
  });
}
