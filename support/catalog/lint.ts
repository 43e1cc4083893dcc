// The catalogue lint: every catalogue id has a Rule, every Rule names its requirement and level, and
// no tag names an id the catalogue does not know. Run by npm test; `--sections AP,AWS` scopes it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { loadCatalog, type Catalog } from './catalog.js';

export interface LintProblem { file: string; line: number; message: string }

const LEVELS = ['@must', '@should', '@may'];

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
    const featureTags = feature.tags.map((t) => t.name);
    const check = (tags: string[], line: number, what: string) => {
      const reqs = tags.filter((t) => t.startsWith('@req:')).map((t) => t.slice(5));
      for (const id of reqs) {
        const req = catalog.byId.get(id);
        if (!req) { problems.push({ file: where, line, message: `${what} names @req:${id}, which is not in the catalogue` }); continue; }
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
    if (!covered.has(req.id)) problems.push({ file: 'catalog/requirements.yaml', line: 0, message: `${req.id} has no scenario tagged @req:${req.id}` });
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--sections');
  const sections = i > 0 ? process.argv[i + 1].split(',') : undefined;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const problems = lintFeatures(join(root, 'features'), loadCatalog(), sections);
  for (const p of problems) console.error(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  console.error(problems.length ? `catalogue lint: ${problems.length} problem(s)` : 'catalogue lint: every catalogue id has a scenario; every rule names its requirement and level');
  process.exitCode = problems.length ? 1 : 0;
}
