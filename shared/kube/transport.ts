// Turns a resolved connection into TLS options and headers: reads certificate and token files,
// and runs the user's exec credential plugin.
import { readFileSync } from 'node:fs';
import type { AgentOptions } from 'node:https';
import { execClusterInfo } from './exec-credential.js';
import { KubeconfigError, type Material, type ResolvedConnection } from './kubeconfig.js';

/** What the REST client needs to open connections to one server. */
export interface Transport {
  readonly server: string;
  readonly tls: AgentOptions;
  readonly headers: Readonly<Record<string, string>>;
  /** For a credential that changes while a command runs (an exec plugin's, a token file's); absent for fixed ones. */
  readonly renewal?: Renewal;
}

/** How a transport's credential is replaced, as kubectl replaces it: when it expires, and when the server refuses it. */
export interface Renewal {
  /** When the credential stops being valid (an exec plugin's expirationTimestamp); undefined when only a 401 tells. */
  readonly expiresAt?: Date | undefined;
  /** The transport with the credential to use now; `refused` (a 401) makes an exec plugin run again even before expiry. */
  readonly next: (refused: boolean) => Promise<Transport>;
}

function readMaterial(m: Material | undefined, what: string): Buffer | undefined {
  if (m === undefined) return undefined;
  if ('base64' in m) return Buffer.from(m.base64, 'base64');
  try {
    return readFileSync(m.file);
  } catch (err) {
    throw new KubeconfigError(`cannot read ${what} ${m.file}: ${(err as Error).message}; fix the kubeconfig`, { cause: err });
  }
}

/** Reads files and runs credential plugins so the REST client can connect. */
export async function buildTransport(conn: ResolvedConnection): Promise<Transport> {
  const headers: Record<string, string> = {};
  const tls: AgentOptions = {};
  const ca = readMaterial(conn.certificateAuthority, 'certificate-authority');
  if (ca !== undefined) tls.ca = ca;
  if (conn.insecureSkipTlsVerify) tls.rejectUnauthorized = false;
  if (conn.tlsServerName !== undefined) tls.servername = conn.tlsServerName;
  const cert = readMaterial(conn.clientCertificate, 'client-certificate');
  const key = readMaterial(conn.clientKey, 'client-key');
  if (cert !== undefined) tls.cert = cert;
  if (key !== undefined) tls.key = key;
  const creds = conn.credentials;
  let renewal: Renewal | undefined;
  switch (creds.kind) {
    case 'token':
      headers['authorization'] = `Bearer ${creds.token}`;
      break;
    case 'tokenFile': {
      const token = readMaterial({ file: creds.file }, 'tokenFile')?.toString('utf8').trim() ?? '';
      headers['authorization'] = `Bearer ${token}`;
      // Read again after a 401: the kubelet rotates a projected ServiceAccount token in place.
      renewal = { next: () => buildTransport(conn) };
      break;
    }
    case 'basic':
      headers['authorization'] = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
      break;
    case 'exec': {
      // Loaded only here: running a credential plugin needs child_process and more, which other starts skip.
      const { execCredential, forgetRefusedCredential } = await import('./exec-plugin.js');
      const cluster = execClusterInfo({
        server: conn.server,
        tlsServerName: conn.tlsServerName,
        insecureSkipTlsVerify: conn.insecureSkipTlsVerify,
        certificateAuthority: ca,
        ...creds.cluster,
      });
      const credential = await execCredential(creds.config, cluster);
      if (credential.token !== undefined) headers['authorization'] = `Bearer ${credential.token}`;
      if (credential.clientCertificateData !== undefined && credential.clientKeyData !== undefined) {
        tls.cert = credential.clientCertificateData;
        tls.key = credential.clientKeyData;
      }
      renewal = {
        expiresAt: credential.expirationTimestamp,
        next: async (refused) => {
          if (refused) await forgetRefusedCredential(creds.config, cluster, credential);
          return buildTransport(conn);
        },
      };
      break;
    }
    case 'none':
      break;
  }
  return { server: conn.server.replace(/\/+$/, ''), tls, headers, ...(renewal === undefined ? {} : { renewal }) };
}
