import { Annotation } from '../../shared/annotations.js';
import { parseGoDuration } from '../../shared/duration.js';
import { InvalidValueError } from '../../shared/errors.js';
import { addMark, deleteMark } from '../../shared/marks.js';
import type { Implementation } from '../command.js';
import type * as defined from './definitions.js';
import { runMarks } from '../mutation.js';

/** A custom timeout is a Go duration greater than zero; throws InvalidValueError otherwise. */
export function checkTimeout(duration: string): void {
  if (parseGoDuration(duration, Annotation.customTimeout) <= 0n) {
    throw new InvalidValueError('timeout', duration, 'a positive Go duration such as 30m or 1h30m (a timeout must be greater than zero)', {
      hint: 'give a positive duration, or --clear to remove the custom timeout',
    });
  }
}

export const timeout: Implementation<typeof defined.timeout> = {
  run: (argv, ctx) => {
    if (argv.clear) return runMarks(argv, ctx, [deleteMark(Annotation.customTimeout)]);
    // The definition's check lets through exactly one of a duration and --clear; an empty one is refused as invalid.
    const duration = argv.duration ?? '';
    checkTimeout(duration);
    return runMarks(argv, ctx, [addMark(Annotation.customTimeout, duration)]);
  },
};
