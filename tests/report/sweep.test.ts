// The report folder's last sweep decodes and searches only the files whose bytes may hold a secret. Skipping a
// file must never keep one: wherever the search would change a text, the byte test says to search it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { mayHoldSecrets, scrubText, sweepReportDir } from '../../support/report/redact.ts';

const SECRETS = ['tok-3f9a7c21e5b84d06', 'pässwörd-1', 'SSWS-00x'];
// pieces that build credentials and near misses: the words, ASCII and Unicode spaces, token characters,
// what the sweep leaves behind, and multi-byte characters whose bytes a Latin-1 reading sees as other letters
const piece = fc.constantFrom('Bearer', 'SSWS', 'bearer', 'xBearer', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028',
  'abcdefgh', 'ABCD', '0123', '._~+/=-', '[REDACTED]', 'é', 'ü', 'ǅ', '€', '\u{1F511}', '"', ':', '\\u00a0', ...SECRETS);
const text = fc.array(fc.oneof(piece, fc.string({ maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 40 }).map((p) => p.join(''));

test('a text the scrub would change is never skipped', () => {
  fc.assert(fc.property(text, fc.subarray(SECRETS), fc.integer({ min: 0, max: 200 }), (t, secrets, pad) => {
    // padding moves a credential past the byte test's window after the word
    for (const candidate of [t, t.replace(/(Bearer|SSWS)/, `$1${' '.repeat(pad)}`)]) {
      if (scrubText(candidate, secrets) !== candidate) assert.ok(mayHoldSecrets(Buffer.from(candidate), secrets), JSON.stringify(candidate));
    }
  }), { numRuns: 3000 });
});

test('a file of redacted transcripts is not searched again', () => {
  const redacted = `{"authorization":"Bearer [REDACTED]","body":"SSWS [REDACTED]"}\n`.repeat(1000);
  assert.equal(mayHoldSecrets(Buffer.from(redacted), SECRETS), false);
});

test('the sweep finds a credential behind a Unicode space deep in a large file, and a secret value', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scim-sweep-'));
  const filler = 'Bearer [REDACTED] ünïcödé '.repeat(100_000);
  writeFileSync(join(dir, 'messages.ndjson'), `${filler}Bearer\u2003abcdefghijklmnop0123 end`);
  writeFileSync(join(dir, 'cucumber.html'), `${filler}${SECRETS[1]}`);
  writeFileSync(join(dir, 'clean.html'), filler);
  const changed = sweepReportDir(dir, SECRETS).map((p) => p.slice(dir.length + 1)).sort();
  assert.deepEqual(changed, ['cucumber.html', 'messages.ndjson']);
  assert.ok(readFileSync(join(dir, 'messages.ndjson'), 'utf8').endsWith('Bearer [REDACTED] end'));
  assert.ok(!readFileSync(join(dir, 'cucumber.html'), 'utf8').includes(SECRETS[1]!));
});
