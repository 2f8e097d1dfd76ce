// Checking a webhook server before loading it: one POST on a fresh connection. The load itself is wrk's (wrk.ts).
import https from 'node:https';

/** One request on a fresh connection, answering the response body: to check a server before loading it. */
export function postOnce(url: string, ca: string | Buffer, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: 'POST', ca, headers: { 'content-type': 'application/json', 'content-length': body.length } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
