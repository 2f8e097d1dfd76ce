import { Annotation } from '../../shared/annotations.js';
import { addMark } from '../../shared/marks.js';
import type { Implementation } from '../command.js';
import type * as defined from './definitions.js';
import { runMarks } from '../mutation.js';

export const fail: Implementation<typeof defined.fail> = {
  run: (argv, ctx) => runMarks(argv, ctx, [addMark(Annotation.explicitFail, argv.reason)]),
};
