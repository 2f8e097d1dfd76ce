import assert from 'node:assert/strict';
import { ListPrinter, type ListPrinterOptions } from '../../../../plugin/output/list-printer.js';
import type { Pod } from '../../../../shared/kube/workspaces.js';
import { samplePod } from '../../../../cluster/samples.js';

const NOW = Date.parse('2026-12-02T12:00:00Z');

function printer(output: string | undefined, sortBy?: string): ListPrinter {
  const options: ListPrinterOptions = {
    output,
    noHeaders: false,
    allowMissingKeys: false,
    sortBy,
    allNamespaces: false,
    redact: { showSecrets: false, showLarge: false },
    now: () => NOW,
  };
  return new ListPrinter(options);
}

// Server order differs from name order, so a format that sorted would give itself away.
const PODS: readonly Pod[] = ['c3', 'a1', 'b2'].map(
  (id, i) =>
    samplePod({ id, namespace: 'team', annotations: { 'gitpod/ownerToken': `secret-${i}`, 'gitpod/explicitFail': `reason ${i}` } }) as Pod,
);

describe('ListPrinter: the current state of a watch, object by object', () => {
  const streamable = [
    'json',
    'yaml',
    'name',
    'jsonpath={.metadata.name}{"\\n"}',
    'custom-columns=ID:.metadata.labels.workspaceID,POD:.metadata.name',
  ];
  for (const output of streamable) {
    it(`should print -o ${output} object by object exactly as the whole list at once`, () => {
      const whole = printer(output).initial(PODS);
      const each = printer(output);
      assert.equal(each.printsInitialByObject, true);
      assert.equal(PODS.map((p) => each.initialObject(p)).join(''), whole);
      assert.ok(!whole.includes('secret-'), 'the owner token is redacted');
    });
  }

  it('should keep the table and --sort-by whole: their output depends on every object', () => {
    assert.equal(printer(undefined).printsInitialByObject, false);
    assert.equal(printer('wide').printsInitialByObject, false);
    assert.equal(printer('json', '.metadata.name').printsInitialByObject, false);
    const sorted = printer('name', '.metadata.name').initial(PODS);
    const names = sorted.trim().split('\n');
    assert.deepEqual(names, [...names].sort(), 'sorted by name');
    assert.notEqual(
      PODS.map((p) => printer('name').initialObject(p)).join(''),
      sorted,
      'server order differs from the sorted order, so sorting cannot be done object by object',
    );
  });
});
