// An append-only journal with group commit, for --data-dir. Every record is appended to a buffer at once;
// one writer drains the buffer into the current journal file and fsyncs it: the writes that arrived while
// the previous fsync was running share the next one. An answer waits (whenDurable) until every record an
// answer depends on is on disk. A record on disk is framed as [length u32][crc32 u32][JSON], so a record
// torn by a crash is recognised and ignored on replay.
//
// Files are numbered generations (reference-journal-<n>.log). Rotation seals the current generation at
// one synchronous moment, together with a capture of the state it leads to; later records go to the next
// generation. persistence.ts writes that capture as a snapshot and then removes the sealed generations.
import { closeSync, constants, fsyncSync, openSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

const HEADER = 8;
const JOURNAL_NAME = /^reference-journal-(\d+)\.log$/;
/**
 * Where the system has it, the journal is opened O_DSYNC: each write returns once its bytes are on disk,
 * one call instead of a write and an fdatasync (two trips through libuv's thread pool per group).
 */
const DSYNC: number = constants.O_DSYNC ?? 0;

/** Records that no answer waits for (the audit trail of reads) are written at least this often. */
const LAZY_FLUSH_MS = 200;

export const journalFile = (gen: number): string => `reference-journal-${gen}.log`;
export function journalGeneration(name: string): number | undefined {
  const m = JOURNAL_NAME.exec(name);
  return m ? Number(m[1]) : undefined;
}

export function frame(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const out = Buffer.allocUnsafe(HEADER + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt32LE(crc32(body), 4);
  body.copy(out, HEADER);
  return out;
}

/** The groups of records of a journal file (each an array), in order, up to the first torn or corrupt one; tornBytes is what was left. */
export function readJournal(path: string): { records: unknown[]; tornBytes: number } {
  const buf = readFileSync(path);
  const records: unknown[] = [];
  let at = 0;
  while (at + HEADER <= buf.length) {
    const len = buf.readUInt32LE(at);
    const end = at + HEADER + len;
    if (len === 0 || end > buf.length) break;
    const body = buf.subarray(at + HEADER, end);
    if (crc32(body) !== buf.readUInt32LE(at + 4)) break;
    let parsed: unknown;
    try { parsed = JSON.parse(body.toString('utf8')); } catch { break; }
    records.push(parsed);
    at = end;
  }
  return { records, tornBytes: buf.length - at };
}

/** Makes a directory entry (a new or renamed file) durable. */
export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}

interface Rotation<T> { capture: () => T; resolve: (r: { captured: T; gen: number }) => void; reject: (e: unknown) => void }

export class GroupCommitLog {
  /** JSON of each record appended and not yet written (serialised at once: the state moves on). */
  private pending: string[] = [];
  private appended = 0;
  /** The last record an answer waits for. */
  private required = 0;
  private durable = 0;
  private waiters: Array<{ seq: number; resolve: () => void; reject: (e: unknown) => void }> = [];
  private draining: Promise<void> | undefined;
  private scheduled = false;
  private lazyTimer: NodeJS.Timeout | undefined;
  private file: FileHandle | undefined;
  private rotation: Rotation<unknown> | undefined;
  private failure: Error | undefined;
  private closed = false;
  /** Bytes written to the journal since the last rotation (the compaction policy reads it). */
  bytesSinceRotation = 0;
  /** Told after each group is on disk. */
  onDurable: () => void = () => undefined;

  constructor(private readonly dir: string, private gen: number) {}

  get generation(): number { return this.gen; }
  get failed(): Error | undefined { return this.failure; }

  /** Appends a record; with `durable`, answers sent from now on wait until it is on disk. */
  append(record: unknown, durable: boolean): void {
    if (this.failure) return; // no answer is sent any more (see fail): nothing to keep
    if (this.closed) throw new Error('the journal is closed');
    this.pending.push(JSON.stringify(record));
    this.appended++;
    if (durable) {
      this.required = this.appended;
      this.schedule();
    } else if (!this.lazyTimer && !this.scheduled) {
      this.lazyTimer = setTimeout(() => { this.lazyTimer = undefined; this.schedule(); }, LAZY_FLUSH_MS);
      this.lazyTimer.unref();
    }
  }

  /** undefined when everything an answer may depend on is on disk; otherwise resolves when it is (rejects if it cannot be). */
  whenDurable(): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    if (this.durable >= this.required) return undefined;
    const seq = this.required;
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /** Seals the current generation once what was appended before is on disk; `capture` runs at that same moment. */
  rotate<T>(capture: () => T): Promise<{ captured: T; gen: number }> {
    if (this.rotation) return Promise.reject(new Error('a rotation is already waiting'));
    return new Promise((resolve, reject) => {
      this.rotation = { capture, resolve, reject } as Rotation<unknown>;
      this.schedule();
    });
  }

  /** Writes everything appended so far and closes the file. */
  async close(): Promise<void> {
    if (this.lazyTimer) clearTimeout(this.lazyTimer);
    this.lazyTimer = undefined;
    while (this.draining || this.pending.length > 0 || this.rotation) {
      if (!this.draining) this.start();
      await this.draining;
      if (this.failure) break;
    }
    this.closed = true;
    await this.closeFile();
    if (this.failure) throw this.failure;
  }

  private schedule(): void {
    if (this.scheduled || this.draining) return;
    this.scheduled = true;
    // setImmediate: the requests parsed in this turn of the event loop join the same group (and while a group
    // is being written, the writes that arrive meanwhile gather into the next one)
    setImmediate(() => { this.scheduled = false; this.start(); });
  }

  private start(): void {
    if (this.draining || this.failure) return;
    if (this.lazyTimer) { clearTimeout(this.lazyTimer); this.lazyTimer = undefined; }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (!this.failure && (this.required > this.durable || this.rotation)) this.schedule();
      else if (this.pending.length > 0 && !this.lazyTimer) {
        this.lazyTimer = setTimeout(() => { this.lazyTimer = undefined; this.schedule(); }, LAZY_FLUSH_MS);
        this.lazyTimer.unref();
      }
    });
  }

  private async drain(): Promise<void> {
    while (!this.failure && (this.pending.length > 0 || this.rotation)) {
      // one synchronous moment: the batch, what it leads up to, and (when rotating) the capture of that state
      const batch = this.pending;
      this.pending = [];
      const upTo = this.appended;
      const rotation = this.rotation;
      this.rotation = undefined;
      let captured: unknown;
      try {
        captured = rotation?.capture();
        if (batch.length > 0) {
          const bytes = frame(`[${batch.join(',')}]`);
          const fh = await this.openFile();
          for (let at = 0; at < bytes.length;) at += (await fh.write(bytes, at, bytes.length - at)).bytesWritten;
          if (!DSYNC) await fh.datasync();
          this.bytesSinceRotation += bytes.length;
        }
        this.durable = upTo;
        this.wake();
        if (rotation) {
          await this.closeFile();
          this.gen++;
          this.bytesSinceRotation = 0;
          rotation.resolve({ captured, gen: this.gen });
        }
        this.onDurable();
      } catch (e) {
        this.fail(e as Error);
        rotation?.reject(e);
      }
    }
  }

  private async openFile(): Promise<FileHandle> {
    if (this.file) return this.file;
    const fh = await open(join(this.dir, journalFile(this.gen)), constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | DSYNC, 0o600);
    try {
      syncDirectory(this.dir);
    } catch (e) {
      await fh.close();
      throw e;
    }
    this.file = fh;
    return fh;
  }

  private async closeFile(): Promise<void> {
    const fh = this.file;
    this.file = undefined;
    await fh?.close();
  }

  private wake(): void {
    while (this.waiters.length > 0 && this.waiters[0]!.seq <= this.durable) this.waiters.shift()!.resolve();
  }

  /** A write that cannot be made durable stops the journal: no answer that depends on it is ever sent. */
  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    console.error(`reference server: the journal in ${this.dir} cannot be written (${e.message}); answers that change state are no longer sent`);
    for (const w of this.waiters.splice(0)) w.reject(e);
  }
}
