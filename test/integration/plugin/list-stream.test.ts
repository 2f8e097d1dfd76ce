import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { asList, formatJson } from '../../../plugin/output/serialize.js';
import type { Pod } from '../../../shared/kube/workspaces.js';
import { redactObject } from '../../../shared/redact/documents.js';
import { kubectlOk } from '../../support/cluster.js';
import { OWNER_TOKEN, pluginTestBedFor, ws, wsOk } from '../../support/plugin.js';
import { testWorkspaceObjects } from '../../support/workspace-objects.js';

// Many printed batches (8 pods each) and many reads from the connection, so the list really streams.
const PODS = 300;

/** A TCP relay to the API server that cuts both connections once `limit` bytes of the answer have passed. */
async function cuttingRelay(server: string, limit: number): Promise<{ url: string; close: () => void }> {
  const target = new URL(server);
  const relay = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    let passed = 0;
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      const room = limit - passed;
      passed += chunk.length;
      if (room > 0) client.write(chunk.subarray(0, room));
      if (passed >= limit) {
        client.destroy();
        upstream.destroy();
      }
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const port = (relay.address() as net.AddressInfo).port;
  return { url: `https://127.0.0.1:${port}`, close: () => relay.close() };
}

/** The admin kubeconfig pointed at another address (the API server's certificate names 127.0.0.1). */
async function kubeconfigFor(cp: ControlPlane, server: string, namespace: string): Promise<string> {
  const admin = JSON.parse(await kubectlOk(cp, ['config', 'view', '--raw', '-o', 'json'])) as {
    clusters: { cluster: Record<string, unknown> }[];
    users: { user: object }[];
  };
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'relay',
    clusters: [{ name: 'relay', cluster: { ...admin.clusters[0]?.cluster, server } }],
    users: [{ name: 'admin', user: admin.users[0]?.user }],
    contexts: [{ name: 'relay', context: { cluster: 'relay', user: 'admin', namespace } }],
  };
  const path = join(mkdtempSync(join(tmpdir(), 'kw-list-relay-')), 'config');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describe('kubectl workspace list -o json, streamed (built plugin, real kubectl, real API server)', function () {
  this.timeout(120_000);
  const bed = pluginTestBedFor('plugin-list-stream', [], async ({ cp, ns }) => {
    const pods = Array.from({ length: PODS }, (_, i) =>
      testWorkspaceObjects(ns, { id: `s${i}`, ownerToken: OWNER_TOKEN, plis: null }),
    ).flat();
    const file = join(mkdtempSync(join(tmpdir(), 'kw-list-pods-')), 'pods.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods }));
    await kubectlOk(cp, ['create', '-f', file]);
  });

  it('should print the same document as the whole list redacted and formatted at once', async () => {
    const raw = JSON.parse(await kubectlOk(bed.cp, ['get', '--raw', `/api/v1/namespaces/${bed.ns}/pods?labelSelector=workspaceID`])) as {
      items: Pod[];
    };
    assert.equal(raw.items.length, PODS);
    const expected = formatJson(asList(raw.items.map((p) => redactObject(p, { showSecrets: false }))));
    const printed = await wsOk(bed.cp, ['list', '-o', 'json', '-n', bed.ns]);
    assert.equal(printed, expected);
    assert.ok(!printed.includes(OWNER_TOKEN));
    assert.ok(!printed.includes('managedFields'));
  });

  it('should leave a list that breaks off unclosed, and fail with an error naming the list request', async () => {
    const relay = await cuttingRelay(bed.cp.server, 256 * 1024);
    try {
      const kubeconfig = await kubeconfigFor(bed.cp, relay.url, bed.ns);
      assert.match(
        await wsOk(bed.cp, ['list', '-o', 'name', '-l', 'workspaceID=s1'], { kubeconfig }),
        /^pod\/ws-s1\n$/,
        'a short answer passes',
      );
      const r = await ws(bed.cp, ['list', '-o', 'json'], { kubeconfig });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^error: the list request to the server https:\/\/127\.0\.0\.1:\d+ failed: /);
      assert.ok(
        r.stdout.startsWith('{\n    "apiVersion": "v1",\n    "kind": "List",\n    "items": [\n'),
        'the pods before the break were printed',
      );
      assert.throws(() => JSON.parse(r.stdout) as unknown, SyntaxError, 'what was printed is not a complete document');
    } finally {
      relay.close();
    }
  });

  it('should print nothing on stdout when the server refuses the list', async () => {
    const r = await ws(bed.cp, ['list', '-o', 'json', '-n', bed.ns, '-l', 'a in (']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: from server \(BadRequest\): /);
  });
});
