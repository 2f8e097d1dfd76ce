// What a watch has printed, by object: decides which events and re-listed objects are news, so a reconnect or a
// re-list after `410 Gone` neither repeats a change nor loses one (a deletion missed while away is reported too).

export interface Versioned {
  readonly metadata?: { readonly namespace?: string; readonly name?: string; readonly uid?: string; readonly resourceVersion?: string };
}

export const ChangeType = { added: 'ADDED', modified: 'MODIFIED', deleted: 'DELETED' } as const;
export type ChangeType = (typeof ChangeType)[keyof typeof ChangeType];

export interface Change<T> {
  readonly type: ChangeType;
  readonly object: T;
}

const keyOf = (o: Versioned): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
const versionOf = (o: Versioned): string => o.metadata?.resourceVersion ?? '';

/**
 * Takes `metadata.managedFields` out of an object the watch has just parsed from an event and owns. Nothing prints it,
 * and PrintedState keeps every object it reports: with the field, a long watch's memory would grow back toward whole
 * objects as pods change (in a workspace pod it is about a third of the JSON). Lists cut it before parsing.
 */
export function dropManagedFields<T extends Versioned>(object: T): T {
  const metadata = object.metadata as { managedFields?: unknown } | undefined;
  if (metadata !== undefined) delete metadata.managedFields;
  return object;
}

export class PrintedState<T extends Versioned> {
  private readonly printed = new Map<string, T>();

  /** The change an ADDED or MODIFIED event makes, or undefined when this version was already printed. */
  upsert(object: T): Change<T> | undefined {
    const before = this.printed.get(keyOf(object));
    if (before !== undefined && versionOf(before) === versionOf(object)) return undefined;
    this.printed.set(keyOf(object), object);
    return { type: before === undefined ? ChangeType.added : ChangeType.modified, object };
  }

  /** The change a DELETED event makes, or undefined when the object was never printed or already gone. */
  remove(object: T): Change<T> | undefined {
    const key = keyOf(object);
    if (!this.printed.has(key)) return undefined;
    this.printed.delete(key);
    return { type: ChangeType.deleted, object };
  }

  /** The changes a fresh list reveals: new or other versions, then deletions of what the list lacks. */
  relist(items: readonly T[]): Change<T>[] {
    const present = new Set(items.map(keyOf));
    const changes = items.map((o) => this.upsert(o)).filter((c): c is Change<T> => c !== undefined);
    for (const [key, last] of [...this.printed]) {
      if (present.has(key)) continue;
      this.printed.delete(key);
      changes.push({ type: ChangeType.deleted, object: last });
    }
    return changes;
  }
}
