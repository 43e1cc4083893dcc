// The CI recipes in docs/ci/ run as written: their `run:` steps (GitHub Actions), their `script:` (GitLab
// CI, inside the suite's image as GitLab's docker executor runs it) and their `sh` blocks (the baseline),
// against the reference image as the SP. Only the variables docs/ci/README.md documents are substituted;
// the actions a recipe uses are played by what they are documented to do (checkout, upload and download
// of artifacts, publishing JUnit), and an action or expression the test does not know fails it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REFERENCE_IMAGE, ROOT, SUITE_IMAGE, engineSkip, run, startReferenceImage, type ReferenceSp } from './helpers.js';

const CI_DOCS = join(ROOT, 'docs/ci');
const DOCUMENTED = ['SCIM_BASE_URL', 'SCIM_TOKEN', 'SCIM_CONFORMANCE_IMAGE', 'SP_IMAGE', 'SCIM_CONFORMANCE_FLAGS'];
// a must row the SP breaks on purpose (the baseline's entry), a must row and a should row it passes
const BROKEN = 'RFC-ERR-01';
const PLAN = ['RFC-CREATE-01', 'RFC-MEDIA-01', BROKEN];

test('docs/ci/README.md documents exactly the variables the recipes use and the test substitutes', () => {
  const readme = readFileSync(join(CI_DOCS, 'README.md'), 'utf8');
  const table = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(table.sort(), [...DOCUMENTED].sort());
  const recipes = readdirSync(CI_DOCS).filter((f) => /\.(ya?ml|md)$/.test(f) && f !== 'README.md');
  for (const file of recipes) {
    const text = readFileSync(join(CI_DOCS, file), 'utf8');
    const used = new Set([...text.matchAll(/\$\{?([A-Z][A-Z0-9_]+)\b/g), ...text.matchAll(/(?:secrets|vars)\.([A-Z0-9_]+)/g)].map((m) => m[1]));
    for (const name of used) if (name !== 'PWD') assert.ok(DOCUMENTED.includes(name), `${file} uses $${name}, which docs/ci/README.md does not document`);
  }
});

interface Context { values: Record<string, string>; repo: string; artifacts: Map<string, string>; work: string }

/** `${{ … }}` as GitHub evaluates it, for the expressions the recipes use in what runs. */
function expand(text: string, ctx: Context, matrix: Record<string, string> = {}): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const m = /^(secrets|vars|matrix)\.([A-Za-z0-9_]+)$/.exec(expr);
    if (m?.[1] === 'matrix' && m[2] in matrix) return matrix[m[2]];
    if (m && m[1] !== 'matrix' && m[2] in ctx.values) return ctx.values[m[2]];
    throw new Error(`the test cannot evaluate \${{ ${expr} }}: a recipe may only use the documented variables`);
  });
}

function jobEnv(ctx: Context, ...levels: (Record<string, string> | undefined)[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const level of levels) for (const [k, v] of Object.entries(level ?? {})) env[k] = DOCUMENTED.includes(k) ? ctx.values[k] : expand(String(v), ctx);
  return env;
}

async function sh(script: string, cwd: string, env: Record<string, string>, what: string): Promise<void> {
  const r = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, timeoutMs: 150_000 });
  assert.equal(r.code, 0, `${what} failed (exit ${r.code}):\n${script}\n${r.stdout.slice(-1500)}\n${r.stderr.slice(-2500)}`);
}

/** One GitHub Actions workflow, job after job (in `needs` order), each matrix entry in a fresh workspace. */
async function runWorkflow(file: string, ctx: Context): Promise<void> {
  const workflow = parse(readFileSync(join(CI_DOCS, file), 'utf8'));
  const done = new Set<string>();
  const names = Object.keys(workflow.jobs);
  while (done.size < names.length) {
    const name = names.find((n) => !done.has(n) && [workflow.jobs[n].needs ?? []].flat().every((x: string) => done.has(x)));
    assert.ok(name, `${file}: the jobs' needs form no order`);
    const job = workflow.jobs[name];
    const entries: Record<string, string>[] = job.strategy?.matrix?.include ?? [{}];
    for (const matrix of entries) {
      const workspace = mkdtempSync(join(ctx.work, `${name}-`));
      const env = jobEnv(ctx, workflow.env, job.env);
      for (const step of job.steps) {
        const label: string = `${file} ${name}${matrix.name ? `[${matrix.name}]` : ''} "${step.name ?? step.uses}"`;
        if (step.run) { await sh(expand(step.run, ctx, matrix), workspace, { ...env, ...jobEnv(ctx, step.env) }, label); continue; }
        const action = String(step.uses).split('@')[0];
        const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(String(v), ctx, matrix)]));
        if (action === 'actions/checkout') cpSync(ctx.repo, workspace, { recursive: true });
        else if (action === 'actions/upload-artifact') {
          assert.ok(existsSync(join(workspace, inputs.path)), `${label}: ${inputs.path} exists to upload`);
          const kept = join(ctx.work, 'artifacts', inputs.name);
          cpSync(join(workspace, inputs.path), kept, { recursive: true });
          ctx.artifacts.set(inputs.name, kept);
        } else if (action === 'actions/download-artifact') {
          // several artifacts matched by a pattern land in <path>/<artifact name>/ (merge-multiple is false)
          const pattern = new RegExp(`^${inputs.pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
          for (const [artifact, dir] of ctx.artifacts) if (pattern.test(artifact)) cpSync(dir, join(workspace, inputs.path, artifact), { recursive: true });
        } else if (action === 'mikepenz/action-junit-report') {
          assert.match(readFileSync(join(workspace, inputs.report_paths), 'utf8'), /<testsuites /, `${label}: a JUnit file to publish`);
        } else assert.fail(`${label}: the test does not know the action ${step.uses}`);
      }
    }
    done.add(name);
  }
}

/** The job of a GitLab CI file, its `script:` run in its `image:` as GitLab's docker executor does. */
async function runGitlabJob(file: string, ctx: Context): Promise<string> {
  const doc = parse(readFileSync(join(CI_DOCS, file), 'utf8'));
  const [name, job] = Object.entries<any>(doc).find(([, j]) => j && Array.isArray(j.script))!;
  const workspace = mkdtempSync(join(ctx.work, `${name}-`));
  cpSync(ctx.repo, workspace, { recursive: true });
  const env = { ...jobEnv(ctx, job.variables), ...Object.fromEntries(DOCUMENTED.map((k) => [k, ctx.values[k]])) };
  const image = String(job.image.name).replace(/^\$\{?([A-Z_]+)\}?$/, (_, v: string) => ctx.values[v]);
  const entrypoint = [job.image.entrypoint ?? []].flat().join(' ');
  const r = await run('docker', ['run', '--rm', '--network', 'host', '--entrypoint', entrypoint, '-v', `${workspace}:/builds/sp`, '-w', '/builds/sp',
    ...Object.keys(env).flatMap((k) => ['-e', k]), image, '/bin/sh', '-ec', job.script.join('\n')], { cwd: workspace, env, timeoutMs: 150_000 });
  assert.equal(r.code, 0, `${file} ${name} failed (exit ${r.code}):\n${r.stdout.slice(-1500)}\n${r.stderr.slice(-2500)}`);
  for (const path of job.artifacts.paths) assert.ok(existsSync(join(workspace, path)), `${file}: the artifact ${path} exists`);
  assert.match(readFileSync(join(workspace, job.artifacts.reports.junit), 'utf8'), /<testsuites /, `${file}: the JUnit report exists`);
  return workspace;
}

function verdicts(reportDir: string): Record<string, string> {
  const report = JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8'));
  return Object.fromEntries(report.requirements.filter((r: any) => PLAN.includes(r.id)).map((r: any) => [r.id, r.verdict]));
}
const EXPECTED = { 'RFC-CREATE-01': 'PASS', 'RFC-MEDIA-01': 'PASS', [BROKEN]: 'XFAIL' };

test('every recipe in docs/ci runs as written against the reference image, with a baseline kept in the SP\'s repository', { skip: engineSkip([REFERENCE_IMAGE, SUITE_IMAGE]), timeout: 420_000 }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'scimc-recipes-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  let sp: ReferenceSp | undefined;
  t.after(() => sp?.stop());
  sp = await startReferenceImage({ allowFaults: true });
  // an SP that breaks RFC-ERR-01 (a numeric "status" in its error bodies), as a real one might
  const tenant = await sp.tenant('rfc', ['numeric-error-status']);
  const repo = join(work, 'sp-repo');
  mkdirSync(repo);
  const ctx: Context = { repo, work, artifacts: new Map(), values: {
    SCIM_BASE_URL: tenant.scimBase, SCIM_TOKEN: tenant.token, SCIM_CONFORMANCE_IMAGE: SUITE_IMAGE, SP_IMAGE: REFERENCE_IMAGE,
    SCIM_CONFORMANCE_FLAGS: `--req ${PLAN.join(',')} --rate 0`,
  } };

  await t.test('baseline.md: the first run and the baseline it starts, committed in the SP\'s repository', async () => {
    const blocks = [...readFileSync(join(CI_DOCS, 'baseline.md'), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.equal(blocks.length, 2, 'the start, then the run with the baseline');
    await sh(blocks[0], repo, ctx.values, 'baseline.md, starting the baseline');
    const baseline = parse(readFileSync(join(repo, 'scim-conformance.baseline.yaml'), 'utf8'));
    assert.deepEqual(baseline.entries.map((e: any) => e.id), [BROKEN], 'the baseline holds the one row the SP fails');
    rmSync(join(repo, 'reports'), { recursive: true, force: true });
    await sh(blocks[1], repo, ctx.values, 'baseline.md, the run with the baseline');
    assert.deepEqual(verdicts(join(repo, 'reports')), EXPECTED);
    rmSync(join(repo, 'reports'), { recursive: true, force: true });
  });

  await t.test('github-actions.yml: the suite beside the SP, JUnit published, the HTML report kept', async () => {
    await runWorkflow('github-actions.yml', ctx);
    const report = ctx.artifacts.get('scim-conformance-report')!;
    assert.ok(existsSync(join(report, 'conformance.html')), 'the HTML report is the artifact');
    assert.deepEqual(verdicts(report), EXPECTED);
  });

  await t.test('gitlab-ci.yml: the job in the suite\'s image, JUnit and the report as artifacts', async () => {
    const workspace = await runGitlabJob('gitlab-ci.yml', ctx);
    assert.deepEqual(verdicts(join(workspace, 'reports')), EXPECTED);
  });

  await t.test('github-actions-sharded.yml: shards by --tags, merged into one report', async () => {
    ctx.artifacts.clear();
    await runWorkflow('github-actions-sharded.yml', ctx);
    assert.deepEqual([...ctx.artifacts.keys()].sort(), ['scim-conformance-report', 'scim-conformance-shard-must', 'scim-conformance-shard-rest']);
    const shard = (name: string) => JSON.parse(readFileSync(join(ctx.artifacts.get(`scim-conformance-shard-${name}`)!, 'conformance.json'), 'utf8'));
    const ran = (report: any) => report.requirements.filter((r: any) => r.verdict !== 'NOT-RUN' && r.verdict !== 'NOT-APPLICABLE').map((r: any) => r.id).sort();
    assert.deepEqual(ran(shard('must')), ['RFC-CREATE-01', BROKEN], 'the must shard ran the must rows');
    assert.deepEqual(ran(shard('rest')), ['RFC-MEDIA-01'], 'the other shard ran the rest');
    assert.deepEqual(verdicts(ctx.artifacts.get('scim-conformance-report')!), EXPECTED, 'the merged report holds both shards');
  });
});
