import type { BuildOptions } from 'esbuild';

export declare const bundleOptions: Readonly<
  Required<Pick<BuildOptions, 'bundle' | 'platform' | 'target' | 'format' | 'minify' | 'legalComments' | 'logLevel'>>
>;
