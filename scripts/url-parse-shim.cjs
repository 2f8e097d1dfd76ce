// Stands in for `require('url')` inside node-fetch 2 (under @kubernetes/client-node 1.x), whose
// every request goes through the legacy url.parse(): DEP0169, a warning on Node.js >= 24. The
// module is node:url with parse() answering from the WHATWG parser in the legacy shape
// node-fetch reads (protocol, auth, hostname, port, path …).
'use strict';
const url = require('node:url');

function parse(text) {
  let u;
  try {
    u = new URL(text);
  } catch {
    // Not absolute: node-fetch then refuses it ("Only absolute URLs are supported").
    return {
      protocol: null,
      slashes: null,
      auth: null,
      host: null,
      port: null,
      hostname: null,
      hash: null,
      search: null,
      query: null,
      pathname: text,
      path: text,
      href: text,
    };
  }
  const auth = u.username ? decodeURIComponent(u.username) + (u.password ? ':' + decodeURIComponent(u.password) : '') : null;
  return {
    protocol: u.protocol,
    slashes: true,
    auth,
    host: u.host,
    port: u.port || null,
    // Legacy hostnames carry no IPv6 brackets; http.request wants them without.
    hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    hash: u.hash || null,
    search: u.search || null,
    query: u.search ? u.search.slice(1) : null,
    pathname: u.pathname,
    path: u.pathname + u.search,
    href: u.href,
  };
}

module.exports = { ...url, parse };
