// Certificates for the local control plane: one CA that signs the API
// server's serving certificate and the client certificates of its users,
// and the key pair that signs service-account tokens.
import { generateKeyPairSync } from 'node:crypto';
import { generateCertificateAuthority, issueLeafCertificate, KeyUsage, type PemPair } from '../webhook/x509.js';

export interface KeyPairPem {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

export function generateRsaKeyPair(bits = 2048): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function createCertificateAuthority(commonName: string): PemPair {
  return generateCertificateAuthority({ commonName });
}

export function issueServingCertificate(ca: PemPair, dnsNames: readonly string[], ipAddresses: readonly string[]): PemPair {
  return issueLeafCertificate({ ca, commonName: dnsNames[0] ?? 'localhost', usage: KeyUsage.server, dnsNames, ipAddresses });
}

/** A client certificate: the API server reads CN as the user name and each O as a group. */
export function issueClientCertificate(ca: PemPair, user: string, groups: readonly string[] = []): PemPair {
  return issueLeafCertificate({ ca, commonName: user, organizations: groups, usage: KeyUsage.client });
}
