// Temporary directories a suite makes and removes in its `after` hook, so one made in `before` or in one `it` stays
// for every test that follows and is gone when the suite is done (also when a test failed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class TempDirs {
  private readonly dirs: string[] = [];

  /** A new empty directory under the system temp dir, named `prefix` and a random suffix. */
  make(prefix: string): string {
    return this.add(mkdtempSync(join(tmpdir(), prefix)));
  }

  /** Takes `dir`, made elsewhere (e.g. copyRelease), into the set removed by removeAll; returns it. */
  add(dir: string): string {
    this.dirs.push(dir);
    return dir;
  }

  /** Removes every directory made or added so far, with its contents; the set is empty after. */
  removeAll(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
