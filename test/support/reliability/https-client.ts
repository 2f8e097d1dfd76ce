// Minimal HTTPS client for the webhook: one request, its status and body, or the socket error it ended with.
import type { Agent } from 'node:https';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface Reply {
  readonly status?: number;
  readonly body: string;
  /** Set when no HTTP response arrived (reset, refused, TLS failure…). */
  readonly error?: string;
}

export interface PostOptions {
  readonly agent?: Agent | false;
  readonly ca: Buffer | readonly Buffer[];
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string | number>>;
  /** Sent as one write, or as several when given as an array (chunked transfer without content-length). */
  readonly body?: string | Buffer | readonly Buffer[];
  readonly timeoutMs?: number;
  /** Called with the peer certificate's fingerprint of each new TLS connection. */
  readonly onCertificate?: (fingerprint256: string) => void;
}

export function send(port: number, options: PostOptions): Promise<Reply> {
  return new Promise((resolveReply) => {
    const chunks = Array.isArray(options.body) ? (options.body as readonly Buffer[]) : undefined;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        path: options.path ?? '/mutate',
        method: options.method ?? 'POST',
        ca: options.ca as Buffer | Buffer[],
        agent: options.agent,
        headers: { 'content-type': 'application/json', ...options.headers },
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => resolveReply({ status: res.statusCode, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', (e: NodeJS.ErrnoException) => resolveReply({ status: res.statusCode, body: '', error: e.code ?? e.message }));
      },
    );
    if (options.onCertificate) {
      // Only new connections handshake; a reused keep-alive socket never emits secureConnect again.
      req.on(
        'socket',
        (socket) =>
          socket.connecting &&
          socket.once('secureConnect', () => {
            // Empty when the socket is already being torn down; only a certificate actually presented counts.
            const fingerprint = (socket as TLSSocket).getPeerCertificate().fingerprint256 as string | undefined;
            if (typeof fingerprint === 'string' && fingerprint !== '') options.onCertificate?.(fingerprint);
          }),
      );
    }
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => resolveReply({ body: '', error: e.code ?? e.message }));
    if (chunks) {
      for (const c of chunks.slice(0, -1)) req.write(c);
      req.end(chunks.at(-1));
    } else {
      req.end(options.body as string | Buffer | undefined);
    }
  });
}
