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

/** Writes all of text to fd, waiting out EAGAIN; any other error (EPIPE: the reader left) is thrown. */
export function writeAll(fd: number, text: string, write: typeof writeSync = writeSync): void {
  const data = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += write(fd, data, offset, data.length - offset);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(pause, 0, 0, RETRY_MS);
    }
  }
}

/** A sink writing to a file descriptor of this process. */
export function fdSink(fd: number): TextSink {
  return { write: (text: string) => writeAll(fd, text) };
}
