import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearExecCredentialCache } from '../../../../shared/kube/exec-plugin.js';
import type { ResolvedConnection } from '../../../../shared/kube/kubeconfig.js';
import { buildTransport } from '../../../../shared/kube/transport.js';
import { execConfig } from '../../../support/exec-config.js';

const base: ResolvedConnection = {
  contextName: 'c',
  clusterName: 'c',
  userName: 'u',
  server: 'https://api.example:6443/',
  namespace: 'default',
  insecureSkipTlsVerify: false,
  credentials: { kind: 'none' },
};

describe('buildTransport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-transport-'));
  writeFileSync(join(dir, 'token'), 'file-token\n');
  writeFileSync(join(dir, 'ca.crt'), 'CA PEM');

  const cases: [string, Partial<ResolvedConnection>, string | undefined][] = [
    ['no credentials', {}, undefined],
    ['a bearer token', { credentials: { kind: 'token', token: 't0k' } }, 'Bearer t0k'],
    ['a token file, trimmed', { credentials: { kind: 'tokenFile', file: join(dir, 'token') } }, 'Bearer file-token'],
    [
      'basic credentials',
      { credentials: { kind: 'basic', username: 'bob', password: 'pw' } },
      `Basic ${Buffer.from('bob:pw').toString('base64')}`,
    ],
  ];
  for (const [name, conn, authorization] of cases) {
    it(`should send ${name}`, async () => {
      const t = await buildTransport({ ...base, ...conn });
      assert.equal(t.headers['authorization'], authorization);
      assert.equal(t.server, 'https://api.example:6443');
    });
  }

  it('should read TLS material from files and inline data', async () => {
    const t = await buildTransport({
      ...base,
      certificateAuthority: { file: join(dir, 'ca.crt') },
      clientCertificate: { base64: Buffer.from('CERT').toString('base64') },
      clientKey: { base64: Buffer.from('KEY').toString('base64') },
      insecureSkipTlsVerify: true,
      tlsServerName: 'api.internal',
    });
    assert.equal(String(t.tls.ca), 'CA PEM');
    assert.equal(String(t.tls.cert), 'CERT');
    assert.equal(String(t.tls.key), 'KEY');
    assert.equal(t.tls.rejectUnauthorized, false);
    assert.equal(t.tls.servername, 'api.internal');
  });

  it('should name a certificate file it cannot read', async () => {
    await assert.rejects(
      buildTransport({ ...base, certificateAuthority: { file: join(dir, 'missing.crt') } }),
      /cannot read certificate-authority .*missing\.crt/,
    );
  });

  it('should give fixed credentials no renewal, and read a token file again on renewal', async () => {
    assert.equal((await buildTransport({ ...base, credentials: { kind: 'token', token: 't0k' } })).renewal, undefined);
    const file = join(dir, 'rotated-token');
    writeFileSync(file, 'first\n');
    const t = await buildTransport({ ...base, credentials: { kind: 'tokenFile', file } });
    assert.equal(t.renewal?.expiresAt, undefined, 'only a 401 tells a token file is stale');
    writeFileSync(file, 'rotated\n');
    assert.equal((await t.renewal?.next(true))?.headers['authorization'], 'Bearer rotated');
  });

  it('should renew an exec credential with its expiry, and run the plugin again once it was refused', async () => {
    clearExecCredentialCache();
    const runs = join(dir, 'exec-runs');
    const script = join(dir, 'expiring.sh');
    writeFileSync(
      script,
      `#!/bin/sh\necho run >> "${runs}"\nprintf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok","expirationTimestamp":"2099-01-01T00:00:00Z"}}'\n`,
      { mode: 0o755 },
    );
    const t = await buildTransport({ ...base, credentials: { kind: 'exec', config: execConfig(script), cluster: {} } });
    assert.equal(t.renewal?.expiresAt?.toISOString(), '2099-01-01T00:00:00.000Z');
    await t.renewal?.next(false);
    assert.equal(readFileSync(runs, 'utf8'), 'run\n', 'not expired and not refused: the cached credential');
    await t.renewal?.next(true);
    assert.equal(readFileSync(runs, 'utf8'), 'run\nrun\n');
  });

  it('should run an exec credential plugin natively and send its token', async () => {
    clearExecCredentialCache();
    const script = join(dir, 'plugin.sh');
    writeFileSync(
      script,
      `#!/bin/sh\nprintf '%s' "$KUBERNETES_EXEC_INFO" > "${join(dir, 'info.json')}"\nprintf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-exec"}}'\n`,
      { mode: 0o755 },
    );
    const config = execConfig(script, { provideClusterInfo: true });
    const t = await buildTransport({
      ...base,
      certificateAuthority: { file: join(dir, 'ca.crt') },
      tlsServerName: 'api.internal',
      credentials: { kind: 'exec', config, cluster: { extension: { audience: 'x' } } },
    });
    assert.equal(t.headers['authorization'], 'Bearer from-exec');
    const info = JSON.parse(readFileSync(join(dir, 'info.json'), 'utf8')) as { spec: { cluster: Record<string, unknown> } };
    assert.deepEqual(info.spec.cluster, {
      server: 'https://api.example:6443/',
      'tls-server-name': 'api.internal',
      'certificate-authority-data': Buffer.from('CA PEM').toString('base64'),
      config: { audience: 'x' },
    });
  });
});
