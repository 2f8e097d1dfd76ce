// The outer file of each plugin bundle (scripts/build.mjs): it carries the bundle as a string,
// which costs a scan instead of a parse, and runs it through the code cache.
import { homedir } from 'node:os';
import { CacheUse, codeCacheDir, commandWord, compileWithCodeCache, savedCommand } from './code-cache.js';

// Replaced by the build with the bundle's text, its hash and its file name.
declare const KW_BUNDLE_SOURCE: string;
declare const KW_BUNDLE_HASH: string;
declare const KW_BUNDLE_NAME: string;

function home(): string | undefined {
  try {
    return process.env['HOME'] ?? homedir();
  } catch {
    return undefined;
  }
}

/** What a bundle may export: the command it ran (plugin/main.ts), to confirm the guessed one. */
interface BundleExports {
  readonly ranCommand?: () => string | undefined;
}

const guessed = commandWord(process.argv.slice(2));
const { fn, use, save } = compileWithCodeCache({
  source: KW_BUNDLE_SOURCE,
  hash: KW_BUNDLE_HASH,
  name: KW_BUNDLE_NAME,
  filename: __filename,
  command: guessed,
  cacheDir: codeCacheDir(process.env, home()),
});
// Written after the command, so the cache holds what it compiled; nothing is written on a hit.
if (use === CacheUse.miss || use === CacheUse.rejected)
  process.once('exit', () => save(savedCommand(guessed, (module.exports as BundleExports).ranCommand?.())));
(fn as (...args: unknown[]) => void).call(module.exports, exports, require, module, __filename, __dirname);
