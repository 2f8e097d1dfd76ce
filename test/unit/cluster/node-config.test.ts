import assert from 'node:assert/strict';
import yaml from 'js-yaml';
import { chainsOf, rulesTouching } from '../../../cluster/iptables.js';
import {
  NodeNetwork,
  renderCniConfList,
  renderContainerdConfig,
  renderKubeletConfig,
  renderKubeProxyConfig,
  type NodePaths,
} from '../../../cluster/node-config.js';

const paths: NodePaths = {
  caCert: '/c/pki/ca.crt',
  kubeletCert: '/c/pki/kubelet.crt',
  kubeletKey: '/c/pki/kubelet.key',
  kubeletRoot: '/c/node/kubelet',
  podLogs: '/c/node/pod-logs',
  containerdSocket: '/c/node/containerd.sock',
  containerdRoot: '/c/node/containerd/root',
  containerdState: '/c/node/containerd/state',
  runcRoot: '/c/node/runc',
  cniConfDir: '/c/node/cni/net.d',
  cniDataDir: '/c/node/cni/ipam',
  kubeProxyKubeconfig: '/c/node/kube-proxy.kubeconfig',
};

describe('node configuration', () => {
  describe('renderKubeletConfig', () => {
    const config = yaml.load(renderKubeletConfig(paths, 10250, 10248)) as Record<string, unknown>;

    it('should serve on the node address with certificates, anonymous access off and webhook authorization', () => {
      assert.equal(config['address'], NodeNetwork.nodeIp);
      assert.equal(config['readOnlyPort'], 0);
      assert.deepEqual(config['authentication'], {
        anonymous: { enabled: false },
        webhook: { enabled: true },
        x509: { clientCAFile: paths.caCert },
      });
      assert.deepEqual(config['authorization'], { mode: 'Webhook' });
      assert.equal(config['tlsCertFile'], paths.kubeletCert);
    });

    it("should use the node's own containerd and run on cgroup v1 without QoS cgroups", () => {
      assert.equal(config['containerRuntimeEndpoint'], 'unix:///c/node/containerd.sock');
      assert.equal(config['failCgroupV1'], false);
      assert.equal(config['cgroupDriver'], 'cgroupfs');
      assert.equal(config['cgroupsPerQOS'], false);
      assert.deepEqual(config['enforceNodeAllocatable'], []);
    });

    it('should sync pods every 10 s, so an updated Secret reaches its volumes within seconds', () => {
      assert.equal(config['syncFrequency'], '10s');
    });
  });

  describe('renderKubeProxyConfig', () => {
    it('should run iptables mode for the pod range, health and metrics on loopback, NodePorts on the node address only', () => {
      const config = yaml.load(renderKubeProxyConfig(paths, 10256, 10249)) as Record<string, unknown>;
      assert.equal(config['mode'], 'iptables');
      assert.equal(config['clusterCIDR'], NodeNetwork.podCidr);
      assert.equal(config['healthzBindAddress'], '127.0.0.1:10256');
      assert.equal(config['metricsBindAddress'], '127.0.0.1:10249');
      assert.deepEqual(config['nodePortAddresses'], [`${NodeNetwork.nodeIp}/32`]);
    });
  });

  describe('renderContainerdConfig', () => {
    const toml = renderContainerdConfig(paths);
    for (const [what, line] of [
      ['its own socket', 'address = "/c/node/containerd.sock"'],
      ['its own root', 'root = "/c/node/containerd/root"'],
      ['its own state', 'state = "/c/node/containerd/state"'],
      ['its own runc root', 'Root = "/c/node/runc"'],
      ['network namespaces under its state', 'netns_mounts_under_state_dir = true'],
      ['no negative oom_score_adj', 'restrict_oom_score_adj = true'],
      ['the sandbox stand-in', `sandbox_image = "${NodeNetwork.sandboxImage}"`],
    ] as const) {
      it(`should configure ${what}`, () =>
        assert.ok(
          toml.split('\n').some((l) => l.trim() === line),
          `missing ${line}`,
        ));
    }
  });

  describe('renderCniConfList', () => {
    it('should put pods on the node bridge with host-local addresses from the pod range, gateway the node address', () => {
      const list = JSON.parse(renderCniConfList(paths)) as {
        plugins: { type: string; bridge?: string; ipam?: { dataDir: string; ranges: { subnet: string; gateway: string }[][] } }[];
      };
      assert.deepEqual(
        list.plugins.map((p) => p.type),
        ['bridge', 'portmap'],
      );
      assert.equal(list.plugins[0]?.bridge, NodeNetwork.bridge);
      assert.deepEqual(list.plugins[0]?.ipam?.ranges, [[{ subnet: NodeNetwork.podCidr, gateway: NodeNetwork.nodeIp }]]);
      assert.equal(list.plugins[0]?.ipam?.dataDir, paths.cniDataDir);
    });
  });
});

describe('iptables chains', () => {
  const saved = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':KUBE-SERVICES - [0:0]',
    ':KUBE-SVC-ABC - [0:0]',
    ':DOCKER - [0:0]',
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -j DOCKER',
    '-A KUBE-SERVICES -d 10.0.0.1/32 -j KUBE-SVC-ABC',
    'COMMIT',
  ].join('\n');

  describe('chainsOf', () => {
    it('should list every declared chain', () => {
      assert.deepEqual(chainsOf(saved), ['PREROUTING', 'OUTPUT', 'KUBE-SERVICES', 'KUBE-SVC-ABC', 'DOCKER']);
    });
  });

  describe('rulesTouching', () => {
    it('should find the rules in a chain and the jumps into it, and nothing else', () => {
      assert.deepEqual(rulesTouching(saved, new Set(['KUBE-SERVICES'])), [
        '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        '-A KUBE-SERVICES -d 10.0.0.1/32 -j KUBE-SVC-ABC',
      ]);
    });
  });
});
