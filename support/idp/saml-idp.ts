// The SAML side of a simulated IdP (seed 001 step 3, "Passing attributes for access control"): a signing
// certificate, and signed Responses whose assertion carries one
// `https://aws.amazon.com/SAML/Attributes/AccessControl:{TagKey}` Attribute per tag.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SigningCertificate } from '../saml/sign-response.js';
import type { CertificateReply, CertificateRequest } from '../saml/certificate-worker.js';

// the signer (xml-crypto and xmldom) loads with the first IdP that signs, not at every start
type Signing = typeof import('../saml/sign-response.js');

/** One signing certificate per IdP host and process: an RSA-2048 key costs a noticeable pause to generate. */
const certificates = new Map<string, Promise<SigningCertificate>>();

/**
 * Makes the certificates in a worker thread once prewarmSigning() started one: a run whose plan signs starts it
 * while cucumber loads, so selfsigned's loading and the first key pair (about 0.3 s together) overlap the
 * start-up on the other core. Without it, or when the worker fails, they are made on this thread.
 */
class CertificateWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (c: SigningCertificate) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failed?: Error;
  /** Certificates this worker made. */
  made = 0;

  constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (reply: CertificateReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.settled(reply.id);
      if ('error' in reply) p.reject(new Error(reply.error)); else { this.made += 1; p.resolve(reply.certificate); }
    });
    const fail = (error: Error) => {
      this.failed = error;
      for (const [id, p] of this.pending) { this.settled(id); p.reject(error); }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the certificate worker exited (${code})`)));
    // an idle worker never keeps the run alive. Unref'd only after its 'message' listener is on, since adding
    // that listener refs the worker's port again: a run whose signing scenarios all failed before they signed
    // asked it for nothing, wrote its reports, and then hung on that port
    worker.unref();
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }

  make(commonName: string): Promise<SigningCertificate> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    this.worker.ref(); // an answer is awaited
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, commonName } satisfies CertificateRequest);
    });
  }
}

let certificateWorker: CertificateWorker | undefined;

/** Starts the certificate worker (once per process); false when it cannot start here. */
export function prewarmSigning(): boolean {
  if (certificateWorker) return true;
  try {
    // the worker's module as this one is: compiled (.js), or a TypeScript source, which the worker loads after
    // registering tsx itself (Node 20 loads a worker's entry before an inherited --import tsx could)
    const ext = extname(fileURLToPath(import.meta.url));
    const entry = new URL(`../saml/certificate-worker${ext}`, import.meta.url);
    const worker = ext === '.ts'
      ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`, { eval: true })
      : new Worker(entry);
    certificateWorker = new CertificateWorker(worker);
    return true;
  } catch {
    return false;
  }
}

/** How many certificates the worker made in this process (undefined: none was started). */
export function certificatesMadeInWorker(): number | undefined { return certificateWorker?.made; }

async function signingCertificate(host: string): Promise<SigningCertificate> {
  if (certificateWorker) {
    try { return await certificateWorker.make(host); } catch { /* made on this thread below */ }
  }
  const { createSigningCertificate } = await import('../saml/sign-response.js');
  return createSigningCertificate(host);
}

export class SamlIdp {
  private constructor(readonly issuer: string, readonly cert: SigningCertificate, private readonly signing: Signing) {}

  static async create(issuer: string): Promise<SamlIdp> {
    const host = new URL(issuer).host || 'mock-idp.example.com';
    let cert = certificates.get(host);
    if (!cert) { cert = signingCertificate(host); certificates.set(host, cert); cert.catch(() => certificates.delete(host)); }
    const signing = await import('../saml/sign-response.js');
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
