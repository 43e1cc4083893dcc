// What an IdP sent, asked for by meaning ("the deletes it sent for users"); only this module knows how
// such requests look on the wire, so the steps that check an IdP's traffic stay free of HTTP.
import { isDeepStrictEqual } from 'node:util';
import type { Actor } from '../actor.js';
import type { Exchange } from '../../scim/exchange.js';
import { engineOf, sentBy } from '../tasks/idp/index.js';
import { createdId } from '../../scim/paths.js';
import { ABSENT_ENDPOINT } from '../../scim/paths.js';

const pathOf = (e: Exchange): string => { try { return new URL(e.request.url).pathname; } catch { return e.request.url; } };
const bodyText = (e: Exchange): string => JSON.stringify(e.request.body ?? e.request.rawBody ?? '');
const sends = (e: Exchange, method: string, path: RegExp): boolean => e.request.method === method && path.test(pathOf(e));
/** Any 2xx: whether a create must be exactly 201 is RFC-CREATE-01's verdict, not these questions'. */
const accepted = (e: Exchange): boolean => (e.response?.status ?? 0) >= 200 && (e.response?.status ?? 0) < 300;
const idOfCreated = (e: Exchange): string | undefined => createdId({ body: e.response?.body, headers: e.response?.headers ?? {} });
/** The request's URL names this SP id as a path segment (percent-encoded, as the IdP sends it). */
const names = (e: Exchange, id: string): boolean => pathOf(e).split('/').some((seg) => seg === encodeURIComponent(id) || safeDecode(seg) === id);
/** Whether the request's body names the id as a JSON string (not as part of a longer value). */
const carries = (e: Exchange, id: string): boolean =>
  (typeof e.request.body === 'object' && e.request.body !== null ? JSON.stringify(e.request.body) : String(e.request.rawBody ?? '')).includes(JSON.stringify(id));
const safeDecode = (s: string): string => { try { return decodeURIComponent(s); } catch { return s; } };

/** One line per request, for failure messages: "DELETE http://…/Users/8f1c". */
export function listed(exchanges: Exchange[]): string {
  return exchanges.map((e) => `${e.request.method} ${e.request.url}`).join(', ');
}

export const IdpSent = {
  /** Deletes of the resource with this SP id (any delete when the IdP never learned the id). */
  deletesOf: (idp: Actor, spId: string | undefined) => sentBy(idp).filter((e) => e.request.method === 'DELETE' && (!spId || names(e, spId))),
  userDeletes: (idp: Actor) => sentBy(idp).filter((e) => sends(e, 'DELETE', /\/Users\/[^/]+$/)),
  groupDeletes: (idp: Actor) => sentBy(idp).filter((e) => sends(e, 'DELETE', /\/Groups\/[^/]+$/)),
  userPatches: (idp: Actor) => sentBy(idp).filter((e) => sends(e, 'PATCH', /\/Users\/[^/]+$/)),
  gets: (idp: Actor) => sentBy(idp).filter((e) => e.request.method === 'GET'),
  /** GET requests that carried a Content-Type header (Entra's never do). */
  typedGets: (idp: Actor) => IdpSent.gets(idp).filter((e) => Object.keys(e.request.headers).some((h) => h.toLowerCase() === 'content-type')),
  /** Anything that names this userName, in the URL (a lookup) or the body (a create, an update). */
  about: (idp: Actor, userName: string) => sentBy(idp).filter((e) => e.request.url.includes(encodeURIComponent(userName)) || bodyText(e).includes(userName)),
  userCreates: (idp: Actor, userName: string) => sentBy(idp).filter((e) => sends(e, 'POST', /\/Users$/) && bodyText(e).includes(userName)),
  /** SP ids of the groups the IdP created, in order. */
  createdGroupIds: (idp: Actor) => sentBy(idp).filter((e) => sends(e, 'POST', /\/Groups$/) && accepted(e)).map(idOfCreated).filter((id): id is string => Boolean(id)),
  /** SP ids of the groups the IdP created with this displayName. */
  createdGroupIdsNamed: (idp: Actor, displayName: string) => sentBy(idp)
    .filter((e) => sends(e, 'POST', /\/Groups$/) && accepted(e) && (e.request.body as any)?.displayName === displayName)
    .map(idOfCreated).filter((id): id is string => Boolean(id)),
  /** The user as first created (found by a marker in its body, e.g. its externalId), when the SP echoed it. */
  firstCreated: (idp: Actor, marker: string): { id?: string } | undefined => {
    const e = sentBy(idp).find((x) => sends(x, 'POST', /\/Users$/) && accepted(x) && bodyText(x).includes(marker));
    return e ? { id: idOfCreated(e) } : undefined;
  },
  /** The last change (not a read) the IdP sent for a group. */
  /**
   * The last request the SP accepted (2xx) that carried this member for this group: the group's create with its
   * members, or a change of the group. Undefined when the IdP never sent the member.
   */
  acceptedMembershipRequest: (idp: Actor, groupId: string, memberId: string): Exchange | undefined => sentBy(idp).filter((e) => accepted(e)
    && carries(e, memberId) && (e.request.method === 'POST' ? /\/Groups$/.test(pathOf(e)) && (e.response?.body as { id?: unknown } | undefined)?.id === groupId
      : e.request.method !== 'GET' && names(e, groupId))).slice(-1)[0],
  lastGroupChange: (idp: Actor, groupId: string) => sentBy(idp).filter((e) => /\/Groups\/[^/]+$/.test(pathOf(e)) && names(e, groupId) && e.request.method !== 'GET').slice(-1)[0],
  bodies: (idp: Actor) => sentBy(idp).filter((e) => e.request.body && typeof e.request.body === 'object').map((e) => e.request.body as Record<string, unknown>),
  /** The filtered lookups, with the query string exactly as sent. */
  lookups: (idp: Actor) => engineOf(idp).exchanges.filter((e) => e.request.method === 'GET' && e.request.url.includes('filter='))
    .map((e) => ({ url: e.request.url, query: e.request.url.slice(e.request.url.indexOf('?') + 1) })),
  /**
   * The last request the SP refused (an answer of 400 or more). `lookupMissIsRefusal` false: a GET answered 404
   * is how "not found" may look to a lookup, not a refusal.
   */
  lastRefusal: (idp: Actor, lookupMissIsRefusal = true): Exchange | undefined => sentBy(idp)
    .filter((e) => (e.response?.status ?? 0) >= 400 && (lookupMissIsRefusal || !(e.request.method === 'GET' && e.response?.status === 404))).slice(-1)[0],
  /** The first create that carried this userName and was refused (an answer of 400 or more). */
  refusedCreateOf: (idp: Actor, userName: string): Exchange | undefined => sentBy(idp)
    .find((e) => e.request.method === 'POST' && bodyText(e).includes(userName) && (e.response?.status ?? 0) >= 400),
  /**
   * On the IdP's own clock, how long after its first 429 it sent its next request: undefined when it had no 429
   * or sent nothing after it.
   */
  waitAfterFirst429: (idp: Actor): number | undefined => {
    const engine = engineOf(idp);
    const i = engine.exchanges.findIndex((e) => e.response?.status === 429);
    const times = engine.exchangeClock;
    return i < 0 || i + 1 >= times.length ? undefined : times[i + 1]! - times[i]!;
  },
  /**
   * Requests the SP did not answer with a success (a 404 to a lookup is how "not found" may look). A 429 the
   * IdP waited out is no refusal when the same request, sent again, succeeded: that is the vendor's back-off.
   */
  refused: (idp: Actor) => {
    const sent = sentBy(idp);
    const retriedFine = (i: number) => sent.slice(i + 1).some((later) => later.request.method === sent[i]!.request.method
      && later.request.url === sent[i]!.request.url && !!later.response && later.response.status < 300);
    // a users-only SP may say its /Groups collection is not there with 405 or 501 as well as 404 (the IdPs' own
    // connection tests take all three), so Okta's /Groups probe answered so is no refusal of a user's request
    const groupsAbsent = (e: Exchange) => e.request.method === 'GET' && ABSENT_ENDPOINT.has(e.response?.status ?? 0) && /\/Groups(\?|$)/.test(e.request.url);
    return sent.filter((e, i) => !e.response || (e.response.status >= 300 && !(e.request.method === 'GET' && e.response.status === 404) && !groupsAbsent(e)
      && !(e.response.status === 429 && retriedFine(i))))
      .map((e) => `${e.request.method} ${e.request.url} → ${e.response?.status ?? e.failure} ${JSON.stringify((e.response?.body as any)?.detail ?? '')}`);
  },
};

/**
 * Whether a log line gives `body` after `prefix` (the rest of the line), as JSON: the IdP logs the SP's text as it
 * came, and whitespace between JSON's tokens is insignificant (RFC 8259 §2), so a pretty-printed body is the same body.
 */
export function logQuotesBody(line: string, prefix: string, body: unknown): boolean {
  const at = line.indexOf(prefix);
  if (at < 0) return false;
  try { return isDeepStrictEqual(JSON.parse(line.slice(at + prefix.length)), body); } catch { return false; }
}
