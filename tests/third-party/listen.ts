// What every third-party launcher shares: a server on 127.0.0.1, port 0, stopped with its open sockets, and
// the runnable main (`node --import tsx tests/third-party/servers/<name>.ts`) that prints where it listens.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export interface StartedServer { scimBase: string; token: string; stop(): Promise<void> }

/** Listens on 127.0.0.1 (port 0); the origin is known once the socket listens. */
export async function listenLocal(handler: RequestListener): Promise<{ server: Server; origin: string; stop(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', () => resolve()); });
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

/** When the launcher is the process's entry point: start it and print the lines run-against.ts reads. */
export async function mainIfEntry(moduleUrl: string, start: (options: { token?: string }) => Promise<StartedServer>): Promise<void> {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  const s = await start({ token: process.env.SCIM_TOKEN || undefined });
  console.log(`listening on ${s.scimBase}`);
  console.log(`token: ${s.token}`);
  const bye = () => { void s.stop().then(() => process.exit(0)); };
  process.on('SIGTERM', bye); process.on('SIGINT', bye);
}
