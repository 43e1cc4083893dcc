// Any SCIM endpoint by URL. The admin API, when given, unlocks the token, tenant and clock features.
import type { Target } from './target.js';
import { UsageError, stripTrailingSlash } from './target.js';
import { capabilities, probeTarget } from './probe.js';

export interface UrlTargetOptions {
  base: string; token?: string; secondToken?: string; adminUrl?: string; adminToken?: string; timeoutMs: number;
}

export async function openUrl(options: UrlTargetOptions): Promise<Target> {
  let parsed: URL;
  try { parsed = new URL(options.base); } catch { throw new UsageError(`--target url:${options.base} is not a URL (expected e.g. url:http://127.0.0.1:8080/<tenant>/scim/v2).`); }
  if (!/^https?:$/.test(parsed.protocol)) throw new UsageError(`--target url: takes an http or https URL, not ${parsed.protocol}`);
  if (!options.token) throw new UsageError('A url: target needs credentials: give --token (or SCIM_TOKEN), --token-file, --basic-user with a password, or --oauth-token-url with a client id and secret.');
  if (Boolean(options.adminUrl) !== Boolean(options.adminToken)) throw new UsageError('--admin-url and --admin-token go together (or SCIM_ADMIN_URL and SCIM_ADMIN_TOKEN).');
  const scimBase = stripTrailingSlash(options.base);
  const advertised = await probeTarget(scimBase, options.token, options.timeoutMs, scimBase);
  const tenantId = /\/([^/]+)\/scim\/v2$/.exec(new URL(scimBase).pathname)?.[1];
  return {
    description: { id: scimBase, kind: 'url', scimBase, adminBase: options.adminUrl && stripTrailingSlash(options.adminUrl), tenantId,
      capabilities: capabilities(advertised, Boolean(options.adminUrl), Boolean(options.secondToken)) },
    secrets: { token: options.token, secondToken: options.secondToken, adminToken: options.adminToken },
    async [Symbol.asyncDispose]() {},
  };
}
