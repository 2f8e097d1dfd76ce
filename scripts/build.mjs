// Bundles each executable into one self-contained file under dist/, so a
// start costs one file read and no module resolution.
import { build } from 'esbuild';
import { chmod, mkdir } from 'node:fs/promises';

const entries = [
  { entry: 'plugin/main.ts', out: 'dist/kubectl-workspace' },
  { entry: 'plugin/complete-main.ts', out: 'dist/kubectl_complete-workspace' },
  { entry: 'webhook/main.ts', out: 'dist/workspace-webhook' },
];

// ESM output cannot call require(); some CommonJS dependencies do.
const banner = [
  '#!/usr/bin/env node',
  "import { createRequire as __kwCreateRequire } from 'node:module';",
  'const require = __kwCreateRequire(import.meta.url);',
].join('\n');

// `node scripts/build.mjs webhook` builds only the bundles whose name contains 'webhook'.
const only = process.argv[2];
const selected = only ? entries.filter((e) => e.out.includes(only)) : entries;
if (selected.length === 0) throw new Error(`no bundle matches ${JSON.stringify(only)}`);

await mkdir('dist', { recursive: true });
for (const { entry, out } of selected) {
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    legalComments: 'none',
    banner: { js: banner },
    logLevel: 'warning',
  });
  await chmod(out, 0o755);
}
