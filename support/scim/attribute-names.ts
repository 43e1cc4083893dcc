// SCIM attribute names are case-insensitive (RFC 7643 §2.1: "Attribute names are case insensitive and are
// often "camel-cased""), so an SP may answer `username` or `UserName` for `userName` and still conform. The
// suite reads every answer through canonicalNames: its questions then look up `userName` and find what the SP
// sent under any case. The schema URNs in `schemas` (not caseExact, RFC 7643 §2.2) are read in the RFCs' spelling
// too. The transcript keeps the answer as it came.

import { SCIM_URNS } from './urns.js';

/** The schemas' own attribute names and the protocol messages' (RFC 7643 §3–§7, RFC 7644 §3): the spelling the suite reads. */
const NAMES = [
  // common (§3.1) and meta
  'schemas', 'id', 'externalId', 'meta', 'resourceType', 'created', 'lastModified', 'location', 'version',
  // User (§4.1), its complex and multi-valued sub-attributes
  'userName', 'name', 'formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix',
  'displayName', 'nickName', 'profileUrl', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone', 'active',
  'password', 'emails', 'phoneNumbers', 'ims', 'photos', 'addresses', 'groups', 'entitlements', 'roles', 'x509Certificates',
  'value', 'display', 'type', 'primary', '$ref', 'streetAddress', 'locality', 'region', 'postalCode', 'country',
  // Group (§4.2), enterprise User (§4.3)
  'members', 'employeeNumber', 'costCenter', 'organization', 'division', 'department', 'manager',
  // ServiceProviderConfig (§5), ResourceType (§6), Schema (§7)
  'documentationUri', 'patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag', 'authenticationSchemes', 'supported',
  'maxOperations', 'maxPayloadSize', 'maxResults', 'description', 'specUri', 'endpoint', 'schema', 'schemaExtensions',
  'required', 'attributes', 'subAttributes', 'multiValued', 'canonicalValues', 'caseExact', 'mutability', 'returned',
  'uniqueness', 'referenceTypes',
  // messages (RFC 7644 §3.4.2, §3.5.2, §3.7, §3.12)
  'totalResults', 'Resources', 'startIndex', 'itemsPerPage', 'Operations', 'op', 'path', 'method', 'bulkId', 'status',
  'response', 'failOnErrors', 'scimType', 'detail',
] as const;

const CANONICAL = new Set<string>(NAMES);
const BY_LOWER = new Map<string, string>(NAMES.map((n) => [n.toLowerCase(), n]));
/** The RFCs' schema URNs, matched without regard to case: as keys (an extension's, RFC 7643 §2.1) and in `schemas` (§2.2). */
const URN_BY_LOWER = new Map<string, string>(SCIM_URNS.map((u) => [u.toLowerCase(), u]));

/**
 * The same JSON with the names RFC 7643/7644 define spelled as they define them, at any depth; the object
 * itself when nothing differs (nearly always). Keys it does not know (an SP's own extension, and everything
 * inside one) are left as they are; a canonical key the answer holds already is never overwritten.
 */
export function canonicalNames<T>(value: T): T {
  return canon(value, true) as T;
}

/** An answer's JSON text, parsed and read through canonicalNames (throws as JSON.parse does). */
export function parseAnswer(text: string): any {
  return canonicalNames(JSON.parse(text));
}

function canon(value: unknown, known: boolean): unknown {
  if (!known || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = canon(value[i], known);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const name = canonicalKey(key);
    const target = name ?? key;
    const inner = name === 'schemas' ? canonicalUrns(obj[key]) : canon(obj[key], name !== undefined);
    if (!out) {
      if (target === key && inner === obj[key]) continue;
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]!] = obj[keys[j]!];
    }
    if (target !== key && Object.prototype.hasOwnProperty.call(obj, target)) continue; // both spellings: the canonical one wins
    out[target] = inner;
  }
  return out ?? obj;
}

/**
 * A `schemas` list with each URN the RFCs define in their spelling; the list itself when none differs. Not a resource
 * type's `schema`: that one is caseExact (RFC 7643 §8.7.2), and RFC-DISC-01 reads it as sent.
 */
function canonicalUrns(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const out = value.map((v) => (typeof v === 'string' ? URN_BY_LOWER.get(v.toLowerCase()) ?? v : v));
  return out.some((v, i) => v !== value[i]) ? out : value;
}

/** The defined spelling of a key, or undefined for a name no RFC schema or message defines. */
function canonicalKey(key: string): string | undefined {
  if (CANONICAL.has(key)) return key;
  const lower = key.toLowerCase();
  return BY_LOWER.get(lower) ?? URN_BY_LOWER.get(lower);
}
