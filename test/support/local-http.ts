// A plain-HTTP server on loopback for tests of what a client sends on the wire.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts `server` on 127.0.0.1 at a free port; resolves with its base URL, e.g. http://127.0.0.1:41234. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Ends every connection, keep-alive ones included, and stops listening. */
export function closeAtOnce(server: Server): void {
  server.closeAllConnections();
  server.close();
}
