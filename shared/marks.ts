// Marks: adding or deleting one annotation, validated against the catalogue and turned into a JSON merge patch.
import { Annotation, annotationSpec, closestAnnotation, isGitpodAnnotation } from './annotations.js';
import { isQuotableInErrors, mayHoldSecret } from './redact/secrets.js';
import {
  InvalidMarksError,
  InvalidValueError,
  ProtectedAnnotationError,
  UnknownAnnotationError,
  type WorkspaceToolError,
} from './errors.js';

export interface Mark {
  readonly name: string;
  /** undefined deletes the annotation. */
  readonly value: string | undefined;
}

export function addMark(name: string, value: string): Mark {
  return Object.freeze({ name, value });
}

export function deleteMark(name: string): Mark {
  return Object.freeze({ name, value: undefined });
}

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Whether `key` is a valid annotation key (a qualified name; the API server ignores case). */
export function isValidAnnotationKey(key: string): boolean {
  const slash = key.indexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash).toLowerCase();
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (name.length > 63 || !NAME_PART.test(name)) return false;
  if (prefix === undefined) return true;
  return prefix.length <= 253 && prefix.split('.').every((label) => DNS_LABEL.test(label));
}

const KEY_EXPECTED =
  'an annotation key: an optional DNS subdomain prefix and "/", then 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
const USAGE_HINT = 'write name=value to set an annotation or name- to delete it (kubectl annotate syntax)';

/** Parses `name=value` (value may contain "=" or be empty) or `name-` as kubectl annotate does; throws InvalidValueError. */
export function parseMarkArgument(arg: string): Mark {
  const eq = arg.indexOf('=');
  if (eq !== -1) {
    const name = arg.slice(0, eq);
    // Quote only the name, and not even that when it may hold a secret: the value may be one.
    if (!isValidAnnotationKey(name))
      throw new InvalidValueError('mark name', name, KEY_EXPECTED + ' before "="', {
        hint: USAGE_HINT,
        exitCode: 2,
        secret: mayHoldSecret(name),
      });
    return addMark(name, arg.slice(eq + 1));
  }
  if (arg.endsWith('-')) {
    const name = arg.slice(0, -1);
    if (!isValidAnnotationKey(name))
      throw new InvalidValueError('mark', arg, KEY_EXPECTED + ' before "-"', { hint: USAGE_HINT, exitCode: 2, secret: mayHoldSecret(arg) });
    return deleteMark(name);
  }
  // A mistyped separator ("gitpod/ownerToken:abc") would otherwise echo a secret.
  throw new InvalidValueError('mark', arg, 'name=value or name-', { hint: USAGE_HINT, exitCode: 2, secret: mayHoldSecret(arg) });
}

/** The marks plus what they imply: setting gitpod/explicitFail also sets gitpod/failedBeforeStopping="true". */
export function withImpliedMarks(marks: readonly Mark[]): Mark[] {
  const all = [...marks];
  if (marks.some((m) => m.name === Annotation.explicitFail && m.value !== undefined)) {
    all.push(addMark(Annotation.failedBeforeStopping, 'true'));
  }
  return all;
}

function markProblems(mark: Mark, current: Readonly<Record<string, string>>, force: boolean): WorkspaceToolError[] {
  const problems: WorkspaceToolError[] = [];
  if (!isValidAnnotationKey(mark.name)) {
    problems.push(new InvalidValueError('annotation name', mark.name, KEY_EXPECTED));
    return problems;
  }
  const spec = annotationSpec(mark.name);
  if (spec === undefined && isGitpodAnnotation(mark.name) && !force) {
    problems.push(new UnknownAnnotationError(mark.name, closestAnnotation(mark.name)));
  }
  if (spec !== undefined && mark.value !== undefined) {
    const expected = spec.validate(mark.value);
    if (expected !== undefined)
      problems.push(new InvalidValueError(spec.name, mark.value, expected, { secret: !isQuotableInErrors(spec.name) }));
  }
  const currentId = current[Annotation.id];
  if (mark.name === Annotation.id && currentId !== undefined && mark.value !== currentId && !force) {
    problems.push(new ProtectedAnnotationError(Annotation.id, currentId, mark.value));
  }
  return problems;
}

/**
 * Checks marks before anything is written: names, values (always), unknown gitpod/* names and changes of
 * gitpod/id (unless `force`), duplicates and contradictions. Throws one error listing every problem.
 */
export function validateMarks(marks: readonly Mark[], current: Readonly<Record<string, string>>, opts: { readonly force: boolean }): void {
  const problems = marks.flatMap((m) => markProblems(m, current, opts.force));
  const seen = new Set<string>();
  for (const m of marks) {
    if (seen.has(m.name)) {
      problems.push(
        new InvalidValueError('marks', m.name, 'each annotation named at most once per command', {
          hint: 'drop the repeated mark',
          exitCode: 2,
        }),
      );
    }
    seen.add(m.name);
  }
  const failing = marks.some((m) => m.name === Annotation.explicitFail && m.value !== undefined);
  const contradicting = marks.find((m) => m.name === Annotation.failedBeforeStopping && m.value === undefined);
  if (failing && contradicting !== undefined) {
    problems.push(
      new InvalidValueError(
        'marks',
        `${Annotation.failedBeforeStopping}-`,
        `no deletion of ${Annotation.failedBeforeStopping} while setting ${Annotation.explicitFail}, which implies it`,
        {
          hint: 'drop one of the two marks',
          exitCode: 2,
        },
      ),
    );
  }
  const deletingFailed = marks.some((m) => m.name === Annotation.explicitFail && m.value === undefined);
  if (contradicting !== undefined && !failing && !deletingFailed && Object.hasOwn(current, Annotation.explicitFail)) {
    problems.push(
      new InvalidValueError(
        'marks',
        `${Annotation.failedBeforeStopping}-`,
        `no deletion of ${Annotation.failedBeforeStopping} while ${Annotation.explicitFail} is set on the object, which implies it (admission would restore it)`,
        {
          hint: `delete ${Annotation.explicitFail} in the same command (${Annotation.explicitFail}- ${Annotation.failedBeforeStopping}-) to clear the failure`,
        },
      ),
    );
  }
  const [first] = problems;
  if (first === undefined) return;
  throw problems.length === 1 ? first : new InvalidMarksError(problems);
}

/** Annotations after the marks: the whole map, and the names whose presence or value differs from before. */
export interface MarkedAnnotations {
  readonly annotations: Record<string, string>;
  readonly changed: readonly string[];
}

/** Applies the marks (and implied ones) to a copy; `changed` lists names whose presence or value differs. */
export function applyMarks(current: Readonly<Record<string, string>>, marks: readonly Mark[]): MarkedAnnotations {
  const next = new Map(Object.entries(current));
  const touched: string[] = [];
  for (const m of withImpliedMarks(marks)) {
    if (!touched.includes(m.name)) touched.push(m.name);
    if (m.value === undefined) next.delete(m.name);
    else next.set(m.name, m.value);
  }
  const before = new Map(Object.entries(current));
  const changed = touched.filter((name) => before.get(name) !== next.get(name));
  return { annotations: Object.fromEntries(next), changed };
}

/** The marked names (and implied ones) whose presence or value differs between two annotation maps, e.g. the pod as
 * read and as the server returned it after the write: admission may have undone or added to a mark. */
export function changedAnnotations(
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
  marks: readonly Mark[],
): string[] {
  const names = [...new Set(withImpliedMarks(marks).map((m) => m.name))];
  return names.filter((n) => before[n] !== after[n]);
}

export interface AnnotationsMergePatch {
  readonly metadata: { readonly annotations: Record<string, string | null> };
}

/**
 * The JSON merge patch of `metadata.annotations` for marks applied by applyMarks: only what changes (null deletes);
 * undefined when nothing does.
 */
export function mergePatchOf({ annotations, changed }: MarkedAnnotations): AnnotationsMergePatch | undefined {
  if (changed.length === 0) return undefined;
  const entries = changed.map((name): [string, string | null] => [
    name,
    Object.hasOwn(annotations, name) ? (annotations[name] as string) : null,
  ]);
  return { metadata: { annotations: Object.fromEntries(entries) } };
}
