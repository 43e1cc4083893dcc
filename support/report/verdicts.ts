// Test cases → one verdict per requirement × variant, then the requirement's verdict and the exit code.
import { appliesTo, type Catalog, type Requirement } from '../catalog/catalog.js';
import type { SpProfile } from '../targets/target.js';
import { indexRun, type AttemptRecord, type CaseRecord, type RunIndex, type StepRecord } from './analyse.js';
import { applyBaseline, type Baseline } from './baseline.js';
import type { Envelope } from './messages.js';
import { REDIRECT_NOTE, STILL_BUSY_NOTE, TARGET_DOWN_NOTE } from '../scim/exchange.js';
import type { ConformanceReport, ReproductionVerdict, RequirementVerdict, Result, RunInfo, VariantVerdict } from './types.js';

/**
 * Worst first. FAIL and XPASS both fail the run; FAIL leads because it is a defect in the SP, while an
 * XPASS is a stale baseline entry (good news that needs a file edited). WARN is a deviation nobody has
 * accepted yet, so it outranks XFAIL, a deviation already known and accepted. XFAIL outranks BLOCKED: a
 * known deviation is evidence against the SP, while BLOCKED says only that another row's deviation kept
 * this one from being checked (that row is red itself). BLOCKED outranks UNSUPPORTED, because it points at
 * a deviation, and UNSUPPORTED ("could not check here") is no evidence either way.
 * UNSUPPORTED outranks PASS so that a requirement is never shown as passed while one of its variants could
 * not be checked. NOT-RUN and NOT-APPLICABLE carry no evidence at all and only show when nothing else does;
 * NOT-RUN outranks NOT-APPLICABLE because it can be fixed by running more.
 */
export const RESULT_ORDER: readonly Result[] = ['FAIL', 'XPASS', 'WARN', 'XFAIL', 'BLOCKED', 'UNSUPPORTED', 'PASS', 'NOT-RUN', 'NOT-APPLICABLE'];
const RANK = new Map(RESULT_ORDER.map((r, i) => [r, RESULT_ORDER.length - i]));

export function rank(r: Result): number { return RANK.get(r) ?? 0; }
export function worst(results: Result[]): Result {
  return results.reduce<Result>((w, r) => (rank(r) > rank(w) ? r : w), 'NOT-APPLICABLE');
}

export const REASON_MAX = 200;
export function oneLine(text: string, max = REASON_MAX): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The words of an error that a reader needs: its first line, or the lines after a heading like node's "Expected values to be strictly equal:". */
function firstLine(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter(Boolean);
  if (!lines.length) return '';
  let first = lines[0].replace(/^(Error|AssertionError(?: \[[A-Z_]+\])?|ExpectationFailed|TypeError|RangeError):\s*/, '');
  if (first.endsWith(':') && lines.length > 1) first = `${first} ${lines.slice(1, 4).join(' ')}`;
  return first;
}

/**
 * The step text helps when the error alone does not say what was being checked: anything but the suite's
 * own expectations (ExpectationFailed, written as one-line bug reports) gets it as a prefix.
 */
function describeStep(step: StepRecord): string {
  const text = step.kind === 'hook' ? `${step.keyword} hook (${step.text})` : `${step.keyword} ${step.text}`;
  switch (step.status) {
    // a feature a user wrote (a reproduction) may hold a typo; the suite's own all run in its tests (embedded.test.ts)
    case 'UNDEFINED': return `the step "${step.text}" has no definition: a typo in the feature, or a step the suite does not have (features/reproductions/README.md lists a reproduction's steps)`;
    case 'AMBIGUOUS': return `suite bug: the step "${step.text}" matches more than one definition`;
    case 'PENDING': return `suite bug: the step "${step.text}" is pending`;
    default: {
      const msg = firstLine(step.message ?? '') || 'failed without a message';
      return step.exceptionType === 'ExpectationFailed' ? msg : `${text}: ${msg}`;
    }
  }
}

type Aside = AttemptRecord['asides'][number];
type Outcome = { result: 'PASS' | 'PROBLEM' | 'UNSUPPORTED'; reason?: string; owner?: string; findings?: string[]; asides?: Aside[] };

function attemptOutcome(a: AttemptRecord): Outcome {
  if (!a.finished) return { result: 'PROBLEM', reason: 'the scenario did not finish (the run was interrupted)' };
  switch (a.status) {
    case 'PASSED': return { result: 'PASS', ...(a.findings.length ? { findings: a.findings } : {}), ...(a.asides.length ? { asides: a.asides } : {}) };
    case 'SKIPPED': return { result: 'UNSUPPORTED', reason: a.unsupported ?? 'skipped without a reason (a suite bug: a skip should say which capability is missing)' };
    case 'UNKNOWN': return { result: 'PROBLEM', reason: 'suite bug: the scenario ran no steps' };
    default: {
      const bad = a.steps.find((s) => s.status === a.status)!;
      return { result: 'PROBLEM', reason: describeStep(bad), ...(a.owner && a.status === 'FAILED' ? { owner: a.owner } : {}) };
    }
  }
}

/**
 * Retries never turn a failure into a pass: when any attempt failed the case stays failed. If a later
 * attempt passed the reason starts with "flaky" and gives the failure seen; otherwise it is the last
 * attempt's failure.
 */
export function caseOutcome(c: CaseRecord): Outcome & { last: AttemptRecord } {
  const attempts = c.attempts;
  const last = attempts[attempts.length - 1];
  const outcomes = attempts.map(attemptOutcome);
  const lastOutcome = outcomes[outcomes.length - 1];
  const failedAt = outcomes.map((o, i) => (o.result === 'PROBLEM' ? i : -1)).filter((i) => i >= 0);
  if (failedAt.length && lastOutcome.result !== 'PROBLEM') {
    const i = failedAt[failedAt.length - 1];
    return { result: 'PROBLEM', reason: `flaky: attempt ${i + 1} of ${attempts.length} failed, a retry passed; ${outcomes[i].reason}`, last };
  }
  return { ...lastOutcome, last };
}

function problemResult(req: Requirement): Result {
  return req.level === 'should' ? 'WARN' : 'FAIL';
}

interface Slot { idp?: string; cases: CaseRecord[] }

/**
 * Whether a failure in a step another row owns may be shown as BLOCKED by that row. Such a verdict promises
 * that the owner is red, so it holds only where the owner is red in this run (or was not run, or is not in
 * the catalogue, when nothing here can say): where the owner passed or could not be checked, the failure
 * is the scenario's own (an IdP that needs a capability the SP lawfully lacks, a deviation only this
 * scenario's request reaches), and the row is judged on it.
 */
type BlockRule = (owner: string) => { blocks: true; ownerNotRun?: true; ownerUnjudged?: true } | { blocks: false; ownerVerdict: Result };
const ALWAYS_BLOCKS: BlockRule = () => ({ blocks: true });
const RED: ReadonlySet<Result> = new Set(['FAIL', 'WARN', 'BLOCKED']);

/** One scenario's verdict, and which other row it names. */
type Judged = { result: Result; reason?: string; blockedBy?: string; blockedByRowNotRun?: true; failedInStepOf?: string };

/**
 * One scenario's judgement: `problem` for its own failure (FAIL, or WARN for a should row). One deviation, one red
 * row: a failure in a behaviour another row owns (setup, a shared step) blocks this scenario where that row is red;
 * where it is not, the failure is the scenario's own. A check another row owns that failed in passing (aside.ts) is
 * judged the same way, except that where its owner is red the scenario is judged on its own checks, which ran. A
 * passed scenario with should-level findings (a check beyond the clause's MUST) is WARN.
 */
function judgeCase(c: CaseRecord, problem: Result, blockRule: BlockRule): Judged {
  const o = caseOutcome(c);
  /** A failure in `what` another row owns, judged by that row's verdict; `ownerUnknown`: left out or unjudged in this run. */
  const byOwner = (owner: string, what: string, reason: string): { judged: Judged; ownerUnknown: boolean } => {
    const rule = blockRule(owner);
    // an owner this run left out cannot say whether the failure is its own: the reader is told how to find out
    const unknown = rule.blocks && rule.ownerNotRun ? ' (not in this run: run it too to tell whose failure this is)'
      : rule.blocks && rule.ownerUnjudged ? ' (not judged in this run: the target was down or still busy; run it again to tell whose failure this is)' : '';
    if (rule.blocks) {
      return { judged: { result: 'BLOCKED', reason: `blocked by ${owner}${unknown}: ${reason}`, blockedBy: owner, ...(rule.ownerNotRun ? { blockedByRowNotRun: true as const } : {}) },
        ownerUnknown: Boolean(unknown) };
    }
    return { judged: { result: problem, reason: `failed in ${what} ${owner} owns, though ${owner} is ${rule.ownerVerdict} in this run, so the failure is this row's: ${reason}`, failedInStepOf: owner }, ownerUnknown: false };
  };
  if (o.result === 'PROBLEM' && o.owner) {
    // owners asked in turn (actor.ts Owner): the first red one blocks; the scenario's own row makes the failure its own
    const owners = o.owner.split('|');
    const decisive = owners.find((owner) => c.reqs.includes(owner) || blockRule(owner).blocks) ?? owners[owners.length - 1]!;
    if (!c.reqs.includes(decisive)) return byOwner(decisive, 'a step', o.reason ?? '').judged;
  }
  if (o.result === 'PASS') {
    // checks another row owns that failed in passing (aside.ts): a red owner's deviation leaves this row judged on
    // its own checks, which all passed; an owner that passed, or could not say, decides as a failed owned step does
    const asides = (o.asides ?? []).map((a) => ({ a, ...byOwner(a.owner, 'a check', a.message) }));
    const decisive = asides.find((x) => x.judged.result !== 'BLOCKED') ?? asides.find((x) => x.ownerUnknown);
    if (decisive) return decisive.judged;
    const seen = asides.length ? `; passed its own checks; ${asides.map((x) => `a check ${x.a.owner} owns (red in this run) failed here too: ${x.a.message}`).join('; ')}` : '';
    if (o.findings?.length) return { result: 'WARN', reason: `should: ${o.findings.join('; ')}${seen}` };
    return { result: 'PASS', ...(seen ? { reason: seen.slice(2) } : {}) };
  }
  return { result: o.result === 'PROBLEM' ? problem : o.result, reason: o.reason };
}

function variantsFor(req: Requirement, cases: CaseRecord[], sp: SpProfile, blockRule: BlockRule): VariantVerdict[] {
  const slots = new Map<string, Slot>();
  for (const c of cases) {
    if (c.sps.length && !c.sps.includes(sp)) continue;           // an @sp:<other> scenario is not this run's
    for (const idp of c.idps.length ? c.idps : [undefined]) {
      const k = idp ?? '';
      if (!slots.has(k)) slots.set(k, { idp, cases: [] });
      slots.get(k)!.cases.push(c);
    }
  }
  if (!slots.size) return [{ sp, result: 'NOT-RUN', reason: 'no scenario for this requirement was part of the run', scenarios: [] }];

  return [...slots.values()].sort((a, b) => (a.idp ?? '').localeCompare(b.idp ?? '')).map((slot) => {
    const ran = slot.cases.filter((c) => c.attempts.length);
    const v: VariantVerdict = { sp, ...(slot.idp ? { idp: slot.idp } : {}), result: 'NOT-RUN', scenarios: [], locations: [] };
    if (!ran.length) {
      v.reason = 'left out of this run (--tags or a shard)';
      v.scenarios = unique(slot.cases.map((c) => c.pickle.name));
      v.locations = slot.cases.map((c) => c.key);
      return v;
    }
    const judged = ran.map((c) => ({ c, ...judgeCase(c, problemResult(req), blockRule) }));
    // worst first, then by location; stable for a merged stream. Among passes, one with a note (a check another
    // row owns that failed in passing) leads, so the note is read.
    judged.sort((x, y) => rank(y.result) - rank(x.result) || Number(Boolean(y.reason)) - Number(Boolean(x.reason)));
    const top = judged[0];
    const sameWorst = judged.filter((j) => j.result === top.result && (top.result !== 'PASS' || j.reason)).length;
    v.result = top.result;
    if (top.blockedBy) v.blockedBy = top.blockedBy;
    if (top.result === 'BLOCKED' && judged.some((j) => j.result === 'BLOCKED' && j.blockedByRowNotRun)) v.blockedByRowNotRun = true;
    if (top.failedInStepOf) v.failedInStepOf = top.failedInStepOf;
    if (top.reason) v.reason = oneLine(sameWorst > 1 && top.result !== 'UNSUPPORTED' ? `${top.reason} (and ${sameWorst - 1} more scenario${sameWorst > 2 ? 's' : ''})` : top.reason);
    // Within one variant, scenarios are several ways of checking the same behaviour (the admin API, the
    // reference's console in a browser). One that passed is evidence; siblings that could not run here
    // leave it PASS, with a note, rather than hide the evidence behind UNSUPPORTED.
    const passed = judged.filter((j) => j.result === 'PASS').length;
    if (top.result === 'UNSUPPORTED' && passed > 0) {
      v.result = 'PASS';
      v.reason = oneLine(`passed; ${sameWorst} more scenario${sameWorst > 1 ? 's' : ''} could not run here: ${top.reason ?? 'unsupported'}`);
    }
    v.scenarios = unique(judged.map((j) => j.c.pickle.name));
    v.locations = judged.map((j) => j.c.key);
    v.durationMs = Math.round(ran.reduce((sum, c) => sum + c.attempts.reduce((s, a) => s + a.ms, 0), 0));
    return v;
  });
}

function unique<T>(xs: T[]): T[] { return [...new Set(xs)]; }

/** The report of one run (or of merged shards, which read the same). */
export function buildReport(envelopes: Envelope[] | RunIndex, catalog: Catalog, run: RunInfo, baseline?: Baseline): ConformanceReport {
  const index = Array.isArray(envelopes) ? indexRun(envelopes) : envelopes;
  const byReq = new Map<string, CaseRecord[]>();
  for (const c of index.cases) for (const id of c.reqs) byReq.set(id, [...(byReq.get(id) ?? []), c]);

  const judge = (req: Requirement, blockRule: BlockRule): VariantVerdict[] =>
    // a client row judges a SCIM client (certify-client's reports), never the SP a run certifies
    req.judges === 'client'
      ? [{ sp: run.spProfile, result: 'NOT-APPLICABLE', reason: 'judged on a SCIM client by certify-client, not on an SP', scenarios: [] }]
      : appliesTo(req, run.spProfile)
      ? variantsFor(req, byReq.get(req.id) ?? [], run.spProfile, blockRule)
      : [{ sp: run.spProfile, result: 'NOT-APPLICABLE', reason: `applies to the ${req.profile} profile only; this run used ${run.spProfile}`, scenarios: [] }];
  // Two passes: the first finds which rows are red; the second lets only those block others. Turning a
  // BLOCKED into the row's own FAIL or WARN keeps that row red, so one more pass settles it.
  const verdictOf = new Map(catalog.requirements.map((req) => [req.id, worst(judge(req, ALWAYS_BLOCKS).map((v) => v.result))]));
  // an owner left UNSUPPORTED because the target was down or busy, or redirected, when its scenarios ran says nothing either way
  const unjudged = new Set(index.cases.filter((c) => c.attempts.some((a) => [TARGET_DOWN_NOTE, STILL_BUSY_NOTE, REDIRECT_NOTE].some((n) => a.unsupported?.startsWith(n)))).flatMap((c) => c.reqs));
  const blockRule: BlockRule = (owner) => {
    const ownerVerdict = verdictOf.get(owner);
    if (ownerVerdict === 'NOT-RUN') return { blocks: true, ownerNotRun: true };
    if (ownerVerdict === 'UNSUPPORTED' && unjudged.has(owner)) return { blocks: true, ownerUnjudged: true };
    return ownerVerdict === undefined || RED.has(ownerVerdict) ? { blocks: true } : { blocks: false, ownerVerdict };
  };
  const requirements: RequirementVerdict[] = catalog.requirements.map((req) => {
    const variants = judge(req, blockRule);
    if (baseline) for (const v of variants) applyBaseline(baseline, req, v);
    return { id: req.id, section: req.section, level: req.level, profile: req.profile, judges: req.judges,
      verdict: worst(variants.map((v) => v.result)), variants };
  });
  const reproductions = reproductionsOf(index, run.spProfile, blockRule);
  return { schemaVersion: 1, run, requirements, ...(reproductions.length ? { reproductions } : {}) };
}

/** The scenarios without a catalogue id that ran (reproductions), each judged on its own outcome. */
function reproductionsOf(index: RunIndex, sp: SpProfile, blockRule: BlockRule): ReproductionVerdict[] {
  return index.cases.filter((c) => !c.reqs.length && c.attempts.length).map((c) => {
    const { result, reason, blockedBy, blockedByRowNotRun, failedInStepOf } = judgeCase(c, 'FAIL', blockRule);
    return { name: c.pickle.name, location: c.key, sp, result: result as ReproductionVerdict['result'], ...(reason ? { reason: oneLine(reason) } : {}),
      durationMs: Math.round(c.attempts.reduce((s, a) => s + a.ms, 0)), ...(blockedBy ? { blockedBy } : {}), ...(blockedByRowNotRun ? { blockedByRowNotRun } : {}),
      ...(failedInStepOf ? { failedInStepOf } : {}) };
  });
}

/**
 * 1 when an SP-judged must-level variant failed, a baseline entry passed (XPASS), or a reproduction failed (the bug it
 * records is there); IdP-judged rows never decide it. Else 3 where rows went unjudged (incompleteBecause): no clean
 * bill. Else 0.
 */
export function exitCodeFor(report: ConformanceReport): 0 | 1 | 3 {
  if (report.reproductions?.some((r) => r.result === 'FAIL')) return 1;
  for (const r of report.requirements) {
    if (r.judges === 'IdP') continue; // the harness's own checks never decide; SP rows and certify-client's client rows do
    for (const v of r.variants) {
      if (v.result === 'XPASS') return 1;
      if (v.result === 'FAIL' && r.level === 'must') return 1;
    }
  }
  return incompleteBecause(report) ? 3 : 0;
}

/**
 * Why the run gives no clean bill though no must-level rule failed, or undefined: the target went down mid-run, a
 * row (or reproduction) is BLOCKED by a row the run left out, which may be red or not (a `--req` of one row whose
 * setup met a server failure that another row owns), or an SP row is BLOCKED by a red row judged on the mock IdP.
 */
export function incompleteBecause(report: ConformanceReport): string | undefined {
  if (report.run.traffic?.downScenarios) return 'the target went down mid-run';
  const owners = new Set<string>();
  // a row judged on the mock IdP never decides the exit code, so an SP row it blocked would pass the run unjudged:
  // OL-GROUP-01 red where an SP refuses OneLogin's membership PATCH blocks OneLogin's other group rows
  const idpJudged = new Set(report.requirements.filter((r) => r.judges === 'IdP').map((r) => r.id));
  const byIdpRows = new Set<string>();
  const note = (v: { result: string; blockedBy?: string; blockedByRowNotRun?: true }): void => {
    if (v.result !== 'BLOCKED' || !v.blockedBy) return;
    if (v.blockedByRowNotRun) owners.add(v.blockedBy);
    else if (idpJudged.has(v.blockedBy)) byIdpRows.add(v.blockedBy);
  };
  for (const r of report.requirements) if (r.judges !== 'IdP') r.variants.forEach(note);
  (report.reproductions ?? []).forEach(note);
  if (owners.size) {
    const named = [...owners].sort();
    return `a row was blocked by ${named.length === 1 ? 'a row' : 'rows'} this run left out (${named.join(', ')}): run ${named.length === 1 ? 'it' : 'them'} too to judge it`;
  }
  if (byIdpRows.size) {
    const named = [...byIdpRows].sort();
    return `a row judged on the SP was blocked by ${named.join(', ')}, red but judged on the mock IdP (which never decides the exit code), so the SP row is unjudged`;
  }
  return undefined;
}

/** Requirement ids that unknown tags name: worth a warning in the summary (the catalogue lint fails on them). */
export function unknownRequirementTags(index: RunIndex, catalog: Catalog): string[] {
  return unique(index.cases.flatMap((c) => c.reqs).filter((id) => !catalog.byId.has(id))).sort();
}
