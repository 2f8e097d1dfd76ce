// Pinned Node.js runtimes from scripts/node-runtime.sh, downloaded once and cached outside the repository: the bench
// and the artifact tests run the plugin under a known Node.js rather than whichever `node` is on PATH.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'node-runtime.sh');

/** The bin directory of the pinned Node.js `major` (its download progress goes to stderr). */
export function nodeRuntime(major: '18' | '22' | '24'): string {
  return execFileSync('bash', [script, major], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}
