/**
 * Hermes's `DEFAULT_CONFIG` (hermes_cli/config.py) per Hermes version, for the keys the exporter reports.
 * Real config.yaml files hold only what differs from these: `save_config()` strips every value equal to
 * its default (`_strip_default_values`) and `load_config()` merges `DEFAULT_CONFIG` back in (`_deep_merge`).
 * So an absent key means "this version's default", not "unknown".
 *
 * Data only. test/unit/exporter/config-defaults.test.ts reads `DEFAULT_CONFIG` from a real Hermes source
 * tree (HERMES_SOURCE_DIR, or a fetched mirror holding these commits) and fails when a row here differs.
 * To add a version: copy its values from that test's output, newest last.
 */

/** The dotted config paths whose defaults are kept (the ones config-summary and memory read). */
export const DEFAULTED_PATHS = [
  'approvals.mode',
  'approvals.cron_mode',
  'approvals.timeout',
  'security.redact_secrets',
  'security.tirith_enabled',
  'privacy.redact_pii',
  'toolsets',
  'terminal.backend',
  'browser.engine',
  'web.backend',
  'timezone',
  'memory.provider',
  'memory.memory_char_limit',
  'memory.user_char_limit',
  'cron.provider',
] as const;
export type DefaultedPath = (typeof DEFAULTED_PATHS)[number];

export interface VersionDefaults {
  /** Hermes `__version__` of the tree the values were read from. */
  version: string;
  /** Upstream commit (NousResearch/hermes-agent) the values were read from. */
  commit: string;
  values: Record<DefaultedPath, unknown>;
}

const V0_18_2: VersionDefaults['values'] = {
  'approvals.mode': 'smart',
  'approvals.cron_mode': 'deny',
  'approvals.timeout': 60,
  'security.redact_secrets': true,
  'security.tirith_enabled': true,
  'privacy.redact_pii': false,
  toolsets: ['hermes-cli'],
  'terminal.backend': 'local',
  'browser.engine': 'auto',
  'web.backend': '',
  timezone: '',
  'memory.provider': '',
  'memory.memory_char_limit': 2200,
  'memory.user_char_limit': 1375,
  'cron.provider': '',
};

/** Oldest first. */
export const CONFIG_DEFAULTS: readonly VersionDefaults[] = [
  { version: '0.18.2', commit: '7a43ab042f65', values: V0_18_2 },
  // 0.19.0 raised the approval prompt timeout from 60 to 300 s.
  { version: '0.19.0', commit: 'f228e145b', values: { ...V0_18_2, 'approvals.timeout': 300 } },
  // 0.21.3 moved DEFAULT_CONFIG to hermes_cli/config_defaults.py; these keys are as in 0.19.0.
  { version: '0.21.3', commit: '00067189dfec', values: { ...V0_18_2, 'approvals.timeout': 300 } },
];
