// One error type for every refusal. A handler throws ScimError; service.ts renders it with the
// profile's error body (rules.errorBody) and reports errorCode/errorMessage to the audit trail.

export type ScimType =
  | 'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax' | 'invalidPath'
  | 'noTarget' | 'invalidValue' | 'invalidVers' | 'sensitive'
  // RFC 9865 §2.1 (cursor paging)
  | 'invalidCursor';

export class ScimError extends Error {
  readonly status: number;
  readonly scimType?: ScimType;
  /** The precise internal reason: rfc shows it as detail, aws sends it only to the audit trail. */
  readonly reason: string;
  /** Optional kind-specific public detail (aws 404: names the resource). */
  readonly publicDetail?: string;
  /**
   * The catalogue id of the rule this refusal applies (AP-USER-03, AWS-FILTER-01 …), when a profile rule refused
   * the request's shape. State outcomes (404 not found, 409 taken) carry none. Read by an observer
   * (certify-client) to judge the client; never shown in the error body.
   */
  rule?: string;
  constructor(status: number, reason: string, scimType?: ScimType, publicDetail?: string) {
    super(reason);
    this.status = status;
    this.reason = reason;
    this.scimType = scimType;
    this.publicDetail = publicDetail;
  }
}

/** Tags a refusal with the catalogue id of the rule it applies, and returns it (`throw ruled('AP-USER-01', bad(…))`). */
export function ruled<E extends ScimError>(rule: string, err: E): E {
  err.rule = rule;
  return err;
}

export const bad = (reason: string, scimType: ScimType = 'invalidValue'): ScimError => new ScimError(400, reason, scimType);
export const notFound = (kind: string, id: string): ScimError =>
  new ScimError(404, `${kind} ${id} not found.`, undefined, `${kind} ${id} not found.`);
export const conflict = (reason: string): ScimError => new ScimError(409, reason, 'uniqueness');

/** CloudTrail-style errorCode for a status (used by both profiles' audit records). */
export function errorCodeFor(status: number): string {
  switch (status) {
    case 400: return 'ValidationException';
    case 401: return 'UnauthorizedException';
    case 403: return 'AccessDeniedException';
    case 404: return 'ResourceNotFoundException';
    case 405: return 'MethodNotAllowedException';
    case 409: return 'ConflictException';
    case 412: return 'PreconditionFailedException';
    case 413: return 'PayloadTooLargeException';
    case 429: return 'ThrottlingException';
    case 501: return 'NotImplementedException';
    default: return status >= 500 ? 'InternalServerException' : 'ValidationException';
  }
}
