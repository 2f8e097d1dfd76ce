import assert from 'node:assert/strict';
import {
  ExecApiVersion,
  ExecCredentialError,
  InteractiveMode,
  isInteractive,
  parseExecConfig,
  stripTerminalEscapes,
} from '../../../../shared/kube/exec-config.js';

const source = { userName: 'eks-admin', file: '/home/me/.kube/config', dir: '/home/me/.kube' };
const v1 = ExecApiVersion.v1;

describe('parseExecConfig', () => {
  it('should read every field of a v1 exec section', () => {
    // Every field is set to a value kubectl keeps as it is, so the config equals the section.
    const section = {
      apiVersion: v1,
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', 'prod'],
      env: [
        { name: 'AWS_PROFILE', value: 'prod' },
        { name: 'EMPTY', value: '' },
      ],
      installHint: 'Install the AWS CLI: https://aws.amazon.com/cli/',
      interactiveMode: 'Never',
      provideClusterInfo: true,
    };
    assert.deepEqual(parseExecConfig(structuredClone(section), source), section);
  });

  const commands = [
    { name: 'a bare name, left for the PATH lookup', command: 'kubelogin', expected: 'kubelogin' },
    { name: 'a relative path with a slash, against the kubeconfig directory', command: 'bin/token', expected: '/home/me/.kube/bin/token' },
    { name: 'a ./ path, against the kubeconfig directory', command: './token', expected: '/home/me/.kube/token' },
    { name: 'an absolute path, unchanged', command: '/usr/local/bin/token', expected: '/usr/local/bin/token' },
  ];
  for (const c of commands) {
    it(`should resolve ${c.name}`, () => {
      assert.equal(parseExecConfig({ apiVersion: v1, command: c.command, interactiveMode: 'Never' }, source).command, c.expected);
    });
  }

  it('should default interactiveMode to IfAvailable for v1beta1 only', () => {
    assert.equal(
      parseExecConfig({ apiVersion: ExecApiVersion.v1beta1, command: 'x' }, source).interactiveMode,
      InteractiveMode.ifAvailable,
    );
    assert.throws(
      () => parseExecConfig({ apiVersion: v1, command: 'x' }, source),
      /interactiveMode is missing; client\.authentication\.k8s\.io\/v1 requires it \(one of Never, IfAvailable, Always\)/,
    );
  });

  const invalid: [string, unknown, RegExp][] = [
    ['a section that is not a mapping', 'aws', /users\[\]\.user\.exec is a string, expected a mapping/],
    [
      'a missing apiVersion',
      { command: 'x', interactiveMode: 'Never' },
      /apiVersion is missing \(expected client\.authentication\.k8s\.io\/v1 or client\.authentication\.k8s\.io\/v1beta1\)/,
    ],
    [
      'the removed v1alpha1',
      { apiVersion: 'client.authentication.k8s.io/v1alpha1', command: 'x' },
      /apiVersion "client\.authentication\.k8s\.io\/v1alpha1" is not supported/,
    ],
    ['a missing command', { apiVersion: v1, interactiveMode: 'Never' }, /command is missing/],
    [
      'args that are not strings',
      { apiVersion: v1, command: 'x', interactiveMode: 'Never', args: ['a', 3] },
      /args\[1\] is a number, expected a string/,
    ],
    [
      'an env entry without a name',
      { apiVersion: v1, command: 'x', interactiveMode: 'Never', env: [{ value: 'v' }] },
      /env\[0\]\.name is missing/,
    ],
    [
      'an unknown interactiveMode',
      { apiVersion: v1, command: 'x', interactiveMode: 'Sometimes' },
      /interactiveMode "Sometimes" is not one of Never, IfAvailable, Always/,
    ],
    [
      'a provideClusterInfo that is not a boolean',
      { apiVersion: v1, command: 'x', interactiveMode: 'Never', provideClusterInfo: 'yes' },
      /provideClusterInfo is a string, expected true or false/,
    ],
  ];
  for (const [name, raw, message] of invalid) {
    it(`should reject ${name}, naming the user and the file`, () => {
      assert.throws(
        () => parseExecConfig(raw, source),
        (e: unknown) =>
          e instanceof ExecCredentialError &&
          message.test(e.message) &&
          e.message.startsWith('user "eks-admin" in kubeconfig /home/me/.kube/config: users[].user.exec'),
      );
    });
  }

  it('should report every problem of a section in one error', () => {
    assert.throws(
      () => parseExecConfig({ args: 'x', env: {} }, source),
      /apiVersion is missing.*; command is missing; args is a string.*; env is a object/,
    );
  });

  it('should remove terminal escape sequences from the installHint', () => {
    const config = parseExecConfig(
      { apiVersion: v1, command: 'x', interactiveMode: 'Never', installHint: '\u001b[31mred\u001b[0m \u001b]0;title\u0007hint' },
      source,
    );
    assert.equal(config.installHint, 'red hint');
  });
});

describe('stripTerminalEscapes', () => {
  // What is shown for each input, by the name of what the input holds.
  const shown: Record<string, [input: string, expected: string]> = {
    'colour codes': ['\u001b[1;32mok\u001b[0m', 'ok'],
    'a window title': ['\u001b]2;pwned\u001b\\text', 'text'],
    'cursor movement': ['a\u001b[2Ab', 'ab'],
    'plain text with newlines': ['line 1\nline 2', 'line 1\nline 2'],
  };
  for (const [name, [input, expected]] of Object.entries(shown)) {
    it(`should strip ${name}`, () => assert.equal(stripTerminalEscapes(input), expected));
  }
});

describe('isInteractive', () => {
  const cases: [InteractiveMode, boolean, boolean][] = [
    [InteractiveMode.never, true, false],
    [InteractiveMode.never, false, false],
    [InteractiveMode.ifAvailable, true, true],
    [InteractiveMode.ifAvailable, false, false],
    [InteractiveMode.always, true, true],
  ];
  for (const [mode, terminal, expected] of cases) {
    it(`should ${expected ? 'hand' : 'not hand'} stdin to a ${mode} plugin when stdin ${terminal ? 'is' : 'is not'} a terminal`, () => {
      assert.equal(isInteractive(mode, terminal), expected);
    });
  }

  it('should refuse Always without a terminal, as kubectl does', () => {
    assert.throws(
      () => isInteractive(InteractiveMode.always, false),
      /exec plugin cannot support interactive mode: standard input is not a terminal/,
    );
  });
});
