// Deliberately wrong engines for the sync-property tests (a test seam, nowhere in production): each leaves one
// behaviour's requests unsent, so a test shows the property notices what that behaviour should have done.
import { PROFILES } from '../../fixtures/idp-profiles/index.js';
import { ProvisioningEngine } from '../../support/idp/engine.js';
import type { Behaviour } from '../../support/idp/profile.js';
import type { RawReply } from '../../support/scim/raw-transport.js';
import { ProvisionAsIdp } from '../../support/screenplay/abilities/provision-as-idp.js';
import type { IdpAbilityFactory } from '../../support/sync-property/property.js';

/** The IdP ability with an engine that never sends `dropped`'s requests: it reads the user instead, and goes on. */
export const droppingEngine = (dropped: Behaviour): IdpAbilityFactory => (ctx, actorName, dialect) => {
  class Dropping extends ProvisioningEngine {
    override async request(tpl: Parameters<ProvisioningEngine['request']>[0], vars: Parameters<ProvisioningEngine['request']>[1], meta: Parameters<ProvisioningEngine['request']>[2] = {}): Promise<RawReply> {
      return super.request(meta.behaviour === dropped ? { method: 'GET', path: 'Users/{{user.id}}' } : tpl, vars, meta);
    }
  }
  const ability = new ProvisionAsIdp(ctx, actorName, dialect);
  (ability as { engine: ProvisioningEngine }).engine = new Dropping({ profile: PROFILES[dialect], redactor: ctx.redactor, faker: ctx.faker,
    timeoutMs: ctx.run.timeoutMs, actor: `${actorName} (${dialect})`, record: ctx.record, log: (entry) => ctx.idpLog.push(entry) });
  return ability;
};
