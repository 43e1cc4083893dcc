// A user body cut to what an SP's /Schemas declares. An SP may refuse an attribute its schema does not define as
// "not compatible with ... resource schema" (RFC 7644 §3.12), as an SDK that checks a request against its schema does
// (UnboundID's SCIM 2 SDK, by default), so what the suite sends as a plain client carries none.
import { USER_SCHEMA } from './urns.js';

/** Attributes of a user body kept whatever /Schemas declares: rows judge what the SP does with each (RFC 7643 §3.1, §4.1.1). */
const ALWAYS_SENT = new Set(['schemas', 'id', 'externalid', 'meta', 'username', 'password']);

export const isPlainObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A user body with only what `declared` names (/Schemas paths in lower case, as the capability probe reads them:
 * `displayname`, `name.givenname`, `<extension urn>:department`) and ALWAYS_SENT; `schemas` keeps the core User URN
 * and the extensions still carried. The body as it is where /Schemas was not read (`declared` undefined).
 */
export function declaredOnly(body: Record<string, any>, declared: readonly string[] | undefined): Record<string, any> {
  if (!declared) return body;
  const paths = new Set(declared);
  const extensionDeclared = (urn: string) => declared.some((p) => p.startsWith(`${urn.toLowerCase()}:`));
  const out: Record<string, any> = {};
  for (const [key, value] of Object.entries(body)) {
    const k = key.toLowerCase();
    if (ALWAYS_SENT.has(k)) out[key] = value;
    else if (k.startsWith('urn:')) { if (extensionDeclared(key)) out[key] = value; }
    else if (!paths.has(k)) continue;
    else if (k === 'name' && isPlainObject(value)) {
      const parts = Object.fromEntries(Object.entries(value).filter(([sub]) => paths.has(`name.${sub.toLowerCase()}`)));
      if (Object.keys(parts).length) out[key] = parts;
    } else out[key] = value;
  }
  const schemas = Object.keys(out).find((k) => k.toLowerCase() === 'schemas');
  if (schemas && Array.isArray(out[schemas])) {
    out[schemas] = out[schemas].filter((u: unknown) => typeof u !== 'string' || !u.toLowerCase().startsWith('urn:')
      || u.toLowerCase() === USER_SCHEMA.toLowerCase() || extensionDeclared(u));
  }
  return out;
}
