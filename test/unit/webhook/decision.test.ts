import assert from 'node:assert/strict';
import {
  decide,
  escapeJsonPointerToken,
  setAnnotationPatch,
  type DecisionInput,
  type JsonPatchOperation,
} from '../../../webhook/decision.js';

const podKind = { group: '', version: 'v1', kind: 'Pod' } as const;
const podResource = { group: '', version: 'v1', resource: 'pods' } as const;
const fbsPath = '/metadata/annotations/gitpod~1failedBeforeStopping';

function pod(annotations?: Record<string, string> | null): Record<string, unknown> {
  const metadata: Record<string, unknown> = { name: 'ws-1', namespace: 'default', labels: { workspaceID: '1' } };
  if (annotations !== undefined) metadata['annotations'] = annotations;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: { containers: [{ name: 'c', image: 'x' }] } };
}

function input(operation: string, object: unknown, extra: Partial<DecisionInput> = {}): DecisionInput {
  return { operation, kind: podKind, resource: podResource, object, oldObject: null, ...extra };
}

describe('escapeJsonPointerToken', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['a slash', 'gitpod/failedBeforeStopping', 'gitpod~1failedBeforeStopping'],
    ['a tilde', 'a~b', 'a~0b'],
    ['a tilde followed by a one', 'a~1/b', 'a~01~1b'],
    ['a plain name', 'plain', 'plain'],
  ];
  for (const [name, token, expected] of cases) {
    it(`should escape ${name}`, () => {
      assert.equal(escapeJsonPointerToken(token), expected);
    });
  }
});

describe('decide', () => {
  const patched: readonly JsonPatchOperation[] = [{ op: 'add', path: fbsPath, value: 'true' }];
  const cases: ReadonlyArray<{ readonly name: string; readonly input: DecisionInput; readonly expected: readonly JsonPatchOperation[] }> = [
    {
      name: 'add failedBeforeStopping on UPDATE when explicitFail is set',
      input: input('UPDATE', pod({ 'gitpod/explicitFail': 'oom' }), { oldObject: pod({}) }),
      expected: patched,
    },
    {
      name: 'add failedBeforeStopping on CREATE when explicitFail is set',
      input: input('CREATE', pod({ 'gitpod/explicitFail': 'oom' })),
      expected: patched,
    },
    { name: 'treat an empty explicitFail as present', input: input('UPDATE', pod({ 'gitpod/explicitFail': '' })), expected: patched },
    {
      name: 'replace failedBeforeStopping "false" with "true"',
      input: input('UPDATE', pod({ 'gitpod/explicitFail': 'x', 'gitpod/failedBeforeStopping': 'false' })),
      expected: [{ op: 'replace', path: fbsPath, value: 'true' }],
    },
    {
      name: 'replace an empty failedBeforeStopping',
      input: input('UPDATE', pod({ 'gitpod/explicitFail': 'x', 'gitpod/failedBeforeStopping': '' })),
      expected: [{ op: 'replace', path: fbsPath, value: 'true' }],
    },
    {
      name: 'leave failedBeforeStopping "true" alone',
      input: input('UPDATE', pod({ 'gitpod/explicitFail': 'x', 'gitpod/failedBeforeStopping': 'true' })),
      expected: [],
    },
    { name: 'not patch a pod without explicitFail', input: input('UPDATE', pod({ 'gitpod/closed': 'true' })), expected: [] },
    { name: 'not patch a pod without an annotations map', input: input('CREATE', pod()), expected: [] },
    { name: 'not patch a pod whose annotations are null', input: input('CREATE', pod(null)), expected: [] },
    {
      name: 'not patch a pod that had explicitFail only in the old object',
      input: input('UPDATE', pod({}), { oldObject: pod({ 'gitpod/explicitFail': 'x' }) }),
      expected: [],
    },
    { name: 'not patch when explicitFail only differs in case', input: input('UPDATE', pod({ 'gitpod/ExplicitFail': 'x' })), expected: [] },
    {
      name: 'allow DELETE without a patch',
      input: input('DELETE', null, { oldObject: pod({ 'gitpod/explicitFail': 'x' }) }),
      expected: [],
    },
    { name: 'allow CONNECT without a patch', input: input('CONNECT', { kind: 'PodExecOptions' }, { subResource: 'exec' }), expected: [] },
    {
      name: 'ignore non-Pod kinds',
      input: input(
        'UPDATE',
        { metadata: { annotations: { 'gitpod/explicitFail': 'x' } } },
        { kind: { group: '', version: 'v1', kind: 'ConfigMap' }, resource: { group: '', version: 'v1', resource: 'configmaps' } },
      ),
      expected: [],
    },
    {
      name: 'ignore a Pod kind from another group',
      input: input('UPDATE', pod({ 'gitpod/explicitFail': 'x' }), { kind: { group: 'example.com', version: 'v1', kind: 'Pod' } }),
      expected: [],
    },
    {
      name: 'patch a pods/status update, which persists annotations too',
      input: input('UPDATE', pod({ 'gitpod/explicitFail': 'x' }), { subResource: 'status' }),
      expected: [{ op: 'add', path: '/metadata/annotations/gitpod~1failedBeforeStopping', value: 'true' }],
    },
    {
      name: 'ignore other pod subresources',
      input: input('UPDATE', pod({ 'gitpod/explicitFail': 'x' }), { subResource: 'ephemeralcontainers' }),
      expected: [],
    },
    { name: 'ignore an object that is not an object', input: input('UPDATE', 'not a pod'), expected: [] },
    {
      name: 'ignore annotations that are not a map',
      input: input('UPDATE', { metadata: { annotations: ['gitpod/explicitFail'] } }),
      expected: [],
    },
  ];
  for (const c of cases) {
    it(`should ${c.name}`, () => {
      assert.deepEqual(decide(c.input), c.expected);
    });
  }

  it('should patch only failedBeforeStopping and leave other annotations untouched', () => {
    const object = pod({ 'gitpod/explicitFail': 'x', 'gitpod/ownerToken': 'secret', 'other/annotation': 'v' });
    const before = structuredClone(object);
    const ops = decide(input('UPDATE', object));
    assert.deepEqual(ops, patched);
    assert.deepEqual(object, before, 'the decision must not mutate its input');
  });
});

describe('setAnnotationPatch', () => {
  const cases: ReadonlyArray<readonly [string, unknown, readonly JsonPatchOperation[]]> = [
    [
      'add the whole map when annotations are absent',
      pod(),
      [{ op: 'add', path: '/metadata/annotations', value: { 'gitpod/failedBeforeStopping': 'true' } }],
    ],
    [
      'add the whole map when annotations are null',
      pod(null),
      [{ op: 'add', path: '/metadata/annotations', value: { 'gitpod/failedBeforeStopping': 'true' } }],
    ],
    [
      'add metadata when it is absent',
      { kind: 'Pod' },
      [{ op: 'add', path: '/metadata', value: { annotations: { 'gitpod/failedBeforeStopping': 'true' } } }],
    ],
    ['add the key to an existing map', pod({ a: 'b' }), [{ op: 'add', path: fbsPath, value: 'true' }]],
    ['replace a different value', pod({ 'gitpod/failedBeforeStopping': 'no' }), [{ op: 'replace', path: fbsPath, value: 'true' }]],
    ['do nothing when the value is already set', pod({ 'gitpod/failedBeforeStopping': 'true' }), []],
    ['do nothing for a non-object', 42, []],
  ];
  for (const [name, object, expected] of cases) {
    it(`should ${name}`, () => {
      assert.deepEqual(setAnnotationPatch(object, 'gitpod/failedBeforeStopping', 'true'), expected);
    });
  }
});
