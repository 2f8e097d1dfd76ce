import assert from 'node:assert/strict';
import { WRITE_EVENTS, buildWriteEvent, describeEvents, eventNote, microTime } from '../../../plugin/events.js';

const regarding = { apiVersion: 'v1', kind: 'Pod', namespace: 'ns', name: 'ws-a', uid: 'u-1' };

describe('eventNote', () => {
  it('should say what was set and deleted, with the reason given', () => {
    assert.equal(
      eventNote({ changed: ['gitpod/explicitFail', 'gitpod/never-ready'], after: { 'gitpod/explicitFail': 'task exited' } }),
      'set gitpod/explicitFail="task exited", deleted gitpod/never-ready',
    );
  });
  it('should never carry the owner token', () => {
    const note = eventNote({ changed: ['gitpod/ownerToken'], after: { 'gitpod/ownerToken': 'tok-secret-123' } });
    assert.equal(note.includes('tok-secret-123'), false);
    assert.match(note, /<redacted>/);
  });
  it('should stay within 1 KiB', () => {
    const note = eventNote({ changed: ['gitpod/explicitFail'], after: { 'gitpod/explicitFail': 'é'.repeat(5000) } });
    assert.ok(Buffer.byteLength(note) <= 1024, `${Buffer.byteLength(note)} bytes`);
  });
});

describe('buildWriteEvent', () => {
  it('should build an events.k8s.io/v1 Event with type Warning for fail and time-out, Normal otherwise', () => {
    const e = buildWriteEvent(
      'fail',
      { written: true, regarding, changed: ['gitpod/explicitFail'], after: { 'gitpod/explicitFail': 'x' } },
      Date.UTC(2026, 0, 2, 3, 4, 5, 678),
      'kubectl-workspace@host',
    );
    assert.equal(e.apiVersion, 'events.k8s.io/v1');
    assert.equal(e.reportingController, 'workspace.gitpod.io/kubectl-workspace');
    assert.equal(e.reportingInstance, 'kubectl-workspace@host');
    assert.equal(e.action, 'Fail');
    assert.equal(e.reason, 'WorkspaceFailed');
    assert.equal(e.type, 'Warning');
    assert.equal(e.eventTime, '2026-01-02T03:04:05.678000Z');
    assert.deepEqual(e.regarding, regarding);
    assert.match(e.metadata?.name ?? '', /^ws-a\.[0-9a-f]+$/);
    for (const [command, spec] of Object.entries(WRITE_EVENTS)) {
      assert.equal(spec.type, command === 'fail' || command === 'time-out' ? 'Warning' : 'Normal', command);
      assert.match(spec.reason, /^[A-Z][A-Za-z]+$/, command);
    }
  });
  it('should format eventTime with microseconds', () => assert.equal(microTime(0), '1970-01-01T00:00:00.000000Z'));
});

describe('describeEvents', () => {
  it('should print Type, Reason, Age, From and Message oldest first, as kubectl describe', () => {
    const now = Date.parse('2026-01-01T00:01:00Z');
    const text = describeEvents(
      [
        {
          type: 'Warning',
          reason: 'WorkspaceFailed',
          eventTime: '2026-01-01T00:00:50.000000Z',
          reportingController: 'workspace.gitpod.io/kubectl-workspace',
          reportingInstance: 'h',
          note: 'set x',
        },
        {
          type: 'Normal',
          reason: 'Scheduled',
          deprecatedFirstTimestamp: '2026-01-01T00:00:00Z',
          deprecatedSource: { component: 'default-scheduler' },
          note: 'assigned',
        },
      ],
      now,
    );
    assert.deepEqual(text.split('\n'), [
      'Events:',
      '  Type     Reason           Age   From                                      Message',
      '  ----     ------           ----  ----                                      -------',
      '  Normal   Scheduled        60s   default-scheduler                         assigned',
      '  Warning  WorkspaceFailed  10s   workspace.gitpod.io/kubectl-workspace, h  set x',
      '',
    ]);
    assert.equal(describeEvents([], now), 'Events:       <none>\n');
  });
});
