// The PLIS JSON document: decoding with type checks, encoding that omits zero values and keeps unknown fields verbatim.
import { isDeepStrictEqual } from 'node:util';
import { isIP } from './ip.js';
import { InvalidValueError, PlisAmbiguousFieldError, PlisParseError } from './errors.js';
import { isJsonObject } from './json-object.js';
import { goFoldKey, JsonSyntaxError, rawObjectMembers, scanJson, type JsonNode } from './jsonraw.js';
import { parseRfc3339 } from './rfc3339.js';

export interface PlisDocument {
  readonly finalBackupComplete?: boolean;
  readonly finalBackupFailure?: string;
  /** RFC 3339 timestamp with nanosecond precision. */
  readonly stoppingSince?: string;
  /** Workspace status computed just before the pod was deleted; opaque JSON. */
  readonly lastPodStatus?: unknown;
  readonly hostIP?: string;
  /** Fields written by newer writers; kept as they are. */
  readonly [field: string]: unknown;
}

export interface PlisPatch {
  readonly finalBackupComplete?: boolean;
  readonly finalBackupFailure?: string;
  readonly stoppingSince?: string;
  readonly lastPodStatus?: unknown;
  readonly hostIP?: string;
}

/** Known fields in the order Go's encoder writes them. */
export const PLIS_FIELDS = ['finalBackupComplete', 'finalBackupFailure', 'stoppingSince', 'lastPodStatus', 'hostIP'] as const;
export type PlisField = (typeof PLIS_FIELDS)[number];

const KNOWN: ReadonlySet<string> = new Set(PLIS_FIELDS);
const FIELD_BY_FOLDED_NAME: ReadonlyMap<string, PlisField> = new Map(PLIS_FIELDS.map((f) => [goFoldKey(f), f]));

/** The known field a member name sets: Go's decoder matches names case-insensitively ("FinalBackupComplete" is finalBackupComplete). */
export function plisFieldOf(key: string): PlisField | undefined {
  return FIELD_BY_FOLDED_NAME.get(goFoldKey(key));
}

/** The member names of `doc` that Go reads as `field`, in document order. */
function spellingsOf(doc: PlisDocument, field: PlisField): string[] {
  return Object.keys(doc).filter((k) => plisFieldOf(k) === field);
}

/** Decoded values and their original text, used to re-emit untouched values exactly as they were read. */
interface RawMembers {
  readonly decoded: Readonly<Record<string, unknown>>;
  readonly text: ReadonlyMap<string, string>;
}
const rawTextOf = new WeakMap<PlisDocument, RawMembers>();

export function plisConfigMapName(workspaceId: string): string {
  return `plis-${workspaceId}`;
}

/** The type of a value, never the value itself: a PLIS document may carry a secret. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** Why a known field's value cannot be read the way Go's decoder reads it, or undefined when it can. */
function fieldProblem(key: string, field: PlisField, value: unknown): string | undefined {
  if (value === null) return undefined; // Go's decoder leaves the field at its zero value
  const name = key === field ? `field "${field}"` : `field ${JSON.stringify(key)} (read as "${field}")`;
  switch (field) {
    case 'finalBackupComplete':
      return typeof value === 'boolean' ? undefined : `${name} must be a boolean, got ${describe(value)}`;
    case 'finalBackupFailure':
    case 'hostIP':
      return typeof value === 'string' ? undefined : `${name} must be a string, got ${describe(value)}`;
    case 'stoppingSince':
      return typeof value === 'string' && parseRfc3339(value) !== undefined
        ? undefined
        : `${name} must be an RFC 3339 timestamp string, got ${describe(value)}`;
    case 'lastPodStatus':
      return isJsonObject(value) ? undefined : `${name} must be an object, got ${describe(value)}`;
  }
}

/** The parsed value of `raw`; a syntax error names the position only, never the text (it may hold the owner token). */
function parseText(raw: string, where: string): { readonly root: JsonNode; readonly parsed: unknown } {
  try {
    return { root: scanJson(raw), parsed: JSON.parse(raw) as unknown };
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    throw new PlisParseError(where, `the annotation gitpod/plis is not valid JSON: ${err.message}`, { cause: err });
  }
}

/** Reads a `gitpod/plis` value; `where` (`<ns>/plis-<id>`) names the ConfigMap in errors. Missing or empty → `{}`. */
export function decodePlis(raw: string | undefined, where: string): PlisDocument {
  if (raw === undefined || raw === '') return {};
  const { root, parsed } = parseText(raw, where);
  if (!isJsonObject(parsed)) {
    throw new PlisParseError(where, `the annotation gitpod/plis must be a JSON object, got ${describe(parsed)}`);
  }
  const problems = Object.entries(parsed).flatMap(([k, v]) => {
    const field = plisFieldOf(k);
    const problem = field === undefined ? undefined : fieldProblem(k, field, v);
    return problem === undefined ? [] : [problem];
  });
  if (problems.length > 0) throw new PlisParseError(where, problems.join('; '));
  const doc: PlisDocument = Object.fromEntries(Object.entries(parsed).filter(([k, v]) => !(plisFieldOf(k) !== undefined && v === null)));
  rawTextOf.set(doc, { decoded: parsed, text: rawObjectMembers(raw, root) });
  return doc;
}

function isZero(field: PlisField, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  return field === 'lastPodStatus' ? false : value === false || value === '';
}

/** Writes a PLIS document as Go would: known fields first, zero values omitted, then unknown fields unchanged. */
export function encodePlis(doc: PlisDocument): string {
  const raw = rawTextOf.get(doc);
  const member = (key: string, value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    const original = raw?.text.get(key);
    const text = original !== undefined && raw?.decoded[key] === value ? original : JSON.stringify(value);
    return `${JSON.stringify(key)}:${text}`;
  };
  const parts: (string | undefined)[] = [];
  for (const field of PLIS_FIELDS) {
    if (!isZero(field, doc[field])) parts.push(member(field, doc[field]));
  }
  for (const [key, value] of Object.entries(doc)) {
    if (!KNOWN.has(key)) parts.push(member(key, value));
  }
  return `{${parts.filter((p) => p !== undefined).join(',')}}`;
}

/** Rejects patch values that would write a document Go's decoder cannot read back. */
function checkPatch(patch: PlisPatch): void {
  if (patch.stoppingSince !== undefined && patch.stoppingSince !== '' && parseRfc3339(patch.stoppingSince) === undefined) {
    throw new InvalidValueError('stoppingSince', patch.stoppingSince, 'an RFC 3339 timestamp such as "2026-11-28T10:00:00.123456789Z"');
  }
  if (patch.hostIP !== undefined && patch.hostIP !== '' && isIP(patch.hostIP) === 0) {
    throw new InvalidValueError('hostIP', patch.hostIP, 'an IPv4 or IPv6 address such as "10.0.0.7"');
  }
  if (patch.lastPodStatus !== undefined && patch.lastPodStatus !== null && !isJsonObject(patch.lastPodStatus)) {
    throw new InvalidValueError('lastPodStatus', JSON.stringify(patch.lastPodStatus) ?? `a ${typeof patch.lastPodStatus}`, 'a JSON object');
  }
}

/**
 * The member name to write `field` under: the spelling the document already uses (Go reads it case-insensitively,
 * so a second spelling would be ignored), or the canonical name. Several spellings are refused: which one Go
 * keeps depends on their order, and rewriting one would silently leave the other.
 */
function memberFor(doc: PlisDocument, field: PlisField, where: string | undefined): string {
  const spellings = spellingsOf(doc, field);
  if (spellings.length > 1) throw new PlisAmbiguousFieldError(field, spellings, where);
  return spellings[0] ?? field;
}

/**
 * Sets the non-zero fields of `patch`, leaves the others; `changed` tells whether any value differs.
 * `where` (`<ns>/plis-<id>`) names the ConfigMap in errors.
 */
export function applyPlisPatch(
  doc: PlisDocument,
  patch: PlisPatch,
  where?: string,
): { readonly doc: PlisDocument; readonly changed: boolean } {
  checkPatch(patch);
  const updates = PLIS_FIELDS.filter((f) => !isZero(f, patch[f]))
    .map((f) => [memberFor(doc, f, where), patch[f]] as const)
    .filter(([key, value]) => !isDeepStrictEqual(doc[key], value));
  if (updates.length === 0) return { doc, changed: false };
  const next: PlisDocument = { ...doc, ...Object.fromEntries(updates) };
  const raw = rawTextOf.get(doc);
  if (raw !== undefined) rawTextOf.set(next, raw);
  return { doc: next, changed: true };
}
