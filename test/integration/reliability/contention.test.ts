// Many writers of one workspace as an ordinary identity (a ServiceAccount bound to the chart's operator
// ClusterRole, so API Priority and Fairness applies), each over its own connection: every write lands.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { adminClient, createWorkspace, serviceAccountTransport } from '../../../cluster/admin-client.js';
import { addMark, deleteMark } from '../../../shared/marks.js';
import { InvalidValueError } from '../../../shared/errors.js';
import { KubeClient, PatchType } from '../../../shared/kube/rest.js';
import { markWorkspace, patchWorkspacePlis, type ConfigMap, type Pod } from '../../../shared/kube/workspaces.js';
import type { Transport } from '../../../shared/kube/transport.js';
import { createTestNamespace, sharedControlPlane } from '../../support/cluster.js';
import { REPO, pluginBin } from '../../support/plugin.js';

const WRITERS = 50;
const PROCESSES = 20;
const marker = (i: number) => `example.com/writer-${i}`;

/** A client whose first write is preceded by another writer's change of the same object: a race lost on purpose. */
class RacedClient extends KubeClient {
  private raced = false;

  constructor(
    transport: Transport,
    private readonly before: () => Promise<unknown>,
  ) {
    super(transport);
  }

  override async request<T>(method: string, path: string, options?: Parameters<KubeClient['request']>[2]): Promise<T> {
    if (!this.raced && (method === 'PATCH' || method === 'PUT')) {
      this.raced = true;
      await this.before();
    }
    return super.request<T>(method, path, options);
  }
}

describe('writers of one workspace under contention, as a ServiceAccount (real API server)', function () {
  this.timeout(240_000);
  let cp: ControlPlane;
  let ns: string;
  let admin: KubeClient;
  let asServiceAccount: Transport;
  const clients: KubeClient[] = [];
  const writerClients = (n: number) => {
    const made = Array.from({ length: n }, () => new KubeClient(asServiceAccount));
    clients.push(...made);
    return made;
  };

  before(async function () {
    this.timeout(300_000);
    cp = await sharedControlPlane();
    ns = await createTestNamespace(cp, 'rel-contention');
    admin = adminClient(cp);
    asServiceAccount = await serviceAccountTransport(cp, REPO, admin, ns);
  });

  after(() => {
    for (const c of clients) c.close();
    admin?.close();
  });

  it(`should land all ${WRITERS} marks written at once over ${WRITERS} connections`, async () => {
    await createWorkspace(admin, ns, 'marked', false);
    const results = await Promise.allSettled(
      writerClients(WRITERS).map((c, i) => markWorkspace(c, ns, 'marked', [addMark(marker(i), 'set')])),
    );
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`writer ${i}: ${(r.reason as Error).message}`] : []));
    assert.deepEqual(failed, []);
    const pod = (await admin.get<{ items: Pod[] }>(`/api/v1/namespaces/${ns}/pods`, { labelSelector: 'workspaceID=marked' })).items[0];
    const annotations = pod?.metadata?.annotations ?? {};
    for (let i = 0; i < WRITERS; i++) assert.equal(annotations[marker(i)], 'set', `mark of writer ${i}`);
    const attempts = results.map((r) => (r.status === 'fulfilled' ? r.value.attempts : 0));
    assert.ok(attempts.every((a) => a >= 1));
    assert.ok(
      attempts.some((a) => a > 1),
      'no writer met a conflict: the writers did not overlap',
    );
  });

  it(`should land all ${WRITERS} plis patches written at once, keeping fields it does not know`, async () => {
    await createWorkspace(admin, ns, 'plised', true);
    await admin.patch(
      `/api/v1/namespaces/${ns}/configmaps/plis-plised`,
      { metadata: { annotations: { 'gitpod/plis': '{"hostIP":"10.0.0.7","futureField":"kept"}' } } },
      PatchType.merge,
    );
    const hostIp = (i: number) => `10.2.0.${i}`;
    const results = await Promise.allSettled(
      writerClients(WRITERS).map((c, i) => patchWorkspacePlis(c, ns, 'plised', { hostIP: hostIp(i) }, [addMark(marker(i), 'set')])),
    );
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`writer ${i}: ${(r.reason as Error).message}`] : []));
    assert.deepEqual(failed, []);
    const cm = await admin.get<ConfigMap>(`/api/v1/namespaces/${ns}/configmaps/plis-plised`);
    const annotations = cm.metadata?.annotations ?? {};
    for (let i = 0; i < WRITERS; i++) assert.equal(annotations[marker(i)], 'set', `annotation of writer ${i}`);
    const doc = JSON.parse(annotations['gitpod/plis'] ?? '{}') as Record<string, unknown>;
    assert.equal(doc['futureField'], 'kept');
    assert.ok(
      Array.from({ length: WRITERS }, (_, i) => hostIp(i)).includes(String(doc['hostIP'])),
      `hostIP ${String(doc['hostIP'])} is no writer's`,
    );
  });

  it(`should land the marks of ${PROCESSES} plugin processes started at once with the ServiceAccount's kubeconfig`, async () => {
    const plugin = pluginBin();
    await createWorkspace(admin, ns, 'processes', true);
    const kubeconfig = join(tmpdir(), `contention-${ns}.kubeconfig`);
    writeFileSync(
      kubeconfig,
      yaml.dump({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'local',
            cluster: { server: cp.server, 'certificate-authority-data': Buffer.from(String(asServiceAccount.tls.ca)).toString('base64') },
          },
        ],
        users: [{ name: 'writer', user: { token: asServiceAccount.headers['authorization']?.replace(/^Bearer /, '') } }],
        contexts: [{ name: 'local', context: { cluster: 'local', user: 'writer', namespace: ns } }],
        'current-context': 'local',
      }),
      { mode: 0o600 },
    );
    const run = (args: readonly string[]) =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(plugin, [...args], { env: { ...process.env, KUBECONFIG: kubeconfig } }, (error, _stdout, stderr) =>
          resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stderr }),
        );
      });
    // Half mark the pod, half patch the PLIS document: two objects, each with ten writers.
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, i) =>
        i % 2 === 0
          ? run(['mark', 'processes', `${marker(i)}=set`])
          : run(['plis', 'patch', 'processes', '--host-ip', `10.3.0.${i}`, `${marker(i)}=set`]),
      ),
    );
    for (const [i, r] of results.entries()) assert.equal(r.code, 0, `process ${i}: ${r.stderr}`);
    const pod = (await admin.get<{ items: Pod[] }>(`/api/v1/namespaces/${ns}/pods`, { labelSelector: 'workspaceID=processes' })).items[0];
    const cm = await admin.get<ConfigMap>(`/api/v1/namespaces/${ns}/configmaps/plis-processes`);
    for (let i = 0; i < PROCESSES; i++) {
      const on = i % 2 === 0 ? pod?.metadata?.annotations : cm.metadata?.annotations;
      assert.equal(on?.[marker(i)], 'set', `process ${i}`);
    }
  });

  it('should validate again after a lost race: failedBeforeStopping- is refused once explicitFail was set meanwhile', async () => {
    await createWorkspace(admin, ns, 'raced', false);
    const path = `/api/v1/namespaces/${ns}/pods/ws-raced`;
    await admin.patch(path, { metadata: { annotations: { 'gitpod/failedBeforeStopping': 'true' } } }, PatchType.merge);
    // Between this writer's read and its write, another writer fails the workspace.
    const client = new RacedClient(asServiceAccount, () =>
      admin.patch(
        path,
        { metadata: { annotations: { 'gitpod/explicitFail': 'disk full', 'gitpod/failedBeforeStopping': 'true' } } },
        PatchType.merge,
      ),
    );
    clients.push(client);
    await assert.rejects(markWorkspace(client, ns, 'raced', [deleteMark('gitpod/failedBeforeStopping')]), (err: unknown) => {
      assert.ok(err instanceof InvalidValueError, String(err));
      assert.match(err.message, /explicitFail is set on the object/);
      return true;
    });
    const annotations = (await admin.get<Pod>(path)).metadata?.annotations ?? {};
    assert.equal(annotations['gitpod/failedBeforeStopping'], 'true');
    assert.equal(annotations['gitpod/explicitFail'], 'disk full');
  });

  it('should send nothing more when the lost race already wrote the same value', async () => {
    await createWorkspace(admin, ns, 'same', true);
    const path = `/api/v1/namespaces/${ns}/configmaps/plis-same`;
    const client = new RacedClient(asServiceAccount, () =>
      admin.patch(path, { metadata: { annotations: { [marker(0)]: 'set' } } }, PatchType.merge),
    );
    clients.push(client);
    const before = (await admin.get<ConfigMap>(path)).metadata?.resourceVersion;
    const result = await patchWorkspacePlis(client, ns, 'same', {}, [addMark(marker(0), 'set')]);
    assert.deepEqual(
      { changed: result.changed, written: result.written, attempts: result.attempts },
      { changed: false, written: false, attempts: 2 },
    );
    const after = await admin.get<ConfigMap>(path);
    assert.notEqual(after.metadata?.resourceVersion, before);
    assert.equal(after.metadata?.resourceVersion, result.configMap.metadata?.resourceVersion, 'a write was sent after the re-read');
  });
});
