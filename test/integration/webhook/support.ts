// Helpers of the webhook integration suite: a pod manifest, the webhook's CLI, and its /metrics counter.
import { request } from 'node:https';
import { runWebhookCommand } from '../../support/webhook-cli.js';

export function podManifest(namespace: string, name: string, annotations: Record<string, string> = {}): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { workspaceID: name }, annotations },
    spec: { containers: [{ name: 'workspace', image: 'registry.invalid/workspace:1' }] },
  });
}

/** Runs `workspace-webhook <args>` as a user runs it (runWebhookCommand); resolves with its output, rejects on a non-zero exit. */
export async function runWebhookCli(args: readonly string[]): Promise<{ readonly stdout: string; readonly stderr: string }> {
  const r = await runWebhookCommand(args);
  if (r.code !== 0) throw new Error(`workspace-webhook ${args.join(' ')} exited with ${r.code}: ${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** Sum of workspace_webhook_requests_total over all labels, read from /metrics. */
export function requestCount(port: number, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/metrics', ca }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        let sum = 0;
        for (const match of text.matchAll(/^workspace_webhook_requests_total\{[^}]*\} (\d+)$/gm)) sum += Number(match[1]);
        resolve(sum);
      });
    })
      .on('error', reject)
      .end();
  });
}

export function annotationsOf(podJson: string): Record<string, string> {
  return (JSON.parse(podJson) as { metadata: { annotations?: Record<string, string> } }).metadata.annotations ?? {};
}
