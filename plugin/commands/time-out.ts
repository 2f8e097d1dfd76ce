import { Annotation } from '../../shared/annotations.js';
import { addMark } from '../../shared/marks.js';
import type { CommandSpec } from '../command.js';
import { withWorkspaceId, withWrite } from '../flags.js';
import { runMarks, workspaceIdOf } from '../mutation.js';

export const timeOutCommand: CommandSpec = {
  command: 'time-out <id> <reason>',
  describe: 'Mark a workspace as timed out (gitpod/timedout) with a reason',
  builder: (y) => withWrite(withWorkspaceId(y)).positional('reason', { type: 'string', describe: 'Why the workspace timed out' }),
  run: (argv, ctx) => runMarks(argv, ctx, workspaceIdOf(argv), [addMark(Annotation.timedOut, String(argv['reason']))]),
};
