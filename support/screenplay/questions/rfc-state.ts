// What the SP holds about the scenario's own resources, read back over SCIM so that a refused write can
// be shown to have changed nothing (RFC-STATE-01, RFC-PATCH-02, RFC-CREATE-02/03): every user and group
// the scenario named (GET), the lists that find them by name, their memberships (the member filter, which
// both profiles answer), and "probes": lists that must stay as they were (e.g. the externalId of a body the
// SP had to refuse). Only run-unique names are read, so other scenarios filling the tenant never disturb it.
import { question, type Actor, type Question } from '../actor.js';
import { CallScim } from '../abilities/call-scim.js';
import type { ScenarioContext } from '../context.js';
import { kindOf } from '../tasks/groups.js';
import { ExpectationFailed, describeReply } from '../../scim/expectations.js';
import type { ScimReply } from '../../scim/client.js';
import { lagWait, listLagWait, pauseFor, readUntil } from '../settle.js';
import { sameInstant } from '../../scim/values.js';
import { resourcePath } from '../../scim/paths.js';

export interface Probe { path: 'Users' | 'Groups'; filter: string }

export interface StateScope { aliases: string[]; probes: Probe[] }

export interface Snapshot { entries: Record<string, unknown> }

const SNAPSHOT = 'rfc:before-refused-write';

/** The scope of "what this scenario can see": all its aliases, plus the probes a write brings along. */
export function scopeOf(actor: Actor, probes: Probe[] = []): StateScope {
  return { aliases: [...actor.abilityTo(CallScim).ids.keys()], probes };
}

/**
 * Reads the state of a scope; the actor's last reply is left as it was. `settled`: the state before a write,
 * where a list by name waits until it shows the scenario's own resource, and a read by id until it shows the
 * scenario's last write of it (settle.ts), so that a list or a read that shows a write late does not pass for a
 * change the refused write made.
 */
export async function takeSnapshot(actor: Actor, ctx: ScenarioContext, scope: StateScope, settled = false): Promise<Snapshot> {
  const scim = actor.abilityTo(CallScim);
  const keep = scim.last;
  const entries: Record<string, unknown> = {};
  const read = async (key: string, id: string, path: string) => {
    const send = () => scim.send({ method: 'GET', path });
    const r = settled ? await readUntil(ctx, key, send, (x) => showsWrite(x, scim.written.get(id))) : await send();
    entries[key] = r.failure ? { failure: r.failure } : { status: r.status, body: r.body ?? null };
  };
  const list = async (key: string, path: string, filter: string, holds?: string) => {
    const send = () => scim.send({ method: 'GET', path, query: { filter } });
    const shows = (r: ScimReply) => Array.isArray(r.body?.Resources) && r.body.Resources.some((x: any) => x?.id === holds);
    const r = settled && holds ? await readUntil(ctx, key, send, shows) : await send();
    const ids = Array.isArray(r.body?.Resources) ? r.body.Resources.map((x: any) => x?.id).sort() : [];
    entries[key] = r.failure ? { failure: r.failure } : { status: r.status, totalResults: r.body?.totalResults, ids };
  };
  try {
    const users = scope.aliases.filter((a) => kindOf(actor, a) === 'Users');
    const groups = scope.aliases.filter((a) => kindOf(actor, a) === 'Groups');
    for (const alias of users) {
      const id = scim.ids.get(alias)!;
      await read(`user "${alias}"`, id, resourcePath('Users', id));
      if (ctx.knowsPerson(alias)) await list(`users whose userName is ${alias}'s`, '/Users', `userName eq ${JSON.stringify(ctx.person(alias).userName)}`, id);
    }
    for (const alias of groups) {
      const id = scim.ids.get(alias)!;
      await read(`group "${alias}"`, id, resourcePath('Groups', id));
      await list(`groups named like "${alias}"`, '/Groups', `displayName eq ${JSON.stringify(ctx.groupName(alias))}`, id);
      for (const user of users) {
        await list(`"${user}" in group "${alias}"`, '/Groups', `id eq ${JSON.stringify(id)} and members eq ${JSON.stringify(scim.ids.get(user)!)}`);
      }
    }
    for (const p of scope.probes) await list(`${p.path} matching ${p.filter}`, `/${p.path}`, p.filter);
  } finally {
    scim.last = keep;
  }
  return { entries };
}

/**
 * Whether a read by id shows the scenario's last accepted write of the resource: its answer's meta.version, else its
 * meta.lastModified, where both carry one. An SP whose reads by id lag may show the state before that write first.
 */
function showsWrite(read: ScimReply, written: { version?: unknown; lastModified?: unknown } | undefined): boolean {
  // only a resource answered can show an older state: anything else is recorded as it is, not waited on
  if (!written || read.failure || read.status !== 200) return true;
  const meta = read.body?.meta ?? {};
  const given = (v: unknown): boolean => v !== undefined && v !== null && v !== '';
  if (given(written.version) && given(meta.version ?? read.headers.etag)) return written.version === (meta.version ?? read.headers.etag);
  if (given(written.lastModified) && given(meta.lastModified)) return sameInstant(meta.lastModified, written.lastModified);
  return true;
}

/** Before a write the SP should refuse: remember the state of the scope. */
export async function rememberStateBefore(actor: Actor, ctx: ScenarioContext, probes: Probe[] = []): Promise<void> {
  const scope = scopeOf(actor, probes);
  actor.remember(SNAPSHOT, { scope, before: await takeSnapshot(actor, ctx, scope, true) });
}

/** A read's entry without the resource's meta: what the SP keeps of the resource itself. */
function withoutMeta(entry: unknown): unknown {
  const body = (entry as { body?: unknown } | undefined)?.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return entry;
  return { ...(entry as object), body: Object.fromEntries(Object.entries(body).filter(([k]) => k.toLowerCase() !== 'meta')) };
}

/**
 * The differences between the state before the refused write and now, one line each. A resource whose attributes are
 * as they were but whose meta moved (a new version or lastModified: SCIM Gateway's store counts every update it is
 * asked for) was restored, as RFC 7644 §3.5.2 asks; the meta that says otherwise is a should-level finding of
 * RFC-STATE-01's (`noteMeta`), and the other rows that read what a refusal left leave it to that row.
 */
export const ChangesSinceRefusedWrite = (ctx: ScenarioContext, noteMeta = false): Question<string[]> =>
  question('what changed since the refused write', async (actor) => {
    if (!actor.recalls(SNAPSHOT)) throw new Error('no state was noted before the write: use a refused-write task');
    const { scope, before } = actor.recall<{ scope: StateScope; before: Snapshot }>(SNAPSHOT);
    // a refused write stored after all may reach a lagging list or read by id only after the check (a false pass);
    // a scope of lists alone (a refused create's probes) waits for the lists' lag alone
    await pauseFor(scope.aliases.length ? lagWait(ctx) : listLagWait(ctx));
    const after = await takeSnapshot(actor, ctx, scope);
    const out: string[] = [];
    for (const key of Object.keys(before.entries)) {
      const diff = firstDifference(before.entries[key], after.entries[key]);
      if (diff === undefined) continue;
      const beyondMeta = firstDifference(withoutMeta(before.entries[key]), withoutMeta(after.entries[key]));
      if (beyondMeta !== undefined) out.push(`${key}: ${beyondMeta}`);
      else if (noteMeta) ctx.should(`after the refused write, ${key} holds the same attributes but its ${diff}: a new meta tells a client the resource changed, where it was restored`);
    }
    return out;
  });

/**
 * RFC-STATE-01: after a refusal (a 4xx) the state is as before; a success is another row's verdict. The row speaks of
 * 4xx answers: a request that got no usable answer may have been applied as it went (a slow SP, a reset connection),
 * and is not judged; a 5xx that changed the state is a should-level finding, since no clause names an outcome for
 * it (a PATCH's atomicity, which §3.5.2 makes a MUST whatever the error, is RFC-PATCH-02's).
 */
export async function expectNothingChangedIfRefused(actor: Actor, ctx: ScenarioContext, log: (line: string) => void): Promise<void> {
  const reply = actor.abilityTo(CallScim).lastReply();
  if (!reply.failure && reply.status >= 200 && reply.status < 300) {
    log(`the SP accepted the request (${reply.status}): whether it should have is another requirement's verdict`);
    return;
  }
  if (reply.failure && !(reply.status >= 400 && reply.status < 600)) {
    ctx.notes.push(`not judged: the request got no usable answer (${reply.failure}), so whether the SP refused it or applied it is unknown`);
    return;
  }
  const changes = await actor.asks(ChangesSinceRefusedWrite(ctx, true));
  const what = `the refused request (${reply.exchange.request.method}, answered ${reply.status})`;
  if (reply.status >= 500 && changes.length) {
    ctx.should(`${what} changed the SP's state: ${changes.slice(0, 2).join('; ')}: a server error that leaves a change behind tells the client nothing happened`);
    return;
  }
  expectNothingChanged(changes, what);
}

export function expectNothingChanged(changes: string[], what: string): void {
  if (changes.length > 0) {
    throw new ExpectationFailed(`${what} changed the SP's state although it was refused: ${changes.slice(0, 4).join('; ')}${changes.length > 4 ? ` (and ${changes.length - 4} more)` : ''}`);
  }
}

/** "body.displayName: was "Ada L", now "Changed"" for the first place two JSON values differ. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (Object.is(a, b)) return undefined;
  const where = path || 'the value';
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${where}: had ${a.length} entries, now ${b.length} (${short(a)} → ${short(b)})`;
    // compared as a set: no clause promises two reads the same order ("primary" marks the preferred value, RFC 7643 §2.4)
    const unmatched = [...b];
    for (let i = 0; i < a.length; i++) {
      const j = unmatched.findIndex((x) => firstDifference(a[i], x) === undefined);
      if (j < 0) return firstDifference(a[i], b[i], `${path}[${i}]`) ?? `${where}: ${short(a)} → ${short(b)}`;
      unmatched.splice(j, 1);
    }
    return undefined;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference((a as any)[k], (b as any)[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return undefined;
  }
  return `${where}: was ${short(a)}, now ${short(b)}`;
}

function short(v: unknown): string {
  if (v === undefined) return 'absent';
  const s = JSON.stringify(v);
  return s.length > 100 ? `${s.slice(0, 100)}…` : s;
}

export { describeReply };
// the lag waits live with the other reads that wait for the SP (settle.ts)
export { listLagWait, readLagWait } from '../settle.js';
