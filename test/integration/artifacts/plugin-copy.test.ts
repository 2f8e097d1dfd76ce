// The plugin as krew installs it: the two files alone in a directory outside the repository,
// found by real `kubectl` plugin discovery, under each supported Node.js.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { createTestNamespace, runKubectl, sharedControlPlane, type KubectlResult } from '../../support/cluster.js';
import { createTestWorkspace } from '../../support/workspace-objects.js';
import { copyRelease, enclosingPackage, nodeRuntime, RELEASE_FILES, REPO } from '../../support/artifacts/release-copy.js';
import { TempDirs } from '../../support/temp-dirs.js';

const OWNER_TOKEN = 'owner-token-of-the-release-copy-test';

describe('release layout (npm run build)', function () {
  this.timeout(300000);
  const temps = new TempDirs();
  after(() => temps.removeAll());

  it('should write every artifact a user installs, the image folder loading as CommonJS', () => {
    const root = temps.add(copyRelease());
    for (const file of RELEASE_FILES) assert.ok(statSync(join(root, file)).size > 0, `${file} is empty`);
    for (const exe of ['kubectl-workspace', 'kubectl_complete-workspace', 'workspace-webhook', 'image/workspace-webhook']) {
      assert.equal(statSync(join(root, exe)).mode & 0o111, 0o111, `${exe} is not executable`);
      assert.match(readFileSync(join(root, exe), 'utf8').split('\n')[0] ?? '', /^#!\/usr\/bin\/env node$/);
    }
    assert.deepEqual(JSON.parse(readFileSync(join(root, 'image/package.json'), 'utf8')), { type: 'commonjs' });
    assert.deepEqual(readFileSync(join(root, 'image/workspace-webhook')), readFileSync(join(REPO, 'dist/workspace-webhook')));
    assert.equal(enclosingPackage(root), undefined);
  });
});

/** Each Node.js the plugin is run under: the one on PATH, and the pinned 24 and 22 from the npm registry. */
const RUNTIMES: readonly { label: string; major?: '24' | '22' }[] = [
  { label: 'the Node.js on PATH' },
  { label: 'Node.js 24', major: '24' },
  { label: 'Node.js 22', major: '22' },
];

/** A directory holding only the two plugin files, copied from the release layout; `temps` removes it. */
function pluginOnlyDir(temps: TempDirs): string {
  const root = temps.add(copyRelease());
  const dir = join(root, 'plugin-only');
  mkdirSync(dir);
  for (const f of ['kubectl-workspace', 'kubectl_complete-workspace']) {
    copyFileSync(join(root, f), join(dir, f));
    chmodSync(join(dir, f), 0o755);
  }
  return dir;
}

for (const runtime of RUNTIMES) {
  describe(`the plugin copied alone, run by kubectl under ${runtime.label}`, function () {
    this.timeout(300000);
    let cp: ControlPlane;
    let ns: string;
    let env: Record<string, string>;
    let cacheHome: string;
    const temps = new TempDirs();
    after(() => temps.removeAll());

    before(async function () {
      cp = await sharedControlPlane();
      const nodeBin = runtime.major === undefined ? [] : [nodeRuntime(runtime.major)];
      // The shebang is `#!/usr/bin/env node`: the chosen node's directory comes first on PATH.
      // A code cache of this runtime's own, so the first start below is a miss whatever ran before.
      cacheHome = temps.make('kw-cache-home-');
      env = { PATH: [...nodeBin, pluginOnlyDir(temps), cp.binDir, process.env['PATH'] ?? ''].join(':'), XDG_CACHE_HOME: cacheHome };
      ns = await createTestNamespace(cp, 'artifact-plugin');
      await createTestWorkspace(cp, ns, { id: 'rel-a', ownerToken: OWNER_TOKEN, annotations: { 'gitpod/never-ready': 'true' } });
      await createTestWorkspace(cp, ns, { id: 'rel-b', ownerToken: OWNER_TOKEN });
    });

    const kw = (args: readonly string[]): Promise<KubectlResult> => runKubectl(cp, ['workspace', ...args], { env });

    /** Success: exit 0 and, under a pinned Node.js, nothing at all on stderr (no warning at start). */
    function assertClean(r: KubectlResult): void {
      assert.equal(r.code, 0, r.stderr);
      if (runtime.major !== undefined) assert.equal(r.stderr, '');
      assert.ok(!r.stdout.includes(OWNER_TOKEN) && !r.stderr.includes(OWNER_TOKEN), 'the owner token leaked');
    }

    it('should find the chosen Node.js first on PATH', () => {
      const version = execFileSync('/usr/bin/env', ['node', '--version'], { env, encoding: 'utf8' }).trim();
      if (runtime.major === undefined) assert.equal(version, execFileSync('node', ['--version'], { encoding: 'utf8' }).trim());
      else assert.match(version, new RegExp(`^v${runtime.major}\\.`));
    });

    it('should list the workspaces of the namespace', async () => {
      const r = await kw(['list', '-n', ns, '-o', 'name']);
      assertClean(r);
      assert.deepEqual(r.stdout.trim().split('\n').sort(), ['pod/ws-rel-a', 'pod/ws-rel-b']);
    });

    it('should get a workspace with its secret redacted', async () => {
      const r = await kw(['get', 'rel-a', '-n', ns, '-o', 'json']);
      assertClean(r);
      const doc = JSON.parse(r.stdout) as { id?: string; annotations?: Record<string, unknown> };
      assert.equal(doc.id, 'rel-a');
      assert.ok(JSON.stringify(doc).includes('gitpod/ownerToken'), 'the owner token annotation is listed (redacted)');
    });

    it('should fail a workspace, writing explicitFail and failedBeforeStopping together', async () => {
      assertClean(await kw(['fail', 'rel-b', 'release copy check', '-n', ns]));
      const pod = JSON.parse((await runKubectl(cp, ['get', 'pod', 'ws-rel-b', '-n', ns, '-o', 'json'])).stdout) as {
        metadata: { annotations: Record<string, string> };
      };
      assert.equal(pod.metadata.annotations['gitpod/explicitFail'], 'release copy check');
      assert.equal(pod.metadata.annotations['gitpod/failedBeforeStopping'], 'true');
    });

    const withoutAge = (text: string) => text.replace(/"age": "[^"]*"/g, '"age": ""');

    it('should print the same with a code cache written, used, turned off or unwritable, and nothing on stderr', async () => {
      const args = ['get', 'rel-a', '-n', ns, '-o', 'json'];
      // The age grows between runs; everything else must be the same.
      const sameAsFirst = (r: { stdout: string }) => assert.equal(withoutAge(r.stdout), withoutAge(first.stdout));
      const cacheDir = join(cacheHome, 'kubectl-workspace', 'code-cache');
      // The runs above wrote the cache already; this one may write or use it.
      const first = await kw(args);
      assertClean(first);
      // One file per command that ran: list, get and fail above.
      const node = execFileSync('/usr/bin/env', ['node', '--version'], { env, encoding: 'utf8' }).trim();
      const fileOf = (command: string) => `kubectl-workspace-${node}-${process.arch}-${command}.v8cache`;
      assert.deepEqual(readdirSync(cacheDir).sort(), ['fail', 'get', 'list'].map(fileOf).sort());
      const cacheFile = join(cacheDir, fileOf('get'));
      const written = statSync(cacheFile);
      assert.equal(written.mode & 0o777, 0o600);

      // A start that uses the cache leaves the file as it is (a miss or refused data would write it anew).
      const cached = await kw(args);
      assertClean(cached);
      sameAsFirst(cached);
      const after = statSync(cacheFile);
      assert.deepEqual([after.ino, after.mtimeMs], [written.ino, written.mtimeMs], 'the cache was written again: V8 did not use it');

      const offHome = temps.make('kw-cache-off-');
      const off = await runKubectl(cp, ['workspace', ...args], {
        env: { ...env, XDG_CACHE_HOME: offHome, KUBECTL_WORKSPACE_NO_COMPILE_CACHE: '1' },
      });
      assertClean(off);
      sameAsFirst(off);
      assert.deepEqual(readdirSync(offHome), [], 'the cache was written although turned off');

      // A cache home that cannot hold a directory, as on a read-only or foreign home.
      const blocker = join(temps.make('kw-cache-blocked-'), 'not-a-dir');
      writeFileSync(blocker, 'x');
      const blocked = await runKubectl(cp, ['workspace', ...args], { env: { ...env, XDG_CACHE_HOME: blocker } });
      assertClean(blocked);
      sameAsFirst(blocked);
      assert.equal(readFileSync(blocker, 'utf8'), 'x');
    });

    it('should complete workspace ids through kubectl_complete-workspace', async () => {
      const r = await runKubectl(cp, ['__complete', 'workspace', 'get', '-n', ns, 'rel-'], { env });
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.deepEqual(
        lines.slice(0, -1).map((l) => l.split('\t')[0]),
        ['rel-a', 'rel-b'],
      );
      assert.equal(lines[lines.length - 1], ':4');
      // The completion bundle keeps one code cache for every word it completes, written once.
      const node = execFileSync('/usr/bin/env', ['node', '--version'], { env, encoding: 'utf8' }).trim();
      const cacheDir = join(cacheHome, 'kubectl-workspace', 'code-cache');
      const completionFiles = readdirSync(cacheDir).filter((f) => f.startsWith('kubectl_complete-workspace'));
      assert.deepEqual(completionFiles, [`kubectl_complete-workspace-${node}-${process.arch}.v8cache`]);
      const written = statSync(join(cacheDir, completionFiles[0] ?? ''));
      const again = await runKubectl(cp, ['__complete', 'workspace', 'list', '-n', ns, ''], { env });
      assert.equal(again.code, 0, again.stderr);
      const after = statSync(join(cacheDir, completionFiles[0] ?? ''));
      assert.deepEqual([after.ino, after.mtimeMs], [written.ino, written.mtimeMs], 'the completion cache was written again');
    });
  });
}

describe('the plugin copied alone, under a Node.js older than the minimum (18)', function () {
  this.timeout(300000);
  const temps = new TempDirs();
  after(() => temps.removeAll());

  for (const file of ['kubectl-workspace', 'kubectl_complete-workspace']) {
    it(`should refuse to start ${file} in one error line naming the version found and the one needed`, () => {
      const dir = pluginOnlyDir(temps);
      const env = { PATH: `${nodeRuntime('18')}:${process.env['PATH'] ?? ''}` };
      const r = spawnSync(join(dir, file), ['list'], { env, encoding: 'utf8' });
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(
        lines[0] ?? '',
        new RegExp(`^error: ${file} needs Node\\.js 20\\.9 or newer \\(22 or 24 recommended\\), found v18\\.\\d+\\.\\d+ `),
      );
    });
  }
});

describe('the plugin copied alone, cut short (an interrupted download or copy)', function () {
  this.timeout(300000);
  const temps = new TempDirs();
  after(() => temps.removeAll());

  for (const file of ['kubectl-workspace', 'kubectl_complete-workspace']) {
    it(`should refuse to start ${file} in one error line that says to install it again, writing no code cache`, () => {
      const dir = pluginOnlyDir(temps);
      const path = join(dir, file);
      const text = readFileSync(path);
      writeFileSync(path, text.subarray(0, text.length - 1000));
      const cacheHome = temps.make('kw-cache-cut-');
      const r = spawnSync(path, ['version', '--client'], { env: { ...process.env, XDG_CACHE_HOME: cacheHome }, encoding: 'utf8' });
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `error: ${file} is damaged (its bundle cannot be read back): install it again\n`);
      assert.deepEqual(readdirSync(cacheHome), []);
    });
  }
});
