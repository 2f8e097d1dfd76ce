import assert from 'node:assert/strict';
import { redactErrorText, redactTypedValues } from '../../../../shared/redact/messages.js';
import { REDACTED } from '../../../../shared/redact/placeholder.js';
import { itRedactsEach, T } from './cases.js';

describe('redactErrorText', () => {
  const cases: [string, string, string][] = [
    [
      'an unknown argument echoed by the parser',
      `Unknown argument: gitpod/ownerToken=${T}`,
      `Unknown argument: gitpod/ownerToken=${REDACTED}`,
    ],
    [
      'a quoted choice',
      `Invalid values:\n  Argument: level, Given: "gitpod/ownerToken=${T}", Choices: "owner"`,
      `Invalid values:\n  Argument: level, Given: "gitpod/ownerToken=${REDACTED}", Choices: "owner"`,
    ],
    ['a mistyped separator in another case', `bad mark gitpod/ownertoken:${T}`, `bad mark gitpod/ownertoken:${REDACTED}`],
    ['a JSON member', `at {"owner_token":"${T}"}`, `at {"owner_token":"${REDACTED}"}`],
    ['an escaped JSON member', `at "{\\"Owner_Token\\":\\"${T}\\"}"`, `at "{\\"Owner_Token\\":"${REDACTED}"}"`],
    [
      'a name followed by a colon and a space, unchanged',
      'invalid value <redacted> for gitpod/ownerToken: expected x',
      'invalid value <redacted> for gitpod/ownerToken: expected x',
    ],
    [
      'a message without secrets, unchanged',
      'workspace abc not found in namespace default',
      'workspace abc not found in namespace default',
    ],
  ];
  itRedactsEach('handle', redactErrorText, cases);
});

describe('redactTypedValues', () => {
  const cases: [string, string, string[], string][] = [
    [
      'the value of a name=value argument',
      'Unknown argument: gitpod/ownerToken=SEKRIT',
      ['close', 'a', 'gitpod/ownerToken=SEKRIT'],
      'Unknown argument: gitpod/ownerToken=<redacted>',
    ],
    [
      'the value of a name:value argument',
      'Given: "gitpod/ownerToken:SEKRIT"',
      ['admission', 'a', 'gitpod/ownerToken:SEKRIT'],
      'Given: "gitpod/ownerToken:<redacted>"',
    ],
    ['the value quoted alone', 'Given: "SEKRIT-123"', ['x', 'a=SEKRIT-123'], 'Given: "<redacted>"'],
    [
      'not a short value where it stands for something else',
      'Given: "x=owner", Choices: "owner", "everyone"',
      ['admission', 'a', 'x=owner'],
      'Given: "x=<redacted>", Choices: "owner", "everyone"',
    ],
    [
      'a value after a leading space',
      'Unknown argument:  gitpod/ownerToken:SEKRIT7',
      ['x', ' gitpod/ownerToken:SEKRIT7'],
      'Unknown argument:  gitpod/ownerToken:<redacted>',
    ],
    ['nothing in a message that quotes no value', 'Unknown argument: bogus', ['bogus', 'a=SEKRIT'], 'Unknown argument: bogus'],
  ];
  for (const [name, message, typed, expected] of cases)
    it(`should redact ${name}`, () => assert.equal(redactTypedValues(message, typed), expected));
});
