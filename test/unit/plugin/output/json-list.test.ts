import assert from 'node:assert/strict';
import { JsonListWriter } from '../../../../plugin/output/json-list.js';
import { asList, formatJson } from '../../../../plugin/output/serialize.js';
import { RawJson } from '../../../../shared/jsonraw.js';

function pod(i: number): unknown {
  return {
    metadata: { name: `ws-${i}`, annotations: { 'gitpod/url': `https://w${i}.example.com/?a=1&b=<2>`, ü: 'ワーク\u2028' } },
    spec: { containers: [{ name: 'workspace', ports: [] }], securityContext: {}, priority: i },
    status: { phase: 'Pending' },
  };
}

function written(items: readonly unknown[]): { text: string; writes: number } {
  const parts: string[] = [];
  const w = new JsonListWriter({ write: (t: string) => parts.push(t) });
  for (const item of items) w.add(item);
  w.end();
  return { text: parts.join(''), writes: parts.length };
}

describe('JsonListWriter', () => {
  for (const n of [0, 1, 2, 7, 8, 9, 17, 64]) {
    it(`should print ${n} items exactly as formatJson(asList(items)) does`, () => {
      const items = Array.from({ length: n }, (_, i) => pod(i));
      assert.equal(written(items).text, formatJson(asList(items)));
    });
  }

  it('should lay out documents kept as text at the depth of the items', () => {
    const items = [{ plis: new RawJson('{"a":[1,{"b":2}],"c":{}}') }, pod(1)];
    assert.equal(written(items).text, formatJson(asList(items)));
  });

  it('should write in batches, not once per item, and nothing before the first batch is full', () => {
    const parts: string[] = [];
    const w = new JsonListWriter({ write: (t: string) => parts.push(t) });
    for (let i = 0; i < 7; i++) w.add(pod(i));
    assert.equal(parts.length, 0);
    for (let i = 7; i < 200; i++) w.add(pod(i));
    w.end();
    assert.equal(parts.length, 200 / 8 + 1, 'one write per 8 items and one for the end of the list');
  });
});
