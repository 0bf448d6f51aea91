/**
 * The exporter's per-instance config (YAML or JSON; YAML is a superset of JSON). It holds the seeds'
 * topology table for one instance: codename, user, HERMES_HOME, units, dashboard port, backup repo,
 * timers. Examples: docs/examples/exporter-vijay.yaml, docs/examples/exporter-bheem.yaml.
 */
import { z } from 'zod';
import { alertsConfigSchema } from './alerts/alerts-config.js';

const unitName = z
  .string()
  .regex(
    /^[A-Za-z0-9@._:-]+\.(service|timer|socket|target|path)$/,
    'must be a systemd unit name like name.service',
  );

/** Which systemd manager owns a unit: the system manager, or the user manager of the user the exporter runs as. */
const scopeSchema = z.enum(['system', 'user'], { error: 'must be system or user' });

/**
 * A unit: its name alone (owned by the manager in `systemd.scope`), or `{ name, scope }` for a unit that
 * another manager owns. Bheem's gateway is a user unit while its dashboard and backup timer are system
 * units (docs/adr/0006-per-unit-systemd-scope.md).
 */
export const unitRefSchema = z.union([unitName, z.object({ name: unitName, scope: scopeSchema }).strict()], {
  error: 'must be a unit name like name.service, or { name: name.service, scope: system | user }',
});
export type UnitRef = z.infer<typeof unitRefSchema>;

export const exporterConfigSchema = z
  .object({
    instance: z.object({
      id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _ only'),
      label: z.string().min(1),
    }),
    /** The instance's HERMES_HOME, e.g. /root/.hermes. */
    hermesHome: z.string().min(1),
    /** Hermes code checkout (for version/HEAD). Default: <hermesHome>/hermes-agent, then /usr/local/lib/hermes-agent. */
    installDir: z.string().min(1).optional(),
    /** Where snapshot.json and history live, e.g. /var/lib/hermes-exporter/vijay. */
    outDir: z.string().min(1),
    intervalSeconds: z.number().int().min(10).max(3600).default(60),
    /** Host label shown in commands (e.g. the Tailscale name or IP). */
    host: z.string().min(1).optional(),
    systemd: z
      .object({
        /** The manager asked for units given by name alone (and the instance's scope in the snapshot). */
        scope: scopeSchema.default('system'),
        gatewayUnit: unitRefSchema.optional(),
        dashboardUnit: unitRefSchema.optional(),
        backupTimer: unitRefSchema.optional(),
        watchdogUnit: unitRefSchema.optional(),
        /** Root only: the timer that uploads encrypted emergency bundles to Drive. */
        emergencyUploadTimer: unitRefSchema.optional(),
        extraUnits: z.array(unitRefSchema).default([]),
      })
      .default({ scope: 'system', extraUnits: [] }),
    dashboard: z.object({ port: z.number().int().min(1).max(65535) }).optional(),
    backup: z
      .object({
        /** Local git repo holding the sanitised backup. */
        repo: z.string().min(1),
        /** Folder inside the repo holding the restorable HERMES_HOME copy. Default: auto-detect. */
        payloadDir: z.string().optional(),
      })
      .optional(),
    recovery: z
      .object({
        /** A file whose mtime (or ISO content) records the last restore drill. */
        restoreDrillMarker: z.string().optional(),
        /** Google OAuth token JSON; only presence and expiry are read. */
        googleTokenFile: z.string().optional(),
      })
      .default({}),
    cron: z
      .object({
        /** Regexes (case-insensitive) recognising the backup-sync and watchdog jobs by name. */
        backupJobPattern: z.string().default('backup'),
        watchdogJobPattern: z.string().default('watchdog'),
        /** Seconds past next_run_at before a job counts as overdue. */
        overdueGraceSeconds: z.number().int().nonnegative().default(300),
      })
      .default({ backupJobPattern: 'backup', watchdogJobPattern: 'watchdog', overdueGraceSeconds: 300 }),
    host_probes: z
      .object({
        enabled: z.boolean().default(false),
        /** Extra mount points to report besides / and each Hermes home's filesystem. */
        disks: z.array(z.string()).default([]),
        /** Docker container names that must be running (e.g. caddy, gitea-npm-registry). */
        containers: z.array(z.string()).default([]),
        dockerSocket: z.string().default('/var/run/docker.sock'),
      })
      .default({ enabled: false, disks: [], containers: [], dockerSocket: '/var/run/docker.sock' }),
    history: z
      .object({
        maxBytes: z
          .number()
          .int()
          .min(64 * 1024)
          .max(10 * 1024 * 1024)
          .default(10 * 1024 * 1024),
      })
      .default({ maxBytes: 10 * 1024 * 1024 }),
    /** Write a Prometheus textfile-collector file here (optional). */
    prometheusFile: z.string().optional(),
    /** python3 used to read state.db when node:sqlite is unavailable. Default: Hermes's venv, then PATH. */
    python: z.string().optional(),
    /** Opt-in: include session titles in the recent-sessions list (off by default: titles are content). */
    includeTitles: z.boolean().default(false),
    /** VM-side alerts (`hermes-exporter alerts`, and Telegram path 2 when `alerts.telegram` is set). */
    alerts: alertsConfigSchema,
  })
  .strict();

export type ExporterConfig = z.infer<typeof exporterConfigSchema>;
export type ExporterConfigInput = z.input<typeof exporterConfigSchema>;
