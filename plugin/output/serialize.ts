// Machine-readable output (-o json|yaml|name), written to the stream it is given. Documents kept as text
// (RawJson) and numbers kept as written (JsonNumber) are printed exactly, never re-encoded through a double.
import type { TextSink } from '../stdio.js';
import yaml from 'js-yaml';
import { JSON_NUMBER_MARK, JSON_RAW_MARK, JsonNumber, parseJsonExact, RawJson, scanJson, type JsonNode } from '../../shared/jsonraw.js';

const INDENT = '    ';

/** `node` of `text` laid out as JSON.stringify(…, null, 4) would, each token kept as written. */
function layout(text: string, node: JsonNode, indent: string): string {
  const inner = indent + INDENT;
  if (node.kind === 'object') {
    if (node.members.length === 0) return '{}';
    const members = node.members.map((m) => `${inner}${m.keyText}: ${layout(text, m.value, inner)}`);
    return `{\n${members.join(',\n')}\n${indent}}`;
  }
  if (node.kind === 'array') {
    if (node.items.length === 0) return '[]';
    return `[\n${node.items.map((item) => `${inner}${layout(text, item, inner)}`).join(',\n')}\n${indent}]`;
  }
  return text.slice(node.start, node.end);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const MARKED_STRING = new RegExp(`"(?:${escapeRegExp(JSON_RAW_MARK)}|${escapeRegExp(JSON_NUMBER_MARK)})(?:[^"\\\\]|\\\\.)*"`, 'g');

export function formatJson(value: unknown): string {
  const text = JSON.stringify(value, null, 4);
  if (!text.includes(JSON_RAW_MARK) && !text.includes(JSON_NUMBER_MARK)) return text + '\n';
  return (
    text.replace(MARKED_STRING, (literal, offset: number) => {
      const content = JSON.parse(literal) as string;
      if (content.startsWith(JSON_NUMBER_MARK)) return content.slice(JSON_NUMBER_MARK.length);
      const raw = content.slice(JSON_RAW_MARK.length);
      const lineStart = text.lastIndexOf('\n', offset) + 1;
      const indent = /^ */.exec(text.slice(lineStart, offset))?.[0] ?? '';
      return layout(raw, scanJson(raw), indent);
    }) + '\n'
  );
}

const NUMBER_IN_YAML = new RegExp(`(['"]?)${escapeRegExp(JSON_NUMBER_MARK)}([-+.0-9eE]+)\\1`, 'g');

export function formatYaml(value: unknown): string {
  const text = yaml.dump(value, {
    noRefs: true,
    lineWidth: -1,
    sortKeys: false,
    replacer: (_key, v: unknown) => (v instanceof RawJson ? parseJsonExact(v.text) : v instanceof JsonNumber ? v.toJSON() : v),
  });
  return text.includes(JSON_NUMBER_MARK) ? text.replace(NUMBER_IN_YAML, (_m, _q, number: string) => number) : text;
}

/** Several objects as one document, the way kubectl prints a list. */
export function asList(items: readonly unknown[]): { apiVersion: 'v1'; kind: 'List'; items: unknown[]; metadata: { resourceVersion: '' } } {
  return { apiVersion: 'v1', kind: 'List', items: [...items], metadata: { resourceVersion: '' } };
}

export function writeStructured(out: TextSink, format: 'json' | 'yaml', value: unknown): void {
  out.write(format === 'json' ? formatJson(value) : formatYaml(value));
}
