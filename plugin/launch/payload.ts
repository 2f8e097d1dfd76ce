// Reads back the bundle a plugin file carries as line comments at its end (scripts/bundle-payload.mjs
// writes them): the last `payloadLength` characters of the file, each line after its comment prefix.

const LINE_PREFIX = '\n// ';

/** The bundle's text, or undefined when the file's end is not a payload of this length. */
export function decodePayload(file: string, payloadLength: number): string | undefined {
  const payload = file.slice(file.length - payloadLength);
  if (payload.length !== payloadLength || !payload.startsWith(LINE_PREFIX) || !payload.endsWith('\n')) return undefined;
  return payload.slice(LINE_PREFIX.length, -1).replaceAll(LINE_PREFIX, '\n');
}
