// What a target really serves, learned once per run before any scenario starts: /ServiceProviderConfig says
// what the SP advertises; a few cheap probes say what it answers. Scenarios choose a strategy from this
// (page over the unfiltered list when `sw` is not served, say) instead of probing on their own, and an
// optional form the SP refuses is UNSUPPORTED for that form, never wrong. Probes read only, except the one
// user made to see whether PATCH and ETags are served and how late lists and reads by id show it, which is deleted at once.
import { randomBytes } from 'node:crypto';
// attribute names are case insensitive (RFC 7643 §2.1): every answer is read through parseAnswer
import { parseAnswer } from '../scim/attribute-names.js';
import { request } from '../scim/transport.js';
import { ABSENT_ENDPOINT, createdId } from '../scim/paths.js';
import { readPace } from '../scim/read-pace.js';
import { sameIgnoringCase } from '../scim/values.js';
import { ENTERPRISE_SCHEMA, USER_SCHEMA as USER_URN } from '../scim/urns.js';
import { declaredOnly } from '../scim/declared.js';
import type { TargetCapabilities, ServedCapabilities } from './target.js';

/** A valid filter form the RFC allows an SP not to support, probed on /Users with a value that matches no one. */
export const PROBED_FILTERS = {
  'userName sw': (v: string) => `userName sw ${q(v)}`,
  'userName co': (v: string) => `userName co ${q(v)}`,
  'userName ew': (v: string) => `userName ew ${q(v)}`,
  or: (v: string) => `userName eq ${q(v)} or userName eq ${q(`${v}x`)}`,
  and: (v: string) => `userName eq ${q(v)} and active eq true`,
  not: (v: string) => `not (userName eq ${q(v)})`,
  pr: (v: string) => `userName eq ${q(v)} and displayName pr`,
  'value path': (v: string) => `emails[type eq "work" and value eq ${q(v)}]`,
  'sub-attribute': (v: string) => `name.familyName eq ${q(v)}`,
  'externalId eq': (v: string) => `externalId eq ${q(v)}`,
} as const;
export type ProbedFilter = keyof typeof PROBED_FILTERS;

const q = (s: string): string => JSON.stringify(s);
/** Statuses by which an SP says "I do not serve this" (RFC 7644 §3.12 400 invalidFilter; 404, 405, 501). */
export const NOT_SERVED = new Set([400, 404, 405, 501]);

/**
 * `namePrefix`: the run's prefix, so the one user the probe makes is found by `cleanup --prefix` if the run dies.
 * `lagLimitMs`: how long to look for that user in `userName eq`, or for its patch in a read by id, before saying it does not show yet.
 */
export async function discoverServed(scimBase: string, token: string, timeoutMs: number, namePrefix = 'scimc-probe-', lagLimitMs = 4000): Promise<ServedCapabilities> {
  const http = probeClient(scimBase, token, timeoutMs);
  const nobody = `${namePrefix}probe.${randomBytes(6).toString('hex')}@example.com`;
  const status = async (go: () => Promise<{ statusCode: number }>): Promise<number> => { try { return (await go()).statusCode; } catch { return 0; } };

  // startIndex is OPTIONAL (RFC 7644 §3.4.2.4): an SP that refuses a list without it, filtered or not, while it answers
  // the same list with startIndex=1, would refuse every probe below and every list of a row that does not judge paging
  const eq = `userName eq ${q(nobody)}`;
  const refused = (code: number) => code >= 400 && code < 500;
  const unfiltered = await status(() => http.get('Users', { searchParams: { startIndex: 1, count: 1 } }));
  const listNeedsStartIndex = (refused(await status(() => http.get('Users', { searchParams: { filter: eq, count: 1 } })))
      && (await status(() => http.get('Users', { searchParams: { filter: eq, startIndex: 1, count: 1 } }))) === 200)
    || (unfiltered === 200 && refused(await status(() => http.get('Users', { searchParams: { count: 1 } }))));
  const paging: Record<string, number> = listNeedsStartIndex ? { startIndex: 1 } : {};
  const filters = {} as Record<ProbedFilter, boolean>;
  for (const [name, form] of Object.entries(PROBED_FILTERS) as [ProbedFilter, (v: string) => string][]) {
    filters[name] = (await status(() => http.get('Users', { searchParams: { filter: form(nobody), ...paging, count: 1 } }))) === 200;
  }
  const sortServed = (await status(() => http.get('Users', { searchParams: { filter: eq, sortBy: 'userName', ...paging } }))) === 200;
  const search = await status(() => http.post('Users/.search', { json: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: eq },
    headers: { 'content-type': 'application/scim+json' } }));
  const groups = await status(() => http.get('Groups', { searchParams: { startIndex: 1, count: 1 } }));
  // first: the probe's users carry only what /Schemas declares, as the suite's own do (declared.ts)
  const userAttributes = await declaredUserAttributes(http);
  const { patch, etag, externalId, activeAsString, listLag, createLag, readLag, membersListed, groupCreateIgnoresMembers, userNotCreated } = await probeWrites(http, nobody, lagLimitMs, !ABSENT_ENDPOINT.has(groups), paging, userAttributes);
  const dropped = await droppedUserAttributes(http, nobody.replace('probe.', 'probe-attrs.'), lagLimitMs, userAttributes);
  return { filters, unfilteredList: unfiltered === 200, sort: sortServed, search: !NOT_SERVED.has(search) && search >= 200 && search < 300, patch, etag,
    groups: !ABSENT_ENDPOINT.has(groups), ...(userNotCreated ? { userNotCreated } : {}), ...(listNeedsStartIndex ? { listNeedsStartIndex } : {}), ...(externalId !== undefined ? { externalId } : {}), ...(activeAsString !== undefined ? { activeAsString } : {}), ...(listLag ? { listLag } : {}),
    ...(createLag ? { createLag } : {}), ...(readLag ? { readLag } : {}), ...(membersListed !== undefined ? { membersListed } : {}),
    ...(groupCreateIgnoresMembers ? { groupCreateIgnoresMembers } : {}), ...(userAttributes ? { userAttributes } : {}), ...(dropped?.length ? { dropped } : {}) };
}

/** The displayName the probe's user is created with: none its names ("Probe", "Attributes") would make. */
const PROBE_DISPLAY_NAME = 'Shown Apart';

/**
 * The optional user attributes the checks write (RFC 7643 §4.1 and §4.3), by their /Schemas path, and where a read
 * shows each. One throw-away user is created with all of them, then without the enterprise extension if the SP
 * refuses that (an SP may serve no extension), read back by id, and deleted at once.
 */
const KEPT_WITNESSES: { path: string; shows: (u: any) => unknown }[] = [
  // an SP may make displayName of the names (django-scim2 shows "givenName familyName"): one that shows another value
  // than the client's keeps none of the client's, and the probe's differs from anything its names would make
  { path: 'displayname', shows: (u) => (sameIgnoringCase(u?.displayName, PROBE_DISPLAY_NAME) ? u.displayName : undefined) }, { path: 'nickname', shows: (u) => u?.nickName },
  { path: 'title', shows: (u) => u?.title }, { path: 'phonenumbers', shows: (u) => (Array.isArray(u?.phoneNumbers) && u.phoneNumbers.length ? u.phoneNumbers : undefined) },
  { path: 'name.givenname', shows: (u) => u?.name?.givenName },
  { path: `${ENTERPRISE_SCHEMA.toLowerCase()}:department`, shows: (u) => enterpriseOf(u)?.department },
  { path: `${ENTERPRISE_SCHEMA.toLowerCase()}:employeenumber`, shows: (u) => enterpriseOf(u)?.employeeNumber },
];
const enterpriseOf = (u: any): any => (u && typeof u === 'object' ? Object.entries(u).find(([k]) => sameIgnoringCase(k, ENTERPRISE_SCHEMA))?.[1] : undefined);

/**
 * The attributes of KEPT_WITNESSES a user was created with and came back without: the SP keeps none of them, as
 * RFC 7643 §4.1 lets it. Where /Schemas is not served, or declares more than the SP keeps, this is what tells a check
 * not to judge an attribute the SP never holds. Undefined when no create was accepted (nothing learnt).
 */
async function droppedUserAttributes(http: ProbeClient, userName: string, lagLimitMs: number, declared: string[] | undefined): Promise<string[] | undefined> {
  const core = { userName, displayName: PROBE_DISPLAY_NAME, nickName: 'probe', title: 'Probe', name: { givenName: 'Probe', familyName: 'Attributes' },
    emails: [{ value: userName, type: 'work', primary: true }], phoneNumbers: [{ value: '+1 555 0100', type: 'work' }], active: true };
  const withEnterprise = { schemas: [USER_URN, ENTERPRISE_SCHEMA], ...core,
    [ENTERPRISE_SCHEMA]: { department: 'Probe', employeeNumber: '1' } };
  for (const [body, witnesses] of [[withEnterprise, KEPT_WITNESSES], [{ schemas: [USER_URN], ...core }, KEPT_WITNESSES.filter((w) => !w.path.startsWith('urn:'))]] as const) {
    let id: string | undefined;
    try {
      const created = await http.post('Users', { body: JSON.stringify(declaredOnly(body, declared)), headers: { 'content-type': 'application/scim+json' } });
      if (created.statusCode < 200 || created.statusCode >= 300) continue;
      id = idOfCreated(created);
      if (!id) return undefined;
      const { read } = await readAfterCreate(http, `Users/${encodeURIComponent(id)}`, lagLimitMs);
      const kept = read.statusCode === 200 ? parsedOrNothing(read.body) : undefined;
      if (!kept || typeof kept !== 'object') return undefined;
      return witnesses.filter((w) => w.shows(kept) === undefined || w.shows(kept) === null).map((w) => w.path);
    } catch {
      return undefined;
    } finally {
      if (id) await http.delete(`Users/${encodeURIComponent(id)}`).catch(() => undefined);
    }
  }
  return undefined;
}

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:user';

/**
 * The user attributes /Schemas declares (RFC 7644 §4): the core User schema's by name, each extension's (a
 * schema whose id names a User extension) under its URN, and each complex attribute's sub-attributes by path.
 * Undefined when /Schemas is not served or holds no core User schema: nothing is then taken as missing.
 */
async function declaredUserAttributes(http: ProbeClient): Promise<string[] | undefined> {
  try {
    const r = await http.get('Schemas');
    if (r.statusCode !== 200) return undefined;
    const body = parseAnswer(r.body) as { Resources?: unknown } | unknown[];
    const schemas = (Array.isArray(body) ? body : Array.isArray(body?.Resources) ? body.Resources : []) as { id?: unknown; attributes?: unknown }[];
    const core = schemas.find((x) => typeof x?.id === 'string' && x.id.toLowerCase() === USER_SCHEMA);
    if (!core || !Array.isArray(core.attributes)) return undefined;
    const paths: string[] = [];
    const walk = (attrs: unknown, prefix: string): void => {
      for (const a of Array.isArray(attrs) ? attrs as { name?: unknown; subAttributes?: unknown }[] : []) {
        if (typeof a?.name !== 'string') continue;
        const path = `${prefix}${a.name.toLowerCase()}`;
        paths.push(path);
        walk(a.subAttributes, `${path}.`);
      }
    };
    walk(core.attributes, '');
    for (const ext of schemas) {
      if (typeof ext?.id !== 'string' || ext === core || !/:user$/i.test(ext.id) || !/extension/i.test(ext.id)) continue;
      walk(ext.attributes, `${ext.id.toLowerCase()}:`);
    }
    return paths;
  } catch {
    return undefined;
  }
}

type Call = (path: string, options?: { searchParams?: Record<string, string | number>; body?: string; json?: unknown; headers?: Record<string, string> })
  => Promise<{ statusCode: number; body: string; headers: Record<string, string> }>;
interface ProbeClient { get: Call; post: Call; put: Call; patch: Call; delete: Call }

/** Requests below the SCIM base through the shared HTTP layer (pacing, auth, TLS and 429 handling of the run). */
function probeClient(scimBase: string, token: string, timeoutMs: number): ProbeClient {
  const headers = { authorization: `Bearer ${token}`, accept: 'application/scim+json, application/json', 'user-agent': 'scim-conformance (capability probe)' };
  const call = (method: string): Call => (path, options = {}) => request(method, `${scimBase}/${path}`, { ...options, headers: { ...headers, ...options.headers }, timeoutMs });
  return { get: call('GET'), post: call('POST'), put: call('PUT'), patch: call('PATCH'), delete: call('DELETE') };
}

/**
 * How long `holds` takes to come true: asked at once, then again at the settle reads' own pace (read-pace.ts),
 * until it holds or `limitMs` is spent (ms: the time waited).
 */
async function timeUntil(limitMs: number, holds: () => Promise<boolean>): Promise<{ ms: number; held: boolean }> {
  const pace = readPace(limitMs);
  if (await holds()) return { ms: 0, held: true };
  while (await pace.next()) if (await holds()) return { ms: pace.waited(), held: true };
  return { ms: pace.waited(), held: false };
}

/**
 * How long `userName eq` takes to find a user just created. `paging`: startIndex=1 where the SP refuses a list without
 * it (measured as its lag, every refusal would read as a user not listed yet, and every list check would wait it out).
 */
async function listLagOf(http: ProbeClient, userName: string, id: string, limitMs: number, paging: Record<string, number>): Promise<{ ms: number; listed: boolean }> {
  const { ms, held } = await timeUntil(limitMs, async () => {
    try {
      const r = await http.get('Users', { searchParams: { filter: `userName eq ${q(userName)}`, ...paging } });
      return r.statusCode === 200 && (parseAnswer(r.body)?.Resources ?? []).some((u: { id?: unknown }) => u?.id === id);
    } catch { return false; }
  });
  return { ms, listed: held };
}

/**
 * How long a read by id takes to show a PATCH just answered (the witness's new value): read at once, then again at
 * the settle reads' pace, until it shows or `limitMs` is spent. A read replica or a read-through cache may answer
 * the state before the write for a while (RFC 7644 promises no read-your-writes).
 */
async function readLagOf(http: ProbeClient, path: string, witness: LagWitness, limitMs: number): Promise<ByIdLag> {
  const { ms, held } = await timeUntil(limitMs, async () => {
    try {
      const r = await http.get(path);
      return r.statusCode === 200 && witness.holds(parseAnswer(r.body), witness.patched);
    } catch { return false; }
  });
  return { ms, shown: held };
}

/**
 * The first read by id of a resource just created, and how long it answered 404 first (ms; 0: found at once): a read
 * replica that has not seen the insert yet does (RFC 7644 promises no read-your-writes). Read again at the settle
 * reads' pace while 404, until `limitMs` is spent.
 */
async function readAfterCreate(http: ProbeClient, path: string, limitMs: number): Promise<{ read: Awaited<ReturnType<Call>>; lag: ByIdLag }> {
  let read!: Awaited<ReturnType<Call>>;
  const { ms, held } = await timeUntil(limitMs, async () => { read = await http.get(path); return read.statusCode !== 404; });
  return { read, lag: { ms, shown: held } };
}

/** The id a create's answer names: its body's, or its Location's (RFC 7644 §3.3 makes the body a SHOULD). */
const idOfCreated = (created: { body: string; headers: Record<string, string> }): string | undefined =>
  createdId({ body: parsedOrNothing(created.body), headers: created.headers });

/** An answer's resource, its attribute names canonical; undefined where it is not JSON. */
function parsedOrNothing(text: string): any {
  try {
    return parseAnswer(text);
  } catch { return undefined; }
}

/**
 * A throw-away group created with the probe user as its member, in RFC 7644 §3.3's form, then read as the rfc
 * profile reads a group (by id, and with attributes=members when the answer has no members): does the SP list the
 * member it accepted? Undefined when the create was refused (nothing learnt). Its read, straight after the create,
 * measures the create lag as the user's cannot once the list probe has spent it. Deleted at once.
 */
async function listsGroupMembers(http: ProbeClient, userName: string, userId: string, lagLimitMs: number, patchServed: boolean): Promise<{ membersListed?: boolean; createIgnoresMembers?: boolean; createLag?: ByIdLag }> {
  let id: string | undefined;
  const groupName = `${userName.split('@')[0]} group`;
  try {
    const created = await http.post('Groups', { body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: groupName, members: [{ value: userId }] }), headers: { 'content-type': 'application/scim+json' } });
    if (created.statusCode < 200 || created.statusCode >= 300) return {};
    id = idOfCreated(created);
    if (!id) return {};
    const listed = (text: string): boolean | undefined => {
      const members = (parseAnswer(text) as { members?: unknown })?.members;
      return members === undefined ? undefined : Array.isArray(members) && members.some((m) => (m as { value?: unknown })?.value === userId);
    };
    const path = `Groups/${encodeURIComponent(id)}`;
    const { read, lag: createLag } = await readAfterCreate(http, path, lagLimitMs);
    if (read.statusCode !== 200) return { createLag };
    // a plain read's members, or where it has none at all, those attributes=members asks for
    const membersShown = async (plainBody: string): Promise<boolean> => {
      const plain = listed(plainBody);
      if (plain !== undefined) return plain;
      const asked = await http.get(path, { searchParams: { attributes: 'members' } });
      return asked.statusCode === 200 && listed(asked.body) === true;
    };
    if (await membersShown(read.body)) return { membersListed: true, createLag };
    // "the server is free to alter and/or ignore POSTed content" (RFC 7644 §3.3): a member the create left out may
    // still be added as the IdPs add members, by PATCH, or by PUT where PATCH is not served (as setup would); only
    // then is membership truly unreadable
    const added = patchServed
      ? await http.patch(path, { body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }] }), headers: { 'content-type': 'application/scim+json' } })
      : await http.put(path, { body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id,
        displayName: groupName, members: [{ value: userId }] }), headers: { 'content-type': 'application/scim+json' } });
    // read as the settle reads do: an SP that reads through a cache or a replica shows the added member late, and
    // read once at once it would look like one whose groups never list a member
    const listedOnceAdded = added.statusCode >= 200 && added.statusCode < 300
      && (await timeUntil(lagLimitMs, async () => membersShown((await http.get(path)).body))).held;
    return { membersListed: listedOnceAdded, ...(listedOnceAdded ? { createIgnoresMembers: true } : {}), createLag };
  } catch {
    return {};
  } finally {
    if (id) await http.delete(`Groups/${encodeURIComponent(id)}`).catch(() => undefined);
  }
}

/**
 * An attribute the read lag is measured on: the probe creates its user with `sent`, PATCHes it to `patched`, and reads
 * until `holds` sees the new value. Every one is optional (RFC 7643 §4.1), so the probe takes the first the SP kept
 * from the create: an SP that drops displayName would never show a PATCH of it, and every check that a write did not
 * happen would wait the whole settle time for a lag that is not there.
 */
interface LagWitness { path: string; sent: string; patched: string; holds: (user: any, value: string) => boolean }

function lagWitnesses(externalId: string): LagWitness[] {
  // displayName and givenName may come back in the SP's own case (not caseExact); externalId is caseExact. The
  // displayName sent is none the names would make (an SP may show "givenName familyName" whatever was sent)
  return [
    { path: 'displayName', sent: 'Capability Witness', patched: 'Capability Witness Patched', holds: (u, v) => sameIgnoringCase(u?.displayName, v) },
    { path: 'name.givenName', sent: 'Capability', patched: 'Patched', holds: (u, v) => sameIgnoringCase(u?.name?.givenName, v) },
    { path: 'externalId', sent: externalId, patched: `${externalId}-patched`, holds: (u, v) => u?.externalId === v },
  ];
}

/** Whether a PATCH answer shows the witness's new value, or carries no resource to say (204, or no such attribute). */
function appliedOrSilent(text: string, witness: LagWitness): boolean {
  const body = text ? parsedOrNothing(text) : undefined;
  return !body || typeof body !== 'object' || !witness.holds(body, witness.sent) || witness.holds(body, witness.patched);
}

/**
 * One throw-away user: does PATCH answer 2xx, does a read carry an ETag, how late do lists and reads by id show it,
 * does a group list it? Deleted at once (its id encoded). The read lag is measured only where PATCH was served.
 */
async function probeWrites(http: ProbeClient, userName: string, lagLimitMs: number, groupsServed: boolean, paging: Record<string, number>, declared: string[] | undefined): Promise<{ patch: boolean; etag: boolean; externalId?: boolean; activeAsString?: boolean;
  listLag?: { ms: number; listed: boolean }; createLag?: ByIdLag; readLag?: ByIdLag; membersListed?: boolean; groupCreateIgnoresMembers?: boolean; userNotCreated?: string }> {
  const externalId = `probe-${randomBytes(8).toString('hex')}`;
  const witnesses = lagWitnesses(externalId);
  const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, externalId, displayName: witnesses[0].sent, name: { givenName: witnesses[1].sent, familyName: 'Probe' },
    emails: [{ value: userName, type: 'work', primary: true }], active: true };
  let id: string | undefined;
  // what the read after the create shows holds even if a later probe request fails (an SP that a PATCH brings down)
  let learnt: { etag?: boolean; externalId?: boolean; activeAsString?: boolean } = {};
  try {
    const created = await http.post('Users', { body: JSON.stringify(declaredOnly(body, declared)), headers: { 'content-type': 'application/scim+json' } });
    if (created.statusCode < 200 || created.statusCode >= 300) return { patch: false, etag: false, userNotCreated: `its create was answered ${created.statusCode}` };
    id = idOfCreated(created);
    if (!id) return { patch: false, etag: false, userNotCreated: 'its create was answered without an id or a Location' };
    const listLag = await listLagOf(http, userName, id, lagLimitMs, paging);
    const path = `Users/${encodeURIComponent(id)}`;
    // a create lag shorter than the list lag is spent by now: the group's read, straight after its create, sees it
    const { read, lag: userLag } = await readAfterCreate(http, path, lagLimitMs);
    const kept = read.statusCode === 200 ? parsedOrNothing(read.body) : undefined;
    // created with the JSON boolean true: a string back is how this SP types booleans, not what a client sent
    // (learnt only where active came back at all: an SP may keep none)
    const activeAsString = typeof kept?.active === 'string' && /^(true|false)$/i.test(kept.active);
    learnt = { etag: Boolean(read.headers.etag), ...(kept ? { externalId: kept.externalId === externalId } : {}),
      ...(activeAsString || typeof kept?.active === 'boolean' ? { activeAsString } : {}) };
    // PATCH is served where the SP applies it to an attribute it keeps: one it refuses for an attribute (django-scim2
    // answers 501 to displayName, which it makes of the names) says nothing of the next, which is tried in turn
    const keptWitnesses = witnesses.filter((w) => w.holds(kept, w.sent));
    let witness = keptWitnesses[0] ?? witnesses[0];
    let patched!: Awaited<ReturnType<ProbeClient['patch']>>;
    for (const w of keptWitnesses.length ? keptWitnesses : [witness]) {
      witness = w;
      patched = await http.patch(path, { body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: w.path, value: w.patched }] }), headers: { 'content-type': 'application/scim+json' } });
      if (patched.statusCode >= 200 && patched.statusCode < 300) break;
    }
    const patch = patched.statusCode >= 200 && patched.statusCode < 300;
    // the read that filled any cache came before the PATCH: a read that lags shows the old value first. A PATCH
    // answered with a resource that still carries the old value was not applied: no lag to measure, and none waited
    // for; nor where the SP kept none of the witnesses (nothing a read could show)
    const readLag = patch && witness.holds(kept, witness.sent) && appliedOrSilent(patched.body, witness) ? await readLagOf(http, path, witness, lagLimitMs) : undefined;
    const group = groupsServed ? await listsGroupMembers(http, userName, id, lagLimitMs, patch) : {};
    const { membersListed, createIgnoresMembers } = group;
    // a group that never shows is the group endpoint's own matter (RFC-READ-01 judges it), not a lag
    const createLag = group.createLag?.shown && group.createLag.ms > userLag.ms ? group.createLag : userLag;
    return { patch, etag: false, ...learnt, listLag, createLag,
      ...(readLag ? { readLag } : {}), ...(membersListed !== undefined ? { membersListed } : {}), ...(createIgnoresMembers ? { groupCreateIgnoresMembers: true } : {}) };
  } catch (error) {
    return { patch: false, etag: false, ...learnt, ...(id ? {} : { userNotCreated: `its create got no answer: ${(error as Error).message.slice(0, 80)}` }) };
  } finally {
    if (id) await http.delete(`Users/${encodeURIComponent(id)}`).catch(() => undefined);
  }
}

/** A short, secret-free line for the run's log and the report. */
export function describeServed(c: TargetCapabilities): string {
  const s = c.served;
  if (!s) return 'capabilities not probed';
  const forms = Object.entries(s.filters).filter(([, on]) => on).map(([f]) => f);
  // what the probe's user was to show (PATCH, ETags, how booleans come back, the write lags) is unknown without it
  const unprobed = s.userNotCreated !== undefined;
  return [`PATCH ${c.patch ? 'advertised' : 'not advertised'}${unprobed ? ', not probed' : s.patch ? ', served' : ', not served'}`,
    `filters answered: userName eq${forms.length ? `, ${forms.join(', ')}` : ' only'}`,
    `sort ${s.sort ? 'answered' : 'refused'}`, `ETag ${unprobed ? 'not probed' : s.etag ? 'sent' : 'not sent'}`, `.search ${s.search ? 'served' : 'not served'}`,
    ...(unprobed ? [`the probe's user was not created (${s.userNotCreated}): PATCH, ETags, how booleans come back and write lags not probed`] : []),
    ...(s.groups === false ? ['/Groups not served (users only)'] : []),
    ...(s.externalId === false ? ['externalId not stored'] : []),
    ...(s.activeAsString ? ['booleans answered as strings ("true")'] : []),
    ...(s.listNeedsStartIndex ? ['lists refused without startIndex (sent with startIndex=1 here)'] : []),
    ...(s.dropped?.length ? [`user attributes not kept: ${s.dropped.join(', ')}`] : []),
    ...(s.membersListed === false ? ['a group created with a member does not list it'] : []),
    ...(s.groupCreateIgnoresMembers ? ['a group\'s create leaves out its members (added afterwards, they are listed)'] : []),
    ...(s.userAttributes ? [describeSchema(s.userAttributes)] : []),
    ...measuredLags(s).filter((lag) => lag.late).map((lag) => lag.line)].join('; ');
}

/** The attributes the IdPs map that /Schemas leaves out ("/Schemas: every mapped user attribute", or which are not). */
function describeSchema(declared: string[]): string {
  const missing = Object.values(MAPPED_USER_ATTRIBUTES).filter(([path]) => !declared.includes(path)).map(([, name]) => name);
  return missing.length ? `/Schemas declares no ${missing.join(', ')}` : '/Schemas declares every user attribute the IdPs map';
}

/** The user attributes the IdP steps check, by the steps' own words: the /Schemas path, and the name a user reads. */
export const MAPPED_USER_ATTRIBUTES: Record<string, [path: string, shown: string]> = {
  'first name': ['name.givenname', 'name.givenName'], 'last name': ['name.familyname', 'name.familyName'], 'display name': ['displayname', 'displayName'],
  title: ['title', 'title'], 'work phone': ['phonenumbers', 'phoneNumbers'], email: ['emails', 'emails'],
  manager: ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:manager', 'enterprise manager'], active: ['active', 'active'],
};

/** Whether the probe found its new user late, or not at all: the SP's lists follow its writes late. */
export function listsLate(lag: ServedCapabilities['listLag']): lag is NonNullable<ServedCapabilities['listLag']> {
  return !!lag && (lag.ms > 0 || !lag.listed);
}

/** "a new user is found by userName eq after 310 ms", or "… not within 4000 ms". */
export function describeListLag(lag: { ms: number; listed: boolean }): string {
  if (!lag.listed) return `a new user is not found by userName eq within ${lag.ms} ms`;
  return lag.ms === 0 ? 'a new user is found by userName eq at once' : `a new user is found by userName eq only after ${lag.ms} ms`;
}

/**
 * The run's warning when lists show a new user later than the settle time allows: rows that read a list
 * straight after a write would go red for it. Undefined when the settle time covers the lag.
 */
export function listLagWarning(lag: { ms: number; listed: boolean } | undefined, settleMs: number): string | undefined {
  if (!lag || (lag.listed && lag.ms <= settleMs)) return undefined;
  return `${describeListLag(lag)}, longer than --settle-ms ${settleMs}: rows that read a list straight after a write may go red for this lag `
    + `alone (RFC 7644 promises no read-your-writes). Give --settle-ms ${lag.listed ? 'above that' : 'more time'}${lag.listed ? '' : ', or see whether userName eq works at all (RFC-FILTER-01)'}.`;
}

/** A lag measured on reads by id: how long until a read showed the write (ms; 0: at once), or that none did within ms. */
export type ByIdLag = { ms: number; shown: boolean };

/** Whether a read by id showed the probe's write late, or not at all (the create lag, the read lag). */
function showsLate(lag: ByIdLag | undefined): lag is ByIdLag {
  return !!lag && (lag.ms > 0 || !lag.shown);
}

/** Whether the probe's read by id found its new user late, or not at all: the SP's reads by id follow its creates late. */
export const createsLate = showsLate;

/** Whether the probe's read by id showed its PATCH late, or not at all: the SP's reads by id follow its writes late. */
export const readsLate = showsLate;

/** "a read by id finds a new user only after 160 ms", "… at once", or "… not within 4000 ms". */
export function describeCreateLag(lag: ByIdLag): string {
  if (!lag.shown) return `a read by id does not find a new user within ${lag.ms} ms`;
  return lag.ms === 0 ? 'a read by id finds a new user at once' : `a read by id finds a new user only after ${lag.ms} ms`;
}

/** "a read by id shows a PATCH only after 170 ms", "… at once", or "… not within 4000 ms". */
export function describeReadLag(lag: ByIdLag): string {
  if (!lag.shown) return `a read by id does not show a PATCH within ${lag.ms} ms`;
  return lag.ms === 0 ? 'a read by id shows a PATCH at once' : `a read by id shows a PATCH only after ${lag.ms} ms`;
}

/**
 * The run's warning when reads by id show a write (`after`: "creating it", "writing it") later than the settle time
 * allows: rows that read a resource straight after would go red for it. Undefined when the settle time covers the lag.
 */
function byIdLagWarning(lag: ByIdLag | undefined, settleMs: number, describe: (lag: ByIdLag) => string, after: string, check: string): string | undefined {
  if (!lag || (lag.shown && lag.ms <= settleMs)) return undefined;
  return `${describe(lag)}, longer than --settle-ms ${settleMs}: rows that read a resource by id straight after ${after} may go red for this lag `
    + `alone (RFC 7644 promises no read-your-writes). Give --settle-ms ${lag.shown ? 'above that' : 'more time'}${lag.shown ? '' : `, or see whether ${check}`}.`;
}

/** The run's warning when reads by id find a new user later than the settle time allows. */
export const createLagWarning = (lag: ByIdLag | undefined, settleMs: number): string | undefined =>
  byIdLagWarning(lag, settleMs, describeCreateLag, 'creating it', 'a read by id works at all (RFC-READ-01)');

/** The run's warning when reads by id show a PATCH later than the settle time allows. */
export const readLagWarning = (lag: ByIdLag | undefined, settleMs: number): string | undefined =>
  byIdLagWarning(lag, settleMs, describeReadLag, 'writing it', 'a PATCH replace changes the attribute at all (RFC-PATCH-01)');

/**
 * Each lag the probe measured, in one order for the run's log, describeServed and doctor: its doctor label, whether it
 * is late, its line, and the run's warning where --settle-ms does not cover it (none without settleMs).
 */
export function measuredLags(s: ServedCapabilities, settleMs?: number): { label: string; late: boolean; line: string; warning?: string }[] {
  const warn = <L>(warning: (lag: L, settleMs: number) => string | undefined, lag: L) => (settleMs === undefined ? undefined : warning(lag, settleMs));
  return [
    ...(s.listLag ? [{ label: 'lists', late: listsLate(s.listLag), line: describeListLag(s.listLag), warning: warn(listLagWarning, s.listLag) }] : []),
    ...(s.createLag ? [{ label: 'new by id', late: createsLate(s.createLag), line: describeCreateLag(s.createLag), warning: warn(createLagWarning, s.createLag) }] : []),
    ...(s.readLag ? [{ label: 'reads by id', late: readsLate(s.readLag), line: describeReadLag(s.readLag), warning: warn(readLagWarning, s.readLag) }] : []),
  ];
}

/**
 * Advice for a run against an SP that shows its writes late: each check waits the lag out, one scenario after another
 * (3–8× the time of an SP without lag), while cucumber workers overlap those waits. Undefined where nothing is late.
 */
export function lateWritesAdvice(s: ServedCapabilities): string | undefined {
  const late = measuredLags(s).filter((lag) => lag.late).map((lag) => lag.label);
  if (!late.length) return undefined;
  return `this SP shows writes late (${late.join(', ')}), and a serial run waits each lag out, one scenario after another: `
    + '`run --parallel 4` overlaps the waits, with the same verdicts (--rate and --concurrency are shared among the workers; '
    + 'the @console plan runs only serially)';
}
