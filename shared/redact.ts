// Every redaction the tool applies before text leaves the process: annotations, JSON documents (PLIS,
// matched on the text as Go's decoder would read it), kubectl's last-applied copy, and error messages.
import { Annotation, ANNOTATION_CATALOGUE, annotationSpec } from './annotations.js';
import { goFoldKey, JsonSyntaxError, scanJson, type JsonNode } from './jsonraw.js';
import { utf8ByteLength } from './size.js';

export const REDACTED = '<redacted>';

export interface RedactOptions {
  /** Print secrets as they are (--show-secrets). */
  readonly showSecrets: boolean;
  /** Print large base64 values whole (--show-large). */
  readonly showLarge?: boolean;
}

/** kubectl apply keeps a copy of every annotation here, secrets included (the PLIS as escaped JSON too). */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const SECRET_ANNOTATION_NAMES: readonly string[] = ANNOTATION_CATALOGUE.filter((s) => s.secret).map((s) => s.name);

/** JSON member names that carry the owner token: WorkspaceStatus.auth's owner_token (ownerToken in protojson), and the annotation. */
const SECRET_JSON_KEYS: ReadonlySet<string> = new Set(['owner_token', 'ownerToken', ...SECRET_ANNOTATION_NAMES].map(goFoldKey));

// Folding keeps the length of these ASCII names, so other lengths are ruled out before folding.
const SECRET_KEY_LENGTHS: ReadonlySet<number> = new Set([...SECRET_JSON_KEYS].map((k) => k.length));

/** Whether a JSON member of this name holds a secret, whatever its case or escaping (`key` is decoded). */
export function isSecretJsonKey(key: string): boolean {
  return SECRET_KEY_LENGTHS.has(key.length) && SECRET_JSON_KEYS.has(goFoldKey(key));
}

/** Values left visible under a secret name: they say "no token" and hide nothing. */
function isEmptyValue(text: string, node: JsonNode): boolean {
  const t = text.slice(node.start, node.end);
  return t === '""' || t === 'null';
}

interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const QUOTED_REDACTED = JSON.stringify(REDACTED);
/** "token" in any case Go folds (the Kelvin sign is a k), or an escape that could spell it. */
const MAY_NAME_A_TOKEN = /to[k\u212A]en|\\u/i;

/** A string member that is itself JSON carrying a secret (`"{\"owner_token\":…}"`): its redacted re-quoting. */
function redactedJsonString(literal: string): string | undefined {
  if (!MAY_NAME_A_TOKEN.test(literal)) return undefined; // most strings: no JSON.parse, no folding
  const inner = JSON.parse(literal) as string;
  if (!goFoldKey(inner).includes('TOKEN')) return undefined;
  try {
    const redacted = redactJsonText(inner);
    return redacted === inner ? undefined : JSON.stringify(redacted);
  } catch (err) {
    if (err instanceof JsonSyntaxError) return undefined;
    throw err;
  }
}

function secretReplacements(text: string, node: JsonNode, out: Replacement[]): void {
  if (node.kind === 'object') {
    for (const m of node.members) {
      if (isSecretJsonKey(m.key) && !isEmptyValue(text, m.value)) out.push({ start: m.value.start, end: m.value.end, text: QUOTED_REDACTED });
      else secretReplacements(text, m.value, out);
    }
  } else if (node.kind === 'array') {
    for (const item of node.items) secretReplacements(text, item, out);
  } else if (node.kind === 'string') {
    const redacted = redactedJsonString(text.slice(node.start, node.end));
    if (redacted !== undefined) out.push({ start: node.start, end: node.end, text: redacted });
  }
}

/**
 * `text` with the value of every secret-named member (any depth, every duplicate, any case, inside JSON held in
 * a string too) replaced by "<redacted>"; everything else kept byte for byte. Throws JsonSyntaxError when `text`
 * is not valid JSON.
 */
export function redactJsonText(text: string): string {
  const replacements: Replacement[] = [];
  secretReplacements(text, scanJson(text), replacements);
  let out = '';
  let from = 0;
  for (const r of replacements) {
    out += text.slice(from, r.start) + r.text;
    from = r.end;
  }
  return out + text.slice(from);
}

/** What is shown instead of a value that cannot be searched for secrets. */
export function unreadableSummary(text: string, what: string): string {
  return `<${utf8ByteLength(text)} bytes, not ${what}>`;
}

/** The gitpod/plis value safe to print: the owner token redacted in the text, or only its size when it is not JSON. */
export function redactPlisText(raw: string): string {
  try {
    return redactJsonText(raw);
  } catch (err) {
    if (err instanceof JsonSyntaxError) return unreadableSummary(raw, 'valid JSON');
    throw err;
  }
}

/** A copy for display: secrets become <redacted>, large values `<N bytes base64>`, secrets in the PLIS and last-applied copy hidden. */
export function redactAnnotations(a: Readonly<Record<string, string>>, opts: RedactOptions): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(a)) {
    let display = value;
    if (!opts.showSecrets) display = redactAnnotationValue(name, value);
    if (annotationSpec(name)?.large === true && opts.showLarge !== true) display = `<${utf8ByteLength(value)} bytes base64>`;
    Object.defineProperty(shown, name, { value: display, enumerable: true, writable: true, configurable: true });
  }
  return shown;
}

function redactAnnotationValue(name: string, value: string): string {
  if (annotationSpec(name)?.secret === true || name === LAST_APPLIED) return REDACTED;
  if (name === Annotation.plis) return redactPlisText(value);
  return value;
}

interface ObjectWithMeta {
  readonly metadata?: { readonly annotations?: Readonly<Record<string, string>>; readonly [key: string]: unknown };
}

/** A copy of a pod or ConfigMap safe to print: annotations redacted, managedFields left out as kubectl does by default. */
export function redactObject<T extends ObjectWithMeta>(obj: T, opts: RedactOptions): T {
  if (obj.metadata === undefined) return obj;
  const { managedFields: _managedFields, ...metadata } = obj.metadata;
  const annotations = metadata.annotations;
  return { ...obj, metadata: annotations === undefined ? metadata : { ...metadata, annotations: redactAnnotations(annotations, opts) } };
}

// A secret annotation's name with a value glued to it (`gitpod/ownerToken=…`, `gitpod/OwnerToken:…`, a JSON member).
const NAMES = ['owner_?token', ...SECRET_ANNOTATION_NAMES.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))].join('|');
const GLUED_VALUE = new RegExp(`(${NAMES})([=:]?)([^\\s"'\`,;)}\\]=:\\\\][^\\s"'\`,;)}\\]]*)`, 'gi');
const JSON_MEMBER = new RegExp(`(${NAMES})(\\\\?"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[^\\s,}\\]]+)`, 'gi');

/**
 * An error message safe to print: any value written next to a secret annotation's name (a mistyped mark echoed by
 * the argument parser, a JSON member) becomes <redacted>. The last line of defence; messages should not quote values.
 */
export function redactErrorText(message: string): string {
  return message
    .replace(JSON_MEMBER, (_m, name: string, sep: string) => `${name}${sep}"${REDACTED}"`)
    .replace(GLUED_VALUE, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`);
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
