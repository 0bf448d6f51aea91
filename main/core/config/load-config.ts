/**
 * Reading and writing the app config file. A missing file means "nothing configured" (the CLI and the
 * desktop then show the labelled demo fleet); a bad file is an error value that names the file and the
 * field path, never a crash and never a silent fallback to demo.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { appConfigSchema, type AppConfig } from './app-config.js';
import { writeFileAtomic } from './atomic-write.js';
import { jsonErrorPosition } from './json-error-position.js';
import { resolveSshAlias, type SshAliasSource } from './ssh-alias.js';

export interface ConfigError {
  code: 'CONFIG_INVALID';
  /** One sentence naming the file, the field and what is wrong. */
  message: string;
  path: string;
  /** `hosts[0].port`, or null when the file as a whole is bad. */
  field: string | null;
}

export type LoadConfigResult =
  | { ok: true; path: string; /** null: no config file → demo mode */ config: AppConfig | null }
  | { ok: false; error: ConfigError };

export interface LoadConfigOptions {
  /** ~/.ssh/config, used to fill `user`/`port` a host leaves out when `host` is an alias. */
  sshConfig?: SshAliasSource;
}

/** `hosts[0].instances[1].id` */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

/** Fill a host's missing `user`/`port` from ~/.ssh/config when `host` is an alias there. */
function fillFromSshAlias(raw: unknown, sshConfig: SshAliasSource | undefined): unknown {
  if (
    !sshConfig ||
    typeof raw !== 'object' ||
    raw === null ||
    !Array.isArray((raw as { hosts?: unknown }).hosts)
  ) {
    return raw;
  }
  const hosts = (raw as { hosts: unknown[] }).hosts.map((h) => {
    if (typeof h !== 'object' || h === null) return h;
    const host = h as Record<string, unknown>;
    if (typeof host.host !== 'string' || (host.user !== undefined && host.port !== undefined)) return h;
    const alias = resolveSshAlias(host.host, sshConfig);
    return {
      ...host,
      ...(host.user === undefined && alias.user ? { user: alias.user } : {}),
      ...(host.port === undefined && alias.port ? { port: alias.port } : {}),
    };
  });
  return { ...(raw as object), hosts };
}

/** Validate an already-parsed config object; `file` is only used in messages. */
export function parseAppConfig(
  raw: unknown,
  file: string,
  options: LoadConfigOptions = {},
): LoadConfigResult {
  const parsed = appConfigSchema.safeParse(fillFromSshAlias(raw, options.sshConfig));
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const first = issues[0] as z.core.$ZodIssue;
    const field = formatFieldPath(first.path);
    const more =
      issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    const hint =
      first.code === 'invalid_type' && field.endsWith('.user')
        ? ' — set "user", or a User for this host in ~/.ssh/config'
        : '';
    return {
      ok: false,
      error: {
        code: 'CONFIG_INVALID',
        message: `Invalid config ${file}: ${field}: ${first.message}${hint}${more}.`,
        path: file,
        field,
      },
    };
  }
  const { $schema: _ignored, ...config } = parsed.data;
  return { ok: true, path: file, config };
}

/** Load and validate the config file. Missing file → `{ ok: true, config: null }` (demo). */
export async function loadConfig(file: string, options: LoadConfigOptions = {}): Promise<LoadConfigResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: true, path: file, config: null };
    return {
      ok: false,
      error: {
        code: 'CONFIG_INVALID',
        message: `Cannot read config ${file}: ${code ?? (err as Error).message}.`,
        path: file,
        field: null,
      },
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // The JSON.parse message echoes the file; report only where it breaks.
    const where = jsonErrorPosition(text);
    return {
      ok: false,
      error: {
        code: 'CONFIG_INVALID',
        message: `Invalid config ${file}: not valid JSON${where ? ` (syntax error at line ${where.line}, column ${where.column})` : ''}.`,
        path: file,
        field: null,
      },
    };
  }
  return parseAppConfig(raw, file, options);
}

/** Validate and write the config atomically (mode 0600: it names hosts and key paths). */
export async function saveConfig(file: string, config: unknown): Promise<LoadConfigResult> {
  const result = parseAppConfig(config, file);
  if (!result.ok || !result.config) return result;
  await writeFileAtomic(file, JSON.stringify(result.config, null, 2) + '\n', 0o600);
  return result;
}
