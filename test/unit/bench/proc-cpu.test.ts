import assert from 'node:assert/strict';
import { cpuSeconds, parseCpuTicks } from '../../../bench/proc-cpu.js';

const tail = '4194304 99 0 0 0 250 31 0 0 20 0 1 0 107619 3133440 417';

describe('parseCpuTicks', () => {
  it('should add utime and stime, fields 14 and 15', () => {
    assert.equal(parseCpuTicks(`20195 (node) S 20192 20192 4069 0 -1 ${tail}`), 281);
  });

  it('should count fields after the last parenthesis, whatever the command name holds', () => {
    assert.equal(parseCpuTicks(`20195 (a b) c) R 20192 20192 4069 0 -1 ${tail}`), 281);
  });

  it('should give undefined for text that is not a stat line', () => {
    assert.equal(parseCpuTicks('no such process'), undefined);
    assert.equal(parseCpuTicks('1 (x) R 1 2'), undefined);
  });
});

describe('cpuSeconds', () => {
  it("should agree with the kernel's own count for this process, within the clock-tick resolution", () => {
    const usage = process.cpuUsage();
    const seconds = cpuSeconds(process.pid);
    const expected = (usage.user + usage.system) / 1e6;
    assert.ok(seconds !== undefined && Math.abs(seconds - expected) < 0.05, `got ${String(seconds)}, expected about ${expected}`);
  });

  it('should give undefined for a process that does not exist', () => {
    assert.equal(cpuSeconds(2 ** 22 + 1), undefined);
  });
});
