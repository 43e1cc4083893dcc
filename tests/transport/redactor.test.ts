// Redactor.jsonOf makes an exchange's body copy from the body's own text where nothing would be removed: for
// any JSON value and any secrets, it gives exactly what json() gives, and shares nothing with the value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Redactor } from '../../support/scim/exchange.ts';

const SECRET = 'tok-3f9a7c21e5b84d06';
const QUOTED_SECRET = 'pa"ssword-9';
const leaves = fc.oneof(
  fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }),
  // what a body may carry that must go: a known secret inside a value, a credential, escapes that hide characters
  fc.constantFrom(SECRET, `x${SECRET}y`, QUOTED_SECRET, `<${QUOTED_SECRET}>`, 'W/"1"', 'Bearer abcdefghijklmnop', 'SSWS 00abcdefghij', 'Basic dXNlcjpwYXNz', 'tok\u002d3f9a7c21e5b84d06',
    'line\nbreak', 'quote " inside', 'back\\slash', 'ünïcödé', '\u2028'),
);
const keys = fc.oneof(fc.string(), fc.constantFrom('password', 'Password', 'token', 'accessToken', 'secret', 'SAMLResponse', 'client_secret',
  'userName', 'value', 'tok', 'passwords'));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaves, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(keys, tie('value'), { maxKeys: 5 }),
})).value;

test('jsonOf gives what json gives for any body and its text, and a copy', () => {
  fc.assert(fc.property(json, fc.constantFrom([], [SECRET], [SECRET, QUOTED_SECRET]), fc.boolean(), (value, secrets, pretty) => {
    const r = new Redactor(secrets);
    const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
    const parsed = JSON.parse(text) as unknown;
    const fast = r.jsonOf(text, parsed);
    assert.deepEqual(fast, r.json(parsed));
    if (parsed !== null && typeof parsed === 'object') assert.notEqual(fast, parsed, 'a copy, never the value itself');
  }), { numRuns: 2000 });
});

test('jsonOf keeps a value parsed for the record alone where nothing would be removed, and copies it where something would', () => {
  fc.assert(fc.property(json, fc.constantFrom([], [SECRET], [SECRET, QUOTED_SECRET]), (value, secrets) => {
    const r = new Redactor(secrets);
    const text = JSON.stringify(value);
    const expected = r.json(JSON.parse(text));
    const owned = JSON.parse(text) as unknown;
    const kept = r.jsonOf(text, owned, true);
    assert.deepEqual(kept, expected);
    // kept as it is only when it equals its redacted copy: a value holding a secret is never the one recorded
    if (kept === owned && owned !== null && typeof owned === 'object') assert.deepEqual(owned, expected);
  }), { numRuns: 2000 });
  const r = new Redactor([SECRET]);
  const clean = { userName: 'ada@example.com', meta: { version: 'W/"1"' } };
  const cleanParsed = JSON.parse(JSON.stringify(clean));
  assert.equal(r.jsonOf(JSON.stringify(clean), cleanParsed, true), cleanParsed, 'nothing to remove: no second parse');
  const secretParsed = { password: 'hunter2-hunter2' };
  assert.notEqual(r.jsonOf(JSON.stringify(secretParsed), secretParsed, true), secretParsed, 'something to remove: a redacted copy');
});

test('a body\'s own "__proto__" key is recorded as a key by both paths, never as the copy\'s prototype', () => {
  const r = new Redactor([SECRET]);
  for (const text of ['{"__proto__":[]}', '{"a":{"__proto__":{"password":"hunter2-hunter2","x":1}}}']) {
    const parsed = JSON.parse(text) as unknown;
    for (const copy of [r.json(parsed), r.jsonOf(text, parsed)]) {
      const inner = text.startsWith('{"a"') ? (copy as { a: object }).a : copy as object;
      assert.equal(Object.getPrototypeOf(inner), Object.prototype);
      assert.ok(Object.hasOwn(inner, '__proto__'));
      assert.ok(!JSON.stringify(copy).includes('hunter2'));
    }
  }
});

test('a secret a body carries leaves through neither path', () => {
  const r = new Redactor([SECRET, QUOTED_SECRET]);
  for (const body of [{ userName: `a${SECRET}` }, { note: `said ${QUOTED_SECRET}`, version: 'W/"2"' }, { password: 'hunter2-hunter2' }, { note: 'Authorization: Bearer abcdefghijklmnop' },
    { escaped: SECRET.replace('-', '\\u002d') }]) {
    const text = JSON.stringify(body).replace('\\\\u002d', '\\u002d'); // the last one as a server may escape it
    const out = JSON.stringify(r.jsonOf(text, JSON.parse(text)));
    assert.ok(!out.includes(SECRET) && !out.includes(JSON.stringify(QUOTED_SECRET).slice(1, -1)) && !out.includes('hunter2') && !out.includes('abcdefghijklmnop'), out);
  }
});
