import assert from 'node:assert/strict';
import { pluginTestBedFor, ws, wsOk } from '../../support/plugin.js';

// The built plugin parses common command lines itself and leaves the rest to yargs: both must behave the same.
describe('kubectl workspace parsing paths (fast parser and yargs)', function () {
  const bed = pluginTestBedFor('plugin-parse', [{ id: 'parse' }]);

  // Each pair: a spelling the fast parser takes, and one with the same meaning that only yargs accepts.
  const pairs = (n: string): { name: string; fast: string[]; yargs: string[] }[] => [
    {
      name: 'list -o name',
      fast: ['list', '-n', n, '-o', 'name', '--show-secrets'],
      yargs: ['list', '-n', n, '-o', 'name', '--show-secrets', 'true'],
    },
    {
      name: 'plis get -o json',
      fast: ['plis', 'get', 'parse', '-n', n, '-o', 'json'],
      yargs: ['plis', 'get', 'parse', '--namespace', n, '-o', 'json', '--showLarge'],
    },
    {
      name: 'close --dry-run=client',
      fast: ['close', 'parse', '-n', n, '--dry-run=client'],
      yargs: ['close', 'parse', '-n', n, '--dryRun', 'client', '--force', 'false'],
    },
    {
      name: 'a bare --dry-run',
      fast: ['reopen', 'parse', '-n', n, '--dry-run'],
      yargs: ['reopen', '--dry-run', 'parse', '-n', n, '--force', 'false'],
    },
    {
      name: 'a reason after --',
      fast: ['fail', '-n', n, 'parse', '--dry-run=client', '--', '-1'],
      yargs: ['fail', '-n', n, 'parse', '--dry-run', 'client', '--force', 'false', '--', '-1'],
    },
    {
      name: 'mark --dry-run=server',
      fast: ['mark', 'parse', 'gitpod/closed=true', '-n', n, '--dry-run', 'server'],
      yargs: ['-n', n, 'mark', 'parse', 'gitpod/closed=true', '--dry-run', 'server', '--force', 'false'],
    },
  ];

  for (const name of pairs('').map((p) => p.name)) {
    it(`should print the same for both spellings of ${name}`, async () => {
      const pair = pairs(bed.ns).find((p) => p.name === name);
      assert.ok(pair !== undefined);
      const [fast, slow] = await Promise.all([ws(bed.cp, pair.fast), ws(bed.cp, pair.yargs)]);
      assert.equal(fast.code, 0, fast.stderr);
      assert.equal(slow.code, 0, slow.stderr);
      assert.equal(fast.stdout, slow.stdout);
      assert.notEqual(fast.stdout, '');
    });
  }

  it('should leave usage errors and help to yargs: exit 2 with its message, help on stdout', async () => {
    const bad = await ws(bed.cp, ['close', 'parse', '-n', bed.ns, '--dry-run=maybe']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Invalid values:[\s\S]*dry-run[\s\S]*See 'kubectl workspace --help' for usage\./);
    const help = await wsOk(bed.cp, ['close', '--help']);
    assert.match(help, /kubectl workspace close <id>/);
    assert.match(help, /--dry-run/);
  });

  it('should run version --client without any cluster (no kubeconfig is read)', async () => {
    const r = await ws(bed.cp, ['version', '--client'], { kubeconfig: '/nonexistent/kubeconfig' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Client Version: v\d+\.\d+\.\d+\n$/);
  });
});
