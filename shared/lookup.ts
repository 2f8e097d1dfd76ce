// Finding the one pod of a workspace by its label.
import { AmbiguousWorkspaceError, InvalidValueError, WorkspaceNotFoundError } from './errors.js';

export interface PodLike {
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
}

/** The label that identifies a workspace's pod (the pod name is only a convention). */
export const WORKSPACE_ID_LABEL = 'workspaceID';

const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE_MAX = 63;

export function workspaceSelector(id: string): string {
  return `${WORKSPACE_ID_LABEL}=${id}`;
}

/** Throws InvalidValueError unless `id` can be a label value (and so cannot smuggle anything into a selector or name). */
export function validateWorkspaceId(id: string): void {
  if (id.length === 0 || id.length > LABEL_VALUE_MAX || !LABEL_VALUE.test(id)) {
    throw new InvalidValueError(
      'workspace id',
      id,
      `1-${LABEL_VALUE_MAX} ASCII letters, digits, "-", "_" or ".", starting and ending with a letter or digit (a label value)`,
      { hint: 'copy the id from "kubectl workspace list"' },
    );
  }
}

/** The single pod among those listed with workspaceSelector(id); throws when there are none or several. */
export function selectWorkspacePod<P extends PodLike>(pods: readonly P[], id: string, namespace: string): P {
  const [first, ...rest] = pods;
  if (first === undefined) throw new WorkspaceNotFoundError(id, namespace);
  if (rest.length > 0) {
    const names = pods.map((p) => p.metadata?.name ?? '<unnamed>').sort();
    throw new AmbiguousWorkspaceError(id, names);
  }
  return first;
}
