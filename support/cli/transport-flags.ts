// `run`'s flags for the shared HTTP layer (support/scim/transport.ts): pacing, the auth scheme, extra
// headers, a token file and TLS. run.ts spreads TRANSPORT_OPTIONS into its parseArgs options, turns the
// values into settings with transportFromFlags (one-sentence UsageError on bad input), and installs them
// with applyTransport before the target is opened. The settings reach cucumber's workers through the
// environment: SCIM_CONFORMANCE_TRANSPORT (JSON, no secrets) and one variable per secret (targets/secrets.ts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../targets/target.js';
import { TRANSPORT_SETTINGS_ENV, transportSecretsToEnvironment } from '../targets/secrets.js';
import { PRIMARY_CREDENTIAL, Transport, setTransport, type AuthSettings, type TransportSettings } from '../scim/transport.js';

/** The connection's flags, merged into every command that talks to a target (support/cli/options.ts). */
export const TRANSPORT_OPTIONS = {
  rate: { type: 'string', arg: 'RPS', help: "requests per second to the target, all the suite's traffic (url: default 10; 0 = unpaced)" },
  concurrency: { type: 'string', arg: 'N', help: 'requests in flight at once (url: default 4; 0 = unlimited)' },
  'basic-user': { type: 'string', arg: 'USER', help: 'HTTP Basic instead of a bearer token', env: 'SCIM_BASIC_USER' },
  'basic-password': { type: 'string', arg: 'PW', help: 'its password', env: 'SCIM_BASIC_PASSWORD', secret: true },
  'oauth-token-url': { type: 'string', arg: 'URL', help: 'OAuth 2.0 client credentials: the token endpoint (the token is fetched, cached and refreshed)' },
  'client-id': { type: 'string', arg: 'ID', help: 'the OAuth client id' },
  'client-secret': { type: 'string', arg: 'SECRET', help: 'the OAuth client secret', env: 'SCIM_CLIENT_SECRET', secret: true },
  scope: { type: 'string', arg: 'SCOPE', help: 'the OAuth scope to ask for' },
  header: { type: 'string', multiple: true, arg: "'Name: value'", help: 'an extra header on every request (repeatable)', secret: true },
  'token-file': { type: 'string', arg: 'FILE', help: 'read the bearer token from FILE' },
  'ca-file': { type: 'string', arg: 'PEM', help: 'trust this CA besides the system CAs (https targets)' },
  insecure: { type: 'boolean', help: 'do not verify the TLS certificate (warned on every run and in the report)' },
} as const;

export interface TransportFlagValues {
  rate?: string; concurrency?: string;
  'basic-user'?: string; 'basic-password'?: string;
  'oauth-token-url'?: string; 'client-id'?: string; 'client-secret'?: string; scope?: string;
  header?: string[]; 'token-file'?: string; 'ca-file'?: string; insecure?: boolean;
}

/** The gentle default for a `url:` target (someone's real SP); the embedded and container targets are unpaced. */
export const URL_TARGET_DEFAULTS = { rate: 10, concurrency: 4 } as const;

export interface RunTransport {
  /** Everything the layer needs, secrets included (never put this object in world parameters). */
  settings: TransportSettings;
  /**
   * The run's bearer token when the flags decide it: read from --token-file, or PRIMARY_CREDENTIAL (the
   * placeholder the layer swaps for Basic or OAuth on the wire). Undefined: --token / SCIM_TOKEN as before.
   */
  token?: string;
  /** Printed on stderr on every run, --quiet or not. */
  warnings: string[];
  /** Secret values for the report's redactor (the layer's own Redactor additions cover what it fetches). */
  secrets: string[];
  /** One secret-free line for the run's log. */
  description: string;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const RESERVED_HEADERS = /^(authorization|host|content-length|transfer-encoding|connection)$/i;

export function transportFromFlags(values: TransportFlagValues, env: NodeJS.ProcessEnv = process.env,
  context: { target: string; parallel?: number; token?: string } = { target: 'embedded' }): RunTransport {
  const kind = context.target === 'embedded' ? 'embedded' : context.target.startsWith('url:') ? 'url' : 'container';
  // 0 turns pacing off explicitly (a local SP of your own); otherwise the url: default is gentle
  const rate = number('rate', values.rate, 0, 10_000, false);
  const concurrency = number('concurrency', values.concurrency, 0, 256, true);
  const settings: TransportSettings = {};
  if (kind === 'url') { settings.rate = URL_TARGET_DEFAULTS.rate; settings.concurrency = URL_TARGET_DEFAULTS.concurrency; }
  if (rate !== undefined) { if (rate > 0) settings.rate = rate; else delete settings.rate; }
  if (concurrency !== undefined) { if (concurrency > 0) settings.concurrency = concurrency; else delete settings.concurrency; }
  if (context.parallel && context.parallel > 1) settings.parallel = context.parallel;

  // ---- the auth scheme -----------------------------------------------------------------------------
  const basicUser = values['basic-user'] ?? env.SCIM_BASIC_USER;
  const basicPassword = values['basic-password'] ?? env.SCIM_BASIC_PASSWORD;
  const tokenUrl = values['oauth-token-url'];
  const clientId = values['client-id'];
  const clientSecret = values['client-secret'] ?? env.SCIM_CLIENT_SECRET;
  const tokenFile = values['token-file'];
  const schemes = [basicUser !== undefined || values['basic-password'] !== undefined ? '--basic-user' : '',
    tokenUrl !== undefined || clientId !== undefined || values['client-secret'] !== undefined || values.scope !== undefined ? '--oauth-token-url' : '',
    tokenFile !== undefined ? '--token-file' : '', context.token ? '--token' : ''].filter(Boolean);
  if (schemes.length > 1) throw new UsageError(`${schemes.join(' and ')} are different credentials: give one of them.`);
  if (kind === 'embedded' && schemes.some((s) => s !== '--token')) {
    throw new UsageError(`${schemes[0]} is for a url: or container: target; the embedded reference makes its own tokens.`);
  }
  let auth: AuthSettings = { kind: 'bearer' };
  let token: string | undefined;
  const secrets: string[] = [];
  if (schemes[0] === '--basic-user') {
    if (!basicUser) throw new UsageError('--basic-password needs --basic-user (or SCIM_BASIC_USER).');
    if (basicUser.includes(':')) throw new UsageError('--basic-user cannot contain ":" (RFC 7617 separates the user and the password with it).');
    if (!basicPassword) throw new UsageError('--basic-user needs a password: set SCIM_BASIC_PASSWORD (or give --basic-password).');
    auth = { kind: 'basic', user: basicUser, password: basicPassword };
    token = PRIMARY_CREDENTIAL;
    secrets.push(basicPassword, Buffer.from(`${basicUser}:${basicPassword}`).toString('base64'));
  } else if (schemes[0] === '--oauth-token-url') {
    if (!tokenUrl) throw new UsageError('--client-id, --client-secret and --scope need --oauth-token-url (the token endpoint of the client-credentials grant).');
    let parsed: URL;
    try { parsed = new URL(tokenUrl); } catch { throw new UsageError(`--oauth-token-url is not a URL: "${tokenUrl}".`); }
    if (!/^https?:$/.test(parsed.protocol)) throw new UsageError(`--oauth-token-url takes an http or https URL, not ${parsed.protocol}`);
    if (!clientId) throw new UsageError('--oauth-token-url needs --client-id.');
    if (!clientSecret) throw new UsageError('--oauth-token-url needs a client secret: set SCIM_CLIENT_SECRET (or give --client-secret).');
    auth = { kind: 'oauth', tokenUrl, clientId, clientSecret, ...(values.scope ? { scope: values.scope } : {}) };
    token = PRIMARY_CREDENTIAL;
    secrets.push(clientSecret);
  } else if (schemes[0] === '--token-file') {
    let text: string;
    try { text = readFileSync(resolve(tokenFile!), 'utf8'); } catch (e) {
      throw new UsageError(`--token-file ${tokenFile} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    token = text.trim();
    if (!token || /\s/.test(token)) throw new UsageError(`--token-file ${tokenFile} must hold one bearer token on one line.`);
    secrets.push(token);
  }
  if (auth.kind !== 'bearer') settings.auth = auth;

  // ---- extra headers -----------------------------------------------------------------------------------
  const headers: [string, string][] = [];
  for (const raw of values.header ?? []) {
    const colon = raw.indexOf(':');
    const name = colon > 0 ? raw.slice(0, colon).trim() : '';
    const value = colon > 0 ? raw.slice(colon + 1).trim() : '';
    if (!name || !HEADER_NAME.test(name) || !value || /[\r\n\0]/.test(value)) throw new UsageError(`--header takes "Name: value", not "${raw}".`);
    if (RESERVED_HEADERS.test(name)) throw new UsageError(`--header cannot set ${name}: use --token, --token-file, --basic-user or --oauth-token-url for credentials.`);
    if (headers.some(([k]) => k.toLowerCase() === name.toLowerCase())) throw new UsageError(`--header ${name} is given twice.`);
    headers.push([name, value]);
    secrets.push(value);
  }
  if (headers.length) settings.headers = headers;

  // ---- TLS ----------------------------------------------------------------------------------------------
  const warnings: string[] = [];
  if (values['ca-file'] !== undefined) {
    if (values.insecure) throw new UsageError('--ca-file and --insecure contradict each other: give the CA file and keep verification on.');
    const path = resolve(values['ca-file']);
    let pem: string;
    try { pem = readFileSync(path, 'utf8'); } catch (e) { throw new UsageError(`--ca-file ${values['ca-file']} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`); }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca-file ${values['ca-file']} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`);
    settings.caFile = path;
  }
  if (values.insecure) {
    if (kind === 'embedded') throw new UsageError('--insecure is for an https url: target; the embedded reference speaks plain http on 127.0.0.1.');
    settings.insecure = true;
    warnings.push('WARNING: --insecure: the target\'s TLS certificate is NOT verified, so anyone on the path can read the credentials and the data; every exchange of this run is marked unverified in the report.');
  }

  const pacing = settings.rate !== undefined || settings.concurrency !== undefined
    ? `pacing ${settings.rate ?? 'unlimited'} rps, ${settings.concurrency ?? 'unlimited'} in flight${kind === 'url' && rate === undefined && concurrency === undefined ? ' (url: default)' : ''}${settings.parallel ? ` (split across ${settings.parallel} workers)` : ''}`
    : 'no pacing';
  const scheme = auth.kind === 'basic' ? 'HTTP Basic' : auth.kind === 'oauth' ? `OAuth client credentials (${new URL(auth.tokenUrl).host})` : tokenFile ? 'bearer token from file' : 'bearer token';
  const tlsLine = settings.insecure ? 'TLS NOT verified' : settings.caFile ? 'TLS: system CAs + --ca-file' : 'TLS: system CAs';
  const description = [pacing, scheme, headers.length ? `${headers.length} extra header${headers.length === 1 ? '' : 's'} (${headers.map(([k]) => k).join(', ')})` : '', tlsLine].filter(Boolean).join('; ');
  return { settings, token, warnings, secrets, description };
}

/** Installs the layer in this process and hands its settings to cucumber's workers through the environment. */
export function applyTransport(run: RunTransport, env: NodeJS.ProcessEnv = process.env): Transport {
  const { auth, headers, ...rest } = run.settings;
  const publicAuth = auth?.kind === 'basic' ? { kind: 'basic', user: auth.user } : auth?.kind === 'oauth'
    ? { kind: 'oauth', tokenUrl: auth.tokenUrl, clientId: auth.clientId, ...(auth.scope ? { scope: auth.scope } : {}) } : undefined;
  env[TRANSPORT_SETTINGS_ENV] = JSON.stringify({ ...rest, ...(publicAuth ? { auth: publicAuth } : {}) });
  transportSecretsToEnvironment({ basicPassword: auth?.kind === 'basic' ? auth.password : undefined,
    clientSecret: auth?.kind === 'oauth' ? auth.clientSecret : undefined, headers }, env);
  const layer = new Transport(run.settings);
  setTransport(layer);
  return layer;
}

function number(name: string, raw: string | undefined, min: number, max: number, whole: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n))) {
    throw new UsageError(whole ? `--${name} takes a whole number from ${min} to ${max}, not "${raw}".`
      : `--${name} takes requests per second, a number from ${min} to ${max} (e.g. 5 or 0.5), not "${raw}".`);
  }
  return n;
}
