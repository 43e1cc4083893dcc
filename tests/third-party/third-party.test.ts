// The suite against real open-source SCIM servers from npm (tests/third-party/servers/): under the rfc
// profile, with each server's baseline, (a) the run exits 0, every known deviation XFAIL, and (b) every
// requirement × variant gives the result committed in fixtures/third-party/<name>.verdicts.json. Any change
// of verdict fails with the list of rows that moved. When a change is intended (the suite or a server
// changed), regenerate both files: node --import tsx scripts/third-party-baseline.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { reasonsOf } from '../suite/helpers.js';
import { baselinePath, runAgainst, serverNames, verdictsOf, verdictsPath, type VerdictsFile } from './run-against.js';

const REGENERATE = 'node --import tsx scripts/third-party-baseline.ts';

function diff(committed: Record<string, string>, now: Record<string, string>): string[] {
  const keys = [...new Set([...Object.keys(committed), ...Object.keys(now)])].sort();
  return keys.filter((k) => committed[k] !== now[k]).map((k) => `  ${k}: committed ${committed[k] ?? '(absent)'} -> now ${now[k] ?? '(absent)'}`);
}

// The servers run side by side (each run is mostly waiting on the other process), which keeps the file
// well under a minute on 2 cores; each test then judges its own run.
const names = serverNames().filter((n) => existsSync(baselinePath(n)) && existsSync(verdictsPath(n)));
const runs = new Map(names.map((n) => [n, runAgainst(n, { baseline: true, timeoutMs: 240_000 })] as const));
for (const p of runs.values()) p.catch(() => undefined); // judged (and reported) by its own test

for (const name of serverNames()) {
  test(`the suite against ${name} gives its committed verdicts`, async () => {
    assert.ok(runs.has(name), `${name} has no baseline or verdicts file yet: run ${REGENERATE} ${name}`);
    const committed = (JSON.parse(readFileSync(verdictsPath(name), 'utf8')) as VerdictsFile).verdicts;
    const run = await runs.get(name)!;
    assert.ok(run.report, `no conformance.json (exit ${run.code}):\n${run.stderr.slice(-3000)}`);
    const now = verdictsOf(run.report);
    const moved = diff(committed, now);
    const red = run.report.requirements.filter((r) => r.variants.some((v) => v.result === 'FAIL' || v.result === 'XPASS')).map((r) => r.id);
    assert.equal(run.code, 0, `against ${name} the run exited ${run.code}, expected 0 (every known deviation XFAIL):\n${reasonsOf(run.report, red)}\n${run.stderr.slice(-1500)}`);
    assert.ok(moved.length === 0, `${moved.length} verdict(s) against ${name} changed (if intended: ${REGENERATE} ${name}):\n${moved.join('\n')}\n${reasonsOf(run.report, [...new Set(moved.map((m) => m.trim().split(' ')[0]))])}`);
  });
}
