// Every write records an events.k8s.io/v1 Event regarding the workspace pod; `get` shows it; a write by an identity
// that may not create Events still succeeds, with one warning line.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { kubectlOk, runKubectl } from '../../support/cluster.js';
import { OWNER_TOKEN, pluginTestBedFor, ws, wsOk } from '../../support/plugin.js';

interface EventItem {
  readonly reason: string;
  readonly type: string;
  readonly action: string;
  readonly note: string;
  readonly reportingController: string;
  readonly reportingInstance: string;
  readonly eventTime: string;
  readonly regarding: { readonly kind: string; readonly name: string; readonly uid: string };
}

describe('write Events (built plugin, real kubectl, real API server)', function () {
  const bed = pluginTestBedFor(
    'events',
    ['alpha', 'beta', 'gamma'].map((id) => ({ id })),
  );

  const eventsOf = async (pod: string): Promise<EventItem[]> =>
    (
      JSON.parse(
        await kubectlOk(bed.cp, ['get', 'events.events.k8s.io', '-n', bed.ns, '--field-selector', `regarding.name=${pod}`, '-o', 'json']),
      ) as { items: EventItem[] }
    ).items;

  it('should record a Warning WorkspaceFailed Event after fail, found by kubectl and shown by get', async () => {
    await wsOk(bed.cp, ['fail', 'alpha', 'task exited with code 1', '-n', bed.ns]);
    const events = await eventsOf('ws-alpha');
    assert.equal(events.length, 1);
    const e = events[0] as EventItem;
    assert.equal(e.reason, 'WorkspaceFailed');
    assert.equal(e.type, 'Warning');
    assert.equal(e.action, 'Fail');
    assert.equal(e.reportingController, 'workspace.gitpod.io/kubectl-workspace');
    assert.match(e.reportingInstance, /^kubectl-workspace/);
    assert.match(e.eventTime, /\.\d{6}Z$/);
    assert.equal(e.regarding.kind, 'Pod');
    assert.match(e.note, /gitpod\/explicitFail="task exited with code 1"/);
    const text = await wsOk(bed.cp, ['get', 'alpha', '-n', bed.ns]);
    assert.match(text, /^Events:\n {2}Type +Reason +Age +From +Message\n/m);
    assert.match(
      text,
      /^ {2}Warning +WorkspaceFailed +\S+ +workspace\.gitpod\.io\/kubectl-workspace, kubectl-workspace\S* +set gitpod\/explicitFail="task exited with code 1"/m,
    );
  });

  it('should show Events of other reporters too (core/v1 events are the same objects)', async () => {
    await kubectlOk(bed.cp, ['create', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'ws-alpha.scheduled', namespace: bed.ns },
        involvedObject: { kind: 'Pod', name: 'ws-alpha', namespace: bed.ns },
        reason: 'Scheduled',
        message: 'Successfully assigned',
        type: 'Normal',
        source: { component: 'default-scheduler' },
        firstTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        lastTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        count: 1,
      }),
    });
    assert.match(
      await wsOk(bed.cp, ['get', 'alpha', '-n', bed.ns]),
      /^ {2}Normal +Scheduled +\S+ +default-scheduler +Successfully assigned$/m,
    );
  });

  it('should record one Event per write command, Normal except for fail and time-out, none for dry runs or no-ops', async () => {
    const writes: [string[], string, string][] = [
      [['close', 'beta'], 'WorkspaceClosed', 'Normal'],
      [['reopen', 'beta'], 'WorkspaceReopened', 'Normal'],
      [['timeout', 'beta', '30m'], 'WorkspaceTimeoutChanged', 'Normal'],
      [['time-out', 'beta', 'idle'], 'WorkspaceTimedOut', 'Warning'],
      [['ready', 'beta'], 'WorkspaceReady', 'Normal'],
      [['admission', 'beta', 'everyone'], 'WorkspaceAdmissionChanged', 'Normal'],
      [['mark', 'beta', 'gitpod/ownerToken=rotated-secret-value'], 'WorkspaceMarked', 'Normal'],
      [['plis', 'patch', 'beta', '--host-ip', '10.1.2.3'], 'WorkspacePlisPatched', 'Normal'],
    ];
    for (const [args] of writes) await wsOk(bed.cp, [...args, '-n', bed.ns]);
    await wsOk(bed.cp, ['close', 'beta', '-n', bed.ns, '--dry-run=server']);
    await wsOk(bed.cp, ['close', 'beta', '-n', bed.ns, '--dry-run=client']);
    await wsOk(bed.cp, ['ready', 'beta', '-n', bed.ns]);
    const events = await eventsOf('ws-beta');
    assert.deepEqual(events.map((e) => [e.reason, e.type]).sort(), writes.map(([, r, t]) => [r, t]).sort());
    for (const e of events) {
      assert.equal(e.note.includes('rotated-secret-value'), false, e.note);
      assert.equal(e.note.includes(OWNER_TOKEN), false, e.note);
    }
    assert.match(events.find((e) => e.reason === 'WorkspacePlisPatched')?.note ?? '', /hostIP="10\.1\.2\.3"/);
  });

  it('should succeed with one warning line when the identity may patch pods but not create Events', async () => {
    const role = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'Role',
          metadata: { name: 'patch-only', namespace: bed.ns },
          rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'patch'] }],
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: 'patch-only', namespace: bed.ns },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'patch-only' },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'workspace-user' }],
        },
      ],
    };
    await kubectlOk(bed.cp, ['apply', '-f', '-'], { input: JSON.stringify(role) });
    for (let i = 0; i < 60; i++) {
      if (
        (
          await runKubectl(bed.cp, ['auth', 'can-i', 'patch', 'pods', '-n', bed.ns], { kubeconfig: bed.cp.userKubeconfigPath })
        ).stdout.trim() === 'yes'
      )
        break;
      await sleep(250);
    }
    const r = await ws(bed.cp, ['fail', 'gamma', 'no events for me', '-n', bed.ns], { kubeconfig: bed.cp.userKubeconfigPath });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^pod\/ws-gamma marked: \+gitpod\/explicitFail \+gitpod\/failedBeforeStopping\n$/);
    assert.match(
      r.stderr,
      /^Warning: the write succeeded but its Event was not recorded: from server \(Forbidden\): .*cannot create resource "events" in API group "events\.k8s\.io"[^\n]*\n$/,
    );
    assert.deepEqual(await eventsOf('ws-gamma'), []);
    const pod = JSON.parse(await kubectlOk(bed.cp, ['get', 'pod', 'ws-gamma', '-n', bed.ns, '-o', 'json'])) as {
      metadata: { annotations: Record<string, string> };
    };
    assert.equal(pod.metadata.annotations['gitpod/explicitFail'], 'no events for me');
  });
});
