import { Annotation } from '../../shared/annotations.js';
import { parseGoDuration } from '../../shared/duration.js';
import { addMark, deleteMark } from '../../shared/marks.js';
import type { CommandImplementation } from '../command.js';
import { runMarks, workspaceIdOf } from '../mutation.js';

export const timeout: CommandImplementation = {
  run: (argv, ctx) => {
    if (argv['clear'] === true) return runMarks(argv, ctx, workspaceIdOf(argv), [deleteMark(Annotation.customTimeout)]);
    const duration = String(argv['duration']);
    parseGoDuration(duration, Annotation.customTimeout);
    return runMarks(argv, ctx, workspaceIdOf(argv), [addMark(Annotation.customTimeout, duration)]);
  },
};
