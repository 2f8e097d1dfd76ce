// The webhook benchmark's peer: a bare node:https server making the same admission decision,
// with no validation, limits, metrics or logging, and the product's listener options (TLS
// version, keep-alive, timeouts). The bench bundles it like the product (servers.ts) and runs it:
//   node plain-webhook.cjs --cert FILE --key FILE --port N
// It prints "listening <port>" once it accepts connections.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { decide } from '../webhook/decision.js';
import { admissionListenerOptions } from '../webhook/listener-options.js';

const { values } = parseArgs({ options: { cert: { type: 'string' }, key: { type: 'string' }, port: { type: 'string', default: '0' } } });
if (values.cert === undefined || values.key === undefined) {
  process.stderr.write('error: pass --cert FILE --key FILE [--port N]\n');
  process.exit(2);
}

interface Review {
  apiVersion: string;
  request: {
    uid: string;
    operation: string;
    kind: { group: string; version: string; kind: string };
    subResource?: string;
    object?: unknown;
  };
}

const options = { ...admissionListenerOptions, cert: readFileSync(values.cert), key: readFileSync(values.key) };
const server = createServer(options, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Review;
      const r = review.request;
      const patch = decide({ operation: r.operation, kind: r.kind, subResource: r.subResource, object: r.object });
      const response =
        patch.length === 0
          ? { uid: r.uid, allowed: true }
          : { uid: r.uid, allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64') };
      const body = JSON.stringify({ apiVersion: review.apiVersion, kind: 'AdmissionReview', response });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } catch {
      res.writeHead(400).end();
    }
  });
});
server.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
