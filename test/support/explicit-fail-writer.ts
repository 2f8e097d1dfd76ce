// A writer other than the plugin, as the chart exists for: `kubectl annotate` of gitpod/explicitFail on
// one pod, over and over, each write removing gitpod/failedBeforeStopping in the same request so
// that every write needs the admission patch. It records what each write came back with.
import type { ControlPlane } from '../../cluster/controlplane.js';
import { kubectlOk, runKubectl } from './cluster.js';

export interface WriterResult {
  /** Writes stored with failedBeforeStopping "true" added by admission. */
  readonly mutated: number;
  /** Writes the API server refused, with its message. */
  readonly refused: readonly string[];
  /** Writes whose value was stored without failedBeforeStopping "true": the invariant broken. */
  readonly halfApplied: readonly string[];
}

export interface ExplicitFailWriter {
  /** Lets the write in flight finish and returns what all writes came back with. */
  stop(): Promise<WriterResult>;
}

type Annotations = Readonly<Record<string, string>>;

export interface WriteOutcome {
  /** The annotations the API server stored, or undefined when it refused the write. */
  readonly stored?: Annotations;
  readonly refusal: string;
}

/** One `kubectl annotate` that sets explicitFail to `value` and removes failedBeforeStopping in the same request. */
export async function writeExplicitFail(plane: ControlPlane, ns: string, pod: string, value: string): Promise<WriteOutcome> {
  const write = await runKubectl(plane, [
    'annotate',
    '--overwrite',
    '-n',
    ns,
    `pod/${pod}`,
    `gitpod/explicitFail=${value}`,
    'gitpod/failedBeforeStopping-',
    '-o',
    'json',
  ]);
  if (write.code !== 0) return { refusal: write.stderr.trim() };
  return { stored: (JSON.parse(write.stdout) as { metadata: { annotations?: Annotations } }).metadata.annotations ?? {}, refusal: '' };
}

export function startExplicitFailWriter(plane: ControlPlane, ns: string, pod: string): ExplicitFailWriter {
  let stopping = false;
  let mutated = 0;
  const refused: string[] = [];
  const halfApplied: string[] = [];
  const annotationsOf = async (): Promise<Annotations> =>
    (JSON.parse(await kubectlOk(plane, ['get', 'pod', '-n', ns, pod, '-o', 'json'])) as { metadata: { annotations?: Annotations } })
      .metadata.annotations ?? {};

  const loop = (async () => {
    for (let n = 1; !stopping; n++) {
      const value = `writer ${n}`;
      const write = await writeExplicitFail(plane, ns, pod, value);
      if (write.stored !== undefined) {
        if (write.stored['gitpod/failedBeforeStopping'] === 'true') mutated++;
        else halfApplied.push(`${value}: stored without failedBeforeStopping`);
      } else {
        refused.push(write.refusal);
        // A refused write must have changed nothing.
        if ((await annotationsOf())['gitpod/explicitFail'] === value) halfApplied.push(`${value}: refused, yet stored`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  // A failure surfaces in stop(); until then it must not count as unhandled.
  loop.catch(() => {});

  return {
    async stop() {
      stopping = true;
      await loop;
      return { mutated, refused, halfApplied };
    },
  };
}
