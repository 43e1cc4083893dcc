// Filling a profile's templates: request paths (text, query-encoded in the dialect's style) and JSON body
// templates (typed placeholders). No vendor knowledge here: only the placeholder grammar of profile.ts.

export type Vars = Record<string, unknown>;

const PLACEHOLDER = /\{\{\s*([\w.$-]+)(?:\|(\w+))?\s*\}\}/g;
const WHOLE = /^\{\{\s*([\w.$-]+)(?:\|(\w+))?\s*\}\}$/;

export function lookup(vars: Vars, name: string): unknown {
  let cur: unknown = vars;
  for (const part of name.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Query-encodes a value as the dialect does: encodeURIComponent, spaces as `%20` or `+`. */
export function queryEncode(value: string, space: '%20' | '+'): string {
  const encoded = encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return space === '+' ? encoded.replace(/%20/g, '+') : encoded;
}

/** Fills a text template (a request path). `|q` query-encodes; `|p` path-encodes. */
export function fillText(template: string, vars: Vars, space: '%20' | '+'): string {
  return template.replace(PLACEHOLDER, (_m, name: string, filter?: string) => {
    const v = lookup(vars, name);
    if (v === undefined || v === null) throw new Error(`template ${template} needs {{${name}}}`);
    const s = String(v);
    if (filter === 'q') return queryEncode(s, space);
    if (filter === 'p') return encodeURIComponent(s);
    if (filter === 'json') return JSON.stringify(s).slice(1, -1);
    return s;
  });
}

/**
 * Fills a request path (relative to the base URL): a placeholder in the path part is one path segment and is
 * always percent-encoded (an SP's id may hold a space or a reserved character); one in the query string takes
 * its filter, and without one is query-encoded in the dialect's style. The literal text is sent as written.
 */
export function fillPath(template: string, vars: Vars, space: '%20' | '+'): string {
  return fillText(pathTemplate(template), vars, space);
}

// a dialect's path templates are few, and one is filled for every request an IdP sends
const pathTemplates = new Map<string, string>();

/** The path template with each placeholder's encoding made explicit: `|p` in the path part, `|q` by default in the query. */
function pathTemplate(template: string): string {
  let explicit = pathTemplates.get(template);
  if (explicit !== undefined) return explicit;
  const q = template.indexOf('?');
  const path = q < 0 ? template : template.slice(0, q);
  const query = q < 0 ? '' : template.slice(q);
  const segment = path.replace(PLACEHOLDER, (_m, name: string) => `{{${name}|p}}`);
  const inQuery = query.replace(PLACEHOLDER, (m, name: string, filter?: string) => (filter ? m : `{{${name}|q}}`));
  explicit = segment + inQuery;
  if (pathTemplates.size >= 10_000) pathTemplates.clear(); // bounded, should a caller ever pass made-up paths
  pathTemplates.set(template, explicit);
  return explicit;
}

/**
 * Fills a JSON template tree. A whole-placeholder leaf keeps the value's type; undefined drops the key.
 * `copy` false: the result is serialised at once, so an object value is put in as it is, not copied.
 */
export function fillJson(template: unknown, vars: Vars, copy = true): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole) {
      const v = lookup(vars, whole[1]);
      if (whole[2] === 'string') return v === undefined || v === null ? undefined : String(v);
      // a copy, so the body never shares an object with the directory; a primitive is its own copy
      return v === undefined ? undefined : copy && typeof v === 'object' && v !== null ? structuredClone(v) : v;
    }
    if (!template.includes('{{')) return template;
    let missing = false;
    // `|json` escapes the value for a quoted literal inside the text (a filter's compValue: `members[value eq "…"]`)
    const out = template.replace(PLACEHOLDER, (_m, name: string, filter?: string) => {
      const v = lookup(vars, name);
      if (v === undefined || v === null) { missing = true; return ''; }
      return filter === 'json' ? JSON.stringify(String(v)).slice(1, -1) : String(v);
    });
    return missing && out === '' ? undefined : out;
  }
  if (Array.isArray(template)) return template.map((t) => fillJson(t, vars, copy)).filter((v) => v !== undefined);
  if (template && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, t] of Object.entries(template)) {
      const v = fillJson(t, vars, copy);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  return template;
}

/**
 * Fills a vendor's text template (OneLogin's "SCIM JSON Template", L1): `{$user.x}` and `{$parameters.x}`
 * are replaced by the raw value, JSON-escaped inside quotes; a missing value becomes "" inside quotes and
 * null outside (what an admin template yields). The result is the body text as sent.
 */
export function fillVendorTemplate(template: string, vars: Vars): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '"' && template[i - 1] !== '\\') { inString = !inString; out += c; continue; }
    if (c === '{' && template[i + 1] === '$') {
      const end = template.indexOf('}', i);
      const name = template.slice(i + 2, end);
      const v = lookup(vars, name);
      if (inString) out += v === undefined || v === null ? '' : JSON.stringify(String(v)).slice(1, -1);
      else out += v === undefined ? 'null' : JSON.stringify(v);
      i = end;
      continue;
    }
    out += c;
  }
  return out;
}
