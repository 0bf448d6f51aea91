/**
 * Where the app keeps its files, per OS, without Electron (the CLI uses the same paths as the desktop):
 * - config: Linux `$XDG_CONFIG_HOME` or `~/.config`; macOS `~/Library/Application Support`; Windows `%APPDATA%`
 * - data (pinned keys, history, notification state): Linux `$XDG_DATA_HOME` or `~/.local/share`; macOS the
 *   same folder as config; Windows `%LOCALAPPDATA%` (else `%APPDATA%`)
 * each followed by `hermes-mission-control/`. `--config FILE` overrides the config file only.
 */
import { homedir } from 'node:os';
import { join, resolve, win32, posix } from 'node:path';

export const APP_DIR_NAME = 'hermes-mission-control';
export const CONFIG_FILE_NAME = 'config.json';

export interface PathEnv {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

function ctx(p: PathEnv) {
  return { platform: p.platform ?? process.platform, env: p.env ?? process.env, home: p.home ?? homedir() };
}

export function configDir(p: PathEnv = {}): string {
  const { platform, env, home } = ctx(p);
  if (platform === 'win32')
    return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  const xdg = env.XDG_CONFIG_HOME;
  // XDG says relative values are invalid and must be ignored.
  return posix.join(xdg && xdg.startsWith('/') ? xdg : posix.join(home, '.config'), APP_DIR_NAME);
}

export function dataDir(p: PathEnv = {}): string {
  const { platform, env, home } = ctx(p);
  if (platform === 'win32') {
    return win32.join(env.LOCALAPPDATA || env.APPDATA || win32.join(home, 'AppData', 'Local'), APP_DIR_NAME);
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  const xdg = env.XDG_DATA_HOME;
  return posix.join(xdg && xdg.startsWith('/') ? xdg : posix.join(home, '.local', 'share'), APP_DIR_NAME);
}

export function defaultConfigFile(p: PathEnv = {}): string {
  const dir = configDir(p);
  return (p.platform ?? process.platform) === 'win32'
    ? win32.join(dir, CONFIG_FILE_NAME)
    : posix.join(dir, CONFIG_FILE_NAME);
}

/** The app's pinned host keys, in the data folder. */
export function pinnedKeysFile(p: PathEnv = {}): string {
  return join(dataDir(p), 'pinned-host-keys.json');
}

/** `--config FILE` or `--config=FILE` from argv, or null. Throws when `--config` has no value. */
export function configOverrideFromArgv(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--config') {
      const v = argv[i + 1];
      if (!v || v.startsWith('--')) throw new Error('--config needs a file path, e.g. --config ~/hmc.json');
      return v;
    }
    if (a?.startsWith('--config=')) return a.slice('--config='.length);
  }
  return null;
}

/** The config file to use: the override (relative to cwd, `~` expanded) or the OS default. */
export function resolveConfigFile(override: string | null | undefined, p: PathEnv = {}): string {
  if (!override) return defaultConfigFile(p);
  const { home } = ctx(p);
  const expanded =
    override === '~' ? home : override.startsWith('~/') ? join(home, override.slice(2)) : override;
  return resolve(expanded);
}
