import assert from 'node:assert/strict';
import { buildCli, UsageError } from '../../../webhook/cli/app.js';
import { buildRegistration, defaultNamespaceSelector, matchConditions } from '../../../webhook/registration.js';

describe('buildRegistration', () => {
  const byUrl = buildRegistration({ client: { url: 'https://127.0.0.1:8443/mutate', caBundle: 'Q0E=' } });
  const webhook = byUrl.webhooks?.[0];

  it('should build one admissionregistration.k8s.io/v1 webhook with the defaults', () => {
    assert.equal(byUrl.apiVersion, 'admissionregistration.k8s.io/v1');
    assert.equal(byUrl.kind, 'MutatingWebhookConfiguration');
    assert.equal(byUrl.metadata?.name, 'workspace-webhook');
    assert.equal(byUrl.webhooks?.length, 1);
    assert.equal(webhook?.name, 'failed-before-stopping.workspace.gitpod.io');
    assert.deepEqual(webhook?.admissionReviewVersions, ['v1']);
    assert.equal(webhook?.sideEffects, 'None');
    assert.equal(webhook?.failurePolicy, 'Fail');
    assert.equal(webhook?.timeoutSeconds, 5);
    assert.equal(webhook?.matchPolicy, 'Equivalent');
    assert.equal(webhook?.reinvocationPolicy, 'IfNeeded');
    assert.deepEqual(webhook?.namespaceSelector, {
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }],
    });
    assert.equal(webhook?.objectSelector, undefined);
  });

  it('should send pod CREATE and UPDATE only, of pods and pods/status', () => {
    assert.deepEqual(webhook?.rules, [
      { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'pods/status'], scope: 'Namespaced' },
    ]);
  });

  it('should filter with two CEL match conditions, each guarding against a null object and a missing map', () => {
    assert.deepEqual(webhook?.matchConditions, [
      {
        name: 'has-explicit-fail',
        expression: "object != null && has(object.metadata.annotations) && 'gitpod/explicitFail' in object.metadata.annotations",
      },
      {
        name: 'not-yet-failed-before-stopping',
        expression:
          "object == null || !has(object.metadata.annotations) || !('gitpod/failedBeforeStopping' in object.metadata.annotations) || " +
          "object.metadata.annotations['gitpod/failedBeforeStopping'] != 'true'",
      },
    ]);
  });

  it('should hand out copies, so a caller cannot change the shared definitions', () => {
    const config = buildRegistration({ client: { url: 'https://x/mutate' } });
    config.webhooks![0]!.matchConditions![0]!.expression = 'true';
    config.webhooks![0]!.namespaceSelector!.matchExpressions![0]!.values!.push('default');
    assert.notEqual(matchConditions[0]?.expression, 'true');
    assert.deepEqual(defaultNamespaceSelector.matchExpressions?.[0]?.values, ['kube-system']);
  });

  it('should address the webhook by URL with the CA bundle', () => {
    assert.deepEqual(webhook?.clientConfig, { url: 'https://127.0.0.1:8443/mutate', caBundle: 'Q0E=' });
  });

  it('should address the webhook by Service with path /mutate and port 443 by default', () => {
    const config = buildRegistration({ client: { service: { name: 'wh', namespace: 'gitpod' } } });
    assert.deepEqual(config.webhooks?.[0]?.clientConfig, { service: { name: 'wh', namespace: 'gitpod', path: '/mutate', port: 443 } });
  });

  it('should take the failure policy, timeout, selectors, names and labels given', () => {
    const config = buildRegistration({
      name: 'custom',
      webhookName: 'a.b.c',
      client: { service: { name: 'wh', namespace: 'gitpod', port: 8443 } },
      failurePolicy: 'Ignore',
      timeoutSeconds: 2,
      namespaceSelector: { matchLabels: { team: 'a' } },
      objectSelector: { matchExpressions: [{ key: 'workspaceID', operator: 'Exists' }] },
      labels: { app: 'workspace-webhook' },
    });
    const w = config.webhooks?.[0];
    assert.equal(config.metadata?.name, 'custom');
    assert.deepEqual(config.metadata?.labels, { app: 'workspace-webhook' });
    assert.equal(w?.name, 'a.b.c');
    assert.equal(w?.failurePolicy, 'Ignore');
    assert.equal(w?.timeoutSeconds, 2);
    assert.deepEqual(w?.namespaceSelector, { matchLabels: { team: 'a' } });
    assert.deepEqual(w?.objectSelector, { matchExpressions: [{ key: 'workspaceID', operator: 'Exists' }] });
  });

  for (const timeoutSeconds of [0, 31, 1.5]) {
    it(`should refuse timeoutSeconds ${timeoutSeconds}`, () => {
      assert.throws(
        () => buildRegistration({ client: { url: 'https://x/mutate' }, timeoutSeconds }),
        /timeoutSeconds must be an integer from 1 to 30/,
      );
    });
  }
});

describe('workspace-webhook registration command line', () => {
  const parse = (argv: readonly string[]) => buildCli(argv).parseAsync();

  it('should print a registration by --url, --namespace-label narrowing the kube-system exclusion', async () => {
    const write = process.stdout.write;
    let printed = '';
    process.stdout.write = (chunk: string) => ((printed += chunk), true);
    try {
      await parse(['registration', '--url', 'https://127.0.0.1:8443/mutate', '--namespace-label', 'team=a']);
    } finally {
      process.stdout.write = write;
    }
    const config = JSON.parse(printed) as { webhooks: { namespaceSelector: unknown }[] };
    assert.deepEqual(config.webhooks[0]?.namespaceSelector, {
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }],
      matchLabels: { team: 'a' },
    });
  });

  it('should refuse --delete with --url as a usage error', async () => {
    await assert.rejects(
      async () => parse(['registration', '--delete', '--url', 'https://x/mutate']),
      (error: unknown) => error instanceof UsageError && /--delete removes the configuration named by --name/.test(error.message),
    );
  });
});
