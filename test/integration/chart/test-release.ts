// A chart release of one test file's own against the shared control plane: a fresh namespace,
// a random release name and a scratch directory for helm.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { createTestNamespace, kubectlOk, sharedControlPlane } from '../../support/cluster.js';

export interface TestRelease {
  readonly cp: ControlPlane;
  /** The pinned helm binary. */
  readonly helm: string;
  readonly namespace: string;
  readonly release: string;
  readonly workDir: string;
}

/** `name` names the namespace (chart-<name>) and the scratch directory; `releasePrefix` starts the release name. */
export async function testRelease(name: string, releasePrefix: string): Promise<TestRelease> {
  const cp = await sharedControlPlane();
  return {
    cp,
    helm: join(cp.binDir, 'helm'),
    namespace: await createTestNamespace(cp, `chart-${name}`),
    release: `${releasePrefix}-${randomBytes(3).toString('hex')}`,
    workDir: mkdtempSync(join(tmpdir(), `kw-chart-${name}-`)),
  };
}

/** Values that limit admission to one namespace, so pods of other tests never meet a webhook or policy under test. */
export function admissionOnlyIn(namespace: string): readonly string[] {
  return ['--set', `admission.namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=${namespace}`];
}

/** The release's MutatingWebhookConfiguration, as the chart names it. */
export function webhookConfigName(release: string): string {
  return `${release}-kubectl-workspace`;
}

function webhookConfigField(cp: ControlPlane, release: string, jsonPath: string): Promise<string> {
  return kubectlOk(cp, ['get', 'mutatingwebhookconfiguration', webhookConfigName(release), '-o', `jsonpath={${jsonPath}}`]);
}

/** The CA bundle the release's webhook configuration carries, base64; '' when it has none. */
export function webhookCaBundle(cp: ControlPlane, release: string): Promise<string> {
  return webhookConfigField(cp, release, '.webhooks[0].clientConfig.caBundle');
}

/** The configuration's resourceVersion: unchanged when nothing wrote to it. */
export function webhookConfigVersion(cp: ControlPlane, release: string): Promise<string> {
  return webhookConfigField(cp, release, '.metadata.resourceVersion');
}

/** Takes the CA bundle out of the configuration, as a tool that reapplies it without one would. */
export async function removeCaBundle(cp: ControlPlane, release: string): Promise<void> {
  const patch = [{ op: 'remove', path: '/webhooks/0/clientConfig/caBundle' }];
  await kubectlOk(cp, ['patch', 'mutatingwebhookconfiguration', webhookConfigName(release), '--type=json', '-p', JSON.stringify(patch)]);
}
