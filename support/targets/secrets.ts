// Secrets reach scenarios through the environment (inherited by cucumber's workers), never through
// world parameters, which cucumber writes into its messages and reports.
import type { TargetSecrets } from './target.js';

const NAMES = { token: 'SCIM_CONFORMANCE_TOKEN', secondToken: 'SCIM_CONFORMANCE_SECOND_TOKEN', adminToken: 'SCIM_CONFORMANCE_ADMIN_TOKEN' } as const;

export function secretsToEnvironment(secrets: TargetSecrets, env: NodeJS.ProcessEnv = process.env): void {
  for (const [key, name] of Object.entries(NAMES)) {
    const value = secrets[key as keyof TargetSecrets];
    if (value) env[name] = value; else delete env[name];
  }
}

export function secretsFromEnvironment(env: NodeJS.ProcessEnv = process.env): TargetSecrets {
  return { token: env[NAMES.token] ?? '', secondToken: env[NAMES.secondToken] || undefined, adminToken: env[NAMES.adminToken] || undefined };
}

// The shared HTTP layer's settings (support/scim/transport.ts): the non-secret part as one JSON variable,
// the secrets (Basic password, OAuth client secret, extra headers, whose values may be API keys) each apart.
export const TRANSPORT_SETTINGS_ENV = 'SCIM_CONFORMANCE_TRANSPORT';
const TRANSPORT_SECRETS = { basicPassword: 'SCIM_CONFORMANCE_BASIC_PASSWORD', clientSecret: 'SCIM_CONFORMANCE_CLIENT_SECRET', headers: 'SCIM_CONFORMANCE_EXTRA_HEADERS' } as const;

export interface TransportSecrets { basicPassword?: string; clientSecret?: string; headers?: [string, string][] }

export function transportSecretsToEnvironment(secrets: TransportSecrets, env: NodeJS.ProcessEnv = process.env): void {
  if (secrets.basicPassword) env[TRANSPORT_SECRETS.basicPassword] = secrets.basicPassword; else delete env[TRANSPORT_SECRETS.basicPassword];
  if (secrets.clientSecret) env[TRANSPORT_SECRETS.clientSecret] = secrets.clientSecret; else delete env[TRANSPORT_SECRETS.clientSecret];
  if (secrets.headers?.length) env[TRANSPORT_SECRETS.headers] = JSON.stringify(secrets.headers); else delete env[TRANSPORT_SECRETS.headers];
}

export function transportSecretsFromEnvironment(env: NodeJS.ProcessEnv = process.env): TransportSecrets {
  let headers: [string, string][] | undefined;
  const raw = env[TRANSPORT_SECRETS.headers];
  if (raw) { try { headers = JSON.parse(raw) as [string, string][]; } catch { headers = undefined; } }
  return { basicPassword: env[TRANSPORT_SECRETS.basicPassword] || undefined, clientSecret: env[TRANSPORT_SECRETS.clientSecret] || undefined, headers };
}
