// Benchmark of the reference server: requests/second over real HTTP (a few keep-alive connections,
// driven from a worker thread so the load generator has its own core) for create, get-by-id and the
// `userName eq` filter at 1k, 10k and 100k stored users, beside a bare node:http server answering a
// fixed JSON body in the same run; memory per stored user; create throughput with --data-dir (every answer
// waits for its journal fsync) beside the same server without one; and the restart time of a data dir
// holding the largest size, from its snapshot and from its journal alone (what a SIGKILL leaves).
// Run: node --import tsx bench/reference-server.ts   (BENCH_SIZES=1000,10000 for a quick run; BENCH_PROFILE=get|filter|create
// for CPU profiles of the server thread, bare and reference, during that operation at the largest size)
// Targets (issue 13): get-by-id and userName eq at 100k ≥ 0.7× bare, create ≥ 0.5×, memory < 2 KiB a user,
// create with --data-dir ≥ 0.5× without.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Session } from 'node:inspector';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import type { startReferenceServer as StartReferenceServer } from '../support/reference-server/index.ts';

/**
 * The reference as the image, the package and `npm start` run it: compiled JavaScript (here an esbuild bundle
 * of its sources, as scripts/build-image.sh makes), not the sources through tsx, whose loader wraps every
 * closure a request creates in a naming helper. BENCH_REFERENCE=sources measures the sources through tsx.
 */
const FROM_SOURCES = process.env.BENCH_REFERENCE === 'sources';
const SOURCES_ENTRY = fileURLToPath(new URL('../support/reference-server/index.ts', import.meta.url));
async function referenceEntry(): Promise<string> {
  if (FROM_SOURCES) return SOURCES_ENTRY;
  const outfile = join(mkdtempSync(join(tmpdir(), 'bench-reference-')), 'reference-server.mjs');
  await build({ entryPoints: [SOURCES_ENTRY], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning',
    banner: { js: "import { createRequire as __scimCreateRequire } from 'node:module'; const require = __scimCreateRequire(import.meta.url);" } });
  return outfile;
}
const ENTRY = await referenceEntry();
const { startReferenceServer } = await import(ENTRY) as { startReferenceServer: typeof StartReferenceServer };

const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
/** Each cell alternates bare and reference bursts so that noise from other processes hits both alike. */
const BURST_SECONDS = Number(process.env.BENCH_SECONDS ?? 0.8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = 4;
const ADMIN = 'bench-admin';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function heap(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

// ---- the load generator (plain JS in a worker) -------------------------------------------------
const LOAD = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, mode, seconds, connections, token, items, prefix } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const u = new URL(url);
let done = 0, errors = 0, n = 0; const statuses = {};
const end = Date.now() + seconds * 1000;
function one() {
  return new Promise((resolve) => {
    const i = n++;
    let path = u.pathname, method = 'GET', body;
    if (mode === 'create') {
      method = 'POST';
      const name = prefix + '-' + i;
      body = JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: name, externalId: 'x-' + name, displayName: 'Bench ' + name, active: true, name: { givenName: 'Bench', familyName: 'User' }, emails: [{ value: name + '@example.com', type: 'work', primary: true }] });
      path += '/Users';
    } else if (mode === 'get') {
      path += '/Users/' + items[i % items.length];
    } else if (mode === 'filter') {
      path += '/Users?filter=' + encodeURIComponent('userName eq "' + items[i % items.length] + '"');
    }
    const headers = { authorization: 'Bearer ' + token, 'user-agent': 'bench/1.0' };
    if (body) { headers['content-type'] = 'application/scim+json'; headers['content-length'] = Buffer.byteLength(body); }
    const req = http.request({ host: u.hostname, port: u.port, path, method, agent, headers }, (res) => {
      statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1;
      res.resume();
      res.on('end', () => { if (res.statusCode < 400) done++; else errors++; resolve(); });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end(body);
  });
}
async function loop() { while (Date.now() < end) await one(); }
const started = Date.now();
Promise.all(Array.from({ length: connections }, loop)).then(() => {
  agent.destroy();
  parentPort.postMessage({ done, errors, statuses, ms: Date.now() - started });
});
`;

interface Burst { done: number; errors: number; statuses: Record<string, number>; ms: number }
function burst(opts: { url: string; mode: 'create' | 'get' | 'filter' | 'bare'; token?: string; items?: string[]; prefix?: string; connections?: number }): Promise<Burst> {
  return new Promise((resolve, reject) => {
    const w = new Worker(LOAD, { eval: true, workerData: { seconds: BURST_SECONDS, connections: CONNECTIONS, token: '', items: [], prefix: 'p', ...opts } });
    w.once('message', (m: Burst) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

/**
 * BENCH_PROFILE=get (or filter, create): CPU profiles of the server thread during that operation's last bare burst and
 * last reference burst at the largest size, written to the temporary directory (the paths are printed; open them in
 * Chrome's DevTools): what the reference does per request beyond what any node:http server does. The profile's own
 * serialisation at Profiler.stop shows as `dispatch`.
 */
const PROFILE_OP = process.env.BENCH_PROFILE;
async function profiled<T>(on: boolean, side: 'reference' | 'bare', run: () => Promise<T>): Promise<T> {
  if (!on) return run();
  const session = new Session();
  session.connect();
  const post = (method: string) => new Promise<any>((resolve, reject) => session.post(method, (e, r) => (e ? reject(e) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.start');
  try { return await run(); } finally {
    const { profile } = await post('Profiler.stop');
    const file = join(tmpdir(), `bench-${side}-${PROFILE_OP}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.error(`  a CPU profile of the ${side} server's side of a ${PROFILE_OP} burst: ${file}`);
    session.disconnect();
  }
}

/** Alternates bare and reference bursts; returns both rates and the errors seen. */
async function cell(bareUrl: string, opts: Parameters<typeof burst>[0], profile = false): Promise<{ rps: number; bare: number; errors: number; statuses: Record<string, number> }> {
  let refDone = 0, refMs = 0, bareDone = 0, bareMs = 0, errors = 0;
  const statuses: Record<string, number> = {};
  for (let i = 0; i < ROUNDS; i++) {
    const b = await profiled(profile && i === ROUNDS - 1, 'bare', () => burst({ url: bareUrl, mode: 'bare' }));
    bareDone += b.done; bareMs += b.ms;
    const r = await profiled(profile && i === ROUNDS - 1, 'reference', () => burst({ ...opts, prefix: `${opts.prefix}-${i}` }));
    refDone += r.done; refMs += r.ms; errors += r.errors;
    for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  }
  return { rps: (refDone * 1000) / refMs, bare: (bareDone * 1000) / bareMs, errors, statuses };
}

function userBody(name: string) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: name, externalId: `x-${name}`, displayName: `Bench ${name}`, active: true,
    name: { givenName: 'Bench', familyName: 'User' }, emails: [{ value: `${name}@example.com`, type: 'work', primary: true }],
  };
}

async function main(): Promise<void> {
  const t0 = Date.now();
  // The bare baseline: a fixed JSON body shaped like a stored user.
  const fixed = JSON.stringify({ ...userBody('bare'), id: '9f2c4c1e-0000-4000-8000-000000000000', meta: { resourceType: 'User', created: new Date().toISOString(), lastModified: new Date().toISOString(), location: 'http://127.0.0.1/x/scim/v2/Users/9f2c' } });
  const bare = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/scim+json', 'Content-Length': Buffer.byteLength(fixed) });
    res.end(fixed);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/x/scim/v2`;

  const server = await startReferenceServer({ adminToken: ADMIN, eventBufferSize: Number(process.env.BENCH_EVENTS ?? 1000) });
  const adminCall = async (path: string, method = 'GET', body?: unknown) => {
    const r = await fetch(`${server.url}/admin${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return r.json() as Promise<any>;
  };
  const tenant = await adminCall('/tenants', 'POST', { profile: 'aws' });
  const prov = await adminCall(`/tenants/${tenant.id}/provisioning`, 'POST');
  const base = (prov.scimEndpoint as string).replace(/\/$/, '');
  const token = prov.accessToken.token as string;
  const service = server.internal.service(tenant.id)!;

  const heap0 = heap();
  const ids: string[] = [];
  const names: string[] = [];
  let loaded = 0;
  const rows: Array<{ size: number; op: string; rps: number; bare: number; errors: number }> = [];
  let memoryPerUser = NaN;
  // Warm up both servers (JIT) before the first measured cell.
  await burst({ url: bareUrl, mode: 'bare' });
  await burst({ url: base, mode: 'create', token, prefix: 'warm' });

  for (const size of SIZES) {
    const startLoad = Date.now();
    const now = server.internal.now(tenant.id);
    while (service.counts().users < size) {
      const name = `load-${loaded++}`;
      const r = service.handle({ method: 'POST', path: '/Users', query: new URLSearchParams(), rawQuery: '', headers: { 'content-type': 'application/scim+json' }, body: userBody(name), baseUrl: base }, now);
      if (r.response.status !== 201) throw new Error(`loading users: ${r.response.status} ${JSON.stringify(r.response.body)}`);
      const id = (r.response.body as { id: string }).id;
      if (ids.length < 5000 || Math.random() < 0.05) { ids.push(id); names.push(name); }
    }
    // the warm-up and create cells store users too: on a fast machine they may already fill a size
    if (ids.length === 0) for (const u of service.users().slice(0, 2000)) { ids.push(u.id); names.push(u.userName); }
    const loadMs = Date.now() - startLoad;
    const loadedNow = loaded;
    if (size === SIZES[SIZES.length - 1]) memoryPerUser = (heap() - heap0) / service.counts().users;
    const sample = (arr: string[]) => arr.slice(-2000);
    console.error(`  ${service.counts().users.toLocaleString('en')} users stored (${loadedNow.toLocaleString('en')} loaded through the engine so far, the last batch in ${loadMs} ms)`);
    for (const op of ['get', 'filter', 'create'] as const) {
      const r = await cell(bareUrl, { url: base, mode: op, token, items: op === 'get' ? sample(ids) : sample(names), prefix: `http-${size}` },
        op === PROFILE_OP && size === SIZES[SIZES.length - 1]);
      rows.push({ size, op, rps: r.rps, bare: r.bare, errors: r.errors });
      if (r.errors > 0) console.error(`  ${op} at ${size}: ${r.errors} errors ${JSON.stringify(r.statuses)}`);
    }
  }

  await server.close();
  await new Promise<void>((r) => bare.close(() => r()));

  const pad = (s: string, n: number) => s.padStart(n);
  console.log('');
  console.log(`the reference ${FROM_SOURCES ? 'from its TypeScript sources through tsx' : 'compiled, as the image and the package run it (an esbuild bundle of its sources; BENCH_REFERENCE=sources for the sources through tsx)'}`);
  console.log(`reference server over HTTP: ${CONNECTIONS} keep-alive connections from a worker thread; each cell alternates ${ROUNDS} × ${BURST_SECONDS}s bursts against a bare node:http server (fixed JSON) and the reference`);
  console.log('(create cells add users, so each size holds a few thousand more than its label)');
  console.log(`${'users'.padEnd(9)}${pad('operation', 12)}${pad('req/s', 10)}${pad('bare req/s', 12)}${pad('ratio', 8)}${pad('errors', 8)}`);
  for (const r of rows) {
    console.log(`${r.size.toLocaleString('en').padEnd(9)}${pad(r.op, 12)}${pad(Math.round(r.rps).toLocaleString('en'), 10)}${pad(Math.round(r.bare).toLocaleString('en'), 12)}${pad((r.rps / r.bare).toFixed(2), 8)}${pad(String(r.errors), 8)}`);
  }
  console.log(`memory per stored user: ${Math.round(memoryPerUser).toLocaleString('en')} bytes (heap delta after gc / users)`);
  console.log('');
  const big = SIZES[SIZES.length - 1];
  const ratio = (op: string) => { const r = rows.find((x) => x.size === big && x.op === op)!; return r.rps / r.bare; };
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  console.log(`${verdict(ratio('get') >= 0.7)}  get-by-id at ${big.toLocaleString('en')} users ≥ 0.7 × bare (${ratio('get').toFixed(2)})`);
  console.log(`${verdict(ratio('filter') >= 0.7)}  userName eq filter at ${big.toLocaleString('en')} users ≥ 0.7 × bare (${ratio('filter').toFixed(2)})`);
  console.log(`${verdict(ratio('create') >= 0.5)}  create at ${big.toLocaleString('en')} users ≥ 0.5 × bare (${ratio('create').toFixed(2)})`);
  console.log(`${verdict(memoryPerUser < 2048)}  memory per user < 2 KiB (${Math.round(memoryPerUser)} B)`);
  const durable = await durability(big);
  for (const d of durable.byConnections) {
    console.log(`${verdict(d.ratio >= 0.5)}  create with --data-dir ≥ 0.5 × without, ${d.connections} clients at once (${d.ratio.toFixed(2)}: ${Math.round(d.withDir).toLocaleString('en')} vs ${Math.round(d.without).toLocaleString('en')} req/s)`);
  }
  console.log(`      restart with ${big.toLocaleString('en')} users in the data dir: ${(durable.fromSnapshotMs / 1000).toFixed(2)} s from its snapshot, ${(durable.fromJournalMs / 1000).toFixed(2)} s from a copy taken while it ran (what a SIGKILL leaves: snapshot and journal)`);
  console.log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * Create throughput with and without --data-dir (alternating bursts against two servers started alike),
 * then the restart time of a data dir holding `users` users: from the snapshot a clean stop writes, and
 * from the journal alone, copied while the server runs (what a SIGKILL leaves).
 */
interface DurableRate { connections: number; withDir: number; without: number; ratio: number }
const DURABLE_CONNECTIONS = [CONNECTIONS, 8];
async function durability(users: number): Promise<{ byConnections: DurableRate[]; fromSnapshotMs: number; fromJournalMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-data-dir-'));
  const crash = mkdtempSync(join(tmpdir(), 'bench-crash-image-'));
  try {
    const open = async (dataDir?: string) => {
      const server = await startReferenceServer({ adminToken: ADMIN, ...(dataDir ? { dataDir } : {}) });
      const call = async (path: string, method = 'GET') => (await fetch(`${server.url}/admin${path}`, { method, headers: { authorization: `Bearer ${ADMIN}` } })).json() as Promise<any>;
      const t = await call('/tenants', 'POST');
      const p = await call(`/tenants/${t.id}/provisioning`, 'POST');
      return { server, tenantId: t.id as string, base: (p.scimEndpoint as string).replace(/\/$/, ''), token: p.accessToken.token as string };
    };
    const durable = await open(dir);
    const plain = await open();
    await burst({ url: durable.base, mode: 'create', token: durable.token, prefix: 'warm' });
    await burst({ url: plain.base, mode: 'create', token: plain.token, prefix: 'warm' });
    // group commit shares one disk sync among the writes in flight together, so the ratio depends on how many
    // clients write at once: measured at the bench's 4 connections and at 8 (the clients of the lost-writes report)
    const byConnections: DurableRate[] = [];
    for (const connections of DURABLE_CONNECTIONS) {
      let withDone = 0, withMs = 0, withoutDone = 0, withoutMs = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const a = await burst({ url: plain.base, mode: 'create', token: plain.token, prefix: `plain-${connections}-${i}`, connections });
        withoutDone += a.done; withoutMs += a.ms;
        const b = await burst({ url: durable.base, mode: 'create', token: durable.token, prefix: `durable-${connections}-${i}`, connections });
        withDone += b.done; withMs += b.ms;
      }
      const withDir = withDone / (withMs / 1000), without = withoutDone / (withoutMs / 1000);
      byConnections.push({ connections, withDir, without, ratio: withDir / without });
    }
    await plain.server.close();

    // fill the data dir to `users` users through the engine (journalled like any write), then copy it as a crash would leave it
    const service = durable.server.internal.service(durable.tenantId)!;
    const now = durable.server.internal.now(durable.tenantId);
    for (let i = 0; service.counts().users < users; i++) {
      const r = service.handle({ method: 'POST', path: '/Users', query: new URLSearchParams(), rawQuery: '', headers: {}, body: userBody(`fill-${i}`), baseUrl: durable.base }, now);
      if (r.response.status !== 201) throw new Error(`filling the data dir: ${r.response.status}`);
    }
    // an answer leaves only once everything journalled before it is on disk
    await fetch(`${durable.base}/Users?count=1`, { headers: { authorization: `Bearer ${durable.token}` } }).then((r) => r.text());
    mkdirSync(crash, { recursive: true });
    for (const f of readdirSync(dir)) copyFileSync(join(dir, f), join(crash, f));
    await durable.server.close();

    // a restart is a new process: its own heap, timed from the call that opens the data dir to listening
    const timeStart = (dataDir: string) => {
      const script = join(dataDir, '..', `restart-${process.pid}.mts`);
      writeFileSync(script, `import { startReferenceServer } from ${JSON.stringify(ENTRY)};
const t = performance.now();
const s = await startReferenceServer({ adminToken: 'restart', dataDir: ${JSON.stringify(dataDir)} });
const ms = performance.now() - t;
console.log(JSON.stringify({ ms, users: s.internal.service(${JSON.stringify(durable.tenantId)})?.counts().users }));
process.exit(0);`);
      try {
        const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
        const out = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { ms: number; users: number };
        if (out.users !== service.counts().users) throw new Error(`the restart found ${out.users} users, not ${service.counts().users}: ${run.stderr}`);
        return out.ms;
      } finally {
        rmSync(script, { force: true });
      }
    };
    const fromJournalMs = timeStart(crash);
    const fromSnapshotMs = timeStart(dir);
    return { byConnections, fromSnapshotMs, fromJournalMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(crash, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
