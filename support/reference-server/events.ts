// The CloudTrail-shaped audit trail: one record per SCIM request (refused ones included), kept in a
// bounded ring per tenant and read newest first. Events are an audit trail, not state.
import { randomUUID } from 'node:crypto';

export interface TrailEvent {
  eventVersion: '1.08';
  eventTime: string;
  eventSource: 'identitystore-scim.amazonaws.com';
  eventName: string;
  awsRegion: 'us-east-1';
  sourceIPAddress: string;
  userAgent: string;
  requestID: string;
  eventID: string;
  eventType: 'AwsApiCall';
  errorCode?: string;
  errorMessage?: string;
  requestParameters: { httpMethod: string; path: string };
}

export class EventRing {
  private items: TrailEvent[] = [];
  private start = 0;
  constructor(readonly capacity: number) {}

  push(event: TrailEvent): void {
    if (this.capacity <= 0) return;
    if (this.items.length < this.capacity) {
      this.items.push(event);
    } else {
      this.items[this.start] = event;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** Newest first. */
  list(filter: { eventName?: string; errorCode?: string; limit?: number } = {}): TrailEvent[] {
    const out: TrailEvent[] = [];
    const n = this.items.length;
    const limit = filter.limit ?? n;
    for (let i = 0; i < n && out.length < limit; i++) {
      const e = this.items[(this.start + n - 1 - i) % n];
      if (filter.eventName !== undefined && e.eventName !== filter.eventName) continue;
      if (filter.errorCode !== undefined && e.errorCode !== filter.errorCode) continue;
      out.push(e);
    }
    return out;
  }

  get size(): number {
    return this.items.length;
  }

  /** Oldest first, for persistence. */
  toJSON(): TrailEvent[] {
    return this.list().reverse();
  }

  static from(capacity: number, events: unknown): EventRing {
    const ring = new EventRing(capacity);
    if (Array.isArray(events)) for (const e of events) if (e && typeof e === 'object') ring.push(e as TrailEvent);
    return ring;
  }
}

export function newEvent(fields: {
  eventTime: Date; eventName: string; sourceIPAddress: string; userAgent: string; requestID?: string;
  errorCode?: string; errorMessage?: string; httpMethod: string; path: string;
}): TrailEvent {
  const event: TrailEvent = {
    eventVersion: '1.08',
    eventTime: fields.eventTime.toISOString(),
    eventSource: 'identitystore-scim.amazonaws.com',
    eventName: fields.eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: fields.sourceIPAddress,
    userAgent: fields.userAgent,
    requestID: fields.requestID ?? randomUUID(),
    eventID: randomUUID(),
    eventType: 'AwsApiCall',
    requestParameters: { httpMethod: fields.httpMethod, path: fields.path },
  };
  if (fields.errorCode !== undefined) event.errorCode = fields.errorCode;
  if (fields.errorMessage !== undefined) event.errorMessage = fields.errorMessage;
  return event;
}

/** The eventName of a request the engine never saw (a 401 before it), derived from method and path the way the engine names them. */
export function deriveEventName(method: string, path: string): string {
  const segs = path.split('?')[0].split('/').filter((s) => s.length > 0).map((s) => {
    try { return decodeURIComponent(s); } catch { return s; }
  });
  const m = method.toUpperCase();
  const first = (segs[0] ?? '').toLowerCase();
  if (first === 'users' || first === 'groups') {
    const kind = first === 'users' ? 'User' : 'Group';
    const plural = `${kind}s`;
    if (segs.length === 1) return m === 'GET' ? `List${plural}` : m === 'POST' ? `Create${kind}` : 'Unknown';
    if (segs.length === 2 && segs[1] === '.search') return 'Search';
    if (segs.length === 2) {
      const verb: Record<string, string> = { GET: 'Get', PUT: 'Put', PATCH: 'Patch', DELETE: 'Delete' };
      return verb[m] ? `${verb[m]}${kind}` : 'Unknown';
    }
    return 'Unknown';
  }
  if (segs.length === 1 && first === '.search') return 'Search';
  if (segs.length === 1 && first === 'bulk') return 'Bulk';
  if (segs.length === 1 && first === 'serviceproviderconfig') return 'GetServiceProviderConfig';
  if (first === 'schemas' && segs.length <= 2) return segs.length === 1 ? 'ListSchemas' : 'GetSchema';
  if (first === 'resourcetypes' && segs.length <= 2) return segs.length === 1 ? 'ListResourceTypes' : 'GetResourceType';
  return 'Unknown';
}
