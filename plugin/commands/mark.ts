import { parseMarkArgument } from '../../shared/marks.js';
import type { CommandImplementation } from '../command.js';
import { runMarks, workspaceIdOf } from '../mutation.js';

export const mark: CommandImplementation = {
  run: (argv, ctx) => {
    const marks = ((argv['marks'] as unknown[] | undefined) ?? []).map((m) => parseMarkArgument(String(m)));
    return runMarks(argv, ctx, workspaceIdOf(argv), marks);
  },
};
