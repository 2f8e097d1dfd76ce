// Serving certificate and key from files, reloaded when they change on disk.
import { createHash, X509Certificate } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { Logger } from './log.js';
import type { WebhookMetrics } from './metrics.js';

export interface KeyPair {
  readonly cert: Buffer;
  readonly key: Buffer;
}

export class CertificateLoadError extends Error {
  override readonly name = 'CertificateLoadError';
}

/** Reads and checks a key pair: both files parse and the key belongs to the certificate. */
export async function loadKeyPair(certFile: string, keyFile: string): Promise<KeyPair & { readonly notAfter: Date }> {
  let cert: Buffer;
  let key: Buffer;
  try {
    [cert, key] = await Promise.all([readFile(certFile), readFile(keyFile)]);
  } catch (cause) {
    throw new CertificateLoadError(
      `cannot read serving certificate ${certFile} or key ${keyFile}: ${(cause as Error).message}; pass existing PEM files with --cert and --key`,
      { cause },
    );
  }
  try {
    createSecureContext({ cert, key });
    return { cert, key, notAfter: new Date(new X509Certificate(cert).validTo) };
  } catch (cause) {
    // Never quote the files: one of them is a private key.
    throw new CertificateLoadError(
      `${certFile} and ${keyFile} are not a matching PEM certificate and private key (${(cause as Error).message}); a writer may be mid-update, the previous pair stays in use`,
      { cause },
    );
  }
}

export interface ReloaderOptions {
  readonly certFile: string;
  readonly keyFile: string;
  /** Fallback check interval for file systems where watch events are missed. Default 10 s. */
  readonly pollIntervalMs?: number;
  /** Called with each new valid pair (not with the initial one). */
  readonly onChange: (pair: KeyPair) => void;
  readonly logger: Logger;
  readonly metrics: WebhookMetrics;
}

async function fileSignature(file: string): Promise<string> {
  try {
    const s = await stat(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/**
 * Watches the directories holding the pair (a Secret volume swaps a `..data` symlink, which
 * only a directory watch sees) and also polls their stat, reloading on any change.
 */
export class CertificateReloader {
  private readonly options: ReloaderOptions;
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private signature = '';
  private digest = '';
  private running: Promise<void> = Promise.resolve();

  constructor(options: ReloaderOptions) {
    this.options = options;
  }

  /** Loads the initial pair; throws CertificateLoadError when it is unusable. */
  async initial(): Promise<KeyPair & { readonly notAfter: Date }> {
    const pair = await loadKeyPair(this.options.certFile, this.options.keyFile);
    this.signature = await this.currentSignature();
    this.digest = this.digestOf(pair);
    this.options.metrics.certificateExpiry.set(pair.notAfter.getTime() / 1000);
    return pair;
  }

  start(): void {
    for (const dir of new Set([dirname(this.options.certFile), dirname(this.options.keyFile)])) {
      try {
        const watcher = watch(dir, { persistent: false }, () => this.schedule());
        watcher.on('error', (error) =>
          this.options.logger.warn('certificate directory watch failed; relying on polling', { dir, error: error.message }),
        );
        this.watchers.push(watcher);
      } catch (error) {
        this.options.logger.warn('cannot watch certificate directory; relying on polling', { dir, error: (error as Error).message });
      }
    }
    this.timer = setInterval(() => void this.check(), this.options.pollIntervalMs ?? 10_000);
    this.timer.unref();
  }

  stop(): void {
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
    clearInterval(this.timer);
    clearTimeout(this.debounce);
  }

  /** Re-reads the files now if their stat changed; resolves when that check is done. */
  check(): Promise<void> {
    this.running = this.running.then(() => this.reloadIfChanged());
    return this.running;
  }

  private schedule(): void {
    clearTimeout(this.debounce);
    // Writers replace the two files one after the other; wait for both.
    this.debounce = setTimeout(() => void this.check(), 100);
    this.debounce.unref();
  }

  private async currentSignature(): Promise<string> {
    const [cert, key] = await Promise.all([fileSignature(this.options.certFile), fileSignature(this.options.keyFile)]);
    return `${cert}|${key}`;
  }

  private digestOf(pair: KeyPair): string {
    return createHash('sha256').update(pair.cert).update('\0').update(pair.key).digest('hex');
  }

  private async reloadIfChanged(): Promise<void> {
    const signature = await this.currentSignature();
    if (signature === this.signature) return;
    const { logger, metrics } = this.options;
    let pair: KeyPair & { readonly notAfter: Date };
    try {
      pair = await loadKeyPair(this.options.certFile, this.options.keyFile);
    } catch (error) {
      // Leave the signature as it was so the next event or poll tries again.
      metrics.tlsReloads.inc({ result: 'failure' });
      logger.warn('serving certificate reload failed', { error: (error as Error).message });
      return;
    }
    this.signature = signature;
    const digest = this.digestOf(pair);
    if (digest === this.digest) return;
    this.digest = digest;
    this.options.onChange(pair);
    metrics.tlsReloads.inc({ result: 'success' });
    metrics.certificateExpiry.set(pair.notAfter.getTime() / 1000);
    logger.info('serving certificate reloaded', { notAfter: pair.notAfter.toISOString() });
  }
}
