import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mentions } from '../../support/scim/expectations.js';

test('mentions: a value named whole, not inside a longer run of letters and digits', () => {
  assert.equal(mentions('{"status":"401","detail":"Unauthorized"}', '1'), false, 'the 1 of 401 is no id 1');
  assert.equal(mentions('{"status":"401"}', '40'), false);
  assert.equal(mentions('GET /Users/1?x=y', '1'), true);
  assert.equal(mentions('"id":"17"', '17'), true);
  assert.equal(mentions('/Users/171', '17'), false);
  const uuid = '8f1c2d9e-0b4a-4c1e-9d7a-2b3c4d5e6f70';
  assert.equal(mentions(`no user ${uuid} here`, uuid), true);
  assert.equal(mentions('Ada.X@Example.com was not found', 'ada.x@example.com'), false, 'case matters unless asked');
  assert.equal(mentions('Ada.X@Example.com was not found', 'ada.x@example.com', { ignoreCase: true }), true);
  assert.equal(mentions('a (b) [c] u 1/?#%+&"x-1', 'u 1/?#%+&"x-1'), true, 'reserved characters are taken literally');
  assert.equal(mentions('anything', ''), false);
});
