// Runs an exec credential plugin and keeps its answer for the rest of the process: one run per
// plugin configuration and cluster, again only once the credential has expired or the server refused it.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, sep } from 'node:path';
import { isatty } from 'node:tty';
import { EXEC_PLUGIN_DOCS, ExecCredentialError, isInteractive, type ExecConfig } from './exec-config.js';
import {
  execEnvironment,
  execInfo,
  isExpired,
  parseExecCredential,
  type ExecClusterInfo,
  type ExecCredentialStatus,
} from './exec-credential.js';

/** What the process around the plugin provides; the defaults are the real ones. */
export interface ExecRuntime {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdinIsTerminal: boolean;
  /** Where a successful non-interactive plugin's stderr (warnings) is passed on. */
  readonly stderr: NodeJS.WritableStream;
  readonly now: () => Date;
}

function defaultRuntime(): ExecRuntime {
  return { env: process.env, stdinIsTerminal: isatty(0), stderr: process.stderr, now: () => new Date() };
}

// An ExecCredential is a few KiB; more is a misbehaving plugin, not a credential.
const MAX_STDOUT_BYTES = 1024 * 1024;
// Enough of a failing plugin's stderr to say why, not a whole log.
const MAX_STDERR_CHARS = 4096;

interface Cached {
  readonly credential: Promise<ExecCredentialStatus>;
}

const cache = new Map<string, Cached>();

/** Forgets every credential obtained so far (for tests that run several plugins in one process). */
export function clearExecCredentialCache(): void {
  cache.clear();
}

/**
 * The credential of one exec configuration against one cluster: the plugin runs on the first call;
 * later calls share its answer until the answer's expirationTimestamp passes.
 */
export async function execCredential(
  config: ExecConfig,
  cluster: ExecClusterInfo,
  runtime: ExecRuntime = defaultRuntime(),
): Promise<ExecCredentialStatus> {
  const key = JSON.stringify({ config, cluster });
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Callers that waited for the same run share its failure too.
    const credential = await hit.credential;
    if (!isExpired(credential, runtime.now())) return credential;
    if (cache.get(key) === hit) cache.delete(key);
    return execCredential(config, cluster, runtime);
  }
  const entry: Cached = { credential: runPlugin(config, cluster, runtime) };
  cache.set(key, entry);
  entry.credential.catch(() => {
    // A failed run is not kept: a later call in the same process may try again.
    if (cache.get(key) === entry) cache.delete(key);
  });
  return entry.credential;
}

/**
 * Forgets `refused`, a credential the server answered 401 to, so the next execCredential call runs the plugin again
 * (kubectl does the same). A newer credential another caller has obtained meanwhile is kept.
 */
export async function forgetRefusedCredential(config: ExecConfig, cluster: ExecClusterInfo, refused: ExecCredentialStatus): Promise<void> {
  const key = JSON.stringify({ config, cluster });
  const hit = cache.get(key);
  if (hit === undefined) return;
  const held = await hit.credential.catch(() => undefined);
  if (held === refused && cache.get(key) === hit) cache.delete(key);
}

/** Looks a bare command up on PATH the way Go's exec.LookPath does; a path is checked as it is. */
export async function resolveCommand(command: string, env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  if (command.includes(sep)) return (await isExecutableFile(command)) ? command : undefined;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    // Relative PATH entries would make the result depend on the working directory; Go refuses them too.
    if (dir === '' || !isAbsolute(dir)) continue;
    const candidate = join(dir, command);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function failure(message: string, cause?: unknown): ExecCredentialError {
  return new ExecCredentialError(`getting credentials: exec: ${message}`, cause === undefined ? {} : { cause });
}

function notFound(config: ExecConfig): ExecCredentialError {
  const hint = config.installHint.trim();
  return failure(
    `executable ${config.command} not found: it looks like a client-go credential plugin that is not installed (see ${EXEC_PLUGIN_DOCS})` +
      (hint === '' ? '; install it or fix users[].user.exec.command in the kubeconfig' : `\n\n${hint}`),
  );
}

async function runPlugin(config: ExecConfig, cluster: ExecClusterInfo, runtime: ExecRuntime): Promise<ExecCredentialStatus> {
  let interactive: boolean;
  try {
    interactive = isInteractive(config.interactiveMode, runtime.stdinIsTerminal);
  } catch (err) {
    throw new ExecCredentialError(`getting credentials: ${(err as Error).message}`, { cause: err });
  }
  const path = await resolveCommand(config.command, runtime.env);
  if (path === undefined) throw notFound(config);
  const env = execEnvironment(runtime.env, config, execInfo(config, interactive, cluster));
  const { code, signal, stdout, stderr } = await spawnPlugin(path, config, env, interactive);
  if (code !== 0) {
    const why = signal !== null ? `was killed by signal ${signal}` : `failed with exit code ${code}`;
    const text = stderr.trim();
    const shown = text.length > MAX_STDERR_CHARS ? `…${text.slice(-MAX_STDERR_CHARS)}` : text;
    throw failure(`executable ${config.command} ${why}${shown === '' ? '' : `: ${shown}`}`);
  }
  let credential: ExecCredentialStatus;
  try {
    credential = parseExecCredential(stdout, config.apiVersion);
  } catch (err) {
    throw failure(`executable ${config.command}: ${(err as Error).message}`, err);
  }
  // kubectl shows a working plugin's warnings; an interactive one already wrote to the terminal.
  if (!interactive && stderr !== '') runtime.stderr.write(stderr.endsWith('\n') ? stderr : `${stderr}\n`);
  return credential;
}

interface PluginExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function spawnPlugin(path: string, config: ExecConfig, env: Record<string, string>, interactive: boolean): Promise<PluginExit> {
  return new Promise((resolvePromise, reject) => {
    // Only an interactive plugin gets the terminal (to prompt and read); otherwise stdin is empty.
    const child = spawn(path, [...config.args], {
      env,
      stdio: [interactive ? 'inherit' : 'ignore', 'pipe', interactive ? 'inherit' : 'pipe'],
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let overflow = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_STDOUT_BYTES) {
        overflow = true;
        child.kill('SIGKILL');
        return;
      }
      out.push(chunk);
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      err = (err + chunk).slice(-4 * MAX_STDERR_CHARS);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'EACCES' ? 'is not executable (permission denied)' : `could not be started: ${e.message}`;
      reject(failure(`executable ${config.command} ${why}`, e));
    });
    child.on('close', (code, signal) => {
      if (overflow)
        return reject(
          failure(`executable ${config.command} wrote more than ${MAX_STDOUT_BYTES} bytes on stdout; expected one ExecCredential`),
        );
      resolvePromise({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: err });
    });
  });
}
