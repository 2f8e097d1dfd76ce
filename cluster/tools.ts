// Locates (building on first use) the pinned Go binaries: etcd,
// kube-apiserver, kubectl and helm. The build script caches them outside the
// repository, keyed by version.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildScript = join(repoRoot, 'scripts', 'build-tools.sh');

/** Builds whatever is missing (progress on stderr) and returns the bin directory. */
export function ensureTools(): string {
  const out = execFileSync('bash', [buildScript], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const binDir = out.trim().split('\n').pop();
  if (!binDir) throw new Error(`${buildScript} printed no bin directory`);
  return binDir;
}
