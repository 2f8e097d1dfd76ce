// A raw HTTP/1.1 connection the test drives byte by byte: to send a body after reading the answer,
// and to see whether the server ended the connection cleanly or reset it.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface RawClosed {
  /** The server ended its side cleanly (FIN, after close_notify with TLS). */
  readonly endedByServer: boolean;
  /** A socket error (ECONNRESET, EPIPE…) seen before the close, if any. */
  readonly error?: string;
}

export interface RawConnection {
  readonly socket: Socket;
  /** The first complete response (by content-length) on the connection. */
  readonly response: Promise<RawResponse>;
  readonly closed: Promise<RawClosed>;
  /** Writes and waits until the data was handed to the kernel; false once the connection failed or closed. */
  readonly write: (data: string | Buffer) => Promise<boolean>;
  /** Whether the server's FIN has arrived yet. */
  readonly endedByServer: () => boolean;
  /** Resolves when the server's FIN arrives (over plain TCP the client's side stays open: half-open). */
  readonly serverEnded: Promise<void>;
}

function parseResponse(buffer: Buffer): RawResponse | undefined {
  const headerEnd = buffer.indexOf('\r\n\r\n');
  if (headerEnd === -1) return undefined;
  const [statusLine = '', ...lines] = buffer.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = buffer.subarray(headerEnd + 4);
  if (body.length < length) return undefined;
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.subarray(0, length).toString('utf8') };
}

/** Connects to 127.0.0.1:port (half-open for plain TCP), over TLS when `ca` is given, and resolves once connected. */
export function openRaw(port: number, tls?: { readonly ca: string | Buffer }): Promise<RawConnection> {
  return new Promise((resolveOpen, rejectOpen) => {
    let ended = false;
    let failure: string | undefined;
    let received = Buffer.alloc(0);
    let resolveResponse: (r: RawResponse) => void = () => {};
    let rejectResponse: (e: Error) => void = () => {};
    const response = new Promise<RawResponse>((resolve, reject) => {
      resolveResponse = resolve;
      rejectResponse = reject;
    });
    const socket: Socket = tls
      ? tlsConnect({ host: '127.0.0.1', port, ca: tls.ca, servername: 'localhost' }, () => resolveOpen(connection))
      : netConnect({ host: '127.0.0.1', port, allowHalfOpen: true }, () => resolveOpen(connection));
    const closed = new Promise<RawClosed>((resolve) => {
      socket.on('close', () => {
        rejectResponse(
          new Error(
            `connection closed before a complete response (${failure ?? 'no error'}); received ${JSON.stringify(received.toString('latin1').slice(0, 200))}`,
          ),
        );
        resolve({ endedByServer: ended, ...(failure === undefined ? {} : { error: failure }) });
      });
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const parsed = parseResponse(received);
      if (parsed) resolveResponse(parsed);
    });
    let resolveEnded: () => void = () => {};
    const serverEnded = new Promise<void>((resolve) => (resolveEnded = resolve));
    socket.on('end', () => {
      ended = true;
      resolveEnded();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      failure ??= error.code ?? error.message;
      rejectOpen(error);
    });
    const connection: RawConnection = {
      socket,
      response,
      closed,
      endedByServer: () => ended,
      serverEnded,
      write: (data) =>
        new Promise((resolveWrite) => {
          if (socket.destroyed || failure !== undefined) {
            resolveWrite(false);
            return;
          }
          socket.write(data, (error) => resolveWrite(error === undefined || error === null));
        }),
    };
  });
}
