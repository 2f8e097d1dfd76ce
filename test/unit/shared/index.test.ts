import assert from 'node:assert/strict';
import * as core from '../../../shared/index.js';

// The names the plugin, the webhook and the benchmarks import from the core library.
const CONTRACT = [
  'WorkspaceToolError', 'InvalidValueError', 'UnknownAnnotationError', 'WorkspaceNotFoundError', 'AmbiguousWorkspaceError',
  'PlisMissingError', 'PlisParseError', 'AnnotationsTooLargeError', 'ConflictRetriesExhaustedError',
  'parseGoDuration', 'formatGoDuration',
  'Annotation', 'ObjectKind', 'ANNOTATION_CATALOGUE', 'annotationSpec', 'isGitpodAnnotation', 'AdmissionLevel', 'redactAnnotations', 'REDACTED',
  'addMark', 'deleteMark', 'parseMarkArgument', 'validateMarks', 'withImpliedMarks', 'applyMarks', 'marksToMergePatch',
  'plisConfigMapName', 'decodePlis', 'encodePlis', 'applyPlisPatch', 'planPlisUpdate', 'ANNOTATIONS_SIZE_LIMIT_BYTES',
  'annotationsSize', 'checkAnnotationsSize', 'formatRfc3339Nano', 'parseRfc3339',
  'WORKSPACE_ID_LABEL', 'workspaceSelector', 'validateWorkspaceId', 'selectWorkspacePod',
  'DEFAULT_BACKOFF', 'ROBUST_BACKOFF', 'backoffDelays', 'isConflictError', 'retryOnConflict',
] as const;

describe('shared/index', () => {
  for (const name of CONTRACT) {
    it(`should export ${name}`, () => {
      assert.notEqual((core as Record<string, unknown>)[name], undefined);
    });
  }

  it('should group the validators under one name', () => {
    assert.equal(typeof core.validators.goDuration, 'function');
  });
});
