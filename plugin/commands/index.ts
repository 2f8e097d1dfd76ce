// Every command of `kubectl workspace`, in the order help lists them.
import type { CommandSpec } from '../command.js';
import { admissionCommand } from './admission.js';
import { closeCommand, reopenCommand } from './close.js';
import { doctorCommand } from './doctor.js';
import { failCommand } from './fail.js';
import { getCommand } from './get.js';
import { listCommand } from './list.js';
import { markCommand } from './mark.js';
import { plisCommand } from './plis.js';
import { readyCommand } from './ready.js';
import { timeOutCommand } from './time-out.js';
import { timeoutCommand } from './timeout.js';
import { versionCommand } from './version.js';

export const COMMANDS: readonly CommandSpec[] = [
  listCommand,
  getCommand,
  markCommand,
  failCommand,
  timeoutCommand,
  closeCommand,
  reopenCommand,
  timeOutCommand,
  readyCommand,
  admissionCommand,
  plisCommand,
  doctorCommand,
  versionCommand,
];
