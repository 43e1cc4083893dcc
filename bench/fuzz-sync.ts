// Benchmark of fuzz-sync: 200 histories of up to 30 steps per dialect against the embedded reference (the
// dialect's own SP profile), each history run through the dialect's engine over real HTTP on 127.0.0.1, read
// back and compared with the projection. Prints histories, steps and requests per dialect and the wall time.
// Run: node --import tsx bench/fuzz-sync.ts   (BENCH_RUNS, BENCH_STEPS, BENCH_DIALECTS=okta-aws,entra-aws to narrow it)
// Target (issue 11): every dialect converges, each in under 60 s on this machine.
import { PROFILES } from '../fixtures/idp-profiles/index.ts';
import { DIALECT_IDS, type DialectId } from '../support/idp/profile.ts';
import { openEmbedded } from '../support/targets/embedded.ts';
import { fuzzDialect } from '../support/sync-property/fuzz.ts';
import { firstDivergence } from '../support/sync-property/property.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const STEPS = Number(process.env.BENCH_STEPS ?? 30);
const SEED = Number(process.env.BENCH_SEED ?? 11);
const LIMIT_MS = 60_000;
const dialects = (process.env.BENCH_DIALECTS?.split(',') ?? DIALECT_IDS) as DialectId[];

let failed = false;
console.log(`fuzz-sync bench: ${RUNS} histories of up to ${STEPS} steps per dialect, seed ${SEED}`);
console.log('dialect                   sp    histories  steps  requests  converged  time      within 60 s');
for (const dialect of dialects) {
  const profile = PROFILES[dialect];
  const target = await openEmbedded({ spProfile: profile.spProfile, timeoutMs: 10_000 });
  let steps = 0; let requests = 0;
  try {
    const out = await fuzzDialect({ profile, target: { description: target.description, secrets: target.secrets, spProfile: profile.spProfile },
      run: { runId: 'bench1', seed: SEED, timeoutMs: 10_000 }, runs: RUNS, seed: SEED, maxSteps: STEPS, shrinkBudgetMs: 0,
      onHistory: (r) => { steps += r.steps.length; requests += r.transcript.length; } });
    const within = out.ms < LIMIT_MS;
    failed ||= !out.converged || !within;
    console.log(`${dialect.padEnd(25)} ${profile.spProfile.padEnd(5)} ${String(out.historiesRun).padStart(9)}  ${String(steps).padStart(5)}  ${String(requests).padStart(8)}  ${String(out.converged).padEnd(9)}  ${`${(out.ms / 1000).toFixed(1)} s`.padEnd(8)}  ${within ? 'yes' : 'NO'}`);
    if (out.counterexample) console.log(`  first divergence: ${firstDivergence(out.counterexample)?.message}`);
  } finally {
    await target[Symbol.asyncDispose]();
  }
}
process.exitCode = failed ? 1 : 0;
