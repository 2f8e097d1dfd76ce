// The decisions of `doctor`, apart from the API calls: what access is needed and how results read.
import { Annotation } from '../shared/annotations.js';

export const CheckStatus = { ok: 'OK', fail: 'FAIL', notEnforced: 'NOT ENFORCED' } as const;
export type CheckStatus = (typeof CheckStatus)[keyof typeof CheckStatus];

export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly hint?: string;
}

export interface AccessNeed {
  readonly verb: string;
  readonly resource: string;
  readonly why: string;
}

/** Every API verb the plugin uses, in the namespace it works in. */
export const REQUIRED_ACCESS: readonly AccessNeed[] = [
  { verb: 'list', resource: 'pods', why: 'list, get and find workspaces' },
  { verb: 'get', resource: 'pods', why: 'read a workspace pod' },
  { verb: 'patch', resource: 'pods', why: 'mark, fail, timeout, close, reopen, time-out, ready, admission' },
  { verb: 'get', resource: 'configmaps', why: 'plis get, plis patch' },
  { verb: 'update', resource: 'configmaps', why: 'plis patch' },
];

export function accessCheck(need: AccessNeed, namespace: string, allowed: boolean, reason: string | undefined): CheckResult {
  const name = `can ${need.verb} ${need.resource} in ${namespace}`;
  if (allowed) return { name, status: CheckStatus.ok, detail: `needed to ${need.why}` };
  return {
    name,
    status: CheckStatus.fail,
    detail: `denied${reason === undefined || reason === '' ? '' : ` (${reason})`}; needed to ${need.why}`,
    hint: `ask an administrator for a Role granting ${need.verb} on ${need.resource} (the chart can create one for plugin users)`,
  };
}

/** The dry-run patch: adds explicitFail and removes failedBeforeStopping, so only admission can put it back. */
export function invariantProbePatch(): { metadata: { annotations: Record<string, string | null> } } {
  return {
    metadata: {
      annotations: { [Annotation.explicitFail]: 'kubectl-workspace doctor probe (dry run)', [Annotation.failedBeforeStopping]: null },
    },
  };
}

const INSTALL_HINT =
  'install the chart from charts/ (webhook mode, or policy mode with a MutatingAdmissionPolicy on Kubernetes >= 1.36) ' +
  'so every writer that sets gitpod/explicitFail also gets gitpod/failedBeforeStopping: "true"; ' +
  'if it is installed in webhook mode with failurePolicy Ignore, the webhook is not answering: check its pods and Service';

/** Why the dry-run probe itself failed, from the server's answer: access, an unreachable webhook, or something else. */
export function probeFailureHint(err: unknown): string | undefined {
  const message = err instanceof Error ? err.message : String(err);
  if ((err as { statusCode?: unknown } | undefined)?.statusCode === 403) return 'the dry run needs patch access on pods';
  const webhook = /failed calling webhook "([^"]+)"/.exec(message)?.[1];
  if (webhook !== undefined) {
    return (
      `the webhook ${webhook} is registered but not answering: check its pods, Service and certificate; ` +
      'with failurePolicy Fail, writes that set gitpod/explicitFail are refused until it answers'
    );
  }
  return undefined;
}

export function invariantCheck(target: string, returned: Readonly<Record<string, string>> | undefined): CheckResult {
  const name = 'explicitFail implies failedBeforeStopping';
  if (returned?.[Annotation.failedBeforeStopping] === 'true') {
    return { name, status: CheckStatus.ok, detail: `a server-side dry run on ${target} came back with failedBeforeStopping="true"` };
  }
  return {
    name,
    status: CheckStatus.notEnforced,
    detail: `a server-side dry run on ${target} came back without failedBeforeStopping="true": no webhook or policy mutated it`,
    hint: INSTALL_HINT,
  };
}

export function failedCheck(name: string, err: unknown, hint?: string): CheckResult {
  return {
    name,
    status: CheckStatus.fail,
    detail: err instanceof Error ? err.message : String(err),
    ...(hint === undefined ? {} : { hint }),
  };
}

export function formatReport(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.status.length));
  return (
    results
      .map((r) => {
        const head = `[${r.status}]`.padEnd(width + 2) + ` ${r.name}: ${r.detail}`;
        return r.hint === undefined ? head : `${head}\n${' '.repeat(width + 3)}hint: ${r.hint}`;
      })
      .join('\n') + '\n'
  );
}

export function reportFailed(results: readonly CheckResult[]): boolean {
  return results.some((r) => r.status !== CheckStatus.ok);
}
