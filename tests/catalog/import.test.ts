// The project's copy of the catalogue is made from the source catalogue by scripts/import-catalog.ts. Rows the
// project revised (an audit found the source row stricter than its clause) carry `revised:`, and the checks follow
// their text: a re-import must keep them as they are, and take every other row from the source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { loadCatalog } from '../../support/catalog/catalog.ts';

const SCRIPT = fileURLToPath(new URL('../../scripts/import-catalog.ts', import.meta.url));

const SOURCE = `# Requirements catalogue

A small catalogue.

## AP — automatic provisioning

| ID | Behaviour | Level | Profile | Judges |
|---|---|---|---|---|
| AP-USER-03 | A user's multi-valued attributes hold one value each (7643 §4.1.2) | must | aws | SP |

## RFC — core protocol (RFC 7643, RFC 7644)

| ID | Behaviour | Level | Profile | Judges |
|---|---|---|---|---|
| RFC-READ-01 | GET by id returns the resource; an unknown id is 404 (7644 §3.4.1) | must | all | SP |
| RFC-PAGE-01 | startIndex/count paging returns every resource exactly once, in the source's new words (7644 §3.4.2.4) | must | rfc | SP |
`;

async function importInto(previous: object): Promise<{ rows: Map<string, Record<string, unknown>>; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'scimc-import-'));
  mkdirSync(join(dir, 'catalog'));
  writeFileSync(join(dir, 'requirements.md'), SOURCE);
  writeFileSync(join(dir, 'catalog', 'requirements.yaml'), stringify(previous));
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', import.meta.resolve('tsx'), SCRIPT, join(dir, 'requirements.md')], { cwd: dir });
  const doc = parse(readFileSync(join(dir, 'catalog', 'requirements.yaml'), 'utf8')) as { requirements: Record<string, unknown>[] };
  return { rows: new Map(doc.requirements.map((r) => [r.id as string, r])), out: stdout + stderr };
}

test('a re-import keeps the rows this copy revised, and takes every other row from the source', { timeout: 60_000 }, async () => {
  const revisedRead = {
    id: 'RFC-READ-01', section: 'RFC', level: 'must', profile: 'all', judges: 'SP', unverified: false,
    behaviour: 'GET by id returns the resource; an unknown id is refused, 404 a should (7644 §3.4.1)', rfc: ['rfc7644:3.4.1'],
    revised: { date: '2026-12-05', why: 'Refusing is the MUST; 404 is what Table 8 recommends.' },
  };
  const stalePage = { id: 'RFC-PAGE-01', section: 'RFC', level: 'must', profile: 'rfc', judges: 'SP', unverified: false, behaviour: 'the old words' };
  const { rows, out } = await importInto({ requirements: [revisedRead, stalePage] });
  assert.deepEqual(rows.get('RFC-READ-01'), revisedRead, 'the revised row is kept whole, its revision with it');
  assert.match(String(rows.get('RFC-PAGE-01')?.behaviour), /in the source's new words/, 'a row without a revision follows the source');
  assert.equal(rows.get('RFC-PAGE-01')?.revised, undefined);
  assert.ok(rows.has('AP-USER-03'));
  assert.match(out, /1 kept as this copy revised them/);
});

test('a revised row whose level the source has since moved is kept, and the import says to reconcile it', { timeout: 60_000 }, async () => {
  const { rows, out } = await importInto({ requirements: [{
    id: 'RFC-READ-01', section: 'RFC', level: 'should', profile: 'all', judges: 'SP', unverified: false, behaviour: 'mine', revised: { date: '2026-12-05', why: 'why' },
  }] });
  assert.equal(rows.get('RFC-READ-01')?.behaviour, 'mine');
  assert.match(out, /RFC-READ-01: kept this copy's revision, but the source now gives another level/);
});

test('every revision in the project\'s copy says when and why, in words that cite what the row cites', () => {
  const revised = loadCatalog().requirements.filter((r) => r.revised);
  assert.ok(revised.length >= 10, `the rows the audits revised are marked (${revised.length})`);
  for (const r of revised) {
    assert.match(r.revised!.date, /^\d{4}-\d{2}-\d{2}$/, r.id);
    assert.match(r.revised!.why, /RFC \d{4}|Table \d/, `${r.id}'s why names the clause behind it`);
  }
  const patch = loadCatalog().byId.get('RFC-PATCH-01')!;
  assert.doesNotMatch(patch.behaviour, /a remove or replace whose filter matches nothing/, 'RFC-PATCH-01 no longer forbids what §3.5.2.2 allows');
  assert.match(patch.behaviour, /A remove whose filter matches nothing is refused with noTarget or answered as done/);
});
