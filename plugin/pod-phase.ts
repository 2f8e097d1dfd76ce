// The phase column as kubectl prints it: a pod being deleted shows Terminating whatever its phase.
import type { Pod } from '../shared/kube/workspaces.js';

export function displayPhase(pod: Pod): string {
  if (pod.metadata?.['deletionTimestamp'] !== undefined && pod.metadata['deletionTimestamp'] !== null) {
    // kubectl's printer: a pod on a lost node that is being deleted is Unknown, not Terminating.
    return pod.status?.['reason'] === 'NodeLost' ? 'Unknown' : 'Terminating';
  }
  return pod.status?.phase ?? 'Unknown';
}
