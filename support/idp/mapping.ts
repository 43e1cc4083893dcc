// Directory → SCIM through a mapping table (Entra's "Attribute Mapping", Okta's profile mappings), and the
// SCIM path helpers the interpreter needs. SCIM knowledge only; no vendor knowledge.
import type { AttributeMapping } from './profile.js';
import type { DirectoryUser } from './directory.js';

export type Flat = Map<string, unknown>;

const FILTERED = /^([\w]+)\[(\w+) eq "([^"]*)"\]\.(\w+)$/;
const URN = /^(urn:.+):([\w.]+)$/;

export function isFiltered(target: string): boolean { return FILTERED.test(target); }

function sourceValue(m: AttributeMapping, subject: Record<string, unknown>): unknown {
  if (m.constant !== undefined) return m.constant;
  if (m.join) {
    const parts = m.join.map((k) => subject[k]);
    return parts.every((p) => typeof p === 'string' && p !== '') ? parts.join(' ') : undefined;
  }
  const v = m.source ? subject[m.source] : undefined;
  return v === '' || v === null ? undefined : v;
}

/**
 * The mapped values, target → value, in mapping order. Missing values: 'omit' drops them; 'empty-string'
 * sends "". Inside a filtered element (addresses[type eq "work"]) a missing part follows `partPolicy`, and
 * an element with no mapped value at all is left out whole.
 */
export function mapValues(mappings: AttributeMapping[], subject: Record<string, unknown>, policy: 'omit' | 'empty-string',
  partPolicy: (attr: string) => 'omit' | 'empty-string' = () => policy): Flat {
  const flat: Flat = new Map();
  const elementHasValue = new Map<string, boolean>();
  for (const m of mappings) {
    const f = FILTERED.exec(m.target);
    if (f && m.constant === undefined && sourceValue(m, subject) !== undefined) elementHasValue.set(`${f[1]}[${f[2]}=${f[3]}]`, true);
  }
  for (const m of mappings) {
    const v = sourceValue(m, subject);
    const f = FILTERED.exec(m.target);
    if (f) {
      if (!elementHasValue.get(`${f[1]}[${f[2]}=${f[3]}]`)) continue;
      if (v !== undefined) flat.set(m.target, v);
      else if (partPolicy(f[1]) === 'empty-string') flat.set(m.target, '');
      continue;
    }
    if (v !== undefined) flat.set(m.target, v);
    else if (policy === 'empty-string') flat.set(m.target, '');
  }
  return flat;
}

/** Sets a SCIM path on an object: simple, dotted, URN-prefixed, or a filtered multi-valued element. */
export function setPath(obj: Record<string, any>, target: string, value: unknown): void {
  const f = FILTERED.exec(target);
  if (f) {
    const [, attr, key, val, sub] = f;
    const arr: Record<string, unknown>[] = Array.isArray(obj[attr]) ? obj[attr] : (obj[attr] = []);
    let el = arr.find((e) => e[key] === val);
    if (!el) { el = { [key]: val }; arr.push(el); }
    el[sub] = value;
    return;
  }
  const u = URN.exec(target);
  if (u) {
    const ext = (obj[u[1]] ??= {});
    setPath(ext, u[2], value);
    return;
  }
  const parts = target.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {});
  cur[parts[parts.length - 1]] = value;
}

export function toScim(flat: Flat): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [t, v] of flat) setPath(out, t, v);
  return out;
}

/** Deep merge for Okta's "GET result merged with Okta's changes": objects merge, arrays and scalars replace. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return structuredClone(base);
  if (isPlain(base) && isPlain(over)) {
    const out: Record<string, unknown> = structuredClone(base as Record<string, unknown>);
    for (const [k, v] of Object.entries(over as Record<string, unknown>)) out[k] = deepMerge(out[k], v);
    return out;
  }
  return structuredClone(over);
}

function isPlain(v: unknown): v is Record<string, unknown> { return !!v && typeof v === 'object' && !Array.isArray(v); }

/** A directory user as a plain record for mapping (Directory keys), with overrides (active). */
export function subjectOf(user: DirectoryUser, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...user, ...overrides };
}
