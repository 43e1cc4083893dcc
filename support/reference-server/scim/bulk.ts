// /Bulk (RFC 7644 §3.7): operations run in order through the same handlers as single requests; bulkId
// references ("bulkId:qwerty" anywhere in a path or data) are resolved, deferring an operation until the
// one that defines its bulkId has run; failOnErrors stops after that many errors.
import { bad, ScimError } from './errors.ts';
import type { RuleSet } from './profiles/rules.ts';
import { getCI, isObj } from './resource.ts';
import { URN } from './schemas.ts';
import type { ScimResponse } from './types.ts';

export type Dispatch = (method: string, path: string, body: unknown, version: string | undefined) => ScimResponse;

const REF = /^bulkId:(.+)$/;
const ORDER = Symbol('order');

function refsIn(v: unknown, out: Set<string>): void {
  if (typeof v === 'string') { const m = REF.exec(v); if (m) out.add(m[1]!); return; }
  if (Array.isArray(v)) { for (const x of v) refsIn(x, out); return; }
  if (isObj(v)) for (const x of Object.values(v)) refsIn(x, out);
}
/**
 * The id a resource's URI names: its last path segment, percent-decoded (ids may hold reserved characters). The suite's
 * idFromLocation (support/scim/paths.ts) is its twin: the reference imports nothing of the suite's.
 */
function lastSegment(uri: string): string {
  const segment = uri.split(/[?#]/)[0]!.replace(/\/+$/, '').split('/').pop() ?? '';
  try { return decodeURIComponent(segment); } catch { return segment; }
}

function pathRefs(p: string, out: Set<string>): void { for (const seg of p.split('/')) refsIn(seg, out); }

function resolve(v: unknown, ids: Map<string, string>): unknown {
  if (typeof v === 'string') { const m = REF.exec(v); return m && ids.has(m[1]!) ? ids.get(m[1]!) : v; }
  if (Array.isArray(v)) return v.map((x) => resolve(x, ids));
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x, ids)]));
  return v;
}

interface BulkOp { index: number; method: string; path: string; bulkId?: string; version?: string; data: unknown; refs: Set<string> }

/** `resolveData: false` is FAULT bulk-ids-unresolved: references in an operation's data are sent on as they are. */
/**
 * `statusAsObject` (VARIANT bulk-status-objects): each operation's status as `{ "code": "201" }`, the form RFC 7644
 * §3.7.3's text asks ("The status attribute MUST include the code attribute") and §3.7.2's example answers, where
 * §3.7.3's own examples write the bare `"201"`.
 */
export function runBulk(body: unknown, rules: RuleSet, dispatch: Dispatch, options: { resolveData?: boolean; statusAsObject?: boolean } = {}): Record<string, unknown> {
  if (!isObj(body)) throw bad('The body must be a JSON object', 'invalidSyntax');
  const { maxOperations, maxPayloadSize } = rules.bulkLimits;
  if (JSON.stringify(body).length > maxPayloadSize) throw new ScimError(413, `The bulk request exceeds ${maxPayloadSize} bytes`);
  const raw = getCI(body, 'Operations');
  if (!Array.isArray(raw)) throw bad('Operations must be a list', 'invalidSyntax');
  if (raw.length > maxOperations) throw new ScimError(413, `The bulk request exceeds ${maxOperations} operations`, 'tooMany');
  const foe = getCI(body, 'failOnErrors');
  if (foe !== undefined && foe !== null && (typeof foe !== 'number' || !Number.isInteger(foe) || foe < 1)) throw bad('failOnErrors must be a positive integer');
  const failOnErrors = typeof foe === 'number' ? foe : Infinity;

  const ops: BulkOp[] = raw.map((o, index) => {
    if (!isObj(o)) throw bad(`Operation ${index + 1} is not an object`, 'invalidSyntax');
    const method = String(getCI(o, 'method') ?? '').toUpperCase();
    const path = getCI(o, 'path');
    const bulkId = getCI(o, 'bulkId');
    const version = getCI(o, 'version');
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) throw bad(`Operation ${index + 1} has an unsupported method`, 'invalidSyntax');
    if (typeof path !== 'string' || !path.startsWith('/')) throw bad(`Operation ${index + 1} needs a path`, 'invalidSyntax');
    if (/^\/(bulk|\.search)\b/i.test(path) || /\/\.search$/i.test(path)) throw bad(`Operation ${index + 1} cannot target ${path}`, 'invalidSyntax');
    if (method === 'POST' && (typeof bulkId !== 'string' || bulkId === '')) throw bad(`Operation ${index + 1} (POST) needs a bulkId`, 'invalidSyntax');
    const data = getCI(o, 'data');
    const refs = new Set<string>();
    refsIn(data, refs); pathRefs(path, refs);
    return { index, method, path, bulkId: typeof bulkId === 'string' ? bulkId : undefined, version: typeof version === 'string' ? version : undefined, data, refs };
  });
  const defined = new Set(ops.map((o) => o.bulkId).filter((x): x is string => !!x));
  const ids = new Map<string, string>();
  const failed = new Set<string>();
  const results: (Record<string, unknown> & { [ORDER]?: number })[] = [];
  let errors = 0;
  let pending = ops;
  while (pending.length && errors < failOnErrors) {
    const next: BulkOp[] = [];
    let progressed = false;
    for (const op of pending) {
      if (errors >= failOnErrors) break;
      const waiting = [...op.refs].filter((r) => !ids.has(r));
      const blocked = waiting.some((r) => defined.has(r) && !failed.has(r));
      if (blocked) { next.push(op); continue; }
      progressed = true;
      let res: ScimResponse;
      if (waiting.length) {
        res = { status: 409, body: { schemas: [URN.error], status: '409', scimType: 'invalidValue', detail: `Unresolved bulkId ${waiting.join(', ')}` } };
      } else {
        // a resolved id lands in a path segment percent-encoded (ids may hold reserved characters)
        const seg = (s: string) => { const r = resolve(s, ids) as string; return r === s ? s : encodeURIComponent(r); };
        res = dispatch(op.method, op.path.split('/').map(seg).join('/'), options.resolveData === false ? op.data : resolve(op.data, ids), op.version);
      }
      const r: Record<string, unknown> & { [ORDER]?: number } = { method: op.method, [ORDER]: op.index };
      if (op.bulkId) r.bulkId = op.bulkId;
      const b = isObj(res.body) ? res.body : undefined;
      const meta = b && isObj(b.meta) ? b.meta : undefined;
      // a create answered without a body (variant create-answers-location-only) still names its resource in the header
      const location = meta?.location ?? res.headers?.Location;
      if (location) r.location = location;
      if (meta?.version) r.version = meta.version;
      r.status = options.statusAsObject ? { code: String(res.status) } : String(res.status);
      if (res.status >= 400) {
        r.response = res.body;
        errors++;
        if (op.bulkId) failed.add(op.bulkId);
      } else if (op.bulkId && (typeof b?.id === 'string' || typeof location === 'string')) {
        ids.set(op.bulkId, typeof b?.id === 'string' ? b.id : lastSegment(String(location)));
      }
      results.push(r);
    }
    if (!progressed) { // circular references: each remaining operation fails
      for (const op of next) {
        if (errors >= failOnErrors) break;
        errors++;
        if (op.bulkId) failed.add(op.bulkId);
        results.push({ [ORDER]: op.index, method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}), status: '409', response: { schemas: [URN.error], status: '409', scimType: 'invalidValue', detail: 'Circular bulkId reference' } });
      }
      break;
    }
    pending = next;
  }
  // answered in request order (operations deferred for a bulkId ran later but are listed where they were asked)
  results.sort((a, b) => (a[ORDER] ?? 0) - (b[ORDER] ?? 0));
  return { schemas: [URN.bulkResponse], Operations: results };
}
