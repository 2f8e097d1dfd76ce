// The repository's module graph as the source spells it: every static import, re-export and dynamic import() of a
// relative module, type-only ones included (a type import still ties two modules' designs together).
import { readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';

const SPECIFIER = /(?:\bimport\b[^'"`;]*?\bfrom\s*|\bexport\b[^'"`;]*?\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Module path (relative to the root, e.g. `plugin/cli.ts`) to the modules it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

function sourceFiles(root: string, folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((e) => {
    const path = `${folder}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(root, path);
    return e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The relative modules one source text imports, resolved against its own path (`./x.js` is `x.ts`). */
export function importsOf(path: string, text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(SPECIFIER)) {
    const target = posix.normalize(posix.join(posix.dirname(path), m[1] ?? ''));
    found.add(target.replace(/\.js$/, '.ts'));
  }
  return [...found];
}

export function importGraph(root: string, folders: readonly string[]): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const folder of folders) {
    for (const file of sourceFiles(root, folder)) graph.set(file, importsOf(file, readFileSync(join(root, file), 'utf8')));
  }
  return graph;
}

/** Every import cycle, each as the modules along it (first repeated last); empty when the graph is acyclic. */
export function importCycles(graph: ImportGraph): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (state.get(node) === undefined) visit(node);
  return cycles;
}

/** The top folder of a module path (`plugin/output/table.ts` is `plugin`). */
export function topFolder(path: string): string {
  return path.split('/')[0] ?? '';
}
