// Who can do what: each role named in a step gets the abilities its part needs on this target.
// Other areas (the mock IdPs, the console) register their roles and capability guards here.
import { Actor } from './actor.js';
import type { ScenarioContext } from './context.js';
import { CallScim } from './abilities/call-scim.js';
import { AdministerReference } from './abilities/administer-reference.js';
import { Unsupported } from './actor.js';
import { patchOffered } from '../targets/target.js';

type RolePreparer = (actor: Actor, ctx: ScenarioContext, tags: string[]) => void;
const roles: { match: RegExp; prepare: RolePreparer }[] = [];
const guards = new Map<string, (ctx: ScenarioContext) => string | undefined>();

export function registerRole(match: RegExp, prepare: RolePreparer): void { roles.push({ match, prepare }); }
/** A `@needs:<name>` tag: the guard answers why the scenario cannot run here, or undefined. */
export function registerGuard(name: string, guard: (ctx: ScenarioContext) => string | undefined): void { guards.set(name, guard); }

export function prepareActor(name: string, ctx: ScenarioContext, tags: string[]): Actor {
  const actor = new Actor(name);
  const role = roles.find((r) => r.match.test(name));
  if (!role) throw new Error(`no role is defined for "${name}"`);
  role.prepare(actor, ctx, tags);
  return actor;
}

export function missingCapability(tags: string[], ctx: ScenarioContext): string | undefined {
  for (const tag of tags) {
    const m = /^@needs:(.+)$/.exec(tag);
    if (!m) continue;
    const guard = guards.get(m[1]);
    if (!guard) return `unknown capability tag ${tag}`;
    const reason = guard(ctx);
    if (reason) return reason;
  }
  return undefined;
}

registerRole(/^the client$/i, (actor, ctx) => { actor.whoCan(CallScim.at(ctx, actor.name)); });
registerRole(/^the SP admin$/i, (actor, ctx) => {
  try { actor.whoCan(new AdministerReference(ctx, actor.name)); } catch (e) { if (!(e instanceof Unsupported)) throw e; }
  actor.whoCan(CallScim.at(ctx, actor.name));
});

registerGuard('admin', (ctx) => ctx.target.capabilities.admin ? undefined
  : 'needs the reference admin API (tenants, tokens, clock, events): give --admin-url and --admin-token');
registerGuard('second-token', (ctx) => ctx.target.capabilities.secondToken || ctx.target.capabilities.admin ? undefined
  : 'needs a second access token: give --second-token');
// PATCH is judged where it is served, whatever discovery says (RFC-PATCH-01; RFC-DISC-01 names the mismatch).
registerGuard('patch', (ctx) => patchOffered(ctx.target.capabilities) ? undefined
  : 'the SP neither advertises PATCH in /ServiceProviderConfig nor answers a PATCH with 2xx');
// RFC 7644's startIndex paging, where the SP says it pages by cursor alone (RFC 9865 §4: "index": false)
registerGuard('index-paging', (ctx) => (ctx.target.capabilities.cursorPagingOnly
  ? 'the SP pages by cursor alone: /ServiceProviderConfig says "pagination": {"cursor": true, "index": false} (RFC 9865 §4), so startIndex paging is not offered'
  : undefined));
for (const feature of ['bulk', 'etag', 'sort', 'filter'] as const) {
  registerGuard(feature, (ctx) => ctx.target.capabilities[feature] ? undefined
    : `the SP does not advertise ${feature} support in /ServiceProviderConfig`);
}
