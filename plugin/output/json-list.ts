// `-o json` of a list printed as its items arrive: the same bytes formatJson(asList(items)) prints, written
// a batch of items at a time so neither the whole list nor the whole text is ever held.
import type { TextSink } from '../stdio.js';
import { asList, formatJson } from './serialize.js';

/** Items formatted together: enough text per write (~200 KiB for workspace pods) to keep writes few. */
const BATCH_ITEMS = 64;
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
