import { Annotation } from '../../shared/annotations.js';
import { addMark, deleteMark } from '../../shared/marks.js';
import type { CommandSpec } from '../command.js';
import { withWorkspaceId, withWrite } from '../flags.js';
import { runMarks, workspaceIdOf } from '../mutation.js';

export const closeCommand: CommandSpec = {
  command: 'close <id>',
  describe: 'Mark a workspace as closed (it times out after a short afterClose period)',
  builder: (y) => withWrite(withWorkspaceId(y)),
  run: (argv, ctx) => runMarks(argv, ctx, workspaceIdOf(argv), [addMark(Annotation.closed, 'true')]),
};

export const reopenCommand: CommandSpec = {
  command: 'reopen <id>',
  describe: 'Remove the closed mark of a workspace',
  builder: (y) => withWrite(withWorkspaceId(y)),
  run: (argv, ctx) => runMarks(argv, ctx, workspaceIdOf(argv), [deleteMark(Annotation.closed)]),
};
