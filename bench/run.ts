// `npm run bench [-- --quick] [-- --only get,list]`: builds the bundles, copies the plugin's two
// files and the webhook's one into a temporary directory (as a user installs them) and starts its own control plane
// there, runs the sections, prints their tables and writes bench/results/latest.{json,md}. The
// control plane is stopped and the directory removed at the end, also on error.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ControlPlane } from '../cluster/controlplane.js';
import { ensureTools } from '../cluster/tools.js';
import { PLUGIN_FILES, WEBHOOK_FILE, copyDist } from '../cluster/release-copy.js';
import { adminClient } from '../cluster/admin-client.js';
import { machineFacts } from './machine.js';
import { measuredNodeVersion } from './measured-node.js';
import { renderMarkdown, renderSection, toJson, type RunReport } from './report.js';
import { Mode, type BenchContext, type Section, type SectionResult } from './section.js';
import { admissionSection } from './sections/admission.js';
import { contentionSection } from './sections/contention.js';
import { getSection } from './sections/get.js';
import { listSection } from './sections/list.js';
import { webhookSection } from './sections/webhook.js';
import { elapsedMs } from './stats.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Report order. They run in another order (see RUN_ORDER). */
const SECTIONS: readonly (readonly [string, Section])[] = [
  ['get', getSection],
  ['list', listSection],
  ['webhook', webhookSection],
  ['admission', admissionSection],
  ['contention', contentionSection],
];
/** The thousands of pods `list` creates stay in etcd, so it runs last and cannot slow the others. */
const RUN_ORDER = ['get', 'webhook', 'admission', 'contention', 'list'];

const USAGE = `usage: npm run bench [-- --quick] [-- --only SECTION,…] [-- --no-build]
  --quick     smaller N and fewer runs (about 3 minutes on 2 cores)
  --only      run some sections: ${SECTIONS.map(([k]) => k).join(', ')} (results are printed, not written)
  --no-build  use the bundles already in dist/
`;

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function parseCli() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const known = new Set(SECTIONS.map(([k]) => k));
  const only = values.only
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = only?.filter((s) => !known.has(s)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(
      `error: unknown section ${unknown.map((u) => JSON.stringify(u)).join(', ')} in --only; expected some of ${[...known].join(', ')}\n${USAGE}`,
    );
    process.exit(2);
  }
  return { mode: values.quick ? Mode.quick : Mode.full, only, build: !values['no-build'] };
}

async function main(): Promise<number> {
  const cli = parseCli();
  const started = process.hrtime.bigint();
  const loadAtStart = loadavg();
  log(`${cli.mode} run; load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} on this machine`);
  const binDir = ensureTools();
  if (cli.build) {
    log('building dist/ bundles');
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  }
  const workDir = mkdtempSync(join(tmpdir(), 'kw-bench-'));
  const homeDir = join(workDir, 'home');
  mkdirSync(homeDir);
  let cp: ControlPlane | undefined;
  const results: SectionResult[] = [];
  const failures: Record<string, string> = {};
  try {
    // In the checkout, dist/package.json and the repository's node_modules shape how Node.js loads the bundles; a user's install has neither.
    const pluginDir = copyDist(PLUGIN_FILES, join(workDir, 'plugin'));
    const webhookBin = join(copyDist([WEBHOOK_FILE], join(workDir, 'webhook')), WEBHOOK_FILE);
    log(`starting a control plane in ${workDir}`);
    cp = await ControlPlane.start({ dir: join(workDir, 'cluster'), binDir, log });
    const versionClient = adminClient(cp);
    const kubernetesVersion = (await versionClient.get<{ gitVersion?: string }>('/version')).gitVersion ?? 'unknown';
    versionClient.close();
    const ctx: BenchContext = {
      mode: cli.mode,
      cp,
      repoRoot,
      kubernetesVersion,
      webhookBin,
      pluginDir,
      workDir,
      homeDir,
      log,
    };
    for (const key of RUN_ORDER) {
      const section = SECTIONS.find(([k]) => k === key)?.[1];
      if (section === undefined || (cli.only !== undefined && !cli.only.includes(key))) continue;
      log(`section ${key}`);
      const t = process.hrtime.bigint();
      try {
        const result = { ...(await section(ctx)), durationMs: elapsedMs(t) };
        results.push(result);
        process.stderr.write(`\n${renderSection(result)}\n\n`);
      } catch (err) {
        failures[key] = (err as Error)?.stack ?? String(err);
        log(`section ${key} failed: ${(err as Error)?.message ?? String(err)}`);
      }
    }
    const order = SECTIONS.map(([k]) => k);
    results.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
    const report: RunReport = {
      mode: cli.mode,
      machine: machineFacts({ repoRoot, kubectl: cp.kubectlPath, kubernetes: kubernetesVersion, measuredNode: measuredNodeVersion() }),
      durationMs: elapsedMs(started),
      loadAtStart,
      loadAtEnd: loadavg(),
      sections: results,
      failures,
    };
    const markdown = renderMarkdown(report);
    process.stdout.write(markdown);
    if (cli.only === undefined) {
      const out = join(repoRoot, 'bench', 'results');
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, 'latest.json'), toJson(report));
      writeFileSync(join(out, 'latest.md'), markdown);
      log(`wrote ${join('bench', 'results', 'latest.json')} and latest.md`);
    }
  } finally {
    if (cp !== undefined) {
      log('stopping the control plane');
      await cp.stop();
    }
    rmSync(workDir, { recursive: true, force: true });
  }
  log(`done in ${(elapsedMs(started) / 1000).toFixed(0)} s`);
  return Object.keys(failures).length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
