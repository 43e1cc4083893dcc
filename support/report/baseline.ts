// Known deviations kept as data beside the tests (fixtures/expectations/<target>.yaml), never as edits to
// features: a listed failure becomes XFAIL, a listed pass XPASS (which fails the run until it is removed).
import { readFileSync } from 'node:fs';
import { UsageError } from '../targets/target.js';
import { parseYaml as parse, stringifyYaml as stringify } from '../catalog/yaml-data.js';
import { loadCatalog, type Catalog, type Requirement } from '../catalog/catalog.js';
import type { ConformanceReport, VariantVerdict } from './types.js';

export interface BaselineEntry {
  id: string;
  /** Only this IdP dialect's variant; absent = every variant of the id. */
  idp?: string;
  /** Only runs with this SP profile; absent = any profile. */
  sp?: 'aws' | 'rfc';
  reason: string;
  link?: string;
  /** What shows the deviation: the request, the SP's answer and the scenario that saw it. */
  evidence?: BaselineEvidence;
}

export interface BaselineEvidence { request: string; answer: string; scenario?: string }

export interface Baseline { file: string; target: string; entries: BaselineEntry[] }

/** A UsageError, so the CLI answers it with its one sentence and exit 2. */
export class BaselineError extends UsageError {
  constructor(message: string) { super(message); this.name = 'BaselineError'; }
}

const ENTRY_KEYS = new Set(['id', 'idp', 'sp', 'reason', 'link', 'evidence']);
const EVIDENCE_KEYS = new Set(['request', 'answer', 'scenario']);

/** Reads and checks a baseline; every error names the file and the entry that is wrong. */
export function loadBaseline(path: string, catalog: Catalog = loadCatalog()): Baseline {
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch (e) {
    throw new BaselineError(`baseline ${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let doc: unknown;
  try { doc = parse(text); } catch (e) {
    throw new BaselineError(`baseline ${path} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return checkBaseline(doc, path, catalog);
}

export function checkBaseline(doc: unknown, file: string, catalog: Catalog = loadCatalog()): Baseline {
  const fail = (what: string): never => { throw new BaselineError(`baseline ${file}: ${what}`); };
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) fail('expected a mapping with "target" and "entries"');
  const d = doc as Record<string, unknown>;
  if (typeof d.target !== 'string' || !d.target.trim()) fail('"target" must be a non-empty string naming the SP the baseline is for');
  if (d.entries === undefined || d.entries === null) d.entries = [];
  if (!Array.isArray(d.entries)) fail('"entries" must be a list');
  const entries = (d.entries as unknown[]).map((raw, i): BaselineEntry => {
    const at = `entry ${i + 1}`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail(`${at} must be a mapping with id and reason`);
    const e = raw as Record<string, unknown>;
    const name = typeof e.id === 'string' ? `${at} (${e.id})` : at;
    if (typeof e.id !== 'string' || !e.id) fail(`${at} has no "id"`);
    if (!catalog.byId.has(e.id as string)) fail(`${name} names an unknown requirement id`);
    if (typeof e.reason !== 'string' || !e.reason.trim()) fail(`${name} has no "reason": say why the deviation is accepted`);
    if (e.sp !== undefined && e.sp !== 'aws' && e.sp !== 'rfc') fail(`${name} has sp ${JSON.stringify(e.sp)}; expected aws or rfc`);
    if (e.idp !== undefined && (typeof e.idp !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(e.idp))) fail(`${name} has idp ${JSON.stringify(e.idp)}; expected a dialect such as okta-oin`);
    if (e.link !== undefined && typeof e.link !== 'string') fail(`${name} has a "link" that is not a string`);
    const unknown = Object.keys(e).filter((k) => !ENTRY_KEYS.has(k));
    if (unknown.length) fail(`${name} has unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (allowed: id, idp, sp, reason, link, evidence)`);
    const ev = e.evidence as Record<string, unknown> | undefined;
    if (ev !== undefined) {
      if (!ev || typeof ev !== 'object' || Array.isArray(ev)) fail(`${name} has an "evidence" that is not a mapping of request, answer and scenario`);
      const odd = Object.keys(ev).filter((k) => !EVIDENCE_KEYS.has(k) || typeof ev[k] !== 'string');
      if (odd.length || typeof ev.request !== 'string' || typeof ev.answer !== 'string') fail(`${name} has an "evidence" that needs request and answer as strings (and optionally scenario)`);
    }
    return { id: e.id as string, ...(e.idp ? { idp: e.idp as string } : {}), ...(e.sp ? { sp: e.sp as 'aws' | 'rfc' } : {}),
      reason: (e.reason as string).trim(), ...(e.link ? { link: e.link as string } : {}), ...(ev ? { evidence: ev as unknown as BaselineEvidence } : {}) };
  });
  return { file, target: d.target as string, entries };
}

export function matchEntry(baseline: Baseline, id: string, v: Pick<VariantVerdict, 'sp' | 'idp'>): BaselineEntry | undefined {
  const candidates = baseline.entries.filter((e) => e.id === id && (!e.sp || e.sp === v.sp) && (!e.idp || e.idp === v.idp));
  // an entry naming the dialect wins over one for every variant
  return candidates.find((e) => e.idp) ?? candidates[0];
}

const clip = (s: string, max = 200) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Turns a listed FAIL/WARN into XFAIL and a listed PASS into XPASS; other results stay as they are. */
export function applyBaseline(baseline: Baseline, req: Requirement, v: VariantVerdict): void {
  const entry = matchEntry(baseline, req.id, v);
  if (!entry) return;
  if (v.result === 'FAIL' || v.result === 'WARN') {
    const observed = v.reason;
    v.result = 'XFAIL';
    v.reason = clip(`known deviation: ${entry.reason}${entry.link ? ` (${entry.link})` : ''}${observed ? `; observed: ${observed}` : ''}`.replace(/\s+/g, ' '));
    v.baseline = { file: baseline.file, reason: entry.reason, ...(entry.link ? { link: entry.link } : {}), ...(entry.evidence ? { evidence: entry.evidence } : {}) };
  } else if (v.result === 'PASS') {
    v.result = 'XPASS';
    v.reason = clip(`listed as a known deviation in ${baseline.file} but passed: remove the entry`);
    v.baseline = { file: baseline.file, reason: entry.reason, ...(entry.link ? { link: entry.link } : {}) };
  }
}

/**
 * A starting baseline: every FAIL and WARN (and every XFAIL, so that regenerating from a run that already
 * used a baseline keeps its entries), reasons pre-filled from the verdicts. Review it before committing.
 */
export function baselineFrom(report: ConformanceReport): string {
  const entries: BaselineEntry[] = [];
  for (const r of report.requirements) {
    for (const v of r.variants) {
      if (v.result !== 'FAIL' && v.result !== 'WARN' && v.result !== 'XFAIL') continue;
      const reason = v.result === 'XFAIL' && v.baseline ? v.baseline.reason : `${v.result} (${r.level}): ${v.reason ?? 'no reason recorded'}`;
      const link = v.result === 'XFAIL' ? v.baseline?.link : undefined;
      entries.push({ id: r.id, ...(v.idp ? { idp: v.idp } : {}), sp: v.sp, reason, ...(link ? { link } : {}) });
    }
  }
  const header = [
    `# Known deviations of ${report.run.target.id}, written by \`scim-conformance report --baseline-from\``,
    `# from the run of ${report.run.startedAt} (${report.run.spProfile} profile).`,
    '# Each entry turns a FAIL or WARN of that requirement (and variant) into XFAIL; one that passes becomes',
    '# XPASS and fails the run until it is removed. Review every reason and add a link to the issue that tracks it.',
    '# Format: fixtures/expectations/README.md',
    '',
  ].join('\n');
  return header + stringify({ target: report.run.target.id, entries }, { lineWidth: 0 });
}
