// Standalone entry: `serve [--port 8080] [--host 127.0.0.1] [--profile aws|rfc] [--admin-token A]
// [--data-dir D] [--allow-faults] [--faults a,b] [--variants a,b]`. The project's CLI calls serveMain() for its `serve`
// subcommand; the container image runs this file bundled.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { startReferenceServer, type ReferenceServerOptions } from './index.ts';
import { isFaultName, isProfile, isVariantName } from './state.ts';
import { FAULTS, type FaultName, type VariantName } from './scim/types.ts';
import { VARIANTS } from './scim/variants.ts';

const USAGE = `usage: serve [--port 8080 (or env PORT)] [--host 127.0.0.1] [--profile aws|rfc] [--admin-token TOKEN] [--data-dir DIR] [--allow-faults] [--faults a,b] [--variants a,b] [--event-buffer-size N]
             [--throttle RPS] [--tls-cert cert.pem --tls-key key.pem]
  --throttle: AWS-style per-tenant throttling, 429 ThrottlingException with a Retry-After above RPS requests a second.
  --tls-cert/--tls-key: serve https with that certificate and key (PEM files).
  The admin token may also come from SCIM_ADMIN_TOKEN; without either, one is generated and printed once.
  Faults (deliberate breakages): ${Object.keys(FAULTS).join(', ')}
  Variants (lenient but RFC-conformant, no --allow-faults needed): ${Object.keys(VARIANTS).join(', ')}`;

class UsageError extends Error {}

interface Parsed { options: Omit<ReferenceServerOptions, 'adminToken'> & { adminToken?: string }; help: boolean }

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = {}): Parsed {
  const args = [...argv];
  if (args[0] === 'serve') args.shift();
  // PORT lets a container runtime with host networking choose a free port without changing the command.
  const envPort = env.PORT && /^\d+$/.test(env.PORT) && Number(env.PORT) <= 65535 ? Number(env.PORT) : 8080;
  const options: Parsed['options'] = { port: envPort, host: '127.0.0.1' };
  let help = false;
  let tlsCert: string | undefined;
  let tlsKey: string | undefined;
  const valueFlags = new Set(['--port', '--host', '--profile', '--admin-token', '--data-dir', '--faults', '--variants', '--event-buffer-size', '--throttle', '--tls-cert', '--tls-key']);
  for (let i = 0; i < args.length; i++) {
    let flag = args[i];
    let value: string | undefined;
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq > 0) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    if (valueFlags.has(flag) && value === undefined) {
      value = args[++i];
      if (value === undefined) throw new UsageError(`The flag ${flag} needs a value.`);
    }
    switch (flag) {
      case '--help': case '-h': help = true; break;
      case '--port': {
        const n = Number(value);
        if (!/^\d+$/.test(value!) || n > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not "${value}".`);
        options.port = n;
        break;
      }
      case '--host': options.host = value!; break;
      case '--profile':
        if (!isProfile(value)) throw new UsageError(`--profile must be "aws" or "rfc", not "${value}".`);
        options.defaultProfile = value;
        break;
      case '--admin-token':
        if (value === '') throw new UsageError('--admin-token must not be empty.');
        options.adminToken = value;
        break;
      case '--data-dir': options.dataDir = value; break;
      case '--allow-faults':
        if (value !== undefined) throw new UsageError('--allow-faults takes no value.');
        options.allowFaults = true;
        break;
      case '--faults': {
        const names = value!.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
        const bad = names.find((n) => !isFaultName(n));
        if (bad !== undefined) throw new UsageError(`Unknown fault "${bad}"; known faults: ${Object.keys(FAULTS).join(', ')}.`);
        options.faults = names as FaultName[];
        break;
      }
      case '--variants': {
        const names = value!.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
        const bad = names.find((n) => !isVariantName(n));
        if (bad !== undefined) throw new UsageError(`Unknown variant "${bad}"; known variants: ${Object.keys(VARIANTS).join(', ')}.`);
        options.variants = names as VariantName[];
        break;
      }
      case '--event-buffer-size': {
        const n = Number(value);
        if (!/^\d+$/.test(value!) || n < 1 || n > 1_000_000) throw new UsageError(`--event-buffer-size must be a whole number from 1 to 1000000, not "${value}".`);
        options.eventBufferSize = n;
        break;
      }
      case '--throttle': {
        const n = Number(value);
        if (!/^\d+(\.\d+)?$/.test(value!) || !(n > 0) || n > 100_000) throw new UsageError(`--throttle must be a number of requests per second above 0, not "${value}".`);
        options.throttle = n;
        break;
      }
      case '--tls-cert': tlsCert = value; break;
      case '--tls-key': tlsKey = value; break;
      default:
        throw new UsageError(`Unknown argument "${args[i]}"; run serve --help for the flags.`);
    }
  }
  if ((tlsCert === undefined) !== (tlsKey === undefined)) throw new UsageError('--tls-cert and --tls-key go together.');
  if (tlsCert !== undefined && tlsKey !== undefined) {
    const read = (flag: string, file: string) => {
      try { return readFileSync(file, 'utf8'); } catch (e) { throw new UsageError(`${flag} ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`); }
    };
    options.tls = { cert: read('--tls-cert', tlsCert), key: read('--tls-key', tlsKey) };
  }
  return { options, help };
}

/**
 * Runs the reference server until SIGTERM or SIGINT (then closes it and exits 0). Resolves 0 once it
 * listens (the open server keeps the process alive) or after --help; 2 after one sentence on stderr when
 * the flags are wrong; 1 when it cannot listen.
 */
export async function serveMain(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseServeArgs(argv, env);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 2;
      return 2;
    }
    throw e;
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let adminToken = parsed.options.adminToken ?? env.SCIM_ADMIN_TOKEN;
  let generated = false;
  if (!adminToken) {
    adminToken = randomBytes(24).toString('base64url');
    generated = true;
  }
  let server;
  try {
    server = await startReferenceServer({ ...parsed.options, adminToken });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const msg = err.code === 'EADDRINUSE' ? `Port ${parsed.options.port} on ${parsed.options.host} is already in use.`
      : err.code === 'EACCES' ? `Not allowed to listen on ${parsed.options.host}:${parsed.options.port}.`
      : err.code === 'EADDRNOTAVAIL' ? `The address ${parsed.options.host} is not available on this machine.`
      : `The reference server could not start: ${err.message}`;
    process.stderr.write(`${msg}\n`);
    process.exitCode = 1;
    return 1;
  }
  const out = process.stdout;
  out.write(`scim-conformance reference server listening on ${server.url}\n`);
  out.write(`  admin API: ${server.url}/admin (Authorization: Bearer <admin token>)\n`);
  out.write(`  console:   ${server.url}/console\n`);
  out.write(`  profile:   ${parsed.options.defaultProfile ?? 'aws'}${parsed.options.dataDir ? `, data dir ${parsed.options.dataDir}` : ''}${parsed.options.faults?.length ? `, faults ${parsed.options.faults.join(',')}` : ''}${parsed.options.variants?.length ? `, variants ${parsed.options.variants.join(',')}` : ''}${parsed.options.allowFaults ? ', faults allowed' : ''}${parsed.options.throttle ? `, throttled at ${parsed.options.throttle} requests/s per tenant` : ''}${parsed.options.tls ? ', https' : ''}\n`);
  if (generated) out.write(`  admin token (generated, shown once): ${adminToken}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    out.write(`reference server: ${signal}, closing\n`);
    server.close().then(() => process.exit(0), (e) => {
      console.error('reference server: error while closing:', e);
      process.exit(1);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return 0;
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  serveMain(process.argv.slice(2)).then((code) => {
    if (code !== 0) process.exit(code);
  }, (e) => {
    console.error(e);
    process.exit(1);
  });
}
