// Planning a PLIS ConfigMap write: decode, patch, encode, apply marks, check the size limit.
import { applyMarks, type Mark } from './marks.js';
import { applyPlisPatch, decodePlis, encodePlis, type PlisPatch } from './plis-codec.js';
import { checkAnnotationsSize } from './size.js';

export { applyPlisPatch, decodePlis, encodePlis, plisConfigMapName, type PlisPatch } from './plis-codec.js';
export { ANNOTATIONS_SIZE_LIMIT_BYTES, annotationsSize, checkAnnotationsSize } from './size.js';
export { formatRfc3339Nano, parseRfc3339 } from './rfc3339.js';

const PLIS_ANNOTATION = 'gitpod/plis';

/**
 * The ConfigMap annotations after patching its PLIS document and applying `marks`; `where` (`<ns>/plis-<id>`)
 * names the ConfigMap in errors. An untouched document is left byte for byte as it was.
 */
export function planPlisUpdate(
  annotations: Readonly<Record<string, string>>,
  patch: PlisPatch,
  marks: readonly Mark[],
  where: string,
): { readonly annotations: Record<string, string>; readonly changed: boolean } {
  const raw = Object.hasOwn(annotations, PLIS_ANNOTATION) ? annotations[PLIS_ANNOTATION] : undefined;
  const patched = applyPlisPatch(decodePlis(raw, where), patch, where);
  const base = patched.changed ? { ...annotations, [PLIS_ANNOTATION]: encodePlis(patched.doc) } : annotations;
  const marked = applyMarks(base, marks);
  const changed = patched.changed || marked.changed.length > 0;
  if (changed) checkAnnotationsSize(marked.annotations, `ConfigMap ${where}`);
  return { annotations: marked.annotations, changed };
}
