// What every benchmark section receives and returns.
import type { ControlPlane } from '../cluster/controlplane.js';
import type { Table } from './markdown.js';
import { measuredNodeBin } from './measured-node.js';

export const Mode = { quick: 'quick', full: 'full' } as const;
export type Mode = (typeof Mode)[keyof typeof Mode];

export interface BenchContext {
  readonly mode: Mode;
  readonly cp: ControlPlane;
  readonly repoRoot: string;
  /** The API server's gitVersion, e.g. v1.36.3. */
  readonly kubernetesVersion: string;
  /**
   * The webhook as a user runs it on a host: dist/workspace-webhook copied alone into workDir, beside the plugin's copy
   * (no package.json or node_modules above it). The webhook and admission sections run it.
   */
  readonly webhookBin: string;
  /**
   * The plugin as a user installs it: its two files copied from dist/ into workDir, outside the repository (no
   * package.json or node_modules above them). First on PATH, so kubectl finds the plugin there.
   */
  readonly pluginDir: string;
  /** Scratch space, removed at the end. */
  readonly workDir: string;
  /** HOME of kubectl children: their discovery cache starts empty and stays out of the user's ~/.kube. */
  readonly homeDir: string;
  readonly log: (message: string) => void;
}

/** What a section measured, as it returns it. */
export interface SectionReport {
  /** Shown in latest.md, in this order. */
  readonly title: string;
  readonly tables: readonly Table[];
  /** What the peers are and how the figures were taken, one sentence each. */
  readonly notes: readonly string[];
  /** The section's name in latest.json. */
  readonly key: string;
  /** Machine-readable figures for latest.json: medians, spreads, ratios. */
  readonly data: unknown;
}

/** A section's report and how long the section ran, as the runner records it. */
export interface SectionResult extends SectionReport {
  readonly durationMs: number;
}

export type Section = (ctx: BenchContext) => Promise<SectionReport>;

/** The environment a kubectl child sees: the bench's kubeconfig and HOME, and the plugin's copy first on PATH for plugin discovery. */
export function kubectlEnv(ctx: BenchContext): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: ctx.homeDir,
    KUBECONFIG: ctx.cp.kubeconfigPath,
    // The plugin copy first, then the measured Node.js for its `#!/usr/bin/env node`, then kubectl.
    PATH: `${ctx.pluginDir}:${measuredNodeBin()}:${ctx.cp.binDir}:${process.env['PATH'] ?? ''}`,
  };
}
