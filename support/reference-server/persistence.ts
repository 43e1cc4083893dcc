// --data-dir persistence: the whole state as one JSON file, written atomically (temp file + rename),
// debounced after changes and once more on close.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export const STATE_FILE = 'reference-state.json';

export function readState(dataDir: string): unknown | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, STATE_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return JSON.parse(text);
}

export class Persister {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private dirty = false;
  private lastWriteMs = 0;
  private closed = false;
  private seq = 0;

  constructor(private readonly dataDir: string, private readonly serialize: () => unknown, private readonly debounceMs = 50) {
    mkdirSync(dataDir, { recursive: true });
  }

  markDirty(): void {
    this.dirty = true;
    if (this.timer || this.closed) return;
    // A large state takes a while to serialise: never spend more than about a third of the time writing.
    const delay = Math.max(this.debounceMs, this.lastWriteMs * 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush().catch((e) => console.error('reference server: could not write state:', e));
    }, delay);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (!this.dirty) return;
    this.dirty = false;
    this.writing = this.write().finally(() => { this.writing = undefined; });
    await this.writing;
  }

  private async write(): Promise<void> {
    const started = Date.now();
    const text = JSON.stringify(this.serialize());
    const target = join(this.dataDir, STATE_FILE);
    const tmp = `${target}.${process.pid}.${++this.seq}.${randomBytes(4).toString('hex')}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(tmp, target);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    this.lastWriteMs = Date.now() - started;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
