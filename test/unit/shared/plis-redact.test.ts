import assert from 'node:assert/strict';
import { decodePlis } from '../../../shared/plis-codec.js';
import { redactPlisAnnotation, redactPlisDocument } from '../../../shared/plis-redact.js';

const TOKEN = 'tok-3f9a1c';
const withToken = JSON.stringify({
  hostIP: '10.0.0.1',
  lastPodStatus: { id: 'abc', phase: 3, auth: { admission: 1, owner_token: TOKEN }, conditions: { failed: 'x' } },
  futureField: { kept: true },
});

describe('redactPlisDocument', () => {
  it('should replace lastPodStatus.auth.owner_token and keep everything else', () => {
    const doc = decodePlis(withToken, 'ns/plis-abc');
    const redacted = redactPlisDocument(doc) as Record<string, any>;
    assert.equal(redacted['lastPodStatus'].auth.owner_token, '<redacted>');
    assert.equal(redacted['lastPodStatus'].auth.admission, 1);
    assert.equal(redacted['lastPodStatus'].phase, 3);
    assert.deepEqual(redacted['futureField'], { kept: true });
    assert.equal((doc as Record<string, any>)['lastPodStatus'].auth.owner_token, TOKEN, 'the input is untouched');
  });

  it('should return the same document when there is no token', () => {
    const doc = decodePlis('{"hostIP":"10.0.0.1","lastPodStatus":{"auth":{"admission":1}}}', 'ns/plis-abc');
    assert.equal(redactPlisDocument(doc), doc);
  });
});

describe('redactPlisAnnotation', () => {
  it('should re-encode a document holding the token without it', () => {
    const out = redactPlisAnnotation(withToken, 'ns/plis-abc');
    assert.equal(out.includes(TOKEN), false);
    assert.equal(JSON.parse(out).lastPodStatus.auth.owner_token, '<redacted>');
    assert.deepEqual(JSON.parse(out).futureField, { kept: true });
  });

  it('should leave a document without secrets byte for byte', () => {
    const raw = '{"hostIP": "10.0.0.1",  "x": 1}';
    assert.equal(redactPlisAnnotation(raw, 'ns/plis-abc'), raw);
  });

  it('should print only the size of a value it cannot read', () => {
    const raw = `{"lastPodStatus": {"auth": {"owner_token": "${TOKEN}"`;
    assert.equal(redactPlisAnnotation(raw, 'ns/plis-abc'), `<${raw.length} bytes, not a readable PLIS document>`);
  });
});
