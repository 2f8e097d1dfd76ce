import { Annotation } from '../../shared/annotations.js';
import { parseGoDuration } from '../../shared/duration.js';
import { InvalidValueError } from '../../shared/errors.js';
import { addMark, deleteMark } from '../../shared/marks.js';
import type { CommandImplementation } from '../command.js';
import { runMarks, workspaceIdOf } from '../mutation.js';

/** A custom timeout is a Go duration greater than zero; throws InvalidValueError otherwise. */
export function checkTimeout(duration: string): void {
  if (parseGoDuration(duration, Annotation.customTimeout) <= 0n) {
    throw new InvalidValueError('timeout', duration, 'a positive Go duration such as 30m or 1h30m (a timeout must be greater than zero)', {
      hint: 'give a positive duration, or --clear to remove the custom timeout',
    });
  }
}

export const timeout: CommandImplementation = {
  run: (argv, ctx) => {
    if (argv['clear'] === true) return runMarks(argv, ctx, workspaceIdOf(argv), [deleteMark(Annotation.customTimeout)]);
    const duration = String(argv['duration']);
    checkTimeout(duration);
    return runMarks(argv, ctx, workspaceIdOf(argv), [addMark(Annotation.customTimeout, duration)]);
  },
};
