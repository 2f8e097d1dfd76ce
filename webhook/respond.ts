// Writing answers: one way to send a body and a metav1.Status refusal, for the admission path and the operational app.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebhookRequestError } from './errors.js';
import { bodyPending, endAfterBody, type LingerLimits, type LingerResult } from './linger.js';

export interface SendOptions {
  /** Ask the client to close the connection after this answer. */
  readonly close: boolean;
  readonly headers?: Readonly<Record<string, string>>;
  /** Bounds of the lingering close used when the answer is sent while the body still arrives. */
  readonly linger: LingerLimits;
  readonly onLinger?: (result: LingerResult, droppedBytes: number) => void;
}

/** A metav1.Status body, which is what Kubernetes clients expect alongside a non-2xx status. */
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

/**
 * Sends a complete answer. When the connection must close while the client is still sending its
 * body, the answer goes out now and the connection closes after a lingering close, so the client
 * reads it instead of a reset.
 */
export function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  options: SendOptions,
): void {
  const headers: Record<string, string | number> = {
    ...options.headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
  };
  if (options.close) headers['connection'] = 'close';
  res.writeHead(status, headers);
  if (options.close && bodyPending(req)) {
    res.write(body);
    endAfterBody(req, res, options.linger, options.onLinger);
  } else {
    res.end(body);
  }
}

export function sendError(req: IncomingMessage, res: ServerResponse, error: WebhookRequestError, options: SendOptions): void {
  send(req, res, error.status, 'application/json', statusBody(error), options);
}
