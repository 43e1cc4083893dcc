// reports/junit.xml: one test case per requirement × variant, what CI reads, and one per reproduction. (Cucumber's own JUnit, one
// case per scenario, goes beside it as cucumber-junit.xml.)
//   FAIL, XPASS                            → <failure message="reason" type="FAIL|XPASS">
//   UNSUPPORTED, NOT-APPLICABLE, NOT-RUN,
//   XFAIL                                  → <skipped message="RESULT: reason"/>
//   WARN                                   → passed, the warning in <system-out> (a should-level deviation
//                                            is not a CI failure; counting it as one would turn every
//                                            should into a must)
//   PASS                                   → passed
import type { Catalog } from '../catalog/catalog.js';
import { dialectLabel } from './labels.js';
import type { ConformanceReport, RequirementVerdict, Result, VariantVerdict } from './types.js';

export function xmlEscape(s: string): string {
  // also drops characters XML 1.0 cannot carry at all
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function junitName(r: Pick<RequirementVerdict, 'id'>, v: Pick<VariantVerdict, 'sp' | 'idp' | 'client'>): string {
  return `${r.id} [${v.sp}${v.idp ? `/${v.idp}` : ''}${v.client ? '/client' : ''}]`;
}

/** One test case: `detail` is the failure's or the warning's text. Counts a failure or a skip into `tally`. */
function testcase(open: string, result: Result, reason: string, detail: string, tally: { failures: number; skipped: number }): string {
  if (result === 'FAIL' || result === 'XPASS') {
    tally.failures++;
    return `${open}>\n      <failure message="${xmlEscape(reason)}" type="${result}">${xmlEscape(detail)}</failure>\n    </testcase>`;
  }
  if (result === 'PASS') return `${open}/>`;
  if (result === 'WARN') return `${open}>\n      <system-out>${xmlEscape(detail)}</system-out>\n    </testcase>`;
  tally.skipped++;
  return `${open}>\n      <skipped message="${xmlEscape(`${result}: ${reason}`)}"/>\n    </testcase>`;
}

export function renderJunit(report: ConformanceReport, catalog?: Catalog): string {
  const bySection = new Map<string, RequirementVerdict[]>();
  for (const r of report.requirements) bySection.set(r.section, [...(bySection.get(r.section) ?? []), r]);
  const suites: string[] = [];
  let total = 0, failures = 0, skipped = 0, time = 0;
  // which suite version judged, and with what seed: CI keeps junit.xml when it drops the other reports
  const properties = `    <properties>\n      <property name="scim-conformance.version" value="${xmlEscape(report.run.version)}"/>\n      <property name="seed" value="${report.run.seed}"/>\n    </properties>`;
  const suite = (name: string, n: number, tally: { failures: number; skipped: number }, secs: number, cases: string[]): string => {
    total += n; failures += tally.failures; skipped += tally.skipped; time += secs;
    return `  <testsuite name="${xmlEscape(name)}" tests="${n}" failures="${tally.failures}" errors="0" skipped="${tally.skipped}" time="${secs.toFixed(3)}" timestamp="${xmlEscape(report.run.startedAt)}">\n${properties}\n${cases.join('\n')}\n  </testsuite>`;
  };
  for (const [section, reqs] of bySection) {
    const title = catalog?.sections.find((s) => s.code === section)?.title;
    const cases: string[] = [];
    const tally = { failures: 0, skipped: 0 };
    let sTime = 0;
    for (const r of reqs) {
      for (const v of r.variants) {
        const secs = (v.durationMs ?? 0) / 1000;
        sTime += secs;
        const props = `${r.level}, judged by ${v.client ? 'certify-client on the client' : r.judges === 'SP' ? 'the SP' : 'the mock IdP'}${v.idp ? `, ${dialectLabel(v.idp)}` : ''}`;
        const open = `    <testcase classname="${xmlEscape(section)}" name="${xmlEscape(junitName(r, v))}" time="${secs.toFixed(3)}"`;
        const reason = v.reason ?? '';
        const scen = v.scenarios.length ? `\nScenarios: ${v.scenarios.join('; ')}` : '';
        cases.push(testcase(open, v.result, reason, `${v.result} (${props}): ${reason}${scen}`, tally));
      }
    }
    const n = reqs.reduce((s, r) => s + r.variants.length, 0);
    suites.push(suite(title ? `${section}: ${title}` : section, n, tally, sTime, cases));
  }
  const reproductions = report.reproductions ?? [];
  if (reproductions.length) {
    // the scenarios outside the catalogue (reproductions), one case each, judged as the rows are
    const cases: string[] = [];
    const tally = { failures: 0, skipped: 0 };
    let sTime = 0;
    for (const r of reproductions) {
      const secs = (r.durationMs ?? 0) / 1000;
      sTime += secs;
      const open = `    <testcase classname="reproductions" name="${xmlEscape(`${r.name} [${r.sp}]`)}" time="${secs.toFixed(3)}"`;
      cases.push(testcase(open, r.result, r.reason ?? '', `${r.result} (reproduction, ${r.location}): ${r.reason ?? ''}`, tally));
    }
    suites.push(suite('Reproductions (no catalogue id)', reproductions.length, tally, sTime, cases));
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="scim-conformance ${xmlEscape(report.run.target.id)} (${report.run.spProfile})" tests="${total}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
