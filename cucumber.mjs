// Profiles are test plans. The CLI (scim-conformance run) passes formats, tags, world parameters and
// parallelism on top of the chosen plan; running cucumber-js directly works for a quick look too.
// The repository loads the TypeScript sources (through tsx); the published package carries this file in
// lib/ beside the compiled JavaScript and no sources, so it loads the .js files there.
// .mjs, not .js: cucumber reads a .js file's package.json (through read-package-up, ~50 ms of each start)
// to learn whether it is an ES module; the extension says so.
import { existsSync } from 'node:fs';

const code = existsSync(new URL('./support/cucumber/world.ts', import.meta.url)) ? 'ts' : 'js';
const common = {
  paths: ['features/**/*.feature'],
  import: [`support/cucumber/**/*.${code}`, `steps/**/*.${code}`],
  strict: true,
};

export default { ...common };
export const core = { ...common, tags: 'not @idp and not @console' };
export const idp = { ...common, paths: ['features/idp/**/*.feature', 'features/abac/**/*.feature'] };
export const consolePlan = { ...common, paths: ['features/console/**/*.feature'] };
