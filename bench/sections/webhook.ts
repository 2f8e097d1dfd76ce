// Section 3a: the webhook's throughput and latency at a fixed concurrency, next to a bare
// node:https server making the same decision and the same rule written with controller-runtime,
// each a separate process on this machine, all loaded by wrk.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { samplePod } from '../../cluster/samples.js';
import { ensureControllerRuntimePeer } from '../controller-runtime-peer.js';
import { measuredNodeVersion } from '../measured-node.js';
import { podUpdateReview } from '../../cluster/admission-review.js';
import { num, times } from '../markdown.js';
import { Mode, type Section } from '../section.js';
import {
  buildPlainWebhook,
  generateServingCert,
  startControllerRuntimeWebhook,
  startPlainWebhook,
  startProductWebhook,
  type RunningServer,
} from '../servers.js';
import { cpuSeconds } from '../proc-cpu.js';
import { ratio, summarize, type Summary } from '../stats.js';
import { isWarm, warmupTotals, type WarmupRule, type WarmupSlice } from '../warmup.js';
import { postOnce } from '../webhook-load.js';
import { findWrk, runWrk, toLoadResult, WRK_INSTALL_HINT, type LoadResult } from '../wrk.js';

export const CONCURRENCY = 16;
/** One wrk thread: the generator keeps one core at most, as the server under test does. */
export const WRK_THREADS = 1;

/** An UPDATE review of a workspace pod that just got explicitFail: the request the webhook exists for. */
export function sampleReview(): Buffer {
  const pod = samplePod({ id: 'load-1', namespace: 'bench', annotations: { 'gitpod/explicitFail': 'headless task failed' } });
  const oldPod = samplePod({ id: 'load-1', namespace: 'bench' });
  return Buffer.from(JSON.stringify(podUpdateReview({ pod, oldPod, uid: '5f0c3d3e-1111-4c2b-9d5c-1c6a2f3b4d5e' })));
}

/** Every server must answer the review with the failedBeforeStopping patch, or the comparison is void. */
async function expectPatch(label: string, url: string, ca: string, body: Buffer): Promise<void> {
  const answer = await postOnce(url, ca, body);
  const response = (JSON.parse(answer.body) as { response?: { allowed?: boolean; patch?: string } }).response;
  const patch = Buffer.from(response?.patch ?? '', 'base64').toString('utf8');
  if (answer.status !== 200 || response?.allowed !== true || !patch.includes('gitpod~1failedBeforeStopping')) {
    throw new Error(
      `${label} answered ${answer.status} ${answer.body.slice(0, 300)}; expected an allowed review with the failedBeforeStopping patch`,
    );
  }
}

const PeerKey = { product: 'product', plain: 'plain', controllerRuntime: 'controllerRuntime' } as const;
type PeerKey = (typeof PeerKey)[keyof typeof PeerKey];

interface Peer {
  readonly key: PeerKey;
  readonly label: string;
  readonly start: () => Promise<RunningServer>;
}

interface PeerFigures {
  readonly server: string;
  readonly requests: number;
  readonly errors: number;
  readonly requestsPerSecond: Summary;
  readonly latencyMs: Summary;
  readonly cpuUsPerRequest: Summary | undefined;
  /** Seconds and requests each round's warm-up took. */
  readonly warmupSeconds: Summary;
  readonly warmupRequests: Summary;
}

/** One server's turn in one round: its warm-up and the measured load after it. */
interface Turn {
  readonly warmup: WarmupSlice;
  readonly load: LoadResult;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The server's CPU time (all its threads) over the measured requests; undefined without /proc. */
  readonly cpuUsPerRequest: number | undefined;
}

/** ours / peer for requests/s, p50 and p99, with the median and spread of the per-round ratios. */
function compare(ours: readonly Turn[], peer: readonly Turn[], fOurs: PeerFigures | undefined, fPeer: PeerFigures | undefined) {
  // Turns of one round ran back to back, so their ratio is least touched by drift in machine load.
  const perRound = (f: (t: Turn) => number) => {
    const rs = ours.map((t, i) => ratio(f(t), peer[i] && f(peer[i]))).filter((x): x is number => x !== undefined);
    return rs.length === 0 ? undefined : summarize(rs);
  };
  return {
    requestsPerSecond: ratio(fOurs?.requestsPerSecond.median, fPeer?.requestsPerSecond.median),
    requestsPerSecondPerRound: perRound((t) => t.load.requestsPerSecond),
    p50: ratio(fOurs?.latencyMs.median, fPeer?.latencyMs.median),
    p99: ratio(fOurs?.latencyMs.p99, fPeer?.latencyMs.p99),
    p50PerRound: perRound((t) => t.p50Ms),
    p99PerRound: perRound((t) => t.p99Ms),
    cpuPerRequestPerRound: perRound((t) => t.cpuUsPerRequest ?? Number.NaN),
  };
}

export const webhookSection: Section = async (ctx) => {
  const title = `3a. Webhook: requests/s and latency at concurrency ${CONCURRENCY}`;
  const wrk = findWrk();
  if (wrk === undefined) {
    // The bench's own Node generator saturates below the webhook, so without wrk there is no figure worth a ratio.
    const message = `wrk is not installed, so this section measured nothing and gives no webhook ratio: ${WRK_INSTALL_HINT}, then run \`npm run bench -- --only webhook\`.`;
    ctx.log(`webhook: ${message}`);
    return { key: 'webhook', title, notes: [message], tables: [], data: { skipped: message } };
  }
  const quick = ctx.mode === Mode.quick;
  // Many short alternated rounds: on a shared machine a burst of other work then spoils one round, not one peer.
  const rounds = quick ? 3 : 6;
  const durationMs = quick ? 2000 : 4000;
  // Every fresh process is loaded until it is warm by the same rule (bench/warmup.ts): a number of
  // requests, so each JIT sees as many calls, and a rate that stopped rising.
  const warmupRule: WarmupRule = quick
    ? { minMs: 2000, minRequests: 15_000, maxMs: 10_000, risingBy: 0.05 }
    : { minMs: 3000, minRequests: 40_000, maxMs: 20_000, risingBy: 0.05 };
  const certDir = join(ctx.workDir, 'webhook-load-cert');
  mkdirSync(certDir, { recursive: true });
  const cert = await generateServingCert(ctx.webhookBin, certDir);
  const body = sampleReview();
  const bodyFile = join(ctx.workDir, 'webhook-review.json');
  writeFileSync(bodyFile, body);
  const plainBundle = await buildPlainWebhook(ctx.repoRoot, join(ctx.workDir, 'plain-webhook.cjs'));
  const goPeer = ensureControllerRuntimePeer(ctx.repoRoot, ctx.log);
  const peers: readonly Peer[] = [
    { key: PeerKey.product, label: 'workspace-webhook serve (release copy)', start: () => startProductWebhook(ctx.webhookBin, cert) },
    { key: PeerKey.plain, label: 'bare node:https + same decide()', start: () => startPlainWebhook(plainBundle, cert) },
    {
      key: PeerKey.controllerRuntime,
      label: `controller-runtime ${goPeer.versions.controllerRuntime} (${goPeer.goVersion})`,
      start: () => startControllerRuntimeWebhook(goPeer.binary, cert),
    },
  ];
  const load = (url: string, ms: number) =>
    runWrk({ wrk, url, bodyFile, threads: WRK_THREADS, connections: CONCURRENCY, durationMs: ms, timeoutMs: 10_000 });
  const warmUp = async (url: string): Promise<WarmupSlice> => {
    const slices: WarmupSlice[] = [];
    while (!isWarm(slices, warmupRule)) {
      const slice = await load(url, 1000);
      slices.push({ ms: slice.durationUs / 1000, requests: slice.requests });
    }
    return warmupTotals(slices);
  };
  const turns: Record<PeerKey, Turn[]> = { product: [], plain: [], controllerRuntime: [] };
  const orders: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = peers.map((_, j) => peers[(round + j) % peers.length] as Peer);
    orders.push(order.map((p) => p.key).join(' → '));
    for (const peer of order) {
      // A fresh process per round, so one peer's garbage or JIT state never carries into another's turn.
      const server = await peer.start();
      try {
        await expectPatch(peer.label, server.url, cert.caPem, body);
        const warmup = await warmUp(server.url);
        const cpuBefore = cpuSeconds(server.pid);
        const measured = toLoadResult(await load(server.url, durationMs));
        const cpuAfter = cpuSeconds(server.pid);
        const latency = summarize(measured.latenciesMs);
        const cpuUsPerRequest =
          cpuBefore === undefined || cpuAfter === undefined || measured.requests === 0
            ? undefined
            : ((cpuAfter - cpuBefore) * 1e6) / measured.requests;
        turns[peer.key].push({ warmup, load: measured, p50Ms: latency.median, p99Ms: latency.p99, cpuUsPerRequest });
      } finally {
        await server.stop();
      }
    }
  }
  ctx.log(`webhook: ${rounds} rounds of ${durationMs / 1000} s per server done`);

  const figures = Object.fromEntries(
    peers.map((p): [PeerKey, PeerFigures] => {
      const ts = turns[p.key];
      return [
        p.key,
        {
          server: p.label,
          requests: ts.reduce((a, t) => a + t.load.requests, 0),
          errors: ts.reduce((a, t) => a + t.load.errors, 0),
          requestsPerSecond: summarize(ts.map((t) => t.load.requestsPerSecond)),
          latencyMs: summarize(ts.flatMap((t) => t.load.latenciesMs)),
          cpuUsPerRequest: ts.every((t) => t.cpuUsPerRequest !== undefined)
            ? summarize(ts.map((t) => t.cpuUsPerRequest as number))
            : undefined,
          warmupSeconds: summarize(ts.map((t) => t.warmup.ms / 1000)),
          warmupRequests: summarize(ts.map((t) => t.warmup.requests)),
        },
      ];
    }),
  ) as Record<PeerKey, PeerFigures>;
  const toPlain = compare(turns.product, turns.plain, figures.product, figures.plain);
  const toGo = compare(turns.product, turns.controllerRuntime, figures.product, figures.controllerRuntime);
  const rows = peers.map((p) => {
    const f = figures[p.key];
    const vs = p.key === PeerKey.plain ? toPlain : p.key === PeerKey.controllerRuntime ? toGo : undefined;
    return [
      p.label,
      num(f.requestsPerSecond.median),
      `${num(f.requestsPerSecond.min)} / ${num(f.requestsPerSecond.max)}`,
      num(f.latencyMs.median),
      num(f.latencyMs.p99),
      num(f.cpuUsPerRequest?.median),
      String(f.errors),
      `${num(f.warmupSeconds.median)} s, ${num(f.warmupRequests.median)}`,
      vs === undefined ? '–' : times(vs.requestsPerSecondPerRound?.median),
      vs === undefined ? '–' : `${times(vs.p50PerRound?.median)} / ${times(vs.p99PerRound?.median)}`,
      vs === undefined ? '–' : times(vs.cpuPerRequestPerRound?.median),
    ];
  });
  const roundRows = turns.product.map((ours, i) => {
    const plain = turns.plain[i];
    const go = turns.controllerRuntime[i];
    return [
      String(i + 1),
      orders[i] ?? '',
      `${num(ours.load.requestsPerSecond)} / ${num(plain?.load.requestsPerSecond)} / ${num(go?.load.requestsPerSecond)}`,
      `${num(ours.p99Ms)} / ${num(plain?.p99Ms)} / ${num(go?.p99Ms)}`,
      times(ratio(ours.load.requestsPerSecond, plain?.load.requestsPerSecond)),
      times(ratio(ours.p99Ms, plain?.p99Ms)),
      times(ratio(ours.cpuUsPerRequest, plain?.cpuUsPerRequest)),
      times(ratio(ours.load.requestsPerSecond, go?.load.requestsPerSecond)),
    ];
  });
  const perRound = (name: string, r: ReturnType<typeof compare>) =>
    `Per-round ratios, ours / ${name} in the same round: requests/s median ${times(r.requestsPerSecondPerRound?.median)} (min ${times(r.requestsPerSecondPerRound?.min)}, max ${times(r.requestsPerSecondPerRound?.max)}), p99 median ${times(r.p99PerRound?.median)} (min ${times(r.p99PerRound?.min)}, max ${times(r.p99PerRound?.max)}).`;
  const rule = warmupRule;
  return {
    key: 'webhook',
    title,
    notes: [
      `Load: wrk -t${WRK_THREADS} -c${CONCURRENCY} (bench/wrk-post.lua), closed loop over ${CONCURRENCY} keep-alive HTTPS connections, each sending its next AdmissionReview (an UPDATE of a ${body.length}-byte review of a workspace pod that gains gitpod/explicitFail, so every answer carries a patch) as soon as the last was answered.`,
      `${rounds} rounds, each starting every server afresh in rotating order. A fresh server is loaded by wrk in 1 s slices until warm by one rule for all: at least ${rule.minMs / 1000} s and ${num(rule.minRequests)} requests, and a rate no longer rising by more than ${rule.risingBy * 100} % from one slice to the next (at most ${rule.maxMs / 1000} s); then ${durationMs / 1000} s are measured. requests/s: median (min / max) of the rounds; latency: wrk's histograms of all measured requests pooled. The warm-up column is the median time and requests it took.`,
      `Both Node.js servers run as \`node <bundle>\` with Node.js ${measuredNodeVersion()} (scripts/node-runtime.sh 24, the runtime the image ships; runs up to 2026-12-02 14:44 used the bench's own Node.js, the header's), no flags and no CPU pinning, their bundles built with the same esbuild options (scripts/bundle-options.mjs), and listen with the same TLS and keep-alive options (webhook/listener-options.ts); wrk runs alike against each.`,
      "Ours runs as a user runs it on a host: dist/workspace-webhook copied alone into the bench's temporary directory, outside the repository (no package.json or node_modules above it).",
      "The bare peer is node:https calling the same decide() with no validation, body limit, metrics or logging: the difference is the cost of the product's transport.",
      "The Go peer is the same rule written with controller-runtime's admission.Handler (decode the Pod, set the annotation, PatchResponseFromRaw) on its webhook.Server, as a kubebuilder project would (bench/peers/controller-runtime); it uses every core it is given.",
      'The ratio columns are ours / that row, each the median over the rounds of the ratio within a round (the servers of one round ran back to back, so drift in machine load cancels best there): for requests/s above 1× ours is faster, for latency and CPU below 1× ours is cheaper. latest.json also keeps the ratios of the pooled figures.',
      "CPU µs / request: the server process's CPU time over the measured seconds (all its threads: JIT compilers, garbage collector, libuv pool; from /proc/<pid>/stat) divided by the requests it answered. Unlike requests/s it does not count time spent waiting for a core, so other work on the machine disturbs it less.",
      'wrk and the server share the cores, so absolute figures are a floor; the ratios are the point.',
      perRound('bare', toPlain),
      perRound('controller-runtime', toGo),
    ],
    tables: [
      {
        headers: [
          'server',
          'requests/s (median)',
          'min / max',
          'p50 ms',
          'p99 ms',
          'CPU µs / request',
          'errors',
          'warm-up (s, requests)',
          'ours / this: req/s',
          'ours / this: p50 / p99',
          'ours / this: CPU / request',
        ],
        rows,
      },
      {
        headers: [
          'round',
          'order',
          'requests/s: ours / bare / controller-runtime',
          'p99 ms: ours / bare / controller-runtime',
          'ours / bare (req/s)',
          'ours / bare (p99)',
          'ours / bare (CPU / request)',
          'ours / controller-runtime (req/s)',
        ],
        rows: roundRows,
      },
    ],
    data: {
      generator: `wrk -t${WRK_THREADS} -c${CONCURRENCY}`,
      concurrency: CONCURRENCY,
      rounds,
      durationMs,
      warmupRule: rule,
      bodyBytes: body.length,
      peers: figures,
      perRound: turns.product.map((ours, i) => ({
        order: orders[i],
        ...Object.fromEntries(
          peers.map((p) => {
            const t = turns[p.key][i];
            return [
              p.key,
              t && {
                requestsPerSecond: t.load.requestsPerSecond,
                p50Ms: t.p50Ms,
                p99Ms: t.p99Ms,
                cpuUsPerRequest: t.cpuUsPerRequest,
                warmup: t.warmup,
              },
            ];
          }),
        ),
        requestsPerSecondProductToPlain: ratio(ours.load.requestsPerSecond, turns.plain[i]?.load.requestsPerSecond),
        p99ProductToPlain: ratio(ours.p99Ms, turns.plain[i]?.p99Ms),
        cpuPerRequestProductToPlain: ratio(ours.cpuUsPerRequest, turns.plain[i]?.cpuUsPerRequest),
      })),
      ratios: {
        requestsPerSecondProductToPlain: toPlain.requestsPerSecond,
        requestsPerSecondProductToPlainPerRound: toPlain.requestsPerSecondPerRound,
        p50ProductToPlain: toPlain.p50,
        p99ProductToPlain: toPlain.p99,
        p50ProductToPlainPerRound: toPlain.p50PerRound,
        p99ProductToPlainPerRound: toPlain.p99PerRound,
        cpuPerRequestProductToPlainPerRound: toPlain.cpuPerRequestPerRound,
        requestsPerSecondProductToControllerRuntime: toGo.requestsPerSecond,
        requestsPerSecondProductToControllerRuntimePerRound: toGo.requestsPerSecondPerRound,
        p50ProductToControllerRuntime: toGo.p50,
        p99ProductToControllerRuntime: toGo.p99,
        p99ProductToControllerRuntimePerRound: toGo.p99PerRound,
        cpuPerRequestProductToControllerRuntimePerRound: toGo.cpuPerRequestPerRound,
      },
    },
  };
};
