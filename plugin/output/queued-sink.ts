// Output written without blocking the event loop, for output printed while a response is still arriving: a
// synchronous write to a pipe whose reader is slow (`… | less`) would stop this process from reading the
// response too, and the API server ends a request that takes longer than its timeout (60 s by default).
// Text waits in memory instead, at most the whole output, and is written in order.
import { write as writeFd, writev } from 'node:fs';
import { OutputClosedError, type FdSink, type TextSink } from '../stdio.js';

const RETRY_MS = 1;

export interface QueuedSink extends TextSink {
  /** Resolves once everything written so far is out; rejects with the first write error. */
  drain(): Promise<void>;
}

function isFdSink(sink: TextSink): sink is FdSink {
  return typeof (sink as Partial<FdSink>).fd === 'number';
}

/** A queue in front of a descriptor's sink; any other sink (a test's) is written synchronously as it is. */
export function queuedSink(sink: TextSink): QueuedSink {
  if (!isFdSink(sink)) return { write: (text) => sink.write(text), drain: () => Promise.resolve() };
  return new DescriptorQueue(sink.fd);
}

class DescriptorQueue implements QueuedSink {
  private pending: Buffer[] = [];
  private writing = false;
  private failure: Error | undefined;
  private waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];

  constructor(private readonly fd: number) {}

  /** Queues text; throws the error of an earlier write (the reader left: OutputClosedError) so the producer stops. */
  write(text: string): void {
    if (this.failure !== undefined) throw this.failure;
    this.pending.push(Buffer.from(text, 'utf8'));
    if (!this.writing) this.next();
  }

  drain(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (!this.writing) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Writes everything queued in one call; what the descriptor did not take is written next. */
  private next(): void {
    const buffers = this.pending;
    this.pending = [];
    if (buffers.length === 0) {
      this.writing = false;
      for (const w of this.waiters.splice(0)) w.resolve();
      return;
    }
    this.writing = true;
    const done = (err: NodeJS.ErrnoException | null, written: number): void => {
      if (err?.code === 'EAGAIN') {
        // A descriptor another process made non-blocking: the reader is behind, try again shortly.
        this.pending = [...buffers, ...this.pending];
        setTimeout(() => this.next(), RETRY_MS);
        return;
      }
      if (err !== null) return this.fail(err.code === 'EPIPE' ? new OutputClosedError(this.fd) : err);
      let rest = written;
      const left: Buffer[] = [];
      for (const b of buffers) {
        if (rest >= b.length) rest -= b.length;
        else {
          left.push(b.subarray(rest));
          rest = 0;
        }
      }
      this.pending = [...left, ...this.pending];
      this.next();
    };
    if (buffers.length === 1) writeFd(this.fd, buffers[0] as Buffer, 0, (buffers[0] as Buffer).length, null, done);
    else writev(this.fd, buffers, null, done);
  }

  private fail(err: Error): void {
    this.failure = err;
    this.writing = false;
    this.pending = [];
    for (const w of this.waiters.splice(0)) w.reject(err);
  }
}
