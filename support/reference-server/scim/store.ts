// One tenant's users and groups with the indexes that keep lookups O(1) at 100k users: lowercase userName,
// externalId, lowercase primary email, lowercase group displayName, and membership both ways.
// Records are compact (no meta, no location: those are built on output). Insertion order is kept in an
// append-only array with tombstones, so cursor positions (sequence numbers) survive deletions.
// With a change sink (--data-dir), every write is also told as a StoreChange, which apply() replays.
// A record's `data` is never mutated in place (writes replace it), so a change or a snapshot may hold it.
import type { ResourceKind } from './schemas.ts';

export type Data = Record<string, unknown>;

export interface Rec {
  id: string;
  /** Monotonic insertion number: the stable list order and the cursor position. */
  seq: number;
  created: string;
  modified: string;
  version: number;
  /** Canonical attributes (schema-cased keys; the enterprise extension under its URN); no id, meta, members. */
  data: Data;
  dead?: boolean;
}

export class Collection {
  readonly byId = new Map<string, Rec>();
  private order: Rec[] = [];
  private holes = 0;

  get size(): number { return this.byId.size; }
  get(id: string): Rec | undefined { return this.byId.get(id); }

  add(rec: Rec): void {
    this.byId.set(rec.id, rec);
    this.order.push(rec);
  }

  remove(id: string): Rec | undefined {
    const rec = this.byId.get(id);
    if (!rec) return undefined;
    rec.dead = true;
    this.byId.delete(id);
    this.holes++;
    if (this.holes > 1024 && this.holes * 2 > this.order.length) this.compact();
    return rec;
  }

  private compact(): void {
    this.order = this.order.filter((r) => !r.dead);
    this.holes = 0;
  }

  /** Live records with seq > after, in order, at most `limit`; `more` tells whether any remain after them. */
  pageAfter(after: number, limit: number): { items: Rec[]; more: boolean } {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (this.order[mid]!.seq <= after) lo = mid + 1; else hi = mid; }
    const items: Rec[] = [];
    let i = lo;
    for (; i < this.order.length && items.length < limit; i++) if (!this.order[i]!.dead) items.push(this.order[i]!);
    for (; i < this.order.length; i++) if (!this.order[i]!.dead) return { items, more: true };
    return { items, more: false };
  }

  /** Live records from the 0-based position `start`, at most `limit`. */
  slice(start: number, limit: number): Rec[] {
    if (this.holes > 0) this.compact();
    return this.order.slice(start, start + limit);
  }

  /** Live records in insertion order. */
  *values(): IterableIterator<Rec> { for (const r of this.order) if (!r.dead) yield r; }
  /** Live records, newest first. */
  *newestFirst(): IterableIterator<Rec> { for (let i = this.order.length - 1; i >= 0; i--) if (!this.order[i]!.dead) yield this.order[i]!; }
}

function addTo(m: Map<string, Set<string>>, k: string, v: string): void {
  let s = m.get(k);
  if (!s) { s = new Set(); m.set(k, s); }
  s.add(v);
}
function delFrom(m: Map<string, Set<string>>, k: string, v: string): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(v);
  if (s.size === 0) m.delete(k);
}

const EMPTY: ReadonlySet<string> = new Set();

type Kind = 'U' | 'G';
/** One write, as the journal keeps it: a record stored whole, a delete (with its cascade), members added or removed. */
export type StoreChange =
  | { o: 'put'; k: Kind; r: Omit<Rec, 'dead'> }
  | { o: 'del'; k: Kind; id: string; keep?: true }
  | { o: '+m' | '-m'; g: string; m: string[] };
export type ChangeSink = (change: StoreChange) => void;
const kindCode = (kind: ResourceKind): Kind => (kind === 'User' ? 'U' : 'G');
const kindOfCode = (k: Kind): ResourceKind => (k === 'U' ? 'User' : 'Group');

/** The lowercase value of the email marked primary, if any. */
export function primaryEmail(data: Data): string | undefined {
  const emails = data.emails;
  if (!Array.isArray(emails)) return undefined;
  for (const e of emails) {
    const o = e as Record<string, unknown>;
    if (o.primary === true && typeof o.value === 'string') return o.value.toLowerCase();
  }
  return undefined;
}

export class Store {
  readonly users = new Collection();
  readonly groups = new Collection();
  private readonly userNames = new Map<string, string>();
  private readonly userExt = new Map<string, Set<string>>();
  private readonly emails = new Map<string, Set<string>>();
  private readonly groupNames = new Map<string, string>();
  private readonly groupExt = new Map<string, Set<string>>();
  private readonly memberSets = new Map<string, Set<string>>();
  private readonly memberOfSets = new Map<string, Set<string>>();
  private seq = 0;
  /** Set while a write's own cascade runs (or a change is replayed): those steps are not told separately. */
  private quiet = false;

  constructor(private readonly sink?: ChangeSink) {}

  private tell(change: StoreChange): void {
    if (this.sink && !this.quiet) this.sink(change);
  }

  private told(kind: ResourceKind, rec: Rec): void {
    if (!this.sink || this.quiet) return;
    this.tell({ o: 'put', k: kindCode(kind), r: { id: rec.id, seq: rec.seq, created: rec.created, modified: rec.modified, version: rec.version, data: rec.data } });
  }

  nextSeq(): number { return ++this.seq; }
  collection(kind: ResourceKind): Collection { return kind === 'User' ? this.users : this.groups; }

  // ---- index reads ----
  userIdByName(userName: string): string | undefined { return this.userNames.get(userName.toLowerCase()); }
  userIdsByExternalId(ext: string): ReadonlySet<string> { return this.userExt.get(ext) ?? EMPTY; }
  userIdsByPrimaryEmail(email: string): ReadonlySet<string> { return this.emails.get(email.toLowerCase()) ?? EMPTY; }
  groupIdByName(name: string): string | undefined { return this.groupNames.get(name.toLowerCase()); }
  groupIdsByExternalId(ext: string): ReadonlySet<string> { return this.groupExt.get(ext) ?? EMPTY; }
  members(gid: string): ReadonlySet<string> { return this.memberSets.get(gid) ?? EMPTY; }
  memberOf(id: string): ReadonlySet<string> { return this.memberOfSets.get(id) ?? EMPTY; }
  kindOf(id: string): ResourceKind | undefined { return this.users.get(id) ? 'User' : this.groups.get(id) ? 'Group' : undefined; }

  // ---- writes ----
  private index(kind: ResourceKind, rec: Rec, on: boolean): void {
    const d = rec.data;
    const ext = typeof d.externalId === 'string' ? d.externalId : undefined;
    if (kind === 'User') {
      const name = (d.userName as string).toLowerCase();
      if (on) this.userNames.set(name, rec.id); else if (this.userNames.get(name) === rec.id) this.userNames.delete(name);
      if (ext !== undefined) (on ? addTo : delFrom)(this.userExt, ext, rec.id);
      const pe = primaryEmail(d);
      if (pe !== undefined) (on ? addTo : delFrom)(this.emails, pe, rec.id);
    } else {
      const name = (d.displayName as string).toLowerCase();
      if (on) this.groupNames.set(name, rec.id); else if (this.groupNames.get(name) === rec.id) this.groupNames.delete(name);
      if (ext !== undefined) (on ? addTo : delFrom)(this.groupExt, ext, rec.id);
    }
  }

  insert(kind: ResourceKind, rec: Rec): void {
    this.collection(kind).add(rec);
    this.index(kind, rec, true);
    this.told(kind, rec);
  }

  /** Replaces a record's data (and bumps version/modified), keeping the indexes in step. */
  update(kind: ResourceKind, rec: Rec, data: Data, modified: string): void {
    this.index(kind, rec, false);
    rec.data = data;
    rec.version++;
    rec.modified = modified;
    this.index(kind, rec, true);
    this.told(kind, rec);
  }

  /** Deletes a resource and every membership that names it; returns the groups that lost a member.
   *  With keepMemberships (no-referential-integrity) the groups keep naming the deleted id. */
  delete(kind: ResourceKind, id: string, options: { keepMemberships?: boolean } = {}): string[] {
    const rec = this.collection(kind).remove(id);
    if (!rec) return [];
    this.tell(options.keepMemberships ? { o: 'del', k: kindCode(kind), id, keep: true } : { o: 'del', k: kindCode(kind), id });
    const wasQuiet = this.quiet;
    this.quiet = true; // the cascade follows from the delete: replaying the delete repeats it
    try {
      this.index(kind, rec, false);
      if (kind === 'Group') for (const mid of [...this.members(id)]) this.removeMember(id, mid);
      if (options.keepMemberships) return [];
      const touched = [...this.memberOf(id)];
      for (const gid of touched) this.removeMember(gid, id);
      return touched;
    } finally {
      this.quiet = wasQuiet;
    }
  }

  addMember(gid: string, mid: string): boolean {
    const s = this.memberSets.get(gid);
    if (s?.has(mid)) return false;
    addTo(this.memberSets, gid, mid);
    addTo(this.memberOfSets, mid, gid);
    this.tell({ o: '+m', g: gid, m: [mid] });
    return true;
  }

  removeMember(gid: string, mid: string): boolean {
    if (!this.memberSets.get(gid)?.has(mid)) return false;
    delFrom(this.memberSets, gid, mid);
    delFrom(this.memberOfSets, mid, gid);
    this.tell({ o: '-m', g: gid, m: [mid] });
    return true;
  }

  /** Replays a change told by a store like this one (journal replay); it is not told again. */
  apply(change: StoreChange): void {
    const wasQuiet = this.quiet;
    this.quiet = true;
    try {
      if (change.o === 'put') {
        const kind = kindOfCode(change.k);
        const r = change.r;
        const rec = this.collection(kind).get(r.id);
        if (rec) {
          this.index(kind, rec, false);
          rec.data = r.data; rec.version = r.version; rec.modified = r.modified;
          this.index(kind, rec, true);
        } else this.insert(kind, { id: r.id, seq: r.seq, created: r.created, modified: r.modified, version: r.version, data: r.data });
        if (r.seq > this.seq) this.seq = r.seq;
      } else if (change.o === 'del') this.delete(kindOfCode(change.k), change.id, change.keep ? { keepMemberships: true } : {});
      else if (change.o === '+m') for (const m of change.m) this.addMember(change.g, m);
      else for (const m of change.m) this.removeMember(change.g, m);
    } finally {
      this.quiet = wasQuiet;
    }
  }

  // ---- persistence ----
  snapshot(): unknown {
    const rec = (r: Rec) => ({ id: r.id, seq: r.seq, created: r.created, modified: r.modified, version: r.version, data: r.data });
    return {
      format: 'scim-engine/1',
      seq: this.seq,
      users: [...this.users.values()].map(rec),
      groups: [...this.groups.values()].map((r) => ({ ...rec(r), members: [...this.members(r.id)] })),
    };
  }

  /** keepDangling (no-referential-integrity): members that name no stored resource are restored too. */
  static restore(snap: unknown, options: { keepDangling?: boolean; sink?: ChangeSink } = {}): Store {
    const st = new Store(options.sink);
    st.quiet = true;
    try { Store.fill(st, snap, options); } finally { st.quiet = false; }
    return st;
  }

  private static fill(st: Store, snap: unknown, options: { keepDangling?: boolean }): void {
    const s = snap as { seq?: number; users?: Rec[]; groups?: (Rec & { members?: string[] })[] } | undefined;
    if (!s || typeof s !== 'object') return;
    const bySeq = <T extends Rec>(xs: T[] | undefined): T[] => [...(xs ?? [])].sort((x, y) => x.seq - y.seq);
    let max = s.seq ?? 0;
    for (const u of bySeq(s.users)) max = Math.max(max, u.seq);
    for (const g of bySeq(s.groups)) max = Math.max(max, g.seq);
    for (const u of bySeq(s.users)) st.insert('User', { id: u.id, seq: u.seq, created: u.created, modified: u.modified, version: u.version, data: u.data });
    for (const g of bySeq(s.groups)) st.insert('Group', { id: g.id, seq: g.seq, created: g.created, modified: g.modified, version: g.version, data: g.data });
    for (const g of s.groups ?? []) for (const m of g.members ?? []) if (options.keepDangling || st.kindOf(m)) st.addMember(g.id, m);
    st.seq = max;
  }
}
