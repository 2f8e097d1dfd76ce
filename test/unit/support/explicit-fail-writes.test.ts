import assert from 'node:assert/strict';
import { ApiError, ConnectionError } from '../../../shared/kube/api-error.js';
import { KubeClient, PatchType, type RequestOptions } from '../../../shared/kube/rest.js';
import {
  WriteOutcome,
  assertEveryWriteMutated,
  classifyWrite,
  startWriteFlow,
  writeExplicitFail,
  type WriterTally,
} from '../../support/explicit-fail-writes.js';

const EXPLICIT_FAIL = 'gitpod/explicitFail';
const FAILED_BEFORE_STOPPING = 'gitpod/failedBeforeStopping';

const unreachable = () =>
  new ApiError(
    500,
    'InternalError',
    'Internal error occurred: failed calling webhook "failed-before-stopping.workspace.gitpod.io": failed to call webhook: ' +
      'Post "https://kw.ns.svc:443/mutate?timeout=10s": no endpoints available for service "kw"',
    {},
  );
const podWith = (annotations: Record<string, string>) => ({ metadata: { name: 'ws-a', annotations } });

interface SentRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly contentType: string | undefined;
}

/** A client that never opens a connection: `answer` plays the API server, its throw an error answer. */
class ScriptedClient extends KubeClient {
  readonly sent: SentRequest[] = [];

  constructor(private readonly answer: (request: SentRequest) => unknown) {
    super({ server: 'https://api.invalid', tls: {}, headers: {} });
  }

  override async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const request = { method, path, body: options.body, contentType: options.contentType };
    this.sent.push(request);
    await Promise.resolve();
    return this.answer(request) as T;
  }
}

/** An API server whose webhook adds the flag to every write (or, with `refuse`, cannot be called). */
function apiServer(options: { readonly refuse?: boolean } = {}) {
  const pods = new Map<string, Record<string, string>>();
  return new ScriptedClient((r) => {
    const pod = r.path.split('/').at(-1) ?? '';
    if (r.method === 'GET') return podWith(pods.get(pod) ?? {});
    if (options.refuse === true) throw unreachable();
    const value = (r.body as { metadata: { annotations: Record<string, string> } }).metadata.annotations[EXPLICIT_FAIL] ?? '';
    pods.set(pod, { [EXPLICIT_FAIL]: value, [FAILED_BEFORE_STOPPING]: 'true' });
    return podWith(pods.get(pod) ?? {});
  });
}

describe('classifyWrite', () => {
  const cases: [string, { pod?: unknown; error?: unknown }, WriteOutcome][] = [
    ['a pod stored with the value and the flag', { pod: podWith({ [EXPLICIT_FAIL]: 'v', [FAILED_BEFORE_STOPPING]: 'true' }) }, 'mutated'],
    ['a pod stored with the value and no flag', { pod: podWith({ [EXPLICIT_FAIL]: 'v' }) }, 'unmutated'],
    [
      'a pod stored with the flag and another value',
      { pod: podWith({ [EXPLICIT_FAIL]: 'w', [FAILED_BEFORE_STOPPING]: 'true' }) },
      'unmutated',
    ],
    ['a pod with no annotations', { pod: { metadata: {} } }, 'unmutated'],
    ['the API server unable to call the webhook', { error: unreachable() }, 'refused'],
    [
      "the webhook's invalid answer",
      { error: new ApiError(500, 'InternalError', 'failed calling webhook "w": received invalid webhook response', {}) },
      'failed',
    ],
    ['a conflict', { error: new ApiError(409, 'Conflict', 'the object has been modified', {}) }, 'failed'],
    [
      'a connection error that quotes the words',
      { error: new ConnectionError('failed calling webhook "w": failed to call webhook: but not from the API server') },
      'failed',
    ],
  ];
  for (const [what, answer, expected] of cases) {
    it(`should count ${what} as ${expected}`, () => assert.equal(classifyWrite('v', answer), expected));
  }
});

describe('writeExplicitFail', () => {
  it('should send one merge patch setting explicitFail and removing failedBeforeStopping', async () => {
    const client = apiServer();
    const result = await writeExplicitFail(client, 'ns', 'ws-a', 'disk full');
    assert.deepEqual(client.sent, [
      {
        method: 'PATCH',
        path: '/api/v1/namespaces/ns/pods/ws-a',
        body: { metadata: { annotations: { [EXPLICIT_FAIL]: 'disk full', [FAILED_BEFORE_STOPPING]: null } } },
        contentType: PatchType.merge,
      },
    ]);
    assert.deepEqual(result, {
      outcome: WriteOutcome.mutated,
      stored: { [EXPLICIT_FAIL]: 'disk full', [FAILED_BEFORE_STOPPING]: 'true' },
      detail: '',
    });
  });

  it('should say what was stored when the write was stored without the patch', async () => {
    const client = new ScriptedClient(() => podWith({ [EXPLICIT_FAIL]: 'v' }));
    const result = await writeExplicitFail(client, 'ns', 'ws-a', 'v');
    assert.equal(result.outcome, WriteOutcome.unmutated);
    assert.equal(result.detail, JSON.stringify({ [EXPLICIT_FAIL]: 'v' }));
  });

  it('should read a refused write back and count it refused when the pod does not carry its value', async () => {
    const client = apiServer({ refuse: true });
    const result = await writeExplicitFail(client, 'ns', 'ws-a', 'v');
    assert.deepEqual(
      client.sent.map((r) => r.method),
      ['PATCH', 'GET'],
    );
    assert.equal(result.outcome, WriteOutcome.refused);
    assert.match(result.detail, /failed calling webhook "failed-before-stopping\.workspace\.gitpod\.io": failed to call webhook/);
  });

  it('should count a refused write whose value the pod carries afterwards as unmutated', async () => {
    const client = new ScriptedClient((r) => {
      if (r.method === 'GET') return podWith({ [EXPLICIT_FAIL]: 'v' });
      throw unreachable();
    });
    const result = await writeExplicitFail(client, 'ns', 'ws-a', 'v');
    assert.equal(result.outcome, WriteOutcome.unmutated);
    assert.match(result.detail, /^refused, yet stored: /);
  });

  it('should count a refused write it cannot read back as failed, with both errors', async () => {
    const client = new ScriptedClient((r) => {
      if (r.method === 'GET') throw new ConnectionError('unable to connect to the server');
      throw unreachable();
    });
    const result = await writeExplicitFail(client, 'ns', 'ws-a', 'v');
    assert.equal(result.outcome, WriteOutcome.failed);
    assert.match(result.detail, /failed to call webhook.*reading the pod back failed: unable to connect to the server/);
  });

  it('should not read back a write that failed for another reason', async () => {
    const client = new ScriptedClient(() => {
      throw new ApiError(409, 'Conflict', 'the object has been modified', {});
    });
    const result = await writeExplicitFail(client, 'ns', 'ws-a', 'v');
    assert.deepEqual(result, { outcome: WriteOutcome.failed, detail: 'the object has been modified' });
    assert.equal(client.sent.length, 1);
  });
});

describe('startWriteFlow', () => {
  it('should write each pod with its own client until stopped, counting every write and the last value stored', async () => {
    const [a, b] = [apiServer(), apiServer()];
    const flow = startWriteFlow({
      namespace: 'ns',
      writers: [
        { pod: 'ws-a', client: a },
        { pod: 'ws-b', client: b },
      ],
      label: 'run',
      pauseMs: 1,
    });
    await flow.waitFor(WriteOutcome.mutated, 6, 5_000);
    const tally = await flow.stop();
    assert.equal(tally.writers, 2);
    assert.ok(tally.counts.mutated >= 6);
    assert.equal(tally.counts.mutated, tally.sent);
    assert.deepEqual(
      a.sent.map((r) => r.path).filter((p) => !p.endsWith('/ws-a')),
      [],
    );
    assert.deepEqual(
      b.sent.map((r) => r.path).filter((p) => !p.endsWith('/ws-b')),
      [],
    );
    const lastValue = (client: ScriptedClient) =>
      (client.sent.at(-1)?.body as { metadata: { annotations: Record<string, string> } }).metadata.annotations[EXPLICIT_FAIL];
    assert.equal(tally.lastMutated.get('ws-a'), lastValue(a));
    assert.equal(tally.lastMutated.get('ws-b'), lastValue(b));
    assert.match(tally.lastMutated.get('ws-b') ?? '', /^run-w1-\d+$/);
    assert.deepEqual(tally.samples, []);
    const sentAtStop = a.sent.length + b.sent.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(a.sent.length + b.sent.length, sentAtStop, 'a writer wrote after stop');
  });

  it('should count refused writes and keep the first five for the message', async () => {
    const flow = startWriteFlow({
      namespace: 'ns',
      writers: [{ pod: 'ws-a', client: apiServer({ refuse: true }) }],
      label: 'out',
      pauseMs: 1,
    });
    await flow.waitFor(WriteOutcome.refused, 7, 5_000);
    const tally = await flow.stop();
    assert.equal(tally.counts.refused, tally.sent);
    assert.equal(tally.counts.mutated, 0);
    assert.equal(tally.lastMutated.size, 0);
    assert.equal(tally.samples.length, 5);
    assert.match(tally.samples[0] ?? '', /^ws-a out-w0-0: refused \(Internal error occurred: failed calling webhook/);
  });

  it('should reject waitFor after its timeout when the outcome does not come', async () => {
    const flow = startWriteFlow({ namespace: 'ns', writers: [{ pod: 'ws-a', client: apiServer() }], label: 'none', pauseMs: 1 });
    await assert.rejects(flow.waitFor(WriteOutcome.refused, 1, 50), /timed out after 0.05 s waiting for 1 more refused writes/);
    await flow.stop();
  });
});

describe('assertEveryWriteMutated', () => {
  const tally = (counts: Partial<WriterTally['counts']>): WriterTally => {
    const all = { mutated: 0, unmutated: 0, refused: 0, failed: 0, ...counts };
    return {
      writers: 1,
      counts: all,
      sent: Object.values(all).reduce((s, n) => s + n, 0),
      lastMutated: new Map(),
      samples: ['ws-a x: refused'],
    };
  };

  it('should pass when every write sent was mutated', () => assertEveryWriteMutated(tally({ mutated: 3 })));

  for (const outcome of [WriteOutcome.refused, WriteOutcome.failed, WriteOutcome.unmutated]) {
    it(`should fail on one ${outcome} write, naming the first ones`, () =>
      assert.throws(
        () => assertEveryWriteMutated(tally({ mutated: 3, [outcome]: 1 })),
        /4 writes by 1 writers: .*first ones: ws-a x: refused/,
      ));
  }
});
