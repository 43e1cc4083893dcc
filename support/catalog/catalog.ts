// The project's own copy of the requirements catalogue (catalog/requirements.yaml), as typed data.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseYaml, readYamlData } from './yaml-data.js';
import { linkLabel, linksOf } from './sources.js';

export type Level = 'must' | 'should' | 'may';
export type CatalogProfile = 'aws' | 'rfc' | 'all';
/** client: a CLIENT row, judged by `certify-client` from recorded requests (no Gherkin rule). */
export type Judges = 'SP' | 'IdP' | 'client';

export interface Requirement {
  id: string;
  section: string;
  level: Level;
  profile: CatalogProfile;
  judges: Judges;
  unverified: boolean;
  behaviour: string;
  /** RFC sections, `rfc7644:3.5.2`. */
  rfc?: string[];
  /** Keys of catalog/sources.yaml (sources or facts). */
  sources?: string[];
  /** Retired: citations by seed number resolve nowhere, and the catalogue lint refuses them. */
  seeds?: string[];
  /**
   * Set where the project's copy says more, or less, than the source catalogue's row (an audit found the row
   * stricter than its clause, or a check the row did not name): the re-import keeps such a row as it is, and the
   * report says so beside the row's text.
   */
  revised?: Revision;
}

/** When and why the project's copy of a row departs from the source catalogue's. */
export interface Revision {
  /** YYYY-MM-DD, the day of the latest revision. */
  date: string;
  /** What changed and the clause behind it, in a sentence or two a user can read. */
  why: string;
}

/**
 * An id that left the catalogue. Ids are never renumbered or reused: a row that goes is listed under
 * `retired:` in catalog/requirements.yaml, so `list` can say where its checks went.
 */
export interface RetiredRequirement {
  id: string;
  /** The version of scim-conformance that retired it. */
  version: string;
  /** The id that now holds its checks, when one does. */
  replacedBy?: string;
  reason: string;
}

export interface Catalog {
  title: string;
  about: string;
  /** A section the project added itself (not in the source catalogue) says what it is in `about`. */
  sections: { code: string; title: string; about?: string }[];
  requirements: Requirement[];
  byId: Map<string, Requirement>;
  retired: RetiredRequirement[];
  retiredById: Map<string, RetiredRequirement>;
}

export const CATALOG_PATH = fileURLToPath(new URL('../../catalog/requirements.yaml', import.meta.url));

let cached: Catalog | undefined;

export function loadCatalog(path = CATALOG_PATH): Catalog {
  if (cached && path === CATALOG_PATH) return cached;
  const doc = (path === CATALOG_PATH ? readYamlData(path) : parseYaml(readFileSync(path, 'utf8'))) as Omit<Catalog, 'byId' | 'retiredById' | 'retired'> & { retired?: RetiredRequirement[] };
  const retired = doc.retired ?? [];
  const catalog = { ...doc, retired, byId: new Map(doc.requirements.map((r) => [r.id, r])), retiredById: new Map(retired.map((r) => [r.id, r])) };
  for (const r of retired) {
    const problem = catalog.byId.has(r.id) ? 'is also a live requirement'
      : !r.version || !r.reason ? 'needs the version that retired it and a reason'
      : r.replacedBy && !catalog.byId.has(r.replacedBy) ? `names ${r.replacedBy} as its replacement, which is not a live requirement` : undefined;
    if (problem) throw new Error(`${path}: retired id ${r.id} ${problem}.`);
  }
  if (path === CATALOG_PATH) cached = catalog;
  return catalog;
}

/** How `list`, `--req` and the lint name a retired id: one sentence. */
export function retiredNote(r: RetiredRequirement): string {
  return `${r.id} was retired in scim-conformance ${r.version}${r.replacedBy ? `; its checks are now ${r.replacedBy}` : ''} (${r.reason})`;
}

/** Does a row apply to a run that expects this SP profile? */
export function appliesTo(req: Requirement, spProfile: 'aws' | 'rfc'): boolean {
  return req.profile === 'all' || req.profile === spProfile;
}

/** Where a row comes from, as links a reader can follow (catalog/sources.yaml resolves every key). */
export function sourceLinks(req: Requirement): { label: string; href: string; title: string }[] {
  return linksOf(req).map((l) => ({ label: linkLabel(l), href: l.url, title: l.title }));
}
