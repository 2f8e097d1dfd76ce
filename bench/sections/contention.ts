// Section 4: N writers of one workspace, each over its own client and connection, as the admin and as a
// ServiceAccount, for marks (pod annotations) and PLIS patches (ConfigMap), against the same N one after another.
import { adminClient, adminTransport, createWorkspace, serviceAccountTransport } from '../../cluster/admin-client.js';
import { createNamespace, getText, suffix } from '../cluster-client.js';
import { histogramDelta, histogramMean, readHistogram } from '../prometheus.js';
import { num, percent, times } from '../markdown.js';
import { Mode, type Section } from '../section.js';
import { elapsedMs, ratio, summarize, type Summary } from '../stats.js';
import { MARKER_PREFIX, Strategy, WriteKind, writers } from '../strategies.js';
import type { ConfigMap, Pod } from '../../shared/kube/workspaces.js';
import { ApiError, KubeClient } from '../../shared/kube/rest.js';
import type { Transport } from '../../shared/kube/transport.js';

/** Who writes: the cluster admin (exempt from API Priority and Fairness) or a ServiceAccount bound to the operator role (not exempt). */
export const Identity = { admin: 'admin', serviceAccount: 'serviceAccount' } as const;
export type Identity = (typeof Identity)[keyof typeof Identity];

export const Schedule = { serial: 'serial', concurrent: 'concurrent' } as const;
export type Schedule = (typeof Schedule)[keyof typeof Schedule];

interface RoundPlan {
  readonly writers: number;
  readonly identity: Identity;
  readonly kind: WriteKind;
  readonly schedule: Schedule;
  readonly strategy: Strategy;
}

interface Round extends RoundPlan {
  readonly succeeded: number;
  readonly failures: Readonly<Record<string, number>>;
  /** One message per kind of failure, as the client saw it. */
  readonly failureMessages: Readonly<Record<string, string>>;
  readonly totalMs: number;
  readonly latencyMs: Summary;
  /** Write attempts per successful writer (each attempt reads, then writes). */
  readonly attempts: Summary | undefined;
  /** Marker annotations found afterwards: equal to `succeeded` unless an update was lost (or a timed-out write landed). */
  readonly markersPresent: number;
  /** Mean time the API server spent on this round's writes (PATCH of pods, PUT of ConfigMaps), from its own histogram. */
  readonly serverWriteMeanMs: number | undefined;
}

const writeRequest: Readonly<Record<WriteKind, { readonly verb: string; readonly resource: string }>> = {
  [WriteKind.mark]: { verb: 'PATCH', resource: 'pods' },
  [WriteKind.plis]: { verb: 'PUT', resource: 'configmaps' },
};

const strategyLabel = (p: RoundPlan): string =>
  p.schedule === Schedule.serial ? 'ours, one after another' : p.strategy === Strategy.ours ? 'ours, all at once' : 'previous, all at once';

type Ctx = Parameters<Section>[0];

async function serverWrites(ctx: Ctx, kind: WriteKind) {
  return readHistogram(await getText(ctx.cp, '/metrics'), 'apiserver_request_duration_seconds', { ...writeRequest[kind], dry_run: '' });
}

/** Marker annotations on the round's pod or PLIS ConfigMap. */
async function markersOn(admin: KubeClient, ns: string, id: string, kind: WriteKind): Promise<number> {
  const annotations =
    kind === WriteKind.mark
      ? (await admin.get<{ items: Pod[] }>(`/api/v1/namespaces/${ns}/pods`, { labelSelector: `workspaceID=${id}` })).items[0]?.metadata
          ?.annotations
      : (await admin.get<ConfigMap>(`/api/v1/namespaces/${ns}/configmaps/plis-${id}`)).metadata?.annotations;
  return Object.keys(annotations ?? {}).filter((k) => k.startsWith(MARKER_PREFIX)).length;
}

async function runRound(ctx: Ctx, ns: string, transport: Transport, plan: RoundPlan): Promise<Round> {
  const admin = adminClient(ctx.cp);
  // One client (one agent, one connection) per writer, as separate `kubectl workspace` processes have.
  // Longer than the API server's own 34 s bound on a mutating request, so its 504 is what a writer sees.
  const clients = Array.from({ length: plan.writers }, () => new KubeClient(transport, { timeoutMs: 120_000 }));
  try {
    const id = `c${plan.writers}-${plan.kind}-${plan.schedule}-${plan.strategy}-${suffix()}`.toLowerCase();
    await createWorkspace(admin, ns, id, plan.kind === WriteKind.plis);
    // Open the connections first, so the round measures writes rather than TLS handshakes.
    await Promise.all(clients.map((c) => c.get('/version')));
    const write = writers[plan.kind][plan.strategy];
    const failureMessages: Record<string, string> = {};
    const before = await serverWrites(ctx, plan.kind);
    const one = async (client: KubeClient, i: number) => {
      const t = process.hrtime.bigint();
      try {
        return { ok: true, attempts: await write(client, ns, id, i), ms: elapsedMs(t) };
      } catch (err) {
        const failure = err instanceof ApiError ? `${err.statusCode} ${err.reason}` : ((err as Error)?.name ?? 'Error');
        if (!(failure in failureMessages)) failureMessages[failure] = String((err as Error)?.message ?? err).slice(0, 300);
        return { ok: false, attempts: 0, ms: elapsedMs(t), failure };
      }
    };
    const started = process.hrtime.bigint();
    const outcomes: Awaited<ReturnType<typeof one>>[] = [];
    if (plan.schedule === Schedule.serial) for (const [i, c] of clients.entries()) outcomes.push(await one(c, i));
    else outcomes.push(...(await Promise.all(clients.map((c, i) => one(c, i)))));
    const totalMs = elapsedMs(started);
    const serverMean = histogramMean(histogramDelta(await serverWrites(ctx, plan.kind), before));
    const failures: Record<string, number> = {};
    for (const o of outcomes) if (!o.ok) failures[o.failure ?? 'Error'] = (failures[o.failure ?? 'Error'] ?? 0) + 1;
    const succeeded = outcomes.filter((o) => o.ok);
    return {
      ...plan,
      succeeded: succeeded.length,
      failures,
      failureMessages,
      totalMs,
      latencyMs: summarize(outcomes.map((o) => o.ms)),
      attempts: succeeded.length === 0 ? undefined : summarize(succeeded.map((o) => o.attempts)),
      markersPresent: await markersOn(admin, ns, id, plan.kind),
      serverWriteMeanMs: serverMean === undefined ? undefined : serverMean * 1000,
    };
  } finally {
    for (const c of clients) c.close();
    admin.close();
  }
}

/** Total time of a round divided by the serial round's with the same N, identity and kind. */
function toSerial(rounds: readonly Round[], r: Round): number | undefined {
  const serial = rounds.find(
    (s) => s.schedule === Schedule.serial && s.writers === r.writers && s.identity === r.identity && s.kind === r.kind,
  );
  return ratio(r.totalMs, serial?.totalMs);
}

export const contentionSection: Section = async (ctx) => {
  const sizes = ctx.mode === Mode.quick ? [10, 50] : [10, 50, 200];
  const admin = adminClient(ctx.cp);
  const ns = await createNamespace(admin, `bench-contention-${suffix()}`);
  const transports: Readonly<Record<Identity, Transport>> = {
    [Identity.admin]: adminTransport(ctx.cp),
    [Identity.serviceAccount]: await serviceAccountTransport(ctx.cp, ctx.repoRoot, admin, ns),
  };
  admin.close();
  const rounds: Round[] = [];
  let k = 0;
  for (const n of sizes) {
    for (const identity of [Identity.serviceAccount, Identity.admin]) {
      for (const kind of [WriteKind.mark, WriteKind.plis]) {
        // Alternate which concurrent strategy goes first.
        const concurrent = k++ % 2 === 0 ? [Strategy.ours, Strategy.previous] : [Strategy.previous, Strategy.ours];
        const plans: RoundPlan[] = [
          { writers: n, identity, kind, schedule: Schedule.serial, strategy: Strategy.ours },
          ...concurrent.map((strategy) => ({ writers: n, identity, kind, schedule: Schedule.concurrent, strategy })),
        ];
        for (const plan of plans) rounds.push(await runRound(ctx, ns, transports[identity], plan));
      }
    }
    ctx.log(`contention: ${n} writers done`);
  }
  const rows = rounds.map((r) => [
    String(r.writers),
    r.identity === Identity.admin ? 'admin' : 'ServiceAccount',
    r.kind === WriteKind.mark ? 'mark (pod)' : 'plis patch (ConfigMap)',
    strategyLabel(r),
    `${r.succeeded}/${r.writers} (${percent(r.succeeded, r.writers)})`,
    num(r.totalMs),
    times(toSerial(rounds, r)),
    `${num(r.latencyMs.median)} / ${num(r.latencyMs.p99)}`,
    r.attempts === undefined ? '–' : `${num(r.attempts.mean)} / ${num(r.attempts.max)}`,
    `${writeRequest[r.kind].verb} ${num(r.serverWriteMeanMs)}`,
    String(r.markersPresent),
    Object.entries(r.failures)
      .map(([name, count]) => `${count} ${name}`)
      .join(', ') || 'none',
  ]);
  const messages = new Map<string, string>();
  for (const r of rounds)
    for (const [kind, message] of Object.entries(r.failureMessages)) if (!messages.has(kind)) messages.set(kind, message);
  const ours = rounds.filter((r) => r.schedule === Schedule.concurrent && r.strategy === Strategy.ours);
  return {
    key: 'contention',
    title: '4. Contention: N writers of one workspace',
    notes: [
      'Every writer has its own KubeClient (its own keep-alive agent and connection, opened before the clock starts), as separate `kubectl workspace` processes have; nothing queues them in the bench process.',
      "ServiceAccount: a token from the TokenRequest API for a ServiceAccount bound (RoleBinding) to the chart's operator ClusterRole, so API Priority and Fairness applies; admin: the system:masters client certificate, which API Priority and Fairness exempts.",
      'mark: each writer sets its own annotation on the same pod (markWorkspace). plis patch: each writer sets its own hostIP in the PLIS document and its own annotation on the same ConfigMap (patchWorkspacePlis).',
      'ours: read, validate, write with the read resourceVersion as precondition; on 409 or 429/503/504 sleep a random time within what is left of an estimate of when the crowd is served (four times the first failed attempt, counted from it; grown when a failure comes after it ran out; Retry-After respected), then read and decide again, within the request timeout.',
      'previous: marks as one merge patch without resourceVersion (the API server re-applies it internally on every etcd conflict), retried only on 429/503/504 with BUSY_BACKOFF; PLIS as GET → PUT with resourceVersion, retried on 409 with ROBUST_BACKOFF (15 attempts, 10 ms doubling to 2 s, full jitter).',
      '× serial = total time / total time of the same N writers one after another (ours, same identity and kind). Goal: 100 % succeed and ≤ 2× serial at N = 50, ≤ 5× at N = 200.',
      "Attempts = writes sent per successful writer (each after a fresh read). Server ms = apiserver_request_duration_seconds of the round's PATCHes (pods) or PUTs (ConfigMaps), mean.",
      ...[...messages].map(([kind, message]) => `Failure "${kind}", first message seen: ${message}`),
    ],
    tables: [
      {
        headers: [
          'N',
          'identity',
          'writes',
          'strategy',
          'succeeded',
          'total ms',
          '× serial',
          'per-writer p50 / p99 ms',
          'attempts mean / max',
          'server ms per write (mean)',
          'markers present',
          'failures',
        ],
        rows,
      },
    ],
    data: {
      rounds,
      goals: ours.map((r) => ({
        writers: r.writers,
        identity: r.identity,
        kind: r.kind,
        successRate: r.succeeded / r.writers,
        totalToSerial: toSerial(rounds, r),
        goal: r.writers >= 200 ? 5 : r.writers >= 50 ? 2 : undefined,
      })),
    },
  };
};
