// Attribute names are case-insensitive (RFC 7643 §2.1): the suite reads an SP's answer whatever case it spells
// names in, and its transcript keeps the answer as sent. Any re-casing of the names RFC 7643/7644 define reads
// back as the canonical document; names nobody defines (an SP's own extension) are left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { canonicalNames } from '../../support/scim/attribute-names.ts';
import { ScimClient } from '../../support/scim/client.ts';
import { Redactor, type Exchange } from '../../support/scim/exchange.ts';
import { Transport } from '../../support/scim/transport.ts';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const VENDOR = 'urn:example:params:scim:schemas:extension:acme:2.0:User';

const user = () => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE, VENDOR],
  id: 'u-1', externalId: 'ext-1', userName: 'ada@example.com',
  name: { givenName: 'Ada', familyName: 'Lovelace', honorificPrefix: 'Ms' },
  displayName: 'Ada Lovelace', active: true,
  emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
  groups: [{ value: 'g-1', $ref: 'https://sp.example.test/Groups/g-1', display: 'Engineers' }],
  [ENTERPRISE]: { employeeNumber: '7', manager: { value: 'u-0', displayName: 'Charles' } },
  // an SP's own extension: its names are its own, never re-spelled
  [VENDOR]: { shoeSize: 38, Title: 'Chief', tier: { Level: 'Gold', Value: 3 } },
  meta: { resourceType: 'User', created: '2026-01-01T00:00:00Z', lastModified: '2026-01-02T00:00:00Z', location: 'https://sp.example.test/Users/u-1' },
});
const list = () => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, itemsPerPage: 1, startIndex: 1, Resources: [user()] });

/** Every key a canonical document holds outside the vendor's extension, re-spelled by `spell`. */
function respell(value: unknown, spell: (key: string) => string, inVendor = false): unknown {
  if (Array.isArray(value)) return value.map((v) => respell(v, spell, inVendor));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [inVendor ? k : spell(k), respell(v, spell, inVendor || k === VENDOR)]));
}

test('a document re-cased any way reads back as the canonical one', () => {
  const casing = fc.func(fc.constantFrom('lower', 'upper', 'pascal', 'as-is'));
  fc.assert(fc.property(casing, fc.boolean(), (choose, asList) => {
    const doc = asList ? list() : user();
    const spell = (k: string) => {
      if (k.startsWith('urn:') && k !== ENTERPRISE) return k;
      const how = choose(k);
      return how === 'lower' ? k.toLowerCase() : how === 'upper' ? k.toUpperCase() : how === 'pascal' ? k[0]!.toUpperCase() + k.slice(1) : k;
    };
    assert.deepEqual(canonicalNames(respell(doc, spell)), doc);
  }), { numRuns: 300 });
});

test('a canonical answer is returned as it is, and the canonical spelling wins when an answer holds both', () => {
  const doc = list();
  assert.equal(canonicalNames(doc), doc);
  assert.deepEqual(canonicalNames({ userName: 'kept', username: 'dropped' }), { userName: 'kept' });
  assert.deepEqual(canonicalNames({ username: 'dropped', userName: 'kept' }), { userName: 'kept' });
  assert.deepEqual(canonicalNames({ Status: '404', ScimType: 'noTarget', Detail: 'gone' }), { status: '404', scimType: 'noTarget', detail: 'gone' });
  for (const v of [undefined, null, 'text', 3, ['a']]) assert.deepEqual(canonicalNames(v), v);
});

test('schema URNs in `schemas` read back in the RFCs\' spelling, whatever case they came in (RFC 7643 §2.2); a resource type\'s caseExact `schema` as sent', () => {
  const lower = (v: string) => v.toLowerCase();
  const doc = list();
  const cased = { ...doc, schemas: doc.schemas.map(lower), Resources: [{ ...user(), schemas: user().schemas.map((u) => u.toUpperCase()) }] };
  // the vendor's URN is nobody's the RFCs define: it stays as sent, in whatever case
  const expected = { ...doc, Resources: [{ ...user(), schemas: [...user().schemas.slice(0, 2), VENDOR.toUpperCase()] }] };
  assert.deepEqual(canonicalNames(cased), expected);
  const type = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:resourcetype'], id: 'User', schema: 'urn:ietf:params:scim:schemas:core:2.0:user',
    schemaExtensions: [{ schema: lower(ENTERPRISE), required: false }] };
  assert.deepEqual(canonicalNames(type), { ...type, schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'] });
  // a wrong URN is not made right: only the case is forgiven
  assert.deepEqual(canonicalNames({ schemas: ['urn:scim:schemas:core:1.0'] }), { schemas: ['urn:scim:schemas:core:1.0'] });
  // an SP's own extension holds what it likes under a key named "schemas"
  const own = { [VENDOR]: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:user'] } };
  assert.equal(canonicalNames(own), own);
});

test('the suite reads a PascalCase answer by its RFC names, and the transcript keeps it as sent', async () => {
  const sent = respell(user(), (k) => (k.startsWith('urn:') ? k : k[0]!.toUpperCase() + k.slice(1)));
  const server = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/scim+json' }); res.end(JSON.stringify(sent)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const recorded: Exchange[] = [];
    const client = new ScimClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`, token: 'case-test-token',
      timeoutMs: 5_000, redactor: new Redactor([]), actor: 'the client', record: (e) => recorded.push(e), transport: new Transport({}) });
    const reply = await client.send({ method: 'GET', path: '/Users/u-1' });
    assert.equal(reply.failure, undefined);
    assert.equal(reply.body.userName, 'ada@example.com');
    assert.equal(reply.body.name.givenName, 'Ada');
    assert.equal(reply.body[ENTERPRISE].manager.displayName, 'Charles');
    assert.deepEqual(reply.body, user());
    assert.deepEqual(recorded[0]!.response!.body, sent, 'the transcript shows what the SP sent');
  } finally { server.close(); }
});
