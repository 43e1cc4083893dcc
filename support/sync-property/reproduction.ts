// A counterexample as a bug report: a `@reproduction` scenario in the features' own sentences (the history's
// steps, then one Then line per check of the SP's state, in the order the property checked them, so the
// replay stops at the same divergence), the transcript of the failing history beside it, and the evidence
// (fuzz-sync.json and fuzz-sync.html) that shows every history's outcome and the first divergence.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DialectProfile } from '../idp/profile.js';
import type { Catalog } from '../catalog/catalog.js';
import { firstDivergence, type HistoryResult } from './property.js';
import { sentence } from './vocabulary.js';
import { REDIRECT_SETUP, type FuzzOutcome } from './fuzz.js';

export interface ReproductionFiles { feature: string; transcript: string; then?: string }

const SETUP = new Set(['connect', 'include-groups']);

/** The scenario's lines (keyword and sentence), the steps first, then the checks. */
export function scenarioLines(profile: DialectProfile, r: HistoryResult): string[] {
  const idp = profile.vendor;
  const lines: string[] = [];
  let phase: 'Given' | 'When' | 'Then' | undefined;
  const say = (want: 'Given' | 'When' | 'Then', text: string) => { lines.push(`${phase === want ? 'And' : want} ${text}`); phase = want; };
  const done = r.stepError ? r.steps.slice(0, r.stepError.index + 1) : r.steps;
  for (const step of done) say(SETUP.has(step.kind) && phase !== 'When' ? 'Given' : 'When', sentence(step, idp));
  const seen = new Set<string>();
  for (const c of r.checks) if (c.then && !seen.has(c.then)) { seen.add(c.then); say('Then', c.then); }
  return lines;
}

/** Writes `<dir>/reproductions/<dialect>-<seed>.feature` and its transcript; returns their paths. */
export function writeReproduction(dir: string, profile: DialectProfile, r: HistoryResult, o: { seed: number; catalog: Catalog }): ReproductionFiles {
  const out = join(dir, 'reproductions');
  mkdirSync(out, { recursive: true });
  const base = `${profile.id}-${o.seed}`;
  const feature = join(out, `${base}.feature`);
  const transcript = join(out, `${base}.transcript.json`);
  const first = firstDivergence(r);
  // the row the dialect's data names as the owner of the diverging behaviour: the replay's report fails it
  const owner = first?.behaviour ? profile.owners[first.behaviour] : undefined;
  const level = owner ? o.catalog.byId.get(owner)?.level : undefined;
  const tags = ['@reproduction', '@fuzz-sync', `@idp:${profile.id}`, `@sp:${profile.spProfile}`, ...(owner && level ? [`@req:${owner}`, `@${level}`] : [])];
  const text = [
    `# Written by scim-conformance fuzz-sync (${profile.id}, seed ${o.seed}): the smallest history found that leaves the SP`,
    `# in a state ${profile.vendor} did not mean. Replay it against any target:`,
    `#   scim-conformance run --target <the same target> --sp-profile ${profile.spProfile} --features ${shown(feature)} --tags @reproduction`,
    tags.join(' '),
    `Feature: ${profile.vendor} (${profile.id}) history ${o.seed} leaves the service provider as ${profile.vendor} means it`,
    `  First divergence: ${oneLine(first?.message ?? 'none')}`,
    `  Transcript of the failing history (secrets redacted): ${base}.transcript.json`,
    '',
    `  Scenario: ${profile.vendor}'s history ${o.seed} converges (${profile.id})`,
    ...scenarioLines(profile, r).map((l) => `    ${l}`),
    '',
  ].join('\n');
  writeFileSync(feature, text);
  writeFileSync(transcript, `${JSON.stringify(r.transcript, null, 2)}\n`);
  return { feature, transcript, then: first?.then };
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
/** A path as the user would type it from here: relative below the working folder, absolute elsewhere. */
const shown = (path: string) => { const rel = relative(process.cwd(), path); return rel && !rel.startsWith('..') ? rel : path; };

export interface DialectEvidence extends Omit<FuzzOutcome, 'counterexample'> {
  spProfile: 'aws' | 'rfc';
  counterexample?: {
    history: string[];
    firstDivergence?: string;
    /** The scenario's line that fails first on replay (the check of the first divergence). */
    firstDivergenceThen?: string;
    divergences: string[];
    reproduction: string;
    transcript: string;
    exchanges: number;
  };
}

/** fuzz-sync.json and a small fuzz-sync.html beside it (conformance-style evidence). */
export function writeEvidence(dir: string, run: Record<string, unknown>, dialects: DialectEvidence[]): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'fuzz-sync.json');
  const html = join(dir, 'fuzz-sync.html');
  writeFileSync(json, `${JSON.stringify({ schemaVersion: 1, run, dialects }, null, 2)}\n`);
  const esc = (s: unknown) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const rows = dialects.map((d) => `<tr class="${d.converged ? 'pass' : 'fail'}"><td>${esc(d.dialect)}</td><td>${esc(d.spProfile)}</td><td>${d.converged ? 'converged' : d.setupError ? (d.setupError.startsWith(REDIRECT_SETUP) ? 'NOT JUDGED' : 'NOT CONNECTED') : 'COUNTEREXAMPLE'}</td>`
    + `<td>${d.historiesRun}</td><td>${d.runsToFind ?? ''}</td><td>${d.shrinks}</td><td>${(d.ms / 1000).toFixed(1)} s</td></tr>`
    + (d.setupError ? `<tr><td colspan="7">${d.setupError.startsWith(REDIRECT_SETUP) ? 'No history can be judged' : 'Could not connect, so no history ran'}: ${esc(d.setupError)}</td></tr>` : '')
    + (d.counterexample ? `<tr><td colspan="7"><p><strong>First divergence:</strong> ${esc(d.counterexample.firstDivergence ?? '')}</p>`
      + `<ol>${d.counterexample.history.map((h) => `<li>${esc(h)}</li>`).join('')}</ol>`
      + `<p>Reproduction: <code>${esc(d.counterexample.reproduction)}</code> · transcript: <code>${esc(d.counterexample.transcript)}</code></p></td></tr>` : '')).join('\n');
  writeFileSync(html, `<!doctype html><meta charset="utf-8"><title>scim-conformance fuzz-sync</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
tr.pass td:nth-child(3){color:#176117}tr.fail td:nth-child(3){color:#a31515;font-weight:bold}code{font-size:12px}</style>
<h1>Sync convergence (fuzz-sync)</h1>
<p>Seed ${esc(run.seed)} · ${esc(run.runs)} histories of up to ${esc(run.steps)} steps per dialect · target ${esc((run.target as { id?: string })?.id ?? '')}</p>
<table><tr><th>dialect</th><th>SP profile</th><th>result</th><th>histories run</th><th>found after</th><th>shrinks</th><th>time</th></tr>
${rows}
</table>
`);
  return { json, html };
}
