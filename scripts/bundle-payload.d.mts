export const LINE_PREFIX: string;
export function encodePayload(source: string): string;
