// The admission listener's HTTPS options, in a module of their own so the benchmark's bare peer can share them without the server.
import type { ServerOptions } from 'node:https';

/**
 * The admission listener's options besides its certificate: TLS 1.2 or later, idle keep-alive
 * connections kept 75 s, bounds on slow clients. The benchmark's bare peer uses the same, so the
 * two differ only in what runs per request.
 */
export const admissionListenerOptions = {
  minVersion: 'TLSv1.2',
  keepAliveTimeout: 75_000,
  headersTimeout: 10_000,
  requestTimeout: 30_000,
} as const satisfies ServerOptions;
