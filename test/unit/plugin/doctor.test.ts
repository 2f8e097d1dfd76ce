import assert from 'node:assert/strict';
import { CheckStatus, REQUIRED_ACCESS, accessCheck, invariantCheck } from '../../../plugin/doctor.js';
import { formatReport, invariantProbePatch, probeFailureHint, reportFailed } from '../../../plugin/doctor.js';

describe('REQUIRED_ACCESS', () => {
  it('should cover every verb the plugin uses', () => {
    assert.deepEqual(
      REQUIRED_ACCESS.map((a) => `${a.verb} ${a.resource}`),
      ['list pods', 'get pods', 'patch pods', 'get configmaps', 'update configmaps'],
    );
  });
});

describe('accessCheck', () => {
  it('should pass when allowed and fail with a hint when denied', () => {
    const need = REQUIRED_ACCESS[2]!;
    assert.equal(accessCheck(need, 'team', true, undefined).status, CheckStatus.ok);
    const denied = accessCheck(need, 'team', false, 'no RBAC policy matched');
    assert.equal(denied.status, CheckStatus.fail);
    assert.match(denied.detail, /denied \(no RBAC policy matched\)/);
    assert.match(denied.hint ?? '', /patch on pods/);
  });
});

describe('invariantProbePatch', () => {
  it('should add explicitFail and delete failedBeforeStopping', () => {
    const a = invariantProbePatch().metadata.annotations;
    assert.equal(typeof a['gitpod/explicitFail'], 'string');
    assert.equal(a['gitpod/failedBeforeStopping'], null);
  });
});

describe('invariantCheck', () => {
  const cases: [string, Record<string, string> | undefined, string][] = [
    ['the mutated annotation', { 'gitpod/explicitFail': 'x', 'gitpod/failedBeforeStopping': 'true' }, CheckStatus.ok],
    ['no mutation', { 'gitpod/explicitFail': 'x' }, CheckStatus.notEnforced],
    ['a wrong value', { 'gitpod/failedBeforeStopping': 'false' }, CheckStatus.notEnforced],
    ['no annotations', undefined, CheckStatus.notEnforced],
  ];
  for (const [name, annotations, status] of cases)
    it(`should report ${status} for ${name}`, () => assert.equal(invariantCheck('pod/ws-a', annotations).status, status));

  it('should hint at installing the chart when not enforced', () => {
    assert.match(invariantCheck('pod/ws-a', {}).hint ?? '', /install the chart/);
  });
});

describe('probeFailureHint', () => {
  const webhookDown = new Error(
    'Internal error occurred: failed calling webhook "failed-before-stopping.workspace.gitpod.io": failed to call webhook: Post "https://127.0.0.1:1/mutate": dial tcp 127.0.0.1:1: connect: connection refused',
  );
  const forbidden = Object.assign(new Error('pods "ws-a" is forbidden: User "u" cannot patch resource "pods"'), { statusCode: 403 });

  it('should blame access only for a 403', () => {
    assert.equal(probeFailureHint(forbidden), 'the dry run needs patch access on pods');
  });

  it('should name the webhook that did not answer, and not blame access', () => {
    const hint = probeFailureHint(webhookDown) ?? '';
    assert.match(hint, /webhook failed-before-stopping\.workspace\.gitpod\.io is registered but not answering/);
    assert.doesNotMatch(hint, /patch access/);
  });

  it('should give no hint for an error it cannot explain', () => {
    assert.equal(probeFailureHint(new Error('etcdserver: request timed out')), undefined);
  });
});

describe('formatReport', () => {
  it('should print one line per check and the hint below a failure', () => {
    const results = [
      { name: 'cluster reachable', status: CheckStatus.ok, detail: 'yes' },
      { name: 'invariant', status: CheckStatus.notEnforced, detail: 'no', hint: 'install' },
    ];
    assert.equal(
      formatReport(results),
      '[OK]           cluster reachable: yes\n[NOT ENFORCED] invariant: no\n               hint: install\n',
    );
    assert.equal(reportFailed(results), true);
    assert.equal(reportFailed(results.slice(0, 1)), false);
  });
});
