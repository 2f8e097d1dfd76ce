// Exec credential plugins, end to end: the plugin files alone in a temporary directory (the
// harness's copy, as krew installs them), found by the real kubectl's plugin discovery, authenticating to the
// real API server with a ServiceAccount token or a client certificate handed out by a script.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { createTestNamespace, kubectlOk, runKubectl, type KubectlResult } from '../../support/cluster.js';
import {
  adminCluster,
  clusterSignedClientCertificate,
  counterLines,
  execCredentialJson,
  listDir,
  requestServiceAccountToken,
  runKubectlInTerminal,
  writeCredentialScript,
  writeFailingScript,
  writeKubeconfig,
  type ClusterEntry,
} from '../../support/exec-credentials.js';
import { exampleImage, runHelm, templateArgs } from '../chart/helm.js';
import { enclosingPackage } from '../../support/dist.js';
import { DIST, PLUGIN_FILES, REPO, createWorkspace, pluginDir, pluginTestBed, resourceVersion } from '../../support/plugin.js';

const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';

describe('exec credential plugins (krew-style copy)', function () {
  this.timeout(120_000);
  let cp: ControlPlane;
  let ns: string;
  let saNs: string;
  let krewDir: string;
  let work: string;
  let cluster: ClusterEntry;
  let rendered = '';
  let saToken: string;
  const saName = 'kw-operator';
  const certUser = `kw-exec-cert-${randomBytes(3).toString('hex')}`;
  const certGroup = `${certUser}-group`;
  const outputs: string[] = [];

  /** `kubectl workspace …` with only the krew-style copy (and kubectl) added to PATH. */
  async function krewWs(args: readonly string[], kubeconfig: string, env: Readonly<Record<string, string>> = {}): Promise<KubectlResult> {
    const r = await runKubectl(cp, ['workspace', ...args], {
      kubeconfig,
      env: { PATH: `${krewDir}:${cp.binDir}:${process.env['PATH'] ?? ''}`, ...env },
    });
    outputs.push(r.stdout, r.stderr);
    return r;
  }

  /** A kubeconfig whose user runs the counting credential script, answering `credential`. */
  function execKubeconfig(
    name: string,
    exec: Record<string, unknown>,
    credential: string,
    clusterExtras: object = {},
  ): { kubeconfig: string; counter: string } {
    const dir = join(work, name);
    const counter = join(dir, 'runs');
    const credentialFile = join(dir, 'credential.json');
    writeKubeconfig(
      join(dir, 'config'),
      { ...cluster, ...clusterExtras },
      {
        exec: {
          command: writeCredentialScript(join(dir, 'bin', 'credential.sh')),
          ...exec,
          env: [
            { name: 'KW_EXEC_COUNTER', value: counter },
            { name: 'KW_EXEC_CREDENTIAL', value: credentialFile },
            ...((exec['env'] as object[] | undefined) ?? []),
          ],
        },
      },
      ns,
    );
    writeFileSync(credentialFile, credential);
    writeFileSync(counter, '');
    return { kubeconfig: join(dir, 'config'), counter };
  }

  /** Runs a command and checks that it succeeded with exactly one run of the credential plugin. */
  async function okWithOneRun(args: readonly string[], k: { kubeconfig: string; counter: string }): Promise<string> {
    writeFileSync(k.counter, '');
    const r = await krewWs(args, k.kubeconfig);
    assert.equal(r.code, 0, `kubectl workspace ${args.join(' ')}: ${r.stderr}`);
    assert.deepEqual(counterLines(k.counter), ['no-tty'], 'the credential plugin runs once per command');
    return r.stdout;
  }

  before(async function () {
    this.timeout(300_000);
    ({ cp, ns } = await pluginTestBed('exec'));
    saNs = await createTestNamespace(cp, 'exec-sa');
    krewDir = pluginDir();
    work = mkdtempSync(join(tmpdir(), 'kw-exec-'));
    cluster = await adminCluster(cp);
    for (const id of ['alpha', 'beta']) await createWorkspace(cp, ns, { id });
    await createWorkspace(cp, saNs, { id: 'elsewhere' });

    // The chart's operator role, bound in `ns` only to the ServiceAccount's namespace group and to the certificate group.
    await kubectlOk(cp, ['create', 'serviceaccount', saName, '-n', saNs]);
    const helm = await runHelm(
      join(cp.binDir, 'helm'),
      templateArgs(`kwx-${randomBytes(3).toString('hex')}`, ns, [
        ...exampleImage,
        '--show-only',
        'templates/user-clusterroles.yaml',
        '--show-only',
        'templates/user-rolebindings.yaml',
        '--set',
        `userRoles.operator.groups={system:serviceaccounts:${saNs},${certGroup}}`,
        '--set',
        `userRoles.operator.namespaces={${ns}}`,
      ]),
      mkdtempSync(join(tmpdir(), 'kw-exec-helm-')),
    );
    assert.equal(helm.code, 0, helm.stderr);
    rendered = helm.stdout;
    await kubectlOk(cp, ['apply', '-f', '-'], { input: rendered });
    // The authorizer learns of new bindings through an informer.
    for (let attempt = 0; attempt < 60; attempt++) {
      const [sa, cert] = await Promise.all([
        runKubectl(cp, ['auth', 'can-i', 'patch', 'pods', '-n', ns, '--as', `system:serviceaccount:${saNs}:${saName}`]),
        runKubectl(cp, ['auth', 'can-i', 'update', 'configmaps', '-n', ns, '--as', certUser, '--as-group', certGroup]),
      ]);
      if (sa.stdout.trim() === 'yes' && cert.stdout.trim() === 'yes') break;
      await sleep(250);
    }
    saToken = (await requestServiceAccountToken(cp, saNs, saName)).token;
  });

  after(async function () {
    this.timeout(60_000);
    if (rendered) await runKubectl(cp, ['delete', '--ignore-not-found', '-f', '-'], { input: rendered });
  });

  it('should run from a directory holding only the two plugin files, with no package.json or node_modules above it', () => {
    assert.deepEqual(listDir(krewDir), [...PLUGIN_FILES].sort());
    assert.equal(enclosingPackage(krewDir), undefined);
  });

  describe('a v1 plugin handing out a ServiceAccount token from the TokenRequest API', () => {
    let k: { kubeconfig: string; counter: string };
    let infoFile: string;
    before(async () => {
      const { expirationTimestamp } = await requestServiceAccountToken(cp, saNs, saName);
      infoFile = join(work, 'v1-info.json');
      k = execKubeconfig(
        'v1',
        {
          apiVersion: V1,
          interactiveMode: 'Never',
          provideClusterInfo: true,
          env: [{ name: 'KW_EXEC_INFO_OUT', value: infoFile }],
        },
        execCredentialJson(V1, { token: saToken, expirationTimestamp }),
        {
          extensions: [{ name: 'client.authentication.k8s.io/exec', extension: { audience: 'workspaces', region: 'local' } }],
        },
      );
    });

    it('should list the workspaces of the namespace', async () => {
      assert.match(await okWithOneRun(['list'], k), /^alpha\s+ws-alpha\s/m);
    });

    it('should get a workspace, its pod and PLIS read with one credential', async () => {
      const out = await okWithOneRun(['get', 'alpha'], k);
      assert.match(out, /ws-alpha/);
      assert.match(out, /10\.0\.0\.9/, 'the PLIS document is shown');
    });

    it('should fail a workspace, writing as the ServiceAccount', async () => {
      await okWithOneRun(['fail', 'alpha', 'image pull failed'], k);
      const pod = JSON.parse(await kubectlOk(cp, ['get', 'pod/ws-alpha', '-n', ns, '-o', 'json'])) as {
        metadata: { annotations: Record<string, string> };
      };
      assert.equal(pod.metadata.annotations['gitpod/explicitFail'], 'image pull failed');
      assert.equal(pod.metadata.annotations['gitpod/failedBeforeStopping'], 'true');
    });

    it('should patch the PLIS', async () => {
      await okWithOneRun(['plis', 'patch', 'alpha', '--final-backup-complete', '--host-ip', '10.1.2.3'], k);
      const cm = JSON.parse(await kubectlOk(cp, ['get', 'configmap/plis-alpha', '-n', ns, '-o', 'json'])) as {
        metadata: { annotations: Record<string, string> };
      };
      assert.deepEqual(JSON.parse(cm.metadata.annotations['gitpod/plis'] ?? '{}'), { finalBackupComplete: true, hostIP: '10.1.2.3' });
    });

    it('should be Forbidden a cluster-wide list -A: RBAC applies to the ServiceAccount', async () => {
      writeFileSync(k.counter, '');
      const r = await krewWs(['list', '-A'], k.kubeconfig);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /^error: from server \(Forbidden\): .*"system:serviceaccount:[^"]+:kw-operator" cannot list resource "pods" .* at the cluster scope/m,
      );
      assert.equal(counterLines(k.counter).length, 1);
    });

    it('should be Forbidden a workspace in a namespace the role is not bound in', async () => {
      const r = await krewWs(['get', 'elsewhere', '-n', saNs], k.kubeconfig);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /Forbidden/);
    });

    it('should hand the plugin KUBERNETES_EXEC_INFO with the cluster and its exec extension', async () => {
      await okWithOneRun(['list'], k);
      const info = JSON.parse(readFileSync(infoFile, 'utf8')) as unknown;
      assert.deepEqual(info, {
        kind: 'ExecCredential',
        apiVersion: V1,
        spec: {
          cluster: {
            server: cluster.server,
            'certificate-authority-data': cluster['certificate-authority-data'],
            config: { audience: 'workspaces', region: 'local' },
          },
          interactive: false,
        },
      });
    });

    it('should complete workspace ids through kubectl_complete-workspace with the same plugin', async () => {
      writeFileSync(k.counter, '');
      const r = await runKubectl(cp, ['__complete', 'workspace', 'get', ''], {
        kubeconfig: k.kubeconfig,
        env: { PATH: `${krewDir}:${cp.binDir}:${process.env['PATH'] ?? ''}` },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^alpha\t/m);
      assert.match(r.stdout, /^beta\t/m);
      assert.equal(counterLines(k.counter).length, 1);
    });
  });

  it('should work with a v1beta1 plugin, interactiveMode defaulted', async () => {
    const k = execKubeconfig('v1beta1', { apiVersion: V1BETA1 }, execCredentialJson(V1BETA1, { token: saToken }));
    assert.match(await okWithOneRun(['get', 'beta'], k), /ws-beta/);
  });

  it('should authenticate with a client certificate and key from the exec status, signed by the cluster CA', async () => {
    const pair = clusterSignedClientCertificate(cp, certUser, certGroup);
    const k = execKubeconfig(
      'cert',
      { apiVersion: V1, interactiveMode: 'IfAvailable' },
      execCredentialJson(V1, { clientCertificateData: pair.certPem, clientKeyData: pair.keyPem }),
    );
    assert.match(await okWithOneRun(['list'], k), /^beta\s+ws-beta\s/m);
    await okWithOneRun(['mark', 'beta', 'gitpod/snapshot=snap-cert'], k);
    assert.match(
      await kubectlOk(cp, ['get', 'pod/ws-beta', '-n', ns, '-o', 'jsonpath={.metadata.annotations.gitpod/snapshot}']),
      /^snap-cert$/,
    );
    const r = await krewWs(['list', '-A'], k.kubeconfig);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`\\(Forbidden\\): .*"${certUser}" cannot list resource "pods"`));
  });

  it("should resolve a relative command with a slash against the kubeconfig's directory", async () => {
    const k = execKubeconfig(
      'relative',
      { apiVersion: V1, interactiveMode: 'Never', command: './bin/credential.sh' },
      execCredentialJson(V1, { token: saToken }),
    );
    assert.match(await okWithOneRun(['list'], k), /^alpha\s/m);
  });

  describe('with a terminal (a pseudo-terminal from util-linux script)', () => {
    const modes: [string, string][] = [
      ['IfAvailable', 'tty'],
      ['Always', 'tty'],
      ['Never', 'no-tty'],
    ];
    for (const [mode, seen] of modes) {
      it(`should ${seen === 'tty' ? 'hand' : 'not hand'} the terminal to an ${mode} plugin`, async () => {
        const k = execKubeconfig(`tty-${mode}`, { apiVersion: V1, interactiveMode: mode }, execCredentialJson(V1, { token: saToken }));
        const r = await runKubectlInTerminal(cp, ['workspace', 'list'], {
          KUBECONFIG: k.kubeconfig,
          PATH: `${krewDir}:${cp.binDir}:${process.env['PATH'] ?? ''}`,
        });
        assert.equal(r.code, 0, r.stdout);
        assert.match(r.stdout, /alpha\s+ws-alpha/);
        assert.deepEqual(counterLines(k.counter), [seen]);
      });
    }
  });

  it('should refuse an Always plugin when stdin is not a terminal, as kubectl does', async () => {
    const k = execKubeconfig('always', { apiVersion: V1, interactiveMode: 'Always' }, execCredentialJson(V1, { token: saToken }));
    const r = await krewWs(['list'], k.kubeconfig);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: getting credentials: exec plugin cannot support interactive mode: standard input is not a terminal/m);
    assert.deepEqual(counterLines(k.counter), []);
  });

  it('should name a missing command and its installHint, exit 1 and write nothing', async () => {
    const kubeconfig = writeKubeconfig(
      join(work, 'missing', 'config'),
      cluster,
      {
        exec: {
          apiVersion: V1,
          interactiveMode: 'Never',
          command: 'kw-no-such-credential-plugin',
          installHint: 'kw-no-such-credential-plugin is needed:\n  go install example.com/kw-no-such-credential-plugin@v1',
        },
      },
      ns,
    );
    const before = await resourceVersion(cp, ns, 'pod/ws-beta');
    const r = await krewWs(['fail', 'beta', 'should not be written'], kubeconfig);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: getting credentials: exec: executable kw-no-such-credential-plugin not found/);
    assert.match(r.stderr, /\n\nkw-no-such-credential-plugin is needed:\n {2}go install example\.com\/kw-no-such-credential-plugin@v1\n$/);
    assert.equal(r.stdout, '');
    assert.equal(await resourceVersion(cp, ns, 'pod/ws-beta'), before);
  });

  it("should report a failing plugin's exit code and stderr", async () => {
    const dir = join(work, 'failing');
    const counter = join(dir, 'runs');
    const script = writeFailingScript(join(dir, 'login.sh'), 'refresh token expired: run "cloud login"', 1);
    const kubeconfig = writeKubeconfig(
      join(dir, 'config'),
      cluster,
      {
        exec: { apiVersion: V1, interactiveMode: 'Never', command: script, env: [{ name: 'KW_EXEC_COUNTER', value: counter }] },
      },
      ns,
    );
    const r = await krewWs(['get', 'beta'], kubeconfig);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `error: getting credentials: exec: executable ${script} failed with exit code 1: refresh token expired: run "cloud login"\n`,
    );
    assert.equal(counterLines(counter).length, 1);
  });

  it('should reject an answer of another apiVersion, naming it and never printing the token', async () => {
    const k = execKubeconfig(
      'wrong-version',
      { apiVersion: V1, interactiveMode: 'Never' },
      execCredentialJson(V1BETA1, { token: saToken }),
    );
    const r = await krewWs(['list'], k.kubeconfig);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /configured to use API version client\.authentication\.k8s\.io\/v1, and it returned "client\.authentication\.k8s\.io\/v1beta1"/,
    );
  });

  const providers: [string, RegExp][] = [
    [
      'gcp',
      /^error: user "exec-user" in kubeconfig .* uses the "gcp" auth-provider, which kubectl removed in 1\.26; use the gke-gcloud-auth-plugin exec credential plugin/,
    ],
    ['azure', /^error: user "exec-user" .* "azure" auth-provider, .*https:\/\/github\.com\/Azure\/kubelogin/],
    ['oidc', /^error: user "exec-user" .* "oidc" auth-provider, .*https:\/\/github\.com\/int128\/kubelogin/],
  ];
  for (const [provider, message] of providers) {
    it(`should tell a ${provider} auth-provider user which exec plugin replaced it`, async () => {
      const kubeconfig = writeKubeconfig(
        join(work, `provider-${provider}`, 'config'),
        cluster,
        {
          'auth-provider': { name: provider, config: { 'access-token': `AT-${provider}-secret` } },
        },
        ns,
      );
      const r = await krewWs(['list'], kubeconfig);
      assert.equal(r.code, 1);
      assert.match(r.stderr, message);
      assert.ok(!r.stderr.includes('secret'), r.stderr);
    });
  }

  it('should name the KUBECONFIG file that does not exist', async () => {
    const gone = join(work, 'removed-by-cluster-down', 'kubeconfig');
    const r = await runKubectl(cp, ['workspace', 'list'], {
      kubeconfig: gone,
      env: { PATH: `${krewDir}:${cp.binDir}:${process.env['PATH'] ?? ''}` },
    });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `error: no kubeconfig found: KUBECONFIG names the file ${gone}, which does not exist; ` +
        'point KUBECONFIG at an existing kubeconfig (or unset it to use ~/.kube/config), or pass --kubeconfig\n',
    );
  });

  it('should print the ServiceAccount token in no output', () => {
    assert.ok(outputs.length > 20, `${outputs.length} outputs recorded`);
    for (const text of outputs) assert.ok(!text.includes(saToken), 'the token leaked');
  });

  it('should bundle no @kubernetes/client-node into either plugin file (esbuild metafile)', async () => {
    for (const entry of ['plugin/main.ts', 'plugin/complete-main.ts']) {
      const result = await build({
        entryPoints: [join(REPO, entry)],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        write: false,
        metafile: true,
        logLevel: 'silent',
        outfile: join(work, 'meta.js'),
        define: { 'import.meta.url': '"file:///x"' },
      });
      const inputs = Object.keys(result.metafile.inputs);
      assert.ok(
        inputs.some((i) => i.includes('shared/kube/exec-plugin.ts')),
        `${entry} bundles the native exec plugin runner`,
      );
      assert.deepEqual(
        inputs.filter((i) => i.includes('@kubernetes')),
        [],
        entry,
      );
      const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
      assert.deepEqual(
        imports.filter((p) => p.includes('@kubernetes')),
        [],
        entry,
      );
    }
    for (const file of PLUGIN_FILES) {
      assert.doesNotMatch(readFileSync(join(DIST, file), 'utf8'), /(?:require|import)\(\s*["'`]@kubernetes\/client-node/, file);
    }
  });
});
