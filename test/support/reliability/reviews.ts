// AdmissionReview bodies: one realistic valid review, and seeded malformed variants of it.
import { randomUUID } from 'node:crypto';
import { podUpdateReview } from '../../../cluster/admission-review.js';
import type { Random } from './prng.js';

/** A pod UPDATE review that sets explicitFail without failedBeforeStopping: the webhook answers it with a patch. */
export function explicitFailReview(uid: string = randomUUID(), ownerToken = 'not-a-secret'): Record<string, unknown> {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'ws-load',
      namespace: 'default',
      labels: { app: 'gitpod', component: 'workspace', workspaceID: 'load', workspaceType: 'regular', owner: 'alice' },
      annotations: {
        'gitpod/id': 'load',
        'gitpod/ownerToken': ownerToken,
        'gitpod/explicitFail': 'backup failed',
        'gitpod/url': 'https://load.ws.example.com',
      },
    },
    spec: {
      containers: [
        {
          name: 'workspace',
          image: 'registry.invalid/workspace:1',
          env: Array.from({ length: 20 }, (_, i) => ({ name: `VAR_${i}`, value: 'x'.repeat(40) })),
        },
      ],
    },
  };
  const oldPod = { ...pod, metadata: { ...pod.metadata, annotations: { 'gitpod/id': 'load' } } };
  return podUpdateReview({ pod, oldPod, uid, userInfo: { username: 'alice' } });
}

export interface FuzzCase {
  readonly label: string;
  readonly body: Buffer;
}

const odd: readonly unknown[] = [null, true, false, 0, -1, 1e308, 'x', '', [], {}, [1, 'a'], { a: 1 }, 'A'.repeat(10_000)];

function randomText(r: Random, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String.fromCharCode(r.chance(0.9) ? 32 + r.int(95) : r.int(0x3000));
  return s;
}

/** Sets a value at a dotted path of a plain JSON object, creating objects on the way. */
function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
}

const fieldPaths: readonly (readonly string[])[] = [
  ['apiVersion'],
  ['kind'],
  ['request'],
  ['request', 'uid'],
  ['request', 'operation'],
  ['request', 'kind'],
  ['request', 'kind', 'kind'],
  ['request', 'kind', 'group'],
  ['request', 'resource'],
  ['request', 'subResource'],
  ['request', 'dryRun'],
  ['request', 'object'],
  ['request', 'oldObject'],
  ['request', 'object', 'metadata'],
  ['request', 'object', 'metadata', 'annotations'],
  ['request', 'object', 'metadata', 'annotations', 'gitpod/explicitFail'],
  ['request', 'object', 'metadata', 'annotations', 'gitpod/failedBeforeStopping'],
  ['request', 'object', 'metadata', 'annotations', '__proto__'],
  ['request', 'object', '__proto__'],
  ['request', 'object', 'metadata', 'name'],
];

const generators: readonly ((r: Random) => FuzzCase)[] = [
  (r) => ({ label: 'random bytes', body: Buffer.from(Array.from({ length: 1 + r.int(512) }, () => r.int(256))) }),
  (r) => ({ label: 'random text', body: Buffer.from(randomText(r, 1 + r.int(512))) }),
  (r) => {
    const text = JSON.stringify(explicitFailReview(`fuzz-${r.int(1e9)}`));
    return { label: 'truncated JSON', body: Buffer.from(text.slice(0, r.int(text.length))) };
  },
  (r) => {
    const text = Buffer.from(JSON.stringify(explicitFailReview(`fuzz-${r.int(1e9)}`)));
    for (let i = 0; i < 1 + r.int(8); i++) text[r.int(text.length)] = r.int(256);
    return { label: 'bit-flipped JSON', body: text };
  },
  (r) => {
    const review = explicitFailReview(`fuzz-${r.int(1e9)}`);
    const path = r.pick(fieldPaths);
    const value = r.chance(0.1) ? randomText(r, 100_000 + r.int(200_000)) : r.pick(odd);
    setPath(review, path, value);
    return {
      label: `${path.join('.')} = ${typeof value === 'string' && value.length > 20 ? `string(${value.length})` : JSON.stringify(value)}`,
      body: Buffer.from(JSON.stringify(review)),
    };
  },
  (r) => {
    const review = explicitFailReview(`fuzz-${r.int(1e9)}`);
    const path = r.pick(fieldPaths);
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], review);
    if (typeof parent === 'object' && parent !== null) delete (parent as Record<string, unknown>)[path.at(-1) as string];
    return { label: `without ${path.join('.')}`, body: Buffer.from(JSON.stringify(review)) };
  },
  (r) => {
    const depth = r.chance(0.05) ? 100_000 : 1 + r.int(5_000);
    const open = r.chance(0.5) ? '[' : '{"a":';
    const close = open === '[' ? ']' : '}';
    const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
    const where = r.int(3);
    const body =
      where === 0
        ? nested
        : where === 1
          ? JSON.stringify({ ...explicitFailReview(), request: '@' }).replace('"@"', nested)
          : JSON.stringify(explicitFailReview()).replace('"backup failed"', nested);
    return { label: `nesting depth ${depth}`, body: Buffer.from(body) };
  },
  (r) => ({ label: 'JSON scalar', body: Buffer.from(JSON.stringify(r.pick(odd))) }),
];

/** `count` malformed or random bodies, the same for the same seed; generated one at a time to bound memory. */
export function* fuzzCases(r: Random, count: number): Generator<FuzzCase> {
  for (let i = 0; i < count; i++) yield r.pick(generators)(r);
}
