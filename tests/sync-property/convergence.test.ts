// The property against the embedded reference (real HTTP on 127.0.0.1): every dialect converges for a
// fixed-seed budget of histories; the sync-affecting broken variants of the reference are found within theirs
// (how many histories each took is printed as a diagnostic); and a deliberately wrong engine, one that drops
// member removals, is caught, while the real engine passes the very history that caught it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROFILES } from '../../fixtures/idp-profiles/index.js';
import { DIALECT_IDS, type DialectId } from '../../support/idp/profile.js';
import { ProvisioningEngine } from '../../support/idp/engine.js';
import type { RawReply } from '../../support/scim/raw-transport.js';
import { openEmbedded } from '../../support/targets/embedded.js';
import type { SpProfile, Target } from '../../support/targets/target.js';
import type { FaultName } from '../../support/reference-server/scim/types.js';
import { ProvisionAsIdp } from '../../support/screenplay/abilities/provision-as-idp.js';
import type { ScenarioContext } from '../../support/screenplay/context.js';
import { fuzzDialect } from '../../support/sync-property/fuzz.js';
import { firstDivergence, runHistory } from '../../support/sync-property/property.js';
import type { Step } from '../../support/sync-property/vocabulary.js';
import { droppingEngine } from './wrong-engines.js';

const SEED = 20261203;
const RUN = { runId: 'fuzzt1', seed: SEED, timeoutMs: 10_000 };
const targets = new Map<string, Target>();

async function target(spProfile: SpProfile, faults: FaultName[] = []): Promise<Target> {
  const key = `${spProfile}:${faults.join(',')}`;
  if (!targets.has(key)) targets.set(key, await openEmbedded({ spProfile, timeoutMs: 10_000, faults }));
  return targets.get(key)!;
}
const on = (t: Target, spProfile: SpProfile) => ({ description: t.description, secrets: t.secrets, spProfile });

before(async () => { await target('aws'); await target('rfc'); });
after(async () => { for (const t of targets.values()) await t[Symbol.asyncDispose](); });

for (const dialect of DIALECT_IDS) {
  test(`${dialect}: 15 histories of up to 30 steps converge against the reference (${PROFILES[dialect].spProfile})`, async () => {
    const p = PROFILES[dialect];
    const asked = new Map<string, number>();
    const out = await fuzzDialect({ profile: p, target: on(await target(p.spProfile), p.spProfile), run: RUN, runs: 15, seed: SEED, maxSteps: 30, shrinkBudgetMs: 0,
      onHistory: (r) => { for (const c of r.checks) asked.set(c.behaviour, (asked.get(c.behaviour) ?? 0) + 1); } });
    const first = out.counterexample && firstDivergence(out.counterexample);
    assert.ok(out.converged, `${dialect} diverged: ${first?.message}`);
    assert.equal(out.historiesRun, 15);
    // the histories put the SP to work: active users, users gone or (where unassigning disables) inactive,
    // attributes, groups, members in and out
    const expected = ['reactivateUser', 'updateUser', 'createGroup', 'addMembers', 'removeMembers', 'deleteUser', ...(p.user.onUnassign === 'deactivate' ? ['deactivateUser'] : []),
      ...(p.user.manager ? ['manager'] : [])];
    for (const b of expected) assert.ok(asked.get(b), `${dialect}: nothing checked ${b} (${JSON.stringify([...asked])})`);
  });
}

// Each broken variant of the reference that changes what a sync leaves behind, with the dialects whose wire
// reaches it (legacy-member-remove-all needs Entra's value-list removal) and a budget of histories to find it in.
const BROKEN: { fault: FaultName; dialect: DialectId; budget: number }[] = [
  { fault: 'legacy-member-remove-all', dialect: 'entra-legacy', budget: 100 },
  { fault: 'legacy-member-remove-all', dialect: 'entra-aws', budget: 100 },
  { fault: 'delete-emptied-groups', dialect: 'okta-aws', budget: 100 },
  { fault: 'delete-emptied-groups', dialect: 'onelogin-core', budget: 100 },
];

for (const { fault, dialect, budget } of BROKEN) {
  test(`${dialect} finds the reference's broken variant ${fault} within ${budget} histories`, async (t) => {
    const p = PROFILES[dialect];
    const out = await fuzzDialect({ profile: p, target: on(await target(p.spProfile, [fault]), p.spProfile), run: RUN, runs: budget, seed: SEED, maxSteps: 30, shrinkBudgetMs: 2_000 });
    assert.equal(out.converged, false, `${fault} was not found in ${budget} histories`);
    const first = firstDivergence(out.counterexample!);
    t.diagnostic(`${fault} (${dialect}): found after ${out.runsToFind} histories; shrunk ${out.shrinks} times to ${out.counterexample!.steps.length} steps: ${first?.message}`);
    // both faults break a member removal: the row the dialect names for removals owns the divergence
    assert.equal(first?.behaviour, 'removeMembers', first?.message);
    if (fault === 'legacy-member-remove-all') assert.equal(p.owners.removeMembers, 'ENTRA-PATCH-04');
    // the same history converges against the reference as it is: the fault, not the history, diverged
    const clean = await runHistory({ target: on(await target(p.spProfile), p.spProfile), profile: p, steps: out.counterexample!.steps, run: RUN, historyNo: 40_000 });
    assert.ok(clean.converged, `the shrunk history also diverges on the unbroken reference: ${firstDivergence(clean)?.message}`);
  });
}

/** A deliberately wrong engine (a test seam, nowhere in production): it leaves member removals out of what it sends. */
class DroppingMemberRemovals extends ProvisioningEngine {
  override async request(tpl: Parameters<ProvisioningEngine['request']>[0], vars: Parameters<ProvisioningEngine['request']>[1], meta: Parameters<ProvisioningEngine['request']>[2]): Promise<RawReply> {
    if (Array.isArray(vars.ops)) {
      const ops = (vars.ops as { op?: string; path?: string }[]).filter((o) => !(String(o.op).toLowerCase() === 'remove' && String(o.path ?? '').startsWith('members')));
      // nothing left to send: it reads the group instead, and believes the removal done
      if (!ops.length) return super.request({ method: 'GET', path: 'Groups/{{group.id}}' }, vars, meta);
      vars = { ...vars, ops };
    }
    return super.request(tpl, vars, meta);
  }
}

class ProvisionWithDroppingEngine extends ProvisionAsIdp {
  constructor(ctx: ScenarioContext, actorName: string, dialect: DialectId) {
    super(ctx, actorName, dialect);
    (this as { engine: ProvisioningEngine }).engine = new DroppingMemberRemovals({ profile: PROFILES[dialect], redactor: ctx.redactor, faker: ctx.faker,
      timeoutMs: ctx.run.timeoutMs, actor: `${actorName} (${dialect})`, record: ctx.record, log: (entry) => ctx.idpLog.push(entry) });
  }
}

test('a deliberately wrong engine (it drops member removals) is caught; the real engine passes the same history', async (t) => {
  const dialect: DialectId = 'okta-oin';
  const p = PROFILES[dialect];
  const out = await fuzzDialect({ profile: p, target: on(await target('rfc'), 'rfc'), run: RUN, runs: 100, seed: SEED, maxSteps: 30, shrinkBudgetMs: 2_000,
    idpAbility: (ctx, name, d) => new ProvisionWithDroppingEngine(ctx, name, d) });
  assert.equal(out.converged, false, 'the engine that drops member removals went unnoticed');
  const first = firstDivergence(out.counterexample!);
  t.diagnostic(`found after ${out.runsToFind} histories: ${first?.message}`);
  assert.equal(first?.behaviour, 'removeMembers', first?.message);
  assert.ok(out.counterexample!.steps.some((s) => s.kind === 'remove-member'));
  const real = await runHistory({ target: on(await target('rfc'), 'rfc'), profile: p, steps: out.counterexample!.steps, run: RUN, historyNo: 40_001 });
  assert.ok(real.converged, firstDivergence(real)?.message);
});

test('two runs whose histories state the same email, at once against one SP that holds primary emails unique, both converge', async () => {
  // AWS refuses a second user with a primary email another holds (409): were a literal sent as written, the
  // second run would fail a row for what the first run had put there
  const p = PROFILES['okta-aws'];
  const t = on(await target('aws'), 'aws');
  const steps: Step[] = [{ kind: 'connect' }, { kind: 'assign', user: 'ada' }, { kind: 'change', user: 'ada', attribute: 'email', value: 'ada.team@example.com' }];
  const [a, b] = await Promise.all(['fuzzta', 'fuzztb'].map((runId, i) => runHistory({ target: t, profile: p, steps, run: { ...RUN, runId }, historyNo: 40_010 + i })));
  assert.ok(a!.converged, firstDivergence(a!)?.message);
  assert.ok(b!.converged, firstDivergence(b!)?.message);
  const email = (r: typeof a) => r!.projection.users[0]!.attributes['emails[type eq "work"].value'];
  assert.notEqual(email(a), email(b));
});

// Entra: grace is provisioned first; ada gets grace as manager and a new email before it is created
const MANAGER_HISTORY: Step[] = [{ kind: 'connect' }, { kind: 'have-user', user: 'grace' }, { kind: 'assign', user: 'grace' }, { kind: 'next-cycle' },
  { kind: 'have-user', user: 'ada' }, { kind: 'set-manager', user: 'ada', manager: 'grace' }, { kind: 'change', user: 'ada', attribute: 'email', value: 'ada.work@example.com' },
  { kind: 'assign', user: 'ada' }, { kind: 'next-cycle' }, { kind: 'next-cycle' }];

test('entra-legacy: a manager and an email set before create are checked against the reference, and an engine that drops the manager is caught', async () => {
  const p = PROFILES['entra-legacy'];
  const t = on(await target('rfc'), 'rfc');
  const real = await runHistory({ target: t, profile: p, steps: MANAGER_HISTORY, run: RUN, historyNo: 40_002 });
  assert.ok(real.converged, firstDivergence(real)?.message);
  const thens = real.checks.map((c) => c.then);
  assert.ok(thens.includes('"ada" in the service provider has "grace" as its manager'), JSON.stringify(thens));
  assert.ok(thens.includes('"ada" in the service provider has the email "ada.work@example.com"'), JSON.stringify(thens));
  const wrong = await runHistory({ target: t, profile: p, steps: MANAGER_HISTORY, run: RUN, historyNo: 40_003, idpAbility: droppingEngine('manager') });
  const first = firstDivergence(wrong);
  assert.equal(wrong.converged, false, 'the engine that never sends the manager went unnoticed');
  assert.equal(first?.behaviour, 'manager', first?.message);
  assert.equal(first?.then, '"ada" in the service provider has "grace" as its manager');
});

test('okta-oin: an email change reaches the SP at once, and an engine that drops user updates is caught on it', async () => {
  const p = PROFILES['okta-oin'];
  const t = on(await target('rfc'), 'rfc');
  const steps: Step[] = [{ kind: 'connect' }, { kind: 'assign', user: 'ada' }, { kind: 'change', user: 'ada', attribute: 'email', value: 'ada.desk@example.com' }];
  const real = await runHistory({ target: t, profile: p, steps, run: RUN, historyNo: 40_004 });
  assert.ok(real.converged, firstDivergence(real)?.message);
  // the history's literal is this run's own address in the SP, and the step that checks it states the literal
  assert.match(String(real.projection.users[0]!.attributes['emails[type eq "work"].value']), /^scimc-fuzzt1-ada\.desk\.\w+@example\.com$/);
  const wrong = await runHistory({ target: t, profile: p, steps, run: RUN, historyNo: 40_005, idpAbility: droppingEngine('updateUser') });
  const first = firstDivergence(wrong);
  assert.equal(wrong.converged, false, 'the engine that never sends updates went unnoticed');
  assert.equal(first?.then, '"ada" in the service provider has the email "ada.desk@example.com"', first?.message);
});
