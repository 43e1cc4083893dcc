// scim-conformance fuzz-sync: random directory histories per IdP dialect against a target; every history
// must leave the SP as the IdP means it. Takes every target and credential flag of `run` (options.ts,
// transport-flags.ts). Exit 0: every history converged; 1: a counterexample (written as a reproduction);
// 2: bad usage; 3: the target is unreachable.
import { randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DIALECT_IDS, type DialectId } from '../idp/profile.js';
import { PROFILES } from '../../fixtures/idp-profiles/index.js';
import { UsageError, type SpProfile, type Target } from '../targets/target.js';
import type { FaultName } from '../reference-server/scim/types.js';
import { loadCatalog } from '../catalog/catalog.js';
import { EXIT } from '../cli/exit-codes.js';
import { helpText, parseWithConfig, targetOptionSpecs, type OptionSpecs } from '../cli/options.js';
import { openTarget, parseReferenceChanges, parseTargetOptions, probeServed, type RunOptions } from '../cli/run.js';
import { measuredLags } from '../targets/capabilities.js';
import { traitsOf } from '../screenplay/tasks/rfc-traits.js';
import { LEDGER_FILE, namePrefix, newRunId } from '../cli/ledger.js';
import { sweepRun } from '../cli/sweep.js';
import { sweepReportDir } from '../report/redact.js';
import { fuzzDialect, REDIRECT_SETUP, type FuzzOutcome } from './fuzz.js';
import { firstDivergence } from './property.js';
import { sentence } from './vocabulary.js';
import { writeEvidence, writeReproduction, type DialectEvidence } from './reproduction.js';

const FUZZ_OWN: OptionSpecs = {
  idp: { type: 'string', arg: '<dialect>|all', help: `the IdP dialect (${DIALECT_IDS.join(', ')}) or all (default all)` },
  runs: { type: 'string', arg: 'N', help: 'histories per dialect (default 100)' },
  seed: { type: 'string', arg: 'S', help: 'the seed of the histories (printed by every run): pin it to replay them' },
  steps: { type: 'string', arg: 'M', help: 'at most this many steps per history (default 30)' },
  'report-dir': { type: 'string', arg: 'DIR', help: 'where fuzz-sync.json/html and reproductions/ go (default reports)' },
  'shrink-seconds': { type: 'string', arg: 'S', help: 'stop shrinking a counterexample after this long (default 60)' },
  faults: { type: 'string', arg: 'a,b', help: 'deliberate breakages of the embedded reference (suite self-test)' },
  variants: { type: 'string', arg: 'a,b', help: 'conformant variants of the embedded reference (every history must still converge)' },
  quiet: { type: 'boolean', help: 'print nothing but errors' },
};
const specs = () => ({ ...targetOptionSpecs(), ...FUZZ_OWN });

export const fuzzSyncHelp = () => helpText('fuzz-sync', 'random directory histories per IdP dialect; the SP must end as the IdP means it', specs(), [
  '--sp-profile: the SP\'s behaviour (aws or rfc; default: each dialect\'s own against the embedded reference, aws otherwise); a dialect is run only against the SP profile it is made for.',
  'A counterexample is shrunk and written to <report-dir>/reproductions/<dialect>-<seed>.feature; replay it with',
  '  scim-conformance run --target … --sp-profile <profile> --features <that file> --tags @reproduction',
  'Exit codes: 0 every history converged · 1 a counterexample · 2 bad usage · 3 target unreachable · 4 suite bug.',
]);

const whole = (name: string, raw: unknown, fallback: number, min: number, max: number): number => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, not "${String(raw)}".`);
  return n;
};

export interface FuzzSyncOptions {
  dialects: DialectId[];
  runs: number; seed: number; steps: number; shrinkMs: number;
  reportDir: string; quiet: boolean;
  /** Each dialect's SP profile, in order of the targets to open. */
  profiles: SpProfile[];
  faults: FaultName[];
  base: RunOptions;
}

export function parseFuzzSyncOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): FuzzSyncOptions {
  const values = parseWithConfig(argv, specs(), 'fuzz-sync') as Record<string, any>;
  const idp = String(values.idp ?? 'all');
  if (idp !== 'all' && !DIALECT_IDS.includes(idp as DialectId)) throw new UsageError(`--idp is one of ${DIALECT_IDS.join(', ')} or all, not "${idp}".`);
  const t = parseTargetOptions(values, env);
  const flag = values['sp-profile'] as string | undefined;
  if (flag !== undefined && !['aws', 'rfc', 'both'].includes(flag)) throw new UsageError(`--sp-profile is aws, rfc or both, not "${flag}".`);
  if (flag === 'both' && t.target !== 'embedded') throw new UsageError('--sp-profile both needs the embedded reference (one SP answers as one profile).');
  // against the embedded reference each dialect meets the SP it is made for; another target is one profile
  const spFilter: SpProfile | undefined = flag === 'aws' || flag === 'rfc' ? flag : t.target === 'embedded' ? undefined : 'aws';
  let dialects = idp === 'all' ? [...DIALECT_IDS] : [idp as DialectId];
  if (spFilter) {
    const off = dialects.filter((d) => PROFILES[d].spProfile !== spFilter);
    if (idp !== 'all' && off.length) throw new UsageError(`--idp ${idp} is made for ${PROFILES[idp as DialectId].spProfile} SPs: give --sp-profile ${PROFILES[idp as DialectId].spProfile}.`);
    dialects = dialects.filter((d) => PROFILES[d].spProfile === spFilter);
  }
  const { faults, variants } = parseReferenceChanges(values, t.target);
  const profiles = [...new Set(dialects.map((d) => PROFILES[d].spProfile))];
  const base = { ...t, spProfile: profiles[0] ?? 'aws', spProfiles: profiles, faults, variants, parallel: 0,
    reportDir: '', seed: 0, quiet: true, raw: values } as RunOptions;
  return {
    dialects, profiles, faults, base,
    runs: whole('runs', values.runs, 100, 1, 100_000),
    seed: whole('seed', values.seed, randomInt(1, 2 ** 31 - 1), 0, 2 ** 31 - 1),
    steps: whole('steps', values.steps, 30, 1, 500),
    shrinkMs: whole('shrink-seconds', values['shrink-seconds'], 60, 0, 86_400) * 1000,
    reportDir: resolve(String(values['report-dir'] ?? 'reports')),
    quiet: Boolean(values.quiet),
  };
}

/**
 * How long a failing observation is read again: the settle time, but only against an SP that showed the capability
 * probe a write late, in a list or in a read by id (a new group read by id answers 404 for a while on an SP whose
 * reads go to a replica). Shrinking re-runs many failing histories, and against an SP that answers at once the wait
 * would only slow down the search for a real divergence.
 */
export function observationSettleMs(target: Target, settleMs: number): number {
  const served = target.description.capabilities.served;
  return served && measuredLags(served).some((lag) => lag.late) ? settleMs : 0;
}

export async function fuzzSyncMain(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { process.stdout.write(`${fuzzSyncHelp()}\n`); return EXIT.ok; }
  const o = parseFuzzSyncOptions(argv);
  const log = (line: string) => { if (!o.quiet) process.stderr.write(`${line}\n`); };
  const out = (line: string) => { if (!o.quiet) process.stdout.write(`${line}\n`); };
  const startedAt = new Date().toISOString();
  const runId = newRunId();
  const prefix = namePrefix(runId);
  mkdirSync(o.reportDir, { recursive: true });
  const catalog = loadCatalog();
  const evidence: DialectEvidence[] = [];
  const secrets: (string | undefined)[] = [...o.base.transport.secrets];
  const cleanups = [];
  log(`scim-conformance fuzz-sync: ${o.dialects.length} dialect(s), ${o.runs} histories of up to ${o.steps} steps each, seed ${o.seed}`);
  log(`names this run creates start with ${prefix} (scim-conformance cleanup --prefix ${prefix.replace(/-$/, '')} removes what a killed run left)`);
  let targetId = '';
  for (const spProfile of o.profiles) {
    // one ledger per target (the embedded reference is one target per SP profile), swept with that target's token
    const ledger = join(o.reportDir, o.profiles.length > 1 ? LEDGER_FILE.replace('.ndjson', `-${spProfile}.ndjson`) : LEDGER_FILE);
    writeFileSync(ledger, '');
    const target: Target = await openTarget({ ...o.base, spProfile });
    targetId = target.description.id;
    // as run does: what the SP serves, and how late its lists show a new user (which sets the observation's wait)
    await probeServed(target, o.base, prefix, log);
    secrets.push(target.secrets.token, target.secrets.secondToken, target.secrets.adminToken);
    try {
      for (const dialect of o.dialects.filter((d) => PROFILES[d].spProfile === spProfile)) {
        const profile = PROFILES[dialect];
        // under rfc an SP may serve users only: its histories then leave groups alone (aws serves groups, so they stay)
        const scope = { groups: !(traitsOf(spProfile).groupsOptional && target.description.capabilities.served?.groups === false) };
        const outcome: FuzzOutcome = await fuzzDialect({ profile, scope, runs: o.runs, seed: o.seed, maxSteps: o.steps, shrinkBudgetMs: o.shrinkMs,
          target: { description: target.description, secrets: target.secrets, spProfile },
          run: { runId, seed: o.seed, timeoutMs: o.base.timeoutMs, settleMs: observationSettleMs(target, o.base.settleMs), ledger } });
        const { counterexample, ...rest } = outcome;
        const entry: DialectEvidence = { ...rest, spProfile };
        if (outcome.setupError) {
          out(outcome.setupError.startsWith(REDIRECT_SETUP) ? `${dialect}: no history of ${profile.vendor}'s can be judged against the target: ${outcome.setupError}`
            : `${dialect}: ${profile.vendor} could not connect to the target, so no history ran: ${outcome.setupError}`);
        } else if (counterexample) {
          const files = writeReproduction(o.reportDir, profile, counterexample, { seed: o.seed, catalog });
          const first = firstDivergence(counterexample);
          entry.counterexample = {
            history: counterexample.steps.map((s) => sentence(s, profile.vendor)), firstDivergence: first?.message, firstDivergenceThen: files.then,
            divergences: [...(counterexample.stepError ? [first!.message] : []), ...counterexample.checks.filter((c) => !c.ok).map((c) => c.message)],
            reproduction: files.feature, transcript: files.transcript, exchanges: counterexample.transcript.length,
          };
          out(`${dialect}: COUNTEREXAMPLE after ${outcome.runsToFind} histories, shrunk (${outcome.shrinks} shrinks) to ${counterexample.steps.length} steps: ${first?.message}`);
          out(`  reproduction: ${files.feature}`);
        } else {
          out(`${dialect}: ${outcome.historiesRun} histories converged (${(outcome.ms / 1000).toFixed(1)} s)`);
        }
        evidence.push(entry);
      }
    } finally {
      cleanups.push(await sweepRun({ ledgerPath: ledger, scimBase: target.description.scimBase, token: target.secrets.token, adminBase: target.description.adminBase,
        adminToken: target.secrets.adminToken, prefix, timeoutMs: o.base.timeoutMs }));
      await target[Symbol.asyncDispose]();
    }
  }
  const run = { seed: o.seed, runs: o.runs, steps: o.steps, runId, namePrefix: prefix, startedAt, finishedAt: new Date().toISOString(),
    target: { id: targetId, kind: o.base.target.split(':')[0] }, faults: o.faults, variants: o.base.variants ?? [], cleanup: cleanups };
  const files = writeEvidence(o.reportDir, run, evidence);
  sweepReportDir(o.reportDir, secrets);
  const failed = evidence.filter((e) => !e.converged);
  const unconnected = failed.filter((e) => e.setupError).length;
  out(failed.length ? `${failed.length - unconnected} of ${evidence.length} dialect(s) found a history the SP does not follow${unconnected ? `, ${unconnected} could not connect or be judged` : ''}: see ${files.html}.`
    : `Every history converged for ${evidence.length} dialect(s): ${files.html}. Replay with --seed ${o.seed}.`);
  return failed.length ? EXIT.failed : EXIT.ok;
}
