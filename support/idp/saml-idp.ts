// The SAML side of a simulated IdP (seed 001 step 3, "Passing attributes for access control"): a signing
// certificate, and signed Responses whose assertion carries one
// `https://aws.amazon.com/SAML/Attributes/AccessControl:{TagKey}` Attribute per tag.
import type { SigningCertificate } from '../saml/sign-response.js';

// the signer (xml-crypto and xmldom) loads with the first IdP that signs, not at every start
type Signing = typeof import('../saml/sign-response.js');

/** One signing certificate per IdP host and process: an RSA-2048 key costs a noticeable pause to generate. */
const certificates = new Map<string, Promise<SigningCertificate>>();

export class SamlIdp {
  private constructor(readonly issuer: string, readonly cert: SigningCertificate, private readonly signing: Signing) {}

  static async create(issuer: string): Promise<SamlIdp> {
    const signing = await import('../saml/sign-response.js');
    const host = new URL(issuer).host || 'mock-idp.example.com';
    let cert = certificates.get(host);
    if (!cert) { cert = signing.createSigningCertificate(host); certificates.set(host, cert); cert.catch(() => certificates.delete(host)); }
    return new SamlIdp(issuer, await cert, signing);
  }

  /** The base64 SAMLResponse form value; `tamper` changes a signed tag value after signing. */
  response(nameId: string, tags: Record<string, string>, options: { now?: Date; audience?: string; destination?: string; tamper?: boolean } = {}): string {
    let xml = this.signing.signSamlResponseXml({ privateKeyPem: this.cert.privateKeyPem, certificatePem: this.cert.certificatePem, issuer: this.issuer,
      nameId, attributes: tags, now: options.now, audience: options.audience, destination: options.destination });
    if (options.tamper) {
      const [first] = Object.values(tags);
      if (first !== undefined) xml = xml.replace(`>${first}<`, `>${first}-tampered<`);
    }
    return Buffer.from(xml, 'utf8').toString('base64');
  }
}
