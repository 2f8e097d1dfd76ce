// The release layout as a user gets it: the files `npm run build` wrote, copied into a fresh
// temporary directory with no package.json or node_modules in it or above it.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { RELEASE_FILES, REPO, ensureBuilt } from '../dist.js';

export { RELEASE_FILES, REPO };

/** Makes every artifact of `npm run build` current (built at most once per run). */
export function buildRelease(): void {
  ensureBuilt('release');
}

/** The nearest package.json or node_modules at or above dir, if any. */
export function enclosingPackage(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    for (const name of ['package.json', 'node_modules']) if (existsSync(join(d, name))) return join(d, name);
    if (dirname(d) === d) return undefined;
  }
}

/** Copies the release layout into a new directory outside the repository and returns it. */
export function copyRelease(): string {
  buildRelease();
  const root = mkdtempSync(join(tmpdir(), 'kw-release-'));
  const found = enclosingPackage(root);
  if (found !== undefined) throw new Error(`the release copy at ${root} would see ${found}: set TMPDIR to a directory outside any package`);
  for (const file of RELEASE_FILES) {
    const from = join(REPO, 'dist', file);
    const to = join(root, file);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    chmodSync(to, statSync(from).mode & 0o777);
  }
  return root;
}

/** The bin directory of a pinned Node.js from scripts/node-runtime.sh (downloaded once, cached). */
export function nodeRuntime(major: '18' | '22' | '24'): string {
  return execFileSync('bash', [join(REPO, 'scripts/node-runtime.sh'), major], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}
