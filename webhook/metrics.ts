// Prometheus metrics of one webhook process, kept in their own registry so several servers can coexist in one test process.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { HotCounter, HotHistogram } from './hot-path-metrics.js';

export const RequestOutcome = {
  patched: 'patched',
  allowed: 'allowed',
  rejected: 'rejected',
  error: 'error',
} as const;
export type RequestOutcome = (typeof RequestOutcome)[keyof typeof RequestOutcome];

export const metricNames = {
  requests: 'workspace_webhook_requests_total',
  patches: 'workspace_webhook_patches_applied_total',
  duration: 'workspace_webhook_request_duration_seconds',
  tlsReloads: 'workspace_webhook_tls_reloads_total',
  certificateExpiry: 'workspace_webhook_certificate_expiry_timestamp_seconds',
} as const;

export interface WebhookMetrics {
  readonly registry: Registry;
  // Written on every /mutate request: the lean classes of hot-path-metrics.ts.
  readonly requests: HotCounter<'operation' | 'outcome'>;
  readonly patches: HotCounter;
  readonly duration: HotHistogram<'outcome'>;
  readonly tlsReloads: Counter<'result'>;
  readonly certificateExpiry: Gauge;
}

export function createMetrics(options: { readonly processMetrics?: boolean } = {}): WebhookMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new HotCounter({
      name: metricNames.requests,
      help: 'AdmissionReview requests to /mutate by admission operation (CREATE, UPDATE, DELETE, CONNECT; other for anything else; unknown when unparseable) and outcome.',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    }),
    patches: new HotCounter({
      name: metricNames.patches,
      help: 'Responses that carried a JSONPatch setting gitpod/failedBeforeStopping.',
      registers: [registry],
    }),
    duration: new HotHistogram({
      name: metricNames.duration,
      help: 'Time from receiving a /mutate request to the end of its response.',
      labelNames: ['outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    tlsReloads: new Counter({
      name: metricNames.tlsReloads,
      help: 'Attempts to load a changed serving certificate and key, by result.',
      labelNames: ['result'],
      registers: [registry],
    }),
    certificateExpiry: new Gauge({
      name: metricNames.certificateExpiry,
      help: 'notAfter of the serving certificate in use, as a Unix timestamp.',
      registers: [registry],
    }),
  };
}
