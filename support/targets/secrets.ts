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
