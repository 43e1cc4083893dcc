// The shapes the report area agrees on with the rest of the suite (conformance.json v1).
import type { Judges, Level, CatalogProfile } from '../catalog/catalog.js';
import type { SpProfile } from '../targets/target.js';

export type Result = 'PASS' | 'FAIL' | 'WARN' | 'BLOCKED' | 'UNSUPPORTED' | 'XFAIL' | 'XPASS' | 'NOT-APPLICABLE' | 'NOT-RUN';

export interface VariantVerdict {
  sp: SpProfile;
  /** The IdP dialect (`@idp:<dialect>` on the Examples), absent for rows no IdP plays. */
  idp?: string;
  /** Added: the verdict is about a SCIM *client* that certify-client recorded, judged by the `sp` profile's rules. */
  client?: true;
  result: Result;
  /** One line: why it failed, warned, was unsupported, or is a known deviation. */
  reason?: string;
  /** Names of the scenarios (pickles) that decided it, the worst first. */
  scenarios: string[];
  /** `feature-uri:line` of each of those scenarios, in the same order as they were judged (worst first). */
  locations?: string[];
  /** Time spent in its scenarios, all attempts (absent when nothing ran). Varies between runs: ignore it when comparing. */
  durationMs?: number;
  /** BLOCKED only: the catalogue id whose behaviour failed before this variant's judged step could run. */
  blockedBy?: string;
  /**
   * BLOCKED only: a row this run left out (`--req`, `--tags`) owns the failed step, so whether it is red is unknown and
   * this row is unjudged: the run gives no clean bill (exit 3).
   */
  blockedByRowNotRun?: true;
  /**
   * FAIL or WARN in a step another row owns, where that row was not red in the run: its id. `run --rerun-failed` runs
   * it again beside this one, since a row not run cannot say whether it would have blocked it.
   */
  failedInStepOf?: string;
  /** The baseline entry that turned a FAIL/WARN into XFAIL or a PASS into XPASS: its file and what it matched. */
  baseline?: { file: string; reason: string; link?: string; evidence?: { request: string; answer: string; scenario?: string } };
}

export interface RequirementVerdict {
  id: string;
  section: string;
  level: Level;
  profile: CatalogProfile;
  judges: Judges;
  /** The worst of its variants. */
  verdict: Result;
  variants: VariantVerdict[];
}

/**
 * A scenario with no catalogue id: a support engineer's `@reproduction` (the catalogue lint allows no other).
 * Judged on its own, since no row owns it: FAIL when it failed (and the run exits 1), WARN when it passed with a
 * should-level finding, UNSUPPORTED when the target lacks what it needs, BLOCKED when a step another row owns
 * failed and that row is red in this run (one deviation, one red row).
 */
export interface ReproductionVerdict {
  /** The scenario's name, and its `feature-uri:line`. */
  name: string;
  location: string;
  sp: SpProfile;
  result: 'PASS' | 'FAIL' | 'WARN' | 'BLOCKED' | 'UNSUPPORTED';
  reason?: string;
  durationMs?: number;
  /** BLOCKED only: the catalogue row whose deviation, red in this run, failed a step before the reproduction's own. */
  blockedBy?: string;
  /** As VariantVerdict's: the row that blocked it was not in this run. */
  blockedByRowNotRun?: true;
  /** As VariantVerdict's: the row that owns the failed step, not red in this run. */
  failedInStepOf?: string;
}

export interface RunInfo {
  version: string;
  seed: number;
  runId: string;
  target: { id: string; kind: string; scimBase: string };
  spProfile: SpProfile;
  startedAt: string;
  finishedAt?: string;
  tags?: string;
  /** Added: every name the run generated starts with (or carries) this, e.g. `scimc-k3j9x2-`. */
  namePrefix?: string;
  /** Added: `--sp-profile both`: the profiles whose verdicts the report holds as variants (spProfile is the first). */
  spProfiles?: SpProfile[];
  /** Added: the run was interrupted (Ctrl-C, exit 130); scenarios that had not finished are NOT-RUN. */
  interrupted?: boolean;
  /** Added: a certify-client run: the client judged (its User-Agents) and how many requests it sent. */
  client?: { userAgents: string[]; requests: number };
  /** Added: the run's traffic to the target: 429s met and requests sent without TLS verification (support/report/traffic.ts). */
  traffic?: import('./traffic.js').TrafficStats;
}

/** Added: what the run created on the target and what it could not delete (support/cli/sweep.ts). */
export interface CleanupInfo {
  namePrefix: string;
  created: number;
  leftAfterScenarios: number;
  sweptAtEnd: number;
  notDeleted: { type: 'User' | 'Group' | 'tenant'; id: string; name?: string; url: string; status?: number; answer: string }[];
  /** Of a few resources the SP answered DELETE 2xx for, those it still served by id at the end. Absent when none. */
  stillServed?: { type: 'User' | 'Group'; id: string; name?: string; url: string; status: number }[];
}

export interface ConformanceReport {
  schemaVersion: 1;
  run: RunInfo;
  requirements: RequirementVerdict[];
  /** Added: present when the run tracked what it created (runs since 0.2; absent in merged shards). */
  cleanup?: CleanupInfo;
  /** Added, optional (absent when none ran): the scenarios outside the catalogue that ran. */
  reproductions?: ReproductionVerdict[];
}
