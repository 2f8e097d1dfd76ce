// Facts about the machine and the software under test, recorded next to every result.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem, release } from 'node:os';

export interface MachineFacts {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryMiB: number;
  readonly kernel: string;
  /** The Node.js running the bench process itself, and with it section 4's in-process writers. */
  readonly node: string;
  /** The Node.js of every measured JavaScript process: the plugin, the floors and both Node.js webhooks. */
  readonly measuredNode?: string;
  readonly kubectl: string;
  readonly kubernetes: string;
  readonly gitCommit: string;
  /** True when the working tree had uncommitted changes to tracked files. */
  readonly gitDirty: boolean;
  readonly date: string;
}

function quiet(file: string, args: readonly string[], cwd?: string): string {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], ...(cwd ? { cwd } : {}) }).trim();
  } catch {
    return 'unknown';
  }
}

export function kubectlClientVersion(kubectl: string): string {
  const out = quiet(kubectl, ['version', '--client', '-o', 'json']);
  try {
    return String((JSON.parse(out) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

export function machineFacts(input: {
  readonly repoRoot: string;
  readonly kubectl: string;
  readonly kubernetes: string;
  readonly measuredNode: string;
}): MachineFacts {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryMiB: Math.round(totalmem() / 1024 / 1024),
    kernel: release(),
    node: process.version,
    measuredNode: input.measuredNode,
    kubectl: kubectlClientVersion(input.kubectl),
    kubernetes: input.kubernetes,
    gitCommit: quiet('git', ['rev-parse', 'HEAD'], input.repoRoot),
    gitDirty: quiet('git', ['status', '--porcelain', '--untracked-files=no'], input.repoRoot) !== '',
    date: new Date().toISOString(),
  };
}
