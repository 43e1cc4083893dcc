// Directory → SCIM through a mapping table (Entra's "Attribute Mapping", Okta's profile mappings), and the
// SCIM path helpers the interpreter needs. SCIM knowledge only; no vendor knowledge.
import type { AttributeMapping } from './profile.js';
import type { DirectoryUser } from './directory.js';

export type Flat = Map<string, unknown>;

const FILTERED = /^([\w]+)\[(\w+) eq "([^"]*)"\]\.(\w+)$/;
const URN = /^(urn:.+):([\w.]+)$/;

/** A mapping target as setPath and mapValues read it: a filtered element, a URN-prefixed path, or dotted parts. */
type Target =
  | { kind: 'filtered'; attr: string; key: string; val: string; sub: string; element: string }
  | { kind: 'urn'; urn: string; rest: string }
  | { kind: 'dotted'; parts: string[] };

// targets come from the dialects' mapping tables, a few dozen strings, each read for every user an IdP renders
const parsedTargets = new Map<string, Target>();

function parseTarget(target: string): Target {
  let t = parsedTargets.get(target);
  if (t) return t;
  const f = FILTERED.exec(target);
  const u = f ? null : URN.exec(target);
  t = f ? { kind: 'filtered', attr: f[1]!, key: f[2]!, val: f[3]!, sub: f[4]!, element: `${f[1]}[${f[2]}=${f[3]}]` }
    : u ? { kind: 'urn', urn: u[1]!, rest: u[2]! }
    : { kind: 'dotted', parts: target.split('.') };
  if (parsedTargets.size >= 10_000) parsedTargets.clear(); // bounded, should a caller ever pass made-up targets
  parsedTargets.set(target, t);
  return t;
}

export function isFiltered(target: string): boolean { return parseTarget(target).kind === 'filtered'; }

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
    const t = parseTarget(m.target);
    if (t.kind === 'filtered' && m.constant === undefined && sourceValue(m, subject) !== undefined) elementHasValue.set(t.element, true);
  }
  for (const m of mappings) {
    const v = sourceValue(m, subject);
    const t = parseTarget(m.target);
    if (t.kind === 'filtered') {
      if (!elementHasValue.get(t.element)) continue;
      if (v !== undefined) flat.set(m.target, v);
      else if (partPolicy(t.attr) === 'empty-string') flat.set(m.target, '');
      continue;
    }
    if (v !== undefined) flat.set(m.target, v);
    else if (policy === 'empty-string') flat.set(m.target, '');
  }
  return flat;
}

/** Sets a SCIM path on an object: simple, dotted, URN-prefixed, or a filtered multi-valued element. */
export function setPath(obj: Record<string, any>, target: string, value: unknown): void {
  const t = parseTarget(target);
  if (t.kind === 'filtered') {
    const { attr, key, val, sub } = t;
    const arr: Record<string, unknown>[] = Array.isArray(obj[attr]) ? obj[attr] : (obj[attr] = []);
    let el = arr.find((e) => e[key] === val);
    if (!el) { el = { [key]: val }; arr.push(el); }
    el[sub] = value;
    return;
  }
  if (t.kind === 'urn') {
    const ext = (obj[t.urn] ??= {});
    setPath(ext, t.rest, value);
    return;
  }
  const { parts } = t;
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) cur = (cur[parts[i]!] ??= {});
  cur[parts[parts.length - 1]!] = value;
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
