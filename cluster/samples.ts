// Realistic workspace objects for the demo cluster and the tests: a pod
// labelled the way ws-manager labels it, and its PLIS ConfigMap.
export interface SamplePodInput {
  readonly id: string;
  readonly namespace: string;
  readonly type?: 'regular' | 'prebuild' | 'probe' | 'ghost';
  readonly owner?: string;
  readonly annotations?: Readonly<Record<string, string>>;
  /** Pod name; default `ws-<id>` (or `prebuild-<id>` / `probe-<id>` for those types). */
  readonly name?: string;
}

const namePrefix = { regular: 'ws', ghost: 'ws', prebuild: 'prebuild', probe: 'probe' } as const;

export function workspaceLabels(id: string, type: SamplePodInput['type'] = 'regular', owner = 'owner-1') {
  return {
    app: 'gitpod',
    component: 'workspace',
    gpwsman: 'true',
    workspaceID: id,
    metaID: `meta-${id}`,
    owner,
    workspaceType: type,
    headless: String(type === 'prebuild'),
  };
}

export function samplePod(input: SamplePodInput) {
  const type = input.type ?? 'regular';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.name ?? `${namePrefix[type]}-${input.id}`,
      namespace: input.namespace,
      labels: workspaceLabels(input.id, type, input.owner),
      annotations: {
        'gitpod/id': input.id,
        'gitpod/servicePrefix': input.id,
        'gitpod/url': `https://${input.id}.ws.example.com`,
        'gitpod/never-ready': 'true',
        'gitpod/admission': 'admit_owner_only',
        'gitpod/ownerToken': `owner-token-${input.id}`,
        'gitpod/imageSpec': Buffer.from(`image spec of ${input.id}`).toString('base64'),
        'gitpod/contentInitializer': Buffer.from(`initializer of ${input.id}`.repeat(20)).toString('base64'),
        ...input.annotations,
      },
    },
    spec: {
      // No kubelet runs these: pods stay Pending, which is all the state tooling needs.
      containers: [{ name: 'workspace', image: 'gitpod/workspace-full:latest' }],
      enableServiceLinks: false,
    },
  };
}

export interface SamplePlisInput {
  readonly id: string;
  readonly namespace: string;
  readonly plis?: Readonly<Record<string, unknown>>;
  readonly type?: SamplePodInput['type'];
}

export function samplePlisConfigMap(input: SamplePlisInput) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `plis-${input.id}`,
      namespace: input.namespace,
      labels: workspaceLabels(input.id, input.type),
      annotations: { 'gitpod/plis': JSON.stringify(input.plis ?? {}) },
    },
  };
}
