// An SP image started with testcontainers on this machine's engine, host networking, reached on 127.0.0.1.
// An image that serves the reference admin API gets a tenant for the run like the embedded target.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { SpProfile, Target } from './target.js';
import { TargetUnreachable, UsageError, stripTrailingSlash } from './target.js';
import { capabilities, probeTarget, provisionRunTenant } from './probe.js';

export interface ContainerTargetOptions {
  image: string; port?: number; env: Record<string, string>; scimPath?: string;
  token?: string; secondToken?: string; spProfile: SpProfile; timeoutMs: number; startupTimeoutMs?: number;
}

export const NO_ENGINE = 'No container engine answers on this machine: install and start one (Debian: `apt-get install -y docker.io` then `dockerd --bridge=none --iptables=false --ip-masq=false &`), or point DOCKER_HOST at a running engine.';

export async function openContainer(options: ContainerTargetOptions): Promise<Target> {
  // No registry, no bridge network here: the reaper cannot be pulled and the host is reached on loopback.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
  const { GenericContainer, Wait } = await import('testcontainers');
  const port = options.port ?? await freePort();
  const adminToken = options.env.SCIM_ADMIN_TOKEN ?? randomBytes(24).toString('base64url');
  const env = { SCIM_ADMIN_TOKEN: adminToken, PORT: String(port), ...options.env };
  let started;
  try {
    started = await new GenericContainer(options.image)
      .withNetworkMode('host')
      .withEnvironment(env)
      .withWaitStrategy(Wait.forLogMessage(/listening on/i))
      .withStartupTimeout(options.startupTimeoutMs ?? 30_000)
      .start();
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (/container runtime strategy|ENOENT.*docker\.sock|connect ECONNREFUSED.*sock/i.test(message)) throw new TargetUnreachable(NO_ENGINE);
    if (/no such image|not found|pull access denied|manifest unknown|failed to pull/i.test(message)) {
      throw new TargetUnreachable(`The image ${options.image} is not on this machine's engine and cannot be pulled here: build it first (e.g. scripts/build-image.sh).`);
    }
    throw new TargetUnreachable(`The container ${options.image} did not start: ${message.split('\n')[0]}`);
  }
  const stop = async () => { await started.stop({ timeout: 1_000 }).catch(() => undefined); };
  try {
    const origin = `http://127.0.0.1:${port}`;
    // an SP image configured with its token through the environment gets the same token from us
    let scimBase: string; let token: string | undefined = options.token ?? options.env.SCIM_TOKEN; let secondToken = options.secondToken ?? options.env.SCIM_SECOND_TOKEN;
    let adminBase: string | undefined; let tenantId: string | undefined; let removeTenant: (() => Promise<void>) | undefined;
    if (options.scimPath) {
      scimBase = stripTrailingSlash(`${origin}/${options.scimPath.replace(/^\//, '')}`);
      if (!token) throw new UsageError('A container: target with --container-scim-path needs a token: --token, SCIM_TOKEN, or --container-env SCIM_TOKEN=… for an image that reads it.');
    } else {
      adminBase = `${origin}/admin`;
      const run = await provisionRunTenant(adminBase, adminToken, options.spProfile, options.timeoutMs).catch((e) => {
        throw new UsageError(`The container answers on port ${port} but not as the reference admin API (${(e as Error).message}); give --container-scim-path and --token for another SP image.`);
      });
      ({ scimBase, token, secondToken, tenantId } = run);
      removeTenant = run.remove;
    }
    const advertised = await probeTarget(scimBase, token!, options.timeoutMs, options.image);
    return {
      description: { id: options.image, kind: 'container', scimBase, adminBase, tenantId,
        capabilities: capabilities(advertised, Boolean(adminBase), Boolean(secondToken)) },
      secrets: { token: token!, secondToken, adminToken: adminBase ? adminToken : undefined },
      // the run's tenant is deleted before the container stops (an image with a data volume keeps no trace)
      async [Symbol.asyncDispose]() { await removeTenant?.().catch(() => undefined); await stop(); },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address() as { port: number }; srv.close(() => resolve(port)); });
  });
}
