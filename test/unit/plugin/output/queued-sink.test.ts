import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queuedSink } from '../../../../plugin/output/queued-sink.js';
import { OutputClosedError, type FdSink } from '../../../../plugin/stdio.js';

/** A named pipe: a read end nobody reads yet (non-blocking, for the test) and a blocking write end. */
function pipe(): { readFd: number; writeFd: number } {
  const path = join(mkdtempSync(join(tmpdir(), 'kw-queued-')), 'fifo');
  execFileSync('mkfifo', [path]);
  const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  return { readFd, writeFd: openSync(path, 'w') };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Reads from the non-blocking end until `length` bytes came, letting the event loop run between tries. */
async function readAll(fd: number, length: number): Promise<string> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    try {
      got += readSync(fd, buf, got, length - got, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      await turn();
    }
  }
  return buf.toString('utf8');
}

describe('queuedSink', () => {
  it('should return from writes to a pipe nobody reads, then deliver everything in order', async () => {
    const { readFd, writeFd } = pipe();
    try {
      const target: FdSink = { fd: writeFd, write: () => assert.fail('a descriptor sink must not be written synchronously') };
      const sink = queuedSink(target);
      // Far more than a pipe holds: a synchronous write would block here for good.
      const parts = Array.from({ length: 64 }, (_, i) => `${String(i).padStart(4, '0')}:${'x'.repeat(16 * 1024)}\n`);
      for (const p of parts) sink.write(p);
      let ran = false;
      setImmediate(() => (ran = true));
      await turn();
      assert.ok(ran, 'the event loop runs while the output waits');
      const [text] = await Promise.all([readAll(readFd, parts.join('').length), sink.drain()]);
      assert.equal(text, parts.join(''));
    } finally {
      closeSync(readFd);
      closeSync(writeFd);
    }
  });

  it('should report a reader that left as OutputClosedError, on drain and on the next write', async () => {
    const { readFd, writeFd } = pipe();
    closeSync(readFd);
    try {
      const target: FdSink = { fd: writeFd, write: () => undefined };
      const sink = queuedSink(target);
      sink.write('lost\n');
      await assert.rejects(sink.drain(), OutputClosedError);
      assert.throws(() => sink.write('more\n'), OutputClosedError);
    } finally {
      closeSync(writeFd);
    }
  });

  it('should write a sink without a descriptor (a test collector) as it is', async () => {
    const seen: string[] = [];
    const sink = queuedSink({ write: (t: string) => seen.push(t) });
    sink.write('a');
    sink.write('b');
    assert.deepEqual(seen, ['a', 'b']);
    await sink.drain();
  });
});
