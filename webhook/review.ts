// AdmissionReview parsing and answering for admission.k8s.io/v1 and v1beta1.
import { isJsonObject } from '../shared/json-object.js';
import type { DecisionInput, GroupVersionKind, GroupVersionResource, JsonPatchOperation } from './decision.js';
import { MalformedReviewError } from './errors.js';

export const ReviewApiVersion = {
  v1: 'admission.k8s.io/v1',
  v1beta1: 'admission.k8s.io/v1beta1',
} as const;
export type ReviewApiVersion = (typeof ReviewApiVersion)[keyof typeof ReviewApiVersion];

const knownVersions: readonly string[] = Object.values(ReviewApiVersion);

export interface ParsedReview {
  readonly apiVersion: ReviewApiVersion;
  readonly uid: string;
  readonly dryRun: boolean;
  readonly input: DecisionInput;
}

export interface AdmissionResponse {
  readonly uid: string;
  readonly allowed: true;
  readonly patchType?: 'JSONPatch';
  readonly patch?: string;
}

export interface AdmissionReviewResponse {
  readonly apiVersion: ReviewApiVersion;
  readonly kind: 'AdmissionReview';
  readonly response: AdmissionResponse;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 64))}`;
  return `a ${typeof value}`;
}

function requireString(record: Readonly<Record<string, unknown>>, field: string, path: string): string {
  const value = record[field];
  if (typeof value !== 'string') {
    throw new MalformedReviewError(`${path}.${field} must be a string, got ${describe(value)}`);
  }
  return value;
}

/** An object of three strings: group, version and `last` (kind or resource), each checked in that order. */
function parseGroupVersion<Last extends 'kind' | 'resource'>(
  value: unknown,
  path: string,
  last: Last,
): { group: string; version: string } & Record<Last, string> {
  if (!isJsonObject(value))
    throw new MalformedReviewError(`${path} must be an object with group, version and ${last}, got ${describe(value)}`);
  const group = requireString(value, 'group', path);
  const version = requireString(value, 'version', path);
  return { group, version, ...({ [last]: requireString(value, last, path) } as Record<Last, string>) };
}

function parseKind(value: unknown, path: string): GroupVersionKind {
  return parseGroupVersion(value, path, 'kind');
}

function parseResource(value: unknown, path: string): GroupVersionResource | undefined {
  if (value === undefined || value === null) return undefined;
  return parseGroupVersion(value, path, 'resource');
}

/**
 * Validates a decoded AdmissionReview. Throws MalformedReviewError naming the first field
 * that is missing or of the wrong type; the caller answers it with HTTP 400.
 */
export function parseReview(body: unknown): ParsedReview {
  if (!isJsonObject(body)) throw new MalformedReviewError(`body must be a JSON object (an AdmissionReview), got ${describe(body)}`);
  const apiVersion = body['apiVersion'];
  if (typeof apiVersion !== 'string' || !knownVersions.includes(apiVersion)) {
    throw new MalformedReviewError(
      `apiVersion must be one of ${knownVersions.join(', ')}, got ${describe(apiVersion)}; register the webhook with admissionReviewVersions [v1, v1beta1]`,
    );
  }
  if (body['kind'] !== 'AdmissionReview') {
    throw new MalformedReviewError(`kind must be "AdmissionReview", got ${describe(body['kind'])}`);
  }
  const request = body['request'];
  if (!isJsonObject(request)) throw new MalformedReviewError(`request must be an object, got ${describe(request)}`);
  const uid = request['uid'];
  if (typeof uid !== 'string' || uid === '') {
    throw new MalformedReviewError(`request.uid must be a non-empty string, got ${describe(uid)}`);
  }
  const operation = requireString(request, 'operation', 'request');
  const subResource = request['subResource'];
  if (subResource !== undefined && typeof subResource !== 'string') {
    throw new MalformedReviewError(`request.subResource must be a string when set, got ${describe(subResource)}`);
  }
  const dryRun = request['dryRun'];
  if (dryRun !== undefined && dryRun !== null && typeof dryRun !== 'boolean') {
    throw new MalformedReviewError(`request.dryRun must be a boolean when set, got ${describe(dryRun)}`);
  }
  const input: DecisionInput = {
    operation,
    kind: parseKind(request['kind'], 'request.kind'),
    resource: parseResource(request['resource'], 'request.resource'),
    subResource,
    object: request['object'] ?? null,
    oldObject: request['oldObject'] ?? null,
  };
  return { apiVersion: apiVersion as ReviewApiVersion, uid, dryRun: dryRun === true, input };
}

/** The answer to `review`: always allowed, with the patch when there is one, in the asked version. */
export function buildResponse(
  review: Pick<ParsedReview, 'apiVersion' | 'uid'>,
  patch: readonly JsonPatchOperation[],
): AdmissionReviewResponse {
  const response: AdmissionResponse =
    patch.length === 0
      ? { uid: review.uid, allowed: true }
      : {
          uid: review.uid,
          allowed: true,
          patchType: 'JSONPatch',
          patch: Buffer.from(JSON.stringify(patch), 'utf8').toString('base64'),
        };
  return { apiVersion: review.apiVersion, kind: 'AdmissionReview', response };
}
