// The recorder: every SCIM exchange the reference answers (ReferenceServerOptions.onExchange), kept in order
// as the suite's Exchange (redacted when it is recorded, never later) with what the judge needs beside it:
// the reference's decision (the rule id of a refusal), who sent it (a fingerprint of the credential) and, for
// a group read, how many members the reference holds for each group it answered with.
import { createHash } from 'node:crypto';
import type { ScimObservation } from '../reference-server/index.js';
import { Redactor, type Exchange } from '../scim/exchange.js';

export interface Recorded {
  /** 1-based, in the order the answers went out. */
  seq: number;
  /** When the answer went out (ms since the epoch). */
  at: number;
  method: string;
  /** The raw path the client asked for, query included (`/<tenant>/scim/v2/Users?filter=…`). */
  path: string;
  /** The tenant id in the path, and the part below /scim/v2 without the query (`/Users/123`, `//Users`). */
  tenantId: string;
  knownTenant: boolean;
  below: string;
  query: URLSearchParams;
  /** `Users` or `Groups` and the id, when the path names one. */
  kind?: 'Users' | 'Groups';
  id?: string;
  status: number;
  /** The reference's decision: the catalogue id of the rule that refused the request, and its reason. */
  rule?: string;
  reason?: string;
  eventName?: string;
  /** sha256 of the Authorization header (first 16 hex), '' without one: tells tokens apart without keeping them. */
  credential: string;
  /** sha256 of the request body, for "the same request again". */
  bodyHash: string;
  /** Retry-After seconds of a 429. */
  retryAfter?: number;
  /** For a 200 group read: group id → [members in the answer, members the reference holds]. */
  groupReads?: { id: string; answered: number; stored: number }[];
  /** The exchange as the report shows it, secrets removed. */
  exchange: Exchange;
}

export interface RecorderOptions {
  /** http://127.0.0.1:PORT: prefixed to the raw path in the report's transcript. */
  origin: string;
  /** Removes the run's tokens; every Authorization value seen is added to it. */
  redactor: Redactor;
  /** How many members the reference holds for a group of this tenant (undefined: no such group). */
  storedMembers(tenantId: string, groupId: string): number | undefined;
}

const hash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

export class Recorder {
  readonly records: Recorded[] = [];
  /** Every credential the client sent (the report folder is swept for each). */
  readonly secrets = new Set<string>();
  private readonly listeners: ((r: Recorded) => void)[] = [];

  constructor(private readonly options: RecorderOptions) {}

  /** Called after each record is kept (the CLI's progress line). */
  onRecord(listener: (r: Recorded) => void): void { this.listeners.push(listener); }

  /** The reference's onExchange callback. */
  readonly observe = (o: ScimObservation): void => {
    const { redactor } = this.options;
    const auth = o.request.headers.authorization;
    if (auth) { const secret = auth.replace(/^\S+\s+/, ''); redactor.add(secret); if (secret.length >= 6) this.secrets.add(secret); }
    const m = /^\/[^/?]*\/scim\/v2([^?]*)(?:\?(.*))?$/.exec(o.request.path);
    const below = m?.[1] ?? '';
    const query = new URLSearchParams(m?.[2] ?? '');
    const segs = below.split('/').filter((s) => s !== '');
    const first = (segs[0] ?? '').toLowerCase();
    const kind = first === 'users' ? 'Users' as const : first === 'groups' ? 'Groups' as const : undefined;
    const id = kind && segs[1] !== undefined && segs[1] !== '.search' ? safeDecode(segs[1]) : undefined;
    const retryAfter = o.response.status === 429 ? Number(o.response.headers['Retry-After']) : undefined;
    const record: Recorded = {
      seq: this.records.length + 1, at: o.at.getTime(), method: o.request.method, path: o.request.path,
      tenantId: o.tenantId, knownTenant: o.knownTenant, below, query, kind, id,
      status: o.response.status, rule: o.rule, reason: o.reason, eventName: o.eventName,
      credential: auth ? hash(auth) : '', bodyHash: hash(o.request.body ?? ''),
      ...(retryAfter !== undefined && Number.isFinite(retryAfter) ? { retryAfter } : {}),
      exchange: this.exchangeOf(o),
    };
    if (kind === 'Groups' && o.request.method === 'GET' && o.response.status === 200) record.groupReads = this.groupReads(o);
    this.records.push(record);
    for (const l of this.listeners) l(record);
  };

  private groupReads(o: ScimObservation): Recorded['groupReads'] {
    const body = o.response.body as { id?: unknown; members?: unknown; Resources?: unknown } | undefined;
    const groups = Array.isArray(body?.Resources) ? body.Resources as { id?: unknown; members?: unknown }[] : body?.id !== undefined ? [body] : [];
    const out: NonNullable<Recorded['groupReads']> = [];
    for (const g of groups) {
      if (typeof g.id !== 'string') continue;
      const stored = this.options.storedMembers(o.tenantId, g.id);
      if (stored === undefined) continue;
      out.push({ id: g.id, answered: Array.isArray(g.members) ? g.members.length : 0, stored });
    }
    return out;
  }

  private exchangeOf(o: ScimObservation): Exchange {
    const r = this.options.redactor;
    const request: Exchange['request'] = { method: o.request.method, url: `${this.options.origin}${o.request.path}`, headers: r.headers(o.request.headers) };
    if (o.request.body !== undefined && o.request.body.length > 0) {
      try { request.body = r.json(JSON.parse(o.request.body)); } catch { request.rawBody = r.text(o.request.body); }
    }
    const response: NonNullable<Exchange['response']> = { status: o.response.status, headers: r.headers(o.response.headers) };
    if (o.response.body !== undefined) response.body = r.json(o.response.body);
    return { at: o.at.toISOString(), ms: 0, actor: 'the client', request, response };
  }
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
