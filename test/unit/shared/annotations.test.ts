import assert from 'node:assert/strict';
import {
  ANNOTATION_CATALOGUE,
  AdmissionLevel,
  Annotation,
  type AnnotationName,
  ObjectKind,
  annotationSpec,
  closestAnnotation,
  isGitpodAnnotation,
} from '../../../shared/annotations.js';

// One acceptable and at least one unacceptable value per catalogue entry ("any string" entries have none unacceptable).
const VALUES: Readonly<Record<AnnotationName, { readonly valid: readonly string[]; readonly invalid: readonly string[] }>> = {
  'gitpod/id': { valid: ['a1b2c3', 'x'], invalid: [''] },
  'gitpod/servicePrefix': { valid: ['ws-abc'], invalid: [''] },
  'gitpod/url': {
    valid: ['https://ws-1234.example.com/', 'http://localhost:3000/path?q=1'],
    invalid: ['ws-1234.example.com', '/relative', '', ' https://x.example.com'],
  },
  'gitpod/never-ready': { valid: ['true'], invalid: ['', 'false', 'True', 'yes'] },
  'gitpod/timedout': { valid: ['', 'inactivity: 30m0s', 'ünïcode ✓'], invalid: [] },
  'gitpod/closed': { valid: ['true'], invalid: ['', 'false', '1'] },
  'gitpod/explicitFail': { valid: ['', 'headless task failed: exit 1'], invalid: [] },
  'gitpod/snapshot': { valid: ['', 'gs://bucket/snap.tar'], invalid: [] },
  'gitpod/contentInitializer': {
    valid: ['', 'Cg==', 'Cgo=', 'CgoK', 'Cg+/AA=='],
    invalid: ['Cg', 'Cg=', 'Cg===', 'Cg-_', 'C g=', 'Cg==Cg==', '!!!!'],
  },
  'gitpod/imageSpec': { valid: ['', 'aW1hZ2U='], invalid: ['aW1hZ2U', 'aW1hZ2U=\n', 'aW1h*2U='] },
  'gitpod/failedBeforeStopping': { valid: ['true'], invalid: ['', 'false'] },
  'gitpod/customTimeout': { valid: ['30m', '1h30m', '1.5h', '300ms', '0', '-1s'], invalid: ['', '30', '1d', '30 m', '1hh'] },
  'gitpod/firstUserActivity': {
    valid: ['2026-11-28T10:00:00.123456789Z', '2026-11-28T10:00:00Z', '2026-11-28T10:00:00.5Z'],
    invalid: [
      '',
      '2026-11-28T10:00:00+01:00',
      '2026-11-28T10:00:00.1234567891Z',
      '2026-11-28 10:00:00Z',
      '2026-02-30T10:00:00Z',
      'yesterday',
    ],
  },
  'gitpod/fullWorkspaceBackup': { valid: ['true'], invalid: ['', 'false'] },
  'gitpod/ownerToken': { valid: ['', 's3cr3t-token'], invalid: [] },
  'gitpod/admission': { valid: ['admit_owner_only', 'admit_everyone'], invalid: ['', 'everyone', 'ADMIT_EVERYONE'] },
  'gitpod/ingressPorts': {
    valid: ['{}', '{"3000":{"workspacePort":3000,"ingressPort":30000}}', '{"1":{"workspacePort":1,"ingressPort":65535}}'],
    invalid: [
      '',
      'not json',
      '[]',
      'null',
      '{"3000":3000}',
      '{"http":{"workspacePort":3000,"ingressPort":30000}}',
      '{"03000":{"workspacePort":3000,"ingressPort":30000}}',
      '{"70000":{"workspacePort":3000,"ingressPort":30000}}',
      '{"3000":{"workspacePort":0,"ingressPort":30000}}',
      '{"3000":{"workspacePort":3000,"ingressPort":65536}}',
      '{"3000":{"workspacePort":3000.5,"ingressPort":30000}}',
      '{"3000":{"workspacePort":"3000","ingressPort":30000}}',
      '{"3000":{"workspacePort":3000}}',
      '{"3000":{"workspacePort":3000,"ingressPort":30000,"extra":1}}',
    ],
  },
  'gitpod/withUsernamespace': { valid: ['true'], invalid: ['', 'false'] },
  'gitpod/plis': {
    valid: ['{}', '{"finalBackupComplete":true,"stoppingSince":"2026-11-28T10:00:00Z","future":[1]}'],
    invalid: ['', 'not json', '[]', '"text"', '{"finalBackupComplete":"yes"}', '{"stoppingSince":"later"}'],
  },
};

describe('ANNOTATION_CATALOGUE', () => {
  it('should list every Annotation name exactly once', () => {
    assert.deepEqual(ANNOTATION_CATALOGUE.map((s) => s.name).sort(), Object.values(Annotation).sort());
  });

  it('should say where each annotation lives using only known object kinds', () => {
    const kinds = new Set<string>(Object.values(ObjectKind));
    for (const s of ANNOTATION_CATALOGUE) {
      assert.ok(s.on.length > 0, s.name);
      for (const k of s.on) assert.ok(kinds.has(k), `${s.name}: ${k}`);
      assert.ok(s.summary.length > 0, s.name);
    }
  });

  it('should mark only the owner token secret and only the protobuf payloads large', () => {
    assert.deepEqual(
      ANNOTATION_CATALOGUE.filter((s) => s.secret).map((s) => s.name),
      [Annotation.ownerToken],
    );
    assert.deepEqual(
      ANNOTATION_CATALOGUE.filter((s) => s.large).map((s) => s.name),
      [Annotation.contentInitializer, Annotation.imageSpec],
    );
  });

  it('should place ingressPorts on services and plis on ConfigMaps', () => {
    assert.deepEqual(annotationSpec(Annotation.ingressPorts)?.on, [ObjectKind.service]);
    assert.deepEqual(annotationSpec(Annotation.plis)?.on, [ObjectKind.configMap]);
  });

  it('should be frozen', () => {
    assert.ok(Object.isFrozen(ANNOTATION_CATALOGUE));
    for (const s of ANNOTATION_CATALOGUE) assert.ok(Object.isFrozen(s), s.name);
  });

  for (const [name, { valid, invalid }] of Object.entries(VALUES)) {
    for (const value of valid) {
      it(`should accept ${JSON.stringify(value)} for ${name}`, () => {
        assert.equal(annotationSpec(name)?.validate(value), undefined);
      });
    }
    for (const value of invalid) {
      it(`should reject ${JSON.stringify(value)} for ${name} with what is expected`, () => {
        const reason = annotationSpec(name)?.validate(value);
        assert.equal(typeof reason, 'string');
        assert.ok((reason as string).length > 0);
      });
    }
  }

  it('should have a rejected value for every entry that is not free text', () => {
    const freeText: readonly string[] = [Annotation.timedOut, Annotation.explicitFail, Annotation.snapshot, Annotation.ownerToken];
    for (const [name, { invalid }] of Object.entries(VALUES)) {
      if (!freeText.includes(name)) assert.ok(invalid.length > 0, name);
    }
  });
});

describe('annotationSpec', () => {
  it('should find a catalogue entry by exact name', () => {
    assert.equal(annotationSpec('gitpod/customTimeout')?.name, Annotation.customTimeout);
  });

  for (const name of ['gitpod/customtimeout', 'gitpod/', 'customTimeout', 'other/id', 'constructor', '__proto__']) {
    it(`should find nothing for ${JSON.stringify(name)}`, () => {
      assert.equal(annotationSpec(name), undefined);
    });
  }
});

describe('isGitpodAnnotation', () => {
  const cases: ReadonlyArray<readonly [string, boolean]> = [
    ['gitpod/id', true],
    ['gitpod/anything', true],
    ['gitpod.io/id', false],
    ['example.com/gitpod', false],
    ['gitpod', false],
  ];
  for (const [name, expected] of cases) {
    it(`should say ${expected} for ${name}`, () => {
      assert.equal(isGitpodAnnotation(name), expected);
    });
  }
});

describe('closestAnnotation', () => {
  const cases: ReadonlyArray<readonly [string, string | undefined]> = [
    ['gitpod/explicitfail', Annotation.explicitFail],
    ['gitpod/explcitFail', Annotation.explicitFail],
    ['gitpod/timeout', Annotation.timedOut],
    ['gitpod/nevr-redy', Annotation.neverReady],
    ['gitpod/something', undefined],
    ['gitpod/customTimeoutX12', undefined],
  ];
  for (const [name, expected] of cases) {
    it(`should suggest ${String(expected)} for ${name}`, () => {
      assert.equal(closestAnnotation(name), expected);
    });
  }
});

describe('AdmissionLevel', () => {
  it('should hold the two levels the workspace proxy understands', () => {
    assert.deepEqual(Object.values(AdmissionLevel).sort(), ['admit_everyone', 'admit_owner_only']);
  });
});
