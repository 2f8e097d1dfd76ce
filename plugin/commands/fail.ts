import { Annotation } from '../../shared/annotations.js';
import { addMark } from '../../shared/marks.js';
import type { CommandImplementation } from '../command.js';
import { runMarks, workspaceIdOf } from '../mutation.js';

export const fail: CommandImplementation = {
  run: (argv, ctx) => runMarks(argv, ctx, workspaceIdOf(argv), [addMark(Annotation.explicitFail, String(argv['reason']))]),
};
