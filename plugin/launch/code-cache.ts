// A V8 code cache for a bundle that starts often (every `kubectl workspace …` and every TAB):
// the bundle's compiled functions are kept in per-user cache files, so later starts skip parsing
// and compiling them. One mechanism on every supported Node.js (vm.Script cachedData); a cache is
// written at the exit of a run that missed it (launcher.ts), so it holds the functions that run
// used, not only the top level. Each command has its own file: a cache written by `version` lacks
// the functions `get` runs (compiled lazily on every `get` start), and one file holding every
// command's functions costs each start the deserialization of all of them. Any failure (no home,
// read-only or unwritable dir, foreign or damaged file) leaves the cache out and changes nothing
// else: no output, same exit code.
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';

/** Set to any non-empty value but "0" or "false" to start without the cache (read and write). */
export const NO_CACHE_ENV = 'KUBECTL_WORKSPACE_NO_COMPILE_CACHE';

/** Below the user's cache home, as `XDG_CACHE_HOME/kubectl-workspace/code-cache`. */
export const CACHE_SUBDIR = join('kubectl-workspace', 'code-cache');

type Env = Readonly<Record<string, string | undefined>>;

/** The directory the cache lives in, or undefined when it is turned off or no home is known. */
export function codeCacheDir(env: Env, home: string | undefined): string | undefined {
  const off = env[NO_CACHE_ENV];
  if (off !== undefined && off !== '' && off !== '0' && off.toLowerCase() !== 'false') return undefined;
  // The XDG rule: a relative XDG_CACHE_HOME is ignored.
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, CACHE_SUBDIR);
  if (home === undefined || !isAbsolute(home)) return undefined;
  return join(home, '.cache', CACHE_SUBDIR);
}

/**
 * One file per bundle, Node.js version and architecture (V8's data only fits the V8 that wrote it), and per
 * command: `command` undefined names the file shared by every other start (help, usage errors, flags first).
 */
export function codeCacheFileName(bundle: string, nodeVersion: string, arch: string, command?: string): string {
  return `${bundle}-${nodeVersion}-${arch}${command === undefined ? '' : `-${command}`}.v8cache`;
}

// A command name as the command table spells them; anything else (a flag, an id, a path) is no command.
const COMMAND_WORD = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * The command a start probably runs, read from its arguments before the bundle is compiled: the first
 * argument when it is spelled like a command name. The bundle confirms it at exit (savedCommand).
 */
export function commandWord(args: readonly string[]): string | undefined {
  const first = args[0];
  return first !== undefined && COMMAND_WORD.test(first) ? first : undefined;
}

/**
 * The file a start that missed its cache writes: its command's own when the bundle ran that command (so a
 * mistyped word never makes a file of its own), else the shared one.
 */
export function savedCommand(guessed: string | undefined, ran: string | undefined): string | undefined {
  return guessed !== undefined && ran === guessed ? guessed : undefined;
}

// V8 checks its own version and flags but identifies the source only by its length: the header
// names the exact bundle (a hash of its text), so a rebuilt or other bundle never gets this data.
function header(bundleHash: string): Buffer {
  return Buffer.from(`kubectl-workspace code cache ${bundleHash}\n`, 'latin1');
}

export function encodeCodeCache(bundleHash: string, data: Buffer): Buffer {
  return Buffer.concat([header(bundleHash), data]);
}

/** The V8 data of a cache file written for this bundle, or undefined for any other file. */
export function decodeCodeCache(file: Buffer, bundleHash: string): Buffer | undefined {
  const h = header(bundleHash);
  if (file.length <= h.length || !file.subarray(0, h.length).equals(h)) return undefined;
  return file.subarray(h.length);
}

/** Cached code is executed: only a file of this user that nobody else may write is trusted. */
function readOwnFile(path: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const st = fstatSync(fd);
    const uid = process.getuid?.();
    if (!st.isFile() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes beside the target and renames: concurrent starts never read half a file. */
function writeAtomically(dir: string, path: string, content: Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(tmp, content, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, path);
  } catch {
    rmSync(tmp, { force: true });
  }
}

export interface CachedBundle {
  /** The bundle's text, a function expression taking the CommonJS arguments. */
  readonly source: string;
  /** A hash of `source`, computed when the bundle was built. */
  readonly hash: string;
  /** The bundle's name (the file name it is installed under), for the cache file's name. */
  readonly name: string;
  /** Where stack traces say the code is. */
  readonly filename: string;
  /** The command guessed from the arguments (commandWord): its file is read. */
  readonly command: string | undefined;
  /** undefined: no cache. */
  readonly cacheDir: string | undefined;
}

/** How the start went: no cache, its data used, no valid file, or a file V8 refused. */
export const CacheUse = { off: 'off', hit: 'hit', miss: 'miss', rejected: 'rejected' } as const;
export type CacheUse = (typeof CacheUse)[keyof typeof CacheUse];

export interface CompiledBundle {
  /** What the bundle's text evaluated to. */
  readonly fn: unknown;
  readonly use: CacheUse;
  /**
   * Writes the cache from the functions compiled so far into the file of `command` (savedCommand); never
   * throws. Call it at exit after a miss.
   */
  readonly save: (command: string | undefined) => void;
}

/** Compiles the bundle, with the cached code when there is a valid cache for it. */
export function compileWithCodeCache(bundle: CachedBundle): CompiledBundle {
  const dir = bundle.cacheDir;
  if (dir === undefined)
    return { fn: new Script(bundle.source, { filename: bundle.filename }).runInThisContext(), use: CacheUse.off, save: () => undefined };
  const pathOf = (command: string | undefined): string => join(dir, codeCacheFileName(bundle.name, process.version, process.arch, command));
  const file = readOwnFile(pathOf(bundle.command));
  const cachedData = file === undefined ? undefined : decodeCodeCache(file, bundle.hash);
  const script = new Script(bundle.source, { filename: bundle.filename, ...(cachedData === undefined ? {} : { cachedData }) });
  const use = cachedData === undefined ? CacheUse.miss : script.cachedDataRejected === true ? CacheUse.rejected : CacheUse.hit;
  const save = (command: string | undefined): void => {
    try {
      writeAtomically(dir, pathOf(command), encodeCodeCache(bundle.hash, script.createCachedData()));
    } catch {
      // A cache that cannot be made is no cache: the command's result stands.
    }
  };
  return { fn: script.runInThisContext(), use, save };
}
