import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CacheUse,
  codeCacheDir,
  codeCacheFileName,
  commandWord,
  compileWithCodeCache,
  decodeCodeCache,
  encodeCodeCache,
  NO_CACHE_ENV,
  savedCommand,
  type CachedBundle,
} from '../../../plugin/launch/code-cache.js';

describe('codeCacheDir', () => {
  const cases: [string, Record<string, string>, string | undefined, string | undefined][] = [
    ['use ~/.cache/kubectl-workspace/code-cache by default', {}, '/home/u', '/home/u/.cache/kubectl-workspace/code-cache'],
    ['follow an absolute XDG_CACHE_HOME', { XDG_CACHE_HOME: '/var/cache/u' }, '/home/u', '/var/cache/u/kubectl-workspace/code-cache'],
    [
      'ignore a relative XDG_CACHE_HOME, as the XDG rules say',
      { XDG_CACHE_HOME: 'cache' },
      '/home/u',
      '/home/u/.cache/kubectl-workspace/code-cache',
    ],
    ['have no cache without a home', {}, undefined, undefined],
    ['have no cache with a relative home', {}, 'u', undefined],
    [`turn the cache off with ${NO_CACHE_ENV}=1`, { [NO_CACHE_ENV]: '1' }, '/home/u', undefined],
    [
      `turn the cache off with ${NO_CACHE_ENV}=true, also under XDG_CACHE_HOME`,
      { [NO_CACHE_ENV]: 'true', XDG_CACHE_HOME: '/c' },
      '/home/u',
      undefined,
    ],
    [`keep the cache with ${NO_CACHE_ENV}=0`, { [NO_CACHE_ENV]: '0' }, '/home/u', '/home/u/.cache/kubectl-workspace/code-cache'],
    [`keep the cache with ${NO_CACHE_ENV}=false`, { [NO_CACHE_ENV]: 'False' }, '/home/u', '/home/u/.cache/kubectl-workspace/code-cache'],
    [`keep the cache with an empty ${NO_CACHE_ENV}`, { [NO_CACHE_ENV]: '' }, '/home/u', '/home/u/.cache/kubectl-workspace/code-cache'],
  ];
  for (const [name, env, home, expected] of cases) it(`should ${name}`, () => assert.equal(codeCacheDir(env, home), expected));
});

describe('codeCacheFileName', () => {
  it('should name the bundle, the Node.js version and the architecture', () => {
    assert.equal(codeCacheFileName('kubectl-workspace', 'v24.1.0', 'x64'), 'kubectl-workspace-v24.1.0-x64.v8cache');
  });
  it('should name the command of a per-command file', () => {
    assert.equal(codeCacheFileName('kubectl-workspace', 'v24.1.0', 'x64', 'get'), 'kubectl-workspace-v24.1.0-x64-get.v8cache');
  });
});

describe('commandWord', () => {
  const cases: [string[], string | undefined][] = [
    [['get', 'abc'], 'get'],
    [['time-out', 'abc'], 'time-out'],
    [['version', '--client'], 'version'],
    [['-n', 'team', 'get', 'abc'], undefined],
    [['--help'], undefined],
    [[], undefined],
    [['../../etc/passwd'], undefined],
    [['Get'], undefined],
    [['a'.repeat(33)], undefined],
  ];
  for (const [args, expected] of cases)
    it(`should take ${JSON.stringify(expected)} from ${JSON.stringify(args).slice(0, 40)}`, () =>
      assert.equal(commandWord(args), expected));
});

describe('savedCommand', () => {
  it('should keep the guessed command the bundle ran', () => assert.equal(savedCommand('get', 'get'), 'get'));
  it('should use the shared file for a word the bundle did not run as a command', () =>
    assert.equal(savedCommand('gte', undefined), undefined));
  it('should use the shared file when the bundle ran another command', () => assert.equal(savedCommand('x', 'get'), undefined));
  it('should use the shared file when nothing was guessed', () => assert.equal(savedCommand(undefined, 'get'), undefined));
});

describe('encodeCodeCache / decodeCodeCache', () => {
  const data = Buffer.from([1, 2, 3, 250]);

  it('should give back the data written for the same bundle', () => {
    assert.deepEqual(decodeCodeCache(encodeCodeCache('abc123', data), 'abc123'), data);
  });

  const refused: [string, Buffer][] = [
    ['a file written for another bundle', encodeCodeCache('other', data)],
    ['a file with only the header', encodeCodeCache('abc123', Buffer.alloc(0))],
    ['a truncated header', encodeCodeCache('abc123', data).subarray(0, 10)],
    ['an empty file', Buffer.alloc(0)],
    ['a file of another program', Buffer.from('#!/bin/sh\necho hello\n')],
  ];
  for (const [name, file] of refused) it(`should refuse ${name}`, () => assert.equal(decodeCodeCache(file, 'abc123'), undefined));
});

describe('compileWithCodeCache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kw-code-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A bundle of its own text each time: V8's in-process compilation cache must not answer for the file. */
  function bundle(cacheDir: string | undefined): CachedBundle {
    const nonce = randomBytes(8).toString('hex');
    const source = `(function (a, b) { /* ${nonce} */ const inner = (x) => x * 2; return inner(a) + b; })`;
    return { source, hash: nonce, name: 'test-bundle', filename: join(dir, 'test-bundle'), command: undefined, cacheDir };
  }

  const call = (fn: unknown): unknown => (fn as (a: number, b: number) => number)(20, 2);
  const cacheFile = (cacheDir: string): string => join(cacheDir, codeCacheFileName('test-bundle', process.version, process.arch));

  it('should miss, write the cache on save, then use it on the next start with the same result', () => {
    const cacheDir = join(dir, 'a', 'b');
    const b = bundle(cacheDir);
    const first = compileWithCodeCache(b);
    assert.equal(first.use, CacheUse.miss);
    assert.equal(call(first.fn), 42);
    assert.equal(existsSync(cacheDir), false, 'nothing is written before save');
    first.save(undefined);
    assert.equal(statSync(cacheDir).mode & 0o777, 0o700);
    assert.equal(statSync(cacheFile(cacheDir)).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(cacheDir), [codeCacheFileName('test-bundle', process.version, process.arch)], 'no temporary file is left');
    const second = compileWithCodeCache({ ...b, source: `${b.source}` });
    assert.equal(second.use, CacheUse.hit);
    assert.equal(call(second.fn), 42);
  });

  it("should keep each command's functions in its own file, and the shared file for the rest", () => {
    const b = bundle(dir);
    const start = (command: string | undefined) => compileWithCodeCache({ ...b, command });
    const version = start('version');
    assert.equal(version.use, CacheUse.miss);
    version.save('version');
    // A cache written by another command is not this command's: it is neither read nor changed.
    const get = start('get');
    assert.equal(get.use, CacheUse.miss, 'the version file answered for get');
    assert.equal(call(get.fn), 42);
    get.save('get');
    const unknown = start('gte');
    assert.equal(unknown.use, CacheUse.miss);
    unknown.save(undefined);
    assert.deepEqual(
      readdirSync(dir).sort(),
      [undefined, 'get', 'version'].map((c) => codeCacheFileName('test-bundle', process.version, process.arch, c)).sort(),
    );
    for (const command of ['version', 'get', undefined]) assert.equal(start(command).use, CacheUse.hit, `no hit for ${command}`);
  });

  it('should compile without reading or writing anything when the cache is off', () => {
    const b = bundle(undefined);
    const r = compileWithCodeCache(b);
    assert.equal(r.use, CacheUse.off);
    assert.equal(call(r.fn), 42);
    r.save(undefined);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('should ignore a cache written for another bundle and replace it on save', () => {
    const b = bundle(dir);
    writeFileSync(cacheFile(dir), encodeCodeCache('another-bundle', Buffer.from('not v8 data')), { mode: 0o600 });
    const r = compileWithCodeCache(b);
    assert.equal(r.use, CacheUse.miss);
    assert.equal(call(r.fn), 42);
    r.save(undefined);
    assert.notEqual(decodeCodeCache(readFileSync(cacheFile(dir)), b.hash), undefined);
  });

  it('should run the bundle when V8 refuses the cached data', () => {
    const b = bundle(dir);
    writeFileSync(cacheFile(dir), encodeCodeCache(b.hash, randomBytes(512)), { mode: 0o600 });
    const r = compileWithCodeCache(b);
    assert.equal(r.use, CacheUse.rejected);
    assert.equal(call(r.fn), 42);
  });

  it('should not trust a cache file that others may write', () => {
    const b = bundle(dir);
    compileWithCodeCache(b).save(undefined);
    chmodSync(cacheFile(dir), 0o666);
    const r = compileWithCodeCache({ ...b });
    assert.equal(r.use, CacheUse.miss);
    assert.equal(call(r.fn), 42);
  });

  it('should run and save silently when the cache dir cannot be created', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const b = bundle(join(blocker, 'cache'));
    const r = compileWithCodeCache(b);
    assert.equal(r.use, CacheUse.miss);
    assert.equal(call(r.fn), 42);
    assert.doesNotThrow(() => r.save(undefined));
    assert.equal(readFileSync(blocker, 'utf8'), 'not a directory');
  });
});
