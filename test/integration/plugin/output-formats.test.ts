// -o jsonpath / custom-columns / --sort-by of `list` and `get`, compared byte for byte with kubectl's own output.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { kubectlOk } from '../../support/cluster.js';
import { OWNER_TOKEN, createWorkspace, pluginTestBed, ws, wsOk } from '../../support/plugin.js';

describe('kubectl output formats (list and get vs kubectl get)', function () {
  let cp: ControlPlane;
  let ns: string;
  let secretNs: string;

  before(async function () {
    this.timeout(300000);
    ({ cp, ns } = await pluginTestBed('formats'));
    secretNs = `${ns}-s`;
    await kubectlOk(cp, ['create', 'namespace', secretNs]);
    // Pods without secrets: what kubectl prints is then exactly the document -o json prints.
    for (const [id, extra] of [
      ['beta', { 'gitpod/closed': 'true' }],
      ['alpha', { 'gitpod/timedout': 'idle <30m> & more' }],
      ['gamma', {}],
    ] as const) {
      await kubectlOk(cp, ['create', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: `ws-${id}`,
            namespace: ns,
            labels: { workspaceID: id, workspaceType: 'regular' },
            annotations: { 'gitpod/id': id, ...extra },
          },
          spec: {
            containers: [
              { name: 'workspace', image: 'registry.invalid/ws:1' },
              { name: 'sidecar', image: 'registry.invalid/side:1' },
            ],
          },
        }),
      });
    }
    await createWorkspace(cp, secretNs, { id: 'secret' });
  });

  const kubectlGet = (args: readonly string[]) => kubectlOk(cp, ['get', 'pods', '-l', 'workspaceID', '-n', ns, ...args]);

  const jsonpaths = [
    '{.items[*].metadata.name}',
    '{range .items[*]}{.metadata.name}{"\\t"}{.metadata.annotations}{"\\n"}{end}',
    '{.items[0].spec.containers[*].image}',
    '{.items[?(@.metadata.name=="ws-alpha")].metadata.labels}',
    '{range .items[*]}{.spec.containers[-1:].name}{","}{end}',
    "{.items[*].metadata.annotations['gitpod/id']}",
    '{.items[*].metadata.nothing}',
    '{..image}',
  ];
  for (const template of jsonpaths) {
    it(`should print -o jsonpath=${template} exactly as kubectl`, async () => {
      const ours = await wsOk(cp, ['list', '-n', ns, '-o', `jsonpath=${template}`, '--sort-by', '.metadata.name']);
      assert.equal(ours, await kubectlGet(['-o', `jsonpath=${template}`, '--sort-by', '.metadata.name']));
      if (!template.includes('nothing')) assert.notEqual(ours, '');
    });
  }

  const columns = [
    'NAME:.metadata.name,ID:.metadata.labels.workspaceID',
    'POD:metadata.name,IMAGES:.spec.containers[*].image,TIMEDOUT:{.metadata.annotations.gitpod/timedout}',
    'N:.metadata.name,ANN:.metadata.annotations,NONE:.status.nothing',
  ];
  for (const spec of columns) {
    it(`should print -o custom-columns=${spec} exactly as kubectl`, async () => {
      const args = ['-o', `custom-columns=${spec}`, '--sort-by', '{.metadata.name}'];
      assert.equal(await wsOk(cp, ['list', '-n', ns, ...args]), await kubectlGet(args));
      assert.equal(await wsOk(cp, ['list', '-n', ns, ...args, '--no-headers']), await kubectlGet([...args, '--no-headers']));
    });
  }

  it('should read jsonpath-file and custom-columns-file like kubectl', async () => {
    const jp = join(tmpdir(), 'template.jsonpath');
    const cc = join(tmpdir(), 'template.columns');
    writeFileSync(jp, '{range .items[*]}{.metadata.name}{"\\n"}{end}');
    writeFileSync(cc, 'NAME   PHASE\n.metadata.name   .status.phase\n');
    for (const output of [`jsonpath-file=${jp}`, `custom-columns-file=${cc}`]) {
      assert.equal(
        await wsOk(cp, ['list', '-n', ns, '-o', output, '--sort-by', '.metadata.name']),
        await kubectlGet(['-o', output, '--sort-by', '.metadata.name']),
      );
    }
  });

  it('should sort the table with --sort-by and drop its header with --no-headers', async () => {
    const text = await wsOk(cp, ['list', '-n', ns, '--sort-by', '.metadata.name', '--no-headers']);
    assert.deepEqual(
      text
        .trimEnd()
        .split('\n')
        .map((l) => l.split(/\s+/)[0]),
      ['alpha', 'beta', 'gamma'],
    );
  });

  it('should print a secret redacted through a template, list and get alike', async () => {
    const viaList = await wsOk(cp, ['list', '-n', secretNs, '-o', "jsonpath={.items[0].metadata.annotations['gitpod/ownerToken']}"]);
    assert.equal(viaList, '<redacted>');
    const viaColumns = await wsOk(cp, ['list', '-n', secretNs, '-o', 'custom-columns=A:.metadata.annotations']);
    assert.equal(viaColumns.includes(OWNER_TOKEN), false);
    assert.match(viaColumns, /gitpod\/ownerToken:<redacted>/);
    assert.equal(await wsOk(cp, ['get', 'secret', '-n', secretNs, '-o', "jsonpath={.annotations['gitpod/ownerToken']}"]), '<redacted>');
    assert.equal(await wsOk(cp, ['get', 'secret', '-n', secretNs, '-o', 'jsonpath={.plis.document.hostIP}']), '10.0.0.9');
  });

  const bad: [string[], RegExp][] = [
    [['list', '-o', 'jsonpath={.items[0'], /^error: error parsing jsonpath \{\.items\[0, unterminated array\n$/],
    [
      ['list', '-o', 'jsonpath={.items[9].metadata.name}'],
      /^error: error executing jsonpath "\{\.items\[9\]\.metadata\.name\}": array index out of bounds: index 9, length 3\n$/,
    ],
    [['list', '-o', 'custom-columns=NAME'], /^error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n$/],
    [['list', '-o', 'jsonpath-file=/nonexistent/t'], /^error: error reading jsonpath template \/nonexistent\/t: /],
    [['list', '--sort-by', '.status.nothing'], /^error: couldn't find any field with path "\{\.status\.nothing\}"/],
    [
      ['list', '-o', 'jsonpath={.items[0].metadata.nothing}', '--allow-missing-template-keys=false'],
      /^error: error executing jsonpath .*nothing is not found/,
    ],
  ];
  for (const [args, message] of bad) {
    it(`should refuse ${args.join(' ')} with exit 1 and a clear error`, async () => {
      const r = await ws(cp, [...args, '-n', ns]);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    });
  }
});
