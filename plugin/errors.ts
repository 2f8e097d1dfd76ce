// How failures reach the user: one `error: …` line on stderr and kubectl's exit codes.
import { WorkspaceToolError } from '../shared/errors.js';
import { ApiError } from '../shared/kube/api-error.js';
import { redactErrorText } from '../shared/redact/messages.js';

/** A command line that does not parse; exit code 2. */
export class UsageError extends WorkspaceToolError {
  override name = 'UsageError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, exitCode: 2 });
  }
}

/** The `error: …` text; a value glued to a secret annotation's name (an echoed argument) is redacted. */
export function formatError(err: unknown): string {
  return redactErrorText(errorText(err));
}

function errorText(err: unknown): string {
  if (err instanceof ApiError) return `error: from server (${err.reason}): ${err.message}\n`;
  if (err instanceof UsageError) return `error: ${err.message}\nSee 'kubectl workspace --help' for usage.\n`;
  if (err instanceof Error) return `error: ${err.message}\n`;
  return `error: ${String(err)}\n`;
}

export function exitCodeOf(err: unknown): 1 | 2 {
  return err instanceof WorkspaceToolError ? err.exitCode : 1;
}
