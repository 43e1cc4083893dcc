#!/usr/bin/env node
// In the repository the suite runs from its TypeScript sources, compiled to a cached JavaScript tree
// (scripts/compiled-tree.js) that starts as fast as the package; without esbuild, or with
// SCIM_CONFORMANCE_FROM_SOURCES=1, tsx is registered for this process and, through NODE_OPTIONS, for
// cucumber's worker processes. The published package carries no sources but the compiled JavaScript in
// lib/ (scripts/build-package.sh), which starts without either.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const sources = new URL('../support/cli/main.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const tree = process.env.SCIM_CONFORMANCE_FROM_SOURCES ? undefined
    : await import(new URL('../scripts/compiled-tree.js', import.meta.url).href).then((m) => m.compiledTree(), () => undefined);
  if (tree) {
    ({ main } = await import(pathToFileURL(join(tree, 'support', 'cli', 'main.js')).href));
  } else {
    if (!/--import[= ]tsx\b/.test(process.env.NODE_OPTIONS ?? '')) {
      process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=tsx`.trim();
    }
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import(sources.href));
  }
} else {
  // this file is bin/ of the package (lib/ beside it) or lib/bin/
  const compiled = ['../lib/support/cli/main.js', '../support/cli/main.js'].map((p) => new URL(p, import.meta.url)).find((u) => existsSync(u));
  if (!compiled) {
    console.error('scim-conformance is incomplete: neither its sources nor lib/ (npm run build:package) are here.');
    process.exit(4);
  }
  ({ main } = await import(compiled.href));
}
process.exitCode = await main(process.argv.slice(2));
