import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestNamespace, kubectlOk } from '../../support/cluster.js';
import {
  assertNoTokenLeak,
  createWorkspace,
  getObject,
  pluginTestBedFor,
  resourceVersion,
  writeTwoContextKubeconfig,
  ws,
  wsOk,
} from '../../support/plugin.js';

describe('kubectl workspace failures, connection flags and doctor (built plugin, real kubectl, real API server)', function () {
  let nsB: string;
  const bed = pluginTestBedFor(
    'plugin-fail',
    [
      { id: 'alpha' },
      { id: 'beta' },
      { id: 'dup', podName: 'ws-dup-1' },
      { id: 'dup', podName: 'ws-dup-2', plis: null },
      { id: 'noplis', plis: null },
      { id: 'badplis', plis: '{not json' },
    ],
    async ({ cp }) => {
      nsB = await createTestNamespace(cp, 'plugin-b');
      await createWorkspace(cp, nsB, { id: 'gamma' });
    },
  );

  describe('failures', () => {
    async function expectFailure(
      args: string[],
      message: RegExp,
      unchanged: string[],
      options: { kubeconfig?: string } = {},
    ): Promise<void> {
      const before = await Promise.all(unchanged.map((ref) => resourceVersion(bed.cp, bed.ns, ref)));
      const r = await ws(bed.cp, args, options);
      assert.equal(r.code, 1, `exit code of ${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^error: /);
      assert.match(r.stderr, message);
      assert.deepEqual(await Promise.all(unchanged.map((ref) => resourceVersion(bed.cp, bed.ns, ref))), before, 'nothing may be written');
    }

    it('should say that a workspace is not found', () =>
      expectFailure(['close', 'nope', '-n', bed.ns], /workspace nope not found in namespace plugin-fail-/, []));

    it('should refuse an ambiguous id and write nothing', () =>
      expectFailure(['close', 'dup', '-n', bed.ns], /found 2 candidates for workspace dup: ws-dup-1, ws-dup-2/, [
        'pod/ws-dup-1',
        'pod/ws-dup-2',
      ]));

    it('should reject a bad duration', () =>
      expectFailure(['timeout', 'beta', '5x', '-n', bed.ns], /invalid value "5x" for gitpod\/customTimeout/, ['pod/ws-beta']));

    it('should reject bad base64', () =>
      expectFailure(['mark', 'beta', 'gitpod/imageSpec=@@not base64@@', '-n', bed.ns], /gitpod\/imageSpec/, ['pod/ws-beta']));

    it('should reject an unknown gitpod name without --force and suggest the known one', () =>
      expectFailure(['mark', 'beta', 'gitpod/closd=true', '-n', bed.ns], /unknown annotation "gitpod\/closd".*gitpod\/closed.*--force/, [
        'pod/ws-beta',
      ]));

    it('should reject an invalid id before asking the server', () => expectFailure(['get', '../etc', '-n', bed.ns], /\.\.\/etc/, []));

    it('should report a missing PLIS and an unreadable one without writing', async () => {
      await expectFailure(['plis', 'get', 'noplis', '-n', bed.ns], /workspace noplis has no pod lifecycle independent state/, []);
      await expectFailure(
        ['plis', 'patch', 'badplis', '--host-ip', '10.0.0.1', '-n', bed.ns],
        new RegExp(`ConfigMap ${bed.ns}/plis-badplis`),
        ['configmap/plis-badplis'],
      );
    });

    describe('without RBAC', () => {
      before(async () => {
        await kubectlOk(bed.cp, ['create', 'role', 'workspace-reader', '-n', bed.ns, '--verb=get,list', '--resource=pods,configmaps']);
        await kubectlOk(bed.cp, [
          'create',
          'rolebinding',
          'workspace-reader',
          '-n',
          bed.ns,
          '--role=workspace-reader',
          '--user=workspace-user',
        ]);
      });

      it('should keep the server reason when patching a pod is forbidden', () =>
        expectFailure(
          ['fail', 'alpha', 'not allowed', '-n', bed.ns],
          /error: from server \(Forbidden\): pods "ws-alpha" is forbidden: User "workspace-user" cannot patch resource "pods"/,
          ['pod/ws-alpha'],
          { kubeconfig: bed.cp.userKubeconfigPath },
        ));

      it('should keep the server reason when updating the PLIS is forbidden', () =>
        expectFailure(
          ['plis', 'patch', 'alpha', '--host-ip', '10.9.9.9', '-n', bed.ns],
          /\(Forbidden\).*cannot update resource "configmaps"/,
          ['configmap/plis-alpha'],
          { kubeconfig: bed.cp.userKubeconfigPath },
        ));

      it('should keep the server reason when listing is forbidden', () =>
        expectFailure(['list', '-n', nsB], /\(Forbidden\).*cannot list resource "pods"/, [], { kubeconfig: bed.cp.userKubeconfigPath }));
    });

    it('should exit 2 on a usage error, naming the missing argument', async () => {
      const r = await ws(bed.cp, ['close']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^error: missing <id>: usage: kubectl workspace close <id>/);
    });

    it('should say that no kubeconfig was found instead of trying localhost:8080', async () => {
      const home = mkdtempSync(join(tmpdir(), 'kw-home-'));
      const r = await ws(bed.cp, ['list'], { env: { KUBECONFIG: join(home, 'missing'), HOME: home } });
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        new RegExp(`^error: no kubeconfig found: KUBECONFIG names the file ${join(home, 'missing')}, which does not exist;`),
      );
    });

    it('should name the server it could not reach', async () => {
      const kubeconfig = join(mkdtempSync(join(tmpdir(), 'kw-unreachable-')), 'config');
      writeFileSync(
        kubeconfig,
        JSON.stringify({
          'current-context': 'x',
          clusters: [{ name: 'x', cluster: { server: 'https://127.0.0.1:1', 'insecure-skip-tls-verify': true } }],
          contexts: [{ name: 'x', context: { cluster: 'x', user: 'x' } }],
          users: [{ name: 'x', user: { token: 't' } }],
        }),
      );
      const r = await ws(bed.cp, ['list', '--request-timeout', '5s', '--kubeconfig', kubeconfig]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: unable to connect to the server https:\/\/127\.0\.0\.1:1: /);
    });
  });

  describe('connection flags', () => {
    let kubeconfig: string;
    before(async () => {
      kubeconfig = join(mkdtempSync(join(tmpdir(), 'kw-contexts-')), 'config');
      await writeTwoContextKubeconfig(bed.cp, kubeconfig, bed.ns, nsB);
    });

    const cases: { name: string; args: string[]; env?: Record<string, string>; expect: string }[] = [
      { name: '--kubeconfig with its current context and namespace', args: ['--kubeconfig', 'KC'], expect: 'alpha' },
      { name: '--context choosing the other namespace', args: ['--kubeconfig', 'KC', '--context', 'away'], expect: 'gamma' },
      { name: '-n over the context namespace', args: ['--kubeconfig', 'KC', '--context', 'away', '-n', 'NS'], expect: 'alpha' },
      { name: 'KUBECONFIG from the environment', args: [], env: { KUBECONFIG: 'KC' }, expect: 'alpha' },
    ];
    for (const c of cases) {
      it(`should honour ${c.name}`, async () => {
        // Whole-argument placeholders: a substring replace would also rewrite a temp path whose random part holds "NS".
        const sub = (s: string): string => (s === 'KC' ? kubeconfig : s === 'NS' ? bed.ns : s);
        const env = c.env === undefined ? undefined : Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, sub(v)]));
        const ids = await wsOk(bed.cp, ['list', '-o', 'json', ...c.args.map(sub)], env === undefined ? {} : { env });
        const names = (JSON.parse(ids) as { items: { metadata: { labels: Record<string, string> } }[] }).items.map(
          (p) => p.metadata.labels['workspaceID'],
        );
        assert.ok(names.includes(c.expect), `${c.expect} in ${names.join(',')}`);
      });
    }

    it('should obtain a client certificate from an exec plugin', async () => {
      const admin = JSON.parse(await kubectlOk(bed.cp, ['config', 'view', '--raw', '-o', 'json'])) as {
        clusters: { cluster: object }[];
        users: { user: Record<string, string> }[];
      };
      const user = admin.users[0]?.user ?? {};
      const dir = mkdtempSync(join(tmpdir(), 'kw-exec-'));
      const credential = {
        apiVersion: 'client.authentication.k8s.io/v1',
        kind: 'ExecCredential',
        status: {
          clientCertificateData: Buffer.from(user['client-certificate-data'] ?? '', 'base64').toString('utf8'),
          clientKeyData: Buffer.from(user['client-key-data'] ?? '', 'base64').toString('utf8'),
        },
      };
      writeFileSync(join(dir, 'credential.json'), JSON.stringify(credential));
      writeFileSync(
        join(dir, 'config'),
        JSON.stringify({
          'current-context': 'exec',
          clusters: [{ name: 'cp', cluster: admin.clusters[0]?.cluster }],
          users: [
            {
              name: 'exec',
              user: {
                exec: {
                  apiVersion: 'client.authentication.k8s.io/v1',
                  interactiveMode: 'Never',
                  command: 'cat',
                  args: [join(dir, 'credential.json')],
                },
              },
            },
          ],
          contexts: [{ name: 'exec', context: { cluster: 'cp', user: 'exec', namespace: bed.ns } }],
        }),
      );
      assert.match(await wsOk(bed.cp, ['list', '--kubeconfig', join(dir, 'config')]), /^alpha\s+ws-alpha/m);
    });

    it('should report an unknown --context', async () => {
      const r = await ws(bed.cp, ['list', '--kubeconfig', kubeconfig, '--context', 'nowhere']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /context "nowhere" not found .*known contexts: home, away/);
    });
  });

  describe('doctor', () => {
    it('should pass RBAC checks for the admin and report the invariant NOT ENFORCED without webhook or policy', async () => {
      const r = await ws(bed.cp, ['doctor', '-n', nsB]);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^\[OK\] +cluster reachable/m);
      for (const access of ['list pods', 'get pods', 'patch pods', 'get configmaps', 'update configmaps']) {
        assert.match(r.stdout, new RegExp(`^\\[OK\\] +can ${access} in ${nsB}`, 'm'));
      }
      assert.match(r.stdout, /^\[NOT ENFORCED\] explicitFail implies failedBeforeStopping: a server-side dry run on pod\/ws-gamma/m);
      assert.match(r.stdout, /hint: install the chart/);
      assert.equal((await getObject(bed.cp, nsB, 'pod/ws-gamma')).metadata.annotations?.['gitpod/explicitFail'], undefined);
    });

    it('should say so when the namespace has no workspace pod to try the invariant on', async () => {
      const empty = await createTestNamespace(bed.cp, 'plugin-empty');
      const r = await ws(bed.cp, ['doctor', '-n', empty]);
      assert.equal(r.code, 1);
      assert.match(r.stdout, new RegExp(`no workspace pod in namespace ${empty} to try a dry-run patch on`));
      assert.match(r.stdout, /pass --workspace <id> or -n <namespace with workspaces>/);
    });

    it('should report the gaps of a user without RBAC', async () => {
      const r = await ws(bed.cp, ['doctor', '-n', nsB], { kubeconfig: bed.cp.userKubeconfigPath });
      assert.equal(r.code, 1);
      assert.match(r.stdout, new RegExp(`^\\[FAIL\\] +can patch pods in ${nsB}: denied`, 'm'));
      assert.match(r.stderr, /error: \d+ of \d+ checks did not pass/);
    });

    it('should report OK when a mutating admission policy enforces the invariant', async function () {
      this.timeout(60000);
      await kubectlOk(bed.cp, ['create', '-f', '-'], { input: JSON.stringify(policyFor(nsB)) });
      let last = '';
      for (let i = 0; i < 40; i++) {
        const r = await ws(bed.cp, ['doctor', '-n', nsB, '--workspace', 'gamma']);
        last = r.stdout;
        if (r.code === 0) break;
        await new Promise((s) => setTimeout(s, 500));
      }
      assert.match(
        last,
        /^\[OK\] +explicitFail implies failedBeforeStopping: a server-side dry run on pod\/ws-gamma came back with failedBeforeStopping="true"/m,
      );
    });
  });
  describe('secrets', () => {
    it('should never print the owner token unless --show-secrets was given', () => assertNoTokenLeak());
  });
});

/** The invariant as a MutatingAdmissionPolicy bound to one namespace only, so other tests see no mutation. */
function policyFor(namespace: string): object {
  const name = `kw-test-${namespace}`;
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'MutatingAdmissionPolicy',
        metadata: { name },
        spec: {
          failurePolicy: 'Fail',
          reinvocationPolicy: 'IfNeeded',
          matchConstraints: {
            resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'] }],
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
          },
          matchConditions: [
            {
              name: 'explicit-fail-without-failed-before-stopping',
              expression:
                "has(object.metadata.annotations) && 'gitpod/explicitFail' in object.metadata.annotations && " +
                "(!('gitpod/failedBeforeStopping' in object.metadata.annotations) || object.metadata.annotations['gitpod/failedBeforeStopping'] != 'true')",
            },
          ],
          mutations: [
            {
              patchType: 'ApplyConfiguration',
              applyConfiguration: { expression: 'Object{metadata: Object.metadata{annotations: {"gitpod/failedBeforeStopping": "true"}}}' },
            },
          ],
        },
      },
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'MutatingAdmissionPolicyBinding',
        metadata: { name },
        spec: { policyName: name },
      },
    ],
  };
}
