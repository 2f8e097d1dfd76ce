import assert from 'node:assert/strict';
import { authProviderMessage } from '../../../../shared/kube/auth-provider.js';

const source = { userName: 'eks-admin', file: '/home/me/.kube/config', dir: '/home/me/.kube' };

describe('authProviderMessage', () => {
  const cases: [string, RegExp][] = [
    ['gcp', /kubectl removed in 1\.26; use the gke-gcloud-auth-plugin exec credential plugin instead/],
    ['azure', /use the kubelogin exec credential plugin \(https:\/\/github\.com\/Azure\/kubelogin\)/],
    ['oidc', /use the kubelogin exec credential plugin \(https:\/\/github\.com\/int128\/kubelogin/],
    ['openstack', /auth-provider plugins were removed from kubectl in 1\.26 .*replace users\[\]\.user\.auth-provider with the exec plugin/],
  ];
  for (const [provider, message] of cases) {
    it(`should name what replaced the ${provider} auth-provider`, () => {
      const text = authProviderMessage(provider, source);
      assert.match(text, message);
      assert.match(text, new RegExp(`^user "eks-admin" in kubeconfig /home/me/\\.kube/config uses the "${provider}" auth-provider`));
    });
  }
});
