// A real etcd + kube-apiserver on loopback, started the way envtest does:
// client-certificate authentication against a generated CA, RBAC
// authorization, ServiceAccount admission off (there is no controller
// manager to create service accounts), random free ports.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnLogged, stopProcess, isRunning, tail, type StartedProcess } from './processes.js';
import { createCertificateAuthority, generateRsaKeyPair, issueClientCertificate, issueServingCertificate } from './pki.js';
import { renderKubeconfig } from './kubeconfig.js';
import { freePort, waitFor, httpsGet } from './net.js';
import { NodeNetwork } from './node-config.js';

export interface ControlPlaneOptions {
  /** Directory for certificates, etcd data, logs and kubeconfigs. */
  readonly dir: string;
  /** Directory holding the etcd, kube-apiserver and kubectl binaries. */
  readonly binDir: string;
  /** Keep the processes running after this Node process exits; default false. */
  readonly detached?: boolean;
  /** Progress messages; default none. */
  readonly log?: (message: string) => void;
  /**
   * Serve a local node (node.ts) as a real cluster does: listen on the node's address (the
   * bridge the caller made), Node and RBAC authorization, NodeRestriction and ServiceAccount
   * admission, certificates to reach the kubelet. Default false.
   */
  readonly node?: boolean;
}

/** What `start` leaves in DIR/state.json so another process can find and stop it. */
export interface ControlPlaneState {
  readonly dir: string;
  readonly binDir: string;
  readonly server: string;
  readonly etcdUrl: string;
  readonly apiServerPort: number;
  readonly processes: readonly StartedProcess[];
  /** Started for a local node; absent (false) for the control plane alone. */
  readonly node?: boolean;
}

export interface AdminTls {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** The unprivileged identity for RBAC tests: it has no permissions until a test grants some. */
export const UNPRIVILEGED_USER = 'workspace-user';
export const UNPRIVILEGED_GROUP = 'workspace-users';

const READY_TIMEOUT_MS = 120_000;

export class ControlPlane {
  private constructor(private state: ControlPlaneState) {}

  get dir(): string {
    return this.state.dir;
  }
  get binDir(): string {
    return this.state.binDir;
  }
  get server(): string {
    return this.state.server;
  }
  get kubectlPath(): string {
    return join(this.state.binDir, 'kubectl');
  }
  get kubeconfigPath(): string {
    return join(this.state.dir, 'kubeconfig');
  }
  get userKubeconfigPath(): string {
    return join(this.state.dir, 'user.kubeconfig');
  }
  get caCertPath(): string {
    return join(this.state.dir, 'pki', 'ca.crt');
  }
  get apiServerLogPath(): string {
    return join(this.state.dir, 'logs', 'kube-apiserver.log');
  }
  get etcdLogPath(): string {
    return join(this.state.dir, 'logs', 'etcd.log');
  }
  get processes(): readonly StartedProcess[] {
    return this.state.processes;
  }
  get hasNode(): boolean {
    return this.state.node === true;
  }

  static async start(options: ControlPlaneOptions): Promise<ControlPlane> {
    const dir = resolve(options.dir);
    const log = options.log ?? (() => {});
    const detached = options.detached ?? false;
    for (const sub of ['pki', 'logs', 'etcd']) mkdirSync(join(dir, sub), { recursive: true });
    const binary = (name: string) => {
      const path = join(options.binDir, name);
      if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/build-tools.sh to build the control plane binaries`);
      return path;
    };

    const node = options.node ?? false;
    writePki(dir, node);
    const [etcdClientPort, etcdPeerPort, apiServerPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdClientPort}`;
    const server = `https://${node ? NodeNetwork.nodeIp : '127.0.0.1'}:${apiServerPort}`;

    log(`starting etcd on ${etcdUrl}`);
    const etcd = spawnLogged({
      name: 'etcd',
      binary: binary('etcd'),
      detached,
      logPath: join(dir, 'logs', 'etcd.log'),
      args: [
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
        `--initial-cluster=default=http://127.0.0.1:${etcdPeerPort}`,
        // Test data need not survive a power cut; fsync dominates write latency.
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
    });
    const plane = new ControlPlane({
      dir,
      binDir: options.binDir,
      server,
      etcdUrl,
      apiServerPort,
      processes: [etcd],
      ...(node ? { node } : {}),
    });
    try {
      await waitFor(`etcd at ${etcdUrl}`, READY_TIMEOUT_MS, async () => {
        assertAlive(etcd);
        const res = await fetch(`${etcdUrl}/health`).catch(() => undefined);
        return res?.ok === true;
      });
      log(`starting kube-apiserver on ${server}`);
      await plane.startApiServer(detached);
      log(`waiting for ${server}/readyz`);
      await plane.waitReady();
      plane.writeKubeconfigs();
      writeFileSync(join(dir, 'state.json'), JSON.stringify(plane.state, null, 2));
      return plane;
    } catch (err) {
      await plane.stop();
      throw new Error(
        `${(err as Error).message}\n--- kube-apiserver log (tail) ---\n${tail(plane.apiServerLogPath, 30)}\n--- etcd log (tail) ---\n${tail(plane.etcdLogPath, 10)}`,
        { cause: err },
      );
    }
  }

  /** The control plane whose state `start({ detached: true })` wrote into `dir`. */
  static attach(dir: string): ControlPlane {
    const path = join(resolve(dir), 'state.json');
    if (!existsSync(path)) throw new Error(`no control plane state in ${path}: run \`npm run cluster -- up --dir ${dir}\` first`);
    return new ControlPlane(JSON.parse(readFileSync(path, 'utf8')) as ControlPlaneState);
  }

  /** Records a process started beside the control plane (the demo's webhook) so `stop` ends it too. */
  adopt(proc: StartedProcess): void {
    this.state = { ...this.state, processes: [...this.state.processes, proc] };
    writeFileSync(join(this.state.dir, 'state.json'), JSON.stringify(this.state, null, 2));
  }

  isRunning(): boolean {
    const core = this.state.processes.filter((p) => p.name === 'etcd' || p.name === 'kube-apiserver');
    return core.length === 2 && core.every((p) => isRunning(p));
  }

  /** Stops the API server only (etcd keeps the data), e.g. to test a restart. */
  async stopApiServer(): Promise<void> {
    const apiServer = this.state.processes.find((p) => p.name === 'kube-apiserver');
    if (apiServer) await stopProcess(apiServer);
    this.state = { ...this.state, processes: this.state.processes.filter((p) => p !== apiServer) };
  }

  /** Starts the API server again on the same port, against the same etcd. */
  async restartApiServer(): Promise<void> {
    await this.stopApiServer();
    await this.startApiServer(false);
    await this.waitReady();
  }

  async stop(): Promise<void> {
    // The API server first, so it does not log etcd errors on the way out.
    for (const proc of [...this.state.processes].reverse()) await stopProcess(proc);
    this.state = { ...this.state, processes: [] };
  }

  private async startApiServer(detached: boolean): Promise<void> {
    const { dir, apiServerPort, etcdUrl, server } = this.state;
    const pki = (name: string) => join(dir, 'pki', name);
    const apiServer = spawnLogged({
      name: 'kube-apiserver',
      binary: join(this.state.binDir, 'kube-apiserver'),
      detached,
      logPath: this.apiServerLogPath,
      args: [
        ...(this.state.node ? nodeApiServerArgs(pki) : ['--advertise-address=127.0.0.1', '--bind-address=127.0.0.1']),
        `--secure-port=${apiServerPort}`,
        `--etcd-servers=${etcdUrl}`,
        `--tls-cert-file=${pki('apiserver.crt')}`,
        `--tls-private-key-file=${pki('apiserver.key')}`,
        `--client-ca-file=${pki('ca.crt')}`,
        ...(this.state.node ? [] : ['--authorization-mode=RBAC', '--disable-admission-plugins=ServiceAccount']),
        `--service-account-issuer=${server}`,
        `--service-account-key-file=${pki('sa.pub')}`,
        `--service-account-signing-key-file=${pki('sa.key')}`,
        '--service-cluster-ip-range=10.0.0.0/24',
        '--allow-privileged=true',
        '--v=1',
      ],
    });
    this.state = { ...this.state, processes: [...this.state.processes, apiServer] };
    if (existsSync(join(dir, 'state.json'))) writeFileSync(join(dir, 'state.json'), JSON.stringify(this.state, null, 2));
  }

  private async waitReady(): Promise<void> {
    const tls = this.adminTls();
    const apiServer = this.state.processes.find((p) => p.name === 'kube-apiserver');
    await waitFor(`kube-apiserver at ${this.server}/readyz`, READY_TIMEOUT_MS, async () => {
      if (apiServer) assertAlive(apiServer);
      const ready = await httpsGet(`${this.server}/readyz`, tls).catch(() => undefined);
      if (ready?.status !== 200) return false;
      // The bootstrap controller creates `default` shortly after /readyz turns green.
      const ns = await httpsGet(`${this.server}/api/v1/namespaces/default`, tls).catch(() => undefined);
      return ns?.status === 200;
    });
  }

  /** The cluster admin's client certificate (system:masters) and the CA, as PEM: what a client needs to connect as admin. */
  adminTls(): AdminTls {
    const read = (name: string) => readFileSync(join(this.state.dir, 'pki', name), 'utf8');
    return { ca: read('ca.crt'), cert: read('admin.crt'), key: read('admin.key') };
  }

  private writeKubeconfigs(): void {
    const read = (name: string) => readFileSync(join(this.state.dir, 'pki', name), 'utf8');
    const ca = read('ca.crt');
    writeFileSync(
      this.kubeconfigPath,
      renderKubeconfig({
        server: this.server,
        caPem: ca,
        user: 'admin',
        certPem: read('admin.crt'),
        keyPem: read('admin.key'),
      }),
      { mode: 0o600 },
    );
    writeFileSync(
      this.userKubeconfigPath,
      renderKubeconfig({
        server: this.server,
        caPem: ca,
        user: UNPRIVILEGED_USER,
        certPem: read('user.crt'),
        keyPem: read('user.key'),
      }),
      { mode: 0o600 },
    );
  }
}

/** The API server as a cluster with a node runs it: the kubelet authorized as a node, reached with certificates. */
function nodeApiServerArgs(pki: (name: string) => string): string[] {
  return [
    `--advertise-address=${NodeNetwork.nodeIp}`,
    `--bind-address=${NodeNetwork.nodeIp}`,
    '--authorization-mode=Node,RBAC',
    '--enable-admission-plugins=NodeRestriction',
    `--kubelet-client-certificate=${pki('apiserver-kubelet-client.crt')}`,
    `--kubelet-client-key=${pki('apiserver-kubelet-client.key')}`,
    `--kubelet-certificate-authority=${pki('ca.crt')}`,
    '--kubelet-preferred-address-types=InternalIP',
  ];
}

function assertAlive(proc: StartedProcess): void {
  if (!isRunning(proc)) throw new Error(`${proc.name} exited during start-up; see ${proc.logPath}`);
}

/** Certificates are made once per directory, so a restarted cluster keeps its identities. */
function writePki(dir: string, node: boolean): void {
  const path = (name: string) => join(dir, 'pki', name);
  if (existsSync(path('user.key'))) return;
  const ca = createCertificateAuthority('kubectl-workspace-local-ca');
  const serving = issueServingCertificate(
    ca,
    ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'],
    ['127.0.0.1', '10.0.0.1', ...(node ? [NodeNetwork.nodeIp] : [])],
  );
  const admin = issueClientCertificate(ca, 'admin', ['system:masters']);
  const user = issueClientCertificate(ca, UNPRIVILEGED_USER, [UNPRIVILEGED_GROUP]);
  const serviceAccount = generateRsaKeyPair();
  const files: Record<string, string> = {
    'ca.crt': ca.certPem,
    'ca.key': ca.keyPem,
    'apiserver.crt': serving.certPem,
    'apiserver.key': serving.keyPem,
    'admin.crt': admin.certPem,
    'admin.key': admin.keyPem,
    'sa.pub': serviceAccount.publicKeyPem,
    'sa.key': serviceAccount.privateKeyPem,
    ...(node ? nodeCertificates(ca) : {}),
    'user.crt': user.certPem,
    'user.key': user.keyPem, // last: its presence marks a complete set
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(path(name), content, { mode: 0o600 });
}

/** Each node component's identity, as the default RBAC bindings and the Node authorizer expect it. */
function nodeCertificates(ca: ReturnType<typeof createCertificateAuthority>): Record<string, string> {
  const kubeletServing = issueServingCertificate(ca, [NodeNetwork.nodeName], [NodeNetwork.nodeIp]);
  const identities: Record<string, ReturnType<typeof issueClientCertificate>> = {
    'apiserver-kubelet-client': issueClientCertificate(ca, 'kube-apiserver-kubelet-client', ['system:masters']),
    'kubelet-client': issueClientCertificate(ca, `system:node:${NodeNetwork.nodeName}`, ['system:nodes']),
    'kube-proxy': issueClientCertificate(ca, 'system:kube-proxy'),
    'kube-scheduler': issueClientCertificate(ca, 'system:kube-scheduler'),
    'kube-controller-manager': issueClientCertificate(ca, 'system:kube-controller-manager'),
  };
  const files: Record<string, string> = { 'kubelet.crt': kubeletServing.certPem, 'kubelet.key': kubeletServing.keyPem };
  for (const [name, pair] of Object.entries(identities)) {
    files[`${name}.crt`] = pair.certPem;
    files[`${name}.key`] = pair.keyPem;
  }
  return files;
}
