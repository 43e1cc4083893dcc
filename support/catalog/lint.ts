// The catalogue lint: every catalogue id has a Rule, every Rule names its requirement and level, no tag
// names an id the catalogue does not know, and every citation resolves in catalog/sources.yaml to a public
// page (feature tags `@source:<key>` and `@rfc7644:<section>`, the catalogue's `sources` and `rfc`, the
// dialect profiles' `sources: [...]`). Run by npm test; `--sections AP,AWS` scopes the coverage check.
// Rows with `judges: client` (the CLIENT section) have no Rule: certify-client judges them, so each must be
// an id it names (support/certify-client/rows.ts), and no feature may tag one.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { CLIENT_JUDGED_IDS } from '../certify-client/rows.js';
import { loadCatalog, retiredNote, type Catalog } from './catalog.js';
import { linksOf, loadSources, registryProblems, resolveCitation, type SourceRegistry } from './sources.js';

export interface LintProblem { file: string; line: number; message: string }

const LEVELS = ['@must', '@should', '@may'];

/** Names of documents a user does not have: seed files, the shared notes, the shared folders. */
export const PRIVATE_DOCUMENT = /\b00[0-4]_[0-9a-f]{16}\b|\b00[0-4]\.txt\b|idp-behaviors|\.\.\/(?:shared|seeds|reference)\//;

/** Why a citation tag does not resolve, or undefined when it does (tags that cite nothing are fine). */
export function citationTagProblem(tag: string, registry: SourceRegistry = loadSources()): string | undefined {
  if (tag.startsWith('@seed:')) return `${tag} cites a document users do not have; cite a key of catalog/sources.yaml with @source:<key>`;
  const source = /^@source:(.*)$/.exec(tag);
  const rfc = /^@(rfc\d+:.*)$/.exec(tag);
  const key = source?.[1] ?? rfc?.[1];
  if (key === undefined) return undefined;
  const r = resolveCitation(key, registry);
  return 'error' in r ? `${tag} does not resolve: ${r.error}` : undefined;
}

function featureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...featureFiles(path));
    else if (name.endsWith('.feature')) out.push(path);
  }
  return out;
}

export function lintFeatures(featuresDir: string, catalog: Catalog, sections?: string[]): LintProblem[] {
  const problems: LintProblem[] = [];
  const covered = new Set<string>();
  const root = fileURLToPath(new URL('../../', import.meta.url));
  for (const file of featureFiles(featuresDir)) {
    const where = relative(root, file);
    let doc;
    try {
      doc = new Parser(new AstBuilder(IdGenerator.uuid()), new GherkinClassicTokenMatcher()).parse(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push({ file: where, line: 1, message: `does not parse: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    const feature = doc.feature;
    if (!feature) continue;
    const registry = loadSources();
    const cite = (tags: readonly { name: string; location: { line: number } }[]) => {
      for (const t of tags) {
        const problem = citationTagProblem(t.name, registry);
        if (problem) problems.push({ file: where, line: t.location.line, message: problem });
      }
    };
    const prose = (text: string | undefined, line: number, what: string) => {
      const m = text ? PRIVATE_DOCUMENT.exec(text) : null;
      if (m) problems.push({ file: where, line, message: `${what} names "${m[0]}", a document users do not have; cite a key of catalog/sources.yaml` });
    };
    cite(feature.tags);
    prose(`${feature.name}\n${feature.description}`, feature.location.line, `Feature "${feature.name}"`);
    const scenarios = feature.children.flatMap((c) => (c.rule ? [c.rule, ...c.rule.children.map((rc) => rc.scenario)] : [c.scenario]));
    for (const node of scenarios) {
      if (!node) continue;
      cite(node.tags);
      prose(`${node.name}\n${node.description}`, node.location.line, `"${node.name}"`);
      if ('examples' in node) for (const ex of node.examples) { cite(ex.tags); prose(`${ex.name}\n${ex.description}`, ex.location.line, `Examples "${ex.name}"`); }
      if ('steps' in node) for (const step of node.steps) prose(`${step.text}\n${step.docString?.content ?? ''}`, step.location.line, `Step "${step.text}"`);
    }
    for (const c of doc.comments) prose(c.text, c.location.line, 'A comment');
    const featureTags = feature.tags.map((t) => t.name);
    const check = (tags: string[], line: number, what: string) => {
      const reqs = tags.filter((t) => t.startsWith('@req:')).map((t) => t.slice(5));
      for (const id of reqs) {
        const req = catalog.byId.get(id);
        const retired = catalog.retiredById.get(id);
        if (retired) { problems.push({ file: where, line, message: `${what} names @req:${id}: ${retiredNote(retired)}` }); continue; }
        if (!req) { problems.push({ file: where, line, message: `${what} names @req:${id}, which is not in the catalogue` }); continue; }
        if (req.judges === 'client') { problems.push({ file: where, line, message: `${what} names @req:${id}, a client row: certify-client judges it from recorded requests, no scenario does` }); continue; }
        covered.add(id);
        const level = tags.find((t) => LEVELS.includes(t));
        if (level && level !== `@${req.level}`) problems.push({ file: where, line, message: `${what} is tagged ${level} but ${id} is ${req.level} in the catalogue` });
        if (req.profile !== 'all' && !tags.includes(`@sp:${req.profile}`) && !tags.some((t) => t.startsWith('@idp:'))) {
          problems.push({ file: where, line, message: `${what} (${id}) applies to the ${req.profile} profile only and needs @sp:${req.profile}` });
        }
        if (req.judges === 'IdP' && !tags.includes('@judges:idp')) problems.push({ file: where, line, message: `${what} (${id}) is judged on the IdP and needs @judges:idp` });
      }
      return reqs.length > 0;
    };
    const featureHasReq = check(featureTags, feature.location.line, `Feature "${feature.name}"`);
    for (const child of feature.children) {
      if (child.rule) {
        const tags = [...featureTags, ...child.rule.tags.map((t) => t.name)];
        const has = check(tags, child.rule.location.line, `Rule "${child.rule.name}"`);
        if (!has) problems.push({ file: where, line: child.rule.location.line, message: `Rule "${child.rule.name}" has no @req:<ID> tag` });
        if (!tags.some((t) => LEVELS.includes(t))) problems.push({ file: where, line: child.rule.location.line, message: `Rule "${child.rule.name}" has no level (@must, @should or @may)` });
        for (const sc of child.rule.children) if (sc.scenario) check([...tags, ...sc.scenario.tags.map((t) => t.name)], sc.scenario.location.line, `Scenario "${sc.scenario.name}"`);
      } else if (child.scenario) {
        const tags = [...featureTags, ...child.scenario.tags.map((t) => t.name)];
        const has = check(tags, child.scenario.location.line, `Scenario "${child.scenario.name}"`) || featureHasReq;
        if (!has && !featureTags.includes('@reproduction')) problems.push({ file: where, line: child.scenario.location.line, message: `Scenario "${child.scenario.name}" is outside a Rule and has no @req:<ID> tag` });
      }
    }
  }
  for (const req of catalog.requirements) {
    if (sections && !sections.includes(req.id.split('-')[0]) && !sections.includes(req.section)) continue;
    // a client row has no Gherkin rule: certify-client judges it, so it must be one certify-client names
    if (req.judges === 'client') {
      if (!CLIENT_JUDGED_IDS.has(req.id)) problems.push({ file: 'catalog/requirements.yaml', line: 0, message: `${req.id} is judged by the client, but certify-client judges no such id (support/certify-client/rows.ts)` });
      continue;
    }
    if (!covered.has(req.id)) problems.push({ file: 'catalog/requirements.yaml', line: 0, message: `${req.id} has no scenario tagged @req:${req.id}` });
  }
  return problems;
}

/** The catalogue's citations: every `sources` key and `rfc` section resolves; every row has an https link. */
export function lintCatalogSources(catalog: Catalog, registry: SourceRegistry = loadSources()): LintProblem[] {
  const problems: LintProblem[] = registryProblems(registry).map((message) => ({ file: 'catalog/sources.yaml', line: 0, message }));
  const file = 'catalog/requirements.yaml';
  for (const req of catalog.requirements) {
    if (req.seeds?.length) problems.push({ file, line: 0, message: `${req.id} cites seeds ${req.seeds.join(', ')}, documents users do not have; cite keys of catalog/sources.yaml under \`sources\`` });
    for (const key of req.sources ?? []) {
      const r = resolveCitation(key, registry);
      if ('error' in r) problems.push({ file, line: 0, message: `${req.id} cites ${r.error}` });
    }
    for (const key of req.rfc ?? []) {
      const r = resolveCitation(key, registry);
      if ('error' in r) problems.push({ file, line: 0, message: `${req.id} cites ${key}: ${r.error}` });
    }
    if (!linksOf(req, registry).some((l) => l.url.startsWith('https://'))) problems.push({ file, line: 0, message: `${req.id} has no source a user can open (no \`sources\` or \`rfc\` that resolves)` });
    const m = PRIVATE_DOCUMENT.exec(`${req.behaviour} ${req.revised?.why ?? ''}`);
    if (m) problems.push({ file, line: 0, message: `${req.id}'s behaviour names "${m[0]}", a document users do not have` });
    if (req.revised && (!/^\d{4}-\d{2}-\d{2}$/.test(req.revised.date ?? '') || !req.revised.why?.trim())) {
      problems.push({ file, line: 0, message: `${req.id} is revised in this copy, and needs the date (YYYY-MM-DD) and why` });
    }
  }
  for (const text of [catalog.about, ...catalog.sections.flatMap((x) => [x.title, x.about ?? ''])]) {
    const m = PRIVATE_DOCUMENT.exec(text);
    if (m) problems.push({ file, line: 0, message: `the catalogue's prose names "${m[0]}", a document users do not have` });
  }
  return problems;
}

/** The string literals inside each `sources: [...]` of a profile's text, with their lines. */
export function sourcesLiterals(text: string): { key: string; line: number }[] {
  const out: { key: string; line: number }[] = [];
  for (const m of text.matchAll(/\bsources:\s*\[/g)) {
    let depth = 0;
    let end = m.index! + m[0].length - 1;
    for (; end < text.length; end++) {
      if (text[end] === '[') depth++;
      else if (text[end] === ']' && --depth === 0) break;
    }
    const start = m.index! + m[0].length;
    for (const lit of text.slice(start, end).matchAll(/'([^'\n]*)'|"([^"\n]*)"/g)) {
      out.push({ key: lit[1] ?? lit[2], line: text.slice(0, start + lit.index!).split('\n').length });
    }
  }
  return out;
}

/** The dialect profiles' citations (fixtures/idp-profiles/*.ts): every key in a `sources: [...]` resolves. */
export function lintDialectSources(profilesDir: string, registry: SourceRegistry = loadSources()): LintProblem[] {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const problems: LintProblem[] = [];
  for (const name of readdirSync(profilesDir).filter((n) => n.endsWith('.ts')).sort()) {
    const file = join(profilesDir, name);
    const where = relative(root, file);
    const text = readFileSync(file, 'utf8');
    for (const { key, line } of sourcesLiterals(text)) {
      const r = resolveCitation(key, registry);
      if ('error' in r) problems.push({ file: where, line, message: `sources cites ${r.error}` });
    }
    const m = PRIVATE_DOCUMENT.exec(text);
    if (m) problems.push({ file: where, line: text.slice(0, m.index).split('\n').length, message: `names "${m[0]}", a document users do not have` });
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--sections');
  const sections = i > 0 ? process.argv[i + 1].split(',') : undefined;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const catalog = loadCatalog();
  const problems = [...lintFeatures(join(root, 'features'), catalog, sections), ...lintCatalogSources(catalog),
    ...lintDialectSources(join(root, 'fixtures', 'idp-profiles'))];
  for (const p of problems) console.error(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  console.error(problems.length ? `catalogue lint: ${problems.length} problem(s)`
    : 'catalogue lint: every catalogue id has a scenario; every rule names its requirement and level; every citation resolves to a public page');
  process.exitCode = problems.length ? 1 : 0;
}
