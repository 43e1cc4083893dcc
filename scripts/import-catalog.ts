// Turns the shared catalogue (Markdown tables) into catalog/requirements.yaml, the project's own copy.
// Run by hand when the catalogue changes: node --import tsx scripts/import-catalog.ts <requirements.md>
//
// The shared catalogue cites documents only its authors have (seed documents by number or file name, source
// keys S1..S38, a notes file by section). The copy cites keys of catalog/sources.yaml instead, and its prose
// (the `about` header, section titles, each `behaviour`) names the public pages, never those documents. The
// import refuses to write a copy that still names one. Ids, levels, profiles and judges are copied verbatim.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { loadSources, resolveCitation } from '../support/catalog/sources.ts';

/** Seed documents (by number) → the AWS user guide page each one is. */
const SEED_PAGES: Record<string, string> = {
  '000': 'aws-onelogin', '001': 'aws-onelogin', '002': 'aws-provisioning', '003': 'aws-okta', '004': 'aws-entra',
};

/** The shared notes' source keys → registry keys (S14 has no stable public page: it is never cited alone). */
const SOURCE_KEYS: Record<string, string[]> = {
  S1: ['entra-scim-guide'], S2: ['entra-how-provisioning-works'], S3: ['entra-scim-compatibility'],
  S4: ['entra-provisioning-timing'], S5: ['entra-known-issues'], S6: ['entra-retry-answers'], S7: ['entra-aws-tutorial'],
  S8: ['aws-user-guide-archive'], S9: ['entra-filter-encoding-report'], S10: ['entra-op-case-reports'],
  S11: ['entra-reference-code-requests'], S12: ['entra-patch-form-reports'], S13: ['okta-scim-reference'], S14: [],
  S15: ['okta-scim-faq'], S16: ['okta-rate-limits'], S17: ['onelogin-scim-api'], S18: ['entra-reference-code-active'],
  S19: ['scim-patch'], S20: ['scimitar'], S21: ['authentik-patch-tests'], S22: ['rancher-entra-member-removal'],
  S23: ['filtered-member-removal-reports'], S24: ['bytebase-entra-patch'], S25: ['scim-for-keycloak-interop'],
  S26: ['scim-sdk-entra-manager'], S27: ['scimple-entra-payloads'], S28: ['entra-manager-reports'],
  S29: ['simpleidserver-interop'], S30: ['sentry-okta-active'], S31: ['authentik-onelogin-log'], S32: ['ssosync'],
  S33: ['ssosync-aws-limits'], S34: ['idp-scim-sync'], S35: ['cloudposse-aws-sso'], S36: ['aws-scim-guide'],
  S37: ['aws-quotas', 'aws-provisioning'], S38: ['idp-scim-sync-paging'],
};

/** What a section cites when a row names nothing itself (AWS rows always cite the developer guide). */
const SECTION_SOURCES: Record<string, string[]> = {
  AP: ['aws-provisioning'], OKTA: ['okta-scim-reference'], ENTRA: ['entra-scim-guide'], OL: ['onelogin-scim-api'],
  AWS: ['aws-scim-guide'], RFC: ['rfc7644'],
};
/** The page a section title names instead of the shared documents. */
const SECTION_PAGE: Record<string, string> = {
  AP: 'aws-provisioning', OKTA: 'aws-okta', ENTRA: 'aws-entra', OL: 'aws-onelogin', AWS: 'aws-scim-guide',
};

/** Phrases in a row that name a public page without a key. */
const PHRASES: [RegExp, string][] = [
  [/\bAWS user guide\b/, 'aws-provisioning'],
  [/\bCloudTrail\b/, 'aws-cloudtrail'],
  [/Refused to create a new, duplicate resource/, 'idp-scim-sync-paging'],
];

const registry = loadSources();
const short = (key: string) => registry.sources[key]?.short ?? registry.sources[key]?.title ?? key;

/** Seed references inside one parenthesis ("000, 003 step 4") → the pages' short names, each once. */
function rewriteParens(text: string): string {
  return text.replace(/\(([^()]*)\)/g, (whole, inner: string) => {
    if (!/\b00[0-4]\b/.test(inner)) return whole;
    const seen = new Set<string>();
    const parts = inner.split(/(,\s*|;\s*|\s+and\s+)/);
    const out: string[] = [];
    for (let i = 0; i < parts.length; i += 2) {
      const part = parts[i].replace(/\b(00[0-4])\b/g, (_m, n: string) => short(SEED_PAGES[n]));
      const page = /\b00[0-4]\b/.exec(parts[i]);
      if (page && seen.has(SEED_PAGES[page[0]]) && part.trim() === short(SEED_PAGES[page[0]])) { out.pop(); continue; }
      if (page) seen.add(SEED_PAGES[page[0]]);
      out.push(part, parts[i + 1] ?? '');
    }
    return `(${out.join('').replace(/(,\s*|;\s*|\s+and\s+)$/, '')})`;
  });
}

/** User-facing prose: names public pages, never the shared catalogue's documents. */
function rewrite(text: string, section: string): string {
  const page = SECTION_PAGE[section];
  let t = text
    // "seed 002_eebf80f358eb26a7.txt", "seeds 000_….txt and 001_….txt" → the page's title
    .replace(/\bseeds? (00[0-4])_[0-9a-f]{16}\.txt(?: and (00[0-4])_[0-9a-f]{16}\.txt)?/g,
      (_m, a: string, b?: string) => [...new Set([a, b].filter(Boolean).map((n) => short(SEED_PAGES[n!])))].join('; '))
    // the shared notes file, with its section and item numbers: dropped (the page it summarises is cited)
    .replace(/`?(?:\.\.\/reference\/)?idp-behaviors\.md`?(?: §[\d.]+)?(?: items? [\d, ]+(?:and \d+)?)?/g, '')
    .replace(/\bthe seeds'/g, page ? `${short(page)}'s` : "AWS's IdP guides'")
    .replace(/\b[Tt]he seeds\b/g, "AWS's IdP guides")
    .replace(/\bthe seed's\b/gi, page ? `${short(page)}'s` : "AWS's guide's");
  t = rewriteParens(t);
  // tidy what a removal leaves: "(; x)", "(x; )", "()"
  t = t.replace(/\(\s*[;,]\s*/g, '(').replace(/\s*[;,]\s*\)/g, ')').replace(/\s*\(\s*\)/g, '').replace(/[ \t]{2,}/g, ' ');
  return t;
}

const HEADER_SOURCES = 'Sources: `catalog/sources.yaml`, the project\'s registry of public pages (AWS IAM Identity Center\'s user\n'
  + 'guide pages on automatic provisioning, Okta, Microsoft Entra ID and OneLogin, its SCIM implementation developer guide,\n'
  + 'the IdPs\' own SCIM documentation, public reports of what the IdPs send) and RFC 7643 / RFC 7644 (section numbers).\n'
  + 'A row\'s `sources` and `rfc` name keys of that registry.';
const HEADER_OPEN = '**Sources a user can open.** Every key a row cites resolves in `catalog/sources.yaml` to a public https\n'
  + 'page (an RFC section to rfc-editor.org), and the report links each row to its pages. An IdP behaviour seen in\n'
  + 'traffic or code is stated there in one sentence (`facts`) next to the pages that show it. The catalogue lint\n'
  + 'fails on a key that does not resolve.';

function rewriteHeader(header: string): string {
  return rewrite(header
    .replace(/Sources: the five documents[\s\S]*?\(section numbers\)\./, HEADER_SOURCES)
    .replace(/\*\*Sources a user can open\.\*\*[\s\S]*?(?=\n\s*\n|$)/, HEADER_OPEN), '');
}

const LEAKS: [RegExp, string][] = [
  [/\b00[0-4]_[0-9a-f]{16}\b|\b00[0-4]\.txt\b/, 'a seed file name'],
  [/idp-behaviors/, 'the shared notes file'],
  [/\.\.\/(?:seeds|reference|shared)\b/, 'a shared folder'],
  [/\bseeds?\b/i, 'the seed documents'],
  [/\bS\d{1,2}\b/, 'a shared source key'],
  [/\(([^()]*\b00[0-4]\b[^()]*)\)/, 'a seed number'],
];

function check(where: string, text: string): void {
  for (const [re, what] of LEAKS) {
    const m = re.exec(text);
    if (m) { console.error(`${where} still names ${what}: …${text.slice(Math.max(0, m.index - 40), m.index + 40)}…`); process.exitCode = 1; }
  }
}

const source = process.argv[2];
if (!source) { console.error('usage: import-catalog.ts <path to requirements.md>'); process.exit(2); }
const text = readFileSync(source, 'utf8');
const [header] = text.split(/^## AP/m);
const sections: { code: string; title: string }[] = [];
const requirements: Record<string, unknown>[] = [];
let section = '';
for (const line of text.split('\n')) {
  const heading = /^## ([A-Z]+) — (.*)$/.exec(line);
  if (heading) {
    section = heading[1];
    let t = rewrite(heading[2].trim(), section);
    if (!/\(/.test(t) && SECTION_PAGE[section]) t = `${t} (${short(SECTION_PAGE[section])})`;
    check(`section ${section}`, t);
    sections.push({ code: heading[1], title: t });
    continue;
  }
  const row = /^\| ([A-Z][A-Z0-9]*-[A-Z0-9-]+) \| (.*) \| (must|should|may) \| (aws|rfc|all) \| (SP|IdP) \|$/.exec(line);
  if (!row) continue;
  const [, id, behaviour, level, profile, judges] = row;
  const rowSection = id.startsWith('ABAC') ? 'OL' : section;
  const cited: string[] = [];
  for (const [, inner] of behaviour.matchAll(/\(([^()]*)\)/g)) for (const [n] of inner.matchAll(/\b00[0-4]\b/g)) cited.push(SEED_PAGES[n]);
  for (const [k] of behaviour.matchAll(/\bS\d{1,2}\b/g)) cited.push(...(SOURCE_KEYS[k] ?? []));
  for (const [re, key] of PHRASES) if (re.test(behaviour)) cited.push(key);
  if (/\bthe seed(?:s'|'s)/i.test(behaviour) && SECTION_PAGE[rowSection]) cited.push(SECTION_PAGE[rowSection]);
  const rfc = [...behaviour.matchAll(/(7643|7644) §([\d.]+)/g)].map((m) => `rfc${m[1]}:${m[2].replace(/\.$/, '')}`);
  const sources = [...new Set(rowSection === 'AWS' ? [...cited, ...SECTION_SOURCES.AWS] : cited.length || rfc.length ? cited : SECTION_SOURCES[rowSection] ?? [])];
  for (const key of [...rfc, ...sources]) {
    const r = resolveCitation(key, registry);
    if ('error' in r) { console.error(`${id}: ${r.error}`); process.exitCode = 1; }
  }
  if (!sources.length && !rfc.length) { console.error(`${id}: cites no source`); process.exitCode = 1; }
  const prose = rewrite(behaviour.replace(/\s+/g, ' ').trim(), rowSection);
  check(id, prose);
  requirements.push({
    id, section: rowSection, level, profile, judges,
    unverified: behaviour.includes('[unv'),
    behaviour: prose,
    ...(rfc.length ? { rfc } : {}), ...(sources.length ? { sources } : {}),
  });
}
const about = rewriteHeader(header.replace(/^# Requirements catalogue\s*/, '').trim());
check('about', about);
if (process.exitCode) { console.error('catalog/requirements.yaml not written'); process.exit(1); }
// What the project added itself survives a re-import: its own sections (a code the source does not have)
// with their rows, the rows it revised (`revised:`, kept whole: the checks follow their text), and the retired ids.
type PreviousRow = { id: string; section: string; level?: string; profile?: string; judges?: string; revised?: unknown };
const previous = existsSync('catalog/requirements.yaml')
  ? parse(readFileSync('catalog/requirements.yaml', 'utf8')) as { sections?: { code: string }[]; requirements?: PreviousRow[]; retired?: unknown[] }
  : {};
const imported = new Set(sections.map((x) => x.code));
const ownSections = (previous.sections ?? []).filter((x) => !imported.has(x.code));
const own = new Set(ownSections.map((x) => x.code));
const ownRows = (previous.requirements ?? []).filter((r) => own.has(r.section));
const revisedRows = new Map((previous.requirements ?? []).filter((r) => r.revised && !own.has(r.section)).map((r) => [r.id, r]));
const merged = requirements.map((row) => {
  const kept = revisedRows.get(row.id as string);
  if (!kept) return row;
  // the source may have moved a row's level, profile or judges since: that is the catalogue's decision to reconcile
  const moved = (['level', 'profile', 'judges'] as const).filter((k) => kept[k] !== row[k]);
  if (moved.length) console.warn(`${kept.id}: kept this copy's revision, but the source now gives another ${moved.join(', ')}: reconcile it by hand`);
  return kept;
});
for (const id of revisedRows.keys()) if (!requirements.some((r) => r.id === id)) console.warn(`${id}: revised in this copy, but the source has no such row any more`);
const doc = {
  title: 'Requirements catalogue', about, sections: [...sections, ...ownSections], requirements: [...merged, ...ownRows],
  ...(previous.retired?.length ? { retired: previous.retired } : {}),
};
writeFileSync('catalog/requirements.yaml', '# Generated by scripts/import-catalog.ts from the shared catalogue; ids are never renumbered.\n'
  + '# Every `sources` key and `rfc` section resolves in catalog/sources.yaml.\n' + stringify(doc, { lineWidth: 0 }));
console.log(`${requirements.length} requirements in ${sections.length} sections imported (${[...revisedRows.keys()].filter((id) => requirements.some((r) => r.id === id)).length} kept as this copy revised them); `
  + `kept the project's own ${ownRows.length} in ${ownSections.length}`);
