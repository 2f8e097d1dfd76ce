// The renewal CronJob's exact command, run as its own ServiceAccount against the real API server:
// a certificate close to expiry is renewed under the same CA, one far from expiry is left alone, and
// caBundle is written only when it differs.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { generateBundle, servingNames } from '../../../webhook/certgen.js';
import { kubectlOk } from '../../support/cluster.js';
import { buildWebhook } from '../../support/webhook-cli.js';
import { ciValues, renderChart, type Manifest } from './helm.js';
import { runAsJob } from './out-of-band.js';
import { admissionOnlyIn, removeCaBundle, testRelease, webhookCaBundle, webhookConfigName, webhookConfigVersion } from './test-release.js';

const dayMs = 24 * 60 * 60 * 1000;

interface SecretJson {
  readonly data: Readonly<Record<string, string>>;
  readonly metadata: { readonly resourceVersion: string };
}

describe('certificate renewal CronJob', () => {
  let cp: ControlPlane;
  let namespace: string;
  let release: string;
  let workDir: string;
  let cronJob: Manifest;
  let applied: string;

  const secretName = () => `${release}-kubectl-workspace-tls`;
  const mwcName = () => webhookConfigName(release);
  const readSecret = async (): Promise<SecretJson> =>
    JSON.parse(await kubectlOk(cp, ['get', 'secret', secretName(), '-n', namespace, '-o', 'json'])) as SecretJson;
  const caBundle = (): Promise<string> => webhookCaBundle(cp, release);
  const mwcVersion = (): Promise<string> => webhookConfigVersion(cp, release);
  const pem = (secret: SecretJson, key: string): string => Buffer.from(secret.data[key] ?? '', 'base64').toString('utf8');
  const runCronJob = async (): Promise<string> => {
    const result = await runAsJob(cp, namespace, cronJob, workDir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    return result.stdout;
  };

  before(async function () {
    this.timeout(300000);
    const chart = await testRelease('renewal', 'kwn');
    // The CronJob's container runs the built bundle: build it here, under this hook's timeout, if it is stale.
    buildWebhook();
    ({ cp, namespace, release, workDir } = chart);
    const manifests = await renderChart(chart.helm, workDir, release, namespace, [
      '--values',
      ciValues.default,
      ...admissionOnlyIn(namespace),
    ]);
    const found = manifests.find((m) => m.kind === 'CronJob');
    assert.ok(found, 'no CronJob rendered');
    cronJob = found;
    // The CronJob's ServiceAccount and RBAC, and the webhook configuration it keeps current: ordinary release resources.
    const wanted = manifests.filter(
      (m) => m.kind === 'MutatingWebhookConfiguration' || m.metadata.name === `${release}-kubectl-workspace-cert-renewal`,
    );
    assert.equal(wanted.length, 7, wanted.map((m) => m.kind).join(', '));
    applied = wanted.map((m) => JSON.stringify(m)).join('\n');
    await kubectlOk(cp, ['apply', '-f', '-'], { input: applied });
    // A set made 340 days ago: the serving certificate expires in 25 days, inside the 30-day window.
    const names = servingNames({ service: `${release}-kubectl-workspace`, namespace });
    const old = generateBundle(names, { now: new Date(Date.now() - 340 * dayMs) });
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    await kubectlOk(cp, ['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/tls',
        metadata: { name: secretName(), namespace },
        data: { 'ca.crt': b64(old.caPem), 'ca.key': b64(old.caKeyPem ?? ''), 'tls.crt': b64(old.certPem), 'tls.key': b64(old.keyPem) },
      }),
    });
    const patch = [{ op: 'add', path: '/webhooks/0/clientConfig/caBundle', value: b64(old.caPem) }];
    await kubectlOk(cp, ['patch', 'mutatingwebhookconfiguration', mwcName(), '--type=json', '-p', JSON.stringify(patch)]);
  });

  after(async function () {
    this.timeout(60000);
    if (applied) await kubectlOk(cp, ['delete', '--ignore-not-found', '-f', '-'], { input: applied });
  });

  it('should run certgen for the release with the renew-before threshold and the webhook configuration', () => {
    const args = (cronJob.spec as { jobTemplate: { spec: { template: { spec: { containers: { args: string[] }[] } } } } }).jobTemplate.spec
      .template.spec.containers[0]!.args;
    assert.deepEqual(args, [
      'certgen',
      `--namespace=${namespace}`,
      `--service=${release}-kubectl-workspace`,
      `--secret-name=${secretName()}`,
      '--validity-days=365',
      '--renew-before-days=30',
      `--webhook-config=${mwcName()}`,
    ]);
  });

  it('should renew a certificate close to expiry under the same CA, leaving a current caBundle untouched', async function () {
    this.timeout(120000);
    const before = await readSecret();
    const versionBefore = await mwcVersion();
    const stdout = await runCronJob();
    assert.match(stdout, /"msg":"certificate replaced".*tls\.crt expires at/);
    assert.match(stdout, /"msg":"caBundle already current"/);
    assert.doesNotMatch(stdout, /PRIVATE KEY/);
    const after = await readSecret();
    assert.equal(pem(after, 'ca.crt'), pem(before, 'ca.crt'));
    assert.equal(pem(after, 'ca.key'), pem(before, 'ca.key'));
    assert.notEqual(pem(after, 'tls.crt'), pem(before, 'tls.crt'));
    const renewed = new X509Certificate(pem(after, 'tls.crt'));
    assert.ok(renewed.verify(new X509Certificate(pem(after, 'ca.crt')).publicKey), 'the renewed certificate is signed by the same CA');
    assert.ok(new Date(renewed.validTo).getTime() > Date.now() + 300 * dayMs, `renewed certificate expires ${renewed.validTo}`);
    assert.ok(renewed.checkHost(`${release}-kubectl-workspace.${namespace}.svc`));
    assert.equal(await mwcVersion(), versionBefore);
    assert.equal(await caBundle(), after.data['ca.crt']);
  });

  it('should change nothing when the certificate is far from expiry', async function () {
    this.timeout(120000);
    const before = await readSecret();
    const versionBefore = await mwcVersion();
    const stdout = await runCronJob();
    assert.match(stdout, /"msg":"certificate kept"/);
    assert.equal((await readSecret()).metadata.resourceVersion, before.metadata.resourceVersion);
    assert.equal(await mwcVersion(), versionBefore);
  });

  it("should write caBundle when it is not the Secret's CA, and only then", async function () {
    this.timeout(120000);
    await removeCaBundle(cp, release);
    const before = await readSecret();
    const stdout = await runCronJob();
    assert.match(stdout, /"msg":"caBundle updated"/);
    assert.equal(await caBundle(), before.data['ca.crt']);
    assert.equal((await readSecret()).metadata.resourceVersion, before.metadata.resourceVersion);
  });
});
