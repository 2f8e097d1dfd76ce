// HTTP transport of the webhook: routing, content type, body limit, decoding and encoding. No admission logic here.
//
// Plain node:http handlers rather than Express: the process serves one POST route and three
// fixed GET routes, and a router would add per-request work and a second way of writing
// error bodies to the hot path without buying anything.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decide, Operation } from './decision.js';
import { RejectReason, WebhookRequestError } from './errors.js';
import type { Logger } from './log.js';
import { RequestOutcome, type WebhookMetrics } from './metrics.js';
import { buildResponse, parseReview } from './review.js';

/** The API server refuses request bodies over 3 MiB, so no genuine AdmissionReview is larger. */
export const maxBodyBytes = 3 * 1024 * 1024;

export const Route = { mutate: '/mutate', healthz: '/healthz', readyz: '/readyz', metrics: '/metrics' } as const;
export type Route = (typeof Route)[keyof typeof Route];

export interface HandlerOptions {
  readonly metrics: WebhookMetrics;
  readonly logger: Logger;
  /** Routes this listener answers; others get 404. Defaults to all. */
  readonly routes?: readonly Route[];
  /** Whether the process should receive traffic (certificate loaded, not shutting down). */
  readonly ready: () => boolean;
  /** True once shutdown began: answers then ask clients to close their connection. */
  readonly closing?: () => boolean;
  readonly maxBodyBytes?: number;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** A metav1.Status body, which is what Kubernetes clients expect alongside a non-2xx status. */
const knownOperations: ReadonlySet<string> = new Set(Object.values(Operation));

/** The metrics label for an operation: the four the API server sends, else "other", so a caller cannot create series at will. */
export function operationLabel(operation: string): string {
  return knownOperations.has(operation) ? operation : 'other';
}

export function statusBody(error: WebhookRequestError): string {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message: error.message,
    reason: error.reason,
    code: error.status,
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, closing: boolean): void {
  const headers: Record<string, string | number> = { 'content-type': contentType, 'content-length': Buffer.byteLength(body) };
  if (closing) headers['connection'] = 'close';
  res.writeHead(status, headers);
  res.end(body);
}

function sendError(res: ServerResponse, error: WebhookRequestError, closing: boolean, extra: Readonly<Record<string, string>> = {}): void {
  for (const [name, value] of Object.entries(extra)) res.setHeader(name, value);
  send(res, error.status, 'application/json', statusBody(error), closing);
}

function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const mediaType = header.split(';', 1)[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/** Reads the body up to `limit` bytes; rejects with 413 as soon as more arrive. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (error: WebhookRequestError) => {
      if (done) return;
      done = true;
      chunks.length = 0;
      reject(error);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        fail(new WebhookRequestError(RejectReason.requestEntityTooLarge, `request body exceeds ${limit} bytes, the API server's own limit; send one AdmissionReview per request`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (cause: Error) => fail(new WebhookRequestError(RejectReason.badRequest, `reading the request body failed: ${cause.message}`, { cause })));
    // A client that goes away mid-body may not emit 'error'; settle anyway so nothing is held.
    req.on('close', () => fail(new WebhookRequestError(RejectReason.badRequest, 'the client closed the connection before the request body was complete')));
  });
}

function decodeJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (cause) {
    // The parser's message quotes the input, which may be a pod; keep it out of responses and logs.
    throw new WebhookRequestError(RejectReason.badRequest, `request body is not valid JSON (${body.length} bytes); send an AdmissionReview encoded as JSON`, { cause });
  }
}

export function createRequestHandler(options: HandlerOptions): RequestHandler {
  const { metrics, logger } = options;
  const routes = new Set<string>(options.routes ?? Object.values(Route));
  const limit = options.maxBodyBytes ?? maxBodyBytes;
  const closing = options.closing ?? (() => false);

  const mutate = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = process.hrtime.bigint();
    let operation = 'unknown';
    const finish = (outcome: RequestOutcome) => {
      metrics.requests.inc({ operation, outcome });
      metrics.duration.observe({ outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    };
    try {
      if (req.method !== 'POST') {
        throw new WebhookRequestError(RejectReason.methodNotAllowed, `method ${req.method ?? ''} is not allowed on ${Route.mutate}; send a POST with an AdmissionReview`);
      }
      if (!isJsonContentType(req.headers['content-type'])) {
        throw new WebhookRequestError(RejectReason.unsupportedMediaType, `content-type must be application/json, got ${JSON.stringify(req.headers['content-type'] ?? '')}`);
      }
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > limit) {
        throw new WebhookRequestError(RejectReason.requestEntityTooLarge, `request body of ${declared} bytes exceeds ${limit} bytes, the API server's own limit; send one AdmissionReview per request`);
      }
      const review = parseReview(decodeJson(await readBody(req, limit)));
      operation = operationLabel(review.input.operation);
      const patch = decide(review.input);
      send(res, 200, 'application/json', JSON.stringify(buildResponse(review, patch)), closing());
      if (patch.length > 0) metrics.patches.inc();
      finish(patch.length > 0 ? RequestOutcome.patched : RequestOutcome.allowed);
      if (logger.enabled('debug')) {
        logger.debug('admission reviewed', { uid: review.uid, operation, dryRun: review.dryRun, patched: patch.length > 0, version: review.apiVersion });
      }
    } catch (error) {
      const known = error instanceof WebhookRequestError;
      const rejection = known ? error : new WebhookRequestError(RejectReason.internalError, 'the webhook failed to process the request', { cause: error });
      // An unread body would have to be drained before this connection could carry another request.
      const mustClose = closing() || !req.complete;
      if (!res.headersSent) {
        sendError(res, rejection, mustClose, rejection.reason === RejectReason.methodNotAllowed ? { allow: 'POST' } : {});
      } else {
        res.destroy();
      }
      finish(known ? RequestOutcome.rejected : RequestOutcome.error);
      // Anyone who reaches the port can send garbage: 4xx are counted in the metrics and
      // logged only at debug level, so they cannot flood the log.
      const log = known ? logger.debug : logger.error;
      log('request rejected', { status: rejection.status, reason: rejection.reason, error: known ? rejection.message : String((error as Error)?.name) });
    }
  };

  const ops = async (route: Route, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, new WebhookRequestError(RejectReason.methodNotAllowed, `method ${req.method ?? ''} is not allowed on ${route}; use GET`), closing(), { allow: 'GET, HEAD' });
      return;
    }
    if (route === Route.metrics) {
      send(res, 200, metrics.registry.contentType, await metrics.registry.metrics(), closing());
    } else if (route === Route.readyz && !options.ready()) {
      send(res, 503, 'text/plain; charset=utf-8', 'not ready\n', closing());
    } else {
      send(res, 200, 'text/plain; charset=utf-8', 'ok\n', closing());
    }
  };

  return (req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const handled = !routes.has(path)
      ? Promise.resolve(sendError(res, new WebhookRequestError(RejectReason.notFound, `no handler for path ${JSON.stringify(path.slice(0, 128))}; the webhook serves ${[...routes].join(', ')}`), closing()))
      : path === Route.mutate
        ? mutate(req, res)
        : ops(path as Route, req, res);
    handled.catch((error: unknown) => {
      logger.error('handler failed', { error: String((error as Error)?.name) });
      if (!res.headersSent) sendError(res, new WebhookRequestError(RejectReason.internalError, 'the webhook failed to process the request'), true);
      else res.destroy();
    });
  };
}
