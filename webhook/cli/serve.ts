// `workspace-webhook serve`: run the HTTPS admission endpoint until SIGTERM.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { createLogger, LogLevel } from '../log.js';
import { startWebhookServer } from '../server.js';
import { UsageError } from './usage.js';

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

/** Node's longest timer, in seconds: a longer interval or delay would fire at once. */
const maxSeconds = 2_147_483;

/** What is wrong with serve's numeric flags, each naming the flag and quoting the value; empty when nothing is. */
export function serveArgumentProblems(
  args: Pick<ServeArgs, 'port' | 'metrics-port' | 'tls-reload-interval' | 'shutdown-delay' | 'shutdown-timeout'>,
): string[] {
  const problems: string[] = [];
  const port = (flag: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= 65535))
      problems.push(`--${flag} must be a port number from 0 to 65535 (0 picks a free one), got ${String(value)}`);
  };
  const seconds = (flag: string, value: number, minimum: number) => {
    if (!(Number.isFinite(value) && value >= minimum && value <= maxSeconds))
      problems.push(`--${flag} must be a number of seconds from ${minimum} to ${maxSeconds}, got ${String(value)}`);
  };
  port('port', args.port);
  port('metrics-port', args['metrics-port']);
  seconds('tls-reload-interval', args['tls-reload-interval'], 0.001);
  seconds('shutdown-delay', args['shutdown-delay'], 0);
  seconds('shutdown-timeout', args['shutdown-timeout'], 0);
  return problems;
}

/** The option of --cert and of --key: a PEM file that must be named, reloaded when it changes. */
function requiredPemFile(describe: string) {
  return { type: 'string', demandOption: true, requiresArg: true, describe } as const;
}

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'Serve POST /mutate over HTTPS, plus /healthz, /livez, /readyz, /metrics and /version',
  builder: (yargs: Argv) =>
    yargs
      .option('cert', requiredPemFile('PEM serving certificate (reloaded when it changes)'))
      .option('key', requiredPemFile('PEM private key of --cert (reloaded when it changes)'))
      .option('port', { type: 'number', default: 8443, requiresArg: true, describe: 'HTTPS port' })
      .option('host', { type: 'string', default: '0.0.0.0', requiresArg: true, describe: 'Address to listen on' })
      .option('metrics-port', {
        type: 'number',
        requiresArg: true,
        describe: 'Serve /metrics (and the probes, /version) over plain HTTP on this port instead of the HTTPS port',
      })
      .option('tls-reload-interval', {
        type: 'number',
        default: 10,
        requiresArg: true,
        describe: 'Seconds between checks of --cert/--key besides file-system events',
      })
      .option('shutdown-delay', {
        type: 'number',
        default: 0,
        requiresArg: true,
        describe: 'Seconds to keep serving after SIGTERM, not ready, before closing the listener (lets endpoints update)',
      })
      .option('shutdown-timeout', {
        type: 'number',
        default: 25,
        requiresArg: true,
        describe: 'Seconds to let in-flight requests finish after the listener closes',
      })
      .option('log-level', {
        choices: Object.values(LogLevel),
        default: LogLevel.info,
        requiresArg: true,
        describe: 'Lowest level logged (debug logs every review)',
      })
      .check((a) => {
        const problems = serveArgumentProblems(a);
        if (problems.length > 0) throw new UsageError(problems.join('; '));
        return true;
      }),
  handler: async (args: ArgumentsCamelCase<ServeArgs>) => {
    const logger = createLogger(process.stdout, args['log-level']);
    const started = startWebhookServer({
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
    // Installed before the server logs that it serves: a SIGTERM sent as soon as that line appears
    // (or during the start) is a graceful shutdown, not Node's default exit by signal.
    const stop = (signal: string) => {
      logger.info('signal received', { signal });
      void started
        .then((running) => running.shutdown())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    await started;
  },
};
