// The names a run gives users lead with the run's prefix, so `cleanup --prefix` (userName sw "scimc-<runId>-")
// finds every user a killed run left, renamed ones and paging batches too; and they carry capitals, so an SP
// that stores userName in a case of its own is seen (the lowercase-usernames variant); so do groups' names
// (lowercase-group-names).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScenarioContext } from '../../support/screenplay/context.js';

function context(): ScenarioContext {
  return new ScenarioContext({ target: { id: 'names', kind: 'embedded', scimBase: 'http://127.0.0.1:1/scim/v2', capabilities: {} as never },
    spProfile: 'rfc', seed: 42, runId: 'abc123', timeoutMs: 1000, settleMs: 0 }, { token: 'names-test-token' }, 'names');
}

test('a person\'s userName and email lead with the run prefix and carry capitals', () => {
  const ctx = context();
  const ada = ctx.person('ada');
  assert.ok(ada.userName.startsWith(ctx.prefix), ada.userName);
  assert.match(ada.userName, /^scimc-abc123-Ada\.[a-z0-9]+@example\.com$/);
  assert.equal(ada.email, ada.userName);
  assert.match(ctx.person('ada twin').userName, /^scimc-abc123-Ada\.Twin\.[a-z0-9]+@example\.com$/);
  assert.equal(ctx.person('ada'), ada, 'the same person within a scenario');
});

test('a new name for a rename leads with the prefix too, and is new each time', () => {
  const ctx = context();
  const first = ctx.userNameFor('ada renamed');
  const second = ctx.userNameFor('ada renamed');
  for (const name of [first, second]) assert.match(name, /^scimc-abc123-Ada\.Renamed\.[a-z0-9]+@example\.com$/);
  assert.notEqual(first, second);
  assert.notEqual(first.toLowerCase(), first, 'capitals, for an SP that stores userName in lower case to show');
});

test('a group\'s name leads with the run prefix and carries capitals, the same one within a scenario', () => {
  const ctx = context();
  const devs = ctx.groupName('devs');
  assert.match(devs, /^scimc-abc123-Devs [a-z0-9]+$/);
  assert.match(ctx.groupName('devs renamed'), /^scimc-abc123-Devs Renamed [a-z0-9]+$/);
  assert.equal(ctx.groupName('devs'), devs);
  assert.notEqual(devs.toLowerCase(), devs, 'capitals, for an SP that stores displayName in lower case to show');
});
