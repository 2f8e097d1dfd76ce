// Machine-readable output (-o json|yaml|name), written to the stream it is given.
import type { Writable } from 'node:stream';
import yaml from 'js-yaml';

export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 4) + '\n';
}

export function formatYaml(value: unknown): string {
  return yaml.dump(value, { noRefs: true, lineWidth: -1, sortKeys: false });
}

/** Several objects as one document, the way kubectl prints a list. */
export function asList(items: readonly unknown[]): { apiVersion: 'v1'; kind: 'List'; items: unknown[]; metadata: { resourceVersion: '' } } {
  return { apiVersion: 'v1', kind: 'List', items: [...items], metadata: { resourceVersion: '' } };
}

export function writeStructured(out: Writable, format: 'json' | 'yaml', value: unknown): void {
  out.write(format === 'json' ? formatJson(value) : formatYaml(value));
}
