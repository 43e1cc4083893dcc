// bench/sync.ts — an IdP's initial sync at scale, driven through the one provisioning engine (support/idp)
// against the embedded reference: each dialect at 1k, 10k and 100k users, with 10% as many groups of 20
// members on average. For each it prints the cost per object, memory per object, the engine's time beside
// a raw replay of the same requests (node:http, one at a time, as the engine sends them) in the same run,
// an incremental cycle after 1% of the users change, and a throttled run. Every sync ends with a
// convergence check: the SP holds exactly the directory's users (userName, active), groups and members, so
// a fast wrong sync cannot pass.
// Run: node --import tsx bench/sync.ts [--sizes 1000,10000,100000] [--dialects entra-aws,okta-oin]
//        [--throttle-rps 100] [--throttled-dialect entra-aws] [--no-throttle | --throttled-only] [--replay-up-to 10000]
//        [--overhead-rounds 5] [--overhead-size 1000]
// Targets (issue 13): cost per object at 100k ≤ 1.2× the 1k figure; engine ≤ 1.3× the raw replay (the median of
// alternating rounds: an engine sync, then a raw replay of its requests); the
// incremental cycle sends only the change, in time proportional to it; the throttled run loses nothing.
import { Agent, request as httpRequest } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Faker, en } from '@faker-js/faker';
import type { ReferenceServer } from '../support/reference-server/index.ts';
import type { ProvisioningEngine } from '../support/idp/engine.ts';
import type { Directory } from '../support/idp/directory.ts';
import type { DialectId, DialectProfile } from '../support/idp/profile.ts';
import { compiledTree } from '../scripts/compiled-tree.js';

/**
 * The engine and the reference as the CLI runs them: the compiled tree of the sources (bin/scim-conformance.js
 * and scripts/compiled-tree.js), not the sources through tsx, whose loader wraps each named closure in a naming
 * helper. BENCH_SYNC=sources measures the sources through tsx.
 */
const FROM_SOURCES = process.env.BENCH_SYNC === 'sources';
const tree: string | undefined = FROM_SOURCES ? undefined : await compiledTree();
if (!FROM_SOURCES && !tree) usage('the compiled tree of the sources could not be made (is esbuild installed?); BENCH_SYNC=sources runs them through tsx.');
const suiteModule = <T>(path: string): Promise<T> => import(tree ? pathToFileURL(join(tree, `${path}.js`)).href : new URL(`../${path}.ts`, import.meta.url).href) as Promise<T>;
const { startReferenceServer } = await suiteModule<typeof import('../support/reference-server/index.ts')>('support/reference-server/index');
const { PROFILES } = await suiteModule<typeof import('../fixtures/idp-profiles/index.ts')>('fixtures/idp-profiles/index');
const { ProvisioningEngine: Engine } = await suiteModule<typeof import('../support/idp/engine.ts')>('support/idp/engine');
const { Directory: DirectoryClass, fixedDirectoryUser } = await suiteModule<typeof import('../support/idp/directory.ts')>('support/idp/directory');
const { Redactor } = await suiteModule<typeof import('../support/scim/exchange.ts')>('support/scim/exchange');
// the reference's seeded generator (mulberry32), so the directory is the same on every run
const { seededRandom } = await suiteModule<typeof import('../support/reference-server/scim/variants.ts')>('support/reference-server/scim/variants');

const ADMIN = 'bench-sync-admin';
const DIALECTS: DialectId[] = ['entra-legacy', 'okta-oin', 'onelogin-core', 'okta-aws', 'entra-aws', 'onelogin-aws'];

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) usage(`${name} needs a value.`);
  return v;
}
function usage(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
const sizes = (flag('--sizes') ?? process.env.BENCH_SYNC_SIZES ?? '1000,10000,100000').split(',').map((s) => {
  const n = Number(s);
  if (!/^\d+$/.test(s) || n < 100) usage(`--sizes takes whole numbers of users from 100 up, comma-separated, not "${s}".`);
  return n;
});
const dialects = (flag('--dialects') ?? DIALECTS.join(',')).split(',').map((d) => {
  if (!(d in PROFILES)) usage(`Unknown dialect "${d}"; known: ${Object.keys(PROFILES).join(', ')}.`);
  return d as DialectId;
});
const throttleRps = Number(flag('--throttle-rps') ?? 100);
if (!(throttleRps > 0)) usage('--throttle-rps must be a number of requests per second above 0.');
const throttledDialect = (flag('--throttled-dialect') ?? 'entra-aws') as DialectId;
if (!(throttledDialect in PROFILES)) usage(`Unknown dialect "${throttledDialect}".`);
const THROTTLED_SIZE = 10_000;
const throttledOnly = process.argv.includes('--throttled-only');
/** The raw replay doubles a run's time: `--replay-up-to 10000` leaves it out above that size. */
const replayUpTo = Number(flag('--replay-up-to') ?? Infinity);
/**
 * The engine-vs-replay verdict: this many rounds at this size, each an engine sync then a raw replay of its
 * requests, alternating, judged on the median round. A single sync's ratio moves by ±0.2 as the shared host's
 * speed drifts over seconds; alternating short rounds puts both sides through the same drift.
 */
const overheadRounds = Number(flag('--overhead-rounds') ?? 5);
if (!Number.isInteger(overheadRounds) || overheadRounds < 0) usage('--overhead-rounds takes a whole number (0 leaves the rounds out).');
const overheadSize = Number(flag('--overhead-size') ?? 1000);
if (!Number.isInteger(overheadSize) || overheadSize < 100) usage('--overhead-size takes a whole number of users from 100 up.');
/** The unmeasured sync each dialect runs before its first measured size. */
const WARM_UP_USERS = 300;
const runThrottled = throttledOnly || (!process.argv.includes('--no-throttle') && sizes.includes(THROTTLED_SIZE));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function heap(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

// ---- the directory: deterministic, cheap to build at 100k ------------------------------------------

const GIVEN = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Dennis'];
const FAMILY = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Ritchie'];
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** n users (all assigned), n/10 groups with 20 members each on average (all pushed/assigned/included). */
function buildDirectory(n: number, profile: DialectProfile, runTag: string): Directory {
  const d = new DirectoryClass();
  const rnd = seededRandom(n);
  for (let i = 0; i < n; i++) {
    const given = GIVEN[i % GIVEN.length]!;
    const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]!;
    const userName = `u${i}.${runTag}@example.com`;
    d.addUser(fixedDirectoryUser(`u${i}`, {
      objectId: `00u${hex(i, 17)}`, userName, email: userName, givenName: given, familyName: family, displayName: `${given} ${family} ${i}`,
      mailNickname: `u${i}.${runTag}`, telephoneNumber: `+1 555 01${String(i % 100).padStart(2, '0')}`, locale: 'en-US',
      title: 'Engineer', department: 'Engineering', employeeNumber: String(100000 + i),
    }));
    d.assignedUsers.add(`u${i}`);
  }
  const groups = Math.max(1, Math.round(n / 10));
  for (let g = 0; g < groups; g++) {
    const size = 10 + Math.floor(rnd() * 21); // 10..30: 20 on average
    const members = new Set<string>();
    while (members.size < Math.min(size, n)) members.add(`u${Math.floor(rnd() * n)}`);
    d.addGroup({ key: `g${g}`, objectId: `00g${hex(g, 17)}`, displayName: `Group ${g} ${runTag}`, members });
    if (profile.group.model === 'push') d.pushedGroups.add(`g${g}`); else d.assignedGroups.add(`g${g}`);
  }
  return d;
}

// ---- the SP side -----------------------------------------------------------------------------------

async function adminCall(server: ReferenceServer, method: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(`${server.url}/admin${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return r.status === 204 ? undefined : r.json();
}
async function tenantOn(server: ReferenceServer, profile: DialectProfile): Promise<{ id: string; base: string; token: string }> {
  const t = await adminCall(server, 'POST', '/tenants', { profile: profile.spProfile });
  const p = await adminCall(server, 'POST', `/tenants/${t.id}/provisioning`);
  return { id: t.id, base: (p.scimEndpoint as string).replace(/\/$/, ''), token: p.accessToken.token as string };
}

/**
 * The SP holds exactly the directory's projection: the same userNames (no more, no fewer) with the same
 * active flag, the same group names, and each group's members the same users. Returns what differs.
 */
function convergence(server: ReferenceServer, tenantId: string, directory: Directory, profile: DialectProfile): string[] {
  const service = server.internal.service(tenantId)!;
  const source = profile.mappings.user.find((m) => m.target === 'userName')?.source;
  if (!source) return [`${profile.id} maps nothing to userName`];
  const problems: string[] = [];
  const byId = new Map<string, string>();
  const spUsers = new Map<string, boolean>();
  for (const u of service.users()) { byId.set(u.id, u.userName.toLowerCase()); spUsers.set(u.userName.toLowerCase(), u.active); }
  const wantUsers = new Map<string, boolean>();
  for (const u of directory.users.values()) if (directory.inScope(u.key)) wantUsers.set(String((u as unknown as Record<string, unknown>)[source]).toLowerCase(), u.active);
  for (const [name, active] of wantUsers) {
    if (!spUsers.has(name)) problems.push(`user ${name} is missing`);
    else if (spUsers.get(name) !== active) problems.push(`user ${name} is ${spUsers.get(name) ? 'active' : 'inactive'}, the directory says ${active ? 'active' : 'inactive'}`);
  }
  for (const name of spUsers.keys()) if (!wantUsers.has(name)) problems.push(`user ${name} is not in the directory`);
  const spGroups = new Map(service.groups().map((g) => [g.displayName, new Set(g.memberIds.map((id) => byId.get(id) ?? `?${id}`))]));
  const userNameOf = (key: string) => String((directory.users.get(key) as unknown as Record<string, unknown>)[source]).toLowerCase();
  let groupsWanted = 0;
  for (const g of directory.groups.values()) {
    const inScope = profile.group.model === 'push' ? directory.pushedGroups.has(g.key) : directory.assignedGroups.has(g.key);
    if (!inScope || g.deleted) continue;
    groupsWanted++;
    const sp = spGroups.get(g.displayName);
    if (!sp) { problems.push(`group ${g.displayName} is missing`); continue; }
    const want = new Set([...g.members].map(userNameOf));
    for (const m of want) if (!sp.has(m)) problems.push(`group ${g.displayName} lacks ${m}`);
    for (const m of sp) if (!want.has(m)) problems.push(`group ${g.displayName} has ${m}, not a member in the directory`);
  }
  if (spGroups.size !== groupsWanted) problems.push(`the SP has ${spGroups.size} groups, the directory ${groupsWanted}`);
  return problems;
}

// ---- one sync --------------------------------------------------------------------------------------

/** What the engine sent, kept compactly: a scenario keeps each Exchange, a 100k sync streams them out. */
interface Sent { method: string; url: string; status: number; body?: string; createdId?: string }

/**
 * The bench's own bookkeeping inside the engine's time (keeping what it sent for the replay): timed, and taken
 * off the engine's CPU time. A synchronous callback's wall time is its CPU time.
 */
const bookkeeping = { ms: 0 };

function engineFor(profile: DialectProfile, directory: Directory, token: string, sent: Sent[]): ProvisioningEngine {
  const faker = new Faker({ locale: [en] });
  faker.seed(13);
  const engine: ProvisioningEngine = new Engine({
    profile, redactor: new Redactor([token]), faker, directory, timeoutMs: 60_000,
    record: (x) => {
      const started = performance.now();
      const body = x.request.rawBody ?? (x.request.body === undefined ? undefined : JSON.stringify(x.request.body));
      const status = x.response?.status ?? 0;
      const createdId = x.request.method === 'POST' && status === 201 ? (x.response!.body as { id?: string } | undefined)?.id : undefined;
      sent.push({ method: x.request.method, url: x.request.url, status, ...(body !== undefined ? { body } : {}), ...(createdId ? { createdId } : {}) });
      engine.exchanges.pop(); // the engine pushed it just before telling us: streamed out instead of kept
      bookkeeping.ms += performance.now() - started;
    },
  });
  engine.approval.create = engine.approval.update = engine.approval.delete = false;
  engine.includeGroupsInProvisioning = true;
  return engine;
}

/** The dialect's initial cycle: Entra's first cycle when provisioning is turned on; an event dialect pushes every assignment. */
async function initialSync(engine: ProvisioningEngine, directory: Directory): Promise<void> {
  if (engine.profile.sync.trigger === 'cycle') await engine.setProvisioning(true);
  else await engine.changed([...directory.users.keys()], [...directory.groups.keys()]);
}

/** 1% of the users change: half get a new title, half are deactivated. Returns their keys. */
function changeOnePercent(directory: Directory): string[] {
  const keys = [...directory.users.keys()];
  const changed: string[] = [];
  const step = 100;
  for (let i = 0; i < keys.length; i += step) changed.push(keys[i]!);
  changed.forEach((k, i) => {
    const u = directory.user(k);
    if (i % 2 === 0) u.title = 'Principal Engineer'; else u.active = false;
  });
  return changed;
}

async function incrementalSync(engine: ProvisioningEngine, changed: string[]): Promise<void> {
  if (engine.profile.sync.trigger === 'cycle') await engine.nextCycle();
  else await engine.changed(changed, []);
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The same requests, one at a time, over node:http; ids the SP gives are mapped to the ones the engine saw.
 * Like the engine's transport, a connection per request (`agent: false`), unless keepAlive.
 */
async function rawReplay(requests: Sent[], base: string, oldBase: string, headersFor: (hasBody: boolean) => [string, string][], keepAlive = false): Promise<{ ms: number; cpuMs: number; failed: number }> {
  const agent = keepAlive ? new Agent({ keepAlive: true, maxSockets: 1 }) : false;
  const ids = new Map<string, string>();
  const remap = (s: string) => (ids.size === 0 ? s : s.replace(UUID, (id) => ids.get(id) ?? id));
  let failed = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const r of requests) {
    const url = new URL(remap(r.url.replace(oldBase, base)));
    const body = r.body === undefined ? undefined : remap(r.body);
    const headers = headersFor(body !== undefined);
    const flat: string[] = ['Host', url.host];
    for (const [k, v] of headers) flat.push(k, v);
    if (body !== undefined) flat.push('Content-Length', String(Buffer.byteLength(body)));
    const reply = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: r.method, agent, headers: flat }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(body);
    });
    if (reply.status >= 300 && !(reply.status === 404 && r.method === 'GET')) failed++;
    if (r.createdId && reply.status === 201) ids.set(r.createdId, (JSON.parse(reply.text) as { id: string }).id);
    else if (reply.text && reply.text[0] === '{') JSON.parse(reply.text); // as any client reads the answer
  }
  const ms = performance.now() - started;
  const cpuUsed = cpuMs(process.cpuUsage(cpu));
  if (agent) agent.destroy();
  return { ms, cpuMs: cpuUsed, failed };
}

/** Wall and CPU time of one engine phase, less the bench's own bookkeeping inside it. */
async function enginePhase(phase: () => Promise<void>): Promise<{ ms: number; cpuMs: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  bookkeeping.ms = 0;
  await phase();
  return { ms: performance.now() - started, cpuMs: cpuMs(process.cpuUsage(cpu)) - bookkeeping.ms };
}

/**
 * A raw replay of what the engine sent to `from`, on a fresh reference and after a full GC (as before the
 * engine's sync: no garbage of the engine's to collect on the replay's time). `problem`: the replay's SP does
 * not hold the directory's users and groups.
 */
async function replayFresh(profile: DialectProfile, requests: Sent[], from: { base: string; token: string }, headersFor: (hasBody: boolean) => [string, string][],
  directory: Directory, keepAlive = false): Promise<{ ms: number; cpuMs: number; failed: number; problem?: string }> {
  const fresh = await startReferenceServer({ adminToken: ADMIN, port: 0 });
  const replayTenant = await tenantOn(fresh, profile);
  heap();
  const r = await rawReplay(requests, replayTenant.base, from.base, (hasBody) => headersFor(hasBody).map(([k, v]) => [k, v.replace(from.token, replayTenant.token)]), keepAlive);
  const counts = fresh.internal.service(replayTenant.id)!.counts();
  await fresh.close();
  return counts.users === directory.users.size && counts.groups === directory.groups.size ? r
    : { ...r, problem: `raw replay: ${counts.users} users and ${counts.groups} groups, not ${directory.users.size} and ${directory.groups.size}` };
}

interface SyncResult {
  dialect: DialectId; users: number; groups: number; requests: number;
  engineMs: number; rawMs: number; rawFailed: number;
  /** CPU time of this process (engine and SP together; other processes' load does not count) for the same two runs. */
  engineCpuMs: number; rawCpuMs: number;
  /** The raw replay over one kept-alive connection: what reusing connections would save. */
  keptAliveMs?: number;
  engineBytesPerObject: number; spBytesPerObject: number;
  /** 429s the SP answered during the initial sync (each one waited out and sent again). */
  throttled: number;
  incremental: { changed: number; requests: number; ms: number; cpuMs: number; stray: number };
  problems: string[];
}

async function syncOnce(dialect: DialectId, n: number, options: { throttle?: number; replay?: boolean; keepAliveReplay?: boolean } = {}): Promise<SyncResult> {
  const profile = PROFILES[dialect];
  const runTag = `${dialect}-${n}-${Date.now().toString(36)}`;
  let server: ReferenceServer | undefined = await startReferenceServer({ adminToken: ADMIN, port: 0, ...(options.throttle ? { throttle: options.throttle } : {}) });
  const tenant = await tenantOn(server, profile);
  const directory = buildDirectory(n, profile, runTag);
  const objects = directory.users.size + directory.groups.size;
  const sent: Sent[] = [];
  let engine: ProvisioningEngine | undefined = engineFor(profile, directory, tenant.token, sent);
  engine.configure(tenant.base, tenant.token);
  await new Promise((r) => setTimeout(r, 300)); // the previous run's sockets close before the baseline is read
  const heap0 = heap();

  const { ms: engineMs, cpuMs: engineCpuMs } = await enginePhase(() => initialSync(engine!, directory));
  const heap1 = heap();
  const problems = convergence(server, tenant.id, directory, profile).map((p) => `initial: ${p}`);

  const requests = sent.splice(0);
  const throttled = requests.filter((x) => x.status === 429).length;

  // the incremental cycle: only the change goes out
  const changed = changeOnePercent(directory);
  const changedIds = new Set(changed.map((k) => engine!.spId(k)));
  const { ms: incMs, cpuMs: incCpuMs } = await enginePhase(() => incrementalSync(engine!, changed));
  const incremental = sent.splice(0);
  const touching = incremental.filter((x) => /\/Users\//.test(x.url) || (x.method === 'POST' && /\/Users$/.test(x.url)));
  const stray = touching.filter((x) => ![...changedIds].some((id) => id && x.url.includes(id))).length;
  problems.push(...convergence(server, tenant.id, directory, profile).map((p) => `incremental: ${p}`));

  // memory: the SP's share is what deleting the tenant releases
  const headersFor = engine.headersFor.bind(engine);
  engine = undefined;
  const heapWithSp = heap();
  await adminCall(server, 'DELETE', `/tenants/${tenant.id}`);
  const heapWithoutSp = heap();
  await server.close();
  server = undefined;

  let raw = { ms: 0, cpuMs: 0, failed: 0 };
  let keptAlive: number | undefined;
  const replay = async (keepAlive: boolean) => {
    const r = await replayFresh(profile, requests, tenant, headersFor, directory, keepAlive);
    if (r.problem) problems.push(r.problem);
    return r;
  };
  if (options.replay !== false) raw = await replay(false);
  if (options.keepAliveReplay) keptAlive = (await replay(true)).ms;
  return {
    dialect, users: directory.users.size, groups: directory.groups.size, requests: requests.length,
    engineMs, rawMs: raw.ms, rawFailed: raw.failed, engineCpuMs, rawCpuMs: raw.cpuMs, ...(keptAlive !== undefined ? { keptAliveMs: keptAlive } : {}),
    engineBytesPerObject: (heap1 - heap0) / objects, spBytesPerObject: (heapWithSp - heapWithoutSp) / objects,
    incremental: { changed: changed.length, requests: incremental.length, ms: incMs, cpuMs: incCpuMs, stray }, problems, throttled,
  };
}

/** One round: an engine's initial sync on a fresh reference, then a raw replay of its requests on another; CPU time of each. */
async function overheadRound(dialect: DialectId, n: number): Promise<{ engineCpuMs: number; rawCpuMs: number; problems: string[] }> {
  const profile = PROFILES[dialect];
  const server = await startReferenceServer({ adminToken: ADMIN, port: 0 });
  const tenant = await tenantOn(server, profile);
  const directory = buildDirectory(n, profile, `${dialect}-${n}-${Date.now().toString(36)}`);
  const sent: Sent[] = [];
  const engine = engineFor(profile, directory, tenant.token, sent);
  engine.configure(tenant.base, tenant.token);
  heap(); // each side starts with no garbage of the other's to collect
  const { cpuMs: engineCpuMs } = await enginePhase(() => initialSync(engine, directory));
  const problems = convergence(server, tenant.id, directory, profile);
  await server.close();
  const raw = await replayFresh(profile, sent, tenant, (hasBody) => engine.headersFor(hasBody), directory);
  if (raw.failed) problems.push(`raw replay: ${raw.failed} refusals`);
  if (raw.problem) problems.push(raw.problem);
  return { engineCpuMs, rawCpuMs: raw.cpuMs, problems };
}

async function roundsOf(dialect: DialectId): Promise<{ ratios: number[]; problems: string[] }> {
  const ratios: number[] = [];
  const problems: string[] = [];
  for (let i = 0; i < overheadRounds; i++) {
    const r = await overheadRound(dialect, overheadSize);
    ratios.push(r.engineCpuMs / r.rawCpuMs);
    problems.push(...r.problems.map((p) => `round ${i + 1}: ${p}`));
  }
  return { ratios, problems };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = Math.floor(s.length / 2); return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };

// ---- the run ---------------------------------------------------------------------------------------

const fmt = (n: number, d = 2) => n.toFixed(d);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
console.log(`bench/sync: dialects ${dialects.join(', ')}; sizes ${sizes.join(', ')} users (10% as many groups, 20 members each on average); 2 cores shared`);
const results = new Map<string, SyncResult>();
let failed = false;
for (const dialect of throttledOnly ? [] : dialects) {
  // Unmeasured first: a small sync and its replay, so neither side of the first measured size pays for the JIT
  // compiling this dialect's paths through the engine and the SP while the replay after it runs them compiled.
  await syncOnce(dialect, WARM_UP_USERS);
  for (const n of sizes) {
    const r = await syncOnce(dialect, n, { keepAliveReplay: n === sizes[0], replay: n <= replayUpTo });
    results.set(`${dialect}:${n}`, r);
    const objects = r.users + r.groups;
    const perObject = r.engineMs * 1000 / objects;
    const overhead = r.engineCpuMs / r.rawCpuMs;
    console.log(`${dialect.padEnd(13)} ${String(n).padStart(6)} users ${String(r.groups).padStart(5)} groups: initial sync ${fmt(r.engineMs / 1000)} s, ${r.requests} requests, `
      + `${fmt(perObject, 0)} µs/object (${fmt(r.engineCpuMs * 1000 / objects, 0)} µs CPU); `
      + (r.rawMs > 0 ? `raw replay ${fmt(r.rawMs / 1000)} s (${fmt(r.engineMs / r.rawMs)}× in wall time); engine ${fmt(overhead)}× raw in CPU time (one run${overheadRounds ? '; judged on the rounds below' : ` [≤ 1.3×: ${verdict(overhead <= 1.3)}]`}); ` : 'no raw replay at this size (--replay-up-to); ')
      + `memory ${fmt(r.engineBytesPerObject, 0)} B/object engine state + SP, of which SP ${fmt(r.spBytesPerObject, 0)}`);
    if (r.keptAliveMs !== undefined) console.log(`${''.padEnd(13)} ${''.padStart(6)} the same raw replay over one kept-alive connection: ${fmt(r.keptAliveMs / 1000)} s (${fmt(r.keptAliveMs / r.rawMs)}× the connection-per-request replay)`);
    console.log(`${''.padEnd(13)} ${''.padStart(6)} incremental: ${r.incremental.changed} users changed → ${r.incremental.requests} requests (${r.incremental.stray} about unchanged users) in ${fmt(r.incremental.ms)} ms, `
      + `${fmt(r.incremental.ms * 1000 / r.incremental.changed, 0)} µs/change, ${fmt(r.incremental.cpuMs * 1000 / r.incremental.changed, 0)} µs CPU/change`);
    if (r.problems.length > 0 || r.rawFailed > 0 || r.incremental.stray > 0) {
      failed = true;
      console.log(`  NOT CONVERGED: ${r.problems.length} differences${r.rawFailed ? `, ${r.rawFailed} raw replay refusals` : ''}; first: ${r.problems.slice(0, 5).join('; ')}`);
    }
  }
  if (overheadRounds > 0) {
    const { ratios, problems } = await roundsOf(dialect);
    const m = median(ratios);
    console.log(`${dialect.padEnd(13)} engine vs a raw replay of its requests, CPU time, ${overheadRounds} alternating rounds at ${overheadSize} users: median ${fmt(m)}× `
      + `(rounds ${ratios.map((x) => fmt(x)).join(', ')}) [≤ 1.3×: ${verdict(m <= 1.3)}]`);
    if (problems.length) { failed = true; console.log(`  NOT CONVERGED: ${problems.length} differences; first: ${problems.slice(0, 5).join('; ')}`); }
  }
  const smallest = results.get(`${dialect}:${sizes[0]}`)!;
  const largest = results.get(`${dialect}:${sizes[sizes.length - 1]}`)!;
  if (sizes.length > 1) {
    // CPU time per object: what the engine and the SP spend, whatever else the 2 cores are doing
    const per = (r: SyncResult) => r.engineCpuMs / (r.users + r.groups);
    const inc = (r: SyncResult) => r.incremental.cpuMs / r.incremental.changed;
    const growth = per(largest) / per(smallest);
    const incGrowth = inc(largest) / inc(smallest);
    console.log(`${dialect.padEnd(13)} CPU cost per object at ${largest.users} users: ${fmt(growth)}× the ${smallest.users} figure [≤ 1.2×: ${verdict(growth <= 1.2)}]; `
      + `incremental CPU time per change: ${fmt(incGrowth)}× [proportional to the change, ≤ 1.2×: ${verdict(incGrowth <= 1.2)}]`);
  }
}

if (runThrottled) {
  const plain = results.get(`${throttledDialect}:${THROTTLED_SIZE}`) ?? await syncOnce(throttledDialect, THROTTLED_SIZE, { replay: false });
  const throttled = await syncOnce(throttledDialect, THROTTLED_SIZE, { throttle: throttleRps, replay: false });
  const lost = throttled.problems.filter((p) => p.startsWith('initial') || p.startsWith('incremental'));
  console.log(`throttled: ${throttledDialect} at ${THROTTLED_SIZE} users against serve --throttle ${throttleRps}: ${fmt(throttled.engineMs / 1000)} s vs ${fmt(plain.engineMs / 1000)} s unthrottled `
    + `(${fmt(throttled.engineMs / plain.engineMs)}×; the rate alone needs ${fmt(plain.requests / throttleRps)} s), ${throttled.throttled} answers 429 waited out; `
    + `converged: ${lost.length === 0 ? 'yes, no change lost' : `NO (${lost.length} differences; first: ${lost.slice(0, 3).join('; ')})`}`);
  if (lost.length > 0) failed = true;
}
if (failed) process.exitCode = 1;
