// The project's own copy of the requirements catalogue (catalog/requirements.yaml), as typed data.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { linkLabel, linksOf } from './sources.js';

export type Level = 'must' | 'should' | 'may';
export type CatalogProfile = 'aws' | 'rfc' | 'all';
export type Judges = 'SP' | 'IdP';

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
}

export interface Catalog {
  title: string;
  about: string;
  sections: { code: string; title: string }[];
  requirements: Requirement[];
  byId: Map<string, Requirement>;
}

export const CATALOG_PATH = fileURLToPath(new URL('../../catalog/requirements.yaml', import.meta.url));

let cached: Catalog | undefined;

export function loadCatalog(path = CATALOG_PATH): Catalog {
  if (cached && path === CATALOG_PATH) return cached;
  const doc = parse(readFileSync(path, 'utf8')) as Omit<Catalog, 'byId'>;
  const catalog = { ...doc, byId: new Map(doc.requirements.map((r) => [r.id, r])) };
  if (path === CATALOG_PATH) cached = catalog;
  return catalog;
}

/** Does a row apply to a run that expects this SP profile? */
export function appliesTo(req: Requirement, spProfile: 'aws' | 'rfc'): boolean {
  return req.profile === 'all' || req.profile === spProfile;
}

/** Where a row comes from, as links a reader can follow (catalog/sources.yaml resolves every key). */
export function sourceLinks(req: Requirement): { label: string; href: string; title: string }[] {
  return linksOf(req).map((l) => ({ label: linkLabel(l), href: l.url, title: l.title }));
}
