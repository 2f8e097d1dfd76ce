import assert from 'node:assert/strict';
import { dropManagedFields, PrintedState } from '../../../shared/watch-state.js';

const pod = (name: string, rv: string) => ({ metadata: { namespace: 'ns', name, resourceVersion: rv } });

describe('PrintedState', () => {
  it('should report a new object as ADDED and a new version as MODIFIED', () => {
    const s = new PrintedState();
    assert.equal(s.upsert(pod('a', '1'))?.type, 'ADDED');
    assert.equal(s.upsert(pod('a', '2'))?.type, 'MODIFIED');
  });
  it('should not report a version already printed (a watch resumed after a reconnect)', () => {
    const s = new PrintedState();
    s.upsert(pod('a', '1'));
    assert.equal(s.upsert(pod('a', '1')), undefined);
  });
  it('should report a deletion once, and none for an object never printed', () => {
    const s = new PrintedState();
    s.upsert(pod('a', '1'));
    assert.equal(s.remove(pod('a', '2'))?.type, 'DELETED');
    assert.equal(s.remove(pod('a', '2')), undefined);
    assert.equal(s.remove(pod('b', '3')), undefined);
  });
  it('should report, on a re-list, only changed objects and the deletions missed meanwhile', () => {
    const s = new PrintedState();
    s.upsert(pod('a', '1'));
    s.upsert(pod('b', '2'));
    s.upsert(pod('c', '3'));
    const changes = s.relist([pod('a', '1'), pod('b', '5'), pod('d', '6')]);
    assert.deepEqual(
      changes.map((c) => `${c.type} ${c.object.metadata?.name ?? ''}@${c.object.metadata?.resourceVersion ?? ''}`),
      ['MODIFIED b@5', 'ADDED d@6', 'DELETED c@3'],
    );
    assert.deepEqual(s.relist([pod('a', '1'), pod('b', '5'), pod('d', '6')]), []);
  });
});

describe('dropManagedFields', () => {
  it('should take managedFields out of the metadata and keep everything else', () => {
    const event = {
      kind: 'Pod',
      metadata: { name: 'a', resourceVersion: '7', annotations: { x: 'y' }, managedFields: [{ manager: 'kubectl' }] },
    };
    const kept = dropManagedFields(event);
    assert.equal(kept, event, 'the same object, changed in place');
    assert.deepEqual(kept, { kind: 'Pod', metadata: { name: 'a', resourceVersion: '7', annotations: { x: 'y' } } });
  });
  it('should leave an object without metadata as it is', () => {
    const status: { kind: string; metadata?: { name?: string } } = { kind: 'Status' };
    assert.deepEqual(dropManagedFields(status), { kind: 'Status' });
  });
});
