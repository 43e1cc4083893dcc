// Replaying a recorded transcript (fixtures/transcripts/*.json, the shape of an Exchange[] attachment)
// against any target: same methods, raw paths and bodies, the target's base URL and token instead of the
// recorded ones, recorded ids mapped to the ids the target hands out, `{{run}}` replaced by a run-unique
// suffix. Through node:http (raw-transport), so the recorded bytes go out as they came in.
import { readFileSync } from 'node:fs';
import type { Exchange, Redactor } from '../scim/exchange.js';
import { sendRaw, type RawReply } from '../scim/raw-transport.js';
import { createdId } from '../scim/paths.js';

export interface ReplayStep { recorded: Exchange; reply: RawReply }

/** Where a transcript wants a run-unique suffix (a userName that must not collide on a persistent SP). */
const RUN = '{{run}}';

/** A string as the content of a JSON string literal: its quotes and backslashes escaped. */
const jsonContent = (s: string): string => JSON.stringify(s).slice(1, -1);

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

  /**
   * The recorded ids (and `{{run}}`) in one pattern, longest first, so that each place is rewritten once: an id the
   * target handed out may itself hold a recorded id, or a character that needs escaping where it lands.
   */
  private pattern(encoded: boolean): RegExp {
    const keys = [...this.ids.keys()].flatMap((id) => (encoded && encodeURIComponent(id) !== id ? [id, encodeURIComponent(id)] : [id]));
    const escaped = [RUN, ...keys].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(escaped.join('|'), 'g');
  }

  /** What stands in for a recorded id (in either spelling) or for `{{run}}`. */
  private standIn(found: string): string {
    if (found === RUN) return this.options.unique;
    return this.ids.get(found) ?? this.ids.get([...this.ids.keys()].find((id) => encodeURIComponent(id) === found)!)!;
  }

  /**
   * A recorded URL with the target's ids: percent-encoded as a path segment (RFC 3986 §3.3), and inside a query
   * as the content of a filter's quoted string, escaped as one (RFC 7644 §3.4.2.2: a JSON string), then encoded.
   */
  rewriteUrl(rest: string): string {
    const q = rest.indexOf('?');
    const [path, query] = q < 0 ? [rest, ''] : [rest.slice(0, q), rest.slice(q)];
    const re = this.pattern(true);
    return path.replace(re, (found) => encodeURIComponent(this.standIn(found)))
      + query.replace(re, (found) => encodeURIComponent(jsonContent(this.standIn(found))));
  }

  /**
   * A recorded body with the target's ids, each escaped for where it stands in the JSON text: inside a filter's
   * quoted string within a JSON string (a PATCH path `members[value eq \"…\"]`) escaped twice, after a `/` (a
   * `$ref`) percent-encoded, anywhere else as a JSON string's content. An id that needs no escaping goes in as it
   * is, so the recorded bytes stay as they were.
   */
  rewriteBody(text: string): string {
    return text.replace(this.pattern(false), (found, at: number) => {
      const id = this.standIn(found);
      if (text.slice(at - 2, at) === '\\"' && text.startsWith('\\"', at + found.length)) return jsonContent(jsonContent(id));
      if (text[at - 1] === '/') return encodeURIComponent(id);
      return jsonContent(id);
    });
  }

  async replay(transcript: Exchange[]): Promise<ReplayStep[]> {
    const base = recordedBase(transcript);
    for (const recorded of transcript) {
      const rest = recorded.request.url.startsWith(base) ? recorded.request.url.slice(base.length) : recorded.request.url;
      const url = this.options.base + this.rewriteUrl(rest);
      const headers: [string, string][] = Object.entries(recorded.request.headers).filter(([k]) => !HOP_BY_HOP.test(k));
      headers.push(['Authorization', `Bearer ${this.options.token}`]);
      const body = recorded.request.rawBody !== undefined ? this.rewriteBody(recorded.request.rawBody)
        : recorded.request.body !== undefined ? this.rewriteBody(JSON.stringify(recorded.request.body)) : undefined;
      const reply = await sendRaw({ method: recorded.request.method, url, headers, body },
        { redactor: this.options.redactor, actor: this.options.actor, timeoutMs: this.options.timeoutMs, record: this.options.record });
      // a create may name its resource by its Location alone (RFC 7644 §3.3 makes the body a SHOULD)
      const idOf = (r: { body?: any; headers?: Record<string, string> } | undefined): unknown => (recorded.request.method === 'POST'
        ? createdId({ body: r?.body, headers: r?.headers ?? {} }) : r?.body?.id);
      const oldId = idOf(recorded.response);
      const newId = idOf(reply);
      if (typeof oldId === 'string' && typeof newId === 'string' && oldId !== newId) this.ids.set(oldId, newId);
      // any 2xx: an SP that answers a create 200 (RFC-CREATE-01's deviation) still made something to clean up
      if (recorded.request.method === 'POST' && reply.status >= 200 && reply.status < 300 && typeof newId === 'string') {
        this.created.push({ type: /\/Groups(\?|$)/.test(url) ? 'Groups' : 'Users', id: newId });
      }
      if (recorded.request.method === 'DELETE' && reply.status < 300) {
        const i = this.created.findIndex((c) => url.includes(`/${c.type}/${encodeURIComponent(c.id)}`));
        if (i >= 0) this.created.splice(i, 1);
      }
      this.steps.push({ recorded, reply });
    }
    return this.steps;
  }

  /** The id the target gave to what the n-th (1-based) replayed request created. */
  createdBy(n: number): string {
    const step = this.steps[n - 1];
    const id = step ? createdId(step.reply) : undefined;
    if (typeof id !== 'string') throw new Error(`replayed request ${n} created nothing (it was answered ${step?.reply.status ?? 'nothing'})`);
    return id;
  }

  async cleanup(): Promise<void> {
    for (const c of [...this.created].sort((a, b) => (a.type === b.type ? 0 : a.type === 'Groups' ? -1 : 1))) {
      await sendRaw({ method: 'DELETE', url: `${this.options.base}/${c.type}/${encodeURIComponent(c.id)}`, headers: [['Authorization', `Bearer ${this.options.token}`]] },
        { redactor: this.options.redactor, actor: this.options.actor, timeoutMs: this.options.timeoutMs, record: this.options.record, cleanup: true });
    }
    this.created.length = 0;
  }
}
