// The one screen printed after a run: counts per area, the three verdicts, and the failures with reasons.
import { countSentence, emptyCounts, headlines } from './headlines.js';
import { dialectLabel } from './labels.js';
import { exitCodeFor, incompleteBecause } from './verdicts.js';
import { describeTraffic } from './traffic.js';
import type { ConformanceReport } from './types.js';

const MAX_FAILURES = 15;

function pad(s: string | number, n: number, right = false): string {
  const t = String(s);
  return right ? t.padStart(n) : t.padEnd(n);
}

/** ANSI colour only on a terminal and never when NO_COLOR is set (https://no-color.org). */
export function useColour(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

export function summarize(report: ConformanceReport, opts: { reportDir?: string; colour?: boolean } = {}): string {
  const out: string[] = [];
  const run = report.run;
  const paint = (code: number, text: string) => (opts.colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const profiles = run.spProfiles?.length ? run.spProfiles : [run.spProfile];
  const all = report.requirements.flatMap((r) => r.variants.map((v) => ({ r, v })));
  const applicable = all.filter((x) => x.v.result !== 'NOT-APPLICABLE');
  out.push(`scim-conformance ${run.version} · target ${run.target.id} · ${profiles.join(' + ')} profile${profiles.length > 1 ? 's' : ''} · seed ${run.seed}`);
  if (run.interrupted) out.push('INTERRUPTED (Ctrl-C): what had not finished is NOT-RUN; the verdicts below are partial.');
  out.push(`${report.requirements.length} requirements, ${applicable.length} checks (requirement × variant) applicable to this run`);
  out.push('');

  const cols = ['passed', 'failed', 'warned', 'blocked', 'unsupp.', 'xfail', 'xpass', 'not run'];
  out.push(`  ${pad('area', 7)}${cols.map((c) => pad(c, 9, true)).join('')}`);
  const sections = [...new Set(report.requirements.map((r) => r.section))];
  for (const s of sections) {
    const c = emptyCounts();
    for (const x of applicable) if (x.r.section === s) c[x.v.result]++;
    const row = [c.PASS, c.FAIL, c.WARN, c.BLOCKED, c.UNSUPPORTED, c.XFAIL, c.XPASS, c['NOT-RUN']];
    if (row.every((n) => n === 0)) continue;
    out.push(`  ${pad(s, 7)}${row.map((n) => pad(n || '·', 9, true)).join('')}`);
  }
  out.push('');

  // several profiles (--sp-profile both): each profile's headline from its own variants
  const allHeadlines = profiles.length > 1
    ? profiles.flatMap((p) => headlines({ ...report, run: { ...run, spProfile: p }, requirements: report.requirements.map((r) => ({ ...r, variants: r.variants.filter((v) => v.sp === p) })) })
      .filter((h) => h.kind !== 'sp' || h.key === p)
      .map((h) => (h.kind === 'sp' ? h : { ...h, title: `${h.title} (${p})` })))
    : headlines(report);
  const hl = allHeadlines.filter((h) => h.kind !== 'harness' || h.verdict === 'FAIL')
    .map((h) => ({ h, title: h.kind === 'idp' ? `IdP readiness, ${h.title}:` : h.kind === 'harness' ? 'Mock IdP checks (not the SP):' : `${h.title}:` }));
  const width = Math.max(...hl.map((x) => x.title.length));
  for (const { h, title } of hl) out.push(`${pad(title, width)} ${h.verdict === 'NOT-ASSESSED' ? h.sentence : `${h.verdict} · ${h.sentence}`}`);

  const reproductions = report.reproductions ?? [];
  const reproductionCounts = (['FAIL', 'WARN', 'BLOCKED', 'UNSUPPORTED', 'PASS'] as const)
    .map((k) => [k, reproductions.filter((r) => r.result === k).length] as const).filter(([, n]) => n > 0);
  if (reproductions.length) out.push(`${pad('Reproductions (no catalogue id):', width)} ${reproductionCounts.map(([k, n]) => `${n} ${REPRODUCTION_WORD[k]}`).join(' · ')}`);

  const judged = applicable.filter((x) => !['NOT-RUN', 'UNSUPPORTED'].includes(x.v.result));
  if (applicable.length && !judged.length && !reproductions.length) {
    out.push('');
    out.push(applicable.some((x) => x.v.result === 'UNSUPPORTED')
      ? 'Everything that ran was UNSUPPORTED: the target lacks what these scenarios need, so this run says nothing about conformance.'
      : 'Nothing ran: no scenario matched the plan and tags.');
  }

  const bad = all.filter((x) => ['FAIL', 'XPASS', 'WARN'].includes(x.v.result))
    .sort((a, b) => order(a.v.result) - order(b.v.result));
  // a failed reproduction first: the bug it records is there
  const lines = [
    ...reproductions.filter((r) => r.result === 'FAIL' || r.result === 'WARN').sort((a, b) => order(a.result) - order(b.result))
      .map((r) => `  ${pad(`${r.result} reproduction`, 17)} "${r.name}" (${r.location}) [${r.sp}] ${r.reason ?? ''}`.trimEnd()),
    ...bad.map(({ r, v }) => {
      const variant = [v.sp, v.idp && dialectLabel(v.idp)].filter(Boolean).join(' / ');
      const tag = `${v.result === 'FAIL' ? 'FAIL' : v.result} ${r.level}${r.judges === 'IdP' ? ' (IdP)' : ''}`;
      return `  ${pad(tag, 17)} ${r.id} [${variant}] ${v.reason ?? ''}`.trimEnd();
    }),
  ];
  if (lines.length) {
    out.push('');
    out.push('Failures:');
    out.push(...lines.slice(0, MAX_FAILURES));
    if (lines.length > MAX_FAILURES) out.push(`  … and ${lines.length - MAX_FAILURES} more${opts.reportDir ? ` (see ${opts.reportDir}/conformance.html)` : ''}`);
  }

  const blocked = all.filter((x) => x.v.result === 'BLOCKED');
  if (blocked.length) {
    const by = new Map<string, number>();
    for (const { v } of blocked) by.set(v.blockedBy ?? '?', (by.get(v.blockedBy ?? '?') ?? 0) + 1);
    out.push('');
    // a blocking row this run left out may or may not be red: the reader is told it was not run
    const verdict = (id: string) => report.requirements.find((r) => r.id === id)?.verdict;
    const aside = (id: string) => (verdict(id) === 'NOT-RUN' ? ' (not in this run)' : verdict(id) === 'UNSUPPORTED' ? ' (itself not judged in this run)' : '');
    out.push(`Blocked (not judged, because another row's deviation came first): ${[...by].map(([id, n]) => `${n} by ${id}${aside(id)}`).join(', ')}`);
  }
  const traffic = run.traffic && describeTraffic(run.traffic);
  if (traffic) { out.push(''); out.push(traffic); }

  const cleanup = report.cleanup;
  if (cleanup) {
    out.push('');
    if (cleanup.stillServed?.length) {
      // the SP said 2xx to the run's DELETEs, yet a spot check reads them back: "deleted" would be the SP's word, not the truth
      out.push(paint(33, `Cleanup: the SP answered the DELETEs of the run's ${cleanup.created} resources as done (2xx, or 404 as if already gone), yet still serves ${cleanup.stillServed.length === 1 ? 'this one' : 'these'} by id (a spot check of the first ones deleted), so its deletes may not have taken${run.target.kind === 'embedded' ? '' : `; scim-conformance cleanup --prefix ${cleanup.namePrefix.replace(/-$/, '')} --dry-run lists what still carries the run's names`}:`));
      for (const n of cleanup.stillServed) out.push(`  ${n.type} ${n.id}${n.name ? ` (${n.name})` : ''}: ${n.status} [GET ${n.url}]`);
    }
    if (!cleanup.notDeleted.length && !cleanup.stillServed?.length) {
      out.push(`Cleanup: the ${cleanup.created} resource${cleanup.created === 1 ? '' : 's'} this run created ${cleanup.created === 1 ? 'is' : 'are'} deleted${cleanup.sweptAtEnd ? ` (${cleanup.sweptAtEnd} by the sweep at the end)` : ''}; names carried ${cleanup.namePrefix}`);
    } else if (cleanup.notDeleted.length) {
      out.push(paint(33, `Left on the target (could not be deleted; scim-conformance cleanup --prefix ${cleanup.namePrefix.replace(/-$/, '')} tries again):`));
      for (const n of cleanup.notDeleted.slice(0, MAX_FAILURES)) out.push(`  ${n.type} ${n.id}${n.name ? ` (${n.name})` : ''}: ${n.answer} [DELETE ${n.url}]`);
      if (cleanup.notDeleted.length > MAX_FAILURES) out.push(`  … and ${cleanup.notDeleted.length - MAX_FAILURES} more (conformance.json cleanup.notDeleted)`);
    }
  }

  out.push('');
  const code = exitCodeFor(report);
  const totals = emptyCounts();
  for (const x of applicable) totals[x.v.result]++;
  const plural = reproductions.length === 1 ? '' : 's';
  const reproductionNote = !reproductions.length ? ''
    : reproductionCounts.length === 1 ? ` · ${reproductions.length} reproduction${plural} ${REPRODUCTION_WORD[reproductionCounts[0][0]]}`
    : ` · ${reproductions.length} reproduction${plural}: ${reproductionCounts.map(([k, n]) => `${n} ${REPRODUCTION_WORD[k]}`).join(', ')}`;
  out.push(`${run.interrupted ? paint(33, 'INTERRUPTED') + ' (exit 130)' : code === 0 ? `${paint(32, 'OK')} (exit 0)` : code === 3 ? `${paint(33, 'INCOMPLETE')} (exit 3: ${incompleteBecause(report)})` : `${paint(31, 'FAILED')} (exit ${code})`}: ${countSentence(totals)}${reproductionNote}${opts.reportDir ? ` · reports in ${opts.reportDir}/` : ''}`);
  return out.join('\n');
}

const REPRODUCTION_WORD = { FAIL: 'failed', WARN: 'warned', BLOCKED: 'blocked', UNSUPPORTED: 'unsupported', PASS: 'passed' } as const;

function order(r: string): number { return r === 'FAIL' ? 0 : r === 'XPASS' ? 1 : 2; }
