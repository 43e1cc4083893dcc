// The suite against real open-source SCIM servers from npm (tests/third-party/servers/): under the rfc
// profile, with each server's baseline, (a) the run exits 0, every known deviation XFAIL, and (b) every
// requirement × variant gives the result committed in fixtures/third-party/<name>.verdicts.json. Any change
// of verdict fails with the list of rows that moved. When a change is intended (the suite or a server
// changed), regenerate both files: node --import tsx scripts/third-party-baseline.ts
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { baselinePath, expectCommittedVerdicts, REGENERATE, runAgainst, serverNames, verdictsPath } from './run-against.js';
import assert from 'node:assert/strict';

// The servers run side by side (each run is mostly waiting on the other process), which keeps the file
// well under a minute on 2 cores; each test then judges its own run.
const names = serverNames().filter((n) => existsSync(baselinePath(n)) && existsSync(verdictsPath(n)));
const runs = new Map(names.map((n) => [n, runAgainst(n, { baseline: true, timeoutMs: 240_000 })] as const));
for (const p of runs.values()) p.catch(() => undefined); // judged (and reported) by its own test

for (const name of serverNames()) {
  test(`the suite against ${name} gives its committed verdicts`, async () => {
    assert.ok(runs.has(name), `${name} has no baseline or verdicts file yet: run ${REGENERATE} ${name}`);
    expectCommittedVerdicts(name, await runs.get(name)!);
  });
}
