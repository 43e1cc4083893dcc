// A type is not caseExact (RFC 7643 §8.7.1) and a phone number may come back as an RFC 3966 tel URI (RFC 7643
// §4.1.2): the suite takes both as the value it sent, and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { samePhoneNumber, valuesOfType } from '../../support/scim/values.ts';

test('a type matches in any case, and only that type', () => {
  const emails = [{ type: 'Work', value: 'a@example.com' }, { type: 'home', value: 'b@example.com' }, { value: 'c@example.com' }];
  assert.deepEqual(valuesOfType(emails, 'work'), [emails[0]]);
  assert.deepEqual(valuesOfType(emails, 'HOME'), [emails[1]]);
  assert.deepEqual(valuesOfType(emails, 'other'), []);
  assert.deepEqual(valuesOfType(undefined, 'work'), []);
});

test('a phone number is the same in its tel URI form and with other visual separators, and no other number is', () => {
  for (const got of ['+1-555-0100', 'tel:+1-555-0100', 'TEL:+1-555-0100', '+1 555 0100', '+1 (555) 0100', '+1.555.0100', '+15550100']) {
    assert.equal(samePhoneNumber(got, '+1-555-0100'), true, got);
  }
  for (const got of ['tel:+1-555-0101', '1-555-0100', 'tel:1-555-0100', '+1-555-0100 ext 2', undefined, 15550100]) {
    assert.equal(samePhoneNumber(got, '+1-555-0100'), false, String(got));
  }
});
