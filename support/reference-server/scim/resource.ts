// Turning client JSON into canonical stored data (types coerced, names resolved case-insensitively, profile
// rules applied) and stored records back into SCIM representations.
import { bad, ruled, ScimError } from './errors.ts';
import type { RuleSet } from './profiles/rules.ts';
import {
  type AttrDef, type ResourceKind, COMMON_ATTRS, RESOURCE_TYPES, URN, canonicalUrn, findAttr, resolvePath, splitUrn,
} from './schemas.ts';
import type { Data, Rec, Store } from './store.ts';

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Case-insensitive property read (PATCH bodies: "Operations", "op", "path", "value"). */
export function getCI(o: Record<string, unknown>, key: string): unknown {
  if (key in o) return o[key];
  const l = key.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === l) return o[k];
  return undefined;
}

// ---------------------------------------------------------------- coercion

/** Coerces one value (multi-valued attributes: the whole list) for `def`; undefined = unassigned. */
export function coerceValue(rules: RuleSet, def: AttrDef, v: unknown, path: string): unknown {
  if (v === null || v === undefined) return undefined;
  if (def.multiValued) {
    let list: unknown[];
    if (Array.isArray(v)) list = v;
    else if (def.type === 'complex' && isObj(v)) list = [v]; // OneLogin's single-object `emails`
    else throw bad(`Attribute ${path} must be a list`);
    const out: unknown[] = [];
    for (const e of list) {
      const c = coerceElement(rules, def, e, path);
      if (c !== undefined) out.push(c);
    }
    return out.length ? out : undefined;
  }
  return coerceElement(rules, def, v, path);
}

/** Coerces a single value of `def` (for a multi-valued attribute: one element). */
export function coerceElement(rules: RuleSet, def: AttrDef, v: unknown, path: string): unknown {
  if (v === null || v === undefined) return undefined;
  switch (def.type) {
    case 'complex': {
      if (!isObj(v)) throw bad(`Attribute ${path} must be an object`);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        let sub = findAttr(def.subAttributes, k);
        if (!sub && def.name === 'manager' && k.toLowerCase() === 'managerid') sub = findAttr(def.subAttributes, 'value'); // OneLogin
        if (!sub) {
          if (rules.unknownAttribute === 'reject') throw ruled('CLIENT-ATTR-01', bad(`Unknown attribute ${path}.${k}`));
          continue;
        }
        const sp = `${path}.${sub.name.toLowerCase()}`;
        if (rules.unsupported.has(sp) && x !== null && x !== undefined) throw ruled('CLIENT-ATTR-01', bad(`Unsupported attribute ${path}.${sub.name}`));
        if (sub.mutability === 'readOnly') continue;
        const c = coerceElement(rules, sub, x, sp);
        if (c !== undefined) out[sub.name] = c;
      }
      return Object.keys(out).length ? out : undefined;
    }
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string' && /^(true|false)$/i.test(v) && rules.keepStringBooleans) return v; // FAULT string-booleans-kept
      if (typeof v === 'string' && /^(true|false)$/i.test(v) && !rules.refuseStringBooleans) return v.toLowerCase() === 'true'; // Entra "False", "primary":"true"
      throw bad(`Attribute ${path} must be a boolean`);
    case 'integer':
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      throw bad(`Attribute ${path} must be an integer`);
    case 'decimal':
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      throw bad(`Attribute ${path} must be a number`);
    default: {
      if (typeof v !== 'string') throw bad(`Attribute ${path} must be a string`);
      if (v === '' && rules.emptyString === 'reject') throw ruled('AWS-CHARS-01', bad(`Attribute ${path} is an empty string`));
      if (def.type === 'dateTime' && Number.isNaN(Date.parse(v))) throw bad(`Attribute ${path} must be a dateTime`);
      const fc = rules.forbiddenChars;
      if (fc && fc.paths.has(path) && fc.re.test(v)) throw ruled('AWS-CHARS-01', bad(`Attribute ${path} contains a forbidden character`));
      return v;
    }
  }
}

export interface Coerced {
  data: Data;
  /** `id` found in the body (Okta echoes it on PUT). */
  id?: string;
  /** Group members' values (undefined when the body has no members attribute). */
  members?: string[];
  /** The body carried a user's read-only `groups`. */
  groupsGiven: boolean;
  /** The stored attributes the body names, null or not, as [extension URN or '', canonical name] ('' names the whole extension). */
  named: Array<[string, string]>;
}

/** Coerces a full resource body (POST, PUT). */
export function coerceBody(rules: RuleSet, kind: ResourceKind, body: unknown): Coerced {
  if (!isObj(body)) throw bad('The body must be a JSON object', 'invalidSyntax');
  const rt = RESOURCE_TYPES[kind];
  const out: Coerced = { data: {}, groupsGiven: false, named: [] };
  const put = (key: string, value: unknown): void => {
    const kl = key.toLowerCase();
    if (kl === 'schemas') {
      if (value !== null && !(Array.isArray(value) && value.every((x) => typeof x === 'string'))) throw bad('schemas must be a list of strings', 'invalidSyntax');
      return;
    }
    const { urn, rest } = splitUrn(key);
    if (urn && urn === rt.core.id && rest === '') { // core attributes nested under the core URN (OneLogin templates)
      if (!isObj(value)) throw bad(`${key} must be an object`);
      for (const [k, v] of Object.entries(value)) put(k, v);
      return;
    }
    const ref = resolvePath(kind, key);
    if (!ref) {
      if (urn && urn !== '?' && canonicalUrn(urn) && rest === '') return; // a known schema that this type does not extend
      if (rules.unknownAttribute === 'reject') throw ruled('CLIENT-ATTR-01', bad(`Unknown attribute ${key}`));
      return;
    }
    if (!ref.attr) { // the whole extension object
      if (value === null) { out.named.push([ref.ext!, '']); return; }
      if (!isObj(value)) throw bad(`${key} must be an object`);
      for (const [k, v] of Object.entries(value)) put(`${ref.ext}:${k}`, v);
      return;
    }
    const a = ref.attr;
    const name = a.name.toLowerCase();
    if (ref.common) {
      if (name === 'id') { if (value !== null && typeof value !== 'string') throw bad('id must be a string'); if (typeof value === 'string') out.id = value; return; }
      if (name === 'meta') return; // read-only, echoed by Okta's PUT
      // externalId
      const c = coerceElement(rules, a, value, name);
      if (c === undefined) delete out.data.externalId; else out.data.externalId = c;
      out.named.push(['', a.name]);
      return;
    }
    if (rules.unsupported.has(name) && value !== null && value !== undefined) throw ruled('CLIENT-ATTR-01', bad(`Unsupported attribute ${a.name}`));
    if (ref.sub) {
      if (a.multiValued) throw bad(`${key} cannot be set on a list`);
      const sp = `${name}.${ref.sub.name.toLowerCase()}`;
      if (rules.unsupported.has(sp)) throw ruled('CLIENT-ATTR-01', bad(`Unsupported attribute ${key}`));
      const c = coerceElement(rules, ref.sub, value, sp);
      const holder = container(out.data, ref.ext);
      const obj = isObj(holder[a.name]) ? (holder[a.name] as Record<string, unknown>) : {};
      if (c === undefined) delete obj[ref.sub.name]; else obj[ref.sub.name] = c;
      if (Object.keys(obj).length) holder[a.name] = obj; else delete holder[a.name];
      cleanContainer(out.data, ref.ext);
      out.named.push([ref.ext ?? '', a.name]);
      return;
    }
    if (kind === 'User' && name === 'groups') { if (value !== null && value !== undefined) out.groupsGiven = true; return; }
    if (kind === 'User' && name === 'password') { coerceElement(rules, a, value, name); return; } // write-only; not stored
    if (kind === 'Group' && name === 'members') { out.members = memberValues(rules, a, value); return; }
    const c = coerceValue(rules, a, value, name);
    const holder = container(out.data, ref.ext);
    if (c === undefined) delete holder[a.name]; else holder[a.name] = c;
    cleanContainer(out.data, ref.ext);
    out.named.push([ref.ext ?? '', a.name]);
  };
  for (const [k, v] of Object.entries(body)) put(k, v);
  return out;
}

/**
 * What a PUT leaves when the SP keeps the attributes its body does not name (put-keeps-omitted): the stored
 * data, with each attribute the body names replaced by the body's value, or cleared where the body gave null or [].
 */
export function keepingOmitted(stored: Data, c: Coerced): Data {
  const data = structuredClone(stored);
  for (const [ext, name] of c.named) {
    if (!name) { delete data[ext]; continue; }
    const given = ext ? (isObj(c.data[ext]) ? (c.data[ext] as Record<string, unknown>)[name] : undefined) : c.data[name];
    const holder = container(data, ext || undefined);
    if (given === undefined) delete holder[name]; else holder[name] = structuredClone(given);
    cleanContainer(data, ext || undefined);
  }
  return data;
}

/** The object holding an attribute: the resource itself, or its extension object. */
export function container(data: Data, ext: string | undefined): Record<string, unknown> {
  if (!ext) return data;
  let o = data[ext];
  if (!isObj(o)) { o = {}; data[ext] = o; }
  return o as Record<string, unknown>;
}
export function cleanContainer(data: Data, ext: string | undefined): void {
  if (ext && isObj(data[ext]) && Object.keys(data[ext] as object).length === 0) delete data[ext];
}

/** Member values of a members list (ids); `{"$ref":null,"value":id}` and a `display` are accepted. */
export function memberValues(rules: RuleSet, def: AttrDef, value: unknown): string[] {
  const list = coerceValue(rules, def, value, 'members') as Record<string, unknown>[] | undefined;
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const m of list ?? []) {
    if (typeof m.value !== 'string' || m.value === '') throw bad('A member needs a value');
    if (!seen.has(m.value)) { seen.add(m.value); ids.push(m.value); }
  }
  return ids;
}

// ---------------------------------------------------------------- rules on a whole resource

function get(data: Data, path: string): unknown {
  const [top, sub] = path.split('.');
  const v = Object.entries(data).find(([k]) => k.toLowerCase() === top)?.[1];
  if (sub === undefined) return v;
  if (!isObj(v)) return undefined;
  return Object.entries(v).find(([k]) => k.toLowerCase() === sub)?.[1];
}

const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v !== '';

export function checkUser(rules: RuleSet, data: Data, mode: 'create' | 'put' | 'patch'): void {
  if (!nonEmpty(data.userName)) throw ruled('AP-USER-01', bad('userName is required'));
  for (const p of rules.requiredUser) if (!nonEmpty(get(data, p))) throw ruled('AP-USER-01', bad(`${p} is required`));
  checkLists(rules, data, USER_LIST_ATTRS);
  const ext = data[URN.enterprise];
  if (isObj(ext)) checkLists(rules, ext, []);
  if (rules.emailMustBePrimary && mode !== 'patch' && Array.isArray(data.emails) && data.emails.length > 0) {
    if (!(data.emails as Record<string, unknown>[]).some((e) => e.primary === true)) throw ruled('AP-USER-02', bad('The email must be marked primary'));
  }
}

const USER_LIST_ATTRS = RESOURCE_TYPES.User.core.attributes.filter((a) => a.multiValued).map((a) => a.name);

function checkLists(rules: RuleSet, data: Record<string, unknown>, names: string[]): void {
  for (const n of names) {
    const list = data[n];
    if (!Array.isArray(list)) continue;
    const sv = rules.singleValued;
    if (sv && sv.attrs.has(n.toLowerCase()) && list.length > sv.max) throw ruled('AP-USER-03', bad(sv.message));
    let primaries = 0;
    for (const e of list) if (isObj(e) && e.primary === true) primaries++;
    if (primaries > 1 && !rules.manyPrimaries) throw bad(`More than one ${n} value is marked primary`);
  }
}

export function checkGroup(rules: RuleSet, data: Data): void {
  if (!nonEmpty(data.displayName)) throw bad('displayName is required');
}

// ---------------------------------------------------------------- output

export interface RenderCx { store: Store; rules: RuleSet; baseUrl: string }

export function etagOf(rec: Rec): string { return `W/"${rec.version}"`; }

// meta.version is the ETag: only a profile that supports ETags shows it (AWS's responses carry none).
function meta(kind: ResourceKind, rec: Rec, cx: RenderCx): Record<string, unknown> {
  return {
    resourceType: kind, created: rec.created, lastModified: rec.modified,
    location: `${cx.baseUrl}${RESOURCE_TYPES[kind].endpoint}/${encodeURIComponent(rec.id)}`, ...(cx.rules.etag ? { version: etagOf(rec) } : {}),
  };
}

export function render(kind: ResourceKind, rec: Rec, cx: RenderCx): Record<string, unknown> {
  const d = rec.data;
  if (kind === 'User') {
    const schemas: string[] = [URN.user];
    if (d[URN.enterprise] !== undefined) schemas.push(URN.enterprise);
    const out: Record<string, unknown> = { schemas, id: rec.id };
    if (d.externalId !== undefined) out.externalId = d.externalId;
    for (const [k, v] of Object.entries(d)) if (k !== 'externalId') out[k] = v;
    if (cx.rules.membersInResponse) {
      const groups: unknown[] = [];
      for (const gid of cx.store.memberOf(rec.id)) {
        const g = cx.store.groups.get(gid);
        if (g) groups.push({ value: gid, $ref: `${cx.baseUrl}/Groups/${encodeURIComponent(gid)}`, display: g.data.displayName, type: 'direct' });
      }
      if (groups.length) out.groups = groups;
    }
    out.meta = meta(kind, rec, cx);
    return out;
  }
  const out: Record<string, unknown> = { schemas: [URN.group], id: rec.id };
  if (d.externalId !== undefined) out.externalId = d.externalId;
  for (const [k, v] of Object.entries(d)) if (k !== 'externalId') out[k] = v;
  const members: unknown[] = [];
  if (cx.rules.membersInResponse) {
    for (const mid of cx.store.members(rec.id)) {
      const u = cx.store.users.get(mid);
      if (u) { members.push({ value: mid, $ref: `${cx.baseUrl}/Users/${encodeURIComponent(mid)}`, display: u.data.displayName ?? u.data.userName, type: 'User' }); continue; }
      const g = cx.store.groups.get(mid);
      if (g) members.push({ value: mid, $ref: `${cx.baseUrl}/Groups/${encodeURIComponent(mid)}`, display: g.data.displayName, type: 'Group' });
      else members.push({ value: mid }); // names nothing stored (only under no-referential-integrity)
    }
  }
  out.members = members;
  out.meta = meta(kind, rec, cx);
  return out;
}

// ---------------------------------------------------------------- attributes / excludedAttributes

interface Sel { holder?: string; key: string; sub?: string }

function parseSelection(kind: ResourceKind, list: string): Sel[] {
  const out: Sel[] = [];
  for (const raw of list.split(',')) {
    const p = raw.trim();
    if (!p) continue;
    const ref = resolvePath(kind, p);
    if (!ref) continue; // unknown attributes select nothing
    if (!ref.attr) { out.push({ key: ref.ext! }); continue; }
    out.push({ holder: ref.ext, key: ref.attr.name, sub: ref.sub?.name });
  }
  return out;
}

const ALWAYS = new Set(['schemas', 'id']);

/** Applies attributes / excludedAttributes (RFC 7644 §3.4.2.5); id and schemas always stay. */
export function project(kind: ResourceKind, doc: Record<string, unknown>, attributes?: string | null, excluded?: string | null): Record<string, unknown> {
  if (attributes) {
    const sels = parseSelection(kind, attributes);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(doc)) if (ALWAYS.has(k)) out[k] = doc[k];
    for (const s of sels) {
      const src = s.holder ? doc[s.holder] : doc;
      if (!isObj(src) || src[s.key] === undefined) continue;
      const dst = s.holder ? ((out[s.holder] ??= {}) as Record<string, unknown>) : out;
      const v = src[s.key];
      if (!s.sub) { dst[s.key] = v; continue; }
      if (Array.isArray(v)) {
        const prev = Array.isArray(dst[s.key]) ? (dst[s.key] as Record<string, unknown>[]) : v.map((): Record<string, unknown> => ({}));
        v.forEach((e, i) => { if (isObj(e) && e[s.sub!] !== undefined) prev[i]![s.sub!] = e[s.sub!]; });
        dst[s.key] = prev;
      } else if (isObj(v) && v[s.sub] !== undefined) {
        ((dst[s.key] ??= {}) as Record<string, unknown>)[s.sub] = v[s.sub];
      }
    }
    return out;
  }
  if (excluded) {
    const out = structuredClone(doc);
    for (const s of parseSelection(kind, excluded)) {
      if (!s.holder && ALWAYS.has(s.key)) continue;
      if (!s.holder && COMMON_ATTRS[0]!.name === s.key) continue;
      const holder = s.holder ? out[s.holder] : out;
      if (!isObj(holder)) continue;
      if (!s.sub) { delete holder[s.key]; continue; }
      const v = holder[s.key];
      if (Array.isArray(v)) for (const e of v) { if (isObj(e)) delete e[s.sub]; }
      else if (isObj(v)) delete v[s.sub];
    }
    return out;
  }
  return doc;
}

export function assertNever(x: never): never { throw new ScimError(500, `unexpected ${String(x)}`); }
