// Temporary until shared/annotations.ts lands; the values must match it.
export const Annotation = {
  explicitFail: 'gitpod/explicitFail',
  failedBeforeStopping: 'gitpod/failedBeforeStopping',
} as const;
