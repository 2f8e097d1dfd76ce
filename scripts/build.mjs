// Bundles each executable into one self-contained file under dist/, so a
// start costs one file read and no module resolution.
import { build } from 'esbuild';
import { chmod, mkdir, writeFile } from 'node:fs/promises';

const entries = [
  { entry: 'plugin/main.ts', out: 'dist/kubectl-workspace' },
  { entry: 'plugin/complete-main.ts', out: 'dist/kubectl_complete-workspace' },
  { entry: 'webhook/main.ts', out: 'dist/workspace-webhook' },
];

// CommonJS output: a file without a .js/.mjs suffix and no package.json beside
// it (a krew install, a plain copy) is loaded as CommonJS by every Node version.
// ESM dependencies (yargs) read import.meta.url, which CommonJS lacks: give
// them this file's URL.
const banner = [
  '#!/usr/bin/env node',
  "const __kwImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
].join('\n');

// `node scripts/build.mjs webhook` builds only the bundles whose entry or output path
// contains the word: `plugin` gives both plugin bundles, `complete` the completion one.
const only = process.argv[2];
const selected = only ? entries.filter((e) => e.out.includes(only) || e.entry.includes(only)) : entries;
if (selected.length === 0) throw new Error(`no bundle matches ${JSON.stringify(only)}`);

await mkdir('dist', { recursive: true });
// The repository's package.json says "type": "module"; the bundles are CommonJS.
await writeFile('dist/package.json', '{ "type": "commonjs" }\n');
for (const { entry, out } of selected) {
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    banner: { js: banner },
    define: { 'import.meta.url': '__kwImportMetaUrl' },
    logLevel: 'warning',
  });
  await chmod(out, 0o755);
}
