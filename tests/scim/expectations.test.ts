// How a failure names the SP's answer and the request: read by people, so it must say what happened, once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeReply, pathOf } from '../../support/scim/expectations.js';
import type { ScimReply } from '../../support/scim/client.js';

const reply = (url: string, extra: Partial<ScimReply> = {}): ScimReply =>
  ({ status: 201, headers: {}, body: undefined, text: '', exchange: { request: { method: 'POST', url } }, ...extra }) as unknown as ScimReply;

test('a request path is shown below the SCIM base, and a base such as /api/scim/v2.0/<directory> is shown whole, not cut at "v2"', () => {
  assert.equal(pathOf(reply('http://127.0.0.1:8080/t1/scim/v2/Users?filter=x')), '/Users?filter=x');
  assert.equal(pathOf(reply('http://127.0.0.1:8080/scim/v2')), '');
  assert.equal(pathOf(reply('http://127.0.0.1:18790/api/scim/v2.0/5310/Users')), '/api/scim/v2.0/5310/Users');
});

test('a failure reads after "the SP answered": a status once, or the failure of the exchange named as one', () => {
  assert.equal(describeReply(reply('http://h/scim/v2/Users', { failure: 'answered 201 with a body that is not valid JSON: {' })), '201 with a body that is not valid JSON: {');
  assert.equal(describeReply(reply('http://h/scim/v2/Users', { failure: 'no answer from h within 400 ms' })), 'with a failure: no answer from h within 400 ms');
  assert.equal(describeReply(reply('http://h/scim/v2/Users', { status: 409, body: { detail: 'taken' } })), '"taken" (409)');
});
