// Sources a user can open: every citation key resolves in catalog/sources.yaml to public https pages, every
// catalogue row shows at least one such link in conformance.html, the lint refuses citations that do not
// resolve, and nothing a user sees names a document they do not have.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../support/catalog/catalog.js';
import { citationTagProblem, lintCatalogSources, lintDialectSources, lintFeatures, sourcesLiterals } from '../../support/catalog/lint.js';
import { loadSources, registryProblems, resolveCitation, sourcesOf } from '../../support/catalog/sources.js';
import { indexRun } from '../../support/report/analyse.js';
import { renderHtml } from '../../support/report/html.js';
import { buildReport } from '../../support/report/index.js';
import { reportRedactor } from '../../support/report/redact.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const catalog = loadCatalog();
const registry = loadSources();
const HTTPS = /^https:\/\/[^\s"'<>]+$/;
const SEED_FILE = [/\b00[0-4]_[0-9a-f]{16}\b/, /\b00[0-4]\.txt\b/];
const INTERNAL = /idp-behaviors/;

/** Each requirement row of conformance.html, by id. */
function rowsOf(html: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const m of html.matchAll(/<tr class="req" id="req-([^"]+)"[\s\S]*?<\/tr>/g)) rows.set(m[1], m[0]);
  return rows;
}

function assertEveryRowLinks(html: string): void {
  const rows = rowsOf(html);
  for (const req of catalog.requirements) {
    const row = rows.get(req.id);
    assert.ok(row, `${req.id} has a row in conformance.html`);
    const hrefs = [...row.matchAll(/<a class="src" href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    assert.ok(hrefs.some((h) => HTTPS.test(h)), `${req.id} shows at least one public https link (found ${JSON.stringify(hrefs)})`);
  }
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => { const p = join(dir, n); return statSync(p).isDirectory() ? files(p) : [p]; });
}

function assertNoPrivateDocuments(paths: string[]): void {
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    for (const re of [...SEED_FILE, INTERNAL]) {
      const m = re.exec(text);
      assert.equal(m, null, `${path.slice(ROOT.length)} names "${m?.[0]}": …${m ? text.slice(Math.max(0, m.index - 60), m.index + 40) : ''}…`);
    }
  }
}

describe('the sources registry', () => {
  it('gives every source key a title and an https URL, and every fact a sentence and resolvable sources', () => {
    assert.deepEqual(registryProblems(registry), []);
    assert.ok(Object.keys(registry.sources).length >= 40);
    for (const [key, s] of Object.entries(registry.sources)) {
      assert.match(s.url, HTTPS, key);
      for (const u of s.also ?? []) assert.match(u, HTTPS, `${key} also`);
      const r = resolveCitation(key, registry);
      assert.ok('links' in r && r.links.length === 1 && HTTPS.test(r.links[0].url), key);
    }
    for (const [key, f] of Object.entries(registry.facts)) {
      assert.ok(f.fact.length > 20 && !/\n/.test(f.fact.trim()), `${key} states its fact in one sentence`);
      const r = resolveCitation(key, registry);
      assert.ok('links' in r && r.links.length >= 1 && r.links.every((l) => HTTPS.test(l.url)), key);
    }
  });

  it('links RFC sections to the RFC at rfc-editor.org, and refuses sections the RFC does not have', () => {
    assert.deepEqual(resolveCitation('rfc7644:3.5.2', registry),
      { links: [{ key: 'rfc7644:3.5.2', title: 'RFC 7644 §3.5.2 (Modifying with PATCH)', url: 'https://www.rfc-editor.org/rfc/rfc7644#section-3.5.2' }] });
    assert.ok('error' in resolveCitation('rfc7644:3.99', registry));
    assert.ok('error' in resolveCitation('rfc9999:1', registry));
    assert.ok('error' in resolveCitation('S13', registry), 'the shared notes\' keys are not registry keys');
    assert.ok('error' in resolveCitation('seed:003', registry));
  });

  it('resolves every citation of the catalogue, and sourcesOf gives each requirement an https link', () => {
    assert.deepEqual(lintCatalogSources(catalog, registry), []);
    for (const req of catalog.requirements) {
      assert.equal(req.seeds, undefined, `${req.id} cites no seed`);
      const links = sourcesOf(req.id);
      assert.ok(links.length >= 1 && links.every((l) => HTTPS.test(l.url) && l.title && l.key), `${req.id}: ${JSON.stringify(links)}`);
    }
    const patch = sourcesOf('RFC-PATCH-01');
    assert.ok(patch.some((l) => l.url.startsWith('https://www.rfc-editor.org/rfc/rfc7644#section-3.5.2')), JSON.stringify(patch));
    assert.deepEqual(sourcesOf('NO-SUCH-ROW'), []);
  });

  it('resolves every citation of the features and the dialect profiles', () => {
    assert.deepEqual(lintFeatures(join(ROOT, 'features'), catalog), []);
    assert.deepEqual(lintDialectSources(join(ROOT, 'fixtures', 'idp-profiles'), registry), []);
  });

  it('makes the lint fail on a citation that does not resolve', () => {
    assert.match(citationTagProblem('@seed:003_x', registry) ?? '', /users do not have/);
    assert.match(citationTagProblem('@source:nowhere', registry) ?? '', /does not resolve/);
    assert.match(citationTagProblem('@rfc7644:3.99', registry) ?? '', /no section 3\.99/);
    assert.equal(citationTagProblem('@source:aws-okta', registry), undefined);
    assert.equal(citationTagProblem('@source:entra-member-removal-by-value', registry), undefined);
    assert.equal(citationTagProblem('@rfc7643:4.1.1', registry), undefined);
    assert.equal(citationTagProblem('@req:AP-USER-01', registry), undefined, 'tags that cite nothing are left alone');
    const bad = { ...catalog, requirements: catalog.requirements.map((r, i) => (i === 0 ? { ...r, sources: ['S13'], seeds: ['003'], rfc: undefined } : r)) };
    const problems = lintCatalogSources(bad, registry).map((p) => p.message);
    assert.ok(problems.some((m) => /cites seeds 003/.test(m)), problems.join('\n'));
    assert.ok(problems.some((m) => /"S13" is not a key/.test(m)), problems.join('\n'));
    assert.ok(problems.some((m) => /no source a user can open/.test(m)), problems.join('\n'));
    assert.deepEqual(sourcesLiterals("x: { sources: ['aws-okta', ...y.sources.filter((s) => s !== 'E1'), \"L2\"], note: 'S9' }").map((l) => l.key),
      ['aws-okta', 'E1', 'L2']);
  });
});

describe('the report shows each requirement\'s sources as links', () => {
  it('renders at least one https link per requirement from the catalogue', () => {
    const report = buildReport([], catalog, { version: '0.0.0', seed: 1, runId: 'r', target: { id: 't', kind: 'url', scimBase: 'http://127.0.0.1:1/scim/v2' },
      spProfile: 'aws', startedAt: '2026-12-01T00:00:00.000Z' });
    const html = renderHtml(report, indexRun([]), catalog, reportRedactor());
    assertEveryRowLinks(html);
    assert.match(html, /<a class="src" href="https:\/\/www\.rfc-editor\.org\/rfc\/rfc7644#section-3\.5\.2"/);
    assert.match(html, /<a class="src" href="https:\/\/docs\.aws\.amazon\.com\/singlesignon\/latest\/userguide\/gs-okta\.html"/);
  });
});

describe('nothing a user sees names a document they do not have', () => {
  it('a fresh run\'s report folder, features/, README.md, CHANGELOG.md and docs/ name no seed file and no internal notes; every row links out', { timeout: 600_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'scim-sources-'));
    try {
      // every catalogue row is in the report whatever ran; one scenario of each area brings transcripts and IdP logs
      const run = spawnSync(process.execPath, [join(ROOT, 'bin/scim-conformance.js'), 'run', '--quiet', '--report-dir', dir,
        '--req', 'AP-USER-01,AWS-FILTER-01,RFC-READ-01,OKTA-CREATE-01,ENTRA-MAP-02,OL-PROV-01'],
        { cwd: ROOT, encoding: 'utf8', timeout: 590_000 });
      assert.equal(run.status, 0, `the run exits 0: ${run.stderr?.slice(-2000)}`);
      const reports = files(dir);
      assert.ok(reports.some((p) => p.endsWith('conformance.html')), 'the run wrote conformance.html');
      assertNoPrivateDocuments(reports);
      assertEveryRowLinks(readFileSync(join(dir, 'conformance.html'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assertNoPrivateDocuments([...files(join(ROOT, 'features')), join(ROOT, 'README.md'), join(ROOT, 'CHANGELOG.md'),
      ...files(join(ROOT, 'docs')).filter((p) => p.endsWith('.md'))]);
  });
});
