// One interface for every SCIM endpoint the suite certifies: the embedded reference, a URL, a container.
// Opened once per run by the CLI, outside cucumber's workers; scenarios only ever see its description.

export type SpProfile = 'aws' | 'rfc';

export interface TargetCapabilities {
  /** The reference admin API is reachable: tenants, tokens, clock and events can be driven. */
  admin: boolean;
  /** A second valid token was given (rotation and "the other token keeps working" checks). */
  secondToken: boolean;
  /** What /ServiceProviderConfig advertises (false when it is not served). */
  patch: boolean; bulk: boolean; etag: boolean; sort: boolean; filter: boolean; changePassword: boolean;
  /** /ServiceProviderConfig says `"pagination": {"index": false}`: lists page by cursor alone (RFC 9865 §4). */
  cursorPagingOnly?: boolean;
  /** /ServiceProviderConfig says `"pagination": {"cursor": true}`: a list may leave out a totalResults it cannot count (RFC 9865 §2). */
  cursorPaging?: boolean;
  /** What the SP really answers, probed once per run (support/targets/capabilities.ts); absent when not probed. */
  served?: ServedCapabilities;
}

/** How the capability probe added the member a group's create left out: by PATCH where PATCH was served, else by PUT. */
export function memberAddedBy(s: ServedCapabilities): 'PATCH' | 'PUT' {
  return s.patch ? 'PATCH' : 'PUT';
}

/** PATCH is advertised in /ServiceProviderConfig or answered 2xx by the capability probe: the suite may use it there. */
export function patchOffered(c: TargetCapabilities): boolean {
  return c.patch || c.served?.patch === true;
}

/** Probed, not advertised: an optional form the SP refuses with 400, 404, 405 or 501 is not served. */
export interface ServedCapabilities {
  /** Optional filter forms on /Users (`userName eq` is mandatory and never probed): true when answered 200. */
  filters: Record<string, boolean>;
  /** GET /Users without a filter answers 200. */
  unfilteredList: boolean;
  /**
   * Why the probe's throw-away user was not created (refused, or no answer): what it was to show (PATCH, ETags, how
   * booleans come back, the write lags) is then unknown, and the capability line says "not probed". Absent: created.
   */
  userNotCreated?: string;
  /** sortBy is accepted (answered 200). */
  sort: boolean;
  /** POST /Users/.search answers 2xx. */
  search: boolean;
  /** PATCH of a user answers 2xx, whatever discovery says. */
  patch: boolean;
  /** A read carries an ETag header. */
  etag: boolean;
  /**
   * GET /Groups answers other than 404, 405 or 501: the SP serves groups. The RFC leaves the resource types an SP
   * serves to the SP (/ResourceTypes tells them), and many serve users only. Absent: not probed, taken as served.
   */
  groups?: boolean;
  /**
   * The probe user, created with `active: true`, came back with active as the string "true": the SP answers booleans
   * as strings (RFC-READ-01 judges that once, a should), so a string there names a state rather than an IdP's string
   * kept unconverted. false: it came back a boolean. Absent: nothing was learnt (not probed, the create or its read
   * failed, or the SP keeps no active).
   */
  activeAsString?: boolean;
  /**
   * A `userName eq` list without startIndex was refused while the same with startIndex=1 was answered: the SP requires
   * what RFC 7644 §3.4.2.4 makes OPTIONAL (default 1). RFC-PAGE-01 judges that; other rows' lists then carry startIndex=1.
   */
  listNeedsStartIndex?: boolean;
  /**
   * Optional user attributes (by /Schemas path, lower case) a throw-away user was created with and read back without (displayName: without the value sent):
   * the SP keeps none, whatever /Schemas says. Absent: it kept all, or nothing was learnt.
   */
  dropped?: string[];
  /** The probe user's externalId came back on a read: the SP stores it (RFC 7643 §3.1 makes it OPTIONAL). Absent: not probed. */
  externalId?: boolean;
  /**
   * A group created with the probe user as its member lists it on a read (by id, or with attributes=members).
   * false: the SP lists no member it accepted, so no membership can be read back. Absent: not probed, or the create was refused.
   */
  membersListed?: boolean;
  /**
   * The probe's group did not list the member its create named, but listed it once added (by PATCH, or PUT where PATCH is not served): the SP leaves out
   * the members of a group's create, as RFC 7644 §3.3 lets it ("free to alter and/or ignore POSTed content").
   */
  groupCreateIgnoresMembers?: boolean;
  /**
   * The user attributes /Schemas declares, as lower-case paths (`title`, `name.givenname`, and an extension's
   * as `<urn>:manager`): an SP may keep a subset of RFC 7643 §4.1's OPTIONAL attributes, and /Schemas says which.
   * Absent: /Schemas was not served or described no User schema, so every attribute is taken as kept.
   */
  userAttributes?: string[];
  /**
   * How long after its create the probe user was found by `userName eq` (ms; 0: at once), or that it was not
   * found within `ms`: an SP whose lists follow its store late (settle.ts). Absent when no user could be made.
   */
  listLag?: { ms: number; listed: boolean };
  /**
   * How long after its create a read by id of the probe user stopped answering 404 (ms; 0: at once), or that it did
   * not within `ms`: an SP whose reads by id go to a replica that sees an insert late (the IdPs' next cycles wait for it).
   * Absent when no user could be made.
   */
  createLag?: { ms: number; shown: boolean };
  /**
   * How long after a PATCH of the probe user a read by id showed it (ms; 0: at once), or that none did within `ms`:
   * an SP whose reads by id answer from a replica or a cache that follows its writes late (settle.ts). Absent
   * when no user could be made or PATCH was not served.
   */
  readLag?: { ms: number; shown: boolean };
}

/** What a scenario may know of the target: no secrets, so it can travel in cucumber's world parameters. */
export interface TargetDescription {
  id: string;
  kind: 'embedded' | 'url' | 'container';
  /** Normalised: no trailing slash. */
  scimBase: string;
  /** The reference admin API base, e.g. http://127.0.0.1:8080/admin, when present. */
  adminBase?: string;
  /** The tenant whose endpoint scimBase is, when the admin API knows it. */
  tenantId?: string;
  capabilities: TargetCapabilities;
}

export interface TargetSecrets { token: string; secondToken?: string; adminToken?: string }

export interface Target extends AsyncDisposable {
  description: TargetDescription;
  secrets: TargetSecrets;
}

export class TargetUnreachable extends Error {
  constructor(message: string) { super(message); this.name = 'TargetUnreachable'; }
}

/** Bad flags or configuration: the CLI prints the one sentence and exits 2. */
export class UsageError extends Error {
  constructor(message: string) { super(message); this.name = 'UsageError'; }
}

export function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
