// Loads Kubernetes credentials for certgen, refusing the client library's silent fallback to localhost:8080.
// @kubernetes/client-node stays on 1.4: 2.x fetches through undici 8 (Node >= 22.19), and the one-file
// webhook bundle, serve included, then fails to load on Node 20, which the webhook still supports.
import { KubeConfig } from '@kubernetes/client-node';
import { CertgenError } from '../certs.js';

export function loadKubeConfig(file: string | undefined, context: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  if (file !== undefined) kc.loadFromFile(file);
  else kc.loadFromDefault();
  if (context !== undefined) kc.setCurrentContext(context);
  const server = kc.getCurrentCluster()?.server;
  if (server === undefined || (file === undefined && server === 'http://localhost:8080')) {
    throw new CertgenError(
      'no Kubernetes configuration found (no --kubeconfig, $KUBECONFIG, ~/.kube/config or in-cluster service account); pass --kubeconfig FILE',
    );
  }
  return kc;
}
