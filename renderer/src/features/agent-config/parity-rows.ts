/**
 * The parity table: the same settings read from each instance, with rows that differ flagged. Pure.
 * Unknown (null) values count as different from a known value: parity you cannot see is not parity.
 * Parity compares values only: a Hermes default equals an explicit setting of the same value; which
 * values are defaults (`config.defaulted`) is shown beside them, not compared.
 */
import type { Snapshot } from '../../../../common/contract/snapshot.js';

type ConfigField = keyof Snapshot['config'];

export interface ParityRow {
  key: string;
  label: string;
  group: 'Model' | 'Safety' | 'Tools' | 'Versions' | 'Runtime';
  values: string[];
  /**
   * Per snapshot: true when the exporter reports the value as the Hermes default (not in config.yaml),
   * false when it does not, null when unknown (an older exporter, no data, or a row not from config.yaml).
   */
  defaulted: (boolean | null)[];
  differs: boolean;
}

type Getter = (s: Snapshot) => string | number | boolean | null | string[];

const ROWS: { key: string; label: string; group: ParityRow['group']; get: Getter }[] = [
  { key: 'model', label: 'Default model', group: 'Model', get: (s) => s.config.modelDefault },
  { key: 'provider', label: 'Provider', group: 'Model', get: (s) => s.config.modelProvider },
  { key: 'baseUrl', label: 'Model endpoint host', group: 'Model', get: (s) => s.config.modelBaseUrlHost },
  {
    key: 'fallback',
    label: 'Fallback chain',
    group: 'Model',
    get: (s) => s.config.fallbackChain.map((f) => `${f.provider ?? '?'}/${f.model ?? '?'}`),
  },
  { key: 'approvals', label: 'Approvals', group: 'Safety', get: (s) => s.config.approvalsMode },
  {
    key: 'approvalsCron',
    label: 'Approvals (cron)',
    group: 'Safety',
    get: (s) => s.config.approvalsCronMode,
  },
  { key: 'redactSecrets', label: 'Redact secrets', group: 'Safety', get: (s) => s.config.redactSecrets },
  { key: 'redactPii', label: 'Redact PII', group: 'Safety', get: (s) => s.config.redactPii },
  { key: 'tirith', label: 'Tirith', group: 'Safety', get: (s) => s.config.tirithEnabled },
  {
    key: 'dashboardAuth',
    label: 'Dashboard auth',
    group: 'Safety',
    get: (s) => s.config.dashboardAuthConfigured,
  },
  { key: 'toolsets', label: 'Toolsets', group: 'Tools', get: (s) => [...s.config.toolsets].sort() },
  {
    key: 'mcp',
    label: 'MCP servers',
    group: 'Tools',
    get: (s) => s.config.mcpServers.map((m) => `${m.name}${m.enabled === false ? ' (off)' : ''}`).sort(),
  },
  { key: 'terminal', label: 'Terminal backend', group: 'Tools', get: (s) => s.config.terminalBackend },
  { key: 'browser', label: 'Browser engine', group: 'Tools', get: (s) => s.config.browserEngine },
  { key: 'web', label: 'Web backend', group: 'Tools', get: (s) => s.config.webBackend },
  { key: 'memory', label: 'Memory provider', group: 'Runtime', get: (s) => s.config.memoryProvider },
  { key: 'stateStore', label: 'State store', group: 'Runtime', get: (s) => s.config.stateStoreBackend },
  { key: 'cronProvider', label: 'Cron provider', group: 'Runtime', get: (s) => s.config.cronProvider },
  { key: 'timezone', label: 'Time zone', group: 'Runtime', get: (s) => s.config.timezone },
  { key: 'hermesVersion', label: 'Hermes version', group: 'Versions', get: (s) => s.hermes.version },
  { key: 'gitHead', label: 'Hermes git HEAD', group: 'Versions', get: (s) => s.hermes.gitHead },
  { key: 'configVersion', label: 'Config version', group: 'Versions', get: (s) => s.config.configVersion },
  { key: 'exporter', label: 'Exporter version', group: 'Versions', get: (s) => s.exporterVersion },
];

/** The config summary field behind a row, as `config.defaulted` names it. */
const CONFIG_FIELD: Partial<Record<string, ConfigField>> = {
  model: 'modelDefault',
  provider: 'modelProvider',
  baseUrl: 'modelBaseUrlHost',
  fallback: 'fallbackChain',
  approvals: 'approvalsMode',
  approvalsCron: 'approvalsCronMode',
  redactSecrets: 'redactSecrets',
  redactPii: 'redactPii',
  tirith: 'tirithEnabled',
  dashboardAuth: 'dashboardAuthConfigured',
  toolsets: 'toolsets',
  mcp: 'mcpServers',
  terminal: 'terminalBackend',
  browser: 'browserEngine',
  web: 'webBackend',
  memory: 'memoryProvider',
  stateStore: 'stateStoreBackend',
  cronProvider: 'cronProvider',
  timezone: 'timezone',
  configVersion: 'configVersion',
};

function show(v: ReturnType<Getter>): string {
  if (v === null || v === undefined) return 'unknown';
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.join(', ');
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  return String(v);
}

/** One row per setting; `differs` only when at least two snapshots are compared. */
export function parityRows(snapshots: (Snapshot | null)[]): ParityRow[] {
  return ROWS.map((r) => {
    const values = snapshots.map((s) => (s ? show(r.get(s)) : 'no data'));
    const defaulted = snapshots.map((s) => {
      const list = s?.config.defaulted;
      const field = CONFIG_FIELD[r.key];
      return field && list ? list.includes(field) : null;
    });
    const differs = values.length > 1 && new Set(values).size > 1;
    return { key: r.key, label: r.label, group: r.group, values, defaulted, differs };
  });
}
