// Section 3a: the webhook's throughput and latency at a fixed concurrency, next to a bare
// node:https server making the same decision, both as separate processes on this machine.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { samplePod } from '../../cluster/samples.js';
import { podUpdateReview } from '../../test/support/admission-review.js';
import { num, times } from '../markdown.js';
import { Mode, type Section } from '../section.js';
import { generateServingCert, startPlainWebhook, startProductWebhook, type RunningServer } from '../servers.js';
import { ratio, summarize } from '../stats.js';
import { postOnce, runLoad, type LoadResult } from '../webhook-load.js';

export const CONCURRENCY = 16;

/** An UPDATE review of a workspace pod that just got explicitFail: the request the webhook exists for. */
export function sampleReview(): Buffer {
  const pod = samplePod({ id: 'load-1', namespace: 'bench', annotations: { 'gitpod/explicitFail': 'headless task failed' } });
  const oldPod = samplePod({ id: 'load-1', namespace: 'bench' });
  return Buffer.from(JSON.stringify(podUpdateReview({ pod, oldPod, uid: '5f0c3d3e-1111-4c2b-9d5c-1c6a2f3b4d5e' })));
}

/** Both servers must answer the review with the failedBeforeStopping patch, or the comparison is void. */
async function expectPatch(label: string, url: string, ca: string, body: Buffer): Promise<void> {
  const answer = await postOnce(url, ca, body);
  const response = (JSON.parse(answer.body) as { response?: { allowed?: boolean; patch?: string } }).response;
  const patch = Buffer.from(response?.patch ?? '', 'base64').toString('utf8');
  if (answer.status !== 200 || response?.allowed !== true || !patch.includes('gitpod~1failedBeforeStopping')) {
    throw new Error(`${label} answered ${answer.status} ${answer.body.slice(0, 300)}; expected an allowed review with the failedBeforeStopping patch`);
  }
}

interface Peer {
  readonly key: 'product' | 'plain';
  readonly label: string;
  readonly start: () => Promise<RunningServer>;
}

export const webhookSection: Section = async (ctx) => {
  const quick = ctx.mode === Mode.quick;
  // Many short alternated rounds: on a shared machine a burst of other work then spoils one round, not one peer.
  const rounds = quick ? 3 : 6;
  const durationMs = quick ? 2000 : 4000;
  const warmupMs = quick ? 500 : 1000;
  const certDir = join(ctx.workDir, 'webhook-load-cert');
  mkdirSync(certDir, { recursive: true });
  const cert = await generateServingCert(ctx.distDir, certDir);
  const body = sampleReview();
  const peers: readonly Peer[] = [
    { key: 'product', label: 'workspace-webhook serve (dist bundle)', start: () => startProductWebhook(ctx.distDir, cert) },
    { key: 'plain', label: 'bare node:https + same decide()', start: () => startPlainWebhook(ctx.repoRoot, cert) },
  ];
  const results: Record<Peer['key'], LoadResult[]> = { product: [], plain: [] };
  for (let round = 0; round < rounds; round++) {
    for (let j = 0; j < peers.length; j++) {
      const peer = peers[(round + j) % peers.length] as Peer;
      // A fresh process per round, so one peer's garbage or JIT state never carries into the other's turn.
      const server = await peer.start();
      try {
        await expectPatch(peer.label, server.url, cert.caPem, body);
        results[peer.key].push(await runLoad({ url: server.url, ca: cert.caPem, body, concurrency: CONCURRENCY, durationMs, warmupMs }));
      } finally {
        await server.stop();
      }
    }
  }
  ctx.log(`webhook: ${rounds} rounds of ${durationMs / 1000} s each done`);

  const figures = Object.fromEntries(
    peers.map((p) => {
      const rs = results[p.key];
      const latency = summarize(rs.flatMap((r) => r.latenciesMs));
      const rps = summarize(rs.map((r) => r.requestsPerSecond));
      return [p.key, { server: p.label, requests: rs.reduce((a, r) => a + r.requests, 0), errors: rs.reduce((a, r) => a + r.errors, 0), requestsPerSecond: rps, latencyMs: latency }];
    }),
  );
  const product = figures['product'];
  const plain = figures['plain'];
  // Rounds r of both peers ran back to back, so their ratio is least touched by drift in machine load.
  const pairedRatios = results.product.map((r, i) => ratio(r.requestsPerSecond, results.plain[i]?.requestsPerSecond)).filter((x): x is number => x !== undefined);
  const paired = pairedRatios.length === 0 ? undefined : summarize(pairedRatios);
  const rows = peers.map((p) => {
    const f = figures[p.key];
    const isProduct = p.key === 'product';
    return [
      p.label,
      num(f?.requestsPerSecond.median),
      `${num(f?.requestsPerSecond.min)} / ${num(f?.requestsPerSecond.max)}`,
      num(f?.latencyMs.median),
      num(f?.latencyMs.p99),
      String(f?.errors ?? 0),
      isProduct ? times(ratio(f?.requestsPerSecond.median, plain?.requestsPerSecond.median)) : '1×',
      isProduct ? `${times(ratio(f?.latencyMs.median, plain?.latencyMs.median))} / ${times(ratio(f?.latencyMs.p99, plain?.latencyMs.p99))}` : '1×',
    ];
  });
  return {
    key: 'webhook',
    title: `3a. Webhook: requests/s and latency at concurrency ${CONCURRENCY}`,
    notes: [
      `Closed loop: ${CONCURRENCY} workers in the bench process, each sending its next AdmissionReview (an UPDATE of a ${body.length}-byte workspace pod that gains gitpod/explicitFail, so every answer carries a patch) as soon as the last was answered, over ${CONCURRENCY} keep-alive HTTPS connections.`,
      `${rounds} rounds per server, alternated, each a fresh server process: ${warmupMs / 1000} s warm-up, then ${durationMs / 1000} s measured. requests/s: median (min / max) of the rounds; latency: over all measured requests.`,
      'The peer is a bare node:https server calling the same decide() with no validation, body limit, metrics or logging: the difference is the cost of the product\'s transport.',
      'Load generator and server share the 2 cores, so absolute figures are a floor; the ratio is the point.',
      `Per-round requests/s ratios (product / peer of the same round): median ${times(paired?.median)}, min ${times(paired?.min)}, max ${times(paired?.max)}.`,
    ],
    tables: [
      {
        headers: ['server', 'requests/s (median)', 'min / max', 'p50 ms', 'p99 ms', 'errors', 'ratio (req/s)', 'ratio (p50 / p99)'],
        rows,
      },
    ],
    data: {
      concurrency: CONCURRENCY,
      rounds,
      durationMs,
      bodyBytes: body.length,
      peers: figures,
      ratios: {
        requestsPerSecondProductToPlain: ratio(product?.requestsPerSecond.median, plain?.requestsPerSecond.median),
        requestsPerSecondProductToPlainPerRound: paired,
        p50ProductToPlain: ratio(product?.latencyMs.median, plain?.latencyMs.median),
        p99ProductToPlain: ratio(product?.latencyMs.p99, plain?.latencyMs.p99),
      },
    },
  };
};
