// The MutatingWebhookConfiguration that sends the webhook exactly the requests it may need to change.
// The fields below are the one definition of what the API server hands over; the Helm chart renders
// the same values, and a test renders the chart and compares them with these.
import type {
  AdmissionregistrationV1WebhookClientConfig,
  V1LabelSelector,
  V1MatchCondition,
  V1MutatingWebhookConfiguration,
  V1RuleWithOperations,
} from '@kubernetes/client-node';
import { Annotation } from '../shared/annotations.js';

export const FailurePolicy = { fail: 'Fail', ignore: 'Ignore' } as const;
export type FailurePolicy = (typeof FailurePolicy)[keyof typeof FailurePolicy];

export type ClientTarget =
  | {
      readonly service: { readonly name: string; readonly namespace: string; readonly port?: number; readonly path?: string };
      readonly caBundle?: string;
    }
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
  /** Default `defaultNamespaceSelector` (every namespace but kube-system); a given selector replaces it. */
  readonly namespaceSelector?: V1LabelSelector;
  readonly objectSelector?: V1LabelSelector;
  readonly labels?: Readonly<Record<string, string>>;
}

export const defaultConfigurationName = 'workspace-webhook';
export const defaultWebhookName = 'failed-before-stopping.workspace.gitpod.io';

/** The API server speaks admission.k8s.io/v1 since 1.16; the chart needs 1.30. */
export const admissionReviewVersions: readonly string[] = ['v1'];
/** The webhook writes nothing but its answer, so dry-run requests are sent to it too. */
export const sideEffects = 'None';
/** Seconds the API server waits before applying the failure policy: short, so a hung call fails fast. */
export const defaultTimeoutSeconds = 5;
export const matchPolicy = 'Equivalent';
/** A later mutation in the chain may add explicitFail: run again then. */
export const reinvocationPolicy = 'IfNeeded';

/** Control-plane pods never depend on an extension webhook. */
export const defaultNamespaceSelector: V1LabelSelector = {
  matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }],
};

/** pods/status persists annotations too: without it a status writer could bypass the invariant. */
export const podRule: V1RuleWithOperations = {
  apiGroups: [''],
  apiVersions: ['v1'],
  operations: ['CREATE', 'UPDATE'],
  resources: ['pods', 'pods/status'],
};

/**
 * CEL the API server evaluates before calling the webhook or the policy: only pods whose new object
 * carries explicitFail without failedBeforeStopping "true" get through. Each condition guards
 * itself, because they are evaluated independently; `object` is null on DELETE.
 */
export const matchConditions: readonly V1MatchCondition[] = [
  {
    name: 'has-explicit-fail',
    expression: `object != null && has(object.metadata.annotations) && '${Annotation.explicitFail}' in object.metadata.annotations`,
  },
  {
    name: 'not-yet-failed-before-stopping',
    expression:
      `object == null || !has(object.metadata.annotations) || !('${Annotation.failedBeforeStopping}' in object.metadata.annotations) || ` +
      `object.metadata.annotations['${Annotation.failedBeforeStopping}'] != 'true'`,
  },
];

function clientConfig(target: ClientTarget): AdmissionregistrationV1WebhookClientConfig {
  const caBundle = target.caBundle === undefined ? {} : { caBundle: target.caBundle };
  if ('url' in target) return { url: target.url, ...caBundle };
  const { name, namespace, port, path } = target.service;
  return { service: { name, namespace, path: path ?? '/mutate', port: port ?? 443 }, ...caBundle };
}

export function buildRegistration(options: RegistrationOptions): V1MutatingWebhookConfiguration {
  const timeoutSeconds = options.timeoutSeconds ?? defaultTimeoutSeconds;
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
        admissionReviewVersions: [...admissionReviewVersions],
        clientConfig: clientConfig(options.client),
        rules: [{ ...podRule, scope: 'Namespaced' }],
        matchConditions: matchConditions.map((c) => ({ ...c })),
        matchPolicy,
        reinvocationPolicy,
        sideEffects,
        failurePolicy: options.failurePolicy ?? FailurePolicy.fail,
        timeoutSeconds,
        namespaceSelector: structuredClone(options.namespaceSelector ?? defaultNamespaceSelector),
        ...(options.objectSelector ? { objectSelector: options.objectSelector } : {}),
      },
    ],
  };
}
