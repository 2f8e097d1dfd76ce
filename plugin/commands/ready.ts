import { Annotation } from '../../shared/annotations.js';
import { deleteMark } from '../../shared/marks.js';
import type { CommandImplementation } from '../command.js';
import { runMarks, workspaceIdOf } from '../mutation.js';

export const ready: CommandImplementation = {
  run: (argv, ctx) => runMarks(argv, ctx, workspaceIdOf(argv), [deleteMark(Annotation.neverReady)]),
};
