import assert from 'node:assert/strict';
import { ExecApiVersion, ExecCredentialError, InteractiveMode, type ExecConfig } from '../../../../shared/kube/exec-config.js';
import {
  execClusterExtension,
  execClusterInfo,
  execEnvironment,
  execInfo,
  isExpired,
  parseExecCredential,
} from '../../../../shared/kube/exec-credential.js';
import { generateCertificateAuthority } from '../../../../webhook/x509.js';

const v1 = ExecApiVersion.v1;

describe('execClusterInfo', () => {
  it('should carry server, CA data, tls-server-name, insecure, proxy, compression and the exec extension', () => {
    assert.deepEqual(
      execClusterInfo({
        server: 'https://k:6443',
        tlsServerName: 'api.internal',
        insecureSkipTlsVerify: true,
        certificateAuthority: Buffer.from('CA'),
        proxyUrl: 'http://proxy:3128',
        disableCompression: true,
        extension: { audience: 'a' },
      }),
      {
        server: 'https://k:6443',
        'tls-server-name': 'api.internal',
        'insecure-skip-tls-verify': true,
        'certificate-authority-data': 'Q0E=',
        'proxy-url': 'http://proxy:3128',
        'disable-compression': true,
        config: { audience: 'a' },
      },
    );
  });

  it('should leave out empty fields, as Go omits them', () => {
    assert.deepEqual(execClusterInfo({ server: 'https://k', insecureSkipTlsVerify: false, certificateAuthority: Buffer.alloc(0) }), {
      server: 'https://k',
    });
  });
});

describe('execClusterExtension', () => {
  it('should find the client.authentication.k8s.io/exec extension among others', () => {
    const cluster = {
      extensions: [
        { name: 'x', extension: 1 },
        { name: 'client.authentication.k8s.io/exec', extension: { a: 'b' } },
      ],
    };
    assert.deepEqual(execClusterExtension(cluster), { a: 'b' });
    assert.equal(execClusterExtension({ extensions: 'nonsense' }), undefined);
    assert.equal(execClusterExtension({}), undefined);
  });
});

describe('execInfo and execEnvironment', () => {
  const config: ExecConfig = {
    apiVersion: ExecApiVersion.v1beta1,
    command: 'x',
    args: [],
    installHint: '',
    interactiveMode: InteractiveMode.never,
    provideClusterInfo: false,
    env: [
      { name: 'PROFILE', value: 'prod' },
      { name: 'HOME', value: '/override' },
      { name: 'PROFILE', value: 'last' },
    ],
  };
  const cluster = { server: 'https://k' };

  it('should hand spec.cluster only with provideClusterInfo', () => {
    assert.deepEqual(JSON.parse(execInfo(config, false, cluster)), {
      kind: 'ExecCredential',
      apiVersion: ExecApiVersion.v1beta1,
      spec: { interactive: false },
    });
    assert.deepEqual(JSON.parse(execInfo({ ...config, provideClusterInfo: true }, true, cluster)), {
      kind: 'ExecCredential',
      apiVersion: ExecApiVersion.v1beta1,
      spec: { cluster, interactive: true },
    });
  });

  it("should add the kubeconfig's env to ours, later entries winning, and KUBERNETES_EXEC_INFO last", () => {
    const env = execEnvironment({ HOME: '/root', PATH: '/bin', UNSET: undefined }, config, '{"i":1}');
    assert.deepEqual(env, { HOME: '/override', PATH: '/bin', PROFILE: 'last', KUBERNETES_EXEC_INFO: '{"i":1}' });
  });
});

describe('parseExecCredential', () => {
  const TOKEN = 'tok-SECRET-5f2a';
  const answer = (o: object) => JSON.stringify({ apiVersion: v1, kind: 'ExecCredential', ...o });
  let pair: { certPem: string; keyPem: string };
  let other: { certPem: string; keyPem: string };
  before(function () {
    this.timeout(30_000);
    pair = generateCertificateAuthority({ commonName: 'exec-user' });
    other = generateCertificateAuthority({ commonName: 'someone-else' });
  });

  it('should read a token and its expiry', () => {
    const s = parseExecCredential(answer({ status: { token: TOKEN, expirationTimestamp: '2030-01-02T03:04:05Z' } }), v1);
    assert.deepEqual(s, { token: TOKEN, expirationTimestamp: new Date('2030-01-02T03:04:05Z') });
  });

  it('should read a client certificate and key', () => {
    const s = parseExecCredential(answer({ status: { clientCertificateData: pair.certPem, clientKeyData: pair.keyPem } }), v1);
    assert.deepEqual(s, { clientCertificateData: pair.certPem, clientKeyData: pair.keyPem });
  });

  it('should accept v1beta1 when v1beta1 is configured', () => {
    const text = JSON.stringify({ apiVersion: ExecApiVersion.v1beta1, kind: 'ExecCredential', status: { token: TOKEN } });
    assert.equal(parseExecCredential(text, ExecApiVersion.v1beta1).token, TOKEN);
  });

  const invalid: [string, () => string, RegExp][] = [
    ['empty stdout', () => '', /wrote nothing on stdout/],
    [
      'text that is not JSON',
      () => `{"status":{"token":${TOKEN}}}`,
      /stdout that is not JSON \(.+ at line 1, column 20 \(offset 19 of \d+ characters\)\); expected an ExecCredential of client\.authentication\.k8s\.io\/v1/,
    ],
    ['a JSON list', () => '[]', /wrote a JSON list/],
    [
      'another apiVersion',
      () => JSON.stringify({ apiVersion: ExecApiVersion.v1beta1, kind: 'ExecCredential', status: { token: TOKEN } }),
      /configured to use API version client\.authentication\.k8s\.io\/v1, and it returned "client\.authentication\.k8s\.io\/v1beta1"/,
    ],
    ['no apiVersion', () => JSON.stringify({ kind: 'ExecCredential', status: { token: TOKEN } }), /and it returned no apiVersion/],
    ['another kind', () => answer({ kind: 'Secret', status: { token: TOKEN } }), /returned kind "Secret"; expected ExecCredential/],
    ['no status', () => answer({}), /didn't return a status field/],
    [
      'neither token nor certificate',
      () => answer({ status: { expirationTimestamp: '2030-01-01T00:00:00Z' } }),
      /didn't return a token or certificate\/key pair/,
    ],
    [
      'a certificate without its key',
      () => answer({ status: { clientCertificateData: pair.certPem } }),
      /returned only status\.clientCertificateData, not both/,
    ],
    [
      'a key without its certificate',
      () => answer({ status: { clientKeyData: pair.keyPem } }),
      /returned only status\.clientKeyData, not both/,
    ],
    ['a token that is not a string', () => answer({ status: { token: 42 } }), /status\.token is a number, expected a string/],
    [
      'an expiry that is not RFC 3339',
      () => answer({ status: { token: TOKEN, expirationTimestamp: 'tomorrow' } }),
      /status\.expirationTimestamp "tomorrow" is not an RFC 3339 time/,
    ],
    [
      'a certificate that is not PEM',
      () => answer({ status: { clientCertificateData: 'nope', clientKeyData: pair.keyPem } }),
      /clientCertificateData that is not a PEM certificate/,
    ],
    [
      'a key that is not PEM',
      () => answer({ status: { clientCertificateData: pair.certPem, clientKeyData: TOKEN } }),
      /clientKeyData that is not a PEM private key/,
    ],
    [
      'a key of another certificate',
      () => answer({ status: { clientCertificateData: pair.certPem, clientKeyData: other.keyPem } }),
      /clientKeyData that does not match/,
    ],
  ];
  for (const [name, text, message] of invalid) {
    it(`should reject ${name} without quoting the token or key`, () => {
      assert.throws(
        () => parseExecCredential(text(), v1),
        (e: unknown) =>
          e instanceof ExecCredentialError && message.test(e.message) && !e.message.includes(TOKEN) && !e.message.includes('PRIVATE KEY'),
      );
    });
  }
});

describe('isExpired', () => {
  const at = new Date('2030-01-01T00:00:00Z');
  it('should keep a credential without expiry for the whole process', () => assert.equal(isExpired({ token: 't' }, at), false));
  it('should keep a credential until its expiry', () =>
    assert.equal(isExpired({ token: 't', expirationTimestamp: new Date('2030-01-01T00:00:01Z') }, at), false));
  it('should renew a credential at its expiry', () => assert.equal(isExpired({ token: 't', expirationTimestamp: at }, at), true));
});
