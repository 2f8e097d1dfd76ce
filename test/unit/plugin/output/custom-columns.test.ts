import assert from 'node:assert/strict';
import {
  ColumnSpecError,
  alignColumns,
  formatCustomColumns,
  parseColumnsFile,
  parseColumnsSpec,
  relaxedJsonPath,
} from '../../../../plugin/output/custom-columns.js';
import { quantityValue, sortObjects, SortFieldError } from '../../../../plugin/output/sort-by.js';
import type { Json } from '../../../../plugin/output/jsonpath.js';

const PODS: Json[] = [
  { metadata: { name: 'ws-b', labels: { z: '1', a: '2' } }, spec: { containers: [{ name: 'c1' }, { name: 'c2' }] } },
  { metadata: { name: 'ws-a' }, spec: { containers: [{ name: 'c3' }] } },
];

describe('relaxedJsonPath', () => {
  for (const [given, expected] of [
    ['metadata.name', '{.metadata.name}'],
    ['.metadata.name', '{.metadata.name}'],
    ['{metadata.name}', '{.metadata.name}'],
    ['{.metadata.name}', '{.metadata.name}'],
  ]) {
    it(`should turn ${given} into ${expected}`, () => assert.equal(relaxedJsonPath(given ?? ''), expected));
  }
  it('should refuse nested braces', () => assert.throws(() => relaxedJsonPath('{.a}{.b}'), ColumnSpecError));
});

describe('parseColumnsSpec and parseColumnsFile', () => {
  it('should read HEADER:PATH pairs', () => {
    assert.deepEqual(parseColumnsSpec('NAME:.metadata.name,C:spec.containers[*].name'), [
      { header: 'NAME', path: '{.metadata.name}' },
      { header: 'C', path: '{.spec.containers[*].name}' },
    ]);
  });
  it('should refuse a column without a colon and an empty spec', () => {
    assert.throws(() => parseColumnsSpec('NAME'), /expected <header>:<json-path-expr>/);
    assert.throws(() => parseColumnsSpec(''), /no custom columns given/);
  });
  it('should read the two-line file form and refuse a count mismatch', () => {
    assert.deepEqual(parseColumnsFile('NAME   PHASE\n.metadata.name .status.phase\n'), [
      { header: 'NAME', path: '{.metadata.name}' },
      { header: 'PHASE', path: '{.status.phase}' },
    ]);
    assert.throws(() => parseColumnsFile('A B\n.a\n'), /number of headers \(2\) and field specifications \(1\) don't match/);
  });
});

describe('formatCustomColumns', () => {
  it('should print one row per object, join several values with commas, <none> when missing, maps as Go prints them', () => {
    const text = formatCustomColumns(parseColumnsSpec('N:.metadata.name,C:.spec.containers[*].name,L:.metadata.labels'), PODS, false);
    assert.equal(text, 'N      C       L\nws-b   c1,c2   map[a:2 z:1]\nws-a   c3      <none>\n');
  });
  it('should leave the header out with --no-headers', () => {
    assert.equal(formatCustomColumns(parseColumnsSpec('N:.metadata.name'), PODS, true), 'ws-b\nws-a\n');
  });
  it('should pad every column to at least 6 characters, as kubectl tabwriter does', () => {
    assert.equal(
      alignColumns([
        ['A', 'B'],
        ['x', 'y'],
      ]),
      'A     B\nx     y\n',
    );
  });
});

describe('sortObjects', () => {
  it('should sort by a string field', () => {
    assert.deepEqual(
      sortObjects(PODS, '.metadata.name').map((p) => (p as { metadata: { name: string } }).metadata.name),
      ['ws-a', 'ws-b'],
    );
  });
  it('should put objects without the field first', () => {
    assert.deepEqual(
      sortObjects(PODS, '{.metadata.labels.z}').map((p) => (p as { metadata: { name: string } }).metadata.name),
      ['ws-a', 'ws-b'],
    );
  });
  it('should compare quantities by amount and numbers by value', () => {
    const items: Json[] = [
      { q: '2Gi', n: 10 },
      { q: '500Mi', n: 9 },
      { q: '1', n: 11 },
    ];
    assert.deepEqual(
      sortObjects(items, '.q').map((i) => (i as { q: string }).q),
      ['1', '500Mi', '2Gi'],
    );
    assert.deepEqual(
      sortObjects(items, '.n').map((i) => (i as { n: number }).n),
      [9, 10, 11],
    );
    assert.equal(quantityValue('100m'), 0.1);
    assert.equal(quantityValue('10.0.0.9'), undefined);
  });
  it('should refuse a field no object has', () => {
    assert.throws(
      () => sortObjects(PODS, '.status.nope'),
      (e: unknown) => e instanceof SortFieldError && /couldn't find any field with path "\{\.status\.nope\}"/.test(e.message),
    );
  });
});
