// Every mock IdP dialect, played by the one engine (the golden script of tests/idp) against certify-client
// under the aws rules. The generic dialects are flagged for exactly what AWS refuses of them; the AWS-app
// modes come out clean. Each expectation is derived from the dialect's own data and the aws rule set the
// reference enforces, never from a previous run:
//   CLIENT-ATTR-01  the create body carries an attribute AWS does not support (Okta OIN and AIW send
//                   `password` and `groups`: AWS refuses both on create, OKTA-CREATE-01)
//   AP-USER-01      the create body lacks a name AWS requires (OneLogin's core template has no displayName)
//   AWS-PATCH-01    a group rename carries the group's read-only `id` in its value (Okta OIN, OKTA-PUSH-02)
//   AWS-OPS-01      group changes go out as PUT /Groups/{id}, which AWS does not have (Okta AIW)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROFILES } from '../../fixtures/idp-profiles/index.ts';
import type { DialectProfile } from '../../support/idp/profile.ts';
import { startCertifyClient } from '../../support/certify-client/main.ts';
import { awsRules } from '../../support/reference-server/scim/profiles/aws.ts';
import { runGoldenScript } from '../idp/golden-script.ts';

const PAYLOADS = fileURLToPath(new URL('../../fixtures/payloads/', import.meta.url));

/** The attribute names a dialect's user create sends: its mapping targets, template keys and fixed extras. */
function createAttributes(p: DialectProfile): Set<string> {
  const names = new Set<string>();
  const add = (path: string) => {
    const parts = path.replace(/\[[^\]]*\]/g, '').split('.');
    for (let i = 1; i <= parts.length; i++) names.add(parts.slice(0, i).join('.').toLowerCase());
  };
  for (const m of p.mappings.user) add(m.target);
  for (const key of Object.keys(p.user.createExtras ?? {})) add(key);
  const template = 'bodyTemplate' in p.user.create ? p.user.create.bodyTemplate : undefined;
  if (template) {
    const text = readFileSync(join(PAYLOADS, template), 'utf8');
    const doc = JSON.parse(text.replace(/\{\$[^}]+\}/g, 'x').replace(/:\s*x(?=\s*[,}\n])/g, ': "x"')) as Record<string, unknown>;
    const walk = (o: unknown, prefix: string) => {
      if (!o || typeof o !== 'object' || Array.isArray(o)) return;
      for (const [k, v] of Object.entries(o)) { add(`${prefix}${k}`); walk(v, `${prefix}${k}.`); }
    };
    walk(doc, '');
  }
  return names;
}

/** The ids AWS's rule set refuses this dialect for, read from the dialect's data. */
function expectedFlags(p: DialectProfile): string[] {
  const out = new Set<string>();
  const sent = createAttributes(p);
  if ([...sent].some((a) => awsRules.unsupported.has(a) || (a === 'groups' && awsRules.groupsOnCreate === 'reject'))) out.add('CLIENT-ATTR-01');
  if (awsRules.requiredUser.some((a) => !sent.has(a))) out.add('AP-USER-01');
  const g = p.group as { rename: { style: string; op?: { value?: unknown } }; membership: { style: string } };
  const renameValue = g.rename.style === 'patch' ? g.rename.op?.value : undefined;
  if (awsRules.idInPatchValue === 'reject' && renameValue && typeof renameValue === 'object' && 'id' in renameValue) out.add('AWS-PATCH-01');
  if (!awsRules.groupPut && (g.rename.style === 'put' || g.membership.style === 'put')) out.add('AWS-OPS-01');
  return [...out].sort();
}

test('each dialect in generic mode is flagged for exactly what AWS refuses of it; the AWS apps are clean', { timeout: 60_000 }, async () => {
  const seen: Record<string, string[]> = {};
  const want: Record<string, string[]> = {};
  for (const [id, profile] of Object.entries(PROFILES)) {
    const session = await startCertifyClient({ port: 0, profile: 'aws', reportDir: mkdtempSync(join(tmpdir(), `certify-${id}-`)) });
    await runGoldenScript(profile, session.endpoint, session.token);
    const { report } = await session.finish();
    seen[id] = report.requirements.filter((r) => r.verdict === 'FAIL' || r.verdict === 'WARN').map((r) => r.id).sort();
    want[id] = profile.spProfile === 'aws' ? [] : expectedFlags(profile);
  }
  assert.deepEqual(seen, want);
  // the derivation is not empty-handed: the generic Okta and OneLogin dialects do break AWS's rules
  assert.deepEqual(want['okta-oin'], ['AWS-PATCH-01', 'CLIENT-ATTR-01']);
  assert.deepEqual(want['okta-aiw'], ['AWS-OPS-01', 'CLIENT-ATTR-01']);
  assert.deepEqual(want['onelogin-core'], ['AP-USER-01']);
  for (const id of Object.keys(PROFILES).filter((d) => PROFILES[d as keyof typeof PROFILES].spProfile === 'aws')) assert.deepEqual(seen[id], [], `${id} is clean`);
});
