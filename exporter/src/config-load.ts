/**
 * Turns a config file (YAML or JSON) or command-line flags into a validated {@link ExporterConfig}.
 * Errors are values naming the field (zod issue path) or the flag, so a person can fix them at a glance.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { exporterConfigSchema, type ExporterConfig, type ExporterConfigInput } from './config.js';
import { boundedNodeCount, parseYaml } from './lib/yaml.js';

/** A real config has a few dozen nodes; far more means a mistake or an alias bomb (zod would walk every copy). */
const MAX_CONFIG_NODES = 5000;

export type ConfigErrorCode = 'CONFIG_UNREADABLE' | 'CONFIG_PARSE' | 'CONFIG_INVALID';
export type ConfigResult =
  { ok: true; config: ExporterConfig } | { ok: false; error: { code: ConfigErrorCode; message: string } };

/** The values the single-instance flags can set (everything else takes the schema's defaults). */
export interface ConfigFlags {
  instance?: string;
  label?: string;
  hermesHome?: string;
  out?: string;
  installDir?: string;
  systemdScope?: string;
  host?: string;
  hostProbes?: boolean;
  interval?: string;
  gatewayUnit?: string;
  dashboardUnit?: string;
  dashboardPort?: string;
  backupRepo?: string;
  backupTimer?: string;
  prometheusFile?: string;
}

/** Which flag sets which config field, used to name the flag in error messages. */
const FLAG_FOR_PATH: Record<string, string> = {
  'instance.id': '--instance',
  'instance.label': '--label',
  hermesHome: '--hermes-home',
  outDir: '--out',
  installDir: '--install-dir',
  'systemd.scope': '--systemd-scope',
  host: '--host',
  intervalSeconds: '--interval',
  'systemd.gatewayUnit': '--gateway-unit',
  'systemd.dashboardUnit': '--dashboard-unit',
  'dashboard.port': '--dashboard-port',
  'backup.repo': '--backup-repo',
  'systemd.backupTimer': '--backup-timer',
  prometheusFile: '--prometheus-file',
};

/** Reads and validates a config file. Relative paths inside it are taken relative to the file's folder. */
export function loadConfigFile(file: string): ConfigResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return fail(
      'CONFIG_UNREADABLE',
      `cannot read config ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    return fail('CONFIG_PARSE', `config ${file} is not valid YAML/JSON: ${(err as Error).message}`);
  }
  if (boundedNodeCount(raw, MAX_CONFIG_NODES) > MAX_CONFIG_NODES) {
    return fail('CONFIG_PARSE', `config ${file} has more than ${MAX_CONFIG_NODES} values (aliases included)`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('CONFIG_INVALID', `config ${file} must be a mapping (instance:, hermesHome:, outDir: …)`);
  }
  const parsed = exporterConfigSchema.safeParse(raw);
  if (!parsed.success) {
    return fail(
      'CONFIG_INVALID',
      `config ${file}: ${formatIssues(parsed.error.issues, (p) => `field ${p}`)}`,
    );
  }
  return { ok: true, config: resolvePaths(parsed.data, dirname(resolve(file))) };
}

/** Builds a config from the single-instance flags (`--instance`, `--hermes-home`, `--out`, …). */
export function configFromFlags(flags: ConfigFlags, cwd = process.cwd()): ConfigResult {
  const missing = (['instance', 'hermesHome', 'out'] as const).filter((k) => !flags[k]);
  if (missing.length > 0) {
    const names = missing.map(
      (k) => ({ instance: '--instance', hermesHome: '--hermes-home', out: '--out' })[k],
    );
    return fail('CONFIG_INVALID', `missing ${names.join(', ')} (or use --config <file>)`);
  }
  const input: ExporterConfigInput = {
    instance: { id: flags.instance!, label: flags.label ?? flags.instance! },
    hermesHome: flags.hermesHome!,
    outDir: flags.out!,
    systemd: {
      scope: flags.systemdScope as 'system' | 'user' | undefined,
      gatewayUnit: flags.gatewayUnit,
      dashboardUnit: flags.dashboardUnit,
      backupTimer: flags.backupTimer,
    },
  };
  if (flags.installDir !== undefined) input.installDir = flags.installDir;
  if (flags.host !== undefined) input.host = flags.host;
  if (flags.prometheusFile !== undefined) input.prometheusFile = flags.prometheusFile;
  if (flags.interval !== undefined) input.intervalSeconds = Number(flags.interval);
  if (flags.dashboardPort !== undefined) input.dashboard = { port: Number(flags.dashboardPort) };
  if (flags.backupRepo !== undefined) input.backup = { repo: flags.backupRepo };
  if (flags.hostProbes) input.host_probes = { enabled: true };

  const parsed = exporterConfigSchema.safeParse(input);
  if (!parsed.success) {
    return fail(
      'CONFIG_INVALID',
      formatIssues(parsed.error.issues, (p) => FLAG_FOR_PATH[p] ?? `config field ${p}`),
    );
  }
  return { ok: true, config: resolvePaths(parsed.data, cwd) };
}

/** "field instance.id: lowercase letters…; field outDir: required" — at most five issues. */
export function formatIssues(issues: z.core.$ZodIssue[], name: (path: string) => string): string {
  issues = issues.flatMap(explainUnion);
  const parts = issues.slice(0, 5).map((i) => {
    const path = i.path.map(String).join('.') || '(root)';
    const extra = i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : '';
    return `${name(path)}: ${i.message}${extra}`;
  });
  if (issues.length > 5) parts.push(`… and ${issues.length - 5} more`);
  return parts.join('; ');
}

/**
 * A union (a unit given as a name or as `{ name, scope }`) reports "none of the forms matched". When the
 * value clearly meant one form (it has that form's type), that form's own issues say more: `scope` must be
 * system or user, not "invalid input". Otherwise the union's message lists the accepted forms.
 */
function explainUnion(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const meant = issue.errors.filter(
    (branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  if (meant.length !== 1) return [issue];
  return meant[0]!.flatMap((i) =>
    explainUnion({ ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue),
  );
}

function resolvePaths(config: ExporterConfig, base: string): ExporterConfig {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  const out: ExporterConfig = { ...config, hermesHome: abs(config.hermesHome), outDir: abs(config.outDir) };
  if (config.installDir) out.installDir = abs(config.installDir);
  if (config.prometheusFile) out.prometheusFile = abs(config.prometheusFile);
  if (config.backup) out.backup = { ...config.backup, repo: abs(config.backup.repo) };
  return out;
}

function fail(code: ConfigErrorCode, message: string): ConfigResult {
  return { ok: false, error: { code, message } };
}
