// The report's evidence travels inside <script type="application/json">: whatever a hostile SP answered, the
// embedded text must neither end the script element nor open a comment, and must read back as the same value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { scriptJson } from '../../support/report/html.ts';

const hostile = fc.constantFrom('</script>', '<!--', '-->', '<script>', '&amp;', '\u2028', '\u2029', '<', '>', '&', 'é', '\u{1F511}', '"', '\\');
const text = fc.array(fc.oneof(hostile, fc.string({ unit: 'grapheme' })), { maxLength: 8 }).map((parts) => parts.join(''));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null),
    fc.array(tie('node')), fc.dictionary(text, tie('node'), { maxKeys: 4, noNullPrototype: true })),
})).node;

test('embedded evidence cannot end its script element and reads back unchanged', () => {
  fc.assert(fc.property(value, (v) => {
    const out = scriptJson(v);
    assert.doesNotMatch(out, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(out), v);
  }), { numRuns: 500 });
});
