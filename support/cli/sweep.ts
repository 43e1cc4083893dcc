// Deleting what a run left behind: a scenario's leftovers (the After hook), the run's ledger at the end,
// and `scim-conformance cleanup --prefix`, which finds an earlier run's resources by the prefix in their names.
import { ScimClient, type ScimReply } from '../scim/client.js';
import { Redactor, type Exchange } from '../scim/exchange.js';
import { resourcePath } from '../scim/paths.js';
import { appendLedger, entryKey, eventsOf, readLedger, type LedgerEntry, type LiveSet } from './ledger.js';

/** What could not be deleted, with the SP's answer. Written to conformance.json (`cleanup.notDeleted`). */
export interface NotDeleted {
  type: 'User' | 'Group' | 'tenant';
  id: string;
  /** What it was called, when known. */
  name?: string;
  /** The DELETE that was tried (or the base it lives under). */
  url: string;
  /** The HTTP status the SP answered, absent when nothing answered or nothing could be tried. */
  status?: number;
  /** The SP's answer in one line (its error detail), or why no DELETE was possible. */
  answer: string;
}

export interface Deleted { type: 'User' | 'Group' | 'tenant'; id: string; name?: string; url: string; status: number }

export interface DeleteOptions {
  /** The bearer token for a SCIM base, when known. */
  tokenFor: (base: string) => string | undefined;
  adminToken?: string;
  timeoutMs: number;
  redactor?: Redactor;
  record?: (e: Exchange) => void;
  actor?: string;
  /** Epoch ms after which a busy answer is not waited out (a scenario's After hook has a step's time limit). */
  busyDeadline?: number;
}

const typeOf = (k: LedgerEntry['kind']): Deleted['type'] => (k === 'Users' ? 'User' : k === 'Groups' ? 'Group' : 'tenant');

export function answerOf(reply: ScimReply): string {
  if (reply.failure) return reply.failure;
  const b = reply.body as any;
  const detail = b && typeof b === 'object' ? (b.detail ?? b.error ?? b.message) : undefined;
  const text = typeof detail === 'string' ? detail : reply.text || '';
  return `${reply.status}${text ? ` "${text.replace(/\s+/g, ' ').trim().slice(0, 160)}"` : ''}`;
}

function client(base: string, token: string | undefined, o: Omit<DeleteOptions, 'tokenFor' | 'adminToken'>): ScimClient {
  const c = new ScimClient({ baseUrl: base, token, timeoutMs: o.timeoutMs, redactor: o.redactor ?? new Redactor([token]),
    actor: o.actor ?? 'the cleanup', record: o.record ?? (() => undefined), busyDeadline: () => o.busyDeadline });
  c.cleanupMode = true;
  return c;
}

/** DELETEs each entry (groups, then users, then tenants); a 404 means it is already gone. */
export async function deleteEntries(entries: LedgerEntry[], o: DeleteOptions): Promise<{ deleted: Deleted[]; failed: NotDeleted[] }> {
  const deleted: Deleted[] = []; const failed: NotDeleted[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(entryKey(e))) continue;
    seen.add(entryKey(e));
    const type = typeOf(e.kind);
    const path = e.kind === 'tenant' ? `/tenants/${encodeURIComponent(e.id)}` : resourcePath(e.kind, e.id);
    const url = `${e.base}${path}`;
    const token = e.kind === 'tenant' ? o.adminToken : o.tokenFor(e.base);
    if (!token) { failed.push({ type, id: e.id, name: e.name, url, answer: `no credential for ${e.base} is known to the run, so no DELETE was sent` }); continue; }
    let reply: ScimReply;
    const c = client(e.base, token, o);
    try {
      reply = await c.send({ method: 'DELETE', path, ...(e.kind === 'tenant' ? { headers: { 'content-type': 'application/json' } } : {}) });
    } catch (error) {
      failed.push({ type, id: e.id, name: e.name, url, answer: (error as Error).message }); continue;
    }
    if (!reply.failure && ((reply.status >= 200 && reply.status < 300) || reply.status === 404)) deleted.push({ type, id: e.id, name: e.name, url, status: reply.status });
    // a DELETE of what is already gone may be refused otherwise (SCIM Gateway answers 500): a read by id that
    // answers 404 says nothing is left, and the run does not report it as left on the target
    else if (e.kind !== 'tenant' && reply.status && await goneById(c, path)) deleted.push({ type, id: e.id, name: e.name, url, status: 404 });
    else failed.push({ type, id: e.id, name: e.name, url, ...(reply.status ? { status: reply.status } : {}), answer: answerOf(reply) });
  }
  return { deleted, failed };
}

async function goneById(c: ScimClient, path: string): Promise<boolean> {
  try { return (await c.send({ method: 'GET', path })).status === 404; } catch { return false; }
}

export interface Found { kind: 'Users' | 'Groups'; id: string; name: string }

export interface FindOptions {
  timeoutMs: number;
  /** At most this many pages of the unfiltered list are walked per resource type. */
  maxPages?: number;
  pageSize?: number;
  log?: (line: string) => void;
  record?: (e: Exchange) => void;
  /** False where the capability probe saw `userName sw` refused: the list is walked without asking (a guest's house). */
  userNameSw?: boolean;
}

const carries = (r: any, needle: string) => ['userName', 'displayName', 'externalId'].some((k) => typeof r?.[k] === 'string' && r[k].toLowerCase().includes(needle));

/**
 * The users and groups whose userName, displayName or externalId carry the prefix. Users: `userName sw` when
 * the target answers it, and the unfiltered list walked (bounded) for names that carry it further in. Groups:
 * the list, matched here (no `displayName eq`, which an SP may not serve for a prefix).
 */
export async function findByPrefix(scimBase: string, token: string, prefix: string, o: FindOptions): Promise<{ found: Found[]; notes: string[] }> {
  const c = new ScimClient({ baseUrl: scimBase, token, timeoutMs: o.timeoutMs, redactor: new Redactor([token]), actor: 'the cleanup', record: o.record ?? (() => undefined) });
  const needle = prefix.toLowerCase();
  const found = new Map<string, Found>();
  const notes: string[] = [];
  const take = (kind: 'Users' | 'Groups', resources: unknown) => {
    for (const r of Array.isArray(resources) ? resources : []) {
      if (typeof r?.id === 'string' && carries(r, needle)) found.set(`${kind} ${r.id}`, { kind, id: r.id, name: r.userName ?? r.displayName ?? r.externalId });
    }
  };
  const sw = o.userNameSw === false ? undefined : await c.send({ method: 'GET', path: '/Users', query: { filter: `userName sw ${JSON.stringify(prefix)}`, startIndex: 1, count: o.pageSize ?? 100 } });
  const swServed = !!sw && !sw.failure && sw.status === 200 && Array.isArray((sw.body as any)?.Resources);
  if (sw && swServed) {
    take('Users', (sw.body as any).Resources);
    // on from after what the first page held: an SP may page by a size of its own, below the count asked for
    await walk(c, '/Users', { filter: `userName sw ${JSON.stringify(prefix)}` }, (rs) => take('Users', rs), o, 1 + (sw.body as any).Resources.length);
  } else notes.push(`userName sw is not answered (${sw ? answerOf(sw) : 'the capability probe saw it refused'}): walking the unfiltered list`);
  for (const kind of ['Users', 'Groups'] as const) {
    const walked = await walk(c, `/${kind}`, {}, (rs) => take(kind, rs), o, 1);
    if (walked.note) notes.push(`${kind}: ${walked.note}`);
  }
  return { found: [...found.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'Groups' ? -1 : 1)), notes };
}

/** Pages through a list: startIndex/count, or AWS's cursor when the SP answers `nextCursor`. */
async function walk(c: ScimClient, path: string, extra: Record<string, string>, onPage: (rs: unknown) => void, o: FindOptions, firstIndex: number): Promise<{ note?: string }> {
  const count = o.pageSize ?? 100;
  const maxPages = o.maxPages ?? 50;
  let startIndex = firstIndex;
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const query: Record<string, string | number> = { ...extra, count };
    if (cursor) query.cursor = cursor; else query.startIndex = startIndex;
    const reply = await c.send({ method: 'GET', path, query });
    const body = reply.body as any;
    if (reply.failure || reply.status !== 200 || !Array.isArray(body?.Resources)) {
      return page === 0 && firstIndex === 1 ? { note: `the list is not answered (${answerOf(reply)})` } : {};
    }
    onPage(body.Resources);
    if (!body.Resources.length) return {};
    if (typeof body.nextCursor === 'string' && body.nextCursor) { cursor = body.nextCursor; continue; }
    if (cursor) return {};
    startIndex += body.Resources.length;
    const total = Number(body.totalResults);
    if (Number.isFinite(total) && startIndex > total) return {};
  }
  return { note: `stopped after ${maxPages} pages of ${count}: run cleanup again to go on` };
}

/**
 * Deletes what a live set still holds: tenants first (their users and groups go with them, and the set drops
 * them as the DELETE is recorded), then groups, then users. o.record must feed the exchanges back into the set.
 */
export async function sweepLive(set: LiveSet, o: DeleteOptions): Promise<{ deleted: Deleted[]; failed: NotDeleted[] }> {
  const tenants = await deleteEntries(set.leftovers().filter((e) => e.kind === 'tenant'), o);
  const rest = await deleteEntries(set.leftovers().filter((e) => e.kind !== 'tenant'), o);
  return { deleted: [...tenants.deleted, ...rest.deleted], failed: [...tenants.failed, ...rest.failed] };
}

/** conformance.json `cleanup`: what the run created on the target and what it could not delete. */
export interface CleanupReport {
  /** Every name the run generated carries it; `scim-conformance cleanup --prefix <it>` finds leftovers. */
  namePrefix: string;
  /** Users, groups and tenants the run's scenarios created (from the ledger). */
  created: number;
  /** Of those, still there when the scenarios had ended (their own cleanup missed them). */
  leftAfterScenarios: number;
  /** Deleted by the run-level sweep at the end (ledger leftovers, and creates whose answer was lost, found by prefix). */
  sweptAtEnd: number;
  /** What could not be deleted, with the SP's answer. Empty when the target is as the run found it. */
  notDeleted: NotDeleted[];
  /** Of a few resources the SP answered DELETE 2xx for, those it still serves by id (a spot check). Absent when none. */
  stillServed?: StillServed[];
}

/** A resource the SP answered DELETE 2xx for and still answers 2xx to a read by its id. */
export interface StillServed { type: 'User' | 'Group'; id: string; name?: string; url: string; status: number }

/** How many users, and how many groups, the spot check of the run's deletes reads. */
const SPOT_CHECKED = 2;

export interface SweepRunOptions {
  ledgerPath: string;
  scimBase: string; token: string; adminBase?: string; adminToken?: string;
  prefix: string; timeoutMs: number;
  /** Whether the SP answers `userName sw` (the capability probe's finding), for the search by prefix. */
  userNameSw?: boolean;
  /** How long a read may lag a write (--settle-ms): a resource still served is read again once after it. */
  settleMs?: number;
}

/** The run-level sweep: the ledger's leftovers, then (when a create's answer was lost) the target searched by prefix. */
export async function sweepRun(o: SweepRunOptions): Promise<CleanupReport> {
  const set = readLedger(o.ledgerPath);
  const leftAfterScenarios = set.leftovers().length;
  const record = (e: Exchange) => { const ev = eventsOf(e, o.adminBase, 'run sweep'); appendLedger(o.ledgerPath, ev); for (const x of ev) set.apply(x); };
  const opts: DeleteOptions = { tokenFor: (b) => (b === o.scimBase ? o.token : undefined), adminToken: o.adminToken, timeoutMs: o.timeoutMs, record, actor: 'the run sweep' };
  const { deleted, failed } = await sweepLive(set, opts);
  let swept = deleted.length;
  if (set.unknown.some((u) => u.base === o.scimBase)) {
    // a create timed out or its answer was unusable: whatever carries this run's prefix is the run's own
    try {
      const { found } = await findByPrefix(o.scimBase, o.token, o.prefix, { timeoutMs: o.timeoutMs, maxPages: 20, ...(o.userNameSw === false ? { userNameSw: false } : {}) });
      const more = await deleteEntries(found.map((f) => ({ kind: f.kind, id: f.id, base: o.scimBase, name: f.name })), opts);
      swept += more.deleted.length; failed.push(...more.failed);
    } catch { /* best effort */ }
  }
  const stillServed = await spotCheckDeletes(set, o);
  return { namePrefix: o.prefix, created: set.created, leftAfterScenarios, sweptAtEnd: swept, notDeleted: failed, ...(stillServed.length ? { stillServed } : {}) };
}

/**
 * Whether the deletes took: the first users and groups the run deleted (long since, so a read that lags has caught
 * up) are read by id, and one still answered 2xx is read again after the settle time. An SP that answers DELETE 2xx
 * and keeps the resource (RFC-DELETE-01's deviation) would otherwise be told the run left it as it found it. A few
 * reads, not one per resource: a staging SP is a guest's house.
 */
async function spotCheckDeletes(set: LiveSet, o: SweepRunOptions): Promise<StillServed[]> {
  const ours = set.deleted.filter((e) => e.base === o.scimBase && !set.live.has(entryKey(e)));
  const sample = (['Users', 'Groups'] as const).flatMap((kind) => ours.filter((e) => e.kind === kind).slice(0, SPOT_CHECKED));
  if (!sample.length) return [];
  const c = client(o.scimBase, o.token, { timeoutMs: o.timeoutMs, actor: 'the run sweep' });
  const served = async (e: LedgerEntry): Promise<number | undefined> => {
    try {
      const reply = await c.send({ method: 'GET', path: resourcePath(e.kind as 'Users' | 'Groups', e.id) });
      return !reply.failure && reply.status >= 200 && reply.status < 300 && (reply.body as any)?.id === e.id ? reply.status : undefined;
    } catch { return undefined; /* no answer is no evidence either way */ }
  };
  let still = (await Promise.all(sample.map(async (e) => ({ e, status: await served(e) })))).filter((x) => x.status !== undefined);
  if (still.length && o.settleMs) {
    await new Promise((r) => setTimeout(r, o.settleMs));
    still = (await Promise.all(still.map(async ({ e }) => ({ e, status: await served(e) })))).filter((x) => x.status !== undefined);
  }
  return still.map(({ e, status }) => ({ type: typeOf(e.kind) as StillServed['type'], id: e.id, ...(e.name ? { name: e.name } : {}), url: `${e.base}${resourcePath(e.kind as 'Users' | 'Groups', e.id)}`, status: status! }));
}
