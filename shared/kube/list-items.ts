// Splits the body of a list response (`{"kind":"PodList",…,"items":[{…},{…}]}`) into the text of each item as
// the bytes arrive, so every item can be parsed and printed while the API server is still sending the rest.
// Only strings and nesting are tracked; each item's own syntax is checked by whoever parses it.

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
  /** The last string closed at depth 1: the member name when an array opens there. */
  private lastTopString = '';
  private inItems = false;
  private ended = false;
  private items = 0;

  constructor(private readonly onItem: (text: string) => void) {}

  /** Number of items found so far. */
  get count(): number {
    return this.items;
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
    let inItems = this.inItems;
    let i = this.pos;
    for (; i < n; i++) {
      const c = buf[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (depth === 1) this.lastTopString = buf.toString('utf8', stringStart + 1, i);
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
        else if (depth === ITEM_DEPTH && inItems) {
          if (c !== OPEN_OBJECT) throw new ListBodyError('an item of the list is not an object');
          itemStart = i;
        }
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (depth === 0) throw new ListBodyError('unbalanced brackets in the list');
        if (depth === ITEM_DEPTH && itemStart !== -1) {
          this.emit(buf, itemStart, i + 1);
          itemStart = -1;
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
    // Keep what the next chunk still needs: the unfinished item, or the unfinished string, from its start.
    const from = itemStart !== -1 ? itemStart : inString ? stringStart : n;
    this.held = from >= n ? Buffer.alloc(0) : buf.subarray(from);
    this.pos = i - from;
    this.itemStart = itemStart === -1 ? -1 : itemStart - from;
    this.stringStart = stringStart - from;
  }

  /** Call when the body has ended: throws ListBodyError unless the list was complete. */
  end(): void {
    if (!this.ended || this.inString) throw new ListBodyError(`the list ended early, after ${this.items} items`);
  }

  private emit(buf: Buffer, start: number, end: number): void {
    this.items++;
    this.onItem(buf.toString('utf8', start, end));
  }
}
