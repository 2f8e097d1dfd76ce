// The built workspace-webhook as a user runs it: this test process's copy of the file outside the repository (runCopy),
// with no dist/package.json or node_modules above it, for every suite that runs its CLI or serves with it.
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEBHOOK_FILE, ensureBuilt, runCopy } from './dist.js';

/** The copied workspace-webhook every run of this test process uses, built and copied on first use. */
export function webhookBin(): string {
  return join(runCopy('webhook'), WEBHOOK_FILE);
}

/** What one run of the webhook's CLI came to. */
export interface WebhookCommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `workspace-webhook <args>` as a user runs it: webhookBin(), started in the system temp dir, away from the
 * checkout. Resolves with its exit code and output whatever the code; rejects only when it could not be started.
 */
export function runWebhookCommand(args: readonly string[]): Promise<WebhookCommandResult> {
  const bin = webhookBin();
  return new Promise((resolve, reject) => {
    execFile(bin, [...args], { cwd: tmpdir() }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

/** Makes dist/workspace-webhook current (built at most once per run). */
export function buildWebhook(): void {
  ensureBuilt('webhook');
}
