// A minimal JSON client for the Kubernetes REST API over node:https: what the plugin needs and
// nothing more, so a start costs milliseconds instead of loading every generated API.
import http from 'node:http';
import https from 'node:https';
import { parseGoDuration } from '../duration.js';
import { InvalidValueError } from '../errors.js';
import { isJsonObject } from '../json-object.js';
import { ApiError, ConnectionError } from './api-error.js';
import type { Transport } from './transport.js';

export { ApiError, ConnectionError } from './api-error.js';

export const PatchType = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  readonly contentType?: string;
}

/** `--request-timeout` in kubectl's syntax ("0" = none, "30" = seconds, "5s", "1m") → milliseconds, 0 = none. */
export function parseRequestTimeout(value: string | undefined): number {
  if (value === undefined || value === '' || value === '0') return 0;
  const ns = /^\d+$/.test(value) ? BigInt(value) * 1_000_000_000n : parseGoDuration(value, '--request-timeout');
  if (ns < 0n) throw new InvalidValueError('--request-timeout', value, 'a non-negative duration such as 0, 5s or 1m');
  // Node's timers hold at most 2^31-1 ms (~24.8 days) and fire at once beyond it.
  if (ns > MAX_TIMEOUT_MS * 1_000_000n)
    throw new InvalidValueError('--request-timeout', value, 'at most 596h (the longest timer Node.js keeps), or 0 for none');
  // A non-zero timeout under 1 ms must not round down to 0, which means none.
  return ns === 0n ? 0 : Math.max(1, Number(ns / 1_000_000n));
}

const MAX_TIMEOUT_MS = 2_147_483_647n;

const STATUS_REASONS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** Builds the error for a non-2xx answer from the server's Status object when there is one. */
export function apiErrorFromResponse(statusCode: number, body: string): ApiError {
  let status: unknown;
  try {
    status = JSON.parse(body);
  } catch {
    status = undefined;
  }
  const s = isJsonObject(status) ? status : {};
  const reason = typeof s['reason'] === 'string' && s['reason'] !== '' ? s['reason'] : (STATUS_REASONS[statusCode] ?? 'Unknown');
  const message =
    typeof s['message'] === 'string' && s['message'] !== ''
      ? s['message']
      : `the server answered ${statusCode} ${reason}${body.trim() === '' ? '' : `: ${body.trim().slice(0, 200)}`}`;
  return new ApiError(statusCode, reason, message, status);
}

export interface KubeClientOptions {
  /** Whole-request timeout in milliseconds; 0 (default) waits forever, like kubectl. */
  readonly timeoutMs?: number;
  /**
   * Most connections open to the server at once; requests beyond them wait for a free one (keep-alive).
   * Default: no limit, a new connection per concurrent request.
   */
  readonly maxConnections?: number;
}

/** JSON over HTTPS to one API server, reusing connections. */
export class KubeClient {
  readonly server: string;
  private current: Transport;
  private agent: http.Agent;
  /** Agents of credentials renewed away from (a new client certificate); closed with the client. */
  private readonly retired: http.Agent[] = [];
  private renewing: Promise<void> | undefined;
  private readonly timeoutMs: number;
  private readonly maxConnections: number | undefined;

  constructor(transport: Transport, options: KubeClientOptions = {}) {
    this.current = transport;
    this.server = transport.server;
    this.timeoutMs = options.timeoutMs ?? 0;
    this.maxConnections = options.maxConnections;
    this.agent = this.makeAgent(transport);
  }

  /** The per-request timeout given at construction (ms, 0 = none); a write retried under contention stays within it. */
  get requestTimeoutMs(): number {
    return this.timeoutMs;
  }

  private makeAgent(transport: Transport): http.Agent {
    const pool = { keepAlive: true, ...(this.maxConnections === undefined ? {} : { maxSockets: this.maxConnections }) };
    return this.isHttps() ? new https.Agent({ ...transport.tls, ...pool }) : new http.Agent(pool);
  }

  private isHttps(): boolean {
    return this.server.startsWith('https:');
  }

  /** The transport to send with now: renewed first when its credential (an exec plugin's) has expired. */
  private async usableTransport(): Promise<Transport> {
    const expiresAt = this.current.renewal?.expiresAt;
    if (expiresAt !== undefined && Date.now() >= expiresAt.getTime()) await this.renew(this.current, false);
    return this.current;
  }

  /**
   * Runs `send` with the credential to use now, as kubectl sends a request: a credential that changes (an exec
   * plugin's, a token file's) is renewed first when it has expired, and after a 401 renewed (once for every request
   * refused with the same one) and `send` run once more; the server refused the request, so nothing was done.
   * A second 401, or one to a fixed credential, is the caller's.
   */
  async withCredential<T>(send: (transport: Transport) => Promise<T>): Promise<T> {
    const used = await this.usableTransport();
    try {
      return await send(used);
    } catch (err) {
      if (!(err instanceof ApiError && err.statusCode === 401) || used.renewal === undefined) throw err;
      await this.renew(used, true);
      return send(this.current);
    }
  }

  private renew(used: Transport, refused: boolean): Promise<void> {
    if (this.renewing !== undefined) return this.renewing;
    const renewal = used.renewal;
    // Another request has renewed it meanwhile: its credential is the one to use.
    if (this.current !== used || renewal === undefined) return Promise.resolve();
    this.renewing = (async () => {
      try {
        const next = await renewal.next(refused);
        if (!sameTls(next.tls, this.current.tls)) {
          this.retired.push(this.agent);
          this.agent = this.makeAgent(next);
        }
        this.current = next;
      } finally {
        this.renewing = undefined;
      }
    })();
    return this.renewing;
  }

  get<T>(path: string, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('GET', path, query === undefined ? {} : { query });
  }

  post<T>(path: string, body: unknown, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('POST', path, { body, ...(query === undefined ? {} : { query }) });
  }

  put<T>(path: string, body: unknown, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('PUT', path, { body, ...(query === undefined ? {} : { query }) });
  }

  patch<T>(path: string, body: unknown, type: PatchType, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('PATCH', path, { body, contentType: type, ...(query === undefined ? {} : { query }) });
  }

  /** Closes idle connections so the process can exit at once. */
  close(): void {
    this.agent.destroy();
    for (const agent of this.retired.splice(0)) agent.destroy();
  }

  request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    if (this.current.renewal === undefined) return this.send<T>(this.current, method, path, options);
    return this.withCredential((transport) => this.send<T>(transport, method, path, options));
  }

  private send<T>(transport: Transport, method: string, path: string, options: RequestOptions): Promise<T> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string> = { accept: 'application/json', ...transport.headers };
    if (payload !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      headers['content-length'] = String(payload.length);
    }
    const lib = this.isHttps() ? https : http;
    return new Promise<T>((resolve, reject) => {
      const req = lib.request(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => reject(this.connectionError(err)));
        res.on('end', () => {
          clearTimeout(timer);
          const body = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 0;
          if (code < 200 || code >= 300) return reject(apiErrorFromResponse(code, body));
          try {
            resolve((body === '' ? undefined : JSON.parse(body)) as T);
          } catch (err) {
            reject(new ConnectionError(`the server ${this.server} answered ${method} ${url.pathname} with invalid JSON`, { cause: err }));
          }
        });
      });
      const timer =
        this.timeoutMs > 0
          ? setTimeout(() => {
              req.destroy(new ConnectionError(`no answer from the server ${this.server} within --request-timeout (${this.timeoutMs} ms)`));
            }, this.timeoutMs)
          : undefined;
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(err instanceof ConnectionError ? err : this.connectionError(err));
      });
      req.end(payload);
    });
  }

  private connectionError(err: Error): ConnectionError {
    return unreachableServerError(this.server, err);
  }
}

/** Whether two transports present the same TLS material, so connections made for one serve the other. */
function sameTls(a: Transport['tls'], b: Transport['tls']): boolean {
  const bytes = (x: unknown): Buffer | undefined => (typeof x === 'string' ? Buffer.from(x) : Buffer.isBuffer(x) ? x : undefined);
  const same = (x: unknown, y: unknown): boolean => {
    if (x === y) return true;
    const [bx, by] = [bytes(x), bytes(y)];
    return bx !== undefined && by !== undefined && bx.equals(by);
  };
  return same(a.cert, b.cert) && same(a.key, b.key) && same(a.ca, b.ca) && a.rejectUnauthorized === b.rejectUnauthorized;
}

/** A request that got no answer because the connection could not be made or broke first, as kubectl words it. */
export function unreachableServerError(server: string, err: Error): ConnectionError {
  return new ConnectionError(
    `unable to connect to the server ${server}: ${err.message}; check that the cluster is running and the kubeconfig points at it`,
    { cause: err },
  );
}
