// --data-dir persistence: a snapshot (reference-state.json) plus an append-only journal with group commit
// (journal.ts). A change is journalled as it happens, and no answer leaves the server before the journal
// holds every change it could have seen (holdAnswers), so an acknowledged write survives SIGKILL. The
// journal is compacted in the background: rotation seals a generation with a capture of the state, the
// capture is written as the new snapshot (temp file, fsync, rename, fsync of the directory) naming the
// first generation it does not contain, and only then are the sealed generations removed. A crash at any
// point leaves a snapshot and the journals that follow it. Restart = snapshot + replay, ignoring a torn
// last record (never acknowledged: its fsync had not returned).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { GroupCommitLog, journalFile, journalGeneration, readJournal, syncDirectory } from './journal.ts';

export const STATE_FILE = 'reference-state.json';
/** Compact once the journal outgrows the last snapshot, and never for less than this. */
const MIN_COMPACT_BYTES = 8 * 1024 * 1024;

/** What the state gives persistence: a snapshot to start from, records to replay, a capture to write. */
export interface Persistent {
  /** Loads a snapshot (the object capture() gave, read back from JSON). */
  load(snapshot: unknown): void;
  /** Replays one record appended to the journal. */
  apply(record: unknown): void;
  /** The whole state as plain JSON at this moment; it may share objects the state never mutates. */
  capture(): Record<string, unknown>;
}

export interface DurableOptions {
  /** Compaction starts once the journal holds this much (or the last snapshot's size, if larger). */
  minCompactBytes?: number;
}

export interface RecoveryReport { snapshot: boolean; records: number; tornBytes: number; ms: number }

export class DurableStore {
  private compacting: Promise<void> | undefined;
  private snapshotBytes = 0;
  private closing: Promise<void> | undefined;
  private readonly minCompactBytes: number;

  private constructor(private readonly dataDir: string, private readonly state: Persistent, private readonly log: GroupCommitLog, readonly recovery: RecoveryReport, options: DurableOptions) {
    this.minCompactBytes = options.minCompactBytes ?? MIN_COMPACT_BYTES;
    log.onDurable = () => this.maybeCompact();
  }

  /** Loads the snapshot, replays the journals after it, and opens the next generation for new records. */
  static open(dataDir: string, state: Persistent, options: DurableOptions = {}): DurableStore {
    const started = performance.now();
    mkdirSync(dataDir, { recursive: true });
    let text: string | undefined;
    try {
      text = readFileSync(join(dataDir, STATE_FILE), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    let first = 0;
    if (text !== undefined) {
      const snapshot = JSON.parse(text) as { journal?: unknown };
      first = Number.isSafeInteger(snapshot.journal) ? (snapshot.journal as number) : 0;
      state.load(snapshot);
    }
    const gens = readdirSync(dataDir).map(journalGeneration).filter((g): g is number => g !== undefined).sort((a, b) => a - b);
    let records = 0;
    let tornBytes = 0;
    let replayedBytes = 0;
    let last = first - 1;
    for (const gen of gens) {
      const path = join(dataDir, journalFile(gen));
      // already in the snapshot: left by a crash between the snapshot's rename and this removal
      if (gen < first) { unlinkSync(path); continue; }
      const read = readJournal(path);
      replayedBytes += statSync(path).size;
      for (const group of read.records) for (const record of group as unknown[]) { state.apply(record); records++; }
      if (read.tornBytes > 0) console.error(`reference server: ${journalFile(gen)} ends in ${read.tornBytes} bytes of a record that was never completed (never acknowledged); ignored`);
      tornBytes += read.tornBytes;
      last = gen;
    }
    const store = new DurableStore(dataDir, state, new GroupCommitLog(dataDir, Math.max(first, last + 1)), {
      snapshot: text !== undefined, records, tornBytes, ms: performance.now() - started,
    }, options);
    store.snapshotBytes = text?.length ?? 0;
    // journals replayed at this start count towards the next compaction, so a long one is not replayed at every start
    store.log.bytesSinceRotation = replayedBytes;
    store.maybeCompact();
    return store;
  }

  append(record: unknown, durable: boolean): void {
    this.log.append(record, durable);
  }

  /** undefined when every durable record appended so far is on disk; otherwise resolves once it is. */
  whenDurable(): Promise<void> | undefined {
    return this.log.whenDurable();
  }

  /**
   * Holds the response's end until the journal holds everything appended before it: no answer can reveal
   * (or acknowledge) a change that a crash could still lose. If the journal cannot be written, the
   * connection is cut instead of answering.
   */
  holdAnswers(res: ServerResponse): void {
    const end = res.end;
    const log = this.log;
    res.end = function held(this: ServerResponse, ...args: unknown[]) {
      const wait = log.whenDurable();
      if (!wait) return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
      wait.then(() => { (end as (...a: unknown[]) => ServerResponse).apply(this, args); }, () => { this.destroy(); });
      return this;
    } as typeof res.end;
  }

  private maybeCompact(): void {
    if (this.compacting || this.closing) return;
    if (this.log.bytesSinceRotation < Math.max(this.minCompactBytes, this.snapshotBytes)) return;
    this.compacting = this.compact().catch((e) => {
      console.error(`reference server: could not compact the journal in ${this.dataDir} (it keeps growing; nothing is lost):`, e);
    }).finally(() => { this.compacting = undefined; });
  }

  private async compact(): Promise<void> {
    const { captured, gen } = await this.log.rotate(() => this.state.capture());
    await this.writeSnapshot(captured, gen);
  }

  /** Writes the capture as the snapshot that the journals from `gen` on follow, then removes older journals. */
  private async writeSnapshot(captured: Record<string, unknown>, gen: number): Promise<void> {
    const target = join(this.dataDir, STATE_FILE);
    const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    let bytes = 0;
    try {
      let buffer = '';
      const flush = async () => { if (buffer) { bytes += buffer.length; await fh.write(buffer); buffer = ''; } };
      // written a piece at a time, so that the server keeps answering while a large state is written
      for (const piece of jsonPieces({ ...captured, journal: gen }, 0)) {
        buffer += piece;
        if (buffer.length >= 1 << 20) await flush();
      }
      await flush();
      await fh.sync();
    } catch (e) {
      await fh.close();
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    await fh.close();
    await rename(tmp, target);
    syncDirectory(this.dataDir);
    this.snapshotBytes = bytes;
    for (const name of readdirSync(this.dataDir)) {
      const g = journalGeneration(name);
      if (g !== undefined && g < gen) await unlink(join(this.dataDir, name)).catch(() => undefined);
    }
  }

  /** Writes everything, then compacts into one snapshot and removes the journals. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      while (this.compacting) await this.compacting;
      if (this.log.failed) { await this.log.close().catch(() => undefined); return; }
      const { captured, gen } = await this.log.rotate(() => this.state.capture());
      await this.log.close();
      await this.writeSnapshot(captured, gen);
    })();
    return this.closing;
  }
}

/** JSON text of a value in pieces: arrays and the objects near the top are opened up, the rest stringified whole. */
function* jsonPieces(value: unknown, depth: number): Generator<string> {
  if (Array.isArray(value) && depth < 6) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      const v = value[i];
      if (v === undefined || typeof v === 'function') yield 'null';
      else yield* jsonPieces(v, depth + 1);
    }
    yield ']';
    return;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 4 && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    yield '{';
    let first = true;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function') continue;
      yield `${first ? '' : ','}${JSON.stringify(k)}:`;
      first = false;
      yield* jsonPieces(v, depth + 1);
    }
    yield '}';
    return;
  }
  yield JSON.stringify(value) ?? 'null';
}
