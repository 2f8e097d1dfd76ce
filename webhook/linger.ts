// Lingering close: an answer sent while the client is still sending its body must reach the client.
//
// Closing the socket at once would make the kernel answer the client's next bytes with a reset,
// and a reset can discard the answer before the client has read it (EPIPE/ECONNRESET instead of
// a 413). So the rest of the body is read and dropped, within a byte and a time bound, and the
// connection closes after that, as Go's net/http and nginx's lingering_close do.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LingerLimits {
  /** Most body bytes read and dropped after the answer before the connection is cut. */
  readonly maxBytes: number;
  /** Longest wait for the client to finish its body before the connection is cut. */
  readonly maxMs: number;
}

/** Twice the API server's 3 MiB request limit, and 5 s (nginx's lingering_timeout). */
export const defaultLingerLimits: LingerLimits = { maxBytes: 6 * 1024 * 1024, maxMs: 5_000 };

/** How a lingering close ended: the client finished its body, left, or a bound cut it. */
export const LingerResult = { drained: 'drained', clientGone: 'client-gone', byteLimit: 'byte-limit', timeLimit: 'time-limit' } as const;
export type LingerResult = (typeof LingerResult)[keyof typeof LingerResult];

/** Whether the request announced a body that has not been received completely yet. */
export function bodyPending(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Ends `res` (whose answer is already written, with `connection: close`) once the request body is
 * finished, dropping what still arrives; cuts the connection when `limits` are reached first.
 */
export function endAfterBody(
  req: IncomingMessage,
  res: ServerResponse,
  limits: LingerLimits,
  onDone: (result: LingerResult, droppedBytes: number) => void = () => {},
): void {
  let dropped = 0;
  let settled = false;
  const settle = (result: LingerResult) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('close', onClose);
    // Keep reading (and dropping) until the socket is gone, so no byte is left unread meanwhile.
    req.on('data', () => {});
    res.end();
    if (result === LingerResult.byteLimit || result === LingerResult.timeLimit) req.socket.destroy();
    onDone(result, dropped);
  };
  const onData = (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > limits.maxBytes) settle(LingerResult.byteLimit);
  };
  const onEnd = () => settle(LingerResult.drained);
  const onClose = () => settle(req.readableEnded ? LingerResult.drained : LingerResult.clientGone);
  const timer = setTimeout(() => settle(LingerResult.timeLimit), limits.maxMs);
  timer.unref();
  req.on('data', onData);
  req.once('end', onEnd);
  req.once('close', onClose);
  req.resume();
}
