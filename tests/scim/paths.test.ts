// A Location may be a relative reference (RFC 9110 §10.2.2): the suite compares it with meta.location as the
// URLs both name, resolved against the request's URL, not as strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameResourceUri, selfNamedBase } from '../../support/scim/paths.ts';

const REQUEST = 'https://sp.example.test/t1/scim/v2/Users';
const ABSOLUTE = 'https://sp.example.test/t1/scim/v2/Users/u-1';

test('a relative Location names the same resource as an absolute meta.location', () => {
  assert.equal(sameResourceUri('/t1/scim/v2/Users/u-1', ABSOLUTE, REQUEST), true);
  assert.equal(sameResourceUri('Users/u-1', ABSOLUTE, 'https://sp.example.test/t1/scim/v2/'), true);
  assert.equal(sameResourceUri('https://SP.example.test:443/t1/scim/v2/Users/u-1', ABSOLUTE, REQUEST), true, 'host case and a default port make no difference');
  assert.equal(sameResourceUri(ABSOLUTE, ABSOLUTE, REQUEST), true);
});

test('a Location that names another resource, path or host does not', () => {
  assert.equal(sameResourceUri('/t1/scim/v2/Users/u-2', ABSOLUTE, REQUEST), false);
  assert.equal(sameResourceUri('/t2/scim/v2/Users/u-1', ABSOLUTE, REQUEST), false);
  assert.equal(sameResourceUri('https://other.example.test/t1/scim/v2/Users/u-1', ABSOLUTE, REQUEST), false);
  assert.equal(sameResourceUri('http://sp.example.test/t1/scim/v2/Users/u-1', ABSOLUTE, REQUEST), false, 'another scheme is another URI');
});

test('a relative Location written for the public address an SP names itself by names its absolute meta.location', () => {
  // the suite calls the SP through a tunnel at 127.0.0.1 with another path; the SP knows itself as scim.example.com/scim/v2
  const tunnel = 'http://127.0.0.1:8080/tenant-1/v2/Users';
  assert.equal(sameResourceUri('/scim/v2/Users/u-1', 'https://scim.example.com/scim/v2/Users/u-1', tunnel), true);
  assert.equal(sameResourceUri('/scim/v2/Users/u-2', 'https://scim.example.com/scim/v2/Users/u-1', tunnel), false, 'another id is another resource');
  assert.equal(sameResourceUri('/other/v2/Users/u-1', 'https://scim.example.com/scim/v2/Users/u-1', tunnel), false, 'another path is another resource');
});

test('the SCIM base an SP names for itself is read off a discovery resource\'s meta.location', () => {
  assert.equal(selfNamedBase('https://scim.example.com/scim/v2/ResourceTypes/User'), 'https://scim.example.com/scim/v2');
  assert.equal(selfNamedBase('https://scim.example.com/scim/v2/resourcetypes/user'), 'https://scim.example.com/scim/v2');
  assert.equal(selfNamedBase('/scim/v2/ResourceTypes/User'), undefined, 'a relative one names no base');
  assert.equal(selfNamedBase(undefined), undefined);
});
