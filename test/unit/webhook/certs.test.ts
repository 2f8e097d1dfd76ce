import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { servingNames } from '../../../webhook/certgen.js';
import { ensureDirectory } from '../../../webhook/certs.js';

describe('ensureDirectory', () => {
  let dir: string;
  const names = servingNames({ hosts: ['127.0.0.1'] });
  const now = new Date();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'webhook-certs-'));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should create ca.crt, tls.crt and tls.key with a private key mode', async function () {
    this.timeout(30_000);
    const result = await ensureDirectory(dir, { names, now });
    assert.equal(result.action, 'created');
    assert.equal(await readFile(join(dir, 'tls.crt'), 'utf8'), result.bundle.certPem);
    assert.equal(await readFile(join(dir, 'ca.crt'), 'utf8'), result.bundle.caPem);
    assert.equal((await stat(join(dir, 'tls.key'))).mode & 0o777, 0o600);
    assert.equal(new X509Certificate(result.bundle.certPem).checkIP('127.0.0.1'), '127.0.0.1');
  });

  it('should keep a valid set on the next run', async () => {
    const before = await readFile(join(dir, 'tls.crt'), 'utf8');
    const result = await ensureDirectory(dir, { names, now });
    assert.equal(result.action, 'kept');
    assert.equal(await readFile(join(dir, 'tls.crt'), 'utf8'), before);
  });

  it('should keep the CA key beside the set, readable by the owner only', async () => {
    assert.equal((await stat(join(dir, 'ca.key'))).mode & 0o777, 0o600);
  });

  it('should renew a certificate inside the renewal window with the same CA, so caBundle stays valid', async function () {
    this.timeout(30_000);
    const caBefore = await readFile(join(dir, 'ca.crt'), 'utf8');
    const certBefore = await readFile(join(dir, 'tls.crt'), 'utf8');
    // 400 days from now the 365-day certificate has expired while the 10-year CA has not.
    const later = new Date(now.getTime() + 400 * 24 * 60 * 60 * 1000);
    const result = await ensureDirectory(dir, { names, now: later });
    assert.equal(result.action, 'replaced');
    assert.match(result.reason ?? '', /tls\.crt expires/);
    assert.equal(await readFile(join(dir, 'ca.crt'), 'utf8'), caBefore);
    const renewed = new X509Certificate(await readFile(join(dir, 'tls.crt'), 'utf8'));
    assert.notEqual(renewed.raw.toString('base64'), new X509Certificate(certBefore).raw.toString('base64'));
    assert.equal(renewed.verify(new X509Certificate(caBefore).publicKey), true);
  });

  it('should make a new CA when the old one left no key (a set written before the key was kept)', async function () {
    this.timeout(30_000);
    const caBefore = await readFile(join(dir, 'ca.crt'), 'utf8');
    await rm(join(dir, 'ca.key'));
    const result = await ensureDirectory(dir, { names, now: new Date(now.getTime() + 800 * 24 * 60 * 60 * 1000) });
    assert.equal(result.action, 'replaced');
    assert.notEqual(await readFile(join(dir, 'ca.crt'), 'utf8'), caBefore);
  });

  it('should replace a valid set, CA included, with --force', async function () {
    this.timeout(30_000);
    const before = await readFile(join(dir, 'tls.crt'), 'utf8');
    const caBefore = await readFile(join(dir, 'ca.crt'), 'utf8');
    const result = await ensureDirectory(dir, { names, now, force: true });
    assert.deepEqual([result.action, result.reason], ['replaced', '--force given']);
    assert.notEqual(await readFile(join(dir, 'tls.crt'), 'utf8'), before);
    assert.notEqual(await readFile(join(dir, 'ca.crt'), 'utf8'), caBefore);
  });

  it('should replace a set that lacks a newly requested name', async function () {
    this.timeout(30_000);
    const wider = servingNames({ hosts: ['127.0.0.1', 'localhost'] });
    const result = await ensureDirectory(dir, { names: wider, now });
    assert.deepEqual([result.action, result.reason], ['replaced', 'tls.crt does not cover localhost']);
  });

  it('should replace a corrupted certificate', async function () {
    this.timeout(30_000);
    await writeFile(join(dir, 'tls.crt'), 'garbage');
    const result = await ensureDirectory(dir, { names, now });
    assert.equal(result.action, 'replaced');
    assert.match(result.reason ?? '', /does not parse/);
  });
});
