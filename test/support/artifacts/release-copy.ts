// The release layout as a user gets it: the files `npm run build` wrote, copied into a fresh
// temporary directory with no package.json or node_modules in it or above it.
import { nodeRuntime } from '../../../cluster/node-runtime.js';
import { RELEASE_FILES, REPO, copyDistToTemp, enclosingPackage, ensureBuilt } from '../dist.js';

export { RELEASE_FILES, REPO, enclosingPackage, nodeRuntime };

/** Makes every artifact of `npm run build` current (built at most once per run). */
export function buildRelease(): void {
  ensureBuilt('release');
}

/** Copies the release layout into a new directory outside the repository and returns it; the caller removes it. */
export function copyRelease(): string {
  buildRelease();
  return copyDistToTemp(RELEASE_FILES, 'kw-release-');
}
