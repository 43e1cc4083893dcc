// The property checked over many histories of one dialect with fast-check: a fixed seed replays the same
// histories; on a counterexample fast-check shrinks the raw picks (every shrunk history is re-run against
// the target) and the smallest one that still fails is kept with its result.
import fc from 'fast-check';
import type { DialectProfile } from '../idp/profile.js';
import { historyArbitrary, planHistory, type HistoryScope, type RawStep } from './generator.js';
import { runHistory, type HistoryOptions, type HistoryResult, type IdpAbilityFactory } from './property.js';
import { requestPath } from '../scim/exchange.js';
import { redirectLeftUnfollowed } from '../scim/transport.js';

export interface FuzzOptions {
  profile: DialectProfile;
  /** What the histories may touch: no groups on an SP that serves users only (default: groups too). */
  scope?: HistoryScope;
  target: HistoryOptions['target'];
  run: HistoryOptions['run'];
  runs: number;
  seed: number;
  maxSteps: number;
  idpAbility?: IdpAbilityFactory;
  /** Stop shrinking after this long (the counterexample found so far is kept). */
  shrinkBudgetMs?: number;
  onHistory?: (r: HistoryResult, n: number) => void;
}

export interface FuzzOutcome {
  dialect: string;
  seed: number;
  converged: boolean;
  /** Histories run before the first counterexample (that one included), or all of them. */
  runsToFind?: number;
  historiesRun: number;
  shrinks: number;
  counterexample?: HistoryResult;
  /** The IdP could not connect to the target: no history ran past its first step. */
  setupError?: string;
  ms: number;
}

/** How a setupError begins when the SP redirected the IdP's request: the histories are then unjudged, not unconnected. */
export const REDIRECT_SETUP = 'the SP redirected the IdP\'s request';

export async function fuzzDialect(o: FuzzOptions): Promise<FuzzOutcome> {
  const started = Date.now();
  let n = 0;
  let runsToFind: number | undefined;
  let phase: 'search' | 'shrink' = 'search';
  let searchRuns = 0;
  const failing = new Map<string, HistoryResult>();
  let foundAt = 0;
  let setupError: string | undefined;
  const play = async (raw: RawStep[]): Promise<boolean> => {
    if (setupError) return true;
    // past the shrink budget, no candidate is run any more: fast-check keeps the smallest failure it has
    if (phase === 'shrink' && o.shrinkBudgetMs !== undefined && Date.now() - foundAt > o.shrinkBudgetMs) return true;
    n += 1;
    if (phase === 'search') searchRuns += 1;
    const steps = planHistory(o.profile, raw, o.scope);
    const r = await runHistory({ target: o.target, profile: o.profile, steps, run: o.run, historyNo: n, idpAbility: o.idpAbility });
    o.onHistory?.(r, n);
    // where the SP redirected a request, no history says anything: the simulated IdPs do not follow one (no vendor documents
    // whether its client does), so what the IdP would have done there is unknown, and none is shrunk
    const redirect = r.transcript.find(redirectLeftUnfollowed);
    if (redirect) { setupError = `${REDIRECT_SETUP} (${redirect.request.method} ${requestPath(redirect.request.url)} was answered ${redirect.response!.status} to ${redirect.response!.headers?.location ?? 'no Location'}); the simulated IdPs do not follow a redirect, since no vendor documents whether its client does`; return true; }
    // the IdP could not even connect (a wrong token, say): no history says anything, so none is shrunk
    if (r.stepError && r.steps[r.stepError.index]?.kind === 'connect') { setupError = r.stepError.message; return true; }
    if (!r.converged) {
      failing.set(JSON.stringify(raw), r);
      if (runsToFind === undefined) { runsToFind = searchRuns; phase = 'shrink'; foundAt = Date.now(); }
    }
    return r.converged;
  };
  const result = await fc.check(fc.asyncProperty(historyArbitrary(o.profile, o.maxSteps, o.scope), play), {
    numRuns: o.runs, seed: o.seed, verbose: 0,
  });
  if (setupError) return { dialect: o.profile.id, seed: o.seed, converged: false, setupError, historiesRun: n, shrinks: 0, ms: Date.now() - started };
  let counterexample: HistoryResult | undefined;
  if (result.failed && result.counterexample) {
    const raw = result.counterexample[0] as RawStep[];
    counterexample = failing.get(JSON.stringify(raw));
    if (!counterexample) {
      const steps = planHistory(o.profile, raw, o.scope);
      n += 1;
      counterexample = await runHistory({ target: o.target, profile: o.profile, steps, run: o.run, historyNo: n, idpAbility: o.idpAbility });
    }
  }
  return { dialect: o.profile.id, seed: o.seed, converged: !result.failed, runsToFind, historiesRun: n, shrinks: result.numShrinks, counterexample, ms: Date.now() - started };
}
