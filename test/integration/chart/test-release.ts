// A chart release of one test file's own against the shared control plane: a fresh namespace,
// a random release name and a scratch directory for helm.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { createTestNamespace, sharedControlPlane } from '../../support/cluster.js';

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
