// The IdP's SAML side (ABAC-01; seed 001 step 3): the SP admin registers the IdP's signing certificate
// with "attributes for access control" on; a user signs in and the IdP posts a signed assertion carrying
// one AccessControl:{TagKey} Attribute per tag to the SP's assertion consumer.
import { task, Unsupported, type Actor, type Task } from '../../actor.js';
import type { ScenarioContext } from '../../context.js';
import { ProvisionAsIdp } from '../../abilities/provision-as-idp.js';
import { AdministerReference } from '../../abilities/administer-reference.js';
import { ProvisionedOwnTenant, ownTenant, ownTenants } from '../provisioning.js';
import { SamlIdp } from '../../../idp/saml-idp.js';
import { sendRaw } from '../../../scim/raw-transport.js';

export const TrustIdpForAbac = (ctx: ScenarioContext, admin: Actor): Task =>
  task('have the SP trust its signing certificate for attributes for access control', async (actor) => {
    const ability = actor.abilityTo(ProvisionAsIdp);
    const reference = admin.abilityTo(AdministerReference);
    if (ownTenants(ctx).length === 0) await admin.attemptsTo(ProvisionedOwnTenant(ctx));
    ability.saml = await SamlIdp.create(`https://${ability.dialect}.idp.example.com/saml`);
    const reply = await reference.configureSaml(ownTenant(ctx).tenant.id, ability.saml.cert.certificatePem, true);
    if (reply.status !== 200) throw new Unsupported(`the SP did not accept a SAML IdP certificate (admin API answered ${reply.status})`);
  });

export const SignInThroughIdp = (ctx: ScenarioContext, alias: string, attributes: string, tamper: boolean): Task =>
  task(`sign "${alias}" in${tamper ? ' with a tampered assertion' : ''}`, async (actor) => {
    const ability = actor.abilityTo(ProvisionAsIdp);
    if (!ability.saml) throw new Error(`${actor.name} has no SAML signing certificate registered with the SP yet`);
    const adminBase = ctx.target.adminBase;
    if (!adminBase) throw new Unsupported('the SP exposes no SAML assertion consumer this suite knows of');
    const origin = new URL(adminBase).origin;
    const tenantId = ownTenant(ctx).tenant.id;
    const tags = Object.fromEntries(attributes.split(',').map((p) => p.split('=').map((s) => s.trim()) as [string, string]));
    const acs = `${origin}/${tenantId}/saml/acs`;
    const samlResponse = ability.saml.response(ctx.person(alias).userName, tags, { tamper, destination: acs });
    const reply = await sendRaw({ method: 'POST', url: acs, headers: [['Content-Type', 'application/x-www-form-urlencoded']],
      body: new URLSearchParams({ SAMLResponse: samlResponse }).toString() }, { redactor: ctx.redactor, actor: `${actor.name} (SAML)`, record: ctx.record, timeoutMs: ctx.run.timeoutMs });
    actor.remember('saml reply', { status: reply.status, body: reply.body });
  });
