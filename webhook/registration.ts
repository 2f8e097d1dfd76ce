// The MutatingWebhookConfiguration that sends the webhook exactly the requests it may need to change.
import type { V1LabelSelector, V1MutatingWebhookConfiguration, AdmissionregistrationV1WebhookClientConfig } from '@kubernetes/client-node';
import { Annotation } from '../shared/annotations.js';

export const FailurePolicy = { fail: 'Fail', ignore: 'Ignore' } as const;
export type FailurePolicy = (typeof FailurePolicy)[keyof typeof FailurePolicy];

export type ClientTarget =
  | { readonly service: { readonly name: string; readonly namespace: string; readonly port?: number; readonly path?: string }; readonly caBundle?: string }
  | { readonly url: string; readonly caBundle?: string };

export interface RegistrationOptions {
  /** Name of the MutatingWebhookConfiguration. Default workspace-webhook. */
  readonly name?: string;
  /** Name of the single webhook inside it; must have three dot-separated segments. Default failed-before-stopping.workspace.gitpod.io. */
  readonly webhookName?: string;
  readonly client: ClientTarget;
  /** Default Fail: the invariant holds, at the price of blocking writes to those pods while the webhook is down. */
  readonly failurePolicy?: FailurePolicy;
  /** Default 5. */
  readonly timeoutSeconds?: number;
  readonly namespaceSelector?: V1LabelSelector;
  readonly objectSelector?: V1LabelSelector;
  readonly labels?: Readonly<Record<string, string>>;
}

export const defaultConfigurationName = 'workspace-webhook';
export const defaultWebhookName = 'failed-before-stopping.workspace.gitpod.io';

/**
 * CEL sent to the API server: only pods whose new object carries explicitFail without
 * failedBeforeStopping "true" reach the webhook. `object` is null on DELETE, hence the guard.
 */
export const matchExpression = [
  'object != null',
  'has(object.metadata.annotations)',
  `'${Annotation.explicitFail}' in object.metadata.annotations`,
  `(!('${Annotation.failedBeforeStopping}' in object.metadata.annotations) || object.metadata.annotations['${Annotation.failedBeforeStopping}'] != 'true')`,
].join(' && ');

function clientConfig(target: ClientTarget): AdmissionregistrationV1WebhookClientConfig {
  const caBundle = target.caBundle === undefined ? {} : { caBundle: target.caBundle };
  if ('url' in target) return { url: target.url, ...caBundle };
  const { name, namespace, port, path } = target.service;
  return { service: { name, namespace, path: path ?? '/mutate', port: port ?? 443 }, ...caBundle };
}

export function buildRegistration(options: RegistrationOptions): V1MutatingWebhookConfiguration {
  const timeoutSeconds = options.timeoutSeconds ?? 5;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 30) {
    throw new RangeError(`timeoutSeconds must be an integer from 1 to 30 (the API server's range), got ${timeoutSeconds}`);
  }
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: options.name ?? defaultConfigurationName, ...(options.labels ? { labels: { ...options.labels } } : {}) },
    webhooks: [
      {
        name: options.webhookName ?? defaultWebhookName,
        admissionReviewVersions: ['v1', 'v1beta1'],
        clientConfig: clientConfig(options.client),
        rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'pods/status'], scope: 'Namespaced' }],
        matchConditions: [{ name: 'explicit-fail-without-failed-before-stopping', expression: matchExpression }],
        matchPolicy: 'Equivalent',
        reinvocationPolicy: 'IfNeeded',
        sideEffects: 'None',
        failurePolicy: options.failurePolicy ?? FailurePolicy.fail,
        timeoutSeconds,
        ...(options.namespaceSelector ? { namespaceSelector: options.namespaceSelector } : {}),
        ...(options.objectSelector ? { objectSelector: options.objectSelector } : {}),
      },
    ],
  };
}
