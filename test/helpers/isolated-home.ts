/** The environment for an app or `hermes-mc` process run by a test, kept off the machine's own files. */
import { join } from 'node:path';

/**
 * `process.env` with HOME and the XDG config and data folders inside `home`, and no SSH agent: the
 * process finds only the config, keys and known hosts the test put there, never the tester's.
 */
export function isolatedHomeEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    SSH_AUTH_SOCK: '',
    ...extra,
  };
}
