// Turns a resolved connection into TLS options and headers: reads certificate and token files,
// and only for exec/auth-provider users loads @kubernetes/client-node (slow to import).
import { readFile } from 'node:fs/promises';
import type { AgentOptions } from 'node:https';
import yaml from 'js-yaml';
import { KubeconfigError, type Material, type ResolvedConnection } from './kubeconfig.js';

/** What the REST client needs to open connections to one server. */
export interface Transport {
  readonly server: string;
  readonly tls: AgentOptions;
  readonly headers: Readonly<Record<string, string>>;
}

async function readMaterial(m: Material | undefined, what: string): Promise<Buffer | undefined> {
  if (m === undefined) return undefined;
  if ('base64' in m) return Buffer.from(m.base64, 'base64');
  try {
    return await readFile(m.file);
  } catch (err) {
    throw new KubeconfigError(`cannot read ${what} ${m.file}: ${(err as Error).message}; fix the kubeconfig`, { cause: err });
  }
}

// Kept opaque so the bundler leaves the package out of the hot path; it is resolved from node_modules when needed.
const CLIENT_NODE = '@kubernetes/client-node';

interface PluginCredentials {
  readonly headers: Record<string, string>;
  readonly cert?: Buffer | string;
  readonly key?: Buffer | string;
}

/** Runs the exec/auth-provider credential plugin through @kubernetes/client-node. */
async function pluginCredentials(rawConfig: Readonly<Record<string, unknown>>): Promise<PluginCredentials> {
  let mod: typeof import('@kubernetes/client-node');
  try {
    mod = (await import(CLIENT_NODE)) as typeof import('@kubernetes/client-node');
  } catch (err) {
    throw new KubeconfigError(
      `the kubeconfig user needs an exec or auth-provider credential plugin, which requires the package ${CLIENT_NODE}; ` +
        `install it next to kubectl-workspace (npm install ${CLIENT_NODE}) or use a token or client certificate`,
      { cause: err },
    );
  }
  const kc = new mod.KubeConfig();
  kc.loadFromString(yaml.dump(rawConfig));
  const opts: { headers: Record<string, string>; cert?: Buffer | string; key?: Buffer | string } = { headers: {} };
  try {
    await kc.applyToHTTPSOptions(opts);
  } catch (err) {
    throw new KubeconfigError(`the credential plugin of the kubeconfig user failed: ${(err as Error).message}`, { cause: err });
  }
  return opts;
}

/** Reads files and runs credential plugins so the REST client can connect. */
export async function buildTransport(conn: ResolvedConnection): Promise<Transport> {
  const headers: Record<string, string> = {};
  const tls: AgentOptions = {};
  const ca = await readMaterial(conn.certificateAuthority, 'certificate-authority');
  if (ca !== undefined) tls.ca = ca;
  if (conn.insecureSkipTlsVerify) tls.rejectUnauthorized = false;
  if (conn.tlsServerName !== undefined) tls.servername = conn.tlsServerName;
  const cert = await readMaterial(conn.clientCertificate, 'client-certificate');
  const key = await readMaterial(conn.clientKey, 'client-key');
  if (cert !== undefined) tls.cert = cert;
  if (key !== undefined) tls.key = key;
  const creds = conn.credentials;
  switch (creds.kind) {
    case 'token':
      headers['authorization'] = `Bearer ${creds.token}`;
      break;
    case 'tokenFile': {
      const token = (await readMaterial({ file: creds.file }, 'tokenFile'))?.toString('utf8').trim() ?? '';
      headers['authorization'] = `Bearer ${token}`;
      break;
    }
    case 'basic':
      headers['authorization'] = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
      break;
    case 'plugin': {
      const p = await pluginCredentials(creds.rawConfig);
      for (const [k, v] of Object.entries(p.headers)) headers[k.toLowerCase()] = String(v);
      if (p.cert !== undefined) tls.cert = p.cert;
      if (p.key !== undefined) tls.key = p.key;
      break;
    }
    case 'none':
      break;
  }
  return { server: conn.server.replace(/\/+$/, ''), tls, headers };
}
