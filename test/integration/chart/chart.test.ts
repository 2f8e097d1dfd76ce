// The chart through the pinned helm (lint, render, schema) and the real API
// server (every rendered manifest accepted by a server-side dry run).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { createTestNamespace, kubectlOk, runKubectl, sharedControlPlane } from '../../support/cluster.js';
import { buildRegistration, defaultWebhookName, matchConditions, podRule } from '../../../webhook/registration.js';
import {
  chartDir,
  ciValues,
  exampleImage,
  kindsAndNames,
  renderChart,
  runHelm,
  templateArgs,
  type CiValues,
  type Manifest,
} from './helm.js';
import { thirdPartyCrdNames, thirdPartyCrdsYaml } from './crds.js';

let cp: ControlPlane;
let helm: string;
let workDir: string;

function only(manifests: readonly Manifest[], kind: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind);
  assert.equal(found.length, 1, `expected one ${kind}, got ${kindsAndNames(found).join(', ') || 'none'}`);
  return found[0]!;
}

// Reads a nested field of a manifest without a schema; tests assert on the shape.
function at(value: unknown, ...path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, key) => (v as Record<string | number, unknown> | undefined)?.[key], value);
}

const ciCases = Object.keys(ciValues) as CiValues[];

/** A field of the one manifest of `kind` that `helm template` renders with `args`. */
async function renderedField(args: readonly string[], kind: string, ...path: readonly (string | number)[]): Promise<unknown> {
  return at(only(await renderChart(helm, workDir, 'kw', 'ws', args), kind), ...path);
}

describe('kubectl-workspace chart', () => {
  before(async function () {
    this.timeout(300000);
    cp = await sharedControlPlane();
    helm = join(cp.binDir, 'helm');
    workDir = mkdtempSync(join(tmpdir(), 'kw-chart-'));
  });

  describe('helm lint', () => {
    it('should know every ci/ values file', () => {
      assert.deepEqual(
        readdirSync(join(chartDir, 'ci')).sort(),
        Object.values(ciValues)
          .map((f) => f.slice(join(chartDir, 'ci').length + 1))
          .sort(),
      );
    });

    for (const name of ciCases) {
      for (const strict of [false, true]) {
        it(`should pass${strict ? ' --strict' : ''} with the ${name} ci values`, async () => {
          const args = ['lint', chartDir, '--values', ciValues[name], ...(strict ? ['--strict'] : [])];
          const result = await runHelm(helm, args, workDir);
          assert.equal(result.code, 0, result.stdout + result.stderr);
          assert.doesNotMatch(result.stdout, /\[(WARNING|ERROR)\]/);
        });
      }
    }
  });

  describe('helm template', () => {
    // What each ci/ values file renders, by kind/name.
    const rendered: { what: string; values: CiValues; manifests: string[] }[] = [
      {
        what: 'the webhook with the certgen Job',
        values: 'default',
        manifests: [
          'ClusterRole/kw-kubectl-workspace-cert-renewal',
          'ClusterRole/kw-kubectl-workspace-certgen',
          'ClusterRole/kw-kubectl-workspace-operator',
          'ClusterRole/kw-kubectl-workspace-unregister',
          'ClusterRole/kw-kubectl-workspace-viewer',
          'ClusterRoleBinding/kw-kubectl-workspace-cert-renewal',
          'ClusterRoleBinding/kw-kubectl-workspace-certgen',
          'ClusterRoleBinding/kw-kubectl-workspace-unregister',
          'CronJob/kw-kubectl-workspace-cert-renewal',
          'Deployment/kw-kubectl-workspace',
          'Job/kw-kubectl-workspace-certgen-cabundle',
          'Job/kw-kubectl-workspace-certgen-secret',
          'Job/kw-kubectl-workspace-unregister',
          'MutatingWebhookConfiguration/kw-kubectl-workspace',
          'PodDisruptionBudget/kw-kubectl-workspace',
          'Role/kw-kubectl-workspace-cert-renewal',
          'Role/kw-kubectl-workspace-certgen',
          'RoleBinding/kw-kubectl-workspace-cert-renewal',
          'RoleBinding/kw-kubectl-workspace-certgen',
          'Service/kw-kubectl-workspace',
          'ServiceAccount/kw-kubectl-workspace',
          'ServiceAccount/kw-kubectl-workspace-cert-renewal',
          'ServiceAccount/kw-kubectl-workspace-certgen',
          'ServiceAccount/kw-kubectl-workspace-unregister',
        ],
      },
      {
        what: 'only the policy, its binding and the user roles',
        values: 'policy',
        manifests: [
          'ClusterRole/kw-kubectl-workspace-operator',
          'ClusterRole/kw-kubectl-workspace-viewer',
          'MutatingAdmissionPolicy/kw-kubectl-workspace',
          'MutatingAdmissionPolicyBinding/kw-kubectl-workspace',
        ],
      },
    ];
    for (const c of rendered) {
      it(`should render ${c.what} for the ${c.values} values`, async () => {
        assert.deepEqual(kindsAndNames(await renderChart(helm, workDir, 'kw', 'ws', ['--values', ciValues[c.values]])), c.manifests);
      });
    }

    it('should create the Secret before the release resources and write the caBundle after them, on rollback too', async () => {
      const manifests = await renderChart(helm, workDir, 'kw', 'ws', [...exampleImage, '--set', 'certificates.job.forceRotate=true']);
      const jobs = manifests
        .filter((m) => m.kind === 'Job' || m.kind === 'CronJob')
        .map((job) => ({
          kind: job.kind,
          hook: job.metadata.annotations?.['helm.sh/hook'],
          args:
            at(job, 'spec', 'template', 'spec', 'containers', 0, 'args') ??
            at(job, 'spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers', 0, 'args'),
        }));
      const common = [
        'certgen',
        '--namespace=ws',
        '--service=kw-kubectl-workspace',
        '--secret-name=kw-kubectl-workspace-tls',
        '--validity-days=365',
        '--renew-before-days=30',
      ];
      assert.deepEqual(jobs, [
        { kind: 'CronJob', hook: undefined, args: [...common, '--webhook-config=kw-kubectl-workspace'] },
        { kind: 'Job', hook: 'pre-install,pre-upgrade', args: [...common, '--force'] },
        { kind: 'Job', hook: 'post-install,post-upgrade,post-rollback', args: [...common, '--webhook-config=kw-kubectl-workspace'] },
        { kind: 'Job', hook: 'pre-delete', args: ['registration', '--delete', '--name=kw-kubectl-workspace'] },
      ]);
      // Hooks run before ordinary resources exist, so the hook Jobs' RBAC must be hooks too, and created first.
      for (const m of manifests.filter((m) => m.metadata.name.endsWith('-certgen') || m.metadata.name.endsWith('-unregister'))) {
        if (m.kind === 'Job') continue;
        assert.ok(m.metadata.annotations?.['helm.sh/hook'], `${m.kind}/${m.metadata.name} is not a hook`);
        assert.equal(m.metadata.annotations['helm.sh/hook-weight'], '-10');
      }
    });

    it('should never render a caBundle, so every revision and an offline render agree', async () => {
      for (const name of ['default', 'hostNetwork', 'renewal'] as const) {
        const webhook = await renderedField(['--values', ciValues[name]], 'MutatingWebhookConfiguration', 'webhooks', 0);
        assert.deepEqual(Object.keys(at(webhook, 'clientConfig') as object), ['service'], name);
      }
    });

    it('chart and registration share one match condition', async () => {
      const webhook = await renderedField(exampleImage, 'MutatingWebhookConfiguration', 'webhooks', 0);
      const policy = only(await renderChart(helm, workDir, 'kw', 'ws', ['--values', ciValues.policy]), 'MutatingAdmissionPolicy');
      const registered = buildRegistration({ client: { service: { name: 'x', namespace: 'y' } } }).webhooks?.[0]?.matchConditions;
      assert.deepEqual(at(webhook, 'matchConditions'), registered);
      assert.deepEqual(at(policy, 'spec', 'matchConditions'), registered);
      assert.deepEqual(registered, matchConditions);
    });

    it('should render every registration field as workspace-webhook registration builds it', async () => {
      const webhook = (await renderedField(exampleImage, 'MutatingWebhookConfiguration', 'webhooks', 0)) as Record<string, unknown>;
      const built = buildRegistration({ client: { service: { name: 'kw-kubectl-workspace', namespace: 'ws' } } })
        .webhooks?.[0] as unknown as Record<string, unknown>;
      // The chart always renders an objectSelector (empty: every pod); the builder leaves it out unless given.
      assert.deepEqual(webhook['objectSelector'], {});
      const { objectSelector: _rendered, ...rendered } = webhook;
      assert.deepEqual(rendered, built);
      assert.equal(built['name'], defaultWebhookName);
      const policy = only(await renderChart(helm, workDir, 'kw', 'ws', ['--values', ciValues.policy]), 'MutatingAdmissionPolicy');
      assert.deepEqual(at(policy, 'spec', 'matchConstraints', 'resourceRules'), [podRule]);
    });

    it('should register the webhook for pod CREATE/UPDATE with match conditions and no side effects', async () => {
      const manifests = await renderChart(helm, workDir, 'kw', 'ws', exampleImage);
      const webhook = at(only(manifests, 'MutatingWebhookConfiguration'), 'webhooks', 0);
      assert.equal(at(webhook, 'sideEffects'), 'None');
      assert.deepEqual(at(webhook, 'admissionReviewVersions'), ['v1']);
      assert.equal(at(webhook, 'failurePolicy'), 'Fail');
      assert.equal(at(webhook, 'timeoutSeconds'), 5);
      assert.deepEqual(at(webhook, 'rules', 0, 'operations'), ['CREATE', 'UPDATE']);
      assert.deepEqual(at(webhook, 'rules', 0, 'resources'), ['pods', 'pods/status']);
      assert.deepEqual(
        (at(webhook, 'matchConditions') as { name: string }[]).map((c) => c.name),
        ['has-explicit-fail', 'not-yet-failed-before-stopping'],
      );
      assert.deepEqual(at(webhook, 'clientConfig', 'service'), {
        name: 'kw-kubectl-workspace',
        namespace: 'ws',
        path: '/mutate',
        port: 443,
      });
    });

    it('should refuse to render webhook mode without an image, saying how to give one', async () => {
      const result = await runHelm(helm, templateArgs('kw', 'ws'), workDir);
      assert.notEqual(result.code, 0, 'helm template rendered without image.repository');
      assert.match(result.stderr, /image\.repository is not set: there is no public workspace-webhook image/);
      assert.match(result.stderr, /--set image\.repository=<registry>\/workspace-webhook/);
    });

    it('should reference the image by digest when one is given, in the Deployment and every Job', async () => {
      const manifests = await renderChart(helm, workDir, 'kw', 'ws', ['--values', ciValues.hostNetwork]);
      const images = manifests
        .flatMap((m) => [
          at(m, 'spec', 'template', 'spec', 'containers', 0, 'image'),
          at(m, 'spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers', 0, 'image'),
        ])
        .filter((image) => image !== undefined);
      assert.equal(images.length, 5);
      for (const image of images) {
        assert.equal(
          image,
          '123456789012.dkr.ecr.eu-west-1.amazonaws.com/workspace-webhook@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        );
      }
    });

    it('should run the webhook on the node network on the given port with hostNetwork', async () => {
      const pod = await renderedField(['--values', ciValues.hostNetwork], 'Deployment', 'spec', 'template', 'spec');
      assert.equal(at(pod, 'hostNetwork'), true);
      assert.equal(at(pod, 'dnsPolicy'), 'ClusterFirstWithHostNet');
      assert.deepEqual(at(pod, 'containers', 0, 'ports'), [
        { name: 'https', containerPort: 9443, protocol: 'TCP' },
        { name: 'metrics', containerPort: 9444, protocol: 'TCP' },
      ]);
      assert.ok((at(pod, 'containers', 0, 'args') as string[]).includes('--port=9443'));
      const plain = await renderedField(exampleImage, 'Deployment', 'spec', 'template', 'spec');
      assert.equal(at(plain, 'hostNetwork'), undefined);
    });

    const refusals = [
      {
        what: 'policy mode below Kubernetes 1.36',
        args: ['--set', 'mode=policy', '--kube-version', 'v1.35.2'],
        message: /mode=policy needs Kubernetes >= 1\.36.*this cluster is v1\.35\.2\. Use mode=webhook/,
      },
      {
        what: 'a grace period shorter than the shutdown delay plus timeout',
        args: [...exampleImage, '--set', 'terminationGracePeriodSeconds=29'],
        message:
          /terminationGracePeriodSeconds \(29\) is shorter than webhook\.shutdownDelaySeconds \(5\) \+ webhook\.shutdownTimeoutSeconds \(25\).*at least 30/,
      },
      {
        what: 'host networking on the kubelet port',
        args: [...exampleImage, '--set', 'webhook.hostNetwork=true', '--set', 'webhook.port=10250'],
        message: /webhook\.port 10250 is the kubelet's port/,
      },
      {
        what: 'the webhook and metrics on one port',
        args: [...exampleImage, '--set', 'webhook.port=9090'],
        message: /webhook\.port and metrics\.port are both 9090/,
      },
      {
        what: 'a renewal window as long as the certificate',
        args: [...exampleImage, '--set', 'certificates.job.validityDays=30'],
        message: /certificates\.job\.renewBeforeDays \(30\) must be less than certificates\.job\.validityDays \(30\)/,
      },
    ] as const;
    for (const { what, args, message } of refusals) {
      it(`should refuse ${what} at render time with a clear message`, async () => {
        const result = await runHelm(helm, [...templateArgs('kw', 'ws', args)], workDir);
        assert.notEqual(result.code, 0, 'helm template accepted the values');
        assert.match(result.stderr, message);
      });
    }

    it('should keep a failurePolicy=Fail webhook schedulable and drainable', async () => {
      const manifests = await renderChart(helm, workDir, 'kw', 'ws', exampleImage);
      assert.equal(at(only(manifests, 'Deployment'), 'spec', 'template', 'spec', 'priorityClassName'), 'system-cluster-critical');
      assert.equal(at(only(manifests, 'PodDisruptionBudget'), 'spec', 'unhealthyPodEvictionPolicy'), 'AlwaysAllow');
      const args = at(only(manifests, 'Deployment'), 'spec', 'template', 'spec', 'containers', 0, 'args') as string[];
      assert.deepEqual(
        args.filter((a) => a.startsWith('--shutdown')),
        ['--shutdown-delay=5', '--shutdown-timeout=25'],
      );
    });

    it('should give every Job the jobs pod annotations and priority class', async () => {
      const manifests = await renderChart(helm, workDir, 'kw', 'ws', ['--values', ciValues.renewal]);
      const templates = manifests
        .map((m) => at(m, 'spec', 'template') ?? at(m, 'spec', 'jobTemplate', 'spec', 'template'))
        .filter((t, i) => t !== undefined && manifests[i]!.kind !== 'Deployment');
      assert.equal(templates.length, 4);
      for (const template of templates) {
        assert.deepEqual(at(template, 'metadata', 'annotations'), { 'sidecar.istio.io/inject': 'false', 'linkerd.io/inject': 'disabled' });
        assert.equal(at(template, 'spec', 'priorityClassName'), 'platform-critical');
      }
      assert.equal(at(only(manifests, 'CronJob'), 'spec', 'schedule'), '0 */6 * * *');
      const defaults = await renderChart(helm, workDir, 'kw', 'ws', exampleImage);
      assert.deepEqual(
        at(
          only(
            defaults.filter((m) => m.metadata.name.endsWith('-unregister')),
            'Job',
          ),
          'spec',
          'template',
          'metadata',
          'annotations',
        ),
        { 'sidecar.istio.io/inject': 'false' },
      );
    });

    it("should alert on the served certificate's expiry when the PrometheusRule is enabled", async () => {
      const rule = await renderedField(['--values', ciValues.renewal], 'PrometheusRule', 'spec', 'groups', 0, 'rules', 0);
      assert.equal(at(rule, 'alert'), 'WorkspaceWebhookCertificateExpiresSoon');
      assert.match(
        at(rule, 'expr') as string,
        /^min by \(namespace, pod\) \(workspace_webhook_certificate_expiry_timestamp_seconds\{namespace="ws", service="kw-kubectl-workspace"\}\) - time\(\) < 1728000$/,
      );
      assert.ok(!(await renderChart(helm, workDir, 'kw', 'ws', exampleImage)).some((m) => m.kind === 'PrometheusRule'));
    });

    it('should run the webhook under the restricted security context with HTTPS probes', async () => {
      const manifests = await renderChart(helm, workDir, 'kw', 'ws', exampleImage);
      const pod = at(only(manifests, 'Deployment'), 'spec', 'template', 'spec');
      const container = at(pod, 'containers', 0);
      assert.deepEqual(at(container, 'securityContext'), {
        runAsNonRoot: true,
        runAsUser: 65532,
        runAsGroup: 65532,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      assert.deepEqual(at(container, 'livenessProbe', 'httpGet'), { path: '/healthz', port: 'https', scheme: 'HTTPS' });
      assert.deepEqual(at(container, 'readinessProbe', 'httpGet'), { path: '/readyz', port: 'https', scheme: 'HTTPS' });
      assert.equal(at(pod, 'topologySpreadConstraints', 0, 'topologyKey'), 'kubernetes.io/hostname');
      assert.ok(at(pod, 'affinity', 'podAntiAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', 0));
      assert.equal(at(only(manifests, 'PodDisruptionBudget'), 'spec', 'minAvailable'), 1);
    });

    it('should render cert-manager resources and the CA injection annotation for the cert-manager values', async () => {
      const manifests = await renderChart(helm, workDir, 'kw', 'ws', ['--values', ciValues.certManager]);
      const kinds = kindsAndNames(manifests);
      assert.ok(!kinds.some((k) => k.startsWith('CronJob/') || k.includes('-certgen') || k.includes('-cert-renewal')), kinds.join(', '));
      const serving = manifests.find((m) => m.kind === 'Certificate' && !at(m, 'spec', 'isCA'));
      assert.ok(serving, kinds.join(', '));
      const mwc = only(manifests, 'MutatingWebhookConfiguration');
      assert.equal(mwc.metadata.annotations?.['cert-manager.io/inject-ca-from'], `ws/${serving.metadata.name}`);
      const secretVolume = (
        at(only(manifests, 'Deployment'), 'spec', 'template', 'spec', 'volumes') as { secret?: { secretName: string } }[]
      ).find((v) => v.secret);
      assert.equal(secretVolume?.secret?.secretName, at(serving, 'spec', 'secretName'));
      assert.ok((at(serving, 'spec', 'dnsNames') as string[]).includes('kw-kubectl-workspace.ws.svc'));
      assert.equal(at(only(manifests, 'ServiceMonitor'), 'spec', 'endpoints', 0, 'port'), 'metrics');
    });

    const failurePolicyCases = [
      { mode: 'webhook', kind: 'MutatingWebhookConfiguration', path: ['webhooks', 0, 'failurePolicy'] },
      { mode: 'policy', kind: 'MutatingAdmissionPolicy', path: ['spec', 'failurePolicy'] },
    ] as const;
    for (const { mode, kind, path } of failurePolicyCases) {
      it(`should carry admission.failurePolicy=Ignore into the ${kind}`, async () => {
        const manifests = await renderChart(helm, workDir, 'kw', 'ws', [
          ...exampleImage,
          '--set',
          `mode=${mode}`,
          '--set',
          'admission.failurePolicy=Ignore',
        ]);
        assert.equal(at(only(manifests, kind), ...path), 'Ignore');
      });
    }

    it('should leave out the PodDisruptionBudget with a single replica', async () => {
      const manifests = await renderChart(helm, workDir, 'kw', 'ws', [...exampleImage, '--set', 'replicaCount=1']);
      assert.ok(!manifests.some((m) => m.kind === 'PodDisruptionBudget'));
    });

    it('should bind the user roles to groups per namespace or cluster-wide', async () => {
      const manifests = await renderChart(helm, workDir, 'kw', 'ws', [
        ...exampleImage,
        '--set',
        'userRoles.viewer.groups={auditors}',
        '--set',
        'userRoles.operator.groups={oncall}',
        '--set',
        'userRoles.operator.namespaces={ws-a,ws-b}',
      ]);
      const bindings = manifests
        .filter((m) => m.kind === 'RoleBinding' || m.kind === 'ClusterRoleBinding')
        .filter((m) => !/-(certgen|cert-renewal|unregister)$/.test(m.metadata.name))
        .map((m) => `${m.kind}/${m.metadata.namespace ?? ''}/${String(at(m, 'roleRef', 'name'))}/${String(at(m, 'subjects', 0, 'name'))}`)
        .sort();
      assert.deepEqual(bindings, [
        'ClusterRoleBinding//kw-kubectl-workspace-viewer/auditors',
        'RoleBinding/ws-a/kw-kubectl-workspace-operator/oncall',
        'RoleBinding/ws-b/kw-kubectl-workspace-operator/oncall',
      ]);
    });

    it('should keep every name within 63 characters for a long release name', async () => {
      const release = 'a-very-long-release-name-that-goes-on-and-on-for-quite-a-while-x';
      for (const name of ciCases) {
        const manifests = await renderChart(helm, workDir, release.slice(0, 53), 'ws', ['--values', ciValues[name]]);
        for (const m of manifests)
          assert.ok(m.metadata.name.length <= 63, `${m.kind}/${m.metadata.name} is ${m.metadata.name.length} long`);
      }
    });
  });

  describe('values.yaml', () => {
    interface SchemaNode {
      readonly properties?: Readonly<Record<string, SchemaNode>>;
    }
    // Kubernetes types taken whole: their fields are Kubernetes', documented there.
    const kubernetesTypes = ['nodeAffinity'];
    // Every value the schema defines, as a dotted path; free-form maps and selectors are one value each.
    const valuePaths = (node: SchemaNode, prefix = ''): readonly string[] =>
      Object.entries(node.properties ?? {}).flatMap(([key, child]) => [
        `${prefix}${key}`,
        ...(kubernetesTypes.includes(`${prefix}${key}`) ? [] : valuePaths(child, `${prefix}${key}.`)),
      ]);
    const schemaPaths = valuePaths(JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as SchemaNode);

    it('should have a comment right above every value', () => {
      const lines = readFileSync(join(chartDir, 'values.yaml'), 'utf8').split('\n');
      const stack: { indent: number; key: string }[] = [];
      const undocumented: string[] = [];
      lines.forEach((line, index) => {
        const match = /^( *)([A-Za-z][\w./-]*):/.exec(line);
        if (!match) return;
        const indent = match[1]!.length;
        while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
        stack.push({ indent, key: match[2]! });
        const path = stack.map((s) => s.key).join('.');
        if (schemaPaths.includes(path) && !/^\s*#/.test(lines[index - 1] ?? '')) undocumented.push(path);
      });
      assert.deepEqual(undocumented, []);
    });

    it('should list every value in the chart README', () => {
      const readme = readFileSync(join(chartDir, 'README.md'), 'utf8');
      assert.deepEqual(
        schemaPaths.filter((path) => !readme.includes(`| \`${path}\` |`)),
        [],
      );
    });
  });

  describe('values.schema.json', () => {
    const invalid = [
      { what: 'a misspelled top-level value', set: 'replicaCont=3', mentions: 'replicaCont' },
      { what: 'a misspelled nested value', set: 'certificates.mod=job', mentions: 'mod' },
      { what: 'a misspelled value in a label selector', set: 'admission.objectSelector.matchLabel.a=b', mentions: 'matchLabel' },
      { what: 'an unknown mode', set: 'mode=sidecar', mentions: 'mode' },
      { what: 'a failurePolicy in the wrong case', set: 'admission.failurePolicy=fail', mentions: 'failurePolicy' },
      { what: 'a webhook timeout above 30 seconds', set: 'webhook.timeoutSeconds=60', mentions: 'timeoutSeconds' },
      { what: 'a digest that is not sha256:<64 hex>', set: 'image.digest=sha256:abc', mentions: 'digest' },
      {
        what: 'an unknown unhealthy pod eviction policy',
        set: 'podDisruptionBudget.unhealthyPodEvictionPolicy=Never',
        mentions: 'unhealthyPodEvictionPolicy',
      },
      { what: 'a misspelled jobs value', set: 'jobs.podAnnotation.a=b', mentions: 'podAnnotation' },
      { what: 'a renewal schedule that is not cron', set: 'certificates.job.renewal.schedule=daily', mentions: 'schedule' },
    ] as const;
    for (const { what, set, mentions } of invalid) {
      it(`should reject ${what}`, async () => {
        const result = await runHelm(helm, templateArgs('kw', 'ws', [...exampleImage, '--set', set]), workDir);
        assert.notEqual(result.code, 0, 'helm template accepted the values');
        assert.match(result.stderr, /schema/i);
        assert.ok(result.stderr.includes(mentions), result.stderr);
      });
    }
  });

  describe('kubectl apply --dry-run=server', () => {
    let namespace: string;

    before(async function () {
      this.timeout(120000);
      namespace = await createTestNamespace(cp, 'chart');
      await kubectlOk(cp, ['apply', '-f', '-'], { input: thirdPartyCrdsYaml() });
      await kubectlOk(cp, ['wait', '--for', 'condition=Established', '--timeout', '60s', ...thirdPartyCrdNames]);
    });

    for (const name of ciCases) {
      it(`should have every manifest of the ${name} values accepted by the API server`, async function () {
        this.timeout(120000);
        // A fresh release name keeps the cluster-scoped objects of each case apart.
        const release = `kw-${randomBytes(3).toString('hex')}`;
        const result = await runHelm(helm, templateArgs(release, namespace, ['--values', ciValues[name]]), workDir);
        assert.equal(result.code, 0, result.stderr);
        // No --namespace: every namespaced manifest names its own (ci values may bind roles elsewhere).
        const applied = await runKubectl(cp, ['apply', '--dry-run=server', '-f', '-'], { input: result.stdout });
        assert.equal(applied.code, 0, applied.stderr);
        const accepted = applied.stdout.split('\n').filter((line) => line.endsWith('(server dry run)'));
        assert.equal(
          accepted.length,
          (await renderChart(helm, workDir, release, namespace, ['--values', ciValues[name]])).length,
          applied.stdout,
        );
      });
    }
  });
});
