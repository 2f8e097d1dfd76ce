// The API server's limit on the total size of an object's annotations, checked before sending.
import { Buffer } from 'node:buffer';
import { AnnotationsTooLargeError } from './errors.js';

/** apimachinery's TotalAnnotationSizeLimitB (256 KiB); a total equal to it is still accepted. */
export const ANNOTATIONS_SIZE_LIMIT_BYTES = 262144;

// Counted without encoding: a lone surrogate counts 3 bytes, as U+FFFD, the same as TextEncoder would write.
export function utf8ByteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** As the API server counts: the sum of the UTF-8 lengths of every key and value. */
export function annotationsSize(a: Readonly<Record<string, string>>): number {
  let total = 0;
  for (const [key, value] of Object.entries(a)) total += utf8ByteLength(key) + utf8ByteLength(value);
  return total;
}

/** Throws AnnotationsTooLargeError when the API server would reject these annotations. */
export function checkAnnotationsSize(a: Readonly<Record<string, string>>, objectName: string): void {
  const size = annotationsSize(a);
  if (size > ANNOTATIONS_SIZE_LIMIT_BYTES) throw new AnnotationsTooLargeError(objectName, size, ANNOTATIONS_SIZE_LIMIT_BYTES);
}
