// A private Docker daemon for the image tests: Debian's dockerd as root on its own socket,
// exec root and pid file in a temporary directory, and a data root cached outside the
// repository (base-image stand-ins and build cache survive between runs; one daemon at a
// time holds it, the others wait for its lock).
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const DOCKER_CLIENT = '/usr/bin/docker';
// KUBECTL_WORKSPACE_DOCKERD names another daemon binary (e.g. /bin/false to exercise the fallback).
const DOCKERD = process.env['KUBECTL_WORKSPACE_DOCKERD'] ?? '/usr/sbin/dockerd';

export function cacheRoot(): string {
  return process.env['KUBECTL_WORKSPACE_CACHE'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'kubectl-workspace');
}

export interface DockerResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Docker {
  readonly host: string;
  readonly logPath: string;
  /** Runs Debian's docker client against this daemon; never throws on a non-zero exit. */
  run(args: readonly string[], env?: Readonly<Record<string, string>>): Promise<DockerResult>;
  stop(): Promise<void>;
}

function exec(binary: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<DockerResult> {
  return new Promise((resolve, reject) => {
    execFile(binary, [...args], { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

/** Unmounts what the daemon left mounted under dir (its default network namespace), then removes dir. */
function releaseMounts(dir: string): void {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const point of mounts) spawnSync('umount', ['-l', point]);
  rmSync(dir, { recursive: true, force: true });
}

/** Why no daemon can be started here, or undefined when one can be tried. */
export function dockerUnavailableReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'dockerd needs root and this run is not root';
  if (!existsSync(DOCKERD)) return `${DOCKERD} is missing (scripts/setup-system.sh installs Debian's docker.io)`;
  if (!existsSync(DOCKER_CLIENT)) return `${DOCKER_CLIENT} is missing (scripts/setup-system.sh installs Debian's docker.io)`;
  return undefined;
}

/** Starts dockerd and waits until it answers; rejects with the tail of its log when it cannot start. */
export async function startDocker(readyTimeoutMs = 15 * 60_000): Promise<Docker> {
  const dir = mkdtempSync(join(tmpdir(), 'kw-docker-'));
  const dataRoot = join(cacheRoot(), 'docker', 'data');
  mkdirSync(dataRoot, { recursive: true });
  const socket = join(dir, 'docker.sock');
  const host = `unix://${socket}`;
  const logPath = join(dir, 'dockerd.log');
  const fd = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    // flock --no-fork: the daemon itself holds the data root's lock until it exits.
    child = spawn(
      'flock',
      [
        '--no-fork',
        join(cacheRoot(), 'docker', 'data.lock'),
        DOCKERD,
        '--host',
        host,
        '--data-root',
        dataRoot,
        '--exec-root',
        join(dir, 'exec'),
        '--pidfile',
        join(dir, 'dockerd.pid'),
        '--bridge',
        'none',
        '--iptables=false',
        '--ip6tables=false',
        '--ip-masq=false',
      ],
      { stdio: ['ignore', fd, fd] },
    );
  } finally {
    closeSync(fd);
  }
  let exited: number | null | undefined;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code;
      resolve();
    }),
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const env = { ...process.env, DOCKER_HOST: host, DOCKER_BUILDKIT: '1' };

  const docker: Docker = {
    host,
    logPath,
    run: (args, extra = {}) => exec(DOCKER_CLIENT, args, { ...env, ...extra }),
    async stop() {
      process.removeListener('exit', killOnExit);
      if (exited !== undefined) return releaseMounts(dir);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exitedPromise;
      clearTimeout(timer);
      releaseMounts(dir);
    },
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited !== undefined) {
      const { tail } = await import('../../../cluster/processes.js');
      const log = tail(logPath, 15);
      await docker.stop();
      throw new Error(`dockerd exited with code ${exited} before answering:\n${log}`);
    }
    if (existsSync(socket) && (await docker.run(['version', '--format', '{{.Server.Version}}'])).code === 0) return docker;
    if (Date.now() > deadline) {
      await docker.stop();
      throw new Error(`dockerd did not answer on ${host} within ${readyTimeoutMs / 1000} s (log: ${logPath})`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
