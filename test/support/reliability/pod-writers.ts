// Concurrent writers of workspace pods through the API server, each write one that needs the
// webhook's patch, each result counted: mutated, stored without the patch, refused by the
// admission chain, or failed otherwise.
import type { KubeClient } from '../../../shared/kube/rest.js';
import { ApiError } from '../../../shared/kube/api-error.js';
import { PatchType } from '../../../shared/kube/rest.js';
import { Annotation } from '../../../shared/annotations.js';

export const WriteOutcome = {
  /** Stored with the value sent and failedBeforeStopping "true". */
  mutated: 'mutated',
  /** Stored, but without the patch: the invariant broken. */
  unmutated: 'unmutated',
  /** Refused because the API server could not call the webhook (failurePolicy: Fail). */
  refused: 'refused',
  /** Anything else: a timeout, a dropped connection, another error. */
  failed: 'failed',
} as const;
export type WriteOutcome = (typeof WriteOutcome)[keyof typeof WriteOutcome];

/** The API server's words when a webhook call fails; the webhook's name follows. */
export const WEBHOOK_CALL_FAILED = 'failed calling webhook';

interface StoredPod {
  readonly metadata?: { readonly annotations?: Readonly<Record<string, string>> };
}

/** What one write came to: pure, from the value sent and the API server's answer (or error). */
export function classifyWrite(sentValue: string, answer: { readonly pod?: unknown; readonly error?: unknown }): WriteOutcome {
  if (answer.error !== undefined) {
    const error = answer.error;
    return error instanceof ApiError && error.message.includes(WEBHOOK_CALL_FAILED) ? WriteOutcome.refused : WriteOutcome.failed;
  }
  const annotations = (answer.pod as StoredPod | undefined)?.metadata?.annotations ?? {};
  return annotations[Annotation.explicitFail] === sentValue && annotations[Annotation.failedBeforeStopping] === 'true'
    ? WriteOutcome.mutated
    : WriteOutcome.unmutated;
}

/**
 * The merge patch every writer sends: a new explicitFail value and failedBeforeStopping removed,
 * as a writer that knows nothing of the invariant would, so every write needs the patch again.
 */
export function writeNeedingPatch(value: string): object {
  return { metadata: { annotations: { [Annotation.explicitFail]: value, [Annotation.failedBeforeStopping]: null } } };
}

export interface WriterTally {
  readonly counts: Readonly<Record<WriteOutcome, number>>;
  readonly sent: number;
  /** Per pod, the last value that was stored with the patch: what the pod must carry now. */
  readonly lastMutated: ReadonlyMap<string, string>;
  /** The first few messages of writes that were not mutated, for the assertion's message. */
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

  const record = (outcome: WriteOutcome, pod: string, value: string, detail: string) => {
    counts[outcome] += 1;
    if (outcome === WriteOutcome.mutated) lastMutated.set(pod, value);
    else if (samples.length < 5) samples.push(`${pod} ${value}: ${outcome}${detail === '' ? '' : ` (${detail})`}`);
    for (const wake of waiters) wake();
  };

  const runWriter = async (index: number, pod: string, client: KubeClient) => {
    for (let seq = 0; !stopping; seq += 1) {
      const value = `${options.label}-w${index}-${seq}`;
      sent += 1;
      try {
        const stored = await client.patch(`/api/v1/namespaces/${options.namespace}/pods/${pod}`, writeNeedingPatch(value), PatchType.merge);
        const outcome = classifyWrite(value, { pod: stored });
        record(outcome, pod, value, outcome === WriteOutcome.mutated ? '' : JSON.stringify((stored as StoredPod).metadata?.annotations));
      } catch (error) {
        record(classifyWrite(value, { error }), pod, value, (error as Error).message);
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  const running = Promise.all(options.writers.map((w, i) => runWriter(i, w.pod, w.client)));

  const tally = (): WriterTally => ({ counts: { ...counts }, sent, lastMutated: new Map(lastMutated), samples: [...samples] });
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
