// The IdP roles: "Okta", "Entra ID", "OneLogin". Each plays one dialect, chosen by the scenario's
// `@idp:<dialect>` tag, or by the run's SP profile (aws → the vendor's AWS IAM Identity Center app;
// rfc → the vendor's first generic dialect). The table below is data; the engine never sees the name.
import { registerRole } from './cast.js';
import { ProvisionAsIdp } from './abilities/provision-as-idp.js';
import { DIALECT_IDS, type DialectId } from '../idp/profile.js';
import type { SpProfile } from '../targets/target.js';

export const IDP_ROLES: Record<string, { family: string; byProfile: Record<SpProfile, DialectId> }> = {
  'okta': { family: 'okta-', byProfile: { aws: 'okta-aws', rfc: 'okta-oin' } },
  'entra id': { family: 'entra-', byProfile: { aws: 'entra-aws', rfc: 'entra-legacy' } },
  'onelogin': { family: 'onelogin-', byProfile: { aws: 'onelogin-aws', rfc: 'onelogin-core' } },
};

export function dialectFor(role: string, spProfile: SpProfile, tags: string[]): DialectId {
  const entry = IDP_ROLES[role.toLowerCase()];
  if (!entry) throw new Error(`"${role}" is not an IdP role`);
  for (const tag of tags) {
    const m = /^@idp:(.+)$/.exec(tag);
    if (m && m[1].startsWith(entry.family)) {
      if (!DIALECT_IDS.includes(m[1] as DialectId)) throw new Error(`unknown IdP dialect tag ${tag} (known: ${DIALECT_IDS.join(', ')})`);
      return m[1] as DialectId;
    }
  }
  return entry.byProfile[spProfile];
}

registerRole(/^(Okta|Entra ID|OneLogin)$/i, (actor, ctx, tags) => {
  actor.whoCan(new ProvisionAsIdp(ctx, actor.name, dialectFor(actor.name, ctx.profile, tags)));
});
