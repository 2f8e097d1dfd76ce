// Streaming GETs: the response body is handed over chunk by chunk as it arrives, for the watch API (one JSON
// watch event per line, for as long as the server keeps it open) and for large lists (items parsed and
// printed while the server is still sending).
import http from 'node:http';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import { apiErrorFromResponse, ConnectionError, unreachableServerError, type KubeClient } from './rest.js';
import type { Transport } from './transport.js';

export interface StreamOptions {
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** Milliseconds to wait for the server to answer; 0 waits forever. */
  readonly headerTimeoutMs?: number;
  /** Milliseconds the whole response may take, body included (`--request-timeout` of a list); 0 forever. */
  readonly totalTimeoutMs?: number;
  readonly signal?: AbortSignal;
  /** How a failed or dropped connection is described: "the watch connection", "the list". */
  readonly what?: string;
}

/**
 * GETs path and calls onChunk for every piece of a 2xx body. Resolves when the server ends the response (or
 * the signal aborts), rejects with ApiError for a non-2xx answer, ConnectionError when the connection fails,
 * drops or outlasts a timeout, and with onChunk's error when it throws (the request is then abandoned).
 * A credential that changes is renewed as KubeClient.request renews it: when expired, and once after a 401
 * (which comes before any chunk, so nothing was handed over).
 */
export function streamBody(client: KubeClient, path: string, onChunk: (chunk: Buffer) => void, options: StreamOptions = {}): Promise<void> {
  return client.withCredential((transport) => streamWith(transport, path, onChunk, options));
}

function streamWith(t: Transport, path: string, onChunk: (chunk: Buffer) => void, options: StreamOptions): Promise<void> {
  const url = new URL(t.server + path);
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  const secure = url.protocol === 'https:';
  const lib = secure ? https : http;
  const headers = { accept: 'application/json', ...t.headers };
  const what = options.what ?? 'the connection';
  return new Promise<void>((resolve, reject) => {
    if (options.signal?.aborted === true) return resolve();
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(headerTimer);
      clearTimeout(totalTimer);
      options.signal?.removeEventListener('abort', onAbort);
      if (err === undefined) resolve();
      else reject(err);
    };
    const dropped = (err: Error): ConnectionError =>
      new ConnectionError(`${what} to the server ${t.server} failed: ${err.message}`, { cause: err });
    // Until the server answers, a failure means it could not be reached; after, that the stream broke off.
    let answered = false;
    const req = lib.request(url, { method: 'GET', headers, ...(secure ? t.tls : {}), agent: false }, (res) => {
      answered = true;
      clearTimeout(headerTimer);
      const code = res.statusCode ?? 0;
      if (code < 200 || code >= 300) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish(apiErrorFromResponse(code, Buffer.concat(chunks).toString('utf8'))));
        res.on('error', (err) => finish(dropped(err)));
        return;
      }
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        try {
          onChunk(chunk);
        } catch (err) {
          req.destroy();
          finish(err as Error);
        }
      });
      res.on('end', () => finish());
      // An aborted response (the server went away mid-stream) is a dropped connection.
      res.on('aborted', () => finish(dropped(new Error('the server closed the stream'))));
      res.on('error', (err) => finish(dropped(err)));
    });
    const timeout = (ms: number | undefined, message: string): NodeJS.Timeout | undefined =>
      ms !== undefined && ms > 0 ? setTimeout(() => req.destroy(new ConnectionError(message)), ms) : undefined;
    const headerTimer = timeout(
      options.headerTimeoutMs,
      `no answer from the server ${t.server} within --request-timeout (${options.headerTimeoutMs} ms)`,
    );
    const totalTimer = timeout(
      options.totalTimeoutMs,
      `${what} to the server ${t.server} did not complete within --request-timeout (${options.totalTimeoutMs} ms)`,
    );
    const onAbort = (): void => {
      req.destroy();
      finish();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) =>
      finish(err instanceof ConnectionError ? err : answered ? dropped(err) : unreachableServerError(t.server, err)),
    );
    req.end();
  });
}

/** GETs path and calls onLine for every complete, non-blank line of the body (see streamBody). */
export function streamLines(client: KubeClient, path: string, onLine: (line: string) => void, options: StreamOptions = {}): Promise<void> {
  // A character split between two chunks is decoded once both have arrived.
  const decoder = new StringDecoder('utf8');
  let pending = '';
  return streamBody(
    client,
    path,
    (chunk) => {
      pending += decoder.write(chunk);
      let nl = pending.indexOf('\n');
      while (nl !== -1) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (line !== '') onLine(line);
        nl = pending.indexOf('\n');
      }
    },
    { what: 'the watch connection', ...options },
  );
}
