// Writes of gitpod/explicitFail that need the webhook's patch, sent as a writer other than the plugin
// sends them (failedBeforeStopping removed in the same request, as one that knows nothing of the
// invariant would), and what each came to: mutated, stored without the patch, refused because the API
// server could not call the webhook, or failed otherwise. One write, or flows of concurrent writers.
import assert from 'node:assert/strict';
import { ApiError } from '../../shared/kube/api-error.js';
import { PatchType, type KubeClient } from '../../shared/kube/rest.js';
import { Annotation } from '../../shared/annotations.js';

export const WriteOutcome = {
  /** Stored with the value sent and failedBeforeStopping "true". */
  mutated: 'mutated',
  /** Stored without the patch, or refused yet stored: the invariant broken. */
  unmutated: 'unmutated',
  /** Refused because the API server could not call the webhook (failurePolicy: Fail). */
  refused: 'refused',
  /** Anything else: a timeout, a dropped connection, another error (a webhook's invalid answer included). */
  failed: 'failed',
} as const;
export type WriteOutcome = (typeof WriteOutcome)[keyof typeof WriteOutcome];

/** The API server's words when it could not reach a webhook; the webhook's name is quoted, the transport error follows. */
const WEBHOOK_UNREACHABLE = /failed calling webhook "[^"]*": failed to call webhook/;

type Annotations = Readonly<Record<string, string>>;

interface StoredPod {
  readonly metadata?: { readonly annotations?: Annotations };
}

const annotationsOf = (pod: unknown): Annotations => (pod as StoredPod | undefined)?.metadata?.annotations ?? {};

/**
 * The merge patch every write sends: a new explicitFail value and failedBeforeStopping removed, so that
 * every write needs the patch again.
 */
function explicitFailPatch(value: string): object {
  return { metadata: { annotations: { [Annotation.explicitFail]: value, [Annotation.failedBeforeStopping]: null } } };
}

/** What one write came to: pure, from the value sent and the API server's answer (the stored pod, or the error). */
export function classifyWrite(sentValue: string, answer: { readonly pod?: unknown; readonly error?: unknown }): WriteOutcome {
  if (answer.error !== undefined) {
    const error = answer.error;
    return error instanceof ApiError && WEBHOOK_UNREACHABLE.test(error.message) ? WriteOutcome.refused : WriteOutcome.failed;
  }
  const annotations = annotationsOf(answer.pod);
  return annotations[Annotation.explicitFail] === sentValue && annotations[Annotation.failedBeforeStopping] === 'true'
    ? WriteOutcome.mutated
    : WriteOutcome.unmutated;
}

export interface WriteResult {
  readonly outcome: WriteOutcome;
  /** The annotations the API server stored, when it stored the write. */
  readonly stored?: Annotations;
  /** Why the write is not mutated: the API server's error, or what it stored; empty when mutated. */
  readonly detail: string;
}

/**
 * One write of explicitFail `value` to `pod`. A refused write is read back at once: the pod carrying the
 * value means the refusal changed something, which counts as unmutated.
 */
export async function writeExplicitFail(client: KubeClient, namespace: string, pod: string, value: string): Promise<WriteResult> {
  const path = `/api/v1/namespaces/${namespace}/pods/${pod}`;
  let stored: unknown;
  try {
    stored = await client.patch(path, explicitFailPatch(value), PatchType.merge);
  } catch (error) {
    const message = (error as Error).message;
    const outcome = classifyWrite(value, { error });
    if (outcome !== WriteOutcome.refused) return { outcome, detail: message };
    try {
      const now = annotationsOf(await client.get(path));
      return now[Annotation.explicitFail] === value
        ? { outcome: WriteOutcome.unmutated, detail: `refused, yet stored: ${message}` }
        : { outcome, detail: message };
    } catch (readError) {
      return {
        outcome: WriteOutcome.failed,
        detail: `refused (${message}), then reading the pod back failed: ${(readError as Error).message}`,
      };
    }
  }
  const outcome = classifyWrite(value, { pod: stored });
  return { outcome, stored: annotationsOf(stored), detail: outcome === WriteOutcome.mutated ? '' : JSON.stringify(annotationsOf(stored)) };
}

export interface WriterTally {
  readonly writers: number;
  readonly counts: Readonly<Record<WriteOutcome, number>>;
  readonly sent: number;
  /** Per pod, the last value that was stored with the patch: what the pod must carry now. */
  readonly lastMutated: ReadonlyMap<string, string>;
  /** The first few writes that were not mutated, with what they came back with, for the assertion's message. */
  readonly samples: readonly string[];
}

export interface WriteFlow {
  /** The results so far. */
  tally(): WriterTally;
  /** Resolves once `outcome` has been counted `count` more times than when this was called, or rejects after `timeoutMs`. */
  waitFor(outcome: WriteOutcome, count: number, timeoutMs: number): Promise<void>;
  /** Lets each writer finish its write in flight, then returns the final results. */
  stop(): Promise<WriterTally>;
}

export interface WriteFlowOptions {
  readonly namespace: string;
  /** One writer per pod, each with its own client (its own connections). */
  readonly writers: readonly { readonly pod: string; readonly client: KubeClient }[];
  /** Pause between one writer's writes, to keep a small machine responsive. Default 20 ms. */
  readonly pauseMs?: number;
  /** Prefix of the values written, so two flows on one pod never write the same value. */
  readonly label: string;
}

/** Starts every writer at once; each writes, counts, pauses and writes again until stopped. */
export function startWriteFlow(options: WriteFlowOptions): WriteFlow {
  const counts: Record<WriteOutcome, number> = { mutated: 0, unmutated: 0, refused: 0, failed: 0 };
  const lastMutated = new Map<string, string>();
  const samples: string[] = [];
  const waiters = new Set<() => void>();
  let sent = 0;
  let stopping = false;
  const pauseMs = options.pauseMs ?? 20;

  const runWriter = async (index: number, pod: string, client: KubeClient) => {
    for (let seq = 0; !stopping; seq += 1) {
      const value = `${options.label}-w${index}-${seq}`;
      sent += 1;
      const { outcome, detail } = await writeExplicitFail(client, options.namespace, pod, value);
      counts[outcome] += 1;
      if (outcome === WriteOutcome.mutated) lastMutated.set(pod, value);
      else if (samples.length < 5) samples.push(`${pod} ${value}: ${outcome} (${detail})`);
      for (const wake of waiters) wake();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  const running = Promise.all(options.writers.map((w, i) => runWriter(i, w.pod, w.client)));

  const tally = (): WriterTally => ({
    writers: options.writers.length,
    counts: { ...counts },
    sent,
    lastMutated: new Map(lastMutated),
    samples: [...samples],
  });
  return {
    tally,
    waitFor(outcome, count, timeoutMs) {
      const target = counts[outcome] + count;
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (counts[outcome] < target) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(`timed out after ${timeoutMs / 1000} s waiting for ${count} more ${outcome} writes: ${JSON.stringify(tally())}`),
          );
        }, timeoutMs);
        waiters.add(wake);
        wake();
      });
    },
    async stop() {
      stopping = true;
      await running;
      return tally();
    },
  };
}

/** The tally in words, for figures and assertion messages. */
export function describeTally(t: WriterTally): string {
  return (
    `${t.sent} writes by ${t.writers} writers: ${t.counts.mutated} mutated, ${t.counts.refused} refused, ` +
    `${t.counts.unmutated} stored without the patch, ${t.counts.failed} failed`
  );
}

/** Every write stored with the patch: none refused, failed or stored without it. */
export function assertEveryWriteMutated(tally: WriterTally): void {
  assert.deepEqual(
    { failed: tally.counts.failed, refused: tally.counts.refused, unmutated: tally.counts.unmutated },
    { failed: 0, refused: 0, unmutated: 0 },
    `${describeTally(tally)}; first ones: ${tally.samples.join('; ')}`,
  );
  assert.equal(tally.counts.mutated, tally.sent);
}
