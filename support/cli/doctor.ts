// scim-conformance doctor --target …: in a few seconds and one screen, what the target advertises and what
// it really serves. Reuses the run's own probes (support/targets/capabilities.ts discoverServed).
import { UsageError, memberAddedBy } from '../targets/target.js';
import { parseAnswer } from '../scim/attribute-names.js';
import { requestPath } from '../scim/exchange.js';
import { request, transport } from '../scim/transport.js';
import { discoverServed, lateWritesAdvice, measuredLags, PROBED_FILTERS } from '../targets/capabilities.js';
import { EXIT } from './exit-codes.js';
import { helpText, parseWithConfig, targetOptionSpecs } from './options.js';
import { lagLimit, openTarget, parseTargetOptions, type RunOptions } from './run.js';
import { useColour } from '../report/summary.js';

export const doctorHelp = () => helpText('doctor', 'what the target advertises and what it really serves, in one screen', targetOptionSpecs(),
  ['Reads only, except one throw-away user (to see whether PATCH and ETags are served), deleted at once.']);

export interface DoctorReport { target: string; lines: [string, string, 'ok' | 'warn' | 'info'][] }

export async function doctor(options: RunOptions): Promise<DoctorReport> {
  const target = await openTarget(options);
  try {
    const { scimBase } = target.description;
    const token = target.secrets.token;
    // Through the run's own HTTP layer: its pacing and 429 handling, its TLS settings (--ca-file, --insecure) and
    // its credentials (Basic and OAuth stand behind the bearer value the target opener gives).
    const base = { accept: 'application/scim+json, application/json', 'user-agent': 'scim-conformance (doctor)' };
    const auth = { authorization: `Bearer ${token}` };
    const call = async (method: string, path: string, headers: Record<string, string> = auth, searchParams?: Record<string, string | number>, body?: unknown) => {
      try {
        const sent = body === undefined ? {} : { body: JSON.stringify(body), type: { 'content-type': 'application/scim+json' } };
        const r = await request(method, `${scimBase}/${path}`, { headers: { ...base, ...headers, ...sent.type }, body: sent.body, searchParams, timeoutMs: options.timeoutMs });
        return { status: r.statusCode, type: r.headers['content-type'] ?? '', body: r.body };
      } catch (e) { return { status: 0, type: '', body: (e as Error).message }; }
    };
    const get = (path: string, headers: Record<string, string> = auth, searchParams?: Record<string, string | number>) => call('GET', path, headers, searchParams);
    // attribute names are case insensitive (RFC 7643 §2.1)
    const json = (t: string) => { try { return parseAnswer(t); } catch { return undefined; } };
    const lines: DoctorReport['lines'] = [];
    const spc = await get('ServiceProviderConfig');
    const noAuth = await get('Users', {}, { count: 1 });
    const badAuth = await get('Users', { authorization: 'Bearer scim-conformance-doctor-not-a-token' }, { count: 1 });
    lines.push(['auth', `the token ${spc.status >= 200 && spc.status < 300 ? 'is accepted' : `is answered ${spc.status}`}; no token → ${noAuth.status}, a wrong token → ${badAuth.status}`,
      spc.status === 200 && noAuth.status === 401 && badAuth.status === 401 ? 'ok' : 'warn']);
    const cfg = json(spc.body) ?? {};
    const on = (k: string) => cfg?.[k]?.supported === true;
    const types = await get('ResourceTypes'); const schemas = await get('Schemas');
    lines.push(['discovery', `ServiceProviderConfig ${spc.status}, ResourceTypes ${types.status}, Schemas ${schemas.status}; advertises ${['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag'].map((k) => `${k} ${on(k) ? 'yes' : 'no'}`).join(', ')}`,
      spc.status === 200 && types.status === 200 && schemas.status === 200 ? 'ok' : 'warn']);
    const served = await discoverServed(scimBase, token, options.timeoutMs, undefined, lagLimit(options.settleMs));
    const forms = Object.keys(PROBED_FILTERS).map((f) => `${f} ${served.filters[f] ? '✓' : '✗'}`);
    lines.push(['filters', `userName eq (required); ${forms.join(', ')}`, 'info']);
    const page = await get('Users', auth, { startIndex: 1, count: 1 });
    const pb = json(page.body);
    const paging = page.status !== 200 ? `the unfiltered list is answered ${page.status}` : [`unfiltered list ✓ (totalResults ${pb?.totalResults ?? '?'})`,
      Array.isArray(pb?.Resources) && pb.Resources.length <= 1 ? 'count honoured' : 'count ignored', typeof pb?.nextCursor === 'string' || 'nextCursor' in (pb ?? {}) || cfg?.pagination?.index === false ? 'cursor paging' : 'startIndex paging'].join(', ');
    // RFC 9865 §4: what the SP says of its paging methods, where it says it
    const said = cfg?.pagination && typeof cfg.pagination === 'object' ? `; /ServiceProviderConfig says cursor ${cfg.pagination.cursor === true ? 'yes' : 'no'}, index ${cfg.pagination.index === false ? 'no' : 'yes'} (RFC 9865)` : '';
    lines.push(['paging', `${paging}${said}`, page.status === 200 ? 'ok' : 'info']);
    // its throw-away user is what PATCH and ETags are tried on: without it, nothing is known of either
    const unprobed = served.userNotCreated !== undefined;
    lines.push(['PATCH', `${on('patch') ? 'advertised' : 'not advertised'}, ${unprobed ? `not probed: the probe's user was not created (${served.userNotCreated})` : served.patch ? 'served' : 'not served'}`,
      !unprobed && on('patch') === served.patch ? 'ok' : 'warn']);
    lines.push(['ETag', `${on('etag') ? 'advertised' : 'not advertised'}, ${unprobed ? 'not probed' : served.etag ? 'sent on reads' : 'not sent'}`, !unprobed && on('etag') === served.etag ? 'ok' : 'warn']);
    lines.push(['sort', `${on('sort') ? 'advertised' : 'not advertised'}, sortBy ${served.sort ? 'answered' : 'refused'}`, on('sort') === served.sort ? 'ok' : 'warn']);
    const bulk = (await call('POST', 'Bulk', auth, undefined, { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] })).status;
    const bulkServed = bulk >= 200 && bulk < 300;
    lines.push(['Bulk', `${on('bulk') ? `advertised (maxOperations ${cfg?.bulk?.maxOperations ?? '?'})` : 'not advertised'}; an empty BulkRequest → ${bulk || 'no answer'}`, on('bulk') === bulkServed ? 'ok' : 'warn']);
    lines.push(['.search', `POST /Users/.search ${served.search ? 'served' : 'not served'}`, 'info']);
    const members = served.membersListed === false ? `; a group created with a member does not list it, nor once added by ${memberAddedBy(served)} (as AWS answers groups: the aws profile reads membership with the \`members eq\` filter, while under rfc it cannot be read back)`
      : served.groupCreateIgnoresMembers ? `; a group's create leaves out its members, which are listed once added by ${memberAddedBy(served)} (RFC 7644 §3.3 allows it; setup adds them so)` : '';
    lines.push(['groups', served.groups === false ? 'GET /Groups is not served: users only (under rfc the scenarios that need a group are UNSUPPORTED; AWS serves groups)' : `GET /Groups served${members}`,
      served.membersListed === false ? 'warn' : 'info']);
    // a late lag with no warning is within --settle-ms (a lag never shown always warns)
    for (const lag of measuredLags(served, options.settleMs)) lines.push([lag.label, lag.warning ?? lag.line, lag.warning ? 'warn' : lag.late ? 'info' : 'ok']);
    const advice = lateWritesAdvice(served);
    if (advice) lines.push(['run time', advice, 'info']);
    const asJson = await get('Users', { ...auth, accept: 'application/json' }, { count: 1 });
    lines.push(['media types', `answers ${spc.type.split(';')[0] || '(none)'}; with Accept: application/json → ${asJson.status} ${asJson.type.split(';')[0]}`,
      /application\/scim\+json/.test(spc.type) ? 'ok' : 'warn']);
    const redirect = transport().lastRedirect;
    if (redirect) {
      lines.push(['redirects', `${transport().counters.redirects} requests were answered 307 or 308 and sent again on the target's origin (e.g. ${requestPath(redirect.from)} → ${requestPath(redirect.to)}), as RFC 7644 §3.12 lets an SP direct a client; the simulated IdPs do not follow a redirect (no vendor documents whether its client does), so the IdP scenarios that meet one are not judged`, 'warn']);
    }
    return { target: scimBase, lines };
  } finally {
    await target[Symbol.asyncDispose]();
  }
}

export async function doctorMain(argv: string[]): Promise<number> {
  const values = parseWithConfig(argv, targetOptionSpecs(), 'doctor') as Record<string, any>;
  if (values.help) { process.stdout.write(`${doctorHelp()}\n`); return EXIT.ok; }
  const profile = values['sp-profile'] ?? 'aws';
  if (profile !== 'aws' && profile !== 'rfc') throw new UsageError(`--sp-profile is aws or rfc for doctor, not "${profile}".`);
  const t = parseTargetOptions(values);
  const options = { ...t, spProfile: profile, spProfiles: [profile], faults: [], variants: [], parallel: 0, reportDir: '', seed: 0, quiet: true, raw: values } as RunOptions;
  const started = Date.now();
  const report = await doctor(options);
  const colour = useColour();
  const mark = (k: string) => (k === 'ok' ? (colour ? '\u001b[32m✓\u001b[0m' : '✓') : k === 'warn' ? (colour ? '\u001b[33m!\u001b[0m' : '!') : '·');
  const w = Math.max(...report.lines.map(([k]) => k.length));
  process.stdout.write(`scim-conformance doctor · ${report.target}\n`);
  for (const [k, text, level] of report.lines) process.stdout.write(`${mark(level)} ${k.padEnd(w)}  ${text}\n`);
  process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s; ! = what is advertised and what is served differ, or a check to look at)\n`);
  return EXIT.ok;
}
