// PATCH (RFC 7644 §3.5.2), written here rather than with scim-patch because the rules it must express do
// not fit that library: atomic application with a profile's limits checked mid-request (aws: one op on
// userName/active, 100 membership changes, no replace-all of members), members kept in indexes rather than
// in the document (so a 100k-member group is never copied), Entra's legacy valued member removal, adding
// through a filter to an attribute that does not exist yet, and values coerced by the schema ("False",
// "primary":"true", bare-string manager). The caller hands in a clone; nothing is stored unless this returns.
import type { Filter } from 'scim2-parse-filter';
import { bad, ruled, ScimError } from './errors.ts';
import type { EngineFaults } from './faults.ts';
import { elementGetter, evaluate, parseFilter } from './filter.ts';
import type { RuleSet } from './profiles/rules.ts';
import { cleanContainer, coerceElement, coerceValue, container, getCI, isObj, memberValues } from './resource.ts';
import { type AttrDef, type AttrRef, type ResourceKind, RESOURCE_TYPES, findAttr, resolvePath } from './schemas.ts';
import type { Data } from './store.ts';

/** Membership changes as an overlay on the stored set: O(changes), never a copy of the group. */
export class MemberState {
  readonly added = new Set<string>();
  readonly removed = new Set<string>();
  cleared = false;
  changes = 0;
  constructor(readonly base: ReadonlySet<string>) {}
  has(id: string): boolean { return this.added.has(id) || (!this.cleared && this.base.has(id) && !this.removed.has(id)); }
  add(id: string): void { if (this.has(id)) return; this.removed.delete(id); this.added.add(id); }
  remove(id: string): void { this.added.delete(id); if (!this.cleared && this.base.has(id)) this.removed.add(id); }
  clear(): void { this.cleared = true; this.added.clear(); this.removed.clear(); }
  *list(): IterableIterator<string> {
    if (!this.cleared) for (const id of this.base) if (!this.removed.has(id) && !this.added.has(id)) yield id;
    yield* this.added;
  }
  get size(): number { let n = 0; for (const _ of this.list()) n++; return n; }
}

export interface PatchCx {
  rules: RuleSet;
  faults: EngineFaults;
  kind: ResourceKind;
  id: string;
  /** Does this id name something that may be a member (rules.memberKinds)? */
  memberExists(id: string): boolean;
  /** How a member looks in a filter (`members[type eq "User"]`). */
  memberView(id: string): Record<string, unknown>;
  members?: MemberState;
  /** VARIANT unmatched-remove-succeeds: a remove whose value filter matches nothing succeeds and changes nothing. */
  unmatchedRemoveSucceeds?: boolean;
}

type Op = 'add' | 'replace' | 'remove';

/** The operations of a PATCH body, validated in shape (op, path, value). */
/** `dropPathlessRemove`: FAULT remove-without-path-ignored, a remove without a path is dropped (a no-op) instead of refused.
 *  `opCaseSensitive`: FAULT op-case-sensitive, `Replace` is not `replace`. */
export function patchOperations(body: unknown, dropPathlessRemove = false, opCaseSensitive = false): { op: Op; path?: string; value: unknown }[] {
  if (!isObj(body)) throw bad('The body must be a JSON object', 'invalidSyntax');
  const ops = getCI(body, 'Operations');
  if (!Array.isArray(ops) || ops.length === 0) throw bad('Operations must be a non-empty list', 'invalidSyntax');
  const kept = dropPathlessRemove ? ops.filter((o) => !(isObj(o) && String(getCI(o, 'op')).toLowerCase() === 'remove' && getCI(o, 'path') == null)) : ops;
  return kept.map((o, i) => {
    if (!isObj(o)) throw bad(`Operation ${i + 1} is not an object`, 'invalidSyntax');
    const opRaw = getCI(o, 'op');
    if (typeof opRaw !== 'string') throw bad(`Operation ${i + 1} has no op`, 'invalidSyntax');
    const op = opRaw.toLowerCase();
    if ((op !== 'add' && op !== 'replace' && op !== 'remove') || (opCaseSensitive && op !== opRaw)) throw bad(`Unsupported op ${opRaw}`, 'invalidSyntax');
    const path = getCI(o, 'path');
    if (path !== undefined && path !== null && (typeof path !== 'string' || path.trim() === '')) throw bad('path must be a non-empty string', 'invalidPath');
    const value = getCI(o, 'value');
    if (op === 'remove' && (path === undefined || path === null)) throw bad('remove needs a path', 'noTarget');
    if (op !== 'remove' && (value === undefined || value === null)) throw bad(`${op} needs a value`, 'invalidValue');
    return { op, path: typeof path === 'string' ? path.trim() : undefined, value };
  });
}

interface PPath { raw: string; ref: AttrRef; filter?: Filter; sub?: AttrDef }

function invalidPath(raw: string, why = 'Invalid path'): ScimError { return bad(`${why}: ${raw}`, 'invalidPath'); }

function closingBracket(s: string, open: number): number {
  let q = false;
  for (let i = open + 1; i < s.length; i++) {
    const c = s[i];
    if (q) { if (c === '\\') i++; else if (c === '"') q = false; continue; }
    if (c === '"') q = true;
    else if (c === ']') return i;
  }
  return -1;
}

export function parsePatchPath(kind: ResourceKind, raw: string, rules: RuleSet): PPath {
  const b = raw.indexOf('[');
  if (b < 0) {
    const ref = resolvePath(kind, raw);
    if (!ref) throw invalidPath(raw, 'Unknown attribute');
    return { raw, ref, sub: ref.sub };
  }
  const close = closingBracket(raw, b);
  if (close < 0) throw invalidPath(raw);
  const ref = resolvePath(kind, raw.slice(0, b));
  if (!ref?.attr || ref.sub || !ref.attr.multiValued || ref.attr.type !== 'complex') throw invalidPath(raw);
  let filter: Filter;
  try { filter = parseFilter(raw.slice(b + 1, close)); } catch { throw invalidPath(raw, 'Invalid filter in path'); }
  checkFilterOps(filter, rules, raw);
  const after = raw.slice(close + 1);
  let sub: AttrDef | undefined;
  if (after) {
    if (!after.startsWith('.')) throw invalidPath(raw);
    sub = findAttr(ref.attr.subAttributes, after.slice(1));
    if (!sub) throw invalidPath(raw, 'Unknown sub-attribute');
  }
  return { raw, ref, filter, sub };
}

function checkFilterOps(f: Filter, rules: RuleSet, raw: string): void {
  if (!rules.pathFilterOps.has(f.op)) throw ruled('AWS-PATCH-01', bad(`Operator ${f.op} is not supported in a path filter: ${raw}`, 'invalidFilter'));
  if (f.op === 'and' || f.op === 'or') for (const x of (f as { filters: Filter[] }).filters) checkFilterOps(x, rules, raw);
  if (f.op === 'not') checkFilterOps((f as { filter: Filter }).filter, rules, raw);
  if (f.op === '[]') throw invalidPath(raw, 'Nested value path');
}

/** The element an eq-only filter describes (`type eq "work"` → {type:"work"}), or undefined. */
function seedFrom(f: Filter, def: AttrDef, rules: RuleSet): Record<string, unknown> | undefined {
  const parts = f.op === 'and' ? (f as { filters: Filter[] }).filters : [f];
  const seed: Record<string, unknown> = {};
  for (const p of parts) {
    const c = p as { op: string; attrPath?: string; compValue?: unknown };
    if (c.op !== 'eq' || typeof c.attrPath !== 'string') return undefined;
    const sub = findAttr(def.subAttributes, c.attrPath);
    if (!sub) return undefined;
    seed[sub.name] = coerceElement(rules, sub, c.compValue, `${def.name.toLowerCase()}.${sub.name.toLowerCase()}`);
  }
  return seed;
}

function looseEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => looseEqual(a[k], b[k]));
  }
  return a === b;
}

/** After `keep` became primary, every other element stops being primary (RFC 7644 §3.5.2). */
function onePrimary(list: Record<string, unknown>[], keep: Set<Record<string, unknown>>): void {
  if (![...keep].some((e) => e.primary === true)) return;
  let kept = false;
  for (const e of list) {
    if (e.primary !== true) continue;
    if (keep.has(e) && !kept) { kept = true; continue; }
    e.primary = false;
  }
}

/** Applies a PATCH to `data` (a clone) and, for groups, to cx.members. Throws ScimError on the first problem. */
export function applyPatch(body: unknown, data: Data, cx: PatchCx): void {
  const all = patchOperations(body, cx.faults.removeWithoutPathIgnored, cx.faults.opCaseSensitive);
  // FAULT extension-paths-ignored: an operation whose path names an extension's attribute by its URN is dropped
  const ops = cx.faults.extensionPathsIgnored ? all.filter((o) => !/^urn:ietf:params:scim:schemas:extension:/i.test(o.path ?? '')) : all;
  const limited = cx.rules.limitedOps;
  let limitedCount = 0;
  for (const o of ops) {
    const touched = { limited: false };
    if (o.path === undefined) {
      if (!isObj(o.value)) throw bad(`A ${o.op} without path needs an object value`, 'invalidValue');
      for (const [k, v] of Object.entries(o.value)) {
        const kl = k.toLowerCase();
        if (kl === 'schemas') continue;
        if (kl === 'id') {
          if (cx.rules.idInPatchValue === 'ignoreIfSame' && v === cx.id) continue;
          throw ruled('AWS-PATCH-01', new ScimError(400, 'id is read-only', 'mutability'));
        }
        if (kl === 'meta' && !cx.rules.patchableUser) continue;
        if (cx.faults.pathlessDottedKeysIgnored && k.includes('.') && !/^urn:/i.test(k)) continue; // FAULT pathless-dotted-keys-ignored
        applyPath(o.op, k, v, data, cx, touched);
      }
    } else {
      applyPath(o.op, o.path, o.value, data, cx, touched);
    }
    if (touched.limited && limited && ++limitedCount > limited.max) throw ruled('AWS-PATCH-01', bad('Only one operation on userName or active is supported per request'));
  }
}

function applyPath(op: Op, raw: string, value: unknown, data: Data, cx: PatchCx, touched: { limited: boolean }): void {
  const { rules, kind } = cx;
  if (cx.faults.memberFilterPathRefused && /^members\s*\[/i.test(raw)) throw invalidPath(raw); // FAULT member-filter-path-refused
  const pp = parsePatchPath(kind, raw, rules);
  const { ref } = pp;
  const patchable = kind === 'User' ? rules.patchableUser : rules.patchableGroup;
  const topKey = ref.ext ? ref.ext.toLowerCase() : ref.attr!.name.toLowerCase();
  if (patchable && !patchable.has(topKey)) throw ruled('AWS-PATCH-01', bad(`${raw} cannot be modified`, 'mutability'));
  if (!ref.attr) { // the whole extension
    if (op === 'remove') { delete data[ref.ext!]; return; }
    if (!isObj(value)) throw bad(`${raw} needs an object value`);
    for (const [k, v] of Object.entries(value)) applyPath(op, `${ref.ext}:${k}`, v, data, cx, touched);
    return;
  }
  const top = ref.attr;
  const name = top.name.toLowerCase();
  if (ref.common && name !== 'externalid') throw new ScimError(400, `${top.name} is read-only`, 'mutability');
  if (top.mutability === 'readOnly') throw new ScimError(400, `${top.name} is read-only`, 'mutability');
  if (rules.unsupported.has(name) || (pp.sub && rules.unsupported.has(`${name}.${pp.sub.name.toLowerCase()}`))) throw ruled('CLIENT-ATTR-01', bad(`Unsupported attribute ${raw}`));
  if (!ref.ext && rules.limitedOps?.attrs.has(name)) touched.limited = true;
  if (op === 'remove' && !ref.ext && !pp.sub && !pp.filter && rules.noRemove.has(name)) throw ruled('AWS-PATCH-01', new ScimError(400, `${top.name} cannot be removed`, 'mutability'));
  if (kind === 'Group' && name === 'members') { memberOp(op, pp, value, cx); return; }
  if (kind === 'User' && name === 'password') { if (op !== 'remove') coerceElement(rules, top, value, name); return; } // write-only, not stored

  const holder = container(data, ref.ext);
  try {
    if (pp.filter) filteredOp(op, pp, value, holder, cx);
    else if (pp.sub) subOp(op, top, pp.sub, value, holder, rules);
    else plainOp(op, top, value, holder, rules);
  } finally {
    cleanContainer(data, ref.ext);
  }
}

function plainOp(op: Op, top: AttrDef, value: unknown, holder: Record<string, unknown>, rules: RuleSet): void {
  const name = top.name.toLowerCase();
  if (op === 'remove') {
    if (top.multiValued && value !== undefined && value !== null && Array.isArray(holder[top.name])) {
      // remove the listed values only (the valued form Entra uses for members, generalised)
      const drop = coerceValue(rules, top, value, name) as Record<string, unknown>[] | undefined;
      const rest = (holder[top.name] as Record<string, unknown>[]).filter((e) => !(drop ?? []).some((d) => Object.entries(d).every(([k, v]) => looseEqual(e[k], v))));
      if (rest.length) holder[top.name] = rest; else delete holder[top.name];
      return;
    }
    delete holder[top.name];
    return;
  }
  if (top.multiValued) {
    const incoming = coerceValue(rules, top, value, name) as unknown[] | undefined;
    if (op === 'replace' || !Array.isArray(holder[top.name])) {
      if (incoming === undefined) delete holder[top.name]; else holder[top.name] = incoming;
      return;
    }
    const list = holder[top.name] as Record<string, unknown>[];
    const added = new Set<Record<string, unknown>>();
    for (const e of (incoming ?? []) as Record<string, unknown>[]) {
      if (list.some((x) => looseEqual(x, e))) continue;
      list.push(e); added.add(e);
    }
    onePrimary(list, added);
    return;
  }
  if (top.type === 'complex') {
    let v = value;
    if (typeof v === 'string' && findAttr(top.subAttributes, 'value') && !rules.refuseBareManager) v = { value: v }; // Entra's bare-string manager
    if (Array.isArray(v) && v.length === 1) v = v[0]; // the legacy [{"value":…}] manager form
    const c = coerceElement(rules, top, v, name) as Record<string, unknown> | undefined;
    if (c === undefined) return;
    const cur = isObj(holder[top.name]) ? (holder[top.name] as Record<string, unknown>) : {};
    holder[top.name] = { ...cur, ...c };
    return;
  }
  const c = coerceElement(rules, top, value, name);
  if (c === undefined) delete holder[top.name]; else holder[top.name] = c;
}

function subOp(op: Op, top: AttrDef, sub: AttrDef, value: unknown, holder: Record<string, unknown>, rules: RuleSet): void {
  const sp = `${top.name.toLowerCase()}.${sub.name.toLowerCase()}`;
  if (sub.mutability === 'readOnly') throw new ScimError(400, `${top.name}.${sub.name} is read-only`, 'mutability');
  const c = op === 'remove' ? undefined : coerceElement(rules, sub, value, sp);
  if (!top.multiValued) {
    const obj = isObj(holder[top.name]) ? { ...(holder[top.name] as Record<string, unknown>) } : {};
    if (c === undefined) delete obj[sub.name]; else obj[sub.name] = c;
    if (Object.keys(obj).length) holder[top.name] = obj; else delete holder[top.name];
    return;
  }
  const list = Array.isArray(holder[top.name]) ? (holder[top.name] as Record<string, unknown>[]) : [];
  if (c !== undefined && list.length === 0) list.push({});
  for (const e of list) { if (c === undefined) delete e[sub.name]; else e[sub.name] = c; }
  const kept = list.filter((e) => Object.keys(e).length > 0);
  if (sub.name === 'primary' && c === true && kept.length > 1) throw bad(`More than one ${top.name} value would be primary`);
  if (kept.length) holder[top.name] = kept; else delete holder[top.name];
}

function filteredOp(op: Op, pp: PPath, value: unknown, holder: Record<string, unknown>, cx: PatchCx): void {
  const { rules } = cx;
  const top = pp.ref.attr!;
  const name = top.name.toLowerCase();
  const list = Array.isArray(holder[top.name]) ? (holder[top.name] as Record<string, unknown>[]) : [];
  const eg = elementGetter(top);
  const matches = list.filter((e) => evaluate(pp.filter!, eg(e)));
  const sub = pp.sub;
  // RFC 7644 §3.5.2.3: a replace whose value filter matches no record SHALL fail with 400 noTarget; Table 9
  // (§3.12) describes a remove the same way. Only add seeds a new element from an eq filter (Entra's form).
  // A remove may instead succeed and change nothing, as §3.5.2.2 says of removing a member who is not one (VARIANT
  // unmatched-remove-succeeds)
  if (matches.length === 0 && op === 'remove' && cx.unmatchedRemoveSucceeds) return;
  if (matches.length === 0 && op !== 'add') throw bad(`No value of ${top.name} matches ${pp.raw}`, 'noTarget');
  if (op === 'remove') {
    let rest: Record<string, unknown>[];
    if (sub) { for (const e of matches) delete e[sub.name]; rest = list.filter((e) => Object.keys(e).length > 0); }
    else rest = list.filter((e) => !matches.includes(e));
    if (rest.length) holder[top.name] = rest; else delete holder[top.name];
    return;
  }
  const changed = new Set<Record<string, unknown>>();
  if (sub) {
    if (sub.mutability === 'readOnly') throw new ScimError(400, `${top.name}.${sub.name} is read-only`, 'mutability');
    const c = coerceElement(rules, sub, value, `${name}.${sub.name.toLowerCase()}`);
    if (matches.length) {
      for (const e of matches) { if (c === undefined) delete e[sub.name]; else e[sub.name] = c; changed.add(e); }
    } else {
      const seed = seedFrom(pp.filter!, top, rules);
      if (!seed) throw bad(`No value matches ${pp.raw}`, 'noTarget');
      const e = { ...seed, [sub.name]: c };
      list.push(e); changed.add(e);
    }
  } else {
    const c = coerceElement(rules, top, value, name) as Record<string, unknown> | undefined;
    if (c === undefined) throw bad(`${pp.raw} needs a value`);
    if (matches.length) {
      for (const e of matches) {
        const i = list.indexOf(e);
        const next = op === 'replace' ? { ...c } : { ...e, ...c };
        list[i] = next; changed.add(next);
      }
    } else {
      const seed = seedFrom(pp.filter!, top, rules);
      if (!seed) throw bad(`No value matches ${pp.raw}`, 'noTarget');
      const e = { ...seed, ...c };
      list.push(e); changed.add(e);
    }
  }
  onePrimary(list, changed);
  holder[top.name] = list.filter((e) => Object.keys(e).length > 0);
  if ((holder[top.name] as unknown[]).length === 0) delete holder[top.name];
}

function memberOp(op: Op, pp: PPath, value: unknown, cx: PatchCx): void {
  const { rules } = cx;
  const ms = cx.members!;
  const def = findAttr(RESOURCE_TYPES.Group.core.attributes, 'members')!;
  if (pp.sub) throw invalidPath(pp.raw, 'Members can only be changed as a whole');
  const max = rules.maxMemberChangesPerPatch;
  const count = (n: number): void => {
    ms.changes += n;
    if (max !== undefined && ms.changes > max) throw ruled('AWS-GROUP-02', bad(`At most ${max} membership changes are allowed per request`));
  };
  if (pp.filter) {
    if (op !== 'remove') {
      // RFC 7644 §3.5.2.3: a value filter that matches no member SHALL fail with 400 noTarget
      const eg = elementGetter(def);
      if (![...ms.list()].some((id) => evaluate(pp.filter!, eg(cx.memberView(id))))) throw bad(`No member matches ${pp.raw}`, 'noTarget');
      throw invalidPath(pp.raw, 'Only remove is supported on a filtered members path');
    }
    const f = pp.filter as { op: string; attrPath?: string; compValue?: unknown };
    if (f.op === 'eq' && typeof f.attrPath === 'string' && f.attrPath.toLowerCase() === 'value' && typeof f.compValue === 'string') {
      count(1);
      ms.remove(f.compValue);
      return;
    }
    const eg = elementGetter(def);
    const drop = [...ms.list()].filter((id) => evaluate(pp.filter!, eg(cx.memberView(id))));
    count(drop.length);
    for (const id of drop) ms.remove(id);
    return;
  }
  const ids = op === 'remove' && (value === undefined || value === null) ? undefined : memberValues(rules, def, value);
  if (op === 'remove') {
    if (ids === undefined) {
      if (!rules.removeAllMembers) throw ruled('AWS-GROUP-02', bad('Removing all members is not supported'));
      count(ms.size);
      ms.clear();
      return;
    }
    count(ids.length);
    if (cx.faults.legacyMemberRemoveAll) { ms.clear(); return; } // FAULT legacy-member-remove-all
    for (const id of ids) ms.remove(id); // Entra's legacy form removes only the listed members (ENTRA-PATCH-04)
    return;
  }
  if (op === 'replace') {
    if (!rules.replaceAllMembers) throw ruled('AWS-GROUP-02', bad('Replacing all members is not supported'));
    ms.clear();
  }
  count(ids!.length);
  for (const id of ids!) {
    if (id === cx.id || !cx.memberExists(id)) throw bad(`Member ${id} does not exist`, 'invalidValue');
    if (op === 'add' && cx.faults.memberAddIgnored) continue; // FAULT member-add-ignored
    ms.add(id);
  }
}
