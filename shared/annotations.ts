// The catalogue of gitpod/* annotations: where each lives, how it is validated, and which are secret or large
// (shared/redact.ts turns that into what is shown).
import * as v from './validators.js';

export const Annotation = {
  id: 'gitpod/id',
  servicePrefix: 'gitpod/servicePrefix',
  url: 'gitpod/url',
  neverReady: 'gitpod/never-ready',
  timedOut: 'gitpod/timedout',
  closed: 'gitpod/closed',
  explicitFail: 'gitpod/explicitFail',
  snapshot: 'gitpod/snapshot',
  contentInitializer: 'gitpod/contentInitializer',
  imageSpec: 'gitpod/imageSpec',
  failedBeforeStopping: 'gitpod/failedBeforeStopping',
  customTimeout: 'gitpod/customTimeout',
  firstUserActivity: 'gitpod/firstUserActivity',
  fullWorkspaceBackup: 'gitpod/fullWorkspaceBackup',
  ownerToken: 'gitpod/ownerToken',
  admission: 'gitpod/admission',
  ingressPorts: 'gitpod/ingressPorts',
  withUsernamespace: 'gitpod/withUsernamespace',
  plis: 'gitpod/plis',
} as const;
export type AnnotationName = (typeof Annotation)[keyof typeof Annotation];

export const ObjectKind = { pod: 'pod', plis: 'plis', service: 'service', configMap: 'configMap' } as const;
export type ObjectKind = (typeof ObjectKind)[keyof typeof ObjectKind];

export const AdmissionLevel = { ownerOnly: 'admit_owner_only', everyone: 'admit_everyone' } as const;
export type AdmissionLevel = (typeof AdmissionLevel)[keyof typeof AdmissionLevel];

export interface AnnotationSpec {
  readonly name: AnnotationName;
  readonly on: readonly ObjectKind[];
  readonly summary: string;
  /** Redacted in every output unless secrets are asked for. */
  readonly secret: boolean;
  /** Never printed whole by default. */
  readonly large: boolean;
  /** undefined when the value is acceptable, else what was expected. */
  readonly validate: (value: string) => string | undefined;
}

const { pod, plis, service, configMap } = ObjectKind;

function spec(
  name: AnnotationName,
  on: readonly ObjectKind[],
  summary: string,
  validate: v.Validator,
  flags: { secret?: boolean; large?: boolean } = {},
): AnnotationSpec {
  return Object.freeze({ name, on: Object.freeze([...on]), summary, secret: flags.secret ?? false, large: flags.large ?? false, validate });
}

export const ANNOTATION_CATALOGUE: readonly AnnotationSpec[] = Object.freeze([
  spec(Annotation.id, [pod, plis], 'workspace id, set at creation', v.nonEmpty),
  spec(Annotation.servicePrefix, [pod, plis], 'prefix of the workspace services', v.nonEmpty),
  spec(Annotation.url, [pod], 'public workspace URL', v.absoluteUrl),
  spec(Annotation.neverReady, [pod, plis], 'the workspace has never been ready', v.presenceFlag),
  spec(Annotation.timedOut, [pod, plis], 'why the workspace timed out', v.anyString),
  spec(Annotation.closed, [pod], 'closed by the user: times out after a short afterClose period', v.presenceFlag),
  spec(Annotation.explicitFail, [pod], 'failure message; implies gitpod/failedBeforeStopping', v.anyString),
  spec(Annotation.snapshot, [pod], 'snapshot taken before shutdown', v.anyString),
  spec(Annotation.contentInitializer, [pod], 'content initializer (base64 protobuf)', v.base64, { large: true }),
  spec(Annotation.imageSpec, [pod], 'image spec (base64 protobuf)', v.base64, { large: true }),
  spec(Annotation.failedBeforeStopping, [pod], 'failed before stopping: stabilises the failed condition', v.presenceFlag),
  spec(Annotation.customTimeout, [pod], 'activity timeout (Go duration)', v.goDuration),
  spec(Annotation.firstUserActivity, [pod], 'time of the first user activity (RFC 3339, UTC)', v.utcRfc3339Nano),
  spec(Annotation.fullWorkspaceBackup, [pod], 'the workspace uses a full workspace backup', v.presenceFlag),
  spec(Annotation.ownerToken, [pod], 'owner token', v.anyString, { secret: true }),
  spec(Annotation.admission, [pod], 'who may access the workspace (missing means owner only)', v.oneOf(Object.values(AdmissionLevel))),
  spec(Annotation.ingressPorts, [service], 'workspace port to ingress port mapping (JSON)', v.ingressPorts),
  spec(Annotation.withUsernamespace, [pod], 'the workspace runs in a user namespace', v.presenceFlag),
  spec(Annotation.plis, [configMap], 'pod lifecycle independent state (JSON)', v.plisDocument),
]);

const BY_NAME: ReadonlyMap<string, AnnotationSpec> = new Map(ANNOTATION_CATALOGUE.map((s) => [s.name, s]));

export function annotationSpec(name: string): AnnotationSpec | undefined {
  return BY_NAME.get(name);
}

export function isGitpodAnnotation(name: string): boolean {
  return name.startsWith('gitpod/');
}

/** Levenshtein distance, case-insensitive: `gitpod/explicitfail` is one edit from `gitpod/explicitFail`. */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = (previous[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[y.length] as number;
}

export const SUGGESTION_MAX_EDITS = 2;

/** The catalogue name closest to `name`, when within SUGGESTION_MAX_EDITS edits; the first in catalogue order wins ties. */
export function closestAnnotation(name: string): AnnotationName | undefined {
  let best: { name: AnnotationName; distance: number } | undefined;
  for (const s of ANNOTATION_CATALOGUE) {
    const distance = editDistance(name, s.name);
    if (distance <= SUGGESTION_MAX_EDITS && (best === undefined || distance < best.distance)) best = { name: s.name, distance };
  }
  return best?.name;
}
