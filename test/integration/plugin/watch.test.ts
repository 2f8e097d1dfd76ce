// `list -w` and `get -w` as long-running processes started through kubectl: they see writes by other processes,
// survive an API server restart without losing or repeating a change, and end with exit 0 on SIGINT/SIGTERM.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlPlane } from '../../../cluster/controlplane.js';
import { ensureTools } from '../../../cluster/tools.js';
import { createTestNamespace, kubectlOk } from '../../support/cluster.js';
import {
  adminCluster,
  counterLines,
  execCredentialJson,
  requestServiceAccountToken,
  writeCredentialScript,
  writeKubeconfig,
} from '../../support/exec-credentials.js';
import { OWNER_TOKEN, buildPlugin, createWorkspace, pluginEnv, ws, wsOk } from '../../support/plugin.js';
import { TempDirs } from '../../support/temp-dirs.js';

/** A `kubectl workspace … -w` process whose output is awaited line by line. */
class Follower {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  private readonly exited: Promise<number | null>;
  private waiters: (() => void)[] = [];

  constructor(cp: ControlPlane, args: readonly string[], kubeconfig = cp.kubeconfigPath) {
    this.child = spawn(cp.kubectlPath, ['workspace', ...args], {
      env: { ...process.env, KUBECONFIG: kubeconfig, ...pluginEnv(cp) },
    });
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => this.changed((this.stdout += d)));
    this.child.stderr?.setEncoding('utf8').on('data', (d: string) => this.changed((this.stderr += d)));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  private changed(_: string): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  lines(): string[] {
    return this.stdout.split('\n').filter((l) => l !== '');
  }

  /** Resolves once the output satisfies the predicate; the mocha timeout bounds the wait. */
  async until(what: string, ok: (f: Follower) => boolean): Promise<void> {
    while (!ok(this)) {
      if (this.child.exitCode !== null) throw new Error(`the watch exited (${this.child.exitCode}) before ${what}: ${this.stderr}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async stop(signal: NodeJS.Signals): Promise<number | null> {
    this.child.kill(signal);
    return this.exited;
  }
}

describe('watch: list -w and get -w (own control plane)', function () {
  this.timeout(180_000);
  let cp: ControlPlane;
  let ns: string;
  const dirs = new TempDirs();

  before(async function () {
    this.timeout(300_000);
    buildPlugin();
    // Own control plane: long-running watches stay out of the shared one.
    cp = await ControlPlane.start({ dir: mkdtempSync(join(tmpdir(), 'kw-watch-')), binDir: ensureTools() });
    ns = await createTestNamespace(cp, 'watch');
    await createWorkspace(cp, ns, { id: 'one' });
    await createWorkspace(cp, ns, { id: 'two' });
  });

  after(async () => {
    await cp?.stop();
    dirs.removeAll();
  });

  it('should see a fail made by another process and end with exit 0 on SIGINT', async () => {
    const f = new Follower(cp, ['list', '-w', '-n', ns, '-l', 'workspaceID=one']);
    try {
      await f.until('the current state', (x) => x.lines().length >= 2);
      assert.match(f.lines()[0] ?? '', /^ID\s+POD\s+PHASE\s+AGE\s+FLAGS$/);
      await wsOk(cp, ['fail', 'one', 'image pull failed', '-n', ns]);
      await f.until('the fail', (x) => x.lines().some((l) => /^one\s.*\sfailed,never-ready$/.test(l)));
      assert.equal(await f.stop('SIGINT'), 0, f.stderr);
      assert.deepEqual(
        f
          .lines()
          .slice(1)
          .map((l) => l.split(/\s+/).at(-1)),
        ['never-ready', 'failed,never-ready'],
      );
      assert.equal(f.stdout.includes(OWNER_TOKEN) || f.stderr.includes(OWNER_TOKEN), false);
    } finally {
      f.child.kill('SIGKILL');
    }
  });

  it('should print one pretty JSON object per change with -o json, only changes with --watch-only, and exit 0 on SIGTERM', async () => {
    await createWorkspace(cp, ns, { id: 'three' });
    const f = new Follower(cp, ['list', '--watch-only', '-o', 'json', '-n', ns, '-l', 'workspaceID=three']);
    try {
      // A watch-only follower prints nothing until a change: wait for the server to have answered it first.
      await new Promise((r) => setTimeout(r, 1500));
      await wsOk(cp, ['time-out', 'three', 'idle', '-n', ns]);
      await f.until('the change', (x) => x.stdout.endsWith('}\n'));
      assert.equal(await f.stop('SIGTERM'), 0, f.stderr);
      const doc = JSON.parse(f.stdout) as { metadata: { name: string; annotations: Record<string, string> } };
      assert.equal(doc.metadata.name, 'ws-three');
      assert.equal(doc.metadata.annotations['gitpod/timedout'], 'idle');
      assert.equal(doc.metadata.annotations['gitpod/ownerToken'], '<redacted>');
      assert.match(f.stdout, /^\{\n {4}"/);
    } finally {
      f.child.kill('SIGKILL');
    }
  });

  it('should follow the pod and its PLIS ConfigMap with get -w, one YAML document per change', async () => {
    await createWorkspace(cp, ns, { id: 'four' });
    const f = new Follower(cp, ['get', 'four', '-w', '-o', 'yaml', '-n', ns]);
    try {
      await f.until('the current state', (x) => /hostIP: 10\.0\.0\.9/.test(x.stdout));
      await wsOk(cp, ['plis', 'patch', 'four', '--host-ip', '10.7.7.7', '-n', ns]);
      await f.until('the PLIS change', (x) => /hostIP: 10\.7\.7\.7/.test(x.stdout));
      await wsOk(cp, ['close', 'four', '-n', ns]);
      await f.until('the pod change', (x) => /- closed/.test(x.stdout));
      assert.equal(await f.stop('SIGINT'), 0, f.stderr);
      const docs = f.stdout.split(/^---\n/m);
      assert.equal(docs.length, 3);
      assert.equal(f.stdout.includes(OWNER_TOKEN), false);
    } finally {
      f.child.kill('SIGKILL');
    }
  });

  it('should survive an API server restart without losing or repeating a change', async function () {
    this.timeout(300_000);
    await createWorkspace(cp, ns, { id: 'five' });
    const f = new Follower(cp, ['list', '-w', '-n', ns, '-l', 'workspaceID=five']);
    const flagsShown = (flags: string) => (x: Follower) => x.lines().some((l) => l.startsWith('five ') && l.endsWith(` ${flags}`));
    try {
      await f.until('the current state', flagsShown('never-ready'));
      await wsOk(cp, ['fail', 'five', 'before the restart', '-n', ns]);
      await f.until('the fail', flagsShown('failed,never-ready'));
      await cp.restartApiServer();
      await wsOk(cp, ['time-out', 'five', 'idle', '-n', ns]);
      await f.until('the time-out after the restart', flagsShown('failed,timedout,never-ready'));
      await wsOk(cp, ['close', 'five', '-n', ns]);
      await f.until('the close after the restart', flagsShown('failed,timedout,closed,never-ready'));
      assert.equal(await f.stop('SIGINT'), 0, f.stderr);
      assert.deepEqual(
        f
          .lines()
          .slice(1)
          .map((l) => l.split(/\s+/).at(-1)),
        ['never-ready', 'failed,never-ready', 'failed,timedout,never-ready', 'failed,timedout,closed,never-ready'],
      );
      assert.match(f.stderr, /^Warning: watch interrupted \(/m);
      assert.equal(f.stdout.includes(OWNER_TOKEN) || f.stderr.includes(OWNER_TOKEN), false);
    } finally {
      f.child.kill('SIGKILL');
    }
  });

  it('should run the exec credential plugin again when the server refuses its token on a reconnect, and go on', async function () {
    this.timeout(300_000);
    await createWorkspace(cp, ns, { id: 'seven' });
    // A ServiceAccount that may read workspaces: deleting and recreating it revokes every token issued before.
    await kubectlOk(cp, ['create', 'role', 'watcher', '-n', ns, '--verb=get,list,watch', '--resource=pods,configmaps']);
    await kubectlOk(cp, ['create', 'serviceaccount', 'watcher', '-n', ns]);
    await kubectlOk(cp, ['create', 'rolebinding', 'watcher', '-n', ns, '--role=watcher', `--serviceaccount=${ns}:watcher`]);
    const dir = dirs.make('kw-watch-exec-');
    const counter = join(dir, 'runs');
    const credentialFile = join(dir, 'credential.json');
    const answer = (token: string): string => execCredentialJson('client.authentication.k8s.io/v1', { token });
    const first = (await requestServiceAccountToken(cp, ns, 'watcher')).token;
    writeFileSync(credentialFile, answer(first));
    const kubeconfig = writeKubeconfig(
      join(dir, 'config'),
      await adminCluster(cp),
      {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          interactiveMode: 'Never',
          command: writeCredentialScript(join(dir, 'bin', 'credential.sh')),
          env: [
            { name: 'KW_EXEC_COUNTER', value: counter },
            { name: 'KW_EXEC_CREDENTIAL', value: credentialFile },
          ],
        },
      },
      ns,
    );
    const f = new Follower(cp, ['list', '-w', '-l', 'workspaceID=seven'], kubeconfig);
    const flagsShown = (flags: string) => (x: Follower) => x.lines().some((l) => l.startsWith('seven ') && l.endsWith(` ${flags}`));
    try {
      await f.until('the current state', flagsShown('never-ready'));
      assert.equal(counterLines(counter).length, 1);
      // The identity provider's token is revoked and it now hands out a new one; the running watch does not notice
      // until it reconnects, which the restart forces.
      await kubectlOk(cp, ['delete', 'serviceaccount', 'watcher', '-n', ns]);
      await kubectlOk(cp, ['create', 'serviceaccount', 'watcher', '-n', ns]);
      const second = (await requestServiceAccountToken(cp, ns, 'watcher')).token;
      writeFileSync(credentialFile, answer(second));
      await cp.restartApiServer();
      await wsOk(cp, ['time-out', 'seven', 'idle', '-n', ns]);
      await f.until('the time-out after the reconnect', flagsShown('timedout,never-ready'));
      assert.equal(counterLines(counter).length, 2, 'the plugin ran once more, for the refused token');
      assert.equal(await f.stop('SIGINT'), 0, f.stderr);
      assert.doesNotMatch(f.stderr, /^error:|Unauthorized/m);
      for (const token of [first, second]) assert.equal(f.stdout.includes(token) || f.stderr.includes(token), false, 'a token leaked');
    } finally {
      f.child.kill('SIGKILL');
    }
  });

  it('should refuse get -w of a workspace that does not exist, with exit 1', async () => {
    const r = await ws(cp, ['get', 'nope', '-w', '-n', ns]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: workspace nope not found in namespace /);
  });
});
