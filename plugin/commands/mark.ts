import { parseMarkArgument } from '../../shared/marks.js';
import type { Implementation } from '../command.js';
import type * as defined from './definitions.js';
import { runMarks } from '../mutation.js';

export const mark: Implementation<typeof defined.mark> = {
  run: (argv, ctx) =>
    runMarks(
      argv,
      ctx,
      argv.marks.map((m) => parseMarkArgument(m)),
    ),
};
