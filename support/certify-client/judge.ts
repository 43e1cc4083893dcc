// The judge: recorded exchanges in, one finding per (row, exchange) out. A refusal is judged by the rule id the
// reference gave it (its own decision: no rule is copied here). What AWS accepts but answers differently
// (startIndex ignored, members left out, no nextCursor unless asked) is read from the reference's answers, and
// the client's conduct (429, 409, 401) from the order of its requests.
import { appliesTo, type Catalog } from '../catalog/catalog.js';
import type { SpProfile } from '../targets/target.js';
import type { Recorded } from './recorder.js';

export type FindingResult = 'PASS' | 'WARN' | 'FAIL';

export interface Finding {
  id: string;
  result: FindingResult;
  /** The exchanges that show it (seq numbers), the decisive one first. */
  seqs: number[];
  /** One line: what happened. */
  reason: string;
}

/** At most this many requests with a token after its first 401 (a connection test, one retry). */
export const REQUESTS_AFTER_401 = 3;
/** Clock slack when comparing a request's arrival with Retry-After. */
export const RETRY_SLACK_MS = 250;

/** `#3 GET /Users?filter=…`: the path below the SCIM base (the whole path when the tenant is not the client's). */
const describe = (r: Recorded): string => {
  const below = r.knownTenant ? r.path.replace(/^\/[^/?]*\/scim\/v2/, '') || '/' : r.path;
  return `#${r.seq} ${r.method} ${below}`;
};

/** Rows a request that was answered with a success shows were respected, by operation. */
function rowsInPlay(r: Recorded): string[] {
  const rows = ['AWS-OPS-01', 'AP-ENABLE-01', 'AP-ENABLE-02', 'AWS-TENANT-01', 'RFC-AUTH-01', 'AP-TOKEN-02', 'AP-TOKEN-05', 'CLIENT-VALID-01'];
  const write = r.method === 'POST' || r.method === 'PUT';
  if (r.kind === 'Users' && write) rows.push('AP-USER-01', 'AP-USER-02', 'AP-USER-03', 'AWS-CHARS-01', 'CLIENT-ATTR-01');
  if (r.kind === 'Users' && r.method === 'PATCH') rows.push('AWS-PATCH-01', 'AP-USER-03', 'AWS-CHARS-01', 'CLIENT-ATTR-01');
  if (r.kind === 'Groups' && write) rows.push('AWS-GROUP-02', 'AWS-CHARS-01');
  if (r.kind === 'Groups' && r.method === 'PATCH') rows.push('AWS-PATCH-01', 'AWS-GROUP-02');
  if (r.kind && !r.id && r.method === 'GET') {
    rows.push('AWS-PAGE-01');
    if (r.query.has('filter')) rows.push('AWS-FILTER-01');
  }
  return rows;
}

const isLookup = (r: Recorded, kind: Recorded['kind']): boolean =>
  r.method === 'GET' && r.kind === kind && (r.id !== undefined || r.query.has('filter'));

/** A request for the rest of a list: with a cursor, or a startIndex past 1 that the answer honoured. */
const asksForMore = (r: Recorded, kind: Recorded['kind']): boolean =>
  r.method === 'GET' && r.kind === kind && r.id === undefined && r.status < 300
  && (r.query.has('cursor') || (Number(r.query.get('startIndex')) > 1 && answerStartIndex(r) === Number(r.query.get('startIndex'))));

function answerStartIndex(r: Recorded): number | undefined {
  const b = r.exchange.response?.body as { startIndex?: unknown } | undefined;
  return typeof b?.startIndex === 'number' ? b.startIndex : undefined;
}

export function judge(records: readonly Recorded[], profile: SpProfile, catalog: Catalog): Finding[] {
  const out: Finding[] = [];
  const applies = (id: string) => { const row = catalog.byId.get(id); return row !== undefined && appliesTo(row, profile); };
  const add = (f: Finding) => { if (applies(f.id)) out.push(f); };

  for (const r of records) {
    // --- refusals: the reference's own decision
    if (r.status >= 400 && r.status < 500 && r.status !== 429) {
      const said = `${describe(r)} → ${r.status}${r.reason ? `: ${r.reason}` : ''}`;
      if (r.rule && applies(r.rule)) add({ id: r.rule, result: 'FAIL', seqs: [r.seq], reason: said });
      // a missing resource or a taken name is an outcome, not a fault; an unknown endpoint is a fault
      else if (r.rule || !((r.status === 404 && r.eventName !== 'Unknown') || r.status === 409 || r.status === 412)) {
        add({ id: 'CLIENT-VALID-01', result: 'FAIL', seqs: [r.seq], reason: said });
      }
      continue;
    }
    if (r.status >= 300) continue; // 5xx is the reference's problem, never the client's
    for (const id of rowsInPlay(r)) add({ id, result: 'PASS', seqs: [r.seq], reason: `${describe(r)} → ${r.status}` });

    // --- accepted, but answered differently from the RFC: read from the reference's answer
    if (r.kind && r.id === undefined && r.method === 'GET') {
      const asked = Number(r.query.get('startIndex'));
      const answered = answerStartIndex(r);
      if (asked > 1 && answered !== undefined && answered !== asked) {
        add({ id: 'AWS-PAGE-01', result: 'FAIL', seqs: [r.seq], reason: `${describe(r)} asked for startIndex ${asked}; the answer is page ${answered} again (startIndex is ignored)` });
      }
      const body = r.exchange.response?.body as { totalResults?: unknown; Resources?: unknown; nextCursor?: unknown } | undefined;
      const got = Array.isArray(body?.Resources) ? body.Resources.length : 0;
      const total = typeof body?.totalResults === 'number' ? body.totalResults : got;
      const count = r.query.has('count') ? Number(r.query.get('count')) : Infinity;
      const truncated = total > (answered ?? 1) - 1 + got && count > got && !r.query.has('cursor');
      if (truncated && !records.some((n) => n.seq > r.seq && asksForMore(n, r.kind))) {
        add({ id: 'AWS-PAGE-01', result: 'FAIL', seqs: [r.seq], reason: `${describe(r)} got ${got} of ${total} results and never asked for the rest (with cursor, then nextCursor)` });
      }
    }
    for (const g of r.groupReads ?? []) {
      if (g.stored === 0 || g.answered >= g.stored) continue;
      const checked = records.some((n) => n.kind === 'Groups' && n.method === 'GET' && n.id === undefined && n.status === 200
        && /members/i.test(n.query.get('filter') ?? '') && (n.query.get('filter') ?? '').includes(g.id));
      if (!checked) {
        add({ id: 'AWS-GROUP-01', result: 'WARN', seqs: [r.seq],
          reason: `${describe(r)} read group ${g.id}, which has ${g.stored} member${g.stored === 1 ? '' : 's'}, and the answer listed ${g.answered}; the client never read its membership with the id-and-members filter` });
      }
    }
    if (r.kind === 'Groups' && r.id === undefined && /members/i.test(r.query.get('filter') ?? '')) {
      add({ id: 'AWS-GROUP-01', result: 'PASS', seqs: [r.seq], reason: `${describe(r)} read membership with the filter` });
    }
  }

  // --- the client's conduct
  for (const r of records) {
    if (r.status === 429) {
      const next = records.find((n) => n.seq > r.seq);
      const wait = (r.retryAfter ?? 0) * 1000;
      if (!next) continue;
      const gap = next.at - r.at;
      if (gap < wait - RETRY_SLACK_MS) {
        add({ id: 'CLIENT-RETRY-01', result: 'WARN', seqs: [r.seq, next.seq],
          reason: `${describe(r)} → 429 with Retry-After ${r.retryAfter}; the next request (#${next.seq}) came ${gap} ms later` });
      } else add({ id: 'CLIENT-RETRY-01', result: 'PASS', seqs: [r.seq, next.seq], reason: `waited ${gap} ms after the 429 of #${r.seq} (Retry-After ${r.retryAfter})` });
    }
    if (r.status === 409 && r.method === 'POST') {
      const later = records.filter((n) => n.seq > r.seq);
      const lookup = later.find((n) => isLookup(n, r.kind));
      const again = later.find((n) => n.method === 'POST' && n.path === r.path && n.bodyHash === r.bodyHash);
      if (lookup && (!again || lookup.seq < again.seq)) {
        add({ id: 'CLIENT-CONFLICT-01', result: 'PASS', seqs: [r.seq, lookup.seq], reason: `${describe(r)} → 409, then #${lookup.seq} looked it up` });
      } else if (again) {
        add({ id: 'CLIENT-CONFLICT-01', result: 'WARN', seqs: [r.seq, again.seq], reason: `${describe(r)} → 409, and #${again.seq} sent the same create again without looking it up` });
      } else {
        add({ id: 'CLIENT-CONFLICT-01', result: 'WARN', seqs: [r.seq], reason: `${describe(r)} → 409, and the client never looked the resource up afterwards` });
      }
    }
  }
  const refusedAt = new Map<string, Recorded>();
  for (const r of records) {
    const key = `${r.tenantId} ${r.credential}`;
    if (r.status === 401 && !refusedAt.has(key)) refusedAt.set(key, r);
  }
  for (const [key, first] of refusedAt) {
    const after = records.filter((n) => n.seq > first.seq && `${n.tenantId} ${n.credential}` === key);
    if (after.length > REQUESTS_AFTER_401) {
      add({ id: 'CLIENT-AUTH-01', result: 'WARN', seqs: [first.seq, after[REQUESTS_AFTER_401]!.seq],
        reason: `${describe(first)} → 401, and the client sent ${after.length} more requests with the same token to the same endpoint` });
    } else add({ id: 'CLIENT-AUTH-01', result: 'PASS', seqs: [first.seq], reason: `${describe(first)} → 401; ${after.length} more request${after.length === 1 ? '' : 's'} with that token` });
  }
  return out;
}

/** Why a row has no finding, in one line. */
export function notJudgedReason(id: string): string {
  switch (id) {
    case 'CLIENT-RETRY-01': return 'the client met no 429 (start certify-client with --throttle N to judge its back-off)';
    case 'CLIENT-CONFLICT-01': return 'the client met no 409 on a create';
    case 'CLIENT-AUTH-01': return 'the client met no 401';
    case 'AWS-GROUP-01': return 'the client read no group that had members';
    default: return 'the client sent nothing this row judges';
  }
}
