// The outer file of each plugin bundle (scripts/build.mjs): it carries the bundle as line comments
// at its end (payload.ts), which Node.js skips without parsing, and runs it through the code cache.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename } from 'node:path';
import { CacheUse, codeCacheDir, commandWord, compileWithCodeCache, savedCommand } from './code-cache.js';
import { decodePayload } from './payload.js';

// Replaced by the build with the length of the payload at this file's end, the bundle's hash and its file
// name, and whether the bundle reports the command it ran (a code cache file per command).
declare const KW_PAYLOAD_LENGTH: number;
declare const KW_BUNDLE_HASH: string;
declare const KW_BUNDLE_NAME: string;
declare const KW_CACHE_PER_COMMAND: boolean;

/** The bundle's text, read back from this file; a file cut short or edited ends the start with one line. */
function bundleSource(): string {
  let source: string | undefined;
  try {
    // The payload is ASCII: Latin-1 is the cheapest exact decoding.
    source = decodePayload(readFileSync(__filename, 'latin1'), KW_PAYLOAD_LENGTH);
  } catch {
    source = undefined;
  }
  if (source !== undefined) return source;
  process.stderr.write(`error: ${basename(__filename)} is damaged (its bundle cannot be read back): install it again\n`);
  process.exit(1);
}

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

const guessed = KW_CACHE_PER_COMMAND ? commandWord(process.argv.slice(2)) : undefined;
const { fn, use, save } = compileWithCodeCache({
  source: bundleSource(),
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
