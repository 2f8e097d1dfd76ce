// Named errors of the core library: each says what was wrong, the value received, what was expected and what to do.
import { REDACTED } from './redact/placeholder.js';

/** Process exit code an error maps to: 1 for failures, 2 for usage errors (kubectl's convention). */
export type ExitCode = 1 | 2;

export interface WorkspaceToolErrorOptions {
  /** The underlying error, kept for diagnostics. */
  readonly cause?: unknown;
  /** Default 1. */
  readonly exitCode?: ExitCode;
}

/** Base class of every error the tool raises on purpose. */
export class WorkspaceToolError extends Error {
  override name = 'WorkspaceToolError';
  readonly exitCode: ExitCode;

  constructor(message: string, options: WorkspaceToolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? 1;
  }
}

/** How a refusal ends: no partial write happened, and what to change before retrying. */
function nothingWritten(remedy: string): string {
  return `nothing was written, ${remedy} and retry`;
}

const QUOTED_VALUE_MAX_CHARS = 80;

/** JSON-quotes a value for a message, shortened so a 100 KiB annotation does not flood the terminal. */
export function quoteValue(value: string): string {
  if (value.length <= QUOTED_VALUE_MAX_CHARS) return JSON.stringify(value);
  const head = JSON.stringify(value.slice(0, QUOTED_VALUE_MAX_CHARS));
  return `${head.slice(0, -1)}…" (${value.length} characters)`;
}

export interface InvalidValueErrorOptions extends WorkspaceToolErrorOptions {
  /** Keeps a secret out of the message: the value is replaced by `<redacted>`. */
  readonly secret?: boolean;
  /** What the user can do; a generic hint is used when absent. */
  readonly hint?: string;
}

/** A bad annotation value or command argument. */
export class InvalidValueError extends WorkspaceToolError {
  override name = 'InvalidValueError';
  readonly field: string;
  readonly expected: string;

  constructor(field: string, value: string, expected: string, options: InvalidValueErrorOptions = {}) {
    const shown = options.secret === true ? REDACTED : quoteValue(value);
    const hint = options.hint ?? `correct the value of ${field} and retry`;
    super(`invalid value ${shown} for ${field}: expected ${expected}; ${hint}`, options);
    this.field = field;
    this.expected = expected;
  }
}

/** An unknown `gitpod/*` annotation name, most likely a typo. */
export class UnknownAnnotationError extends WorkspaceToolError {
  override name = 'UnknownAnnotationError';

  constructor(
    readonly annotation: string,
    readonly suggestion?: string,
    options: WorkspaceToolErrorOptions = {},
  ) {
    const didYouMean = suggestion === undefined ? '' : `did you mean "${suggestion}"? `;
    super(
      `unknown annotation ${quoteValue(annotation)}: expected one of the gitpod/* names of the catalogue; ` +
        `${didYouMean}use --force to write it anyway`,
      options,
    );
  }
}

/** A change to an annotation that is only set at creation, such as gitpod/id. */
export class ProtectedAnnotationError extends WorkspaceToolError {
  override name = 'ProtectedAnnotationError';

  constructor(
    readonly annotation: string,
    currentValue: string,
    requested: string | undefined,
    options: WorkspaceToolErrorOptions = {},
  ) {
    const what =
      requested === undefined
        ? `delete ${annotation} (${quoteValue(currentValue)})`
        : `change ${annotation} from ${quoteValue(currentValue)} to ${quoteValue(requested)}`;
    super(`refusing to ${what}: it is set when the workspace is created; use --force to write it anyway`, options);
  }
}

/** Several problems found in one validation pass, reported together. */
export class InvalidMarksError extends WorkspaceToolError {
  override name = 'InvalidMarksError';

  constructor(
    readonly problems: readonly WorkspaceToolError[],
    options: WorkspaceToolErrorOptions = {},
  ) {
    const lines = problems.map((p) => `  - ${p.message}`).join('\n');
    super(`${problems.length} problems with the requested marks, nothing was written:\n${lines}`, {
      exitCode: options.exitCode ?? problems[0]?.exitCode ?? 1,
      cause: options.cause ?? new AggregateError(problems),
    });
  }
}

/** A workspace id that does not resolve to the one object the command needs. */
export abstract class WorkspaceLookupError extends WorkspaceToolError {
  constructor(
    readonly workspaceId: string,
    message: string,
    options: WorkspaceToolErrorOptions,
  ) {
    super(message, options);
  }
}

/** No pod carries the label of the workspace. */
export class WorkspaceNotFoundError extends WorkspaceLookupError {
  override name = 'WorkspaceNotFoundError';

  constructor(
    workspaceId: string,
    readonly namespace: string,
    options: WorkspaceToolErrorOptions = {},
  ) {
    const remedy = 'check the id with "kubectl workspace list" or choose the namespace with -n';
    super(
      workspaceId,
      `workspace ${workspaceId} not found in namespace ${namespace} (no pod has the label workspaceID=${workspaceId}; ${remedy})`,
      options,
    );
  }
}

/** More than one pod carries the label of the workspace; writing to one of them would be a guess. */
export class AmbiguousWorkspaceError extends WorkspaceLookupError {
  override name = 'AmbiguousWorkspaceError';

  constructor(
    workspaceId: string,
    readonly podNames: readonly string[],
    options: WorkspaceToolErrorOptions = {},
  ) {
    const expected = `expected exactly one pod with the label workspaceID=${workspaceId}`;
    const remedy = nothingWritten('remove the stray pods');
    super(
      workspaceId,
      `found ${podNames.length} candidates for workspace ${workspaceId}: ${podNames.join(', ')} (${expected}; ${remedy})`,
      options,
    );
  }
}

/** The workspace has no `plis-<id>` ConfigMap. */
export class PlisMissingError extends WorkspaceLookupError {
  override name = 'PlisMissingError';

  constructor(workspaceId: string, namespace?: string, options: WorkspaceToolErrorOptions = {}) {
    const where = namespace === undefined ? `plis-${workspaceId}` : `${namespace}/plis-${workspaceId}`;
    const remedy = 'it is created with the workspace pod, check the id and namespace';
    super(
      workspaceId,
      `workspace ${workspaceId} has no pod lifecycle independent state (ConfigMap ${where} not found; ${remedy})`,
      options,
    );
  }
}

/** The `gitpod/plis` annotation cannot be read as a PLIS document. */
export class PlisParseError extends WorkspaceToolError {
  override name = 'PlisParseError';

  constructor(
    readonly where: string,
    readonly problem: string,
    options: WorkspaceToolErrorOptions = {},
  ) {
    super(
      `cannot read the pod lifecycle independent state in ConfigMap ${where}: ${problem}; ` +
        nothingWritten('fix or remove the annotation gitpod/plis of that ConfigMap'),
      options,
    );
  }
}

/** The PLIS document spells a known field several ways; Go's case-insensitive decoder reads them as one. */
export class PlisAmbiguousFieldError extends WorkspaceToolError {
  override name = 'PlisAmbiguousFieldError';

  constructor(
    readonly field: string,
    readonly spellings: readonly string[],
    where?: string,
    options: WorkspaceToolErrorOptions = {},
  ) {
    const names = spellings.map((k) => JSON.stringify(k)).join(', ');
    const inWhere = where === undefined ? '' : ` in ConfigMap ${where}`;
    super(
      `refusing to write field "${field}": the pod lifecycle independent state${inWhere} has ${spellings.length} members ` +
        `(${names}) that Go's case-insensitive decoder reads as that one field; ` +
        nothingWritten('keep one of them in the annotation gitpod/plis'),
      options,
    );
  }
}

/** The annotations of an object would exceed what the API server accepts. */
export class AnnotationsTooLargeError extends WorkspaceToolError {
  override name = 'AnnotationsTooLargeError';

  constructor(
    readonly objectName: string,
    readonly actualBytes: number,
    readonly limitBytes: number,
    options: WorkspaceToolErrorOptions = {},
  ) {
    super(
      `annotations of ${objectName} would total ${actualBytes} bytes, over the API server's limit of ${limitBytes} bytes; ` +
        nothingWritten('shorten or delete annotations'),
      options,
    );
  }
}

/** A read-modify-write loop kept hitting 409 Conflict and gave up. */
export class ConflictRetriesExhaustedError extends WorkspaceToolError {
  override name = 'ConflictRetriesExhaustedError';

  constructor(
    readonly attempts: number,
    cause: unknown,
    options: Omit<WorkspaceToolErrorOptions, 'cause'> = {},
  ) {
    const last = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : (JSON.stringify(cause) ?? String(cause));
    super(
      `gave up after ${attempts} attempts: every write conflicted with a concurrent update (last error: ${last}); ` +
        `retry the command, or allow more time with --request-timeout if many writers compete`,
      { ...options, cause },
    );
  }
}
