import assert from 'node:assert/strict';
import type { MachineFacts } from '../../../bench/machine.js';
import { renderMarkdown, renderSection, toJson, type RunReport } from '../../../bench/report.js';
import type { SectionResult } from '../../../bench/section.js';

const machine: MachineFacts = {
  cpuModel: 'Test CPU',
  cores: 2,
  memoryMiB: 4096,
  kernel: '6.1',
  node: 'v20.0.0',
  kubectl: 'v1.36.3',
  kubernetes: 'v1.36.3',
  gitCommit: '0123456789abcdef',
  gitDirty: false,
  date: '2026-01-01T00:00:00.000Z',
};

const section: SectionResult = {
  key: 'get',
  title: '1. get',
  notes: ['first note'],
  tables: [
    { headers: ['a'], rows: [['1']] },
    { headers: ['b'], rows: [['2']] },
  ],
  data: { ratios: { x: 0.5 } },
  durationMs: 1500,
};

const report: RunReport = {
  mode: 'quick',
  machine,
  durationMs: 60_000,
  loadAtStart: [0.5, 0.25, 0],
  loadAtEnd: [1, 2, 3],
  sections: [section],
  failures: {},
};

describe('renderSection', () => {
  it('should give the title, every table separated by a blank line, the notes and the section time', () => {
    assert.equal(
      renderSection(section),
      [
        '## 1. get',
        '',
        '| a   |',
        '| --- |',
        '| 1   |',
        '',
        '| b   |',
        '| --- |',
        '| 2   |',
        '',
        '- first note',
        '- Section time: 1.5 s.',
      ].join('\n'),
    );
  });
});

describe('renderMarkdown', () => {
  it('should head the page with the mode, the short commit, the machine and the load', () => {
    const text = renderMarkdown(report);
    assert.ok(text.startsWith('# kubectl-workspace benchmarks (quick run)\n'));
    assert.match(text, /commit 0123456789ab · Test CPU, 2 cores/);
    assert.match(text, /at start 0\.50 \/ 0\.25 \/ 0\.00, at end 1\.00 \/ 2\.00 \/ 3\.00/);
  });

  it("should name the measured Node.js and the bench's own when they differ, and one Node.js when they do not", () => {
    assert.match(
      renderMarkdown({ ...report, machine: { ...machine, measuredNode: 'v24.1.0' } }),
      / · Node v24\.1\.0 \(plugin, floors, webhooks\) · Node v20\.0\.0 \(the bench, section 4's in-process writers\) · /,
    );
    assert.match(renderMarkdown({ ...report, machine: { ...machine, measuredNode: 'v20.0.0' } }), / · Node v20\.0\.0 · kubectl /);
    assert.match(renderMarkdown(report), / · Node v20\.0\.0 · kubectl /);
  });

  it('should say when the tree had uncommitted changes', () => {
    assert.match(renderMarkdown({ ...report, machine: { ...machine, gitDirty: true } }), /\(with uncommitted changes\)/);
  });

  it('should list failed sections with their message', () => {
    assert.match(renderMarkdown({ ...report, failures: { list: 'boom' } }), /## list: FAILED\n\n```\nboom\n```/);
  });
});

describe('toJson', () => {
  it('should key sections by name and merge their data with title and duration', () => {
    const json = JSON.parse(toJson(report)) as Record<string, unknown>;
    assert.deepEqual(json['sections'], { get: { title: '1. get', durationMs: 1500, ratios: { x: 0.5 } } });
    assert.equal(json['mode'], 'quick');
    assert.deepEqual(json['machine'], machine);
  });
});
