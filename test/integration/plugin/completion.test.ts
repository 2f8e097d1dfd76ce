import assert from 'node:assert/strict';
import { runKubectl } from '../../support/cluster.js';
import { pluginEnv, pluginTestBedFor } from '../../support/plugin.js';

describe('kubectl __complete workspace (kubectl calling kubectl_complete-workspace)', function () {
  const bed = pluginTestBedFor('plugin-complete', [{ id: 'c-one' }, { id: 'c-two' }]);

  async function complete(args: string[]): Promise<{ candidates: string[]; directive: string }> {
    const r = await runKubectl(bed.cp, ['__complete', 'workspace', ...args], { env: pluginEnv(bed.cp) });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    return { candidates: lines.slice(0, -1).map((l) => l.split('\t')[0] ?? ''), directive: lines[lines.length - 1] ?? '' };
  }

  it('should list the commands', async () => {
    const { candidates, directive } = await complete(['']);
    for (const c of [
      'list',
      'get',
      'mark',
      'fail',
      'timeout',
      'close',
      'reopen',
      'time-out',
      'ready',
      'admission',
      'plis',
      'doctor',
      'version',
    ]) {
      assert.ok(candidates.includes(c), `${c} in ${candidates.join(',')}`);
    }
    assert.equal(directive, ':4');
  });

  it('should list workspace ids of the namespace given with -n', async () => {
    assert.deepEqual(await complete(['get', '-n', bed.ns, '']), { candidates: ['c-one', 'c-two'], directive: ':4' });
    assert.deepEqual(await complete(['-n', bed.ns, 'close', 'c-t']), { candidates: ['c-two'], directive: ':4' });
  });

  it('should complete flag values', async () => {
    assert.deepEqual(await complete(['list', '-o', '']), { candidates: ['wide', 'json', 'yaml', 'name'], directive: ':4' });
    assert.deepEqual(await complete(['admission', 'c-one', '']), { candidates: ['owner', 'everyone'], directive: ':4' });
  });

  it('should answer with the directive alone when the cluster cannot be asked', async () => {
    const r = await runKubectl(bed.cp, ['__complete', 'workspace', 'get', '--kubeconfig', '/nonexistent', ''], { env: pluginEnv(bed.cp) });
    assert.equal(r.stdout, ':4\n');
  });
});
