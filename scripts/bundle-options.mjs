// The esbuild options of every bundle the project ships (scripts/build.mjs). The benchmark bundles
// its bare webhook peer with them too, so both webhooks run code compiled the same way.
export const bundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};
