import { Annotation } from '../../shared/annotations.js';
import { addMark, deleteMark } from '../../shared/marks.js';
import type { CommandImplementation } from '../command.js';
import { runMarks, workspaceIdOf } from '../mutation.js';

export const close: CommandImplementation = {
  run: (argv, ctx) => runMarks(argv, ctx, workspaceIdOf(argv), [addMark(Annotation.closed, 'true')]),
};

export const reopen: CommandImplementation = {
  run: (argv, ctx) => runMarks(argv, ctx, workspaceIdOf(argv), [deleteMark(Annotation.closed)]),
};
