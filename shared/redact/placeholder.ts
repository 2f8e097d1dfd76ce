// What a hidden value is shown as. It imports nothing, so shared/errors.ts (which most modules import) can use it
// without an import cycle.

export const REDACTED = '<redacted>';
