// The operational endpoints (probes, metrics, version) as an Express app. /mutate never reaches it:
// the request handler dispatches that path to the lean admission path before Express is involved.
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import pkg from '../package.json' with { type: 'json' };
import { RejectReason, WebhookRequestError } from './errors.js';
import type { LingerLimits } from './linger.js';
import type { Logger } from './log.js';
import type { WebhookMetrics } from './metrics.js';
import { send, sendError, type SendOptions } from './respond.js';
import { Route, type OperationalRoute } from './routes.js';

export interface OpsOptions {
  readonly metrics: WebhookMetrics;
  readonly logger: Logger;
  /** Operational routes this listener serves. */
  readonly routes: readonly OperationalRoute[];
  /** Every route of the listener, /mutate included, as the 404 message lists them. */
  readonly listed: readonly Route[];
  readonly ready: () => boolean;
  readonly closing: () => boolean;
  readonly linger: LingerLimits;
}

/** What /version answers: the product version and the runtime it runs on. */
export const versionInfo = { version: `v${pkg.version}`, node: process.version } as const;

const text = 'text/plain; charset=utf-8';

export function createOpsApp(options: OpsOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { metrics, logger } = options;
  const sendOptions = (headers?: Readonly<Record<string, string>>): SendOptions => ({
    close: options.closing(),
    linger: options.linger,
    headers,
  });

  const answers: Readonly<Record<OperationalRoute, RequestHandler>> = {
    [Route.healthz]: (req, res) => send(req, res, 200, text, 'ok\n', sendOptions()),
    [Route.livez]: (req, res) => send(req, res, 200, text, 'ok\n', sendOptions()),
    [Route.readyz]: (req, res) =>
      options.ready() ? send(req, res, 200, text, 'ok\n', sendOptions()) : send(req, res, 503, text, 'not ready\n', sendOptions()),
    [Route.metrics]: async (req, res) => send(req, res, 200, metrics.registry.contentType, await metrics.registry.metrics(), sendOptions()),
    [Route.version]: (req, res) => send(req, res, 200, 'application/json', `${JSON.stringify(versionInfo)}\n`, sendOptions()),
  };

  const app = express();
  // Exact paths as before: /HEALTHZ and /healthz/ are not /healthz. No framework headers or ETags.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.set('query parser', false);
  app.disable('x-powered-by');
  app.disable('etag');

  for (const route of options.routes) app.get(route, answers[route]);
  if (options.routes.length > 0) {
    app.all([...options.routes], (req: Request, res: Response) => {
      sendError(
        req,
        res,
        new WebhookRequestError(RejectReason.methodNotAllowed, `method ${req.method} is not allowed on ${req.path}; use GET`),
        sendOptions({ allow: 'GET, HEAD' }),
      );
    });
  }
  app.use((req: Request, res: Response) => {
    const message = `no handler for path ${JSON.stringify(req.path.slice(0, 128))}; the webhook serves ${options.listed.join(', ')}`;
    sendError(req, res, new WebhookRequestError(RejectReason.notFound, message), sendOptions());
  });
  const failed: ErrorRequestHandler = (error: unknown, req, res, _next) => {
    logger.error('handler failed', { route: req.path.slice(0, 128), error: String((error as Error)?.name) });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendError(req, res, new WebhookRequestError(RejectReason.internalError, 'the webhook failed to process the request'), {
      close: true,
      linger: options.linger,
    });
  };
  app.use(failed);
  return app;
}
