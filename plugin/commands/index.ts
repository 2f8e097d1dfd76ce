// Every command of `kubectl workspace`, in the order help lists them: each definition bound to its implementation,
// which is imported only when its command runs. yargs and the fast parser are both built from this table.
import { bindCommand, commandGroup, type CommandSpec } from '../command.js';
import * as defined from './definitions.js';

export { ADMISSION_WORDS } from './definitions.js';

const plis = commandGroup('plis <command>', 'Read or patch the pod lifecycle independent state (ConfigMap plis-<id>)', [
  bindCommand(defined.plisGet, () => import('./plis.js').then((m) => m.plisGet)),
  bindCommand(defined.plisPatch, () => import('./plis.js').then((m) => m.plisPatch)),
]);

export const COMMANDS: readonly CommandSpec[] = [
  bindCommand(defined.list, () => import('./list.js').then((m) => m.list)),
  bindCommand(defined.get, () => import('./get.js').then((m) => m.get)),
  bindCommand(defined.mark, () => import('./mark.js').then((m) => m.mark)),
  bindCommand(defined.fail, () => import('./fail.js').then((m) => m.fail)),
  bindCommand(defined.timeout, () => import('./timeout.js').then((m) => m.timeout)),
  bindCommand(defined.close, () => import('./close.js').then((m) => m.close)),
  bindCommand(defined.reopen, () => import('./close.js').then((m) => m.reopen)),
  bindCommand(defined.timeOut, () => import('./time-out.js').then((m) => m.timeOut)),
  bindCommand(defined.ready, () => import('./ready.js').then((m) => m.ready)),
  bindCommand(defined.admission, () => import('./admission.js').then((m) => m.admission)),
  plis,
  bindCommand(defined.doctor, () => import('./doctor.js').then((m) => m.doctor)),
  bindCommand(defined.version, () => import('./version.js').then((m) => m.version)),
];
