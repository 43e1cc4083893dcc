// The sources registry (catalog/sources.yaml): every citation key in the project resolves here to public
// https pages. A source key names one page; a fact key states one IdP behaviour in the project's words and
// cites the source keys behind it; `rfc7643:<section>` / `rfc7644:<section>` name an RFC section.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseYaml, readYamlData } from './yaml-data.js';
import { loadCatalog, type Catalog, type Requirement } from './catalog.js';

export interface SourceEntry { title: string; url: string; short?: string; also?: string[] }
export interface FactEntry { fact: string; sources: string[] }
export interface RfcEntry { title: string; url: string; sections: Record<string, string> }
export interface SourceRegistry {
  sources: Record<string, SourceEntry>;
  facts: Record<string, FactEntry>;
  rfcs: Record<string, RfcEntry>;
}
/** One link a reader can open. `key` is the registry key (or `rfc7644:3.5.2`). */
export interface SourceLink { key: string; title: string; url: string }

export const SOURCES_PATH = fileURLToPath(new URL('../../catalog/sources.yaml', import.meta.url));

let cached: SourceRegistry | undefined;

export function loadSources(path = SOURCES_PATH): SourceRegistry {
  if (cached && path === SOURCES_PATH) return cached;
  const doc = (path === SOURCES_PATH ? readYamlData(path) : parseYaml(readFileSync(path, 'utf8'))) as Partial<SourceRegistry>;
  const registry: SourceRegistry = { sources: doc.sources ?? {}, facts: doc.facts ?? {}, rfcs: doc.rfcs ?? {} };
  for (const rfc of Object.values(registry.rfcs)) rfc.sections = Object.fromEntries(Object.entries(rfc.sections ?? {}).map(([k, v]) => [String(k), v]));
  if (path === SOURCES_PATH) cached = registry;
  return registry;
}

const RFC_CITATION = /^(rfc\d+)(?::(.+))?$/;

/**
 * The links one citation key stands for, or a sentence saying why it does not resolve.
 * Accepts a source key, a fact key (its sources), `rfc7644` or `rfc7644:3.5.2`.
 */
export function resolveCitation(key: string, registry = loadSources()): { links: SourceLink[] } | { error: string } {
  const source = registry.sources[key];
  if (source) return { links: [{ key, title: source.title, url: source.url }] };
  const fact = registry.facts[key];
  if (fact) {
    const links: SourceLink[] = [];
    for (const k of fact.sources) {
      const s = registry.sources[k];
      if (!s) return { error: `fact "${key}" cites "${k}", which is not a source in catalog/sources.yaml` };
      links.push({ key: k, title: s.title, url: s.url });
    }
    return links.length ? { links } : { error: `fact "${key}" cites no source` };
  }
  const rfc = RFC_CITATION.exec(key);
  if (rfc && registry.rfcs[rfc[1]]) {
    const entry = registry.rfcs[rfc[1]];
    const number = rfc[1].slice(3);
    if (!rfc[2]) return { links: [{ key, title: `RFC ${number}`, url: entry.url }] };
    const name = entry.sections[rfc[2]];
    if (!name) return { error: `RFC ${number} has no section ${rfc[2]}` };
    return { links: [{ key, title: `RFC ${number} §${rfc[2]} (${name})`, url: `${entry.url}#section-${rfc[2]}` }] };
  }
  return { error: `"${key}" is not a key of catalog/sources.yaml` };
}

/** Every problem with the registry itself: non-https urls, facts citing unknown keys, empty titles. */
export function registryProblems(registry = loadSources()): string[] {
  const problems: string[] = [];
  const https = (u: unknown) => typeof u === 'string' && /^https:\/\/[^\s]+$/.test(u);
  for (const [key, s] of Object.entries(registry.sources)) {
    if (!s?.title) problems.push(`source "${key}" has no title`);
    if (!https(s?.url)) problems.push(`source "${key}" has no https url`);
    for (const u of s?.also ?? []) if (!https(u)) problems.push(`source "${key}" lists a link that is not https: ${u}`);
    if (registry.facts[key]) problems.push(`"${key}" is both a source and a fact`);
  }
  for (const [key, f] of Object.entries(registry.facts)) {
    if (!f?.fact) problems.push(`fact "${key}" states no fact`);
    if (!f?.sources?.length) problems.push(`fact "${key}" cites no source`);
    for (const k of f?.sources ?? []) if (!registry.sources[k]) problems.push(`fact "${key}" cites "${k}", which is not a source`);
  }
  for (const [key, r] of Object.entries(registry.rfcs)) if (!https(r?.url)) problems.push(`RFC "${key}" has no https url`);
  return problems;
}

function dedupe(links: SourceLink[]): SourceLink[] {
  const seen = new Set<string>();
  return links.filter((l) => (seen.has(l.url) ? false : (seen.add(l.url), true)));
}

/** A requirement's sources as links: its RFC sections first, then its registry keys (facts expanded). */
export function linksOf(req: Requirement, registry = loadSources()): SourceLink[] {
  const out: SourceLink[] = [];
  for (const key of [...(req.rfc ?? []), ...(req.sources ?? [])]) {
    const r = resolveCitation(key, registry);
    if ('links' in r) out.push(...r.links);
  }
  return dedupe(out);
}

/** The sources of one catalogue requirement, as `{ key, title, url }` (for the report and `list`). */
export function sourcesOf(requirementId: string, catalog: Catalog = loadCatalog(), registry = loadSources()): SourceLink[] {
  const req = catalog.byId.get(requirementId);
  return req ? linksOf(req, registry) : [];
}

/** The label a report shows for a link: the RFC section, or the source's short name (else its title). */
export function linkLabel(link: SourceLink, registry = loadSources()): string {
  if (link.key.startsWith('rfc')) return link.title.replace(/ \(.*\)$/, '');
  return registry.sources[link.key]?.short ?? link.title;
}
