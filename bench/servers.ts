// Starting and stopping the webhook servers the bench talks to: the product's bundle
// (`workspace-webhook serve`, the bench's copy of it), the bare peer (bench/plain-webhook.ts) and the
// controller-runtime peer (bench/peers/controller-runtime, built by controller-runtime-peer.ts).
// Both Node.js servers run as `node <bundle>` with the measured Node.js (24, the runtime the image ships) and no flags,
// their bundles built with the same esbuild options, so they differ only in their own code.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { build } from 'esbuild';
import { freePort, waitFor } from '../cluster/net.js';
import { bundleOptions } from '../scripts/bundle-options.mjs';
import { measuredNode } from './measured-node.js';
import { runMeasured } from './proc.js';

export interface ServingCert {
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly caPem: string;
}

/** `workspace-webhook certgen --out-dir`: a CA and a serving certificate for 127.0.0.1 and localhost. */
export async function generateServingCert(webhookBin: string, dir: string): Promise<ServingCert> {
  await runMeasured(webhookBin, ['certgen', '--out-dir', dir, '--host', '127.0.0.1', '--host', 'localhost']);
  return { dir, certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key'), caPem: readFileSync(join(dir, 'ca.crt'), 'utf8') };
}

export interface RunningServer {
  readonly url: string;
  readonly pid: number;
  /** SIGTERM, then SIGKILL after 10 s; resolves when the process has exited. */
  readonly stop: () => Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function spawnServer(command: string, args: readonly string[], logs: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (c: Buffer) => logs.push(c.toString('utf8')));
  return child;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

function healthy(url: string, ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { ca, method: 'GET', timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

async function startAndWait(
  name: string,
  command: string,
  args: readonly string[],
  port: number,
  cert: ServingCert,
  probePath: string,
): Promise<RunningServer> {
  const logs: string[] = [];
  const child = spawnServer(command, args, logs);
  const stop = stopper(child);
  const base = `https://127.0.0.1:${port}`;
  try {
    await waitFor(`${name} at ${base}`, 30_000, async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${logs.join('').slice(-1000)}`);
      return healthy(`${base}${probePath}`, cert.caPem);
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `${base}/mutate`, pid: child.pid ?? 0, stop };
}

/** The flags both webhooks take alike: the serving certificate and key, and the port. */
function servingArgs(cert: ServingCert, port: number): string[] {
  return ['--cert', cert.certFile, '--key', cert.keyFile, '--port', String(port)];
}

/** The product: `node <webhookBin> serve` on a free loopback port. */
export async function startProductWebhook(webhookBin: string, cert: ServingCert): Promise<RunningServer> {
  const port = await freePort();
  const args = [webhookBin, 'serve', ...servingArgs(cert, port), '--host', '127.0.0.1', '--log-level', 'warn'];
  return startAndWait('workspace-webhook', measuredNode(), args, port, cert, '/healthz');
}

/** bench/plain-webhook.ts bundled into `outFile` with the options of the product's bundles. */
export async function buildPlainWebhook(repoRoot: string, outFile: string): Promise<string> {
  await build({ ...bundleOptions, entryPoints: [join(repoRoot, 'bench', 'plain-webhook.ts')], outfile: outFile });
  return outFile;
}

/** The peer: a bare node:https server with the same decision, from the bundle buildPlainWebhook wrote. */
export async function startPlainWebhook(bundle: string, cert: ServingCert): Promise<RunningServer> {
  const port = await freePort();
  const args = [bundle, ...servingArgs(cert, port)];
  const logs: string[] = [];
  const child = spawnServer(measuredNode(), args, logs);
  const stop = stopper(child);
  try {
    await waitFor(`plain webhook on port ${port}`, 30_000, async () => {
      if (child.exitCode !== null) throw new Error(`plain webhook exited with ${child.exitCode}: ${logs.join('').slice(-1000)}`);
      return logs.join('').includes('listening');
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `https://127.0.0.1:${port}/mutate`, pid: child.pid ?? 0, stop };
}

/** The Go peer: controller-runtime's webhook server with the same rule, its binary built by ensureControllerRuntimePeer. */
export async function startControllerRuntimeWebhook(binary: string, cert: ServingCert): Promise<RunningServer> {
  const port = await freePort();
  const args = ['--cert', cert.certFile, '--key', cert.keyFile, '--port', String(port), '--host', '127.0.0.1'];
  return startAndWait('controller-runtime webhook', binary, args, port, cert, '/healthz');
}
