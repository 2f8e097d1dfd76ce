import assert from 'node:assert/strict';
import { randomBytes, X509Certificate } from 'node:crypto';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { buildRegistration } from '../../../webhook/registration.js';
import { createTestNamespace, kubectlOk, runKubectl, sharedControlPlane } from '../../support/cluster.js';
import { runWebhookCli } from './support.js';

interface SecretJson {
  readonly type: string;
  readonly data: Readonly<Record<string, string>>;
}

describe('workspace-webhook certgen with a Secret and a MutatingWebhookConfiguration', () => {
  let cp: ControlPlane;
  let ns: string;
  const configName = `workspace-webhook-certgen-${randomBytes(4).toString('hex')}`;

  before(async function () {
    this.timeout(300_000);
    cp = await sharedControlPlane();
    ns = await createTestNamespace(cp, 'webhook-certgen');
    const base = buildRegistration({
      name: configName,
      client: { service: { name: 'workspace-webhook', namespace: ns } },
      failurePolicy: 'Ignore',
      // Matches no namespace: this configuration only carries a caBundle for the test.
      namespaceSelector: { matchLabels: { 'workspace-webhook-certgen': 'never' } },
    });
    const first = base.webhooks?.[0];
    assert.ok(first);
    await kubectlOk(cp, ['apply', '-f', '-'], {
      input: JSON.stringify({ ...base, webhooks: [first, { ...first, name: 'second.workspace.gitpod.io' }] }),
    });
  });

  after(async function () {
    this.timeout(60_000);
    if (cp) await runKubectl(cp, ['delete', 'mutatingwebhookconfiguration', configName, '--ignore-not-found']);
  });

  const certgen = (extra: readonly string[] = []) =>
    runWebhookCli([
      'certgen',
      '--kubeconfig',
      cp.kubeconfigPath,
      '--service',
      'workspace-webhook',
      '--namespace',
      ns,
      '--host',
      '127.0.0.1',
      '--secret-name',
      'workspace-webhook-tls',
      '--webhook-config',
      configName,
      ...extra,
    ]);

  const readSecret = async () =>
    JSON.parse(await kubectlOk(cp, ['get', 'secret', '-n', ns, 'workspace-webhook-tls', '-o', 'json'])) as SecretJson;
  const caBundles = async () =>
    (
      JSON.parse(await kubectlOk(cp, ['get', 'mutatingwebhookconfiguration', configName, '-o', 'json'])) as {
        webhooks: { clientConfig: { caBundle?: string } }[];
      }
    ).webhooks.map((w) => w.clientConfig.caBundle);

  it('should create a kubernetes.io/tls Secret for the Service names and put its CA into every webhook', async function () {
    this.timeout(60_000);
    const { stdout } = await certgen();
    assert.match(stdout, /"msg":"certificate created"/);
    assert.doesNotMatch(stdout, /PRIVATE KEY/);
    const secret = await readSecret();
    assert.equal(secret.type, 'kubernetes.io/tls');
    assert.deepEqual(Object.keys(secret.data).sort(), ['ca.crt', 'ca.key', 'tls.crt', 'tls.key']);
    const cert = new X509Certificate(Buffer.from(secret.data['tls.crt'] ?? '', 'base64'));
    const ca = new X509Certificate(Buffer.from(secret.data['ca.crt'] ?? '', 'base64'));
    assert.equal(
      cert.subjectAltName,
      `DNS:workspace-webhook, DNS:workspace-webhook.${ns}, DNS:workspace-webhook.${ns}.svc, DNS:workspace-webhook.${ns}.svc.cluster.local, IP Address:127.0.0.1`,
    );
    assert.ok(cert.verify(ca.publicKey));
    assert.deepEqual(await caBundles(), [secret.data['ca.crt'], secret.data['ca.crt']]);
  });

  it('should keep the valid certificate on a second run', async function () {
    this.timeout(60_000);
    const before = await readSecret();
    const { stdout } = await certgen();
    assert.match(stdout, /"msg":"certificate kept"/);
    assert.match(stdout, /"msg":"caBundle already current"/);
    assert.deepEqual((await readSecret()).data, before.data);
  });

  it('should replace the certificate and the caBundle with --force', async function () {
    this.timeout(60_000);
    const before = await readSecret();
    const { stdout } = await certgen(['--force']);
    assert.match(stdout, /"msg":"certificate replaced"/);
    const after = await readSecret();
    assert.notEqual(after.data['tls.crt'], before.data['tls.crt']);
    assert.notEqual(after.data['ca.crt'], before.data['ca.crt']);
    assert.deepEqual(await caBundles(), [after.data['ca.crt'], after.data['ca.crt']]);
  });
});
