/**
 * What every collector receives, and the one helper that turns a collector into a recorded probe.
 * Collectors never throw past `runProbe`: a failure yields the collector's "unknown" value and a probe
 * entry with the reason.
 */
import type { Probe } from '../../../common/contract/snapshot.js';
import type { ExporterConfig } from '../config.js';

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when killed by the timeout. */
  timedOut: boolean;
}

/**
 * Runs a subprocess (no shell) with a timeout. Injected so the run can count subprocesses (budget: at
 * most 4 per run) and tests can observe them.
 */
export type ExecFn = (
  file: string,
  args: string[],
  options?: { timeoutMs?: number; cwd?: string; env?: NodeJS.ProcessEnv; input?: string; maxBuffer?: number },
) => Promise<ExecResult>;

/** The exporter's own small persistent state (e.g. the secret-scan cache), kept in outDir/state.json. */
export interface ExporterState {
  secretScan?: { head: string; scannedAt: string; hits: { file: string; pattern: string }[] } | null;
  [key: string]: unknown;
}

export interface CollectContext {
  config: ExporterConfig;
  /** Frozen "now" for the whole run: every age is measured against it. */
  now: Date;
  hermesHome: string;
  /** Resolved install dir, or null if none was found. */
  installDir: string | null;
  exec: ExecFn;
  /** Read and write through `state`; the run loop persists it after collectors finish. */
  state: ExporterState;
  /** Root of /proc (tests point it at a fake tree). Default `/proc`. */
  procRoot: string;
  /** Environment (for XDG_RUNTIME_DIR etc.). */
  env: NodeJS.ProcessEnv;
}

/** Runs one collector, timing it and converting any throw into `fallback` plus a failed probe. */
export async function runProbe<T>(
  name: string,
  fn: () => Promise<T>,
  fallback: T,
): Promise<{ value: T; probe: Probe }> {
  const started = performance.now();
  try {
    const value = await fn();
    return { value, probe: { name, ok: true, error: null, ms: round(performance.now() - started) } };
  } catch (err) {
    return {
      value: fallback,
      probe: { name, ok: false, error: describeError(err), ms: round(performance.now() - started) },
    };
  }
}

/** A collector that half-succeeds can record a partial problem without throwing. */
export class ProbeError extends Error {}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // One line, bounded; collectors are responsible for not putting secrets in messages.
  return message.split('\n')[0]!.slice(0, 300);
}
