// `-o json` of a list printed as its items arrive: the same bytes formatJson(asList(items)) prints, written
// a batch of items at a time so neither the whole list nor the whole text is ever held.
import type { TextSink } from '../stdio.js';
import { asList, formatJson } from './serialize.js';

/**
 * Items formatted and written together: 8 workspace pods make ~22 KiB of text. JSON.stringify with a gap
 * costs V8 about a quarter less CPU per item in pieces this size than in pieces of 64 (~170 KiB, allocated in
 * large-object space) or in one 13 MiB string (bench/README.md, section 2).
 */
const BATCH_ITEMS = 8;
const PLACEHOLDER = 0;

/** The text of `wrapper` around its one placeholder item: what comes before that item's line and after it. */
function around(text: string): { before: string; after: string } {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim() === String(PLACEHOLDER));
  return { before: lines.slice(0, at).join('\n') + '\n', after: '\n' + lines.slice(at + 1).join('\n') };
}

// Both put items at the same depth, so a batch's items are laid out exactly as inside the list.
const LIST = around(formatJson(asList([PLACEHOLDER])));
const BATCH = around(formatJson({ items: [PLACEHOLDER] }));
const SEPARATOR = ',\n';

export class JsonListWriter {
  private batch: unknown[] = [];
  private started = false;

  constructor(private readonly out: TextSink) {}

  add(item: unknown): void {
    this.batch.push(item);
    if (this.batch.length >= BATCH_ITEMS) this.flush();
  }

  /** Prints what is left and closes the document; call only once the list is known to be complete. */
  end(): void {
    if (!this.started && this.batch.length === 0) {
      this.out.write(formatJson(asList([])));
      return;
    }
    this.flush();
    this.out.write(LIST.after);
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    const text = formatJson({ items: this.batch });
    const items = text.slice(BATCH.before.length, text.length - BATCH.after.length);
    this.out.write((this.started ? SEPARATOR : LIST.before) + items);
    this.started = true;
    this.batch = [];
  }
}
