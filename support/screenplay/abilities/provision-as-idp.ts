// The ability to act as a simulated IdP: a provisioning engine that plays one dialect profile, its
// directory and its clock. Everything it sends lands in the scenario's transcript (redacted) and its
// own log lines in ctx.idpLog; what it created in the SP is removed after the scenario.
import type { Ability } from '../actor.js';
import type { ScenarioContext } from '../context.js';
import { ProvisioningEngine } from '../../idp/engine.js';
import type { DialectId } from '../../idp/profile.js';
import { PROFILES } from '../../../fixtures/idp-profiles/index.js';
import { ThrottleProxy } from '../../idp/throttle-proxy.js';
import type { SamlIdp } from '../../idp/saml-idp.js';

export class ProvisionAsIdp implements Ability {
  readonly engine: ProvisioningEngine;
  /** A proxy in front of the SP that throttles on demand (started on first use). */
  throttle?: ThrottleProxy;
  saml?: SamlIdp;

  constructor(readonly ctx: ScenarioContext, readonly actorName: string, readonly dialect: DialectId) {
    const profile = PROFILES[dialect];
    if (!profile) throw new Error(`no IdP dialect profile "${dialect}" (fixtures/idp-profiles/)`);
    this.engine = new ProvisioningEngine({
      profile, redactor: ctx.redactor, faker: ctx.faker, timeoutMs: ctx.run.timeoutMs,
      actor: `${actorName} (${dialect})`, record: ctx.record, log: (entry) => ctx.idpLog.push(entry),
    });
  }

  /** Routes the engine through a throttling proxy in front of its current base URL. */
  async throttling(): Promise<ThrottleProxy> {
    if (!this.throttle) {
      if (!this.engine.baseUrl) throw new Error(`${this.actorName} is not connected yet`);
      this.throttle = new ThrottleProxy(this.engine.baseUrl);
      this.engine.baseUrl = await this.throttle.start();
    }
    return this.throttle;
  }

  async discard(): Promise<void> {
    try { await this.engine.cleanup(); } finally { await this.throttle?.close(); }
  }
}
