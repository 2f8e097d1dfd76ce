// Writes the release layout under dist/: every artifact a user installs, complete.
//   dist/kubectl-workspace, dist/kubectl_complete-workspace   the plugin files, as krew installs them
//   dist/workspace-webhook                                   the webhook as one executable file
//   dist/image/                                              the webhook image's application folder
//                                                            (the Dockerfile's runtime stage copies it whole)
// Each bundle is one self-contained file, so a start costs one file read and no module resolution.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { appendFile, chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { bundleOptions } from './bundle-options.mjs';
import { encodePayload } from './bundle-payload.mjs';

// The plugin files start on every command and every TAB: they run through the code-cache launcher
// (plugin/launch/). The webhook starts once per pod and stays a plain bundle.
// A code cache file per command only for the bundle that reports the command it ran (plugin/main.ts):
// the completion bundle's arguments are the words being completed, one cache serves them all.
const entries = [
  { entry: 'plugin/main.ts', out: 'dist/kubectl-workspace', launcher: true, cachePerCommand: true },
  { entry: 'plugin/complete-main.ts', out: 'dist/kubectl_complete-workspace', launcher: true, cachePerCommand: false },
  { entry: 'webhook/main.ts', out: 'dist/workspace-webhook', launcher: false },
];
const LAUNCHER_ENTRY = 'plugin/launch/launcher.ts';

// The image's application folder: the webhook bundle plus the package.json that makes every
// Node.js load it as CommonJS whatever lies above it.
const IMAGE_DIR = 'dist/image';
const COMMONJS_PACKAGE = '{ "type": "commonjs" }\n';

// CommonJS output: a file without a .js/.mjs suffix and no package.json beside
// it (a krew install, a plain copy) is loaded as CommonJS by every Node version.
// ESM dependencies (yargs) read import.meta.url, which CommonJS lacks: give
// them this file's URL. The prologue refuses a too-old Node.js in one line.
const prologue = (await readFile(new URL('./node-prologue.cjs', import.meta.url), 'utf8'))
  .split('\n')
  .filter((line) => !line.startsWith('//'))
  .join('\n');
const shebangAndPrologue = ['#!/usr/bin/env node', prologue.trim()].join('\n');
const importMetaUrl = "const __kwImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";
const banner = [shebangAndPrologue, importMetaUrl].join('\n');

// `node scripts/build.mjs webhook` builds only the bundles whose entry or output path
// contains the word: `plugin` gives both plugin bundles, `complete` the completion one.
const only = process.argv[2];

// Deprecated built-ins that dependencies call would print a warning on Node.js 24: each resolves to a shim.
// `require('punycode')` resolves to the shim, never to the deprecated built-in.
const punycodeShim = {
  name: 'punycode-shim',
  setup(b) {
    b.onResolve({ filter: /^(node:)?punycode$/ }, () => ({ path: new URL('./punycode-shim.cjs', import.meta.url).pathname }));
  },
};
// node-fetch 2's `require('url')` resolves to a node:url whose parse() uses the WHATWG parser.
const urlParseShim = {
  name: 'url-parse-shim',
  setup(b) {
    b.onResolve({ filter: /^(node:)?url$/ }, (args) =>
      /[\\/]node_modules[\\/]node-fetch[\\/]/.test(args.importer)
        ? { path: new URL('./url-parse-shim.cjs', import.meta.url).pathname }
        : undefined,
    );
  },
};
const selected = only ? entries.filter((e) => e.out.includes(only) || e.entry.includes(only)) : entries;
if (selected.length === 0) throw new Error(`no bundle matches ${JSON.stringify(only)}`);

await mkdir('dist', { recursive: true });
// The repository's package.json says "type": "module"; the bundles are CommonJS.
await writeFile('dist/package.json', COMMONJS_PACKAGE);
const common = { ...bundleOptions, plugins: [punycodeShim, urlParseShim] };

/** The bundle's text as a function expression of the CommonJS module arguments, for the launcher. */
async function innerSource(entry) {
  const result = await build({
    ...common,
    entryPoints: [entry],
    write: false,
    outfile: 'inner.cjs',
    banner: { js: importMetaUrl },
    define: { 'import.meta.url': '__kwImportMetaUrl' },
  });
  const [file] = result.outputFiles;
  return `(function (exports, require, module, __filename, __dirname) {\n${file.text}\n})`;
}

for (const { entry, out, launcher, cachePerCommand } of selected) {
  if (launcher) {
    const source = await innerSource(entry);
    const payload = encodePayload(source);
    await build({
      ...common,
      entryPoints: [LAUNCHER_ENTRY],
      outfile: out,
      banner: { js: shebangAndPrologue },
      define: {
        KW_PAYLOAD_LENGTH: String(payload.length),
        KW_BUNDLE_HASH: JSON.stringify(createHash('sha256').update(source).digest('hex').slice(0, 32)),
        KW_BUNDLE_NAME: JSON.stringify(basename(out)),
        KW_CACHE_PER_COMMAND: String(cachePerCommand),
      },
    });
    await appendFile(out, payload);
  } else {
    await build({
      ...common,
      entryPoints: [entry],
      outfile: out,
      banner: { js: banner },
      define: { 'import.meta.url': '__kwImportMetaUrl' },
    });
  }
  await chmod(out, 0o755);
}

if (selected.some((e) => e.out === 'dist/workspace-webhook')) {
  await rm(IMAGE_DIR, { recursive: true, force: true });
  await mkdir(IMAGE_DIR, { recursive: true });
  await copyFile('dist/workspace-webhook', `${IMAGE_DIR}/workspace-webhook`);
  await chmod(`${IMAGE_DIR}/workspace-webhook`, 0o755);
  await writeFile(`${IMAGE_DIR}/package.json`, COMMONJS_PACKAGE);
  await chmod(`${IMAGE_DIR}/package.json`, 0o644);
}
