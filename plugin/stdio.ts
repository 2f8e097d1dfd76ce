// The plugin's stdout and stderr as synchronous writes to file descriptors 1 and 2. `process.stdout`
// would build a stream (for a pipe a net.Socket, loading Node's stream stack) that costs a short
// command about as much as the rest of its start; on Linux Node writes files and pipes synchronously anyway.
import { writeSync } from 'node:fs';

/** Where a command's text goes: stdout, stderr, or what a test collects. */
export interface TextSink {
  write(text: string): unknown;
}

// A descriptor another process made non-blocking answers EAGAIN while the reader is behind: wait a little.
const pause = new Int32Array(new SharedArrayBuffer(4));
const RETRY_MS = 1;

/**
 * The reader of stdout or stderr has gone (`kubectl workspace list | head`). Like kubectl, which a
 * SIGPIPE ends, the plugin then stops quietly with status 141 (128 + SIGPIPE): there is nobody to tell.
 */
export class OutputClosedError extends Error {
  static readonly EXIT_CODE = 141;
  constructor(readonly fd: number) {
    super(`the reader of file descriptor ${fd} has gone`);
    this.name = 'OutputClosedError';
  }
}

/** Writes all of text to fd, waiting out EAGAIN; EPIPE (the reader left) becomes OutputClosedError, any other error is thrown. */
export function writeAll(fd: number, text: string, write: typeof writeSync = writeSync): void {
  const data = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += write(fd, data, offset, data.length - offset);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') throw new OutputClosedError(fd);
      if (code !== 'EAGAIN') throw err;
      Atomics.wait(pause, 0, 0, RETRY_MS);
    }
  }
}

/** A sink writing to a file descriptor of this process; `fd` lets a long output write without blocking (queuedSink). */
export interface FdSink extends TextSink {
  readonly fd: number;
}

export function fdSink(fd: number): FdSink {
  return { fd, write: (text: string) => writeAll(fd, text) };
}
