import { AdmissionLevel, Annotation } from '../../shared/annotations.js';
import { addMark } from '../../shared/marks.js';
import type { Implementation } from '../command.js';
import type * as defined from './definitions.js';
import type { ADMISSION_WORDS } from './definitions.js';
import { runMarks } from '../mutation.js';

/** The words users type, mapped to the annotation values. */
export const ADMISSION_CHOICES = { owner: AdmissionLevel.ownerOnly, everyone: AdmissionLevel.everyone } as const satisfies Record<
  (typeof ADMISSION_WORDS)[number],
  AdmissionLevel
>;

export const admission: Implementation<typeof defined.admission> = {
  run: (argv, ctx) => runMarks(argv, ctx, [addMark(Annotation.admission, ADMISSION_CHOICES[argv.level])]),
};
