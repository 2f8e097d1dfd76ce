// Policy mode end to end: the rendered MutatingAdmissionPolicy and binding,
// applied to the real API server, set gitpod/failedBeforeStopping on pods.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { createTestNamespace, kubectlOk, sharedControlPlane } from '../../support/cluster.js';
import { ciValues, runHelm, templateArgs } from './helm.js';
import { admissionOnlyIn } from './test-release.js';

const failedBeforeStopping = 'gitpod/failedBeforeStopping';

let cp: ControlPlane;
let namespace: string;
let renderedPolicy: string;

function workspacePod(name: string, annotations: Readonly<Record<string, string>> = {}, labelled = true): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: labelled ? { workspaceID: name } : {}, annotations },
    spec: { containers: [{ name: 'workspace', image: 'registry.invalid/workspace:1' }] },
  });
}

async function annotationsOf(pod: string): Promise<Record<string, string>> {
  const out = await kubectlOk(cp, ['get', 'pod', pod, '-n', namespace, '-o', 'jsonpath={.metadata.annotations}']);
  return out.trim() === '' ? {} : (JSON.parse(out) as Record<string, string>);
}

describe('MutatingAdmissionPolicy (policy mode)', () => {
  before(async function () {
    this.timeout(300000);
    cp = await sharedControlPlane();
    namespace = await createTestNamespace(cp, 'chart-policy');
    const workDir = mkdtempSync(join(tmpdir(), 'kw-chart-policy-'));
    // Scoped to this test's namespace, so pods of other tests never meet the policy.
    const result = await runHelm(
      join(cp.binDir, 'helm'),
      templateArgs(`kwp-${randomBytes(3).toString('hex')}`, namespace, [
        '--values',
        ciValues.policy,
        '--set',
        'userRoles.create=false',
        ...admissionOnlyIn(namespace),
      ]),
      workDir,
    );
    assert.equal(result.code, 0, result.stderr);
    renderedPolicy = result.stdout;
    await kubectlOk(cp, ['apply', '-f', '-'], { input: renderedPolicy });
  });

  after(async function () {
    this.timeout(60000);
    if (renderedPolicy) await kubectlOk(cp, ['delete', '--ignore-not-found', '-f', '-'], { input: renderedPolicy });
  });

  it('should set failedBeforeStopping when kubectl annotate adds explicitFail', async function () {
    this.timeout(120000);
    await kubectlOk(cp, ['create', '-n', namespace, '-f', '-'], { input: workspacePod('ws-annotated') });
    // The API server picks new policies up asynchronously: re-annotate until the policy has seen the write.
    let annotations: Record<string, string> = {};
    for (let attempt = 1; attempt <= 60 && annotations[failedBeforeStopping] === undefined; attempt++) {
      await kubectlOk(cp, ['annotate', '--overwrite', '-n', namespace, 'pod/ws-annotated', `gitpod/explicitFail=attempt ${attempt}`]);
      annotations = await annotationsOf('ws-annotated');
      if (annotations[failedBeforeStopping] === undefined) await sleep(500);
    }
    assert.equal(annotations[failedBeforeStopping], 'true', JSON.stringify(annotations));
  });

  const cases = [
    {
      what: 'set it on a pod created with an empty explicitFail',
      pod: 'ws-created',
      annotations: { 'gitpod/explicitFail': '' },
      labelled: true,
      expected: 'true',
    },
    {
      what: 'overwrite a failedBeforeStopping that is not "true"',
      pod: 'ws-false',
      annotations: { 'gitpod/explicitFail': 'oom', [failedBeforeStopping]: 'false' },
      labelled: true,
      expected: 'true',
    },
    {
      what: 'leave a pod without explicitFail alone',
      pod: 'ws-healthy',
      annotations: { 'gitpod/url': 'https://example.invalid' },
      labelled: true,
      expected: undefined,
    },
    {
      what: 'leave a pod outside the objectSelector alone',
      pod: 'not-a-workspace',
      annotations: { 'gitpod/explicitFail': 'x' },
      labelled: false,
      expected: undefined,
    },
  ] as const;
  for (const c of cases) {
    it(`should ${c.what}`, async () => {
      await kubectlOk(cp, ['create', '-n', namespace, '-f', '-'], { input: workspacePod(c.pod, c.annotations, c.labelled) });
      assert.equal((await annotationsOf(c.pod))[failedBeforeStopping], c.expected);
    });
  }

  it('should set it when explicitFail is written through pods/status', async () => {
    await kubectlOk(cp, ['create', '-n', namespace, '-f', '-'], { input: workspacePod('ws-status') });
    const patch = JSON.stringify({ metadata: { annotations: { 'gitpod/explicitFail': 'via status' } } });
    await kubectlOk(cp, ['patch', '-n', namespace, 'pod/ws-status', '--subresource=status', '--type=merge', '-p', patch]);
    const annotations = await annotationsOf('ws-status');
    assert.equal(annotations['gitpod/explicitFail'], 'via status');
    assert.equal(annotations[failedBeforeStopping], 'true');
  });

  it('should set it on a server-side dry-run update too, without storing anything', async () => {
    await kubectlOk(cp, ['create', '-n', namespace, '-f', '-'], { input: workspacePod('ws-dry-run') });
    const out = await kubectlOk(cp, [
      'annotate',
      '--dry-run=server',
      '-o',
      'json',
      '-n',
      namespace,
      'pod/ws-dry-run',
      'gitpod/explicitFail=probe',
    ]);
    const dryRun = JSON.parse(out) as { metadata: { annotations?: Record<string, string> } };
    assert.equal(dryRun.metadata.annotations?.[failedBeforeStopping], 'true');
    assert.equal((await annotationsOf('ws-dry-run'))[failedBeforeStopping], undefined);
  });
});
