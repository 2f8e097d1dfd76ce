// X.509 building blocks (node-forge): a CA, and leaf certificates it signs for
// servers or clients. Keys are generated natively by node:crypto through forge.
import { randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface PemPair {
  readonly certPem: string;
  readonly keyPem: string;
}

export const dayMs = 24 * 60 * 60 * 1000;
/** Certificates start an hour in the past so a peer whose clock lags a little still accepts them. */
const backdateMs = 60 * 60 * 1000;

/** forge writes PEM with CRLF; Unix tools and Secrets conventionally hold LF. */
function lf(pem: string): string {
  return pem.replaceAll('\r\n', '\n');
}

function serialNumber(): string {
  const bytes = randomBytes(16);
  // A DER INTEGER with the high bit set is negative; serials must be positive.
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function newCertificate(publicKey: forge.pki.PublicKey, now: Date, validityDays: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now.getTime() - backdateMs);
  cert.validity.notAfter = new Date(now.getTime() + validityDays * dayMs);
  return cert;
}

export interface CaOptions {
  /** Default workspace-webhook-ca. */
  readonly commonName?: string;
  /** Default 3650. */
  readonly validityDays?: number;
  readonly now?: Date;
}

export function generateCertificateAuthority(options: CaOptions = {}): PemPair {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
  const cert = newCertificate(keys.publicKey, options.now ?? new Date(), options.validityDays ?? 3650);
  const subject = [{ name: 'commonName', value: options.commonName ?? 'workspace-webhook-ca' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: lf(forge.pki.certificateToPem(cert)), keyPem: lf(forge.pki.privateKeyToPem(keys.privateKey)) };
}

export const KeyUsage = { server: 'server', client: 'client' } as const;
export type KeyUsage = (typeof KeyUsage)[keyof typeof KeyUsage];

export interface LeafOptions {
  readonly ca: PemPair;
  readonly commonName: string;
  /** Subject O= entries; Kubernetes reads them as the groups of a client certificate. */
  readonly organizations?: readonly string[];
  readonly usage: KeyUsage;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  /** Default 365. */
  readonly validityDays?: number;
  readonly now?: Date;
}

/** A certificate for a server (with subject alternative names) or a client, signed by `ca`. */
export function issueLeafCertificate(options: LeafOptions): PemPair {
  const caCert = forge.pki.certificateFromPem(options.ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(options.ca.keyPem);
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
  const cert = newCertificate(keys.publicKey, options.now ?? new Date(), options.validityDays ?? 365);
  cert.setSubject([
    { name: 'commonName', value: options.commonName },
    ...(options.organizations ?? []).map((value) => ({ name: 'organizationName', value })),
  ]);
  cert.setIssuer(caCert.subject.attributes);
  const altNames = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(options.ipAddresses ?? []).map((ip) => ({ type: 7, ip })),
  ];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: options.usage === KeyUsage.server, clientAuth: options.usage === KeyUsage.client },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: lf(forge.pki.certificateToPem(cert)), keyPem: lf(forge.pki.privateKeyToPem(keys.privateKey)) };
}
