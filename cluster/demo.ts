// The embedded default: the webhook registered with the local control plane,
// and sample workspaces to try the plugin on.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ControlPlane } from './controlplane.js';
import { isRunning, spawnLogged } from './processes.js';
import { freePort, httpsGet, waitFor } from './net.js';
import { samplePod, samplePlisConfigMap } from './samples.js';
import { buildRegistration } from '../webhook/registration.js';

export const DEMO_NAMESPACE = 'default';
const WEBHOOK_BUNDLE = resolve('dist', 'workspace-webhook');

function kubectl(plane: ControlPlane, args: readonly string[], input?: string): string {
  return execFileSync(plane.kubectlPath, [...args], {
    input, encoding: 'utf8', env: { ...process.env, KUBECONFIG: plane.kubeconfigPath },
  });
}

export function demoObjects(namespace: string) {
  return [
    samplePod({ id: 'a1b2c3', namespace }),
    samplePlisConfigMap({ id: 'a1b2c3', namespace, plis: { hostIP: '10.0.3.17' } }),
    samplePod({ id: 'd4e5f6', namespace, annotations: { 'gitpod/closed': 'true', 'gitpod/customTimeout': '1h30m' } }),
    samplePlisConfigMap({ id: 'd4e5f6', namespace }),
    samplePod({ id: 'f7a8b9', namespace, type: 'prebuild', annotations: { 'gitpod/timedout': 'headless workspace timed out after 1h' } }),
    samplePlisConfigMap({ id: 'f7a8b9', namespace, type: 'prebuild', plis: { finalBackupComplete: true, stoppingSince: '2026-11-28T09:00:00.123456789Z' } }),
  ];
}

/** Starts the webhook beside the control plane (once) and registers it by URL. */
async function startWebhook(plane: ControlPlane): Promise<string> {
  const running = plane.processes.find((p) => p.name === 'workspace-webhook' && isRunning(p));
  const certDir = join(plane.dir, 'webhook');
  if (running === undefined) {
    execFileSync(process.execPath, [WEBHOOK_BUNDLE, 'certgen', '--out-dir', certDir, '--host', '127.0.0.1', '--host', 'localhost'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const port = await freePort();
    plane.adopt(spawnLogged({
      name: 'workspace-webhook', binary: process.execPath, detached: true, logPath: join(plane.dir, 'logs', 'workspace-webhook.log'),
      args: [WEBHOOK_BUNDLE, 'serve', '--host', '127.0.0.1', '--port', String(port),
        '--cert', join(certDir, 'tls.crt'), '--key', join(certDir, 'tls.key')],
    }));
    writeWebhookPort(plane, port);
  }
  const port = readWebhookPort(plane);
  const ca = readFileSync(join(certDir, 'ca.crt'));
  await waitFor(`the webhook on 127.0.0.1:${port}`, 30_000, async () => {
    const res = await httpsGet(`https://127.0.0.1:${port}/readyz`, { ca }).catch(() => undefined);
    return res?.status === 200;
  });
  const registration = buildRegistration({ client: { url: `https://127.0.0.1:${port}/mutate`, caBundle: ca.toString('base64') } });
  kubectl(plane, ['apply', '-f', '-'], JSON.stringify(registration));
  return `https://127.0.0.1:${port}/mutate`;
}

const portFile = (plane: ControlPlane) => join(plane.dir, 'webhook', 'port');
function writeWebhookPort(plane: ControlPlane, port: number): void {
  writeFileSync(portFile(plane), String(port));
}
function readWebhookPort(plane: ControlPlane): number {
  return Number(readFileSync(portFile(plane), 'utf8'));
}

export async function runDemo(plane: ControlPlane): Promise<void> {
  const url = await startWebhook(plane);
  process.stderr.write(`webhook serving ${url}, registered as MutatingWebhookConfiguration workspace-webhook\n`);
  // Server-side apply: idempotent, and no last-applied copy of the owner token in an annotation.
  kubectl(plane, ['apply', '--server-side', '--field-manager=kubectl-workspace-demo', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: demoObjects(DEMO_NAMESPACE) }));
  process.stderr.write(`sample workspaces a1b2c3, d4e5f6, f7a8b9 in namespace ${DEMO_NAMESPACE}\n`);
}
