// A SAML 2.0 assertion consumer (HTTP-POST binding) for "attributes for access control": verifies the
// signature against the tenant's registered IdP certificate and reads session tags ONLY from the bytes
// the signature covers (xml-crypto's getSignedReferences), so a wrapped or injected assertion is never read.
import { DOMParser, onErrorStopParsing } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { SamlConfig } from './state.ts';

export const ACCESS_CONTROL_PREFIX = 'https://aws.amazon.com/SAML/Attributes/AccessControl:';
const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
};
/** Allowance for IdP clocks that run a little ahead, on NotBefore only. */
const NOT_BEFORE_SKEW_MS = 60_000;

export class SamlError extends Error {
  constructor(readonly status: 400 | 403, message: string) {
    super(message);
  }
}

export interface SamlResult { nameId: string; sessionTags: Record<string, string> }

// Minimal structural DOM types (xmldom's and lib.dom's differ; we only walk elements).
interface XNode { nodeType: number; childNodes: ArrayLike<XNode>; textContent: string | null }
interface XElement extends XNode { localName: string | null; namespaceURI: string | null; getAttribute(name: string): string | null; parentNode: XNode | null }

function parse(xml: string): { documentElement: XElement | null } {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new SamlError(400, 'The SAML response must not contain a DOCTYPE.');
  try {
    const doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml');
    return doc as unknown as { documentElement: XElement | null };
  } catch {
    throw new SamlError(400, 'The SAML response is not well-formed XML.');
  }
}

function elements(node: XNode): XElement[] {
  const out: XElement[] = [];
  for (let i = 0; i < node.childNodes.length; i++) {
    const c = node.childNodes[i];
    if (c.nodeType === 1) out.push(c as XElement);
  }
  return out;
}
function children(node: XNode, ns: string, name: string): XElement[] {
  return elements(node).filter((e) => e.localName === name && e.namespaceURI === ns);
}
function child(node: XNode, ns: string, name: string): XElement | undefined {
  return children(node, ns, name)[0];
}
function descendants(node: XNode, ns: string, name: string, out: XElement[] = []): XElement[] {
  for (const e of elements(node)) {
    if (e.localName === name && e.namespaceURI === ns) out.push(e);
    descendants(e, ns, name, out);
  }
  return out;
}
function time(value: string | null, what: string): number | undefined {
  if (value === null) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new SamlError(403, `The assertion's ${what} is not a valid time.`);
  return t;
}

/** Verifies a base64 SAMLResponse for a tenant; throws SamlError (403 for anything untrustworthy). */
export function consumeSamlResponse(samlResponse: string, config: SamlConfig, now: Date): SamlResult {
  const compact = samlResponse.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+=*$/.test(compact)) throw new SamlError(400, 'SAMLResponse is not base64.');
  const xml = Buffer.from(compact, 'base64').toString('utf8');
  const doc = parse(xml);
  const root = doc.documentElement;
  if (!root || root.localName !== 'Response' || root.namespaceURI !== NS.protocol) throw new SamlError(400, 'SAMLResponse does not hold a SAML 2.0 Response.');

  const status = child(root, NS.protocol, 'Status');
  const code = status ? child(status, NS.protocol, 'StatusCode')?.getAttribute('Value') : undefined;
  if (code && code !== 'urn:oasis:names:tc:SAML:2.0:status:Success') throw new SamlError(403, 'The SAML response does not report success.');

  // Exactly one Assertion anywhere in the document: a second (wrapped) one is refused outright.
  const assertions = descendants(root, NS.assertion, 'Assertion');
  if (assertions.length === 0) throw new SamlError(403, 'The SAML response holds no (unencrypted) assertion.');
  if (assertions.length > 1) throw new SamlError(403, 'The SAML response holds more than one assertion.');
  const docAssertion = assertions[0];

  const signatures = descendants(root, NS.dsig, 'Signature');
  if (signatures.length === 0) throw new SamlError(403, 'The SAML assertion is not signed.');

  let signedAssertionXml: string | undefined;
  for (const sigNode of signatures) {
    const parent = sigNode.parentNode as XElement | null;
    if (!parent || parent.nodeType !== 1) continue;
    const parentIsAssertion = parent === docAssertion;
    const parentIsResponse = parent === root;
    if (!parentIsAssertion && !parentIsResponse) continue;
    const sig = new SignedXml({ publicCert: config.certificate, getCertFromKeyInfo: () => null });
    let valid = false;
    try {
      sig.loadSignature(sigNode as unknown as Node);
      valid = sig.checkSignature(xml);
    } catch {
      valid = false;
    }
    if (!valid) continue;
    const refs = sig.getSignedReferences();
    if (refs.length !== 1) continue;
    // The signed bytes must be the enveloping element itself: same ID as the Signature's parent.
    const signedDoc = parse(refs[0]).documentElement;
    if (!signedDoc) continue;
    const parentId = parent.getAttribute('ID');
    if (!parentId || signedDoc.getAttribute('ID') !== parentId) continue;
    if (parentIsAssertion && signedDoc.localName === 'Assertion' && signedDoc.namespaceURI === NS.assertion) {
      signedAssertionXml = refs[0];
    } else if (parentIsResponse && signedDoc.localName === 'Response' && signedDoc.namespaceURI === NS.protocol) {
      const inner = descendants(signedDoc, NS.assertion, 'Assertion');
      if (inner.length === 1 && inner[0].getAttribute('ID') === docAssertion.getAttribute('ID')) {
        // Re-serialising is unnecessary: read straight from the signed Response's own assertion.
        signedAssertionXml = refs[0];
      }
    }
    if (signedAssertionXml) break;
  }
  if (!signedAssertionXml) throw new SamlError(403, 'The SAML assertion\'s signature is not valid for this tenant\'s certificate.');

  // From here on, read ONLY the signed bytes.
  const signedRoot = parse(signedAssertionXml).documentElement!;
  const assertion = signedRoot.localName === 'Assertion' ? signedRoot : descendants(signedRoot, NS.assertion, 'Assertion')[0];

  const issuer = child(assertion, NS.assertion, 'Issuer')?.textContent?.trim();
  if (!issuer) throw new SamlError(403, 'The assertion has no Issuer.');
  if (config.issuer && issuer !== config.issuer) throw new SamlError(403, 'The assertion\'s Issuer is not this tenant\'s identity provider.');

  const t = now.getTime();
  const conditions = child(assertion, NS.assertion, 'Conditions');
  const notOnOrAfter = conditions ? time(conditions.getAttribute('NotOnOrAfter'), 'NotOnOrAfter') : undefined;
  if (notOnOrAfter === undefined) throw new SamlError(403, 'The assertion has no Conditions NotOnOrAfter.');
  if (t >= notOnOrAfter) throw new SamlError(403, 'The assertion has expired.');
  const notBefore = time(conditions!.getAttribute('NotBefore'), 'NotBefore');
  if (notBefore !== undefined && t + NOT_BEFORE_SKEW_MS < notBefore) throw new SamlError(403, 'The assertion is not valid yet.');
  if (config.audience) {
    const audiences = descendants(conditions!, NS.assertion, 'Audience').map((a) => a.textContent?.trim());
    if (audiences.length > 0 && !audiences.includes(config.audience)) throw new SamlError(403, 'The assertion is meant for another audience.');
  }

  const subject = child(assertion, NS.assertion, 'Subject');
  const nameId = subject ? child(subject, NS.assertion, 'NameID')?.textContent?.trim() : undefined;
  if (!nameId) throw new SamlError(403, 'The assertion has no Subject NameID.');
  for (const data of subject ? descendants(subject, NS.assertion, 'SubjectConfirmationData') : []) {
    const limit = time(data.getAttribute('NotOnOrAfter'), 'SubjectConfirmationData NotOnOrAfter');
    if (limit !== undefined && t >= limit) throw new SamlError(403, 'The assertion\'s subject confirmation has expired.');
  }

  const tags = new Map<string, string>();
  if (config.attributesForAccessControl) {
    for (const statement of children(assertion, NS.assertion, 'AttributeStatement')) {
      for (const attr of children(statement, NS.assertion, 'Attribute')) {
        const name = attr.getAttribute('Name') ?? '';
        if (!name.startsWith(ACCESS_CONTROL_PREFIX)) continue;
        const key = name.slice(ACCESS_CONTROL_PREFIX.length);
        const value = child(attr, NS.assertion, 'AttributeValue')?.textContent?.trim();
        if (key === '' || value === undefined || tags.has(key)) continue;
        tags.set(key, value);
      }
    }
  }
  return { nameId, sessionTags: Object.fromEntries(tags) };
}
