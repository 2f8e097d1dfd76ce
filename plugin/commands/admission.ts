import { AdmissionLevel, Annotation } from '../../shared/annotations.js';
import { addMark } from '../../shared/marks.js';
import type { CommandImplementation } from '../command.js';
import { runMarks, workspaceIdOf } from '../mutation.js';

/** The words users type, mapped to the annotation values. */
export const ADMISSION_CHOICES = { owner: AdmissionLevel.ownerOnly, everyone: AdmissionLevel.everyone } as const;
export type AdmissionChoice = keyof typeof ADMISSION_CHOICES;

export const admission: CommandImplementation = {
  run: (argv, ctx) => {
    const level = ADMISSION_CHOICES[String(argv['level']) as AdmissionChoice];
    return runMarks(argv, ctx, workspaceIdOf(argv), [addMark(Annotation.admission, level)]);
  },
};
