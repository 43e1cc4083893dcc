// The repository's suite, compiled once to JavaScript for the CLI to run: the layout of lib/ (what the
// package ships), made by esbuild in about half a second and kept under node_modules/.cache/ by a hash of
// the sources. Loading the TypeScript through tsx's hooks cost about 1.5 s of CPU at every start (a loader
// thread answering each import, and a source map parsed for each module, cucumber's own included); a
// compiled tree starts as the package does. The tree for the current sources is reused until they change.
// bin/scim-conformance.js falls back to tsx when esbuild is missing or the build fails (tsx then reports a
// syntax error as it always has), and SCIM_CONFORMANCE_FROM_SOURCES=1 asks for tsx outright.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Where the TypeScript lives: compiled file for file, as tsconfig.build.json compiles it for lib/. */
const CODE_DIRS = ['support', 'steps', join('fixtures', 'idp-profiles')];
/** Read at run time by paths relative to the modules: linked into the tree, never copied. */
const DATA = ['catalog', 'features'];
/** Files whose change makes a new tree even though no source changed. */
const INPUTS = ['bin/scim-conformance.js', 'cucumber.mjs', 'package.json', 'tsconfig.json', 'scripts/compiled-tree.js'];
/** Where the trees are kept, under a checkout's root. */
export const cacheDir = (root = ROOT) => join(root, 'node_modules', '.cache', 'scim-conformance');
/**
 * When a new tree is made, the others go once unused for an hour; beyond the newest few, after a quarter of
 * an hour. A process touches its tree as it starts and every few minutes while it lives (a run imports some
 * modules late, so a tree in use must stay, however long the run).
 */
const STALE_MS = 3600_000;
const KEEP = 4;
const CROWDED_STALE_MS = 15 * 60_000;
const TOUCH_EVERY_MS = 4 * 60_000;

function inUse(dir) {
  const touch = () => { try { const now = new Date(); utimesSync(dir, now, now); } catch { /* replaced meanwhile */ } };
  touch();
  setInterval(touch, TOUCH_EVERY_MS).unref();
}

function sourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
    }
  };
  for (const dir of CODE_DIRS) walk(dir);
  return out.sort();
}

/** esbuild leaves every import as it is, but a relative `.ts` becomes `.js` (tsc's rewriteRelativeImportExtensions). */
const keepImports = {
  name: 'keep-imports',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => ({ path: args.path.replace(/\.ts$/, '.js'), external: true }));
  },
};

/**
 * The folder of the compiled tree for the sources as they are now (made if needed), or undefined when it
 * cannot be made here. `root` is the checkout (a test passes a copy).
 */
export async function compiledTree(root = ROOT) {
  // esbuild's version names the tree too; esbuild itself loads only when a tree is made
  let esbuildVersion;
  try { esbuildVersion = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('esbuild/package.json'), 'utf8')).version; } catch { return undefined; }
  const files = sourceFiles(root);
  const hash = createHash('sha256').update(`esbuild ${esbuildVersion}\0`);
  for (const file of [...files, ...INPUTS]) hash.update(`${file}\0`).update(readFileSync(join(root, file))).update('\0');
  const dir = join(cacheDir(root), hash.digest('hex').slice(0, 20));
  if (existsSync(join(dir, 'support', 'cli', 'main.js'))) {
    inUse(dir);
    return dir;
  }
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  try {
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: files.map((f) => join(root, f)), outdir: building, outbase: root,
      bundle: true, packages: 'external', plugins: [keepImports],
      format: 'esm', platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'silent',
    });
    for (const name of DATA) symlinkSync(join(root, name), join(building, name), 'dir');
    // fixtures/: the compiled dialect profiles beside links to the rest (payloads, transcripts, expectations…)
    for (const entry of readdirSync(join(root, 'fixtures'))) {
      if (entry !== 'idp-profiles') symlinkSync(join(root, 'fixtures', entry), join(building, 'fixtures', entry));
    }
    copyFileSync(join(root, 'cucumber.mjs'), join(building, 'cucumber.mjs'));
    const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    writeFileSync(join(building, 'package.json'), `${JSON.stringify({ name: `${name}-compiled`, version, private: true, type: 'module',
      description: `${name} compiled from ${relative(building, root)}; made and reused by bin/scim-conformance.js` }, null, 2)}\n`);
    try {
      renameSync(building, dir);
    } catch {
      // another process made the same tree first: theirs is the same
      rmSync(building, { recursive: true, force: true });
      if (!existsSync(join(dir, 'support', 'cli', 'main.js'))) return undefined;
    }
  } catch {
    rmSync(building, { recursive: true, force: true });
    return undefined;
  }
  inUse(dir);
  removeStaleTrees(cacheDir(root), dir);
  return dir;
}

function removeStaleTrees(cache, keep) {
  const trees = [];
  for (const name of readdirSync(cache)) {
    const path = join(cache, name);
    if (path === keep) continue;
    try { trees.push({ path, unusedMs: Date.now() - statSync(path).mtimeMs }); } catch { /* gone already */ }
  }
  trees.sort((a, b) => a.unusedMs - b.unusedMs);
  trees.forEach((tree, i) => {
    if (tree.unusedMs > STALE_MS || (i >= KEEP - 1 && tree.unusedMs > CROWDED_STALE_MS)) rmSync(tree.path, { recursive: true, force: true });
  });
}
