// `workspace-webhook registration`: print the MutatingWebhookConfiguration to apply (e.g. `| kubectl apply -f -`),
// or, with --delete, remove it from the cluster (the chart's pre-delete hook).
import { readFileSync } from 'node:fs';
import { UsageError } from './usage.js';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { V1LabelSelector } from '@kubernetes/client-node';
import {
  buildRegistration,
  defaultConfigurationName,
  defaultNamespaceSelector,
  FailurePolicy,
  type ClientTarget,
} from '../registration.js';
import { createLogger } from '../log.js';
import { loadKubeConfig } from './kubeconfig.js';

export interface RegistrationArgs {
  readonly name: string;
  readonly url?: string;
  readonly service?: string;
  readonly namespace?: string;
  readonly port: number;
  readonly 'ca-file'?: string;
  readonly 'failure-policy': FailurePolicy;
  readonly timeout: number;
  readonly 'namespace-label'?: string;
  readonly delete: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
}

/** The default selector (every namespace but kube-system), narrowed to namespaces with the label when one is given. */
function namespaceSelector(expression: string | undefined): V1LabelSelector {
  if (expression === undefined) return defaultNamespaceSelector;
  const [key, value = ''] = expression.split('=', 2);
  return { ...defaultNamespaceSelector, matchLabels: { [key ?? '']: value } };
}

export const registrationCommand: CommandModule<object, RegistrationArgs> = {
  command: 'registration',
  describe: 'Print the MutatingWebhookConfiguration as JSON',
  builder: (yargs: Argv) =>
    yargs
      .option('name', { type: 'string', default: defaultConfigurationName, describe: 'Name of the configuration' })
      .option('url', { type: 'string', describe: 'Reach the webhook at this https URL (ending in /mutate)' })
      .option('service', { type: 'string', describe: 'Reach the webhook through this Service' })
      .option('namespace', { type: 'string', describe: 'Namespace of --service' })
      .option('port', { type: 'number', default: 443, describe: 'Service port' })
      .option('ca-file', { type: 'string', describe: 'PEM CA to put in caBundle' })
      .option('failure-policy', {
        choices: Object.values(FailurePolicy),
        default: FailurePolicy.fail,
        describe: 'What the API server does when the webhook cannot answer',
      })
      .option('timeout', { type: 'number', default: 5, describe: 'timeoutSeconds (1-30)' })
      .option('namespace-label', { type: 'string', describe: 'Only namespaces with this label (key=value); kube-system stays excluded' })
      .option('delete', {
        type: 'boolean',
        default: false,
        describe: 'Delete the configuration named by --name from the cluster instead of printing it',
      })
      .option('kubeconfig', {
        type: 'string',
        describe: 'Kubeconfig file for --delete (default: $KUBECONFIG, ~/.kube/config, then in-cluster)',
      })
      .option('context', { type: 'string', describe: 'Kubeconfig context for --delete' })
      .conflicts('url', 'service')
      .check((a) => {
        if (a.delete && (a.url !== undefined || a.service !== undefined)) {
          throw new UsageError('--delete removes the configuration named by --name; it takes no --url or --service');
        }
        if (a.delete) return true;
        if (a.url === undefined && a.service === undefined) throw new UsageError('pass --url or --service (with --namespace)');
        if (a.service !== undefined && a.namespace === undefined) throw new UsageError('--service needs --namespace');
        return true;
      }),
  handler: async (args: ArgumentsCamelCase<RegistrationArgs>) => {
    if (args.delete) {
      const { AdmissionregistrationV1Api } = await import('@kubernetes/client-node');
      const { deleteRegistration } = await import('../registration-api.js');
      const kc = loadKubeConfig(args.kubeconfig, args.context);
      const removal = await deleteRegistration(kc.makeApiClient(AdmissionregistrationV1Api), args.name);
      createLogger(process.stdout).info(removal === 'deleted' ? 'webhook configuration deleted' : 'webhook configuration already absent', {
        target: `mutatingwebhookconfiguration ${args.name}`,
      });
      return;
    }
    const caBundle = args['ca-file'] === undefined ? undefined : readFileSync(args['ca-file']).toString('base64');
    const client: ClientTarget =
      args.url !== undefined
        ? { url: args.url, ...(caBundle ? { caBundle } : {}) }
        : { service: { name: args.service ?? '', namespace: args.namespace ?? '', port: args.port }, ...(caBundle ? { caBundle } : {}) };
    const config = buildRegistration({
      name: args.name,
      client,
      failurePolicy: args['failure-policy'],
      timeoutSeconds: args.timeout,
      namespaceSelector: namespaceSelector(args['namespace-label']),
    });
    process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
  },
};
