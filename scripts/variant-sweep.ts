// Lawful variants met together. npm test runs each conformant variant alone (or in two fixed groups), but a real
// SP makes several lawful choices at once, and a check may hold with each alone yet not with two. This draws
// random sets of variants (seeded, so a finding replays), runs the catalogue against each in one batch, and names:
//   - every row or reproduction a set turns red beyond what its variants truly break (a false red: the suite
//     mistakes two legal choices for a deviation);
//   - every RFC row a set leaves BLOCKED, and every row BLOCKED by an RFC row (unjudged on an SP that may well break it);
//   - every run much slower than the plain reference where no variant in the set is slow by design (a wait a
//     lawful SP should not cost: a check that waited out a lag the SP does not have).
// It found both kinds on 2026-12-05: no-display-name made the probe measure a read lag that was not there (71 s
// for a 5 s catalogue), and no-name-or-active made every "is inactive" wait the whole settle time.
//
//   npm run sweep:variants -- [--sets 20] [--size 3] [--seed N] [--profile rfc|aws] [--with-faults] [--fault F] [--console] [--with V] [--pairs | --triples] [--without V,W] [--from N] [--list]
//
// --pairs: rather than --sets random draws, as many sets of --size as it takes for every two variants of the pool to
// meet in one (a greedy covering, seeded): random draws of 5 had left pairs unmet for weeks, and it is pairs that
// turned rows red (public-host-location beside relative-location, say). A variant that truly breaks a row can still
// hide another's false red in that row; --size 4 or 5 keeps such sets small. With --with-faults, every fault of the
// mutant table meets every lawful variant once, in sets of a fault and size-1 variants (--fault F: that fault only).
// --triples: every three lawful variants meet (about 3,000 sets of 5 under rfc, an hour here).
// --list: print the sets a sweep would run, and how many, without running them.
// --without V,W: leave those variants out of the pool (the lagging ones, say, whose sets take 20–50 s each).
// --from N: start at the Nth set of the seed's draws (a sweep cut short resumes where it stopped).
// --with V: every set holds the variant V (a new one met with the others), and the rest are drawn as usual.
// --fault F: with --with-faults, every set's fault is F (a new fault met with lawful variants), from the mutant table's
// row for the profile.
//
// --console: the @console plan (the AWS console in Chromium, aws profile only) rather than the HTTP plan. Its
// scenarios drive tokens through the browser and then call SCIM with them, so a lawful SP's shapes and lags reach
// them too.
//
// --with-faults: each set is one fault of the mutant table (tests/suite/mutants.ts) and size-1 lawful variants, and
// the set must fail exactly the fault's rows and what its variants break. A fault's row that passes is a fault a
// lawful choice hides (a false pass); one UNSUPPORTED or BLOCKED there is only noted, since the check cannot run, and so
// is one that passes beside a variant that takes away what the fault corrupts (UNREACHABLE_BESIDE in
// tests/suite/helpers.ts: no PATCH to apply halfway); a row more is a false red.
//
// Exit 1 when it names anything, 0 otherwise. Not part of npm test: 20 sets take 3–6 minutes here.
import { parseArgs } from 'node:util';
import { LAWFUL_UNDER_AWS, VARIANTS, type VariantName } from '../support/reference-server/scim/variants.js';
import { failing, inOneProcess, lawfulBreaks, reasonsOf, resultOf, unreachableBeside } from '../tests/suite/helpers.js';
import { MUTANTS } from '../tests/suite/mutants.js';

const { values } = parseArgs({ options: {
  sets: { type: 'string', default: '20' }, size: { type: 'string', default: '3' },
  seed: { type: 'string', default: String(Date.now() % 100_000) }, profile: { type: 'string', default: 'rfc' },
  'with-faults': { type: 'boolean', default: false }, console: { type: 'boolean', default: false }, with: { type: 'string' },
  fault: { type: 'string' }, pairs: { type: 'boolean', default: false }, triples: { type: 'boolean', default: false }, list: { type: 'boolean', default: false }, without: { type: 'string' }, from: { type: 'string', default: '1' },
} });
const pairwise = values.pairs! || values.triples!;
const strength = values.triples ? 3 : 2;
const withFaults = values['with-faults']!;
const consolePlan = values.console!;
const sets = Number(values.sets), size = Number(values.size), seed = Number(values.seed), profile = values.profile!;
const always = values.with as VariantName | undefined;
const mutants = MUTANTS.filter((m) => m.profile === profile && !m.variants && (values.fault === undefined || m.fault === values.fault));
const noSuchFault = values.fault !== undefined && (!withFaults || !mutants.length);
if (!['rfc', 'aws'].includes(profile) || !(sets > 0) || !(size > 0) || !Number.isInteger(seed) || (always !== undefined && !(always in VARIANTS)) || noSuchFault) {
  console.error(`usage: npm run sweep:variants -- [--sets N>0] [--size N>0] [--seed integer] [--profile rfc|aws] [--with-faults] [--fault <fault>] [--console] [--with <variant>]${always !== undefined && !(always in VARIANTS) ? `\n"${always}" is not a variant` : ''}${noSuchFault ? `\n--fault "${values.fault}": ${withFaults ? `no row of the mutant table holds it under ${profile}` : 'it takes --with-faults'}` : ''}`);
  process.exit(2);
}
if (pairwise && (always !== undefined || size < strength || (values.pairs && values.triples) || (withFaults && values.triples))) {
  console.error('--pairs: every two lawful variants (or, with --with-faults, every fault and lawful variant) meet; --triples: every three lawful variants. Each takes a --size of at least that many, and no --with; --triples takes no --with-faults');
  process.exit(2);
}
if (consolePlan && (profile !== 'aws' || withFaults)) {
  console.error('--console: the @console plan is the AWS console\'s, so it takes --profile aws, and no --with-faults (the mutant table runs its faults on the HTTP plan)');
  process.exit(2);
}

/** Variants that cost time by design: each answer or read waits out a lag of its own. */
const SLOW_BY_DESIGN = new Set<VariantName>(['lagging-lists', 'lagging-reads', 'lagging-creates']);
/** Choices one SP cannot make together. */
const EXCLUSIVE: VariantName[][] = [['users-only', 'users-only-501'],
  // two spellings of one /ResourceTypes endpoint: together the reference writes the base's path without its slash
  // ("/scim/v2Users"), which no SP answers (variants.test.ts runs them apart too)
  ['endpoints-without-slash', 'endpoints-with-base-path']];
/** How much slower than the plain run a set may be before it is named. */
const SLOWER = 3;

const left = new Set((values.without ?? '').split(',').filter(Boolean));
const notVariants = [...left].filter((v) => !(v in VARIANTS));
if (notVariants.length) {
  console.error(`--without: ${notVariants.map((v) => `"${v}"`).join(', ')} ${notVariants.length === 1 ? 'is not a variant' : 'are not variants'}`);
  process.exit(2);
}
const pool: VariantName[] = (profile === 'aws' ? [...LAWFUL_UNDER_AWS] : Object.keys(VARIANTS) as VariantName[]).filter((v) => !left.has(v));
if (size > pool.length) {
  console.error(`--size ${size}: the ${profile} profile has ${pool.length} lawful variants`);
  process.exit(2);
}

// a small seeded generator (LCG): the same --seed draws the same sets
let state = seed >>> 0;
const next = () => { state = (Math.imul(state, 1664525) + 1013904223) >>> 0; return state / 2 ** 32; };
interface Draw { variants: VariantName[]; mutant?: (typeof mutants)[number] }
const draws: Draw[] = pairwise ? (withFaults ? meetEveryFault() : coverEvery(strength)) : [];
while (!pairwise && draws.length < sets) {
  const mutant = withFaults ? mutants[Math.floor(next() * mutants.length)] : undefined;
  const set = new Set<VariantName>(always ? [always] : []);
  while (set.size < size - (mutant ? 1 : 0)) set.add(pool[Math.floor(next() * pool.length)]);
  if (EXCLUSIVE.some((pair) => pair.every((v) => set.has(v)))) continue;
  draws.push({ variants: [...set].sort(), mutant });
}

/**
 * Sets of `size` in which every `strength` variants of the pool (2 with --pairs, 3 with --triples) that one SP can
 * combine meet at least once: each set starts from a combination not yet met and grows by the variant that meets the
 * most combinations not yet met (ties drawn by the seed).
 */
function coverEvery(strength: number): Draw[] {
  const key = (vs: VariantName[]) => [...vs].sort().join(' ');
  const combinable = (vs: VariantName[]) => !EXCLUSIVE.some((pair) => pair.every((v) => vs.includes(v)));
  /** The combinations of `k` taken from `from`. */
  const choose = <T>(from: T[], k: number): T[][] => (k === 0 ? [[]] : from.flatMap((x, i) => choose(from.slice(i + 1), k - 1).map((rest) => [x, ...rest])));
  const unmet = new Set(choose(pool, strength).filter(combinable).map(key));
  const out: Draw[] = [];
  while (unmet.size) {
    const open = [...unmet];
    const set = open[Math.floor(next() * open.length)]!.split(' ') as VariantName[];
    while (set.length < size) {
      let best: VariantName[] = []; let most = -1;
      for (const v of pool) {
        if (set.includes(v) || !combinable([...set, v])) continue;
        const meets = choose(set, strength - 1).filter((others) => unmet.has(key([v, ...others]))).length;
        if (meets > most) { most = meets; best = [v]; } else if (meets === most) best.push(v);
      }
      if (!best.length) break;
      set.push(best[Math.floor(next() * best.length)]!);
    }
    for (const met of choose(set, strength)) unmet.delete(key(met));
    out.push({ variants: set.sort() });
  }
  return out;
}

/**
 * With --with-faults: for each fault of the mutant table, sets of size-1 lawful variants that together hold every
 * variant of the pool once (a seeded shuffle, cut in turn), so every fault meets every lawful variant: a lawful choice
 * that hides a fault (a false pass) or adds a red beside it shows wherever it is.
 */
function meetEveryFault(): Draw[] {
  const out: Draw[] = [];
  const per = size - 1;
  for (const mutant of mutants) {
    const left = [...pool];
    for (let i = left.length - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [left[i], left[j]] = [left[j]!, left[i]!]; }
    while (left.length) {
      const set: VariantName[] = [];
      for (let i = 0; i < left.length && set.length < per;) {
        const v = left[i]!;
        if (EXCLUSIVE.some((pair) => pair.includes(v) && set.some((w) => w !== v && pair.includes(w)))) { i++; continue; }
        set.push(v);
        left.splice(i, 1);
      }
      out.push({ variants: set.sort(), mutant });
    }
  }
  return out;
}

// --from N: resume a sweep at its Nth set (the draws are the seed's, so the sets before it are the ones already run)
const from = Number(values.from);
if (!Number.isInteger(from) || from < 1 || from > Math.max(draws.length, 1)) {
  console.error(`--from takes a set number from 1 to ${draws.length}, not ${values.from}`);
  process.exit(2);
}
draws.splice(0, from - 1);

if (values.list) { // --list: the sets this sweep would run, without running them
  for (const d of draws) console.log([...(d.mutant ? [`fault ${[d.mutant.fault, ...(d.mutant.withFaults ?? [])].join('+')}`] : []), ...d.variants].join(','));
  console.log(`${draws.length} sets`);
  process.exit(0);
}

// a mutant row may pair its fault with others (withFaults): the set runs them all, as the mutant table does
const faultsOf = (mutant: NonNullable<Draw['mutant']>) => [mutant.fault, ...(mutant.withFaults ?? [])];
const args = ({ variants, mutant }: Draw) => ['run', ...(variants.length ? ['--variants', variants.join(',')] : []), ...(mutant ? ['--faults', faultsOf(mutant).join(',')] : []),
  '--sp-profile', profile, '--seed', String(seed), '--quiet', '--tags', consolePlan ? '@console' : mutant?.tags ?? 'not @console'];
// the plain reference first: the yardstick for time, and proof that the catalogue passes here at all
const runOf = inOneProcess([args({ variants: [] }), ...draws.map(args)], { timeoutMs: 600_000 });
console.log(`sweep: ${draws.length} sets${from > 1 ? ` (from the ${from}th of the seed's draws)` : ''} of ${size} ${withFaults ? '(a fault and lawful variants)' : 'lawful variants'} under ${profile}${consolePlan ? ', @console plan' : ''}, seed ${seed}`);

let named = 0;
const timed = async (i: number) => { const run = await runOf(i); return { run, seconds: run.seconds ?? 0 }; };
const plain = await timed(0);
if (!plain.run.report || failing(plain.run.report).length) {
  console.error(`the plain reference does not pass under ${profile}: ${plain.run.report ? failing(plain.run.report).join(', ') : plain.run.stderr}`);
  process.exit(1);
}
for (const [i, draw] of draws.entries()) {
  const { run, seconds } = await timed(i + 1);
  const label = [...(draw.mutant ? [`fault ${faultsOf(draw.mutant).join('+')}`] : []), ...draw.variants].join(',');
  if (!run.report) { named++; console.log(`✖ ${label}: no report (exit ${run.code})\n${run.stderr.trim()}`); continue; }
  const expected = [...new Set([...(draw.mutant?.breaks ?? []), ...lawfulBreaks(draw.variants, (v) => VARIANTS[v as VariantName].breaks)])];
  const failed = failing(run.report);
  const extra = failed.filter((id) => !expected.includes(id));
  // a row the fault breaks that PASSes here is a false pass; one not judged here (UNSUPPORTED, BLOCKED by another red
  // row) only cannot see it: noted, not named
  const verdict = (id: string) => resultOf(run.report!, id) ?? 'PASS';
  const unseen = draw.mutant ? draw.mutant.breaks.filter((id) => !failed.includes(id)) : [];
  // a lawful choice that takes away what the fault corrupts (no PATCH to apply halfway) leaves nothing to show
  const moot = draw.mutant ? unreachableBeside(draw.mutant.fault, draw.variants) : undefined;
  const missing = moot ? [] : unseen.filter((id) => verdict(id) === 'PASS');
  for (const id of unseen.filter((x) => !missing.includes(x))) console.log(`  (${label}: ${id} is ${verdict(id)} here, so the fault cannot show in it${moot && verdict(id) === 'PASS' ? `: ${moot}` : ''})`);
  // a lawful SP leaves no RFC row unjudged, nor any row BLOCKED by an RFC row: an RFC row is at most a should-level
  // finding there (a WARN the set may earn), and a row it stops says nothing of an SP that may well break it. BLOCKED
  // by an IdP row the set truly breaks is right (Okta that cannot connect judges nothing)
  const unjudged = draw.mutant ? [] : run.report.requirements.filter((r) => r.variants.some((v) => v.result === 'BLOCKED'
    && (r.id.startsWith('RFC-') || v.blockedBy?.startsWith('RFC-')))).map((r) => r.id);
  const slow = !draw.mutant && !draw.variants.some((v) => SLOW_BY_DESIGN.has(v)) && seconds > SLOWER * plain.seconds;
  if (extra.length) { named++; console.log(`✖ ${label}: red beyond what these break\n${reasonsOf(run.report, extra).replace(/^/gm, '    ')}`); }
  if (unjudged.length) { named++; console.log(`✖ ${label}: left unjudged (BLOCKED) on a lawful SP\n${reasonsOf(run.report, unjudged).replace(/^/gm, '    ')}`); }
  if (missing.length) { named++; console.log(`✖ ${label}: the fault no longer fails ${missing.join(', ')}, which pass${missing.length === 1 ? 'es' : ''}\n${reasonsOf(run.report, missing).replace(/^/gm, '    ')}`); }
  if (slow) { named++; console.log(`✖ ${label}: ${seconds.toFixed(1)} s, ${(seconds / plain.seconds).toFixed(1)}× the plain run's ${plain.seconds.toFixed(1)} s`); }
  if (!extra.length && !missing.length && !unjudged.length && !slow) console.log(`✓ ${label} (${seconds.toFixed(1)} s)`);
}
console.log(named ? `${named} finding${named === 1 ? '' : 's'}; replay with --seed ${seed} ${pairwise ? (values.triples ? '--triples' : '--pairs') : `--sets ${sets}`} --size ${size} --profile ${profile}${withFaults ? ' --with-faults' : ''}${values.fault ? ` --fault ${values.fault}` : ''}${always ? ` --with ${always}` : ''}${values.without ? ` --without ${values.without}` : ''}${consolePlan ? ' --console' : ''}` : 'no finding');
process.exit(named ? 1 : 0);
