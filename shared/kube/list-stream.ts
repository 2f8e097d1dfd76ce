// A list read item by item: the body is split into items as it arrives (ListItemSplitter) and each item is
// parsed and handed over at once, so the caller's work overlaps the server's and no whole body is held.
import { ListBodyError, ListItemSplitter } from './list-items.js';
import { ConnectionError, type KubeClient } from './rest.js';
import { streamBody } from './stream.js';

/** What a completely read list came to besides its items. */
export interface ListSummary {
  /** Number of items handed over. */
  readonly count: number;
  /** The list's resourceVersion: where a watch of the same collection starts. */
  readonly resourceVersion: string | undefined;
}

export interface ListStreamOptions {
  readonly query?: Readonly<Record<string, string | undefined>>;
}

/**
 * GETs the collection at path and calls onItem for each item in the server's order; resolves with the number
 * of items and the list's resourceVersion once the list is complete. A body that breaks off or is not a list rejects with ConnectionError
 * after the items before the break were handed over: the caller must not treat what it has as the list.
 */
export async function streamListItems<T>(
  client: KubeClient,
  path: string,
  onItem: (item: T) => void,
  options: ListStreamOptions = {},
): Promise<ListSummary> {
  const where = `the list of ${path} from the server ${client.server}`;
  const splitter = new ListItemSplitter((text) => {
    let item: T;
    try {
      item = JSON.parse(text) as T;
    } catch (err) {
      throw new ConnectionError(`${where} holds an item that is not valid JSON`, { cause: err });
    }
    onItem(item);
  });
  const broken = (err: unknown): Error =>
    err instanceof ListBodyError ? new ConnectionError(`${where} is incomplete: ${err.message}`, { cause: err }) : (err as Error);
  try {
    await streamBody(client, path, (chunk) => splitter.push(chunk), {
      ...(options.query === undefined ? {} : { query: options.query }),
      totalTimeoutMs: client.requestTimeoutMs,
      what: 'the list request',
    });
    splitter.end();
  } catch (err) {
    throw broken(err);
  }
  return { count: splitter.count, resourceVersion: splitter.listMetadata?.resourceVersion };
}
