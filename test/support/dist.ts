// The built artifacts the integration tests run, built at most once per test run: `npm test` builds dist/ before
// the suites, so a dist/ newer than every source is used as it is; a stale or missing one is rebuilt once.
// They are run from copies outside the repository (cluster/release-copy.ts), where no package.json decides how
// Node.js loads them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, PLUGIN_FILES, RELEASE_FILES, WEBHOOK_FILE, copyDist, enclosingPackage } from '../../cluster/release-copy.js';

export { DIST, PLUGIN_FILES, RELEASE_FILES, WEBHOOK_FILE, enclosingPackage };

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** What scripts/build.mjs writes, by the word that selects it (`node scripts/build.mjs kubectl`). */
const TARGETS = {
  plugin: { word: 'kubectl', outputs: PLUGIN_FILES },
  webhook: { word: 'webhook', outputs: [WEBHOOK_FILE, 'image/workspace-webhook', 'image/package.json'] },
  release: { word: undefined, outputs: RELEASE_FILES },
} as const;
export type BuildTarget = keyof typeof TARGETS;

// Everything a bundle is made of; a folder counts too, since deleting or renaming a file changes only its folder.
const INPUTS = ['shared', 'plugin', 'webhook', 'scripts', 'package.json', 'package-lock.json'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

function oldestOutput(target: BuildTarget): number | undefined {
  try {
    return Math.min(...TARGETS[target].outputs.map((f) => statSync(join(DIST, f)).mtimeMs));
  } catch {
    return undefined;
  }
}

/** Whether dist/ holds `target`, written after the last change to any source it is built from. */
export function isFresh(target: BuildTarget): boolean {
  const built = oldestOutput(target);
  return built !== undefined && INPUTS.every((input) => newestMtime(join(REPO, input)) < built);
}

const ensured = new Set<BuildTarget>();

/**
 * Makes dist/ hold `target` built from the current sources, building only when it is stale, and checking once per run.
 * KW_RELIABILITY_PREBUILT=1 uses dist/ as it is (e.g. while a source file is mid-edit).
 */
export function ensureBuilt(target: BuildTarget): void {
  if (ensured.has(target) || process.env['KW_RELIABILITY_PREBUILT'] === '1') return;
  if (!isFresh(target)) {
    const word = TARGETS[target].word;
    execFileSync(process.execPath, ['scripts/build.mjs', ...(word === undefined ? [] : [word])], { cwd: REPO, stdio: 'inherit' });
  }
  ensured.add(target);
  // A full build also wrote the smaller targets.
  if (target === 'release') for (const t of Object.keys(TARGETS) as BuildTarget[]) ensured.add(t);
}

/** copyDist into a new directory under the system temp dir, named `prefix` and a random suffix. */
export function copyDistToTemp(files: readonly string[], prefix: string): string {
  return copyDist(files, mkdtempSync(join(tmpdir(), prefix)));
}

/** What the tests run of each target from a copy; the image files run only inside the image the image tests build. */
const RUN_FILES = { plugin: PLUGIN_FILES, webhook: [WEBHOOK_FILE] } as const;

const runCopies = new Map<keyof typeof RUN_FILES, string>();

/**
 * The directory every run of `target` in this test process uses: its files of dist/, built if stale and copied on first
 * use into a fresh temporary directory (copyDistToTemp), removed at process exit. One copy per process, so the many
 * runs of a suite do not each pay for a copy.
 */
export function runCopy(target: keyof typeof RUN_FILES): string {
  const made = runCopies.get(target);
  if (made !== undefined) return made;
  ensureBuilt(target);
  const dir = copyDistToTemp(RUN_FILES[target], `kw-${target}-`);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  runCopies.set(target, dir);
  return dir;
}
