// Every command of `kubectl workspace` as data, in the order help lists them. yargs and the fast parser are both
// built from this table; each implementation is imported only when its command runs.
import type { CommandSpec, OptionSpecs } from '../command.js';
import { OutputFormat, SECRET_OPTIONS, WORKSPACE_ID, WRITE_OPTIONS, outputOption, type CommandArgs } from '../flags.js';
import type { AdmissionChoice } from './admission.js';
import { SORT_OPTION, WATCH_OPTIONS, outputCheck, templateOutputOptions } from '../output-flags.js';

const JSON_YAML = outputOption([OutputFormat.json, OutputFormat.yaml]);
const READ_OPTIONS: OptionSpecs = { ...JSON_YAML, ...SECRET_OPTIONS };

const PLIS_PATCH_FLAGS = ['final-backup-complete', 'final-backup-failure', 'stopping-since', 'host-ip'] as const;

function marksOf(argv: CommandArgs): readonly unknown[] {
  return (argv['marks'] as unknown[] | undefined) ?? [];
}

/** The annotation a mark argument names (`name=value` or `name-`). */
function markName(mark: unknown): string {
  const text = String(mark);
  const eq = text.indexOf('=');
  return eq !== -1 ? text.slice(0, eq) : text.endsWith('-') ? text.slice(0, -1) : text;
}

/** What makes a `plis patch` command line unusable, before anything is read. */
function plisPatchProblem(argv: CommandArgs): string | undefined {
  const fields = PLIS_PATCH_FLAGS.filter((f) => argv[f] !== undefined);
  if (argv['final-backup-complete'] === false) {
    return 'a PLIS patch only sets fields, so --no-final-backup-complete cannot clear finalBackupComplete; to clear a field, write the whole document with the mark gitpod/plis=\'{…}\' (start from "kubectl workspace plis get <id> -o json")';
  }
  if (marksOf(argv).length === 0 && fields.length === 0) {
    return `nothing to patch: give at least one of ${PLIS_PATCH_FLAGS.map((f) => `--${f}`).join(', ')} or an annotation mark`;
  }
  if (fields.length > 0 && marksOf(argv).some((m) => markName(m).toLowerCase() === 'gitpod/plis')) {
    return `${fields.map((f) => `--${f}`).join(', ')} cannot be combined with a gitpod/plis mark, which replaces or deletes the whole document the flags patch; give either the flags or the mark`;
  }
  return undefined;
}

const list: CommandSpec = {
  command: 'list',
  describe: 'List workspaces: id, pod, phase, age and lifecycle flags',
  options: {
    ...templateOutputOptions(Object.values(OutputFormat)),
    ...SECRET_OPTIONS,
    'all-namespaces': { type: 'boolean', alias: 'A', default: false, describe: 'List workspaces in all namespaces' },
    selector: { type: 'string', alias: 'l', describe: 'Extra label selector, e.g. workspaceType=prebuild' },
    ...SORT_OPTION,
    ...WATCH_OPTIONS,
  },
  check: outputCheck(Object.values(OutputFormat)),
  load: () => import('./list.js').then((m) => m.list),
};

const get: CommandSpec = {
  command: 'get <id>',
  describe: 'Show a workspace: pod phase, decoded annotations (secrets redacted) and its PLIS',
  positionals: { id: WORKSPACE_ID },
  options: { ...templateOutputOptions([OutputFormat.json, OutputFormat.yaml]), ...SECRET_OPTIONS, ...WATCH_OPTIONS },
  check: outputCheck([OutputFormat.json, OutputFormat.yaml]),
  load: () => import('./get.js').then((m) => m.get),
};

const mark: CommandSpec = {
  command: 'mark <id> <marks..>',
  describe: 'Add (name=value) or delete (name-) annotations of a workspace pod in one write',
  positionals: { id: WORKSPACE_ID, marks: { describe: 'name=value adds or changes, name- deletes' } },
  options: WRITE_OPTIONS,
  examples: [['$0 mark abc gitpod/closed=true gitpod/never-ready-', 'close workspace abc and mark it ready']],
  load: () => import('./mark.js').then((m) => m.mark),
};

const fail: CommandSpec = {
  command: 'fail <id> <reason>',
  describe: 'Mark a workspace as failed (gitpod/explicitFail, with gitpod/failedBeforeStopping)',
  positionals: { id: WORKSPACE_ID, reason: { describe: 'Why the workspace failed' } },
  options: WRITE_OPTIONS,
  load: () => import('./fail.js').then((m) => m.fail),
};

const timeout: CommandSpec = {
  command: 'timeout <id> [duration]',
  describe: 'Set the custom timeout of a workspace (Go duration: 30m, 1h30m) or --clear it',
  positionals: { id: WORKSPACE_ID, duration: { describe: 'Go duration such as 30m, 1h30m, 1.5h' } },
  options: { ...WRITE_OPTIONS, clear: { type: 'boolean', default: false, describe: 'Delete the custom timeout' } },
  check: (argv) => ((argv['duration'] !== undefined) === (argv['clear'] === true) ? 'give either a duration or --clear' : undefined),
  load: () => import('./timeout.js').then((m) => m.timeout),
};

const close: CommandSpec = {
  command: 'close <id>',
  describe: 'Mark a workspace as closed (it times out after a short afterClose period)',
  positionals: { id: WORKSPACE_ID },
  options: WRITE_OPTIONS,
  load: () => import('./close.js').then((m) => m.close),
};

const reopen: CommandSpec = {
  command: 'reopen <id>',
  describe: 'Remove the closed mark of a workspace',
  positionals: { id: WORKSPACE_ID },
  options: WRITE_OPTIONS,
  load: () => import('./close.js').then((m) => m.reopen),
};

const timeOut: CommandSpec = {
  command: 'time-out <id> <reason>',
  describe: 'Mark a workspace as timed out (gitpod/timedout) with a reason',
  positionals: { id: WORKSPACE_ID, reason: { describe: 'Why the workspace timed out' } },
  options: WRITE_OPTIONS,
  load: () => import('./time-out.js').then((m) => m.timeOut),
};

const ready: CommandSpec = {
  command: 'ready <id>',
  describe: 'Record that a workspace has been ready (deletes gitpod/never-ready)',
  positionals: { id: WORKSPACE_ID },
  options: WRITE_OPTIONS,
  load: () => import('./ready.js').then((m) => m.ready),
};

export const ADMISSION_WORDS = ['owner', 'everyone'] as const satisfies readonly AdmissionChoice[];

const admission: CommandSpec = {
  command: 'admission <id> <level>',
  describe: 'Choose who may open the workspace: its owner only, or everyone with the URL',
  positionals: { id: WORKSPACE_ID, level: { choices: ADMISSION_WORDS, describe: 'owner or everyone' } },
  options: WRITE_OPTIONS,
  load: () => import('./admission.js').then((m) => m.admission),
};

const plisGet: CommandSpec = {
  command: 'get <id>',
  describe: 'Show the pod lifecycle independent state (PLIS) of a workspace',
  positionals: { id: WORKSPACE_ID },
  options: READ_OPTIONS,
  load: () => import('./plis.js').then((m) => m.plisGet),
};

const plisPatch: CommandSpec = {
  command: 'patch <id> [marks..]',
  describe: 'Set PLIS fields (and optionally annotations of the PLIS ConfigMap) with conflict retries',
  positionals: { id: WORKSPACE_ID, marks: { describe: 'ConfigMap annotations: name=value adds, name- deletes' } },
  options: {
    ...WRITE_OPTIONS,
    'final-backup-complete': { type: 'boolean', describe: 'The final backup finished' },
    'final-backup-failure': { type: 'string', describe: 'The final backup failed with this message' },
    'stopping-since': { type: 'string', describe: '"now" or an RFC 3339 time the workspace began stopping' },
    'host-ip': { type: 'string', describe: 'IP of the node the pod ran on' },
  },
  check: plisPatchProblem,
  load: () => import('./plis.js').then((m) => m.plisPatch),
};

const plis: CommandSpec = {
  command: 'plis <command>',
  describe: 'Read or patch the pod lifecycle independent state (ConfigMap plis-<id>)',
  subcommands: [plisGet, plisPatch],
};

const doctor: CommandSpec = {
  command: 'doctor',
  describe: 'Check the cluster: reachable, RBAC for every command, and the explicitFail invariant enforced by admission',
  options: { workspace: { type: 'string', describe: 'Workspace id to try the dry-run patch on (default: the first one found)' } },
  load: () => import('./doctor.js').then((m) => m.doctor),
};

const version: CommandSpec = {
  command: 'version',
  describe: 'Print the client version and the version of the API server',
  options: { ...JSON_YAML, client: { type: 'boolean', default: false, describe: 'Client version only (no server needed)' } },
  load: () => import('./version.js').then((m) => m.version),
};

export const COMMANDS: readonly CommandSpec[] = [list, get, mark, fail, timeout, close, reopen, timeOut, ready, admission, plis, doctor, version];
