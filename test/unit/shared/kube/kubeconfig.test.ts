import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  KubeconfigError,
  NO_KUBECONFIG_MESSAGE,
  kubeconfigSearchPaths,
  mergeKubeconfigs,
  resolveConnection,
  type KubeconfigDocument,
} from '../../../../shared/kube/kubeconfig.js';
import { loadConnection } from '../../../../shared/kube/kubeconfig-files.js';

function config(opts: {
  current?: string;
  clusters?: Record<string, object>;
  users?: Record<string, object>;
  contexts?: Record<string, object>;
}): object {
  const list = (key: string, m: Record<string, object> = {}) => Object.entries(m).map(([name, v]) => ({ name, [key]: v }));
  return {
    apiVersion: 'v1',
    kind: 'Config',
    ...(opts.current === undefined ? {} : { 'current-context': opts.current }),
    clusters: list('cluster', opts.clusters),
    users: list('user', opts.users),
    contexts: list('context', opts.contexts),
  };
}

const first: KubeconfigDocument = {
  path: '/home/a/.kube/first',
  doc: config({
    current: 'one',
    clusters: { c1: { server: 'https://one:6443', 'certificate-authority': 'ca.crt' } },
    users: { u1: { token: 'first-token' }, shared: { token: 'from-first' } },
    contexts: { one: { cluster: 'c1', user: 'u1', namespace: 'team-a' }, shared: { cluster: 'c1', user: 'shared' } },
  }),
};
const second: KubeconfigDocument = {
  path: '/etc/kube/second',
  doc: config({
    current: 'two',
    clusters: {
      c1: { server: 'https://ignored:6443' },
      c2: { server: 'https://two:6443', 'insecure-skip-tls-verify': true, 'tls-server-name': 'api.two' },
    },
    users: {
      shared: { token: 'from-second' },
      u2: { username: 'bob', password: 'pw', 'client-certificate-data': 'Y2VydA==', 'client-key': '/abs/key.pem' },
    },
    contexts: { two: { cluster: 'c2', user: 'u2' }, shared: { cluster: 'c2', user: 'u2' } },
  }),
};

describe('mergeKubeconfigs', () => {
  it('should let the first file win for current-context and for every name', () => {
    const merged = mergeKubeconfigs([first, second]);
    assert.equal(merged.currentContext, 'one');
    assert.equal(merged.clusters.get('c1')?.value['server'], 'https://one:6443');
    assert.equal(merged.users.get('shared')?.value['token'], 'from-first');
    assert.deepEqual([...merged.contexts.keys()].sort(), ['one', 'shared', 'two']);
  });

  it('should take current-context from a later file when earlier ones leave it empty', () => {
    const merged = mergeKubeconfigs([{ path: '/x', doc: config({}) }, second]);
    assert.equal(merged.currentContext, 'two');
  });

  it('should skip empty documents and reject documents that are not mappings', () => {
    assert.equal(mergeKubeconfigs([{ path: '/empty', doc: null }, second]).currentContext, 'two');
    assert.throws(() => mergeKubeconfigs([{ path: '/bad', doc: ['x'] }]), /\/bad: not a kubeconfig/);
  });

  it('should name the file and index of an entry without a name', () => {
    assert.throws(
      () => mergeKubeconfigs([{ path: '/bad', doc: { clusters: [{ cluster: {} }] } }]),
      /\/bad: clusters\[0\]\.name is missing/,
    );
  });
});

describe('resolveConnection', () => {
  const merged = mergeKubeconfigs([first, second]);
  const sources = [first.path, second.path];

  const cases = [
    { name: 'current context with its namespace', flags: {}, server: 'https://one:6443', namespace: 'team-a', user: 'u1' },
    { name: '--context override', flags: { context: 'two' }, server: 'https://two:6443', namespace: 'default', user: 'u2' },
    { name: '-n over the context namespace', flags: { namespace: 'other' }, server: 'https://one:6443', namespace: 'other', user: 'u1' },
    {
      name: '--context and -n together',
      flags: { context: 'two', namespace: 'x' },
      server: 'https://two:6443',
      namespace: 'x',
      user: 'u2',
    },
  ];
  for (const c of cases) {
    it(`should resolve ${c.name}`, () => {
      const r = resolveConnection(merged, c.flags, sources);
      assert.equal(r.server, c.server);
      assert.equal(r.namespace, c.namespace);
      assert.equal(r.userName, c.user);
    });
  }

  it('should resolve relative certificate paths against the file that holds them', () => {
    const r = resolveConnection(merged, {}, sources);
    assert.deepEqual(r.certificateAuthority, { file: '/home/a/.kube/ca.crt' });
    assert.deepEqual(r.credentials, { kind: 'token', token: 'first-token' });
  });

  it('should carry TLS options, inline data and basic credentials', () => {
    const r = resolveConnection(merged, { context: 'two' }, sources);
    assert.equal(r.insecureSkipTlsVerify, true);
    assert.equal(r.tlsServerName, 'api.two');
    assert.deepEqual(r.clientCertificate, { base64: 'Y2VydA==' });
    assert.deepEqual(r.clientKey, { file: '/abs/key.pem' });
    assert.deepEqual(r.credentials, { kind: 'basic', username: 'bob', password: 'pw' });
  });

  describe('exec and auth-provider users', () => {
    const exec = { command: 'bin/get-token', apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never' };
    const resolveUser = (user: object, cluster: object = {}) => {
      const doc = config({
        current: 'e',
        clusters: { c: { server: 'https://e:6443', ...cluster } },
        users: { u: user },
        contexts: { e: { cluster: 'c', user: 'u' } },
      });
      return resolveConnection(mergeKubeconfigs([{ path: '/k/config', doc }]), {}, ['/k/config']);
    };

    it('should hand an exec user to the plugin, its relative command resolved against the kubeconfig directory', () => {
      const r = resolveUser(
        { exec },
        {
          'proxy-url': 'http://proxy:3128',
          extensions: [
            { name: 'other', extension: { a: 1 } },
            { name: 'client.authentication.k8s.io/exec', extension: { audience: 'team' } },
          ],
        },
      );
      assert.equal(r.credentials.kind, 'exec');
      if (r.credentials.kind !== 'exec') return;
      assert.equal(r.credentials.config.command, '/k/bin/get-token');
      assert.deepEqual(r.credentials.cluster, { proxyUrl: 'http://proxy:3128', extension: { audience: 'team' } });
    });

    const precedence = [
      { name: 'a token', user: { token: 't', exec }, kind: 'token' },
      { name: 'a token file', user: { tokenFile: 'tok', exec }, kind: 'tokenFile' },
      { name: 'basic credentials', user: { username: 'u', password: 'p', exec }, kind: 'basic' },
      {
        name: 'a client certificate and key',
        user: { 'client-certificate-data': 'Y2VydA==', 'client-key': 'key.pem', exec },
        kind: 'none',
      },
    ];
    for (const c of precedence) {
      it(`should not run the exec plugin of a user that also has ${c.name}, as kubectl does`, () => {
        assert.equal(resolveUser(c.user).credentials.kind, c.kind);
      });
    }

    it('should run the exec plugin of a user with a client certificate but no key, as kubectl does', () => {
      assert.equal(resolveUser({ 'client-certificate': 'cert.pem', exec }).credentials.kind, 'exec');
    });

    it('should validate an exec section even when another credential is used', () => {
      assert.throws(
        () => resolveUser({ token: 't', exec: { command: 'x', apiVersion: 'client.authentication.k8s.io/v1' } }),
        /interactiveMode is missing/,
      );
    });

    const providers = [
      { name: 'gcp', message: /"gcp" auth-provider, which kubectl removed in 1\.26; use the gke-gcloud-auth-plugin/ },
      { name: 'azure', message: /"azure" auth-provider, .*kubelogin exec credential plugin \(https:\/\/github\.com\/Azure\/kubelogin\)/ },
      { name: 'oidc', message: /"oidc" auth-provider, .*https:\/\/github\.com\/int128\/kubelogin/ },
      { name: 'acme', message: /"acme" auth-provider; .*replace users\[\]\.user\.auth-provider with the exec plugin/ },
    ];
    for (const p of providers) {
      it(`should reject the ${p.name} auth-provider, naming the user, the file and what replaced it`, () => {
        assert.throws(
          () => resolveUser({ 'auth-provider': { name: p.name, config: { 'access-token': 'SECRET-AT' } } }),
          (e: unknown) =>
            e instanceof KubeconfigError &&
            p.message.test(e.message) &&
            e.message.includes('user "u" in kubeconfig /k/config') &&
            !e.message.includes('SECRET-AT'),
        );
      });
    }
  });

  const errors = [
    { name: 'an unknown --context', flags: { context: 'nope' }, message: /context "nope" not found .*known contexts: one, shared, two/ },
  ];
  for (const c of errors) {
    it(`should reject ${c.name} with a KubeconfigError`, () => {
      assert.throws(
        () => resolveConnection(merged, c.flags, sources),
        (e: unknown) => e instanceof KubeconfigError && c.message.test(e.message),
      );
    });
  }

  it('should ask for a context when none is current', () => {
    assert.throws(
      () => resolveConnection(mergeKubeconfigs([{ path: '/x', doc: config({}) }]), {}, ['/x']),
      /current-context is not set; pass --context/,
    );
  });

  it('should reject a context whose cluster is missing or has no server', () => {
    const doc = config({ current: 'a', clusters: { c: {} }, contexts: { a: { cluster: 'c' }, b: { cluster: 'gone' } } });
    const m = mergeKubeconfigs([{ path: '/x', doc }]);
    assert.throws(() => resolveConnection(m, {}, ['/x']), /cluster "c" in kubeconfig \/x has no server/);
    assert.throws(() => resolveConnection(m, { context: 'b' }, ['/x']), /cluster "gone" of context "b" not found/);
  });
});

describe('kubeconfigSearchPaths', () => {
  const cases = [
    {
      name: 'the --kubeconfig flag alone',
      flags: { kubeconfig: '/f' },
      env: { KUBECONFIG: '/a:/b' },
      paths: ['/f'],
      explicit: true,
      source: '--kubeconfig',
    },
    {
      name: 'the KUBECONFIG list in order, without blanks or repeats',
      flags: {},
      env: { KUBECONFIG: '/a::/b:/a' },
      paths: ['/a', '/b'],
      explicit: false,
      source: 'KUBECONFIG',
    },
    { name: '~/.kube/config by default', flags: {}, env: {}, paths: ['/home/me/.kube/config'], explicit: false, source: 'home' },
    {
      name: '~/.kube/config when KUBECONFIG is empty',
      flags: {},
      env: { KUBECONFIG: '' },
      paths: ['/home/me/.kube/config'],
      explicit: false,
      source: 'home',
    },
  ];
  for (const c of cases) {
    it(`should use ${c.name}`, () => {
      assert.deepEqual(kubeconfigSearchPaths(c.flags, c.env, '/home/me'), { paths: c.paths, explicit: c.explicit, source: c.source });
    });
  }
});

describe('loadConnection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-kubeconfig-'));
  const a = join(dir, 'a.yaml');
  const b = join(dir, 'b.yaml');
  writeFileSync(
    a,
    JSON.stringify(config({ clusters: { c: { server: 'https://a:6443' } }, contexts: { ca: { cluster: 'c', namespace: 'ns-a' } } })),
  );
  writeFileSync(b, JSON.stringify(config({ current: 'ca', clusters: { c: { server: 'https://b:6443' } } })));

  it('should merge the KUBECONFIG list and skip files that do not exist', async () => {
    const r = await loadConnection({}, { KUBECONFIG: [join(dir, 'missing'), a, b].join(':') }, dir);
    assert.equal(r.server, 'https://a:6443');
    assert.equal(r.namespace, 'ns-a');
  });

  it('should name the KUBECONFIG file that does not exist, never fall back to localhost', async () => {
    const missing = join(dir, 'missing');
    await assert.rejects(loadConnection({}, { KUBECONFIG: missing }, dir), {
      message: `no kubeconfig found: KUBECONFIG names the file ${missing}, which does not exist; point KUBECONFIG at an existing kubeconfig (or unset it to use ~/.kube/config), or pass --kubeconfig`,
    });
  });

  it('should name every KUBECONFIG file when none of them exists', async () => {
    const [m1, m2] = [join(dir, 'gone-1'), join(dir, 'gone-2')];
    await assert.rejects(loadConnection({}, { KUBECONFIG: `${m1}:${m2}` }, dir), {
      message: new RegExp(`KUBECONFIG names the files ${m1}, ${m2}, none of which exists`),
    });
  });

  it('should name ~/.kube/config when neither KUBECONFIG nor --kubeconfig is set and it does not exist', async () => {
    await assert.rejects(loadConnection({}, {}, join(dir, 'no-home')), {
      message: `no kubeconfig found: ${join(dir, 'no-home', '.kube', 'config')} does not exist; set --kubeconfig or KUBECONFIG, or create it`,
    });
  });

  it('should keep the general message when there is no file to name', async () => {
    await assert.rejects(loadConnection({}, { KUBECONFIG: ':' }, undefined), { message: NO_KUBECONFIG_MESSAGE });
  });

  it('should fail when the --kubeconfig file does not exist', async () => {
    await assert.rejects(loadConnection({ kubeconfig: join(dir, 'missing') }, {}, dir), /cannot read kubeconfig .*missing/);
  });

  it('should name the file that is not valid YAML', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'clusters: [\n');
    await assert.rejects(loadConnection({ kubeconfig: bad }, {}, dir), /cannot parse kubeconfig .*bad\.yaml as YAML/);
  });
});
