// The Node.js every measured JavaScript process runs on: the plugin (through kubectl or directly), the empty-script
// floors and both Node.js webhooks. Node.js 24 from scripts/node-runtime.sh, the runtime the image ships, whatever
// Node.js runs the bench itself (users of the plugin run their own `node`, 22 or 24).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { nodeRuntime } from '../cluster/node-runtime.js';

let binDir: string | undefined;

/** The bin directory of the measured Node.js: put first on PATH, so the plugin's `#!/usr/bin/env node` finds it. */
export function measuredNodeBin(): string {
  return (binDir ??= nodeRuntime('24'));
}

/** The measured `node` executable. */
export function measuredNode(): string {
  return join(measuredNodeBin(), 'node');
}

/** Its version, e.g. v24.22.3, for the report. */
export function measuredNodeVersion(): string {
  return execFileSync(measuredNode(), ['--version'], { encoding: 'utf8' }).trim();
}
