// Reads a message stream into test cases: per pickle, its attempts, each with its steps, outcome and the
// evidence attached to it (transcript, mock IdP log, the reason a capability was missing). Everything the
// verdicts and the HTML need comes from here, so a merged stream and a single run read the same way.
import type { Exchange } from '../scim/exchange.js';
import { ASIDE_MEDIA_TYPE, FINDING_MEDIA_TYPE, IDP_LOG_MEDIA_TYPE, OWNER_MEDIA_TYPE, SETTLE_SPENT_MEDIA_TYPE, TRANSCRIPT_MEDIA_TYPE, UNSUPPORTED_MEDIA_TYPE } from '../scim/exchange.js';
import { attachmentText, durationMs, toMillis, type Envelope, type Pickle, type Status, type TestStepResult } from './messages.js';

export interface IdpLogLine { at: string; vendor: string; level: string; message: string }

export interface StepRecord {
  kind: 'step' | 'hook';
  keyword: string;
  text: string;
  status: Status;
  ms: number;
  /** The whole error message of a failed step (stack traces removed). */
  message?: string;
  exceptionType?: string;
  argument?: string;
}

export interface AttemptRecord {
  testCaseStartedId: string;
  attempt: number;
  finished: boolean;
  status: Status;
  startedAt: number;
  ms: number;
  steps: StepRecord[];
  transcript: Exchange[];
  idpLog: IdpLogLine[];
  /** Text of the UNSUPPORTED attachment, when a capability was missing. */
  unsupported?: string;
  /** The catalogue id that owns the behaviour of the failed step (set by the step that failed). */
  owner?: string;
  /** Should-level findings of a scenario that otherwise passed. */
  findings: string[];
  /** Checks another row owns that failed in passing, the scenario going on (ScenarioContext.asides). */
  asides: { owner: string; message: string }[];
  /** Plain-text attachments (this.log): the data seed and the like. */
  notes: string[];
  /** Milliseconds each settle wait spent before its expectation still did not hold (settle.ts). */
  settleSpentMs: number[];
}

export interface CaseRecord {
  /** Stable across runs and shards: `uri:line`. */
  key: string;
  pickle: Pickle;
  uri: string;
  line: number;
  tags: string[];
  reqs: string[];
  idps: string[];
  sps: string[];
  attempts: AttemptRecord[];
}

export interface RunIndex {
  /** Every pickle of the stream (run or not), deduplicated by location, ordered by uri and line. */
  cases: CaseRecord[];
}

const STATUS_RANK: Record<Status, number> = { UNKNOWN: 0, PASSED: 1, SKIPPED: 2, PENDING: 3, UNDEFINED: 4, AMBIGUOUS: 5, FAILED: 6 };
export function worstStatus(statuses: Status[]): Status {
  return statuses.reduce<Status>((w, s) => (STATUS_RANK[s] > STATUS_RANK[w] ? s : w), statuses.length ? 'PASSED' : 'UNKNOWN');
}

export function tagValues(tags: string[], prefix: string): string[] {
  return tags.filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length));
}

function stripStack(message: string): string {
  return message.split('\n').filter((l) => !/^\s+at .+/.test(l)).join('\n').trimEnd();
}

function stepKeywords(envelopes: Envelope[]): Map<string, string> {
  const keywords = new Map<string, string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o.id === 'string' && typeof o.keyword === 'string' && typeof o.text === 'string') keywords.set(o.id, o.keyword);
    for (const v of Object.values(o)) if (v && typeof v === 'object') walk(v);
  };
  for (const e of envelopes) if (e.gherkinDocument) walk(e.gherkinDocument.feature);
  return keywords;
}

function parseJsonArray<T>(text: string): T[] {
  try { const v = JSON.parse(text); return Array.isArray(v) ? (v as T[]) : []; } catch { return []; }
}

export function indexRun(envelopes: Envelope[]): RunIndex {
  const keywords = stepKeywords(envelopes);
  const pickles = new Map<string, Pickle>();
  const hooks = new Map<string, { name?: string; type?: string }>();
  const testCases = new Map<string, { pickleId: string; steps: Map<string, { pickleStepId?: string; hookId?: string; index: number }> }>();
  const attempts = new Map<string, AttemptRecord & { testCaseId: string; stepById: Map<string, StepRecord> }>();

  for (const e of envelopes) {
    if (e.pickle) pickles.set(e.pickle.id, e.pickle);
    else if (e.hook) hooks.set(e.hook.id, e.hook);
    else if (e.testCase) {
      const steps = new Map(e.testCase.testSteps.map((s, index) => [s.id, { pickleStepId: s.pickleStepId, hookId: s.hookId, index }]));
      testCases.set(e.testCase.id, { pickleId: e.testCase.pickleId, steps });
    } else if (e.testCaseStarted) {
      const s = e.testCaseStarted;
      const tc = testCases.get(s.testCaseId);
      const pickle = tc && pickles.get(tc.pickleId);
      const stepById = new Map<string, StepRecord>();
      const steps: StepRecord[] = [];
      if (tc && pickle) {
        const pickleSteps = new Map(pickle.steps.map((p) => [p.id, p]));
        const ordered = [...tc.steps.entries()].sort((a, b) => a[1].index - b[1].index);
        const firstStep = ordered.findIndex(([, t]) => t.pickleStepId);
        ordered.forEach(([id, t], i) => {
          let record: StepRecord;
          if (t.pickleStepId) {
            const ps = pickleSteps.get(t.pickleStepId);
            const arg = ps?.argument?.docString?.content
              ?? ps?.argument?.dataTable?.rows.map((r) => `| ${r.cells.map((c) => c.value).join(' | ')} |`).join('\n');
            record = { kind: 'step', keyword: (ps && keywords.get(ps.astNodeIds[0])?.trim()) ?? '*', text: ps?.text ?? '?', status: 'UNKNOWN', ms: 0, argument: arg };
          } else {
            const hook = t.hookId ? hooks.get(t.hookId) : undefined;
            const before = firstStep === -1 ? hook?.type !== 'AFTER_TEST_CASE' : i < firstStep;
            record = { kind: 'hook', keyword: before ? 'Before' : 'After', text: hook?.name ?? (before ? 'setting up the scenario' : 'cleaning up after the scenario'), status: 'UNKNOWN', ms: 0 };
          }
          stepById.set(id, record);
          steps.push(record);
        });
      }
      attempts.set(s.id, { testCaseStartedId: s.id, testCaseId: s.testCaseId, attempt: s.attempt, finished: false, status: 'UNKNOWN',
        startedAt: toMillis(s.timestamp), ms: 0, steps, stepById, transcript: [], idpLog: [], notes: [], findings: [], asides: [], settleSpentMs: [] });
    } else if (e.testStepFinished) {
      const f = e.testStepFinished;
      const a = attempts.get(f.testCaseStartedId);
      const step = a?.stepById.get(f.testStepId);
      if (step) applyResult(step, f.testStepResult);
    } else if (e.testCaseFinished) {
      const a = attempts.get(e.testCaseFinished.testCaseStartedId);
      if (a) { a.finished = true; a.ms = toMillis(e.testCaseFinished.timestamp) - a.startedAt; }
    } else if (e.attachment?.testCaseStartedId) {
      const a = attempts.get(e.attachment.testCaseStartedId);
      if (!a) continue;
      const text = attachmentText(e.attachment);
      const type = e.attachment.mediaType;
      if (type === TRANSCRIPT_MEDIA_TYPE) a.transcript.push(...parseJsonArray<Exchange>(text));
      else if (type === IDP_LOG_MEDIA_TYPE) a.idpLog.push(...parseJsonArray<IdpLogLine>(text));
      else if (type === UNSUPPORTED_MEDIA_TYPE) a.unsupported = a.unsupported ?? text.trim();
      else if (type === OWNER_MEDIA_TYPE) a.owner = a.owner ?? text.trim();
      else if (type === FINDING_MEDIA_TYPE) a.findings.push(text.trim());
      else if (type === ASIDE_MEDIA_TYPE) a.asides.push(...parseJsonArray<{ owner: string; message: string }>(text).filter((x) => typeof x?.owner === 'string' && typeof x.message === 'string'));
      else if (type === SETTLE_SPENT_MEDIA_TYPE) a.settleSpentMs.push(...parseJsonArray<number>(text).filter((ms) => typeof ms === 'number'));
      else if (type.startsWith('text/')) a.notes.push(text);
    }
  }

  const byPickle = new Map<string, AttemptRecord[]>();
  for (const a of attempts.values()) {
    a.status = worstStatus(a.steps.map((s) => s.status));
    const pickleId = testCases.get(a.testCaseId)?.pickleId;
    if (!pickleId) continue;
    const { stepById: _s, testCaseId: _t, ...record } = a;
    byPickle.set(pickleId, [...(byPickle.get(pickleId) ?? []), record]);
  }

  // One record per location: a merged stream may carry the same pickle once per shard (run in one, not in
  // the others); the copies that ran are kept together.
  const cases = new Map<string, CaseRecord>();
  for (const pickle of pickles.values()) {
    const line = pickle.location?.line ?? 0;
    const key = `${pickle.uri}:${line}${pickle.location ? '' : `:${pickle.name}`}`;
    const ran = (byPickle.get(pickle.id) ?? []).sort((x, y) => x.attempt - y.attempt || x.startedAt - y.startedAt);
    const existing = cases.get(key);
    if (existing) { existing.attempts.push(...ran); continue; }
    const tags = [...new Set(pickle.tags.map((t) => t.name))];
    cases.set(key, { key, pickle, uri: pickle.uri, line, tags, reqs: tagValues(tags, '@req:'), idps: tagValues(tags, '@idp:'),
      sps: tagValues(tags, '@sp:'), attempts: ran });
  }
  return { cases: [...cases.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.line - b.line)) };
}

function applyResult(step: StepRecord, result: TestStepResult): void {
  step.status = result.status;
  step.ms = durationMs(result.duration);
  const raw = result.exception?.message ?? result.message;
  if (raw) step.message = stripStack(raw);
  if (result.exception?.type) step.exceptionType = result.exception.type;
}
