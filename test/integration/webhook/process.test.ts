import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sharedControlPlane } from '../../support/cluster.js';
import { webhookBin } from '../../support/webhook-cli.js';
import { runWebhookCli } from './support.js';

describe('workspace-webhook serve as a process', () => {
  let dir: string;

  before(async function () {
    this.timeout(300_000);
    await sharedControlPlane();
    dir = await mkdtemp(join(tmpdir(), 'webhook-process-'));
    await runWebhookCli(['certgen', '--host', '127.0.0.1', '--out-dir', dir]);
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('should log JSON lines, answer /mutate and exit 0 on SIGTERM', async function () {
    this.timeout(60_000);
    // The release copy, started in the certificates' directory: nothing of the checkout is near the process.
    const child = spawn(
      webhookBin(),
      ['serve', '--cert', join(dir, 'tls.crt'), '--key', join(dir, 'tls.key'), '--port', '0', '--host', '127.0.0.1'],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const lines: Record<string, unknown>[] = [];
    const serving = new Promise<number>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const entry = JSON.parse(line) as Record<string, unknown>;
        lines.push(entry);
        if (entry['msg'] === 'webhook serving') resolve(entry['port'] as number);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before serving`)));
    });
    const port = await serving;
    const ca = await readFile(join(dir, 'ca.crt'), 'utf8');
    const body = await new Promise<string>((resolve, reject) => {
      request({ host: '127.0.0.1', port, ca, method: 'POST', path: '/mutate', headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end(
          '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"p-1","kind":{"group":"","version":"v1","kind":"Pod"},"operation":"DELETE","object":null}}',
        );
    });
    assert.equal(body, '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"p-1","allowed":true}}');
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.deepEqual(
      lines.map((l) => l['msg']),
      ['webhook serving', 'signal received', 'shutting down: no new connections, finishing in-flight requests', 'shut down'],
    );
    for (const line of lines) assert.match(String(line['time']), /^\d{4}-\d\d-\d\dT/);
  });
});
