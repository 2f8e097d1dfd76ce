import { Annotation } from '../../shared/annotations.js';
import { deleteMark } from '../../shared/marks.js';
import type { CommandSpec } from '../command.js';
import { withWorkspaceId, withWrite } from '../flags.js';
import { runMarks, workspaceIdOf } from '../mutation.js';

export const readyCommand: CommandSpec = {
  command: 'ready <id>',
  describe: 'Record that a workspace has been ready (deletes gitpod/never-ready)',
  builder: (y) => withWrite(withWorkspaceId(y)),
  run: (argv, ctx) => runMarks(argv, ctx, workspaceIdOf(argv), [deleteMark(Annotation.neverReady)]),
};
