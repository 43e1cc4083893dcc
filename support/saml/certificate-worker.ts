// A worker thread that makes the mock IdPs' signing certificates off the run's main thread: it loads
// selfsigned (and its x509 library) and makes a key pair as soon as it starts, so the first certificate
// asked for costs the main thread only a message. Each later one gets a key pair of its own.
import { parentPort } from 'node:worker_threads';
import { createSigningCertificate, createSigningKeyPair, type KeyPairPem } from './sign-response.js';

export interface CertificateRequest { id: number; commonName: string }
export type CertificateReply = { id: number; certificate: { privateKeyPem: string; certificatePem: string } } | { id: number; error: string };

let spare: Promise<KeyPairPem> | undefined = createSigningKeyPair();
void import('selfsigned'); // the module loads while the key is made

parentPort!.on('message', async ({ id, commonName }: CertificateRequest) => {
  const keyPair = spare;
  spare = undefined;
  try {
    parentPort!.postMessage({ id, certificate: await createSigningCertificate(commonName, keyPair && await keyPair) } satisfies CertificateReply);
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies CertificateReply);
  }
});
