// The run's ledger of what it created on the target: every exchange a scenario records is read for
// resources it made (POST /Users and /Groups, Bulk POST operations, a PUT that answered 2xx, tenants made
// through the reference admin API) and for the ones it deleted. Events are appended to a file in the report
// folder as they happen (cucumber's workers append to the same file), so the ledger survives a crash: the
// run-level sweep at the end, or `scim-conformance cleanup`, deletes what is still in it.
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Exchange } from '../scim/exchange.js';
import { createdId, idFromLocation } from '../scim/paths.js';

export const LEDGER_FILE = 'created.ndjson';
/** Created by the run when it is interrupted (Ctrl-C): scenarios see it and stop sending. */
export const STOP_FILE = '.interrupted';

/** Held by the run writing a report folder: its pid and when it started. */
export const LOCK_FILE = '.run.lock';

/**
 * Takes the report folder for this run, or says which run holds it. Two runs writing one folder would empty each
 * other's ledger (and each would then leave on the SP what the other's sweep could no longer find), share the stop
 * file, and interleave messages.ndjson. A lock left by a run that was killed (its pid is gone) is taken over.
 * Returns the release.
 */
export function holdReportFolder(folder: string, alive: (pid: number) => boolean = pidAlive): () => void {
  const path = join(folder, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() });
  for (;;) {
    try {
      writeFileSync(path, mine, { flag: 'wx' });
      return () => { if (readLock(path)?.raw === mine) rmSync(path, { force: true }); };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = readLock(path);
    if (held?.pid !== undefined && held.pid !== process.pid && alive(held.pid)) {
      throw new ReportFolderBusy(`another run (pid ${held.pid}, started ${held.startedAt ?? 'at an unknown time'}) is writing reports to ${folder}: give this run its own --report-dir, or wait for that one (if no such run is going, remove ${path})`);
    }
    rmSync(path, { force: true }); // left by a run that is gone (or unreadable): taken over
  }
}

export class ReportFolderBusy extends Error {
  constructor(message: string) { super(message); this.name = 'ReportFolderBusy'; }
}

function readLock(path: string): { raw: string; pid?: number; startedAt?: string } | undefined {
  let raw: string;
  try { raw = readFileSync(path, 'utf8'); } catch { return undefined; }
  try {
    const o = JSON.parse(raw) as { pid?: unknown; startedAt?: unknown };
    return { raw, ...(Number.isSafeInteger(o.pid) ? { pid: o.pid as number } : {}), ...(typeof o.startedAt === 'string' ? { startedAt: o.startedAt } : {}) };
  } catch { return { raw }; }
}

function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (error) { return (error as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Attached to a scenario the run's interruption cut short or kept from starting: the report leaves it NOT-RUN. */
export const INTERRUPTED_MEDIA_TYPE = 'text/vnd.scim-conformance.interrupted';
/** Attached when the After hook could not delete something: JSON NotDeleted[]. */
export const CLEANUP_MEDIA_TYPE = 'application/vnd.scim-conformance.not-deleted+json';

/** Every name the suite generates starts with (or contains) this, so leftovers are recognisable. */
export function namePrefix(runId: string): string { return `scimc-${runId}-`; }

/** A run's id: six lower-case letters and digits, short enough to carry in every name the run makes. */
export function newRunId(): string {
  return randomBytes(6).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '').padEnd(6, '0').slice(0, 6);
}

export type LedgerKind = 'Users' | 'Groups' | 'tenant';

export interface LedgerEntry {
  kind: LedgerKind;
  /** The SP id; empty for `unknown` (a create whose answer was lost: timeout, reset, garbled). */
  id: string;
  /** The SCIM base the resource lives under, or the admin API base for a tenant. */
  base: string;
  /** Tenants only: the tenant's SCIM endpoint (everything under it goes with the tenant). */
  scimEndpoint?: string;
  /** The name it was created with, when the request said (userName or displayName). */
  name?: string;
  scenario?: string;
}

export interface LedgerEvent extends LedgerEntry { op: 'add' | 'del' | 'unknown'; at: string }

const ok = (s: number | undefined) => s !== undefined && s >= 200 && s < 300;
const strip = (url: string) => url.split(/[?#]/)[0]!.replace(/\/+$/, '');
const decode = (s: string) => { try { return decodeURIComponent(s); } catch { return s; } };

function nameOf(body: unknown): string | undefined {
  const b = body as Record<string, unknown> | undefined;
  const n = b?.userName ?? b?.displayName;
  return typeof n === 'string' ? n : undefined;
}

/**
 * A tenant made, as the ledger records it: from a POST /tenants the suite sent, or where it saw no exchange of
 * its own (the console's "Create tenant" in the browser), so the DELETE that removes it balances it either way.
 * Given again with the SCIM endpoint once the console shows it, the entry is replaced.
 */
export function tenantAdded(adminBase: string, id: string, scenario?: string, scimEndpoint?: string, at = new Date().toISOString()): LedgerEvent {
  return { op: 'add', kind: 'tenant', id, base: strip(adminBase), ...(scimEndpoint ? { scimEndpoint: strip(scimEndpoint) } : {}), at, scenario };
}

/** What an exchange created or deleted. adminBase: the reference admin API, whose tenants are tracked too. */
export function eventsOf(exchange: Exchange, adminBase?: string, scenario?: string): LedgerEvent[] {
  const at = exchange.at ?? new Date().toISOString();
  const method = exchange.request.method.toUpperCase();
  const url = strip(exchange.request.url);
  const status = exchange.failure ? undefined : exchange.response?.status;
  const body = exchange.response?.body as any;
  const out: LedgerEvent[] = [];
  const admin = adminBase && strip(adminBase);
  if (admin && url.startsWith(`${admin}/`)) {
    if (method === 'POST' && url === `${admin}/tenants` && ok(status) && typeof body?.id === 'string') {
      out.push(tenantAdded(admin, body.id, scenario, typeof body.scimEndpoint === 'string' ? body.scimEndpoint : undefined, at));
    }
    const m = /\/tenants\/([^/]+)$/.exec(url);
    if (method === 'DELETE' && m && url === `${admin}/tenants/${m[1]}` && (ok(status) || status === 404)) out.push({ op: 'del', kind: 'tenant', id: decode(m[1]!), base: admin, at });
    return out;
  }
  let m = /^(.*)\/(Users|Groups)$/.exec(url);
  if (method === 'POST' && m) {
    const kind = m[2] as 'Users' | 'Groups';
    const id = ok(status) ? createdId({ body, headers: exchange.response?.headers ?? {} }) : undefined;
    if (id) out.push({ op: 'add', kind, id, base: m[1]!, name: nameOf(exchange.request.body), at, scenario });
    // no answer (timeout, reset) or an unusable one: it may have been created; the sweep looks it up by name
    else if (status === undefined || (ok(status) && !id)) out.push({ op: 'unknown', kind, id: '', base: m[1]!, name: nameOf(exchange.request.body), at, scenario });
    return out;
  }
  m = /^(.*)\/(Users|Groups)\/([^/]+)$/.exec(url);
  if (m && m[3] !== '.search') {
    const kind = m[2] as 'Users' | 'Groups';
    if (method === 'PUT' && ok(status)) out.push({ op: 'add', kind, id: decode(m[3]!), base: m[1]!, name: nameOf(exchange.request.body), at, scenario });
    if (method === 'DELETE' && (ok(status) || status === 404)) out.push({ op: 'del', kind, id: decode(m[3]!), base: m[1]!, at });
    return out;
  }
  m = /^(.*)\/Bulk$/.exec(url);
  if (m && method === 'POST') {
    const ops = Array.isArray(body?.Operations) ? body.Operations : [];
    const sent = Array.isArray((exchange.request.body as any)?.Operations) ? (exchange.request.body as any).Operations : [];
    for (const op of ops) {
      const loc = typeof op?.location === 'string' ? strip(op.location) : '';
      const lm = /\/(Users|Groups)\/([^/]+)$/.exec(loc);
      const opStatus = Number(typeof op?.status === 'object' ? op.status?.code : op?.status);
      const verb = String(op?.method ?? '').toUpperCase();
      if (!lm) continue;
      if ((verb === 'POST' || verb === 'PUT') && ok(opStatus)) {
        const data = sent.find((s: any) => s?.bulkId && s.bulkId === op.bulkId)?.data;
        out.push({ op: 'add', kind: lm[1] as 'Users' | 'Groups', id: idFromLocation(loc) ?? decode(lm[2]!), base: m[1]!, name: nameOf(data), at, scenario });
      }
      if (verb === 'DELETE' && (ok(opStatus) || opStatus === 404)) out.push({ op: 'del', kind: lm[1] as 'Users' | 'Groups', id: decode(lm[2]!), base: m[1]!, at });
    }
    // a Bulk whose answer was lost: what it posted may exist; look the names up at the end
    if (status === undefined) {
      for (const s of sent) {
        const pm = /^\/?(Users|Groups)$/.exec(String(s?.path ?? ''));
        if (String(s?.method ?? '').toUpperCase() === 'POST' && pm) out.push({ op: 'unknown', kind: pm[1] as 'Users' | 'Groups', id: '', base: m[1]!, name: nameOf(s.data), at, scenario });
      }
    }
  }
  return out;
}

export const entryKey = (e: Pick<LedgerEntry, 'kind' | 'base' | 'id'>) => `${e.kind} ${e.base} ${e.id}`;

/** Replays events into what is still there: adds minus deletes; a deleted tenant takes everything under its endpoint. */
export class LiveSet {
  readonly live = new Map<string, LedgerEntry>();
  readonly unknown: LedgerEntry[] = [];
  /** Users and groups a DELETE answered 2xx for, in the order they went. */
  readonly deleted: LedgerEntry[] = [];
  created = 0;

  apply(e: LedgerEvent): void {
    const { op, at: _at, ...entry } = e;
    const key = entryKey(entry);
    if (op === 'add') { if (!this.live.has(key)) this.created += 1; this.live.set(key, entry); return; }
    if (op === 'unknown') { this.unknown.push(entry); return; }
    if (e.kind === 'tenant') {
      const tenant = [...this.live.values()].find((x) => x.kind === 'tenant' && x.id === e.id);
      const endpoint = tenant?.scimEndpoint ?? e.scimEndpoint;
      if (tenant) this.live.delete(entryKey(tenant));
      if (endpoint) for (const [k, x] of this.live) if (x.base === endpoint || x.base.startsWith(`${endpoint}/`)) this.live.delete(k);
    }
    if (e.kind !== 'tenant') this.deleted.push(this.live.get(key) ?? entry); // the add's entry carries the name
    this.live.delete(key);
  }

  /** What is left, groups first (so users need not be removed from them), tenants last. */
  leftovers(): LedgerEntry[] {
    const rank = (k: LedgerKind) => (k === 'Groups' ? 0 : k === 'Users' ? 1 : 2);
    return [...this.live.values()].sort((a, b) => rank(a.kind) - rank(b.kind));
  }
}

/** Appends events to the ledger file (one JSON line each, O_APPEND: safe from several worker processes). */
export function appendLedger(path: string | undefined, events: LedgerEvent[]): void {
  if (!path || !events.length) return;
  try { appendFileSync(path, events.map((e) => `${JSON.stringify(e)}\n`).join('')); } catch { /* the ledger is a safety net, never a reason to fail */ }
}

export function readLedger(path: string): LiveSet {
  const set = new LiveSet();
  if (!existsSync(path)) return set;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try { set.apply(JSON.parse(line) as LedgerEvent); } catch { /* a torn last line (killed run) */ }
  }
  return set;
}
