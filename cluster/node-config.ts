// The local node's configuration files, rendered from plain data: the
// kubelet's, kube-proxy's, containerd's and the CNI network's. The addresses
// are fixed ranges this node owns; the API server listens on the bridge's
// gateway address so that pods reach it through the `kubernetes` Service.
import yaml from 'js-yaml';

/** The addresses and names the node makes and removes again. */
export const NodeNetwork = {
  /** The bridge the CNI plugin puts pods on; made by `up --node`, deleted by `down`. */
  bridge: 'kw-cni0',
  podCidr: '10.244.0.0/24',
  /** The bridge's address: the node's InternalIP, where the API server and the kubelet listen. */
  nodeIp: '10.244.0.1',
  /** Must match the API server's --service-cluster-ip-range. */
  serviceCidr: '10.0.0.0/24',
  nodeName: 'kubectl-workspace-node',
  /** The name containerd knows the sandbox stand-in by. */
  sandboxImage: 'kubectl-workspace.local/pause:stand-in',
} as const;

/** Where each of the node's components keeps its files, all under the cluster directory. */
export interface NodePaths {
  readonly caCert: string;
  readonly kubeletCert: string;
  readonly kubeletKey: string;
  readonly kubeletRoot: string;
  readonly podLogs: string;
  readonly containerdSocket: string;
  readonly containerdRoot: string;
  readonly containerdState: string;
  readonly runcRoot: string;
  readonly cniConfDir: string;
  readonly cniDataDir: string;
  readonly kubeProxyKubeconfig: string;
}

export function renderKubeletConfig(paths: NodePaths, port: number, healthzPort: number): string {
  return yaml.dump(
    {
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      address: NodeNetwork.nodeIp,
      port,
      readOnlyPort: 0,
      healthzBindAddress: '127.0.0.1',
      healthzPort,
      tlsCertFile: paths.kubeletCert,
      tlsPrivateKeyFile: paths.kubeletKey,
      authentication: {
        anonymous: { enabled: false },
        webhook: { enabled: true },
        x509: { clientCAFile: paths.caCert },
      },
      authorization: { mode: 'Webhook' },
      containerRuntimeEndpoint: `unix://${paths.containerdSocket}`,
      imageServiceEndpoint: `unix://${paths.containerdSocket}`,
      podLogsDir: paths.podLogs,
      // This machine runs cgroup v1 without systemd: no QoS hierarchy, nothing reserved.
      failCgroupV1: false,
      cgroupDriver: 'cgroupfs',
      cgroupsPerQOS: false,
      enforceNodeAllocatable: [],
      failSwapOn: false,
      // A shared build machine's disk and memory run high; a test node must not evict or collect its images.
      evictionHard: { 'memory.available': '1Mi', 'nodefs.available': '1%', 'nodefs.inodesFree': '1%', 'imagefs.available': '1%' },
      imageGCHighThresholdPercent: 100,
      imageGCLowThresholdPercent: 99,
      serializeImagePulls: false,
      // A changed Secret reaches a pod's volume only at the pod's next periodic sync (1 min by default);
      // 10 s lets the certificate-rotation tests see the swap without minutes of waiting.
      syncFrequency: '10s',
      registerNode: true,
    },
    { lineWidth: -1 },
  );
}

export function renderKubeProxyConfig(paths: NodePaths, healthzPort: number, metricsPort: number): string {
  return yaml.dump(
    {
      apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
      kind: 'KubeProxyConfiguration',
      mode: 'iptables',
      clientConnection: { kubeconfig: paths.kubeProxyKubeconfig },
      hostnameOverride: NodeNetwork.nodeName,
      bindAddress: NodeNetwork.nodeIp,
      clusterCIDR: NodeNetwork.podCidr,
      healthzBindAddress: `127.0.0.1:${healthzPort}`,
      metricsBindAddress: `127.0.0.1:${metricsPort}`,
      // NodePorts only on the node's own address: localhost NodePorts would change the host's route_localnet.
      nodePortAddresses: [`${NodeNetwork.nodeIp}/32`],
      // Zero leaves the host's conntrack settings alone.
      conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: '0s', tcpCloseWaitTimeout: '0s' },
      // The host does not forward between bridge ports through iptables (no br_netfilter needed):
      // masquerading every Service connection sends replies back through the node.
      iptables: { masqueradeAll: true, syncPeriod: '30s', minSyncPeriod: '1s' },
    },
    { lineWidth: -1 },
  );
}

/** containerd's own config: every path under the cluster directory, so the host's containerd is never touched. */
export function renderContainerdConfig(paths: NodePaths): string {
  const q = JSON.stringify;
  return [
    'version = 2',
    `root = ${q(paths.containerdRoot)}`,
    `state = ${q(paths.containerdState)}`,
    '[grpc]',
    `  address = ${q(paths.containerdSocket)}`,
    '[ttrpc]',
    `  address = ${q(`${paths.containerdSocket}.ttrpc`)}`,
    '[plugins."io.containerd.internal.v1.opt"]',
    `  path = ${q(`${paths.containerdRoot}/opt`)}`,
    '[plugins."io.containerd.grpc.v1.cri"]',
    `  sandbox_image = ${q(NodeNetwork.sandboxImage)}`,
    // This machine refuses a negative oom_score_adj; without this every sandbox fails in runc.
    '  restrict_oom_score_adj = true',
    '  netns_mounts_under_state_dir = true',
    '  enable_selinux = false',
    '[plugins."io.containerd.grpc.v1.cri".containerd]',
    '  snapshotter = "overlayfs"',
    '  default_runtime_name = "runc"',
    '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]',
    '  runtime_type = "io.containerd.runc.v2"',
    '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]',
    '  SystemdCgroup = false',
    `  Root = ${q(paths.runcRoot)}`,
    '[plugins."io.containerd.grpc.v1.cri".cni]',
    '  bin_dir = "/usr/lib/cni"',
    `  conf_dir = ${q(paths.cniConfDir)}`,
    '  max_conf_num = 1',
    '',
  ].join('\n');
}

/** The pod network: one bridge with host-local addresses, port mappings, and loopback. */
export function renderCniConfList(paths: NodePaths): string {
  return JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'kubectl-workspace',
      plugins: [
        {
          type: 'bridge',
          bridge: NodeNetwork.bridge,
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            dataDir: paths.cniDataDir,
            ranges: [[{ subnet: NodeNetwork.podCidr, gateway: NodeNetwork.nodeIp }]],
            routes: [{ dst: '0.0.0.0/0' }],
          },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
    null,
    2,
  );
}
