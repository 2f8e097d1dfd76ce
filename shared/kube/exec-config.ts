// The kubeconfig's `exec` section (client.authentication.k8s.io v1 and v1beta1), validated and
// defaulted as kubectl does: pure. The ExecCredential exchanged with the plugin is exec-credential.ts.
import { isAbsolute, resolve, sep } from 'node:path';
import { WorkspaceToolError, quoteValue } from '../errors.js';
import { isJsonObject } from '../json-object.js';

export const ExecApiVersion = {
  v1: 'client.authentication.k8s.io/v1',
  v1beta1: 'client.authentication.k8s.io/v1beta1',
} as const;
export type ExecApiVersion = (typeof ExecApiVersion)[keyof typeof ExecApiVersion];

export const InteractiveMode = { never: 'Never', ifAvailable: 'IfAvailable', always: 'Always' } as const;
export type InteractiveMode = (typeof InteractiveMode)[keyof typeof InteractiveMode];

/** Where kubectl documents credential plugins; named in messages. */
export const EXEC_PLUGIN_DOCS = 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins';

export interface ExecEnvVar {
  readonly name: string;
  readonly value: string;
}

/** A kubeconfig user's `exec` section, validated and defaulted as kubectl does. */
export interface ExecConfig {
  readonly apiVersion: ExecApiVersion;
  /** A bare name (looked up on PATH) or an absolute path; a relative path with a slash is resolved against the kubeconfig's directory. */
  readonly command: string;
  readonly args: readonly string[];
  readonly env: readonly ExecEnvVar[];
  /** Shown when the command is missing; terminal escape sequences removed. */
  readonly installHint: string;
  readonly interactiveMode: InteractiveMode;
  readonly provideClusterInfo: boolean;
}

/** Where an exec section came from, for messages and relative paths. */
export interface ExecSource {
  readonly userName: string;
  /** The kubeconfig file the user entry was read from. */
  readonly file: string;
  /** Its directory. */
  readonly dir: string;
}

/** An exec credential could not be obtained: a bad `exec` section, a failing plugin or a bad answer; the message says which and why. */
export class ExecCredentialError extends WorkspaceToolError {
  override name = 'ExecCredentialError';
}

/** A value's type as a message names it. */
export function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v;
}

// ESC [ … final byte, ESC ] … BEL/ST, and lone ESC sequences: what a terminal would act on.
// eslint-disable-next-line no-control-regex -- matching ESC and BEL is the point.
const ANSI_ESCAPES = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]/g;

/** Removes terminal escape sequences, so a hint from a kubeconfig cannot drive the user's terminal. */
export function stripTerminalEscapes(text: string): string {
  return text.replace(ANSI_ESCAPES, '');
}

/** Validates a user's `exec` section; every problem is collected and reported in one error. */
export function parseExecConfig(raw: unknown, source: ExecSource): ExecConfig {
  const at = `user "${source.userName}" in kubeconfig ${source.file}: users[].user.exec`;
  if (!isJsonObject(raw)) throw new ExecCredentialError(`${at} is a ${typeOf(raw)}, expected a mapping; fix the kubeconfig`);
  const problems: string[] = [];

  const apiVersionRaw = raw['apiVersion'];
  const versions = Object.values(ExecApiVersion) as string[];
  let apiVersion: ExecApiVersion = ExecApiVersion.v1;
  if (typeof apiVersionRaw !== 'string' || apiVersionRaw === '') problems.push(`apiVersion is missing (expected ${versions.join(' or ')})`);
  else if (!versions.includes(apiVersionRaw))
    problems.push(`apiVersion ${quoteValue(apiVersionRaw)} is not supported (expected ${versions.join(' or ')})`);
  else apiVersion = apiVersionRaw as ExecApiVersion;

  const commandRaw = raw['command'];
  let command = '';
  if (typeof commandRaw !== 'string' || commandRaw === '') problems.push('command is missing');
  else command = commandRaw.includes(sep) && !isAbsolute(commandRaw) ? resolve(source.dir, commandRaw) : commandRaw;

  const args = stringList(raw['args'], 'args', problems);
  const env = envList(raw['env'], problems);

  const hintRaw = raw['installHint'];
  if (hintRaw !== undefined && hintRaw !== null && typeof hintRaw !== 'string')
    problems.push(`installHint is a ${typeOf(hintRaw)}, expected a string`);
  const installHint = typeof hintRaw === 'string' ? stripTerminalEscapes(hintRaw) : '';

  const modeRaw = raw['interactiveMode'];
  const modes = Object.values(InteractiveMode) as string[];
  let interactiveMode: InteractiveMode = InteractiveMode.ifAvailable;
  if (modeRaw === undefined || modeRaw === null || modeRaw === '') {
    // v1beta1 keeps its old behaviour; v1 makes the choice explicit.
    if (apiVersion === ExecApiVersion.v1)
      problems.push(`interactiveMode is missing; ${ExecApiVersion.v1} requires it (one of ${modes.join(', ')})`);
  } else if (typeof modeRaw !== 'string' || !modes.includes(modeRaw)) {
    problems.push(
      `interactiveMode ${typeof modeRaw === 'string' ? quoteValue(modeRaw) : `(a ${typeOf(modeRaw)})`} is not one of ${modes.join(', ')}`,
    );
  } else {
    interactiveMode = modeRaw as InteractiveMode;
  }

  const provideRaw = raw['provideClusterInfo'];
  if (provideRaw !== undefined && provideRaw !== null && typeof provideRaw !== 'boolean') {
    problems.push(`provideClusterInfo is a ${typeOf(provideRaw)}, expected true or false`);
  }

  if (problems.length > 0) throw new ExecCredentialError(`${at}: ${problems.join('; ')}; fix the kubeconfig`);
  return { apiVersion, command, args, env, installHint, interactiveMode, provideClusterInfo: provideRaw === true };
}

function stringList(v: unknown, field: string, problems: string[]): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    problems.push(`${field} is a ${typeOf(v)}, expected a list of strings`);
    return [];
  }
  v.forEach((item, i) => {
    if (typeof item !== 'string') problems.push(`${field}[${i}] is a ${typeOf(item)}, expected a string`);
  });
  return v.filter((item): item is string => typeof item === 'string');
}

function envList(v: unknown, problems: string[]): ExecEnvVar[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    problems.push(`env is a ${typeOf(v)}, expected a list of {name, value}`);
    return [];
  }
  const out: ExecEnvVar[] = [];
  v.forEach((item: unknown, i) => {
    const name = isJsonObject(item) ? item['name'] : undefined;
    const value = isJsonObject(item) ? (item['value'] ?? '') : undefined;
    if (typeof name !== 'string' || name === '') problems.push(`env[${i}].name is missing`);
    else if (typeof value !== 'string') problems.push(`env[${i}].value is a ${typeOf(value)}, expected a string`);
    else out.push({ name, value });
  });
  return out;
}

/** Whether the plugin gets the terminal's stdin; `Always` without a terminal is an error, as in kubectl. */
export function isInteractive(mode: InteractiveMode, stdinIsTerminal: boolean): boolean {
  switch (mode) {
    case InteractiveMode.never:
      return false;
    case InteractiveMode.ifAvailable:
      return stdinIsTerminal;
    case InteractiveMode.always:
      if (!stdinIsTerminal) {
        throw new ExecCredentialError(
          'exec plugin cannot support interactive mode: standard input is not a terminal (interactiveMode is Always); run the command from a terminal',
        );
      }
      return true;
  }
}
