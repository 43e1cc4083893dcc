// The repository's CLI runs from a compiled tree of its sources (scripts/compiled-tree.js): made once for a
// set of sources and reused, made anew when one changes, never made from a source that does not compile (the
// CLI then runs through tsx, which names the error), and it reaches the verdicts the sources reach.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledTree } from '../../scripts/compiled-tree.js';
import { runCli } from '../suite/helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A checkout to build in: the sources, data and inputs the tree is made from, without node_modules. */
function copyOfCheckout(): string {
  const root = mkdtempSync(join(tmpdir(), 'compiled-tree-'));
  for (const path of ['support', 'steps', 'fixtures', 'catalog', 'features', 'bin', 'cucumber.mjs', 'package.json', 'tsconfig.json', 'scripts/compiled-tree.js']) {
    cpSync(join(ROOT, path), join(root, path), { recursive: true });
  }
  return root;
}

test('a tree is made once for a set of sources, with imports as Node loads them, and made anew when a source changes', async (t) => {
  const root = copyOfCheckout();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const tree = (await compiledTree(root))!;
  assert.ok(tree?.startsWith(join(root, 'node_modules', '.cache', 'scim-conformance')), String(tree));
  const main = join(tree, 'support', 'cli', 'main.js');
  const index = readFileSync(join(tree, 'support', 'reference-server', 'index.js'), 'utf8');
  assert.match(index, /from "\.\/admin\.js"/, 'a relative .ts import becomes .js');
  assert.doesNotMatch(index, /from "[^"]*\.ts"/);
  assert.ok(existsSync(join(tree, 'fixtures', 'idp-profiles', 'okta-oin.js')), 'the dialect profiles are compiled');
  assert.ok(existsSync(join(tree, 'features', 'aws')) && existsSync(join(tree, 'catalog', 'requirements.yaml')), 'the data is linked in');
  assert.equal(JSON.parse(readFileSync(join(tree, 'package.json'), 'utf8')).type, 'module');
  const made = statSync(main).mtimeMs;

  assert.equal(await compiledTree(root), tree, 'the same sources reuse the tree');
  assert.equal(statSync(main).mtimeMs, made, 'and do not rebuild it');

  // trees left by earlier sources: one unused for two hours goes when a new tree is made, a recent one stays
  const cache = join(root, 'node_modules', '.cache', 'scim-conformance');
  const old = join(cache, 'left-two-hours-ago');
  const recent = join(cache, 'left-a-minute-ago');
  for (const [dir, ageMs] of [[old, 2 * 3600_000], [recent, 60_000]] as const) {
    mkdirSync(dir);
    const then = new Date(Date.now() - ageMs);
    utimesSync(dir, then, then);
  }
  appendFileSync(join(root, 'support', 'cli', 'paths.ts'), '\nexport const CHANGED = 1;\n');
  const changed = (await compiledTree(root))!;
  assert.ok(!existsSync(old) && existsSync(recent) && existsSync(tree), 'only the tree unused for hours is removed');
  assert.notEqual(changed, tree, 'a changed source makes a new tree');
  assert.match(readFileSync(join(changed, 'support', 'cli', 'paths.js'), 'utf8'), /CHANGED = 1/);

  appendFileSync(join(root, 'support', 'cli', 'paths.ts'), '\nexport const broken = ;\n');
  assert.equal(await compiledTree(root), undefined, 'a source that does not compile makes no tree');
});

test('the CLI reaches the same verdicts from the compiled tree as from the sources through tsx', async () => {
  const args = ['run', '--quiet', '--seed', '7', '--tags', '@req:AP-USER-03 or @req:RFC-USER-01 or @req:AP-GROUP-01'];
  const [compiled, sources] = await Promise.all([runCli(args), runCli(args, { env: { SCIM_CONFORMANCE_FROM_SOURCES: '1' } })]);
  assert.equal(compiled.code, 0, compiled.stderr);
  assert.equal(sources.code, 0, sources.stderr);
  const verdicts = (r: typeof compiled) => r.report!.requirements.map((q) => `${q.id} ${q.verdict}`).join('\n');
  assert.equal(verdicts(compiled), verdicts(sources));
  assert.match(verdicts(compiled), /AP-USER-03 PASS/);
});
