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
  readonly annotation: string;
  readonly suggestion: string | undefined;

  constructor(annotation: string, suggestion?: string, options: WorkspaceToolErrorOptions = {}) {
    const didYouMean = suggestion === undefined ? '' : `did you mean "${suggestion}"? `;
    super(
      `unknown annotation ${quoteValue(annotation)}: expected one of the gitpod/* names of the catalogue; ` +
        `${didYouMean}use --force to write it anyway`,
      options,
    );
    this.annotation = annotation;
    this.suggestion = suggestion;
  }
}

/** A change to an annotation that is only set at creation, such as gitpod/id. */
export class ProtectedAnnotationError extends WorkspaceToolError {
  override name = 'ProtectedAnnotationError';
  readonly annotation: string;

  constructor(annotation: string, currentValue: string, requested: string | undefined, options: WorkspaceToolErrorOptions = {}) {
    const what =
      requested === undefined
        ? `delete ${annotation} (${quoteValue(currentValue)})`
        : `change ${annotation} from ${quoteValue(currentValue)} to ${quoteValue(requested)}`;
    super(`refusing to ${what}: it is set when the workspace is created; use --force to write it anyway`, options);
    this.annotation = annotation;
  }
}

/** Several problems found in one validation pass, reported together. */
export class InvalidMarksError extends WorkspaceToolError {
  override name = 'InvalidMarksError';
  readonly problems: readonly WorkspaceToolError[];

  constructor(problems: readonly WorkspaceToolError[], options: WorkspaceToolErrorOptions = {}) {
    const lines = problems.map((p) => `  - ${p.message}`).join('\n');
    super(`${problems.length} problems with the requested marks, nothing was written:\n${lines}`, {
      exitCode: options.exitCode ?? problems[0]?.exitCode ?? 1,
      cause: options.cause ?? new AggregateError(problems),
    });
    this.problems = problems;
  }
}

/** No pod carries the label of the workspace. */
export class WorkspaceNotFoundError extends WorkspaceToolError {
  override name = 'WorkspaceNotFoundError';
  readonly workspaceId: string;
  readonly namespace: string;

  constructor(workspaceId: string, namespace: string, options: WorkspaceToolErrorOptions = {}) {
    super(
      `workspace ${workspaceId} not found in namespace ${namespace} ` +
        `(no pod has the label workspaceID=${workspaceId}; check the id with "kubectl workspace list" or choose the namespace with -n)`,
      options,
    );
    this.workspaceId = workspaceId;
    this.namespace = namespace;
  }
}

/** More than one pod carries the label of the workspace; writing to one of them would be a guess. */
export class AmbiguousWorkspaceError extends WorkspaceToolError {
  override name = 'AmbiguousWorkspaceError';
  readonly workspaceId: string;
  readonly podNames: readonly string[];

  constructor(workspaceId: string, podNames: readonly string[], options: WorkspaceToolErrorOptions = {}) {
    super(
      `found ${podNames.length} candidates for workspace ${workspaceId}: ${podNames.join(', ')} ` +
        `(expected exactly one pod with the label workspaceID=${workspaceId}; nothing was written, remove the stray pods and retry)`,
      options,
    );
    this.workspaceId = workspaceId;
    this.podNames = podNames;
  }
}

/** The workspace has no `plis-<id>` ConfigMap. */
export class PlisMissingError extends WorkspaceToolError {
  override name = 'PlisMissingError';
  readonly workspaceId: string;

  constructor(workspaceId: string, namespace?: string, options: WorkspaceToolErrorOptions = {}) {
    const where = namespace === undefined ? `plis-${workspaceId}` : `${namespace}/plis-${workspaceId}`;
    super(
      `workspace ${workspaceId} has no pod lifecycle independent state ` +
        `(ConfigMap ${where} not found; it is created with the workspace pod, check the id and namespace)`,
      options,
    );
    this.workspaceId = workspaceId;
  }
}

/** The `gitpod/plis` annotation cannot be read as a PLIS document. */
export class PlisParseError extends WorkspaceToolError {
  override name = 'PlisParseError';
  readonly where: string;
  readonly problem: string;

  constructor(where: string, problem: string, options: WorkspaceToolErrorOptions = {}) {
    super(
      `cannot read the pod lifecycle independent state in ConfigMap ${where}: ${problem}; ` +
        `nothing was written, fix or remove the annotation gitpod/plis of that ConfigMap and retry`,
      options,
    );
    this.where = where;
    this.problem = problem;
  }
}

/** The PLIS document spells a known field several ways; Go's case-insensitive decoder reads them as one. */
export class PlisAmbiguousFieldError extends WorkspaceToolError {
  override name = 'PlisAmbiguousFieldError';
  readonly field: string;
  readonly spellings: readonly string[];

  constructor(field: string, spellings: readonly string[], where?: string, options: WorkspaceToolErrorOptions = {}) {
    const names = spellings.map((k) => JSON.stringify(k)).join(', ');
    const inWhere = where === undefined ? '' : ` in ConfigMap ${where}`;
    super(
      `refusing to write field "${field}": the pod lifecycle independent state${inWhere} has ${spellings.length} members ` +
        `(${names}) that Go's case-insensitive decoder reads as that one field; nothing was written, ` +
        `keep one of them in the annotation gitpod/plis and retry`,
      options,
    );
    this.field = field;
    this.spellings = spellings;
  }
}

/** The annotations of an object would exceed what the API server accepts. */
export class AnnotationsTooLargeError extends WorkspaceToolError {
  override name = 'AnnotationsTooLargeError';
  readonly objectName: string;
  readonly actualBytes: number;
  readonly limitBytes: number;

  constructor(objectName: string, actualBytes: number, limitBytes: number, options: WorkspaceToolErrorOptions = {}) {
    super(
      `annotations of ${objectName} would total ${actualBytes} bytes, over the API server's limit of ${limitBytes} bytes; ` +
        `nothing was written, shorten or delete annotations and retry`,
      options,
    );
    this.objectName = objectName;
    this.actualBytes = actualBytes;
    this.limitBytes = limitBytes;
  }
}

/** A read-modify-write loop kept hitting 409 Conflict and gave up. */
export class ConflictRetriesExhaustedError extends WorkspaceToolError {
  override name = 'ConflictRetriesExhaustedError';
  readonly attempts: number;

  constructor(attempts: number, cause: unknown, options: Omit<WorkspaceToolErrorOptions, 'cause'> = {}) {
    const last = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : (JSON.stringify(cause) ?? String(cause));
    super(
      `gave up after ${attempts} attempts: every write conflicted with a concurrent update (last error: ${last}); ` +
        `retry the command, or allow more time with --request-timeout if many writers compete`,
      { ...options, cause },
    );
    this.attempts = attempts;
  }
}
