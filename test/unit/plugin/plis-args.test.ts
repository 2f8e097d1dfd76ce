import assert from 'node:assert/strict';
import { isGoParseableIP, plisPatchFromFlags, stoppingSinceValue } from '../../../plugin/plis-args.js';
import { NOW } from './fixtures.js';

describe('plisPatchFromFlags', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['no flags', {}, {}],
    [
      'every flag',
      { 'final-backup-complete': true, 'final-backup-failure': 'disk full', 'stopping-since': 'now', 'host-ip': '10.0.0.1' },
      { finalBackupComplete: true, finalBackupFailure: 'disk full', stoppingSince: '2026-11-28T12:00:00Z', hostIP: '10.0.0.1' },
    ],
    ['an IPv6 host', { 'host-ip': 'fd00::1' }, { hostIP: 'fd00::1' }],
    ['--final-backup-complete=false as nothing', { 'final-backup-complete': false }, {}],
  ];
  for (const [name, flags, patch] of cases)
    it(`should build a patch from ${name}`, () => assert.deepEqual(plisPatchFromFlags(flags, NOW), patch));

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['a host that is not an IP', { 'host-ip': 'node-1' }, /--host-ip/],
    ['an IPv6 address with a zone', { 'host-ip': 'fe80::1%eth0' }, /"fe80::1%eth0" for --host-ip: .*without a zone/],
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

describe('isGoParseableIP', () => {
  // Expected answers are Go's net.ParseIP(s) != nil (Go 1.26).
  const GO: [string, boolean][] = [
    ['10.0.0.12', true],
    ['255.255.255.255', true],
    ['0.0.0.0', true],
    ['256.1.1.1', false],
    ['01.2.3.4', false],
    ['1.2.3.04', false],
    ['1.2.3', false],
    ['1.2.3.4.5', false],
    [' 1.2.3.4', false],
    ['1.2.3.4 ', false],
    ['0x1.2.3.4', false],
    ['+1.2.3.4', false],
    ['1.2.3.4/24', false],
    ['1.2.3.4%eth0', false],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fe80::1%eth0', false],
    ['fe80::1%1', false],
    ['::ffff:1.2.3.4', true],
    ['::1.2.3.4', true],
    ['::ffff:01.2.3.4', false],
    ['1:2:3:4:5:6:7:8', true],
    ['1:2:3:4:5:6:7:8:9', false],
    ['1::2::3', false],
    ['2001:DB8::1', true],
    ['12345::1', false],
    ['00000::1', false],
    ['[::1]', false],
    ['1:2:3:4:5:6:1.2.3.4', true],
    ['1:2:3:4:5:6:7:1.2.3.4', false],
    ['fe80:0000:0000:0000:0000:0000:0000:0001', true],
    ['', false],
    ['localhost', false],
    ['١.٢.٣.٤', false],
  ];
  for (const [ip, ok] of GO)
    it(`should ${ok ? 'accept' : 'reject'} ${JSON.stringify(ip)} as Go's net.ParseIP does`, () => assert.equal(isGoParseableIP(ip), ok));
});
