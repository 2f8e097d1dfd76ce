// A mark whose name lacks the gitpod/ prefix but names a catalogue entry (`closed=true`, `ExplicitFail=x`) is almost
// certainly a typo for the gitpod/ name: it is refused with a hint, as a misspelled gitpod/ name is, unless --force.
import { ANNOTATION_CATALOGUE, type AnnotationName } from '../shared/annotations.js';
import { InvalidMarksError, UnknownAnnotationError, type WorkspaceToolError } from '../shared/errors.js';
import type { Mark } from '../shared/marks.js';

const PREFIX = 'gitpod/';
const BY_BARE_NAME: ReadonlyMap<string, AnnotationName> = new Map(
  ANNOTATION_CATALOGUE.map((s) => [s.name.slice(PREFIX.length).toLowerCase(), s.name]),
);

/** The catalogue name an unprefixed annotation name stands for, compared case-insensitively; undefined otherwise. */
export function catalogueNameFor(name: string): AnnotationName | undefined {
  return name.includes('/') ? undefined : BY_BARE_NAME.get(name.toLowerCase());
}

/** Throws when a mark names a catalogue entry without its prefix, unless `force`. */
export function checkMarkNames(marks: readonly Mark[], opts: { readonly force: boolean }): void {
  if (opts.force) return;
  const problems: WorkspaceToolError[] = [];
  for (const m of marks) {
    const meant = catalogueNameFor(m.name);
    if (meant !== undefined) problems.push(new UnknownAnnotationError(m.name, meant));
  }
  const [first] = problems;
  if (first === undefined) return;
  throw problems.length === 1 ? first : new InvalidMarksError(problems);
}
