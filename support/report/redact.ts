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

/** A copy of a message stream with attachments and step messages scrubbed (transcripts structurally). */
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
      return { ...e, testStepFinished: { ...e.testStepFinished, testStepResult: { ...res,
        ...(res.message ? { message: r.text(res.message) } : {}),
        ...(res.exception ? { exception: { ...res.exception, ...(res.exception.message ? { message: r.text(res.exception.message) } : {}),
          ...(res.exception.stackTrace ? { stackTrace: r.text(res.exception.stackTrace) } : {}) } } : {}) } } };
    }
    return e;
  });
}

const TEXT_FILE = /\.(json|ndjson|xml|html?|txt|log|ya?ml|md|csv)$/i;
// Long enough that a word in a bundled script ("Bearer token") is left alone.
const BEARER = /\b(Bearer|SSWS)\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]{12,}/g;

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
      const before = readFileSync(p, 'utf8');
      let after = before.replace(BEARER, '$1 [REDACTED]');
      for (const v of values) if (after.includes(v)) after = after.split(v).join('[REDACTED]');
      if (after !== before) { writeFileSync(p, after); changed.push(p); }
    }
  };
  visit(dir);
  return changed;
}
