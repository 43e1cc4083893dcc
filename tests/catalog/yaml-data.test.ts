// The catalogue's YAML is parsed once per content and kept as JSON under node_modules/.cache: the copy gives
// the same value, an edit is read as edited, and where nothing can be written the YAML is parsed as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readYamlData, yamlCacheDir } from '../../support/catalog/yaml-data.ts';
import { CATALOG_PATH } from '../../support/catalog/catalog.ts';
import { SOURCES_PATH } from '../../support/catalog/sources.ts';

function checkout(): { file: string; cache: string } {
  const root = mkdtempSync(join(tmpdir(), 'yaml-data-'));
  mkdirSync(join(root, 'catalog'));
  const file = join(root, 'catalog', 'requirements.yaml');
  return { file, cache: join(root, 'node_modules', '.cache', 'scim-conformance-data') };
}

test('the catalogue and its sources read through their parsed copies are what yaml parses', () => {
  for (const path of [CATALOG_PATH, SOURCES_PATH]) {
    assert.deepEqual(readYamlData(path), parse(readFileSync(path, 'utf8')));
    assert.deepEqual(readYamlData(path), parse(readFileSync(path, 'utf8')), 'and again, from the copy');
  }
});

test('a parsed copy is made once per content, and an edited file is read as edited', () => {
  const { file, cache } = checkout();
  writeFileSync(file, 'title: one\nrows: [a, b]\n');
  assert.equal(yamlCacheDir(file), cache);
  assert.deepEqual(readYamlData(file), { title: 'one', rows: ['a', 'b'] });
  assert.equal(readdirSync(cache).length, 1);
  assert.deepEqual(readYamlData(file), { title: 'one', rows: ['a', 'b'] });
  assert.equal(readdirSync(cache).length, 1, 'the same text: the same copy');
  writeFileSync(file, 'title: two\nrows: [a, b]\n');
  assert.deepEqual(readYamlData(file), { title: 'two', rows: ['a', 'b'] }, 'never the copy of the old text');
  assert.equal(readdirSync(cache).length, 2);
});

test('what JSON would not hold as it is gets no copy; invalid YAML still throws; an unwritable cache is no error', () => {
  const { file, cache } = checkout();
  writeFileSync(file, 'limit: .inf\n');
  assert.deepEqual(readYamlData(file), { limit: Infinity });
  assert.equal(existsSync(cache), false, 'Infinity would come back as null from JSON');
  writeFileSync(file, 'rows: [a, b\n');
  assert.throws(() => readYamlData(file));
  // a cache that cannot be made (its parent is a file: refused even to root, unlike a read-only folder)
  mkdirSync(join(cache, '..', '..'), { recursive: true });
  writeFileSync(join(cache, '..'), 'not a folder');
  writeFileSync(file, 'title: nowhere to keep a copy\n');
  assert.deepEqual(readYamlData(file), { title: 'nowhere to keep a copy' });
  assert.deepEqual(readYamlData(file), { title: 'nowhere to keep a copy' });
});
