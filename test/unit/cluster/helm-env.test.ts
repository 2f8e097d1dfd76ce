import assert from 'node:assert/strict';
import { helmEnv } from '../../../cluster/helm-env.js';

describe('helmEnv', () => {
  it('should move the cache, config and data homes of helm under the directory given', () => {
    const env = helmEnv('/tmp/kw-helm');
    assert.deepEqual(
      [env['HELM_CACHE_HOME'], env['HELM_CONFIG_HOME'], env['HELM_DATA_HOME']],
      ['/tmp/kw-helm/cache', '/tmp/kw-helm/config', '/tmp/kw-helm/data'],
    );
  });

  it("should keep the rest of this process's environment and leave it unchanged", () => {
    const before = { ...process.env };
    const env = helmEnv('/tmp/kw-helm');
    assert.equal(env['PATH'], process.env['PATH']);
    assert.deepEqual({ ...process.env }, before);
  });
});
