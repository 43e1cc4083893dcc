// Defence in depth: transcripts arrive redacted, but everything the report writes passes through here once
// more, so a secret that slipped past the client (in an error message, a body, a log line) stays out.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redactor, TRANSCRIPT_MEDIA_TYPE, type Exchange } from '../scim/exchange.js';
import type { Envelope } from './messages.js';

export { Redactor };

export function reportRedactor(secrets: Iterable<string | undefined> = []): Redactor {
  return new Redactor(secrets);
}

export function redactExchange(r: Redactor, e: Exchange): Exchange {
  try { return r.exchange(e); } catch { return r.json(e) as Exchange; }
}

/**
 * A copy of a message stream with attachments and step messages scrubbed (transcripts structurally). An
 * envelope nothing was removed from is the same object.
 */
export function redactEnvelopes(envelopes: Envelope[], r: Redactor): Envelope[] {
  return envelopes.map((e) => {
    if (e.attachment) {
      const a = e.attachment;
      if (a.contentEncoding !== 'IDENTITY') return e;
      let body = r.text(a.body);
      if (a.mediaType === TRANSCRIPT_MEDIA_TYPE) {
        try { body = JSON.stringify((JSON.parse(a.body) as Exchange[]).map((x) => redactExchange(r, x))); } catch { /* keep the text redaction */ }
      }
      return body === a.body ? e : { ...e, attachment: { ...a, body } };
    }
    if (e.testStepFinished) {
      const res = e.testStepFinished.testStepResult;
      if (!res.message && !res.exception) return e;
      const scrubbed = { ...e, testStepFinished: { ...e.testStepFinished, testStepResult: { ...res,
        ...(res.message ? { message: r.text(res.message) } : {}),
        ...(res.exception ? { exception: { ...res.exception, ...(res.exception.message ? { message: r.text(res.exception.message) } : {}),
          ...(res.exception.stackTrace ? { stackTrace: r.text(res.exception.stackTrace) } : {}) } } : {}) } } };
      const after = scrubbed.testStepFinished.testStepResult;
      // the same envelope when nothing was removed: the caller keeps a stream nothing was removed from as it is
      const same = after.message === res.message && after.exception?.message === res.exception?.message && after.exception?.stackTrace === res.exception?.stackTrace;
      return same ? e : scrubbed;
    }
    return e;
  });
}

const TEXT_FILE = /\.(json|ndjson|xml|html?|txt|log|ya?ml|md|csv)$/i;
// Long enough that a word in a bundled script ("Bearer token") is left alone.
const BEARER = /\b(Bearer|SSWS)\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]{12,}/g;

/** A text without the given secret values and anything that looks like a bearer credential. */
export function scrubText(text: string, values: string[]): string {
  let after = text.replace(BEARER, '$1 [REDACTED]');
  for (const v of values) if (after.includes(v)) after = after.split(v).join('[REDACTED]');
  return after;
}

// A file is decoded and searched only where its bytes may hold what the sweep removes: a secret value, or a
// Bearer or SSWS word followed by what could be a credential. Most of a report folder (the message stream and
// the two HTML pages, ~15 MB a run) holds neither, and decoding it all as UTF-8 was most of the sweep's time.
// The test runs on the bytes as Latin-1, where any byte of a multi-byte character may be a Unicode space: it
// finds every match of BEARER, and more (those files are then searched as before).
const MAY_BE_BEARER = /^(?:Bearer|SSWS)[\s\x80-\xff]+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]{12}|^(?:Bearer|SSWS)[\s\x80-\xff]*[A-Za-z0-9._~+/=-]*$/;
const WINDOW = 96; // bytes after the word; a match that runs past them counts (the second alternative)

export function mayHoldSecrets(bytes: Buffer, values: string[]): boolean {
  if (values.some((v) => bytes.includes(v))) return true;
  for (const word of ['Bearer', 'SSWS']) {
    for (let at = bytes.indexOf(word); at !== -1; at = bytes.indexOf(word, at + word.length)) {
      if (MAY_BE_BEARER.test(bytes.toString('latin1', at, at + word.length + WINDOW))) return true;
    }
  }
  return false;
}

/**
 * The last pass over a report folder: every text file loses the run's known secret values and anything that
 * looks like a bearer credential. Returns the files it had to change (each one is a bug upstream).
 */
export function sweepReportDir(dir: string, secrets: Iterable<string | undefined>): string[] {
  const values = [...secrets].filter((s): s is string => !!s && s.length >= 6);
  const changed: string[] = [];
  const visit = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) { visit(p); continue; }
      if (!TEXT_FILE.test(name)) continue;
      const bytes = readFileSync(p);
      if (!mayHoldSecrets(bytes, values)) continue;
      const before = bytes.toString('utf8');
      const after = scrubText(before, values);
      if (after !== before) { writeFileSync(p, after); changed.push(p); }
    }
  };
  visit(dir);
  return changed;
}
