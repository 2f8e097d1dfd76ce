// Node's IP address check, loaded on first use: node:net brings Node's whole stream stack, which a
// command that never validates an address (every read, `version`) would otherwise load at start.
import { createRequire } from 'node:module';
import type * as NetModule from 'node:net';

let net: typeof NetModule | undefined;

/** `net.isIP`: 4 or 6 for an IPv4 or IPv6 address, 0 for anything else. */
export function isIP(input: string): number {
  net ??= createRequire(import.meta.url)('node:net') as typeof NetModule;
  return net.isIP(input);
}
