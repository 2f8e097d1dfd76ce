// Every output the reliability tests see (webhook logs, plugin stdout/stderr), kept to search for secrets afterwards.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { transcript as pluginRuns } from '../plugin.js';
import { figure } from './figures.js';

export interface Recorded {
  readonly source: string;
  readonly text: string;
}

const recorded: Recorded[] = [];

/** The owner token every reliability workspace carries; no output may ever contain it. */
export const OWNER_TOKEN = `rel-owner-${randomBytes(16).toString('hex')}`;

/** How the reliability suites create workspaces with the plugin harness: carrying OWNER_TOKEN, and ready. */
export const RELIABILITY_WORKSPACE = { ownerToken: OWNER_TOKEN, neverReady: false } as const;

export function record(source: string, text: string): void {
  if (text !== '') recorded.push({ source, text });
}

/** Everything recorded so far, every plugin output not asked to show secrets, and the content of the given log files. */
export function allOutputs(logFiles: readonly string[] = []): readonly Recorded[] {
  const plugin = pluginRuns
    .filter((run) => !run.showSecrets)
    .map((run) => ({ source: `kubectl workspace ${run.args.join(' ').slice(0, 200)}`, text: `${run.stdout}\n${run.stderr}` }));
  const files = logFiles.map((path) => ({ source: path, text: readFileSync(path, 'utf8') }));
  return [...recorded, ...plugin, ...files];
}

/** Sources whose text contains `secret`, with a short excerpt around the first hit. */
export function leaksOf(secret: string, outputs: readonly Recorded[]): readonly string[] {
  return outputs
    .filter((o) => o.text.includes(secret))
    .map((o) => {
      const at = o.text.indexOf(secret);
      return `${o.source}: …${o.text.slice(Math.max(0, at - 80), at)}<TOKEN>…`;
    });
}

/** Total bytes searched, for the report. */
export function totalBytes(outputs: readonly Recorded[]): number {
  return outputs.reduce((sum, o) => sum + Buffer.byteLength(o.text), 0);
}

/** "<n> outputs, <bytes> bytes": what a token search covered, for the report. */
export function coverage(outputs: readonly Recorded[]): string {
  return `${outputs.length} outputs, ${totalBytes(outputs)} bytes`;
}

/** Reports as figure `name` what a search for OWNER_TOKEN in `outputs` covered and found; fails on any hit. */
export function assertOwnerTokenNotIn(name: string, outputs: readonly Recorded[]): void {
  figure(name, `${coverage(outputs)}, ${leaksOf(OWNER_TOKEN, outputs).length} hits`);
  assert.deepEqual(leaksOf(OWNER_TOKEN, outputs), []);
}
