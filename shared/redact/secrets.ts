// What counts as secret: the catalogue's secret annotations, the owner token's JSON member names in any case Go
// reads, kubectl's last-applied copy, and the PLIS (it carries the owner token).
import { Annotation, ANNOTATION_CATALOGUE, annotationSpec } from '../annotations.js';
import { goFoldKey } from '../jsonraw.js';

/** kubectl apply keeps a copy of every annotation here, secrets included (the PLIS as escaped JSON too). */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export const SECRET_ANNOTATION_NAMES: readonly string[] = ANNOTATION_CATALOGUE.filter((s) => s.secret).map((s) => s.name);

/** JSON member names that carry the owner token: WorkspaceStatus.auth's owner_token (ownerToken in protojson), and the annotation. */
const SECRET_JSON_KEYS: ReadonlySet<string> = new Set(['owner_token', 'ownerToken', ...SECRET_ANNOTATION_NAMES].map(goFoldKey));

// Folding keeps the length of these ASCII names, so other lengths are ruled out before folding.
const SECRET_KEY_LENGTHS: ReadonlySet<number> = new Set([...SECRET_JSON_KEYS].map((k) => k.length));

/** Whether a JSON member of this name holds a secret, whatever its case or escaping (`key` is decoded). */
export function isSecretJsonKey(key: string): boolean {
  return SECRET_KEY_LENGTHS.has(key.length) && SECRET_JSON_KEYS.has(goFoldKey(key));
}

/** Whether an annotation's whole value is hidden: a secret of the catalogue, or the last-applied copy of them all. */
export function isSecretAnnotation(name: string): boolean {
  return annotationSpec(name)?.secret === true || name === LAST_APPLIED;
}

/** Whether an error may quote a value of this annotation: not a secret, nor the PLIS (it carries the owner token). */
export function isQuotableInErrors(annotation: string): boolean {
  return annotationSpec(annotation)?.secret !== true && annotation !== Annotation.plis;
}

const SECRET_HINTS = ['OWNER', 'TOKEN', 'SECRET', 'PASSWORD', ...SECRET_ANNOTATION_NAMES.map(goFoldKey)];

/**
 * Whether text the user typed may hold a secret next to a mistyped name (`gitpod/ownertoken:abc`,
 * ` gitpod/ownerToken:abc`): such text is described, never quoted, in errors.
 */
export function mayHoldSecret(text: string): boolean {
  const folded = goFoldKey(text);
  return SECRET_HINTS.some((hint) => folded.includes(hint));
}
