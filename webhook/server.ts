// The webhook process: an HTTPS listener for /mutate (and the operational endpoints), an optional
// plain-HTTP listener for metrics, certificate reload, and graceful shutdown.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createRequestHandler, Route } from './handler.js';
import type { Logger } from './log.js';
import { admissionListenerOptions } from './listener-options.js';
import { createMetrics, type WebhookMetrics } from './metrics.js';
import { CertificateReloader } from './tls-reload.js';

export interface ServeOptions {
  readonly certFile: string;
  readonly keyFile: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  /** When set, /metrics (plus the probes and /version) is served over plain HTTP on this port, and not on the HTTPS port. */
  readonly metricsPort?: number;
  readonly logger: Logger;
  readonly metrics?: WebhookMetrics;
  readonly reloadIntervalMs?: number;
  /** After this long, connections still open at shutdown are cut. Default 25 s (under the kubelet's 30 s grace period). */
  readonly shutdownTimeoutMs?: number;
  /**
   * After SIGTERM, keep accepting connections this long while /readyz answers 503 and every answer
   * says `connection: close`, so the API server's connections move to other replicas while the
   * endpoints controller catches up. Default 0.
   */
  readonly shutdownDelayMs?: number;
}

export interface RunningWebhook {
  readonly port: number;
  readonly metricsPort: number | undefined;
  readonly metrics: WebhookMetrics;
  readonly reloader: CertificateReloader;
  /** Stops accepting connections, lets in-flight requests finish, then resolves. Idempotent. */
  readonly shutdown: () => Promise<void>;
}

function listen(server: HttpServer | HttpsServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeGracefully(server: HttpServer | HttpsServer, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    // Keep-alive connections become idle once their in-flight request is answered; close them as they do.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
    deadline.unref();
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}

export async function startWebhookServer(options: ServeOptions): Promise<RunningWebhook> {
  const { logger } = options;
  const host = options.host ?? '0.0.0.0';
  const metrics = options.metrics ?? createMetrics();
  let closing = false;
  let server: HttpsServer | undefined;

  const reloader = new CertificateReloader({
    certFile: options.certFile,
    keyFile: options.keyFile,
    pollIntervalMs: options.reloadIntervalMs,
    logger,
    metrics,
    // New handshakes use the new pair; established connections keep theirs.
    onChange: (pair) => server?.setSecureContext({ cert: pair.cert, key: pair.key }),
  });
  const pair = await reloader.initial();

  const separateMetrics = options.metricsPort !== undefined;
  const common = { metrics, logger, ready: () => !closing, closing: () => closing };
  const mainRoutes: Route[] = separateMetrics ? Object.values(Route).filter((r) => r !== Route.metrics) : Object.values(Route);
  server = createHttpsServer(
    { ...admissionListenerOptions, cert: pair.cert, key: pair.key },
    createRequestHandler({ ...common, routes: mainRoutes }),
  );
  const metricsServer = separateMetrics
    ? createHttpServer(
        { keepAliveTimeout: 75_000 },
        createRequestHandler({ ...common, routes: Object.values(Route).filter((r) => r !== Route.mutate) }),
      )
    : undefined;

  for (const s of [server, metricsServer]) {
    // Garbage on the wire must cost one connection, never the process.
    s?.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      logger.debug('client connection error', { code: error.code });
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      else socket.destroy();
    });
  }
  server.on('tlsClientError', (error: NodeJS.ErrnoException) => logger.debug('TLS handshake failed', { code: error.code }));

  const port = await listen(server, options.port, host);
  const metricsPort =
    metricsServer && options.metricsPort !== undefined ? await listen(metricsServer, options.metricsPort, host) : undefined;
  reloader.start();
  logger.info('webhook serving', { host, port, metricsPort, notAfter: pair.notAfter.toISOString() });

  let stopped: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopped ??= (async () => {
      closing = true;
      const delay = options.shutdownDelayMs ?? 0;
      if (delay > 0) {
        logger.info('shutting down: not ready, still serving while endpoints update', { delayMs: delay });
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
      reloader.stop();
      logger.info('shutting down: no new connections, finishing in-flight requests');
      const timeout = options.shutdownTimeoutMs ?? 25_000;
      await Promise.all([closeGracefully(server, timeout), metricsServer ? closeGracefully(metricsServer, timeout) : undefined]);
      logger.info('shut down');
    })();
    return stopped;
  };
  return { port, metricsPort, metrics, reloader, shutdown };
}
