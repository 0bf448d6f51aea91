/**
 * The allowlisted summary of config.yaml (reference §6). Every field is picked by name and checked to
 * look like an identifier; no subtree is ever copied, so `api_key`, `env`, `password`, `token` and
 * `secret` keys cannot leak wherever they appear.
 */
import type { ConfigSummary } from '../../../common/contract/snapshot.js';
import { isRecord } from '../lib/read-text.js';
import { safeLabel } from '../lib/redact.js';
import { getPath, stateStoreBackend } from './hermes-config.js';
import type { DefaultedPath } from './defaults/config-defaults.js';
import { effectiveConfig } from './defaults/effective-config.js';

export const UNKNOWN_CONFIG: ConfigSummary = {
  configVersion: null,
  modelDefault: null,
  modelProvider: null,
  modelBaseUrlHost: null,
  fallbackChain: [],
  approvalsMode: null,
  approvalsCronMode: null,
  redactSecrets: null,
  redactPii: null,
  tirithEnabled: null,
  toolsets: [],
  terminalBackend: null,
  browserEngine: null,
  webBackend: null,
  memoryProvider: null,
  stateStoreBackend: null,
  cronProvider: null,
  timezone: null,
  mcpServers: [],
  dashboardAuthConfigured: null,
  defaulted: [],
  defaultsVersion: null,
};

/** Summary field ← the config path it reports (only the ones Hermes has a default for). */
const DEFAULTED_FIELDS: [keyof ConfigSummary, DefaultedPath][] = [
  ['approvalsMode', 'approvals.mode'],
  ['approvalsCronMode', 'approvals.cron_mode'],
  ['redactSecrets', 'security.redact_secrets'],
  ['redactPii', 'privacy.redact_pii'],
  ['tirithEnabled', 'security.tirith_enabled'],
  ['toolsets', 'toolsets'],
  ['terminalBackend', 'terminal.backend'],
  ['browserEngine', 'browser.engine'],
  ['webBackend', 'web.backend'],
  ['timezone', 'timezone'],
  ['memoryProvider', 'memory.provider'],
  ['cronProvider', 'cron.provider'],
];

function str(config: Record<string, unknown>, path: string): string | null {
  return safeLabel(getPath(config, path));
}

function bool(config: Record<string, unknown>, path: string): boolean | null {
  const value = getPath(config, path);
  return typeof value === 'boolean' ? value : null;
}

/** Host (and port) of a URL; never its userinfo, path or query. */
export function urlHost(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    return safeLabel(new URL(value.trim()).host);
  } catch {
    return null;
  }
}

/** `''` in Hermes means "auto"/"builtin"/"local" for these settings. */
function withEmptyAs(value: unknown, emptyMeaning: string, absentMeaning: string | null): string | null {
  if (value === undefined || value === null) return absentMeaning;
  if (typeof value === 'string' && value.trim() === '') return emptyMeaning;
  return safeLabel(value);
}

function modelFields(
  config: Record<string, unknown>,
): Pick<ConfigSummary, 'modelDefault' | 'modelProvider' | 'modelBaseUrlHost'> {
  const model = config.model;
  if (typeof model === 'string')
    return { modelDefault: safeLabel(model), modelProvider: null, modelBaseUrlHost: null };
  if (!isRecord(model)) return { modelDefault: null, modelProvider: null, modelBaseUrlHost: null };
  return {
    modelDefault: safeLabel(model.default ?? model.model ?? model.name),
    modelProvider: safeLabel(model.provider),
    modelBaseUrlHost: urlHost(model.base_url),
  };
}

function fallbackChain(config: Record<string, unknown>): ConfigSummary['fallbackChain'] {
  // fallback_providers wins over the legacy fallback_model (dict or list) when both are set.
  let raw: unknown = config.fallback_providers;
  if (raw === undefined || raw === null) raw = config.fallback_model;
  const list = Array.isArray(raw) ? raw : isRecord(raw) ? [raw] : [];
  return list
    .filter(isRecord)
    .slice(0, 20)
    .map((entry) => ({
      provider: safeLabel(entry.provider),
      model: safeLabel(entry.model ?? entry.default),
    }));
}

function mcpServers(config: Record<string, unknown>): ConfigSummary['mcpServers'] {
  const servers = config.mcp_servers;
  if (!isRecord(servers)) return [];
  return Object.entries(servers)
    .slice(0, 100)
    .flatMap(([name, value]) => {
      const label = safeLabel(name, 64);
      if (label === null) return [];
      const enabled = isRecord(value) ? value.enabled : undefined;
      // Hermes treats a server without `enabled` as enabled.
      return [
        {
          name: label,
          enabled: typeof enabled === 'boolean' ? enabled : enabled === undefined ? true : null,
        },
      ];
    });
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string'
    ? value.trim() !== ''
    : value !== undefined && value !== null && value !== false;
}

function dashboardAuth(config: Record<string, unknown>): boolean {
  const basic = getPath(config, 'dashboard.basic_auth');
  const basicSet =
    isRecord(basic) &&
    ['password', 'password_hash', 'secret', 'username'].some((key) => nonEmpty(basic[key]));
  const oauthSet = nonEmpty(getPath(config, 'dashboard.oauth.client_id'));
  const oidcSet =
    nonEmpty(getPath(config, 'dashboard.oidc.issuer')) ||
    nonEmpty(getPath(config, 'dashboard.oidc.client_id'));
  return basicSet || oauthSet || oidcSet;
}

/**
 * Builds the summary (pure) of what Hermes's `load_config()` reports: the file merged over the
 * `DEFAULT_CONFIG` of `hermesVersion` (defaults/), with `defaulted` naming the fields that came from it.
 * `_config_version` is taken from the file alone: save_config always keeps it, so its absence is news.
 */
export function summarizeConfig(
  userConfig: Record<string, unknown>,
  hermesVersion: string | null = null,
): ConfigSummary {
  const merged = effectiveConfig(userConfig, hermesVersion);
  const config = merged.config;
  const version = userConfig._config_version;
  const toolsets = Array.isArray(config.toolsets) ? config.toolsets : [];
  return {
    configVersion: typeof version === 'number' && Number.isInteger(version) ? version : null,
    ...modelFields(config),
    fallbackChain: fallbackChain(config),
    approvalsMode: str(config, 'approvals.mode'),
    approvalsCronMode: str(config, 'approvals.cron_mode'),
    redactSecrets: bool(config, 'security.redact_secrets'),
    redactPii: bool(config, 'privacy.redact_pii'),
    tirithEnabled: bool(config, 'security.tirith_enabled'),
    toolsets: toolsets
      .map((t) => safeLabel(t, 64))
      .filter((t): t is string => t !== null)
      .slice(0, 50),
    terminalBackend: str(config, 'terminal.backend'),
    browserEngine: str(config, 'browser.engine'),
    webBackend: withEmptyAs(getPath(config, 'web.backend'), 'auto', null),
    memoryProvider: withEmptyAs(getPath(config, 'memory.provider'), 'builtin', 'builtin'),
    stateStoreBackend: stateStoreBackend(config),
    cronProvider: withEmptyAs(getPath(config, 'cron.provider'), 'builtin', 'builtin'),
    timezone: withEmptyAs(config.timezone, 'local', null),
    mcpServers: mcpServers(config),
    dashboardAuthConfigured: dashboardAuth(config),
    defaulted: DEFAULTED_FIELDS.filter(([, path]) => merged.defaultedPaths.has(path)).map(([field]) => field),
    defaultsVersion: merged.defaults.version,
  };
}
