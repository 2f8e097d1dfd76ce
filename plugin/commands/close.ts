import { Annotation } from '../../shared/annotations.js';
import { addMark, deleteMark } from '../../shared/marks.js';
import type { Implementation } from '../command.js';
import type * as defined from './definitions.js';
import { runMarks } from '../mutation.js';

export const close: Implementation<typeof defined.close> = {
  run: (argv, ctx) => runMarks(argv, ctx, [addMark(Annotation.closed, 'true')]),
};

export const reopen: Implementation<typeof defined.reopen> = {
  run: (argv, ctx) => runMarks(argv, ctx, [deleteMark(Annotation.closed)]),
};
