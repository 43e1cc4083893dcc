// Replaying a recorded transcript (fixtures/transcripts/*.json, the shape of an Exchange[] attachment)
// against any target: same methods, raw paths and bodies, the target's base URL and token instead of the
// recorded ones, recorded ids mapped to the ids the target hands out, `{{run}}` replaced by a run-unique
// suffix. Through node:http (raw-transport), so the recorded bytes go out as they came in.
import { readFileSync } from 'node:fs';
import type { Exchange, Redactor } from '../scim/exchange.js';
import { sendRaw, type RawReply } from '../scim/raw-transport.js';

export interface ReplayStep { recorded: Exchange; reply: RawReply }

const HOP_BY_HOP = /^(host|content-length|connection|authorization|transfer-encoding|accept-encoding)$/i;

export function loadTranscript(path: string): Exchange[] {
  const data = JSON.parse(readFileSync(path, 'utf8'));
  const list = Array.isArray(data) ? data : data.exchanges;
  if (!Array.isArray(list)) throw new Error(`${path} holds no transcript (an array of exchanges, or {exchanges: [...]})`);
  return (list as Exchange[]).filter((e) => !e.cleanup);
}

/** The recorded base: everything before the first resource segment of the first request's URL. */
export function recordedBase(transcript: Exchange[]): string {
  const url = transcript[0]?.request.url ?? '';
  const m = /^(.*?)\/(Users|Groups|Schemas|ServiceProviderConfig|ResourceTypes|Bulk|Me|\.search)(?=[/?]|$)/.exec(url);
  if (!m) throw new Error(`cannot tell the SCIM base of ${url}`);
  return m[1];
}

export class Replayer {
  readonly steps: ReplayStep[] = [];
  readonly ids = new Map<string, string>();
  private readonly created: { type: 'Users' | 'Groups'; id: string }[] = [];

  constructor(private readonly options: { base: string; token: string; redactor: Redactor; actor: string; timeoutMs: number;
    record?: (e: Exchange) => void; unique: string }) {}

  private rewrite(text: string): string {
    let out = text.split('{{run}}').join(this.options.unique);
    for (const [from, to] of this.ids) out = out.split(from).join(to);
    return out;
  }

  async replay(transcript: Exchange[]): Promise<ReplayStep[]> {
    const base = recordedBase(transcript);
    for (const recorded of transcript) {
      const rest = recorded.request.url.startsWith(base) ? recorded.request.url.slice(base.length) : recorded.request.url;
      const url = this.options.base + this.rewrite(rest);
      const headers: [string, string][] = Object.entries(recorded.request.headers).filter(([k]) => !HOP_BY_HOP.test(k));
      headers.push(['Authorization', `Bearer ${this.options.token}`]);
      const body = recorded.request.rawBody !== undefined ? this.rewrite(recorded.request.rawBody)
        : recorded.request.body !== undefined ? this.rewrite(JSON.stringify(recorded.request.body)) : undefined;
      const reply = await sendRaw({ method: recorded.request.method, url, headers, body },
        { redactor: this.options.redactor, actor: this.options.actor, timeoutMs: this.options.timeoutMs, record: this.options.record });
      const oldId = (recorded.response?.body as any)?.id;
      const newId = reply.body?.id;
      if (typeof oldId === 'string' && typeof newId === 'string' && oldId !== newId) this.ids.set(oldId, newId);
      if (recorded.request.method === 'POST' && reply.status === 201 && typeof newId === 'string') {
        this.created.push({ type: /\/Groups(\?|$)/.test(url) ? 'Groups' : 'Users', id: newId });
      }
      if (recorded.request.method === 'DELETE' && reply.status < 300) {
        const i = this.created.findIndex((c) => url.includes(`/${c.type}/${c.id}`));
        if (i >= 0) this.created.splice(i, 1);
      }
      this.steps.push({ recorded, reply });
    }
    return this.steps;
  }

  /** The id the target gave to what the n-th (1-based) replayed request created. */
  createdBy(n: number): string {
    const step = this.steps[n - 1];
    const id = step?.reply.body?.id;
    if (typeof id !== 'string') throw new Error(`replayed request ${n} created nothing (it was answered ${step?.reply.status ?? 'nothing'})`);
    return id;
  }

  async cleanup(): Promise<void> {
    for (const c of [...this.created].sort((a, b) => (a.type === b.type ? 0 : a.type === 'Groups' ? -1 : 1))) {
      await sendRaw({ method: 'DELETE', url: `${this.options.base}/${c.type}/${c.id}`, headers: [['Authorization', `Bearer ${this.options.token}`]] },
        { redactor: this.options.redactor, actor: this.options.actor, timeoutMs: this.options.timeoutMs, record: this.options.record, cleanup: true });
    }
    this.created.length = 0;
  }
}
