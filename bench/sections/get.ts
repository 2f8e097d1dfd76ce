// Section 1: how long one `kubectl workspace get` takes next to the kubectl read it replaces,
// and next to its floors: kubectl dispatching an empty Node.js plugin, and `node` on an empty file.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminClient, createWorkspace } from '../../cluster/admin-client.js';
import { createNamespace, suffix } from '../cluster-client.js';
import { num, spread, times } from '../markdown.js';
import { measuredNode, measuredNodeVersion } from '../measured-node.js';
import { runMeasured } from '../proc.js';
import { kubectlEnv, Mode, type Section } from '../section.js';
import { ratio, summarize, type Summary } from '../stats.js';

interface Peer {
  readonly key: string;
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly check: (stdout: string) => boolean;
  /** The peer this row's second ratio divides by: the floor of the same kind of start. */
  readonly floor?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** The empty plugin of the floor row: kubectl finds it on PATH as `kubectl floor`. */
const FLOOR_PLUGIN = 'kubectl-floor';

export const getSection: Section = async (ctx) => {
  const runs = ctx.mode === Mode.quick ? 10 : 30;
  const client = adminClient(ctx.cp);
  const ns = await createNamespace(client, `bench-get-${suffix()}`);
  const id = `get-${suffix()}`;
  await createWorkspace(client, ns, id, true);
  client.close();

  // The floor's plugin and empty file sit in a directory of their own, on every row's PATH, so
  // each kubectl row searches the same directories for its plugin.
  const floorDir = join(ctx.workDir, 'get-floor');
  mkdirSync(floorDir, { recursive: true });
  const emptyScript = join(floorDir, 'empty.js');
  writeFileSync(emptyScript, '');
  writeFileSync(join(floorDir, FLOOR_PLUGIN), '#!/usr/bin/env node\n');
  chmodSync(join(floorDir, FLOOR_PLUGIN), 0o755);
  const base = kubectlEnv(ctx);
  // The plugin's code cache starts empty: the unmeasured first run writes it, as a user's first command would.
  const env: NodeJS.ProcessEnv = { ...base, PATH: `${floorDir}:${base['PATH'] ?? ''}`, XDG_CACHE_HOME: join(ctx.workDir, 'get-cache') };
  delete env['KUBECTL_WORKSPACE_NO_COMPILE_CACHE'];
  const noCache: NodeJS.ProcessEnv = { ...env, KUBECTL_WORKSPACE_NO_COMPILE_CACHE: '1' };

  // The plugin and the floors run under the measured Node.js (24, the runtime the image ships), first on PATH in env.
  const node = measuredNode();
  const nodeVersion = measuredNodeVersion();
  const kubectl = ctx.cp.kubectlPath;
  const plugin = join(ctx.pluginDir, 'kubectl-workspace');
  const shows = (o: string): boolean => o.includes(id);
  const peers: readonly Peer[] = [
    {
      key: 'pluginViaKubectl',
      label: `kubectl workspace get ${id}`,
      command: kubectl,
      args: ['workspace', 'get', id, '-n', ns],
      check: shows,
      floor: 'floorViaKubectl',
    },
    {
      key: 'kubectlGet',
      label: `kubectl get pod -l workspaceID=${id} -o json`,
      command: kubectl,
      args: ['get', 'pod', '-l', `workspaceID=${id}`, '-n', ns, '-o', 'json'],
      check: (o) => (JSON.parse(o) as { items: unknown[] }).items.length === 1,
    },
    {
      key: 'floorViaKubectl',
      label: `floor: kubectl floor get ${id} (an empty Node.js script as the plugin)`,
      command: kubectl,
      args: ['floor', 'get', id, '-n', ns],
      check: (o) => o === '',
    },
    {
      key: 'pluginViaKubectlNoCache',
      label: `kubectl workspace get ${id}, KUBECTL_WORKSPACE_NO_COMPILE_CACHE=1`,
      command: kubectl,
      args: ['workspace', 'get', id, '-n', ns],
      check: shows,
      floor: 'floorViaKubectl',
      env: noCache,
    },
    {
      key: 'pluginDirect',
      label: `kubectl-workspace get ${id} (run directly, no kubectl dispatch)`,
      command: plugin,
      args: ['get', id, '-n', ns],
      check: shows,
      floor: 'nodeEmpty',
    },
    {
      key: 'versionClient',
      label: 'kubectl-workspace version --client (run directly)',
      command: plugin,
      args: ['version', '--client'],
      check: (o) => o.startsWith('Client Version: v'),
      floor: 'nodeEmpty',
    },
    { key: 'nodeEmpty', label: 'floor: node empty.js', command: node, args: [emptyScript], check: (o) => o === '' },
  ];
  const envOf = (p: Peer): NodeJS.ProcessEnv => p.env ?? env;

  // One unmeasured run each: fills kubectl's discovery cache, the page cache and the code cache, and checks the output.
  for (const p of peers) {
    const r = await runMeasured(p.command, p.args, { env: envOf(p), keepStdout: true });
    if (!p.check(r.stdout ?? '')) throw new Error(`${p.label} printed unexpected output: ${(r.stdout ?? '').slice(0, 300)}`);
  }
  const samples = new Map<string, number[]>(peers.map((p) => [p.key, []]));
  for (let i = 0; i < runs; i++) {
    // Rotating the order keeps any warm-up or background drift from favouring one peer.
    for (let j = 0; j < peers.length; j++) {
      const p = peers[(i + j) % peers.length] as Peer;
      samples.get(p.key)?.push((await runMeasured(p.command, p.args, { env: envOf(p) })).wallMs);
    }
  }
  ctx.log(`get: ${runs} runs each done`);

  const stats = Object.fromEntries(peers.map((p) => [p.key, summarize(samples.get(p.key) ?? [])])) as Record<string, Summary>;
  const median = (key: string): number | undefined => stats[key]?.median;
  const viaKubectl = new Set(['pluginViaKubectl', 'kubectlGet', 'floorViaKubectl', 'pluginViaKubectlNoCache']);
  const rows = peers.map((p) => {
    const s = stats[p.key] as Summary;
    const toKubectl = viaKubectl.has(p.key) ? times(ratio(s.median, median('kubectlGet'))) : '';
    const floor = p.floor === undefined ? undefined : median(p.floor);
    const toFloor = floor === undefined ? '' : times(ratio(s.median, floor));
    const above = floor === undefined ? '' : num(s.median - floor);
    return [p.label, String(s.n), num(s.median), spread(s), toKubectl, toFloor, above];
  });
  return {
    key: 'get',
    title: `1. \`kubectl workspace get\` vs \`kubectl get pod -l workspaceID=… -o json\`, and the floors of a Node.js plugin (Node.js ${nodeVersion})`,
    notes: [
      `Wall time of the whole command (process start to exit), ${runs} runs each, the ${peers.length} commands alternated in rotating order after one unmeasured warm-up run each.`,
      "The plugin runs as a user installs it: its two files copied from dist/ into the bench's temporary directory, outside the repository (no package.json or node_modules above them), first on PATH, where kubectl plugin discovery finds it; the `run directly` rows run that copy without kubectl in front.",
      'Floors: `kubectl floor get …` is kubectl dispatching a plugin that is an empty Node.js script (same PATH, same arguments); `node empty.js` is Node.js starting and exiting.',
      `Every Node.js row runs Node.js ${nodeVersion} (scripts/node-runtime.sh 24, the runtime the image ships), first on PATH.`,
      '"÷ kubectl get" = median of the row / median of `kubectl get pod`; "÷ floor" and "ms above floor" compare a kubectl row with the kubectl floor and a direct row with `node empty.js`. Below 1× the row is faster.',
      "The plugin's V8 code cache (plugin/launch/) is written by the warm-up run into a fresh XDG_CACHE_HOME and used by every measured run; the NO_COMPILE_CACHE row compiles the bundle each time.",
      `The workspace has its PLIS ConfigMap, so \`workspace get\` reads two objects (and the Events, as kubectl describe does) where kubectl reads one.`,
    ],
    tables: [{ headers: ['command', 'runs', 'median ms', 'min / p25 / p75 / max ms', '÷ kubectl get', '÷ floor', 'ms above floor'], rows }],
    data: {
      runs,
      nodeVersion,
      peers: Object.fromEntries(peers.map((p) => [p.key, { command: p.label, ...stats[p.key] }])),
      ratios: {
        pluginViaKubectlToKubectlGet: ratio(median('pluginViaKubectl'), median('kubectlGet')),
        pluginDirectToKubectlGet: ratio(median('pluginDirect'), median('kubectlGet')),
        pluginViaKubectlToFloor: ratio(median('pluginViaKubectl'), median('floorViaKubectl')),
        pluginViaKubectlNoCacheToFloor: ratio(median('pluginViaKubectlNoCache'), median('floorViaKubectl')),
        pluginDirectToNodeEmpty: ratio(median('pluginDirect'), median('nodeEmpty')),
        versionClientToNodeEmpty: ratio(median('versionClient'), median('nodeEmpty')),
      },
      msAboveFloor: {
        pluginViaKubectl: diff(median('pluginViaKubectl'), median('floorViaKubectl')),
        versionClient: diff(median('versionClient'), median('nodeEmpty')),
      },
    },
  };
};

function diff(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a - b;
}
