// npm test: typecheck, the catalogue lint, then every tests/**/*.test.ts under node's test runner.
// Node 20's runner does not expand globs or find .ts files itself, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { if (name !== 'fixtures') out.push(...testFiles(path)); }
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

// Every temporary file the tests and the processes they start make (report folders, certify-client and fuzz-sync
// runs, Chromium's profiles) goes under one folder of this run, removed when the run ends, pass or fail, so
// that runs after runs do not fill the disk. SCIM_CONFORMANCE_KEEP_TEST_REPORTS=1 keeps it, and says where.
const runTmp = mkdtempSync(join(tmpdir(), 'scim-conformance-tests-'));
const keep = Boolean(process.env.SCIM_CONFORMANCE_KEEP_TEST_REPORTS);
process.on('exit', () => {
  if (keep) console.log(`(the tests' temporary files are kept in ${runTmp})`);
  else rmSync(runTmp, { recursive: true, force: true });
});
process.once('SIGINT', () => process.exit(130));

function step(title: string, command: string, args: string[]): void {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, TMPDIR: runTmp } });
  if (result.status !== 0) {
    console.error(`✖ ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

const only = process.argv.slice(2);
const TIMES = '.tmp/test-times.txt';
step('typecheck (tsc --noEmit)', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
step('catalogue lint', process.execPath, ['--import', 'tsx', 'support/catalog/lint.ts']);
// Three lanes on two cores: the files that mostly wait (throttling, timeouts, containers, a server's Retry-After)
// left a core idle about 40% of a two-lane run (13–14 min of wall time for 16 min of CPU in all), and a third lane
// fills it. The longest files start first (the longest-job-first rule), so the lanes end together rather than
// one waiting out a long file that started late; .tmp/test-times.txt, written by every run, says which are long.
// They alternate between whole-catalogue runs, which keep a core busy, and files that mostly wait.
const LANES = 3;
const LONGEST = ['tests/suite/mutants-aws.test.ts', 'tests/suite/real-sp.test.ts', 'tests/suite/mutants-rfc.test.ts', 'tests/suite/cleanup.test.ts',
  'tests/suite/variants.test.ts', 'tests/suite/hostile.test.ts', 'tests/suite/variants-aws.test.ts', 'tests/ship/package.test.ts', 'tests/suite/embedded.test.ts', 'tests/suite/targets.test.ts'];
const rank = (f: string) => { const i = LONGEST.indexOf(f.split(sep).join('/')); return i < 0 ? LONGEST.length : i; };
const files = only.length ? only : testFiles('tests').sort((a, b) => rank(a) - rank(b));
mkdirSync('.tmp', { recursive: true });
step(`tests (${files.length} files)`, process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${LANES}`,
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=./scripts/file-times-reporter.mjs', `--test-reporter-destination=${TIMES}`, ...files]);
console.log(`\n${readFileSync(TIMES, 'utf8').split('\n').slice(0, 11).join('\n')}\n(all of it: ${TIMES})`);
