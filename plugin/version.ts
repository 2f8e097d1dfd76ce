import pkg from '../package.json' with { type: 'json' };

export const CLIENT_VERSION: string = `v${pkg.version}`;
