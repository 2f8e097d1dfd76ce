// Documents and arguments built to make the plugin print an owner token: every output path is fed them
// against the real API server, and the whole stdout and stderr of each run is searched for the token.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { kubectlOk, type KubectlResult } from '../../support/cluster.js';
import { createWorkspace, getObject, OWNER_TOKEN, pluginTestBed, ws, wsDirect } from '../../support/plugin.js';

const token = (name: string): string => `${name}${randomBytes(6).toString('hex')}`;

const DUP = token('PLISTOKEN');
const CASE = token('CASETOKEN');
const KELVIN = token('KELVINTOKEN');
const ESCAPED = token('ESCTOKEN');
const BAD = token('PLISTOKEN');
const WRONG_TYPE = token('TYPETOKEN');
const MARK_PLIS = token('MARKPLIS');
const KUBECONFIG_TOKEN = token('KUBECONFIGTOKEN');
const MARK_TOKENS = [token('SEKRIT'), token('SEKRIT'), token('SEKRIT'), token('SEKRIT'), token('SEKRIT'), token('SEKRIT')] as const;

/** Workspace id → its hostile gitpod/plis text. */
const HOSTILE_PLIS: Readonly<Record<string, string>> = {
  dup: `{"lastPodStatus":{"auth":{"owner_token":"${DUP}"},"auth":{"x":1}}}`,
  case: `{"lastPodStatus":{"Auth":{"Owner_Token":"${CASE}"}}}`,
  kelvin: `{"lastPodStatus":{"auth":{"owner_to\u212Aen":"${KELVIN}"}},"future":{"n":12345678901234567890,"m":1e400}}`,
  escaped: `{"lastPodStatus":{"auth":{"owner_\\u0074oken":"${ESCAPED}"}}}`,
  bad: `{"lastPodStatus":{"auth":{"owner_token":${BAD}-BAD}}}`,
  wrongtype: `{"hostIP":{"owner_token":"${WRONG_TYPE}"}}`,
};

const TOKENS = [KUBECONFIG_TOKEN, OWNER_TOKEN, DUP, CASE, KELVIN, ESCAPED, BAD, WRONG_TYPE, MARK_PLIS, ...MARK_TOKENS];

describe('kubectl workspace with hostile secrets (built plugin, real kubectl, real API server)', function () {
  let cp: ControlPlane;
  let ns: string;
  const runs: { readonly args: readonly string[]; readonly result: KubectlResult }[] = [];

  async function run(args: readonly string[]): Promise<{ readonly args: readonly string[]; readonly result: KubectlResult }> {
    const r = { args, result: await wsDirect(cp, [...args, '-n', ns]) };
    runs.push(r);
    return r;
  }

  before(async function () {
    this.timeout(300000);
    ({ cp, ns } = await pluginTestBed('hostile'));
    for (const [id, plis] of Object.entries(HOSTILE_PLIS)) await createWorkspace(cp, ns, { id, plis });
    await createWorkspace(cp, ns, { id: 'mk' });
    await createWorkspace(cp, ns, { id: 'fbc', plis: '{"FinalBackupComplete":false,"future":{"n":12345678901234567890}}' });
    await createWorkspace(cp, ns, { id: 'twice', plis: '{"finalBackupComplete":false,"FinalBackupComplete":false}' });
  });

  it('hostile secrets never reach any output', async function () {
    this.timeout(600000);
    const ids = Object.keys(HOSTILE_PLIS);
    for (const id of ids) {
      for (const o of [[], ['-o', 'json'], ['-o', 'yaml']]) {
        await run(['get', id, ...o]);
        await run(['plis', 'get', id, ...o]);
      }
      for (const o of [[], ['-o', 'json'], ['-o', 'yaml'], ['-o', 'name']]) {
        await run(['plis', 'patch', id, '--host-ip', '1.2.3.4', '--dry-run=client', ...o]);
      }
      await run(['plis', 'patch', id, '--host-ip', '1.2.3.4', '--dry-run=server', '-o', 'json']);
    }
    for (const o of [[], ['-o', 'wide'], ['-o', 'json'], ['-o', 'yaml'], ['-o', 'name']]) await run(['list', ...o]);
    const [t2, t3, t7, tx, ty, tz] = MARK_TOKENS;
    const badMarks = [`gitpod/ownertoken:${t2}`, `gitpod/ownerToken:${t3}-`, ` gitpod/ownerToken:${t7}`, `gitpod/OwnerToken:x=${tz}`];
    for (const m of badMarks) await run(['mark', 'mk', m]);
    await run(['mark', 'mk', `gitpod/plis={"lastPodStatus":{"auth":{"owner_token":"${MARK_PLIS}"`]);
    await run(['mark', 'mk', `gitpod/plis={"hostIP":1,"lastPodStatus":{"auth":{"owner_token":"${MARK_PLIS}"}}}`]);
    await run(['plis', 'patch', 'mk', `gitpod/ownerToken:${t2}`]);
    await run(['close', 'mk', `gitpod/ownerToken=${tx}`]);
    await run(['admission', 'mk', `gitpod/ownerToken=${ty}`]);
    const broken = join(mkdtempSync(join(tmpdir(), 'hostile-')), 'kubeconfig');
    writeFileSync(broken, `apiVersion: v1\nusers:\n- name: a\n  user:\n    token: ${KUBECONFIG_TOKEN}\n  bad: [\n`);
    const unparsable = await run(['list', '--kubeconfig', broken]);
    assert.match(unparsable.result.stderr, /cannot parse kubeconfig .* as YAML: .* at line 7, column 1; fix the file/);

    assert.ok(runs.length >= 70, `only ${runs.length} runs`);
    // Reads of any document and lists print; every bad mark and argument fails.
    for (const { args, result } of runs) {
      if (args[0] === 'get' || (args[0] === 'list' && !args.includes('--kubeconfig')))
        assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
      if (['mark', 'close', 'admission'].includes(args[0] ?? '') || args[1] === 'mk') assert.notEqual(result.code, 0, args.join(' '));
    }
    for (const { args, result } of runs) {
      const whole = result.stdout + result.stderr;
      for (const t of TOKENS) assert.equal(whole.includes(t), false, `kubectl workspace ${args.join(' ')} printed a token:\n${whole}`);
    }
  });

  it('should print the PLIS tokens with --show-secrets, so the check above can fail', async () => {
    for (const [id, t] of [
      ['dup', DUP],
      ['case', CASE],
      ['kelvin', KELVIN],
    ] as const) {
      const r = await ws(cp, ['plis', 'get', id, '-o', 'json', '--show-secrets', '-n', ns]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.includes(t), r.stdout);
    }
  });

  it('should name the position of a PLIS syntax error and quote none of it', async () => {
    const r = await ws(cp, ['plis', 'get', 'bad', '-n', ns]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^error: cannot read .* not valid JSON: expected a JSON value .* at line 1, column 41 \(offset 40 of \d+ characters\)/,
    );
  });

  it('should print numbers and unknown fields as stored, and keep them through a write', async () => {
    const json = (await ws(cp, ['plis', 'get', 'kelvin', '-o', 'json', '-n', ns])).stdout;
    assert.match(json, /"n": 12345678901234567890,\n\s+"m": 1e400/);
    assert.match((await ws(cp, ['plis', 'get', 'kelvin', '-n', ns])).stdout, /^ {2}future: \{"n":12345678901234567890,"m":1e400\}$/m);
    assert.equal((await ws(cp, ['plis', 'patch', 'kelvin', '--host-ip', '10.0.0.5', '-n', ns])).code, 0);
    const stored = (await getObject(cp, ns, 'configmap/plis-kelvin')).metadata.annotations?.['gitpod/plis'] ?? '';
    assert.ok(stored.includes('"future":{"n":12345678901234567890,"m":1e400}'), stored);
    assert.ok(stored.includes(KELVIN), 'the stored document keeps its token');
    assert.ok(stored.includes('"hostIP":"10.0.0.5"'), stored);
  });

  it('should set finalBackupComplete under the spelling the document uses, the one Go reads', async () => {
    const r = await ws(cp, ['plis', 'patch', 'fbc', '--final-backup-complete', '-n', ns]);
    assert.equal(r.code, 0, r.stderr);
    const stored = (await getObject(cp, ns, 'configmap/plis-fbc')).metadata.annotations?.['gitpod/plis'];
    assert.equal(stored, '{"FinalBackupComplete":true,"future":{"n":12345678901234567890}}');
  });

  it('should refuse to set a field the document spells twice, and write nothing', async () => {
    const before = (await getObject(cp, ns, 'configmap/plis-twice')).metadata.resourceVersion;
    const r = await ws(cp, ['plis', 'patch', 'twice', '--final-backup-complete', '-n', ns]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^error: refusing to write field "finalBackupComplete": .* 2 members \("finalBackupComplete", "FinalBackupComplete"\)/,
    );
    assert.equal((await getObject(cp, ns, 'configmap/plis-twice')).metadata.resourceVersion, before);
    await kubectlOk(cp, ['get', 'configmap/plis-twice', '-n', ns]);
  });
});
