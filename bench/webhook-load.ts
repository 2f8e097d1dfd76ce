// A closed-loop HTTPS load generator: C workers, each sending the next request as soon as its
// previous answer arrived, over keep-alive connections, for a fixed time.
import https from 'node:https';
import { elapsedMs } from './stats.js';

export interface LoadOptions {
  readonly url: string;
  readonly ca: string | Buffer;
  readonly body: Buffer;
  readonly concurrency: number;
  readonly durationMs: number;
  /** Requests sent before the clock starts, to open connections and warm the server's JIT. */
  readonly warmupMs: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly elapsedMs: number;
  readonly requestsPerSecond: number;
  readonly latenciesMs: readonly number[];
}

/** One POST; resolves with the status code, reading (and discarding) the body so the socket is reused. */
function post(agent: https.Agent, url: URL, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function loop(agent: https.Agent, url: URL, body: Buffer, untilNs: bigint, latencies: number[] | undefined): Promise<number> {
  let errors = 0;
  while (process.hrtime.bigint() < untilNs) {
    const t = process.hrtime.bigint();
    const status = await post(agent, url, body).catch(() => 0);
    if (status !== 200) errors += 1;
    latencies?.push(elapsedMs(t));
  }
  return errors;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  const agent = new https.Agent({ keepAlive: true, maxSockets: options.concurrency, ca: options.ca });
  try {
    const workers = (untilNs: bigint, latencies?: number[]) =>
      Promise.all(Array.from({ length: options.concurrency }, () => loop(agent, url, options.body, untilNs, latencies)));
    await workers(process.hrtime.bigint() + BigInt(options.warmupMs) * 1_000_000n);
    const latencies: number[] = [];
    const started = process.hrtime.bigint();
    const errors = (await workers(started + BigInt(options.durationMs) * 1_000_000n, latencies)).reduce((a, b) => a + b, 0);
    const ms = elapsedMs(started);
    return { requests: latencies.length, errors, elapsedMs: ms, requestsPerSecond: (latencies.length / ms) * 1000, latenciesMs: latencies };
  } finally {
    agent.destroy();
  }
}

/** One request on a fresh connection, answering the response body: to check a server before loading it. */
export function postOnce(url: string, ca: string | Buffer, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', ca, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
