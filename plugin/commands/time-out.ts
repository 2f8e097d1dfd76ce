import { Annotation } from '../../shared/annotations.js';
import { addMark } from '../../shared/marks.js';
import type { CommandImplementation } from '../command.js';
import { runMarks, workspaceIdOf } from '../mutation.js';

export const timeOut: CommandImplementation = {
  run: (argv, ctx) => runMarks(argv, ctx, workspaceIdOf(argv), [addMark(Annotation.timedOut, String(argv['reason']))]),
};
