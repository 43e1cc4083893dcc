// SCIM routing: /<tenantId>/scim/v2/<rest> → authentication → the tenant's engine → HTTP answer,
// with one CloudTrail-shaped event per request on a known tenant (refusals included).
// The path goes to the engine raw (percent-encoded): the engine decodes each segment, so an id holding an
// encoded '/' (reserved-character-ids) stays one segment. close-connections is applied here.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { deriveEventName, newEvent } from './events.ts';
import { clientIp, discard, flatHeaders, header, readBody, scimContentType, scimErrorBody, sendJson } from './http-util.ts';
import { numericStatus } from './scim/faults.ts';
import { lowercaseSchemaUrns } from './scim/variants.ts';
import type { ReferenceState, Tenant } from './state.ts';
import type { ScimAudit, ScimRequest, ScimResult, SpProfile } from './scim/types.ts';

/** The collections a slash-redirects SP routes only with a trailing slash. */
const COLLECTION = /^\/(Users|Groups)$/;

export const UNAUTHORIZED_DETAIL = 'The security token included in the request is invalid.';
/** The 404 of the shell's faults that answer a request as if nothing were there (provisioning-off-404, empty-query-404). */
const FAULT_NOT_FOUND_DETAIL = 'Resource not found.';
/** AWS's SCIM error table for ThrottlingException (429): "Too many requests were made that exceed the limits." */
export const THROTTLED_DETAIL = 'Too many requests were made that exceed the limits.';

/**
 * One SCIM exchange as the shell answered it, for an observer (ReferenceServerOptions.onExchange): what the
 * client sent, what it got, and the reference's own decision (the catalogue id of the rule that refused it).
 */
export interface ScimObservation {
  /** When the answer was sent (wall clock). */
  at: Date;
  /** The tenant id in the path, and whether a tenant has it. */
  tenantId: string;
  knownTenant: boolean;
  request: { method: string; path: string; headers: Record<string, string | undefined>; body?: string };
  response: { status: number; headers: Record<string, string>; body?: unknown };
  /** The catalogue id of the rule the refusal applies (ScimError.rule, AuthOutcome.rule); absent when none did. */
  rule?: string;
  /** The internal reason of a refusal (the audit trail's errorMessage). */
  reason?: string;
  /** The CloudTrail-shaped event name (CreateUser, ListGroups …). */
  eventName?: string;
}

export interface ScimRouteContext {
  state: ReferenceState;
  /** Absolute SCIM base of a tenant, without trailing slash. */
  baseUrl(tenantId: string, req: IncomingMessage): string;
  /** With `throttle`: the Retry-After seconds when this tenant is over its rate, undefined when admitted. */
  throttle?: (tenantId: string) => number | undefined;
  /** Told about every exchange once it is answered (certify-client's recorder). */
  observe?: (o: ScimObservation) => void;
}

/**
 * @param tenantId the path segment before /scim/v2
 * @param rest the raw remainder after /scim/v2 (path and query as received), '' when none
 */
export async function handleScim(ctx: ScimRouteContext, req: IncomingMessage, res: ServerResponse, tenantId: string, rest: string): Promise<void> {
  const { state } = ctx;
  const requestID = randomUUID();
  const tenant = state.tenants.get(tenantId);
  const method = (req.method ?? 'GET').toUpperCase();
  const q = rest.indexOf('?');
  const rawPath = q >= 0 ? rest.slice(0, q) : rest;
  let path = rawPath === '' ? '/' : rawPath;
  const rawQuery = q >= 0 ? rest.slice(q + 1) : '';
  const eventPath = rest === '' ? '/' : rest.startsWith('?') ? `/${rest}` : rest;

  const record = (t: Tenant, audit: ScimAudit) => {
    state.recordEvent(t, newEvent({
      eventTime: state.now(t), eventName: audit.eventName, sourceIPAddress: clientIp(req),
      userAgent: header(req, 'user-agent') ?? '', requestID,
      errorCode: audit.errorCode, errorMessage: audit.errorMessage, httpMethod: method, path: eventPath,
    }));
  };
  // FAULT numeric-error-status and VARIANT close-connections reach the shell's own answers too (401, 413, 500).
  const faults = tenant ? state.faultsOf(tenant) : new Set(state.options.serverFaults);
  const variants = tenant ? state.variantsOf(tenant) : new Set(state.options.serverVariants ?? []);
  if (variants.has('close-connections')) res.setHeader('Connection', 'close');
  const indent = variants.has('pretty-printed-json') ? 2 : 0; // VARIANT pretty-printed-json
  const byteOrderMark = faults.has('json-byte-order-mark'); // FAULT json-byte-order-mark
  // VARIANT error-details-name-the-request: "… (GET /Users/<id>)", the request as it came below the SCIM base
  const namingRequest = (body: unknown): unknown => variants.has('error-details-name-the-request') && body !== null && typeof body === 'object'
    && typeof (body as { detail?: unknown }).detail === 'string' ? { ...body, detail: `${(body as { detail: string }).detail} (${method} ${path})` } : body;
  const urnsCased = (body: unknown): unknown => (variants.has('lowercase-schema-urns') ? lowercaseSchemaUrns(body) : body); // VARIANT lowercase-schema-urns
  let requestText: string | undefined;
  const observed = (status: number, body: unknown, headers: Record<string, string>, why: { rule?: string; reason?: string; eventName?: string } = {}) => {
    if (!ctx.observe) return;
    ctx.observe({
      at: new Date(), tenantId, knownTenant: tenant !== undefined,
      request: { method, path: req.url ?? '', headers: flatHeaders(req), ...(requestText !== undefined ? { body: requestText } : {}) },
      response: { status, headers, ...(body !== undefined ? { body } : {}) },
      ...(why.rule ? { rule: why.rule } : {}), ...(why.reason ? { reason: why.reason } : {}), ...(why.eventName ? { eventName: why.eventName } : {}),
    });
  };
  const refuse = (profile: SpProfile, status: number, detail: string, extra: Record<string, string> = {}, why: { rule?: string; reason?: string } = {}) => {
    const body = scimErrorBody(profile, status, detail);
    const sent = urnsCased(namingRequest(faults.has('numeric-error-status') ? numericStatus(body) : body));
    const headers = { 'x-amzn-RequestId': requestID, ...extra };
    sendJson(res, status, sent, headers, scimContentType(profile), indent, byteOrderMark);
    observed(status, sent, { 'Content-Type': scimContentType(profile), ...headers }, { ...why, eventName: deriveEventName(method, path) });
  };

  if (!tenant) {
    // Nothing about the (unknown) tenant or the token is revealed; the body is the server's default profile's.
    discard(req);
    refuse(state.options.defaultProfile, 401, UNAUTHORIZED_DETAIL, { 'WWW-Authenticate': 'Bearer' }, { rule: 'AWS-TENANT-01', reason: 'No tenant has that id.' });
    return;
  }

  // VARIANT slash-redirects: a collection is routed with a trailing slash, and one asked for without it is redirected
  // there (307, a relative Location, before authentication), as Starlette's and FastAPI's routers do.
  // VARIANT moved-slash-redirects: the same, with 301 to a GET or HEAD (Django's APPEND_SLASH) and 308 to the rest
  const moved = variants.has('moved-slash-redirects');
  if (moved || variants.has('slash-redirects')) {
    if (COLLECTION.test(path)) {
      discard(req);
      const [target, query] = (req.url ?? '').split(/(?=\?)/);
      const headers = { Location: `${target}/${query ?? ''}`, 'Content-Length': '0' };
      const status = !moved ? 307 : method === 'GET' || method === 'HEAD' ? 301 : 308;
      res.writeHead(status, headers);
      res.end();
      observed(status, undefined, headers);
      return;
    }
    if (COLLECTION.test(path.slice(0, -1)) && path.endsWith('/')) path = path.slice(0, -1);
  }

  // AWS throttles per tenant before anything else: 429 ThrottlingException, the profile's error body, Retry-After
  const retryAfter = ctx.throttle?.(tenant.id);
  if (retryAfter !== undefined) {
    discard(req);
    record(tenant, { eventName: deriveEventName(method, path), errorCode: 'ThrottlingException', errorMessage: THROTTLED_DETAIL });
    refuse(tenant.profile, 429, THROTTLED_DETAIL, { 'Retry-After': String(retryAfter) }, { reason: THROTTLED_DETAIL });
    return;
  }

  const auth = state.authenticate(tenant, header(req, 'authorization'));
  if (!auth.ok) {
    discard(req);
    record(tenant, { eventName: deriveEventName(method, path), errorCode: 'UnauthorizedException', errorMessage: auth.reason });
    if (auth.rule === 'AP-ENABLE-01' && faults.has('provisioning-off-404')) { // FAULT provisioning-off-404
      refuse(tenant.profile, 404, FAULT_NOT_FOUND_DETAIL, {}, { rule: auth.rule, reason: auth.reason });
      return;
    }
    // FAULT wrong-credentials-403: an API gateway's authorizer denies a credential that is there but not good
    if (faults.has('wrong-credentials-403') && header(req, 'authorization') !== undefined) {
      refuse(tenant.profile, 403, 'The supplied credentials do not grant access.', {}, { rule: auth.rule, reason: auth.reason });
      return;
    }
    if (faults.has('plain-text-401')) { // FAULT plain-text-401: the gateway in front answers for the SP, in its own words
      res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' });
      res.end('Unauthorized');
      return;
    }
    refuse(tenant.profile, 401, UNAUTHORIZED_DETAIL, { 'WWW-Authenticate': 'Bearer' }, { rule: auth.rule, reason: auth.reason });
    return;
  }
  const served = auth.servedBy;
  if (q >= 0 && rawQuery === '' && faults.has('empty-query-404')) { // FAULT empty-query-404
    discard(req);
    refuse(served.profile, 404, FAULT_NOT_FOUND_DETAIL);
    return;
  }
  if (rawQuery !== '' && rawQuery.split('&').includes('') && faults.has('empty-query-parameter-refused')) { // FAULT empty-query-parameter-refused
    discard(req);
    refuse(served.profile, 400, 'Malformed query string: an empty parameter.');
    return;
  }

  // FAULT scim-accept-refused: content negotiation by a framework that produces application/json only
  const accept = header(req, 'accept');
  if (accept !== undefined && faults.has('scim-accept-refused') && !/application\/json|\*\/\*|application\/\*/i.test(accept)) {
    discard(req);
    refuse(served.profile, 406, 'This endpoint produces application/json only.');
    return;
  }

  // FAULT json-request-refused: a framework that parses bodies only when they are labelled application/scim+json;
  // FAULT charset-refused: one that compares the whole Content-Type, parameters and all
  const contentType = header(req, 'content-type');
  if (contentType !== undefined && ((faults.has('json-request-refused') && /^\s*application\/json\s*(;|$)/i.test(contentType))
    || (faults.has('charset-refused') && contentType.includes(';')))) {
    discard(req);
    refuse(served.profile, 415, `Unsupported Media Type: ${contentType}.`);
    return;
  }

  const body = await readBody(req);
  if (!body.ok) {
    record(tenant, { eventName: deriveEventName(method, path), errorCode: 'ValidationException', errorMessage: 'The request body is larger than 1 MiB.' });
    refuse(served.profile, 413, 'The request body is larger than the 1 MiB limit.', { Connection: 'close' }, { reason: 'The request body is larger than 1 MiB.' });
    return;
  }
  if (ctx.observe) requestText = body.body.toString('utf8');

  const request: ScimRequest = {
    // FAULT plus-kept-in-query: a `+` stays a plus sign
    method, path, query: new URLSearchParams(faults.has('plus-kept-in-query') ? rawQuery.replace(/\+/g, '%2B') : rawQuery), rawQuery, headers: flatHeaders(req),
    baseUrl: ctx.baseUrl(served.id, req),
  };
  if (body.body.length > 0) {
    const text = body.body.toString('utf8');
    if (text.trim().length > 0) {
      try {
        request.body = JSON.parse(text);
      } catch (e) {
        request.bodyError = `The request body is not valid JSON: ${(e as Error).message}`;
      }
    }
  }

  let result: ScimResult;
  try {
    result = served.service.handle(request, state.now(served));
  } catch (e) {
    console.error(`reference server: the SCIM engine threw on ${method} ${eventPath} (a bug):`, e);
    record(tenant, { eventName: deriveEventName(method, path), errorCode: 'InternalServerException', errorMessage: (e as Error)?.message ?? String(e) });
    refuse(served.profile, 500, 'An internal error occurred.');
    return;
  }
  record(tenant, result.audit ?? { eventName: deriveEventName(method, path) });
  const { status, headers = {} } = result.response;
  const responseBody = urnsCased(status >= 400 ? namingRequest(result.response.body) : result.response.body);
  sendJson(res, status, responseBody, { ...headers, 'x-amzn-RequestId': requestID }, scimContentType(served.profile), indent, byteOrderMark);
  observed(status, responseBody, { 'Content-Type': scimContentType(served.profile), ...headers, 'x-amzn-RequestId': requestID },
    { rule: result.audit?.rule, reason: result.audit?.errorMessage, eventName: result.audit?.eventName });
}
