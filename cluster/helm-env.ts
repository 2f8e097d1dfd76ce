// helm keeps its cache, config and data under HOME unless told otherwise; the bench, the tests and the demo
// give it a directory of their own so a run neither reads nor writes the user's helm state.
import { join } from 'node:path';

/** This process's environment with helm's cache, config and data homes moved under `dir` (created by helm as needed). */
export function helmEnv(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HELM_CACHE_HOME: join(dir, 'cache'),
    HELM_CONFIG_HOME: join(dir, 'config'),
    HELM_DATA_HOME: join(dir, 'data'),
  };
}
