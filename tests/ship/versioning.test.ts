// Versions and stable ids: --version prints the package's version; a catalogue id never disappears, it is
// retired, and a retired id says so in `list`, in `--req` and in the lint. The retired mechanism is shown
// on a catalogue written here (the project's own catalogue has retired nothing yet).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../support/catalog/catalog.js';
import { lintFeatures } from '../../support/catalog/lint.js';
import { listMain } from '../../support/cli/list.js';
import { requirementSelection } from '../../support/cli/run.js';
import { UsageError } from '../../support/targets/target.js';
import { ROOT, run } from './helpers.js';

const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;

test('--version prints the package\'s version, and CHANGELOG.md has a section for it', async () => {
  const r = await run(process.execPath, ['bin/scim-conformance.js', '--version'], { cwd: ROOT });
  assert.equal(r.stdout.trim(), VERSION, r.stderr);
  assert.match(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## ${VERSION.replace(/\./g, '\\.')}\\b`, 'm'));
});

test('every catalogue id the suite has held is still a row or retired, never gone', () => {
  const held = readFileSync(join(ROOT, 'tests/ship/fixtures/catalog-ids.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const catalog = loadCatalog();
  const gone = held.filter((id) => !catalog.byId.has(id) && !catalog.retiredById.has(id));
  assert.deepEqual(gone, [], 'ids are never removed: retire them (catalog/requirements.yaml `retired:`)');
});

const ROW = (id: string, level = 'must') => `  - id: ${id}\n    section: RFC\n    level: ${level}\n    profile: all\n    judges: SP\n    unverified: false\n    behaviour: "Row ${id}."\n    rfc: [rfc7644:3.3]\n`;
const catalogText = (retired: string) => `title: t\nabout: a\nsections:\n  - code: RFC\n    title: RFC\nrequirements:\n${ROW('RFC-NEW-01')}${ROW('RFC-KEPT-01', 'should')}${retired}`;
const RETIRED = 'retired:\n  - id: RFC-OLD-01\n    version: 0.2.0\n    replacedBy: RFC-NEW-01\n    reason: split from RFC-KEPT-01\n  - id: RFC-GONE-01\n    version: 0.3.0\n    reason: no public source holds it\n';

test('a retired id is listed as retired, with its version and replacement, and refused by --req and the lint', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'scimc-retired-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'requirements.yaml');
  writeFileSync(file, catalogText(RETIRED));
  const catalog = loadCatalog(file);
  assert.deepEqual([...catalog.byId.keys()], ['RFC-NEW-01', 'RFC-KEPT-01'], 'a retired id is not a row: no verdict, no coverage check');

  const out: string[] = [];
  assert.equal(await listMain([], catalog, (s) => { out.push(s); }), 0);
  const text = out.join('');
  assert.match(text, /^RFC-OLD-01\s+RETIRED in 0\.2\.0, now RFC-NEW-01: split from RFC-KEPT-01$/m);
  assert.match(text, /^RFC-GONE-01\s+RETIRED in 0\.3\.0: no public source holds it$/m);
  assert.match(text, /2 requirements, 2 retired\n$/);

  out.length = 0;
  await listMain(['--format', 'json', '--tags', '@req:RFC-NEW-01'], catalog, (s) => { out.push(s); });
  const json = JSON.parse(out.join(''));
  assert.deepEqual(json.map((r: any) => [r.id, r.retired?.replacedBy]), [['RFC-NEW-01', undefined], ['RFC-OLD-01', 'RFC-NEW-01']],
    'asking for the new id also names the id it replaced');

  assert.throws(() => requirementSelection({ req: 'RFC-OLD-01' }, catalog),
    (e: Error) => e instanceof UsageError && e.message === '--req: RFC-OLD-01 was retired in scim-conformance 0.2.0; its checks are now RFC-NEW-01 (split from RFC-KEPT-01).');

  const features = join(dir, 'features');
  mkdirSync(features);
  writeFileSync(join(features, 'old.feature'), 'Feature: old\n\n  @req:RFC-OLD-01 @must\n  Rule: the old row\n\n    Scenario: still here\n      Given nothing\n');
  const problems = lintFeatures(features, catalog).map((p) => p.message);
  assert.ok(problems.some((m) => /names @req:RFC-OLD-01: RFC-OLD-01 was retired in scim-conformance 0\.2\.0; its checks are now RFC-NEW-01/.test(m)), problems.join('\n'));
});

test('a retired entry that is still a row, lacks its version, or names a replacement that is not a row is a catalogue error', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'scimc-retired-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cases: [string, RegExp][] = [
    ['retired:\n  - id: RFC-KEPT-01\n    version: 0.2.0\n    reason: r\n', /retired id RFC-KEPT-01 is also a live requirement/],
    ['retired:\n  - id: RFC-OLD-01\n    reason: r\n', /retired id RFC-OLD-01 needs the version that retired it and a reason/],
    ['retired:\n  - id: RFC-OLD-01\n    version: 0.2.0\n    replacedBy: RFC-NOPE-01\n    reason: r\n', /names RFC-NOPE-01 as its replacement, which is not a live requirement/],
  ];
  for (const [retired, message] of cases) {
    const file = join(dir, `${cases.findIndex((c) => c[0] === retired)}.yaml`);
    writeFileSync(file, catalogText(retired));
    assert.throws(() => loadCatalog(file), message);
  }
});
