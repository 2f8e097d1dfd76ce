// The build's stand-ins for deprecated built-ins (scripts/*-shim.cjs) answer as the built-ins
// do for every call their dependents make, so the bundles behave the same without the warning.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as nodeUrl from 'node:url';
import { REPO } from '../../support/artifacts/release-copy.js';

const require = createRequire(import.meta.url);
const legacyUrl = require('node:url') as typeof nodeUrl;
const urlShim = require(join(REPO, 'scripts/url-parse-shim.cjs')) as typeof nodeUrl;
const punycodeShim = require(join(REPO, 'scripts/punycode-shim.cjs')) as {
  ucs2: { decode(s: string): number[]; encode(c: number[]): string };
  toASCII(s: string): string;
  toUnicode(s: string): string;
};

// What node-fetch reads of a parsed URL to build its request options.
const FIELDS = ['protocol', 'auth', 'host', 'port', 'hostname', 'hash', 'search', 'query', 'pathname', 'path', 'href'] as const;

describe("url-parse-shim (node-fetch's url.parse)", () => {
  const cases: readonly [string, string][] = [
    ['an API server on a loopback port', 'https://127.0.0.1:6443/api/v1/namespaces/ns/secrets/webhook-tls'],
    ['a query and a fragment', 'https://kube.example:443/apis/x?fieldSelector=a%3Db&limit=5#frag'],
    ['user and password', 'https://alice:s%40cret@kube.example/api'],
    ['an IPv6 literal', 'https://[::1]:8443/api?x=1'],
    ['no path', 'http://kube.example'],
  ];
  for (const [name, text] of cases) {
    it(`should answer as url.parse for ${name}`, () => {
      // node-fetch first normalises an absolute URL with the WHATWG parser, then parses it.
      const normalised = new URL(text).toString();
      const want = legacyUrl.parse(normalised) as unknown as Record<string, unknown>;
      const got = urlShim.parse(normalised) as unknown as Record<string, unknown>;
      for (const f of FIELDS) assert.deepEqual(got[f], want[f], `${f} of ${normalised}`);
    });
  }

  it('should give no protocol or hostname for a relative URL, so node-fetch refuses it', () => {
    const got = urlShim.parse('/api/v1') as unknown as Record<string, unknown>;
    assert.equal(got['protocol'], null);
    assert.equal(got['hostname'], null);
  });

  it('should keep every other export of node:url', () => {
    assert.equal(urlShim.URL, legacyUrl.URL);
    assert.equal(urlShim.format, legacyUrl.format);
  });
});

describe('punycode-shim (whatwg-url and tr46)', () => {
  for (const [name, text] of [
    ['ASCII', 'kube.example'],
    ['astral characters', 'a😀b'],
    ['a lone surrogate', 'x\uD800y'],
  ] as const) {
    it(`should decode and encode UCS-2 as punycode does: ${name}`, () => {
      const codePoints = punycodeShim.ucs2.decode(text);
      assert.deepEqual(
        codePoints,
        [...text].map((c) => c.codePointAt(0)),
      );
      assert.equal(punycodeShim.ucs2.encode(codePoints), text);
    });
  }

  it('should convert an internationalised label to and from its xn-- form', () => {
    assert.equal(punycodeShim.toASCII('bücher.example'), 'xn--bcher-kva.example');
    assert.equal(punycodeShim.toUnicode('xn--bcher-kva.example'), 'bücher.example');
    assert.equal(punycodeShim.toASCII('kube.example'), 'kube.example');
  });
});
