import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { formatAge, ageOf } from '../../../../plugin/output/age.js';
import { describeWorkspace, plisDetail, workspaceDetail } from '../../../../plugin/output/describe.js';
import { markSummary } from '../../../../plugin/output/result.js';
import { asList, formatJson, formatYaml, writeStructured } from '../../../../plugin/output/serialize.js';
import { formatTable } from '../../../../plugin/output/table.js';
import { workspaceFlags, workspaceRow, workspaceTable } from '../../../../plugin/output/workspace-view.js';
import { JsonNumber, RawJson } from '../../../../shared/jsonraw.js';
import { redactObject } from '../../../../shared/redact/documents.js';
import { NOW, OWNER_TOKEN, plisConfigMap, pod } from '../fixtures.js';

describe('formatAge', () => {
  const cases: [number, string][] = [
    [-5000, '<invalid>'],
    [-500, '0s'],
    [0, '0s'],
    [45_000, '45s'],
    [119_000, '119s'],
    [300_000, '5m'],
    [303_000, '5m3s'],
    [45 * 60_000, '45m'],
    [3 * 3600_000 + 20 * 60_000, '3h20m'],
    [30 * 3600_000, '30h'],
    [(4 * 24 + 2) * 3600_000, '4d2h'],
    [120 * 86400_000, '120d'],
    [(2 * 365 + 10) * 86400_000, '2y10d'],
    [9 * 365 * 86400_000, '9y'],
  ];
  for (const [ms, text] of cases) it(`should print ${ms} ms as ${text}`, () => assert.equal(formatAge(ms), text));

  it('should print <unknown> without a creation time', () => assert.equal(ageOf(undefined, NOW), '<unknown>'));
});

describe('formatTable', () => {
  it('should pad columns with three spaces and trim the last one', () => {
    assert.equal(
      formatTable(
        ['ID', 'POD'],
        [
          ['a', 'ws-a'],
          ['long-id', 'ws-long-id'],
        ],
      ),
      'ID        POD\na         ws-a\nlong-id   ws-long-id\n',
    );
  });
});

describe('workspaceFlags', () => {
  const cases: [string, Record<string, string>, string[]][] = [
    ['no flags', {}, []],
    ['failed from explicitFail', { 'gitpod/explicitFail': 'oom' }, ['failed']],
    ['failed from failedBeforeStopping alone', { 'gitpod/failedBeforeStopping': 'true' }, ['failed']],
    [
      'every flag in order',
      {
        'gitpod/snapshot': 's',
        'gitpod/never-ready': 'true',
        'gitpod/closed': 'true',
        'gitpod/timedout': 'idle',
        'gitpod/explicitFail': '',
      },
      ['failed', 'timedout', 'closed', 'never-ready', 'snapshot'],
    ],
  ];
  for (const [name, a, flags] of cases) it(`should report ${name}`, () => assert.deepEqual(workspaceFlags(a), flags));
});

describe('workspaceTable', () => {
  const rows = [workspaceRow(pod('abc', { 'gitpod/closed': 'true' }), NOW), workspaceRow(pod('def', {}, { status: {} }), NOW)];

  it('should render the default columns', () => {
    const { headers, cells } = workspaceTable(rows, { wide: false, allNamespaces: false });
    assert.deepEqual(headers, ['ID', 'POD', 'PHASE', 'AGE', 'FLAGS']);
    assert.deepEqual(cells, [
      ['abc', 'ws-abc', 'Running', '5m', 'closed'],
      ['def', 'ws-def', 'Unknown', '5m', '<none>'],
    ]);
  });

  it('should add the namespace first with -A and node details with -o wide', () => {
    const { headers, cells } = workspaceTable(rows, { wide: true, allNamespaces: true });
    assert.deepEqual(headers, ['NAMESPACE', 'ID', 'POD', 'PHASE', 'AGE', 'FLAGS', 'TYPE', 'OWNER', 'NODE', 'IP']);
    assert.deepEqual(cells[0], ['team', 'abc', 'ws-abc', 'Running', '5m', 'closed', 'regular', 'alice', 'node-1', '10.0.0.7']);
  });
});

describe('redactObject', () => {
  const large = Buffer.alloc(3000, 1).toString('base64');
  const p = pod('abc', {
    'gitpod/contentInitializer': large,
    'kubectl.kubernetes.io/last-applied-configuration': `{"token":"${OWNER_TOKEN}"}`,
  });

  it('should redact the owner token, the last-applied copy and summarise large values by default', () => {
    const a = redactObject(p, { showSecrets: false }).metadata?.annotations ?? {};
    assert.equal(a['gitpod/ownerToken'], '<redacted>');
    assert.equal(a['kubectl.kubernetes.io/last-applied-configuration'], '<redacted>');
    assert.notEqual(a['gitpod/contentInitializer'], large);
    assert.equal(JSON.stringify(a).includes(OWNER_TOKEN), false);
  });

  it('should show everything with --show-secrets --show-large, leaving the input untouched', () => {
    const a = redactObject(p, { showSecrets: true, showLarge: true }).metadata?.annotations ?? {};
    assert.equal(a['gitpod/ownerToken'], OWNER_TOKEN);
    assert.equal(a['gitpod/contentInitializer'], large);
    assert.equal(p.metadata?.annotations?.['gitpod/ownerToken'], OWNER_TOKEN);
  });

  it('should leave out metadata.managedFields as kubectl get -o json does, keeping the rest of metadata', () => {
    const withFields = { ...p, metadata: { ...p.metadata, managedFields: [{ manager: 'kubectl', operation: 'Update' }] } };
    const printed = redactObject(withFields, { showSecrets: false });
    assert.equal('managedFields' in (printed.metadata ?? {}), false);
    assert.equal(printed.metadata?.name, p.metadata?.name);
    assert.equal(printed.metadata?.annotations?.['gitpod/id'], p.metadata?.annotations?.['gitpod/id']);
  });
});

describe('writeStructured', () => {
  const list = asList([redactObject(pod('abc'), { showSecrets: false })]);

  for (const format of ['json', 'yaml'] as const) {
    it(`should write a redacted List as ${format}`, () => {
      const out = new PassThrough();
      writeStructured(out, format, list);
      const text = String(out.read());
      assert.equal(text, format === 'json' ? formatJson(list) : formatYaml(list));
      assert.equal(text.includes(OWNER_TOKEN), false);
      assert.match(text, /kind: List|"kind": "List"/);
    });
  }
});

describe('workspaceDetail', () => {
  it('should decode the PLIS and redact the pod annotations', () => {
    const d = workspaceDetail(pod('abc'), plisConfigMap('abc', '{"finalBackupComplete":true,"futureField":{"x":1}}'), NOW, {
      showSecrets: false,
    });
    assert.equal(d.plis?.document?.text, '{"finalBackupComplete":true,"futureField":{"x":1}}');
    assert.deepEqual(JSON.parse(formatJson(d)).plis.document, { finalBackupComplete: true, futureField: { x: 1 } });
    assert.equal(d.annotations['gitpod/ownerToken'], '<redacted>');
    const text = describeWorkspace(d);
    assert.match(text, /^Workspace: +abc$/m);
    assert.match(text, /^PLIS: +configmap\/plis-abc$/m);
    assert.match(text, /^ {2}finalBackupComplete: true$/m);
    assert.equal(text.includes(OWNER_TOKEN), false);
  });

  it('should keep the owner token in lastPodStatus out of the text and JSON output unless showSecrets', () => {
    const plis = JSON.stringify({ lastPodStatus: { id: 'abc', auth: { admission: 0, owner_token: OWNER_TOKEN } } });
    const hidden = workspaceDetail(pod('abc'), plisConfigMap('abc', plis), NOW, { showSecrets: false });
    assert.equal(describeWorkspace(hidden).includes(OWNER_TOKEN), false);
    assert.equal(formatJson(hidden).includes(OWNER_TOKEN), false);
    const shown = workspaceDetail(pod('abc'), plisConfigMap('abc', plis), NOW, { showSecrets: true });
    assert.equal(formatJson(shown).includes(OWNER_TOKEN), true);
  });

  it('should report an unreadable PLIS instead of failing, and no PLIS as <none>', () => {
    const broken = workspaceDetail(pod('abc'), plisConfigMap('abc', '{not json'), NOW, { showSecrets: false });
    assert.match(broken.plis?.error ?? '', /team\/plis-abc/);
    assert.match(describeWorkspace(workspaceDetail(pod('abc'), undefined, NOW, { showSecrets: false })), /^PLIS: +<none>$/m);
  });
});

describe('markSummary', () => {
  const cases: [string, string[], Record<string, string>, 'none' | 'client' | 'server', string][] = [
    [
      'an addition and a deletion',
      ['gitpod/closed', 'gitpod/never-ready'],
      { 'gitpod/closed': 'true' },
      'none',
      'pod/ws-a marked: +gitpod/closed -gitpod/never-ready\n',
    ],
    ['a server dry run', ['gitpod/closed'], { 'gitpod/closed': 'true' }, 'server', 'pod/ws-a marked: +gitpod/closed (server dry run)\n'],
    ['a client dry run', ['gitpod/closed'], { 'gitpod/closed': 'true' }, 'client', 'pod/ws-a marked: +gitpod/closed (dry run)\n'],
    ['no change', [], {}, 'none', 'pod/ws-a unchanged\n'],
  ];
  for (const [name, changed, after, dryRun, line] of cases) {
    it(`should summarise ${name}`, () => assert.equal(markSummary('pod/ws-a', changed, after, dryRun), line));
  }

  it('should never print values, so a secret cannot leak through the summary', () => {
    assert.equal(markSummary('pod/ws-a', ['gitpod/ownerToken'], { 'gitpod/ownerToken': OWNER_TOKEN }, 'none').includes(OWNER_TOKEN), false);
  });
});

describe('formatJson and formatYaml with documents kept as text', () => {
  const raw = '{"big":12345678901234567890,"huge":1e400,"esc":"\\u00e9","list":[1.50,{}],"o":{"10":1,"2":[]}}';

  it('should print a RawJson document token for token at any depth, laid out like the rest', () => {
    const text = formatJson({ a: { document: new RawJson(raw) } });
    assert.equal(
      text,
      '{\n    "a": {\n        "document": {\n            "big": 12345678901234567890,\n            "huge": 1e400,\n' +
        '            "esc": "\\u00e9",\n            "list": [\n                1.50,\n                {}\n            ],\n' +
        '            "o": {\n                "10": 1,\n                "2": []\n            }\n        }\n    }\n}\n',
    );
  });

  it('should print a JsonNumber as written in JSON and YAML', () => {
    assert.equal(formatJson({ n: new JsonNumber('12345678901234567890') }), '{\n    "n": 12345678901234567890\n}\n');
    assert.equal(formatYaml({ v: new JsonNumber('-1e400'), s: 'x' }), 'v: -1e400\ns: x\n');
  });

  it('should print a RawJson document in YAML with its numbers as written', () => {
    assert.equal(formatYaml({ d: new RawJson('{"big":12345678901234567890,"f":1.50}') }), 'd:\n  big: 12345678901234567890\n  f: 1.50\n');
  });

  it('should not take a string that looks like a marker for a number', () => {
    assert.equal(formatJson({ s: 'jsonnumber-x:1' }), '{\n    "s": "jsonnumber-x:1"\n}\n');
  });
});

describe('plisDetail', () => {
  const hostile: [string, string][] = [
    ['a duplicate auth member hiding the token', `{"lastPodStatus":{"auth":{"owner_token":"${OWNER_TOKEN}"},"auth":{"x":1}}}`],
    ['a case variant Go reads', `{"lastPodStatus":{"Auth":{"Owner_Token":"${OWNER_TOKEN}"}}}`],
    ['an escaped member name', `{"lastPodStatus":{"auth":{"owner_\\u0074oken":"${OWNER_TOKEN}"}}}`],
    ['invalid JSON quoting the token', `{"lastPodStatus":{"auth":{"owner_token":${OWNER_TOKEN}-BAD}}}`],
    ['a known field of the wrong type holding the token', `{"hostIP":{"owner_token":"${OWNER_TOKEN}"}}`],
  ];
  for (const [name, raw] of hostile) {
    it(`should keep the token out of every format for ${name}`, () => {
      const d = plisDetail(plisConfigMap('abc', raw), 'team/plis-abc', { showSecrets: false });
      for (const text of [
        formatJson(d),
        formatYaml(d),
        describeWorkspace({ ...workspaceDetail(pod('abc'), undefined, NOW, { showSecrets: false }), plis: d }),
      ]) {
        assert.equal(text.includes(OWNER_TOKEN), false, text);
      }
    });
  }

  it('should name the position of a syntax error without quoting the text', () => {
    const d = plisDetail(plisConfigMap('abc', '{"a":PLISTOKEN}'), 'team/plis-abc', { showSecrets: false });
    assert.match(d.error ?? '', /not valid JSON: expected a JSON value .* at line 1, column 6 \(offset 5 of 15 characters\)/);
    assert.equal((d.error ?? '').includes('PLIS'), false);
  });

  it('should keep numbers and unknown fields as stored in text, JSON and YAML output', () => {
    const raw = '{"hostIP":"10.0.0.1","future":{"n":12345678901234567890,"m":1e400}}';
    const d = plisDetail(plisConfigMap('abc', raw), 'team/plis-abc', { showSecrets: false });
    assert.match(formatJson(d), /"n": 12345678901234567890,\n\s+"m": 1e400/);
    assert.match(formatYaml(d), /'n': 12345678901234567890\n\s+m: 1e400/);
    const text = describeWorkspace({ ...workspaceDetail(pod('abc'), undefined, NOW, { showSecrets: false }), plis: d });
    assert.match(text, /^ {2}future: \{"n":12345678901234567890,"m":1e400\}$/m);
  });
});
