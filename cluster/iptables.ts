// The iptables chains the node's components add (kube-proxy's KUBE-*, the
// kubelet's canaries, the portmap plugin's CNI-*): listed before the node
// starts and removed after it stops, so `down` takes away exactly the chains
// that did not exist before `up`.
import { spawnSync } from 'node:child_process';

export const IPTABLES_TABLES = ['filter', 'nat', 'mangle'] as const;
export const IPTABLES_BINARIES = ['iptables', 'ip6tables'] as const;

/** "binary table chain" for every chain that exists, as read from iptables-save. */
export type ChainSnapshot = readonly string[];

/** The chains declared in one table's `iptables-save` output. */
export function chainsOf(saved: string): readonly string[] {
  return saved
    .split('\n')
    .filter((line) => line.startsWith(':'))
    .map((line) => line.slice(1).split(' ')[0] ?? '');
}

/** The rules (as `-A CHAIN ...` argument strings) of `saved` that live in or jump to one of `chains`. */
export function rulesTouching(saved: string, chains: ReadonlySet<string>): readonly string[] {
  return saved.split('\n').filter((line) => {
    if (!line.startsWith('-A ')) return false;
    const words = line.split(' ');
    if (chains.has(words[1] ?? '')) return true;
    const jump = words.findIndex((w) => w === '-j' || w === '-g');
    return jump >= 0 && chains.has(words[jump + 1] ?? '');
  });
}

function save(binary: string, table: string): string | undefined {
  const result = spawnSync(`${binary}-save`, ['-t', table], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout : undefined;
}

export function snapshotChains(): ChainSnapshot {
  const chains: string[] = [];
  for (const binary of IPTABLES_BINARIES) {
    for (const table of IPTABLES_TABLES) {
      for (const chain of chainsOf(save(binary, table) ?? '')) chains.push(`${binary} ${table} ${chain}`);
    }
  }
  return chains;
}

/**
 * Removes every KUBE-* or CNI-* chain absent from `before`, with the rules that jump to it.
 * Returns what was removed, as "binary table chain".
 */
export function removeChainsAddedSince(before: ChainSnapshot): readonly string[] {
  const existed = new Set(before);
  const removed: string[] = [];
  for (const binary of IPTABLES_BINARIES) {
    for (const table of IPTABLES_TABLES) {
      const saved = save(binary, table);
      if (saved === undefined) continue;
      const added = new Set(chainsOf(saved).filter((chain) => /^(KUBE|CNI)-/.test(chain) && !existed.has(`${binary} ${table} ${chain}`)));
      if (added.size === 0) continue;
      // Rules first (a chain still referenced cannot be deleted), then the chains themselves.
      for (const rule of rulesTouching(saved, added).filter((r) => !added.has(r.split(' ')[1] ?? ''))) {
        const args = rule.slice(3).match(/"[^"]*"|\S+/g) ?? [];
        spawnSync(binary, ['-w', '-t', table, '-D', ...args.map((a) => a.replace(/^"(.*)"$/, '$1'))], { stdio: 'ignore' });
      }
      // All flushed before any is deleted: the added chains jump to one another.
      for (const chain of added) spawnSync(binary, ['-w', '-t', table, '-F', chain], { stdio: 'ignore' });
      for (const chain of added) {
        spawnSync(binary, ['-w', '-t', table, '-X', chain], { stdio: 'ignore' });
        removed.push(`${binary} ${table} ${chain}`);
      }
    }
  }
  return removed;
}
