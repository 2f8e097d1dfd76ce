// One call from kubectl-style flags to a ready client.
import { loadConnection } from './kubeconfig-files.js';
import type { ConnectionFlags, ResolvedConnection } from './kubeconfig.js';
import { KubeClient, parseRequestTimeout } from './rest.js';
import { buildTransport } from './transport.js';

export interface ConnectOptions extends ConnectionFlags {
  /** `--request-timeout` in kubectl syntax; default "0" (none). */
  readonly requestTimeout?: string | undefined;
}

export interface Connected {
  readonly client: KubeClient;
  readonly connection: ResolvedConnection;
}

export async function connect(
  options: ConnectOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Connected> {
  const timeoutMs = parseRequestTimeout(options.requestTimeout);
  const connection = await loadConnection(options, env);
  const transport = await buildTransport(connection);
  // One connection for all of a command's requests: a second TLS handshake (a client-certificate signature,
  // the server's chain verified again) costs a command more CPU than its reads waiting their turn on one socket.
  return { client: new KubeClient(transport, { timeoutMs, maxConnections: 1 }), connection };
}
