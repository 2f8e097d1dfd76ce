// HTTP transport of the webhook: routing, content type, body limit, decoding and encoding. No admission logic here.
//
// /mutate is dispatched by path before anything else and handled by plain node:http code: the API
// server calls it on every matching pod write, and the benchmark holds it against a bare
// node:https handler. Every other path goes to the operational Express app (ops.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decide, Operation } from './decision.js';
import { RejectReason, WebhookRequestError } from './errors.js';
import { bodyPending, defaultLingerLimits, type LingerLimits } from './linger.js';
import type { Logger } from './log.js';
import { RequestOutcome, type WebhookMetrics } from './metrics.js';
import { createOpsApp } from './ops.js';
import { send, sendError } from './respond.js';
import { buildResponse, parseReview } from './review.js';
import { isOperational, pathOf, Route } from './routes.js';

export { Route };

/** The API server refuses request bodies over 3 MiB, so no genuine AdmissionReview is larger. */
export const maxBodyBytes = 3 * 1024 * 1024;

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
  /** Bounds of the lingering close after an answer sent before the body was read. */
  readonly linger?: LingerLimits;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

const knownOperations: ReadonlySet<string> = new Set(Object.values(Operation));

/** The metrics label for an operation: the four the API server sends, else "other", so a caller cannot create series at will. */
export function operationLabel(operation: string): string {
  return knownOperations.has(operation) ? operation : 'other';
}

function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const mediaType = header.split(';', 1)[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/** Called once per request: with the whole body, or with why it could not be read. */
type BodyCallback = (error: WebhookRequestError | undefined, body: Buffer) => void;

const noBody = Buffer.alloc(0);

/**
 * Reads the body up to `limit` bytes and calls `done` once; a 413 as soon as more arrive.
 * Callbacks rather than a promise: this runs on every admission request, and the API server waits for it.
 */
function readBody(req: IncomingMessage, limit: number, done: BodyCallback): void {
  // A review usually arrives in one chunk: it is kept as is, without a copy into a new buffer.
  let first: Buffer | undefined;
  let rest: Buffer[] | undefined;
  let size = 0;
  let settled = false;
  // The error is built only when it is the outcome: an Error captures a stack, and 'close'
  // follows 'end' on every request.
  const fail = (error: () => WebhookRequestError) => {
    if (settled) return;
    settled = true;
    first = undefined;
    rest = undefined;
    done(error(), noBody);
  };
  req.on('data', (chunk: Buffer) => {
    if (settled) return;
    size += chunk.length;
    if (size > limit) {
      fail(
        () =>
          new WebhookRequestError(
            RejectReason.requestEntityTooLarge,
            `request body exceeds ${limit} bytes, the API server's own limit; send one AdmissionReview per request`,
          ),
      );
      return;
    }
    if (first === undefined) first = chunk;
    else (rest ??= [first]).push(chunk);
  });
  req.on('end', () => {
    if (settled) return;
    settled = true;
    done(undefined, rest !== undefined ? Buffer.concat(rest, size) : (first ?? noBody));
  });
  req.on('error', (cause: Error) =>
    fail(() => new WebhookRequestError(RejectReason.badRequest, `reading the request body failed: ${cause.message}`, { cause })),
  );
  // A client that goes away mid-body may not emit 'error'; settle anyway so nothing is held.
  req.on('close', () =>
    fail(() => new WebhookRequestError(RejectReason.badRequest, 'the client closed the connection before the request body was complete')),
  );
}

function decodeJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (cause) {
    // The parser's message quotes the input, which may be a pod; keep it out of responses and logs.
    throw new WebhookRequestError(
      RejectReason.badRequest,
      `request body is not valid JSON (${body.length} bytes); send an AdmissionReview encoded as JSON`,
      { cause },
    );
  }
}

export function createRequestHandler(options: HandlerOptions): RequestHandler {
  const { metrics, logger } = options;
  const routes: readonly Route[] = options.routes ?? Object.values(Route);
  const limit = options.maxBodyBytes ?? maxBodyBytes;
  const linger = options.linger ?? defaultLingerLimits;
  const closing = options.closing ?? (() => false);
  const servesMutate = routes.includes(Route.mutate);
  const ops = createOpsApp({
    metrics,
    logger,
    routes: routes.filter(isOperational),
    listed: routes,
    ready: options.ready,
    closing,
    linger,
  });
  const onLinger = (result: string, droppedBytes: number) => logger.debug('lingering close', { result, droppedBytes });

  // The last resort when answering itself failed: the request must still end, and the process must not.
  const handlerFailed = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    logger.error('handler failed', { error: String((error as Error)?.name) });
    if (!res.headersSent)
      sendError(req, res, new WebhookRequestError(RejectReason.internalError, 'the webhook failed to process the request'), {
        close: true,
        linger,
      });
    else res.destroy();
  };

  const finish = (started: number, operation: string, outcome: RequestOutcome) => {
    metrics.requests.inc({ operation, outcome });
    metrics.duration.observe({ outcome }, (performance.now() - started) / 1000);
  };

  const refuse = (req: IncomingMessage, res: ServerResponse, started: number, operation: string, error: unknown) => {
    const known = error instanceof WebhookRequestError;
    const rejection = known
      ? error
      : new WebhookRequestError(RejectReason.internalError, 'the webhook failed to process the request', { cause: error });
    if (!res.headersSent) {
      // A body still arriving is not read into the review: the connection closes after a lingering close that drops it.
      const headers = rejection.reason === RejectReason.methodNotAllowed ? { allow: 'POST' } : undefined;
      sendError(req, res, rejection, { close: closing() || bodyPending(req), linger, headers, onLinger });
    } else {
      res.destroy();
    }
    finish(started, operation, known ? RequestOutcome.rejected : RequestOutcome.error);
    // Anyone who reaches the port can send garbage: 4xx are counted in the metrics and
    // logged only at debug level, so they cannot flood the log.
    const log = known ? logger.debug : logger.error;
    log('request rejected', {
      status: rejection.status,
      reason: rejection.reason,
      error: known ? rejection.message : String((error as Error)?.name),
    });
  };

  const answer = (req: IncomingMessage, res: ServerResponse, started: number, body: Buffer) => {
    let operation = 'unknown';
    try {
      const review = parseReview(decodeJson(body));
      operation = operationLabel(review.input.operation);
      const patch = decide(review.input);
      send(req, res, 200, 'application/json', JSON.stringify(buildResponse(review, patch)), { close: closing(), linger });
      if (patch.length > 0) metrics.patches.inc();
      finish(started, operation, patch.length > 0 ? RequestOutcome.patched : RequestOutcome.allowed);
      if (logger.enabled('debug')) {
        logger.debug('admission reviewed', {
          uid: review.uid,
          operation,
          dryRun: review.dryRun,
          patched: patch.length > 0,
          version: review.apiVersion,
        });
      }
    } catch (error) {
      refuse(req, res, started, operation, error);
    }
  };

  const mutate = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    try {
      if (req.method !== 'POST') {
        throw new WebhookRequestError(
          RejectReason.methodNotAllowed,
          `method ${req.method ?? ''} is not allowed on ${Route.mutate}; send a POST with an AdmissionReview`,
        );
      }
      if (!isJsonContentType(req.headers['content-type'])) {
        throw new WebhookRequestError(
          RejectReason.unsupportedMediaType,
          `content-type must be application/json, got ${JSON.stringify(req.headers['content-type'] ?? '')}`,
        );
      }
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > limit) {
        throw new WebhookRequestError(
          RejectReason.requestEntityTooLarge,
          `request body of ${declared} bytes exceeds ${limit} bytes, the API server's own limit; send one AdmissionReview per request`,
        );
      }
    } catch (error) {
      refuse(req, res, started, 'unknown', error);
      return;
    }
    readBody(req, limit, (error, body) => {
      // This runs inside the request's event handlers, where a throw would end the process.
      try {
        if (error === undefined) answer(req, res, started, body);
        else refuse(req, res, started, 'unknown', error);
      } catch (failure) {
        handlerFailed(req, res, failure);
      }
    });
  };

  return (req, res) => {
    if (!servesMutate || pathOf(req.url) !== Route.mutate) {
      ops(req, res);
      return;
    }
    try {
      mutate(req, res);
    } catch (error) {
      handlerFailed(req, res, error);
    }
  };
}
