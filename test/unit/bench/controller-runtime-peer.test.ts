import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, pinnedVersions } from '../../../bench/controller-runtime-peer.js';

describe('pinnedVersions', () => {
  it('should read the versions from a require block', () => {
    const goMod = 'module x\n\ngo 1.26.0\n\nrequire (\n\tk8s.io/api v0.36.3\n\tsigs.k8s.io/controller-runtime v0.24.1\n)\n';
    assert.deepEqual(pinnedVersions(goMod), { controllerRuntime: 'v0.24.1', kubernetes: 'v0.36.3' });
  });

  it('should read single-line requires', () => {
    const goMod = 'module x\nrequire sigs.k8s.io/controller-runtime v0.24.1\nrequire k8s.io/api v0.36.3 // indirect\n';
    assert.deepEqual(pinnedVersions(goMod), { controllerRuntime: 'v0.24.1', kubernetes: 'v0.36.3' });
  });

  it('should not take a module whose name only starts the same', () => {
    const goMod = 'require (\n\tk8s.io/apimachinery v0.36.3\n\tsigs.k8s.io/controller-runtime v0.24.1\n)\n';
    assert.throws(() => pinnedVersions(goMod), /does not require k8s\.io\/api; add it with go get/);
  });

  it('should match the committed peer, built against the Kubernetes minor the bench runs (1.36)', () => {
    const versions = pinnedVersions(readFileSync(join('bench', 'peers', 'controller-runtime', 'go.mod'), 'utf8'));
    assert.match(versions.kubernetes, /^v0\.36\./);
    assert.match(versions.controllerRuntime, /^v0\.\d+\.\d+$/);
  });
});

describe('cacheRoot', () => {
  const cases = [
    { what: 'KUBECTL_WORKSPACE_CACHE when set', env: { KUBECTL_WORKSPACE_CACHE: '/c', XDG_CACHE_HOME: '/x' }, expected: '/c' },
    { what: 'XDG_CACHE_HOME/kubectl-workspace otherwise', env: { XDG_CACHE_HOME: '/x' }, expected: '/x/kubectl-workspace' },
  ];
  for (const c of cases) {
    it(`should be ${c.what}, as scripts/build-tools.sh computes it`, () => {
      assert.equal(cacheRoot(c.env), c.expected);
    });
  }
});
