// The shape of a dialect profile: everything one IdP variant does on the wire and in its console, as data.
// Profiles live in fixtures/idp-profiles/ (one file per variant, every quirk with its source key from
// catalog/sources.yaml, each a public page); ONE interpreter (engine.ts) reads them. Nothing in support/idp branches on a vendor.
//
// Templates. Request paths are written exactly as the vendor puts them on the wire, relative to the
// configured base URL, with {{name}} placeholders; `{{x|q}}` inserts x query-encoded in the profile's
// style (`%20` or `+` for spaces). JSON body templates are JSON trees whose string leaves may hold
// placeholders: a leaf that is exactly "{{x}}" takes x's own type (boolean, array, object); a leaf that
// mixes text and placeholders is a string (`{{x|json}}` escapes x for a quoted literal inside it, as a filter's
// value must be). A key whose value resolves to `undefined` is left out. A placeholder in a path's segments is
// always percent-encoded (an SP's ids may hold reserved characters).

export type DialectId = 'okta-aws' | 'okta-oin' | 'okta-aiw' | 'entra-aws' | 'entra-legacy' | 'entra-aadoptscim062020'
  | 'onelogin-aws' | 'onelogin-core' | 'onelogin-enterprise';

export const DIALECT_IDS: DialectId[] = ['okta-aws', 'okta-oin', 'okta-aiw', 'entra-aws', 'entra-legacy', 'entra-aadoptscim062020',
  'onelogin-aws', 'onelogin-core', 'onelogin-enterprise'];

/** A quirk or choice, and where it comes from: keys of catalog/sources.yaml, each a public page. */
export interface Sourced { sources: string[]; note?: string }

export interface RequestTemplate {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the base URL, as sent: 'Users?filter=userName%20eq%20%22{{user.userName|q}}%22&startIndex=1&count=100'. */
  path: string;
  /** A JSON body template (see above), or the name of a text template in fixtures/payloads/. */
  body?: unknown;
  bodyTemplate?: string;
}

/** One row of an attribute-mapping table (Entra's "Attribute Mapping" page, Okta's profile mappings). */
export interface AttributeMapping {
  /** The IdP directory attribute (DirectoryUser key), or a constant. */
  source?: string;
  constant?: unknown;
  /** Entra's Join(" ", a, b) expression: the sources joined by a space, when all are set. */
  join?: string[];
  /** The SCIM target: 'userName', 'name.givenName', 'emails[type eq "work"].value', 'urn:…:User:employeeNumber'. */
  target: string;
  /** Entra: "Match objects using this attribute". */
  matching?: boolean;
}

export type Trigger = 'event' | 'cycle';

export interface DialectProfile extends Sourced {
  id: DialectId;
  /** Shown in logs and transcripts ("Okta (oin)"); never branched on. */
  vendor: string;
  /** The SP profile this variant is meant for: the AWS-app variants for aws, the generic dialects for rfc. */
  spProfile: 'aws' | 'rfc';
  /** The app's name in the vendor's console and log lines. */
  appName: string;

  connection: Sourced & {
    /** A base URL that ends in '/' is refused by the console with this message (Okta, seed 003). */
    refuseTrailingSlash?: string;
    /** Appended to the configured base URL before any path (Entra's feature flag `?aadOptscim062020` is NOT put on the wire: [unv]). */
    probe: (RequestTemplate & {
      /** The test still passes when the SP says there is no such endpoint (404, 405, 501): an SP that serves users only. */
      absentEndpointOk?: boolean;
    })[];
    /** Replies that count as success for the probes: 200 and, where the vendor says so, 404. */
    okStatuses: number[];
    /** Message shown when the test succeeds / fails (console words). */
    okMessage: string;
    failMessage: string;
  };

  headers: Sourced & {
    /** Ordered [name, value] pairs on every request; `{{token}}` is the bearer secret. */
    common: [string, string][];
    /** Added (in order, after `common`) only when the request has a body. */
    withBody: [string, string][];
    /** Added on requests without body (Okta sends its Content-Type on GET too). */
    withoutBody: [string, string][];
  };

  query: Sourced & { space: '%20' | '+' };

  /** Directory → SCIM: the attribute mapping table, in order. */
  mappings: Sourced & { user: AttributeMapping[]; group: AttributeMapping[] };
  /** Directory values that are missing: left out of the request, or sent as "" (Okta's address parts, OneLogin's templates). */
  missing: Sourced & { user: 'omit' | 'empty-string'; addressParts?: 'omit' | 'empty-string' };
  /** Users lacking any of these (directory keys) are not sent at all, with this log line. */
  requiredUserAttributes?: Sourced & { attributes: string[]; message: string };

  user: Sourced & {
    lookup: RequestTemplate;
    /** Replies to the lookup that mean "not found" besides an empty ListResponse. */
    notFoundStatuses: number[];
    create: RequestTemplate;
    /** For text templates (OneLogin's SCIM JSON Template): template variable → directory attribute. */
    templateVars?: Record<string, string>;
    /** Admin-made variations of the text template, by name; none is used unless a scenario picks it. */
    templateVariations?: Record<string, TemplateVariation>;
    /** Values the create body adds besides the mappings: keys → templates. */
    createExtras?: Record<string, unknown>;
    /** How attribute changes are sent. */
    update:
      | { style: 'get-then-put'; get: RequestTemplate; put: RequestTemplate }
      | { style: 'put'; put: RequestTemplate }
      | { style: 'patch'; patch: RequestTemplate; ops: OpNames; fold: boolean; pathlessKeys?: 'dotted' };
    /** Reference attributes (manager) sent in a follow-up PATCH after create. */
    manager?: { patch: RequestTemplate };
    deactivate: UserStateChange;
    reactivate: UserStateChange;
    /** When the IdP sends DELETE /Users/{id}: never, when the user is unassigned, or on hard delete only. */
    delete: { when: 'never' | 'unassign' | 'hard-delete'; request?: RequestTemplate; hardDeleteAfter?: string };
    /** What unassigning a user does. */
    onUnassign: 'deactivate' | 'delete';
    /** A 409 on create: 'fail' (stop that user's job) or 'relookup' (query again and link). */
    onConflict: 'fail' | 'relookup';
    /**
     * A 2xx create with no body is a failure to this IdP, with this message in its log (Okta needs the user's id in the
     * body). Absent: the id is read from the Location header, which RFC 7644 §3.3 makes a SHALL.
     */
    emptyCreateAnswer?: Sourced & { message: string };
  };

  group: Sourced & {
    /** Whether group push exists at all ('push' = Okta Push Groups, 'assigned' = assigned groups, 'roles' = OneLogin roles with "Include in User Provisioning"). */
    model: 'push' | 'assigned' | 'roles';
    lookup?: RequestTemplate;
    create: RequestTemplate;
    /** Members are added after create (PATCH), or inside the create body. */
    membersOnCreate: boolean;
    read?: RequestTemplate;
    membership:
      | { style: 'patch'; patch: RequestTemplate; member: unknown; add: unknown; remove: unknown; maxOpsPerRequest?: number; renameWithEveryUpdate?: unknown }
      | { style: 'put'; put: RequestTemplate; member: unknown };
    rename: { style: 'patch'; patch: RequestTemplate; op: unknown } | { style: 'put'; put: RequestTemplate };
    /** DELETE /Groups/{id}: never (OneLogin), when the group is deleted/unassigned, or when the admin unlinks with "delete". */
    delete: { when: 'never' | 'on-delete' | 'on-unlink'; request?: RequestTemplate };
  };

  sync: Sourced & {
    trigger: Trigger;
    /** ISO 8601 durations for 'cycle' triggers. */
    incremental?: string;
    /** Probe requests at the start of each cycle (Entra repeats its random-GUID lookup). */
    cycleProbe?: RequestTemplate[];
    /** OneLogin's "Require admin approval before this action is performed" defaults. */
    approval?: { create: boolean; update: boolean; delete: boolean };
  };

  retry: Sourced & {
    honourRetryAfter: boolean;
    /** At most this many retries of one request after 429 within one push. */
    maxRetries: number;
    /** What happens to other failures: Okta makes a task, Entra escrows and retries in later cycles, OneLogin logs an event. */
    onFailure: 'task' | 'escrow' | 'event';
    /** Escrow back-off in cycles: retry after 1, 2, 4 … cycles. */
    escrowBackoff?: number[];
    /** Quarantine when at least this share of a cycle's calls fail (and at least minCalls). */
    quarantine?: { failureShare: number; minCalls: number; interval: string; disableAfter: string };
  };

  /** The vendor's own record, in its words: placeholders {{user}}, {{userName}}, {{group}}, {{app}}, {{status}}, {{statusText}}, {{detail}}, {{body}}, {{action}}. */
  log: Sourced & { vendor: string; templates: Record<LogEvent, string> };

  /** Console messages (admin actions), in the vendor's words. */
  console: { sources: string[]; messages: Record<string, string> };

  /**
   * The catalogue row that OWNS each behaviour this dialect exercises on the wire (catalog/requirements.yaml):
   * when the SP refuses that request in a scenario that judges another row, the scenario is BLOCKED by this
   * owner, not red (one deviation, one red row). Data, like every other difference between dialects.
   */
  owners: Owners;

  /**
   * The dialect's own row for behaviours whose SP answers RFC rows judge (OneLogin's roles are plain groups, so
   * `owners` names RFC rows for them), asked after those rows. Where they pass, the SP refused this dialect's request
   * for what the dialect needs: PATCH for OneLogin's memberships, which RFC 7644 §3.5.2 lets an SP lack. One row says
   * so (OL-GROUP-01: each role becomes an SP group), and the other scenarios that provision a role are BLOCKED by it
   * rather than each red beside it.
   */
  ownersBehindRfc?: Partial<Owners>;

  /**
   * The row that owns a quirk every request of the kind carries, when the SP refuses a request for that quirk
   * alone (found by asking once without it): `capitalisedOps`, Entra's legacy `Replace`/`Add`/`Remove`;
   * `mediaType`, the label every body goes with where it is not plain `application/scim+json` (OneLogin's default
   * `application/json`, Entra's and Okta's `; charset=utf-8`), which an SP may refuse with 415 on every request that
   * carries one, the group creates included.
   */
  quirkOwners?: { capitalisedOps?: string; mediaType?: string };
}

/** What an IdP does on the wire, by meaning; each names the row that judges the SP's answer to it. */
export type Behaviour = 'connect' | 'lookupUser' | 'createUser' | 'updateUser' | 'deactivateUser' | 'reactivateUser' | 'deleteUser'
  | 'manager' | 'createGroup' | 'addMembers' | 'removeMembers' | 'renameGroup' | 'deleteGroup';

export type Owners = Record<Behaviour, string>;

/** The dialect's writes of each kind, its plainest first: the one a server failure of that method is charged to. */
const WRITES: Record<'user' | 'group', Behaviour[]> = {
  user: ['createUser', 'updateUser', 'deactivateUser', 'reactivateUser', 'manager', 'deleteUser'],
  group: ['createGroup', 'addMembers', 'removeMembers', 'renameGroup', 'deleteGroup'],
};

/** The request that writes: the PUT of a get-then-put, the PATCH of a patch style. */
const writeOf = (change: { put: RequestTemplate } | { patch: RequestTemplate }): RequestTemplate =>
  'put' in change ? change.put : change.patch;

function writeTemplate(p: DialectProfile, behaviour: Behaviour): RequestTemplate | undefined {
  switch (behaviour) {
    case 'createUser': return p.user.create;
    case 'updateUser': return writeOf(p.user.update);
    case 'deactivateUser': return writeOf(p.user.deactivate);
    case 'reactivateUser': return writeOf(p.user.reactivate);
    case 'manager': return p.user.manager?.patch;
    case 'deleteUser': return p.user.delete.request;
    case 'createGroup': return p.group.create;
    case 'addMembers': case 'removeMembers': return writeOf(p.group.membership);
    case 'renameGroup': return writeOf(p.group.rename);
    case 'deleteGroup': return p.group.delete.request;
    default: return undefined;
  }
}

/**
 * The row that owns the dialect's plainest write of this method on this kind (Entra's PATCH of a user is its update,
 * ENTRA-PATCH-01; Okta AIW's PUT is its update, OKTA-UPDATE-01), or undefined when the dialect sends none. An SP that
 * fails every such request (5xx) fails that row; the dialect's other behaviours sent the same way (a deactivation,
 * a manager) are BLOCKED by it, not red beside it, as the RFC side charges a server failure to its plain write's row.
 */
export function plainWriteOwner(p: DialectProfile, kind: 'user' | 'group', method: string): string | undefined {
  const behaviour = WRITES[kind].find((b) => writeTemplate(p, b)?.method === method);
  return behaviour && p.owners[behaviour];
}

/**
 * A variation of a text template that an admin may make (OneLogin's editable SCIM JSON Template): used only
 * by the scenario that judges it. The dialect's row for the request owns a refusal (the SP may refuse the plain
 * template too), and where that row passes the refusal is the scenario's own; `carries` says, in a reader's words,
 * what a body built from it carries, beside the SP's own words when the SP refuses one (never as the cause:
 * the SP may refuse that request for another reason).
 */
export interface TemplateVariation extends Sourced { bodyTemplate: string; carries: string }

export interface OpNames { add: string; replace: string; remove: string }

export type UserStateChange =
  | { style: 'patch'; patch: RequestTemplate }
  | { style: 'get-then-put'; get: RequestTemplate; put: RequestTemplate }
  | { style: 'put'; put: RequestTemplate };

export type LogEvent =
  | 'userCreated' | 'userLinked' | 'userUpdated' | 'userDeactivated' | 'userReactivated' | 'userDeleted'
  | 'userFailed' | 'userSkipped' | 'groupCreated' | 'groupUpdated' | 'groupDeleted' | 'groupFailed'
  | 'throttled' | 'quarantined' | 'connectionOk' | 'connectionFailed' | 'pending' | 'warning';
