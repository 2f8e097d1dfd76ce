// The RBAC of the chart's Jobs, applied for real and checked by impersonating each ServiceAccount:
// certgen (hooks) and the renewal CronJob may touch only the one Secret and the one webhook
// configuration; the pre-delete hook may only delete that configuration.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { createTestNamespace, kubectlOk, runKubectl, sharedControlPlane } from '../../support/cluster.js';
import { exampleImage, runHelm, templateArgs } from './helm.js';

describe("RBAC of the chart's Jobs", () => {
  let cp: ControlPlane;
  let namespace: string;
  let release: string;
  let rendered: string;

  const canI = async (verb: string, resource: string, namespaced = true, account = 'certgen'): Promise<string> => {
    const args = ['auth', 'can-i', verb, resource, '--as', `system:serviceaccount:${namespace}:${release}-kubectl-workspace-${account}`];
    const result = await runKubectl(cp, namespaced ? [...args, '-n', namespace] : args);
    return result.stdout.trim();
  };

  before(async function () {
    this.timeout(300000);
    cp = await sharedControlPlane();
    namespace = await createTestNamespace(cp, 'chart-certgen');
    release = `kwc-${randomBytes(3).toString('hex')}`;
    const workDir = mkdtempSync(join(tmpdir(), 'kw-chart-certgen-'));
    const result = await runHelm(
      join(cp.binDir, 'helm'),
      templateArgs(release, namespace, [
        ...exampleImage,
        '--show-only',
        'templates/certgen-rbac.yaml',
        '--show-only',
        'templates/unregister-hook.yaml',
        '--show-only',
        'templates/certgen-renewal.yaml',
      ]),
      workDir,
    );
    assert.equal(result.code, 0, result.stderr);
    // The Jobs and the CronJob themselves are not needed to check their permissions.
    rendered = result.stdout
      .split(/^---$/m)
      .filter((doc) => !/^kind: (Job|CronJob)$/m.test(doc))
      .join('---');
    await kubectlOk(cp, ['apply', '-f', '-'], { input: rendered });
    for (let attempt = 0; attempt < 60; attempt++) {
      const ready = await Promise.all([
        canI('get', `secrets/${release}-kubectl-workspace-tls`),
        canI('get', `secrets/${release}-kubectl-workspace-tls`, true, 'cert-renewal'),
        canI('delete', `mutatingwebhookconfigurations/${release}-kubectl-workspace`, false, 'unregister'),
      ]);
      if (ready.every((answer) => answer === 'yes')) break;
      await sleep(500);
    }
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
  for (const account of ['certgen', 'cert-renewal'] as const) {
    for (const { verb, resource, namespaced, expected } of cases) {
      it(`should answer ${expected} to ${verb} ${resource('<release>')} for the ${account} ServiceAccount`, async () => {
        assert.equal(await canI(verb, resource(release), namespaced, account), expected);
      });
    }
  }

  const unregisterCases = [
    { verb: 'delete', resource: (r: string) => `mutatingwebhookconfigurations/${r}-kubectl-workspace`, namespaced: false, expected: 'yes' },
    { verb: 'delete', resource: () => 'mutatingwebhookconfigurations/someone-elses-webhook', namespaced: false, expected: 'no' },
    { verb: 'update', resource: (r: string) => `mutatingwebhookconfigurations/${r}-kubectl-workspace`, namespaced: false, expected: 'no' },
    { verb: 'get', resource: (r: string) => `secrets/${r}-kubectl-workspace-tls`, namespaced: true, expected: 'no' },
  ] as const;
  for (const { verb, resource, namespaced, expected } of unregisterCases) {
    it(`should answer ${expected} to ${verb} ${resource('<release>')} for the unregister ServiceAccount`, async () => {
      assert.equal(await canI(verb, resource(release), namespaced, 'unregister'), expected);
    });
  }
});
