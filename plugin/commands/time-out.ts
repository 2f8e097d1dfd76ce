import { Annotation } from '../../shared/annotations.js';
import { isGoDuration } from '../../shared/duration.js';
import { InvalidValueError } from '../../shared/errors.js';
import { addMark } from '../../shared/marks.js';
import type { Implementation } from '../command.js';
import type * as defined from './definitions.js';
import { runMarks } from '../mutation.js';

/** A reason that reads as a Go duration (`30m`) was almost certainly meant for `timeout`; refused unless `force`. */
export function checkTimedOutReason(reason: string, force: boolean): void {
  if (force || !isGoDuration(reason.trim())) return;
  throw new InvalidValueError('time-out reason', reason, 'a human-readable reason such as "idle for 30 minutes", not a duration', {
    hint: `to set the workspace's timeout, run "kubectl workspace timeout <id> ${reason.trim()}"; to record this text as the reason anyway, add --force`,
  });
}

export const timeOut: Implementation<typeof defined.timeOut> = {
  run: (argv, ctx) => {
    checkTimedOutReason(argv.reason, argv.force);
    return runMarks(argv, ctx, [addMark(Annotation.timedOut, argv.reason)]);
  },
};
