import { Annotation } from '../../shared/annotations.js';
import { deleteMark } from '../../shared/marks.js';
import type { Implementation } from '../command.js';
import type * as defined from './definitions.js';
import { runMarks } from '../mutation.js';

export const ready: Implementation<typeof defined.ready> = {
  run: (argv, ctx) => runMarks(argv, ctx, [deleteMark(Annotation.neverReady)]),
};
