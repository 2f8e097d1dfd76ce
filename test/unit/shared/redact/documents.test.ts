import assert from 'node:assert/strict';
import { JsonSyntaxError } from '../../../../shared/jsonraw.js';
import { redactAnnotations, redactJsonText, redactObject, redactPlisText } from '../../../../shared/redact/documents.js';
import { REDACTED } from '../../../../shared/redact/placeholder.js';
import { LAST_APPLIED } from '../../../../shared/redact/secrets.js';
import { itRedactsEach, T } from './cases.js';

describe('redactJsonText', () => {
  const R = JSON.stringify(REDACTED);
  const cases: [string, string, string][] = [
    [
      'a token in lastPodStatus.auth',
      `{"lastPodStatus":{"auth":{"admission":1,"owner_token":"${T}"}}}`,
      `{"lastPodStatus":{"auth":{"admission":1,"owner_token":${R}}}}`,
    ],
    [
      'a token in an earlier duplicate auth member (JSON.parse keeps only the last)',
      `{"lastPodStatus":{"auth":{"owner_token":"${T}"},"auth":{"x":1}}}`,
      `{"lastPodStatus":{"auth":{"owner_token":${R}},"auth":{"x":1}}}`,
    ],
    ['a duplicate token member', `{"a":{"owner_token":"${T}","owner_token":"${T}2"}}`, `{"a":{"owner_token":${R},"owner_token":${R}}}`],
    ['case variants Go reads', `{"lastPodStatus":{"Auth":{"Owner_Token":"${T}"}}}`, `{"lastPodStatus":{"Auth":{"Owner_Token":${R}}}}`],
    ['an escaped member name', `{"auth":{"owner_\\u0074oken":"${T}"}}`, `{"auth":{"owner_\\u0074oken":${R}}}`],
    ['the protojson spelling', `{"auth":{"ownerToken":"${T}"}}`, `{"auth":{"ownerToken":${R}}}`],
    ['a token at any depth, in arrays too', `[{"x":[{"owner_token":"${T}"}]}]`, `[{"x":[{"owner_token":${R}}]}]`],
    ['a non-string value under a secret name', `{"owner_token":{"v":"${T}"}}`, `{"owner_token":${R}}`],
    ['the annotation name as a member', `{"gitpod/ownerToken":"${T}"}`, `{"gitpod/ownerToken":${R}}`],
    ['an empty token, kept: it hides nothing', '{"owner_token":"","ownerToken":null}', '{"owner_token":"","ownerToken":null}'],
    [
      'whitespace and numbers around it, kept byte for byte',
      `{ "n" : 12345678901234567890 ,\n "owner_token" : "${T}" }`,
      `{ "n" : 12345678901234567890 ,\n "owner_token" : ${R} }`,
    ],
    ['JSON held in a string', `{"x":"{\\"Owner_Token\\":\\"${T}\\"}"}`, `{"x":"{\\"Owner_Token\\":\\"<redacted>\\"}"}`],
    [
      'a string that only mentions a token, unchanged',
      '{"x":"no owner_token here","y":"{\\"token\\":1}"}',
      '{"x":"no owner_token here","y":"{\\"token\\":1}"}',
    ],
    ['no secret at all, unchanged', '{"hostIP": "10.0.0.1",  "x": 1e400}', '{"hostIP": "10.0.0.1",  "x": 1e400}'],
  ];
  itRedactsEach('redact', redactJsonText, cases);

  it('should throw JsonSyntaxError for text that is not JSON', () => {
    assert.throws(() => redactJsonText(`{"owner_token":${T}}`), JsonSyntaxError);
  });
});

describe('redactPlisText', () => {
  it('should print only the size of a value that is not JSON', () => {
    const raw = `{"lastPodStatus": {"auth": {"owner_token": "${T}"`;
    assert.equal(redactPlisText(raw), `<${raw.length} bytes, not valid JSON>`);
  });

  it('should redact a document that is JSON but not a valid PLIS document', () => {
    assert.equal(redactPlisText(`{"hostIP":{"owner_token":"${T}"}}`), `{"hostIP":{"owner_token":"${REDACTED}"}}`);
  });
});

describe('redactAnnotations', () => {
  const input = {
    'gitpod/ownerToken': 'tok-123',
    'gitpod/contentInitializer': 'Q'.repeat(400),
    'gitpod/imageSpec': 'aW1hZ2U=',
    'gitpod/id': 'abc',
    'other/annotation': 'kept',
  };

  it('should redact secrets and summarise large values by default', () => {
    assert.deepEqual(redactAnnotations(input, { showSecrets: false }), {
      'gitpod/ownerToken': REDACTED,
      'gitpod/contentInitializer': '<400 bytes base64>',
      'gitpod/imageSpec': '<8 bytes base64>',
      'gitpod/id': 'abc',
      'other/annotation': 'kept',
    });
  });

  it('should show secrets only when asked', () => {
    assert.equal(redactAnnotations(input, { showSecrets: true })['gitpod/ownerToken'], 'tok-123');
  });

  it('should show large values whole only when asked', () => {
    const shown = redactAnnotations(input, { showSecrets: false, showLarge: true });
    assert.equal(shown['gitpod/contentInitializer'], input['gitpod/contentInitializer']);
    assert.equal(shown['gitpod/ownerToken'], REDACTED);
  });

  it('should leave its input untouched and return a new map', () => {
    const copy = { ...input };
    const out = redactAnnotations(input, { showSecrets: false });
    assert.deepEqual(input, copy);
    assert.notEqual(out, input);
  });

  it('should keep a key named __proto__ as a plain entry', () => {
    const odd = JSON.parse('{"__proto__":"x"}') as Record<string, string>;
    const out = redactAnnotations(odd, { showSecrets: false });
    assert.deepEqual(Object.keys(out), ['__proto__']);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
  });

  it('should redact the owner token inside the PLIS text and the whole last-applied copy', () => {
    const out = redactAnnotations(
      {
        'gitpod/plis': `{"lastPodStatus":{"auth":{"owner_token":"${T}"},"auth":{}}}`,
        [LAST_APPLIED]: `{"metadata":{"annotations":{"gitpod/plis":"{\\"a\\":1}"}}}`,
      },
      { showSecrets: false },
    );
    assert.equal(out['gitpod/plis'], `{"lastPodStatus":{"auth":{"owner_token":"${REDACTED}"},"auth":{}}}`);
    assert.equal(out[LAST_APPLIED], REDACTED);
  });
});

describe('redactObject', () => {
  it('should redact the annotations of a ConfigMap and leave out managedFields', () => {
    const cm = { metadata: { name: 'plis-a', managedFields: [{}], annotations: { 'gitpod/plis': `{"Owner_Token":"${T}"}` } }, data: {} };
    const out = redactObject(cm, { showSecrets: false });
    assert.equal(JSON.stringify(out).includes(T), false);
    assert.equal('managedFields' in out.metadata, false);
    assert.equal(cm.metadata.annotations['gitpod/plis'].includes(T), true, 'the input is untouched');
  });
});
