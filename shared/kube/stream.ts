// A streaming GET for the watch API: the response is read line by line (one JSON watch event per line)
// for as long as the server keeps it open. `--request-timeout` bounds the wait for the response headers only.
import http from 'node:http';
import https from 'node:https';
import { apiErrorFromResponse, ConnectionError, type KubeClient } from './rest.js';

export interface StreamOptions {
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** Milliseconds to wait for the server to answer; 0 waits forever. */
  readonly headerTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * GETs path and calls onLine for every complete line of the body. Resolves when the server ends the
 * response (or the signal aborts), rejects with ApiError for a non-2xx answer and ConnectionError when
 * the connection fails or drops.
 */
export function streamLines(client: KubeClient, path: string, onLine: (line: string) => void, options: StreamOptions = {}): Promise<void> {
  const t = client.transport;
  const url = new URL(t.server + path);
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  const secure = url.protocol === 'https:';
  const lib = secure ? https : http;
  const headers = { accept: 'application/json', ...t.headers };
  return new Promise<void>((resolve, reject) => {
    if (options.signal?.aborted === true) return resolve();
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (err === undefined) resolve();
      else reject(err);
    };
    const dropped = (err: Error): ConnectionError =>
      new ConnectionError(`the watch connection to the server ${t.server} failed: ${err.message}`, { cause: err });
    const req = lib.request(url, { method: 'GET', headers, ...(secure ? t.tls : {}), agent: false }, (res) => {
      clearTimeout(timer);
      const code = res.statusCode ?? 0;
      if (code < 200 || code >= 300) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish(apiErrorFromResponse(code, Buffer.concat(chunks).toString('utf8'))));
        res.on('error', (err) => finish(dropped(err)));
        return;
      }
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        pending += chunk;
        let nl = pending.indexOf('\n');
        while (nl !== -1) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (line !== '') {
            try {
              onLine(line);
            } catch (err) {
              req.destroy();
              return finish(err as Error);
            }
          }
          nl = pending.indexOf('\n');
        }
      });
      res.on('end', () => finish());
      // An aborted response (the server went away mid-stream) is a dropped connection.
      res.on('aborted', () => finish(dropped(new Error('the server closed the stream'))));
      res.on('error', (err) => finish(dropped(err)));
    });
    const timeoutMs = options.headerTimeoutMs ?? 0;
    const timer =
      timeoutMs > 0
        ? setTimeout(
            () => req.destroy(new ConnectionError(`no answer from the server ${t.server} within --request-timeout (${timeoutMs} ms)`)),
            timeoutMs,
          )
        : undefined;
    const onAbort = (): void => {
      req.destroy();
      finish();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => finish(err instanceof ConnectionError ? err : dropped(err)));
    req.end();
  });
}
