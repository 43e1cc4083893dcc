// Benchmark of the reference server: requests/second over real HTTP (a few keep-alive connections,
// driven from a worker thread so the load generator has its own core) for create, get-by-id and the
// `userName eq` filter at 1k, 10k and 100k stored users, beside a bare node:http server answering a
// fixed JSON body in the same run; and memory per stored user.
// Run: node --import tsx bench/reference-server.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { startReferenceServer } from '../support/reference-server/index.ts';

const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
/** Each cell alternates bare and reference bursts so that noise from other processes hits both alike. */
const BURST_SECONDS = Number(process.env.BENCH_SECONDS ?? 0.4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
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
function burst(opts: { url: string; mode: 'create' | 'get' | 'filter' | 'bare'; token?: string; items?: string[]; prefix?: string }): Promise<Burst> {
  return new Promise((resolve, reject) => {
    const w = new Worker(LOAD, { eval: true, workerData: { seconds: BURST_SECONDS, connections: CONNECTIONS, token: '', items: [], prefix: 'p', ...opts } });
    w.once('message', (m: Burst) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

/** Alternates bare and reference bursts; returns both rates and the errors seen. */
async function cell(bareUrl: string, opts: Parameters<typeof burst>[0]): Promise<{ rps: number; bare: number; errors: number; statuses: Record<string, number> }> {
  let refDone = 0, refMs = 0, bareDone = 0, bareMs = 0, errors = 0;
  const statuses: Record<string, number> = {};
  for (let i = 0; i < ROUNDS; i++) {
    const b = await burst({ url: bareUrl, mode: 'bare' });
    bareDone += b.done; bareMs += b.ms;
    const r = await burst({ ...opts, prefix: `${opts.prefix}-${i}` });
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
    const loadMs = Date.now() - startLoad;
    const loadedNow = loaded;
    if (size === SIZES[SIZES.length - 1]) memoryPerUser = (heap() - heap0) / service.counts().users;
    const sample = (arr: string[]) => arr.slice(-2000);
    console.error(`  ${service.counts().users.toLocaleString('en')} users stored (${loadedNow.toLocaleString('en')} loaded through the engine so far, the last batch in ${loadMs} ms)`);
    for (const op of ['get', 'filter', 'create'] as const) {
      const r = await cell(bareUrl, { url: base, mode: op, token, items: op === 'get' ? sample(ids) : sample(names), prefix: `http-${size}` });
      rows.push({ size, op, rps: r.rps, bare: r.bare, errors: r.errors });
      if (r.errors > 0) console.error(`  ${op} at ${size}: ${r.errors} errors ${JSON.stringify(r.statuses)}`);
    }
  }

  await server.close();
  await new Promise<void>((r) => bare.close(() => r()));

  const pad = (s: string, n: number) => s.padStart(n);
  console.log('');
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
  console.log(`${verdict(ratio('get') >= 0.5)}  get-by-id at ${big.toLocaleString('en')} users ≥ 0.5 × bare (${ratio('get').toFixed(2)})`);
  console.log(`${verdict(ratio('filter') >= 0.5)}  userName eq filter at ${big.toLocaleString('en')} users ≥ 0.5 × bare (${ratio('filter').toFixed(2)})`);
  console.log(`${verdict(memoryPerUser < 4096)}  memory per user < 4 KiB (${Math.round(memoryPerUser)} B)`);
  console.log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
