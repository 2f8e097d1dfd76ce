// Redaction of what the plugin prints: annotation maps, JSON documents (PLIS, matched on the text as Go's decoder
// would read it) and whole objects. What counts as secret is decided in ./secrets.ts.
import { Annotation, annotationSpec } from '../annotations.js';
import { goFoldKey, JsonSyntaxError, scanJson, type JsonNode } from '../jsonraw.js';
import { utf8ByteLength } from '../size.js';
import { REDACTED } from './placeholder.js';
import { isSecretAnnotation, isSecretJsonKey } from './secrets.js';

export interface RedactOptions {
  /** Print secrets as they are (--show-secrets). */
  readonly showSecrets: boolean;
  /** Print large base64 values whole (--show-large). */
  readonly showLarge?: boolean;
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
      if (isSecretJsonKey(m.key) && !isEmptyValue(text, m.value))
        out.push({ start: m.value.start, end: m.value.end, text: QUOTED_REDACTED });
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
  if (isSecretAnnotation(name)) return REDACTED;
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
