// `kubectl get -w` on the watch API: list, then watch from the list's resourceVersion with bookmarks;
// reconnect with backoff from the last seen resourceVersion when the connection drops, re-list on 410 Gone.
// PrintedState decides what is news, so nothing is reported twice and nothing is lost across either.
import { setTimeout as sleep } from 'node:timers/promises';
import { ChangeType, dropManagedFields, PrintedState, type Change, type Versioned } from '../watch-state.js';
import { streamListItems } from './list-stream.js';
import { ApiError, ConnectionError, type KubeClient } from './rest.js';
import { streamLines } from './stream.js';

interface WatchEventBody<T> {
  readonly type?: string;
  readonly object?: T & {
    readonly code?: number;
    readonly reason?: string;
    readonly message?: string;
    readonly metadata?: { readonly resourceVersion?: string };
  };
}

class Gone extends Error {}

export interface WatchOptions<T> {
  /** Collection path, e.g. /api/v1/namespaces/ns/pods. */
  readonly path: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** The objects of the first list (the current state). */
  readonly onInitial: (items: readonly T[]) => void;
  /** Each object of the first list as soon as it has arrived, before onInitial gets them all (re-lists excluded). */
  readonly onInitialItem?: (item: T) => void;
  /** Every change after it, in order. */
  readonly onChange: (change: Change<T>) => void;
  readonly signal: AbortSignal;
  /** Per-request bound (`--request-timeout`) for lists and for the wait on each watch's answer; 0 none. */
  readonly requestTimeoutMs?: number;
  /** Called with each reconnect's cause, for a diagnostic line. */
  readonly onRetry?: (cause: Error, delayMs: number) => void;
  /** First and largest delay between reconnects, ms; default 250 and 8000. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
}

const isRetryable = (err: unknown): boolean =>
  err instanceof ConnectionError || (err instanceof ApiError && (err.statusCode >= 500 || err.statusCode === 429));

/** Runs until the signal aborts; rejects on a non-retryable error (Forbidden, a bad selector, the first list failing). */
export async function watchCollection<T extends Versioned>(client: KubeClient, options: WatchOptions<T>): Promise<void> {
  const state = new PrintedState<T>();
  const selectors = { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector };
  // Read item by item, as `list` does: no whole body held, and managedFields (never printed) never parsed.
  const list = async (onItem?: (item: T) => void): Promise<{ items: readonly T[]; rv: string }> => {
    const items: T[] = [];
    const summary = await streamListItems<T>(
      client,
      options.path,
      (item) => {
        items.push(item);
        onItem?.(item);
      },
      { query: selectors },
    );
    return { items, rv: summary.resourceVersion ?? '' };
  };
  const first = await list(options.onInitialItem);
  for (const o of first.items) state.upsert(o);
  options.onInitial(first.items);
  let rv: string | undefined = first.rv;
  const { initialMs, maxMs } = options.backoff ?? { initialMs: 250, maxMs: 8000 };
  let delay = initialMs;
  while (!options.signal.aborted) {
    try {
      if (rv === undefined) {
        const again = await list();
        for (const c of state.relist(again.items)) options.onChange(c);
        rv = again.rv;
      }
      await streamLines(
        client,
        options.path,
        (line) => {
          const event = JSON.parse(line) as WatchEventBody<T>;
          const obj = event.object;
          if (obj === undefined) return;
          if (event.type === 'ERROR') {
            if (obj.code === 410) throw new Gone(obj.message ?? 'too old resource version');
            throw new ApiError(obj.code ?? 500, obj.reason ?? 'InternalError', obj.message ?? 'watch error', obj);
          }
          const next = obj.metadata?.resourceVersion;
          if (event.type !== 'BOOKMARK') {
            dropManagedFields(obj);
            const change = event.type === ChangeType.deleted ? state.remove(obj) : state.upsert(obj);
            if (change !== undefined) options.onChange(change);
          }
          if (next !== undefined && next !== '') rv = next;
          delay = initialMs;
        },
        {
          query: { ...selectors, watch: '1', allowWatchBookmarks: 'true', resourceVersion: rv },
          headerTimeoutMs: options.requestTimeoutMs ?? 0,
          signal: options.signal,
        },
      );
    } catch (err) {
      if (options.signal.aborted) return;
      if (err instanceof Gone || (err instanceof ApiError && err.statusCode === 410)) {
        rv = undefined;
        continue;
      }
      if (!isRetryable(err)) throw err;
      // After a dropped connection the next round re-lists: the diff reports what changed meanwhile, even when the
      // restarted server's watch cache cannot replay from our resourceVersion.
      rv = undefined;
      options.onRetry?.(err as Error, delay);
      await sleep(delay, undefined, { signal: options.signal }).catch(() => undefined);
      delay = Math.min(delay * 2, maxMs);
    }
  }
}
