import assert from 'node:assert/strict';
import { plisPatchFromFlags, stoppingSinceValue } from '../../../plugin/plis-args.js';
import { NOW } from './fixtures.js';

describe('plisPatchFromFlags', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['no flags', {}, {}],
    ['every flag', { 'final-backup-complete': true, 'final-backup-failure': 'disk full', 'stopping-since': 'now', 'host-ip': '10.0.0.1' },
      { finalBackupComplete: true, finalBackupFailure: 'disk full', stoppingSince: '2026-11-28T12:00:00Z', hostIP: '10.0.0.1' }],
    ['an IPv6 host', { 'host-ip': 'fd00::1' }, { hostIP: 'fd00::1' }],
    ['--final-backup-complete=false as nothing', { 'final-backup-complete': false }, {}],
  ];
  for (const [name, flags, patch] of cases) it(`should build a patch from ${name}`, () => assert.deepEqual(plisPatchFromFlags(flags, NOW), patch));

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['a host that is not an IP', { 'host-ip': 'node-1' }, /--host-ip/],
    ['an empty failure message', { 'final-backup-failure': '' }, /--final-backup-failure/],
    ['a time that is not RFC 3339', { 'stopping-since': 'yesterday' }, /--stopping-since/],
  ];
  for (const [name, flags, message] of bad) it(`should reject ${name}`, () => assert.throws(() => plisPatchFromFlags(flags, NOW), message));
});

describe('stoppingSinceValue', () => {
  it('should normalise a timestamp with an offset to UTC', () => {
    assert.equal(stoppingSinceValue('2026-11-28T13:00:00.5+01:00', NOW), '2026-11-28T12:00:00.5Z');
  });
});
