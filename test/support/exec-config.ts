// The exec section of a kubeconfig user, as the kubeconfig reader resolves it, for unit tests of exec credentials.
import { ExecApiVersion, InteractiveMode, type ExecConfig } from '../../shared/kube/exec-config.js';

/** Runs `command` with no args or env, never interactive, v1; `over` changes any of it. */
export function execConfig(command: string, over: Partial<ExecConfig> = {}): ExecConfig {
  return {
    apiVersion: ExecApiVersion.v1,
    command,
    args: [],
    env: [],
    installHint: '',
    interactiveMode: InteractiveMode.never,
    provideClusterInfo: false,
    ...over,
  };
}
