// The outer file of each plugin bundle (scripts/build.mjs): it carries the bundle as a string,
// which costs a scan instead of a parse, and runs it through the code cache.
import { homedir } from 'node:os';
import { CacheUse, codeCacheDir, compileWithCodeCache } from './code-cache.js';

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

const { fn, use, save } = compileWithCodeCache({
  source: KW_BUNDLE_SOURCE,
  hash: KW_BUNDLE_HASH,
  name: KW_BUNDLE_NAME,
  filename: __filename,
  cacheDir: codeCacheDir(process.env, home()),
});
// Written after the command, so the cache holds what it compiled; nothing is written on a hit.
if (use === CacheUse.miss || use === CacheUse.rejected) process.once('exit', save);
(fn as (...args: unknown[]) => void).call(module.exports, exports, require, module, __filename, __dirname);
