import assert from 'node:assert/strict';
import { ListBodyError, ListItemSplitter } from '../../../../shared/kube/list-items.js';

/** Feeds body in pieces of `size` bytes; returns the item texts and whether end() accepted the body. */
function split(body: Buffer, size: number): { items: string[]; complete: boolean } {
  const items: string[] = [];
  const s = new ListItemSplitter((t) => items.push(t));
  for (let o = 0; o < body.length; o += size) s.push(body.subarray(o, o + size));
  try {
    s.end();
    return { items, complete: true };
  } catch (err) {
    assert.ok(err instanceof ListBodyError);
    return { items, complete: false };
  }
}

// Strings that look like structure, escapes at every position, multi-byte characters, a nested `items` key,
// and list members both before and after the items.
const TRICKY_ITEMS = [
  { metadata: { name: 'a', annotations: { x: '}]{["', y: 'quote " and \\ backslash \\"', z: '\\\\' } } },
  { metadata: { name: 'ü-ワーク-😀' }, spec: { items: [{ a: [] }, {}], empty: {}, n: [1, 2.5, -3e2, true, false, null] } },
  { metadata: { name: 'c', annotations: { 'ends-with-backslash': 'x\\' } } },
];
const TRICKY = Buffer.from(
  `{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"12","continue":"]["},"items":[` +
    TRICKY_ITEMS.map((i) => JSON.stringify(i)).join(',') +
    `],"trailer":{"items":[{"not":"an item"}]}}\n`,
);

describe('ListItemSplitter', () => {
  it('should hand over every item exactly, whatever the size of the pieces', () => {
    for (const size of [1, 2, 3, 5, 16, 64, TRICKY.length]) {
      const { items, complete } = split(TRICKY, size);
      assert.ok(complete, `pieces of ${size}`);
      assert.deepEqual(
        items.map((t) => JSON.parse(t) as unknown),
        TRICKY_ITEMS,
        `pieces of ${size}`,
      );
    }
  });

  it('should keep each item byte for byte as the server sent it', () => {
    const body = Buffer.from('{"items":[ {"a" : 1 ,"b":"\\u0026"} , {"c":[ ]} ]}');
    assert.deepEqual(split(body, 4).items, ['{"a" : 1 ,"b":"\\u0026"}', '{"c":[ ]}']);
  });

  it('should accept an empty list and a list without items', () => {
    assert.deepEqual(split(Buffer.from('{"kind":"PodList","items":[]}'), 3), { items: [], complete: true });
    assert.deepEqual(split(Buffer.from('{"kind":"PodList","metadata":{}}'), 3), { items: [], complete: true });
  });

  it('should refuse a body that breaks off, in an item, between items or in a string', () => {
    const whole = TRICKY.toString('utf8');
    for (const cut of [whole.indexOf('"name":"a"'), whole.indexOf(',{"metadata":{"name":"c"') + 1, whole.indexOf('"trailer"') + 3]) {
      const r = split(Buffer.from(whole.slice(0, cut)), 7);
      assert.equal(r.complete, false, `cut at ${cut}`);
    }
    assert.equal(split(Buffer.from(''), 1).complete, false);
  });

  it('should refuse items that are not objects and data after the list', () => {
    assert.throws(() => split(Buffer.from('{"items":[{"a":1},2]}'), 4), ListBodyError);
    assert.throws(() => split(Buffer.from('{"items":[[1]]}'), 4), ListBodyError);
    assert.throws(() => split(Buffer.from('{"items":[]}{"items":[{}]}'), 4), ListBodyError);
    assert.throws(() => split(Buffer.from('{"items":[]}]'), 4), ListBodyError);
  });

  it("should cut each item's metadata.managedFields from its text, and nothing else", () => {
    const cases: [string, string][] = [
      [
        '{"metadata":{"name":"a","managedFields":[{"f:x":{"k:{\\"a\\":1}":{}}}],"annotations":{}},"spec":{}}',
        '{"metadata":{"name":"a","annotations":{}},"spec":{}}',
      ],
      ['{"metadata":{"managedFields":[],"name":"a"}}', '{"metadata":{"name":"a"}}'],
      ['{"metadata":{"managedFields":[{}]}}', '{"metadata":{}}'],
      // Not the item's own metadata, not an array, not a member name: kept.
      [
        '{"spec":{"t":{"metadata":{"managedFields":[1]}}},"metadata":{"name":"x"}}',
        '{"spec":{"t":{"metadata":{"managedFields":[1]}}},"metadata":{"name":"x"}}',
      ],
      [
        '{"metadata":{"labels":{"managedFields":"["},"name":"managedFields"}}',
        '{"metadata":{"labels":{"managedFields":"["},"name":"managedFields"}}',
      ],
      ['{"metadata":{"managedFields":null}}', '{"metadata":{"managedFields":null}}'],
      ['{"managedFields":[1],"metadata":{"x":{"managedFields":[2]}}}', '{"managedFields":[1],"metadata":{"x":{"managedFields":[2]}}}'],
    ];
    const body = Buffer.from(`{"kind":"PodList","items":[${cases.map(([given]) => given).join(',')}]}`);
    for (const size of [1, 3, 7, 64, body.length]) {
      assert.deepEqual(
        split(body, size).items,
        cases.map(([, expected]) => expected),
        `pieces of ${size}`,
      );
    }
  });

  it('should count the items it handed over', () => {
    const s = new ListItemSplitter(() => undefined);
    s.push(Buffer.from('{"items":[{},{},'));
    assert.equal(s.count, 2);
  });
  it("should read the list's resourceVersion, whatever the size of the pieces", () => {
    for (const size of [1, 2, 7, 64, TRICKY.length]) {
      const s = new ListItemSplitter(() => undefined);
      for (let o = 0; o < TRICKY.length; o += size) s.push(TRICKY.subarray(o, o + size));
      s.end();
      assert.deepEqual(s.listMetadata, { resourceVersion: '12' }, `pieces of ${size}`);
    }
  });

  it('should tell a list without metadata or without a resourceVersion from one with it', () => {
    const none = new ListItemSplitter(() => undefined);
    none.push(Buffer.from('{"kind":"PodList","items":[{"metadata":{"resourceVersion":"7"}}]}'));
    assert.equal(none.listMetadata, undefined, "an item's resourceVersion is not the list's");
    const empty = new ListItemSplitter(() => undefined);
    empty.push(Buffer.from('{"metadata":{"continue":"x","nested":{"resourceVersion":"9"}},"items":[]}'));
    assert.deepEqual(empty.listMetadata, {});
  });

  it('should refuse list metadata that is not valid JSON', () => {
    assert.throws(() => split(Buffer.from('{"metadata":{"resourceVersion":},"items":[]}'), 5), /metadata of the list is not valid JSON/);
  });
});
