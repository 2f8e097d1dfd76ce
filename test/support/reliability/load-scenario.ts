// The webhook process under fixed-rate HTTPS load, optionally with its serving certificate rotated on a schedule.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'node:https';
import { send } from './https-client.js';
import { errorCount, percentile, runFixedRate, type LoadResult } from './load.js';
import { podUpdateReview } from './reviews.js';
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
  readonly rotations: number;
  /** Distinct serving certificates seen on new connections. */
  readonly certificatesSeen: number;
  readonly reloadsReported: number;
  readonly pidUnchanged: boolean;
  readonly webhookLog: string;
}

function metricValue(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

export async function runLoadScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const rotateEvery = options.rotateEveryMs;
  const rotationCount = rotateEvery === undefined ? 0 : Math.max(0, Math.ceil(options.durationMs / rotateEvery) - 1);
  const serving = await generateCertificates();
  const spares = await Promise.all(Array.from({ length: rotationCount }, () => generateCertificates()));
  const cas = [serving, ...spares].map((dir) => readFileSync(join(dir, 'ca.crt')));
  const webhook = await startWebhook({ certDir: serving });
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 16 });
  const body = JSON.stringify(podUpdateReview('load'));
  const fingerprints = new Set<string>();
  const rssStart = webhook.rssKiB();
  let rssPeak = rssStart;
  let rotated = 0;
  try {
    const load = await runFixedRate({
      ratePerSecond: options.ratePerSecond,
      durationMs: options.durationMs,
      tick: (elapsed) => {
        rssPeak = Math.max(rssPeak, webhook.rssKiB());
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
      rotations: rotated,
      certificatesSeen: fingerprints.size,
      reloadsReported: metricValue(metrics.body, 'workspace_webhook_tls_reloads_total', 'result="success"'),
      pidUnchanged: webhook.alive(),
      webhookLog: webhook.output(),
    };
  } finally {
    agent.destroy();
    await webhook.stop();
  }
}

/** One line for the test output and the docs. */
export function describeResult(r: ScenarioResult): string {
  return [
    `${r.load.sent} requests in ${(r.load.elapsedMs / 1000).toFixed(1)} s, ${r.errors} errors`,
    `p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, max ${r.maxMs.toFixed(2)} ms`,
    `RSS start ${(r.rssStartKiB / 1024).toFixed(1)} MiB, end ${(r.rssEndKiB / 1024).toFixed(1)} MiB, peak ${(r.rssPeakKiB / 1024).toFixed(1)} MiB`,
    ...(r.rotations > 0 ? [`${r.rotations} rotations, ${r.certificatesSeen} serving certificates seen, ${r.reloadsReported} reloads reported`] : []),
  ].join('; ');
}
