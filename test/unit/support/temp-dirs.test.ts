import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { TempDirs } from '../../support/temp-dirs.js';

describe('TempDirs', () => {
  it('should make empty directories under the temp dir, named by the prefix', () => {
    const temps = new TempDirs();
    const dir = temps.make('kw-temp-dirs-');
    assert.equal(dirname(dir), tmpdir());
    assert.match(basename(dir), /^kw-temp-dirs-.{6}$/);
    assert.ok(existsSync(dir));
    temps.removeAll();
  });

  it('should remove what it made and what it was given, contents included, and nothing else', () => {
    const temps = new TempDirs();
    const made = temps.make('kw-temp-dirs-made-');
    writeFileSync(join(made, 'file'), 'x');
    const given = temps.add(mkdtempSync(join(tmpdir(), 'kw-temp-dirs-given-')));
    mkdirSync(join(given, 'nested'));
    const other = mkdtempSync(join(tmpdir(), 'kw-temp-dirs-other-'));
    temps.removeAll();
    assert.deepEqual([existsSync(made), existsSync(given), existsSync(other)], [false, false, true]);
    rmSync(other, { recursive: true });
  });

  it('should start empty again after removeAll, so a second call removes only what came after', () => {
    const temps = new TempDirs();
    temps.removeAll();
    const first = temps.make('kw-temp-dirs-first-');
    temps.removeAll();
    const second = temps.make('kw-temp-dirs-second-');
    mkdirSync(first);
    temps.removeAll();
    assert.deepEqual([existsSync(first), existsSync(second)], [true, false]);
    rmSync(first, { recursive: true });
  });
});
