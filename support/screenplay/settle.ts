// Reads that wait for the scenario's own writes. An SP may answer lists and filters from an index that
// follows its store (a search index, a replica): RFC 7644 promises no read-your-writes for queries, and a
// list that shows a new user a moment late is no deviation. So an expectation of what a write should have
// made visible is read again, paced, until it holds or the run's settle time (--settle-ms) is spent; the
// last read is judged, and every read is in the transcript. Only reads are repeated. A check that a refused
// write changed nothing does not wait for its verdict (it would pass on its first read anyway); only the state
// it compares against, read before the write, waits until it shows the scenario's own resources.
// Reads by id may lag the same way (a read replica, an eventually consistent GetItem, a read-through cache):
// a judgement of what a write should have made visible on its own reads by id (judgeOnceShown) runs again
// while it fails, a 404 for a resource just created included. A check that a write did NOT happen (a refused
// write changed nothing, a change has not arrived yet, a resource still exists) cannot wait for its verdict:
// a stale read would pass it at once. It reads once the lag the capability probe measured has passed
// (lagWait, OnceLagPassed): nothing where no lag was measured, so only a lagging SP pays for it.
import { question, task, type Actor, type Question, type Task } from './actor.js';
import { CallScim } from './abilities/call-scim.js';
import type { ScenarioContext } from './context.js';
import { ExpectationFailed, succeeded } from '../scim/expectations.js';
import { readPace, type ReadPace } from '../scim/read-pace.js';
import { listsLate, readsLate } from '../targets/capabilities.js';

/** The pace of re-reads within the run's settle time; a Ctrl-C ends the wait. */
const settleClock = (ctx: ScenarioContext): ReadPace => readPace(ctx.run.settleMs, () => ctx.interrupted);

function noteLate(ctx: ScenarioContext, what: string, ms: number): void {
  ctx.notes.push(`${what}: right only after ${ms} ms of reading again. This SP shows a write late in its lists, filters or reads by id; RFC 7644 `
    + 'promises no read-your-writes, but a client that reads straight after writing (an IdP\'s lookup before a create, its read before an update) would miss it');
}

/** A wait that spent the settle time and still saw no write: counted for the run's summary (what failures cost). */
function spentInVain(ctx: ScenarioContext, clock: ReadPace): void {
  if (!ctx.interrupted && clock.waited() > 0) ctx.settleSpentMs.push(clock.waited());
}

/** A failure a late read explains: an expectation, the suite's or an IdP step's (same name); nothing else is. */
export const isExpectation = (error: unknown): boolean => error instanceof Error && error.name === ExpectationFailed.name;

/**
 * What `attempt` returns; while it fails with an error `late` says a late read explains, it runs again
 * (`again` true) at the settle pace, and the last failure is thrown once the settle time is spent.
 */
async function settling<T>(ctx: ScenarioContext, what: () => string, attempt: (again: boolean) => Promise<T>, late: (error: unknown) => boolean): Promise<T> {
  const clock = settleClock(ctx);
  for (let again = false; ; again = true) {
    try {
      const answer = await attempt(again);
      if (again) noteLate(ctx, what(), clock.waited());
      return answer;
    } catch (error) {
      if (!late(error)) throw error;
      if (!(await clock.next())) { spentInVain(ctx, clock); throw error; }
    }
  }
}

/** What `read` gives once `holds` says it shows the scenario's writes, or what it gave last when the time is spent. */
export async function readUntil<T>(ctx: ScenarioContext, what: string, read: () => Promise<T>, holds: (answer: T) => boolean): Promise<T> {
  const clock = settleClock(ctx);
  let answer = await read();
  let again = false;
  while (!holds(answer) && await clock.next()) { answer = await read(); again = true; }
  if (again && holds(answer)) noteLate(ctx, what, clock.waited());
  if (!holds(answer)) spentInVain(ctx, clock);
  return answer;
}

/** The question's answer once `holds` says it shows the scenario's writes, or its last answer when the time is spent. */
export const Eventually = <T>(ctx: ScenarioContext, asked: Question<T>, holds: (answer: T) => boolean): Question<T> =>
  question(`${asked}, once the SP shows this scenario's writes`, (actor: Actor) => readUntil(ctx, String(asked), () => actor.asks(asked), holds),
    asked.owner); // a failure inside still belongs to the question asked

/**
 * Judges the actor's last read; while the judgement fails, repeats that read (the request, or the read task
 * that named itself with CallScim.readsBy) and judges again, within the run's settle time. Not after a write.
 * Only a read that answered 2xx may be late: by default the last request's answer, else what `answeredRead` says.
 */
export async function judgeSettled(actor: Actor, ctx: ScenarioContext, judge: () => void | Promise<void>, answeredRead?: () => boolean): Promise<void> {
  const scim = actor.abilityTo(CallScim);
  const readAgain = scim.repeatable();
  // a list that lags still answers 2xx with too little: an error or no answer is no lateness, and is judged at once.
  // A read of several requests says itself whether one it judges answered (`answeredRead`): its last may be a refusal.
  const answered = answeredRead ?? ((): boolean => !!scim.last && succeeded(scim.last));
  await settling(ctx, () => actor.lastTask ?? 'the read', async (again) => { if (again) await readAgain!(); await judge(); },
    (error) => isExpectation(error) && !!readAgain && answered());
}

/**
 * A judgement of what a write should have made visible, that reads what it judges itself (a GET by id, a group's
 * members): while it fails with an expectation, it runs whole again, reads included, within the settle time. Its
 * reads must only read. Never for a check that a write changed nothing or that a change has not arrived yet.
 */
export const judgeOnceShown = <T>(ctx: ScenarioContext, what: string, judge: () => Promise<T>): Promise<T> =>
  settling(ctx, () => what, judge, isExpectation);

/** A task that only reads (a walk of pages, a set of filters): after it, judgeSettled may repeat it whole. */
export const readsOnly = (description: string, reads: (actor: Actor) => Promise<void>): Task =>
  task(description, async (actor) => {
    await reads(actor);
    actor.abilityTo(CallScim).readsBy(() => reads(actor));
  });

/**
 * How long to let the SP's lists catch up before a read that judges a write did NOT happen: nothing where the run
 * measured no lag (no run pays for it), else the measured lag and 100 ms more, within the settle time. A refused write
 * that was stored after all would otherwise reach a lagging list only after the check (a false pass).
 */
export function listLagWait(ctx: ScenarioContext): number {
  const lag = ctx.target.capabilities.served?.listLag;
  if (!listsLate(lag)) return 0;
  return Math.min(ctx.run.settleMs, lag.listed ? lag.ms + 100 : ctx.run.settleMs);
}

/** As listLagWait, for reads by id: the lag the probe measured between a PATCH and a read that shows it. */
export function readLagWait(ctx: ScenarioContext): number {
  const lag = ctx.target.capabilities.served?.readLag;
  if (!readsLate(lag)) return 0;
  return Math.min(ctx.run.settleMs, lag.shown ? lag.ms + 100 : ctx.run.settleMs);
}

/** The wait before a read that judges a write did NOT happen, whether it reads a list or a resource by id. */
export const lagWait = (ctx: ScenarioContext): number => Math.max(listLagWait(ctx), readLagWait(ctx));

export const pauseFor = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/**
 * The question asked only once the SP's measured lag has passed: for a judgement that a write did NOT happen
 * (changed nothing, has not arrived yet, left a resource in place), which a stale first read would pass. `wait`:
 * the lag of what the question reads (readLagWait for a read by id, listLagWait for a list), both by default.
 */
export const OnceLagPassed = <T>(ctx: ScenarioContext, asked: Question<T>, wait: (ctx: ScenarioContext) => number = lagWait): Question<T> =>
  question(String(asked), async (actor: Actor) => { await pauseFor(wait(ctx)); return actor.asks(asked); }, asked.owner);
