import assert from 'node:assert/strict';
import { JsonPath, JsonPathEvalError, JsonPathSyntaxError, type Json } from '../../../../plugin/output/jsonpath.js';

// Expected texts are what kubectl v1.36 printed for the same template over the same object.
const POD: Json = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'ws-a', namespace: 'x', labels: { b: '2', a: '1<&>' }, annotations: { 'gitpod/x': 'y' } },
  spec: {
    containers: [
      { name: 'c1', image: 'i1', ports: [{ containerPort: 80 }] },
      { name: 'c2', image: 'i2' },
    ],
  },
  status: { phase: 'Pending' },
};

const run = (template: string, data: Json = POD, allowMissingKeys = true): string =>
  new JsonPath(template, { allowMissingKeys }).execute(data);

describe('JsonPath', () => {
  const cases: [string, string, string][] = [
    ['a field', '{.metadata.name}', 'ws-a'],
    ['text outside braces as is, backslashes included', '{.metadata.name}\\n', 'ws-a\\n'],
    ['a map as compact JSON with sorted keys and <>& escaped', '{.metadata.labels}', '{"a":"1\\u003c\\u0026\\u003e","b":"2"}'],
    ['[*] results separated by a space', '{.spec.containers[*].name}', 'c1 c2'],
    ['range/end with quoted \\t and \\n', '{range .spec.containers[*]}{.name}{"\\t"}{.image}{"\\n"}{end}', 'c1\ti1\nc2\ti2\n'],
    ['a filter', '{.spec.containers[?(@.name=="c2")].image}', 'i2'],
    ['an existence filter', '{.spec.containers[?(@.ports)].name}', 'c1'],
    ['recursive descent', '{..name}', 'ws-a c1 c2'],
    ['a missing key as nothing', '{.metadata.nope}', ''],
    ['a list as compact JSON', '{.spec.containers[0].ports}', '[{"containerPort":80}]'],
    ['a negative slice', '{.spec.containers[-1:].name}', 'c2'],
    ['a step slice', '{.spec.containers[0:2:2].name}', 'c1'],
    ['a quoted key with a slash', "{.metadata.annotations['gitpod/x']}", 'y'],
    ['a field with a slash', '{.metadata.annotations.gitpod/x}', 'y'],
    ['an integer as decimal', '{.spec.containers[0].ports[0].containerPort}', '80'],
    ['{.} as nothing, as client-go', '{.}', ''],
    ['a union of two fields', "{.metadata['name','namespace']}", 'ws-a x'],
    ['a literal between expressions', '{.metadata.name}{" is "}{.status.phase}', 'ws-a is Pending'],
    ['single-quoted literals', "{'a'}", 'a'],
  ];
  for (const [name, template, expected] of cases) {
    it(`should print ${name}: ${template}`, () => assert.equal(run(template), expected));
  }

  it('should print the whole object for {$}', () => {
    assert.equal(run('{$}', { b: 1, a: [true, null] }), '{"a":[true,null],"b":1}');
  });

  it('should print floats and booleans as Go does', () => {
    assert.equal(run('{.a} {.b} {.c}', { a: 0.5, b: true, c: 1.5e-7 }), '0.5 true 1.5e-07');
  });

  const syntax: [string, RegExp][] = [
    ['{.metadata.name', /unclosed action/],
    ['{.items[0}', /unterminated array/],
    ['{.a[x]}', /invalid array index x/],
    ['{"abc}', /unterminated quoted string/],
    ['{.a[?(@.x=="y"}', /unterminated filter|unclosed array/],
    ['{%}', /unrecognized character in action/],
  ];
  for (const [template, message] of syntax) {
    it(`should refuse ${template} with client-go's message`, () =>
      assert.throws(
        () => run(template),
        (e: unknown) => e instanceof JsonPathSyntaxError && message.test(e.message),
      ));
  }

  const evaluation: [string, RegExp][] = [
    ['{.spec.containers[5].name}', /array index out of bounds: index 5, length 2/],
    ['{end}', /not in range, nothing to end/],
    ['{.metadata[0]}', /is not array or slice/],
    ['{bogus}', /unrecognized identifier bogus/],
  ];
  for (const [template, message] of evaluation) {
    it(`should fail to evaluate ${template}`, () =>
      assert.throws(
        () => run(template),
        (e: unknown) => e instanceof JsonPathEvalError && message.test(e.message),
      ));
  }

  it('should fail on a missing key when missing keys are not allowed', () => {
    assert.throws(() => run('{.metadata.nope}', POD, false), /nope is not found/);
  });
});
