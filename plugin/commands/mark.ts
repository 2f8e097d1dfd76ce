import { parseMarkArgument } from '../../shared/marks.js';
import type { CommandSpec } from '../command.js';
import { withWorkspaceId, withWrite } from '../flags.js';
import { runMarks, workspaceIdOf } from '../mutation.js';

export const markCommand: CommandSpec = {
  command: 'mark <id> <marks..>',
  describe: 'Add (name=value) or delete (name-) annotations of a workspace pod in one write',
  builder: (y) =>
    withWrite(withWorkspaceId(y))
      .positional('marks', { type: 'string', array: true, describe: 'name=value adds or changes, name- deletes' })
      .example('$0 mark abc gitpod/closed=true gitpod/never-ready-', 'close workspace abc and mark it ready'),
  run: (argv, ctx) => {
    const marks = ((argv['marks'] as unknown[] | undefined) ?? []).map((m) => parseMarkArgument(String(m)));
    return runMarks(argv, ctx, workspaceIdOf(argv), marks);
  },
};
