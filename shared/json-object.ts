// The one test for "a JSON object" over values decoded from JSON or YAML: a mapping, which neither null nor an
// array is, though typeof calls them objects.

/** Whether `value` is a JSON object (a YAML mapping): an object that is neither null nor an array. */
export function isJsonObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
