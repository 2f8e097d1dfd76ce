import assert from 'node:assert/strict';
import { AnnotationsTooLargeError, PlisParseError } from '../../../shared/errors.js';
import { addMark, deleteMark } from '../../../shared/marks.js';
import * as plis from '../../../shared/plis.js';
import { planPlisUpdate } from '../../../shared/plis.js';

const WHERE = 'default/plis-abc';

describe('planPlisUpdate', () => {
  it('should patch the document and keep the other annotations', () => {
    const current = { 'gitpod/id': 'abc', 'gitpod/plis': '{"hostIP":"10.0.0.1","future":1}' };
    const plan = planPlisUpdate(current, { finalBackupComplete: true }, [], WHERE);
    assert.equal(plan.changed, true);
    assert.deepEqual(plan.annotations, {
      'gitpod/id': 'abc',
      'gitpod/plis': '{"finalBackupComplete":true,"hostIP":"10.0.0.1","future":1}',
    });
  });

  it('should create the document when the annotation is missing', () => {
    const plan = planPlisUpdate({}, { hostIP: '10.0.0.7' }, [], WHERE);
    assert.deepEqual(plan.annotations, { 'gitpod/plis': '{"hostIP":"10.0.0.7"}' });
  });

  it('should apply marks in the same write', () => {
    const plan = planPlisUpdate(
      { 'gitpod/never-ready': 'true' },
      {},
      [deleteMark('gitpod/never-ready'), addMark('gitpod/timedout', 'idle')],
      WHERE,
    );
    assert.equal(plan.changed, true);
    assert.deepEqual(plan.annotations, { 'gitpod/timedout': 'idle' });
  });

  it('should report no change and leave the raw document as it was when nothing changes', () => {
    const raw = '{ "hostIP" : "10.0.0.1",  "future": 1.50 }';
    const current = { 'gitpod/plis': raw, 'gitpod/timedout': 'idle' };
    const plan = planPlisUpdate(current, { hostIP: '10.0.0.1', finalBackupComplete: false }, [addMark('gitpod/timedout', 'idle')], WHERE);
    assert.equal(plan.changed, false);
    assert.equal(plan.annotations['gitpod/plis'], raw);
  });

  it('should refuse an unparseable document and change nothing', () => {
    const current = Object.freeze({ 'gitpod/plis': '{oops' });
    assert.throws(
      () => planPlisUpdate(current, { finalBackupComplete: true }, [], WHERE),
      (err: unknown) => err instanceof PlisParseError && err.where === WHERE,
    );
    assert.deepEqual(current, { 'gitpod/plis': '{oops' });
  });

  it('should refuse a write whose annotations would exceed 256 KiB, naming the ConfigMap', () => {
    const big = { 'gitpod/snapshot': 'x'.repeat(plis.ANNOTATIONS_SIZE_LIMIT_BYTES - 100) };
    assert.throws(
      () => planPlisUpdate(big, { finalBackupFailure: 'y'.repeat(200) }, [], WHERE),
      (err: unknown) => err instanceof AnnotationsTooLargeError && err.message.includes(`ConfigMap ${WHERE}`),
    );
  });

  it('should not modify its input', () => {
    const current = { 'gitpod/plis': '{}' };
    planPlisUpdate(current, { finalBackupComplete: true }, [addMark('a', 'b')], WHERE);
    assert.deepEqual(current, { 'gitpod/plis': '{}' });
  });

  it('should keep unknown fields through a patch whose read-modify-write repeats', () => {
    let annotations: Record<string, string> = { 'gitpod/plis': '{"v2":{"n":12345678901234567890}}' };
    for (const patch of [{ hostIP: '10.0.0.1' }, { finalBackupComplete: true }, { stoppingSince: '2026-11-28T10:00:00Z' }]) {
      annotations = planPlisUpdate(annotations, patch, [], WHERE).annotations;
    }
    assert.equal(
      annotations['gitpod/plis'],
      '{"finalBackupComplete":true,"stoppingSince":"2026-11-28T10:00:00Z","hostIP":"10.0.0.1","v2":{"n":12345678901234567890}}',
    );
  });
});

describe('plis module re-exports', () => {
  it('should offer the codec, size and timestamp functions of the contract', () => {
    for (const name of [
      'decodePlis',
      'encodePlis',
      'applyPlisPatch',
      'plisConfigMapName',
      'annotationsSize',
      'checkAnnotationsSize',
      'formatRfc3339Nano',
      'parseRfc3339',
    ]) {
      assert.equal(typeof (plis as Record<string, unknown>)[name], 'function', name);
    }
  });
});
