// Entry point of `kubectl_complete-workspace`: kubectl (>= 1.26) runs it as `kubectl_complete-workspace __complete <words…>`.
import { WORKSPACE_ID_LABEL } from '../shared/lookup.js';
import { connect } from '../shared/kube/connect.js';
import { loadMergedKubeconfig } from '../shared/kube/kubeconfig-files.js';
import { streamWorkspaces } from '../shared/kube/workspaces.js';
import { formatCompletion, planCompletion, type Candidate, type CompletionPlan } from './completion/complete.js';
import { Directive } from './completion/spec.js';

// A shell waiting on a TAB should not hang on an unreachable cluster.
const LOOKUP_TIMEOUT = '5s';

async function lookup(plan: Extract<CompletionPlan, { kind: 'lookup' }>): Promise<Candidate[]> {
  if (plan.source === 'contexts') {
    const merged = await loadMergedKubeconfig(plan.flags);
    return [...merged.contexts.keys()].map((value) => ({ value }));
  }
  const { client, connection } = await connect({ ...plan.flags, requestTimeout: LOOKUP_TIMEOUT });
  try {
    if (plan.source === 'namespaces') {
      const list = await client.get<{ items?: { metadata?: { name?: string } }[] }>('/api/v1/namespaces');
      return (list.items ?? []).map((n) => ({ value: n.metadata?.name ?? '' }));
    }
    // Streamed: each pod is reduced to its ID and phase as it arrives, without holding or parsing the whole list
    // (a TAB over thousands of workspaces would otherwise wait for every pod's managedFields to be parsed).
    const candidates: Candidate[] = [];
    await streamWorkspaces(client, connection.namespace, undefined, (p) =>
      candidates.push({ value: p.metadata?.labels?.[WORKSPACE_ID_LABEL] ?? '', description: p.status?.phase ?? '' }),
    );
    return candidates;
  } finally {
    client.close();
  }
}

async function main(words: readonly string[]): Promise<string> {
  const plan = planCompletion(words);
  if (plan.kind === 'static') return formatCompletion(plan.candidates, plan.directive);
  try {
    const found = (await lookup(plan)).filter((c) => c.value !== '' && c.value.startsWith(plan.prefix));
    return formatCompletion(found, Directive.noFileComp);
  } catch {
    // Completion must never print errors into the user's command line: answer with the directive alone.
    return formatCompletion([], Directive.noFileComp);
  }
}

const args = process.argv.slice(2);
const words = args[0] === '__complete' || args[0] === '__completeNoDesc' ? args.slice(1) : args;
// No top-level await: the bundle is CommonJS so it runs wherever it is copied.
void main(words.length === 0 ? [''] : words).then((out) => process.stdout.write(out));
