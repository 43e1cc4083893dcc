// A service-provider profile is a rule set: data and small validators read by the shared handlers.
// Nothing in the handlers asks which profile it runs; it asks the rule set.
import type { Filter } from 'scim2-parse-filter';
import type { ScimError } from '../errors.ts';
import type { ResourceKind } from '../schemas.ts';
import type { SpProfile } from '../types.ts';

export interface RuleSet {
  readonly name: SpProfile;
  /** Content-Type of every response with a body. */
  readonly contentType: string;
  /** The profile's error body for a refusal. */
  errorBody(err: ScimError, now: Date): Record<string, unknown>;

  // ---- endpoints ----
  readonly groupPut: boolean;
  readonly bulk: boolean;
  readonly search: boolean;
  /** Status for /Me (not supported by either profile: the bearer token names no user). */
  readonly meStatus: number;
  /** Status for a known endpoint with an unsupported method. */
  readonly unsupportedMethodStatus: number;
  /** Status for /Bulk and /.search when the profile does not offer them (default 404; 501 under no-optional-features). */
  readonly missingFeatureStatus?: number;
  /** A path with an empty segment (`/scim/v2//Users`, a base URL pasted with its trailing slash) is 404 [unv]. */
  readonly refuseEmptySegment?: boolean;

  // ---- lists ----
  readonly paging: 'cursor' | 'index';
  readonly maxResults: number;
  readonly defaultCount: number;
  /** What a count below 1 means: 'refuse' (400) or 'zero' (totalResults only, RFC 7644 §3.4.2.4). */
  readonly countBelowOne: 'refuse' | 'zero';
  readonly sort: boolean;
  /** attributes / excludedAttributes honoured (else ignored). */
  readonly projection: boolean;
  readonly etag: boolean;
  /** Groups carry their members in responses; users carry their `groups`. */
  readonly membersInResponse: boolean;
  /** Extra validation of a parsed list filter (aws: only the documented eq forms). Throws ScimError. */
  validateListFilter?(f: Filter, kind: ResourceKind): void;

  // ---- attribute rules (create, put and patch results) ----
  readonly unknownAttribute: 'reject' | 'ignore';
  /** Lowercase attribute paths refused with 400 wherever they appear (e.g. 'ims', 'emails.display'). */
  readonly unsupported: ReadonlySet<string>;
  readonly emptyString: 'reject' | 'accept';
  /** A boolean sent as the string "True"/"False" is refused (FAULT string-booleans-refused); both profiles take it. */
  readonly refuseStringBooleans?: boolean;
  /** FAULT string-booleans-kept: a boolean sent as a string is stored as that string. */
  readonly keepStringBooleans?: boolean;
  /** A complex value given as a bare string (Entra's manager id) is refused (FAULT manager-string-refused); both profiles take it. */
  readonly refuseBareManager?: boolean;
  /** Lowercase attribute paths whose string values may not contain `re`. */
  readonly forbiddenChars?: { paths: ReadonlySet<string>; re: RegExp };
  /** Lowercase paths required on a user besides userName (create, put and patch results). */
  readonly requiredUser: readonly string[];
  /** Multi-valued attributes limited to this many values (lowercase names), with the audit message. */
  readonly singleValued?: { attrs: ReadonlySet<string>; max: number; message: string };
  readonly emailMustBePrimary: boolean;
  /** A list may hold several values marked primary (only the primary-not-enforced fault sets it). */
  readonly manyPrimaries?: boolean;
  readonly groupsOnCreate: 'reject' | 'ignore';
  readonly uniquePrimaryEmail: boolean;
  /** Member values must name users (aws) or users and groups (rfc). */
  readonly memberKinds: readonly ResourceKind[];

  // ---- patch ----
  /** Top-level attributes a user PATCH may touch (lowercase); undefined = all writable. */
  readonly patchableUser?: ReadonlySet<string>;
  readonly patchableGroup?: ReadonlySet<string>;
  /** Attributes that may not be removed (lowercase). */
  readonly noRemove: ReadonlySet<string>;
  /** At most `max` operations may touch these attributes in one request. */
  readonly limitedOps?: { attrs: ReadonlySet<string>; max: number };
  /** Operators (comparison and logical) allowed in a PATCH path filter. */
  readonly pathFilterOps: ReadonlySet<string>;
  readonly maxMembersPerCreate?: number;
  readonly maxMemberChangesPerPatch?: number;
  readonly replaceAllMembers: boolean;
  readonly removeAllMembers: boolean;
  /** `id` inside a path-less replace value: refused, or ignored when equal to the resource id. */
  readonly idInPatchValue: 'reject' | 'ignoreIfSame';
  readonly patchUserStatus: 200 | 204;
  readonly patchGroupStatus: 200 | 204;

  // ---- discovery ----
  readonly bulkLimits: { maxOperations: number; maxPayloadSize: number };
  /** Attributes dropped from /Schemas (lowercase paths) and attributes marked required there. */
  readonly schemaDrop: ReadonlySet<string>;
  readonly schemaRequired: ReadonlySet<string>;
  readonly documentationUri: string;
}
