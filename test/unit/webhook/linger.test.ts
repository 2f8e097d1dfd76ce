import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { createRequestHandler } from '../../../webhook/handler.js';
import { bodyPending, defaultLingerLimits, type LingerLimits } from '../../../webhook/linger.js';
import { createLogger } from '../../../webhook/log.js';
import { createMetrics } from '../../../webhook/metrics.js';
import { openRaw, type RawConnection } from '../../support/raw-http.js';

const limit = 1024;

interface Listener {
  readonly port: number;
  /** The `lingering close` log lines so far. */
  readonly lingered: () => readonly { readonly result: string; readonly droppedBytes: number }[];
  readonly close: () => Promise<void>;
}

async function listen(linger: LingerLimits): Promise<Listener> {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  const handler = createRequestHandler({
    metrics: createMetrics({ processMetrics: false }),
    logger: createLogger(stream, 'debug'),
    ready: () => true,
    maxBodyBytes: limit,
    linger,
  });
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    lingered: () =>
      text
        .split('\n')
        .filter((l) => l.includes('"lingering close"'))
        .map((l) => JSON.parse(l) as { result: string; droppedBytes: number }),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function head(headers: Readonly<Record<string, string | number>>): string {
  return `POST /mutate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
}

function chunk(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
}

/** Sends `total` bytes in 16 KiB writes, each after the previous one reached the kernel; stops early when the connection fails. */
async function sendBytes(conn: RawConnection, total: number): Promise<number> {
  let sent = 0;
  while (sent < total) {
    const size = Math.min(16 * 1024, total - sent);
    if (!(await conn.write(Buffer.alloc(size, 0x20)))) break;
    sent += size;
  }
  return sent;
}

describe('lingering close', () => {
  let roomy: Listener;

  before(async () => {
    // Bounds far above what these tests send: every close below is the client's doing.
    roomy = await listen({ maxBytes: 8 * 1024 * 1024, maxMs: 60_000 });
  });

  after(async () => {
    await roomy.close();
  });

  it('should let a client send its whole declared body after reading the 413, then end the connection cleanly', async () => {
    const declared = 512 * 1024;
    const conn = await openRaw(roomy.port);
    await conn.write(head({ 'content-length': declared }));
    const response = await conn.response;
    assert.equal(response.status, 413);
    assert.equal(response.headers['connection'], 'close');
    assert.match(response.body, /"reason":"RequestEntityTooLarge"/);
    assert.equal(await sendBytes(conn, declared), declared);
    assert.equal(conn.endedByServer(), false, 'the server ended the connection before the body was complete');
    conn.socket.end();
    assert.deepEqual(await conn.closed, { endedByServer: true });
    assert.deepEqual(roomy.lingered().at(-1), { ...roomy.lingered().at(-1), result: 'drained', droppedBytes: declared });
  });

  it('should let a client finish a chunked body that grew past the limit, then end the connection cleanly', async () => {
    const conn = await openRaw(roomy.port);
    await conn.write(head({ 'transfer-encoding': 'chunked' }));
    await conn.write(chunk(Buffer.alloc(limit + 1, 0x20)));
    const response = await conn.response;
    assert.equal(response.status, 413);
    assert.equal(response.headers['connection'], 'close');
    for (let i = 0; i < 32; i++) assert.ok(await conn.write(chunk(Buffer.alloc(16 * 1024, 0x20))));
    await conn.write('0\r\n\r\n');
    conn.socket.end();
    assert.deepEqual(await conn.closed, { endedByServer: true });
    assert.equal(roomy.lingered().at(-1)?.result, 'drained');
  });

  it('should linger after a 415 sent before the body was read, too', async () => {
    const conn = await openRaw(roomy.port);
    await conn.write(`POST /mutate HTTP/1.1\r\nhost: localhost\r\ncontent-type: text/plain\r\ncontent-length: ${256 * 1024}\r\n\r\n`);
    assert.equal((await conn.response).status, 415);
    assert.equal(await sendBytes(conn, 256 * 1024), 256 * 1024);
    conn.socket.end();
    assert.deepEqual(await conn.closed, { endedByServer: true });
  });

  it('should cut the connection once more than maxBytes were dropped', async () => {
    const bounded = await listen({ maxBytes: 64 * 1024, maxMs: 60_000 });
    try {
      const declared = 256 * 1024 * 1024;
      const conn = await openRaw(bounded.port);
      await conn.write(head({ 'content-length': declared }));
      assert.equal((await conn.response).status, 413);
      const sent = await sendBytes(conn, declared);
      await conn.closed;
      assert.ok(sent < declared, 'the client could send its whole body');
      const [entry] = bounded.lingered();
      assert.equal(entry?.result, 'byte-limit');
      assert.ok((entry?.droppedBytes ?? 0) > 64 * 1024);
    } finally {
      await bounded.close();
    }
  });

  it('should cut the connection of a client that stops sending once maxMs passed', async () => {
    const bounded = await listen({ maxBytes: 8 * 1024 * 1024, maxMs: 200 });
    try {
      const conn = await openRaw(bounded.port);
      await conn.write(head({ 'content-length': 100_000 }));
      assert.equal((await conn.response).status, 413);
      await conn.serverEnded;
      conn.socket.end();
      assert.deepEqual(await conn.closed, { endedByServer: true });
      assert.deepEqual(bounded.lingered(), [{ ...bounded.lingered()[0], result: 'time-limit', droppedBytes: 0 }]);
    } finally {
      await bounded.close();
    }
  });

  it('should keep a connection whose refused request had no body open for the next request', async () => {
    const conn = await openRaw(roomy.port);
    await conn.write('PUT /mutate HTTP/1.1\r\nhost: localhost\r\n\r\n');
    const response = await conn.response;
    assert.equal(response.status, 405);
    assert.equal(response.headers['connection'], 'keep-alive');
    conn.socket.destroy();
  });

  it('should read at most twice the API server limit for at most 5 s by default', () => {
    assert.deepEqual(defaultLingerLimits, { maxBytes: 6 * 1024 * 1024, maxMs: 5000 });
  });
});

describe('bodyPending', () => {
  const cases: ReadonlyArray<readonly [string, Readonly<Record<string, string>>, boolean, boolean]> = [
    ['a request without content-length or transfer-encoding', {}, false, false],
    ['content-length 0', { 'content-length': '0' }, false, false],
    ['an unread content-length body', { 'content-length': '10' }, false, true],
    ['an unread chunked body', { 'transfer-encoding': 'chunked' }, false, true],
    ['a body received completely', { 'content-length': '10' }, true, false],
  ];
  for (const [name, headers, complete, expected] of cases) {
    it(`should say ${String(expected)} for ${name}`, () => {
      assert.equal(bodyPending({ headers, complete } as unknown as IncomingMessage), expected);
    });
  }
});
