// The certgen Job's RBAC, applied for real and checked by impersonating its
// ServiceAccount: only the one Secret and the one webhook configuration.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { createTestNamespace, kubectlOk, runKubectl, sharedControlPlane } from '../../support/cluster.js';
import { runHelm, templateArgs } from './helm.js';

describe('certgen Job RBAC', () => {
  let cp: ControlPlane;
  let namespace: string;
  let release: string;
  let rendered: string;

  const canI = async (verb: string, resource: string, namespaced = true): Promise<string> => {
    const args = ['auth', 'can-i', verb, resource, '--as', `system:serviceaccount:${namespace}:${release}-kubectl-workspace-certgen`];
    const result = await runKubectl(cp, namespaced ? [...args, '-n', namespace] : args);
    return result.stdout.trim();
  };

  before(async function () {
    this.timeout(300000);
    cp = await sharedControlPlane();
    namespace = await createTestNamespace(cp, 'chart-certgen');
    release = `kwc-${randomBytes(3).toString('hex')}`;
    const workDir = mkdtempSync(join(tmpdir(), 'kw-chart-certgen-'));
    const result = await runHelm(join(cp.binDir, 'helm'), templateArgs(release, namespace, ['--show-only', 'templates/certgen-rbac.yaml']), workDir);
    assert.equal(result.code, 0, result.stderr);
    rendered = result.stdout;
    await kubectlOk(cp, ['apply', '-f', '-'], { input: rendered });
    for (let attempt = 0; attempt < 60 && (await canI('get', `secrets/${release}-kubectl-workspace-tls`)) !== 'yes'; attempt++) await sleep(500);
  });

  after(async function () {
    this.timeout(60000);
    if (rendered) await kubectlOk(cp, ['delete', '--ignore-not-found', '-f', '-'], { input: rendered });
  });

  const cases = [
    { verb: 'get', resource: (r: string) => `secrets/${r}-kubectl-workspace-tls`, namespaced: true, expected: 'yes' },
    { verb: 'update', resource: (r: string) => `secrets/${r}-kubectl-workspace-tls`, namespaced: true, expected: 'yes' },
    { verb: 'create', resource: () => 'secrets', namespaced: true, expected: 'yes' },
    { verb: 'get', resource: () => 'secrets/some-other-secret', namespaced: true, expected: 'no' },
    { verb: 'list', resource: () => 'secrets', namespaced: true, expected: 'no' },
    { verb: 'delete', resource: (r: string) => `secrets/${r}-kubectl-workspace-tls`, namespaced: true, expected: 'no' },
    { verb: 'get', resource: (r: string) => `mutatingwebhookconfigurations/${r}-kubectl-workspace`, namespaced: false, expected: 'yes' },
    { verb: 'update', resource: (r: string) => `mutatingwebhookconfigurations/${r}-kubectl-workspace`, namespaced: false, expected: 'yes' },
    { verb: 'update', resource: () => 'mutatingwebhookconfigurations/someone-elses-webhook', namespaced: false, expected: 'no' },
    { verb: 'list', resource: () => 'mutatingwebhookconfigurations', namespaced: false, expected: 'no' },
    { verb: 'delete', resource: (r: string) => `mutatingwebhookconfigurations/${r}-kubectl-workspace`, namespaced: false, expected: 'no' },
    { verb: 'list', resource: () => 'pods', namespaced: true, expected: 'no' },
  ] as const;
  for (const { verb, resource, namespaced, expected } of cases) {
    it(`should answer ${expected} to ${verb} ${resource('<release>')}`, async () => {
      assert.equal(await canI(verb, resource(release), namespaced), expected);
    });
  }
});
