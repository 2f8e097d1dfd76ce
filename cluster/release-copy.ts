// The release layout as a user gets it: the files `npm run build` writes to dist/, and copies of them into a directory
// outside any package, where no package.json or node_modules decides how Node.js loads them. The bench and the
// tests run these copies, never the checkout.
import { chmodSync, copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** The plugin as a user installs it (krew, or a download onto PATH): these two files alone, relative to dist/. */
export const PLUGIN_FILES = ['kubectl-workspace', 'kubectl_complete-workspace'] as const;

/** The webhook as a user runs it outside the image (certgen, registration, serve on a host): this file alone. */
export const WEBHOOK_FILE = 'workspace-webhook';

/** What `npm run build` must write, relative to dist/. */
export const RELEASE_FILES = [...PLUGIN_FILES, WEBHOOK_FILE, 'image/workspace-webhook', 'image/package.json'] as const;

/** The nearest package.json or node_modules at or above dir, if any. */
export function enclosingPackage(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    for (const name of ['package.json', 'node_modules']) if (existsSync(join(d, name))) return join(d, name);
    if (dirname(d) === d) return undefined;
  }
}

/**
 * Copies `files` of dist/ (modes kept) into `dir`, created if missing, and returns dir. A package.json or node_modules
 * at or above dir is refused: Node.js would read it when loading the copy, and a user's install has none.
 */
export function copyDist(files: readonly string[], dir: string): string {
  const found = enclosingPackage(dir);
  if (found !== undefined) throw new Error(`a copy of dist/ in ${dir} would see ${found}: set TMPDIR to a directory outside any package`);
  for (const file of files) {
    const from = join(DIST, file);
    const to = join(dir, file);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    chmodSync(to, statSync(from).mode & 0o777);
  }
  return dir;
}
