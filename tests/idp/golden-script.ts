// The fixed directory and script the golden wire files pin: the same admin actions for every variant,
// run by the one interpreter against the capture server.
import { Faker, en } from '@faker-js/faker';
import { Redactor } from '../../support/scim/exchange.ts';
import { Directory, fixedDirectoryUser } from '../../support/idp/directory.ts';
import { ProvisioningEngine } from '../../support/idp/engine.ts';
import type { DialectId, DialectProfile } from '../../support/idp/profile.ts';
import { PROFILES } from '../../fixtures/idp-profiles/index.ts';
import { startCaptureServer, type CaptureServer } from './capture-server.ts';

export const GOLDEN_TOKEN = 'golden-token-0001';
export const GOLDEN_SEED = 4;

export function goldenDirectory(): Directory {
  const d = new Directory();
  d.addUser(fixedDirectoryUser('ada', {
    objectId: '00u1ada0000000000001', userName: 'ada.lovelace@example.com', email: 'ada.lovelace@example.com',
    givenName: 'Ada', familyName: 'Lovelace', displayName: 'Ada Lovelace', mailNickname: 'ada.lovelace',
    telephoneNumber: '+1 555 0100', locale: 'en-US', title: 'Analyst', department: 'Engineering', employeeNumber: '1815',
  }));
  d.addGroup({ key: 'eng', objectId: '00g1eng0000000000001', displayName: 'Engineering', members: ['ada'] });
  return d;
}

/**
 * 1. test the connection; 2. assign "ada" and the group "Engineering" (pushed / assigned / role included);
 * 3. change ada's first name to Augusta; 4. rename the group to "Engineering Team" and remove ada from it;
 * 5. unassign ada.
 */
export async function runGoldenScript(profile: DialectProfile, base: string, token = GOLDEN_TOKEN): Promise<ProvisioningEngine> {
  const faker = new Faker({ locale: [en] });
  faker.seed(GOLDEN_SEED);
  const engine = new ProvisioningEngine({ profile, redactor: new Redactor([token]), faker, directory: goldenDirectory(), timeoutMs: 5000 });
  engine.approval.create = engine.approval.update = engine.approval.delete = false;
  engine.includeGroupsInProvisioning = true;
  const d = engine.directory;
  const cycle = profile.sync.trigger === 'cycle';
  engine.configure(base, token);
  await engine.testConnection();

  d.assignedUsers.add('ada');
  if (profile.group.model === 'push') d.pushedGroups.add('eng'); else d.assignedGroups.add('eng');
  if (cycle) await engine.setProvisioning(true); else await engine.changed(['ada'], ['eng']);

  const ada = d.user('ada');
  ada.givenName = 'Augusta'; ada.displayName = 'Augusta Lovelace';
  if (cycle) await engine.nextCycle(); else await engine.changed(['ada'], []);

  const eng = d.group('eng');
  eng.displayName = 'Engineering Team';
  eng.members.delete('ada');
  if (cycle) await engine.nextCycle(); else await engine.changed([], ['eng']);

  d.assignedUsers.delete('ada');
  if (cycle) await engine.nextCycle(); else await engine.changed(['ada'], []);
  return engine;
}

export const UNIT_TOKEN = 'unit-test-token-42';

/** An engine of one dialect over the golden directory, approvals cleared, waiting at most 5 ms for real (unless told). */
export function engineFor(id: DialectId, waits: { maxRealWaitMs?: number } = { maxRealWaitMs: 5 }, target: { patchServed?: boolean } = {}): ProvisioningEngine {
  const faker = new Faker({ locale: [en] });
  faker.seed(7);
  const e = new ProvisioningEngine({ profile: PROFILES[id], redactor: new Redactor([UNIT_TOKEN]), faker, directory: goldenDirectory(), timeoutMs: 5000, maxRealWaitMs: waits.maxRealWaitMs, ...target });
  e.approval.create = e.approval.update = e.approval.delete = false;
  return e;
}

/** A capture server for one test, closed whatever the test did. */
export async function withServer(fn: (s: CaptureServer) => Promise<void>): Promise<void> {
  const s = await startCaptureServer();
  try { await fn(s); } finally { await s.close(); }
}
