// Minimal CustomResourceDefinitions for the third-party kinds the chart renders
// (cert-manager's Issuer and Certificate, the Prometheus Operator's ServiceMonitor and PrometheusRule),
// so a bare API server can dry-run them. They accept any spec: the point is that
// group, version, kind and scope match what the chart emits.
import yaml from 'js-yaml';

interface CrdShape {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
}

const shapes: readonly CrdShape[] = [
  { group: 'cert-manager.io', kind: 'Issuer', plural: 'issuers' },
  { group: 'cert-manager.io', kind: 'Certificate', plural: 'certificates' },
  { group: 'monitoring.coreos.com', kind: 'ServiceMonitor', plural: 'servicemonitors' },
  { group: 'monitoring.coreos.com', kind: 'PrometheusRule', plural: 'prometheusrules' },
];

function crd(shape: CrdShape): object {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${shape.plural}.${shape.group}` },
    spec: {
      group: shape.group,
      scope: 'Namespaced',
      names: { kind: shape.kind, plural: shape.plural, singular: shape.kind.toLowerCase(), listKind: `${shape.kind}List` },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
}

/** The CRDs as one YAML stream for `kubectl apply -f -`. */
export function thirdPartyCrdsYaml(): string {
  return shapes.map((shape) => yaml.dump(crd(shape))).join('---\n');
}

/** `crd/<name>` arguments for `kubectl wait --for condition=Established`. */
export const thirdPartyCrdNames: readonly string[] = shapes.map((s) => `crd/${s.plural}.${s.group}`);
