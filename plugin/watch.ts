// Runs a watch until SIGINT or SIGTERM, which end it with exit code 0 as `kubectl get -w` does.
import type { TextSink } from './stdio.js';

/** Aborts on the first SIGINT/SIGTERM; the handlers are removed when `body` settles. */
export async function untilInterrupted(body: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await body(controller.signal);
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}

/** One diagnostic line per reconnect, on stderr, naming the cause. */
export function retryReporter(stderr: TextSink): (cause: Error, delayMs: number) => void {
  return (cause, delayMs) => stderr.write(`Warning: watch interrupted (${cause.message}); reconnecting in ${delayMs} ms\n`);
}
