// Stands in for Node's deprecated built-in `punycode` (DEP0040, a warning at start on
// Node.js >= 21), which whatwg-url and tr46 (under @kubernetes/client-node's node-fetch)
// require. Only the calls they make are provided, on top of node:url's IDNA functions.
'use strict';
const { domainToASCII, domainToUnicode } = require('node:url');

module.exports = {
  ucs2: {
    decode: (text) => Array.from(text, (c) => c.codePointAt(0)),
    encode: (codePoints) => String.fromCodePoint(...codePoints),
  },
  toASCII: (domain) => domainToASCII(domain) || domain,
  toUnicode: (domain) => domainToUnicode(domain) || domain,
};
