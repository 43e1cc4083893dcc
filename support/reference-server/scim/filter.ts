// Filters (RFC 7644 §3.4.2.2): parsed with scim2-parse-filter (its parse tree only), evaluated here because
// its own evaluator is case-sensitive. Case rules and types come from the schema (caseExact, type).
import { parse, type Filter } from 'scim2-parse-filter';
import { ScimError } from './errors.ts';
import { type AttrDef, findAttr } from './schemas.ts';

export type { Filter };

export const invalidFilter = (reason: string): ScimError => new ScimError(400, reason, 'invalidFilter');

export function parseFilter(text: string): Filter {
  if (text.trim() === '') throw invalidFilter('Empty filter');
  if (text.length > 4096) throw invalidFilter('Filter too long');
  try {
    return parse(text);
  } catch (e) {
    throw invalidFilter(`Invalid filter: ${(e as Error).message}`);
  }
}

/**
 * FAULT filter-left-to-right: `a or b and c` as `(a or b) and c`, as a parser that gives "and" and "or" one
 * precedence does (RFC 7644 §3.4.2.2 binds "and" tighter).
 */
export function leftToRight(f: Filter): Filter {
  const node = f as { op: string; filters?: Filter[]; filter?: Filter };
  if (node.op === 'not' && node.filter) return { ...node, filter: leftToRight(node.filter) } as Filter;
  if (node.op !== 'and' && node.op !== 'or') return f;
  const filters = node.filters!.map(leftToRight);
  const last = filters[filters.length - 1] as { op: string; filters?: Filter[] };
  if (node.op === 'or' && last.op === 'and' && filters.length > 1) {
    const [first, ...rest] = last.filters!;
    return { op: 'and', filters: [{ op: 'or', filters: [...filters.slice(0, -1), first!] } as Filter, ...rest] } as Filter;
  }
  return { ...node, filters } as Filter;
}

/** The filter with each comparison (a node that joins or negates none) replaced by `leaf` of it; the rest as it was. */
export function mapComparisons(f: Filter, leaf: (comparison: Filter) => Filter): Filter {
  const node = f as { filters?: Filter[]; filter?: Filter };
  if (node.filters) return { ...node, filters: node.filters.map((x) => mapComparisons(x, leaf)) } as Filter;
  if (node.filter) return { ...node, filter: mapComparisons(node.filter, leaf) } as Filter;
  return leaf(f);
}

/** What a path names inside the current scope: its values (flattened) and its definition. */
export interface Resolved { values: unknown[]; def: AttrDef }
/** Resolves an attribute path in a scope; throws invalidFilter for unknown attributes. */
export type Getter = (attrPath: string) => Resolved;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function evaluate(f: Filter, get: Getter): boolean {
  switch (f.op) {
    case 'and': return (f as { filters: Filter[] }).filters.every((x) => evaluate(x, get));
    case 'or': return (f as { filters: Filter[] }).filters.some((x) => evaluate(x, get));
    case 'not': return !evaluate((f as { filter: Filter }).filter, get);
    case '[]': {
      const vp = f as { attrPath: string; valFilter: Filter };
      const r = get(vp.attrPath);
      if (r.def.type !== 'complex') throw invalidFilter(`${vp.attrPath} is not a complex attribute`);
      const eg = elementGetter(r.def);
      return r.values.some((el) => isObj(el) && evaluate(vp.valFilter, eg(el)));
    }
    case 'pr': {
      const r = get((f as { attrPath: string }).attrPath);
      return r.values.some((v) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0));
    }
    default: {
      const c = f as { op: string; attrPath: string; compValue: unknown };
      const r = get(c.attrPath);
      let def = r.def;
      let values = r.values;
      if (def.type === 'complex') {
        // `members eq "id"`, `manager eq "id"`: a complex attribute compared directly means its `value`.
        const v = findAttr(def.subAttributes, 'value');
        if (!v) throw invalidFilter(`${c.attrPath} cannot be compared`);
        def = v;
        values = values.map((x) => (isObj(x) ? x.value : undefined));
      }
      checkComparable(def, c.op, c.compValue, c.attrPath);
      return values.some((v) => compare(def, v, c.op, c.compValue));
    }
  }
}

/** A getter for sub-attributes of one element of a multi-valued complex attribute. */
export function elementGetter(parent: AttrDef): (el: Record<string, unknown>) => Getter {
  return (el) => (path) => {
    const sub = findAttr(parent.subAttributes, path);
    if (!sub) throw invalidFilter(`Unknown attribute ${parent.name}.${path}`);
    const v = el[sub.name];
    return { values: v === undefined ? [] : [v], def: sub };
  };
}

function checkComparable(def: AttrDef, op: string, cv: unknown, path: string): void {
  if (cv === null) { if (op !== 'eq' && op !== 'ne') throw invalidFilter(`null compared with ${op}`); return; }
  if (def.type === 'boolean') {
    if (op !== 'eq' && op !== 'ne') throw invalidFilter(`${op} is not supported on boolean ${path}`);
    if (typeof cv !== 'boolean' && !(typeof cv === 'string' && /^(true|false)$/i.test(cv))) throw invalidFilter(`${path} compared with a non-boolean`);
    return;
  }
  if (def.type === 'complex' || def.type === 'binary') throw invalidFilter(`${path} cannot be compared`);
  if ((op === 'co' || op === 'sw' || op === 'ew') && typeof cv !== 'string') throw invalidFilter(`${op} needs a string`);
  if (def.type === 'dateTime' && (typeof cv !== 'string' || Number.isNaN(Date.parse(cv)))) throw invalidFilter(`${path} needs a dateTime`);
}

function compare(def: AttrDef, v: unknown, op: string, cv: unknown): boolean {
  if (cv === null) {
    const present = v !== undefined && v !== null;
    return op === 'eq' ? !present : present;
  }
  if (v === undefined || v === null) return op === 'ne';
  let a: string | number | boolean;
  let b: string | number | boolean;
  if (def.type === 'boolean') {
    a = v === true;
    b = typeof cv === 'string' ? cv.toLowerCase() === 'true' : cv === true;
  } else if (def.type === 'dateTime') {
    a = Date.parse(String(v)); b = Date.parse(String(cv));
  } else if (def.type === 'integer' || def.type === 'decimal') {
    if (typeof cv !== 'number' || typeof v !== 'number') return op === 'ne';
    a = v; b = cv;
  } else {
    if (typeof cv !== 'string' || typeof v !== 'string') return op === 'ne';
    a = def.caseExact ? v : v.toLowerCase();
    b = def.caseExact ? cv : cv.toLowerCase();
  }
  switch (op) {
    case 'eq': return a === b;
    case 'ne': return a !== b;
    case 'co': return (a as string).includes(b as string);
    case 'sw': return (a as string).startsWith(b as string);
    case 'ew': return (a as string).endsWith(b as string);
    case 'gt': return a > b;
    case 'ge': return a >= b;
    case 'lt': return a < b;
    case 'le': return a <= b;
    default: throw invalidFilter(`Unknown operator ${op}`);
  }
}

/** The top-level conjuncts of a filter (the filter itself when it is not an `and`). */
export function conjuncts(f: Filter): Filter[] {
  return f.op === 'and' ? (f as { filters: Filter[] }).filters.flatMap(conjuncts) : [f];
}

/** Checks a filter against the schema before any resource is read: unknown attributes and comparisons
 *  the attribute's type does not allow are invalidFilter even when the collection is empty. */
export function checkFilter(f: Filter, defOf: (attrPath: string) => AttrDef | undefined): void {
  switch (f.op) {
    case 'and': case 'or': for (const x of (f as { filters: Filter[] }).filters) checkFilter(x, defOf); return;
    case 'not': checkFilter((f as { filter: Filter }).filter, defOf); return;
    case '[]': {
      const vp = f as { attrPath: string; valFilter: Filter };
      const def = defOf(vp.attrPath);
      if (!def) throw invalidFilter(`Unknown attribute ${vp.attrPath}`);
      if (def.type !== 'complex') throw invalidFilter(`${vp.attrPath} is not a complex attribute`);
      checkFilter(vp.valFilter, (p) => findAttr(def.subAttributes, p));
      return;
    }
    default: {
      const c = f as { op: string; attrPath: string; compValue?: unknown };
      let def = defOf(c.attrPath);
      if (!def) throw invalidFilter(`Unknown attribute ${c.attrPath}`);
      if (c.op === 'pr') return;
      if (def.type === 'complex') {
        def = findAttr(def.subAttributes, 'value');
        if (!def) throw invalidFilter(`${c.attrPath} cannot be compared`);
      }
      checkComparable(def, c.op, c.compValue, c.attrPath);
    }
  }
}
