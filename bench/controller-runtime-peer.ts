// Building the Go peer of the webhook section (bench/peers/controller-runtime) from the Go module
// proxy with `go build`, cached outside the repository like the control plane's binaries:
// keyed by the controller-runtime and Kubernetes versions its go.mod pins, the Go version, and a
// hash of the module's files so an edit rebuilds.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PEER_BINARY = 'controller-runtime-webhook';
const MODULE_FILES = ['go.mod', 'go.sum', 'main.go'] as const;

export interface PeerVersions {
  readonly controllerRuntime: string;
  readonly kubernetes: string;
}

/** The controller-runtime and k8s.io/api versions a go.mod requires. Pure. */
export function pinnedVersions(goMod: string): PeerVersions {
  const version = (module: string): string => {
    const escaped = module.replaceAll('.', '\\.').replaceAll('/', '\\/');
    const match = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, 'm').exec(goMod);
    if (match?.[1] === undefined) throw new Error(`go.mod of the controller-runtime peer does not require ${module}; add it with go get`);
    return match[1];
  };
  return { controllerRuntime: version('sigs.k8s.io/controller-runtime'), kubernetes: version('k8s.io/api') };
}

/** Where the tools are cached, as scripts/build-tools.sh computes it. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env['KUBECTL_WORKSPACE_CACHE'] ?? join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'kubectl-workspace');
}

export interface BuiltPeer {
  readonly binary: string;
  readonly versions: PeerVersions;
  readonly goVersion: string;
}

/**
 * The peer's binary, built on first use (a minute or more on 2 cores, downloading modules from
 * the Go module proxy). Throws with what to do when `go` is missing or the build fails.
 */
export function ensureControllerRuntimePeer(repoRoot: string, log: (message: string) => void): BuiltPeer {
  const moduleDir = join(repoRoot, 'bench', 'peers', 'controller-runtime');
  const versions = pinnedVersions(readFileSync(join(moduleDir, 'go.mod'), 'utf8'));
  let goVersion: string;
  try {
    goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
  } catch (cause) {
    throw new Error('the controller-runtime peer needs the Go toolchain (`go` on PATH), as scripts/build-tools.sh does', { cause });
  }
  const hash = createHash('sha256');
  for (const file of MODULE_FILES) hash.update(readFileSync(join(moduleDir, file)));
  const dir = join(
    cacheRoot(),
    'bin',
    `bench-controller-runtime-${versions.controllerRuntime}-k8s-${versions.kubernetes}-${goVersion}-${hash.digest('hex').slice(0, 12)}`,
  );
  const binary = join(dir, PEER_BINARY);
  if (existsSync(binary)) return { binary, versions, goVersion };
  mkdirSync(dir, { recursive: true });
  log(`building the controller-runtime ${versions.controllerRuntime} peer with ${goVersion} into ${dir} (first run only)`);
  const partial = `${binary}.tmp-${process.pid}`;
  try {
    // -mod=readonly: go.sum is committed, so the build fetches exactly what it lists.
    execFileSync('go', ['build', '-mod=readonly', '-trimpath', '-ldflags', '-s -w', '-o', partial, '.'], {
      cwd: moduleDir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    renameSync(partial, binary);
  } catch (cause) {
    rmSync(partial, { force: true });
    throw new Error(`building the controller-runtime peer in ${moduleDir} failed; run \`go build .\` there to see why`, { cause });
  }
  return { binary, versions, goVersion };
}
