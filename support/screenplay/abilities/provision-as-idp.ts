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
import { CallScim } from './call-scim.js';
import { resourcePath } from '../../scim/paths.js';
import { createsLate } from '../../targets/capabilities.js';
import { patchOffered } from '../../targets/target.js';

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
      actor: `${actorName} (${dialect})`, record: ctx.record, log: (entry) => ctx.idpLog.push(entry), busyDeadline: () => ctx.busyDeadline,
      patchServed: patchOffered(ctx.target.capabilities),
      ...(createsLate(ctx.target.capabilities.served?.createLag) ? { beforeActingOn: (kind, id) => this.untilShown(kind, id) } : {}),
    });
  }

  /** Ids the SP has shown by id to untilShown: each is waited for once. */
  private readonly shown = new Set<string>();
  private reader?: CallScim;

  /**
   * Where the capability probe found that a read by id sees a new resource late (createLag), the time a real IdP
   * lets pass before its next push or cycle: the suite's own reader (never the IdP) reads the resource by id, and
   * CallScim reads a 404 of one this scenario made again at the settle pace, until the SP shows it. Judges nothing:
   * what the IdP then gets is the rows' to judge. An SP that shows a create at once never comes here.
   */
  private async untilShown(kind: 'Users' | 'Groups', id: string): Promise<void> {
    const ep = this.engine.endpoint;
    if (!ep || this.shown.has(id)) return;
    if (this.reader?.current.base !== ep.base || this.reader.current.token !== ep.token) {
      this.reader = new CallScim(this.ctx, `the suite, for ${this.actorName}`, { base: ep.base, token: ep.token });
    }
    const reply = await this.reader.send({ method: 'GET', path: resourcePath(kind, id) });
    if (!reply.failure && reply.status !== 404) this.shown.add(id);
  }

  /** Routes the engine through a throttling proxy in front of its current base URL. */
  async throttling(): Promise<ThrottleProxy> {
    if (!this.throttle) {
      if (!this.engine.baseUrl) throw new Error(`${this.actorName} is not connected yet`);
      const upstream = this.engine.baseUrl;
      this.throttle = new ThrottleProxy(upstream);
      this.engine.baseUrl = await this.throttle.start();
      this.ctx.standsIn(this.engine.baseUrl, upstream);
    }
    return this.throttle;
  }

  async discard(): Promise<void> {
    try { await this.engine.cleanup(); } finally { await this.throttle?.close(); }
  }
}
