// Section 3b: the API server's view of the invariant's cost. N annotation PATCHes of one workspace
// pod with no mutation configured, with the webhook, and with the policy, one mode after another.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pod } from '../../shared/kube/workspaces.js';
import { PatchType, type KubeClient } from '../../shared/kube/rest.js';
import { installPolicyMode, installWebhookMode, type InstalledMode } from '../admission-modes.js';
import { adminClient, createWorkspace } from '../../cluster/admin-client.js';
import { createNamespace, getText, suffix } from '../cluster-client.js';
import { num, times } from '../markdown.js';
import { EMPTY_HISTOGRAM, histogramDelta, histogramMean, histogramQuantile, readHistogram, type Histogram } from '../prometheus.js';
import { Mode, type BenchContext, type Section } from '../section.js';
import { elapsedMs, ratio, summarize, type Summary } from '../stats.js';

const FAILED_BEFORE_STOPPING = 'gitpod/failedBeforeStopping';

const ModeKey = { none: 'none', webhook: 'webhook', policy: 'policy' } as const;
type ModeKey = (typeof ModeKey)[keyof typeof ModeKey];

const modeLabels: Readonly<Record<ModeKey, string>> = {
  none: '(a) no mutation configured',
  webhook: '(b) webhook mode',
  policy: '(c) policy mode (MutatingAdmissionPolicy)',
};

/** Sets explicitFail and removes failedBeforeStopping, so every PATCH needs the mutation and is sent to it. */
function failPatch(i: number) {
  return { metadata: { annotations: { 'gitpod/explicitFail': `bench failure ${i}`, [FAILED_BEFORE_STOPPING]: null } } };
}

async function mutates(client: KubeClient, path: string): Promise<boolean> {
  const pod = await client.patch<Pod>(path, failPatch(-1), PatchType.merge, { dryRun: 'All' });
  return pod.metadata?.annotations?.[FAILED_BEFORE_STOPPING] === 'true';
}

/** The API server picks configuration up asynchronously: wait until server-side dry runs show the wanted state. */
async function waitForMutation(client: KubeClient, path: string, wanted: boolean, what: string): Promise<number> {
  const started = process.hrtime.bigint();
  for (;;) {
    if ((await mutates(client, path)) === wanted) return elapsedMs(started);
    if (elapsedMs(started) > 60_000) throw new Error(`${what}: after 60 s a dry-run PATCH still ${wanted ? 'is not' : 'is'} mutated`);
    await sleep(100);
  }
}

interface Scrape {
  readonly webhook: Histogram;
  readonly controller: Histogram;
  readonly request: Histogram;
}

async function scrape(ctx: BenchContext, webhookName: string | undefined, controller: string | undefined): Promise<Scrape> {
  const text = await getText(ctx.cp, '/metrics');
  return {
    webhook:
      webhookName === undefined
        ? EMPTY_HISTOGRAM
        : readHistogram(text, 'apiserver_admission_webhook_admission_duration_seconds', {
            name: webhookName,
            operation: 'UPDATE',
            type: 'admit',
          }),
    controller:
      controller === undefined
        ? EMPTY_HISTOGRAM
        : readHistogram(text, 'apiserver_admission_controller_admission_duration_seconds', {
            name: controller,
            operation: 'UPDATE',
            type: 'admit',
          }),
    request: readHistogram(text, 'apiserver_request_duration_seconds', { verb: 'PATCH', resource: 'pods', dry_run: '' }),
  };
}

interface HistogramFigures {
  readonly count: number;
  readonly meanMs: number | undefined;
  readonly p50Ms: number | undefined;
  readonly p99Ms: number | undefined;
}

function figures(h: Histogram): HistogramFigures {
  const ms = (s: number | undefined) => (s === undefined ? undefined : s * 1000);
  return { count: h.count, meanMs: ms(histogramMean(h)), p50Ms: ms(histogramQuantile(h, 0.5)), p99Ms: ms(histogramQuantile(h, 0.99)) };
}

interface ModeResult {
  readonly mode: ModeKey;
  readonly description: string;
  readonly patches: number;
  readonly mutated: number;
  readonly activationMs: number | undefined;
  readonly clientLatencyMs: Summary;
  readonly server: { readonly request: HistogramFigures; readonly controller: HistogramFigures; readonly webhook: HistogramFigures };
}

const controllers: Readonly<Record<ModeKey, string | undefined>> = {
  none: undefined,
  webhook: 'MutatingAdmissionWebhook',
  policy: 'MutatingAdmissionPolicy',
};

async function measureMode(
  ctx: BenchContext,
  client: KubeClient,
  path: string,
  n: number,
  key: ModeKey,
  installed: InstalledMode | undefined,
  activationMs: number | undefined,
): Promise<ModeResult> {
  const controller = controllers[key];
  const before = await scrape(ctx, installed?.webhookName, controller);
  const latencies: number[] = [];
  let mutated = 0;
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    const pod = await client.patch<Pod>(path, failPatch(i), PatchType.merge);
    latencies.push(elapsedMs(t));
    if (pod.metadata?.annotations?.[FAILED_BEFORE_STOPPING] === 'true') mutated += 1;
  }
  const after = await scrape(ctx, installed?.webhookName, controller);
  return {
    mode: key,
    description: installed?.description ?? 'nothing registered',
    patches: n,
    mutated,
    activationMs,
    clientLatencyMs: summarize(latencies),
    server: {
      request: figures(histogramDelta(after.request, before.request)),
      controller: figures(histogramDelta(after.controller, before.controller)),
      webhook: figures(histogramDelta(after.webhook, before.webhook)),
    },
  };
}

export const admissionSection: Section = async (ctx) => {
  const n = ctx.mode === Mode.quick ? 200 : 1000;
  const client = adminClient(ctx.cp);
  const tag = suffix();
  const ns = await createNamespace(client, `bench-admission-${tag}`);
  const id = `adm-${tag}`;
  await createWorkspace(client, ns, id, false);
  const path = `/api/v1/namespaces/${ns}/pods/ws-${id}`;
  const results: ModeResult[] = [];
  try {
    if (await mutates(client, path)) throw new Error('a mutation is already configured for the bench namespace; mode (a) needs none');
    // One unmeasured PATCH warms the connection and the API server's paths.
    await client.patch(path, failPatch(0), PatchType.merge);
    results.push(await measureMode(ctx, client, path, n, ModeKey.none, undefined, undefined));
    ctx.log('admission: mode (a) done');

    const installers: readonly [ModeKey, () => Promise<InstalledMode>][] = [
      [ModeKey.webhook, () => installWebhookMode(client, { webhookBin: ctx.webhookBin, workDir: ctx.workDir, namespace: ns, suffix: tag })],
      [
        ModeKey.policy,
        () =>
          installPolicyMode(client, {
            helm: `${ctx.cp.binDir}/helm`,
            repoRoot: ctx.repoRoot,
            workDir: ctx.workDir,
            namespace: ns,
            suffix: tag,
            kubeVersion: ctx.kubernetesVersion,
          }),
      ],
    ];
    for (const [key, install] of installers) {
      const installed = await install();
      try {
        const activationMs = await waitForMutation(client, path, true, modeLabels[key]);
        results.push(await measureMode(ctx, client, path, n, key, installed, activationMs));
      } finally {
        await installed.remove();
      }
      await waitForMutation(client, path, false, `${modeLabels[key]} removed`);
      ctx.log(`admission: ${modeLabels[key]} done`);
    }
  } finally {
    client.close();
  }

  const base = results.find((r) => r.mode === ModeKey.none);
  const rows = results.map((r) => [
    modeLabels[r.mode],
    `${r.mutated}/${r.patches}`,
    num(r.clientLatencyMs.median),
    num(r.clientLatencyMs.p99),
    r.mode === ModeKey.none
      ? '1×'
      : `${times(ratio(r.clientLatencyMs.median, base?.clientLatencyMs.median))} / ${times(ratio(r.clientLatencyMs.p99, base?.clientLatencyMs.p99))}`,
    `${num(r.server.request.meanMs)} (${num(r.server.request.p50Ms)} / ${num(r.server.request.p99Ms)})`,
    r.server.controller.count === 0
      ? '–'
      : `${num(r.server.controller.meanMs)} (${num(r.server.controller.p50Ms)} / ${num(r.server.controller.p99Ms)})`,
    r.server.webhook.count === 0
      ? '–'
      : `${num(r.server.webhook.meanMs)} (${num(r.server.webhook.p50Ms)} / ${num(r.server.webhook.p99Ms)})`,
  ]);
  const mode = (k: ModeKey) => results.find((r) => r.mode === k);
  return {
    key: 'admission',
    title: `3b. The API server's view: ${n} annotation PATCHes of one workspace pod per mode`,
    notes: [
      `Each PATCH (JSON merge patch, sent one after another from the bench over one keep-alive connection) sets gitpod/explicitFail and deletes gitpod/failedBeforeStopping, so in modes (b) and (c) every request matches and is mutated ("mutated" counts answers carrying failedBeforeStopping: "true").`,
      'Modes run one after another on the same control plane and pod; each mode is removed, and a server-side dry run shows the mutation gone, before the next starts.',
      "(b) registers `workspace-webhook serve` (the bench's copy of dist/workspace-webhook, outside the repository; certificate from `workspace-webhook certgen --out-dir`) by url + caBundle with the product's registration builder (failurePolicy Fail, matchConditions); (c) applies the MutatingAdmissionPolicy and binding from `helm template` with ci/policy-values.yaml.",
      "Server columns come from the API server's /metrics, scraped before and after each mode: mean (p50 / p99) in ms. The p50/p99 are estimated from histogram buckets the way histogram_quantile does (buckets are coarse: 5, 25, 100 ms … for admission), the mean (sum / count) is exact.",
      'request = apiserver_request_duration_seconds{verb="PATCH",resource="pods"}; admission plugin = apiserver_admission_controller_admission_duration_seconds of MutatingAdmissionWebhook or MutatingAdmissionPolicy; webhook call = apiserver_admission_webhook_admission_duration_seconds of our webhook.',
    ],
    tables: [
      {
        headers: [
          'mode',
          'mutated',
          'client p50 ms',
          'client p99 ms',
          'ratio to (a) p50 / p99',
          'server request ms',
          'admission plugin ms',
          'webhook call ms',
        ],
        rows,
      },
    ],
    data: {
      patches: n,
      modes: results,
      ratios: {
        webhookToNoneP50: ratio(mode(ModeKey.webhook)?.clientLatencyMs.median, base?.clientLatencyMs.median),
        webhookToNoneP99: ratio(mode(ModeKey.webhook)?.clientLatencyMs.p99, base?.clientLatencyMs.p99),
        policyToNoneP50: ratio(mode(ModeKey.policy)?.clientLatencyMs.median, base?.clientLatencyMs.median),
        policyToNoneP99: ratio(mode(ModeKey.policy)?.clientLatencyMs.p99, base?.clientLatencyMs.p99),
        webhookToPolicyP50: ratio(mode(ModeKey.webhook)?.clientLatencyMs.median, mode(ModeKey.policy)?.clientLatencyMs.median),
      },
    },
  };
};
