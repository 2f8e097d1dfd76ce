// The error for kubeconfig users with an `auth-provider` (removed from kubectl in 1.26): which exec
// credential plugin replaced theirs, and how to switch.
import { quoteValue } from '../errors.js';
import { EXEC_PLUGIN_DOCS, type ExecSource } from './exec-config.js';

/** The error for a user with an `auth-provider`: which exec plugin replaced it and how to switch. */
export function authProviderMessage(provider: string, source: ExecSource): string {
  const at = `user "${source.userName}" in kubeconfig ${source.file} uses the ${quoteValue(provider)} auth-provider`;
  switch (provider) {
    case 'gcp':
      return (
        `${at}, which kubectl removed in 1.26; use the gke-gcloud-auth-plugin exec credential plugin instead: ` +
        'install it ("gcloud components install gke-gcloud-auth-plugin") and run "gcloud container clusters get-credentials CLUSTER" to rewrite the user'
      );
    case 'azure':
      return (
        `${at}, which kubectl removed in 1.26; use the kubelogin exec credential plugin (https://github.com/Azure/kubelogin) instead: ` +
        'install it and run "kubelogin convert-kubeconfig -l azurecli" to rewrite the user'
      );
    case 'oidc':
      return (
        `${at}, which kubectl-workspace does not run (only exec credential plugins are supported); use the kubelogin exec credential plugin ` +
        '(https://github.com/int128/kubelogin, "kubectl oidc-login setup" prints the users[].user.exec section) with the same issuer and client ID'
      );
    default:
      return (
        `${at}; auth-provider plugins were removed from kubectl in 1.26 and kubectl-workspace supports only exec credential plugins: ` +
        `replace users[].user.auth-provider with the exec plugin your provider ships (see ${EXEC_PLUGIN_DOCS})`
      );
  }
}
