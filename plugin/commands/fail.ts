import { Annotation } from '../../shared/annotations.js';
import { addMark } from '../../shared/marks.js';
import type { CommandSpec } from '../command.js';
import { withWorkspaceId, withWrite } from '../flags.js';
import { runMarks, workspaceIdOf } from '../mutation.js';

export const failCommand: CommandSpec = {
  command: 'fail <id> <reason>',
  describe: 'Mark a workspace as failed (gitpod/explicitFail, with gitpod/failedBeforeStopping)',
  builder: (y) => withWrite(withWorkspaceId(y)).positional('reason', { type: 'string', describe: 'Why the workspace failed' }),
  run: (argv, ctx) => runMarks(argv, ctx, workspaceIdOf(argv), [addMark(Annotation.explicitFail, String(argv['reason']))]),
};
