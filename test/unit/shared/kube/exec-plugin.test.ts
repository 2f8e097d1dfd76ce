import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ExecApiVersion, ExecCredentialError, InteractiveMode } from '../../../../shared/kube/exec-config.js';
import {
  clearExecCredentialCache,
  execCredential,
  forgetRefusedCredential,
  resolveCommand,
  type ExecRuntime,
} from '../../../../shared/kube/exec-plugin.js';
import { execConfig } from '../../../support/exec-config.js';

const TOKEN = 'tok-unit-7c1e';

describe('execCredential', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-exec-plugin-'));
  const counter = join(dir, 'runs');
  const cluster = { server: 'https://k:6443' };
  const stderr = new PassThrough();
  let warnings = '';
  stderr.on('data', (c: Buffer) => (warnings += c.toString()));
  let now = new Date('2030-01-01T00:00:00Z');
  const runtime = (over: Partial<ExecRuntime> = {}): ExecRuntime => ({
    env: { PATH: `${join(dir, 'bin')}:/usr/bin:/bin` },
    stdinIsTerminal: false,
    stderr,
    now: () => now,
    ...over,
  });

  /** Writes an executable shell script that counts its runs, then does `body`. */
  function script(name: string, body: string): string {
    const path = join(dir, 'bin', name);
    mkdirSync(join(dir, 'bin'), { recursive: true });
    writeFileSync(path, `#!/bin/sh\necho run >> "${counter}"\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  }
  const runs = (): number => {
    try {
      return readFileSync(counter, 'utf8')
        .split('\n')
        .filter((l) => l !== '').length;
    } catch {
      return 0;
    }
  };
  const config = execConfig;
  const tokenAnswer = (expiry?: string) =>
    `printf '%s' '${JSON.stringify({ apiVersion: ExecApiVersion.v1, kind: 'ExecCredential', status: { token: TOKEN, ...(expiry ? { expirationTimestamp: expiry } : {}) } })}'`;

  beforeEach(() => {
    clearExecCredentialCache();
    writeFileSync(counter, '');
    warnings = '';
    now = new Date('2030-01-01T00:00:00Z');
  });

  it('should run the plugin once for any number of calls in one process', async () => {
    script('once', tokenAnswer());
    const results = await Promise.all([1, 2, 3].map(() => execCredential(config('once'), cluster, runtime())));
    results.push(await execCredential(config('once'), cluster, runtime()));
    assert.deepEqual(
      results.map((r) => r.token),
      [TOKEN, TOKEN, TOKEN, TOKEN],
    );
    assert.equal(runs(), 1);
  });

  it('should run the plugin again once its credential has expired', async () => {
    script('expiring', tokenAnswer('2030-01-01T00:10:00Z'));
    await execCredential(config('expiring'), cluster, runtime());
    now = new Date('2030-01-01T00:09:59Z');
    await execCredential(config('expiring'), cluster, runtime());
    assert.equal(runs(), 1);
    now = new Date('2030-01-01T00:10:00Z');
    await execCredential(config('expiring'), cluster, runtime());
    assert.equal(runs(), 2);
  });

  it('should run the plugin again after the server refused its credential, and keep a newer one', async () => {
    script('refused', tokenAnswer());
    const refused = await execCredential(config('refused'), cluster, runtime());
    await forgetRefusedCredential(config('refused'), cluster, refused);
    const renewed = await execCredential(config('refused'), cluster, runtime());
    assert.equal(runs(), 2);
    // A caller still holding the first credential reports its 401 late: the renewed one stays cached.
    await forgetRefusedCredential(config('refused'), cluster, refused);
    assert.equal(await execCredential(config('refused'), cluster, runtime()), renewed);
    assert.equal(runs(), 2);
  });

  it('should run a plugin per cluster: the cluster is part of what is cached', async () => {
    script('per-cluster', tokenAnswer());
    await execCredential(config('per-cluster'), cluster, runtime());
    await execCredential(config('per-cluster'), { server: 'https://other:6443' }, runtime());
    assert.equal(runs(), 2);
  });

  it("should pass args and the kubeconfig's env, and give a non-interactive plugin an empty stdin", async () => {
    const out = join(dir, 'seen');
    script(
      'seen',
      `{ printf '%s|' "$1" "$2" "$PROFILE"; if [ -t 0 ]; then printf tty; else printf 'stdin:'; cat; fi; } > "${out}"\n${tokenAnswer()}`,
    );
    await execCredential(config('seen', { args: ['a b', 'c'], env: [{ name: 'PROFILE', value: 'prod' }] }), cluster, runtime());
    assert.equal(readFileSync(out, 'utf8'), 'a b|c|prod|stdin:');
  });

  it('should look the command up on our PATH, not on a PATH set by the kubeconfig env', async () => {
    script('path-probe', tokenAnswer());
    const c = config('path-probe', { env: [{ name: 'PATH', value: '/nowhere' }] });
    assert.equal((await execCredential(c, cluster, runtime())).token, TOKEN);
  });

  it('should name a missing command and show its installHint', async () => {
    const c = config('kw-no-such-plugin', { installHint: 'Install it with:\n  go install example.com/kw-no-such-plugin@latest' });
    await assert.rejects(
      execCredential(c, cluster, runtime()),
      (e: unknown) =>
        e instanceof ExecCredentialError &&
        e.message.startsWith('getting credentials: exec: executable kw-no-such-plugin not found') &&
        e.message.endsWith('\n\nInstall it with:\n  go install example.com/kw-no-such-plugin@latest'),
    );
  });

  it('should report a failing plugin with its exit code and stderr, and run it again on the next call', async () => {
    script('fails', "echo 'session expired: run aws sso login' >&2\nexit 3");
    const expected = 'getting credentials: exec: executable fails failed with exit code 3: session expired: run aws sso login';
    await assert.rejects(execCredential(config('fails'), cluster, runtime()), { message: expected });
    await assert.rejects(execCredential(config('fails'), cluster, runtime()), { message: expected });
    assert.equal(runs(), 2);
  });

  it('should report a plugin killed by a signal', async () => {
    script('killed', 'kill -TERM $$');
    await assert.rejects(execCredential(config('killed'), cluster, runtime()), /executable killed was killed by signal SIGTERM/);
  });

  it('should report a file that is not executable as not found, as kubectl does', async () => {
    const path = join(dir, 'not-executable');
    writeFileSync(path, '#!/bin/sh\n');
    await assert.rejects(execCredential(config(path), cluster, runtime()), /executable .*not-executable not found/);
  });

  it('should reject an invalid answer, naming the command and never the token', async () => {
    script(
      'wrong-version',
      `printf '%s' '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"${TOKEN}"}}'`,
    );
    await assert.rejects(
      execCredential(config('wrong-version'), cluster, runtime()),
      (e: unknown) =>
        e instanceof Error &&
        /^getting credentials: exec: executable wrong-version: the exec plugin is configured to use API version/.test(e.message) &&
        !e.message.includes(TOKEN),
    );
  });

  it("should pass a working plugin's warnings on to stderr", async () => {
    script('warns', `echo 'warning: token cache is stale' >&2\n${tokenAnswer()}`);
    await execCredential(config('warns'), cluster, runtime());
    assert.equal(warnings, 'warning: token cache is stale\n');
  });

  it('should refuse an Always plugin without a terminal before running it', async () => {
    script('always', tokenAnswer());
    await assert.rejects(execCredential(config('always', { interactiveMode: InteractiveMode.always }), cluster, runtime()), {
      message: /^getting credentials: exec plugin cannot support interactive mode: standard input is not a terminal/,
    });
    assert.equal(runs(), 0);
  });

  it('should refuse more than 1 MiB on stdout', async () => {
    script('flood', 'head -c 2000000 /dev/zero');
    await assert.rejects(execCredential(config('flood'), cluster, runtime()), /wrote more than 1048576 bytes on stdout/);
  });
});

describe('resolveCommand', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-exec-path-'));
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  writeFileSync(join(dir, 'a', 'tool'), '');
  writeFileSync(join(dir, 'b', 'tool'), '#!/bin/sh\n', { mode: 0o755 });
  mkdirSync(join(dir, 'b', 'folder'));

  it('should take the first executable file on PATH, skipping files that are not executable', async () => {
    assert.equal(await resolveCommand('tool', { PATH: `${join(dir, 'a')}:${join(dir, 'b')}` }), join(dir, 'b', 'tool'));
  });

  it('should skip directories and relative PATH entries', async () => {
    assert.equal(await resolveCommand('folder', { PATH: join(dir, 'b') }), undefined);
    assert.equal(await resolveCommand('tool', { PATH: 'b' }), undefined);
  });

  it('should check a path as it is', async () => {
    assert.equal(await resolveCommand(join(dir, 'b', 'tool'), { PATH: '' }), join(dir, 'b', 'tool'));
    assert.equal(await resolveCommand(join(dir, 'a', 'tool'), { PATH: '' }), undefined);
  });
});
