import assert from 'node:assert/strict';
import { buildCli, UsageError } from '../../../webhook/cli/app.js';
import { X509Certificate } from 'node:crypto';
import {
  assessBundle,
  generateCertificateAuthority,
  issueServingCertificate,
  servingNames,
  type CertificateBundle,
  type PemPair,
} from '../../../webhook/certgen.js';

const dayMs = 24 * 60 * 60 * 1000;
const now = new Date('2026-06-01T00:00:00Z');

describe('servingNames', () => {
  it('should list the four Service names in order, then extra hosts', () => {
    assert.deepEqual(servingNames({ service: 'wh', namespace: 'gitpod', hosts: ['webhook.example.com', '127.0.0.1', '::1'] }), {
      dnsNames: ['wh', 'wh.gitpod', 'wh.gitpod.svc', 'wh.gitpod.svc.cluster.local', 'webhook.example.com'],
      ipAddresses: ['127.0.0.1', '::1'],
    });
  });

  it('should use the given cluster domain', () => {
    assert.equal(servingNames({ service: 'wh', namespace: 'ns', clusterDomain: 'corp.internal' }).dnsNames[3], 'wh.ns.svc.corp.internal');
  });

  it('should drop duplicates', () => {
    assert.deepEqual(servingNames({ service: 'wh', namespace: 'ns', hosts: ['wh', '127.0.0.1', '127.0.0.1'] }), {
      dnsNames: ['wh', 'wh.ns', 'wh.ns.svc', 'wh.ns.svc.cluster.local'],
      ipAddresses: ['127.0.0.1'],
    });
  });

  it('should use only the hosts when there is no Service', () => {
    assert.deepEqual(servingNames({ hosts: ['127.0.0.1'] }), { dnsNames: [], ipAddresses: ['127.0.0.1'] });
  });

  it('should refuse a Service without namespace', () => {
    assert.throws(() => servingNames({ service: 'wh' }), /service "wh" needs a namespace/);
  });
});

describe('issueServingCertificate', () => {
  let ca: PemPair;
  let leaf: PemPair;
  const names = servingNames({ service: 'wh', namespace: 'ns', hosts: ['127.0.0.1'] });

  before(function () {
    this.timeout(60_000);
    ca = generateCertificateAuthority({ now });
    leaf = issueServingCertificate({ ca, names, now, validityDays: 90 });
  });

  it('should put every DNS name and IP into the subject alternative names', () => {
    const cert = new X509Certificate(leaf.certPem);
    assert.equal(cert.subjectAltName, 'DNS:wh, DNS:wh.ns, DNS:wh.ns.svc, DNS:wh.ns.svc.cluster.local, IP Address:127.0.0.1');
    assert.equal(cert.checkHost('wh.ns.svc'), 'wh.ns.svc');
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
  });

  it('should be signed by the CA', () => {
    const cert = new X509Certificate(leaf.certPem);
    const caCert = new X509Certificate(ca.certPem);
    assert.ok(cert.checkIssued(caCert));
    assert.ok(cert.verify(caCert.publicKey));
  });

  it('should mark the CA, and only the CA, as a certificate authority', () => {
    assert.equal(new X509Certificate(ca.certPem).ca, true);
    assert.equal(new X509Certificate(leaf.certPem).ca, false);
  });

  it('should be a server certificate valid for the requested days', () => {
    const cert = new X509Certificate(leaf.certPem);
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.equal(new Date(cert.validTo).getTime(), now.getTime() + 90 * dayMs);
    assert.ok(new Date(cert.validFrom).getTime() < now.getTime());
  });

  it('should write PEM with LF line endings', () => {
    assert.doesNotMatch(ca.certPem + ca.keyPem + leaf.certPem + leaf.keyPem, /\r/);
    assert.match(leaf.keyPem, /^-----BEGIN RSA PRIVATE KEY-----\n/);
  });

  it('should refuse to issue a certificate without names', () => {
    assert.throws(() => issueServingCertificate({ ca, names: { dnsNames: [], ipAddresses: [] } }), /at least one DNS name or IP address/);
  });
});

describe('assessBundle', () => {
  const names = servingNames({ service: 'wh', namespace: 'ns', hosts: ['::1'] });
  let good: CertificateBundle;
  let short: CertificateBundle;
  let foreign: CertificateBundle;
  let mismatched: CertificateBundle;
  let shortCa: CertificateBundle;

  before(function () {
    this.timeout(60_000);
    const ca = generateCertificateAuthority({ now });
    const otherCa = generateCertificateAuthority({ now });
    const caEndingSoon = generateCertificateAuthority({ now, validityDays: 10 });
    const leaf = issueServingCertificate({ ca, names, now });
    const other = issueServingCertificate({ ca, names, now });
    good = { caPem: ca.certPem, ...leaf };
    short = { caPem: ca.certPem, ...issueServingCertificate({ ca, names, now, validityDays: 20 }) };
    foreign = { caPem: otherCa.certPem, ...leaf };
    mismatched = { caPem: ca.certPem, certPem: leaf.certPem, keyPem: other.keyPem };
    shortCa = { caPem: caEndingSoon.certPem, ...issueServingCertificate({ ca: caEndingSoon, names, now }) };
  });

  const cases: ReadonlyArray<{
    readonly name: string;
    readonly bundle: () => Partial<CertificateBundle> | undefined;
    readonly options?: { readonly now?: Date; readonly names?: typeof names; readonly renewBeforeDays?: number };
    readonly expected: RegExp | 'keep';
  }> = [
    { name: 'keep a valid set that covers every name', bundle: () => good, expected: 'keep' },
    {
      name: 'keep a set that covers more names than asked',
      bundle: () => good,
      options: { names: servingNames({ service: 'wh', namespace: 'ns' }) },
      expected: 'keep',
    },
    { name: 'replace when nothing exists', bundle: () => undefined, expected: /^no complete certificate set/ },
    { name: 'replace when the key is missing', bundle: () => ({ ...good, keyPem: undefined }), expected: /^no complete certificate set/ },
    {
      name: 'replace garbage',
      bundle: () => ({ ...good, certPem: 'not a certificate' }),
      expected: /^the existing certificate set does not parse/,
    },
    {
      name: 'replace a key that belongs to another certificate',
      bundle: () => mismatched,
      expected: /^tls\.key does not belong to tls\.crt$/,
    },
    { name: 'replace a certificate another CA signed', bundle: () => foreign, expected: /^tls\.crt is not signed by ca\.crt$/ },
    {
      name: 'replace a certificate expiring within 30 days',
      bundle: () => short,
      expected: /^tls\.crt expires at .*, within the renewal window$/,
    },
    {
      name: 'keep that certificate with a shorter renewal window',
      bundle: () => short,
      options: { renewBeforeDays: 10 },
      expected: 'keep',
    },
    { name: 'replace a set whose CA expires soon', bundle: () => shortCa, expected: /^ca\.crt expires at .*, within the renewal window$/ },
    {
      name: 'replace a certificate that is not valid yet',
      bundle: () => good,
      options: { now: new Date(now.getTime() - 2 * dayMs) },
      expected: /^tls\.crt is not valid before /,
    },
    {
      name: 'replace a certificate missing a requested name',
      bundle: () => good,
      options: { names: servingNames({ service: 'wh', namespace: 'ns', hosts: ['10.0.0.1', 'extra.example.com'] }) },
      expected: /^tls\.crt does not cover extra\.example\.com, 10\.0\.0\.1$/,
    },
  ];
  for (const c of cases) {
    it(`should ${c.name}`, () => {
      const verdict = assessBundle(c.bundle(), {
        names: c.options?.names ?? names,
        now: c.options?.now ?? now,
        renewBeforeDays: c.options?.renewBeforeDays,
      });
      if (c.expected === 'keep') assert.deepEqual(verdict, { keep: true });
      else {
        assert.equal(verdict.keep, false);
        assert.match(verdict.keep ? '' : verdict.reason, c.expected);
      }
    });
  }
});

describe('certgen command line', () => {
  it('should refuse a renewal window as long as the certificate, as a usage error', async () => {
    await assert.rejects(
      async () =>
        buildCli([
          'certgen',
          '--host',
          '127.0.0.1',
          '--out-dir',
          '/nonexistent',
          '--validity-days',
          '30',
          '--renew-before-days',
          '30',
        ]).parseAsync(),
      (error: unknown) =>
        error instanceof UsageError && /--renew-before-days \(30\) must be less than --validity-days \(30\)/.test(error.message),
    );
  });
});
