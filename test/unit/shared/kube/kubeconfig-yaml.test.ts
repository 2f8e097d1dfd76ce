import assert from 'node:assert/strict';
import yaml from 'js-yaml';
import { parseSimpleYaml } from '../../../../shared/kube/kubeconfig-yaml.js';

// As `kubectl config view --raw` writes it: lists at their key's indentation, `{}` for empty maps.
const KUBECTL_WRITTEN = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURGakNDQWY2Z0F3SUJBZ0lR==
    server: https://127.0.0.1:6443
    insecure-skip-tls-verify: true
  name: kind-kind
- cluster:
    server: https://prod.example.com
    tls-server-name: api.example.com
    proxy-url: http://proxy:3128
  name: prod
contexts:
- context:
    cluster: kind-kind
    namespace: team-a
    user: kind-kind
  name: kind-kind
current-context: kind-kind
kind: Config
preferences: {}
users:
- name: kind-kind
  user:
    client-certificate-data: LS0tLS1CRUdJTi==
    client-key-data: LS0tLS1CRUdJTiBSU0E=
- name: exec-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: /usr/local/bin/get-token
      args:
      - --cluster
      - prod
      env:
      - name: AWS_PROFILE
        value: "prod"
      - name: EMPTY
        value: ''
      interactiveMode: Never
      provideClusterInfo: false
- name: token-user
  user:
    token: abc.def_ghi
    username: ~
`;

/** Texts the reader must answer, each exactly as js-yaml does. */
const ANSWERED: readonly [string, string][] = [
  ['a kubeconfig as kubectl writes it', KUBECTL_WRITTEN],
  ['lists indented under their key, comments and blank lines', 'a:\n  # note\n  - x\n\n  - y: z1\n    w: null\nb:\n  c:\n    d: e\n'],
  ['null values, by spelling and by absence', 'a:\nb: ~\nc: Null\nd: NULL\ne:\n  -\n  - x\n'],
  ['booleans in every spelling YAML 1.2 has, and words that are only strings', 'a: True\nb: FALSE\nc: yes\nd: off\ne: on\n'],
  ['plain strings holding colons, hashes and quotes', 'url: https://h:443/p?q=a#frag\npath: C:/x\nit: it\'s "ok"\nt: <none>\n'],
  ['quoted strings without escapes', 'a: "x: #y"\nb: \'- z\'\nc: ""\n'],
  ['trailing spaces after a value', 'a: b   \nc: "d"  \n'],
  ['a top-level list', '- a\n- b: c\n  d: e\n'],
  ['flags as list items', 'args:\n- --region\n- -n\n- --\n'],
  ['keys with dots, slashes and at signs', 'kubernetes-admin@kubernetes: x\na.b/c: y\n'],
];

/** Texts outside the subset: the reader leaves them to js-yaml. */
const DECLINED: readonly [string, string][] = [
  ['a number', 'port: 8080\n'],
  ['a negative number', 'a: -1\n'],
  ['a negative float', 'a: -.5\n'],
  ['a lone dash', 'a: -\n'],
  ['a float spelled with a dot', 'a: .5\n'],
  ['a timestamp', 'a: 2001-12-14\n'],
  ['a comment after a value', 'a: b # note\n'],
  ['a multi-line plain scalar', 'a: b\n  c\n'],
  ['a block scalar', 'a: |\n  text\n'],
  ['an anchor and alias', 'a: &x b\nc: *x\n'],
  ['a tag', 'a: !!str 1\n'],
  ['a flow mapping with members', 'a: {b: c}\n'],
  ['a double-quoted string with an escape', 'a: "b\\nc"\n'],
  ['a single-quoted string with a doubled quote', "a: 'it''s'\n"],
  ['a quoted key', '"a": b\n'],
  ['a duplicate key (js-yaml refuses it)', 'a: b\na: c\n'],
  ['a __proto__ key', '__proto__: x\n'],
  ['a merge key', '<<: x\n'],
  ['a document marker', '---\na: b\n'],
  ['a tab', 'a:\tb\n'],
  ['a carriage return', 'a: b\r\n'],
  ['a byte-order mark', '\ufeffa: b\n'],
  ['non-ASCII text', 'a: café\n'],
  ['an empty document', ''],
  ['a scalar document', 'hello\n'],
  ['a top-level collection that does not start at column 0', '  a: b\n'],
  ['an indentation that matches no level', 'a:\n    b: c\n  d: e\n'],
  ['a nested sequence on one line', '- - a\n'],
  ['a key without a space after its colon', 'a:b\n'],
];

describe('parseSimpleYaml', () => {
  for (const [name, text] of ANSWERED) {
    it(`should read ${name} as js-yaml does`, () => {
      const fast = parseSimpleYaml(text);
      assert.notEqual(fast, undefined, 'left to js-yaml');
      assert.deepEqual(fast, yaml.load(text));
    });
  }
  for (const [name, text] of DECLINED) it(`should leave ${name} to js-yaml`, () => assert.equal(parseSimpleYaml(text), undefined));
});
