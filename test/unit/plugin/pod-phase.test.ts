import assert from 'node:assert/strict';
import { displayPhase } from '../../../plugin/pod-phase.js';

describe('displayPhase', () => {
  const cases: [string, object, string][] = [
    ['the phase of a pod', { status: { phase: 'Running' } }, 'Running'],
    ['Unknown for a pod without status', {}, 'Unknown'],
    [
      'Terminating for a pod being deleted, whatever its phase',
      { metadata: { deletionTimestamp: '2026-12-01T07:00:00Z' }, status: { phase: 'Pending' } },
      'Terminating',
    ],
    [
      'Unknown for a pod being deleted on a lost node',
      { metadata: { deletionTimestamp: '2026-12-01T07:00:00Z' }, status: { phase: 'Running', reason: 'NodeLost' } },
      'Unknown',
    ],
  ];
  for (const [name, pod, phase] of cases) it(`should show ${name}`, () => assert.equal(displayPhase(pod), phase));
});
