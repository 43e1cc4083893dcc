// RFC 7643 schemas (§4 User, Group, EnterpriseUser; §8.7.1 representation) as data, plus the lookups the
// engine needs: case-insensitive attribute resolution, URN aliases (OneLogin's non-standard URNs), and the
// discovery representations of /Schemas and /ResourceTypes.

export type AttrType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';

export interface AttrDef {
  name: string;
  type: AttrType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: 'none' | 'server' | 'global';
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttrDef[];
}

export interface SchemaDef { id: string; name: string; description: string; attributes: AttrDef[] }

export const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  searchRequest: 'urn:ietf:params:scim:api:messages:2.0:SearchRequest',
  bulkRequest: 'urn:ietf:params:scim:api:messages:2.0:BulkRequest',
  bulkResponse: 'urn:ietf:params:scim:api:messages:2.0:BulkResponse',
  spConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

/** Non-standard URNs real clients send, mapped to the standard ones (lowercase keys). OneLogin templates
 *  use `urn:scim:schemas:core:2.0` / `urn:scim:schemas:extension:enterprise:2.0` and the 1.0 forms. */
export const URN_ALIASES: ReadonlyMap<string, string> = new Map([
  ['urn:scim:schemas:core:2.0', URN.user],
  ['urn:scim:schemas:core:1.0', URN.user],
  ['urn:scim:schemas:core:2.0:user', URN.user],
  ['urn:scim:schemas:extension:enterprise:2.0', URN.enterprise],
  ['urn:scim:schemas:extension:enterprise:1.0', URN.enterprise],
  ['urn:scim:schemas:extension:enterprise:2.0:user', URN.enterprise],
]);

interface AttrOpts extends Partial<Omit<AttrDef, 'name' | 'type' | 'subAttributes'>> { sub?: AttrDef[] }
function a(name: string, type: AttrType, o: AttrOpts = {}): AttrDef {
  const def: AttrDef = {
    name, type,
    multiValued: o.multiValued ?? false,
    description: o.description ?? name,
    required: o.required ?? false,
    caseExact: o.caseExact ?? false,
    mutability: o.mutability ?? 'readWrite',
    returned: o.returned ?? 'default',
    uniqueness: o.uniqueness ?? 'none',
  };
  if (o.canonicalValues) def.canonicalValues = o.canonicalValues;
  if (o.referenceTypes) def.referenceTypes = o.referenceTypes;
  if (o.sub) def.subAttributes = o.sub;
  return def;
}
const s = (name: string, o: AttrOpts = {}) => a(name, 'string', o);
const multi = (name: string, types: string[], valueType: AttrType = 'string', extra: AttrDef[] = []): AttrDef =>
  a(name, 'complex', { multiValued: true, sub: [
    a('value', valueType, { description: `The value of the ${name} entry.` }),
    s('display', { description: 'A human-readable name, primarily used for display purposes. READ-ONLY.' }),
    s('type', { canonicalValues: types }),
    a('primary', 'boolean', { description: 'Indicates the primary or preferred attribute value.' }),
    ...extra,
  ] });

export const USER_SCHEMA: SchemaDef = {
  id: URN.user, name: 'User', description: 'User Account',
  attributes: [
    s('userName', { required: true, uniqueness: 'server', description: 'Unique identifier for the User, typically used by the user to directly authenticate to the service provider.' }),
    a('name', 'complex', { description: "The components of the user's real name.", sub: [
      s('formatted'), s('familyName'), s('givenName'), s('middleName'), s('honorificPrefix'), s('honorificSuffix'),
    ] }),
    s('displayName'), s('nickName'),
    a('profileUrl', 'reference', { referenceTypes: ['external'] }),
    s('title'), s('userType'), s('preferredLanguage'), s('locale'), s('timezone'),
    a('active', 'boolean', { description: "A Boolean value indicating the User's administrative status." }),
    s('password', { mutability: 'writeOnly', returned: 'never' }),
    multi('emails', ['work', 'home', 'other']),
    multi('phoneNumbers', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    multi('ims', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    multi('photos', ['photo', 'thumbnail'], 'reference'),
    a('addresses', 'complex', { multiValued: true, sub: [
      s('formatted'), s('streetAddress'), s('locality'), s('region'), s('postalCode'), s('country'),
      s('type', { canonicalValues: ['work', 'home', 'other'] }), a('primary', 'boolean'),
    ] }),
    a('groups', 'complex', { multiValued: true, mutability: 'readOnly', description: 'A list of groups to which the user belongs.', sub: [
      s('value', { mutability: 'readOnly' }),
      a('$ref', 'reference', { mutability: 'readOnly', referenceTypes: ['User', 'Group'] }),
      s('display', { mutability: 'readOnly' }),
      s('type', { mutability: 'readOnly', canonicalValues: ['direct', 'indirect'] }),
    ] }),
    multi('entitlements', []),
    multi('roles', []),
    multi('x509Certificates', [], 'binary'),
  ],
};

export const ENTERPRISE_SCHEMA: SchemaDef = {
  id: URN.enterprise, name: 'EnterpriseUser', description: 'Enterprise User',
  attributes: [
    s('employeeNumber'), s('costCenter'), s('organization'), s('division'), s('department'),
    a('manager', 'complex', { sub: [
      s('value', { description: 'The id of the SCIM resource representing the User\'s manager.' }),
      a('$ref', 'reference', { referenceTypes: ['User'] }),
      s('displayName', { mutability: 'readOnly' }),
    ] }),
  ],
};

export const GROUP_SCHEMA: SchemaDef = {
  id: URN.group, name: 'Group', description: 'Group',
  attributes: [
    s('displayName', { required: true, description: 'A human-readable name for the Group.' }),
    a('members', 'complex', { multiValued: true, description: 'A list of members of the Group.', sub: [
      s('value', { mutability: 'immutable' }),
      a('$ref', 'reference', { mutability: 'immutable', referenceTypes: ['User', 'Group'] }),
      s('display', { mutability: 'readOnly' }),
      s('type', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
    ] }),
  ],
};

/** Common attributes (RFC 7643 §3.1), resolvable in paths and filters on every resource. */
export const COMMON_ATTRS: AttrDef[] = [
  s('id', { caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server' }),
  s('externalId', { caseExact: true }),
  a('meta', 'complex', { mutability: 'readOnly', sub: [
    s('resourceType', { caseExact: true, mutability: 'readOnly' }),
    a('created', 'dateTime', { mutability: 'readOnly' }),
    a('lastModified', 'dateTime', { mutability: 'readOnly' }),
    a('location', 'reference', { mutability: 'readOnly', caseExact: true }),
    s('version', { caseExact: true, mutability: 'readOnly' }),
  ] }),
];

export type ResourceKind = 'User' | 'Group';

export interface ResourceTypeDef { name: ResourceKind; endpoint: string; core: SchemaDef; extensions: SchemaDef[] }
export const RESOURCE_TYPES: Record<ResourceKind, ResourceTypeDef> = {
  User: { name: 'User', endpoint: '/Users', core: USER_SCHEMA, extensions: [ENTERPRISE_SCHEMA] },
  Group: { name: 'Group', endpoint: '/Groups', core: GROUP_SCHEMA, extensions: [] },
};

/** Normalises a schema URN (standard, alias, any case) to its standard spelling, or undefined. */
export function canonicalUrn(urn: string): string | undefined {
  const l = urn.toLowerCase();
  for (const u of Object.values(URN)) if (u.toLowerCase() === l) return u;
  return URN_ALIASES.get(l);
}

/** Case-insensitive lookup of an attribute by name in a list. */
export function findAttr(list: readonly AttrDef[] | undefined, name: string): AttrDef | undefined {
  if (!list) return undefined;
  const l = name.toLowerCase();
  for (const d of list) if (d.name.toLowerCase() === l) return d;
  return undefined;
}

/** A parsed attribute path: ext = the extension URN (undefined for core/common), attr = top-level
 *  attribute (undefined when the path names a whole extension), sub = sub-attribute. */
export interface AttrRef { ext?: string; attr?: AttrDef; sub?: AttrDef; common?: boolean }

/** Every known URN prefix (standard and aliases), longest first, for splitting `urn:…:attr.sub`. */
function urnPrefixes(): { prefix: string; urn: string }[] {
  const out: { prefix: string; urn: string }[] = [];
  for (const u of [URN.user, URN.group, URN.enterprise]) out.push({ prefix: u.toLowerCase(), urn: u });
  for (const [k, v] of URN_ALIASES) out.push({ prefix: k, urn: v });
  return out.sort((x, y) => y.prefix.length - x.prefix.length);
}
const PREFIXES = urnPrefixes();

/** Splits `urn:…:User:name.givenName` into the URN and the rest ('' when the path is the URN itself). */
export function splitUrn(path: string): { urn?: string; rest: string } {
  const l = path.toLowerCase();
  if (!l.startsWith('urn:')) return { rest: path };
  for (const { prefix, urn } of PREFIXES) {
    if (l === prefix) return { urn, rest: '' };
    if (l.startsWith(prefix + ':')) return { urn, rest: path.slice(prefix.length + 1) };
  }
  return { urn: '?', rest: path };
}

/** Resolves `attr`, `attr.sub`, `urn:…:attr[.sub]` (case-insensitive) for a resource type; undefined when unknown. */
export function resolvePath(kind: ResourceKind, path: string): AttrRef | undefined {
  const rt = RESOURCE_TYPES[kind];
  const { urn, rest } = splitUrn(path);
  let scope: SchemaDef | undefined;
  let ext: string | undefined;
  if (urn === '?') return undefined;
  if (urn) {
    if (urn === rt.core.id) scope = rt.core;
    else { scope = rt.extensions.find((e) => e.id === urn); ext = scope?.id; }
    if (!scope) return undefined;
    if (rest === '') return ext ? { ext } : undefined;
  }
  const dot = rest.indexOf('.');
  const head = dot < 0 ? rest : rest.slice(0, dot);
  const tail = dot < 0 ? undefined : rest.slice(dot + 1);
  let attr: AttrDef | undefined;
  let common = false;
  if (scope) attr = findAttr(scope.attributes, head);
  else {
    attr = findAttr(COMMON_ATTRS, head);
    if (attr) common = true;
    else attr = findAttr(rt.core.attributes, head);
    if (!attr) for (const e of rt.extensions) { attr = findAttr(e.attributes, head); if (attr) { ext = e.id; break; } }
  }
  if (!attr) return undefined;
  if (tail === undefined) return { ext, attr, common };
  if (tail.includes('.')) return undefined;
  const sub = findAttr(attr.subAttributes, tail);
  if (!sub) return undefined;
  return { ext, attr, sub, common };
}

// ---- discovery representations ----

function attrJson(d: AttrDef): Record<string, unknown> {
  const o: Record<string, unknown> = {
    name: d.name, type: d.type, multiValued: d.multiValued, description: d.description, required: d.required,
    caseExact: d.caseExact, mutability: d.mutability, returned: d.returned, uniqueness: d.uniqueness,
  };
  if (d.canonicalValues) o.canonicalValues = d.canonicalValues;
  if (d.referenceTypes) o.referenceTypes = d.referenceTypes;
  if (d.subAttributes) o.subAttributes = d.subAttributes.map(attrJson);
  return o;
}

export function schemaJson(def: SchemaDef, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [URN.schema], id: def.id, name: def.name, description: def.description,
    attributes: def.attributes.map(attrJson),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${def.id}` },
  };
}

export function resourceTypeJson(rt: ResourceTypeDef, baseUrl: string): Record<string, unknown> {
  const o: Record<string, unknown> = {
    schemas: [URN.resourceType], id: rt.name, name: rt.name, endpoint: rt.endpoint,
    description: rt.name === 'User' ? 'User Account' : 'Group', schema: rt.core.id,
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${rt.name}` },
  };
  if (rt.extensions.length) o.schemaExtensions = rt.extensions.map((e) => ({ schema: e.id, required: false }));
  return o;
}

/** A copy of a schema with some attributes removed and some marked required (for a profile's truthful /Schemas). */
export function tailorSchema(def: SchemaDef, drop: ReadonlySet<string>, required: ReadonlySet<string>): SchemaDef {
  const walk = (list: AttrDef[], prefix: string): AttrDef[] => list
    .filter((d) => !drop.has((prefix + d.name).toLowerCase()))
    .map((d) => {
      const p = (prefix + d.name).toLowerCase();
      const c: AttrDef = { ...d, required: d.required || required.has(p) };
      if (d.subAttributes) c.subAttributes = walk(d.subAttributes, `${d.name}.`);
      return c;
    });
  return { ...def, attributes: walk(def.attributes, '') };
}
