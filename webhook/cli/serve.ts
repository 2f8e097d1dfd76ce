// `workspace-webhook serve`: run the HTTPS admission endpoint until SIGTERM.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { createLogger, LogLevel } from '../log.js';
import { startWebhookServer } from '../server.js';

export interface ServeArgs {
  readonly cert: string;
  readonly key: string;
  readonly port: number;
  readonly host: string;
  readonly 'metrics-port'?: number;
  readonly 'tls-reload-interval': number;
  readonly 'shutdown-timeout': number;
  readonly 'shutdown-delay': number;
  readonly 'log-level': LogLevel;
}

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'Serve POST /mutate over HTTPS, plus /healthz, /readyz and /metrics',
  builder: (yargs: Argv) =>
    yargs
      .option('cert', { type: 'string', demandOption: true, describe: 'PEM serving certificate (reloaded when it changes)' })
      .option('key', { type: 'string', demandOption: true, describe: 'PEM private key of --cert (reloaded when it changes)' })
      .option('port', { type: 'number', default: 8443, describe: 'HTTPS port' })
      .option('host', { type: 'string', default: '0.0.0.0', describe: 'Address to listen on' })
      .option('metrics-port', { type: 'number', describe: 'Serve /metrics (and probes) over plain HTTP on this port instead of the HTTPS port' })
      .option('tls-reload-interval', { type: 'number', default: 10, describe: 'Seconds between checks of --cert/--key besides file-system events' })
      .option('shutdown-delay', { type: 'number', default: 0, describe: 'Seconds to keep serving after SIGTERM, not ready, before closing the listener (lets endpoints update)' })
      .option('shutdown-timeout', { type: 'number', default: 25, describe: 'Seconds to let in-flight requests finish after the listener closes' })
      .option('log-level', { choices: Object.values(LogLevel), default: LogLevel.info, describe: 'Lowest level logged (debug logs every review)' }) as unknown as Argv<ServeArgs>,
  handler: async (args: ArgumentsCamelCase<ServeArgs>) => {
    const logger = createLogger(process.stdout, args['log-level']);
    const running = await startWebhookServer({
      certFile: args.cert,
      keyFile: args.key,
      port: args.port,
      host: args.host,
      metricsPort: args['metrics-port'],
      reloadIntervalMs: args['tls-reload-interval'] * 1000,
      shutdownTimeoutMs: args['shutdown-timeout'] * 1000,
      shutdownDelayMs: args['shutdown-delay'] * 1000,
      logger,
    });
    const stop = (signal: string) => {
      logger.info('signal received', { signal });
      void running.shutdown().then(() => process.exit(0));
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  },
};
