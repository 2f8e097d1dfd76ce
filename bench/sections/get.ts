// Section 1: how long one `kubectl workspace get` takes next to the kubectl read it replaces.
import { join } from 'node:path';
import { createNamespace, createWorkspace, adminClient, suffix } from '../cluster-client.js';
import { num, spread, times } from '../markdown.js';
import { runMeasured } from '../proc.js';
import { kubectlEnv, Mode, type Section } from '../section.js';
import { ratio, summarize, type Summary } from '../stats.js';

interface Peer {
  readonly key: string;
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly check: (stdout: string) => boolean;
}

export const getSection: Section = async (ctx) => {
  const runs = ctx.mode === Mode.quick ? 10 : 30;
  const client = adminClient(ctx.cp);
  const ns = await createNamespace(client, `bench-get-${suffix()}`);
  const id = `get-${suffix()}`;
  await createWorkspace(client, ns, id, true);
  client.close();

  const kubectl = ctx.cp.kubectlPath;
  const peers: readonly Peer[] = [
    { key: 'pluginViaKubectl', label: `kubectl workspace get ${id}`, command: kubectl, args: ['workspace', 'get', id, '-n', ns], check: (o) => o.includes(id) },
    {
      key: 'kubectlGet',
      label: `kubectl get pod -l workspaceID=${id} -o json`,
      command: kubectl,
      args: ['get', 'pod', '-l', `workspaceID=${id}`, '-n', ns, '-o', 'json'],
      check: (o) => (JSON.parse(o) as { items: unknown[] }).items.length === 1,
    },
    { key: 'pluginDirect', label: `dist/kubectl-workspace get ${id} (no kubectl dispatch)`, command: join(ctx.distDir, 'kubectl-workspace'), args: ['get', id, '-n', ns], check: (o) => o.includes(id) },
  ];
  const env = kubectlEnv(ctx);

  // One unmeasured run each: fills kubectl's discovery cache and the page cache, and checks the output.
  for (const p of peers) {
    const r = await runMeasured(p.command, p.args, { env, keepStdout: true });
    if (!p.check(r.stdout ?? '')) throw new Error(`${p.label} printed unexpected output: ${(r.stdout ?? '').slice(0, 300)}`);
  }
  const samples = new Map<string, number[]>(peers.map((p) => [p.key, []]));
  for (let i = 0; i < runs; i++) {
    // Rotating the order keeps any warm-up or background drift from favouring one peer.
    for (let j = 0; j < peers.length; j++) {
      const p = peers[(i + j) % peers.length] as Peer;
      samples.get(p.key)?.push((await runMeasured(p.command, p.args, { env })).wallMs);
    }
  }
  ctx.log(`get: ${runs} runs each done`);

  const stats = Object.fromEntries(peers.map((p) => [p.key, summarize(samples.get(p.key) ?? [])])) as Record<string, Summary>;
  const base = stats['kubectlGet'];
  const rows = peers.map((p) => {
    const s = stats[p.key] as Summary;
    return [p.label, String(s.n), num(s.median), spread(s), times(ratio(s.median, base?.median))];
  });
  return {
    key: 'get',
    title: '1. `kubectl workspace get` vs `kubectl get pod -l workspaceID=… -o json`',
    notes: [
      `Wall time of the whole command (process start to exit), ${runs} runs each, the three commands alternated in rotating order after one unmeasured warm-up run each.`,
      'The plugin is found by kubectl plugin discovery (dist/ first on PATH); the third row runs the bundle directly, without kubectl in front, for information.',
      'Ratio = median of the row / median of `kubectl get pod`; below 1× the row is faster.',
      `The workspace has its PLIS ConfigMap, so \`workspace get\` makes two API reads (in parallel) where kubectl makes one.`,
    ],
    tables: [{ headers: ['command', 'runs', 'median ms', 'min / p25 / p75 / max ms', 'ratio (median)'], rows }],
    data: {
      runs,
      peers: Object.fromEntries(peers.map((p) => [p.key, { command: p.label, ...stats[p.key] }])),
      ratios: {
        pluginViaKubectlToKubectlGet: ratio(stats['pluginViaKubectl']?.median, base?.median),
        pluginDirectToKubectlGet: ratio(stats['pluginDirect']?.median, base?.median),
      },
    },
  };
};
