// Certificate material for the webhook: a CA, a serving certificate it signs, and whether an existing set can be kept.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { dayMs, generateCertificateAuthority, issueLeafCertificate, KeyUsage, type PemPair } from './x509.js';

export { generateCertificateAuthority, type CaOptions, type PemPair } from './x509.js';

/** What a kubernetes.io/tls Secret of the webhook holds. */
export interface CertificateBundle {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** Key of a CA that certgen made itself, kept so that a renewal signs with the same CA. */
  readonly caKeyPem?: string;
}

export interface ServingNames {
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
}

export interface ServingNameOptions {
  /** Omit for a webhook reached by URL only; then `hosts` are the only names. */
  readonly service?: string;
  readonly namespace?: string;
  /** Default cluster.local. */
  readonly clusterDomain?: string;
  /** Extra host names or IP addresses (e.g. 127.0.0.1 for a webhook reached by URL). */
  readonly hosts?: readonly string[];
}

/** The names the API server may use to reach the Service, plus the extra hosts, split into DNS names and IPs. */
export function servingNames(options: ServingNameOptions): ServingNames {
  const { service, namespace } = options;
  const domain = options.clusterDomain ?? 'cluster.local';
  if (service !== undefined && namespace === undefined)
    throw new RangeError(`service ${JSON.stringify(service)} needs a namespace: its names are <service>.<namespace>.svc…`);
  const serviceNames =
    service === undefined
      ? []
      : [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.${domain}`];
  const candidates = [...serviceNames, ...(options.hosts ?? [])];
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const name of candidates) {
    const list = isIP(name) === 0 ? dnsNames : ipAddresses;
    if (!list.includes(name)) list.push(name);
  }
  return { dnsNames, ipAddresses };
}

export interface ServingOptions {
  readonly ca: PemPair;
  readonly names: ServingNames;
  /** Default 365. */
  readonly validityDays?: number;
  readonly now?: Date;
}

export function issueServingCertificate(options: ServingOptions): PemPair {
  const { dnsNames, ipAddresses } = options.names;
  const commonName = dnsNames[0] ?? ipAddresses[0];
  if (commonName === undefined)
    throw new RangeError('a serving certificate needs at least one DNS name or IP address; pass --service or --host');
  return issueLeafCertificate({ ...options, commonName, usage: KeyUsage.server, dnsNames, ipAddresses });
}

export interface BundleOptions {
  readonly now?: Date;
  readonly validityDays?: number;
  /** Sign with this CA; default a fresh one. */
  readonly ca?: PemPair;
  /** Keep the key of `ca` in the bundle (for certgen's own CA; never for one given with --ca-cert). */
  readonly keepCaKey?: boolean;
}

/** A serving certificate for `names`, signed by `options.ca` or by a fresh CA whose key the bundle keeps. */
export function generateBundle(names: ServingNames, options: BundleOptions = {}): CertificateBundle {
  const ca = options.ca ?? generateCertificateAuthority({ now: options.now });
  const serving = issueServingCertificate({ ca, names, now: options.now, validityDays: options.validityDays });
  const keepCaKey = options.ca === undefined || options.keepCaKey === true;
  return { caPem: ca.certPem, certPem: serving.certPem, keyPem: serving.keyPem, ...(keepCaKey ? { caKeyPem: ca.keyPem } : {}) };
}

/**
 * The CA of an existing set that a renewal can sign with, so caBundle stays valid across it: its key
 * was kept and matches, and it is valid now and beyond the renewal window. Otherwise undefined.
 */
export function reusableCa(existing: Partial<CertificateBundle> | undefined, now: Date, renewBeforeDays = 30): PemPair | undefined {
  if (existing?.caPem === undefined || existing.caKeyPem === undefined) return undefined;
  try {
    const ca = new X509Certificate(existing.caPem);
    if (!ca.ca || !ca.checkPrivateKey(createPrivateKey(existing.caKeyPem))) return undefined;
    if (new Date(ca.validFrom).getTime() > now.getTime()) return undefined;
    if (new Date(ca.validTo).getTime() <= now.getTime() + renewBeforeDays * dayMs) return undefined;
  } catch {
    return undefined;
  }
  return { certPem: existing.caPem, keyPem: existing.caKeyPem };
}

/** Subject alternative names of a certificate, as DNS names and IP addresses. */
export function certificateNames(cert: X509Certificate): ServingNames {
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const entry of (cert.subjectAltName ?? '').split(', ')) {
    if (entry.startsWith('DNS:')) dnsNames.push(entry.slice(4));
    else if (entry.startsWith('IP Address:')) ipAddresses.push(entry.slice(11));
  }
  return { dnsNames, ipAddresses };
}

export type Assessment = { readonly keep: true } | { readonly keep: false; readonly reason: string };

export interface AssessOptions {
  readonly names: ServingNames;
  readonly now: Date;
  /** Renew when either certificate expires within this many days. Default 30. */
  readonly renewBeforeDays?: number;
}

/**
 * Whether an existing bundle can stay: it parses, the key belongs to the certificate, the CA
 * signed it, it covers every wanted name, and neither certificate expires within the renewal window.
 */
export function assessBundle(existing: Partial<CertificateBundle> | undefined, options: AssessOptions): Assessment {
  if (existing?.caPem === undefined || existing.certPem === undefined || existing.keyPem === undefined) {
    return { keep: false, reason: 'no complete certificate set (ca.crt, tls.crt, tls.key) exists yet' };
  }
  let ca: X509Certificate;
  let cert: X509Certificate;
  try {
    ca = new X509Certificate(existing.caPem);
    cert = new X509Certificate(existing.certPem);
    if (!cert.checkPrivateKey(createPrivateKey(existing.keyPem))) return { keep: false, reason: 'tls.key does not belong to tls.crt' };
  } catch (error) {
    return { keep: false, reason: `the existing certificate set does not parse: ${(error as Error).message}` };
  }
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return { keep: false, reason: 'tls.crt is not signed by ca.crt' };
  const renewAt = options.now.getTime() + (options.renewBeforeDays ?? 30) * dayMs;
  for (const [label, c] of [
    ['tls.crt', cert],
    ['ca.crt', ca],
  ] as const) {
    if (new Date(c.validFrom).getTime() > options.now.getTime())
      return { keep: false, reason: `${label} is not valid before ${new Date(c.validFrom).toISOString()}` };
    const notAfter = new Date(c.validTo).getTime();
    if (notAfter <= renewAt)
      return { keep: false, reason: `${label} expires at ${new Date(notAfter).toISOString()}, within the renewal window` };
  }
  const have = certificateNames(cert);
  // IPs are compared as addresses: OpenSSL prints ::1 as 0:0:0:0:0:0:0:1.
  const haveIps = new BlockList();
  for (const ip of have.ipAddresses) if (isIP(ip) !== 0) haveIps.addAddress(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
  const missing = [
    ...options.names.dnsNames.filter((n) => !have.dnsNames.some((h) => h.toLowerCase() === n.toLowerCase())),
    ...options.names.ipAddresses.filter((n) => !haveIps.check(n, isIP(n) === 6 ? 'ipv6' : 'ipv4')),
  ];
  if (missing.length > 0) return { keep: false, reason: `tls.crt does not cover ${missing.join(', ')}` };
  return { keep: true };
}
