// The npm package as a user gets it: `npm pack`, then `npm i <tarball>` in an empty folder with no clone
// beside it, then `npx scim-conformance` against the embedded reference and against a url:. Also what the
// tarball must not carry (tests, benches, sources) and the types a user imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, run } from './helpers.js';

const EMBEDDED_PLAN = ['AP-ENABLE-01', 'RFC-CREATE-01', 'OL-PROV-01', 'ENTRA-MAP-01'];
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;

test('npm pack: the tarball installs into an empty folder and runs there, compiled, without tsx', { timeout: 240_000 }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'scimc-ship-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));

  const packed = await run('npm', ['pack', '--pack-destination', work, '--loglevel=error'], { cwd: ROOT });
  assert.equal(packed.code, 0, packed.stderr);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  assert.equal(tarball, `scim-conformance-${VERSION}.tgz`);

  const listed = await run('tar', ['tzf', join(work, tarball!)], { cwd: work });
  const files = listed.stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  for (const wanted of ['package.json', 'bin/scim-conformance.js', 'lib/support/cli/main.js', 'lib/support/targets/target.d.ts',
    'lib/support/report/types.d.ts', 'lib/cucumber.mjs', 'lib/catalog/requirements.yaml', 'CHANGELOG.md']) {
    assert.ok(files.includes(wanted), `the tarball carries ${wanted}`);
  }
  assert.ok(files.some((f) => /^lib\/features\/.+\.feature$/.test(f)), 'the features are in the tarball');
  assert.deepEqual(files.filter((f) => /^(tests|bench|scripts|support|steps|fixtures)\//.test(f)), [], 'no tests, benches, scripts or sources');
  assert.deepEqual(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), [], 'no TypeScript sources, only declarations');
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const dev of ['tsx', 'typescript', 'esbuild']) assert.ok(!(dev in manifest.dependencies), `${dev} is not a run-time dependency`);

  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{ "private": true, "type": "module" }\n');
  const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(work, tarball!)], { cwd: app });
  assert.equal(installed.code, 0, installed.stderr);
  assert.ok(!existsSync(join(app, 'node_modules', 'tsx')), 'tsx is not installed: the package runs compiled JavaScript');

  const version = await run('npx', ['scim-conformance', '--version'], { cwd: app });
  assert.equal(version.stdout.trim(), VERSION, version.stderr);

  // the embedded reference; every feature is parsed and every step loaded whatever the plan, and this plan also
  // reads what the compiled code finds by path: a mock IdP's payload template and the reproductions' transcripts
  const embedded = await run('npx', ['scim-conformance', 'run', '--tags', `@reproduction or ${EMBEDDED_PLAN.map((id) => `@req:${id}`).join(' or ')}`,
    '--seed', '14', '--quiet'], { cwd: app, timeoutMs: 150_000 });
  assert.equal(embedded.code, 0, embedded.stderr.slice(-2000));
  const report = JSON.parse(readFileSync(join(app, 'reports', 'conformance.json'), 'utf8'));
  assert.equal(report.run.version, VERSION, 'conformance.json names the version that judged');
  assert.deepEqual(report.requirements.filter((r: any) => EMBEDDED_PLAN.includes(r.id)).map((r: any) => `${r.id} ${r.verdict}`).sort(),
    EMBEDDED_PLAN.map((id) => `${id} PASS`).sort());
  assert.match(readFileSync(join(app, 'reports', 'cucumber-junit.xml'), 'utf8'), /<testsuite [^>]*tests="([1-9]\d*)"[^>]* failures="0"/, 'the reproductions replayed too');
  assert.ok(readFileSync(join(app, 'reports', 'conformance.html'), 'utf8').includes(`scim-conformance ${VERSION}`), 'the HTML report names the version');
  assert.match(readFileSync(join(app, 'reports', 'junit.xml'), 'utf8'), new RegExp(`<property name="scim-conformance.version" value="${VERSION.replace(/\./g, '\\.')}"/>`));

  // a url: target: the package's own `serve` in another process, reached over HTTP
  const serve = spawn(process.execPath, [join(app, 'node_modules/scim-conformance/bin/scim-conformance.js'), 'serve', '--port', '0', '--admin-token', 'ship-admin'],
    { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  t.after(() => { serve.kill('SIGTERM'); });
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    serve.stdout.on('data', (d) => { out += d; const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out); if (m) resolve(m[1]); });
    serve.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  const admin = async (path: string, body?: unknown) => (await fetch(`${origin}/admin${path}`, { method: 'POST',
    headers: { authorization: 'Bearer ship-admin', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })).json() as Promise<any>;
  const tenant = await admin('/tenants', { profile: 'rfc' });
  const enabled = await admin(`/tenants/${tenant.id}/provisioning`);
  const byUrl = await run('npx', ['scim-conformance', 'run', '--target', `url:${enabled.scimEndpoint}`, '--sp-profile', 'rfc', '--rate', '0',
    '--req', 'RFC-CREATE-01,RFC-FILTER-01', '--report-dir', 'url-reports', '--quiet'], { cwd: app, env: { SCIM_TOKEN: enabled.accessToken.token } });
  assert.equal(byUrl.code, 0, byUrl.stderr.slice(-2000));
  const urlReport = JSON.parse(readFileSync(join(app, 'url-reports', 'conformance.json'), 'utf8'));
  assert.equal(urlReport.run.target.kind, 'url');
  assert.deepEqual(urlReport.requirements.filter((r: any) => r.verdict === 'PASS').map((r: any) => r.id).sort(), ['RFC-CREATE-01', 'RFC-FILTER-01']);

  // what a user imports: the CLI's entry at run time, the Target interface and the report types for `import type`
  const imported = await run(process.execPath, ['--input-type=module', '-e', "const m = await import('scim-conformance'); console.log(m.VERSION, typeof m.main)"], { cwd: app });
  assert.equal(imported.stdout.trim(), `${VERSION} function`, imported.stderr);
  writeFileSync(join(app, 'uses-types.ts'), [
    "import type { Target, TargetDescription } from 'scim-conformance/target';",
    "import type { ConformanceReport, Result } from 'scim-conformance/report';",
    "import { main } from 'scim-conformance';",
    "export const failed: Result = 'FAIL';",
    'export const describe = (t: Target, d: TargetDescription, r: ConformanceReport): string => `${t.description.scimBase} ${d.kind} ${r.run.version}`;',
    'export const start: (argv: string[]) => Promise<number> = main;',
    '',
  ].join('\n'));
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2022', strict: true,
    noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')], lib: ['ES2023', 'ESNext.Disposable'] }, files: ['uses-types.ts'] }));
  const typed = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: app });
  assert.equal(typed.code, 0, `the package's exports give types: ${typed.stdout}${typed.stderr}`);
});
