// scim-conformance list [--format text|json] [--tags EXPR]: the catalogue's ids with level, profile, judges,
// title and source links, optionally only the rows a tag expression selects.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import { loadCatalog, retiredNote, sourceLinks, type Catalog, type Requirement } from '../catalog/catalog.js';
import { UsageError } from '../targets/target.js';
import { EXIT } from './exit-codes.js';
import { helpText, parseWithConfig, type OptionSpecs } from './options.js';
import { PACKAGE_ROOT } from './paths.js';

export const LIST_OPTIONS: OptionSpecs = {
  format: { type: 'string', arg: 'text|json', help: 'text (default) or json' },
  tags: { type: 'string', arg: 'EXPR', help: "only the rows a tag expression selects, e.g. '@must and not @judges:idp'" },
  help: { type: 'boolean', short: 'h', help: 'this help' },
};
export const listHelp = () => helpText('list', 'the requirements catalogue: id, level, profile, judges, title and sources', LIST_OPTIONS,
  ['Each row is matched with its own tags (@req:ID, @must|@should|@may, @sp:aws|@sp:rfc, @judges:idp, @section:AP) and the tags of its scenarios.',
    'Retired ids follow the rows, each with the version that retired it and the id that holds its checks now (ids are never reused).']);

export interface ListedSource { label: string; url: string }
export interface ListedRequirement {
  id: string; section: string; level: string; profile: string; judges: string; title: string; sources: ListedSource[];
  /** Where this project's copy of the row departs from the source catalogue's, and why. */
  revised?: { date: string; why: string };
}
/** An id that left the catalogue: listed so that a pipeline naming it learns where its checks went. */
export interface ListedRetired { id: string; retired: { version: string; replacedBy?: string; reason: string }; note: string }

/** The title of a row: the first sentence of its behaviour. */
export function titleOf(req: Requirement): string {
  const text = req.behaviour.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.;:])(\s|$)/.exec(text);
  const first = (m ? m[1] : text).replace(/[.;:]$/, '');
  return first.length > 140 ? `${first.slice(0, 139)}…` : first;
}

/**
 * Source links of a row. The sources registry (support/catalog/sources.ts `sourcesOf(id)`) is used when it is
 * there; otherwise the catalogue's own rfc/seed references. This is the one hook to change.
 */
export async function sourcesResolver(): Promise<(req: Requirement) => ListedSource[]> {
  const specifier = '../catalog/sources.js';
  try {
    const mod = await import(specifier) as { sourcesOf?: (id: string) => { key?: string; title: string; url: string }[] };
    if (typeof mod.sourcesOf === 'function') {
      const sourcesOf = mod.sourcesOf;
      return (req) => { try { return sourcesOf(req.id).map((l) => ({ label: l.title, url: l.url })); } catch { return fallback(req); } };
    }
  } catch { /* no registry yet */ }
  return fallback;
}
const fallback = (req: Requirement): ListedSource[] => sourceLinks(req).map((l) => ({ label: l.label, url: l.href }));

/** The tags on the lines that carry `@req:<id>` in features/, per id (a tag line with its feature's tags). */
export function scenarioTagsById(root = PACKAGE_ROOT): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  const files: string[] = [];
  const walk = (d: string) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else if (n.endsWith('.feature')) files.push(p); } };
  walk(join(root, 'features'));
  for (const f of files) {
    const lines = readFileSync(f, 'utf8').split('\n');
    let featureTags: string[] = [];
    let pending: string[] = [];
    for (const line of lines) {
      const t = line.trim();
      if (t.startsWith('@')) { pending.push(...t.split(/\s+/).filter((x) => x.startsWith('@'))); continue; }
      if (/^Feature:/.test(t)) featureTags = pending;
      if (/^(Feature|Rule|Scenario|Scenario Outline|Example|Examples|Background):/.test(t)) {
        const all = [...featureTags, ...pending];
        for (const tag of pending) {
          const m = /^@req:(.+)$/.exec(tag);
          if (m) out.set(m[1], [...(out.get(m[1]) ?? []), all]);
        }
        pending = [];
      } else if (t && !t.startsWith('#')) pending = [];
    }
  }
  return out;
}

export function ownTags(req: Requirement): string[] {
  return [`@req:${req.id}`, `@${req.level}`, `@section:${req.section}`, ...(req.profile !== 'all' ? [`@sp:${req.profile}`] : []), ...(req.judges === 'IdP' ? ['@judges:idp'] : [])];
}

export async function listRequirements(tags?: string, catalog: Catalog = loadCatalog()): Promise<ListedRequirement[]> {
  let matches: ((req: Requirement) => boolean) = () => true;
  if (tags) {
    let expr: { evaluate(tags: string[]): boolean };
    try { expr = parseTagExpression(tags); } catch (e) { throw new UsageError(`--tags "${tags}" is not a tag expression: ${(e as Error).message.split('\n')[0]}`); }
    const byId = scenarioTagsById();
    matches = (req) => {
      const own = ownTags(req);
      const sets = byId.get(req.id) ?? [[]];
      return sets.some((s) => expr.evaluate([...new Set([...own, ...s])]));
    };
  }
  const sources = await sourcesResolver();
  return catalog.requirements.filter(matches).map((req) => ({ id: req.id, section: req.section, level: req.level, profile: req.profile, judges: req.judges,
    title: titleOf(req), sources: sources(req), ...(req.revised ? { revised: req.revised } : {}) }));
}

/** Retired ids; with a tag expression, those whose own `@req:` tag or replacement the expression selects. */
export function listRetired(tags?: string, catalog: Catalog = loadCatalog()): ListedRetired[] {
  const expr = tags ? parseTagExpression(tags) : undefined;
  return catalog.retired
    .filter((r) => !expr || expr.evaluate([`@req:${r.id}`]) || (r.replacedBy !== undefined && expr.evaluate([`@req:${r.replacedBy}`])))
    .map((r) => ({ id: r.id, retired: { version: r.version, ...(r.replacedBy ? { replacedBy: r.replacedBy } : {}), reason: r.reason }, note: retiredNote(r) }));
}

export async function listMain(argv: string[], catalog: Catalog = loadCatalog(), write = (text: string) => { process.stdout.write(text); }): Promise<number> {
  const values = parseWithConfig(argv, LIST_OPTIONS, 'list');
  if (values.help) { write(`${listHelp()}\n`); return EXIT.ok; }
  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format is text or json, not "${format}".`);
  const rows = await listRequirements(values.tags as string | undefined, catalog);
  const retired = listRetired(values.tags as string | undefined, catalog);
  if (format === 'json') { write(`${JSON.stringify([...rows, ...retired], null, 2)}\n`); return EXIT.ok; }
  const w = Math.max(2, ...[...rows, ...retired].map((r) => r.id.length));
  for (const r of rows) {
    write(`${r.id.padEnd(w)}  ${r.level.padEnd(6)} ${r.profile.padEnd(3)} ${r.judges.padEnd(3)}  ${r.title}\n`);
    if (r.sources.length) write(`${' '.repeat(w + 2)}${r.sources.map((s) => s.url).join('  ')}\n`);
    if (r.revised) write(`${' '.repeat(w + 2)}revised in this copy of the catalogue on ${r.revised.date}: ${r.revised.why}\n`);
  }
  for (const r of retired) write(`${r.id.padEnd(w)}  RETIRED in ${r.retired.version}${r.retired.replacedBy ? `, now ${r.retired.replacedBy}` : ''}: ${r.retired.reason}\n`);
  write(`${rows.length} requirement${rows.length === 1 ? '' : 's'}${retired.length ? `, ${retired.length} retired` : ''}\n`);
  return EXIT.ok;
}
