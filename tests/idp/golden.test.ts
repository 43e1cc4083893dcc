// Golden wire files: for a fixed directory and seed, each variant emits exactly the requests written in
// fixtures/golden/wire/<variant>.json (method, path with query string as sent, headers in order, body).
// The golden files were written by hand from idp-behaviors.md's templates; placeholders: {token},
// {guid} (Entra's random GUID), {password} (Okta's generated password).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PROFILES } from '../../fixtures/idp-profiles/index.ts';
import { DIALECT_IDS } from '../../support/idp/profile.ts';
import { startCaptureServer, type Captured } from './capture-server.ts';
import { runGoldenScript, GOLDEN_TOKEN } from './golden-script.ts';

interface GoldenRequest { method: string; path: string; headers: [string, string][]; body?: unknown }
interface Golden { variant: string; sources: string[]; requests: GoldenRequest[] }

const PATTERNS: Record<string, string> = { guid: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', password: '[a-z0-9]{8}', token: GOLDEN_TOKEN };

function matches(expected: string, actual: string): boolean {
  const re = expected.split(/(\{guid\}|\{password\}|\{token\})/).map((part) => {
    const m = /^\{(guid|password|token)\}$/.exec(part);
    return m ? PATTERNS[m[1]] : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('');
  return new RegExp(`^${re}$`).test(actual);
}

function sameJson(expected: unknown, actual: unknown, where: string): void {
  if (typeof expected === 'string' && typeof actual === 'string') {
    assert.ok(matches(expected, actual), `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal((actual as unknown[]).length, expected.length, `${where}: array length`);
    expected.forEach((e, i) => sameJson(e, (actual as unknown[])[i], `${where}[${i}]`));
    return;
  }
  if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object' && !Array.isArray(actual), `${where}: expected an object, got ${JSON.stringify(actual)}`);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), `${where}: keys`);
    for (const [k, v] of Object.entries(expected)) sameJson(v, (actual as Record<string, unknown>)[k], `${where}.${k}`);
    return;
  }
  assert.deepEqual(actual, expected, where);
}

for (const id of DIALECT_IDS) {
  test(`golden wire: ${id}`, async () => {
    const golden = JSON.parse(readFileSync(new URL(`../../fixtures/golden/wire/${id}.json`, import.meta.url), 'utf8')) as Golden;
    const profile = PROFILES[id];
    const server = await startCaptureServer();
    try {
      await runGoldenScript(profile, server.base);
      const keepConnection = profile.headers.common.some(([k]) => k.toLowerCase() === 'connection');
      const seen = server.captured.map((c: Captured) => ({ ...c,
        headers: c.headers.filter(([k]) => !/^(host|content-length)$/i.test(k) && (keepConnection || k.toLowerCase() !== 'connection')) }));
      const summary = seen.map((c) => `${c.method} ${c.path}`).join('\n');
      assert.equal(seen.length, golden.requests.length, `${id}: ${seen.length} requests sent, ${golden.requests.length} in the golden file:\n${summary}`);
      golden.requests.forEach((g, i) => {
        const c = seen[i];
        const where = `${id} request ${i + 1} (${g.method} ${g.path})`;
        assert.equal(c.method, g.method, `${where}: method`);
        assert.ok(matches(g.path, c.path), `${where}: path sent was ${c.path}`);
        assert.equal(c.headers.length, g.headers.length, `${where}: headers ${JSON.stringify(c.headers)}`);
        g.headers.forEach(([name, value], j) => {
          assert.equal(c.headers[j][0], name, `${where}: header ${j + 1} name`);
          assert.ok(matches(value, c.headers[j][1]), `${where}: header ${name} was ${c.headers[j][1]}`);
        });
        if (g.body === undefined) assert.equal(c.body, undefined, `${where}: no body expected`);
        else sameJson(g.body, JSON.parse(c.body ?? 'null'), `${where}: body`);
      });
    } finally { await server.close(); }
  });
}
