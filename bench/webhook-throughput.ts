// Throughput and latency of POST /mutate over HTTPS keep-alive on loopback, next to a bare
// node:https handler making the same decision, measured in the same run.
//   npx tsx bench/webhook-throughput.ts [--connections 32] [--seconds 10]
// The servers run in this process; the load generator runs in a child process (its own core).
import { generateBundle } from '../webhook/certgen.js';
import { decide } from '../webhook/decision.js';
import { silentLogger } from '../webhook/log.js';
import { buildResponse, parseReview } from '../webhook/review.js';
import { startWebhookServer } from '../webhook/server.js';
import { createServer, request, Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoadResult {
  readonly name: string;
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

interface LoadJob {
  readonly name: string;
  readonly port: number;
  readonly ca: string;
  readonly body: string;
  readonly connections: number;
  readonly seconds: number;
}

/** A pod UPDATE review as the API server sends it: full new and old objects. */
function sampleReview(): string {
  const pod = (annotations: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'ws-3c8f0b2a',
      namespace: 'default',
      labels: { app: 'gitpod', component: 'workspace', gpwsman: 'true', workspaceID: '3c8f0b2a', workspaceType: 'regular', headless: 'false', owner: 'u-1', metaID: 'm-1' },
      annotations: { 'gitpod/id': '3c8f0b2a', 'gitpod/servicePrefix': '3c8f0b2a', 'gitpod/url': 'https://3c8f0b2a.ws.example.com', 'gitpod/contentInitializer': 'Q'.repeat(1200), ...annotations },
      resourceVersion: '4711',
    },
    spec: { containers: [{ name: 'workspace', image: 'registry.example.com/workspace:1', resources: { limits: { cpu: '4', memory: '8Gi' } } }] },
    status: { phase: 'Running' },
  });
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '2f2c7a34-7c1e-4d55-9c40-1f0c1c5b9a11',
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      operation: 'UPDATE',
      object: pod({ 'gitpod/explicitFail': 'out of memory' }),
      oldObject: pod({}),
      dryRun: false,
    },
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

async function generateLoad(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections, ca: job.ca });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + job.seconds * 1000;
  const once = () =>
    new Promise<void>((resolve) => {
      const start = performance.now();
      const req = request({ host: '127.0.0.1', port: job.port, agent, method: 'POST', path: '/mutate', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(job.body) } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - start);
          else errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(job.body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: job.connections }, async () => {
      while (performance.now() < deadline) await once();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    name: job.name,
    requests: latencies.length,
    errors,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}

const loadFlag = '--load-generator';

function loadInWorker(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [loadFlag], { execArgv: ['--import', 'tsx'] });
    child.once('message', (result) => {
      resolve(result as LoadResult);
      child.disconnect();
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`load generator exited ${code}`))));
    child.send(job);
  });
}

/** The comparison point: node:https, read the body, parse, decide, answer. No routing, metrics or checks beyond that. */
function startBaseline(cert: string, key: string): Promise<{ readonly port: number; readonly close: () => Promise<void> }> {
  const server = createServer({ cert, key, minVersion: 'TLSv1.2', keepAliveTimeout: 75_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const review = parseReview(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      const body = JSON.stringify(buildResponse(review, decide(review.input)));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => {
          server.closeAllConnections();
          return new Promise((done) => server.close(() => done()));
        },
      }),
    ),
  );
}

export async function runWebhookThroughput(options: { readonly connections?: number; readonly seconds?: number; readonly rounds?: number } = {}): Promise<readonly LoadResult[]> {
  const connections = options.connections ?? 32;
  const seconds = options.seconds ?? 10;
  const rounds = options.rounds ?? 2;
  const bundle = generateBundle({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  const dir = await mkdtemp(join(tmpdir(), 'webhook-bench-'));
  try {
    await writeFile(join(dir, 'tls.crt'), bundle.certPem);
    await writeFile(join(dir, 'tls.key'), bundle.keyPem, { mode: 0o600 });
    const body = sampleReview();
    const webhook = await startWebhookServer({ certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key'), port: 0, host: '127.0.0.1', logger: silentLogger });
    const baseline = await startBaseline(bundle.certPem, bundle.keyPem);
    const job = { ca: bundle.caPem, body, connections, seconds };
    // A short warm-up of each lets the JIT settle before the measured runs.
    await loadInWorker({ ...job, name: 'warm-up', port: webhook.port, seconds: 2 });
    await loadInWorker({ ...job, name: 'warm-up', port: baseline.port, seconds: 2 });
    const targets = [
      { ...job, name: 'workspace-webhook /mutate', port: webhook.port },
      { ...job, name: 'bare node:https + decide', port: baseline.port },
    ];
    // Alternate the order (A B, B A, …) so drift in machine load does not favour one server.
    const results: LoadResult[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const target of round % 2 === 0 ? targets : [...targets].reverse()) results.push(await loadInWorker(target));
    }
    await webhook.shutdown();
    await baseline.close();
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value === undefined || Number.isNaN(value) ? fallback : value;
}

if (process.argv.includes(loadFlag)) {
  process.once('message', (job) => void generateLoad(job as LoadJob).then((result) => process.send?.(result)));
} else if (import.meta.url === new URL(process.argv[1] ?? '', 'file://').href) {
  const connections = flag('connections', 32);
  const seconds = flag('seconds', 10);
  const rounds = flag('rounds', 2);
  const results = await runWebhookThroughput({ connections, seconds, rounds });
  process.stdout.write(`POST /mutate, ${Buffer.byteLength(sampleReview())}-byte pod UPDATE review, HTTPS keep-alive on loopback, ${connections} connections, ${seconds} s\n`);
  process.stdout.write(`${'server'.padEnd(33)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}\n`);
  for (const r of results) {
    process.stdout.write(`${r.name.padEnd(33)} ${r.requestsPerSecond.toFixed(0).padStart(8)} ${r.p50Ms.toFixed(2).padStart(8)} ${r.p99Ms.toFixed(2).padStart(8)} ${String(r.errors).padStart(7)}\n`);
  }
  for (const name of new Set(results.map((r) => r.name))) {
    const mine = results.filter((r) => r.name === name);
    const mean = (f: (r: LoadResult) => number) => mine.reduce((sum, r) => sum + f(r), 0) / mine.length;
    process.stdout.write(`${`mean ${name}`.padEnd(33)} ${mean((r) => r.requestsPerSecond).toFixed(0).padStart(8)} ${mean((r) => r.p50Ms).toFixed(2).padStart(8)} ${mean((r) => r.p99Ms).toFixed(2).padStart(8)}\n`);
  }
  process.stdout.write(`${JSON.stringify({ benchmark: 'webhook-throughput', connections, seconds, rounds, results })}\n`);
}
