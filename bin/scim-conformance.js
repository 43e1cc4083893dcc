#!/usr/bin/env node
// Registers tsx for this process and, through NODE_OPTIONS, for cucumber's worker processes,
// then hands over to the CLI. The suite runs from its TypeScript sources: no build step.
import { register } from 'tsx/esm/api';

if (!/--import[= ]tsx\b/.test(process.env.NODE_OPTIONS ?? '')) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=tsx`.trim();
}
register();
const { main } = await import('../support/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
