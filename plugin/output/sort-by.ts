// `list --sort-by=JSONPATH` as kubectl get's sorter.go: the first value the path finds in each object; objects
// without it first; numbers by value, strings that both parse as quantities (`100m`, `2Gi`) by amount, else by text.
import { relaxedJsonPath } from './custom-columns.js';
import { JsonPath, type Json } from './jsonpath.js';

/** --sort-by names a field no object has. */
export class SortFieldError extends Error {
  override name = 'SortFieldError';
}

const SUFFIX: Readonly<Record<string, number>> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The amount of a Kubernetes quantity, or undefined when the text is not one. */
export function quantityValue(s: string): number | undefined {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(s);
  if (m === null) return undefined;
  const base = Number(m[1]);
  if (m[2] !== undefined) return base * 10 ** Number(m[2].slice(1));
  return base * (SUFFIX[m[3] ?? ''] ?? 1);
}

function isLess(a: Json, b: Json): boolean {
  if (a === null || b === null) return a === null && b !== null;
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = quantityValue(a);
    const qb = quantityValue(b);
    return qa !== undefined && qb !== undefined ? qa < qb : a < b;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (!isLess(a[i] as Json, b[i] as Json)) return false;
    return true;
  }
  if (typeof a === 'boolean' || typeof b === 'boolean' || typeof a !== typeof b)
    throw new SortFieldError(`the field values are of an unsortable type: ${typeof a} and ${typeof b}`);
  return false;
}

/** The objects sorted by the field the expression names; throws when no object has it. */
export function sortObjects<T extends Json>(objects: readonly T[], expression: string): T[] {
  const path = new JsonPath(relaxedJsonPath(expression), { allowMissingKeys: true });
  const keys = objects.map((o) => path.findResults(o)[0]?.[0]);
  if (objects.length > 0 && keys.every((k) => k === undefined)) {
    throw new SortFieldError(`couldn't find any field with path ${JSON.stringify(relaxedJsonPath(expression))} in the list of objects`);
  }
  const order = objects.map((_, i) => i);
  order.sort((i, j) => {
    const a = keys[i];
    const b = keys[j];
    if (a === undefined) return b === undefined ? 0 : -1;
    if (b === undefined) return 1;
    if (isLess(a, b)) return -1;
    return isLess(b, a) ? 1 : 0;
  });
  return order.map((i) => objects[i] as T);
}
