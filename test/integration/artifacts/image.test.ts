// The webhook image built from the real Dockerfile and run as its ENTRYPOINT/CMD run it
// (read-only root filesystem, uid 65532, host network) against the real API server. The base
// images are local stand-ins under the exact FROM names (scripts/docker-base-images.sh). Where
// dockerd cannot start, the image's application folder is run as the ENTRYPOINT runs it, under
// Node.js 24, and the output says so.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, httpsGet, waitFor } from '../../../cluster/net.js';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { buildRegistration } from '../../../webhook/registration.js';
import { createTestNamespace, kubectlOk, runKubectl, sharedControlPlane } from '../../support/cluster.js';
import { createTestWorkspace } from '../../support/workspace-objects.js';
import { dockerUnavailableReason, startDocker, type Docker } from '../../support/artifacts/docker.js';
import { copyRelease, nodeRuntime, REPO } from '../../support/artifacts/release-copy.js';
import { TempDirs } from '../../support/temp-dirs.js';

const IMAGE = 'workspace-webhook:artifact-test';
const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');

/** How the image's command lines are run: in a container, or (no dockerd) the application folder under Node.js 24. */
interface Runner {
  readonly kind: 'docker' | 'application folder';
  /** Runs ENTRYPOINT + args to completion; `/tls` and `/kube` are the mounted directories. */
  once(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Starts ENTRYPOINT + args in the background; returns a function that stops it and gives its stderr. */
  background(args: readonly string[]): Promise<() => Promise<string>>;
}

function entrypointOf(): string[] {
  const m = /^ENTRYPOINT (\[.*\])$/m.exec(dockerfile);
  assert.ok(m, 'the Dockerfile has an exec-form ENTRYPOINT');
  return JSON.parse(m[1] ?? '[]') as string[];
}

describe('the webhook image (Dockerfile built and run for real)', function () {
  this.timeout(30 * 60_000);
  let cp: ControlPlane;
  let ns: string;
  let tlsDir: string;
  let kubeDir: string;
  let runner: Runner;
  let docker: Docker | undefined;
  const configName = `artifact-image-${process.pid}`;
  const containers: string[] = [];
  const temps = new TempDirs();

  before(async function () {
    cp = await sharedControlPlane();
    ns = await createTestNamespace(cp, 'artifact-image');
    const work = temps.make('kw-image-');
    tlsDir = join(work, 'tls');
    kubeDir = join(work, 'kube');
    mkdirSync(tlsDir);
    mkdirSync(kubeDir);
    chmodSync(tlsDir, 0o777);
    copyFileSync(cp.kubeconfigPath, join(kubeDir, 'kubeconfig'));
    chmodSync(join(kubeDir, 'kubeconfig'), 0o644);
    const release = temps.add(copyRelease());

    const reason = dockerUnavailableReason();
    if (reason === undefined) {
      try {
        docker = await startDocker();
      } catch (err) {
        process.stdout.write(`      dockerd could not start: ${(err as Error).message}\n`);
      }
    } else {
      process.stdout.write(`      dockerd cannot be used here: ${reason}\n`);
    }
    if (docker !== undefined) runner = await dockerRunner(docker);
    else runner = folderRunner(join(release, 'image'));
    process.stdout.write(
      `      running the image as: ${runner.kind === 'docker' ? `docker run ${IMAGE}` : 'FALLBACK, no dockerd: the application folder dist/image under Node.js 24 (/nodejs/bin/node replaced by the pinned node)'}\n`,
    );
  });

  async function dockerRunner(d: Docker): Promise<Runner> {
    const bases = spawnSync('bash', [join(REPO, 'scripts/docker-base-images.sh')], {
      env: { ...process.env, DOCKER_HOST: d.host },
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    assert.equal(bases.status, 0, 'scripts/docker-base-images.sh failed');
    // The registry, CA and proxy settings the host uses reach `npm ci` inside the build.
    const buildArgs = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']
      .filter((name) => process.env[name])
      .flatMap((name) => ['--build-arg', name]);
    const started = process.hrtime.bigint();
    const build = await d.run(['build', '--network', 'host', ...buildArgs, '-t', IMAGE, REPO]);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    assert.equal(build.code, 0, `docker build failed:\n${build.stderr.slice(-4000)}`);
    const size = Number((await d.run(['image', 'inspect', '-f', '{{.Size}}', IMAGE])).stdout.trim());
    process.stdout.write(`      docker build: ${seconds.toFixed(1)} s; image size ${(size / 1e6).toFixed(1)} MB (${size} bytes)\n`);
    const mounts = ['-v', `${tlsDir}:/tls`, '-v', `${kubeDir}:/kube:ro`];
    const runArgs = ['run', '--read-only', '--user', '65532:65532', '--network', 'host', ...mounts];
    return {
      kind: 'docker',
      once: (args) => d.run([...runArgs, '--rm', IMAGE, ...args]),
      async background(args) {
        const name = `kw-artifact-webhook-${process.pid}-${containers.length}`;
        containers.push(name);
        const r = await d.run([...runArgs, '-d', '--name', name, IMAGE, ...args]);
        assert.equal(r.code, 0, r.stderr);
        return async () => {
          await d.run(['stop', '-t', '10', name]);
          const logs = await d.run(['logs', name]);
          await d.run(['rm', '-f', name]);
          return logs.stderr;
        };
      },
    };
  }

  function folderRunner(appDir: string): Runner {
    const node = join(nodeRuntime('24'), 'node');
    const [, script] = entrypointOf();
    const local = (a: string) => a.replace(/^\/tls(?=\/|$)/, tlsDir).replace(/^\/kube(?=\/|$)/, kubeDir);
    const argv = (args: readonly string[]) => [join(appDir, (script ?? '').replace(/^\/app\//, '')), ...args.map(local)];
    return {
      kind: 'application folder',
      async once(args) {
        const r = spawnSync(node, argv(args), { encoding: 'utf8' });
        return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
      },
      async background(args) {
        const child: ChildProcess = spawn(node, argv(args), { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
        return async () => {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await exited;
          return stderr;
        };
      },
    };
  }

  after(async function () {
    try {
      await runKubectl(cp, ['delete', 'mutatingwebhookconfiguration', configName, '--ignore-not-found']);
      if (docker !== undefined) {
        for (const name of containers) await docker.run(['rm', '-f', name]);
        // Earlier builds of the test tag, now untagged, would pile up in the cached data root.
        await docker.run(['image', 'prune', '-f']);
        await docker.stop();
      }
    } finally {
      // After the containers and processes that used them are gone.
      temps.removeAll();
    }
  });

  it('should name the Node.js 24 bases, copy only the application folder, and have no # syntax line', () => {
    assert.doesNotMatch(dockerfile, /^# *syntax *=/m);
    assert.deepEqual(
      [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]),
      ['node:24-bookworm-slim', 'gcr.io/distroless/nodejs24-debian12:nonroot'],
    );
    const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    assert.deepEqual(
      [...runtimeStage.matchAll(/^(COPY|ADD|RUN) .*$/gm)].map((m) => m[0]),
      ['COPY --from=build --chown=0:0 /src/dist/image/ /app/'],
    );
    assert.deepEqual(entrypointOf(), ['/nodejs/bin/node', '/app/workspace-webhook']);
  });

  it('should run as uid 65532 with the ENTRYPOINT the Dockerfile names', async function () {
    if (docker === undefined) {
      process.stdout.write(
        '      FALLBACK, no dockerd: the image configuration cannot be read; checked the application folder runs under Node.js 24 instead\n',
      );
      const r = await runner.once(['--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      return;
    }
    const config = JSON.parse((await docker.run(['image', 'inspect', '-f', '{{json .Config}}', IMAGE])).stdout) as {
      User: string;
      Entrypoint: string[];
      Cmd: string[];
    };
    assert.equal(config.User, '65532:65532');
    assert.deepEqual(config.Entrypoint, entrypointOf());
    assert.equal(config.Cmd[0], 'serve');
    const version = await docker.run([
      'run',
      '--rm',
      '--read-only',
      '--entrypoint',
      '/nodejs/bin/node',
      IMAGE,
      '-p',
      'process.version + " " + process.getuid()',
    ]);
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout.trim(), /^v24\.\d+\.\d+ 65532$/);
  });

  it('should run certgen: a Secret, the files in the mounted directory, and caBundle set, against the real API server', async () => {
    const port = await freePort();
    await kubectlOk(cp, ['apply', '-f', '-'], {
      input: JSON.stringify(
        buildRegistration({
          name: configName,
          client: { url: `https://127.0.0.1:${port}/mutate` },
          failurePolicy: 'Fail',
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } },
        }),
      ),
    });
    await kubectlOk(cp, ['annotate', 'mutatingwebhookconfiguration', configName, `kubectl-workspace.test/port=${port}`]);
    const r = await runner.once([
      'certgen',
      '--kubeconfig',
      '/kube/kubeconfig',
      '--namespace',
      ns,
      '--secret-name',
      'webhook-tls',
      '--out-dir',
      '/tls',
      '--host',
      '127.0.0.1',
      '--webhook-config',
      configName,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /Warning|DeprecationWarning/);
    const secret = JSON.parse(await kubectlOk(cp, ['get', 'secret', 'webhook-tls', '-n', ns, '-o', 'json'])) as {
      type: string;
      data: Record<string, string>;
    };
    assert.equal(secret.type, 'kubernetes.io/tls');
    const caPem = Buffer.from(secret.data['ca.crt'] ?? '', 'base64').toString();
    assert.match(caPem, /BEGIN CERTIFICATE/);
    assert.equal(readFileSync(join(tlsDir, 'ca.crt'), 'utf8'), caPem);
    assert.equal(readFileSync(join(tlsDir, 'tls.crt'), 'utf8'), Buffer.from(secret.data['tls.crt'] ?? '', 'base64').toString());
    const config = JSON.parse(await kubectlOk(cp, ['get', 'mutatingwebhookconfiguration', configName, '-o', 'json'])) as {
      webhooks: { clientConfig: { caBundle?: string } }[];
    };
    assert.equal(Buffer.from(config.webhooks[0]?.clientConfig.caBundle ?? '', 'base64').toString(), caPem);
  });

  it('should serve admission requests from the real API server: explicitFail comes back with failedBeforeStopping', async () => {
    const config = JSON.parse(await kubectlOk(cp, ['get', 'mutatingwebhookconfiguration', configName, '-o', 'json'])) as {
      metadata: { annotations: Record<string, string> };
    };
    const port = Number(config.metadata.annotations['kubectl-workspace.test/port']);
    const metricsPort = await freePort();
    const stop = await runner.background([
      'serve',
      '--cert',
      '/tls/tls.crt',
      '--key',
      '/tls/tls.key',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--metrics-port',
      String(metricsPort),
    ]);
    let stderr: string;
    try {
      const ca = readFileSync(join(tlsDir, 'ca.crt'));
      await waitFor(
        `the webhook on 127.0.0.1:${port}`,
        60_000,
        async () => (await httpsGet(`https://127.0.0.1:${port}/readyz`, { ca }).catch(() => undefined))?.status === 200,
      );
      await createTestWorkspace(cp, ns, { id: 'img-a', ownerToken: 'owner-token-of-the-image-test' });
      await kubectlOk(cp, ['annotate', 'pod', 'ws-img-a', '-n', ns, 'gitpod/explicitFail=x']);
      const pod = JSON.parse(await kubectlOk(cp, ['get', 'pod', 'ws-img-a', '-n', ns, '-o', 'json'])) as {
        metadata: { annotations: Record<string, string> };
      };
      assert.equal(pod.metadata.annotations['gitpod/explicitFail'], 'x');
      assert.equal(pod.metadata.annotations['gitpod/failedBeforeStopping'], 'true');
    } finally {
      stderr = await stop();
    }
    assert.doesNotMatch(stderr, /Warning|DeprecationWarning/);
  });
});
