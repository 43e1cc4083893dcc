// scim-conformance certify-client: the reference turned around to judge a SCIM *client*. It starts the
// reference with one tenant (provisioning on), prints the endpoint and the token for the client's setup,
// records every request until Ctrl-C or --duration-s, then writes the report and exits 0 (the client did
// nothing the rules refuse) or 1.
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { loadCatalog } from '../catalog/catalog.js';
import { EXIT } from '../cli/exit-codes.js';
import { VERSION } from '../cli/main.js';
import { helpText, parseFlags, type OptionSpecs } from '../cli/options.js';
import { summarize } from '../report/summary.js';
import { startReferenceServer, type ReferenceServer } from '../reference-server/index.js';
import { Redactor } from '../scim/exchange.js';
import { UsageError, type SpProfile } from '../targets/target.js';
import { Recorder } from './recorder.js';
import { buildClientReport, writeClientReport, type ClientReport } from './report.js';

export const CERTIFY_CLIENT_OPTIONS: OptionSpecs = {
  port: { type: 'string', arg: 'P', help: 'the port to listen on, 127.0.0.1 (default: any free port)' },
  profile: { type: 'string', arg: 'aws|rfc', help: 'whose rules judge the client: AWS IAM Identity Center (default) or the generic RFC 7643/7644 provider' },
  'report-dir': { type: 'string', arg: 'DIR', help: 'where conformance.html, conformance.json and junit.xml go (default reports/certify-client)' },
  'duration-s': { type: 'string', arg: 'N', help: 'stop recording after N seconds (default: at Ctrl-C)' },
  throttle: { type: 'string', arg: 'N', help: 'answer 429 with Retry-After above N requests a second, as AWS throttles (judges CLIENT-RETRY-01)' },
  'admin-token': { type: 'string', arg: 'A', help: 'open the reference admin API with this token (tokens, clock) and print its URL', secret: true },
  help: { type: 'boolean', short: 'h', help: 'this help' },
};

export const certifyClientHelp = () => helpText('certify-client', 'judge a SCIM client (an IdP connector, a sync tool) by what AWS IAM Identity Center refuses', CERTIFY_CLIENT_OPTIONS, [
  'Point the client at the printed endpoint and token, let it work, then press Ctrl-C: the report names every',
  'request the rules refuse or treat differently, by requirement id, with the answer and a one-line fix.',
  'Exit codes: 0 the client did nothing the rules refuse · 1 it did · 2 bad usage.',
]);

export interface CertifyClientOptions {
  port: number;
  profile: SpProfile;
  reportDir: string;
  durationS?: number;
  throttle?: number;
  adminToken?: string;
}

export function parseCertifyClientOptions(argv: string[]): CertifyClientOptions | 'help' {
  // flags only: the config file holds a run's options (sp-profile, target …), which are not this command's
  const v = parseFlags(argv, CERTIFY_CLIENT_OPTIONS, 'certify-client') as Record<string, string | boolean | undefined>;
  if (v.help) return 'help';
  const port = v.port === undefined ? 0 : Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number from 0 to 65535, not "${String(v.port)}".`);
  const profile = (v.profile ?? 'aws') as string;
  if (profile !== 'aws' && profile !== 'rfc') throw new UsageError(`--profile takes aws or rfc, not "${profile}".`);
  const number = (name: string, value: unknown): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`--${name} takes a positive number, not "${String(value)}".`);
    return n;
  };
  const adminToken = v['admin-token'] as string | undefined;
  if (adminToken !== undefined && adminToken.length < 8) throw new UsageError('--admin-token needs at least 8 characters.');
  return {
    port, profile, reportDir: resolve((v['report-dir'] as string | undefined) ?? 'reports/certify-client'),
    durationS: number('duration-s', v['duration-s']), throttle: number('throttle', v.throttle), ...(adminToken ? { adminToken } : {}),
  };
}

/** Waits for Ctrl-C, SIGTERM or the duration, whichever comes first. */
function recordingEnds(durationS: number | undefined): Promise<string> {
  return new Promise((done) => {
    const finish = (why: string) => { process.off('SIGINT', onInt); process.off('SIGTERM', onTerm); if (timer) clearTimeout(timer); done(why); };
    const onInt = () => finish('Ctrl-C');
    const onTerm = () => finish('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const timer = durationS !== undefined ? setTimeout(() => finish(`${durationS} s`), durationS * 1000) : undefined;
  });
}

async function adminCall(server: ReferenceServer, adminToken: string, method: string, path: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}/admin${path}`, { method, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
  const body = await res.json() as Record<string, unknown>;
  if (!res.ok) throw new Error(`the reference's admin API answered ${res.status} to ${method} ${path}: ${JSON.stringify(body)}`);
  return body;
}

export interface CertifyClientSession {
  /** The SCIM base URL to give the client (no trailing slash). */
  endpoint: string;
  token: string;
  /** The reference's admin API (tokens, clock), with its token. */
  admin: { url: string; token: string };
  recorder: Recorder;
  /** Stops the reference, judges what was recorded and writes the report. */
  finish(): Promise<ClientReport>;
}

/** The reference with one tenant (provisioning on) and the recorder on it; `finish` judges and writes the report. */
export async function startCertifyClient(o: CertifyClientOptions): Promise<CertifyClientSession> {
  const adminToken = o.adminToken ?? randomBytes(24).toString('base64url');
  const redactor = new Redactor([adminToken]);
  let recorder: Recorder | undefined;
  let server: ReferenceServer;
  try {
    server = await startReferenceServer({
      port: o.port, adminToken, defaultProfile: o.profile, ...(o.throttle ? { throttle: o.throttle } : {}),
      onExchange: (x) => recorder?.observe(x),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`Port ${o.port} on 127.0.0.1 is in use: choose another with --port.`);
    throw e;
  }
  const startedAt = new Date().toISOString();
  try {
    const live = server;
    recorder = new Recorder({
      origin: server.url, redactor,
      storedMembers: (tenantId, groupId) => live.internal.service(tenantId)?.groups().find((g) => g.id === groupId)?.memberIds.length,
    });
    const tenant = await adminCall(server, adminToken, 'POST', '/tenants');
    const enabled = await adminCall(server, adminToken, 'POST', `/tenants/${String(tenant.id)}/provisioning`);
    const endpoint = String(enabled.scimEndpoint).replace(/\/$/, '');
    const token = String((enabled.accessToken as { token: string }).token);
    redactor.add(token);
    const rec = recorder;
    let finished: Promise<ClientReport> | undefined;
    return {
      endpoint, token, admin: { url: `${server.url}/admin`, token: adminToken }, recorder: rec,
      finish: () => finished ??= (async () => {
        await live.close();
        const catalog = loadCatalog();
        const built = buildClientReport({
          records: rec.records, profile: o.profile, catalog,
          run: { version: VERSION, seed: 0, runId: randomUUID(), target: { id: 'certify-client', kind: 'client', scimBase: endpoint }, startedAt, finishedAt: new Date().toISOString() },
        });
        writeClientReport(o.reportDir, built, [token, adminToken, ...rec.secrets], catalog);
        return built;
      })(),
    };
  } catch (e) {
    await server.close();
    throw e;
  }
}

export async function certifyClientMain(argv: string[]): Promise<number> {
  const o = parseCertifyClientOptions(argv);
  if (o === 'help') { console.log(certifyClientHelp()); return EXIT.ok; }
  const session = await startCertifyClient(o);
  console.log(`SCIM endpoint: ${session.endpoint}`);
  console.log(`Access token: ${session.token}`);
  if (o.adminToken) console.log(`Admin API: ${session.admin.url}`);
  console.error(`certify-client: judging the client by the ${o.profile} rules; recording every request until ${o.durationS ? `${o.durationS} s have passed or ` : ''}Ctrl-C.`);
  const why = await recordingEnds(o.durationS);
  const built = await session.finish();
  const n = session.recorder.records.length;
  console.error(`certify-client: stopped (${why}) after ${n} request${n === 1 ? '' : 's'}.`);
  console.log(new Redactor([session.token, session.admin.token]).text(summarize(built.report, { reportDir: o.reportDir })));
  return built.exitCode;
}
