// What the run's traffic to the target looked like, read from the transcripts: how many requests, how many
// were answered 429 (waited out and retried by the HTTP layer, or handed back to a scenario or an IdP that
// judges throttling), how many 503s with a Retry-After the layer waited out (a target that was briefly
// unavailable: a row it then passed was not judged on a first try), how many scenarios met a busy answer the
// layer stopped waiting out (those were not judged), and whether any went over https without certificate
// verification (--insecure).
import type { RunIndex } from './analyse.js';
import { INJECTED_HEADER } from '../idp/throttle-proxy.js';

export interface TrafficStats {
  /** Exchanges recorded in every attempt's transcript (cleanup requests included). */
  exchanges: number;
  /** 429 answers in all: those the layer retried plus those that came back to their caller. */
  throttled: number;
  /** 429 answers the layer waited out and retried (Exchange.retriedAfter429, summed). */
  retries: number;
  /** Exchanges whose final answer was still 429 (the layer's retries ran out, or the caller opted out). */
  throttledFinal: number;
  /** Scenarios (pickles) whose transcripts saw at least one 429. */
  throttledScenarios: number;
  /** 503 answers with a Retry-After the layer waited out and retried (Exchange.retriedAfter503, summed). */
  unavailableRetries: number;
  /** Scenarios (pickles) whose transcripts saw such a 503. */
  unavailableScenarios: number;
  /** Scenarios (pickles) that met a busy answer the layer stopped waiting out (Exchange.stillBusy): not judged. */
  stillBusyScenarios: number;
  /** Added: scenarios (pickles) that met the target refusing connections (Exchange.refused): down mid-run, not judged. Absent: none. */
  downScenarios?: number;
  /** Added: redirects (307, 308) the suite's client followed on the target's origin (Exchange.redirected, summed). Absent: none. */
  redirected?: number;
  /** Exchanges sent over https without verifying the certificate (--insecure). */
  tlsUnverified: number;
  /**
   * Checks that read again for the whole settle time (--settle-ms) and still did not see what they expected, and the
   * time they spent (the scenarios' last attempts): what the SP's deviations cost the run, since a late write is none.
   */
  settleSpent: { checks: number; ms: number };
}

export function trafficStats(index: RunIndex): TrafficStats {
  const stats: TrafficStats = { exchanges: 0, throttled: 0, retries: 0, throttledFinal: 0, throttledScenarios: 0, unavailableRetries: 0, unavailableScenarios: 0, stillBusyScenarios: 0, tlsUnverified: 0, settleSpent: { checks: 0, ms: 0 } };
  for (const c of index.cases) {
    let saw429 = false;
    let saw503 = false;
    let stillBusy = false;
    let down = false;
    for (const attempt of c.attempts) {
      for (const e of attempt.transcript) {
        stats.exchanges += 1;
        const retried = typeof e.retriedAfter429 === 'number' && e.retriedAfter429 > 0 ? e.retriedAfter429 : 0;
        // a 429 the suite's own throttle proxy made up (OKTA-RATE-01, ENTRA-RETRY-01) is no answer of the target
        const final429 = e.response?.status === 429 && e.response.headers?.[INJECTED_HEADER] === undefined ? 1 : 0;
        stats.retries += retried;
        stats.throttledFinal += final429;
        stats.throttled += retried + final429;
        if (retried + final429 > 0) saw429 = true;
        const unavailable = typeof e.retriedAfter503 === 'number' && e.retriedAfter503 > 0 ? e.retriedAfter503 : 0;
        stats.unavailableRetries += unavailable;
        if (unavailable > 0) saw503 = true;
        if (e.stillBusy && !e.cleanup) stillBusy = true;
        if (e.refused && !e.cleanup) down = true;
        if (e.tlsUnverified) stats.tlsUnverified += 1;
        if (e.redirected?.length) stats.redirected = (stats.redirected ?? 0) + e.redirected.length;
      }
    }
    const last = c.attempts[c.attempts.length - 1];
    for (const ms of last?.settleSpentMs ?? []) { stats.settleSpent.checks += 1; stats.settleSpent.ms += ms; }
    if (saw429) stats.throttledScenarios += 1;
    if (saw503) stats.unavailableScenarios += 1;
    if (stillBusy) stats.stillBusyScenarios += 1;
    if (down) stats.downScenarios = (stats.downScenarios ?? 0) + 1;
  }
  return stats;
}

/** One line for the console summary and the report's header; undefined when there is nothing to say. */
export function describeTraffic(stats: TrafficStats): string | undefined {
  const parts: string[] = [];
  if (stats.throttled > 0) {
    parts.push(`the target answered 429 ${stats.throttled} time${stats.throttled === 1 ? '' : 's'} in ${stats.throttledScenarios} scenario${stats.throttledScenarios === 1 ? '' : 's'}`
      + ` (${stats.retries} waited out and retried${stats.throttledFinal ? `, ${stats.throttledFinal} handed to the scenario or IdP` : ''})`);
  }
  if (stats.unavailableRetries > 0) {
    parts.push(`the target answered 503 with a Retry-After ${stats.unavailableRetries} time${stats.unavailableRetries === 1 ? '' : 's'} in ${stats.unavailableScenarios} scenario${stats.unavailableScenarios === 1 ? '' : 's'}`
      + ' (each waited out and the request sent again)');
  }
  if (stats.stillBusyScenarios > 0) {
    parts.push(`${stats.stillBusyScenarios} scenario${stats.stillBusyScenarios === 1 ? '' : 's'} met an answer that was still busy when the suite stopped waiting`
      + ' and went unjudged (UNSUPPORTED); run them again when the target is quiet, or with a lower --rate');
  }
  if (stats.downScenarios) {
    parts.push(`the target refused connections in ${stats.downScenarios} scenario${stats.downScenarios === 1 ? '' : 's'}, though it answered when the run began: it was down`
      + ' (a crash or a restart, perhaps brought on by a request just before), and those went unjudged (UNSUPPORTED); run them again once it is back');
  }
  const spent = stats.settleSpent ?? { checks: 0, ms: 0 };
  if (spent.checks > 0) {
    parts.push(`${spent.checks} check${spent.checks === 1 ? '' : 's'} read again for the whole settle time and still did not see the write (${(spent.ms / 1000).toFixed(1)} s in all):`
      + ' a write an SP shows late is no deviation, so each one that never shows costs that wait; against an SP that shows its writes at once, a lower --settle-ms spends less');
  }
  if (stats.redirected) {
    parts.push(`the target redirected ${stats.redirected} request${stats.redirected === 1 ? '' : 's'} (307 or 308), each sent again at the location it named on the same origin,`
      + ' as RFC 7644 §3.12 directs a client; each costs a round trip more, and the simulated IdPs do not follow one');
  }
  if (stats.tlsUnverified > 0) parts.push(`${stats.tlsUnverified} request${stats.tlsUnverified === 1 ? '' : 's'} went over https WITHOUT certificate verification (--insecure)`);
  return parts.length ? `Traffic: ${parts.join('; ')}.` : undefined;
}
