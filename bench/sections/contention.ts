// Section 4: N concurrent markers on one pod, each setting its own annotation.
import { adminClient, createNamespace, createWorkspace, getText, suffix } from '../cluster-client.js';
import { histogramDelta, histogramMean, readHistogram } from '../prometheus.js';
import { num, percent, times } from '../markdown.js';
import { Mode, type Section } from '../section.js';
import { elapsedMs, ratio, summarize, type Summary } from '../stats.js';
import { Strategy, writers, type WriteOutcome } from '../strategies.js';
import type { Pod } from '../../shared/kube/workspaces.js';
import { ApiError } from '../../shared/kube/rest.js';

const MARKER_PREFIX = 'bench.kubectl-workspace.dev/marker-';

const labels: Readonly<Record<Strategy, string>> = {
  [Strategy.mergePatch]: 'ours: one JSON merge patch',
  [Strategy.readModifyWrite]: 'original: GET → PUT, DefaultBackoff',
};

interface Round {
  readonly writers: number;
  readonly strategy: Strategy;
  readonly succeeded: number;
  readonly failures: Readonly<Record<string, number>>;
  /** One message per kind of failure, as the client saw it. */
  readonly failureMessages: Readonly<Record<string, string>>;
  readonly totalMs: number;
  readonly latencyMs: Summary;
  readonly attempts: Summary;
  /** Marker annotations found on the pod afterwards: equal to `succeeded` unless an update was lost. */
  readonly markersPresent: number;
  /** Mean time the API server spent on this round's writes (PATCH or PUT of pods), from its own histogram. */
  readonly serverWriteMeanMs: number | undefined;
}

const writeVerb: Readonly<Record<Strategy, string>> = { [Strategy.mergePatch]: 'PATCH', [Strategy.readModifyWrite]: 'PUT' };

async function serverWrites(ctx: Parameters<Section>[0], verb: string) {
  return readHistogram(await getText(ctx.cp, '/metrics'), 'apiserver_request_duration_seconds', { verb, resource: 'pods', dry_run: '' });
}

/** Successful writes per second of a round. */
function goodput(r: Round | undefined): number | undefined {
  return r === undefined ? undefined : (r.succeeded / r.totalMs) * 1000;
}

async function runRound(ctx: Parameters<Section>[0], ns: string, n: number, strategy: Strategy): Promise<Round> {
  const client = adminClient(ctx.cp);
  try {
    const id = `c${n}-${strategy.toLowerCase()}-${suffix()}`;
    await createWorkspace(client, ns, id, false);
    // Open the connections first, so the round measures writes rather than TLS handshakes.
    await Promise.all(Array.from({ length: n }, () => client.get('/version')));
    const write = writers[strategy];
    const failureMessages: Record<string, string> = {};
    const before = await serverWrites(ctx, writeVerb[strategy]);
    const started = process.hrtime.bigint();
    const outcomes = await Promise.all(
      Array.from({ length: n }, async (_, i): Promise<WriteOutcome & { ms: number }> => {
        const t = process.hrtime.bigint();
        const outcome = await write(client, ns, id, `${MARKER_PREFIX}${i}`, 'set').catch((err: unknown): WriteOutcome => {
          const failure = err instanceof ApiError ? `${err.statusCode} ${err.reason}` : ((err as Error)?.name ?? 'Error');
          if (!(failure in failureMessages)) failureMessages[failure] = String((err as Error)?.message ?? err).slice(0, 300);
          return { ok: false, attempts: 0, failure };
        });
        return { ...outcome, ms: elapsedMs(t) };
      }),
    );
    const totalMs = elapsedMs(started);
    const serverMean = histogramMean(histogramDelta(await serverWrites(ctx, writeVerb[strategy]), before));
    const pod = (await client.get<{ items: Pod[] }>(`/api/v1/namespaces/${ns}/pods`, { labelSelector: `workspaceID=${id}` })).items[0];
    const markersPresent = Object.keys(pod?.metadata?.annotations ?? {}).filter((k) => k.startsWith(MARKER_PREFIX)).length;
    const failures: Record<string, number> = {};
    for (const o of outcomes) if (!o.ok) failures[o.failure ?? 'Error'] = (failures[o.failure ?? 'Error'] ?? 0) + 1;
    return {
      writers: n,
      strategy,
      succeeded: outcomes.filter((o) => o.ok).length,
      failures,
      failureMessages,
      totalMs,
      latencyMs: summarize(outcomes.map((o) => o.ms)),
      attempts: summarize(outcomes.map((o) => o.attempts)),
      markersPresent,
      serverWriteMeanMs: serverMean === undefined ? undefined : serverMean * 1000,
    };
  } finally {
    client.close();
  }
}

export const contentionSection: Section = async (ctx) => {
  const sizes = ctx.mode === Mode.quick ? [10, 50] : [10, 50, 200];
  const client = adminClient(ctx.cp);
  const ns = await createNamespace(client, `bench-contention-${suffix()}`);
  client.close();
  const rounds: Round[] = [];
  for (const [k, n] of sizes.entries()) {
    // Alternate which strategy goes first at each size.
    const order = k % 2 === 0 ? [Strategy.mergePatch, Strategy.readModifyWrite] : [Strategy.readModifyWrite, Strategy.mergePatch];
    for (const s of order) rounds.push(await runRound(ctx, ns, n, s));
    ctx.log(`contention: ${n} writers done`);
  }
  const find = (n: number, s: Strategy) => rounds.find((r) => r.writers === n && r.strategy === s);
  const rows = sizes.flatMap((n) =>
    [Strategy.mergePatch, Strategy.readModifyWrite].map((s) => {
      const r = find(n, s) as Round;
      const peer = find(n, Strategy.readModifyWrite);
      const failures = Object.entries(r.failures).map(([name, count]) => `${count} ${name}`).join(', ') || 'none';
      return [
        String(n),
        labels[s],
        `${r.succeeded}/${n} (${percent(r.succeeded, n)})`,
        num(r.totalMs),
        num(goodput(r)),
        s === Strategy.mergePatch ? times(ratio(r.totalMs, peer?.totalMs)) : '1×',
        `${num(r.latencyMs.median)} / ${num(r.latencyMs.p99)}`,
        `${num(r.attempts.mean)} / ${num(r.attempts.max)}`,
        `${writeVerb[s]} ${num(r.serverWriteMeanMs)}`,
        String(r.markersPresent),
        failures,
      ];
    }),
  );
  const messages = new Map<string, string>();
  for (const r of rounds) for (const [kind, message] of Object.entries(r.failureMessages)) if (!messages.has(kind)) messages.set(kind, message);
  const failureNotes = [...messages].map(([kind, message]) => `Failure "${kind}", first message seen: ${message}`);
  return {
    key: 'contention',
    title: '4. Contention: N concurrent markers on one pod',
    notes: [
      'In-process: N concurrent promises in one Node process, over one keep-alive HTTPS agent per round (N connections opened before the clock starts).',
      'Each writer sets a different annotation on the same pod; both strategies first find the pod by its workspaceID label, as the original did.',
      'Original = GET (list by label) → modify annotations → PUT with resourceVersion, retried on 409 Conflict by shared retryOnConflict with DEFAULT_BACKOFF (client-go DefaultBackoff: 4 attempts, sleeps 10/50/250 ms, jitter 0.1); a writer that still conflicts after 4 attempts counts as failed.',
      'Ratio = total time of ours / total time of the original at the same N. The original\'s total includes writers that gave up early, so compare successful writes/s too.',
      'A merge patch carries no resourceVersion: the API server itself re-reads and re-applies it when its etcd write conflicts, so ours never fails but waits in that queue under contention; "server ms per write" (apiserver_request_duration_seconds of the round\'s PATCHes or PUTs, mean = sum / count) shows where the time goes.',
      ...failureNotes,
    ],
    tables: [
      {
        headers: ['N', 'strategy', 'succeeded', 'total ms', 'successful writes/s', 'ratio (total)', 'per-writer p50 / p99 ms', 'attempts mean / max', 'server ms per write (mean)', 'markers on pod', 'failures'],
        rows,
      },
    ],
    data: {
      rounds,
      ratios: Object.fromEntries(
        sizes.map((n) => [
          String(n),
          {
            totalTimeOursToOriginal: ratio(find(n, Strategy.mergePatch)?.totalMs, find(n, Strategy.readModifyWrite)?.totalMs),
            successfulWritesPerSecondOursToOriginal: ratio(goodput(find(n, Strategy.mergePatch)), goodput(find(n, Strategy.readModifyWrite))),
            successRateOurs: (find(n, Strategy.mergePatch)?.succeeded ?? 0) / n,
            successRateOriginal: (find(n, Strategy.readModifyWrite)?.succeeded ?? 0) / n,
          },
        ]),
      ),
    },
  };
};
