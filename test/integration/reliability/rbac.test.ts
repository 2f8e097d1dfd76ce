// The chart's operator ClusterRole, bound to the unprivileged identity: every plugin operation works, nothing else does.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UNPRIVILEGED_GROUP, type ControlPlane } from '../../../cluster/controlplane.js';
import { createTestNamespace, kubectlOk, reliabilityNamespace, runKubectl } from '../../support/cluster.js';
import { figure } from '../../support/reliability/figures.js';
import { buildPlugin, createWorkspace, objectState, ws } from '../../support/plugin.js';
import { register, unregister, waitForAdmission } from '../../support/reliability/registration.js';
import { OWNER_TOKEN, RELIABILITY_WORKSPACE, allOutputs, coverage, leaksOf } from '../../support/reliability/transcript.js';
import { generateCertificates, startWebhook, type WebhookProcess } from '../../support/reliability/webhook-process.js';
import { buildWebhook } from '../../support/webhook-cli.js';
import { exampleImage, runHelm, templateArgs, userRoleFor, userRoleTemplates } from '../chart/helm.js';

/** `helm template` of the chart's plugin-user roles and bindings, operator role bound to `group` in `namespace`. */
async function renderUserRoles(cp: ControlPlane, release: string, namespace: string, group: string): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'kw-rel-helm-'));
  // Webhook mode (the default) has no default image; these roles do not depend on it.
  const args = templateArgs(release, namespace, [...exampleImage, ...userRoleTemplates, ...userRoleFor('operator', group, namespace)]);
  const result = await runHelm(join(cp.binDir, 'helm'), args, work);
  if (result.code !== 0) throw new Error(`helm template exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

describe('operator ClusterRole from the chart, bound to the unprivileged identity', function () {
  this.timeout(120_000);
  let cp: ControlPlane;
  let ns: string;
  let otherNs: string;
  let rendered: string;
  let webhook: WebhookProcess;
  const configName = `rel-rbac-${process.pid}`;
  const asUser = (args: readonly string[]) => ws(cp, [...args, '-n', ns], { kubeconfig: cp.userKubeconfigPath });

  before(async function () {
    this.timeout(300_000);
    ({ cp, ns } = await reliabilityNamespace('rel-rbac'));
    buildWebhook();
    buildPlugin();
    otherNs = await createTestNamespace(cp, 'rel-rbac-other');
    for (const id of ['one', 'two']) await createWorkspace(cp, ns, { ...RELIABILITY_WORKSPACE, id });
    await createWorkspace(cp, otherNs, { ...RELIABILITY_WORKSPACE, id: 'elsewhere' });
    // doctor passes only when the invariant is enforced: run and register the webhook for this namespace.
    const certDir = await generateCertificates();
    webhook = await startWebhook({ certDir });
    await register(cp, { name: configName, port: webhook.port, certDir, failurePolicy: 'Fail', namespaceLabel: `reliability=${ns}` });
    await waitForAdmission(cp, ns, 'ws-one', 'mutated');
    rendered = await renderUserRoles(cp, `rel-${randomBytes(3).toString('hex')}`, ns, UNPRIVILEGED_GROUP);
    assert.match(rendered, /kind: ClusterRole\n/);
    await kubectlOk(cp, ['apply', '-f', '-'], { input: rendered });
    // The authorizer learns of new bindings through an informer.
    for (let attempt = 0; attempt < 60; attempt++) {
      const r = await runKubectl(cp, ['auth', 'can-i', 'update', 'configmaps', '-n', ns], { kubeconfig: cp.userKubeconfigPath });
      if (r.stdout.trim() === 'yes') break;
      await sleep(250);
    }
  });

  after(async () => {
    if (rendered) await runKubectl(cp, ['delete', '--ignore-not-found', '-f', '-'], { input: rendered });
    await unregister(cp, configName);
    await webhook?.stop();
  });

  describe('allowed: every plugin operation', () => {
    const operations: readonly (readonly string[])[] = [
      ['list'],
      ['list', '-o', 'json'],
      ['get', 'one'],
      ['get', 'one', '-o', 'yaml'],
      ['mark', 'one', 'gitpod/snapshot=snap-1', 'gitpod/never-ready-'],
      ['fail', 'two', 'image pull failed'],
      ['timeout', 'one', '1h30m'],
      ['timeout', 'one', '--clear'],
      ['close', 'one'],
      ['reopen', 'one'],
      ['time-out', 'one', 'inactivity'],
      ['ready', 'one'],
      ['admission', 'one', 'everyone'],
      ['plis', 'get', 'one'],
      ['plis', 'patch', 'one', '--final-backup-complete', '--stopping-since', 'now', '--host-ip', '10.0.0.12'],
      ['mark', 'one', 'gitpod/explicitFail=server-side', '--dry-run=server'],
      ['doctor'],
      ['version'],
    ];
    for (const args of operations) {
      it(`should run kubectl workspace ${args.join(' ')}`, async () => {
        const r = await asUser(args);
        assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
      });
    }

    it('should have written what the operations asked for', async () => {
      const one = (await objectState(cp, ns, 'pod/ws-one')).annotations;
      assert.equal(one['gitpod/snapshot'], 'snap-1');
      assert.equal(one['gitpod/timedout'], 'inactivity');
      assert.equal(one['gitpod/admission'], 'admit_everyone');
      assert.equal(one['gitpod/closed'], undefined);
      assert.equal(one['gitpod/customTimeout'], undefined);
      assert.equal(one['gitpod/explicitFail'], undefined);
      const two = (await objectState(cp, ns, 'pod/ws-two')).annotations;
      assert.deepEqual([two['gitpod/explicitFail'], two['gitpod/failedBeforeStopping']], ['image pull failed', 'true']);
      const plis = JSON.parse((await objectState(cp, ns, 'configmap/plis-one')).annotations['gitpod/plis'] ?? '{}') as Record<
        string,
        unknown
      >;
      assert.equal(plis['finalBackupComplete'], true);
      assert.equal(plis['hostIP'], '10.0.0.12');
    });
  });

  describe('refused: everything else', () => {
    const kubectlCases = [
      { name: 'delete a pod', args: ['delete', 'pod', 'ws-one'] },
      { name: 'create a pod', args: ['run', 'intruder', '--image', 'registry.invalid/x:1', '--restart', 'Never'] },
      { name: 'get secrets', args: ['get', 'secrets'] },
      { name: 'create a ConfigMap', args: ['create', 'configmap', 'intruder'] },
      { name: 'delete a ConfigMap', args: ['delete', 'configmap', 'plis-one'] },
      { name: 'exec into a pod', args: ['exec', 'ws-one', '--', 'true'] },
    ];
    for (const c of kubectlCases) {
      it(`should be Forbidden to ${c.name}`, async () => {
        const r = await runKubectl(cp, [...c.args, '-n', ns], { kubeconfig: cp.userKubeconfigPath });
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /Forbidden|forbidden/);
      });
    }

    const pluginCases = [
      { name: 'list in another namespace', args: ['list', '-n', 'OTHER'] },
      { name: 'list all namespaces', args: ['list', '-A'] },
      { name: 'mark in another namespace', args: ['mark', 'elsewhere', 'gitpod/closed=true', '-n', 'OTHER'] },
      { name: 'plis patch in another namespace', args: ['plis', 'patch', 'elsewhere', '--final-backup-complete', '-n', 'OTHER'] },
    ];
    for (const c of pluginCases) {
      it(`should refuse the plugin's ${c.name} with the server's Forbidden`, async () => {
        const args = c.args.map((a) => (a === 'OTHER' ? otherNs : a));
        const r = await ws(cp, args, { kubeconfig: cp.userKubeconfigPath });
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /^error: from server \(Forbidden\): /);
      });
    }

    it('should have left the other namespace untouched', async () => {
      const { annotations } = await objectState(cp, otherNs, 'pod/ws-elsewhere');
      assert.equal(annotations['gitpod/closed'], undefined);
    });
  });

  describe('secrets', () => {
    it('should never show the owner token in plugin, webhook or API server output', () => {
      const outputs = [...allOutputs([cp.apiServerLogPath]), { source: 'webhook (live)', text: webhook.output() }];
      figure('owner token search, RBAC suite (with API server log)', `${coverage(outputs)}, ${leaksOf(OWNER_TOKEN, outputs).length} hits`);
      assert.deepEqual(leaksOf(OWNER_TOKEN, outputs), []);
    });
  });
});
