import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, type writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fdSink, OutputClosedError, writeAll } from '../../../plugin/stdio.js';

/** A write(2) stand-in that takes at most `max` bytes per call and fails with the given codes first. */
function fakeWrite(max: number, failures: string[]): { write: typeof writeSync; written: Buffer[] } {
  const written: Buffer[] = [];
  const write = ((_fd: number, data: Buffer, offset: number, length: number): number => {
    const code = failures.shift();
    if (code !== undefined) throw Object.assign(new Error(`${code}: write failed`), { code });
    const n = Math.min(max, length);
    written.push(Buffer.from(data.subarray(offset, offset + n)));
    return n;
  }) as typeof writeSync;
  return { write, written };
}

describe('writeAll', () => {
  it('should write all of a text the descriptor takes a few bytes at a time, multi-byte characters whole', () => {
    const text = 'Workspace:  ws-ä ✓\n';
    const { write, written } = fakeWrite(3, []);
    writeAll(1, text, write);
    assert.equal(Buffer.concat(written).toString('utf8'), text);
  });

  it('should wait out EAGAIN and then finish the text', () => {
    const { write, written } = fakeWrite(100, ['EAGAIN', 'EAGAIN']);
    writeAll(1, 'hello\n', write);
    assert.equal(Buffer.concat(written).toString('utf8'), 'hello\n');
  });

  it('should throw OutputClosedError naming the descriptor when the reader has gone (EPIPE)', () => {
    const { write } = fakeWrite(100, ['EPIPE']);
    assert.throws(
      () => writeAll(1, 'hello\n', write),
      (e: unknown) => e instanceof OutputClosedError && e.fd === 1,
    );
  });

  it('should throw any other error as it is', () => {
    const { write } = fakeWrite(100, ['EIO']);
    assert.throws(
      () => writeAll(2, 'hello\n', write),
      (e: unknown) => !(e instanceof OutputClosedError) && (e as NodeJS.ErrnoException).code === 'EIO',
    );
  });
});

describe('fdSink', () => {
  it('should append each text to the file descriptor in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-stdio-'));
    try {
      const path = join(dir, 'out');
      const fd = openSync(path, 'w');
      const sink = fdSink(fd);
      sink.write('one\n');
      sink.write('two\n');
      closeSync(fd);
      assert.equal(readFileSync(path, 'utf8'), 'one\ntwo\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
