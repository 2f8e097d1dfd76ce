import { Annotation } from '../../shared/annotations.js';
import { parseGoDuration } from '../../shared/duration.js';
import { addMark, deleteMark } from '../../shared/marks.js';
import type { CommandSpec } from '../command.js';
import { UsageError } from '../errors.js';
import { withWorkspaceId, withWrite } from '../flags.js';
import { runMarks, workspaceIdOf } from '../mutation.js';

export const timeoutCommand: CommandSpec = {
  command: 'timeout <id> [duration]',
  describe: 'Set the custom timeout of a workspace (Go duration: 30m, 1h30m) or --clear it',
  builder: (y) =>
    withWrite(withWorkspaceId(y))
      .positional('duration', { type: 'string', describe: 'Go duration such as 30m, 1h30m, 1.5h' })
      .option('clear', { type: 'boolean', default: false, describe: 'Delete the custom timeout' })
      .check((argv) => {
        const has = argv['duration'] !== undefined;
        if (has === (argv['clear'] === true)) throw new UsageError('give either a duration or --clear');
        return true;
      }),
  run: (argv, ctx) => {
    if (argv['clear'] === true) return runMarks(argv, ctx, workspaceIdOf(argv), [deleteMark(Annotation.customTimeout)]);
    const duration = String(argv['duration']);
    parseGoDuration(duration, Annotation.customTimeout);
    return runMarks(argv, ctx, workspaceIdOf(argv), [addMark(Annotation.customTimeout, duration)]);
  },
};
