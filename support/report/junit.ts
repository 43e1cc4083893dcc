// reports/junit.xml: one test case per requirement × variant, what CI reads. (Cucumber's own JUnit, one
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
import type { ConformanceReport, RequirementVerdict, VariantVerdict } from './types.js';

export function xmlEscape(s: string): string {
  // also drops characters XML 1.0 cannot carry at all
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function junitName(r: Pick<RequirementVerdict, 'id'>, v: Pick<VariantVerdict, 'sp' | 'idp' | 'client'>): string {
  return `${r.id} [${v.sp}${v.idp ? `/${v.idp}` : ''}${v.client ? '/client' : ''}]`;
}

export function renderJunit(report: ConformanceReport, catalog?: Catalog): string {
  const bySection = new Map<string, RequirementVerdict[]>();
  for (const r of report.requirements) bySection.set(r.section, [...(bySection.get(r.section) ?? []), r]);
  const suites: string[] = [];
  let total = 0, failures = 0, skipped = 0, time = 0;
  // which suite version judged, and with what seed: CI keeps junit.xml when it drops the other reports
  const properties = `    <properties>\n      <property name="scim-conformance.version" value="${xmlEscape(report.run.version)}"/>\n      <property name="seed" value="${report.run.seed}"/>\n    </properties>`;
  for (const [section, reqs] of bySection) {
    const title = catalog?.sections.find((s) => s.code === section)?.title;
    const cases: string[] = [];
    let sFail = 0, sSkip = 0, sTime = 0;
    for (const r of reqs) {
      for (const v of r.variants) {
        const secs = (v.durationMs ?? 0) / 1000;
        sTime += secs;
        const props = `${r.level}, judged by ${v.client ? 'certify-client on the client' : r.judges === 'SP' ? 'the SP' : 'the mock IdP'}${v.idp ? `, ${dialectLabel(v.idp)}` : ''}`;
        const open = `    <testcase classname="${xmlEscape(section)}" name="${xmlEscape(junitName(r, v))}" time="${secs.toFixed(3)}"`;
        const reason = v.reason ?? '';
        const scen = v.scenarios.length ? `\nScenarios: ${v.scenarios.join('; ')}` : '';
        if (v.result === 'FAIL' || v.result === 'XPASS') {
          sFail++;
          cases.push(`${open}>\n      <failure message="${xmlEscape(reason)}" type="${v.result}">${xmlEscape(`${v.result} (${props}): ${reason}${scen}`)}</failure>\n    </testcase>`);
        } else if (v.result === 'PASS') {
          cases.push(`${open}/>`);
        } else if (v.result === 'WARN') {
          cases.push(`${open}>\n      <system-out>${xmlEscape(`WARN (${props}): ${reason}${scen}`)}</system-out>\n    </testcase>`);
        } else {
          sSkip++;
          cases.push(`${open}>\n      <skipped message="${xmlEscape(`${v.result}: ${reason}`)}"/>\n    </testcase>`);
        }
      }
    }
    const n = reqs.reduce((s, r) => s + r.variants.length, 0);
    total += n; failures += sFail; skipped += sSkip; time += sTime;
    suites.push(`  <testsuite name="${xmlEscape(title ? `${section}: ${title}` : section)}" tests="${n}" failures="${sFail}" errors="0" skipped="${sSkip}" time="${sTime.toFixed(3)}" timestamp="${xmlEscape(report.run.startedAt)}">\n${properties}\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="scim-conformance ${xmlEscape(report.run.target.id)} (${report.run.spProfile})" tests="${total}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
