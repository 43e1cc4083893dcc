// Where a resource lives below the SCIM base, built and read back one way for the whole suite: an SP's
// ids may hold spaces and other reserved characters (servers that use a name as the id do), so an id is
// percent-encoded into a path and decoded when it is taken from a Location or meta.location.
export type ResourceType = 'Users' | 'Groups';

/**
 * How an SP says that a whole endpoint is not there (a users-only SP's /Groups): 404, 405 or 501 Not Implemented
 * (RFC 7644 §3.12). A 400 to a plain list is an error, not an absence.
 */
export const ABSENT_ENDPOINT: ReadonlySet<number> = new Set([404, 405, 501]);

/** Whether a request creates a user or group: a POST to the collection (its query, if any, aside). */
function createsResource(request: { method: string; url: string }): boolean {
  return request.method.toUpperCase() === 'POST' && /\/(Users|Groups)\/?(\?.*)?$/.test(request.url);
}

/**
 * The row that judges the plain write a request is (a create, a PUT, a PATCH of a user or group), whose deviation a
 * failure of it may be (RFC-CREATE-01, RFC-PUT-01, RFC-PATCH-01; PATCH is AWS-PATCH-01's under aws): asked first, so
 * that an SP that fails every such write is that row's deviation, and a scenario that needed it BLOCKED. Undefined
 * for any other request.
 */
export function plainWriteRow(request: { method: string; url: string }, profile: 'aws' | 'rfc'): string | undefined {
  if (createsResource(request)) return 'RFC-CREATE-01';
  if (!/\/(Users|Groups)\/[^/?]+\/?(\?.*)?$/.test(request.url)) return undefined;
  const method = request.method.toUpperCase();
  return method === 'PUT' ? 'RFC-PUT-01' : method === 'PATCH' ? (profile === 'aws' ? 'AWS-PATCH-01' : 'RFC-PATCH-01') : undefined;
}

/**
 * An answer that says the server failed the request (5xx), not what it made of it. 501 Not Implemented is left out:
 * it declines the operation (RFC 7644 §3.12, "does not support the request operation"), and SPs answer it to a PATCH
 * path they have no handler for (django-scim2) as others answer 400.
 */
export function serverFailed(reply: { failure?: string; status: number }): boolean {
  return !reply.failure && reply.status >= 500 && reply.status !== 501;
}

/**
 * The plain write's row (plainWriteRow) of a write the server failed (serverFailed): it says nothing of what the body
 * carried. Undefined for any other answer (a refusal is the scenario's own, or its rule's) and request.
 */
export function serverFailureRow(reply: { failure?: string; status: number; exchange: { request: { method: string; url: string } } }, profile: 'aws' | 'rfc'): string | undefined {
  return serverFailed(reply) ? plainWriteRow(reply.exchange.request, profile) : undefined;
}

/** `/Users/<id>` with the id percent-encoded as one path segment. */

export function resourcePath(type: ResourceType, id: string): string {
  return `/${type}/${encodeURIComponent(id)}`;
}

/** The id in the last path segment of a Location (or meta.location), decoded; undefined when there is none. */
export function idFromLocation(location: unknown): string | undefined {
  if (typeof location !== 'string' || !location) return undefined;
  let path = location;
  try { path = new URL(location).pathname; } catch { path = location.split(/[?#]/)[0]!; }
  const segment = path.replace(/\/+$/, '').split('/').pop();
  if (!segment) return undefined;
  try { return decodeURIComponent(segment); } catch { return segment; }
}

/**
 * Whether two URI references name the same resource: each resolved against the request's URL (a Location may
 * be relative, RFC 9110 §10.2.2) and compared as URLs (host case and a default port make no difference). A
 * relative reference may also be read against the other, absolute one: an SP that names itself by its public
 * address (the suite reaches it through a tunnel to 127.0.0.1, at another path) writes its paths for that address.
 */
export function sameResourceUri(a: string, b: string, requestUrl: string): boolean {
  // a relative base throws, so each of a and b serves as a base only where it is absolute
  const same = (base: string) => { try { return new URL(a, base).href === new URL(b, base).href; } catch { return false; } };
  return a === b || [requestUrl, b, a].some(same);
}

/** The SCIM base an SP names for itself in a resource type's meta.location (`…/ResourceTypes/User` → `…`). */
export function selfNamedBase(location: unknown): string | undefined {
  if (typeof location !== 'string' || !isAbsoluteUri(location)) return undefined;
  const at = location.toLowerCase().lastIndexOf('/resourcetypes/');
  return at > 0 ? location.slice(0, at) : undefined;
}

function isAbsoluteUri(s: string): boolean {
  try { new URL(s); return true; } catch { return false; }
}

/** The id of a created resource: the body's id, or else the one its Location names. */
export function createdId(reply: { body?: any; headers: Record<string, string> }): string | undefined {
  const id = reply.body?.id;
  if (typeof id === 'string' && id) return id;
  return idFromLocation(reply.headers.location ?? reply.body?.meta?.location);
}

/**
 * One schema's path, its URN as RFC 7644 §4 writes it ("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"): a
 * colon may stand in a path segment (RFC 3986 §3.3), and %3A is not the same URI to a router that matches raw paths.
 */
export function schemaPath(urn: string): string {
  return `/Schemas/${encodeURIComponent(urn).replace(/%3A/gi, ':')}`;
}
