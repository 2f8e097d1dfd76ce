import { WorkspaceToolError } from '../../shared/errors.js';
import type { KubeClient } from '../../shared/kube/rest.js';
import { PatchType } from '../../shared/kube/rest.js';
import { anyWorkspace, findWorkspace, getServerVersion, type Pod } from '../../shared/kube/workspaces.js';
import type { Implementation } from '../command.js';
import type * as defined from './definitions.js';
import {
  REQUIRED_ACCESS,
  CheckStatus,
  accessCheck,
  failedCheck,
  formatReport,
  invariantCheck,
  invariantProbePatch,
  probeFailureHint,
  reportFailed,
  type CheckResult,
} from '../doctor.js';

interface AccessReview {
  readonly status?: { readonly allowed?: boolean; readonly reason?: string };
}

async function checkAccess(client: KubeClient, namespace: string): Promise<CheckResult[]> {
  return Promise.all(
    REQUIRED_ACCESS.map(async (need) => {
      try {
        const review = await client.post<AccessReview>('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { namespace, verb: need.verb, resource: need.resource, group: '' } },
        });
        return accessCheck(need, namespace, review.status?.allowed === true, review.status?.reason);
      } catch (err) {
        return failedCheck(`can ${need.verb} ${need.resource} in ${namespace}`, err);
      }
    }),
  );
}

async function checkInvariant(client: KubeClient, namespace: string, workspaceId: string | undefined): Promise<CheckResult> {
  const name = 'explicitFail implies failedBeforeStopping';
  let pod: Pod | undefined;
  try {
    pod = workspaceId === undefined ? await anyWorkspace(client, namespace) : await findWorkspace(client, namespace, workspaceId);
  } catch (err) {
    return failedCheck(name, err);
  }
  if (pod === undefined) {
    return failedCheck(
      name,
      new Error(`no workspace pod in namespace ${namespace} to try a dry-run patch on`),
      'pass --workspace <id> or -n <namespace with workspaces>',
    );
  }
  const podName = pod.metadata?.name ?? '';
  try {
    const returned = await client.patch<Pod>(
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(podName)}`,
      invariantProbePatch(),
      PatchType.merge,
      { dryRun: 'All' },
    );
    return invariantCheck(`pod/${podName}`, returned.metadata?.annotations);
  } catch (err) {
    return failedCheck(name, err, probeFailureHint(err));
  }
}

export const doctor: Implementation<typeof defined.doctor> = {
  run: async (argv, ctx) => {
    const { client, connection } = await ctx.connect();
    const ns = connection.namespace;
    const results: CheckResult[] = [];
    try {
      const v = await getServerVersion(client);
      results.push({
        name: 'cluster reachable',
        status: CheckStatus.ok,
        detail: `${client.server} answered, version ${v.gitVersion ?? 'unknown'}`,
      });
    } catch (err) {
      results.push(failedCheck('cluster reachable', err, 'check --kubeconfig/--context and that the API server is running'));
    }
    if (results[0]?.status === CheckStatus.ok) {
      results.push(...(await checkAccess(client, ns)));
      results.push(await checkInvariant(client, ns, argv.workspace));
    }
    ctx.io.stdout.write(formatReport(results));
    if (reportFailed(results)) {
      const failed = results.filter((r) => r.status !== CheckStatus.ok).length;
      throw new WorkspaceToolError(`${failed} of ${results.length} checks did not pass`);
    }
  },
};
