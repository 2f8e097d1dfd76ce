import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { createTestNamespace, kubectlOk, sharedControlPlane } from '../../support/cluster.js';
import { OWNER_TOKEN, buildPlugin, createWorkspace, getObject, resourceVersion, transcript, writeTwoContextKubeconfig, ws, wsOk } from './harness.js';

const LARGE = Buffer.alloc(2048, 7).toString('base64');

describe('kubectl workspace (built plugin, real kubectl, real API server)', function () {
  let cp: ControlPlane;
  let ns: string;
  let nsB: string;

  before(async function () {
    this.timeout(300000);
    cp = await sharedControlPlane();
    buildPlugin();
    ns = await createTestNamespace(cp, 'plugin');
    nsB = await createTestNamespace(cp, 'plugin-b');
    await createWorkspace(cp, ns, { id: 'alpha', annotations: { 'gitpod/contentInitializer': LARGE } });
    await createWorkspace(cp, ns, { id: 'beta' });
    await createWorkspace(cp, ns, { id: 'dup', podName: 'ws-dup-1' });
    await createWorkspace(cp, ns, { id: 'dup', podName: 'ws-dup-2', plis: null });
    await createWorkspace(cp, ns, { id: 'noplis', plis: null });
    await createWorkspace(cp, ns, { id: 'badplis', plis: '{not json' });
    await createWorkspace(cp, ns, { id: 'future', plis: '{"hostIP":"1.1.1.1","futureField":{"nested":[1,{"deep":true}]}}' });
    await createWorkspace(cp, nsB, { id: 'gamma' });
  });

  describe('version', () => {
    it('should print the client and the server version', async () => {
      const text = await wsOk(cp, ['version']);
      assert.match(text, /^Client Version: v\d+\.\d+\.\d+$/m);
      assert.match(text, /^Server Version: v1\.36\.\d+/m);
      const json = JSON.parse(await wsOk(cp, ['version', '-o', 'json'])) as { clientVersion: string; serverVersion: string };
      assert.match(json.serverVersion, /^v1\.36\./);
      assert.deepEqual(Object.keys(JSON.parse(await wsOk(cp, ['version', '--client', '-o', 'json']))), ['clientVersion']);
    });
  });

  describe('list', () => {
    it('should print a table of the workspaces of the namespace', async () => {
      const text = await wsOk(cp, ['list', '-n', ns]);
      const [header, ...rows] = text.trimEnd().split('\n');
      assert.match(header ?? '', /^ID\s+POD\s+PHASE\s+AGE\s+FLAGS$/);
      const alpha = rows.find((r) => r.startsWith('alpha '));
      assert.match(alpha ?? '', /^alpha\s+ws-alpha\s+Pending\s+\S+\s+never-ready$/);
      assert.equal(rows.some((r) => r.startsWith('gamma')), false);
    });

    it('should print -o json as a List of redacted pods', async () => {
      const list = JSON.parse(await wsOk(cp, ['list', '-n', ns, '-o', 'json'])) as { kind: string; items: { metadata: { name: string; annotations: Record<string, string> } }[] };
      assert.equal(list.kind, 'List');
      assert.deepEqual(list.items.map((p) => p.metadata.name).sort(), ['ws-alpha', 'ws-badplis', 'ws-beta', 'ws-dup-1', 'ws-dup-2', 'ws-future', 'ws-noplis']);
      for (const p of list.items) assert.equal(p.metadata.annotations['gitpod/ownerToken'], '<redacted>');
      const alpha = list.items.find((p) => p.metadata.name === 'ws-alpha');
      assert.notEqual(alpha?.metadata.annotations['gitpod/contentInitializer'], LARGE);
    });

    it('should print -o name, -o wide, -o yaml, -A and -l', async () => {
      assert.match(await wsOk(cp, ['list', '-n', ns, '-o', 'name']), /^pod\/ws-alpha$/m);
      assert.match(await wsOk(cp, ['list', '-n', ns, '-o', 'wide']), /^ID\s+POD\s+PHASE\s+AGE\s+FLAGS\s+TYPE\s+OWNER\s+NODE\s+IP$/m);
      assert.match(await wsOk(cp, ['list', '-n', ns, '-o', 'yaml']), /^kind: List$/m);
      const all = await wsOk(cp, ['list', '-A']);
      assert.match(all, /^NAMESPACE\s+ID/);
      assert.match(all, new RegExp(`^${nsB}\\s+gamma\\s+ws-gamma`, 'm'));
      const none = await ws(cp, ['list', '-n', ns, '-l', 'workspaceType=prebuild']);
      assert.equal(none.code, 0);
      assert.equal(none.stdout, '');
      assert.match(none.stderr, /No workspaces found in .* namespace/);
    });
  });

  describe('get', () => {
    it('should describe a workspace with secrets redacted and its PLIS decoded', async () => {
      const text = await wsOk(cp, ['get', 'alpha', '-n', ns]);
      assert.match(text, /^Workspace: +alpha$/m);
      assert.match(text, /^Phase: +Pending$/m);
      assert.match(text, /gitpod\/ownerToken: +<redacted>/);
      assert.match(text, /^ {2}hostIP: "10\.0\.0\.9"$/m);
    });

    it('should print -o json with the PLIS document, and the token only with --show-secrets', async () => {
      const d = JSON.parse(await wsOk(cp, ['get', 'alpha', '-n', ns, '-o', 'json'])) as { id: string; pod: string; annotations: Record<string, string>; plis: { document: Record<string, unknown> } };
      assert.equal(d.id, 'alpha');
      assert.equal(d.pod, 'ws-alpha');
      assert.equal(d.annotations['gitpod/ownerToken'], '<redacted>');
      assert.deepEqual(d.plis.document, { hostIP: '10.0.0.9' });
      const shown = JSON.parse(await wsOk(cp, ['get', 'alpha', '-n', ns, '-o', 'json', '--show-secrets', '--show-large'])) as { annotations: Record<string, string> };
      assert.equal(shown.annotations['gitpod/ownerToken'], OWNER_TOKEN);
      assert.equal(shown.annotations['gitpod/contentInitializer'], LARGE);
    });
  });

  describe('writes', () => {
    it('should mark with one patch and print what changed, then report unchanged without writing', async () => {
      assert.equal(await wsOk(cp, ['mark', 'alpha', 'gitpod/closed=true', 'gitpod/never-ready-', '-n', ns]), 'pod/ws-alpha marked: +gitpod/closed -gitpod/never-ready\n');
      const a = (await getObject(cp, ns, 'pod/ws-alpha')).metadata;
      assert.equal(a.annotations?.['gitpod/closed'], 'true');
      assert.equal(a.annotations?.['gitpod/never-ready'], undefined);
      assert.equal(await wsOk(cp, ['mark', 'alpha', 'gitpod/closed=true', '-n', ns]), 'pod/ws-alpha unchanged\n');
      assert.equal(await resourceVersion(cp, ns, 'pod/ws-alpha'), a.resourceVersion);
    });

    it('should fail a workspace with failedBeforeStopping in the same write, printing the pod with -o json', async () => {
      const pod = JSON.parse(await wsOk(cp, ['fail', 'beta', 'out of memory', '-n', ns, '-o', 'json'])) as { metadata: { annotations: Record<string, string> } };
      assert.equal(pod.metadata.annotations['gitpod/explicitFail'], 'out of memory');
      assert.equal(pod.metadata.annotations['gitpod/failedBeforeStopping'], 'true');
      assert.equal(pod.metadata.annotations['gitpod/ownerToken'], '<redacted>');
    });

    const cases: { args: string[]; name: string; value: string | undefined }[] = [
      { args: ['timeout', 'beta', '1h30m'], name: 'gitpod/customTimeout', value: '1h30m' },
      { args: ['timeout', 'beta', '--clear'], name: 'gitpod/customTimeout', value: undefined },
      { args: ['close', 'beta'], name: 'gitpod/closed', value: 'true' },
      { args: ['reopen', 'beta'], name: 'gitpod/closed', value: undefined },
      { args: ['time-out', 'beta', 'idle for 30m'], name: 'gitpod/timedout', value: 'idle for 30m' },
      { args: ['ready', 'beta'], name: 'gitpod/never-ready', value: undefined },
      { args: ['admission', 'beta', 'everyone'], name: 'gitpod/admission', value: 'admit_everyone' },
      { args: ['admission', 'beta', 'owner'], name: 'gitpod/admission', value: 'admit_owner_only' },
      { args: ['mark', 'beta', 'example.com/note=hello'], name: 'example.com/note', value: 'hello' },
      { args: ['mark', 'beta', 'gitpod/experimental=1', '--force'], name: 'gitpod/experimental', value: '1' },
    ];
    for (const c of cases) {
      it(`should apply "${c.args.join(' ')}"`, async () => {
        const out = JSON.parse(await wsOk(cp, [...c.args, '-n', ns, '-o', 'json'])) as { metadata: { annotations: Record<string, string> } };
        assert.equal(out.metadata.annotations[c.name], c.value);
        assert.equal((await getObject(cp, ns, 'pod/ws-beta')).metadata.annotations?.[c.name], c.value);
      });
    }

    for (const mode of ['server', 'client'] as const) {
      it(`should not persist anything with --dry-run=${mode}`, async () => {
        const before = await resourceVersion(cp, ns, 'pod/ws-beta');
        const line = await wsOk(cp, ['close', 'beta', '-n', ns, `--dry-run=${mode}`]);
        assert.equal(line, `pod/ws-beta marked: +gitpod/closed (${mode === 'server' ? 'server dry run' : 'dry run'})\n`);
        const after = await getObject(cp, ns, 'pod/ws-beta');
        assert.equal(after.metadata.resourceVersion, before);
        assert.equal(after.metadata.annotations?.['gitpod/closed'], undefined);
      });
    }
  });

  describe('plis', () => {
    it('should get the PLIS document as text and -o json', async () => {
      assert.equal(await wsOk(cp, ['plis', 'get', 'alpha', '-n', ns]), 'configmap/plis-alpha\n  hostIP: "10.0.0.9"\n');
      const d = JSON.parse(await wsOk(cp, ['plis', 'get', 'alpha', '-n', ns, '-o', 'json'])) as { configMap: string; document: object; annotations: Record<string, string> };
      assert.equal(d.configMap, 'plis-alpha');
      assert.deepEqual(d.document, { hostIP: '10.0.0.9' });
      assert.equal(d.annotations['gitpod/id'], 'alpha');
    });

    it('should patch fields and annotations in one write and keep fields it does not know', async () => {
      const line = await wsOk(cp, ['plis', 'patch', 'future', '-n', ns, '--final-backup-complete', '--stopping-since', '2026-11-28T13:00:00.25+01:00', '--host-ip', '10.1.2.3', 'example.com/owner=team-a']);
      assert.equal(line, 'configmap/plis-future patched\n');
      const cm = await getObject(cp, ns, 'configmap/plis-future');
      assert.deepEqual(JSON.parse(cm.metadata.annotations?.['gitpod/plis'] ?? ''), {
        finalBackupComplete: true,
        stoppingSince: '2026-11-28T12:00:00.25Z',
        hostIP: '10.1.2.3',
        futureField: { nested: [1, { deep: true }] },
      });
      assert.equal(cm.metadata.annotations?.['example.com/owner'], 'team-a');
      assert.equal(await wsOk(cp, ['plis', 'patch', 'future', '-n', ns, '--host-ip', '10.1.2.3']), 'configmap/plis-future unchanged\n');
      assert.equal(await resourceVersion(cp, ns, 'configmap/plis-future'), cm.metadata.resourceVersion);
    });

    it('should print the patched ConfigMap with -o json and persist nothing with --dry-run=server', async () => {
      const before = await resourceVersion(cp, ns, 'configmap/plis-alpha');
      const cm = JSON.parse(await wsOk(cp, ['plis', 'patch', 'alpha', '-n', ns, '--final-backup-failure', 'disk full', '--dry-run=server', '-o', 'json'])) as { metadata: { annotations: Record<string, string> } };
      assert.equal(JSON.parse(cm.metadata.annotations['gitpod/plis'] ?? '{}').finalBackupFailure, 'disk full');
      assert.equal(await resourceVersion(cp, ns, 'configmap/plis-alpha'), before);
    });
  });

  describe('failures', () => {
    async function expectFailure(args: string[], message: RegExp, unchanged: string[], options: { kubeconfig?: string } = {}): Promise<void> {
      const before = await Promise.all(unchanged.map((ref) => resourceVersion(cp, ns, ref)));
      const r = await ws(cp, args, options);
      assert.equal(r.code, 1, `exit code of ${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^error: /);
      assert.match(r.stderr, message);
      assert.deepEqual(await Promise.all(unchanged.map((ref) => resourceVersion(cp, ns, ref))), before, 'nothing may be written');
    }

    it('should say that a workspace is not found', () => expectFailure(['close', 'nope', '-n', ns], /workspace nope not found in namespace plugin-/, []));

    it('should refuse an ambiguous id and write nothing', () =>
      expectFailure(['close', 'dup', '-n', ns], /found 2 candidates for workspace dup: ws-dup-1, ws-dup-2/, ['pod/ws-dup-1', 'pod/ws-dup-2']));

    it('should reject a bad duration', () => expectFailure(['timeout', 'beta', '5x', '-n', ns], /invalid value "5x" for gitpod\/customTimeout/, ['pod/ws-beta']));

    it('should reject bad base64', () =>
      expectFailure(['mark', 'beta', 'gitpod/imageSpec=@@not base64@@', '-n', ns], /gitpod\/imageSpec/, ['pod/ws-beta']));

    it('should reject an unknown gitpod name without --force and suggest the known one', () =>
      expectFailure(['mark', 'beta', 'gitpod/closd=true', '-n', ns], /unknown annotation "gitpod\/closd".*gitpod\/closed.*--force/, ['pod/ws-beta']));

    it('should reject an invalid id before asking the server', () => expectFailure(['get', '../etc', '-n', ns], /\.\.\/etc/, []));

    it('should report a missing PLIS and an unreadable one without writing', async () => {
      await expectFailure(['plis', 'get', 'noplis', '-n', ns], /workspace noplis has no pod lifecycle independent state/, []);
      await expectFailure(['plis', 'patch', 'badplis', '--host-ip', '10.0.0.1', '-n', ns], new RegExp(`ConfigMap ${ns}/plis-badplis`), ['configmap/plis-badplis']);
    });

    describe('without RBAC', () => {
      before(async () => {
        await kubectlOk(cp, ['create', 'role', 'workspace-reader', '-n', ns, '--verb=get,list', '--resource=pods,configmaps']);
        await kubectlOk(cp, ['create', 'rolebinding', 'workspace-reader', '-n', ns, '--role=workspace-reader', '--user=workspace-user']);
      });

      it('should keep the server reason when patching a pod is forbidden', () =>
        expectFailure(['fail', 'alpha', 'not allowed', '-n', ns], /error: from server \(Forbidden\): pods "ws-alpha" is forbidden: User "workspace-user" cannot patch resource "pods"/, ['pod/ws-alpha'], { kubeconfig: cp.userKubeconfigPath }));

      it('should keep the server reason when updating the PLIS is forbidden', () =>
        expectFailure(['plis', 'patch', 'alpha', '--host-ip', '10.9.9.9', '-n', ns], /\(Forbidden\).*cannot update resource "configmaps"/, ['configmap/plis-alpha'], { kubeconfig: cp.userKubeconfigPath }));

      it('should keep the server reason when listing is forbidden', () =>
        expectFailure(['list', '-n', nsB], /\(Forbidden\).*cannot list resource "pods"/, [], { kubeconfig: cp.userKubeconfigPath }));
    });

    it('should exit 2 on a usage error', async () => {
      const r = await ws(cp, ['close']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^error: Not enough non-option arguments/);
    });

    it('should say that no kubeconfig was found instead of trying localhost:8080', async () => {
      const home = mkdtempSync(join(tmpdir(), 'kw-home-'));
      const r = await ws(cp, ['list'], { env: { KUBECONFIG: join(home, 'missing'), HOME: home } });
      assert.equal(r.code, 1);
      assert.equal(r.stderr, 'error: no kubeconfig found: set --kubeconfig or KUBECONFIG, or create ~/.kube/config\n');
    });

    it('should name the server it could not reach', async () => {
      const kubeconfig = join(mkdtempSync(join(tmpdir(), 'kw-unreachable-')), 'config');
      writeFileSync(kubeconfig, JSON.stringify({
        'current-context': 'x',
        clusters: [{ name: 'x', cluster: { server: 'https://127.0.0.1:1', 'insecure-skip-tls-verify': true } }],
        contexts: [{ name: 'x', context: { cluster: 'x', user: 'x' } }],
        users: [{ name: 'x', user: { token: 't' } }],
      }));
      const r = await ws(cp, ['list', '--request-timeout', '5s', '--kubeconfig', kubeconfig]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: unable to connect to the server https:\/\/127\.0\.0\.1:1: /);
    });
  });

  describe('connection flags', () => {
    let kubeconfig: string;
    before(async () => {
      kubeconfig = join(mkdtempSync(join(tmpdir(), 'kw-contexts-')), 'config');
      await writeTwoContextKubeconfig(cp, kubeconfig, ns, nsB);
    });

    const cases: { name: string; args: string[]; env?: Record<string, string>; expect: string }[] = [
      { name: '--kubeconfig with its current context and namespace', args: ['--kubeconfig', 'KC'], expect: 'alpha' },
      { name: '--context choosing the other namespace', args: ['--kubeconfig', 'KC', '--context', 'away'], expect: 'gamma' },
      { name: '-n over the context namespace', args: ['--kubeconfig', 'KC', '--context', 'away', '-n', 'NS'], expect: 'alpha' },
      { name: 'KUBECONFIG from the environment', args: [], env: { KUBECONFIG: 'KC' }, expect: 'alpha' },
    ];
    for (const c of cases) {
      it(`should honour ${c.name}`, async () => {
        const sub = (s: string): string => s.replace('KC', kubeconfig).replace('NS', ns);
        const env = c.env === undefined ? undefined : Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, sub(v)]));
        const ids = await wsOk(cp, ['list', '-o', 'json', ...c.args.map(sub)], env === undefined ? {} : { env });
        const names = (JSON.parse(ids) as { items: { metadata: { labels: Record<string, string> } }[] }).items.map((p) => p.metadata.labels['workspaceID']);
        assert.ok(names.includes(c.expect), `${c.expect} in ${names.join(',')}`);
      });
    }

    it('should obtain credentials from an exec plugin (through @kubernetes/client-node, loaded only for such users)', async () => {
      const admin = JSON.parse(await kubectlOk(cp, ['config', 'view', '--raw', '-o', 'json'])) as {
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
      writeFileSync(join(dir, 'config'), JSON.stringify({
        'current-context': 'exec',
        clusters: [{ name: 'cp', cluster: admin.clusters[0]?.cluster }],
        users: [{ name: 'exec', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never', command: 'cat', args: [join(dir, 'credential.json')] } } }],
        contexts: [{ name: 'exec', context: { cluster: 'cp', user: 'exec', namespace: ns } }],
      }));
      assert.match(await wsOk(cp, ['list', '--kubeconfig', join(dir, 'config')]), /^alpha\s+ws-alpha/m);
    });

    it('should report an unknown --context', async () => {
      const r = await ws(cp, ['list', '--kubeconfig', kubeconfig, '--context', 'nowhere']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /context "nowhere" not found .*known contexts: home, away/);
    });
  });

  describe('doctor', () => {
    it('should pass RBAC checks for the admin and report the invariant NOT ENFORCED without webhook or policy', async () => {
      const r = await ws(cp, ['doctor', '-n', nsB]);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^\[OK\] +cluster reachable/m);
      for (const access of ['list pods', 'get pods', 'patch pods', 'get configmaps', 'update configmaps']) {
        assert.match(r.stdout, new RegExp(`^\\[OK\\] +can ${access} in ${nsB}`, 'm'));
      }
      assert.match(r.stdout, /^\[NOT ENFORCED\] explicitFail implies failedBeforeStopping: a server-side dry run on pod\/ws-gamma/m);
      assert.match(r.stdout, /hint: install the chart/);
      assert.equal((await getObject(cp, nsB, 'pod/ws-gamma')).metadata.annotations?.['gitpod/explicitFail'], undefined);
    });

    it('should report the gaps of a user without RBAC', async () => {
      const r = await ws(cp, ['doctor', '-n', nsB], { kubeconfig: cp.userKubeconfigPath });
      assert.equal(r.code, 1);
      assert.match(r.stdout, new RegExp(`^\\[FAIL\\] +can patch pods in ${nsB}: denied`, 'm'));
      assert.match(r.stderr, /error: \d+ of \d+ checks did not pass/);
    });

    it('should report OK when a mutating admission policy enforces the invariant', async function () {
      this.timeout(60000);
      await kubectlOk(cp, ['create', '-f', '-'], { input: JSON.stringify(policyFor(nsB)) });
      let last = '';
      for (let i = 0; i < 40; i++) {
        const r = await ws(cp, ['doctor', '-n', nsB, '--workspace', 'gamma']);
        last = r.stdout;
        if (r.code === 0) break;
        await new Promise((s) => setTimeout(s, 500));
      }
      assert.match(last, /^\[OK\] +explicitFail implies failedBeforeStopping: a server-side dry run on pod\/ws-gamma came back with failedBeforeStopping="true"/m);
    });
  });

  describe('secrets', () => {
    it('should never print the owner token unless --show-secrets was given', () => {
      const shown = transcript.filter((t) => t.showSecrets);
      const hidden = transcript.filter((t) => !t.showSecrets);
      assert.ok(hidden.length > 40, `${hidden.length} commands checked`);
      assert.ok(shown.some((t) => t.stdout.includes(OWNER_TOKEN)), 'the check would see the token if it leaked');
      for (const t of hidden) {
        assert.equal(t.stdout.includes(OWNER_TOKEN) || t.stderr.includes(OWNER_TOKEN), false, `token leaked by ${t.args.join(' ')}`);
      }
    });
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
