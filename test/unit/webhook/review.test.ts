import assert from 'node:assert/strict';
import { decide } from '../../../webhook/decision.js';
import { MalformedReviewError } from '../../../webhook/errors.js';
import { buildResponse, parseReview } from '../../../webhook/review.js';
import { admissionReview, podRequest as anyPodRequest, podUpdateReview } from '../../../cluster/admission-review.js';

function review(apiVersion: string, request: Record<string, unknown>): unknown {
  return admissionReview(request, apiVersion);
}

/** An UPDATE that sets explicitFail, with a fixed uid; `overrides` replace or remove (undefined) its fields. */
function podRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return anyPodRequest({
    uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
    object: { metadata: { name: 'ws-1', annotations: { 'gitpod/explicitFail': 'boom' } } },
    oldObject: { metadata: { name: 'ws-1' } },
    ...overrides,
  });
}

const expectedPatch = Buffer.from(
  JSON.stringify([{ op: 'add', path: '/metadata/annotations/gitpod~1failedBeforeStopping', value: 'true' }]),
).toString('base64');

describe('parseReview', () => {
  for (const apiVersion of ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1']) {
    it(`should accept ${apiVersion} and keep the version and uid`, () => {
      const parsed = parseReview(review(apiVersion, podRequest()));
      assert.equal(parsed.apiVersion, apiVersion);
      assert.equal(parsed.uid, '705ab4f5-6393-11e8-b7cc-42010a800002');
      assert.equal(parsed.dryRun, false);
      assert.equal(parsed.input.operation, 'UPDATE');
    });
  }

  it('should read a review with every field kube-apiserver sends for a pod UPDATE', () => {
    const pod = { metadata: { name: 'ws-2', namespace: 'team', annotations: { 'gitpod/explicitFail': 'oom' } } };
    const parsed = parseReview(podUpdateReview({ pod, oldPod: { metadata: { name: 'ws-2', namespace: 'team' } }, uid: 'u-full' }));
    assert.equal(parsed.uid, 'u-full');
    assert.equal(parsed.input.operation, 'UPDATE');
    assert.deepEqual(buildResponse(parsed, decide(parsed.input)).response, {
      uid: 'u-full',
      allowed: true,
      patchType: 'JSONPatch',
      patch: expectedPatch,
    });
  });

  it('should read dryRun', () => {
    assert.equal(parseReview(review('admission.k8s.io/v1', podRequest({ dryRun: true }))).dryRun, true);
  });

  it('should map a missing object to null', () => {
    assert.equal(parseReview(review('admission.k8s.io/v1', podRequest({ object: undefined, operation: 'DELETE' }))).input.object, null);
  });

  const malformed: ReadonlyArray<readonly [string, unknown, RegExp]> = [
    ['a body that is not an object', [1, 2], /^body must be a JSON object \(an AdmissionReview\), got an array$/],
    [
      'an unknown apiVersion',
      review('admission.k8s.io/v2', podRequest()),
      /^apiVersion must be one of admission\.k8s\.io\/v1, admission\.k8s\.io\/v1beta1, got the string "admission\.k8s\.io\/v2"/,
    ],
    [
      'a wrong kind',
      { apiVersion: 'admission.k8s.io/v1', kind: 'Pod', request: podRequest() },
      /^kind must be "AdmissionReview", got the string "Pod"$/,
    ],
    ['a missing request', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, /^request must be an object, got nothing$/],
    [
      'a missing uid',
      review('admission.k8s.io/v1', podRequest({ uid: undefined })),
      /^request\.uid must be a non-empty string, got nothing$/,
    ],
    [
      'an empty uid',
      review('admission.k8s.io/v1', podRequest({ uid: '' })),
      /^request\.uid must be a non-empty string, got the string ""$/,
    ],
    [
      'a numeric operation',
      review('admission.k8s.io/v1', podRequest({ operation: 3 })),
      /^request\.operation must be a string, got a number$/,
    ],
    [
      'a missing kind',
      review('admission.k8s.io/v1', podRequest({ kind: undefined })),
      /^request\.kind must be an object with group, version and kind, got nothing$/,
    ],
    [
      'a kind without group',
      review('admission.k8s.io/v1', podRequest({ kind: { version: 'v1', kind: 'Pod' } })),
      /^request\.kind\.group must be a string, got nothing$/,
    ],
    [
      'a string dryRun',
      review('admission.k8s.io/v1', podRequest({ dryRun: 'true' })),
      /^request\.dryRun must be a boolean when set, got the string "true"$/,
    ],
  ];
  for (const [name, body, message] of malformed) {
    it(`should reject ${name} with a MalformedReviewError`, () => {
      assert.throws(
        () => parseReview(body),
        (error: unknown) => {
          assert.ok(error instanceof MalformedReviewError);
          assert.equal(error.name, 'MalformedReviewError');
          assert.equal(error.status, 400);
          assert.equal(error.reason, 'BadRequest');
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});

describe('buildResponse', () => {
  for (const apiVersion of ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1']) {
    it(`should answer ${apiVersion} in ${apiVersion} with the uid and a base64 JSONPatch`, () => {
      const parsed = parseReview(review(apiVersion, podRequest()));
      assert.deepEqual(buildResponse(parsed, decide(parsed.input)), {
        apiVersion,
        kind: 'AdmissionReview',
        response: { uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: true, patchType: 'JSONPatch', patch: expectedPatch },
      });
    });
  }

  it('should give a dryRun request the same answer', () => {
    const wet = parseReview(review('admission.k8s.io/v1', podRequest()));
    const dry = parseReview(review('admission.k8s.io/v1', podRequest({ dryRun: true })));
    assert.deepEqual(buildResponse(dry, decide(dry.input)), buildResponse(wet, decide(wet.input)));
  });

  it('should allow without patch fields when there is nothing to change', () => {
    const parsed = parseReview(review('admission.k8s.io/v1beta1', podRequest({ operation: 'DELETE', object: null })));
    assert.deepEqual(buildResponse(parsed, decide(parsed.input)), {
      apiVersion: 'admission.k8s.io/v1beta1',
      kind: 'AdmissionReview',
      response: { uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: true },
    });
  });
});
