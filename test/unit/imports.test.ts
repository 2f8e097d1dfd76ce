import assert from 'node:assert/strict';
import { REPO } from '../support/dist.js';
import { importCycles, importGraph, importsOf, topFolder, type ImportGraph } from '../support/import-graph.js';

// What each top folder may import besides itself (docs/architecture.md draws the same picture).
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  shared: [],
  plugin: ['shared'],
  webhook: ['shared'],
  cluster: ['shared', 'webhook'],
  bench: ['shared', 'webhook', 'cluster'],
  scripts: [],
  test: ['shared', 'plugin', 'webhook', 'cluster', 'bench', 'scripts'],
};

const graph: ImportGraph = importGraph(REPO, Object.keys(MAY_IMPORT));

describe('importsOf', () => {
  const cases: [string, string, string[]][] = [
    ['a static import', "import { a } from './a.js';", ['plugin/a.ts']],
    ['a type-only import', "import type { A } from '../shared/a.js';", ['shared/a.ts']],
    ['a re-export', "export { A } from './output/a.js';", ['plugin/output/a.ts']],
    ['a dynamic import', "const m = await import('./commands/x.js');", ['plugin/commands/x.ts']],
    ['an import for its effects', "import './polyfill.js';", ['plugin/polyfill.ts']],
    ['a package import (ignored)', "import yargs from 'yargs';", []],
  ];
  for (const [what, text, expected] of cases) {
    it(`should find ${what}`, () => assert.deepEqual(importsOf('plugin/cli.ts', text), expected));
  }
});

describe('importCycles', () => {
  it('should find a cycle through type-only imports, and none in a tree', () => {
    const cyclic = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    assert.deepEqual(importCycles(cyclic), [['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    assert.deepEqual(
      importCycles(
        new Map([
          ['a.ts', ['b.ts', 'c.ts']],
          ['b.ts', ['c.ts']],
          ['c.ts', []],
        ]),
      ),
      [],
    );
  });
});

describe('the module graph', () => {
  it('should read the whole repository', () => {
    for (const module of ['shared/marks.ts', 'plugin/command.ts', 'webhook/decision.ts', 'test/support/cluster.ts'])
      assert.ok(graph.has(module), module);
  });

  it('should have no import cycle', () => {
    assert.deepEqual(
      importCycles(graph).map((c) => c.join(' -> ')),
      [],
    );
  });

  it('should import only downward: shared below plugin and webhook, which never import each other', () => {
    const upward: string[] = [];
    for (const [module, targets] of graph) {
      const from = topFolder(module);
      for (const target of targets) {
        const to = topFolder(target);
        if (graph.has(target) && to !== from && !(MAY_IMPORT[from] ?? []).includes(to)) upward.push(`${module} -> ${target}`);
      }
    }
    assert.deepEqual(upward, []);
  });
});

describe('the tests and the bench', () => {
  it('should keep the bench out of every test but its own unit tests: cluster access lives in cluster/', () => {
    const onBench: string[] = [];
    for (const [module, targets] of graph) {
      if (topFolder(module) !== 'test' || module.startsWith('test/unit/bench/')) continue;
      for (const target of targets) if (topFolder(target) === 'bench') onBench.push(`${module} -> ${target}`);
    }
    assert.deepEqual(onBench, []);
  });

  it('should keep the tests out of the bench: what both use lives in cluster/', () => {
    const onTest: string[] = [];
    for (const [module, targets] of graph) {
      if (topFolder(module) !== 'bench') continue;
      // Any path under test/, found or not: a bench module must not reach for the test tree at all.
      for (const target of targets) if (topFolder(target) === 'test') onTest.push(`${module} -> ${target}`);
    }
    assert.deepEqual(onTest, []);
  });
});
