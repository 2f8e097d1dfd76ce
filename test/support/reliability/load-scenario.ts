// The webhook process under fixed-rate HTTPS load, optionally with its serving certificate rotated on a schedule.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'node:https';
import { send } from './https-client.js';
import { errorCount, percentile, runFixedRate, type LoadResult } from './load.js';
import { explicitFailReview } from './reviews.js';
import { generateCertificates, rotateCertificates, startWebhook } from './webhook-process.js';

export interface ScenarioOptions {
  readonly ratePerSecond: number;
  readonly durationMs: number;
  /** Rotate to a new certificate (new CA too) this often; default never. */
  readonly rotateEveryMs?: number;
  /** Every n-th request opens a new TLS connection instead of reusing a keep-alive one, so rotations are seen. Default never. */
  readonly freshConnectionEvery?: number;
  readonly maxSockets?: number;
}

export interface ScenarioResult {
  readonly load: LoadResult;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly rssStartKiB: number;
  readonly rssEndKiB: number;
  readonly rssPeakKiB: number;
  /** RSS sampled about once a second, to tell warm-up (a plateau) from a leak (steady growth). */
  readonly rssSamplesKiB: readonly number[];
  /** V8 heap in use per /metrics (nodejs_heap_size_used_bytes), before and after the load. */
  readonly heapUsedStartBytes: number;
  readonly heapUsedEndBytes: number;
  readonly rotations: number;
  /** Distinct serving certificates seen on new connections. */
  readonly certificatesSeen: number;
  /** Fingerprints seen that belong to none of the scenario's certificates (must stay empty). */
  readonly unknownCertificates: readonly string[];
  readonly reloadsReported: number;
  readonly pidUnchanged: boolean;
  readonly webhookLog: string;
}

function metricValue(text: string, name: string, labels: string): number {
  const prefix = labels === '' ? `${name} ` : `${name}{${labels}}`;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

export async function runLoadScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const rotateEvery = options.rotateEveryMs;
  const rotationCount = rotateEvery === undefined ? 0 : Math.max(0, Math.ceil(options.durationMs / rotateEvery) - 1);
  const serving = await generateCertificates();
  const spares = await Promise.all(Array.from({ length: rotationCount }, () => generateCertificates()));
  const cas = [serving, ...spares].map((dir) => readFileSync(join(dir, 'ca.crt')));
  const known = new Set([serving, ...spares].map((dir) => new X509Certificate(readFileSync(join(dir, 'tls.crt'))).fingerprint256));
  const webhook = await startWebhook({ certDir: serving });
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 16 });
  const body = JSON.stringify(explicitFailReview('load'));
  const fingerprints = new Set<string>();
  const heapUsed = async () =>
    metricValue(
      (await send(webhook.port, { agent: false, ca: cas, path: '/metrics', method: 'GET' })).body,
      'nodejs_heap_size_used_bytes',
      '',
    );
  const heapUsedStart = await heapUsed();
  const rssStart = webhook.rssKiB();
  const rssSamples: number[] = [];
  let rssPeak = rssStart;
  let rotated = 0;
  try {
    const load = await runFixedRate({
      ratePerSecond: options.ratePerSecond,
      durationMs: options.durationMs,
      tick: (elapsed) => {
        const rss = webhook.rssKiB();
        rssSamples.push(rss);
        rssPeak = Math.max(rssPeak, rss);
        if (rotateEvery !== undefined && rotated < spares.length && elapsed >= (rotated + 1) * rotateEvery) {
          rotateCertificates(spares[rotated] as string, serving);
          rotated += 1;
        }
      },
      send: async (i) => {
        const fresh = options.freshConnectionEvery !== undefined && i % options.freshConnectionEvery === 0;
        const reply = await send(webhook.port, {
          agent: fresh ? false : agent,
          ca: cas,
          body,
          onCertificate: (fp) => fingerprints.add(fp),
        });
        if (reply.status !== 200) return reply.status === undefined ? `no response: ${reply.error}` : `HTTP ${reply.status}`;
        return reply.body.includes('"patchType":"JSONPatch"') ? undefined : 'answer without the patch';
      },
    });
    const rssEnd = webhook.rssKiB();
    const heapUsedEnd = await heapUsed();
    const metrics = await send(webhook.port, { agent: false, ca: cas, path: '/metrics', method: 'GET' });
    return {
      load,
      errors: errorCount(load),
      p50Ms: percentile(load.latenciesMs, 50),
      p99Ms: percentile(load.latenciesMs, 99),
      maxMs: percentile(load.latenciesMs, 100),
      rssStartKiB: rssStart,
      rssEndKiB: rssEnd,
      rssPeakKiB: Math.max(rssPeak, rssEnd),
      rssSamplesKiB: rssSamples,
      heapUsedStartBytes: heapUsedStart,
      heapUsedEndBytes: heapUsedEnd,
      rotations: rotated,
      certificatesSeen: [...fingerprints].filter((fp) => known.has(fp)).length,
      unknownCertificates: [...fingerprints].filter((fp) => !known.has(fp)),
      reloadsReported: metricValue(metrics.body, 'workspace_webhook_tls_reloads_total', 'result="success"'),
      pidUnchanged: webhook.alive(),
      webhookLog: webhook.output(),
    };
  } finally {
    agent.destroy();
    await webhook.stop();
  }
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** One line for the test output and the docs. */
export function describeResult(r: ScenarioResult): string {
  return [
    `${r.load.sent} requests in ${(r.load.elapsedMs / 1000).toFixed(1)} s, ${r.errors} errors`,
    `p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, max ${r.maxMs.toFixed(2)} ms`,
    `RSS start ${mib(r.rssStartKiB * 1024)}, end ${mib(r.rssEndKiB * 1024)}, peak ${mib(r.rssPeakKiB * 1024)}`,
    `RSS at 1/4, 1/2, 3/4 of the run ${[0.25, 0.5, 0.75].map((f) => mib((r.rssSamplesKiB[Math.floor(f * r.rssSamplesKiB.length)] ?? 0) * 1024)).join(', ')}`,
    `heap used start ${mib(r.heapUsedStartBytes)}, end ${mib(r.heapUsedEndBytes)}`,
    ...(r.rotations > 0
      ? [`${r.rotations} rotations, ${r.certificatesSeen} serving certificates seen, ${r.reloadsReported} reloads reported`]
      : []),
  ].join('; ');
}
