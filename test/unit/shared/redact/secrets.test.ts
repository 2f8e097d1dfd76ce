import assert from 'node:assert/strict';
import { isQuotableInErrors, isSecretAnnotation, isSecretJsonKey, LAST_APPLIED, mayHoldSecret } from '../../../../shared/redact/secrets.js';

describe('isSecretJsonKey', () => {
  const secret = ['owner_token', 'ownerToken', 'Owner_Token', 'OWNERTOKEN', 'owner_to\u212Aen', 'gitpod/ownerToken', 'gitpod/OWNERTOKEN'];
  for (const key of secret) it(`should treat ${JSON.stringify(key)} as secret`, () => assert.equal(isSecretJsonKey(key), true));
  const plain = ['owner', 'token', 'owner_token_expiry', 'admission', 'ownerTokens', ''];
  for (const key of plain) it(`should not treat ${JSON.stringify(key)} as secret`, () => assert.equal(isSecretJsonKey(key), false));
});

describe('isSecretAnnotation', () => {
  it('should hide the secret annotations and the last-applied copy whole, and nothing else', () => {
    assert.equal(isSecretAnnotation('gitpod/ownerToken'), true);
    assert.equal(isSecretAnnotation(LAST_APPLIED), true);
    assert.equal(isSecretAnnotation('gitpod/plis'), false, 'the PLIS is redacted inside, not hidden whole');
    assert.equal(isSecretAnnotation('gitpod/id'), false);
  });
});

describe('mayHoldSecret', () => {
  const cases: [boolean, string[]][] = [
    [true, ['gitpod/ownertoken:abc', ' gitpod/ownerToken:abc', 'gitpod/OWNER', 'my-token=x']],
    [false, ['gitpod/closed', 'gitpod/ bad']],
  ];
  for (const [expected, texts] of cases)
    for (const text of texts) it(`should say ${expected} for ${JSON.stringify(text)}`, () => assert.equal(mayHoldSecret(text), expected));
});

describe('isQuotableInErrors', () => {
  it('should refuse the secret annotations and the PLIS, and allow the others', () => {
    assert.equal(isQuotableInErrors('gitpod/ownerToken'), false);
    assert.equal(isQuotableInErrors('gitpod/plis'), false);
    assert.equal(isQuotableInErrors('gitpod/customTimeout'), true);
    assert.equal(isQuotableInErrors('example.com/other'), true);
  });
});
