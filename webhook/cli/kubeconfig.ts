// Loads Kubernetes credentials for certgen, refusing the client library's silent fallback to localhost:8080.
import { KubeConfig } from '@kubernetes/client-node';
import { CertgenError } from '../certs.js';

export function loadKubeConfig(file: string | undefined, context: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  if (file !== undefined) kc.loadFromFile(file);
  else kc.loadFromDefault();
  if (context !== undefined) kc.setCurrentContext(context);
  const server = kc.getCurrentCluster()?.server;
  if (server === undefined || (file === undefined && server === 'http://localhost:8080')) {
    throw new CertgenError('no Kubernetes configuration found (no --kubeconfig, $KUBECONFIG, ~/.kube/config or in-cluster service account); pass --kubeconfig FILE');
  }
  return kc;
}
