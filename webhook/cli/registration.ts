// `workspace-webhook registration`: print the MutatingWebhookConfiguration to apply (e.g. `| kubectl apply -f -`).
import { readFileSync } from 'node:fs';
import { UsageError } from './usage.js';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { buildRegistration, defaultConfigurationName, FailurePolicy, type ClientTarget } from '../registration.js';

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
}

function labelSelector(expression: string | undefined): { matchLabels: Record<string, string> } | undefined {
  if (expression === undefined) return undefined;
  const [key, value = ''] = expression.split('=', 2);
  return { matchLabels: { [key ?? '']: value } };
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
      .option('failure-policy', { choices: Object.values(FailurePolicy), default: FailurePolicy.fail, describe: 'What the API server does when the webhook cannot answer' })
      .option('timeout', { type: 'number', default: 5, describe: 'timeoutSeconds (1-30)' })
      .option('namespace-label', { type: 'string', describe: 'Only namespaces with this label (key=value)' })
      .conflicts('url', 'service')
      .check((a) => {
        if (a.url === undefined && a.service === undefined) throw new UsageError('pass --url or --service (with --namespace)');
        if (a.service !== undefined && a.namespace === undefined) throw new UsageError('--service needs --namespace');
        return true;
      }) as unknown as Argv<RegistrationArgs>,
  handler: (args: ArgumentsCamelCase<RegistrationArgs>) => {
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
      namespaceSelector: labelSelector(args['namespace-label']),
    });
    process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
  },
};
