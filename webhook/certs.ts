// Where certgen's material lives: a kubernetes.io/tls Secret, a directory of PEM files, and the caBundle of a MutatingWebhookConfiguration.
import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AdmissionregistrationV1Api, CoreV1Api, V1Secret } from '@kubernetes/client-node';
import { assessBundle, generateBundle, reusableCa, type CertificateBundle, type PemPair, type ServingNames } from './certgen.js';

export const TlsFile = { cert: 'tls.crt', key: 'tls.key', ca: 'ca.crt', caKey: 'ca.key' } as const;
export type TlsFile = (typeof TlsFile)[keyof typeof TlsFile];

export class CertgenError extends Error {
  override readonly name = 'CertgenError';
}

export interface Freshness {
  readonly names: ServingNames;
  readonly now: Date;
  readonly renewBeforeDays?: number;
  readonly validityDays?: number;
  /** Regenerate even when the existing set is still good. */
  readonly force?: boolean;
  /** Sign with this CA instead of generating one; an existing set from another CA is replaced. */
  readonly ca?: PemPair;
}

export interface EnsureResult {
  readonly bundle: CertificateBundle;
  /** 'kept' when the existing set was good enough, otherwise why it was replaced. */
  readonly action: 'kept' | 'created' | 'replaced';
  readonly reason?: string;
}

function verdictFor(
  existing: Partial<CertificateBundle> | undefined,
  wanted: Freshness,
): { readonly keep: boolean; readonly reason: string } {
  if (wanted.force) return { keep: false, reason: '--force given' };
  if (wanted.ca !== undefined && existing?.caPem !== undefined && existing.caPem.trim() !== wanted.ca.certPem.trim()) {
    return { keep: false, reason: 'ca.crt is not the CA given with --ca-cert' };
  }
  const assessment = assessBundle(existing, wanted);
  return assessment.keep ? { keep: true, reason: 'existing certificate is valid' } : { keep: false, reason: assessment.reason };
}

/**
 * A new set for `wanted`: signed by --ca-cert, else by the existing set's own CA while it stays valid
 * (so caBundle does not change), else by a new CA.
 */
function renewedBundle(existing: Partial<CertificateBundle> | undefined, wanted: Freshness): CertificateBundle {
  const ownCa = wanted.ca === undefined && !wanted.force ? reusableCa(existing, wanted.now, wanted.renewBeforeDays) : undefined;
  return generateBundle(wanted.names, {
    now: wanted.now,
    validityDays: wanted.validityDays,
    ca: wanted.ca ?? ownCa,
    keepCaKey: ownCa !== undefined,
  });
}

/** The HTTP status of a client-node API error (its `code`), undefined for anything else. */
export function apiCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes next to the target and renames, so a watcher never reads half a file. */
async function writeAtomically(file: string, content: string, mode: number): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, content, { mode });
  await rename(temporary, file);
}

/** Writes a bundle into `dir` as ca.crt, tls.crt and tls.key (the key first, so the pair never mismatches for long). */
export async function writeBundle(dir: string, bundle: CertificateBundle): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeAtomically(join(dir, TlsFile.ca), bundle.caPem, 0o644);
  await writeAtomically(join(dir, TlsFile.key), bundle.keyPem, 0o600);
  await writeAtomically(join(dir, TlsFile.cert), bundle.certPem, 0o644);
  if (bundle.caKeyPem !== undefined) await writeAtomically(join(dir, TlsFile.caKey), bundle.caKeyPem, 0o600);
}

export async function readBundle(dir: string): Promise<Partial<CertificateBundle>> {
  const [caPem, certPem, keyPem, caKeyPem] = await Promise.all(
    [TlsFile.ca, TlsFile.cert, TlsFile.key, TlsFile.caKey].map((f) => readOptional(join(dir, f))),
  );
  return { caPem, certPem, keyPem, caKeyPem };
}

/** Keeps the set in `dir` when it is still good, else writes a new one. */
export async function ensureDirectory(dir: string, wanted: Freshness): Promise<EnsureResult> {
  const existing = await readBundle(dir);
  const verdict = verdictFor(existing, wanted);
  if (verdict.keep) return { bundle: existing as CertificateBundle, action: 'kept' };
  const bundle = renewedBundle(existing, wanted);
  await writeBundle(dir, bundle);
  return { bundle, action: existing.certPem === undefined ? 'created' : 'replaced', reason: verdict.reason };
}

function fromSecret(secret: V1Secret): Partial<CertificateBundle> {
  const field = (name: string) => {
    const value = secret.data?.[name];
    return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
  };
  return { caPem: field(TlsFile.ca), certPem: field(TlsFile.cert), keyPem: field(TlsFile.key), caKeyPem: field(TlsFile.caKey) };
}

function secretData(bundle: CertificateBundle): Record<string, string> {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return {
    [TlsFile.ca]: b64(bundle.caPem),
    [TlsFile.cert]: b64(bundle.certPem),
    [TlsFile.key]: b64(bundle.keyPem),
    ...(bundle.caKeyPem === undefined ? {} : { [TlsFile.caKey]: b64(bundle.caKeyPem) }),
  };
}

export interface SecretRef {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Keeps the Secret's set when it is still good; otherwise creates or replaces the Secret.
 * A lost create race reuses the winner's Secret.
 */
export async function ensureSecret(core: CoreV1Api, ref: SecretRef, wanted: Freshness): Promise<EnsureResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    let current: V1Secret | undefined;
    try {
      current = await core.readNamespacedSecret({ name: ref.name, namespace: ref.namespace });
    } catch (error) {
      if (apiCode(error) !== 404)
        throw new CertgenError(`reading Secret ${ref.namespace}/${ref.name} failed: ${(error as Error).message}`, { cause: error });
    }
    if (current !== undefined && current.type !== 'kubernetes.io/tls') {
      throw new CertgenError(
        `Secret ${ref.namespace}/${ref.name} has type ${JSON.stringify(current.type ?? '')}, expected kubernetes.io/tls; delete it or choose another --secret-name`,
      );
    }
    const existing = current === undefined ? undefined : fromSecret(current);
    const verdict = verdictFor(existing, wanted);
    if (verdict.keep) return { bundle: existing as CertificateBundle, action: 'kept' };
    const bundle = renewedBundle(existing, wanted);
    const body: V1Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: { ...current?.metadata, name: ref.name, namespace: ref.namespace, labels: { ...current?.metadata?.labels, ...ref.labels } },
      data: secretData(bundle),
    };
    try {
      if (current === undefined) {
        await core.createNamespacedSecret({ namespace: ref.namespace, body });
        return { bundle, action: 'created', reason: verdict.reason };
      }
      await core.replaceNamespacedSecret({ name: ref.name, namespace: ref.namespace, body });
      return { bundle, action: 'replaced', reason: verdict.reason };
    } catch (error) {
      // 409: another writer got there first (create race or newer resourceVersion); look again.
      if (apiCode(error) === 409) continue;
      throw new CertgenError(`writing Secret ${ref.namespace}/${ref.name} failed: ${(error as Error).message}`, { cause: error });
    }
  }
  throw new CertgenError(`Secret ${ref.namespace}/${ref.name} kept changing under concurrent writers; run certgen again`);
}

/** Sets caBundle on every webhook of the named MutatingWebhookConfiguration; returns how many changed. */
export async function patchCaBundle(admission: AdmissionregistrationV1Api, name: string, caPem: string): Promise<number> {
  const caBundle = Buffer.from(caPem, 'utf8').toString('base64');
  for (let attempt = 0; attempt < 5; attempt++) {
    let config;
    try {
      config = await admission.readMutatingWebhookConfiguration({ name });
    } catch (error) {
      const hint = apiCode(error) === 404 ? '; install the webhook registration first, or omit --webhook-config' : '';
      throw new CertgenError(`reading MutatingWebhookConfiguration ${name} failed: ${(error as Error).message}${hint}`, { cause: error });
    }
    const webhooks = config.webhooks ?? [];
    const stale = webhooks.filter((w) => w.clientConfig.caBundle !== caBundle);
    if (stale.length === 0) return 0;
    for (const w of stale) w.clientConfig.caBundle = caBundle;
    try {
      // The read resourceVersion travels in the body, so a concurrent change yields 409 instead of being overwritten.
      await admission.replaceMutatingWebhookConfiguration({ name, body: config });
      return stale.length;
    } catch (error) {
      if (apiCode(error) === 409) continue;
      throw new CertgenError(`updating caBundle of MutatingWebhookConfiguration ${name} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  throw new CertgenError(`MutatingWebhookConfiguration ${name} kept changing under concurrent writers; run certgen again`);
}
