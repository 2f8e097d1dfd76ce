// The admission webhook beside the local control plane: built from source,
// started detached (recorded in state.json, so `cluster down` stops it) and
// registered by URL.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ControlPlane } from './controlplane.js';
import { isRunning, spawnLogged } from './processes.js';
import { freePort, httpsGet, waitFor } from './net.js';
import { buildRegistration } from '../webhook/registration.js';

const WEBHOOK_BUNDLE = resolve('dist', 'workspace-webhook');
const portFile = (plane: ControlPlane) => join(plane.dir, 'webhook', 'port');

function kubectlApply(plane: ControlPlane, object: unknown): void {
  execFileSync(plane.kubectlPath, ['apply', '-f', '-'], {
    input: JSON.stringify(object),
    stdio: ['pipe', 'ignore', 'inherit'],
    env: { ...process.env, KUBECONFIG: plane.kubeconfigPath },
  });
}

/** Starts the webhook once per control plane and (re-)registers it; returns its /mutate URL. */
export async function startLocalWebhook(plane: ControlPlane): Promise<string> {
  const certDir = join(plane.dir, 'webhook');
  if (!plane.processes.some((p) => p.name === 'workspace-webhook' && isRunning(p))) {
    execFileSync(process.execPath, ['scripts/build.mjs', 'webhook'], { stdio: 'inherit' });
    execFileSync(process.execPath, [WEBHOOK_BUNDLE, 'certgen', '--out-dir', certDir, '--host', '127.0.0.1', '--host', 'localhost'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const port = await freePort();
    plane.adopt(
      spawnLogged({
        name: 'workspace-webhook',
        binary: process.execPath,
        detached: true,
        logPath: join(plane.dir, 'logs', 'workspace-webhook.log'),
        args: [
          WEBHOOK_BUNDLE,
          'serve',
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
          '--cert',
          join(certDir, 'tls.crt'),
          '--key',
          join(certDir, 'tls.key'),
        ],
      }),
    );
    writeFileSync(portFile(plane), String(port));
  }
  const port = Number(readFileSync(portFile(plane), 'utf8'));
  const ca = readFileSync(join(certDir, 'ca.crt'));
  await waitFor(`the webhook on 127.0.0.1:${port}`, 30_000, async () => {
    const res = await httpsGet(`https://127.0.0.1:${port}/readyz`, { ca }).catch(() => undefined);
    return res?.status === 200;
  });
  const url = `https://127.0.0.1:${port}/mutate`;
  kubectlApply(plane, buildRegistration({ client: { url, caBundle: ca.toString('base64') } }));
  return url;
}
