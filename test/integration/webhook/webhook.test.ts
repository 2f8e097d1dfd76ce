import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { generateCertificateAuthority } from '../../../webhook/certgen.js';
import { silentLogger } from '../../../webhook/log.js';
import { buildRegistration } from '../../../webhook/registration.js';
import { startWebhookServer, type RunningWebhook } from '../../../webhook/server.js';
import { createTestNamespace, kubectlOk, runKubectl, sharedControlPlane } from '../../support/cluster.js';
import { annotationsOf, podManifest, requestCount, runWebhookCli } from './support.js';

const explicitFail = 'gitpod/explicitFail';
const failedBeforeStopping = 'gitpod/failedBeforeStopping';

describe('workspace-webhook against a real API server', function () {
  let cp: ControlPlane;
  let dir: string;
  let caPem: string;
  let webhook: RunningWebhook;
  const runId = randomBytes(4).toString('hex');
  const configName = `workspace-webhook-it-${runId}`;
  const scopeLabel = 'workspace-webhook-it';

  async function namespace(prefix: string): Promise<string> {
    const ns = await createTestNamespace(cp, prefix);
    await kubectlOk(cp, ['label', 'namespace', ns, `${scopeLabel}=${runId}`]);
    return ns;
  }

  async function createPod(ns: string, name: string, annotations: Record<string, string> = {}): Promise<Record<string, string>> {
    return annotationsOf(await kubectlOk(cp, ['create', '-o', 'json', '-f', '-'], { input: podManifest(ns, name, annotations) }));
  }

  async function podAnnotations(ns: string, name: string): Promise<Record<string, string>> {
    return annotationsOf(await kubectlOk(cp, ['get', 'pod', '-n', ns, name, '-o', 'json']));
  }

  async function annotate(ns: string, name: string, ...changes: string[]): Promise<Record<string, string>> {
    return annotationsOf(await kubectlOk(cp, ['annotate', '--overwrite', '-o', 'json', '-n', ns, 'pod', name, ...changes]));
  }

  const certgen = (extra: readonly string[] = []) =>
    runWebhookCli([
      'certgen',
      '--host',
      '127.0.0.1',
      '--out-dir',
      dir,
      '--ca-cert',
      join(dir, 'ca-signer.crt'),
      '--ca-key',
      join(dir, 'ca-signer.key'),
      ...extra,
    ]);

  before(async function () {
    this.timeout(300_000);
    cp = await sharedControlPlane();
    dir = await mkdtemp(join(tmpdir(), 'webhook-it-'));
    const ca = generateCertificateAuthority();
    await writeFile(join(dir, 'ca-signer.crt'), ca.certPem);
    await writeFile(join(dir, 'ca-signer.key'), ca.keyPem, { mode: 0o600 });
    await certgen();
    caPem = await readFile(join(dir, 'ca.crt'), 'utf8');
    webhook = await startWebhookServer({
      certFile: join(dir, 'tls.crt'),
      keyFile: join(dir, 'tls.key'),
      port: 0,
      host: '127.0.0.1',
      logger: silentLogger,
      reloadIntervalMs: 500,
    });
    const registration = buildRegistration({
      name: configName,
      client: { url: `https://127.0.0.1:${webhook.port}/mutate`, caBundle: Buffer.from(caPem).toString('base64') },
      namespaceSelector: { matchLabels: { [scopeLabel]: runId } },
    });
    await kubectlOk(cp, ['apply', '-f', '-'], { input: JSON.stringify(registration) });
    // The API server picks up a new configuration asynchronously; wait until a pod is mutated.
    const ns = await namespace('webhook-ready');
    for (let attempt = 0; ; attempt++) {
      const annotations = await createPod(ns, `probe-${attempt}`, { [explicitFail]: 'probe' });
      if (annotations[failedBeforeStopping] === 'true') break;
      if (attempt >= 60) throw new Error('the webhook registration never took effect');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });

  after(async function () {
    this.timeout(60_000);
    if (cp) await runKubectl(cp, ['delete', 'mutatingwebhookconfiguration', configName, '--ignore-not-found']);
    await webhook?.shutdown();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('should add failedBeforeStopping when kubectl annotate sets explicitFail', async () => {
    const ns = await namespace('webhook-annotate');
    await createPod(ns, 'ws-a');
    const returned = await annotate(ns, 'ws-a', `${explicitFail}=out of memory`);
    assert.equal(returned[failedBeforeStopping], 'true');
    const stored = await podAnnotations(ns, 'ws-a');
    assert.equal(stored[explicitFail], 'out of memory');
    assert.equal(stored[failedBeforeStopping], 'true');
  });

  it('should add failedBeforeStopping when explicitFail is written through pods/status', async () => {
    const ns = await namespace('webhook-status');
    await createPod(ns, 'ws-s');
    const patch = JSON.stringify({ metadata: { annotations: { [explicitFail]: 'via status' } } });
    await kubectlOk(cp, ['patch', 'pod', 'ws-s', '-n', ns, '--subresource=status', '--type=merge', '-p', patch]);
    const stored = await podAnnotations(ns, 'ws-s');
    assert.equal(stored[explicitFail], 'via status');
    assert.equal(stored[failedBeforeStopping], 'true');
  });

  it('should undo the removal of failedBeforeStopping while explicitFail stays', async () => {
    const ns = await namespace('webhook-undo');
    await createPod(ns, 'ws-b', { [explicitFail]: '' });
    assert.equal((await annotate(ns, 'ws-b', `${failedBeforeStopping}-`))[failedBeforeStopping], 'true');
    assert.equal((await annotate(ns, 'ws-b', `${failedBeforeStopping}=false`))[failedBeforeStopping], 'true');
    assert.equal((await podAnnotations(ns, 'ws-b'))[failedBeforeStopping], 'true');
  });

  it('should set failedBeforeStopping on a pod created with explicitFail', async () => {
    const ns = await namespace('webhook-create');
    await createPod(ns, 'ws-c', { [explicitFail]: 'image pull failed', 'gitpod/closed': 'true' });
    const stored = await podAnnotations(ns, 'ws-c');
    assert.deepEqual(
      { explicitFail: stored[explicitFail], failedBeforeStopping: stored[failedBeforeStopping], closed: stored['gitpod/closed'] },
      { explicitFail: 'image pull failed', failedBeforeStopping: 'true', closed: 'true' },
    );
  });

  it('should show the mutation in a server-side dry run and persist nothing', async () => {
    const ns = await namespace('webhook-dryrun');
    await createPod(ns, 'ws-d');
    const dry = annotationsOf(
      await kubectlOk(cp, ['annotate', '--dry-run=server', '-o', 'json', '-n', ns, 'pod', 'ws-d', `${explicitFail}=dry`]),
    );
    assert.equal(dry[explicitFail], 'dry');
    assert.equal(dry[failedBeforeStopping], 'true');
    const stored = await podAnnotations(ns, 'ws-d');
    assert.equal(stored[explicitFail], undefined);
    assert.equal(stored[failedBeforeStopping], undefined);
  });

  it('should never be sent a pod without explicitFail, nor one already consistent', async () => {
    const ns = await namespace('webhook-skip');
    const before = await requestCount(webhook.port, caPem);
    await createPod(ns, 'ws-e', { 'gitpod/closed': 'true' });
    const plain = await annotate(ns, 'ws-e', 'gitpod/timedout=idle');
    assert.equal(plain[failedBeforeStopping], undefined);
    await createPod(ns, 'ws-f', { [explicitFail]: 'x', [failedBeforeStopping]: 'true' });
    await annotate(ns, 'ws-f', 'gitpod/closed=true');
    assert.equal(await requestCount(webhook.port, caPem), before);
  });

  it('should keep answering while the serving certificate is rotated', async function () {
    this.timeout(180_000);
    const ns = await namespace('webhook-rotate');
    await createPod(ns, 'ws-r', { [explicitFail]: 'start' });
    const reloadsBefore = (await webhook.metrics.tlsReloads.get()).values.find((v) => v.labels['result'] === 'success')?.value ?? 0;
    const certBefore = await readFile(join(dir, 'tls.crt'), 'utf8');
    const failures: string[] = [];
    let rotated = false;
    for (let i = 0; i < 40 || !rotated; i++) {
      if (i === 10) await certgen(['--force']);
      // Removing failedBeforeStopping in the same write makes the API server call the webhook every time.
      const result = await runKubectl(cp, [
        'annotate',
        '--overwrite',
        '-o',
        'json',
        '-n',
        ns,
        'pod',
        'ws-r',
        `${explicitFail}=attempt ${i}`,
        `${failedBeforeStopping}-`,
      ]);
      if (result.code !== 0) failures.push(`update ${i}: ${result.stderr.trim()}`);
      else if (annotationsOf(result.stdout)[failedBeforeStopping] !== 'true') failures.push(`update ${i}: failedBeforeStopping missing`);
      const reloads = (await webhook.metrics.tlsReloads.get()).values.find((v) => v.labels['result'] === 'success')?.value ?? 0;
      rotated = reloads > reloadsBefore;
      if (i > 400) break;
    }
    assert.deepEqual(failures, []);
    assert.ok(rotated, 'the webhook never loaded the new certificate');
    assert.notEqual(await readFile(join(dir, 'tls.crt'), 'utf8'), certBefore);
    assert.equal(await readFile(join(dir, 'ca.crt'), 'utf8'), caPem, 'the CA must stay the same');
  });
});
