// The default target: the reference server in this process on 127.0.0.1, port 0, with a tenant for the run.
import { randomBytes } from 'node:crypto';
import { startReferenceServer } from '../reference-server/index.js';
import type { FaultName, VariantName } from '../reference-server/scim/types.js';
import type { SpProfile, Target } from './target.js';
import { capabilities, probeTarget, provisionRunTenant } from './probe.js';

export async function openEmbedded(options: { spProfile: SpProfile; timeoutMs: number; faults?: FaultName[]; variants?: VariantName[] }): Promise<Target> {
  const adminToken = randomBytes(24).toString('base64url');
  const server = await startReferenceServer({ adminToken, port: 0, defaultProfile: options.spProfile, faults: options.faults ?? [], variants: options.variants ?? [] });
  const adminBase = `${server.url}/admin`;
  const run = await provisionRunTenant(adminBase, adminToken, options.spProfile, options.timeoutMs);
  const advertised = await probeTarget(run.scimBase, run.token, options.timeoutMs, 'embedded');
  const tags = [options.faults?.length ? `faults: ${options.faults.join(', ')}` : '', options.variants?.length ? `variants: ${options.variants.join(', ')}` : ''].filter(Boolean);
  return {
    description: { id: tags.length ? `embedded (${tags.join('; ')})` : 'embedded', kind: 'embedded',
      scimBase: run.scimBase, adminBase, tenantId: run.tenantId, capabilities: capabilities(advertised, true, true) },
    secrets: { token: run.token, secondToken: run.secondToken, adminToken },
    // the run's tenant goes too (admin API), then the server
    async [Symbol.asyncDispose]() { await run.remove(); await server.close(); },
  };
}
