import { AdmissionLevel, Annotation } from '../../shared/annotations.js';
import { addMark } from '../../shared/marks.js';
import type { CommandSpec } from '../command.js';
import { withWorkspaceId, withWrite } from '../flags.js';
import { runMarks, workspaceIdOf } from '../mutation.js';

/** The words users type, mapped to the annotation values. */
export const ADMISSION_CHOICES = { owner: AdmissionLevel.ownerOnly, everyone: AdmissionLevel.everyone } as const;
export type AdmissionChoice = keyof typeof ADMISSION_CHOICES;

export const admissionCommand: CommandSpec = {
  command: 'admission <id> <level>',
  describe: 'Choose who may open the workspace: its owner only, or everyone with the URL',
  builder: (y) =>
    withWrite(withWorkspaceId(y)).positional('level', {
      type: 'string',
      choices: Object.keys(ADMISSION_CHOICES),
      describe: 'owner or everyone',
    }),
  run: (argv, ctx) => {
    const level = ADMISSION_CHOICES[String(argv['level']) as AdmissionChoice];
    return runMarks(argv, ctx, workspaceIdOf(argv), [addMark(Annotation.admission, level)]);
  },
};
