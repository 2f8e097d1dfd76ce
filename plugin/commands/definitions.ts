// Every command of `kubectl workspace` as typed data: flags, positionals and usage checks. yargs and the fast parser
// are both built from these (through the table in index.ts); each implementation takes its argument types from here.
import { defineCommand, type OptionSpecs, type PositionalName, type PositionalSpec } from '../command-spec.js';
import { OutputFormat, SECRET_OPTIONS, WORKSPACE_ID, WRITE_OPTIONS, outputOption } from '../flags.js';
import { SORT_OPTION, WATCH_OPTIONS, outputCheck, templateOutputOptions } from '../output-flags.js';

const JSON_YAML = outputOption([OutputFormat.json, OutputFormat.yaml]);
const READ_OPTIONS = { ...JSON_YAML, ...SECRET_OPTIONS } as const satisfies OptionSpecs;

const PLIS_PATCH_FLAGS = ['final-backup-complete', 'final-backup-failure', 'stopping-since', 'host-ip'] as const;

/** The annotation a mark argument names (`name=value` or `name-`). */
function markName(mark: string): string {
  const eq = mark.indexOf('=');
  return eq !== -1 ? mark.slice(0, eq) : mark.endsWith('-') ? mark.slice(0, -1) : mark;
}

/** A command that writes on one workspace: its positionals (`<id>` first) and the flags of every write. */
function workspaceWrite<const S extends string, const P extends Partial<Record<PositionalName<S>, PositionalSpec>>>(
  command: S,
  describe: string,
  positionals: P,
) {
  return defineCommand({ command, describe, positionals, options: WRITE_OPTIONS });
}

/** The words users type for `admission`, in the order help lists them; the implementation maps them to annotation values. */
export const ADMISSION_WORDS = ['owner', 'everyone'] as const;

export const list = defineCommand({
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
});

export const get = defineCommand({
  command: 'get <id>',
  describe: 'Show a workspace: pod phase, decoded annotations (secrets redacted) and its PLIS',
  positionals: { id: WORKSPACE_ID },
  options: { ...templateOutputOptions([OutputFormat.json, OutputFormat.yaml]), ...SECRET_OPTIONS, ...WATCH_OPTIONS },
  check: outputCheck([OutputFormat.json, OutputFormat.yaml]),
});

export const mark = defineCommand({
  command: 'mark <id> <marks..>',
  describe: 'Add (name=value) or delete (name-) annotations of a workspace pod in one write',
  positionals: { id: WORKSPACE_ID, marks: { describe: 'name=value adds or changes, name- deletes' } },
  options: WRITE_OPTIONS,
  examples: [['$0 mark abc gitpod/closed=true gitpod/never-ready-', 'close workspace abc and mark it ready']],
});

export const fail = workspaceWrite(
  'fail <id> <reason>',
  'Mark a workspace as failed (gitpod/explicitFail, with gitpod/failedBeforeStopping)',
  { id: WORKSPACE_ID, reason: { describe: 'Why the workspace failed' } },
);

export const timeout = defineCommand({
  command: 'timeout <id> [duration]',
  describe: 'Set the custom timeout of a workspace (Go duration: 30m, 1h30m) or --clear it',
  positionals: { id: WORKSPACE_ID, duration: { describe: 'Go duration such as 30m, 1h30m, 1.5h' } },
  options: { ...WRITE_OPTIONS, clear: { type: 'boolean', default: false, describe: 'Delete the custom timeout' } },
  check: (argv) => ((argv.duration !== undefined) === argv.clear ? 'give either a duration or --clear' : undefined),
});

export const close = workspaceWrite('close <id>', 'Mark a workspace as closed (it times out after a short afterClose period)', {
  id: WORKSPACE_ID,
});

export const reopen = workspaceWrite('reopen <id>', 'Remove the closed mark of a workspace', { id: WORKSPACE_ID });

export const timeOut = workspaceWrite('time-out <id> <reason>', 'Mark a workspace as timed out (gitpod/timedout) with a reason', {
  id: WORKSPACE_ID,
  reason: { describe: 'Why the workspace timed out' },
});

export const ready = workspaceWrite('ready <id>', 'Record that a workspace has been ready (deletes gitpod/never-ready)', {
  id: WORKSPACE_ID,
});

export const admission = workspaceWrite(
  'admission <id> <level>',
  'Choose who may open the workspace: its owner only, or everyone with the URL',
  { id: WORKSPACE_ID, level: { choices: ADMISSION_WORDS, describe: 'owner or everyone' } },
);

export const plisGet = defineCommand({
  command: 'get <id>',
  describe: 'Show the pod lifecycle independent state (PLIS) of a workspace',
  positionals: { id: WORKSPACE_ID },
  options: READ_OPTIONS,
});

export const plisPatch = defineCommand({
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
  // What makes a `plis patch` command line unusable, before anything is read.
  check: (argv) => {
    const fields = PLIS_PATCH_FLAGS.filter((f) => argv[f] !== undefined);
    if (argv['final-backup-complete'] === false) {
      return 'a PLIS patch only sets fields, so --no-final-backup-complete cannot clear finalBackupComplete; to clear a field, write the whole document with the mark gitpod/plis=\'{…}\' (start from "kubectl workspace plis get <id> -o json")';
    }
    if (argv.marks.length === 0 && fields.length === 0) {
      return `nothing to patch: give at least one of ${PLIS_PATCH_FLAGS.map((f) => `--${f}`).join(', ')} or an annotation mark`;
    }
    if (fields.length > 0 && argv.marks.some((m) => markName(m).toLowerCase() === 'gitpod/plis')) {
      return `${fields.map((f) => `--${f}`).join(', ')} cannot be combined with a gitpod/plis mark, which replaces or deletes the whole document the flags patch; give either the flags or the mark`;
    }
    return undefined;
  },
});

export const doctor = defineCommand({
  command: 'doctor',
  describe: 'Check the cluster: reachable, RBAC for every command, and the explicitFail invariant enforced by admission',
  options: { workspace: { type: 'string', describe: 'Workspace id to try the dry-run patch on (default: the first one found)' } },
});

export const version = defineCommand({
  command: 'version',
  describe: 'Print the client version and the version of the API server',
  options: { ...JSON_YAML, client: { type: 'boolean', default: false, describe: 'Client version only (no server needed)' } },
});
