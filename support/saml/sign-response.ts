// Builds and signs a SAML 2.0 Response (assertion signed with RSA-SHA256 and exclusive c14n), as an IdP
// posts it to an assertion consumer with the HTTP-POST binding. Used by the tests and the mock IdPs.
import { generateKeyPair, randomBytes } from 'node:crypto';
import { SignedXml } from 'xml-crypto';

export const ACCESS_CONTROL_PREFIX = 'https://aws.amazon.com/SAML/Attributes/AccessControl:';

export interface SignSamlResponseOptions {
  privateKeyPem: string;
  certificatePem: string;
  issuer: string;
  nameId: string;
  /**
   * Attributes to send. A key that is a plain tag key (CostCenter) becomes the attribute
   * `https://aws.amazon.com/SAML/Attributes/AccessControl:CostCenter`; a key that is already a URI or URN
   * is sent as the attribute name as it is.
   */
  attributes: Record<string, string>;
  audience?: string;
  /** Defaults to now + 5 minutes. */
  notOnOrAfter?: Date;
  /** Defaults to the real time. */
  now?: Date;
  /** Destination / Recipient (the ACS URL), optional. */
  destination?: string;
}

function xmlEscape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function samlId(): string {
  return `_${randomBytes(20).toString('hex')}`;
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function attributeName(key: string): string {
  return /^(https?:\/\/|urn:)/i.test(key) ? key : `${ACCESS_CONTROL_PREFIX}${key}`;
}

/** Returns the base64 SAMLResponse form value. */
export function signSamlResponse(o: SignSamlResponseOptions): string {
  return Buffer.from(signSamlResponseXml(o), 'utf8').toString('base64');
}

/** The signed Response as XML (before base64), for tests that tamper with it. */
export function signSamlResponseXml(o: SignSamlResponseOptions): string {
  const now = o.now ?? new Date();
  const notOnOrAfter = o.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
  const notBefore = new Date(now.getTime() - 60_000);
  const responseId = samlId();
  const assertionId = samlId();
  const dest = o.destination ? ` Destination="${xmlEscape(o.destination)}"` : '';
  const recipient = o.destination ? ` Recipient="${xmlEscape(o.destination)}"` : '';
  const audience = o.audience
    ? `<saml:AudienceRestriction><saml:Audience>${xmlEscape(o.audience)}</saml:Audience></saml:AudienceRestriction>`
    : '';
  const attributes = Object.entries(o.attributes).map(([k, v]) =>
    `<saml:Attribute Name="${xmlEscape(attributeName(k))}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">${xmlEscape(v)}</saml:AttributeValue></saml:Attribute>`).join('');
  const xml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${responseId}" Version="2.0" IssueInstant="${iso(now)}"${dest}>` +
    `<saml:Issuer>${xmlEscape(o.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `<saml:Assertion ID="${assertionId}" Version="2.0" IssueInstant="${iso(now)}">` +
    `<saml:Issuer>${xmlEscape(o.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${xmlEscape(o.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(notOnOrAfter)}"${recipient}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}">${audience}</saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${assertionId}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
    `</saml:Assertion></samlp:Response>`;

  const sig = new SignedXml({
    privateKey: o.privateKeyPem,
    publicCert: o.certificatePem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: `//*[local-name(.)='Assertion' and @ID='${assertionId}']`,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `//*[local-name(.)='Assertion' and @ID='${assertionId}']/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}

export interface SigningCertificate { privateKeyPem: string; certificatePem: string }

/** An RSA key pair in PEM (PKCS#8 private, SPKI public), as selfsigned imports one. */
export interface KeyPairPem { privateKey: string; publicKey: string }

/** A new RSA-2048 key pair, made on libuv's thread pool. */
export function createSigningKeyPair(): Promise<KeyPairPem> {
  return new Promise((resolve, reject) => generateKeyPair('rsa', { modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } },
  (error, publicKey, privateKey) => (error ? reject(error) : resolve({ privateKey, publicKey }))));
}

/** A throwaway self-signed RSA-2048 signing certificate for an IdP in tests, on a new key pair or the one given. */
export async function createSigningCertificate(commonName = 'mock-idp.example.com', keyPair?: KeyPairPem): Promise<SigningCertificate> {
  const notBeforeDate = new Date(Date.now() - 86_400_000);
  const notAfterDate = new Date(Date.now() + 10 * 365 * 86_400_000);
  // loaded here, not at the top: selfsigned and its x509 library cost ~0.3 s to load, and only ABAC scenarios sign
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048, algorithm: 'sha256', notBeforeDate, notAfterDate, keyPair: keyPair ?? await createSigningKeyPair(),
  });
  return { privateKeyPem: pems.private, certificatePem: pems.cert };
}
