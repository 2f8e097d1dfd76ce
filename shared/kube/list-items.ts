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

/** Item depth: the list object is depth 1, its `items` array depth 2, each item opens depth 3. */
const ITEM_DEPTH = 3;
const ITEMS_KEY = 'items';

export class ListItemSplitter {
  /** Bytes kept from an earlier chunk: the start of an unfinished item or top-level string onward. */
  private held: Buffer = Buffer.alloc(0);
  /** Where scanning resumes in `held` + the next chunk. */
  private pos = 0;
  private depth = 0;
  private inString = false;
  /** Inside a string: where the string began (its opening quote). */
  private stringStart = 0;
  /** Inside a string: backslashes are counted from here (after the last escape or closing quote seen). */
  private stringFrom = 0;
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

  /** Scans one more chunk of the body, calling onItem for every item it completes. */
  push(chunk: Buffer): void {
    const buf = this.held.length === 0 ? chunk : Buffer.concat([this.held, chunk]);
    const n = buf.length;
    let i = this.pos;
    while (i < n) {
      if (this.inString) {
        const close = this.closingQuote(buf, this.stringFrom);
        if (close === -1) {
          i = n;
          break;
        }
        this.inString = false;
        if (this.depth === 1) this.lastTopString = buf.toString('utf8', this.stringStart + 1, close);
        i = close + 1;
        continue;
      }
      const c = buf[i] as number;
      if (c === QUOTE) {
        this.inString = true;
        this.stringStart = i;
        this.stringFrom = i + 1;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (this.ended) throw new ListBodyError('unexpected data after the end of the list');
        this.depth++;
        if (this.depth === 2 && c === OPEN_ARRAY) this.inItems = this.lastTopString === ITEMS_KEY;
        else if (this.depth === ITEM_DEPTH && this.inItems) {
          if (c !== OPEN_OBJECT) throw new ListBodyError('an item of the list is not an object');
          this.itemStart = i;
        }
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (this.depth === 0) throw new ListBodyError('unbalanced brackets in the list');
        if (this.depth === ITEM_DEPTH && this.itemStart !== -1) {
          this.items++;
          this.onItem(buf.toString('utf8', this.itemStart, i + 1));
          this.itemStart = -1;
        } else if (this.depth === 2) this.inItems = false;
        this.depth--;
        if (this.depth === 0) this.ended = true;
      } else if (this.inItems && this.depth === 2 && c > 0x20 && c !== 0x2c) {
        throw new ListBodyError('an item of the list is not an object');
      }
      i++;
    }
    this.keep(buf, i);
  }

  /** Call when the body has ended: throws ListBodyError unless the list was complete. */
  end(): void {
    if (!this.ended || this.inString) throw new ListBodyError(`the list ended early, after ${this.items} items`);
  }

  /**
   * The closing quote of the string being scanned from `from`, or -1 when this buffer ends first. A quote
   * preceded by an odd number of backslashes is escaped; counting stops at `from`, where no escape is open.
   */
  private closingQuote(buf: Buffer, from: number): number {
    let start = from;
    for (;;) {
      const q = buf.indexOf(QUOTE, start);
      if (q === -1) return -1;
      let slashes = 0;
      while (q - slashes - 1 >= from && buf[q - slashes - 1] === BACKSLASH) slashes++;
      if (slashes % 2 === 0) return q;
      start = q + 1;
    }
  }

  /** Keeps what the next chunk still needs: the unfinished item, or the unfinished string, from its start. */
  private keep(buf: Buffer, scanned: number): void {
    let from = scanned;
    if (this.itemStart !== -1) from = this.itemStart;
    else if (this.inString) from = this.stringStart;
    this.held = from >= buf.length ? Buffer.alloc(0) : buf.subarray(from);
    this.pos = scanned - from;
    if (this.itemStart !== -1) this.itemStart -= from;
    if (this.inString) {
      this.stringStart -= from;
      this.stringFrom -= from;
    }
  }
}
