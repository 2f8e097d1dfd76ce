// Section 3a: the webhook's throughput and latency at a fixed concurrency, next to a bare
// node:https server making the same decision and the same rule written with controller-runtime,
// each a separate process on this machine, all loaded by wrk.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { samplePod } from '../../cluster/samples.js';
import { ensureControllerRuntimePeer } from '../controller-runtime-peer.js';
import { podUpdateReview } from '../../test/support/admission-review.js';
import { num, times } from '../markdown.js';
import { Mode, type Section } from '../section.js';
import {
  generateServingCert,
  startControllerRuntimeWebhook,
  startPlainWebhook,
  startProductWebhook,
  type RunningServer,
} from '../servers.js';
import { ratio, summarize, type Summary } from '../stats.js';
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
}

/** ours / peer for requests/s, p50 and p99, with the median and spread of the per-round requests/s ratios. */
function compare(ours: readonly LoadResult[], peer: readonly LoadResult[], fOurs: PeerFigures | undefined, fPeer: PeerFigures | undefined) {
  // Rounds r of both ran back to back, so their ratio is least touched by drift in machine load.
  const perRound = ours.map((r, i) => ratio(r.requestsPerSecond, peer[i]?.requestsPerSecond)).filter((x): x is number => x !== undefined);
  return {
    requestsPerSecond: ratio(fOurs?.requestsPerSecond.median, fPeer?.requestsPerSecond.median),
    requestsPerSecondPerRound: perRound.length === 0 ? undefined : summarize(perRound),
    p50: ratio(fOurs?.latencyMs.median, fPeer?.latencyMs.median),
    p99: ratio(fOurs?.latencyMs.p99, fPeer?.latencyMs.p99),
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
  // A fresh process needs a few seconds of load before its JIT settles, on this machine as on any.
  const warmupMs = quick ? 1000 : 3000;
  const certDir = join(ctx.workDir, 'webhook-load-cert');
  mkdirSync(certDir, { recursive: true });
  const cert = await generateServingCert(ctx.distDir, certDir);
  const body = sampleReview();
  const bodyFile = join(ctx.workDir, 'webhook-review.json');
  writeFileSync(bodyFile, body);
  const goPeer = ensureControllerRuntimePeer(ctx.repoRoot, ctx.log);
  const peers: readonly Peer[] = [
    { key: PeerKey.product, label: 'workspace-webhook serve (dist bundle)', start: () => startProductWebhook(ctx.distDir, cert) },
    { key: PeerKey.plain, label: 'bare node:https + same decide()', start: () => startPlainWebhook(ctx.repoRoot, cert) },
    {
      key: PeerKey.controllerRuntime,
      label: `controller-runtime ${goPeer.versions.controllerRuntime} (${goPeer.goVersion})`,
      start: () => startControllerRuntimeWebhook(goPeer.binary, cert),
    },
  ];
  const load = (url: string, ms: number) =>
    runWrk({ wrk, url, bodyFile, threads: WRK_THREADS, connections: CONCURRENCY, durationMs: ms, timeoutMs: 10_000 });
  const results: Record<PeerKey, LoadResult[]> = { product: [], plain: [], controllerRuntime: [] };
  for (let round = 0; round < rounds; round++) {
    for (let j = 0; j < peers.length; j++) {
      const peer = peers[(round + j) % peers.length] as Peer;
      // A fresh process per round, so one peer's garbage or JIT state never carries into another's turn.
      const server = await peer.start();
      try {
        await expectPatch(peer.label, server.url, cert.caPem, body);
        await load(server.url, warmupMs);
        results[peer.key].push(toLoadResult(await load(server.url, durationMs)));
      } finally {
        await server.stop();
      }
    }
  }
  ctx.log(`webhook: ${rounds} rounds of ${durationMs / 1000} s per server done`);

  const figures = Object.fromEntries(
    peers.map((p): [PeerKey, PeerFigures] => {
      const rs = results[p.key];
      return [
        p.key,
        {
          server: p.label,
          requests: rs.reduce((a, r) => a + r.requests, 0),
          errors: rs.reduce((a, r) => a + r.errors, 0),
          requestsPerSecond: summarize(rs.map((r) => r.requestsPerSecond)),
          latencyMs: summarize(rs.flatMap((r) => r.latenciesMs)),
        },
      ];
    }),
  ) as Record<PeerKey, PeerFigures>;
  const toPlain = compare(results.product, results.plain, figures.product, figures.plain);
  const toGo = compare(results.product, results.controllerRuntime, figures.product, figures.controllerRuntime);
  const rows = peers.map((p) => {
    const f = figures[p.key];
    const vs = p.key === PeerKey.plain ? toPlain : p.key === PeerKey.controllerRuntime ? toGo : undefined;
    return [
      p.label,
      num(f.requestsPerSecond.median),
      `${num(f.requestsPerSecond.min)} / ${num(f.requestsPerSecond.max)}`,
      num(f.latencyMs.median),
      num(f.latencyMs.p99),
      String(f.errors),
      vs === undefined ? '–' : times(vs.requestsPerSecond),
      vs === undefined ? '–' : `${times(vs.p50)} / ${times(vs.p99)}`,
    ];
  });
  const perRound = (name: string, r: ReturnType<typeof compare>) =>
    `Per-round requests/s ratios, ours / ${name} in the same round: median ${times(r.requestsPerSecondPerRound?.median)}, min ${times(r.requestsPerSecondPerRound?.min)}, max ${times(r.requestsPerSecondPerRound?.max)}.`;
  return {
    key: 'webhook',
    title,
    notes: [
      `Load: wrk -t${WRK_THREADS} -c${CONCURRENCY} (bench/wrk-post.lua), closed loop over ${CONCURRENCY} keep-alive HTTPS connections, each sending its next AdmissionReview (an UPDATE of a ${body.length}-byte review of a workspace pod that gains gitpod/explicitFail, so every answer carries a patch) as soon as the last was answered.`,
      `${rounds} rounds per server, in rotating order, each a fresh server process: ${warmupMs / 1000} s of wrk to warm up, then ${durationMs / 1000} s measured. requests/s: median (min / max) of the rounds; latency: wrk's histograms of all measured requests pooled.`,
      "The bare peer is node:https calling the same decide() with no validation, body limit, metrics or logging: the difference is the cost of the product's transport.",
      "The Go peer is the same rule written with controller-runtime's admission.Handler (decode the Pod, set the annotation, PatchResponseFromRaw) on its webhook.Server, as a kubebuilder project would (bench/peers/controller-runtime); it uses every core it is given.",
      'The ratio columns are ours / that row: for requests/s above 1× ours is faster, for latency below 1× ours is faster.',
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
          'errors',
          'ours / this (req/s)',
          'ours / this (p50 / p99)',
        ],
        rows,
      },
    ],
    data: {
      generator: `wrk -t${WRK_THREADS} -c${CONCURRENCY}`,
      concurrency: CONCURRENCY,
      rounds,
      durationMs,
      warmupMs,
      bodyBytes: body.length,
      peers: figures,
      ratios: {
        requestsPerSecondProductToPlain: toPlain.requestsPerSecond,
        requestsPerSecondProductToPlainPerRound: toPlain.requestsPerSecondPerRound,
        p50ProductToPlain: toPlain.p50,
        p99ProductToPlain: toPlain.p99,
        requestsPerSecondProductToControllerRuntime: toGo.requestsPerSecond,
        requestsPerSecondProductToControllerRuntimePerRound: toGo.requestsPerSecondPerRound,
        p50ProductToControllerRuntime: toGo.p50,
        p99ProductToControllerRuntime: toGo.p99,
      },
    },
  };
};
