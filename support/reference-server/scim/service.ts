// The SCIM protocol engine: one tenant's store, one request in, one response out. Handlers are shared by
// both profiles and read the profile's rule set (profiles/aws.ts, profiles/rfc.ts); faults come from faults.ts
// and conformant variants from variants.ts.
import { createHash, randomUUID } from 'node:crypto';
import type { Filter } from 'scim2-parse-filter';
import { runBulk } from './bulk.ts';
import { bad, conflict, errorCodeFor, notFound, ruled, ScimError } from './errors.ts';
import { displayNameOfNames, engineFaults, withFaults } from './faults.ts';
import { engineVariants, lowercaseEmail, lowercaseUserValues, lowercaseKeys, minimalList, namesMembers, RESERVED_ID_PREFIX, returnedOnRequest, uniqueOnServer, reversedValues, seededRandom, shuffleInPlace, shuffledValues, VENDOR_EXTENSION, VENDOR_SCHEMA, withExplicitNulls, withServerDefaults, withVariants, keepCoreOnly, atOffset, PUBLIC_BASE, CORE_SCHEMA_DROP, requireSchema, NAME_OR_ACTIVE, canonicalise } from './variants.ts';
import { checkFilter, conjuncts, evaluate, type Getter, invalidFilter, leftToRight, mapComparisons, parseFilter } from './filter.ts';
import { applyPatch, MemberState, patchOperations } from './patch.ts';
import { awsRules } from './profiles/aws.ts';
import { rfcRules } from './profiles/rfc.ts';
import type { RuleSet } from './profiles/rules.ts';
import { checkGroup, checkUser, coerceBody, etagOf, getCI, isObj, keepingOmitted, project, render } from './resource.ts';
import {
  type AttrDef, ENTERPRISE_SCHEMA, GROUP_SCHEMA, RESOURCE_TYPES, type ResourceKind, type ResourceTypeDef, URN, USER_SCHEMA, resolvePath, resourceTypeJson,
  schemaJson, tailorSchema,
} from './schemas.ts';
import { type Data, type Rec, Store, type StoreChange, primaryEmail } from './store.ts';
import type {
  ScimRequest, ScimResponse, ScimResult, ScimService, ScimServiceOptions, StoredGroupSummary, StoredUserSummary,
} from './types.ts';

export { FAULTS } from './types.ts';
export type * from './types.ts';

const EVENT: Record<ResourceKind, Record<string, string>> = {
  User: { create: 'CreateUser', get: 'GetUser', list: 'ListUsers', put: 'PutUser', patch: 'PatchUser', delete: 'DeleteUser' },
  Group: { create: 'CreateGroup', get: 'GetGroup', list: 'ListGroups', put: 'PutGroup', patch: 'PatchGroup', delete: 'DeleteGroup' },
};

/** List parameters after parsing, from a query string or a SearchRequest body. */
interface ListParams {
  filter?: string;
  startIndex?: string;
  count?: string;
  sortBy?: string;
  sortOrder?: string;
  attributes?: string;
  excludedAttributes?: string;
  /** undefined: no cursor key; '' : bare `cursor` (first page); otherwise the position. */
  cursor?: string;
}

function queryParams(q: URLSearchParams): ListParams {
  const out: Record<string, string> = {};
  let cursor: string | undefined;
  for (const [k, v] of q) {
    const kl = k.toLowerCase();
    if (kl === 'cursor') { if (cursor === undefined || cursor === '') cursor = v; continue; }
    if (v === '' || kl in out) continue; // empty parameters (OneLogin's trailing & and ?) are ignored
    out[kl] = v;
  }
  return {
    filter: out.filter, startIndex: out.startindex, count: out.count, sortBy: out.sortby, sortOrder: out.sortorder,
    attributes: out.attributes, excludedAttributes: out.excludedattributes, cursor,
  };
}

function header(req: ScimRequest, name: string): string | undefined {
  const l = name.toLowerCase();
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() === l && v !== undefined) return v;
  return undefined;
}

/** An opaque cursor for a position in a list: `tag:n` in base64url; one the SP did not give is refused as `refusal` says. */
function cursorCodec(tag: string, refusal: () => ScimError): { encode: (n: number) => string; decode: (cursor: string) => number } {
  const shape = new RegExp(`^${tag}:(\\d+)$`);
  return {
    encode: (n) => Buffer.from(`${tag}:${n}`).toString('base64url'),
    decode: (cursor) => {
      const m = shape.exec(Buffer.from(cursor, 'base64url').toString());
      if (!m) throw refusal();
      return Number(m[1]);
    },
  };
}

/** AWS's cursor: the sequence number of the last resource the page before held. */
const AWS_CURSOR = cursorCodec('c1', () => ruled('AWS-PAGE-01', bad('Invalid cursor')));
/** VARIANT cursor-paging-only: a cursor names how many results of the list came before the page it opens. */
const OFFSET_CURSOR = cursorCodec('o1', () => bad('The cursor is not one this service provider gave: start with an empty cursor and follow nextCursor', 'invalidCursor'));

/** FAULT booleans-as-strings: `active` and each value's `primary` answered as the strings "true" and "false". */
function booleansAsStrings(resource: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...resource };
  if (typeof out.active === 'boolean') out.active = String(out.active);
  for (const [k, v] of Object.entries(out)) {
    if (Array.isArray(v)) out[k] = v.map((x) => (isObj(x) && typeof x.primary === 'boolean' ? { ...x, primary: String(x.primary) } : x));
  }
  return out;
}

export function createScimService(options: ScimServiceOptions): ScimService {
  const faults = engineFaults(options.faults);
  const variants = engineVariants(options.variants);
  const rules: RuleSet = withVariants(withFaults(options.profile === 'aws' ? awsRules : rfcRules, faults), variants);
  /** A resource's URL: the id is percent-encoded (it may hold reserved characters under reserved-character-ids). */
  const urlOf = (baseUrl: string, kind: ResourceKind, id: string): string => `${baseUrl}${RESOURCE_TYPES[kind].endpoint}/${encodeURIComponent(id)}`;
  // VARIANT lagging-lists: lists and filters read a second store (the "index") that replays every change of
  // the first LAG ms after it was made, as a search index that follows the store does. Everything else
  // (get by id, writes, uniqueness) reads the store itself.
  let index: Store | undefined;
  const follow = (change: StoreChange): void => {
    options.changes?.(change);
    const into = index;
    setTimeout(() => { if (index === into) into?.apply(change); }, variants.listLagMs).unref();
  };
  const sink = variants.listLagMs ? follow : options.changes;
  let store = new Store(sink);
  if (variants.listLagMs) index = new Store();
  /** The store that list and filter answers read. */
  const listView = (): Store => index ?? store;

  // ------------------------------------------------------------ helpers
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): ScimResponse =>
    ({ status, headers: { 'Content-Type': rules.contentType, ...headers }, body });

  const rcx = (req: ScimRequest, view = store) => ({ store: view, rules, baseUrl: req.baseUrl });
  const shuffle = seededRandom(0x9e3779b9); // VARIANT unstable-order
  const listShuffle = seededRandom(0x85ebca6b); // VARIANT unstable-list-order

  function output(kind: ResourceKind, rec: Rec, req: ScimRequest, p?: ListParams, view = store): Record<string, unknown> {
    const doc = render(kind, rec, rcx(req, view));
    if (variants.vendorExtension && kind === 'User') { // VARIANT vendor-extension: the SP's own readOnly attribute
      doc.schemas = [...(doc.schemas as string[]), VENDOR_EXTENSION];
      doc[VENDOR_EXTENSION] = { accountTier: 'standard' };
    }
    let shaped = doc;
    const params = rules.projection || variants.membersOnRequest ? p ?? queryParams(req.query) : undefined;
    if (rules.projection) shaped = project(kind, doc, params!.attributes, params!.excludedAttributes);
    // VARIANT members-on-request: a group's members only when `attributes` names them
    if (variants.membersOnRequest && kind === 'Group' && !namesMembers(params!.attributes)) {
      const { members: _left, ...rest } = shaped;
      shaped = rest;
    }
    // VARIANT bare-members: each member of a group, and each group of a user, as its value alone
    if (variants.bareMembers) {
      const bare = (list: unknown) => (Array.isArray(list) ? list.map((m) => (isObj(m) ? { value: m.value } : m)) : list);
      shaped = { ...shaped, ...(Array.isArray(shaped.members) ? { members: bare(shaped.members) } : {}), ...(Array.isArray(shaped.groups) ? { groups: bare(shaped.groups) } : {}) };
    }
    if (variants.offsetTimestamps && isObj(shaped.meta)) { // VARIANT offset-timestamps: the same instants, at +02:00
      const m = shaped.meta;
      shaped = { ...shaped, meta: { ...m, ...(m.created === undefined ? {} : { created: atOffset(m.created) }), ...(m.lastModified === undefined ? {} : { lastModified: atOffset(m.lastModified) }) } };
    }
    const hash = faults.passwordReturned && kind === 'User' ? passwordHashes.get(rec.id) : undefined;
    if (hash !== undefined) shaped = { ...shaped, password: hash }; // FAULT password-returned
    const meta = shaped.meta as Record<string, unknown> | undefined;
    if (faults.resourceTypeMisnamed && typeof meta?.resourceType === 'string') shaped = { ...shaped, meta: { ...meta, resourceType: meta.resourceType.toLowerCase() } }; // FAULT resource-type-misnamed
    const versioned = shaped.meta as Record<string, unknown> | undefined;
    if (faults.versionUnlikeETag && typeof versioned?.version === 'string') shaped = { ...shaped, meta: { ...versioned, version: versioned.version.replace(/^W\//, '') } }; // FAULT version-unlike-etag
    if (faults.booleansAsStrings) shaped = booleansAsStrings(shaped); // FAULT booleans-as-strings
    if (faults.etagNotSent && versioned && 'version' in versioned) { const { version: _v, ...rest } = versioned; shaped = { ...shaped, meta: rest }; } // FAULT etag-not-sent
    if (variants.reorderedValues) shaped = reversedValues(shaped); // VARIANT reordered-values
    if (variants.unstableOrder) shaped = shuffledValues(shaped, shuffle); // VARIANT unstable-order
    // VARIANT explicit-nulls: what the resource does not hold, spelled out (not where the client chose attributes), and
    // only what is returned by default: an attribute returned on request, left out, is not one the resource lacks
    if (variants.explicitNulls && !req.query.has('attributes') && !req.query.has('excludedAttributes')) {
      const byDefault = (a: AttrDef) => a.returned !== 'request' && a.returned !== 'never' && !(variants.membersOnRequest && kind === 'Group' && a.name === 'members');
      shaped = withExplicitNulls(shaped, (schemaDefs.find((d) => d.id === (kind === 'User' ? URN.user : URN.group))?.attributes ?? []).filter(byDefault));
    }
    return variants.lowercaseNames ? lowercaseKeys(shaped) as Record<string, unknown> : shaped; // VARIANT lowercase-attribute-names
  }

  function single(status: number, kind: ResourceKind, rec: Rec, req: ScimRequest, extra: Record<string, string> = {}): ScimResponse {
    const headers: Record<string, string> = { ...extra };
    if (rules.etag && !faults.etagNotSent) headers.ETag = etagOf(rec); // FAULT etag-not-sent
    return json(status, output(kind, rec, req), headers);
  }

  function find(kind: ResourceKind, id: string): Rec {
    const rec = store.collection(kind).get(id);
    if (!rec && faults.unknownId400) throw bad(`${kind} ${id} is not a valid id`); // FAULT unknown-id-400
    if (!rec) throw notFound(kind, id);
    return rec;
  }

  function checkIfMatch(req: ScimRequest, rec: Rec): void {
    if (!rules.etag || faults.ifMatchIgnored) return; // FAULT if-match-ignored
    const h = header(req, 'if-match');
    if (h === undefined || h.trim() === '' || h.trim() === '*') return;
    const want = etagOf(rec).replace(/^W\//, '');
    const ok = h.split(',').some((t) => t.trim().replace(/^W\//, '') === want);
    if (!ok) throw new ScimError(412, `Version mismatch: the resource is at ${etagOf(rec)}`);
  }

  function body(req: ScimRequest): unknown {
    if (req.bodyError !== undefined) throw bad(`Malformed JSON: ${req.bodyError}`, 'invalidSyntax');
    if (req.body === undefined) throw bad('A body is required', 'invalidSyntax');
    return req.body;
  }
  /** A create's or PUT's body. VARIANT vendor-extension: the SP's own readOnly extension, echoed, is ignored under either profile. */
  function resourceBody(req: ScimRequest, kind: ResourceKind): unknown {
    const b = body(req);
    if (variants.schemasRequired) requireSchema(b, RESOURCE_TYPES[kind].core.id); // VARIANT schemas-required
    if (!variants.vendorExtension || !isObj(b)) return b;
    // its URN in any case: it is an attribute name (RFC 7643 §2.1), as lowercase-schema-urns answers it
    const vendor = (u: unknown) => typeof u === 'string' && u.toLowerCase() === VENDOR_EXTENSION.toLowerCase();
    const rest = Object.fromEntries(Object.entries(b).filter(([k]) => !vendor(k)));
    if (Array.isArray(rest.schemas)) rest.schemas = rest.schemas.filter((u) => !vendor(u));
    return rest;
  }

  function memberExists(id: string): boolean {
    const k = store.kindOf(id);
    if (k === undefined) return variants.noReferentialIntegrity && id !== ''; // VARIANT no-referential-integrity
    return rules.memberKinds.includes(k);
  }
  function memberView(id: string, view = store): Record<string, unknown> {
    const u = view.users.get(id);
    if (u) return { value: id, type: 'User', display: u.data.displayName ?? u.data.userName };
    const g = view.groups.get(id);
    if (g) return { value: id, type: 'Group', display: g.data.displayName };
    return { value: id }; // a member that names nothing (no-referential-integrity)
  }

  function assertUniqueUser(data: Data, selfId: string | undefined): void {
    const other = store.userIdByName(data.userName as string);
    if (other !== undefined && other !== selfId) throw conflict(`userName ${String(data.userName)} is already taken`);
    if (rules.uniquePrimaryEmail) {
      const pe = primaryEmail(data);
      if (pe !== undefined) for (const id of store.userIdsByPrimaryEmail(pe)) if (id !== selfId) throw conflict(`Primary email ${pe} belongs to another user`);
    }
    if (variants.uniqueEmails) assertUniqueEmails(data, selfId); // VARIANT unique-emails
  }
  /** VARIANT unique-emails: the lower-cased email values of a user. */
  const emailValuesOf = (data: Data): string[] => (Array.isArray(data.emails) ? data.emails : [])
    .map((e) => (e as Record<string, unknown>)?.value).filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase());
  function assertUniqueEmails(data: Data, selfId: string | undefined): void {
    const mine = new Set(emailValuesOf(data));
    if (mine.size === 0) return;
    for (const r of store.users.newestFirst()) {
      if (r.id === selfId) continue;
      const taken = emailValuesOf(r.data).find((v) => mine.has(v));
      if (taken !== undefined) throw conflict(`The email ${taken} belongs to another user`);
    }
  }
  function assertUniqueGroup(data: Data, selfId: string | undefined): void {
    const other = store.groupIdByName(data.displayName as string);
    if (other !== undefined && other !== selfId) throw conflict(`displayName ${String(data.displayName)} is already taken`);
  }

  function newId(kind: ResourceKind, seq: number): string {
    if (variants.sequentialIds) return String(seq); // VARIANT sequential-ids: the insertion number, shared by users and groups
    if (!variants.reservedCharacterIds) return randomUUID();
    return `${kind === 'User' ? RESERVED_ID_PREFIX : `g${RESERVED_ID_PREFIX.slice(1)}`}${randomUUID()}`; // VARIANT reserved-character-ids
  }

  /** The ids of deleted resources, by recreateKey. */
  const deletedIds = new Map<string, string>();
  /** FAULT password-returned: the hash of each user's password, by id. */
  const passwordHashes = new Map<string, string>();
  /** FAULT deleted-user-listed: deleted users, as a soft delete keeps them. */
  const tombstones = new Map<string, Rec>();
  /**
   * FAULT same-id-after-recreate (a user's id, by its lower-cased userName) and FAULT same-group-id-after-recreate
   * (a group's, by its displayName): the key a deleted id is kept under for the next resource of that name.
   */
  const recreateKey = (kind: ResourceKind, data: Data): string | undefined => (kind === 'User'
    ? (faults.sameIdAfterRecreate ? `user:${String(data.userName).toLowerCase()}` : undefined)
    : (faults.sameGroupIdAfterRecreate ? `group:${String(data.displayName).toLowerCase()}` : undefined));

  function newRec(kind: ResourceKind, data: Data, now: Date): Rec {
    const t = now.toISOString();
    const name = recreateKey(kind, data);
    const reused = name === undefined ? undefined : deletedIds.get(name);
    if (reused !== undefined) deletedIds.delete(name!);
    const seq = store.nextSeq();
    const modified = faults.modifiedApartFromCreated ? new Date(now.getTime() + 1000).toISOString() : t; // FAULT modified-apart-from-created
    return { id: reused ?? newId(kind, seq), seq, created: t, modified, version: 1, data };
  }

  function checkMembers(ids: string[], selfId?: string): void {
    for (const id of ids) if (id === selfId || !memberExists(id)) throw bad(`Member ${id} does not exist`);
  }

  /** delete-emptied-groups fault: drop groups that had members and have none now. */
  function dropEmptied(gids: Iterable<string>): void {
    if (!faults.deleteEmptiedGroups) return;
    for (const gid of gids) if (store.groups.get(gid) && store.members(gid).size === 0) store.delete('Group', gid);
  }

  // ------------------------------------------------------------ users and groups
  /** A written resource's data as this SP stores it (the variants that alter what is POSTed, as RFC 7644 §3.3 allows). */
  function asStored(kind: ResourceKind, data: Data, write: 'whole' | 'patch'): void {
    if (variants.noExternalId) delete data.externalId; // VARIANT no-external-id
    if (kind !== 'User') {
      if (variants.lowercaseGroupNames && typeof data.displayName === 'string') data.displayName = data.displayName.toLowerCase(); // VARIANT lowercase-group-names
      return;
    }
    if (faults.awsExternalIdDropped && rules.name === 'aws') delete data.externalId; // FAULT aws-external-id-dropped
    if (variants.serverDefaults && write === 'whole') withServerDefaults(data); // VARIANT server-filled-defaults
    if (variants.coreOnly) keepCoreOnly(data); // VARIANT core-attributes-only
    if (variants.noDisplayName) delete data.displayName; // VARIANT no-display-name
    if (faults.declaredAttributesDropped) { delete data.title; delete data.nickName; } // FAULT declared-attributes-dropped
    if (faults.displayNameOfNames) data.displayName = displayNameOfNames(data); // FAULT display-name-of-names
    if (variants.noNameOrActive) for (const k of NAME_OR_ACTIVE) delete data[k]; // VARIANT no-name-or-active
    if (variants.canonicalisedValues) canonicalise(data); // VARIANT canonicalised-values
    if (variants.lowercaseUserNames && typeof data.userName === 'string') data.userName = data.userName.toLowerCase(); // VARIANT lowercase-usernames
    if (variants.lowercaseEmails && Array.isArray(data.emails)) data.emails = data.emails.map(lowercaseEmail); // VARIANT lowercase-emails
    if (variants.lowercaseUserValues) lowercaseUserValues(data); // VARIANT lowercase-user-values
  }

  /**
   * VARIANT undeclared-attributes-refused: a written user or group may hold only what /Schemas declares for its type,
   * and a create's or PUT's "schemas" only the type's schema and its extensions. `sent` is the body (none for a PATCH).
   */
  function refuseUndeclared(kind: ResourceKind, data: Data, sent?: unknown): void {
    if (!variants.undeclaredRefused) return;
    const drop = kind === 'User' ? userDrop : schemaDrop;
    const extensions: ReadonlySet<string> = kind === 'User' ? userExtensions : new Set();
    const refused = (what: string) => new ScimError(400, `${what} is not an attribute of the ${kind} schema this service provider serves (see /Schemas)`, 'invalidValue');
    for (const [k, v] of Object.entries(data)) {
      const kl = k.toLowerCase();
      if (kl.startsWith('urn:')) { if (!extensions.has(kl)) throw refused(k); continue; }
      if (drop.has(kl)) throw refused(k);
      if (isObj(v)) for (const sub of Object.keys(v)) if (drop.has(`${kl}.${sub.toLowerCase()}`)) throw refused(`${k}.${sub}`);
    }
    const listed = isObj(sent) ? Object.entries(sent).find(([k]) => k.toLowerCase() === 'schemas')?.[1] : undefined;
    const core = RESOURCE_TYPES[kind].core.id.toLowerCase();
    for (const u of Array.isArray(listed) ? listed : []) {
      if (typeof u === 'string' && u.toLowerCase() !== core && !extensions.has(u.toLowerCase())) {
        throw new ScimError(400, `"schemas" lists ${u}, which the ${kind} resource type does not name (see /ResourceTypes)`, 'invalidValue');
      }
    }
  }

  /** POST; `underId` only for FAULT put-creates-missing, whose PUT creates the user under the id in its path. */
  function create(kind: ResourceKind, req: ScimRequest, now: Date, underId?: string): ScimResponse {
    if (faults.userCreate500 && kind === 'User') throw new ScimError(500, 'Internal error: the user could not be stored.'); // FAULT user-create-500
    const sent = resourceBody(req, kind);
    const c = coerceBody(rules, kind, sent);
    refuseUndeclared(kind, c.data, sent); // VARIANT undeclared-attributes-refused
    asStored(kind, c.data, 'whole');
    if (faults.requiredNamesAccepted) { // FAULT required-names-accepted: the missing required name is made up
      const required = kind === 'User' ? 'userName' : 'displayName';
      if (typeof c.data[required] !== 'string' || c.data[required] === '') c.data[required] = `unnamed-${randomUUID()}`;
    }
    if (kind === 'User') {
      if (c.groupsGiven && rules.groupsOnCreate === 'reject') throw ruled('CLIENT-ATTR-01', bad('groups cannot be set when creating a user'));
      checkUser(rules, c.data, 'create');
      const dup = store.userIdByName(c.data.userName as string);
      if (dup !== undefined && faults.duplicateUserName200) return single(200, 'User', store.users.get(dup)!, req); // FAULT duplicate-username-200
      assertUniqueUser(c.data, undefined);
    } else {
      checkGroup(rules, c.data);
      const members = c.members ?? [];
      if (rules.maxMembersPerCreate !== undefined && members.length > rules.maxMembersPerCreate) throw ruled('AWS-GROUP-02', bad(`At most ${rules.maxMembersPerCreate} members per request`));
      assertUniqueGroup(c.data, undefined);
      checkMembers(members);
      // FAULT group-create-with-members-500: nothing is stored, as a create whose member insert fails and rolls back
      if (faults.groupCreateWithMembers500 && members.length) throw new ScimError(500, 'Internal error: the group\'s members could not be stored.');
    }
    const made = newRec(kind, c.data, now);
    // FAULT create-takes-client-id: the id the client sent becomes the resource's
    const clientId = faults.createTakesClientId && typeof c.id === 'string' && c.id && !store.collection(kind).get(c.id) ? c.id : undefined;
    const chosenId = underId ?? clientId;
    const rec = chosenId ? { ...made, id: chosenId } : made;
    store.insert(kind, rec);
    if (variants.createLagMs) createdAt.set(cacheKey(kind, rec.id), now.getTime()); // VARIANT lagging-creates
    if (faults.passwordReturned && kind === 'User') keepPasswordHash(rec.id, sent); // FAULT password-returned
    if (!variants.groupCreateIgnoresMembers) for (const m of c.members ?? []) store.addMember(rec.id, m); // VARIANT group-create-ignores-members
    const location = urlOf(req.baseUrl, kind, rec.id);
    const created = faults.createAnswers200 ? 200 : 201; // FAULT create-answers-200
    if (faults.createWithoutLocation) return single(created, kind, rec, req); // FAULT create-without-location
    // VARIANT relative-location: the header names the same URI by its path
    const answer = single(created, kind, rec, req, { Location: variants.relativeLocation ? new URL(location).pathname : location });
    if (variants.createAnswersLocationOnly) return { status: answer.status, headers: answer.headers }; // VARIANT create-answers-location-only
    if (!variants.createAnswersMinimal) return answer;
    const { schemas, id, meta } = answer.body as Data; // VARIANT create-answers-minimal: schemas, id and meta, no more
    return { ...answer, body: { schemas, id, meta } };
  }

  function replace(kind: ResourceKind, id: string, req: ScimRequest, now: Date): ScimResponse {
    if (faults.putCreatesMissing && kind === 'User' && !store.users.get(id)) return create('User', req, now, id); // FAULT put-creates-missing
    const rec = find(kind, id);
    if (faults.userPut500 && kind === 'User') throw new ScimError(500, 'Internal error: the user could not be replaced.'); // FAULT user-put-500
    checkIfMatch(req, rec);
    const b = resourceBody(req, kind);
    if (faults.echoedMetaRefused && isObj(b) && Object.keys(b).some((k) => k.toLowerCase() === 'meta')) { // FAULT echoed-meta-refused
      throw new ScimError(400, 'meta is read-only', 'mutability');
    }
    const c = coerceBody(rules, kind, b);
    if (faults.putMerges) c.data = { ...rec.data, ...c.data }; // FAULT put-merges: what the body clears with null is kept too
    else if (variants.putKeepsOmitted) c.data = keepingOmitted(rec.data, c); // VARIANT put-keeps-omitted
    refuseUndeclared(kind, c.data, b); // VARIANT undeclared-attributes-refused
    asStored(kind, c.data, 'whole');
    if (c.id !== undefined && c.id !== rec.id) throw new ScimError(400, 'id does not match the resource', 'mutability');
    const sentCreated = isObj(b) && isObj(b.meta) ? b.meta.created : undefined;
    if (faults.putTakesClientMeta && typeof sentCreated === 'string') rec.created = sentCreated; // FAULT put-takes-client-meta
    if (kind === 'User') {
      checkUser(rules, c.data, 'put');
      if (!faults.uniquenessOnCreateOnly) assertUniqueUser(c.data, rec.id); // FAULT uniqueness-on-create-only
      update(kind, rec, c.data, now);
    } else {
      checkGroup(rules, c.data);
      assertUniqueGroup(c.data, rec.id);
      if (c.members) checkMembers(c.members, rec.id);
      const had = store.members(rec.id).size;
      update(kind, rec, c.data, now);
      if (c.members) {
        const want = new Set(c.members);
        for (const m of [...store.members(rec.id)]) if (!want.has(m)) store.removeMember(rec.id, m);
        for (const m of c.members) store.addMember(rec.id, m);
      }
      if (had > 0) dropEmptied([rec.id]);
      if (!store.groups.get(rec.id)) return { status: 204 };
    }
    // FAULT put-renews-created: an accepted PUT moves created (a second at least, so a PUT in the create's millisecond does too)
    if (faults.putRenewsCreated && !faults.putTakesClientMeta) rec.created = new Date(Math.max(now.getTime(), Date.parse(rec.created) + 1000)).toISOString();
    if (faults.putAnswers204) return { status: 204, headers: rules.etag && !faults.etagNotSent ? { ETag: etagOf(rec) } : {} }; // FAULT put-answers-204
    return single(200, kind, rec, req);
  }

  /** One atomic PATCH: clone, apply every operation, validate the result, then commit. */
  function patchOnce(kind: ResourceKind, rec: Rec, patchBody: unknown, now: Date): void {
    const data = structuredClone(rec.data);
    const members = kind === 'Group' ? new MemberState(store.members(rec.id)) : undefined;
    applyPatch(patchBody, data, { rules, faults, kind, id: rec.id, memberExists, memberView, members, unmatchedRemoveSucceeds: variants.unmatchedRemoveSucceeds });
    refuseUndeclared(kind, data); // VARIANT undeclared-attributes-refused
    asStored(kind, data, 'patch');
    if (kind === 'User') { checkUser(rules, data, 'patch'); if (!faults.uniquenessOnCreateOnly) assertUniqueUser(data, rec.id); } // FAULT uniqueness-on-create-only
    else { checkGroup(rules, data); assertUniqueGroup(data, rec.id); }
    const had = members ? members.base.size : 0;
    update(kind, rec, data, now);
    if (members) {
      if (members.cleared) { for (const m of [...store.members(rec.id)]) if (!members.added.has(m)) store.removeMember(rec.id, m); }
      else for (const m of members.removed) store.removeMember(rec.id, m);
      for (const m of members.added) store.addMember(rec.id, m);
      if (had > 0) dropEmptied([rec.id]);
    }
  }

  /**
   * A PUT's or PATCH's new data stored, with the faults that act on a user's change: FAULT username-immutable
   * and FAULT reactivation-ignored before, FAULT rename-drops-memberships after.
   */
  function update(kind: ResourceKind, rec: Rec, data: Data, now: Date): void {
    const before = rec.data;
    if (kind === 'User') {
      if (faults.userNameImmutable && String(data.userName).toLowerCase() !== String(before.userName).toLowerCase()) {
        throw new ScimError(400, 'userName cannot be changed', 'mutability');
      }
      if (faults.reactivationIgnored && before.active === false && data.active === true) data.active = false;
    }
    store.update(kind, rec, data, now.toISOString());
    if (kind === 'User' && faults.renameDropsMemberships) {
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      if (!same(before.userName, data.userName) || !same(before.emails, data.emails)) {
        for (const gid of [...store.memberOf(rec.id)]) store.removeMember(gid, rec.id);
      }
    }
  }

  function patch(kind: ResourceKind, id: string, req: ScimRequest, now: Date): ScimResponse {
    const rec = find(kind, id);
    if (faults.userPatch500 && kind === 'User') throw new ScimError(500, 'Internal error: the user could not be updated.'); // FAULT user-patch-500
    if (faults.groupPatch500 && kind === 'Group') throw new ScimError(500, 'Internal error: the group could not be updated.'); // FAULT group-patch-500
    checkIfMatch(req, rec);
    const b = body(req);
    if (variants.schemasRequired) requireSchema(b, URN.patchOp); // VARIANT schemas-required
    try {
      patchOnce(kind, rec, b, now);
    } catch (error) {
      // FAULT patch-not-atomic: the request is refused, but the longest prefix of operations that would
      // have succeeded on its own (request-level checks included) is kept.
      if (faults.patchNotAtomic && error instanceof ScimError) {
        const ops = patchOperations(b).map((o) => ({ op: o.op, path: o.path, value: o.value }));
        for (let k = ops.length - 1; k >= 1; k--) {
          try { patchOnce(kind, rec, { Operations: ops.slice(0, k) }, now); break; } catch { /* a shorter prefix */ }
        }
      }
      // FAULT refused-patch-touches-meta: the same attributes stored again, as a new version
      if (faults.refusedPatchTouchesMeta && error instanceof ScimError) store.update(kind, rec, rec.data, now.toISOString());
      // FAULT read-only-patch-501, unhandled-patch-501: django-scim2's answer to a path it has no handler for
      if (error instanceof ScimError && error.scimType && faults.patchRefusals501.has(error.scimType)) throw new ScimError(501, 'Not Implemented');
      throw error;
    }
    if (!store.collection(kind).get(id)) return { status: 204 };
    const status = kind === 'User' ? rules.patchUserStatus : rules.patchGroupStatus;
    // VARIANT patch-answers-204: "The server MUST return a 200 OK if the "attributes" parameter is specified" (§3.5.2)
    const mustShow = variants.patchAnswers204 && req.query.has('attributes');
    if (status === 204 && !mustShow) return rules.etag && !faults.etagNotSent ? { status, headers: { ETag: etagOf(rec) } } : { status };
    return single(200, kind, rec, req);
  }

  /** FAULT password-returned: the SHA-256 of the password a create sent, answered as the user's password. */
  function keepPasswordHash(id: string, body: unknown): void {
    const key = isObj(body) ? Object.keys(body).find((k) => k.toLowerCase() === 'password') : undefined;
    const password = key === undefined ? undefined : (body as Record<string, unknown>)[key];
    if (typeof password === 'string') passwordHashes.set(id, createHash('sha256').update(password).digest('hex'));
  }

  function remove(kind: ResourceKind, id: string, req: ScimRequest): ScimResponse {
    const rec = find(kind, id);
    checkIfMatch(req, rec);
    if (faults.disabledUserDeleteRefused && kind === 'User' && rec.data.active === false) throw bad('An inactive user cannot be deleted'); // FAULT disabled-user-delete-refused
    if (faults.deleteIgnored) return { status: 204 }; // FAULT delete-ignored: answered, and lost
    // FAULT delete-answers-200: 200 with the resource as it was just before the delete, instead of 204.
    const answer: ScimResponse = faults.deleteAnswers200 ? single(200, kind, rec, req) : { status: 204 };
    // FAULT same-id-after-recreate, same-group-id-after-recreate: the id is kept for the next resource of that name
    const kept = recreateKey(kind, rec.data);
    if (kept !== undefined) deletedIds.set(kept, id);
    if (faults.deletedUserListed && kind === 'User') tombstones.set(id, rec); // FAULT deleted-user-listed
    // FAULT deleted-user-stays-member
    const touched = store.delete(kind, id, { keepMemberships: faults.deletedUserStaysMember && kind === 'User' });
    dropEmptied(touched);
    forgetReads(kind, id); // VARIANT lagging-reads
    return answer;
  }

  function get(kind: ResourceKind, id: string, req: ScimRequest, now: Date): ScimResponse {
    refuseExcludedMembers([kind], () => queryParams(req.query));
    // VARIANT lagging-creates: the replica a read goes to has not seen the insert yet
    const born = createdAt.get(cacheKey(kind, id));
    if (born !== undefined) {
      if (now.getTime() - born < variants.createLagMs && store.collection(kind).get(id)) throw notFound(kind, id);
      createdAt.delete(cacheKey(kind, id)); // seen once, seen for good (and a deleted one is 404 by the store's own word)
    }
    const answer = variants.readLagMs ? cachedRead(kind, id, req, now) : single(200, kind, find(kind, id), req);
    const etag = answer.headers?.ETag;
    if (etag !== undefined) {
      const inm = header(req, 'if-none-match');
      if (inm && inm.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === etag.replace(/^W\//, ''))) {
        return { status: 304, headers: { ETag: etag } };
      }
    }
    return answer;
  }

  // VARIANT lagging-reads: a read-through cache of GET-by-id answers (per resource and query string), each kept
  // LAG ms from the read that filled it; writes neither read nor refresh it. A delete empties the resource's
  // entries, as RFC 7644 §3.6 makes a deleted resource 404 to every operation.
  const readCache = new Map<string, { until: number; answer: ScimResponse }>();
  const createdAt = new Map<string, number>(); // VARIANT lagging-creates: when each resource not yet read was made, by cacheKey
  const cacheKey = (kind: ResourceKind, id: string): string => `${kind}\u0000${id}\u0000`;
  function cachedRead(kind: ResourceKind, id: string, req: ScimRequest, now: Date): ScimResponse {
    const key = `${cacheKey(kind, id)}${req.rawQuery}`;
    const hit = readCache.get(key);
    if (hit && hit.until > now.getTime()) return hit.answer;
    if (readCache.size > 10_000) for (const [k, e] of readCache) if (e.until <= now.getTime()) readCache.delete(k);
    const answer = single(200, kind, find(kind, id), req);
    readCache.set(key, { until: now.getTime() + variants.readLagMs, answer });
    return answer;
  }
  function forgetReads(kind: ResourceKind, id: string): void {
    for (const k of readCache.keys()) if (k.startsWith(cacheKey(kind, id))) readCache.delete(k);
  }

  // ------------------------------------------------------------ filters and lists
  function recGetter(kind: ResourceKind, rec: Rec, baseUrl: string, view = store): Getter {
    return (path) => {
      const ref = resolvePath(kind, path);
      if (!ref || !ref.attr) throw invalidFilter(`Unknown attribute ${path}`);
      const a = ref.attr;
      let vals: unknown[];
      if (ref.common) {
        if (a.name === 'id') vals = [rec.id];
        else if (a.name === 'externalId') vals = rec.data.externalId === undefined ? [] : [rec.data.externalId];
        else vals = [{ resourceType: kind, created: rec.created, lastModified: rec.modified, version: etagOf(rec), location: urlOf(baseUrl, kind, rec.id) }];
      } else if (kind === 'Group' && a.name === 'members') {
        vals = [...view.members(rec.id)].map((m) => memberView(m, view));
      } else if (kind === 'User' && a.name === 'groups') {
        vals = [...view.memberOf(rec.id)].map((gid) => ({ value: gid, display: view.groups.get(gid)?.data.displayName, type: 'direct' }));
      } else {
        const holder = ref.ext ? rec.data[ref.ext] : rec.data;
        const v = isObj(holder) ? holder[a.name] : undefined;
        vals = v === undefined ? [] : Array.isArray(v) ? v : [v];
      }
      if (ref.sub) {
        const s = ref.sub.name;
        return { values: vals.flatMap((x) => (isObj(x) && x[s] !== undefined ? [x[s]] : [])), def: ref.sub };
      }
      return { values: vals, def: a };
    };
  }

  /** An `eq` conjunct an index answers: the candidate ids and an O(1) test. */
  function indexed(kind: ResourceKind, f: Filter, view: Store): { ids: () => Iterable<string>; size: () => number; test: (r: Rec) => boolean } | undefined {
    const c = f as { op: string; attrPath?: string; compValue?: unknown };
    if (c.op !== 'eq' || typeof c.compValue !== 'string' || typeof c.attrPath !== 'string') return undefined;
    const ref = resolvePath(kind, c.attrPath);
    if (!ref?.attr || ref.ext) return undefined;
    const key = (ref.attr.name + (ref.sub ? `.${ref.sub.name}` : '')).toLowerCase();
    const v = c.compValue;
    const one = (id: string | undefined) => ({ ids: () => (id === undefined ? [] : [id]), size: () => (id === undefined ? 0 : 1) });
    const many = (s: ReadonlySet<string>) => ({ ids: () => s, size: () => s.size });
    if (key === 'id') return { ...one(v), test: (r) => r.id === v };
    if (key === 'externalid') {
      const s = kind === 'User' ? view.userIdsByExternalId(v) : view.groupIdsByExternalId(v);
      return { ...many(s), test: (r) => r.data.externalId === v };
    }
    if (kind === 'User') {
      if (key === 'username' && faults.caseSensitiveUserNameFilter) return { ...one(view.userIdByName(v)), test: (r) => r.data.userName === v }; // FAULT case-sensitive-username-filter
      if (key === 'username') return { ...one(view.userIdByName(v)), test: (r) => (r.data.userName as string).toLowerCase() === v.toLowerCase() };
      if (key === 'groups' || key === 'groups.value') return { ...many(view.members(v)), test: (r) => view.memberOf(r.id).has(v) };
    } else {
      if (key === 'displayname') return { ...one(view.groupIdByName(v)), test: (r) => (r.data.displayName as string).toLowerCase() === v.toLowerCase() };
      if ((key === 'members' || key === 'members.value') && faults.memberFilterBlind) return { ...one(undefined), test: () => false }; // FAULT member-filter-blind
      if (key === 'members' || key === 'members.value') return { ...many(view.memberOf(v)), test: (r) => view.members(r.id).has(v) };
    }
    return undefined;
  }

  /**
   * FAULT boolean-ordering-answered: `active gt false` answered as false < true would order it (`active eq true`),
   * where RFC 7644 §3.4.2.2 says gt, ge, lt and le on a boolean "SHALL cause a failed response".
   */
  function orderedBooleans(kind: ResourceKind, f: Filter): Filter {
    return mapComparisons(f, (c) => orderedBoolean(kind, c));
  }

  function orderedBoolean(kind: ResourceKind, f: Filter): Filter {
    const node = f as { op: string; attrPath?: string; compValue?: unknown };
    const ref = typeof node.attrPath === 'string' ? resolvePath(kind, node.attrPath) : undefined;
    if (!['gt', 'ge', 'lt', 'le'].includes(node.op) || (ref?.sub ?? ref?.attr)?.type !== 'boolean' || typeof node.compValue !== 'boolean') return f;
    const v = node.compValue ? 1 : 0;
    const holds = (x: number) => (node.op === 'gt' ? x > v : node.op === 'ge' ? x >= v : node.op === 'lt' ? x < v : x <= v);
    const matching = [0, 1].filter(holds);
    if (matching.length === 2) return { op: 'pr', attrPath: node.attrPath } as Filter;
    if (matching.length === 1) return { op: 'eq', attrPath: node.attrPath, compValue: matching[0] === 1 } as Filter;
    return { op: 'not', filter: { op: 'pr', attrPath: node.attrPath } } as Filter;
  }

  /** FAULT sw-ignored: each `sw` comparison is read as `pr` of its attribute, so it matches every resource that has one. */
  function startsWithIgnored(f: Filter): Filter {
    return mapComparisons(f, (c) => {
      const node = c as { op: string; attrPath?: string };
      return node.op === 'sw' ? ({ op: 'pr', attrPath: node.attrPath } as Filter) : c;
    });
  }

  function compileFilter(kind: ResourceKind, text: string): Filter {
    const parsed = faults.filterLeftToRight ? leftToRight(parseFilter(text)) : parseFilter(text); // FAULT filter-left-to-right
    const read = faults.swIgnored ? startsWithIgnored(parsed) : parsed; // FAULT sw-ignored
    const f = faults.booleanOrderingAnswered ? orderedBooleans(kind, read) : read; // FAULT boolean-ordering-answered
    rules.validateListFilter?.(f, kind);
    // FAULT filter-names-case-sensitive: an operator or an attribute name written in another case is unknown
    if (faults.filterNamesCaseSensitive) {
      const operator = /\b(eq|ne|co|sw|ew|gt|lt|ge|le|pr|and|or|not)\b/gi;
      for (const m of text.replace(/"(?:[^"\\]|\\.)*"/g, '""').matchAll(operator)) {
        if (m[0] !== m[0].toLowerCase()) throw invalidFilter(`Unknown operator ${m[0]}`);
      }
    }
    checkFilter(f, (p) => {
      const r = resolvePath(kind, p);
      if (faults.filterNamesCaseSensitive && r?.attr && !r.ext && p !== r.attr.name + (r.sub ? `.${r.sub.name}` : '')) return undefined;
      return r?.sub ?? r?.attr;
    });
    return f;
  }

  /** Every record of `view` matching `f`, in insertion order; indexes first, a scan only when no index applies. */
  function matching(kind: ResourceKind, f: Filter | undefined, baseUrl: string, view: Store): Rec[] {
    const coll = view.collection(kind);
    if (!f) return [...coll.values()];
    const parts = conjuncts(f);
    const idx = parts.map((p) => indexed(kind, p, view));
    const usable = idx.filter((x): x is NonNullable<typeof x> => !!x);
    const allIndexed = usable.length === parts.length;
    const test = allIndexed
      ? (r: Rec) => usable.every((x) => x.test(r))
      : (r: Rec) => evaluate(f, recGetter(kind, r, baseUrl, view));
    if (usable.length) {
      const best = usable.reduce((a, b) => (b.size() < a.size() ? b : a));
      const out: Rec[] = [];
      for (const id of best.ids()) { const r = coll.get(id); if (r && test(r)) out.push(r); }
      return withTombstones(kind, f, baseUrl, view, out.sort((a, b) => a.seq - b.seq));
    }
    const out: Rec[] = [];
    for (const r of coll.values()) if (test(r)) out.push(r);
    return withTombstones(kind, f, baseUrl, view, out);
  }

  /** FAULT deleted-user-listed: a filter still finds the users deleted since (a soft delete the lists forgot). */
  function withTombstones(kind: ResourceKind, f: Filter, baseUrl: string, view: Store, found: Rec[]): Rec[] {
    if (kind !== 'User' || tombstones.size === 0) return found;
    const dead = [...tombstones.values()].filter((r) => evaluate(f, recGetter(kind, r, baseUrl, view)));
    return dead.length ? [...found, ...dead] : found;
  }

  function parseCount(p: ListParams): number {
    if (faults.ignoreCount) return Number.MAX_SAFE_INTEGER; // FAULT ignore-count
    if (p.count === undefined) return rules.defaultCount;
    if (!/^\s*-?\d+\s*$/.test(p.count)) throw bad(`count must be an integer: ${p.count}`);
    const n = Number(p.count);
    if (n < 0 && faults.pageParamsUnclamped) return rules.defaultCount; // FAULT page-params-unclamped: a negative count is no count
    if (n < 1) { if (rules.countBelowOne === 'refuse') throw ruled('AWS-PAGE-01', bad('count must be at least 1')); return 0; }
    return Math.min(n, rules.maxResults);
  }

  function sortRecs(kinds: ResourceKind[], recs: { kind: ResourceKind; rec: Rec }[], p: ListParams, baseUrl: string, view: Store): void {
    if (!rules.sort || !p.sortBy) return;
    const refs = kinds.map((k) => resolvePath(k, p.sortBy!));
    if (refs.every((r) => !r?.attr)) throw bad(`Unknown sortBy attribute ${p.sortBy}`);
    const desc = (p.sortOrder ?? '').toLowerCase() === 'descending' && !faults.sortOrderIgnored; // FAULT sort-order-ignored
    const key = (x: { kind: ResourceKind; rec: Rec }): string | number | undefined => {
      if (!resolvePath(x.kind, p.sortBy!)?.attr) return undefined;
      const r = recGetter(x.kind, x.rec, baseUrl, view)(p.sortBy!);
      let v: unknown = r.values.find((e) => isObj(e) && e.primary === true) ?? r.values[0];
      if (isObj(v)) v = v.value;
      if (typeof v === 'string') return r.def.caseExact ? v : v.toLowerCase();
      if (typeof v === 'number') return v;
      if (typeof v === 'boolean') return v ? 1 : 0;
      return undefined;
    };
    const keyed = recs.map((x) => ({ x, k: key(x) }));
    keyed.sort((a, b) => {
      if (a.k === undefined && b.k === undefined) return a.x.rec.seq - b.x.rec.seq;
      if (a.k === undefined) return 1;
      if (b.k === undefined) return -1;
      const c = a.k < b.k ? -1 : a.k > b.k ? 1 : a.x.rec.seq - b.x.rec.seq;
      return desc ? -c : c;
    });
    recs.splice(0, recs.length, ...keyed.map((e) => e.x));
  }

  /** FAULT excluded-members-refused: a group read or list that leaves members out is refused. */
  function refuseExcludedMembers(kinds: ResourceKind[], params: () => ListParams): void {
    if (faults.excludedMembersRefused && kinds.includes('Group') && /(^|,)\s*members\s*(,|$)/i.test(params().excludedAttributes ?? '')) {
      throw bad('excludedAttributes=members is not supported');
    }
  }

  /** FAULT filter-miss-404: a filter that matches nothing is 404, whichever paging answers it. */
  function refuseFilterMiss(filtered: boolean, total: number): void {
    if (faults.filterMiss404 && filtered && total === 0) throw new ScimError(404, 'No resource matches the filter');
  }

  /** VARIANT explicit-nulls: an RFC error body (the one with "schemas") spells out its unset optional members as null. */
  function withNullErrorFields(body: Record<string, unknown>): Record<string, unknown> {
    return variants.explicitNulls && Array.isArray(body.schemas) ? { scimType: null, detail: null, ...body } : body;
  }

  function list(kinds: ResourceKind[], p: ListParams, req: ScimRequest): ScimResponse {
    refuseExcludedMembers(kinds, () => p);
    const filters = new Map<ResourceKind, Filter | undefined>();
    if (p.filter !== undefined) {
      let lastError: ScimError | undefined;
      for (const k of kinds) {
        try { filters.set(k, compileFilter(k, p.filter)); } catch (e) { if (e instanceof ScimError) lastError = e; else throw e; }
      }
      if (filters.size === 0) throw lastError ?? invalidFilter('Invalid filter');
    } else for (const k of kinds) filters.set(k, undefined);
    // VARIANT unfiltered-lists-refused: a list that would match every resource is refused, as a lookthrough limit does
    if (variants.unfilteredListsRefused && p.filter === undefined) throw new ScimError(400, 'The search request matched too many results: give a filter', 'tooMany');
    // FAULT start-index-required: a list without startIndex (nor a cursor) is refused, as Okta's sample SCIM server does
    if (faults.startIndexRequired && req.method === 'GET' && p.startIndex === undefined && p.cursor === undefined) throw bad('startIndex is required');
    const count = parseCount(p);
    const view = listView();
    const out = (kind: ResourceKind, rec: Rec) => output(kind, rec, req, p, view);

    if (rules.paging === 'cursor') {
      if (faults.startIndexRefused && p.startIndex !== undefined) throw bad('startIndex is not supported: page with cursor'); // FAULT start-index-refused
      const kind = kinds[0]!;
      const f = filters.get(kind);
      const coll = view.collection(kind);
      if (p.cursor !== undefined) {
        const after = p.cursor === '' ? 0 : AWS_CURSOR.decode(p.cursor);
        let items: Rec[];
        let more: boolean;
        if (!f) ({ items, more } = coll.pageAfter(after, count));
        else { const all = matching(kind, f, req.baseUrl, view).filter((r) => r.seq > after); items = all.slice(0, count); more = all.length > count; }
        const b: Record<string, unknown> = { schemas: [URN.listResponse], Resources: items.map((r) => out(kind, r)), itemsPerPage: items.length };
        if (more && items.length) b.nextCursor = AWS_CURSOR.encode(items[items.length - 1]!.seq);
        return json(200, b);
      }
      let items: Rec[];
      let total: number;
      if (!f) { items = coll.pageAfter(0, count).items; total = coll.size; }
      else { const all = matching(kind, f, req.baseUrl, view); items = all.slice(0, count); total = all.length; }
      refuseFilterMiss(f !== undefined, total);
      return json(200, { schemas: [URN.listResponse], totalResults: total, itemsPerPage: items.length, startIndex: 1, Resources: items.map((r) => out(kind, r)) });
    }

    let startIndex = 1;
    if (variants.cursorPagingOnly) startIndex = 1 + (p.cursor ? OFFSET_CURSOR.decode(p.cursor) : 0); // VARIANT cursor-paging-only: startIndex is ignored
    else if (p.startIndex !== undefined) {
      if (!/^\s*-?\d+\s*$/.test(p.startIndex)) throw bad(`startIndex must be an integer: ${p.startIndex}`);
      if (Number(p.startIndex) < 1 && faults.pageParamsUnclamped) throw bad(`startIndex must be at least 1: ${p.startIndex}`); // FAULT page-params-unclamped
      startIndex = Math.max(1, Number(p.startIndex));
    }
    // FAULT start-index-zero-based: a startIndex that is sent is taken as the number of results to skip
    const skip = faults.startIndexZeroBased && p.startIndex !== undefined && !variants.cursorPagingOnly ? startIndex : startIndex - 1;
    let page: { kind: ResourceKind; rec: Rec }[];
    let total: number;
    const sorted = rules.sort && p.sortBy !== undefined;
    const unfilteredSingle = kinds.length === 1 && !filters.get(kinds[0]!) && !sorted && !variants.unstableListOrder;
    if (unfilteredSingle) {
      const coll = view.collection(kinds[0]!);
      total = coll.size;
      page = coll.slice(skip, count).map((rec) => ({ kind: kinds[0]!, rec }));
    } else {
      const all: { kind: ResourceKind; rec: Rec }[] = [];
      for (const [k, f] of filters) for (const rec of matching(k, f, req.baseUrl, view)) all.push({ kind: k, rec });
      sortRecs(kinds, all, p, req.baseUrl, view);
      if (variants.unstableListOrder && !sorted) shuffleInPlace(all, listShuffle); // VARIANT unstable-list-order
      total = all.length;
      page = all.slice(skip, skip + count);
    }
    refuseFilterMiss(p.filter !== undefined, total);
    // VARIANT cursor-paging-only: no startIndex, and a nextCursor while more results remain (RFC 9865 §2, §2.3)
    const position = variants.cursorPagingOnly ? (skip + page.length < total ? { nextCursor: OFFSET_CURSOR.encode(skip + page.length) } : {}) : { startIndex };
    // VARIANT cursor-paging-uncounted: no totalResults (RFC 9865 §2)
    const counted = variants.uncountedLists ? {} : { totalResults: total };
    const body = { schemas: [URN.listResponse], ...counted, itemsPerPage: page.length, ...position, Resources: page.map((x) => out(x.kind, x.rec)) };
    if (variants.explicitNulls && page.length === 0) return json(200, { ...body, Resources: null }); // VARIANT explicit-nulls: a nil slice
    return json(200, variants.minimalLists ? minimalList(body) : body); // VARIANT minimal-list-responses
  }

  function searchParams(b: unknown): ListParams {
    if (!isObj(b)) throw bad('The body must be a JSON object', 'invalidSyntax');
    const str = (k: string): string | undefined => {
      const v = getCI(b, k);
      if (v === undefined || v === null) return undefined;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(',');
      if (typeof v === 'string' || typeof v === 'number') return String(v);
      throw bad(`${k} has the wrong type`);
    };
    return { // FAULT search-ignores-filter drops the filter
      filter: faults.searchIgnoresFilter ? undefined : str('filter'), startIndex: str('startIndex'), count: str('count'), sortBy: str('sortBy'), sortOrder: str('sortOrder'),
      attributes: str('attributes'), excludedAttributes: str('excludedAttributes'), cursor: str('cursor'), // RFC 9865 §3
    };
  }

  // ------------------------------------------------------------ discovery
  function spConfig(req: ScimRequest): ScimResponse {
    return json(200, {
      schemas: [URN.spConfig],
      documentationUri: rules.documentationUri,
      patch: { supported: !variants.noPatch },
      bulk: { supported: rules.bulk, maxOperations: rules.bulkLimits.maxOperations, maxPayloadSize: rules.bulkLimits.maxPayloadSize },
      filter: { supported: true, maxResults: rules.maxResults },
      changePassword: { supported: false },
      sort: { supported: rules.sort },
      etag: { supported: rules.etag },
      // VARIANT cursor-paging-only (RFC 9865 §4)
      ...(variants.cursorPagingOnly ? { pagination: { cursor: true, index: false, defaultPaginationMethod: 'cursor', defaultPageSize: rules.defaultCount, maxPageSize: rules.maxResults } } : {}),
      authenticationSchemes: [{
        type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Authentication scheme using the OAuth Bearer Token Standard',
        specUri: 'https://www.rfc-editor.org/info/rfc6750', primary: true,
      }],
      meta: { resourceType: 'ServiceProviderConfig', location: `${req.baseUrl}/ServiceProviderConfig` },
    });
  }

  const schemaDrop = variants.coreOnly ? new Set([...rules.schemaDrop, ...CORE_SCHEMA_DROP]) : rules.schemaDrop; // VARIANT core-attributes-only
  // VARIANT no-display-name, no-name-or-active (users only)
  const userDrop = new Set([...schemaDrop, ...(variants.noDisplayName ? ['displayname'] : []), ...(variants.noNameOrActive ? NAME_OR_ACTIVE : [])]);
  // VARIANT core-attributes-only: no enterprise extension; VARIANT users-only: no Group schema
  const schemaDefs = [USER_SCHEMA, ...(variants.coreOnly ? [] : [ENTERPRISE_SCHEMA]), ...(variants.usersOnly ? [] : [GROUP_SCHEMA])]
    .map((s) => tailorSchema(s, s.id === USER_SCHEMA.id ? userDrop : schemaDrop, rules.schemaRequired))
    .map((s) => (variants.membersOnRequest && s.id === GROUP_SCHEMA.id ? returnedOnRequest(s, 'members') : s)) // VARIANT members-on-request
    .map((s) => (variants.uniqueEmails && s.id === USER_SCHEMA.id ? uniqueOnServer(s, 'emails', 'value') : s)) // VARIANT unique-emails
    .concat(variants.vendorExtension ? [VENDOR_SCHEMA] : []); // VARIANT vendor-extension
  /** The User extensions /Schemas declares (lower case): the schemas served beside the core ones. */
  const userExtensions: ReadonlySet<string> = new Set(schemaDefs.map((d) => d.id.toLowerCase())
    .filter((id) => id !== USER_SCHEMA.id.toLowerCase() && id !== GROUP_SCHEMA.id.toLowerCase()));
  /** A resource type as /ResourceTypes describes it (VARIANT vendor-extension: the User type names the SP's own extension). */
  const resourceType = (r: ResourceTypeDef, baseUrl: string): Record<string, unknown> => {
    const o = resourceTypeJson(r, baseUrl);
    if (variants.coreOnly) delete o.schemaExtensions; // VARIANT core-attributes-only: no enterprise extension
    if (variants.endpointsWithoutSlash) o.endpoint = String(o.endpoint).replace(/^\//, ''); // VARIANT endpoints-without-slash
    if (variants.endpointsWithBasePath) o.endpoint = `${new URL(baseUrl).pathname.replace(/\/+$/, '')}${String(o.endpoint)}`; // VARIANT endpoints-with-base-path
    if (variants.lowercaseResourceTypes) { // VARIANT lowercase-resource-type-names
      o.id = o.name = r.name.toLowerCase();
      (o.meta as { location: string }).location = `${baseUrl}/ResourceTypes/${o.id}`;
    }
    if (variants.vendorExtension && r.name === 'User') o.schemaExtensions = [...(o.schemaExtensions as unknown[] ?? []), { schema: VENDOR_EXTENSION, required: false }];
    return o;
  };
  const listOf = (resources: unknown[]) => json(200, { schemas: [URN.listResponse], totalResults: resources.length, itemsPerPage: resources.length, startIndex: 1, Resources: resources });

  // ------------------------------------------------------------ routing
  function route(req: ScimRequest, now: Date, setEvent: (n: string) => void): ScimResponse {
    const method = req.method.toUpperCase();
    const segs = req.path.split('?')[0]!.split('/').filter((s) => s !== '').map((s) => { try { return decodeURIComponent(s); } catch { return s; } });
    const first = (segs[0] ?? '').toLowerCase();
    const unsupported = (what: string) => ruled('AWS-OPS-01', new ScimError(rules.unsupportedMethodStatus, `${method} is not supported on ${what}`));
    // /Bulk and /.search when the profile has none: 404 (aws), or 501 Not Implemented (no-optional-features).
    const missingFeature = (what: string) => ruled('AWS-OPS-01', (rules.missingFeatureStatus ?? 404) === 404
      ? new ScimError(404, `${req.path} not found`, undefined, 'Not found.')
      : new ScimError(rules.missingFeatureStatus!, `${what} is not implemented by this service provider`, undefined, `${what} is not implemented by this service provider.`));

    if (rules.refuseEmptySegment && req.path.split('?')[0]!.includes('//')) {
      setEvent('Unknown');
      throw ruled('AP-ENABLE-02', new ScimError(404, `No endpoint ${req.path}: the base URL ends in "/"`, undefined, 'Not found.'));
    }
    if (variants.usersOnly && first === 'groups') { // VARIANT users-only, users-only-501
      setEvent('Unknown');
      throw variants.groupsStatus === 501 ? new ScimError(501, `Groups are not implemented (${req.path})`) : new ScimError(404, `No endpoint ${req.path}`, undefined, 'Not found.');
    }
    if (first === 'users' || first === 'groups') {
      const kind: ResourceKind = first === 'users' ? 'User' : 'Group';
      const ev = EVENT[kind]!;
      if (segs.length === 1) {
        if (method === 'GET') { setEvent(ev.list!); return list([kind], queryParams(req.query), req); }
        if (method === 'POST') { setEvent(ev.create!); return create(kind, req, now); }
        setEvent('Unknown');
        throw unsupported(RESOURCE_TYPES[kind].endpoint);
      }
      if (segs.length === 2 && segs[1] === '.search') {
        setEvent('Search');
        if (!rules.search) throw missingFeature('POST /.search');
        if (method !== 'POST') throw unsupported(req.path);
        return list([kind], searchParams(body(req)), req);
      }
      if (segs.length === 2) {
        const id = segs[1]!;
        switch (method) {
          case 'GET': setEvent(ev.get!); return get(kind, id, req, now);
          case 'PUT':
            setEvent(ev.put!);
            if (kind === 'Group' && !rules.groupPut) throw unsupported('/Groups/{id}');
            return replace(kind, id, req, now);
          case 'PATCH':
            setEvent(ev.patch!);
            if (variants.noPatch) throw new ScimError(501, 'PATCH is not implemented by this service provider', undefined, 'PATCH is not implemented.'); // VARIANT no-patch
            return patch(kind, id, req, now);
          case 'DELETE': setEvent(ev.delete!); return remove(kind, id, req);
          default: setEvent('Unknown'); throw unsupported(`${RESOURCE_TYPES[kind].endpoint}/{id}`);
        }
      }
    }
    if (segs.length === 1 && first === '.search') {
      setEvent('Search');
      if (!rules.search) throw missingFeature('POST /.search');
      if (method !== 'POST') throw unsupported('/.search');
      return list(['User', 'Group'], searchParams(body(req)), req);
    }
    if (segs.length === 1 && first === 'bulk') {
      setEvent('Bulk');
      if (!rules.bulk) throw missingFeature('/Bulk');
      if (method !== 'POST') throw unsupported('/Bulk');
      const b = body(req);
      const res = runBulk(b, rules, (m, path, data, version) => {
        const [p, q = ''] = path.split('?');
        const sub: ScimRequest = {
          method: m, path: p!, query: new URLSearchParams(q), rawQuery: q, baseUrl: req.baseUrl,
          headers: version ? { 'if-match': version } : {}, body: data,
        };
        return handle(sub, now).response;
      }, { resolveData: !faults.bulkIdsUnresolved, statusAsObject: variants.bulkStatusObjects }); // FAULT bulk-ids-unresolved, VARIANT bulk-status-objects
      return json(200, res);
    }
    if (first === 'me') {
      setEvent('Unknown');
      throw ruled('AWS-OPS-01', new ScimError(rules.meStatus, '/Me is not supported: the bearer token does not name a user', undefined, 'Not found.'));
    }
    if (segs.length === 1 && first === 'serviceproviderconfig') {
      setEvent('GetServiceProviderConfig');
      if (method !== 'GET') throw unsupported(req.path);
      return spConfig(req);
    }
    if (first === 'schemas' && segs.length <= 2) {
      if (method !== 'GET') { setEvent(segs.length === 1 ? 'ListSchemas' : 'GetSchema'); throw unsupported(req.path); }
      if (segs.length === 1) { setEvent('ListSchemas'); return listOf(schemaDefs.map((s) => schemaJson(s, req.baseUrl))); }
      setEvent('GetSchema');
      const s = variants.discoveryListsOnly ? undefined : schemaDefs.find((d) => d.id.toLowerCase() === segs[1]!.toLowerCase()); // VARIANT discovery-lists-only
      if (!s) throw notFound('Schema', segs[1]!);
      return json(200, schemaJson(s, req.baseUrl));
    }
    if (first === 'resourcetypes' && segs.length <= 2) {
      if (faults.resourceTypesNotServed) { setEvent('ListResourceTypes'); throw notFound('endpoint', req.path); } // FAULT resource-types-not-served
      if (method !== 'GET') { setEvent(segs.length === 1 ? 'ListResourceTypes' : 'GetResourceType'); throw unsupported(req.path); }
      if (segs.length === 1) { setEvent('ListResourceTypes'); return listOf(Object.values(RESOURCE_TYPES).filter((r) => !variants.usersOnly || r.name === 'User').map((r) => resourceType(r, req.baseUrl))); }
      setEvent('GetResourceType');
      const r = variants.discoveryListsOnly ? undefined : Object.values(RESOURCE_TYPES).find((d) => d.name.toLowerCase() === segs[1]!.toLowerCase()); // VARIANT discovery-lists-only
      if (!r) throw notFound('ResourceType', segs[1]!);
      return json(200, resourceType(r, req.baseUrl));
    }
    setEvent('Unknown');
    throw new ScimError(404, `No endpoint ${req.path}`, undefined, 'Not found.');
  }

  function handle(asked: ScimRequest, now: Date): ScimResult {
    const req = variants.publicHostLocation ? { ...asked, baseUrl: PUBLIC_BASE } : asked; // VARIANT public-host-location: every URI names the public host
    let eventName = 'Unknown';
    try {
      const response = route(req, now, (n) => { eventName = n; });
      return { response, audit: { eventName } };
    } catch (e) {
      let err = e instanceof ScimError ? e : new ScimError(500, `Internal error: ${(e as Error)?.message ?? String(e)}`);
      if (faults.validation422 && err.status === 400 && (err.scimType === 'invalidValue' || err.scimType === 'invalidSyntax')) { // FAULT validation-422
        err = Object.assign(new ScimError(422, err.reason, err.scimType, err.publicDetail), { rule: err.rule });
      }
      return {
        response: { status: err.status, headers: { 'Content-Type': rules.contentType }, body: withNullErrorFields(rules.errorBody(err, now)) },
        audit: { eventName, errorCode: errorCodeFor(err.status), errorMessage: err.reason, ...(err.rule ? { rule: err.rule } : {}) },
      };
    }
  }

  // ------------------------------------------------------------ console / admin / persistence
  return {
    profile: options.profile,
    handle,
    users(): StoredUserSummary[] {
      const out: StoredUserSummary[] = [];
      for (const r of store.users.newestFirst()) {
        const d = r.data;
        const s: StoredUserSummary = {
          id: r.id, userName: d.userName as string, active: d.active !== false,
          emails: Array.isArray(d.emails) ? (d.emails as Record<string, unknown>[]).map((e) => e.value).filter((v): v is string => typeof v === 'string') : [],
          created: r.created, lastModified: r.modified, groupIds: [...store.memberOf(r.id)],
        };
        if (typeof d.displayName === 'string') s.displayName = d.displayName;
        if (typeof d.externalId === 'string') s.externalId = d.externalId;
        out.push(s);
      }
      return out;
    },
    groups(): StoredGroupSummary[] {
      const out: StoredGroupSummary[] = [];
      for (const r of store.groups.newestFirst()) {
        const s: StoredGroupSummary = { id: r.id, displayName: r.data.displayName as string, memberIds: [...store.members(r.id)], created: r.created, lastModified: r.modified };
        if (typeof r.data.externalId === 'string') s.externalId = r.data.externalId;
        out.push(s);
      }
      return out;
    },
    counts: () => ({ users: store.users.size, groups: store.groups.size }),
    snapshot: () => store.snapshot(),
    restore(snapshot: unknown) {
      store = Store.restore(snapshot, { keepDangling: variants.noReferentialIntegrity, sink });
      readCache.clear(); // VARIANT lagging-reads
      if (index) index = Store.restore(snapshot, { keepDangling: variants.noReferentialIntegrity });
    },
    applyChange(change: unknown) { store.apply(change as StoreChange); index?.apply(change as StoreChange); },
  };
}
