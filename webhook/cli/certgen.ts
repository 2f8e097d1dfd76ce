// `workspace-webhook certgen`: create or keep the CA and serving certificate, store them, and publish the CA as caBundle.
import { readFile } from 'node:fs/promises';
import { UsageError } from './usage.js';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { servingNames, type ServingNames } from '../certgen.js';
import { ensureDirectory, ensureSecret, patchCaBundle, writeBundle, type EnsureResult, type Freshness } from '../certs.js';
import { createLogger } from '../log.js';
import { loadKubeConfig } from './kubeconfig.js';

export interface CertgenArgs {
  readonly service?: string;
  readonly namespace?: string;
  readonly host: readonly string[];
  readonly 'cluster-domain': string;
  readonly 'secret-name'?: string;
  readonly 'out-dir'?: string;
  readonly 'webhook-config'?: string;
  readonly force: boolean;
  readonly 'validity-days': number;
  readonly 'renew-before-days': number;
  readonly 'ca-cert'?: string;
  readonly 'ca-key'?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
}

export function namesFrom(args: Pick<CertgenArgs, 'service' | 'namespace' | 'host' | 'cluster-domain'>): ServingNames {
  return servingNames({ service: args.service, namespace: args.namespace, clusterDomain: args['cluster-domain'], hosts: args.host });
}

export const certgenCommand: CommandModule<object, CertgenArgs> = {
  command: 'certgen',
  describe: 'Create a CA and serving certificate (kept while valid), store them in a Secret and/or a directory, and set caBundle',
  builder: (yargs: Argv) =>
    yargs
      .option('service', {
        type: 'string',
        describe: 'Service name of the webhook; adds <svc>, <svc>.<ns>, <svc>.<ns>.svc, <svc>.<ns>.svc.<domain>',
      })
      .option('namespace', { type: 'string', describe: 'Namespace of the Service and the Secret' })
      .option('host', { type: 'string', array: true, default: [] as string[], describe: 'Extra DNS name or IP address (repeatable)' })
      .option('cluster-domain', { type: 'string', default: 'cluster.local', describe: 'Cluster DNS domain' })
      .option('secret-name', {
        type: 'string',
        describe: 'kubernetes.io/tls Secret to keep the set in (tls.crt, tls.key, ca.crt, and ca.key of a CA it made)',
      })
      .option('out-dir', { type: 'string', describe: 'Directory to write tls.crt, tls.key, ca.crt (and ca.key of a CA it made) to' })
      .option('webhook-config', { type: 'string', describe: 'MutatingWebhookConfiguration whose webhooks get the CA as caBundle' })
      .option('force', { type: 'boolean', default: false, describe: 'Regenerate even when the existing certificate is still valid' })
      .option('validity-days', { type: 'number', default: 365, describe: 'Lifetime of a new serving certificate' })
      .option('renew-before-days', { type: 'number', default: 30, describe: 'Replace a certificate that expires within this many days' })
      .option('ca-cert', { type: 'string', describe: 'Sign with this PEM CA certificate instead of generating a CA (needs --ca-key)' })
      .option('ca-key', { type: 'string', describe: 'PEM private key of --ca-cert' })
      .option('kubeconfig', { type: 'string', describe: 'Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, then in-cluster)' })
      .option('context', { type: 'string', describe: 'Kubeconfig context' })
      .check((a) => {
        if (a['secret-name'] === undefined && a['out-dir'] === undefined)
          throw new UsageError('pass --secret-name, --out-dir or both: certgen needs somewhere to keep the certificate');
        if ((a['secret-name'] !== undefined || a.service !== undefined) && a.namespace === undefined)
          throw new UsageError('--secret-name and --service need --namespace');
        if ((a['ca-cert'] === undefined) !== (a['ca-key'] === undefined)) throw new UsageError('--ca-cert and --ca-key go together');
        if (a.service === undefined && a.host.length === 0)
          throw new UsageError('pass --service (with --namespace) or at least one --host: the certificate needs a name');
        if (!(a['renew-before-days'] < a['validity-days'])) {
          throw new UsageError(
            `--renew-before-days (${a['renew-before-days']}) must be less than --validity-days (${a['validity-days']}), or every run would replace the certificate`,
          );
        }
        return true;
      }),
  handler: async (args: ArgumentsCamelCase<CertgenArgs>) => {
    const logger = createLogger(process.stdout);
    const wanted: Freshness = {
      names: namesFrom(args),
      now: new Date(),
      force: args.force,
      validityDays: args['validity-days'],
      renewBeforeDays: args['renew-before-days'],
      ca:
        args['ca-cert'] !== undefined && args['ca-key'] !== undefined
          ? { certPem: await readFile(args['ca-cert'], 'utf8'), keyPem: await readFile(args['ca-key'], 'utf8') }
          : undefined,
    };
    const needsCluster = args['secret-name'] !== undefined || args['webhook-config'] !== undefined;
    const kc = needsCluster ? loadKubeConfig(args.kubeconfig, args.context) : undefined;
    const report = (target: string, result: EnsureResult) => logger.info(`certificate ${result.action}`, { target, reason: result.reason });

    let result: EnsureResult;
    if (args['secret-name'] !== undefined && kc !== undefined) {
      const { CoreV1Api } = await import('@kubernetes/client-node');
      result = await ensureSecret(
        kc.makeApiClient(CoreV1Api),
        { name: args['secret-name'], namespace: args.namespace ?? 'default' },
        wanted,
      );
      report(`secret ${args.namespace}/${args['secret-name']}`, result);
      if (args['out-dir'] !== undefined) {
        await writeBundle(args['out-dir'], result.bundle);
        logger.info('certificate written', { target: args['out-dir'] });
      }
    } else {
      result = await ensureDirectory(args['out-dir'] ?? '.', wanted);
      report(`directory ${args['out-dir']}`, result);
    }
    if (args['webhook-config'] !== undefined && kc !== undefined) {
      const { AdmissionregistrationV1Api } = await import('@kubernetes/client-node');
      const changed = await patchCaBundle(kc.makeApiClient(AdmissionregistrationV1Api), args['webhook-config'], result.bundle.caPem);
      logger.info(changed === 0 ? 'caBundle already current' : 'caBundle updated', {
        target: `mutatingwebhookconfiguration ${args['webhook-config']}`,
        webhooks: changed,
      });
    }
  },
};
