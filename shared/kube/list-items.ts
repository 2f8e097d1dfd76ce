// Splits the body of a list response (`{"kind":"PodList",…,"items":[{…},{…}]}`) into the text of each item as
// the bytes arrive, so every item can be parsed and printed while the API server is still sending the rest.
// Only strings and nesting are tracked; each item's own syntax is checked by whoever parses it. An item's
// `metadata.managedFields`, which the plugin never prints, is cut from its text before it is parsed: in a
// workspace pod it is a third of the bytes and most of the objects JSON.parse would build. The list's own
// `metadata` (its resourceVersion, from which a watch starts) is kept as well.

/** The list body was not a complete JSON object, or it ended before its last item. */
export class ListBodyError extends Error {
  override name = 'ListBodyError';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const SPACE = 0x20;

/** Item depth: the list object is depth 1, its `items` array depth 2, each item opens depth 3. */
const ITEM_DEPTH = 3;
const ITEMS_KEY = 'items';
const METADATA_KEY = 'metadata';
const DROPPED_KEY = 'managedFields';

export class ListItemSplitter {
  /** Bytes kept from an earlier chunk: the start of an unfinished item or string onward. */
  private held: Buffer = Buffer.alloc(0);
  /** Where scanning resumes in `held` + the next chunk. */
  private pos = 0;
  private depth = 0;
  private inString = false;
  /** Inside a string: the byte after a backslash is taken as it is. */
  private escaped = false;
  /** Inside a string: where it began (its opening quote), to read a member name at depth 1. */
  private stringStart = 0;
  private itemStart = -1;
  /** Where the list's own `metadata` object began while it is unfinished, else -1. */
  private listMetadataStart = -1;
  private listMetadataValue: ListMetadata | undefined;
  /** The last string closed at depth 1: the member name when an array opens there. */
  private lastTopString = '';
  private inItems = false;
  private ended = false;
  private items = 0;
  /** In the current item, offsets from its start: the last member name closed in it or its metadata. */
  private keyStart = 0;
  private keyEnd = 0;
  private inMetadata = false;
  /** In the current item, offsets from its start: the `"managedFields":[…]` member of its metadata, -1 when none. */
  private cutStart = -1;
  private cutEnd = -1;

  constructor(private readonly onItem: (text: string) => void) {}

  /** Number of items found so far. */
  get count(): number {
    return this.items;
  }

  /** The list's `metadata` once it has been read (the API server sends it before the items), else undefined. */
  get listMetadata(): ListMetadata | undefined {
    return this.listMetadataValue;
  }

  /**
   * Scans one more chunk of the body, calling onItem for every item it completes. The scanning state lives
   * in locals while the loop runs, so V8 keeps it in registers instead of reloading fields around calls.
   */
  push(chunk: Buffer): void {
    const buf = this.held.length === 0 ? chunk : Buffer.concat([this.held, chunk]);
    const n = buf.length;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    let stringStart = this.stringStart;
    let itemStart = this.itemStart;
    let listMetadataStart = this.listMetadataStart;
    let inItems = this.inItems;
    let keyStart = this.keyStart;
    let keyEnd = this.keyEnd;
    let inMetadata = this.inMetadata;
    let cutStart = this.cutStart;
    let cutEnd = this.cutEnd;
    let i = this.pos;
    for (; i < n; i++) {
      const c = buf[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (depth === 1) this.lastTopString = buf.toString('utf8', stringStart + 1, i);
          else if (depth === ITEM_DEPTH || (depth === ITEM_DEPTH + 1 && inMetadata)) {
            keyStart = stringStart - itemStart;
            keyEnd = i - itemStart;
          }
        }
        continue;
      }
      if (c === QUOTE) {
        inString = true;
        stringStart = i;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (depth === 0 && this.ended) throw new ListBodyError('unexpected data after the end of the list');
        depth++;
        if (depth === 2 && c === OPEN_ARRAY) inItems = this.lastTopString === ITEMS_KEY;
        else if (depth === 2 && this.lastTopString === METADATA_KEY) listMetadataStart = i;
        else if (depth === ITEM_DEPTH && inItems) {
          if (c !== OPEN_OBJECT) throw new ListBodyError('an item of the list is not an object');
          itemStart = i;
          cutStart = -1;
        } else if (itemStart !== -1 && depth > ITEM_DEPTH && depth <= ITEM_DEPTH + 2) {
          // `"metadata":{` opens the item's metadata; `"managedFields":[` right inside it is what is cut.
          const follows = i - itemStart === keyEnd + 2;
          if (depth === ITEM_DEPTH + 1) inMetadata = follows && c === OPEN_OBJECT && isKey(buf, itemStart, keyStart, keyEnd, METADATA_KEY);
          else if (inMetadata && follows && c === OPEN_ARRAY && isKey(buf, itemStart, keyStart, keyEnd, DROPPED_KEY)) {
            cutStart = keyStart;
            cutEnd = -1;
          }
        }
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (depth === 0) throw new ListBodyError('unbalanced brackets in the list');
        if (depth === ITEM_DEPTH && itemStart !== -1) {
          this.emit(buf, itemStart, i + 1, cutStart, cutEnd);
          itemStart = -1;
          inMetadata = false;
        } else if (depth === ITEM_DEPTH + 2 && cutStart !== -1 && cutEnd === -1 && itemStart !== -1) cutEnd = i + 1 - itemStart;
        else if (depth === ITEM_DEPTH + 1) inMetadata = false;
        else if (depth === 2 && listMetadataStart !== -1) {
          this.listMetadataValue = parseListMetadata(buf.toString('utf8', listMetadataStart, i + 1));
          listMetadataStart = -1;
        } else if (depth === 2) inItems = false;
        depth--;
        if (depth === 0) this.ended = true;
      } else if (inItems && depth === 2 && c > SPACE && c !== COMMA) {
        throw new ListBodyError('an item of the list is not an object');
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    this.inItems = inItems;
    this.keyStart = keyStart;
    this.keyEnd = keyEnd;
    this.inMetadata = inMetadata;
    this.cutStart = cutStart;
    this.cutEnd = cutEnd;
    // Keep what the next chunk still needs: the unfinished item, list metadata or string, from its start.
    const from = itemStart !== -1 ? itemStart : listMetadataStart !== -1 ? listMetadataStart : inString ? stringStart : n;
    this.held = from >= n ? Buffer.alloc(0) : buf.subarray(from);
    this.pos = i - from;
    this.itemStart = itemStart === -1 ? -1 : itemStart - from;
    this.listMetadataStart = listMetadataStart === -1 ? -1 : listMetadataStart - from;
    this.stringStart = stringStart - from;
  }

  /** Call when the body has ended: throws ListBodyError unless the list was complete. */
  end(): void {
    if (!this.ended || this.inString) throw new ListBodyError(`the list ended early, after ${this.items} items`);
  }

  /** Hands over the item's text, without the member at [start + cutStart, start + cutEnd) and one comma beside it. */
  private emit(buf: Buffer, start: number, end: number, cutStart: number, cutEnd: number): void {
    this.items++;
    if (cutStart === -1 || cutEnd === -1) return this.onItem(buf.toString('utf8', start, end));
    let from = start + cutStart;
    let to = start + cutEnd;
    if (buf[from - 1] === COMMA) from--;
    else if (buf[to] === COMMA) to++;
    this.onItem(buf.toString('utf8', start, from) + buf.toString('utf8', to, end));
  }
}

/** What the plugin reads of a list's own metadata. */
export interface ListMetadata {
  readonly resourceVersion?: string;
}

function parseListMetadata(text: string): ListMetadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ListBodyError('the metadata of the list is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ListBodyError('the metadata of the list is not an object');
  const rv = (parsed as { resourceVersion?: unknown }).resourceVersion;
  return typeof rv === 'string' ? { resourceVersion: rv } : {};
}

/** Whether the string at [itemStart + keyStart, itemStart + keyEnd] (quotes included) is exactly `"name"`. */
function isKey(buf: Buffer, itemStart: number, keyStart: number, keyEnd: number, name: string): boolean {
  return keyEnd - keyStart === name.length + 1 && buf.toString('latin1', itemStart + keyStart + 1, itemStart + keyEnd) === name;
}
