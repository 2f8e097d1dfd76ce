// Secrets inside a PLIS document: lastPodStatus is a WorkspaceStatus, whose
// auth.owner_token is the same secret as the pod's gitpod/ownerToken.
import { REDACTED } from './annotations.js';
import { decodePlis, encodePlis, isJsonObject, type PlisDocument } from './plis-codec.js';
import { utf8ByteLength } from './size.js';

const SECRET_AUTH_KEYS = ['owner_token', 'ownerToken'] as const;

/** A copy of `doc` with the owner token in lastPodStatus.auth replaced by <redacted>; `doc` itself is untouched. */
export function redactPlisDocument(doc: PlisDocument): PlisDocument {
  const status = doc.lastPodStatus;
  if (!isJsonObject(status) || !isJsonObject(status['auth'])) return doc;
  const auth = status['auth'];
  if (!SECRET_AUTH_KEYS.some((k) => typeof auth[k] === 'string' && auth[k] !== '')) return doc;
  const redactedAuth = Object.fromEntries(Object.entries(auth).map(([k, v]) => [k, (SECRET_AUTH_KEYS as readonly string[]).includes(k) && v !== '' ? REDACTED : v]));
  return { ...doc, lastPodStatus: { ...status, auth: redactedAuth } };
}

/**
 * The gitpod/plis annotation value safe to print: re-encoded with the owner token redacted, or, when it is
 * not a readable PLIS document, only its size (it might hold the token in a form we cannot find).
 */
export function redactPlisAnnotation(raw: string, where: string): string {
  try {
    const doc = decodePlis(raw, where);
    const redacted = redactPlisDocument(doc);
    return redacted === doc ? raw : encodePlis(redacted);
  } catch {
    return `<${utf8ByteLength(raw)} bytes, not a readable PLIS document>`;
  }
}
