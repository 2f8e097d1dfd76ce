// The admission decision: plain objects in, JSONPatch operations out. It never sees HTTP.
import { Annotation } from '../shared/annotations.js';
import { isJsonObject } from '../shared/json-object.js';

export const Operation = {
  create: 'CREATE',
  update: 'UPDATE',
  delete: 'DELETE',
  connect: 'CONNECT',
} as const;
export type Operation = (typeof Operation)[keyof typeof Operation];

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

export interface DecisionInput {
  readonly operation: string;
  readonly kind: GroupVersionKind;
  readonly resource?: GroupVersionResource;
  readonly subResource?: string;
  readonly object: unknown;
  readonly oldObject?: unknown;
}

export type JsonPatchOperation =
  | { readonly op: 'add'; readonly path: string; readonly value: unknown }
  | { readonly op: 'replace'; readonly path: string; readonly value: unknown };

/** The value the invariant demands whenever explicitFail is present. */
export const failedBeforeStoppingValue = 'true';

/** RFC 6901: '~' must be escaped before '/', or '/' escapes would be double-escaped. */
export function escapeJsonPointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function isPodRequest(input: DecisionInput): boolean {
  if (input.kind.group !== '' || input.kind.kind !== 'Pod') return false;
  // pods/status persists the request's metadata (its strategy resets only spec, deletion timestamp
  // and owner references), so annotations written there need the rule too; other subresources
  // (binding, eviction, ephemeralcontainers, …) carry other kinds or keep the stored annotations.
  return input.subResource === undefined || input.subResource === '' || input.subResource === 'status';
}

/**
 * Operations that set annotation `key` to `value` on `object`, or none when it already has
 * that value. Adds the whole map (or metadata) when absent, `replace`s an existing key.
 */
export function setAnnotationPatch(object: unknown, key: string, value: string): readonly JsonPatchOperation[] {
  if (!isJsonObject(object)) return [];
  const metadata = object['metadata'];
  if (metadata === undefined || metadata === null) {
    return [{ op: 'add', path: '/metadata', value: { annotations: { [key]: value } } }];
  }
  if (!isJsonObject(metadata)) return [];
  const annotations = metadata['annotations'];
  if (annotations === undefined || annotations === null) {
    return [{ op: 'add', path: '/metadata/annotations', value: { [key]: value } }];
  }
  if (!isJsonObject(annotations)) return [];
  const path = `/metadata/annotations/${escapeJsonPointerToken(key)}`;
  if (!Object.hasOwn(annotations, key)) return [{ op: 'add', path, value }];
  if (annotations[key] === value) return [];
  return [{ op: 'replace', path, value }];
}

function annotationsOf(object: unknown): Readonly<Record<string, unknown>> | undefined {
  if (!isJsonObject(object)) return undefined;
  const metadata = object['metadata'];
  if (!isJsonObject(metadata)) return undefined;
  const annotations = metadata['annotations'];
  return isJsonObject(annotations) ? annotations : undefined;
}

/**
 * The webhook's rule: a Pod CREATE or UPDATE whose new object carries gitpod/explicitFail
 * (any value, even empty) gets gitpod/failedBeforeStopping set to "true". Everything else,
 * including DELETE and CONNECT, is allowed unchanged. The result is never a denial.
 */
export function decide(input: DecisionInput): readonly JsonPatchOperation[] {
  if (input.operation !== Operation.create && input.operation !== Operation.update) return [];
  if (!isPodRequest(input)) return [];
  const annotations = annotationsOf(input.object);
  if (annotations === undefined || !Object.hasOwn(annotations, Annotation.explicitFail)) return [];
  return setAnnotationPatch(input.object, Annotation.failedBeforeStopping, failedBeforeStoppingValue);
}
